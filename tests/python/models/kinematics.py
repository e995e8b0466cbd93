"""Finite-difference moment arms, independent of the compiled core: forward kinematics of
the model's plain data (every frame is aligned with the world in the standing pose and
its origin is the joint centre), path lengths, and r = -dl/dq."""

from __future__ import annotations

import numpy as np
from exocore.models.types import Model, Muscle, neutral_point, neutral_transforms

# A pose: body name -> rotation of its joint (3x3, in the body's standing-pose frame).
Pose = dict[str, np.ndarray]


def rotation(axis: int | np.ndarray, angle: float) -> np.ndarray:
    """Rotation by `angle` [rad] about `axis` (an index 0-2 or a vector), Rodrigues."""
    axis = np.eye(3)[axis] if isinstance(axis, int) else np.asarray(axis, dtype=float)
    axis = axis / np.linalg.norm(axis)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * k @ k


def posed_transforms(model: Model, pose: Pose) -> dict[str, np.ndarray]:
    """World transforms with the joints of `pose` turned (the root stays put)."""
    neutral = neutral_transforms(model.bodies)
    out: dict[str, np.ndarray] = {}
    for b in model.bodies:
        if b.parent is None:
            out[b.name] = neutral[b.name]
            continue
        local = np.eye(4)
        local[:3, :3] = pose.get(b.name, np.eye(3))
        rel = np.linalg.inv(neutral[b.parent]) @ neutral[b.name]
        out[b.name] = out[b.parent] @ rel @ local
    return out


def muscle(model: Model, name: str) -> Muscle:
    return next(m for m in model.muscles if m.name == name)


def length(transforms: dict[str, np.ndarray], m: Muscle) -> float:
    pts = [neutral_point(transforms, p) for p in m.path]
    return float(sum(np.linalg.norm(b - a) for a, b in zip(pts[:-1], pts[1:])))


def posed_moment_arm(
    model: Model, name: str, pose: Pose, body: str, axis: int, h: float = 1e-4
) -> float:
    """r = -dl/dq [m] of muscle `name` about body-fixed `axis` of the joint of `body`."""
    m = muscle(model, name)
    base = pose.get(body, np.eye(3))
    lengths = []
    for step in (h, -h):
        turned = dict(pose)
        turned[body] = base @ rotation(axis, step)
        lengths.append(length(posed_transforms(model, turned), m))
    return -(lengths[0] - lengths[1]) / (2 * h)


def moment_arm(model: Model, muscle_name: str, body: str, axis: int, h: float = 1e-4) -> float:
    """r = -dl/dq at the standing pose [m]."""
    return posed_moment_arm(model, muscle_name, {}, body, axis, h)
