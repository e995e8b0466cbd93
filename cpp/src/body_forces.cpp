#include "exocore/body_forces.hpp"

#include <dart/dynamics/BodyNode.hpp>
#include <dart/dynamics/Skeleton.hpp>

namespace exocore {

void add_spatial_force(const dart::dynamics::BodyNode& body,
                       const Eigen::Matrix<double, 6, 1>& spatial_force,
                       Eigen::Ref<Eigen::VectorXd> generalized_forces) {
  const dart::math::Jacobian& jac = body.getWorldJacobian();
  const std::size_t n = body.getNumDependentGenCoords();
  for (std::size_t k = 0; k < n; ++k) {
    generalized_forces[static_cast<Eigen::Index>(body.getDependentGenCoordIndex(k))] +=
        jac.col(static_cast<Eigen::Index>(k)).dot(spatial_force);
  }
}

void add_body_wrench(const dart::dynamics::BodyNode& body, const Eigen::Vector3d& point,
                     const Eigen::Vector3d& force, const Eigen::Vector3d& moment,
                     Eigen::Ref<Eigen::VectorXd> generalized_forces) {
  Eigen::Matrix<double, 6, 1> spatial;
  spatial.head<3>() = moment + (point - body.getWorldTransform().translation()).cross(force);
  spatial.tail<3>() = force;
  add_spatial_force(body, spatial, generalized_forces);
}

void capture_body_frames(const dart::dynamics::Skeleton& skeleton, BodyFrames& out) {
  const std::size_t n = skeleton.getNumBodyNodes();
  out.rotation.resize(n);
  out.origin.resize(n);
  out.jacobian.resize(n);
  out.dofs.resize(n);
  out.twist.resize(n);
  out.num_dofs = static_cast<Eigen::Index>(skeleton.getNumDofs());
  const Eigen::VectorXd& qdot = skeleton.getVelocities();
  for (std::size_t b = 0; b < n; ++b) {
    const dart::dynamics::BodyNode& body = *skeleton.getBodyNode(b);
    const Eigen::Isometry3d& pose = body.getWorldTransform();
    out.rotation[b] = pose.linear();
    out.origin[b] = pose.translation();
    out.jacobian[b] = body.getWorldJacobian();
    const std::size_t d = body.getNumDependentGenCoords();
    out.dofs[b].resize(d);
    for (std::size_t k = 0; k < d; ++k) {
      out.dofs[b][k] = static_cast<Eigen::Index>(body.getDependentGenCoordIndex(k));
    }
    out.twist[b].setZero();
    for (std::size_t k = 0; k < d; ++k) {
      out.twist[b] += out.jacobian[b].col(static_cast<Eigen::Index>(k)) * qdot[out.dofs[b][k]];
    }
  }
}

}  // namespace exocore
