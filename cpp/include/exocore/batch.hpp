// N environments stepped together on a few threads, results in contiguous (N, .)
// row-major arrays. Every environment owns its world and generator, so the
// results do not depend on the number of threads (bit for bit).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "exocore/env.hpp"

namespace exocore {

/// Outputs of the last step, one row per environment.
struct BatchBuffers {
  std::vector<double> human_obs;        ///< N x human_obs_size
  std::vector<double> exo_obs;          ///< N x 16
  std::vector<double> final_human_obs;  ///< N x human_obs_size: before an autoreset
  std::vector<double> final_exo_obs;    ///< N x 16
  std::vector<double> reward_terms;     ///< N x 6: pose, root, cop, muscle, energy, smooth
  std::vector<double> human_reward, exo_reward, exo_power, support_force, support_torque;  ///< N
  std::vector<double> joint_torque, reserve_torque;                                        ///< N
  std::vector<double> exo_torque;  ///< N x 2 (left, right)
  std::vector<std::uint8_t> terminated, truncated, diverged, safety_cut, human_decision,
      tuple_ready;  ///< N
};

class BatchEnv {
 public:
  /// Environment i is seeded with a hash of (seed, i).
  BatchEnv(std::shared_ptr<const EnvModel> model, int num_envs, std::uint64_t seed,
           int num_threads);
  int num_envs() const { return static_cast<int>(envs_.size()); }
  int num_threads() const { return num_threads_; }
  int human_obs_size() const { return envs_.front()->human_obs_size(); }
  int human_action_size() const { return human_action_size_; }

  /// Resets every environment (reseeding from `seed` like the constructor).
  void reset(std::uint64_t seed);
  /// human_actions: N x (n_dofs - 6), exo_actions: N x 2, row-major. A finished
  /// environment is reset within the same step; its last observation goes to the
  /// final_* buffers.
  void step(const double* human_actions, const double* exo_actions);
  /// Loads the muscle network from torch's parameters() order; false if the count
  /// does not match.
  bool set_muscle_network(const float* parameters, std::size_t count);
  /// Env::set_pelvis_support on every environment.
  void set_pelvis_support(double stiffness, double rotational_stiffness);

  const BatchBuffers& buffers() const { return buffers_; }
  Env& env(int i) { return *envs_.at(static_cast<std::size_t>(i)); }

 private:
  void run_parallel(void (BatchEnv::*work)(int, int, const double*, const double*), const double* a,
                    const double* b);
  void step_range(int begin, int end, const double* human_actions, const double* exo_actions);
  void write_outputs(int i);

  std::shared_ptr<const EnvModel> model_;
  std::vector<std::unique_ptr<Env>> envs_;
  int num_threads_ = 1;
  int human_action_size_ = 0;
  BatchBuffers buffers_;
};

/// Seed of environment `index` in a batch seeded with `seed` (SplitMix64).
std::uint64_t env_seed(std::uint64_t seed, std::uint64_t index);

}  // namespace exocore
