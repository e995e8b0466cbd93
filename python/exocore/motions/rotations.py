"""Rotations in the model's conventions: DART exponential coordinates for ball and free
joints, and the joint-angle sequence used for anatomical angles.

Anatomical angles of a ball joint are given as rotations about the model's axes
(x: flexion/extension, y: axial rotation, z: ab/adduction, already signed as the model
turns: positive x moves the distal end backwards). They compose as R = Rx(a) Rz(c) Ry(b),
the ISB order (flexion, adduction, rotation) written in the model's axes.
All functions work on arrays of shape (..., 3) / (..., 3, 3).
"""

from __future__ import annotations

import numpy as np

_EPS = 1e-12


def hat(w: np.ndarray) -> np.ndarray:
    """Skew-symmetric matrices of vectors (..., 3) -> (..., 3, 3)."""
    w = np.asarray(w, dtype=float)
    out = np.zeros(w.shape[:-1] + (3, 3))
    out[..., 0, 1], out[..., 0, 2] = -w[..., 2], w[..., 1]
    out[..., 1, 0], out[..., 1, 2] = w[..., 2], -w[..., 0]
    out[..., 2, 0], out[..., 2, 1] = -w[..., 1], w[..., 0]
    return out


def exp_map(w: np.ndarray) -> np.ndarray:
    """Rotation matrices of rotation vectors (Rodrigues)."""
    w = np.asarray(w, dtype=float)
    theta = np.linalg.norm(w, axis=-1)[..., None, None]
    k = hat(w)
    small = theta < 1e-8
    safe = np.where(small, 1.0, theta)
    a = np.where(small, 1.0 - theta**2 / 6.0, np.sin(safe) / safe)
    b = np.where(small, 0.5 - theta**2 / 24.0, (1.0 - np.cos(safe)) / safe**2)
    return np.eye(3) + a * k + b * (k @ k)


def log_map(r: np.ndarray) -> np.ndarray:
    """Rotation vectors (angle < pi) of rotation matrices."""
    r = np.asarray(r, dtype=float)
    cos = np.clip((np.trace(r, axis1=-2, axis2=-1) - 1.0) * 0.5, -1.0, 1.0)
    theta = np.arccos(cos)
    v = np.stack(
        [r[..., 2, 1] - r[..., 1, 2], r[..., 0, 2] - r[..., 2, 0], r[..., 1, 0] - r[..., 0, 1]],
        axis=-1,
    )
    sin = np.sin(theta)
    small = sin < 1e-7
    scale = np.where(small, 0.5 + theta**2 / 12.0, theta / (2.0 * np.where(small, 1.0, sin)))
    out = scale[..., None] * v
    near_pi = (theta > np.pi - 1e-4)[..., None]
    if np.any(near_pi):
        # Axis from the symmetric part when sin(theta) ~ 0 (theta ~ pi).
        sym = 0.5 * (r + np.swapaxes(r, -1, -2)) - cos[..., None, None] * np.eye(3)
        idx = np.argmax(np.diagonal(sym, axis1=-2, axis2=-1), axis=-1)
        axis = np.take_along_axis(sym, idx[..., None, None], axis=-2)[..., 0, :]
        axis /= np.maximum(np.linalg.norm(axis, axis=-1, keepdims=True), _EPS)
        axis *= np.where(np.sum(axis * v, axis=-1, keepdims=True) < 0, -1.0, 1.0)
        out = np.where(near_pi, theta[..., None] * axis, out)
    return out


def axis_rotation(axis: int, angle: np.ndarray) -> np.ndarray:
    """Rotations by `angle` (...) about coordinate axis 0, 1 or 2."""
    angle = np.asarray(angle, dtype=float)
    c, s = np.cos(angle), np.sin(angle)
    out = np.zeros(angle.shape + (3, 3))
    i, j = [(1, 2), (2, 0), (0, 1)][axis]
    out[..., axis, axis] = 1.0
    out[..., i, i], out[..., j, j] = c, c
    out[..., i, j], out[..., j, i] = -s, s
    return out


def angles_to_matrix(xyz: np.ndarray) -> np.ndarray:
    """R = Rx(a) Rz(c) Ry(b) of model-axis angles (..., 3) = (a, b, c)."""
    xyz = np.asarray(xyz, dtype=float)
    return (
        axis_rotation(0, xyz[..., 0])
        @ axis_rotation(2, xyz[..., 2])
        @ axis_rotation(1, xyz[..., 1])
    )


def matrix_to_angles(r: np.ndarray) -> np.ndarray:
    """Inverse of `angles_to_matrix` (middle angle c in (-pi/2, pi/2))."""
    r = np.asarray(r, dtype=float)
    # R = Rx(a) Rz(c) Ry(b): R[0,1] = -sin c, R[2,1] = sin a cos c, R[1,1] = cos a cos c,
    # R[0,2] = cos c sin b, R[0,0] = cos c cos b.
    c = np.arcsin(np.clip(-r[..., 0, 1], -1.0, 1.0))
    a = np.arctan2(r[..., 2, 1], r[..., 1, 1])
    b = np.arctan2(r[..., 0, 2], r[..., 0, 0])
    return np.stack([a, b, c], axis=-1)


def angles_to_expmap(xyz: np.ndarray) -> np.ndarray:
    """Model-axis angles (a, b, c) -> DART exponential coordinates."""
    return log_map(angles_to_matrix(xyz))


def expmap_to_angles(w: np.ndarray) -> np.ndarray:
    """DART exponential coordinates -> model-axis angles (a, b, c)."""
    return matrix_to_angles(exp_map(w))


def body_angular_velocity(r0: np.ndarray, r1: np.ndarray, dt: float) -> np.ndarray:
    """Body-frame angular velocity that turns r0 into r1 in dt: log(r0^T r1) / dt."""
    return log_map(np.swapaxes(r0, -1, -2) @ r1) / dt


def slerp(w0: np.ndarray, w1: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Geodesic interpolation between rotations given as exponential coordinates."""
    r0 = exp_map(w0)
    delta = log_map(np.swapaxes(r0, -1, -2) @ exp_map(w1))
    return log_map(r0 @ exp_map(np.asarray(u, dtype=float)[..., None] * delta))
