// Immutable description of one closed-loop human-exoskeleton environment: the
// models, the reference motion, rates, reward weights and randomisation ranges.
// Shared read-only by every environment of a batch (model vs data).
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "exocore/balance.hpp"
#include "exocore/bushing.hpp"
#include "exocore/exo_control.hpp"
#include "exocore/joint_limits.hpp"
#include "exocore/muscle_path.hpp"
#include "exocore/skeleton.hpp"

namespace exocore {

/// The paper's three experimental conditions.
enum class ExoCondition { NoExo, AssistOff, AssistOn };

/// How the human's desired accelerations become forces: through the muscles and
/// the muscle-coordination network (the method), or as ideal joint torques
/// (stage-0 training, and tests that isolate reference, contacts and PD).
/// Muscles: the muscle network's activations drive the joints (the paper).
/// JointTorques: the desired torques of eq. 10 act directly (no muscles).
/// MusclesWithReserves: the muscles act, and a reserve actuator at each joint dof adds
/// what they leave of the desired torque, bounded by reserve_torque_limit (OpenSim's
/// reserve actuators; Dembia et al. 2017 simulate ideal assistive devices this way).
enum class HumanActuation { Muscles, JointTorques, MusclesWithReserves };

/// A reference motion sampled at `rate`: positions and velocities (T x n_dofs of
/// the human, DART coordinates) and gait phase in [0, 1) per sample.
struct ReferenceMotion {
  double rate = 120.0;
  Eigen::MatrixXd positions;
  Eigen::MatrixXd velocities;
  Eigen::VectorXd phase;
};

/// A strap: a bushing between a frame on an exo body and one on a human body.
struct StrapSpec {
  std::string name;
  std::size_t exo_body = 0;
  std::size_t human_body = 0;
  BushingFrames frames;  ///< on_a: exo body frame, on_b: human body frame
  BushingParams params;
};

struct ExoSpec {
  SkeletonSpec skeleton;
  std::vector<StrapSpec> straps;
  std::array<std::size_t, 2> motor_dofs{};    ///< exo dofs of the left, right hip motors
  std::array<std::size_t, 2> thigh_bodies{};  ///< exo bodies with the thigh IMUs (left, right)
  ExoActuatorParams actuator;
};

/// Paper defaults: w_p 0.75, w_root 0.5, w_cop 0.2 (eqs. 7-9); w_m 0.5, w_as 0.2,
/// w_r 0.1 (eqs. 12-14). The sigmas are ours where the paper gives none.
struct RewardConfig {
  double w_pose = 0.75, w_root = 0.5, w_cop = 0.2;
  double w_muscle = 0.5, w_energy = 0.1, w_smooth = 0.2;
  double sigma_pose = 2.0;     ///< on sum of squared joint errors [rad^2]
  double sigma_root = 20.0;    ///< on squared pelvis position error [m^2] + orientation [rad^2]
  double sigma_cop = 10.0;     ///< paper eq. 9, on squared distance [m^2]
  double sigma_muscle = 20.0;  ///< on mean squared lower-limb activation
  double sigma_energy = 0.01;  ///< on exo mechanical power [W]
  double sigma_smooth = 10.0;  ///< on squared second difference of exo actions [rad^2]
};

/// Uniform ranges sampled per episode (DESIGN.md defaults, after a related code base
/// of the paper's lab; the paper's own Supplementary Table 3 is not public).
struct RandomizationConfig {
  bool enabled = false;
  std::array<double, 2> exo_mass_scale{0.8, 1.0};
  std::array<double, 2> exo_inertia_scale{0.8, 1.5};
  std::array<double, 2> exo_com_scale{0.9, 1.2};
  std::array<double, 2> motor_strength_scale{0.8, 1.2};
  std::array<double, 2> friction{0.9, 1.6};
  std::array<double, 2> latency_s{0.0, 0.04};
  std::array<double, 2> muscle_strength_scale{0.8, 1.2};  ///< lower-limb F_max
};

struct EnvConfig {
  double sim_hz = 600.0;   ///< physics substeps per second
  double exo_hz = 100.0;   ///< exo controller rate = environment step rate (paper)
  double human_hz = 30.0;  ///< human policy decisions per second
  int muscle_every = 2;    ///< substeps between muscle-network evaluations
  ExoCondition condition = ExoCondition::AssistOn;
  HumanActuation actuation = HumanActuation::JointTorques;
  /// With MusclesWithReserves: each reserve's magnitude bound [N m]; infinity = the
  /// muscles plus reserves produce exactly the desired torques.
  double reserve_torque_limit = std::numeric_limits<double>::infinity();
  /// Off (the paper, MASS): the muscle network's output is the activation. On: it is
  /// the excitation, and each muscle's activation follows it by Thelen 2003's
  /// activation dynamics (its tau_act, tau_deact) every substep.
  bool activation_dynamics = false;
  /// Paper eq. 10, tau = kp (q_ref + offset - q) - kv q' [N m/rad, N m s/rad],
  /// evaluated as stable PD. Default: MASS's kp 300, kv 2 sqrt(300) (Lee et al. 2019,
  /// the code base the paper builds on); the paper's kp 50 N m/rad lets the untrained
  /// 72 kg body fold in 0.3 s.
  PDGains human_pd{300.0, 34.64};
  /// Per joint dof (the human's dofs after the root's 6): kp and kv of that dof are
  /// human_pd's times scale and sqrt(scale) (the same damping ratio). Empty: all 1.
  Eigen::VectorXd human_pd_scale;
  /// Off (paper eq. 10): damping on q'. On: damping on q'_ref - q', so that ideal
  /// torques follow the reference without a policy (tests, stage-0 checks).
  bool human_pd_tracks_reference = false;
  /// Append the pelvis's position error to the reference's (world x, y, z) to the
  /// human's observation. The root reward r_root scores that error, but the kinematic
  /// state alone cannot show it (a walker 0.5 m ahead looks the same). Off = paper.
  bool human_obs_root_error = false;
  /// SIMBICON-style balance feedback on the hip targets (balance.hpp); off = paper.
  BalanceFeedbackConfig balance;
  /// The human's joint limits as implicit spring-dampers past the limit (default) or
  /// as DART's hard LCP constraints (one O(n) impulse pass per engaged dof and step).
  bool soft_joint_limits = true;
  SoftLimitParams joint_limits;
  double max_episode_s = 10.0;
  double fall_height_fraction = 0.6;  ///< done when the pelvis drops below this x reference
  double imu_noise_std = 0.0;         ///< rad and rad/s, added to thigh readings
  double safety_rom_fraction = 0.5;   ///< assist off when a hip leaves the reference ROM by this
  bool random_start = true;
  /// [s] into the reference where an episode starts when random_start is off (an
  /// evaluation's start phase); must lie before the reference's last sample
  double start_time = 0.0;
  RewardConfig reward;
  RandomizationConfig randomization;
  double ground_friction = 1.0;
  /// Virtual spring-dampers (critically damped) holding the pelvis on its reference
  /// position [N/m] and orientation [N m/rad]; 0 = off. Not physics: for tests and
  /// a training curriculum (Env::set_pelvis_support); evaluation keeps them off.
  double pelvis_support_stiffness = 0.0;
  double pelvis_support_rotational_stiffness = 0.0;
  int tuples_every_steps = 1;  ///< muscle tuples: one per this many env steps (0 = none)
};

/// Everything an environment needs; built once (from Python: exocore.models).
struct EnvModel {
  SkeletonSpec human;
  std::vector<Muscle> muscles;
  std::vector<bool> lower_limb;                   ///< per muscle: counted in r_m
  std::array<std::size_t, 2> hip_flexion_dofs{};  ///< human hip flexion dofs (left, right)
  std::array<std::size_t, 2> human_thighs{};      ///< human femurs (left, right): IMUs w/o exo
  bool has_exo = false;
  ExoSpec exo;
  ReferenceMotion reference;
  /// Static scenery on the level ground (a staircase): skeletons whose root is welded
  /// to the world.
  std::vector<SkeletonSpec> terrain;
  EnvConfig config;
};

/// Throws std::invalid_argument with a message naming the problem: rates that do
/// not divide, reference of the wrong width or too short, bad indices, ...
void validate_env_model(const EnvModel& model);

}  // namespace exocore
