// Skeleton specs: dof counts, validation, limits, and the world's physics basics.
#include <gtest/gtest.h>

#include <cmath>
#include <dart/dynamics/BodyNode.hpp>
#include <dart/dynamics/Joint.hpp>
#include <dart/dynamics/Skeleton.hpp>
#include <dart/simulation/World.hpp>

#include "exocore/world.hpp"
#include "test_rigs.hpp"

namespace exocore {
namespace {

TEST(Skeleton, BuildsBodiesAndDofsInSpecOrder) {
  const SkeletonSpec spec = test::two_leg_spec();
  auto skel = build_skeleton(spec);
  ASSERT_EQ(skel->getNumBodyNodes(), spec.bodies.size());
  EXPECT_EQ(skel->getNumDofs(), 6u + 2u * (3u + 1u + 3u));
  for (std::size_t i = 0; i < spec.bodies.size(); ++i) {
    EXPECT_EQ(skel->getBodyNode(i)->getName(), spec.bodies[i].name);
  }
  double total = 0.0;
  for (const BodySpec& b : spec.bodies) total += b.mass;
  EXPECT_NEAR(skel->getMass(), total, 1e-12);
}

TEST(Skeleton, RejectsInvalidSpecsWithTheBodyNamed) {
  auto expect_invalid = [](SkeletonSpec spec, const std::string& fragment) {
    try {
      build_skeleton(spec);
      ADD_FAILURE() << "no exception for: " << fragment;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  SkeletonSpec spec = test::two_leg_spec();
  SkeletonSpec bad = spec;
  bad.bodies[2].parent = 5;
  expect_invalid(bad, "shank_r");
  bad = spec;
  bad.bodies[1].mass = 0.0;
  expect_invalid(bad, "mass");
  bad = spec;
  bad.bodies[1].inertia(0, 0) = -1.0;
  expect_invalid(bad, "positive definite");
  bad = spec;
  bad.bodies[2].lower_limits = Eigen::VectorXd::Zero(3);
  bad.bodies[2].upper_limits = Eigen::VectorXd::Ones(3);
  expect_invalid(bad, "1 values");
  bad = spec;
  bad.bodies[3].name = "thigh_r";
  expect_invalid(bad, "duplicate");
  expect_invalid(SkeletonSpec{}, "no bodies");
}

TEST(World, FreeFallFollowsGravity) {
  WorldParams params;
  params.time_step = 1e-3;
  World world(params);
  SkeletonSpec spec;
  spec.name = "ball";
  BodySpec b = test::body("ball", -1, JointType::Free, 0.0, 2.0);
  b.joint_in_child = b.joint_in_parent = Eigen::Isometry3d::Identity();
  spec.bodies.push_back(b);
  auto skel = build_skeleton(spec);
  world.add_skeleton(skel);
  EXPECT_THROW(world.add_skeleton(skel), std::invalid_argument);
  skel->setVelocity(4, 1.5);  // upward
  for (int i = 0; i < 500; ++i) world.step();
  const double t = world.time();
  EXPECT_NEAR(skel->getVelocity(4), 1.5 - 9.81 * t, 1e-9);
  // Semi-implicit Euler: position error O(dt).
  EXPECT_NEAR(skel->getPosition(4), 1.5 * t - 0.5 * 9.81 * t * t, 9.81 * t * params.time_step);
}

TEST(World, BoxComesToRestOnTheGroundAndJointLimitsHold) {
  World world;
  world.add_ground(0.0);
  SkeletonSpec spec;
  spec.name = "box";
  BodySpec b = test::body("box", -1, JointType::Free, 0.0, 1.0);
  b.joint_in_child = b.joint_in_parent = Eigen::Isometry3d::Identity();
  b.shape.type = ShapeType::Box;
  b.shape.size = Eigen::Vector3d(0.2, 0.1, 0.3);
  b.collides = true;
  BodySpec arm = test::body("arm", 0, JointType::Revolute, 0.3, 0.5);
  arm.axis = Eigen::Vector3d::UnitZ();
  arm.lower_limits = Eigen::VectorXd::Constant(1, -0.2);
  arm.upper_limits = Eigen::VectorXd::Constant(1, 0.2);
  spec.bodies = {b, arm};
  auto skel = build_skeleton(spec);
  skel->setPosition(4, 0.3);
  world.add_skeleton(skel);
  for (int i = 0; i < 1200; ++i) {
    skel->setForce(6, 5.0);  // pushes the arm into its upper limit
    world.step();
  }
  EXPECT_NEAR(skel->getPosition(4), 0.05, 5e-3);  // box half height above y = 0
  EXPECT_LT(skel->getPosition(6), 0.2 + 1e-2);
}

// Resting height of a 0.1 m tall box dropped from y = 0.3 at (x, z) onto add_ground(0, ...):
// 0.05 where there is ground under it, far below where there is none.
double box_height_after_drop(double x, double z, double length, double width) {
  World world;
  world.add_ground(0.0, length, width);
  SkeletonSpec spec;
  spec.name = "box";
  BodySpec b = test::body("box", -1, JointType::Free, 0.0, 1.0);
  b.joint_in_child = b.joint_in_parent = Eigen::Isometry3d::Identity();
  b.shape.type = ShapeType::Box;
  b.shape.size = Eigen::Vector3d(0.2, 0.1, 0.3);
  b.collides = true;
  spec.bodies = {b};
  auto skel = build_skeleton(spec);
  skel->setPosition(3, x);
  skel->setPosition(4, 0.3);
  skel->setPosition(5, z);
  world.add_skeleton(skel);
  for (int i = 0; i < 600; ++i) world.step();
  return skel->getPosition(4);
}

TEST(World, DefaultGroundRunsFrom10mBehindTo190mAhead) {
  // A 10 s run at 4 m/s ends 40 m ahead: the default ground must reach well past it.
  EXPECT_NEAR(box_height_after_drop(0.0, 60.0, 200.0, 20.0), 0.05, 5e-3);
  EXPECT_NEAR(box_height_after_drop(0.0, 189.5, 200.0, 20.0), 0.05, 5e-3);
  EXPECT_NEAR(box_height_after_drop(9.5, -9.5, 200.0, 20.0), 0.05, 5e-3);
  EXPECT_LT(box_height_after_drop(0.0, 190.5, 200.0, 20.0), -1.0);  // past the far end
  EXPECT_LT(box_height_after_drop(0.0, -10.5, 200.0, 20.0), -1.0);  // behind the start
  EXPECT_LT(box_height_after_drop(10.5, 0.0, 200.0, 20.0), -1.0);   // off the side
  // Length and width are the caller's.
  EXPECT_NEAR(box_height_after_drop(0.0, 29.5, 40.0, 4.0), 0.05, 5e-3);
  EXPECT_LT(box_height_after_drop(0.0, 30.5, 40.0, 4.0), -1.0);
  EXPECT_LT(box_height_after_drop(2.5, 0.0, 40.0, 4.0), -1.0);
}

TEST(World, GroundRejectsNonPositiveSizes) {
  World world;
  EXPECT_THROW(world.add_ground(0.0, 0.0), std::invalid_argument);
  EXPECT_THROW(world.add_ground(0.0, 100.0, -1.0), std::invalid_argument);
  EXPECT_THROW(world.add_ground(std::nan("")), std::invalid_argument);
  world.add_ground();
  EXPECT_NE(world.dart_world().getSkeleton("ground"), nullptr);
}

}  // namespace
}  // namespace exocore
