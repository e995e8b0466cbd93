// Forces on bodies mapped to generalized forces with DART's world Jacobians, so a
// whole set of forces becomes one vector added per substep (no per-force
// BodyNode::addExtForce calls).
#pragma once

#include <Eigen/Core>
#include <vector>

namespace dart::dynamics {
class BodyNode;
class Skeleton;
}  // namespace dart::dynamics

namespace exocore {

/// Adds J^T s for a spatial force s = [moment about the body origin; force], both in
/// world coordinates (DART's [angular; linear] order), to the generalized forces of
/// the body's skeleton.
void add_spatial_force(const dart::dynamics::BodyNode& body,
                       const Eigen::Matrix<double, 6, 1>& spatial_force,
                       Eigen::Ref<Eigen::VectorXd> generalized_forces);

/// Adds a world force and moment acting on `body` at the world point `point`.
void add_body_wrench(const dart::dynamics::BodyNode& body, const Eigen::Vector3d& point,
                     const Eigen::Vector3d& force, const Eigen::Vector3d& moment,
                     Eigen::Ref<Eigen::VectorXd> generalized_forces);

/// World poses and Jacobians of every body of a skeleton at one state, copied out
/// of DART once so that many point forces (200 muscles x several path points) are
/// mapped with plain arithmetic instead of one DART call each.
struct BodyFrames {
  std::vector<Eigen::Matrix3d> rotation;
  std::vector<Eigen::Vector3d> origin;
  /// World Jacobian at the body origin, rows [angular; linear], one column per
  /// dependent dof; `dofs` holds those dofs' indices in the skeleton.
  std::vector<Eigen::Matrix<double, 6, Eigen::Dynamic>> jacobian;
  std::vector<std::vector<Eigen::Index>> dofs;
  /// World twist [angular; linear velocity of the origin] = jacobian * qdot.
  std::vector<Eigen::Matrix<double, 6, 1>> twist;
  Eigen::Index num_dofs = 0;
};

/// Fills `out` for the skeleton's current state, reusing its storage.
void capture_body_frames(const dart::dynamics::Skeleton& skeleton, BodyFrames& out);

/// Same as the BodyNode overload, from a snapshot.
inline void add_spatial_force(const BodyFrames& frames, std::size_t body,
                              const Eigen::Matrix<double, 6, 1>& spatial_force,
                              Eigen::Ref<Eigen::VectorXd> generalized_forces) {
  const auto& jac = frames.jacobian[body];
  const auto& dofs = frames.dofs[body];
  for (std::size_t k = 0; k < dofs.size(); ++k) {
    generalized_forces[dofs[k]] += jac.col(static_cast<Eigen::Index>(k)).dot(spatial_force);
  }
}

}  // namespace exocore
