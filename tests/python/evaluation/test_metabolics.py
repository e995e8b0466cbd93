"""Umberger (2010) metabolics against numbers worked out by hand from the published
equations (see exocore.evaluation.metabolics for the sources)."""

from __future__ import annotations

import numpy as np
import pytest
from exocore import _core, models
from exocore.evaluation import metabolics as mb

F_MAX, L_OPT, V_MAX = 1000.0, 0.1, 10.0
MASS = 1000.0 / 0.25e6 * 1059.7 * 0.1  # PCSA * density * l_opt = 0.423880 kg


def one_muscle(slow_twitch: float = 0.5) -> mb.MuscleTable:
    def a(x: float) -> np.ndarray:
        return np.array([x])

    return mb.MuscleTable(
        names=("m",),
        max_isometric_force=a(F_MAX),
        optimal_fiber_length=a(L_OPT),
        tendon_slack_length=a(0.2),
        optimal_pennation=a(0.0),
        max_contraction_velocity=a(V_MAX),
        active_width=a(0.45),
        fv_shape=a(0.25),
        fv_max_lengthening=a(1.4),
        lower_limb=np.array([True]),
        mass=mb.muscle_mass(a(F_MAX), a(L_OPT)),
        slow_twitch=a(slow_twitch),
    )


def rates(
    table: mb.MuscleTable,
    a: float,
    length: float,
    v: float,
    fiso: float,
    force: float,
    u: float | None = None,
    floor: float = mb.MIN_HEAT_RATE,
) -> mb.MetabolicRates:
    return mb.umberger2010(
        table,
        [a],
        [length],
        [v],
        [fiso],
        [force],
        excitation=None if u is None else [u],
        min_heat_rate=floor,
    )


def test_muscle_mass() -> None:
    assert mb.muscle_mass(F_MAX, L_OPT) == pytest.approx(0.4238800, rel=1e-6)
    assert one_muscle().mass[0] == pytest.approx(MASS)


def test_isometric_at_optimal_length() -> None:
    # 50 % fast twitch: h_AM = 1.28 * 50 + 25 = 89 W/kg; A = 0.5; S = 1.5.
    r = rates(one_muscle(), a=0.5, length=L_OPT, v=0.0, fiso=1.0, force=500.0)
    am = 89.0 * 0.5**0.6 * 1.5  # 88.0772 W/kg
    assert am == pytest.approx(88.0772, abs=1e-4)
    assert r.activation_maintenance[0] == pytest.approx(am * MASS)
    assert r.shortening[0] == 0.0 and r.work[0] == 0.0
    assert r.total[0] == pytest.approx(88.0772 * 0.42388, rel=1e-5)  # 37.3342 W


def test_concentric() -> None:
    # v = -0.3 m/s = -3 l_opt/s. alpha_ST = 100 / (10 / 2.5) = 25, alpha_FT = 153 / 10 = 15.3.
    # SL = (25 * 3 * 0.5 + 15.3 * 3 * 0.5) * A^2 * S = 60.45 * 0.25 * 1.5 = 22.66875 W/kg.
    # Work = F * |v| = 400 N * 0.3 m/s = 120 W.
    r = rates(one_muscle(), a=0.5, length=L_OPT, v=-0.3, fiso=1.0, force=400.0)
    assert r.shortening[0] == pytest.approx(22.66875 * MASS)
    assert r.work[0] == pytest.approx(120.0)
    assert r.total[0] == pytest.approx((88.0772 + 22.66875) * MASS + 120.0, rel=1e-5)


def test_eccentric_no_negative_work() -> None:
    # v = +0.2 m/s = 2 l_opt/s: SL = 0.3 * 25 * 2 * A * S = 0.3 * 25 * 2 * 0.5 * 1.5 = 11.25.
    r = rates(one_muscle(), a=0.5, length=L_OPT, v=0.2, fiso=1.0, force=1200.0)
    assert r.shortening[0] == pytest.approx(11.25 * MASS)
    assert r.work[0] == 0.0  # Umberger (2010): lengthening work is not credited
    assert r.total[0] == pytest.approx((88.0772 + 11.25) * MASS, rel=1e-5)


def test_descending_limb_scales_heat_by_fiso() -> None:
    # l = 1.2 l_opt, f_iso = 0.6: AM * (0.4 + 0.6 * 0.6) = 0.76 AM; SL * 0.6.
    r = rates(one_muscle(), a=0.5, length=0.12, v=-0.3, fiso=0.6, force=0.0)
    assert r.activation_maintenance[0] == pytest.approx(0.76 * 88.0772 * MASS, rel=1e-5)
    assert r.shortening[0] == pytest.approx(0.6 * 22.66875 * MASS)


