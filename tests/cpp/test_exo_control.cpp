// Exo actuator: filter and PD(+saturation) step responses against analytic
// second-order solutions, with the plant simulated by DART.
#include <gtest/gtest.h>

#include <cmath>
#include <dart/dynamics/Skeleton.hpp>
#include <unsupported/Eigen/MatrixFunctions>

#include "exocore/exo_control.hpp"
#include "exocore/world.hpp"
#include "test_rigs.hpp"

namespace exocore {
namespace {

// Continuous unit-step response of y'' = w^2 (1 - y) - 2 zeta w y' from rest.
double analytic_step(double w, double zeta, double t) {
  if (zeta < 1.0) {
    const double wd = w * std::sqrt(1.0 - zeta * zeta);
    return 1.0 - std::exp(-zeta * w * t) * (std::cos(wd * t) + zeta * w / wd * std::sin(wd * t));
  }
  if (zeta == 1.0) return 1.0 - std::exp(-w * t) * (1.0 + w * t);
  const double wh = w * std::sqrt(zeta * zeta - 1.0);
  return 1.0 - std::exp(-zeta * w * t) * (std::cosh(wh * t) + zeta * w / wh * std::sinh(wh * t));
}

TEST(LowPass, StepResponseIsTheAnalyticSecondOrderResponse) {
  for (double zeta : {0.3, 1.0 / std::sqrt(2.0), 1.0, 2.5}) {
    for (double dt : {1.0 / 600.0, 0.01}) {
      const double cutoff = 6.0;
      const SecondOrderLowPass f = make_low_pass(cutoff, zeta, dt);
      LowPassState state;
      for (int i = 1; i <= 200; ++i) {
        const double y = low_pass_step(f, state, 1.0);
        ASSERT_NEAR(y, analytic_step(2.0 * M_PI * cutoff, zeta, i * dt), 1e-12)
            << "zeta " << zeta << " dt " << dt << " step " << i;
      }
    }
  }
}

TEST(Pd, LawAndSaturation) {
  const PDGains g;
  EXPECT_DOUBLE_EQ(pd_torque(g, 0.5, 0.2, 1.0), 50.0 * 0.3 - 14.14 * 1.0);
  EXPECT_DOUBLE_EQ(saturate(25.0, 18.0), 18.0);
  EXPECT_DOUBLE_EQ(saturate(-25.0, 18.0), -18.0);
  EXPECT_DOUBLE_EQ(saturate(3.0, 18.0), 3.0);
}

// A single hip-like link on a revolute joint about x, no gravity: I theta'' = tau.
struct Pendulum {
  World world;
  std::shared_ptr<dart::dynamics::Skeleton> skel;
  explicit Pendulum(double inertia, double dt) : world(params(dt)) {
    SkeletonSpec spec;
    spec.name = "link";
    BodySpec b = test::body("link", -1, JointType::Revolute, 0.0, 1.0);
    b.axis = Eigen::Vector3d::UnitX();
    b.joint_in_child = Eigen::Isometry3d::Identity();
    b.joint_in_parent = Eigen::Isometry3d::Identity();
    b.inertia = Eigen::Vector3d(inertia, 1.0, 1.0).asDiagonal();
    spec.bodies.push_back(b);
    skel = build_skeleton(spec);
    world.add_skeleton(skel);
  }
  static WorldParams params(double dt) {
    WorldParams p;
    p.time_step = dt;
    p.gravity.setZero();
    return p;
  }
};

TEST(ExoActuator, PdWithFilterMatchesTheLinearSystemSolution) {
  // State [theta, theta', y, y'] of plant + filter, input target u: x' = A x + B u.
  const double inertia = 0.8, dt = 2e-5, cutoff = 4.0, zeta = 0.7;
  ExoActuatorParams params;
  params.filter_cutoff_hz = cutoff;
  params.filter_damping = zeta;
  params.max_torque = 1e9;  // linear regime
  const double w = 2.0 * M_PI * cutoff;
  Eigen::Matrix<double, 5, 5> a = Eigen::Matrix<double, 5, 5>::Zero();  // last state: u
  a(0, 1) = 1.0;
  a(1, 0) = -params.gains.kp / inertia;
  a(1, 1) = -params.gains.kv / inertia;
  a(1, 2) = params.gains.kp / inertia;
  a(2, 3) = 1.0;
  a(3, 2) = -w * w;
  a(3, 3) = -2.0 * zeta * w;
  a(3, 4) = w * w;
  Eigen::Matrix<double, 5, 1> x0;
  x0 << 0.0, 0.0, 0.0, 0.0, 0.3;  // 0.3 rad target step

  Pendulum rig(inertia, dt);
  const SecondOrderLowPass filter = make_low_pass(cutoff, zeta, dt);
  ExoActuatorState state;
  double max_error = 0.0;
  for (int i = 0; i < 50000; ++i) {  // 1 s
    const ExoActuatorOutput out = exo_actuator_step(
        params, filter, state, 0.3, rig.skel->getPosition(0), rig.skel->getVelocity(0));
    rig.skel->setForce(0, out.torque);
    rig.world.step();
    if (i % 1000 == 999) {
      const Eigen::Matrix<double, 5, 1> x = (a * rig.world.time()).exp() * x0;
      max_error = std::max(max_error, std::abs(rig.skel->getPosition(0) - x[0]));
    }
  }
  EXPECT_LT(max_error, 2e-3 * 0.3);  // first-order time stepping of the plant
  EXPECT_NEAR(rig.skel->getPosition(0), 0.3, 0.01);
}

TEST(ExoActuator, SaturatedStepAcceleratesAtMaxTorque) {
  // kp * 1 rad = 50 N m > 18 N m: the link starts with constant torque 18 N m,
  // theta = 9 t^2 / I, until the PD demand drops below the limit.
  const double inertia = 2.0, dt = 1e-5;
  ExoActuatorParams params;
  params.filter_cutoff_hz = 1e6;  // effectively no filter
  params.filter_damping = 1.0;
  Pendulum rig(inertia, dt);
  const SecondOrderLowPass filter = make_low_pass(params.filter_cutoff_hz, 1.0, dt);
  ExoActuatorState state;
  for (int i = 0; i < 10000; ++i) {  // 0.1 s: demand stays > 18 N m
    const ExoActuatorOutput out = exo_actuator_step(
        params, filter, state, 1.0, rig.skel->getPosition(0), rig.skel->getVelocity(0));
    ASSERT_DOUBLE_EQ(out.torque, 18.0) << "step " << i;
    rig.skel->setForce(0, out.torque);
    rig.world.step();
  }
  const double t = rig.world.time();
  EXPECT_NEAR(rig.skel->getPosition(0), 0.5 * 18.0 / inertia * t * t,
              1e-3 * 0.5 * 18.0 / inertia * t * t);
  EXPECT_NEAR(rig.skel->getVelocity(0), 18.0 / inertia * t, 1e-9);
}

TEST(DelayLine, DelaysByTheRequestedNumberOfPushes) {
  DelayLine<double, 5> line;
  EXPECT_EQ(delayed_sample(line), 0.0);
  EXPECT_EQ(set_delay(line, 2), 2u);
  push_sample(line, 1.0);
  EXPECT_EQ(delayed_sample(line), 1.0);  // only one sample yet: the oldest
  push_sample(line, 2.0);
  push_sample(line, 3.0);
  EXPECT_EQ(delayed_sample(line), 1.0);
  for (double v = 4.0; v < 20.0; v += 1.0) {
    push_sample(line, v);
    EXPECT_EQ(delayed_sample(line), v - 2.0);
  }
  EXPECT_EQ(set_delay(line, 10), 4u);  // clamped to capacity - 1
  EXPECT_EQ(delayed_sample(line), 15.0);
  set_delay(line, 0);
  EXPECT_EQ(delayed_sample(line), 19.0);
}

}  // namespace
}  // namespace exocore
