#include "exocore/env.hpp"

#include <algorithm>
#include <cmath>
#include <dart/collision/CollisionResult.hpp>
#include <dart/dynamics/BodyNode.hpp>
#include <dart/dynamics/FreeJoint.hpp>
#include <dart/dynamics/ShapeNode.hpp>
#include <dart/dynamics/Skeleton.hpp>
#include <dart/simulation/World.hpp>
#include <stdexcept>

#include "env_impl.hpp"
#include "exocore/joint_limits.hpp"

namespace exocore {

Env::Env(std::shared_ptr<const EnvModel> model, std::uint64_t seed)
    : model_(std::move(model)), rng_(seed), impl_(std::make_unique<Impl>()) {
  if (!model_) throw std::invalid_argument("Env: null model");
  validate_env_model(*model_);
  const EnvConfig& cfg = model_->config;
  WorldParams wp;
  wp.time_step = 1.0 / cfg.sim_hz;
  // Contacts take the smaller friction of the two shapes: the ground never limits,
  // the feet carry the (possibly randomised) coefficient.
  wp.ground_friction = 100.0;
  world_ = std::make_unique<World>(wp);
  world_->add_ground(0.0);
  for (const SkeletonSpec& spec : model_->terrain) {
    auto scenery = build_skeleton(spec);
    for (std::size_t b = 0; b < scenery->getNumBodyNodes(); ++b) {
      for (auto* node :
           scenery->getBodyNode(b)->getShapeNodesWith<dart::dynamics::DynamicsAspect>()) {
        node->getDynamicsAspect()->setFrictionCoeff(wp.ground_friction);
      }
    }
    world_->add_skeleton(scenery);
  }
  human_ = build_skeleton(model_->human);
  if (cfg.soft_joint_limits) disable_hard_joint_limits(*human_);
  world_->add_skeleton(human_);
  if (model_->has_exo && cfg.condition != ExoCondition::NoExo) {
    exo_ = build_skeleton(model_->exo.skeleton);
    world_->add_skeleton(exo_);
    for (std::size_t b = 0; b < exo_->getNumBodyNodes(); ++b) {
      const auto* body = exo_->getBodyNode(b);
      impl_->exo_mass.push_back(body->getMass());
      impl_->exo_com.push_back(body->getLocalCOM());
      double ixx, iyy, izz, ixy, ixz, iyz;
      body->getMomentOfInertia(ixx, iyy, izz, ixy, ixz, iyz);
      Eigen::Matrix3d inertia;
      inertia << ixx, ixy, ixz, ixy, iyy, iyz, ixz, iyz, izz;
      impl_->exo_inertia.push_back(inertia);
    }
  }
  impl_->filter = make_low_pass(model_->exo.actuator.filter_cutoff_hz,
                                model_->exo.actuator.filter_damping, 1.0 / cfg.sim_hz);
  for (int side = 0; side < 2; ++side) {
    const auto hip =
        model_->reference.positions.col(static_cast<Eigen::Index>(model_->hip_flexion_dofs[side]));
    impl_->hip_rom[side] = hip.maxCoeff() - hip.minCoeff();
  }
  if (cfg.balance.enabled) {
    BalanceBodies& b = impl_->balance_bodies;
    for (int side = 0; side < 2; ++side) {
      b.thighs[side] = model_->human_thighs[side];
      b.hip_dofs[side] = model_->hip_flexion_dofs[side];
      const auto* thigh = human_->getBodyNode(b.thighs[side]);
      if (thigh->getNumChildBodyNodes() == 0 ||
          thigh->getChildBodyNode(0)->getNumChildBodyNodes() == 0) {
        throw std::invalid_argument("balance feedback: thigh " + thigh->getName() +
                                    " has no shank and foot below it");
      }
      const auto* shank = thigh->getChildBodyNode(0);
      const auto* foot = shank->getChildBodyNode(0);
      b.feet[side] = foot->getIndexInSkeleton();
      for (const auto* body : {thigh, shank, foot}) {
        const auto* joint = body->getParentJoint();
        for (std::size_t k = 0; k < joint->getNumDofs(); ++k)
          b.leg_dofs[side].push_back(joint->getIndexInSkeleton(k));
      }
    }
    impl_->balance_reference =
        make_balance_reference(*human_, model_->reference, b, cfg.balance.stance_speed);
  }
  const auto n = static_cast<Eigen::Index>(human_->getNumDofs());
  set_pelvis_support(cfg.pelvis_support_stiffness, cfg.pelvis_support_rotational_stiffness);
  impl_->pd_kp = Eigen::VectorXd::Constant(n, cfg.human_pd.kp);
  impl_->pd_kd = Eigen::VectorXd::Constant(n, cfg.human_pd.kv);
  if (cfg.human_pd_scale.size() > 0) {
    if (cfg.human_pd_scale.size() != n - 6) {
      throw std::invalid_argument("human_pd_scale: need " + std::to_string(n - 6) +
                                  " positive entries (one per joint dof), got " +
                                  std::to_string(cfg.human_pd_scale.size()));
    }
    if (!(cfg.human_pd_scale.array() > 0.0).all()) {
      throw std::invalid_argument("human_pd_scale: every entry must be positive");
    }
    impl_->pd_kp.tail(n - 6).array() *= cfg.human_pd_scale.array();
    impl_->pd_kd.tail(n - 6).array() *= cfg.human_pd_scale.array().sqrt();
  }
  impl_->pd_kp.head<6>().setZero();
  impl_->pd_kd.head<6>().setZero();
  human_offset_ = Eigen::VectorXd::Zero(n - 6);
  activation_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(model_->muscles.size()));
  excitation_ = activation_;
  reset();
}

