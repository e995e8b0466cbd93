#include "exocore/body_forces.hpp"

#include <dart/dynamics/BodyNode.hpp>

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

}  // namespace exocore
