"""Small skeletons for the binding tests."""

from __future__ import annotations

import numpy as np
import pytest
from exocore import _core


def translation(x: float, y: float, z: float) -> np.ndarray:
    t = np.eye(4)
    t[:3, 3] = (x, y, z)
    return t


def make_body(name: str, parent: int, joint: _core.JointType, length: float) -> _core.BodySpec:
    b = _core.BodySpec()
    b.name = name
    b.parent = parent
    b.joint = joint
    b.axis = np.array([1.0, 0.0, 0.0])
    b.joint_in_child = translation(0.0, length / 2.0, 0.0)
    b.joint_in_parent = translation(0.0, -length / 2.0, 0.0) if parent > 0 else np.eye(4)
    b.mass = 2.0
    b.inertia = np.diag([0.03, 0.01, 0.03])
    return b


@pytest.fixture
def chain_spec() -> _core.SkeletonSpec:
    """Free root, ball hip, revolute knee, ball ankle: 6 + 3 + 1 + 3 = 13 dof."""
    spec = _core.SkeletonSpec()
    spec.name = "chain"
    root = make_body("root", -1, _core.JointType.FREE, 0.2)
    root.joint_in_child = np.eye(4)
    spec.bodies = [
        root,
        make_body("thigh", 0, _core.JointType.BALL, 0.4),
        make_body("shank", 1, _core.JointType.REVOLUTE, 0.4),
        make_body("foot", 2, _core.JointType.BALL, 0.1),
    ]
    return spec


@pytest.fixture
def chain_muscles() -> list[_core.Muscle]:
    def muscle(name: str, path: list[tuple[int, tuple[float, float, float]]]) -> _core.Muscle:
        params = _core.MuscleParams()
        params.optimal_fiber_length = 0.12
        params.tendon_slack_length = 0.25
        return _core.Muscle(name, params, [_core.PathPoint(b, np.array(o)) for b, o in path])

    return [
        muscle("hip", [(0, (0.0, 0.0, 0.08)), (1, (0.0, 0.05, 0.06)), (1, (0.0, -0.05, 0.04))]),
        muscle(
            "biarticular",
            [(0, (0.02, 0.0, -0.07)), (1, (0.0, -0.15, -0.05)), (2, (0.0, 0.1, -0.04))],
        ),
        muscle("ankle", [(2, (0.0, 0.15, -0.05)), (3, (0.0, 0.0, -0.06))]),
    ]