Env::~Env() = default;

Eigen::Index Env::reference_row(double t) const {
  const ReferenceMotion& ref = model_->reference;
  const auto last = static_cast<double>(ref.positions.rows() - 1);  // = phase rows (validated)
  return static_cast<Eigen::Index>(std::clamp<double>(std::lround(t * ref.rate), 0.0, last));
}

void Env::set_pelvis_support(double stiffness, double rotational_stiffness) {
  if (!(stiffness >= 0.0 && std::isfinite(stiffness) && rotational_stiffness >= 0.0 &&
        std::isfinite(rotational_stiffness))) {
    throw std::invalid_argument("pelvis support gains must be finite and >= 0");
  }
  impl_->support_stiffness = stiffness;
  impl_->support_rotational_stiffness = rotational_stiffness;
}

void Env::set_muscle_network(std::shared_ptr<const MuscleNetwork> network) {
  if (network && (human_->getNumDofs() != kMuscleNetJointDofs + 6 ||
                  model_->muscles.size() != kMuscleNetMuscles)) {
    throw std::invalid_argument(
        "the in-simulator muscle network is sized for the default model (56 dofs, 208 "
        "muscles); this model has " +
        std::to_string(human_->getNumDofs()) + " dofs and " +
        std::to_string(model_->muscles.size()) + " muscles");
  }
  network_ = std::move(network);
}

int Env::human_obs_size() const {
  // root rotation (3), pelvis height (1), joint positions, all velocities, sin/cos
  // phase, and optionally the pelvis position error to the reference (3).
  const int root_error = model_->config.human_obs_root_error ? 3 : 0;
  return static_cast<int>(3 + 1 + (human_->getNumDofs() - 6) + human_->getNumDofs() + 2) +
         root_error;
}

void Env::reference_at(double t, Eigen::VectorXd& q, Eigen::VectorXd& dq) const {
  const ReferenceMotion& ref = model_->reference;
  const double x = std::clamp(t * ref.rate, 0.0, static_cast<double>(ref.positions.rows() - 1));
  const auto i =
      static_cast<Eigen::Index>(std::min(std::floor(x), double(ref.positions.rows() - 2)));
  const double f = x - static_cast<double>(i);
  // Linear interpolation is exact enough at 120 Hz; exponential coordinates of ball
  // joints interpolate smoothly away from the pi singularity.
  q = (1.0 - f) * ref.positions.row(i).transpose() + f * ref.positions.row(i + 1).transpose();
  dq = (1.0 - f) * ref.velocities.row(i).transpose() + f * ref.velocities.row(i + 1).transpose();
}

