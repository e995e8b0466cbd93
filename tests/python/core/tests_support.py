"""Plain helpers shared by the binding tests (fixtures live in conftest.py)."""

from __future__ import annotations

import numpy as np
from exocore import _core


def free_body_spec(name: str, mass: float = 1.0) -> _core.SkeletonSpec:
    body = _core.BodySpec()
    body.name = name + "_body"
    body.joint = _core.JointType.FREE
    body.mass = mass
    body.inertia = np.diag([0.01, 0.02, 0.015])
    spec = _core.SkeletonSpec()
    spec.name = name
    spec.bodies = [body]
    return spec
