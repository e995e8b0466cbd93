// Bushing: zero at coincident frames, force = -grad V, static deflection m g / k,
// damping dissipates energy.
#include <gtest/gtest.h>

#include <dart/dynamics/BodyNode.hpp>
#include <dart/dynamics/FreeJoint.hpp>
#include <dart/dynamics/Skeleton.hpp>
#include <dart/simulation/World.hpp>
#include <random>

#include "exocore/bushing.hpp"
#include "exocore/world.hpp"
#include "test_rigs.hpp"

namespace exocore {
namespace {

SkeletonSpec free_box(const std::string& name, double mass) {
  SkeletonSpec spec;
  spec.name = name;
  BodySpec b = test::body(name + "_body", -1, JointType::Free, 0.2, mass);
  b.joint_in_child = Eigen::Isometry3d::Identity();
  b.joint_in_parent = Eigen::Isometry3d::Identity();
  b.inertia = Eigen::Vector3d(0.01, 0.02, 0.015).asDiagonal();
  spec.bodies.push_back(b);
  return spec;
}

BushingFrames offset_frames() {
  BushingFrames frames;
  frames.on_a = test::translation(0.05, 0.1, -0.02);
  frames.on_a.linear() = Eigen::AngleAxisd(0.3, Eigen::Vector3d(1, 2, 3).normalized()).matrix();
  frames.on_b = test::translation(-0.03, 0.0, 0.04);
  return frames;
}

BushingParams anisotropic() {
  BushingParams p;
  p.stiffness = {1e4, 2e4, 5e3};
  p.rotational_stiffness = {500.0, 800.0, 300.0};
  p.damping = {30.0, 20.0, 10.0};
  p.rotational_damping = {2.0, 3.0, 1.0};
  return p;
}

TEST(Bushing, ZeroWrenchWhenFramesCoincide) {
  auto a = build_skeleton(free_box("a", 1.0));
  auto b = build_skeleton(free_box("b", 1.0));
  const BushingFrames frames = offset_frames();
  Eigen::VectorXd qa(6);
  qa << 0.2, -0.4, 0.1, 0.3, 1.0, -0.5;
  a->setPositions(qa);
  // Put B so that its frame lands exactly on A's.
  const Eigen::Isometry3d target =
      a->getBodyNode(0)->getWorldTransform() * frames.on_a * frames.on_b.inverse();
  b->setPositions(dart::dynamics::FreeJoint::convertToPositions(target));
  const BushingWrench w =
      evaluate_bushing(anisotropic(), frames, *a->getBodyNode(0), *b->getBodyNode(0));
  EXPECT_LT(w.deflection.norm(), 1e-12);
  EXPECT_LT(w.angles.norm(), 1e-12);
  EXPECT_LT(w.force.norm(), 1e-8);
  EXPECT_LT(w.moment.norm(), 1e-9);
}

TEST(Bushing, EulerAnglesRoundTrip) {
  const Eigen::Vector3d angles(0.4, -0.7, 1.1);
  const Eigen::Matrix3d r = (Eigen::AngleAxisd(angles[0], Eigen::Vector3d::UnitX()) *
                             Eigen::AngleAxisd(angles[1], Eigen::Vector3d::UnitY()) *
                             Eigen::AngleAxisd(angles[2], Eigen::Vector3d::UnitZ()))
                                .matrix();
  EXPECT_LT((euler_xyz(r) - angles).norm(), 1e-14);
}

double total_potential(const BushingParams& p, const BushingFrames& f, dart::dynamics::Skeleton& a,
                       dart::dynamics::Skeleton& b) {
  return evaluate_bushing(p, f, *a.getBodyNode(0), *b.getBodyNode(0)).potential_energy;
}

TEST(Bushing, SpringForceIsMinusGradientOfPotential) {
  auto a = build_skeleton(free_box("a", 1.0));
  auto b = build_skeleton(free_box("b", 1.0));
  const BushingFrames frames = offset_frames();
  const BushingParams params = anisotropic();
  std::mt19937 rng(5);
  for (int trial = 0; trial < 10; ++trial) {
    test::randomize_state(*a, rng, 0.5, 0.0);
    test::randomize_state(*b, rng, 0.5, 0.0);
    const BushingWrench w =
        evaluate_bushing(params, frames, *a->getBodyNode(0), *b->getBodyNode(0));
    Eigen::VectorXd gen_a = Eigen::VectorXd::Zero(6), gen_b = Eigen::VectorXd::Zero(6);
    add_bushing_generalized_forces(w, *a->getBodyNode(0), *b->getBodyNode(0), gen_a, gen_b);
    for (auto [skel, gen] : {std::pair{a.get(), &gen_a}, std::pair{b.get(), &gen_b}}) {
      const Eigen::VectorXd q = skel->getPositions();
      for (Eigen::Index j = 0; j < 6; ++j) {
        const double h = 1e-6;
        auto potential_at = [&](double step) {
          skel->setPositions(q);
          skel->setVelocities(Eigen::VectorXd::Unit(6, j));
          skel->integratePositions(step);
          return total_potential(params, frames, *a, *b);
        };
        const double grad = (potential_at(h) - potential_at(-h)) / (2.0 * h);
        EXPECT_NEAR((*gen)[j], -grad, 1e-5 * (1.0 + std::abs(grad)))
            << skel->getName() << " dof " << j << " trial " << trial;
      }
      skel->setPositions(q);
      skel->setVelocities(Eigen::VectorXd::Zero(6));
    }
  }
}

// A world-fixed anchor and a free box hanging from it on a bushing.
struct HangingRig {
  World world;
  std::shared_ptr<dart::dynamics::Skeleton> anchor, box;
  BushingParams params;
  BushingFrames frames;

