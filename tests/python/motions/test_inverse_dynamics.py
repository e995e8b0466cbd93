"""Inverse dynamics of reference motions with the ground reaction split between the feet,
checked by Newton-Euler's own books (the pelvis rows must balance), free flight (a rigid
body falling needs no joint torque), the mirror symmetry of quiet standing, and muscle
capacity bounds that must contain the torque of any activation pattern."""

from __future__ import annotations

import functools

import numpy as np
from exocore import _core
from exocore.models import human
from exocore.models.core_specs import to_core_specs
from exocore.motions import Motion, reference
from exocore.motions.inverse_dynamics import joint_torques, muscle_capacity

RATE = 120.0


@functools.cache
def model() -> tuple[_core.SkeletonSpec, list[_core.Muscle]]:
    return to_core_specs(human())


def standing(root_height: float = 0.0, fall: bool = False) -> Motion:
    """The neutral pose, at rest on the ground or (fall=True) dropping from 1 m up."""
    spec = model()[0]
    names = tuple(_core.build_skeleton(spec).dof_names)
    t = np.arange(7) / RATE
    q = np.zeros((len(t), len(names)))
    dq = np.zeros_like(q)
    if fall:
        q[:, 4] = 1.0 - 0.5 * 9.81 * t**2
        dq[:, 4] = -9.81 * t
    q[:, 4] += root_height
    return Motion(t, names, q, dq, np.zeros(len(t)), np.full(len(t), "test"))


def test_walking_torques_balance_the_pelvis() -> None:
    walk = reference("walk", 1.25, duration=1.2)
    result = joint_torques(walk, model()[0])
    inner = slice(2, -2)  # central differences at the ends are one-sided
    weight = result.wrench.weight
    assert np.abs(result.torque[inner, :6]).max() < 1e-6 * weight
    # Without the ground the pelvis would carry the body: the split is what balances it.
    knee = result.dof_names.index("TibiaR")
    assert np.abs(result.torque[inner, knee]).max() > 20.0


def test_free_fall_needs_no_joint_torque() -> None:
    result = joint_torques(standing(fall=True), model()[0])
    assert np.abs(result.wrench.force[1:-1]).max() < 1e-6 * result.wrench.weight
    assert np.abs(result.torque[1:-1]).max() < 1e-6


def test_quiet_standing_is_mirror_symmetric() -> None:
    result = joint_torques(standing(), model()[0])
    names = result.dof_names
    tau = result.torque[3]
    assert np.abs(tau[:6]).max() < 1e-6 * result.wrench.weight
    for right, left in (("FemurR_x", "FemurL_x"), ("TibiaR", "TibiaL"), ("TalusR_x", "TalusL_x")):
        # Sagittal torques are equal on both sides: each leg carries half the body.
        a, b = tau[names.index(right)], tau[names.index(left)]
        assert abs(a - b) < 1e-6 * (1.0 + abs(a))
    ankle = names.index("TalusR_x")
    assert abs(tau[ankle]) > 0.1  # the weight's line misses the ankle axis


def test_capacity_bounds_contain_every_activation_pattern() -> None:
    spec, muscles = model()
    walk = reference("walk", 1.25, duration=0.3)
    bounds = muscle_capacity(walk, spec, muscles)
    skeleton = _core.build_skeleton(spec)
    rng = np.random.default_rng(0)
    for t in (0, len(walk.time) // 2, len(walk.time) - 1):
        skeleton.positions = walk.positions[t]
        skeleton.velocities = walk.velocities[t]
        kinematics = _core.compute_muscle_kinematics(skeleton, muscles)
        arms = np.asarray(kinematics.moment_arm)
        for activations in (np.zeros(len(muscles)), rng.uniform(size=len(muscles))):
            forces = _core.compute_muscle_forces(muscles, kinematics, activations)
            tau = arms @ np.asarray(forces.tension)
            slack = 1e-9 * (1.0 + np.abs(tau))
            assert np.all(tau >= bounds.lower[t] - slack)
            assert np.all(tau <= bounds.upper[t] + slack)
    # Every leg dof can be driven both ways.
    names = tuple(walk.dof_names)
    for dof in ("FemurR_x", "TibiaR", "TalusR_x"):
        i = names.index(dof)
        assert np.all(bounds.upper[:, i] > bounds.lower[:, i] + 10.0)
