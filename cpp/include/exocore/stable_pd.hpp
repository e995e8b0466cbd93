// Stable PD (Tan, Liu & Turk 2011): a PD law evaluated at the next time step's state,
// q + dt q', with the damping on the next velocity q' + dt q'' and q'' solved from
// the dynamics. Stiff gains stay stable at explicit-integration time steps.
#pragma once

#include <Eigen/Core>

namespace dart::dynamics {
class Skeleton;
}

namespace exocore {

/// Inputs of one stable-PD evaluation for a skeleton with n dofs. A dof with zero
/// gains (an unactuated floating base) gets no torque.
struct StablePDInput {
  const Eigen::MatrixXd* mass = nullptr;  ///< M(q), n x n
  Eigen::VectorXd bias;                   ///< c(q, q'): Coriolis, centrifugal, gravity
  Eigen::VectorXd external;               ///< J_ext^T F_ext (e.g. last step's contacts)
  Eigen::VectorXd position_error;         ///< q_target - (q + dt q') per dof
  Eigen::VectorXd velocity_error;         ///< q'_target - q' per dof
  Eigen::VectorXd kp, kd;                 ///< per-dof gains [N m/rad], [N m s/rad]
  double dt = 0.0;
};

struct StablePDOutput {
  Eigen::VectorXd torque;        ///< tau; zero where both gains are zero
  Eigen::VectorXd acceleration;  ///< q'' = M^-1 (tau + external + joint_passive - bias)
  /// The skeleton's own joint springs and damping at q'' (articulated version only;
  /// zero in the dense one): -K (q + dt q' + dt^2 q'' - q0) - D (q' + dt q'').
  Eigen::VectorXd joint_passive;
};

/// tau = kp e_q + kd (e_v - dt q''), with (M + dt Kd) q'' = tau_pd + external - bias,
/// tau_pd = kp e_q + kd e_v. The acceleration returned is the one tau produces given
/// `external`, so tau and q'' are consistent: M q'' + c = tau + J^T F.
StablePDOutput stable_pd(const StablePDInput& in);

/// The same without forming M: DART's articulated-body forward dynamics treats joint
/// damping implicitly, (M + dt D) q'' = tau - D q' - c, so with D = Kd and tau =
/// tau_pd + external + Kd q' it solves the stable-PD system in O(n). `in.mass` and
/// `in.bias` are not used (DART computes them); the skeleton's time step must be dt.
/// Its own joint springs and damping (soft limits) act implicitly as in DART's step
/// and come back in `joint_passive`; its forces and damping are restored.
StablePDOutput stable_pd_articulated(dart::dynamics::Skeleton& skeleton, const StablePDInput& in);

}  // namespace exocore
