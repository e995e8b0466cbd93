#include "exocore/batch.hpp"

#include <algorithm>
#include <dart/dynamics/Skeleton.hpp>
#include <stdexcept>
#include <thread>

namespace exocore {

std::uint64_t env_seed(std::uint64_t seed, std::uint64_t index) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (index + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

BatchEnv::BatchEnv(std::shared_ptr<const EnvModel> model, int num_envs, std::uint64_t seed,
                   int num_threads)
    : model_(std::move(model)) {
  if (num_envs < 1) throw std::invalid_argument("num_envs must be >= 1");
  if (num_threads < 1) throw std::invalid_argument("num_threads must be >= 1");
  num_threads_ = std::min(num_threads, num_envs);
  for (int i = 0; i < num_envs; ++i) {
    envs_.push_back(std::make_unique<Env>(model_, env_seed(seed, static_cast<std::uint64_t>(i))));
  }
  human_action_size_ = static_cast<int>(envs_.front()->human().getNumDofs()) - 6;
  const auto n = static_cast<std::size_t>(num_envs);
  const auto h = static_cast<std::size_t>(human_obs_size());
  BatchBuffers& b = buffers_;
  b.human_obs.assign(n * h, 0.0);
  b.final_human_obs.assign(n * h, 0.0);
  b.exo_obs.assign(n * 16, 0.0);
  b.final_exo_obs.assign(n * 16, 0.0);
  b.reward_terms.assign(n * kNumRewardTerms, 0.0);
  b.human_reward.assign(n, 0.0);
  b.exo_reward.assign(n, 0.0);
  b.exo_power.assign(n, 0.0);
  b.support_force.assign(n, 0.0);
  b.support_torque.assign(n, 0.0);
  b.joint_torque.assign(n, 0.0);
  b.reserve_torque.assign(n, 0.0);
  b.exo_torque.assign(2 * n, 0.0);
  for (auto* flags : {&b.terminated, &b.truncated, &b.diverged, &b.safety_cut, &b.tuple_ready}) {
    flags->assign(n, 0);
  }
  b.human_decision.assign(n, 1);
  for (int i = 0; i < num_envs; ++i) write_outputs(i);
}

void BatchEnv::reset(std::uint64_t seed) {
  for (std::size_t i = 0; i < envs_.size(); ++i) {
    envs_[i]->reset(env_seed(seed, static_cast<std::uint64_t>(i)));
    write_outputs(static_cast<int>(i));
    buffers_.human_decision[i] = 1;
  }
}

void BatchEnv::set_pelvis_support(double stiffness, double rotational_stiffness) {
  for (auto& env : envs_) env->set_pelvis_support(stiffness, rotational_stiffness);
}

bool BatchEnv::set_muscle_network(const float* parameters, std::size_t count) {
  auto network = std::make_shared<MuscleNetwork>();
  if (!mlp::load_parameters(*network, parameters, count)) return false;
  for (auto& env : envs_) env->set_muscle_network(network);
  return true;
}

void BatchEnv::write_outputs(int i) {
  const Env& env = *envs_[static_cast<std::size_t>(i)];
  const auto u = static_cast<std::size_t>(i);
  const auto h = static_cast<std::size_t>(human_obs_size());
  env.human_observation(&buffers_.human_obs[u * h]);
  env.exo_observation(&buffers_.exo_obs[u * 16]);
}

void BatchEnv::step_range(int begin, int end, const double* human_actions,
                          const double* exo_actions) {
  BatchBuffers& b = buffers_;
  const auto h = static_cast<std::size_t>(human_obs_size());
  const auto na = static_cast<std::size_t>(human_action_size_);
  for (int i = begin; i < end; ++i) {
    const auto u = static_cast<std::size_t>(i);
    Env& env = *envs_[u];
    env.step(human_actions + u * na, exo_actions + u * 2);
    const StepResult& r = env.result();
    const RewardTerms& t = r.terms;
    const double terms[kNumRewardTerms] = {t.pose, t.root, t.cop, t.muscle, t.energy, t.smooth};
    std::copy(terms, terms + kNumRewardTerms, &b.reward_terms[u * kNumRewardTerms]);
    b.human_reward[u] = r.human_reward;
    b.exo_reward[u] = r.exo_reward;
    b.exo_power[u] = r.exo_power;
    b.support_force[u] = r.support_force;
    b.support_torque[u] = r.support_torque;
    b.joint_torque[u] = r.joint_torque;
    b.reserve_torque[u] = r.reserve_torque;
    b.exo_torque[2 * u] = r.exo_torque[0];
    b.exo_torque[2 * u + 1] = r.exo_torque[1];
    b.terminated[u] = r.terminated;
    b.truncated[u] = r.truncated;
    b.diverged[u] = r.diverged;
    b.safety_cut[u] = r.safety_cut;
    b.tuple_ready[u] = r.tuple_ready;
    b.human_decision[u] = r.human_decision;
    if (r.terminated || r.truncated) {
      env.human_observation(&b.final_human_obs[u * h]);
      env.exo_observation(&b.final_exo_obs[u * 16]);
      env.reset();
      b.human_decision[u] = 1;
    }
    write_outputs(i);
  }
}

void BatchEnv::run_parallel(void (BatchEnv::*work)(int, int, const double*, const double*),
                            const double* a, const double* b) {
  const int n = num_envs();
  const int threads = num_threads_;
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) {
    const int begin = n * t / threads, end = n * (t + 1) / threads;
    pool.emplace_back([=] { (this->*work)(begin, end, a, b); });
  }
  (this->*work)(0, n / threads, a, b);
  for (auto& thread : pool) thread.join();
}

void BatchEnv::step(const double* human_actions, const double* exo_actions) {
  run_parallel(&BatchEnv::step_range, human_actions, exo_actions);
}

}  // namespace exocore
