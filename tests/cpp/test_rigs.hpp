// Small skeletons shared by the C++ tests.
#pragma once

#include <dart/dynamics/Skeleton.hpp>
#include <memory>
#include <random>

#include "exocore/skeleton.hpp"

namespace exocore::test {

inline Eigen::Isometry3d translation(double x, double y, double z) {
  Eigen::Isometry3d t = Eigen::Isometry3d::Identity();
  t.translation() = Eigen::Vector3d(x, y, z);
  return t;
}

inline BodySpec body(const std::string& name, int parent, JointType joint, double length,
                     double mass = 1.0) {
  BodySpec b;
  b.name = name;
  b.parent = parent;
  b.joint = joint;
  b.joint_in_child = translation(0.0, length / 2.0, 0.0);  // joint at the body's top end
  b.joint_in_parent = translation(0.0, -length / 2.0, 0.0);
  b.mass = mass;
  b.inertia = Eigen::Vector3d(0.02, 0.005, 0.02).asDiagonal() * mass;
  return b;
}

/// Free pelvis with two legs (ball hip, revolute knee, ball ankle): 6 + 2 * 7 = 20 dof,
/// every joint type a muscle can cross.
inline SkeletonSpec two_leg_spec() {
  SkeletonSpec spec;
  spec.name = "two_legs";
  BodySpec pelvis = body("pelvis", -1, JointType::Free, 0.2, 10.0);
  pelvis.joint_in_child = Eigen::Isometry3d::Identity();
  spec.bodies.push_back(pelvis);
  for (double side : {-1.0, 1.0}) {
    const int base = static_cast<int>(spec.bodies.size());
    BodySpec thigh = body(side < 0 ? "thigh_r" : "thigh_l", 0, JointType::Ball, 0.4, 7.0);
    thigh.joint_in_parent = translation(0.09 * side, -0.05, 0.0);
    BodySpec shank = body(side < 0 ? "shank_r" : "shank_l", base, JointType::Revolute, 0.4, 3.0);
    shank.axis = Eigen::Vector3d::UnitX();
    BodySpec foot = body(side < 0 ? "foot_r" : "foot_l", base + 1, JointType::Ball, 0.08, 1.0);
    spec.bodies.push_back(thigh);
    spec.bodies.push_back(shank);
    spec.bodies.push_back(foot);
  }
  return spec;
}

/// Random positions and velocities of moderate size.
inline void randomize_state(dart::dynamics::Skeleton& skel, std::mt19937& rng, double angle = 0.8,
                            double speed = 2.0) {
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  Eigen::VectorXd q(skel.getNumDofs()), dq(skel.getNumDofs());
  for (Eigen::Index i = 0; i < q.size(); ++i) {
    q[i] = angle * unit(rng);
    dq[i] = speed * unit(rng);
  }
  skel.setPositions(q);
  skel.setVelocities(dq);
}

}  // namespace exocore::test
