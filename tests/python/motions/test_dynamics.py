"""Inverse-dynamics residuals of a motion, checked on motions whose ground reaction is
known in closed form: quiet standing (body weight under the centre of mass), a
ballistic flight (no force at all), a rigid body accelerating forward (the linear
inverted pendulum's CoP offset, h a / g), a rigid spin about the vertical (a pure
free moment I w')."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from exocore import _core
from exocore.models import human
from exocore.models.core_specs import to_core_specs
from exocore.motions import Motion
from exocore.motions.dynamics import (
    GRAVITY,
    convex_hull,
    cop_outside_support,
    distance_outside,
    ground_wrench,
    support_polygon,
)

RATE = 120.0


@functools.cache
def spec() -> _core.SkeletonSpec:
    return to_core_specs(human())[0]


def rigid_motion(root: np.ndarray, root_velocity: np.ndarray) -> Motion:
    """The neutral pose carried by a root trajectory (T, 6) in DART coordinates."""
    names = tuple(_core.build_skeleton(spec()).dof_names)
    count = len(root)
    q = np.zeros((count, len(names)))
    dq = np.zeros_like(q)
    q[:, :6], dq[:, :6] = root, root_velocity
    t = np.arange(count) / RATE
    return Motion(t, names, q, dq, np.zeros(count), np.full(count, "test"))


def com_of_neutral_pose() -> np.ndarray:
    skel = _core.build_skeleton(spec())
    skel.positions = np.zeros(skel.num_dofs)
    return np.asarray(skel.com())


def test_quiet_standing_needs_body_weight_under_the_centre_of_mass() -> None:
    root = np.zeros((30, 6))
    w = ground_wrench(rigid_motion(root, root), spec())
    np.testing.assert_allclose(w.force_bw, np.tile([0.0, 1.0, 0.0], (30, 1)), atol=1e-9)
    com = com_of_neutral_pose()
    np.testing.assert_allclose(w.cop, np.tile(com[[0, 2]], (30, 1)), atol=1e-9)
    np.testing.assert_allclose(w.free_moment, 0.0, atol=1e-9)
    assert w.weight == pytest.approx(72.0 * GRAVITY, rel=1e-9)


def test_ballistic_flight_needs_no_force() -> None:
    t = np.arange(40) / RATE
    root, vel = np.zeros((40, 6)), np.zeros((40, 6))
    root[:, 4] = 0.3 * t - 0.5 * GRAVITY * t**2  # up
    root[:, 5] = 2.0 * t  # forward
    vel[:, 4] = 0.3 - GRAVITY * t  # the neutral pelvis frame is the world frame
    vel[:, 5] = 2.0
    w = ground_wrench(rigid_motion(root, vel), spec())
    # Central differences are exact for a quadratic, one-sided ones at the ends are not.
    assert np.abs(w.force_bw[1:-1]).max() < 1e-9
    assert np.all(np.isnan(w.cop[1:-1]))


def test_forward_acceleration_moves_the_cop_back_by_h_a_over_g() -> None:
    a = 2.0
    t = np.arange(40) / RATE
    root, vel = np.zeros((40, 6)), np.zeros((40, 6))
    root[:, 5], vel[:, 5] = 0.5 * a * t**2, a * t
    w = ground_wrench(rigid_motion(root, vel), spec())
    com = com_of_neutral_pose()
    inner = slice(1, -1)
    np.testing.assert_allclose(w.force_bw[inner, 2], a / GRAVITY, rtol=1e-9)
    expected = com[2] + root[inner, 5] - com[1] * a / GRAVITY
    np.testing.assert_allclose(w.cop[inner, 1], expected, atol=1e-9)


def test_spin_about_the_vertical_is_a_free_moment() -> None:
    # Constant angular acceleration about y through the pelvis origin; the COM is not
    # on that axis, so the ground also supplies the centripetal/tangential force.
    alpha = 1.5
    t = np.arange(40) / RATE
    root, vel = np.zeros((40, 6)), np.zeros((40, 6))
    root[:, 1], vel[:, 1] = 0.5 * alpha * t**2, alpha * t
    w = ground_wrench(rigid_motion(root, vel), spec())
    skel = _core.build_skeleton(spec())
    skel.positions = np.zeros(skel.num_dofs)
    # Moment about the vertical through the pelvis origin = d/dt (I_yy w) = I_yy alpha,
    # I_yy of the whole body about that axis from the mass matrix's (1, 1) entry.
    inertia = skel.mass_matrix()[1, 1]
    pelvis = skel.body_transform(0)[:3, 3]
    inner = slice(1, -1)
    f, cop = w.force[inner], w.cop[inner]
    r = np.stack([cop[:, 0] - pelvis[0], cop[:, 1] - pelvis[2]], axis=1)
    about_pelvis_axis = w.free_moment[inner] + r[:, 1] * f[:, 0] - r[:, 0] * f[:, 2]
    # The velocity-dependent (centripetal) terms are tiny at these speeds.
    np.testing.assert_allclose(about_pelvis_axis, inertia * alpha, rtol=2e-3)


def test_convex_hull_and_distance() -> None:
    square = convex_hull(np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.5]]))
    assert len(square) == 4
    assert distance_outside(np.array([0.5, 0.5]), square) == 0.0
    assert distance_outside(np.array([2.0, 0.5]), square) == pytest.approx(1.0)
    assert distance_outside(np.array([2.0, 2.0]), square) == pytest.approx(np.sqrt(2.0))
    assert distance_outside(np.array([0.5, 0.5]), np.zeros((0, 2))) == np.inf


def test_standing_cop_is_inside_the_feet() -> None:
    root = np.zeros((5, 6))
    motion = rigid_motion(root, root)
    hull = support_polygon(motion.positions[0], spec())
    assert len(hull) >= 4
    # Lifted 10 cm, no foot is down.
    assert len(support_polygon(motion.positions[0] + np.eye(56)[4] * 0.1, spec())) == 0
    assert np.all(cop_outside_support(motion, spec()) == 0.0)


def test_wrong_model_is_refused() -> None:
    motion = rigid_motion(np.zeros((3, 6)), np.zeros((3, 6)))
    motion.dof_names = motion.dof_names[:-1] + ("other",)
    with pytest.raises(ValueError, match="do not match"):
        ground_wrench(motion, spec())
