// Polyline muscle paths: origin, via points and insertion, each fixed on a body.
//
// Generalized coordinates are DART's (velocity coordinates for ball and free
// joints), so "d/dq" below means the derivative along a generalized velocity:
// dl/dt = (dl/dq) . qdot. Moment arms are r = -dl/dq, and a tension F along the
// path produces generalized forces r * F = J_M^T f, f being the force on each path
// point (F times the unit vectors towards its neighbours).
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

#include "exocore/body_forces.hpp"
#include "exocore/muscle.hpp"

namespace dart::dynamics {
class Skeleton;
}

namespace exocore {

/// A point fixed on a body: the body's index in its skeleton, and the point in
/// that body's frame [m].
struct PathPoint {
  std::size_t body = 0;
  Eigen::Vector3d offset = Eigen::Vector3d::Zero();
};

/// One musculotendon unit: Hill parameters and its path (at least two points).
struct Muscle {
  std::string name;
  MuscleParams params;
  std::vector<PathPoint> path;
};

/// Throws std::invalid_argument naming the muscle and the problem when a path has
/// fewer than two points or refers to a body the skeleton does not have, or when a
/// parameter is not positive/finite where it must be.
void validate_muscle(const Muscle& muscle, const dart::dynamics::Skeleton& skeleton);

/// World positions of the path points, one per column (3 x k).
Eigen::Matrix3Xd path_points_world(const dart::dynamics::Skeleton& skeleton,
                                   const std::vector<PathPoint>& path);

/// Total polyline length [m].
double path_length(const dart::dynamics::Skeleton& skeleton, const std::vector<PathPoint>& path);

/// Stacked linear Jacobians of the path points in world coordinates (3k x n_dofs):
/// the J_M of the paper, so that J_M^T f maps point forces to generalized forces.
Eigen::MatrixXd path_point_jacobian(const dart::dynamics::Skeleton& skeleton,
                                    const std::vector<PathPoint>& path);

/// Forces on each path point (3k) of a path under unit tension: every segment pulls
/// its two ends towards each other.
Eigen::VectorXd path_point_unit_forces(const dart::dynamics::Skeleton& skeleton,
                                       const std::vector<PathPoint>& path);

/// Moment arms r = -dl/dq (n_dofs), computed from DART's body Jacobians.
Eigen::VectorXd moment_arms(const dart::dynamics::Skeleton& skeleton,
                            const std::vector<PathPoint>& path);

/// Length and lengthening velocity of many muscles at the current state, and how
/// each one pulls on the bodies: under unit tension muscle j exerts the spatial
/// forces unit_spatial_force[i] (world [moment about the body origin; force]) on
/// bodies spatial_body[i], for i in [spatial_begin[j], spatial_begin[j + 1]). Moment
/// arms and generalized forces follow from these with one Jacobian product per
/// body, so a substep never builds the n_dofs x m moment-arm matrix.
struct MuscleKinematics {
  Eigen::VectorXd length;    ///< m
  Eigen::VectorXd velocity;  ///< m/s, positive = lengthening
  std::vector<std::size_t> spatial_body;
  std::vector<Eigen::Matrix<double, 6, 1>> unit_spatial_force;
  std::vector<std::size_t> spatial_begin;  ///< m + 1 offsets
  BodyFrames body_frames;                  ///< the body snapshot these were computed from
};

/// Fills `out` for every muscle; reuses its storage (no allocation in a simulation
/// loop once sizes are settled).
void compute_muscle_kinematics(const dart::dynamics::Skeleton& skeleton,
                               const std::vector<Muscle>& muscles, MuscleKinematics& out);

/// Moment arms of all muscles, n_dofs x m, column j = r of muscle j (= -dl_j/dq).
Eigen::MatrixXd moment_arm_matrix(const MuscleKinematics& kinematics);

/// Force terms of many muscles, each a vector of length m.
struct MuscleForces {
  Eigen::VectorXd active_per_activation;  ///< N per unit activation
  Eigen::VectorXd passive;                ///< N
  Eigen::VectorXd tension;                ///< a * active + passive [N]
};

/// Hill forces from the kinematics and activations (length m, each clamped to [0, 1]).
void compute_muscle_forces(const std::vector<Muscle>& muscles, const MuscleKinematics& kinematics,
                           const Eigen::Ref<const Eigen::VectorXd>& activations, MuscleForces& out);

/// Generalized forces of all muscles, sum_j r_j tension_j (n_dofs), accumulated per
/// body and mapped with one Jacobian product per body.
Eigen::VectorXd muscle_generalized_forces(const MuscleKinematics& kinematics,
                                          const Eigen::Ref<const Eigen::VectorXd>& tension);

}  // namespace exocore
