"""Trials: what is recorded, falls, metabolics on recorded data, the .npz round trip."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
from exocore import models
from exocore.evaluation import metabolics as mb
from exocore.evaluation.policies import simple_policies
from exocore.evaluation.trials import (
    STEP_S,
    Participant,
    Trial,
    TrialSpec,
    load_trial,
    run_trial,
    save_trial,
    summarize_trial,
    trial_metabolics,
)

P1 = Participant("P1", 1.79, 62.0)


@functools.cache
def table() -> mb.MuscleTable:
    return mb.muscle_table(models.human().muscles)


@functools.cache
def walk_trial(condition: str = "assist-on", actuation: str = "muscles") -> Trial:
    return run_trial(
        TrialSpec("walk", 1.25, condition, P1, duration_s=0.2, seed=3), simple_policies(actuation)
    )


def test_recorded_arrays() -> None:
    t = walk_trial()
    n = len(t.time)
    assert n == 20 and not t.fell and t.error == ""
    np.testing.assert_allclose(np.diff(t.time), STEP_S, atol=1e-9)
    assert np.all((t.phase >= 0) & (t.phase < 1)) and np.all(np.diff(t.phase) > 0)
    assert t.activations.shape == t.muscle_lengths.shape == (n, 208)
    assert t.exo_torque.shape == t.exo_power.shape == t.hip_angle.shape == (n, 2)
    assert np.abs(t.exo_torque).max() <= 18.0 + 1e-9  # the exo's peak torque
    assert np.abs(t.exo_torque).max() > 0.0  # the lead law does assist
    # Power = torque x motor velocity: it changes sign with the torque where motion is one-way.
    assert np.all(np.isfinite(t.exo_power))
    off = walk_trial("assist-off")
    assert np.all(off.exo_torque == 0.0) and np.all(off.exo_power == 0.0)
    none = walk_trial("no-exo")
    assert np.all(none.exo_torque == 0.0)


def test_same_seed_same_trial() -> None:
    again = run_trial(
        TrialSpec("walk", 1.25, "assist-on", P1, duration_s=0.2, seed=3),
        simple_policies("muscles"),
    )
    t = walk_trial()
    np.testing.assert_array_equal(again.exo_torque, t.exo_torque)
    np.testing.assert_array_equal(again.activations, t.activations)


def test_npz_round_trip(tmp_path: Path) -> None:
    t = walk_trial()
    path = save_trial(t, tmp_path / "sub" / "trial.npz")
    back = load_trial(path)
    assert back.spec == t.spec and back.fell == t.fell and back.body_mass_kg == t.body_mass_kg
    keys = ("time", "phase", "exo_torque", "exo_power", "activations", "muscle_lengths")
    rest = ("muscle_velocities", "positions", "reward_terms", "exo_positions", "joint_torque")
    for k in (*keys, *rest):
        np.testing.assert_array_equal(getattr(back, k), getattr(t, k))
    assert summarize_trial(back, table()) == summarize_trial(t, table())
    assert t.exo_positions.shape == (len(t.time), 8)  # the exo's free root + 2 hips


def test_reserve_share_is_what_the_muscles_leave() -> None:
    # Without a muscle network the activations sit at their floor, so the reserves carry
    # nearly all of the joint torque; joint torques and muscles alone have none.
    reserves = walk_trial("assist-off", "muscles-with-reserves")
    assert reserves.joint_torque.shape == reserves.reserve_torque.shape == (len(reserves.time),)
    # (norms: passive muscle torque against the desired one can push it past 100 %)
    assert 80.0 < summarize_trial(reserves, table())["reserve_share_pct"] < 120.0
    for actuation in ("joint-torques", "muscles"):
        t = walk_trial("assist-off", actuation)
        assert np.all(t.joint_torque > 0.0)
        assert summarize_trial(t, table())["reserve_share_pct"] == 0.0


def test_metabolics_of_recorded_trial() -> None:
    t = walk_trial()
    met = trial_metabolics(t, table())
    # Hand route: the Umberger rates of the recorded states, lower-limb muscles / body mass.
    rates = mb.metabolic_rates(table(), t.activations, t.muscle_lengths, t.muscle_velocities)
    legs = rates.total[:, table().lower_limb].sum(axis=1) / 62.0
    np.testing.assert_allclose(met["net_w_per_kg"], legs)
    assert np.all(met["net_w_per_kg"] > 0)
    np.testing.assert_allclose(met["effort"], 0.01**2)  # no muscle network: a = 0.01
    # More activation on the same recorded states costs more.
    more = mb.metabolic_rates(table(), t.activations * 5, t.muscle_lengths, t.muscle_velocities)
    assert np.all(mb.net_metabolic_power(more, 62.0, table().lower_limb) > legs)
    s = summarize_trial(t, table())
    assert s["net_metabolic_w_per_kg"] == pytest.approx(legs[-8:].mean())  # last 40 %
    assert s["upright_s"] == pytest.approx(0.2) and s["fell"] is False


def test_fall_is_recorded_not_raised() -> None:
    # Muscle actuation without a muscle network: activations stay at 0.01 and the
    # participant collapses within half a second.
    t = run_trial(TrialSpec("walk", 1.25, "no-exo", P1, duration_s=2.0), simple_policies("muscles"))
    assert t.fell and 0.0 < t.upright_s < 1.0
    s = summarize_trial(t, table())
    assert s["fell"] is True and s["net_metabolic_w_per_kg"] is not None


def test_exo_power_sign_and_work() -> None:
    # Exo power is torque x exo-joint velocity; the exo joint is strapped to the thigh,
    # so it must agree in sign with torque x human hip-flexion velocity (straps are
    # compliant: not equal), and positive + negative work = the integral of |power|.
    t = run_trial(
        TrialSpec("walk", 1.25, "assist-on", P1, duration_s=0.6), simple_policies("joint-torques")
    )
    human_power = t.exo_torque * np.gradient(t.hip_angle, STEP_S, axis=0)
    assert np.corrcoef(human_power.ravel(), t.exo_power.ravel())[0, 1] > 0.5
    s = summarize_trial(t, table())
    total = np.abs(t.exo_power).sum() * STEP_S
    assert s["positive_work_j"] + s["negative_work_j"] == pytest.approx(total)
    share = 100.0 * s["negative_work_j"] / total
    assert s["negative_work_share_pct"] == pytest.approx(share)


def test_trial_starts_at_its_start_phase() -> None:
    """The first recorded phase (the observation's, from the simulator's reference time)
    is the asked start phase, and the body starts in that phase's pose."""
    policies = simple_policies("joint-torques")
    trials = {
        phase: run_trial(
            TrialSpec("walk", 1.25, "assist-off", P1, duration_s=0.05, start_phase=phase),
            policies,
        )
        for phase in (0.0, 0.3, 0.5)
    }
    for phase, trial in trials.items():
        assert trial.error == ""
        assert abs(trial.phase[0] - phase) < 0.02
    # Half a cycle later the legs have swapped: the hips' flexion changes places.
    first, half = trials[0.0].hip_angle[0], trials[0.5].hip_angle[0]
    np.testing.assert_allclose(half, first[::-1], atol=0.05)
    assert abs(first[0] - first[1]) > 0.2


def test_bad_start_phase_is_refused() -> None:
    with pytest.raises(ValueError, match="start_phase"):
        TrialSpec("walk", 1.25, "assist-off", P1, start_phase=1.0)
    trial = run_trial(
        TrialSpec("transition", None, "assist-on", P1, duration_s=0.05, start_phase=0.5),
        simple_policies("joint-torques"),
    )
    assert "start_phase" in trial.error and len(trial.time) == 0
