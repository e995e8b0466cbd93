#include "exocore/muscle_path.hpp"

#include <algorithm>
#include <cmath>
#include <dart/dynamics/BodyNode.hpp>
#include <dart/dynamics/Skeleton.hpp>
#include <stdexcept>

#include "exocore/body_forces.hpp"

namespace exocore {
namespace {

const dart::dynamics::BodyNode& body_of(const dart::dynamics::Skeleton& skeleton,
                                        const PathPoint& point) {
  return *skeleton.getBodyNode(point.body);
}

Eigen::Vector3d world_point(const dart::dynamics::Skeleton& skeleton, const PathPoint& point) {
  return body_of(skeleton, point).getWorldTransform() * point.offset;
}

void require_positive(double value, const char* what, const std::string& muscle) {
  if (!(value > 0.0) || !std::isfinite(value)) {
    throw std::invalid_argument("muscle '" + muscle + "': " + what +
                                " must be positive and finite, got " + std::to_string(value));
  }
}

// Under unit tension the force on path point i is w_i (unit vectors towards its
// neighbours); per body, the spatial force [sum (p - o) x w; sum w] is emitted once
// through `emit(body, spatial)`. Returns the path length.
template <typename Emit>
double unit_spatial_forces(const BodyFrames& frames, const std::vector<PathPoint>& path,
                           Emit&& emit) {
  auto point = [&frames](const PathPoint& p) -> Eigen::Vector3d {
    return frames.rotation[p.body] * p.offset + frames.origin[p.body];
  };
  const std::size_t k = path.size();
  Eigen::Vector3d current = point(path[0]);
  Eigen::Vector3d next = point(path[1]);
  Eigen::Vector3d u_before = Eigen::Vector3d::Zero();
  Eigen::Vector3d u_after = next - current;
  double length = u_after.norm();
  u_after /= length;

  Eigen::Matrix<double, 6, 1> spatial = Eigen::Matrix<double, 6, 1>::Zero();
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t body = path[i].body;
    const Eigen::Vector3d w = u_after - u_before;
    spatial.head<3>() += (current - frames.origin[body]).cross(w);
    spatial.tail<3>() += w;
    if (i + 1 == k || path[i + 1].body != body) {
      emit(body, spatial);
      spatial.setZero();
    }
    if (i + 1 < k) {
      current = next;
      u_before = u_after;
      if (i + 2 < k) {
        next = point(path[i + 2]);
        u_after = next - current;
        const double segment = u_after.norm();
        length += segment;
        u_after /= segment;
      } else {
        u_after.setZero();
      }
    }
  }
  return length;
}

}  // namespace

void validate_muscle(const Muscle& muscle, const dart::dynamics::Skeleton& skeleton) {
  if (muscle.path.size() < 2) {
    throw std::invalid_argument("muscle '" + muscle.name +
                                "': a path needs at least 2 points, got " +
                                std::to_string(muscle.path.size()));
  }
  for (std::size_t i = 0; i < muscle.path.size(); ++i) {
    const PathPoint& p = muscle.path[i];
    if (p.body >= skeleton.getNumBodyNodes()) {
      throw std::invalid_argument("muscle '" + muscle.name + "': path point " + std::to_string(i) +
                                  " refers to body " + std::to_string(p.body) + " but skeleton '" +
                                  skeleton.getName() + "' has " +
                                  std::to_string(skeleton.getNumBodyNodes()) + " bodies");
    }
    if (!p.offset.allFinite()) {
      throw std::invalid_argument("muscle '" + muscle.name + "': path point " + std::to_string(i) +
                                  " has a non-finite offset");
    }
  }
  const MuscleParams& m = muscle.params;
  require_positive(m.max_isometric_force, "max_isometric_force", muscle.name);
  require_positive(m.optimal_fiber_length, "optimal_fiber_length", muscle.name);
  require_positive(m.max_contraction_velocity, "max_contraction_velocity", muscle.name);
  require_positive(m.passive_strain, "passive_strain", muscle.name);
  require_positive(m.active_width, "active_width", muscle.name);
  require_positive(m.fv_shape, "fv_shape", muscle.name);
  require_positive(m.activation_time, "activation_time", muscle.name);
  require_positive(m.deactivation_time, "deactivation_time", muscle.name);
  if (!(m.tendon_slack_length >= 0.0)) {
    throw std::invalid_argument("muscle '" + muscle.name + "': tendon_slack_length must be >= 0");
  }
  if (!(m.optimal_pennation >= 0.0 && m.optimal_pennation < 1.5)) {
    throw std::invalid_argument("muscle '" + muscle.name +
                                "': optimal_pennation must be in [0, 1.5) rad");
  }
  if (!(m.fv_max_lengthening > 1.0)) {
    throw std::invalid_argument("muscle '" + muscle.name + "': fv_max_lengthening must be > 1");
  }
}

