#include "exocore/muscle.hpp"

#include <algorithm>
#include <cmath>

namespace exocore {

double active_force_length(double norm_fiber_length, double active_width) {
  const double x = norm_fiber_length - 1.0;
  return std::exp(-x * x / active_width);
}

double passive_force_length(double norm_fiber_length, double passive_shape, double passive_strain) {
  if (norm_fiber_length <= 1.0) return 0.0;  // a slack fibre cannot push
  return (std::exp(passive_shape * (norm_fiber_length - 1.0) / passive_strain) - 1.0) /
         (std::exp(passive_shape) - 1.0);
}

double force_velocity(double v, double fv_shape, double fv_max_lengthening) {
  if (v <= 0.0) {
    // Concentric branch: Thelen's hyperbola, zero at v = -v_max and never negative.
    if (v <= -1.0) return 0.0;
    return (1.0 + v) / (1.0 - v / fv_shape);
  }
  // Eccentric branch, approaching f_len; linear past 0.95 f_len (OpenSim).
  const double k = (2.0 + 2.0 / fv_shape) / (fv_max_lengthening - 1.0);
  const double f_switch = 0.95 * fv_max_lengthening;
  // v at which the hyperbola reaches f_switch: (1 + v k f_len) / (1 + v k) = f_switch.
  const double v_switch = (f_switch - 1.0) / (k * (fv_max_lengthening - f_switch));
  if (v <= v_switch) return (1.0 + v * k * fv_max_lengthening) / (1.0 + v * k);
  const double denom = 1.0 + v_switch * k;
  const double slope = k * (fv_max_lengthening - 1.0) / (denom * denom);
  return f_switch + slope * (v - v_switch);
}

namespace {
double activation_time_constant(double activation, double excitation, const MuscleParams& p) {
  const double a = std::clamp(activation, 0.0, 1.0);
  return excitation > activation ? p.activation_time * (0.5 + 1.5 * a)
                                 : p.deactivation_time / (0.5 + 1.5 * a);
}
}  // namespace

double activation_derivative(double activation, double excitation, const MuscleParams& params) {
  const double u = std::clamp(excitation, params.min_activation, 1.0);
  return (u - activation) / activation_time_constant(activation, u, params);
}

double integrate_activation(double activation, double excitation, double dt,
                            const MuscleParams& params) {
  const double u = std::clamp(excitation, params.min_activation, 1.0);
  const double tau = activation_time_constant(activation, u, params);
  const double a = u + (activation - u) * std::exp(-dt / tau);
  return std::clamp(a, params.min_activation, 1.0);
}

MuscleForceTerms muscle_force_terms(const MuscleParams& p, double path_length,
                                    double path_velocity) {
  MuscleForceTerms t;
  const double thickness = p.optimal_fiber_length * std::sin(p.optimal_pennation);
  // A fibre shorter than its thickness would need pennation > 90 deg; keep a floor.
  const double projected =
      std::max(path_length - p.tendon_slack_length, 1e-3 * p.optimal_fiber_length);
  t.fiber_length = std::sqrt(projected * projected + thickness * thickness);
  const double cos_pennation = projected / t.fiber_length;
  t.pennation = std::acos(std::clamp(cos_pennation, -1.0, 1.0));
  t.fiber_velocity = cos_pennation * path_velocity;

  const double l_norm = t.fiber_length / p.optimal_fiber_length;
  const double v_norm = t.fiber_velocity / (p.max_contraction_velocity * p.optimal_fiber_length);
  t.active_per_activation = p.max_isometric_force * active_force_length(l_norm, p.active_width) *
                            force_velocity(v_norm, p.fv_shape, p.fv_max_lengthening) *
                            cos_pennation;
  t.passive = p.max_isometric_force *
              passive_force_length(l_norm, p.passive_shape, p.passive_strain) * cos_pennation;
  return t;
}

}  // namespace exocore
