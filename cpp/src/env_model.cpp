#include "exocore/env_model.hpp"

#include <cmath>
#include <stdexcept>

namespace exocore {
namespace {
[[noreturn]] void fail(const std::string& what) {
  throw std::invalid_argument("environment model: " + what);
}

bool integer_ratio(double a, double b) {
  const double r = a / b;
  return r >= 1.0 && std::abs(r - std::round(r)) < 1e-9;
}
}  // namespace

void validate_env_model(const EnvModel& m) {
  validate_skeleton_spec(m.human);
  for (const SkeletonSpec& scenery : m.terrain) {
    validate_skeleton_spec(scenery);
    if (scenery.bodies.front().joint != JointType::Weld) {
      fail("terrain '" + scenery.name + "' must be welded to the world (root joint WELD)");
    }
  }
  int n = 0;
  for (const BodySpec& b : m.human.bodies) n += joint_dofs(b.joint);
  if (m.human.bodies.front().joint != JointType::Free) fail("the human's root joint must be FREE");
  const EnvConfig& c = m.config;
  if (!integer_ratio(c.sim_hz, c.exo_hz)) {
    fail("sim_hz (" + std::to_string(c.sim_hz) + ") must be a multiple of exo_hz (" +
         std::to_string(c.exo_hz) + ")");
  }
  if (!(c.human_hz > 0.0 && c.human_hz <= c.exo_hz)) fail("human_hz must be in (0, exo_hz]");
  if (c.muscle_every < 1) fail("muscle_every must be >= 1");
  if (!(c.max_episode_s > 0.0)) fail("max_episode_s must be positive");
  if (c.tuples_every_steps < 0) fail("tuples_every_steps must be >= 0");
  if (!(c.joint_limits.stiffness >= 0.0 && c.joint_limits.damping >= 0.0)) {
    fail("joint_limits stiffness and damping must be >= 0");
  }
  if (m.lower_limb.size() != m.muscles.size()) {
    fail("lower_limb has " + std::to_string(m.lower_limb.size()) + " entries for " +
         std::to_string(m.muscles.size()) + " muscles");
  }
  const ReferenceMotion& r = m.reference;
  if (r.positions.cols() != n || r.velocities.cols() != n) {
    fail("reference has " + std::to_string(r.positions.cols()) + " columns, the human has " +
         std::to_string(n) + " dofs");
  }
  if (r.positions.rows() < 2 || r.velocities.rows() != r.positions.rows() ||
      r.phase.size() != r.positions.rows()) {
    fail("reference needs >= 2 samples and matching positions, velocities and phase");
  }
  if (!r.positions.allFinite() || !r.velocities.allFinite()) fail("reference is not finite");
  if (!(r.rate > 0.0)) fail("reference rate must be positive");
  const double clip = static_cast<double>(r.positions.rows() - 1) / r.rate;
  if (!(c.start_time >= 0.0 && c.start_time < clip)) {
    fail("start_time (" + std::to_string(c.start_time) + " s) must lie in [0, " +
         std::to_string(clip) + ") s of the reference");
  }
  if (!(c.reserve_torque_limit >= 0.0)) fail("reserve_torque_limit must be >= 0 (or infinity)");
  for (std::size_t side = 0; side < 2; ++side) {
    if (m.hip_flexion_dofs[side] < 6 || m.hip_flexion_dofs[side] >= static_cast<std::size_t>(n)) {
      fail("hip_flexion_dofs out of range");
    }
    if (m.human_thighs[side] >= m.human.bodies.size()) fail("human_thighs out of range");
  }
  if (m.has_exo) {
    validate_skeleton_spec(m.exo.skeleton);
    int ne = 0;
    for (const BodySpec& b : m.exo.skeleton.bodies) ne += joint_dofs(b.joint);
    if (m.exo.straps.empty()) fail("the exo needs at least one strap");
    for (const StrapSpec& s : m.exo.straps) {
      if (s.exo_body >= m.exo.skeleton.bodies.size() || s.human_body >= m.human.bodies.size()) {
        fail("strap '" + s.name + "' refers to a body that does not exist");
      }
    }
    for (std::size_t side = 0; side < 2; ++side) {
      if (m.exo.motor_dofs[side] >= static_cast<std::size_t>(ne))
        fail("exo motor dof out of range");
      if (m.exo.thigh_bodies[side] >= m.exo.skeleton.bodies.size()) fail("exo thigh out of range");
    }
  }
}

}  // namespace exocore
