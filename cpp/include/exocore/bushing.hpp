// Linear bushing (paper eq. 5): translational and torsional springs and dampers
// between frame A fixed on one body (e.g. an exoskeleton strap) and frame B fixed on
// another (the wearer's segment).
//
// d = position of B's origin in frame A; theta = x-y-z body-fixed Euler angles of
// B's orientation relative to A. F = -(k d + c d'), tau = -(alpha theta + beta
// theta') act on B, equal and opposite on A, both at B's origin. The spring part is
// minus the gradient of V = 1/2 sum k_i d_i^2 + 1/2 sum alpha_i theta_i^2.
#pragma once

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <string>

namespace dart::dynamics {
class BodyNode;
}

namespace exocore {

struct BushingParams {
  Eigen::Vector3d stiffness = Eigen::Vector3d::Constant(1e4);             ///< k [N/m] per axis of A
  Eigen::Vector3d damping = Eigen::Vector3d::Constant(0.1);               ///< c [N s/m]
  Eigen::Vector3d rotational_stiffness = Eigen::Vector3d::Constant(1e3);  ///< alpha [N m/rad]
  Eigen::Vector3d rotational_damping = Eigen::Vector3d::Zero();           ///< beta [N m s/rad]
};

/// Frames of a bushing, each given in its body's frame.
struct BushingFrames {
  Eigen::Isometry3d on_a = Eigen::Isometry3d::Identity();
  Eigen::Isometry3d on_b = Eigen::Isometry3d::Identity();
};

/// Deflection, rates and the resulting wrench on body B (world coordinates; A gets
/// the negative of both at the same point).
struct BushingWrench {
  Eigen::Vector3d deflection = Eigen::Vector3d::Zero();  ///< d, in frame A
  Eigen::Vector3d deflection_rate = Eigen::Vector3d::Zero();
  Eigen::Vector3d angles = Eigen::Vector3d::Zero();  ///< theta (x-y-z body-fixed)
  Eigen::Vector3d angle_rates = Eigen::Vector3d::Zero();
  Eigen::Vector3d point = Eigen::Vector3d::Zero();   ///< B's origin, world
  Eigen::Vector3d force = Eigen::Vector3d::Zero();   ///< on B, world
  Eigen::Vector3d moment = Eigen::Vector3d::Zero();  ///< on B, world
  double potential_energy = 0.0;                     ///< J
};

/// x-y-z body-fixed Euler angles of R = Rx(t0) Ry(t1) Rz(t2).
Eigen::Vector3d euler_xyz(const Eigen::Matrix3d& rotation);

/// E(theta) with omega_A = E(theta) theta' (angular velocity of B relative to A,
/// in A's coordinates).
Eigen::Matrix3d euler_xyz_rate_matrix(const Eigen::Vector3d& angles);

BushingWrench evaluate_bushing(const BushingParams& params, const BushingFrames& frames,
                               const dart::dynamics::BodyNode& body_a,
                               const dart::dynamics::BodyNode& body_b);

/// Adds the bushing's wrench on B to gen_b and its reaction on A to gen_a; pass the
/// same vector twice when both bodies are in one skeleton.
void add_bushing_generalized_forces(const BushingWrench& wrench,
                                    const dart::dynamics::BodyNode& body_a,
                                    const dart::dynamics::BodyNode& body_b,
                                    Eigen::Ref<Eigen::VectorXd> gen_a,
                                    Eigen::Ref<Eigen::VectorXd> gen_b);

}  // namespace exocore