  HangingRig(double mass, const BushingParams& p, const Eigen::Vector3d& gravity)
      : world(make_params(gravity)), params(p) {
    SkeletonSpec anchor_spec = free_box("anchor", 1.0);
    anchor_spec.bodies[0].joint = JointType::Weld;
    anchor = build_skeleton(anchor_spec);
    box = build_skeleton(free_box("box", mass));
    world.add_skeleton(anchor);
    world.add_skeleton(box);
  }
  static WorldParams make_params(const Eigen::Vector3d& gravity) {
    WorldParams w;
    w.gravity = gravity;
    w.time_step = 1e-3;
    return w;
  }
  // Applies the bushing to the box (the anchor is welded, its reaction is unused).
  BushingWrench apply() {
    const BushingWrench w =
        evaluate_bushing(params, frames, *anchor->getBodyNode(0), *box->getBodyNode(0));
    Eigen::VectorXd gen_anchor = Eigen::VectorXd::Zero(0);
    Eigen::VectorXd gen_box = Eigen::VectorXd::Zero(6);
    add_bushing_generalized_forces(w, *anchor->getBodyNode(0), *box->getBodyNode(0), gen_anchor,
                                   gen_box);
    box->setForces(gen_box);
    return w;
  }
};

TEST(Bushing, HangingMassSettlesAtWeightOverStiffness) {
  BushingParams p;
  p.stiffness = {2e4, 5e3, 2e4};
  p.damping = Eigen::Vector3d::Constant(150.0);
  p.rotational_stiffness = Eigen::Vector3d::Constant(200.0);
  p.rotational_damping = Eigen::Vector3d::Constant(2.0);
  const double mass = 4.0, g = 9.81;
  HangingRig rig(mass, p, Eigen::Vector3d(0.0, -g, 0.0));
  for (int i = 0; i < 3000; ++i) {
    rig.apply();
    rig.world.step();
  }
  const BushingWrench w = rig.apply();
  EXPECT_NEAR(w.deflection.y(), -mass * g / p.stiffness.y(), 1e-6);
  EXPECT_NEAR(w.deflection.x(), 0.0, 1e-9);
  EXPECT_NEAR(w.force.y(), mass * g, 1e-3);
}

TEST(Bushing, DampingDissipatesAndSpringsConserveEnergy) {
  for (bool damped : {false, true}) {
    BushingParams p;
    p.stiffness = {4e3, 6e3, 5e3};
    p.rotational_stiffness = {50.0, 80.0, 60.0};
    p.damping = Eigen::Vector3d::Constant(damped ? 20.0 : 0.0);
    p.rotational_damping = Eigen::Vector3d::Constant(damped ? 0.2 : 0.0);
    HangingRig rig(2.0, p, Eigen::Vector3d::Zero());
    Eigen::VectorXd q(6);
    q << 0.1, -0.05, 0.08, 0.02, -0.01, 0.015;
    rig.box->setPositions(q);
    auto energy = [&] { return rig.box->computeKineticEnergy() + rig.apply().potential_energy; };
    const double e0 = energy();
    double previous = e0;
    bool monotonic = true;
    for (int i = 0; i < 1000; ++i) {
      rig.world.step();
      const double e = energy();
      monotonic = monotonic && e <= previous + 1e-9 * e0;
      previous = e;
    }
    if (damped) {
      EXPECT_TRUE(monotonic);
      EXPECT_LT(previous, 0.2 * e0);
    } else {
      EXPECT_NEAR(previous, e0, 0.02 * e0);  // semi-implicit Euler: bounded drift only
    }
  }
}

}  // namespace
}  // namespace exocore
