// Private state of exocore::Env, shared by env.cpp and env_step.cpp.
#pragma once

#include <array>
#include <dart/dynamics/BodyNode.hpp>
#include <random>
#include <vector>

#include "exocore/balance.hpp"
#include "exocore/env.hpp"

namespace exocore {

namespace env_detail {
constexpr std::size_t kDelayCapacity = 16;  // up to 150 ms of latency at 100 Hz
using ImuSample = std::array<double, 4>;    // angle L, angle R, velocity L, velocity R

// Sagittal angle of a body whose -y axis points along the segment, with the model's
// sign convention (positive = distal end backwards = extension): Rx(t) (0,-1,0) =
// (0, -cos t, -sin t).
inline double sagittal_angle(const dart::dynamics::BodyNode& body) {
  const Eigen::Vector3d down = body.getWorldTransform().linear() * Eigen::Vector3d(0, -1, 0);
  return std::atan2(-down.z(), -down.y());
}
}  // namespace env_detail

struct Env::Impl {
  using ImuSample = env_detail::ImuSample;
  MuscleKinematics kinematics;
  MuscleForces forces;
  Eigen::VectorXd passive_torque, desired_accel, desired_torque, strap_torque_human;
  Eigen::VectorXd strap_torque_exo, ref_q, ref_dq;
  Eigen::VectorXd pd_kp, pd_kd;  // per dof, root's 6 zero (config.human_pd x scale)
  // J_ext^T F_ext of the last substep: ground, hard limits, straps (soft limits act
  // inside the implicit solve instead)
  Eigen::VectorXd external_torque;
  Eigen::VectorXd joint_passive;  // soft-limit torque of the last PD solve
  // Virtual pelvis support (tests, training curriculum): its wrench, and its gains now.
  Eigen::Matrix<double, 6, 1> support = Eigen::Matrix<double, 6, 1>::Zero();
  double support_stiffness = 0.0, support_rotational_stiffness = 0.0;
  BalanceBodies balance_bodies;
  BalanceReference balance_reference;  // empty unless config.balance.enabled
  SecondOrderLowPass filter;
  std::array<double, 2> hip_rom{};  // reference range of each hip flexion dof [rad]
  double support_force_sum = 0.0, support_torque_sum = 0.0;
  double joint_torque_sum = 0.0, reserve_torque_sum = 0.0;
  std::array<ExoActuatorState, 2> actuator{};
  std::array<double, 2> exo_target{};
  DelayLine<ImuSample, env_detail::kDelayCapacity> imu_delay;
  std::array<ImuSample, 4> imu_history{};              // newest first
  std::array<std::array<double, 2>, 3> exo_actions{};  // a_t, a_{t-1}, a_{t-2}
  double motor_strength = 1.0;
  double power_sum = 0.0, activation_sq_sum = 0.0;
  int power_samples = 0;
  bool safety_cut = false;
  std::normal_distribution<double> noise{0.0, 1.0};
  // Nominal exo inertial properties (randomisation scales these).
  std::vector<double> exo_mass;
  std::vector<Eigen::Vector3d> exo_com;
  std::vector<Eigen::Matrix3d> exo_inertia;
};

}  // namespace exocore
