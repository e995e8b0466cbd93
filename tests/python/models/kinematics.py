"""Finite-difference moment arms on the standing pose, independent of the compiled core:
rotating the subtree below a joint about one of its axes and measuring path lengths."""

from __future__ import annotations

import numpy as np
from exocore.models.types import Model, neutral_point, neutral_transforms


def _rotation(axis: np.ndarray, angle: float) -> np.ndarray:
    axis = axis / np.linalg.norm(axis)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * k @ k


def subtree(model: Model, body: str) -> set[str]:
    out = {body}
    for b in model.bodies:
        if b.parent in out:
            out.add(b.name)
    return out


def path_length(model: Model, muscle: str, body: str, axis: int, angle: float) -> float:
    """Length of `muscle` with the joint of `body` turned by `angle` about world axis
    `axis` (all frames are aligned with the world in the standing pose)."""
    transforms = neutral_transforms(model.bodies)
    moved = subtree(model, body)
    centre = transforms[body][:3, 3]
    rot = _rotation(np.eye(3)[axis], angle)
    m = next(m for m in model.muscles if m.name == muscle)
    pts = []
    for p in m.path:
        x = neutral_point(transforms, p)
        pts.append(centre + rot @ (x - centre) if p.body in moved else x)
    return float(sum(np.linalg.norm(b - a) for a, b in zip(pts[:-1], pts[1:])))


def moment_arm(model: Model, muscle: str, body: str, axis: int, h: float = 1e-4) -> float:
    """r = -dl/dq at the standing pose [m]."""
    plus = path_length(model, muscle, body, axis, h)
    minus = path_length(model, muscle, body, axis, -h)
    return -(plus - minus) / (2 * h)
