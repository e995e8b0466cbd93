// Env::substep (physics at sim_hz) and Env::finish_step (observations, rewards,
// termination at exo_hz).
#include <algorithm>
#include <cmath>
#include <dart/collision/CollisionObject.hpp>
#include <dart/collision/CollisionResult.hpp>
#include <dart/dynamics/ShapeNode.hpp>
#include <dart/dynamics/Skeleton.hpp>
#include <dart/math/Geometry.hpp>
#include <dart/simulation/World.hpp>

#include "env_impl.hpp"
#include "exocore/body_forces.hpp"
#include "exocore/env_rewards.hpp"
#include "exocore/joint_limits.hpp"
#include "exocore/stable_pd.hpp"

namespace exocore {
namespace {

bool belongs_to(const dart::collision::CollisionObject* object,
                const dart::dynamics::Skeleton* skeleton) {
  const auto* node = object->getShapeFrame()->asShapeNode();
  return node && node->getBodyNodePtr()->getSkeleton().get() == skeleton;
}

}  // namespace

void Env::substep(bool update_muscles, bool collect_tuple) {
  const EnvConfig& cfg = model_->config;
  Impl& s = *impl_;
  const auto n = static_cast<Eigen::Index>(human_->getNumDofs());
  reference_at(start_time_ + world_->time(), s.ref_q, s.ref_dq);
  if (s.external_torque.size() != n) s.external_torque.setZero(n);
  const double dt = 1.0 / cfg.sim_hz;
  // Soft limits engage before the PD solve, so that its prediction and DART's step
  // see the same implicit limit springs.
  if (cfg.soft_joint_limits) update_soft_joint_limits(*human_, cfg.joint_limits, dt);
  const bool muscles = cfg.actuation != HumanActuation::JointTorques;
  const bool reserves = cfg.actuation == HumanActuation::MusclesWithReserves;
  const bool support_on = s.support_stiffness > 0.0 || s.support_rotational_stiffness > 0.0;
  // With muscles alone, the desired torques are read only by a network update and a
  // tuple.
  if (!muscles || reserves || (update_muscles && network_) || collect_tuple || support_on) {
    compute_desired_torques(dt, support_on);
  } else {
    s.support.setZero();
  }
  const Eigen::Matrix<double, 6, 1> support = s.support;
  s.support_torque_sum += support.head<3>().norm();
  s.support_force_sum += support.tail<3>().norm();

  Eigen::VectorXd tau = Eigen::VectorXd::Zero(n);
  if (muscles && cfg.activation_dynamics) {
    for (Eigen::Index j = 0; j < activation_.size(); ++j) {
      const MuscleParams& p = muscles_[static_cast<std::size_t>(j)].params;
      activation_[j] = integrate_activation(activation_[j], excitation_[j], dt, p);
    }
  }
  if (muscles || collect_tuple) {
    compute_muscle_kinematics(*human_, muscles_, s.kinematics);
    compute_muscle_forces(muscles_, s.kinematics, activation_, s.forces);
    s.passive_torque = muscle_generalized_forces(s.kinematics, s.forces.passive);
  }
  if (muscles) {
    if (update_muscles && network_) {
      std::array<float, 2 * kMuscleNetJointDofs> input{};
      std::array<float, kMuscleNetMuscles> output{};
      for (std::size_t i = 0; i < kMuscleNetJointDofs; ++i) {
        const auto dof = static_cast<Eigen::Index>(i + 6);
        input[i] = static_cast<float>(s.desired_torque[dof]) / kMuscleNetInputScale;
        input[kMuscleNetJointDofs + i] =
            static_cast<float>(s.passive_torque[dof]) / kMuscleNetInputScale;
      }
      mlp::forward(*network_, input.data(), output.data());
      // Under activation dynamics the output is the excitation the activations
      // follow from the next substep on; otherwise it is the activation now.
      Eigen::VectorXd& out = cfg.activation_dynamics ? excitation_ : activation_;
      for (std::size_t j = 0; j < kMuscleNetMuscles; ++j) {
        out[static_cast<Eigen::Index>(j)] = std::clamp(static_cast<double>(output[j]), 0.0, 1.0);
      }
      // Only the tension depends on activation; the Hill terms are unchanged.
      s.forces.tension =
          activation_.cwiseProduct(s.forces.active_per_activation) + s.forces.passive;
    }
    tau += muscle_generalized_forces(s.kinematics, s.forces.tension);
    if (reserves) {
      const double limit = cfg.reserve_torque_limit;
      const Eigen::VectorXd reserve =
          (s.desired_torque.tail(n - 6) - tau.tail(n - 6)).cwiseMax(-limit).cwiseMin(limit);
      tau.tail(n - 6) += reserve;
      s.reserve_torque_sum += reserve.norm();
    }
  } else {
    tau.tail(n - 6) = s.desired_torque.tail(n - 6);
  }
  s.joint_torque_sum += tau.tail(n - 6).norm();
  double lower_sq = 0.0;
  int lower_count = 0;
  for (Eigen::Index j = 0; j < activation_.size(); ++j) {
    if (model_->lower_limb[static_cast<std::size_t>(j)]) {
      lower_sq += activation_[j] * activation_[j];
      ++lower_count;
    }
  }
  s.activation_sq_sum += lower_count > 0 ? lower_sq / lower_count : 0.0;

  tau.head<6>() = support;

  s.strap_torque_human.setZero(n);
  if (exo_) {
    const auto ne = static_cast<Eigen::Index>(exo_->getNumDofs());
    s.strap_torque_exo.setZero(ne);
    const ExoSpec& spec = model_->exo;
    for (int side = 0; side < 2; ++side) {
      const auto dof = static_cast<Eigen::Index>(spec.motor_dofs[side]);
      const double angle = exo_->getPosition(static_cast<std::size_t>(dof));
      const double velocity = exo_->getVelocity(static_cast<std::size_t>(dof));
      double torque = 0.0;
      if (cfg.condition == ExoCondition::AssistOn) {
        const ExoActuatorOutput out = exo_actuator_step(spec.actuator, s.filter, s.actuator[side],
                                                        s.exo_target[side], angle, velocity);
        torque = s.safety_cut ? 0.0 : s.motor_strength * out.torque;
      }
      s.strap_torque_exo[dof] += torque;
      s.power_sum += std::abs(torque * velocity);
      result_.exo_torque[side] = torque;
    }
    ++s.power_samples;
    for (const StrapSpec& strap : spec.straps) {
      const auto& exo_body = *exo_->getBodyNode(strap.exo_body);
      const auto& human_body = *human_->getBodyNode(strap.human_body);
      const BushingWrench w = evaluate_bushing(strap.params, strap.frames, exo_body, human_body);
      add_bushing_generalized_forces(w, exo_body, human_body, s.strap_torque_exo,
                                     s.strap_torque_human);
    }
    exo_->setForces(s.strap_torque_exo);
  }

  if (collect_tuple) {
    tuple_.desired_acceleration = s.desired_accel;
    tuple_.desired_torque = s.desired_torque;
    tuple_.active_columns =
        moment_arm_matrix(s.kinematics) * s.forces.active_per_activation.asDiagonal();
    tuple_.passive_torque = s.passive_torque;
    tuple_.bias = human_->getCoriolisAndGravityForces();
    tuple_.external_torque = s.external_torque + s.joint_passive;
    tuple_.mass_inverse = human_->getInvMassMatrix();
    result_.tuple_ready = true;
  }
  human_->setForces(tau + s.strap_torque_human);
  world_->step();
  s.external_torque = human_->getConstraintForces() + s.strap_torque_human;
}

void Env::compute_desired_torques(double dt, bool support_on) {
  // Paper eq. 10: a PD law on the policy's targets gives the desired joint torques,
  // evaluated as stable PD (implicit in the damping) so that stiff gains survive
  // 600 Hz explicit steps (solved in O(n) by DART's articulated-body pass, without
  // the dense M); the unactuated root gets none. The desired accelerations
  // are what these torques produce with the external forces (ground, hard limits,
  // straps) of the previous substep and the soft limits (paper eq. 11's dynamics).
  const EnvConfig& cfg = model_->config;
  Impl& s = *impl_;
  const auto n = static_cast<Eigen::Index>(human_->getNumDofs());
  const Eigen::VectorXd& q = human_->getPositions();
  const Eigen::VectorXd& dq = human_->getVelocities();
  StablePDInput pd;
  pd.external = s.external_torque;
  Eigen::VectorXd target = s.ref_q;
  target.tail(n - 6) += human_offset_;
  if (cfg.balance.enabled) {
    apply_balance_feedback(cfg.balance, s.balance_reference,
                           reference_row(start_time_ + world_->time()), *human_, s.balance_bodies,
                           s.ref_q, s.pd_kp, target);
  }
  pd.position_error = Eigen::VectorXd::Zero(n);
  pd.position_error.tail(n - 6) = target.tail(n - 6) - q.tail(n - 6) - dt * dq.tail(n - 6);
  pd.velocity_error =
      cfg.human_pd_tracks_reference ? Eigen::VectorXd(s.ref_dq - dq) : Eigen::VectorXd(-dq);
  pd.kp = s.pd_kp;
  pd.kd = s.pd_kd;
  pd.dt = dt;
  if (support_on) add_pelvis_support(pd);  // tests and the training curriculum
  const StablePDOutput desired = stable_pd_articulated(*human_, pd);
  s.desired_accel = desired.acceleration;
  s.desired_torque = desired.torque;
  s.desired_torque.head<6>().setZero();  // the root's share is the virtual support
  s.support = desired.torque.head<6>();
  s.joint_passive = desired.joint_passive;
}

void Env::add_pelvis_support(StablePDInput& pd) const {
  // Gains on the root dofs of the stable PD: a critically damped spring pulling the
  // pelvis to its reference pose. DART's free joint takes body-frame wrenches and
  // velocities, so errors are expressed in the pelvis frame.
  const Impl& s = *impl_;
  const dart::dynamics::BodyNode* pelvis = human_->getBodyNode(0);
  const Eigen::Matrix3d rotation = pelvis->getWorldTransform().linear();
  const Eigen::Matrix3d ref_rotation = dart::math::expMapRot(s.ref_q.head<3>());
  const Eigen::VectorXd& q = human_->getPositions();
  const Eigen::VectorXd& dq = human_->getVelocities();
  const double dt = pd.dt;
  const double mass = human_->getMass();
  const double inertia = mass * 0.3 * 0.3;  // body mass at a 0.3 m radius of gyration
  const double k = s.support_stiffness, kr = s.support_rotational_stiffness;
  pd.kp.head<3>().setConstant(kr);
  pd.kd.head<3>().setConstant(2.0 * std::sqrt(kr * inertia));
  pd.kp.segment<3>(3).setConstant(k);
  pd.kd.segment<3>(3).setConstant(2.0 * std::sqrt(k * mass));
  pd.position_error.head<3>() =
      dart::math::logMap(rotation.transpose() * ref_rotation) - dt * dq.head<3>();
  pd.position_error.segment<3>(3) =
      rotation.transpose() * (s.ref_q.segment<3>(3) - q.segment<3>(3)) - dt * dq.segment<3>(3);
  const Eigen::Matrix3d relative = rotation.transpose() * ref_rotation;
  pd.velocity_error.head<3>() = relative * s.ref_dq.head<3>() - dq.head<3>();
  pd.velocity_error.segment<3>(3) = relative * s.ref_dq.segment<3>(3) - dq.segment<3>(3);
}

void Env::finish_step() {
  const EnvConfig& cfg = model_->config;
  Impl& s = *impl_;
  const auto n = static_cast<Eigen::Index>(human_->getNumDofs());

  // Thigh IMUs: latency, then the 4-sample history the exo policy sees.
  env_detail::ImuSample sample;
  read_imu(sample);
  push_sample(s.imu_delay, sample);
  for (std::size_t i = s.imu_history.size() - 1; i > 0; --i)
    s.imu_history[i] = s.imu_history[i - 1];
  s.imu_history[0] = delayed_sample(s.imu_delay);

  reference_at(start_time_ + time_, s.ref_q, s.ref_dq);
  const Eigen::VectorXd& q = human_->getPositions();
  // Safety: a hip more than safety_rom_fraction of its reference range away from
  // the reference cuts assistance for the next step.
  s.safety_cut = false;
  for (int side = 0; side < 2; ++side) {
    const auto dof = static_cast<Eigen::Index>(model_->hip_flexion_dofs[side]);
    s.safety_cut =
        s.safety_cut || std::abs(q[dof] - s.ref_q[dof]) > cfg.safety_rom_fraction * s.hip_rom[side];
  }
  result_.safety_cut = s.safety_cut && exo_ && cfg.condition == ExoCondition::AssistOn;

  // Reward terms.
  const RewardConfig& rc = cfg.reward;
  RewardTerms& t = result_.terms;
  t.pose = exp_reward((q.tail(n - 6) - s.ref_q.tail(n - 6)).squaredNorm(), rc.sigma_pose);
  t.root = exp_reward((q.head<6>() - s.ref_q.head<6>()).squaredNorm(), rc.sigma_root);
  std::vector<Eigen::Vector2d> points;
  std::vector<double> forces;
  for (const auto& contact : world_->dart_world().getLastCollisionResult().getContacts()) {
    const bool human1 = belongs_to(contact.collisionObject1, human_.get());
    const bool human2 = belongs_to(contact.collisionObject2, human_.get());
    if (human1 == human2) continue;
    points.emplace_back(contact.point.x(), contact.point.z());
    forces.push_back(std::max(std::abs(contact.force.y()), 1e-9));
  }
  t.cop = cop_reward(points, forces, rc.sigma_cop);
  const int substeps = std::max(1, static_cast<int>(std::lround(cfg.sim_hz / cfg.exo_hz)));
  t.muscle = exp_reward(s.activation_sq_sum / substeps, rc.sigma_muscle);
  result_.exo_power = s.power_samples > 0 ? s.power_sum / s.power_samples : 0.0;
  t.energy = exp_reward(result_.exo_power, rc.sigma_energy);
  double smooth = 0.0;
  for (int side = 0; side < 2; ++side) {
    const double d = s.exo_actions[0][side] - 2.0 * s.exo_actions[1][side] + s.exo_actions[2][side];
    smooth += d * d;
  }
  t.smooth = exp_reward(smooth, rc.sigma_smooth);
  const double human = rc.w_pose * t.pose + rc.w_root * t.root + rc.w_cop * t.cop;
  result_.human_reward = human;
  result_.exo_reward =
      human + rc.w_muscle * t.muscle + rc.w_energy * t.energy + rc.w_smooth * t.smooth;
  result_.support_force = s.support_force_sum / substeps;
  result_.support_torque = s.support_torque_sum / substeps;
  s.support_force_sum = s.support_torque_sum = 0.0;
  result_.joint_torque = s.joint_torque_sum / substeps;
  result_.reserve_torque = s.reserve_torque_sum / substeps;
  s.joint_torque_sum = s.reserve_torque_sum = 0.0;

  // Termination.
  // Pelvis height above the ground, against the reference's (same root offset).
  const double pelvis_height = human_->getBodyNode(0)->getWorldTransform().translation().y();
  const double reference_height = pelvis_height - q[4] + s.ref_q[4];
  if (pelvis_height < cfg.fall_height_fraction * reference_height) result_.terminated = true;
  const double clip_end =
      static_cast<double>(model_->reference.positions.rows() - 1) / model_->reference.rate;
  if (time_ >= cfg.max_episode_s - 1e-9 || start_time_ + time_ >= clip_end - 1e-9) {
    result_.truncated = true;
  }
  // Next step reads a human action when a 1/human_hz tick passes.
  const auto tick = [&cfg](int step) {
    return static_cast<long>(std::floor(step * cfg.human_hz / cfg.exo_hz + 1e-9));
  };
  result_.human_decision = tick(steps_) != tick(steps_ - 1);
}

void Env::human_observation(double* out) const {
  const Eigen::VectorXd& q = human_->getPositions();
  const Eigen::VectorXd& dq = human_->getVelocities();
  const auto n = q.size();
  int k = 0;
  for (int i = 0; i < 3; ++i) out[k++] = q[i];
  out[k++] = q[4];
  for (Eigen::Index i = 6; i < n; ++i) out[k++] = q[i];
  for (Eigen::Index i = 0; i < n; ++i) out[k++] = dq[i];
  const ReferenceMotion& ref = model_->reference;
  const Eigen::Index row = reference_row(reference_time());
  const double phase = std::isfinite(ref.phase[row]) ? ref.phase[row] : 0.0;
  out[k++] = std::sin(2.0 * M_PI * phase);
  out[k++] = std::cos(2.0 * M_PI * phase);
  if (model_->config.human_obs_root_error) {
    Eigen::VectorXd ref_q, ref_dq;  // also right after a reset, before any step
    reference_at(reference_time(), ref_q, ref_dq);
    for (Eigen::Index i = 3; i < 6; ++i) out[k++] = q[i] - ref_q[i];
  }
}

void Env::exo_observation(double* out) const {
  for (std::size_t i = 0; i < impl_->imu_history.size(); ++i) {
    for (std::size_t j = 0; j < 4; ++j) out[4 * i + j] = impl_->imu_history[i][j];
  }
}

}  // namespace exocore