const Eigen::VectorXd& Env::muscle_lengths() const { return impl_->kinematics.length; }
const Eigen::VectorXd& Env::muscle_velocities() const { return impl_->kinematics.velocity; }

void Env::reset(std::uint64_t seed) {
  rng_.seed(seed);
  reset();
}

void Env::reset() {
  const EnvConfig& cfg = model_->config;
  const double clip =
      static_cast<double>(model_->reference.positions.rows() - 1) / model_->reference.rate;
  // Random start anywhere in the first half of the clip at least, so that episodes
  // differ even when the clip is no longer than the time limit (they then end early,
  // truncated at the clip's end).
  const double slack = std::max(0.5 * clip, clip - cfg.max_episode_s);
  start_time_ =
      cfg.random_start ? std::uniform_real_distribution<double>(0.0, slack)(rng_) : cfg.start_time;
  time_ = 0.0;
  steps_ = 0;
  muscles_ = model_->muscles;
  apply_randomization();
  Eigen::VectorXd q, dq;
  reference_at(start_time_, q, dq);
  human_->setPositions(q);
  human_->setVelocities(dq);
  human_->resetCommands();
  human_offset_.setZero();
  activation_.setConstant(0.01);
  excitation_.setConstant(0.01);
  impl_->actuator = {};
  impl_->exo_actions = {};
  impl_->exo_target = {};
  impl_->safety_cut = false;
  impl_->external_torque.setZero(0);
  if (exo_) place_exo();
  // Fill the IMU history with the first reading so the first observation is defined.
  env_detail::ImuSample sample;
  read_imu(sample);
  impl_->imu_delay.count = 0;
  push_sample(impl_->imu_delay, sample);
  impl_->imu_history.fill(sample);
  result_ = StepResult{};
  world_->dart_world().setTime(0.0);
}

void Env::apply_randomization() {
  const RandomizationConfig& r = model_->config.randomization;
  Impl& s = *impl_;
  s.motor_strength = 1.0;
  std::size_t latency = 0;
  double friction = model_->config.ground_friction;
  if (r.enabled) {
    auto uniform = [this](const std::array<double, 2>& range) {
      return std::uniform_real_distribution<double>(range[0], range[1])(rng_);
    };
    s.motor_strength = uniform(r.motor_strength_scale);
    latency = static_cast<std::size_t>(std::lround(uniform(r.latency_s) * model_->config.exo_hz));
    friction = uniform(r.friction);
    const double strength = uniform(r.muscle_strength_scale);
    for (std::size_t j = 0; j < muscles_.size(); ++j) {
      if (model_->lower_limb[j]) muscles_[j].params.max_isometric_force *= strength;
    }
    if (exo_) {
      const double mass = uniform(r.exo_mass_scale), inertia = uniform(r.exo_inertia_scale);
      const double com = uniform(r.exo_com_scale);
      for (std::size_t b = 0; b < exo_->getNumBodyNodes(); ++b) {
        auto* body = exo_->getBodyNode(b);
        body->setMass(s.exo_mass[b] * mass);
        body->setLocalCOM(s.exo_com[b] * com);
        const Eigen::Matrix3d i = s.exo_inertia[b] * inertia;
        body->setMomentOfInertia(i(0, 0), i(1, 1), i(2, 2), i(0, 1), i(0, 2), i(1, 2));
      }
    }
  }
  set_delay(s.imu_delay, latency);
  for (auto* skel : {human_.get(), exo_.get()}) {
    if (!skel) continue;
    for (std::size_t b = 0; b < skel->getNumBodyNodes(); ++b) {
      for (auto* node : skel->getBodyNode(b)->getShapeNodesWith<dart::dynamics::DynamicsAspect>()) {
        node->getDynamicsAspect()->setFrictionCoeff(friction);
      }
    }
  }
}

