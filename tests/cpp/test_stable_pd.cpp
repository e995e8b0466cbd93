// Stable PD: torques and accelerations obey the equations of motion, the 1-dof case
// matches the hand-derived implicit formula, and stiff gains on a light body stay
// stable at a time step where the explicit PD law diverges.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <dart/dynamics/DegreeOfFreedom.hpp>
#include <dart/dynamics/Skeleton.hpp>
#include <random>

#include "exocore/skeleton.hpp"
#include "exocore/stable_pd.hpp"
#include "test_rigs.hpp"

namespace exocore {
namespace {

TEST(StablePD, TorqueAndAccelerationSatisfyTheEquationsOfMotion) {
  const int n = 9;
  Eigen::MatrixXd a = Eigen::MatrixXd::Random(n, n);
  const Eigen::MatrixXd mass = a * a.transpose() + n * Eigen::MatrixXd::Identity(n, n);
  StablePDInput in;
  in.mass = &mass;
  in.bias = Eigen::VectorXd::Random(n);
  in.external = Eigen::VectorXd::Random(n);
  in.position_error = Eigen::VectorXd::Random(n);
  in.velocity_error = Eigen::VectorXd::Random(n);
  in.kp = Eigen::VectorXd::Constant(n, 300.0);
  in.kd = Eigen::VectorXd::Constant(n, 35.0);
  in.kp.head<3>().setZero();  // an unactuated base
  in.kd.head<3>().setZero();
  in.dt = 1.0 / 600.0;
  const StablePDOutput out = stable_pd(in);
  const Eigen::VectorXd residual = mass * out.acceleration - (out.torque + in.external - in.bias);
  EXPECT_LT(residual.cwiseAbs().maxCoeff(), 1e-10);
  EXPECT_EQ(out.torque.head<3>().cwiseAbs().maxCoeff(), 0.0);
  // The damping acts on the predicted next velocity: tau = kp e + kd (e_v - dt q'').
  const Eigen::VectorXd expected = in.kp.cwiseProduct(in.position_error) +
                                   in.kd.cwiseProduct(in.velocity_error) -
                                   in.dt * in.kd.cwiseProduct(out.acceleration);
  EXPECT_LT((out.torque - expected).cwiseAbs().maxCoeff(), 1e-10);
}

TEST(StablePD, OneDofMatchesTheImplicitFormula) {
  const double m = 2.0, kp = 400.0, kd = 40.0, dt = 0.01, e = 0.3, ev = -0.5, g = 7.0;
  const Eigen::MatrixXd mass = Eigen::MatrixXd::Constant(1, 1, m);
  StablePDInput in;
  in.mass = &mass;
  in.bias = Eigen::VectorXd::Constant(1, g);
  in.external = Eigen::VectorXd::Zero(1);
  in.position_error = Eigen::VectorXd::Constant(1, e);
  in.velocity_error = Eigen::VectorXd::Constant(1, ev);
  in.kp = Eigen::VectorXd::Constant(1, kp);
  in.kd = Eigen::VectorXd::Constant(1, kd);
  in.dt = dt;
  const StablePDOutput out = stable_pd(in);
  // m q'' = kp e + kd (ev - dt q'') - g  =>  q'' = (kp e + kd ev - g) / (m + dt kd).
  const double acceleration = (kp * e + kd * ev - g) / (m + dt * kd);
  EXPECT_NEAR(out.acceleration[0], acceleration, 1e-12);
  EXPECT_NEAR(out.torque[0], kp * e + kd * (ev - dt * acceleration), 1e-12);
}

// A 10 g body on a stiff joint at 600 Hz: semi-implicit Euler with the explicit PD law
// diverges (dt kd / m = 5.3 > 2); with stable PD it settles on the target.
double final_error(bool stable) {
  const double m = 0.01, kp = 1000.0, kd = 2.0 * std::sqrt(kp), dt = 1.0 / 600.0, target = 0.2;
  const Eigen::MatrixXd mass = Eigen::MatrixXd::Constant(1, 1, m);
  double q = 0.0, v = 0.0;
  for (int step = 0; step < 600; ++step) {
    double torque = kp * (target - q) - kd * v;
    if (stable) {
      StablePDInput in;
      in.mass = &mass;
      in.bias = in.external = Eigen::VectorXd::Zero(1);
      in.position_error = Eigen::VectorXd::Constant(1, target - q - dt * v);
      in.velocity_error = Eigen::VectorXd::Constant(1, -v);
      in.kp = Eigen::VectorXd::Constant(1, kp);
      in.kd = Eigen::VectorXd::Constant(1, kd);
      in.dt = dt;
      torque = stable_pd(in).torque[0];
    }
    v += dt * torque / m;
    q += dt * v;
    if (!std::isfinite(q) || std::abs(q) > 1e6) return INFINITY;
  }
  return std::abs(q - target);
}

TEST(StablePD, StiffGainsOnALightBodyStayStableWhereExplicitPDDiverges) {
  EXPECT_FALSE(final_error(false) < 1.0);
  EXPECT_LT(final_error(true), 1e-6);
}

// DART's articulated-body pass with implicit joint damping solves the same system as
// the dense (M + dt Kd) factorisation, on a floating-base rig in random states.
TEST(StablePD, ArticulatedBodyVersionEqualsTheDenseOne) {
  auto skeleton = build_skeleton(test::two_leg_spec());
  const double dt = 1.0 / 600.0;
  skeleton->setTimeStep(dt);
  std::mt19937 rng(5);
  for (int trial = 0; trial < 5; ++trial) {
    test::randomize_state(*skeleton, rng);
    const auto n = static_cast<Eigen::Index>(skeleton->getNumDofs());
    const Eigen::MatrixXd mass = skeleton->getMassMatrix();
    StablePDInput in;
    in.mass = &mass;
    in.bias = skeleton->getCoriolisAndGravityForces();
    in.external = 10.0 * Eigen::VectorXd::Random(n);
    in.position_error = 0.3 * Eigen::VectorXd::Random(n);
    in.velocity_error = Eigen::VectorXd::Random(n);
    in.kp = Eigen::VectorXd::Constant(n, 300.0);
    in.kd = Eigen::VectorXd::Constant(n, 35.0);
    in.kp.head<6>().setZero();
    in.kd.head<6>().setZero();
    in.dt = dt;
    const StablePDOutput dense = stable_pd(in);
    const StablePDOutput articulated = stable_pd_articulated(*skeleton, in);
    EXPECT_LT((dense.acceleration - articulated.acceleration).cwiseAbs().maxCoeff(), 1e-8);
    EXPECT_LT((dense.torque - articulated.torque).cwiseAbs().maxCoeff(), 1e-8);
    for (std::size_t i = 0; i < skeleton->getNumDofs(); ++i) {
      EXPECT_EQ(skeleton->getDof(i)->getDampingCoefficient(), 0.0);  // restored
    }
  }
}

TEST(StablePD, RejectsMismatchedSizesAndNegativeGains) {
  const Eigen::MatrixXd mass = Eigen::MatrixXd::Identity(2, 2);
  StablePDInput in;
  EXPECT_THROW(stable_pd(in), std::invalid_argument);
  in.mass = &mass;
  in.bias = in.external = in.position_error = in.velocity_error = Eigen::VectorXd::Zero(2);
  in.kp = in.kd = Eigen::VectorXd::Zero(3);
  EXPECT_THROW(stable_pd(in), std::invalid_argument);
  in.kp = in.kd = Eigen::VectorXd::Constant(2, -1.0);
  EXPECT_THROW(stable_pd(in), std::invalid_argument);
}

}  // namespace
}  // namespace exocore