Eigen::Matrix3Xd path_points_world(const dart::dynamics::Skeleton& skeleton,
                                   const std::vector<PathPoint>& path) {
  Eigen::Matrix3Xd points(3, static_cast<Eigen::Index>(path.size()));
  for (std::size_t i = 0; i < path.size(); ++i) {
    points.col(static_cast<Eigen::Index>(i)) = world_point(skeleton, path[i]);
  }
  return points;
}

double path_length(const dart::dynamics::Skeleton& skeleton, const std::vector<PathPoint>& path) {
  double length = 0.0;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    length += (world_point(skeleton, path[i + 1]) - world_point(skeleton, path[i])).norm();
  }
  return length;
}

Eigen::MatrixXd path_point_jacobian(const dart::dynamics::Skeleton& skeleton,
                                    const std::vector<PathPoint>& path) {
  const Eigen::Index n = static_cast<Eigen::Index>(skeleton.getNumDofs());
  Eigen::MatrixXd jac = Eigen::MatrixXd::Zero(3 * static_cast<Eigen::Index>(path.size()), n);
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto& body = body_of(skeleton, path[i]);
    const dart::math::LinearJacobian local = body.getLinearJacobian(path[i].offset);
    for (std::size_t k = 0; k < body.getNumDependentGenCoords(); ++k) {
      jac.block<3, 1>(3 * static_cast<Eigen::Index>(i),
                      static_cast<Eigen::Index>(body.getDependentGenCoordIndex(k))) =
          local.col(static_cast<Eigen::Index>(k));
    }
  }
  return jac;
}

Eigen::VectorXd path_point_unit_forces(const dart::dynamics::Skeleton& skeleton,
                                       const std::vector<PathPoint>& path) {
  const Eigen::Matrix3Xd points = path_points_world(skeleton, path);
  Eigen::VectorXd forces = Eigen::VectorXd::Zero(3 * points.cols());
  for (Eigen::Index i = 0; i + 1 < points.cols(); ++i) {
    const Eigen::Vector3d u = (points.col(i + 1) - points.col(i)).normalized();
    forces.segment<3>(3 * i) += u;
    forces.segment<3>(3 * (i + 1)) -= u;
  }
  return forces;
}

Eigen::VectorXd moment_arms(const dart::dynamics::Skeleton& skeleton,
                            const std::vector<PathPoint>& path) {
  Eigen::VectorXd r = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(skeleton.getNumDofs()));
  BodyFrames frames;
  capture_body_frames(skeleton, frames);
  unit_spatial_forces(frames, path, [&](std::size_t body, const Eigen::Matrix<double, 6, 1>& s) {
    add_spatial_force(frames, body, s, r);
  });
  return r;
}