void Env::place_exo() {
  // Root: the first strap's frames coincide; motors follow the human's hips.
  const StrapSpec& waist = model_->exo.straps.front();
  const Eigen::Isometry3d human_frame =
      human_->getBodyNode(waist.human_body)->getWorldTransform() * waist.frames.on_b;
  Eigen::VectorXd q = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(exo_->getNumDofs()));
  exo_->setPositions(q);
  const Eigen::Isometry3d body_to_root =
      exo_->getBodyNode(waist.exo_body)->getWorldTransform().inverse() *
      exo_->getBodyNode(0)->getWorldTransform();
  const Eigen::Isometry3d root = human_frame * waist.frames.on_a.inverse() * body_to_root;
  // Free-joint positions describe the joint's own transform: parent-joint frame to
  // child-joint frame, body = T_parent * J(q) * T_child^-1.
  const auto* joint = exo_->getRootJoint();
  q.head<6>() = dart::dynamics::FreeJoint::convertToPositions(
      joint->getTransformFromParentBodyNode().inverse() * root *
      joint->getTransformFromChildBodyNode());
  for (int side = 0; side < 2; ++side) {
    q[static_cast<Eigen::Index>(model_->exo.motor_dofs[side])] =
        human_->getPosition(model_->hip_flexion_dofs[side]);
  }
  exo_->setPositions(q);
  Eigen::VectorXd dq = Eigen::VectorXd::Zero(q.size());
  dq.head<6>() = human_->getVelocities().head<6>();
  exo_->setVelocities(dq);
  exo_->resetCommands();
}

void Env::read_imu(std::array<double, 4>& sample) {
  const EnvConfig& cfg = model_->config;
  for (int side = 0; side < 2; ++side) {
    const dart::dynamics::BodyNode* thigh = exo_ ? exo_->getBodyNode(model_->exo.thigh_bodies[side])
                                                 : human_->getBodyNode(model_->human_thighs[side]);
    sample[side] = env_detail::sagittal_angle(*thigh);
    sample[2 + side] = thigh->getAngularVelocity().x();
    if (cfg.imu_noise_std > 0.0) {
      sample[side] += cfg.imu_noise_std * impl_->noise(rng_);
      sample[2 + side] += cfg.imu_noise_std * impl_->noise(rng_);
    }
  }
}

void Env::step(const double* human_action, const double* exo_action) {
  const EnvConfig& cfg = model_->config;
  Impl& s = *impl_;
  const auto nj = human_offset_.size();
  bool finite = true;
  if (result_.human_decision) {
    for (Eigen::Index i = 0; i < nj; ++i) finite = finite && std::isfinite(human_action[i]);
    if (finite) human_offset_ = Eigen::Map<const Eigen::VectorXd>(human_action, nj);
  }
  for (int side = 0; side < 2; ++side) finite = finite && std::isfinite(exo_action[side]);
  s.exo_actions[2] = s.exo_actions[1];
  s.exo_actions[1] = s.exo_actions[0];
  if (finite) s.exo_actions[0] = {exo_action[0], exo_action[1]};
  s.exo_target = s.exo_actions[0];
  s.power_sum = 0.0;
  s.power_samples = 0;
  s.activation_sq_sum = 0.0;
  result_ = StepResult{};
  if (!finite) {
    result_.terminated = result_.diverged = true;
    return;
  }
  const int substeps = static_cast<int>(std::lround(cfg.sim_hz / cfg.exo_hz));
  const int tuple_every = cfg.tuples_every_steps;
  for (int k = 0; k < substeps; ++k) {
    const int global = steps_ * substeps + k;
    substep(global % cfg.muscle_every == 0, tuple_every > 0 && k == 0 && steps_ % tuple_every == 0);
    if (!human_->getPositions().allFinite() || !human_->getVelocities().allFinite() ||
        human_->getVelocities().cwiseAbs().maxCoeff() > 1e3) {
      result_.terminated = result_.diverged = true;
      break;
    }
  }
  ++steps_;
  time_ = steps_ / cfg.exo_hz;
  finish_step();
}

}  // namespace exocore
