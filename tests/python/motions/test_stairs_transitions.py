"""Stair geometry in the world, the stair reference on it, and the blended transition."""

from __future__ import annotations

import numpy as np
import pytest
from exocore import _core
from exocore.motions import StairSpec, add_stairs, reference, staircase_for, transition_reference
from exocore.motions.stairs import STANCE, foot_extents, stance_steps
from exocore.motions.trajectory import SIDES, kinematic_model
from exocore.motions.validation import contact_report


@pytest.fixture(scope="module")
def stair_clip():
    m = reference("stairs", duration=6.0)
    return m, staircase_for(m, 0.17, 0.28)


def test_staircase_spec_and_world():
    spec = StairSpec()
    assert spec.height(np.array([0.0, spec.start_z + 0.01, spec.start_z + 0.3, 99.0])).tolist() == [
        0.0, 0.17, 0.34, 7 * 0.17,
    ]  # fmt: skip
    world = _core.World()
    world.add_ground()
    stairs = add_stairs(world, spec)
    assert stairs.num_bodies == 7 and stairs.num_dofs == 0
    top = stairs.body_transform(6)[:3, 3]
    assert top[1] == pytest.approx(0.5 * 7 * 0.17)
    world.step(3)
    with pytest.raises(ValueError):
        StairSpec(rise=-0.1)


def test_stair_feet_land_on_treads(stair_clip):
    m, spec = stair_clip
    kin = kinematic_model(1.70)
    report = contact_report(m, kin, STANCE, spec.height)
    assert report.penetration < 0.01, report  # no point of either foot inside a step
    assert report.stance_height < 0.01, report  # stance foot on its tread
    assert report.max_slide < 0.02, report
    for side in SIDES:
        step = stance_steps(m, side)
        heel, toe = foot_extents(m, kin, side)
        on = step >= 1
        nosing = spec.start_z + (step[on] - 1) * spec.run
        assert np.all(toe[on] <= nosing + spec.run), "toes run into the next riser"
        # The heel may overhang the nosing (as in real ascent) but most of the foot is on.
        assert np.all(heel[on] >= nosing - 0.08), (heel[on] - nosing).min()
        assert len(np.unique(step[on])) >= 2


def test_stair_swing_foot_clears_the_step_edges(stair_clip):
    m, spec = stair_clip
    kin = kinematic_model(1.70)
    for side in SIDES:
        pts = kin.world_points(m.positions, side)
        swing = stance_steps(m, side) < 0
        clearance = (pts[..., 1] - spec.height(pts[..., 2])).min(axis=1)
        assert clearance[swing].min() > -0.005, clearance[swing].min()


@pytest.fixture(scope="module")
def trial():
    return transition_reference()


def test_transition_order_and_speeds(trial):
    m = trial.motion
    labels = [m.activity[0]]
    for a in m.activity[1:]:
        if a != labels[-1]:
            labels.append(str(a))
    assert labels == ["walk", "run", "walk", "stairs"]
    z, t = m.column("Pelvis_pos_z"), m.time
    for label, speed, tol in (("run", 2.0, 0.15), ("walk", 0.8, 0.1)):
        idx = np.flatnonzero(m.activity == label)
        mid = idx[len(idx) // 4 : 3 * len(idx) // 4] if label == "run" else idx[: len(idx) // 3]
        v = (z[mid[-1]] - z[mid[0]]) / (t[mid[-1]] - t[mid[0]])
        assert v == pytest.approx(speed, abs=tol), (label, v)
    assert m.column("Pelvis_pos_y")[-1] > 6 * 0.17 - 0.1  # climbed the flight


def test_transition_is_continuous(trial):
    """Per-sample jumps no larger than in the steady clips at the same rate."""
    m = trial.motion
    steady = [reference(a, v, duration=4.0) for a, v in (("walk", 0.8), ("run", 2.0))]
    steady.append(reference("stairs", duration=4.0))
    max_dq = max(np.abs(np.diff(s.positions, axis=0)).max(axis=0).max() for s in steady)
    max_dv = max(np.abs(np.diff(s.velocities, axis=0)).max() for s in steady)
    dq = np.abs(np.diff(m.positions, axis=0)).max()
    dv = np.abs(np.diff(m.velocities, axis=0)).max()
    assert dq <= 1.2 * max_dq, (dq, max_dq)
    assert dv <= 1.2 * max_dv, (dv, max_dv)
    # Velocities agree with the positions' differences (no hidden jumps) as well as in
    # the steady clips (the difference there comes from the motion's jerk at landing).
    rev = [m.dof_names.index(n) for n in ("TibiaR", "TibiaL", "ForeArmR")]

    def mismatch(clip):
        fd = np.diff(clip.positions[:, rev], axis=0) / np.diff(clip.time)[:, None]
        return np.abs(fd - 0.5 * (clip.velocities[1:, rev] + clip.velocities[:-1, rev])).max()

    assert mismatch(m) <= 1.2 * max(mismatch(s) for s in steady), mismatch(m)


def test_transition_feet_stay_above_terrain(trial):
    kin = kinematic_model(1.70)
    for side in SIDES:
        pts = kin.world_points(trial.motion.positions, side)
        clearance = pts[..., 1] - trial.stairs.height(pts[..., 2])
        assert clearance.min() > -0.01
