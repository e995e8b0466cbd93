"""Static optimisation: the box QP against brute force over every active set, the
solution against its own constraint (muscle torques plus reserves give inverse dynamics'
torques, recomputed by the simulator's muscle code at the found activations), reserves
against the muscles' capacity, and the metabolic cost against physiology's ordering
(quiet standing far below walking, walking dearer the faster)."""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pytest
from exocore import _core
from exocore.evaluation.metabolics import MuscleTable, muscle_table
from exocore.evaluation.static_optimization import (
    ROOT_DOFS,
    StaticOptimization,
    box_qp,
    net_metabolic_rate,
    static_optimization,
)
from exocore.models import human
from exocore.models.core_specs import to_core_specs
from exocore.motions import Motion, reference
from exocore.motions.generate import cycle
from exocore.motions.inverse_dynamics import muscle_capacity


@functools.cache
def model() -> tuple[_core.SkeletonSpec, list[_core.Muscle], MuscleTable, float]:
    body = human()
    spec, muscles = to_core_specs(body)
    return spec, muscles, muscle_table(body.muscles), body.mass


@functools.cache
def walking(
    speed: float, duration: float | None = None, stride: int = 4
) -> tuple[Motion, StaticOptimization]:
    spec, muscles, _, _ = model()
    motion = reference("walk", speed, duration=duration or cycle("walk", speed).params.stride_time)
    return motion, static_optimization(motion, spec, muscles, stride=stride)


def brute_force(h: np.ndarray, g: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Try every assignment of each variable to its lower bound, upper bound or free."""
    best, best_value = None, np.inf
    for sides in itertools.product((-1, 0, 1), repeat=len(g)):
        side = np.array(sides)
        x = np.where(side < 0, lo, hi).astype(float)
        free = side == 0
        if free.any():
            rhs = g[free] + h[np.ix_(free, ~free)] @ x[~free]
            x[free] = -np.linalg.solve(h[np.ix_(free, free)], rhs)
        if np.any(x < lo - 1e-12) or np.any(x > hi + 1e-12):
            continue
        value = 0.5 * x @ h @ x + g @ x
        if value < best_value:
            best, best_value = x, value
    assert best is not None
    return best


@pytest.mark.parametrize("seed", range(6))
def test_box_qp_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 5
    root = rng.normal(size=(n, n))
    h = root @ root.T + 0.1 * np.eye(n)
    g = rng.normal(scale=3.0, size=n)
    lo, hi = np.zeros(n), np.ones(n)
    expected = brute_force(h, g, lo, hi)
    np.testing.assert_allclose(box_qp(h, g, lo, hi), expected, atol=1e-9)
    # Any warm start reaches the same optimum.
    start = rng.uniform(-1.0, 2.0, size=n)
    np.testing.assert_allclose(box_qp(h, g, lo, hi, start), expected, atol=1e-9)


def test_box_qp_inside_the_box_is_the_newton_step() -> None:
    rng = np.random.default_rng(7)
    root = rng.normal(size=(8, 8))
    h = root @ root.T + np.eye(8)
    g = rng.normal(size=8)
    x = box_qp(h, g, np.full(8, -1e6), np.full(8, 1e6))
    np.testing.assert_allclose(x, -np.linalg.solve(h, g), atol=1e-9)


def test_muscles_and_reserves_make_the_needed_torques() -> None:
    spec, muscles, _, _ = model()
    motion, result = walking(1.25, duration=0.5, stride=3)
    assert result.activation.min() >= 0.0 and result.activation.max() <= 1.0
    assert np.all(result.reserve[:, :ROOT_DOFS] == 0.0)
    skeleton = _core.build_skeleton(spec)
    q, dq = motion.positions[::3], motion.velocities[::3]
    for t in range(len(result.time)):
        skeleton.positions, skeleton.velocities = q[t], dq[t]
        kinematics = _core.compute_muscle_kinematics(skeleton, muscles)
        forces = _core.compute_muscle_forces(muscles, kinematics, result.activation[t])
        made = np.asarray(kinematics.moment_arm) @ np.asarray(forces.tension) + result.reserve[t]
        np.testing.assert_allclose(
            made[ROOT_DOFS:], result.torque[t, ROOT_DOFS:], atol=1e-6 * (1 + np.abs(made).max())
        )
    # The muscles do the work: the hip's reserve is a small part of its torque.
    hip = result.dof_names.index("FemurR_x")
    rms = lambda x: float(np.sqrt(np.mean(x**2)))  # noqa: E731
    assert rms(result.reserve[:, hip]) < 0.1 * rms(result.torque[:, hip])


def test_reserves_cover_what_the_muscles_cannot() -> None:
    spec, muscles, _, _ = model()
    motion, result = walking(1.25, duration=0.5, stride=3)
    bounds = muscle_capacity(motion, spec, muscles)
    upper, lower = bounds.upper[::3, ROOT_DOFS:], bounds.lower[::3, ROOT_DOFS:]
    torque, reserve = result.torque[:, ROOT_DOFS:], result.reserve[:, ROOT_DOFS:]
    slack = 1e-6 * (1.0 + np.abs(torque))
    assert np.all(reserve >= torque - upper - slack)
    assert np.all(reserve <= torque - lower + slack)


def test_quiet_standing_costs_little_against_walking() -> None:
    spec, muscles, table, mass = model()
    names = tuple(_core.build_skeleton(spec).dof_names)
    t = np.arange(6) / 120.0
    q = np.zeros((len(t), len(names)))
    still = Motion(t, names, q, np.zeros_like(q), np.zeros(len(t)), np.full(len(t), "stand"))
    standing = net_metabolic_rate(static_optimization(still, spec, muscles), table, mass)
    walk = net_metabolic_rate(walking(1.25)[1], table, mass)
    assert standing > 0.0
    assert walk > 3.0 * standing


def test_walking_costs_more_the_faster() -> None:
    _, _, table, mass = model()
    costs = [
        net_metabolic_rate(walking(v)[1], table, mass, lower_limb_only=True)
        for v in (0.75, 1.25, 1.75)
    ]
    assert costs[0] < costs[1] < costs[2]


def test_bad_arguments_are_refused() -> None:
    spec, muscles, _, _ = model()
    motion = reference("walk", 1.25, duration=0.1)
    with pytest.raises(ValueError, match="reserve_torque"):
        static_optimization(motion, spec, muscles, reserve_torque=0.0)
    with pytest.raises(ValueError, match="stride"):
        static_optimization(motion, spec, muscles, stride=0)