void compute_muscle_kinematics(const dart::dynamics::Skeleton& skeleton,
                               const std::vector<Muscle>& muscles, MuscleKinematics& out) {
  const Eigen::Index m = static_cast<Eigen::Index>(muscles.size());
  out.length.resize(m);
  out.velocity.resize(m);
  out.spatial_body.clear();
  out.unit_spatial_force.clear();
  out.spatial_begin.resize(muscles.size() + 1);
  capture_body_frames(skeleton, out.body_frames);
  const BodyFrames& frames = out.body_frames;
  for (std::size_t j = 0; j < muscles.size(); ++j) {
    out.spatial_begin[j] = out.spatial_body.size();
    double velocity = 0.0;
    out.length[static_cast<Eigen::Index>(j)] = unit_spatial_forces(
        frames, muscles[j].path, [&](std::size_t body, const Eigen::Matrix<double, 6, 1>& s) {
          out.spatial_body.push_back(body);
          out.unit_spatial_force.push_back(s);
          velocity -= s.dot(frames.twist[body]);  // dl/dt = -r . qdot = -sum s . twist
        });
    out.velocity[static_cast<Eigen::Index>(j)] = velocity;
  }
  out.spatial_begin[muscles.size()] = out.spatial_body.size();
}

Eigen::MatrixXd moment_arm_matrix(const MuscleKinematics& kin) {
  const Eigen::Index m = kin.length.size();
  Eigen::MatrixXd r = Eigen::MatrixXd::Zero(kin.body_frames.num_dofs, m);
  for (Eigen::Index j = 0; j < m; ++j) {
    const auto jj = static_cast<std::size_t>(j);
    for (std::size_t i = kin.spatial_begin[jj]; i < kin.spatial_begin[jj + 1]; ++i) {
      add_spatial_force(kin.body_frames, kin.spatial_body[i], kin.unit_spatial_force[i], r.col(j));
    }
  }
  return r;
}

void compute_muscle_forces(const std::vector<Muscle>& muscles, const MuscleKinematics& kinematics,
                           const Eigen::Ref<const Eigen::VectorXd>& activations,
                           MuscleForces& out) {
  const Eigen::Index m = static_cast<Eigen::Index>(muscles.size());
  if (activations.size() != m || kinematics.length.size() != m) {
    throw std::invalid_argument("compute_muscle_forces: expected " + std::to_string(m) +
                                " activations and kinematics, got " +
                                std::to_string(activations.size()) + " and " +
                                std::to_string(kinematics.length.size()));
  }
  out.active_per_activation.resize(m);
  out.passive.resize(m);
  out.tension.resize(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    const MuscleForceTerms t = muscle_force_terms(muscles[static_cast<std::size_t>(j)].params,
                                                  kinematics.length[j], kinematics.velocity[j]);
    const double a = std::isfinite(activations[j]) ? std::clamp(activations[j], 0.0, 1.0) : 0.0;
    out.active_per_activation[j] = t.active_per_activation;
    out.passive[j] = t.passive;
    out.tension[j] = muscle_tension(t, a);
  }
}

Eigen::VectorXd muscle_generalized_forces(const MuscleKinematics& kin,
                                          const Eigen::Ref<const Eigen::VectorXd>& tension) {
  const Eigen::Index m = kin.length.size();
  if (tension.size() != m) {
    throw std::invalid_argument("muscle_generalized_forces: " + std::to_string(tension.size()) +
                                " tensions for " + std::to_string(m) + " muscles");
  }
  const BodyFrames& frames = kin.body_frames;
  std::vector<Eigen::Matrix<double, 6, 1>> per_body(frames.jacobian.size(),
                                                    Eigen::Matrix<double, 6, 1>::Zero());
  for (Eigen::Index j = 0; j < m; ++j) {
    const auto jj = static_cast<std::size_t>(j);
    for (std::size_t i = kin.spatial_begin[jj]; i < kin.spatial_begin[jj + 1]; ++i) {
      per_body[kin.spatial_body[i]] += tension[j] * kin.unit_spatial_force[i];
    }
  }
  Eigen::VectorXd tau = Eigen::VectorXd::Zero(frames.num_dofs);
  for (std::size_t b = 0; b < per_body.size(); ++b) add_spatial_force(frames, b, per_body[b], tau);
  return tau;
}

}  // namespace exocore
