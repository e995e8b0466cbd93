// Thelen 2003 curves at their defining points and against the original equations.
#include <gtest/gtest.h>

#include <cmath>

#include "exocore/muscle.hpp"

namespace exocore {
namespace {

TEST(ActiveForceLength, PeaksAtOptimalLengthWithGaussianWidth) {
  EXPECT_DOUBLE_EQ(active_force_length(1.0), 1.0);
  const double half_width = std::sqrt(0.45);  // exp(-x^2/gamma) = 1/e at x^2 = gamma
  EXPECT_NEAR(active_force_length(1.0 + half_width), std::exp(-1.0), 1e-15);
  EXPECT_NEAR(active_force_length(1.0 - half_width), std::exp(-1.0), 1e-15);
  EXPECT_LT(active_force_length(0.4), active_force_length(0.8));
}

TEST(PassiveForceLength, ZeroWhenSlackAndOneAtReferenceStrain) {
  EXPECT_EQ(passive_force_length(0.7), 0.0);
  EXPECT_EQ(passive_force_length(1.0), 0.0);
  for (double k : {4.0, 5.0}) {
    EXPECT_NEAR(passive_force_length(1.6, k, 0.6), 1.0, 1e-14) << "k_P = " << k;
  }
  // OpenSim's Thelen2003Muscle (k_P = 5, e0 = 0.6): f_P(1.3) = 0.0759.
  EXPECT_NEAR(passive_force_length(1.3, 5.0, 0.6), 0.0759, 5e-5);
  // Thelen's k_P = 4: (e^2 - 1) / (e^4 - 1) = 1 / (e^2 + 1).
  EXPECT_NEAR(passive_force_length(1.3, 4.0, 0.6), 1.0 / (std::exp(2.0) + 1.0), 1e-14);
}

// Thelen 2003 eq. 6-7 at full activation (a f_L = 1): the fibre velocity, in units
// of v_max, that produces the normalised force f.
double thelen_velocity_for_force(double f, double af, double flen) {
  const double b = f <= 1.0 ? 1.0 + f / af : (2.0 + 2.0 / af) * (flen - f) / (flen - 1.0);
  return (f - 1.0) / b;
}

TEST(ForceVelocity, InvertsThelensVelocityEquation) {
  for (double f : {0.0, 0.05, 0.3, 0.6, 0.9, 0.999, 1.0, 1.01, 1.1, 1.2, 1.3, 1.32}) {
    const double v = thelen_velocity_for_force(f, 0.25, 1.4);
    EXPECT_NEAR(force_velocity(v), f, 1e-12) << "f = " << f << ", v = " << v;
  }
}

TEST(ForceVelocity, DefiningPointsAndBranches) {
  EXPECT_DOUBLE_EQ(force_velocity(0.0), 1.0);
  EXPECT_DOUBLE_EQ(force_velocity(-1.0), 0.0);
  EXPECT_DOUBLE_EQ(force_velocity(-3.0), 0.0);  // never negative
  // Past 0.95 f_len the curve continues as a straight line with matching value and
  // slope, so it keeps rising instead of saturating.
  const double v_switch = thelen_velocity_for_force(0.95 * 1.4, 0.25, 1.4);
  const double h = 1e-6;
  const double left_slope = (force_velocity(v_switch) - force_velocity(v_switch - h)) / h;
  const double right_slope = (force_velocity(v_switch + h) - force_velocity(v_switch)) / h;
  EXPECT_NEAR(left_slope, right_slope, 1e-4 * left_slope);
  EXPECT_NEAR(force_velocity(v_switch + 1.0) - force_velocity(v_switch), right_slope, 1e-6);
  EXPECT_GT(force_velocity(5.0), 1.4);
  double previous = -1.0;
  for (double v = -1.2; v < 2.0; v += 0.01) {
    const double f = force_velocity(v);
    EXPECT_GE(f, previous) << "not monotonic at v = " << v;
    previous = f;
  }
}

// Exact time for Thelen's activation ODE to move from a0 to a under constant u
// (separable: dt = tau(a) da / (u - a)).
double activation_time_analytic(double a0, double a, double u, const MuscleParams& p) {
  if (u > a0) {
    return p.activation_time * ((0.5 + 1.5 * u) * std::log((u - a0) / (u - a)) - 1.5 * (a - a0));
  }
  const double coef_a = 1.0 / (0.5 + 1.5 * u);
  const double coef_b = 1.0 / (u + 1.0 / 3.0);
  return p.deactivation_time * (-coef_a * std::log((a - u) / (a0 - u)) +
                                coef_b / 1.5 * std::log((0.5 + 1.5 * a) / (0.5 + 1.5 * a0)));
}

TEST(Activation, FollowsThelenTimeConstants) {
  MuscleParams p;
  const double dt = 1e-6;
  for (auto [a0, u] :
       {std::pair{0.01, 1.0}, std::pair{0.2, 0.7}, std::pair{1.0, 0.01}, std::pair{0.8, 0.3}}) {
    double a = a0;
    double t = 0.0;
    while (t < 0.02) {
      a = integrate_activation(a, u, dt, p);
      t += dt;
    }
    EXPECT_NEAR(activation_time_analytic(a0, a, u, p), t, 2e-5)
        << "a0 = " << a0 << ", u = " << u << ", a(t) = " << a;
  }
  // At a = 0 the time constants are tau/2 (rise) and 2 tau (fall): with min
  // activation the initial slopes follow.
  EXPECT_NEAR(activation_derivative(0.0, 1.0, p), 1.0 / (0.5 * 0.015), 1e-9);
  EXPECT_NEAR(activation_derivative(1.0, 0.01, p), (0.01 - 1.0) / (0.05 / 2.0), 1e-9);
}

TEST(Activation, StaysInRangeForAnyStep) {
  MuscleParams p;
  EXPECT_DOUBLE_EQ(integrate_activation(0.5, 5.0, 10.0, p), 1.0);
  EXPECT_DOUBLE_EQ(integrate_activation(0.5, -5.0, 10.0, p), p.min_activation);
  EXPECT_GE(integrate_activation(0.0, 0.0, 1e-3, p), p.min_activation);
}

TEST(MuscleForceTerms, RigidTendonAndConstantThicknessPennation) {
  MuscleParams p;
  p.max_isometric_force = 2000.0;
  p.optimal_fiber_length = 0.1;
  p.tendon_slack_length = 0.3;
  p.optimal_pennation = 0.3;
  // At l_MT = l_s + l_opt cos(alpha_opt) the fibre is at optimal length.
  const double at_optimum = 0.3 + 0.1 * std::cos(0.3);
  MuscleForceTerms t = muscle_force_terms(p, at_optimum, 0.0);
  EXPECT_NEAR(t.fiber_length, 0.1, 1e-14);
  EXPECT_NEAR(t.pennation, 0.3, 1e-12);
  EXPECT_NEAR(t.active_per_activation, 2000.0 * std::cos(0.3), 1e-9);
  EXPECT_EQ(t.passive, 0.0);
  // Longer path: thickness l sin(alpha) stays l_opt sin(alpha_opt).
  t = muscle_force_terms(p, at_optimum + 0.05, 0.4);
  EXPECT_NEAR(t.fiber_length * std::sin(t.pennation), 0.1 * std::sin(0.3), 1e-14);
  EXPECT_NEAR(t.fiber_velocity, 0.4 * std::cos(t.pennation), 1e-14);
  const double l = t.fiber_length / 0.1;
  const double v = t.fiber_velocity / (10.0 * 0.1);
  EXPECT_NEAR(t.active_per_activation,
              2000.0 * active_force_length(l) * force_velocity(v) * std::cos(t.pennation), 1e-9);
  EXPECT_NEAR(t.passive, 2000.0 * passive_force_length(l) * std::cos(t.pennation), 1e-9);
  EXPECT_NEAR(muscle_tension(t, 0.5), 0.5 * t.active_per_activation + t.passive, 1e-12);
}

}  // namespace
}  // namespace exocore