def test_fibre_type_and_slow_twitch_cap() -> None:
    # All slow twitch: h_AM = 25 W/kg; shortening at 5 l_opt/s gives 25 * 5 = 125 W/kg,
    # capped at 100 W/kg before scaling: SL = 100 * A^2 * S with A = 1 -> 150 W/kg.
    r = rates(one_muscle(1.0), a=1.0, length=L_OPT, v=-0.5, fiso=1.0, force=0.0)
    assert r.activation_maintenance[0] == pytest.approx(25.0 * 1.5 * MASS)
    assert r.shortening[0] == pytest.approx(150.0 * MASS)
    # All fast twitch: h_AM = 153; SL = 15.3 * 5 * 1.5 = 114.75 W/kg (no cap).
    r = rates(one_muscle(0.0), a=1.0, length=L_OPT, v=-0.5, fiso=1.0, force=0.0)
    assert r.activation_maintenance[0] == pytest.approx(153.0 * 1.5 * MASS)
    assert r.shortening[0] == pytest.approx(114.75 * MASS)


def test_excitation_sets_A() -> None:
    t = one_muscle()
    up = rates(t, a=0.2, length=L_OPT, v=0.0, fiso=1.0, force=0.0, u=0.8)  # A = u = 0.8
    assert up.activation_maintenance[0] == pytest.approx(89.0 * 0.8**0.6 * 1.5 * MASS)
    down = rates(t, a=0.8, length=L_OPT, v=0.0, fiso=1.0, force=0.0, u=0.2)  # A = 0.5
    assert down.activation_maintenance[0] == pytest.approx(89.0 * 0.5**0.6 * 1.5 * MASS)


def test_zero_activation_and_heat_floor() -> None:
    t = one_muscle()
    r = rates(t, a=0.0, length=L_OPT, v=-0.3, fiso=1.0, force=0.0, floor=0.0)
    assert r.total[0] == 0.0
    r = rates(t, a=0.0, length=L_OPT, v=-0.3, fiso=1.0, force=0.0)
    assert r.total[0] == pytest.approx(1.0 * MASS)  # 1 W/kg floor (Umberger 2003, p. 104)


def _model_states() -> tuple[mb.MuscleTable, list[_core.Muscle], np.ndarray, np.ndarray]:
    human = models.human()
    table = mb.muscle_table(human.muscles)
    rng = np.random.default_rng(3)
    lo, ls = table.optimal_fiber_length, table.tendon_slack_length
    lengths = ls + lo * rng.uniform(0.6, 1.4, (20, len(lo)))
    velocities = lo * rng.uniform(-5.0, 3.0, (20, len(lo)))
    return table, human.muscles, lengths, velocities


def test_fiber_states_match_core() -> None:
    table, muscles, lengths, velocities = _model_states()
    fib = mb.fiber_states(table, lengths, velocities)
    for j in range(0, len(muscles), 7):
        params = _core.MuscleParams()
        for k in (
            "max_isometric_force",
            "optimal_fiber_length",
            "tendon_slack_length",
            "optimal_pennation",
            "max_contraction_velocity",
            "active_width",
            "fv_shape",
            "fv_max_lengthening",
            "passive_shape",
            "passive_strain",
        ):
            setattr(params, k, getattr(muscles[j].params, k))
        for t in (0, 9):
            terms = _core.muscle_force_terms(params, lengths[t, j], velocities[t, j])
            assert fib.length[t, j] == pytest.approx(terms.fiber_length)
            assert fib.velocity[t, j] == pytest.approx(terms.fiber_velocity)
            along_path = fib.force_per_activation[t, j] * np.cos(terms.pennation)
            assert along_path == pytest.approx(terms.active_per_activation, rel=1e-9, abs=1e-9)


def test_model_rates_zero_without_activation_and_monotonic() -> None:
    table, _, lengths, velocities = _model_states()
    zero = mb.metabolic_rates(table, np.zeros_like(lengths), lengths, velocities, min_heat_rate=0)
    assert np.all(zero.total == 0.0)
    totals = [
        mb.net_metabolic_power(
            mb.metabolic_rates(table, np.full_like(lengths, a), lengths, velocities), 72.0
        )
        for a in (0.01, 0.05, 0.2, 0.5, 1.0)
    ]
    assert np.all(np.diff(np.stack(totals), axis=0) > 0)
    gross = mb.gross_metabolic_power(
        mb.metabolic_rates(table, np.full_like(lengths, 0.2), lengths, velocities), 72.0
    )
    assert gross == pytest.approx(totals[2] + 1.2)


def test_activation_effort_and_table_errors() -> None:
    a = np.array([[0.1, 0.2, 0.9]])
    assert mb.activation_effort(a, [True, True, False])[0] == pytest.approx(0.025)
    human = models.human()
    table = mb.muscle_table(human.muscles, slow_twitch={human.muscles[0].name: 0.8})
    assert table.slow_twitch[0] == 0.8 and table.slow_twitch[1] == 0.5
    assert table.lower_limb.sum() == 108
    with pytest.raises(ValueError, match="unknown muscles"):
        mb.muscle_table(human.muscles, slow_twitch={"no_such_muscle": 0.5})
    with pytest.raises(ValueError, match="slow-twitch"):
        mb.muscle_table(human.muscles, slow_twitch=1.5)
