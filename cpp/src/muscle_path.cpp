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

// r = sum_i J_v(p_i)^T w_i, w_i the force on point i under unit tension; points on
// one body in a row are merged into one Jacobian product. Returns the path length.
double accumulate_moment_arm(const dart::dynamics::Skeleton& skeleton,
                             const std::vector<PathPoint>& path, Eigen::Ref<Eigen::VectorXd> r) {
  const std::size_t k = path.size();
  Eigen::Vector3d prev = world_point(skeleton, path[0]);
  Eigen::Vector3d next = world_point(skeleton, path[1]);
  Eigen::Vector3d u_before = Eigen::Vector3d::Zero();
  Eigen::Vector3d u_after = next - prev;
  double length = u_after.norm();
  u_after /= length;

  Eigen::Matrix<double, 6, 1> spatial = Eigen::Matrix<double, 6, 1>::Zero();
  Eigen::Vector3d current = prev;
  for (std::size_t i = 0; i < k; ++i) {
    const dart::dynamics::BodyNode& body = body_of(skeleton, path[i]);
    const Eigen::Vector3d w = u_after - u_before;
    const Eigen::Vector3d arm = current - body.getWorldTransform().translation();
    spatial.head<3>() += arm.cross(w);
    spatial.tail<3>() += w;
    const bool body_changes = i + 1 == k || path[i + 1].body != path[i].body;
    if (body_changes) {
      add_spatial_force(body, spatial, r);
      spatial.setZero();
    }
    if (i + 1 < k) {
      current = next;
      u_before = u_after;
      if (i + 2 < k) {
        next = world_point(skeleton, path[i + 2]);
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
  accumulate_moment_arm(skeleton, path, r);
  return r;
}

void compute_muscle_kinematics(const dart::dynamics::Skeleton& skeleton,
                               const std::vector<Muscle>& muscles, MuscleKinematics& out) {
  const Eigen::Index n = static_cast<Eigen::Index>(skeleton.getNumDofs());
  const Eigen::Index m = static_cast<Eigen::Index>(muscles.size());
  out.length.resize(m);
  out.velocity.resize(m);
  out.moment_arm.resize(n, m);
  out.moment_arm.setZero();
  const Eigen::VectorXd& qdot = skeleton.getVelocities();
  for (Eigen::Index j = 0; j < m; ++j) {
    auto column = out.moment_arm.col(j);
    out.length[j] =
        accumulate_moment_arm(skeleton, muscles[static_cast<std::size_t>(j)].path, column);
    out.velocity[j] = -column.dot(qdot);  // dl/dt = (dl/dq) qdot = -r . qdot
  }
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

Eigen::VectorXd muscle_generalized_forces(const MuscleKinematics& kinematics,
                                          const MuscleForces& forces) {
  if (forces.tension.size() != kinematics.moment_arm.cols()) {
    throw std::invalid_argument(
        "muscle_generalized_forces: " + std::to_string(forces.tension.size()) + " tensions for " +
        std::to_string(kinematics.moment_arm.cols()) + " muscles");
  }
  return kinematics.moment_arm * forces.tension;
}

}  // namespace exocore
