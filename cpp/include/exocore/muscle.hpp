// Hill-type musculotendon model after Thelen (2003), J. Biomech. Eng. 125:70-77,
// with a rigid tendon and constant-thickness pennation.
//
// Curves are pure scalar functions of normalised quantities; the force of a whole
// musculotendon unit along its path is F = a * F_active + F_passive, the split the
// muscle-coordination network's loss needs (paper eq. 11, MASS's L*a + b).
#pragma once

namespace exocore {

/// Parameters of one musculotendon unit. Defaults are Thelen 2003 / OpenSim 4.x.
struct MuscleParams {
  double max_isometric_force = 1000.0;     ///< F_max [N]
  double optimal_fiber_length = 0.1;       ///< l_opt [m]
  double tendon_slack_length = 0.2;        ///< l_s [m]
  double optimal_pennation = 0.0;          ///< pennation at l_opt [rad]
  double max_contraction_velocity = 10.0;  ///< v_max [optimal fibre lengths / s]
  /// Passive shape factor k_P (paper eq. 3 leaves it open). OpenSim 4.x's
  /// Thelen2003Muscle uses 5.0, so imported OpenSim models behave the same;
  /// Thelen's 2003 paper and older documents use 4.0.
  double passive_shape = 5.0;
  double passive_strain = 0.6;       ///< e0: passive strain at F_max
  double active_width = 0.45;        ///< gamma: width of the active force-length Gaussian
  double fv_shape = 0.25;            ///< Af: force-velocity shape factor
  double fv_max_lengthening = 1.4;   ///< f_len: asymptotic eccentric force / isometric force
  double activation_time = 0.015;    ///< tau_act [s]
  double deactivation_time = 0.050;  ///< tau_deact [s]
  double min_activation = 0.01;      ///< activations are kept in [min_activation, 1]
};

/// Active force-length curve, f_L(l) = exp(-(l - 1)^2 / gamma), l = l_fibre / l_opt.
double active_force_length(double norm_fiber_length, double active_width = 0.45);

/// Passive force-length curve (Thelen 2003 eq. 3, paper eq. 3):
/// f_P = (exp(k_P (l - 1) / e0) - 1) / (exp(k_P) - 1) for l > 1, 0 for a slack fibre.
double passive_force_length(double norm_fiber_length, double passive_shape = 5.0,
                            double passive_strain = 0.6);

/// Force-velocity multiplier f_V for a fibre velocity normalised by v_max * l_opt
/// (negative = shortening). Thelen 2003's curve inverted for f_V at full activation:
/// shortening (v <= 0)  f_V = (1 + v) / (1 - v / Af), 0 at v <= -1;
/// lengthening (v > 0)  f_V = (1 + v K f_len) / (1 + v K), K = (2 + 2/Af) / (f_len - 1),
/// continued linearly past f_V = 0.95 f_len as OpenSim does, so it stays monotonic.
double force_velocity(double norm_fiber_velocity, double fv_shape = 0.25,
                      double fv_max_lengthening = 1.4);

/// Thelen 2003 activation dynamics: da/dt = (u - a) / tau(a, u),
/// tau = tau_act (0.5 + 1.5 a) when u > a, tau_deact / (0.5 + 1.5 a) otherwise.
double activation_derivative(double activation, double excitation, const MuscleParams& params);

/// Advances activation by dt with tau frozen at the start of the step, exactly
/// integrating the linear ODE that remains (stable for any dt), clamped to
/// [min_activation, 1].
double integrate_activation(double activation, double excitation, double dt,
                            const MuscleParams& params);

/// Fibre state and the two force terms of a musculotendon unit, forces along the path.
struct MuscleForceTerms {
  double fiber_length = 0.0;           ///< [m]
  double fiber_velocity = 0.0;         ///< [m/s], negative = shortening
  double pennation = 0.0;              ///< [rad]
  double active_per_activation = 0.0;  ///< F_max f_L f_V cos(alpha) [N per unit activation]
  double passive = 0.0;                ///< F_max f_P cos(alpha) [N]
};

/// Rigid tendon: the fibre's projection on the path is path_length - l_s; the fibre
/// keeps its thickness l_opt sin(alpha_opt), so l_fibre = sqrt(proj^2 + h^2) and
/// v_fibre = cos(alpha) * path_velocity.
MuscleForceTerms muscle_force_terms(const MuscleParams& params, double path_length,
                                    double path_velocity);

/// Tension along the path for a given activation: a * active + passive [N].
inline double muscle_tension(const MuscleForceTerms& terms, double activation) {
  return activation * terms.active_per_activation + terms.passive;
}

}  // namespace exocore
