// Hip-exoskeleton actuator control: target -> second-order low-pass -> PD (paper
// eq. 15) -> torque saturation, plus a fixed-capacity observation delay line.
//
// Header-only, C++17, no heap, no exceptions, no Eigen: the simulator and the
// device firmware (Raspberry Pi, Teensy) include this same file.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>

namespace exocore {

struct PDGains {
  double kp = 50.0;   ///< N m / rad (paper eq. 15)
  double kv = 14.14;  ///< N m s / rad
};

/// tau = kp (target - angle) - kv * velocity  (paper eqs. 10 and 15).
constexpr double pd_torque(const PDGains& gains, double target, double angle,
                           double velocity) noexcept {
  return gains.kp * (target - angle) - gains.kv * velocity;
}

/// Clamps to [-limit, limit].
constexpr double saturate(double value, double limit) noexcept {
  return value > limit ? limit : (value < -limit ? -limit : value);
}

/// y'' = w^2 (u - y) - 2 zeta w y', discretised exactly for an input held constant
/// over each step (zero-order hold): [y - u, y'] advances by Phi = exp(A dt).
struct SecondOrderLowPass {
  double phi11 = 1.0, phi12 = 0.0, phi21 = 0.0, phi22 = 1.0;
};

struct LowPassState {
  double value = 0.0;  ///< y
  double rate = 0.0;   ///< y'
};

/// Builds the filter for a natural frequency `cutoff_hz`, damping ratio `damping`
/// (1/sqrt(2): Butterworth) and step `dt`. With (A - s I)^2 = -wd^2 I for
/// s = -zeta w, exp(A t) = e^{s t} [c(t) I + g(t) (A - s I)], where c, g are
/// cos, sin/wd (zeta < 1), cosh, sinh/wh (zeta > 1) or 1, t (zeta = 1).
inline SecondOrderLowPass make_low_pass(double cutoff_hz, double damping, double dt) noexcept {
  const double w = 2.0 * 3.14159265358979323846 * cutoff_hz;
  const double s = -damping * w;
  const double disc = w * w * (1.0 - damping * damping);  // wd^2
  double c = 1.0;
  double g = dt;
  if (disc > 1e-12 * w * w) {
    const double wd = std::sqrt(disc);
    c = std::cos(wd * dt);
    g = std::sin(wd * dt) / wd;
  } else if (disc < -1e-12 * w * w) {
    const double wh = std::sqrt(-disc);
    c = std::cosh(wh * dt);
    g = std::sinh(wh * dt) / wh;
  }
  const double e = std::exp(s * dt);
  // A - sI = [[-s, 1], [-w^2, -2 zeta w - s]] = [[-s, 1], [-w^2, s]].
  SecondOrderLowPass f;
  f.phi11 = e * (c - g * s);
  f.phi12 = e * g;
  f.phi21 = -e * g * w * w;
  f.phi22 = e * (c + g * s);
  return f;
}

/// Advances the filter by one step with input `input`; returns the new output.
inline double low_pass_step(const SecondOrderLowPass& f, LowPassState& state,
                            double input) noexcept {
  const double x = state.value - input;
  const double v = state.rate;
  state.value = input + f.phi11 * x + f.phi12 * v;
  state.rate = f.phi21 * x + f.phi22 * v;
  return state.value;
}

/// Parameters of one exo joint actuator.
struct ExoActuatorParams {
  PDGains gains;
  double max_torque = 18.0;                    ///< N m per side (paper: 18 N m peak)
  double filter_cutoff_hz = 6.0;               ///< our choice: the paper gives no value
  double filter_damping = 0.7071067811865476;  ///< Butterworth
};

struct ExoActuatorState {
  LowPassState filter;
};

/// Output of one actuator update.
struct ExoActuatorOutput {
  double filtered_target = 0.0;  ///< rad
  double torque = 0.0;           ///< N m, after saturation
};

/// One update: filter the policy target, then PD on the motor angle and velocity,
/// then saturate.
inline ExoActuatorOutput exo_actuator_step(const ExoActuatorParams& params,
                                           const SecondOrderLowPass& filter,
                                           ExoActuatorState& state, double target,
                                           double motor_angle, double motor_velocity) noexcept {
  ExoActuatorOutput out;
  out.filtered_target = low_pass_step(filter, state.filter, target);
  out.torque = saturate(pd_torque(params.gains, out.filtered_target, motor_angle, motor_velocity),
                        params.max_torque);
  return out;
}

/// Delays samples by `delay` pushes (0 = no delay), up to Capacity - 1. Until
/// enough samples arrived, the oldest one is returned.
template <typename T, std::size_t Capacity>
struct DelayLine {
  static_assert(Capacity >= 1, "DelayLine needs room for at least one sample");
  std::array<T, Capacity> samples{};
  std::size_t newest = 0;  ///< index of the most recent sample
  std::size_t count = 0;   ///< samples stored, at most Capacity
  std::size_t delay = 0;
};

/// Clamps `delay` to what the line can hold; returns the delay in effect.
template <typename T, std::size_t Capacity>
std::size_t set_delay(DelayLine<T, Capacity>& line, std::size_t delay) noexcept {
  line.delay = delay < Capacity ? delay : Capacity - 1;
  return line.delay;
}

template <typename T, std::size_t Capacity>
void push_sample(DelayLine<T, Capacity>& line, const T& sample) noexcept {
  line.newest = line.count == 0 ? 0 : (line.newest + 1) % Capacity;
  line.samples[line.newest] = sample;
  if (line.count < Capacity) ++line.count;
}

/// The sample pushed `delay` pushes ago (or the oldest stored); T{} when empty.
template <typename T, std::size_t Capacity>
T delayed_sample(const DelayLine<T, Capacity>& line) noexcept {
  if (line.count == 0) return T{};
  const std::size_t back = line.delay < line.count ? line.delay : line.count - 1;
  return line.samples[(line.newest + Capacity - back) % Capacity];
}

}  // namespace exocore
