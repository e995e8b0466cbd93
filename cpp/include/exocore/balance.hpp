// Balance feedback on the human's PD targets, after SIMBICON (Yin, Loken and van de
// Panne 2007) and virtual model control (Pratt 2001; Coros et al. 2010): the stance
// hips steer the pelvis orientation towards the reference's; the stance legs carry
// the body's weight as a virtual force J^T F through the point of the sole below the
// centre of mass (joint PD alone is softer than gravity's toppling, kp 300 < m g h ~ 700 N m/rad);
// and the swing hip moves the swing foot by c_d * (position error) + c_v * (velocity
// error) of the COM over the stance foot. Both act on the targets of eq. 10, so
// the policy's offsets stay on top and the muscles see ordinary desired torques. Off
// by default (the paper's method); training can turn it on to learn balance sooner.
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstddef>
#include <vector>

namespace dart::dynamics {
class Skeleton;
}

namespace exocore {

struct ReferenceMotion;

/// The sole point that carries a stance leg's virtual force: below the COM, kept
/// within this box around the ankle (forward z from heel to ball, sideways x) and
/// kSoleDepth below the ankle [m].
inline constexpr double kSoleBack = 0.05, kSoleFront = 0.15, kSoleSide = 0.04, kSoleDepth = 0.07;

/// Sole corners within this height of a foot's lowest corner can carry its contact [m].
inline constexpr double kSoleContactBand = 0.01;

struct BalanceFeedbackConfig {
  bool enabled = false;
  /// Share of the pelvis orientation error that the stance hips' targets absorb
  /// (1: a stance hip alone turns its PD into a pelvis-orientation PD of gain kp).
  double torso_gain = 1.0;
  double step_position_gain = 0.5;  ///< c_d [rad per m of COM-over-foot error]
  double step_velocity_gain = 0.5;  ///< c_v [rad per m/s of COM velocity error]
  double weight_support = 1.0;      ///< share of body weight the stance legs' J^T F carries
  /// [m/s] a reference foot is planted while one of its box corners near the ground
  /// (within kSoleContactBand of its lowest) moves slower than this
  double stance_speed = 0.3;
};

/// What the feedback needs from the reference, per sample (T rows): stance weights
/// (left, right; summing to 1, or 0 in flight; in double support the trailing foot's
/// share falls linearly to the leading one's), the horizontal world vector from each
/// foot (ankle) to the centre of mass (x, z left; x, z right) and the COM's
/// horizontal velocity.
struct BalanceReference {
  Eigen::MatrixXd stance;        ///< T x 2
  Eigen::MatrixXd foot_to_com;   ///< T x 4
  Eigen::MatrixXd com_velocity;  ///< T x 2 (x, z) [m/s]
};

/// Which bodies and dofs the feedback uses (left, right).
struct BalanceBodies {
  std::array<std::size_t, 2> thighs{};               ///< bodies below the hip ball joints
  std::array<std::size_t, 2> feet{};                 ///< bodies whose origin is the ankle
  std::array<std::size_t, 2> hip_dofs{};             ///< first dof of each hip ball joint
  std::array<std::vector<std::size_t>, 2> leg_dofs;  ///< hip to ankle dofs of each leg
};

/// Forward kinematics of every reference sample on `skeleton` (its state is changed).
BalanceReference make_balance_reference(dart::dynamics::Skeleton& skeleton,
                                        const ReferenceMotion& reference,
                                        const BalanceBodies& bodies, double stance_speed);

/// Rewrites the leg entries of `target` (all n dofs, joint targets of eq. 10) for the
/// skeleton's present state; `row` is the reference sample now, `ref_q` the
/// reference pose (its first 3 entries give the pelvis orientation), `kp` the per-dof PD
/// stiffness (all n dofs) that turns the virtual-force torques into target offsets.
void apply_balance_feedback(const BalanceFeedbackConfig& config, const BalanceReference& reference,
                            Eigen::Index row, const dart::dynamics::Skeleton& skeleton,
                            const BalanceBodies& bodies, const Eigen::VectorXd& ref_q,
                            const Eigen::VectorXd& kp, Eigen::VectorXd& target);

}  // namespace exocore
