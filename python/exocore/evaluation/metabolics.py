"""Muscle metabolic energy from simulated muscle states: Umberger et al. (2003) with the
modifications of Umberger (2010), and the paper's activation-based effort measure.

Sources of the equations and constants:

- Umberger, Gerritsen & Martin (2003), "A model of human muscle energy expenditure",
  Comput. Methods Biomech. Biomed. Eng. 6(2):99-111: activation/maintenance heat
  h_AM = 1.28 %FT + 25 W/kg scaled by A^0.6 (A = u if u > a else (u + a) / 2), shortening
  heat coefficients 4*25 / v_max,ST and 153 / v_max,FT with v_max,ST = v_max,FT / 2.5,
  shortening heat scaled by A^2, lengthening heat by A, both (and the maintenance heat's
  length dependence 0.4 + 0.6 F_iso) reduced on the descending limb l > l_opt, aerobic
  scaling S = 1.5, and the rule that a muscle's total heat rate never drops below
  1.0 W/kg (p. 104).
- Umberger (2010), "Stance and swing phase costs in human walking", J. R. Soc. Interface
  7:1329-1340: lengthening heat coefficient 0.3 alpha_S,ST (was 4 alpha_S,ST) and
  negative mechanical work not credited (W = -F_CE v_CE only while shortening).
- OpenSim's Umberger2010MuscleMetabolicsProbe (Uchida et al. 2016, PLoS ONE
  11:e0150378) for the defaults used here: muscle mass = F_max / sigma * rho * l_opt
  with sigma = 0.25 MPa and rho = 1059.7 kg/m^3, a 100 W/kg cap on the unscaled
  slow-twitch shortening heat, basal rate 1.2 W/kg body mass.

Sign convention: fibre velocity < 0 is shortening (as in exocore's Hill model).
Arrays are (..., n_muscles); every rate is in W (per muscle) unless named per kg.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from exocore import _core

SPECIFIC_TENSION = 0.25e6  # N/m^2, OpenSim Umberger2010 probe default (Uchida et al. 2016)
MUSCLE_DENSITY = 1059.7  # kg/m^3, mammalian muscle (Mendez & Keys 1960), as in OpenSim
AEROBIC_FACTOR = 1.5  # S, primarily aerobic activity (Umberger et al. 2003)
MIN_HEAT_RATE = 1.0  # W/kg muscle, floor of AM + SL heat (Umberger et al. 2003, p. 104)
MAX_SLOW_SHORTENING_HEAT = 100.0  # W/kg, cap in OpenSim's Umberger2010 probe
SLOW_TWITCH_VMAX_RATIO = 2.5  # v_max,FT / v_max,ST (Umberger et al. 2003)
LENGTHENING_COEF_2010 = 0.3  # alpha_L = 0.3 alpha_S,ST (Umberger 2010)
BASAL_RATE = 1.2  # W/kg body mass, OpenSim probe default basal coefficient (Umberger 2003)
DEFAULT_SLOW_TWITCH = 0.5  # fraction of slow-twitch fibres when a muscle has no value

Array = NDArray[np.float64]


@dataclass(frozen=True)
class MuscleTable:
    """Per-muscle constants, each an (n_muscles,) array."""

    names: tuple[str, ...]
    max_isometric_force: Array  # N
    optimal_fiber_length: Array  # m
    tendon_slack_length: Array  # m
    optimal_pennation: Array  # rad
    max_contraction_velocity: Array  # l_opt / s
    active_width: Array
    fv_shape: Array
    fv_max_lengthening: Array
    lower_limb: NDArray[np.bool_]
    mass: Array  # kg
    slow_twitch: Array  # fraction in [0, 1]


def muscle_mass(
    max_isometric_force: ArrayLike,
    optimal_fiber_length: ArrayLike,
    specific_tension: float = SPECIFIC_TENSION,
    density: float = MUSCLE_DENSITY,
) -> Array:
    """Mass [kg] = PCSA * rho * l_opt with PCSA = F_max / sigma."""
    f = np.asarray(max_isometric_force, dtype=np.float64)
    lo = np.asarray(optimal_fiber_length, dtype=np.float64)
    return f / specific_tension * density * lo


def muscle_table(
    muscles: Sequence[Any],
    lower_limb: Sequence[bool] | None = None,
    slow_twitch: float | Mapping[str, float] | Sequence[float] | None = None,
    specific_tension: float = SPECIFIC_TENSION,
) -> MuscleTable:
    """The table of `muscles` (``_core.Muscle`` or ``exocore.models`` muscles: anything
    with ``.name`` and ``.params``). `slow_twitch`: one fraction for all, a per-muscle
    sequence, or a name -> fraction mapping (others get DEFAULT_SLOW_TWITCH)."""
    names = tuple(str(m.name) for m in muscles)
    n = len(names)

    def col(attr: str) -> Array:
        return np.array([float(getattr(m.params, attr)) for m in muscles], dtype=np.float64)

    if lower_limb is None:
        lower_limb = [bool(getattr(m, "lower_limb", False)) for m in muscles]
    if slow_twitch is None:
        st = np.full(n, DEFAULT_SLOW_TWITCH)
    elif isinstance(slow_twitch, Mapping):
        unknown = set(slow_twitch) - set(names)
        if unknown:
            raise ValueError(f"slow-twitch fractions for unknown muscles: {sorted(unknown)}")
        st = np.array([float(slow_twitch.get(k, DEFAULT_SLOW_TWITCH)) for k in names])
    elif isinstance(slow_twitch, (float, int)):
        st = np.full(n, float(slow_twitch))
    else:
        st = np.asarray(slow_twitch, dtype=np.float64)
    if st.shape != (n,) or np.any((st < 0) | (st > 1)):
        raise ValueError(f"slow-twitch fractions must be {n} values in [0, 1]")
    f_max, l_opt = col("max_isometric_force"), col("optimal_fiber_length")
    return MuscleTable(
        names=names,
        max_isometric_force=f_max,
        optimal_fiber_length=l_opt,
        tendon_slack_length=col("tendon_slack_length"),
        optimal_pennation=col("optimal_pennation"),
        max_contraction_velocity=col("max_contraction_velocity"),
        active_width=col("active_width"),
        fv_shape=col("fv_shape"),
        fv_max_lengthening=col("fv_max_lengthening"),
        lower_limb=np.asarray(lower_limb, dtype=bool),
        mass=muscle_mass(f_max, l_opt, specific_tension),
        slow_twitch=st,
    )


@dataclass(frozen=True)
class FiberStates:
    """Contractile-element states from path lengths and velocities (rigid tendon)."""

    length: Array  # m
    velocity: Array  # m/s, < 0 shortening
    f_iso: Array  # active force-length factor f_L(l / l_opt)
    force_per_activation: Array  # N along the fibre: F_max f_L f_V


def fiber_states(
    table: MuscleTable, path_length: ArrayLike, path_velocity: ArrayLike
) -> FiberStates:
    """Vectorised version of ``_core.muscle_force_terms`` (same geometry: constant-thickness
    pennation, rigid tendon, fibre length floored at 1e-3 l_opt), along the fibre."""
    lp = np.asarray(path_length, dtype=np.float64)
    vp = np.asarray(path_velocity, dtype=np.float64)
    l_opt = table.optimal_fiber_length
    thickness = l_opt * np.sin(table.optimal_pennation)
    projected = np.maximum(lp - table.tendon_slack_length, 1e-3 * l_opt)
    length = np.sqrt(projected**2 + thickness**2)
    cos_pennation = projected / length
    velocity = cos_pennation * vp
    f_iso = np.asarray(_core.active_force_length(length / l_opt, table.active_width))
    v_norm = velocity / (table.max_contraction_velocity * l_opt)
    f_v = np.asarray(_core.force_velocity(v_norm, table.fv_shape, table.fv_max_lengthening))
    return FiberStates(length, velocity, f_iso, table.max_isometric_force * f_iso * f_v)


@dataclass(frozen=True)
class MetabolicRates:
    """Per-muscle rates in W, shape (..., n_muscles)."""

    activation_maintenance: Array
    shortening: Array  # shortening (or lengthening) heat
    work: Array  # positive contractile-element work rate
    total: Array  # max(AM + SL, floor) * mass + work


def umberger2010(
    table: MuscleTable,
    activation: ArrayLike,
    fiber_length: ArrayLike,
    fiber_velocity: ArrayLike,
    f_iso: ArrayLike,
    active_fiber_force: ArrayLike,
    excitation: ArrayLike | None = None,
    aerobic_factor: float = AEROBIC_FACTOR,
    min_heat_rate: float = MIN_HEAT_RATE,
) -> MetabolicRates:
    """Umberger (2010) muscle energy rates.

    `activation` a and `excitation` u (None: u = a, the simulator's muscle network sets
    activations directly); `fiber_length` [m]; `fiber_velocity` [m/s, < 0 shortening];
    `f_iso` the active force-length factor; `active_fiber_force` the contractile-element
    force a F_max f_L f_V [N] (passive force does no metabolic work). `min_heat_rate`
    is the per-muscle floor on AM + SL heat in W/kg (0 disables it)."""
    a = np.asarray(activation, dtype=np.float64)
    u = a if excitation is None else np.asarray(excitation, dtype=np.float64)
    big_a = np.where(u > a, u, 0.5 * (u + a))
    l_norm = np.asarray(fiber_length, dtype=np.float64) / table.optimal_fiber_length
    v = np.asarray(fiber_velocity, dtype=np.float64)
    v_norm = v / table.optimal_fiber_length  # l_opt / s
    fiso = np.asarray(f_iso, dtype=np.float64)
    force = np.maximum(np.asarray(active_fiber_force, dtype=np.float64), 0.0)
    st = table.slow_twitch
    ft_percent = 100.0 * (1.0 - st)
    s = aerobic_factor

    h_am = 1.28 * ft_percent + 25.0
    length_factor = np.where(l_norm > 1.0, 0.4 + 0.6 * fiso, 1.0)
    am = h_am * length_factor * big_a**0.6 * s  # W/kg

    v_max_ft = table.max_contraction_velocity
    v_max_st = v_max_ft / SLOW_TWITCH_VMAX_RATIO
    alpha_st = 4.0 * 25.0 / v_max_st
    alpha_ft = 153.0 / v_max_ft
    shortening = v_norm <= 0.0
    slow = np.minimum(-alpha_st * v_norm, MAX_SLOW_SHORTENING_HEAT)
    sl_short = (slow * st - alpha_ft * v_norm * (1.0 - st)) * big_a**2 * s
    sl_long = LENGTHENING_COEF_2010 * alpha_st * v_norm * big_a * s
    sl = np.where(shortening, sl_short, sl_long)
    sl = np.where(l_norm > 1.0, sl * fiso, sl)  # W/kg

    work = np.where(shortening, -force * v, 0.0)  # W, negative work not credited (2010)
    heat = np.maximum(am + sl, min_heat_rate) if min_heat_rate > 0 else am + sl
    mass = table.mass
    return MetabolicRates(am * mass, sl * mass, work, heat * mass + work)


def metabolic_rates(
    table: MuscleTable,
    activation: ArrayLike,
    path_length: ArrayLike,
    path_velocity: ArrayLike,
    excitation: ArrayLike | None = None,
    min_heat_rate: float = MIN_HEAT_RATE,
) -> MetabolicRates:
    """Umberger (2010) rates from what the simulator records: activations and muscle
    path lengths / velocities (``ExoVecEnv.state``)."""
    a = np.asarray(activation, dtype=np.float64)
    fib = fiber_states(table, path_length, path_velocity)
    return umberger2010(
        table,
        a,
        fib.length,
        fib.velocity,
        fib.f_iso,
        a * fib.force_per_activation,
        excitation=excitation,
        min_heat_rate=min_heat_rate,
    )


def net_metabolic_power(
    rates: MetabolicRates, body_mass: float, muscles: ArrayLike | None = None
) -> Array:
    """Sum over the muscles selected by the boolean mask `muscles` (None: all) per kg
    body mass [W/kg] (net: without the basal rate)."""
    total = rates.total if muscles is None else rates.total[..., np.asarray(muscles, bool)]
    return np.sum(total, axis=-1) / body_mass


def gross_metabolic_power(
    rates: MetabolicRates, body_mass: float, muscles: ArrayLike | None = None
) -> Array:
    """Net power plus the basal rate BASAL_RATE [W/kg]."""
    return net_metabolic_power(rates, body_mass, muscles) + BASAL_RATE


def activation_effort(activation: ArrayLike, lower_limb: ArrayLike) -> Array:
    """The paper's effort measure (reward r_m): mean squared activation of the
    lower-limb muscles, per sample."""
    a = np.asarray(activation, dtype=np.float64)
    mask = np.asarray(lower_limb, dtype=bool)
    if not mask.any():
        raise ValueError("no lower-limb muscles flagged")
    return np.mean(a[..., mask] ** 2, axis=-1)
