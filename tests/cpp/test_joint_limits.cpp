// Soft joint limits: a dof pressed past its limit by a constant torque settles where
// the spring balances it (q = limit + tau / K), nothing acts inside the range, a stiff
// limit on a 10 g body stays stable at 600 Hz, and stable PD reports the limit torque
// it solved with so that M q'' = tau + external + joint_passive - c holds.
#include <gtest/gtest.h>

#include <cmath>
#include <dart/dynamics/DegreeOfFreedom.hpp>
#include <dart/dynamics/Skeleton.hpp>
#include <random>

#include "exocore/joint_limits.hpp"
#include "exocore/skeleton.hpp"
#include "exocore/stable_pd.hpp"
#include "test_rigs.hpp"

namespace exocore {
namespace {

constexpr double kDt = 1.0 / 600.0;

// One body on a revolute joint about z, no gravity, limits [-0.5, 0.5] rad.
std::shared_ptr<dart::dynamics::Skeleton> hinge(double mass) {
  SkeletonSpec spec;
  BodySpec b = test::body("link", -1, JointType::Revolute, 0.3, mass);
  b.axis = Eigen::Vector3d::UnitZ();
  b.lower_limits = Eigen::VectorXd::Constant(1, -0.5);
  b.upper_limits = Eigen::VectorXd::Constant(1, 0.5);
  spec.bodies.push_back(b);
  auto skel = build_skeleton(spec);
  skel->setGravity(Eigen::Vector3d::Zero());
  skel->setTimeStep(kDt);
  disable_hard_joint_limits(*skel);
  return skel;
}

// Semi-implicit Euler steps of the skeleton alone (DART's integration without a world).
void step(dart::dynamics::Skeleton& skel, const SoftLimitParams& params, double torque) {
  update_soft_joint_limits(skel, params, kDt);
  skel.setForces(Eigen::VectorXd::Constant(1, torque));
  skel.computeForwardDynamics();
  skel.integrateVelocities(kDt);
  skel.integratePositions(kDt);
}

TEST(SoftJointLimits, ConstantTorqueSettlesWhereTheSpringBalancesIt) {
  auto skel = hinge(1.0);
  SoftLimitParams params;
  params.stiffness = 2000.0;
  params.damping = 20.0;
  const double torque = 30.0;
  for (int i = 0; i < 3000; ++i) step(*skel, params, torque);
  EXPECT_NEAR(skel->getPosition(0), 0.5 + torque / params.stiffness, 1e-6);
  EXPECT_NEAR(skel->getVelocity(0), 0.0, 1e-6);
  for (int i = 0; i < 3000; ++i) step(*skel, params, -torque);
  EXPECT_NEAR(skel->getPosition(0), -0.5 - torque / params.stiffness, 1e-6);
}

TEST(SoftJointLimits, InsideTheRangeNothingActs) {
  auto skel = hinge(1.0);
  skel->setVelocity(0, 0.3);
  const double inertia = skel->getMassMatrix()(0, 0);
  for (int i = 0; i < 600; ++i) {
    step(*skel, SoftLimitParams{}, 0.01);
    ASSERT_LT(skel->getPosition(0), 0.5);
  }
  // Free rotation under a constant torque: q = v0 t + tau t^2 / (2 I).
  const double t = 600 * kDt;
  EXPECT_NEAR(skel->getPosition(0), 0.3 * t + 0.01 * t * t / (2.0 * inertia), 1e-3);
  EXPECT_EQ(skel->getDof(0)->getSpringStiffness(), 0.0);
}

TEST(SoftJointLimits, StiffLimitOnALightBodyStaysStable) {
  // 10 g: an explicit spring of 1e5 N m/rad would need dt < 2 sqrt(I / K) ~ 1e-5 s.
  auto skel = hinge(0.01);
  skel->setVelocity(0, 20.0);
  SoftLimitParams params;
  params.stiffness = 1e5;
  params.damping = 1.0;
  double deepest = 0.0;
  for (int i = 0; i < 1200; ++i) {
    step(*skel, params, 0.0);
    ASSERT_TRUE(std::isfinite(skel->getPosition(0)));
    deepest = std::max(deepest, skel->getPosition(0) - 0.5);
  }
  EXPECT_LT(deepest, 0.05);
  EXPECT_LT(std::abs(skel->getPosition(0)), 0.6);
}

TEST(SoftJointLimits, StablePDReportsTheLimitTorqueItSolvedWith) {
  SkeletonSpec spec = test::two_leg_spec();
  for (BodySpec& b : spec.bodies) {
    if (b.joint == JointType::Free) continue;
    const auto n = static_cast<Eigen::Index>(joint_dofs(b.joint));
    b.lower_limits = Eigen::VectorXd::Constant(n, -0.2);
    b.upper_limits = Eigen::VectorXd::Constant(n, 0.2);
  }
  auto skel = build_skeleton(spec);
  skel->setTimeStep(kDt);
  disable_hard_joint_limits(*skel);
  std::mt19937 rng(3);
  test::randomize_state(*skel, rng, 0.6, 2.0);
  const int engaged = update_soft_joint_limits(*skel, SoftLimitParams{}, kDt);
  ASSERT_GT(engaged, 3);
  const auto n = static_cast<Eigen::Index>(skel->getNumDofs());
  StablePDInput in;
  in.external = 5.0 * Eigen::VectorXd::Random(n);
  in.position_error = 0.2 * Eigen::VectorXd::Random(n);
  in.velocity_error = Eigen::VectorXd::Random(n);
  in.kp = Eigen::VectorXd::Constant(n, 300.0);
  in.kd = Eigen::VectorXd::Constant(n, 35.0);
  in.kp.head<6>().setZero();
  in.kd.head<6>().setZero();
  in.dt = kDt;
  const StablePDOutput out = stable_pd_articulated(*skel, in);
  const Eigen::VectorXd residual = skel->getMassMatrix() * out.acceleration +
                                   skel->getCoriolisAndGravityForces() -
                                   (out.torque + in.external + out.joint_passive);
  EXPECT_LT(residual.cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_GT(out.joint_passive.cwiseAbs().maxCoeff(), 10.0);
  // The limit springs and damping are still there for the step that follows.
  int still = 0;
  for (std::size_t i = 0; i < skel->getNumDofs(); ++i) {
    still += skel->getDof(i)->getSpringStiffness() > 0.0 ? 1 : 0;
    if (skel->getDof(i)->getSpringStiffness() > 0.0) {
      EXPECT_EQ(skel->getDof(i)->getDampingCoefficient(), SoftLimitParams{}.damping);
    }
  }
  EXPECT_EQ(still, engaged);
}

TEST(SoftJointLimits, RejectsNegativeParameters) {
  auto skel = hinge(1.0);
  SoftLimitParams bad;
  bad.stiffness = -1.0;
  EXPECT_THROW(update_soft_joint_limits(*skel, bad, kDt), std::invalid_argument);
}

}  // namespace
}  // namespace exocore
