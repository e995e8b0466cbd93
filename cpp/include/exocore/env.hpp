// One closed-loop human-exoskeleton environment (data: owns a DART world). A step
// is one exo control period (1/exo_hz): the exo policy acts every step, the human
// policy when `human_decision` says so (human_hz), physics at sim_hz.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "exocore/env_model.hpp"
#include "exocore/mlp.hpp"
#include "exocore/world.hpp"

namespace exocore {
struct StablePDInput;
}

namespace dart::dynamics {
class Skeleton;
}

namespace exocore {

/// The muscle-coordination network of the default model (paper: 512 x 256 x 256 x
/// 208): input [desired joint torques (50); passive muscle joint torques (50)], each
/// divided by kMuscleNetInputScale, output activations in [0, 1].
inline constexpr std::size_t kMuscleNetJointDofs = 50;
inline constexpr std::size_t kMuscleNetMuscles = 208;
inline constexpr float kMuscleNetInputScale = 100.0f;
using MuscleNetwork =
    mlp::Mlp<mlp::Dense<float, 2 * kMuscleNetJointDofs, 512, mlp::Relu>,
             mlp::Dense<float, 512, 256, mlp::Relu>, mlp::Dense<float, 256, 256, mlp::Relu>,
             mlp::Dense<float, 256, kMuscleNetMuscles, mlp::Sigmoid>>;

/// Reward terms of one step, each in [0, 1] (see RewardConfig).
struct RewardTerms {
  double pose = 0.0, root = 0.0, cop = 0.0, muscle = 0.0, energy = 0.0, smooth = 0.0;
};
inline constexpr int kNumRewardTerms = 6;

/// One muscle tuple for the muscle network's loss (paper eq. 11): all n_dofs wide.
struct MuscleTuple {
  Eigen::VectorXd desired_acceleration;  ///< q''_des
  Eigen::VectorXd desired_torque;        ///< M q''_des + c - external_torque
  Eigen::MatrixXd active_columns;        ///< n x m: r_j * F_active_j at unit activation
  Eigen::VectorXd passive_torque;        ///< sum_j r_j F_passive_j
  Eigen::VectorXd bias;                  ///< c (Coriolis, centrifugal, gravity)
  Eigen::VectorXd external_torque;       ///< J_ext^T F_ext: ground, joint limits, straps
  Eigen::MatrixXd mass_inverse;          ///< M^-1
};

/// What a step produced; the batch layer copies it into (N, .) arrays.
struct StepResult {
  RewardTerms terms;
  double human_reward = 0.0;  ///< w_p r_p + w_root r_root + w_cop r_cop
  double exo_reward = 0.0;    ///< w_m r_m + w_r r_r + w_as r_as + human terms
  bool terminated = false;    ///< fell or diverged
  bool truncated = false;     ///< time limit or end of the reference
  bool diverged = false;
  bool safety_cut = false;     ///< assistance zeroed by the range-of-motion cut-off
  bool human_decision = true;  ///< the next step reads a new human action
  bool tuple_ready = false;
  double exo_power = 0.0;              ///< mean |tau omega| over the step, both motors [W]
  double support_force = 0.0;          ///< mean test-only pelvis support force [N]
  double support_torque = 0.0;         ///< mean test-only pelvis support torque [N m]
  double joint_torque = 0.0;           ///< mean norm of the joint dofs' applied torque [N m]
  double reserve_torque = 0.0;         ///< mean norm of the reserve actuators' share of it [N m]
  std::array<double, 2> exo_torque{};  ///< last motor torques (left, right) [N m]
};

class Env {
 public:
  Env(std::shared_ptr<const EnvModel> model, std::uint64_t seed);
  ~Env();
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

  /// New episode; seeds the environment's generator when `seed` is given.
  void reset();
  void reset(std::uint64_t seed);
  /// human_action: n_dofs - 6 target offsets added to the reference [rad];
  /// exo_action: 2 hip target angles (left, right) [rad]. Non-finite actions end
  /// the episode as diverged. Resets automatically after a finished episode.
  void step(const double* human_action, const double* exo_action);

  void set_muscle_network(std::shared_ptr<const MuscleNetwork> network);
  /// The virtual pelvis support's gains from the next substep on [N/m, N m/rad]
  /// (EnvConfig.pelvis_support_*, where they start): a training curriculum lowers
  /// them to zero (Yu, Turk and Liu 2018's virtual assistant). Negative or
  /// non-finite gains raise std::invalid_argument.
  void set_pelvis_support(double stiffness, double rotational_stiffness);

  int human_obs_size() const;
  static constexpr int exo_obs_size() { return 16; }
  void human_observation(double* out) const;
  void exo_observation(double* out) const;
  const StepResult& result() const { return result_; }
  const MuscleTuple& tuple() const { return tuple_; }
  const Eigen::VectorXd& activations() const { return activation_; }
  /// Path lengths [m] and lengthening velocities [m/s] of the last substep.
  const Eigen::VectorXd& muscle_lengths() const;
  const Eigen::VectorXd& muscle_velocities() const;
  double time() const { return time_; }
  double reference_time() const { return start_time_ + time_; }
  dart::dynamics::Skeleton& human() { return *human_; }
  dart::dynamics::Skeleton* exo() { return exo_.get(); }
  int episode_steps() const { return steps_; }

 private:
  struct Impl;
  void substep(bool update_muscles, bool collect_tuple);
  void apply_randomization();
  void place_exo();
  void compute_desired_torques(double dt, bool support_on);
  void add_pelvis_support(StablePDInput& pd) const;
  void reference_at(double t, Eigen::VectorXd& q, Eigen::VectorXd& dq) const;
  /// The reference sample nearest to time t >= 0 (the last one past the clip's end).
  Eigen::Index reference_row(double t) const;
  void read_imu(std::array<double, 4>& sample);
  void finish_step();

  std::shared_ptr<const EnvModel> model_;
  std::unique_ptr<World> world_;
  std::shared_ptr<dart::dynamics::Skeleton> human_, exo_;
  std::shared_ptr<const MuscleNetwork> network_;
  std::vector<Muscle> muscles_;  ///< per-episode copy (randomised F_max)
  std::mt19937_64 rng_;
  std::unique_ptr<Impl> impl_;

  double time_ = 0.0, start_time_ = 0.0;
  int steps_ = 0;
  Eigen::VectorXd human_offset_, activation_;
  Eigen::VectorXd excitation_;  // the network's output under activation dynamics
  StepResult result_;
  MuscleTuple tuple_;
};

}  // namespace exocore
