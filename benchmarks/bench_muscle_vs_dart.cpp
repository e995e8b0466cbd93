// All muscle work of one substep (lengths, velocities, moment-arm matrix, Hill
// forces, J_M^T F) for 200 muscles, and separately the dense moment-arm matrix that
// only muscle-tuple collection needs, against one DART step of a 40-dof skeleton
// standing on the ground, measured in the same run. Goal: ratio <= 0.30.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <dart/dynamics/Skeleton.hpp>
#include <random>
#include <vector>

#include "exocore/muscle_path.hpp"
#include "exocore/skeleton.hpp"
#include "exocore/world.hpp"

namespace {

using exocore::BodySpec;
using exocore::JointType;

Eigen::Isometry3d at(double x, double y, double z) {
  Eigen::Isometry3d t = Eigen::Isometry3d::Identity();
  t.translation() = Eigen::Vector3d(x, y, z);
  return t;
}

// Body hanging (or standing) from its joint: the joint sits at the body's top end
// for limbs (down = true) or bottom end for the trunk chain.
BodySpec segment(const std::string& name, int parent, JointType joint, double length,
                 const Eigen::Isometry3d& joint_in_parent, bool down, double mass) {
  BodySpec b;
  b.name = name;
  b.parent = parent;
  b.joint = joint;
  b.axis = Eigen::Vector3d::UnitX();
  b.joint_in_parent = joint_in_parent;
  b.joint_in_child = at(0.0, down ? length / 2.0 : -length / 2.0, 0.0);
  b.mass = mass;
  b.inertia = Eigen::Vector3d(0.05, 0.01, 0.05).asDiagonal() * mass * length;
  const int n = exocore::joint_dofs(joint);
  if (n > 0) {
    b.lower_limits = Eigen::VectorXd::Constant(n, -1.5);
    b.upper_limits = Eigen::VectorXd::Constant(n, 1.5);
  }
  b.shape.type = exocore::ShapeType::Box;
  b.shape.size = Eigen::Vector3d(0.08, length * 0.8, 0.08);
  return b;
}

exocore::SkeletonSpec forty_dof_body() {
  exocore::SkeletonSpec spec;
  spec.name = "body40";
  BodySpec pelvis = segment("pelvis", -1, JointType::Free, 0.2, at(0, 0, 0), false, 10.0);
  pelvis.joint_in_child = Eigen::Isometry3d::Identity();
  pelvis.lower_limits.resize(0);
  pelvis.upper_limits.resize(0);
  spec.bodies.push_back(pelvis);
  for (double side : {-1.0, 1.0}) {
    const int base = static_cast<int>(spec.bodies.size());
    const std::string s = side < 0 ? "_r" : "_l";
    spec.bodies.push_back(
        segment("thigh" + s, 0, JointType::Ball, 0.42, at(0.09 * side, -0.05, 0), true, 8));
    spec.bodies.push_back(
        segment("shank" + s, base, JointType::Revolute, 0.42, at(0, -0.21, 0), true, 3.5));
    BodySpec foot =
        segment("foot" + s, base + 1, JointType::Ball, 0.06, at(0, -0.21, 0), true, 1.0);
    foot.shape.size = Eigen::Vector3d(0.09, 0.05, 0.2);
    foot.collides = true;
    spec.bodies.push_back(foot);
    BodySpec toe =
        segment("toe" + s, base + 2, JointType::Revolute, 0.03, at(0, -0.03, 0.1), true, 0.2);
    toe.shape.size = Eigen::Vector3d(0.09, 0.03, 0.05);
    toe.collides = true;
    spec.bodies.push_back(toe);
  }
  int parent = 0;
  for (const char* name : {"spine", "torso", "neck", "head"}) {
    spec.bodies.push_back(segment(name, parent, JointType::Ball, 0.15,
                                  at(0, parent == 0 ? 0.1 : 0.075, 0), false, 6.0));
    parent = static_cast<int>(spec.bodies.size()) - 1;
  }
  const int torso = 10;
  for (double side : {-1.0, 1.0}) {
    spec.bodies.push_back(segment(side < 0 ? "arm_r" : "arm_l", torso, JointType::Ball, 0.3,
                                  at(0.18 * side, 0.07, 0), true, 2.0));
  }
  return spec;
}

std::vector<exocore::Muscle> random_muscles(const exocore::SkeletonSpec& spec, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(-0.05, 0.05);
  std::uniform_int_distribution<int> extra(0, 2);
  std::vector<exocore::Muscle> muscles;
  for (int j = 0; j < 200; ++j) {
    const int child = 1 + j % (static_cast<int>(spec.bodies.size()) - 1);
    const int parent = spec.bodies[static_cast<std::size_t>(child)].parent;
    exocore::Muscle m;
    m.name = "m" + std::to_string(j);
    m.params.optimal_fiber_length = 0.1;
    m.params.tendon_slack_length = 0.05;
    m.path.push_back({static_cast<std::size_t>(parent), Eigen::Vector3d(u(rng), u(rng), 0.06)});
    const int vias = extra(rng);
    for (int v = 0; v < vias; ++v) {
      m.path.push_back({static_cast<std::size_t>(v == 0 ? parent : child),
                        Eigen::Vector3d(u(rng), u(rng), 0.07)});
    }
    m.path.push_back({static_cast<std::size_t>(child), Eigen::Vector3d(u(rng), u(rng), 0.05)});
    muscles.push_back(std::move(m));
  }
  return muscles;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main() {
  const exocore::SkeletonSpec spec = forty_dof_body();
  auto skel = exocore::build_skeleton(spec);
  exocore::World world;
  world.add_ground(0.0);
  world.add_skeleton(skel);
  Eigen::VectorXd q0 = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(skel->getNumDofs()));
  q0[4] = 0.42 + 0.42 + 0.05 + 0.025 + 0.05;  // pelvis height: feet touching the ground
  std::mt19937 rng(1);
  auto muscles = random_muscles(spec, rng);
  skel->setPositions(q0);
  for (exocore::Muscle& m : muscles) {  // fibres at optimal length when standing
    m.params.tendon_slack_length =
        std::max(0.0, exocore::path_length(*skel, m.path) - m.params.optimal_fiber_length);
  }
  std::normal_distribution<double> noise(0.0, 0.02);

  const int steps = 3000;
  double dart_s = 0.0, muscle_s = 0.0, matrix_s = 0.0;
  exocore::MuscleKinematics kin;
  exocore::MuscleForces forces;
  const Eigen::VectorXd activation = Eigen::VectorXd::Constant(200, 0.2);
  double checksum = 0.0;
  for (int i = 0; i < steps; ++i) {
    if (i % 50 == 0) {  // keep the body near standing so contacts stay representative
      Eigen::VectorXd q = q0;
      for (Eigen::Index k = 6; k < q.size(); ++k) q[k] += noise(rng);
      skel->setPositions(q);
      skel->setVelocities(Eigen::VectorXd::Zero(q.size()));
    }
    auto t0 = std::chrono::steady_clock::now();
    exocore::compute_muscle_kinematics(*skel, muscles, kin);
    exocore::compute_muscle_forces(muscles, kin, activation, forces);
    const Eigen::VectorXd tau = exocore::muscle_generalized_forces(kin, forces.tension);
    muscle_s += seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    const Eigen::MatrixXd arms = exocore::moment_arm_matrix(kin);  // for muscle tuples
    matrix_s += seconds_since(t0);
    checksum += tau.sum() + arms(0, 0);
    skel->setForces(tau.cwiseMax(-50.0).cwiseMin(50.0));
    t0 = std::chrono::steady_clock::now();
    world.step();
    dart_s += seconds_since(t0);
  }
  const double muscle_us = 1e6 * muscle_s / steps, dart_us = 1e6 * dart_s / steps;
  const double matrix_us = 1e6 * matrix_s / steps;
  std::printf("skeleton: %zu dofs, %zu bodies; %zu muscles\n", skel->getNumDofs(),
              skel->getNumBodyNodes(), muscles.size());
  std::printf("muscle work per substep (paths, J_M, Hill forces, J_M^T F):  %8.1f us\n", muscle_us);
  std::printf("full moment-arm matrix (n x m, for muscle tuples only):     %8.1f us\n", matrix_us);
  std::printf("DART world step (contacts, joint limits):                  %8.1f us\n", dart_us);
  std::printf(
      "ratio muscle / DART step: %.3f (goal <= 0.30); with the matrix: %.3f  [checksum %.3g]\n",
      muscle_us / dart_us, (muscle_us + matrix_us) / dart_us, checksum);
  return 0;
}
