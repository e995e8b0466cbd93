// Forces on bodies mapped to generalized forces with DART's world Jacobians, so a
// whole set of forces becomes one vector added per substep (no per-force
// BodyNode::addExtForce calls).
#pragma once

#include <Eigen/Core>

namespace dart::dynamics {
class BodyNode;
}

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

}  // namespace exocore
