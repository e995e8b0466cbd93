"""Kinematic checks of a reference motion by forward kinematics of the model: foot
penetration into the ground or stair treads, sliding and turning of the stance foot,
clearance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .motion import Motion
from .trajectory import SIDES, Kinematic, stance_weights

Terrain = Callable[[np.ndarray], np.ndarray]


def flat_ground(z: np.ndarray) -> np.ndarray:
    return np.zeros_like(np.asarray(z, dtype=float))


@dataclass(frozen=True)
class FootContact:
    """Per-foot results over a clip."""

    points: np.ndarray  # (T, K, 3) world positions of the contact candidates
    lowest: np.ndarray  # (T,) index of the lowest candidate
    slip_velocity: np.ndarray  # (T, 2) horizontal (x, z) material velocity of that point
    stance: np.ndarray  # (T,) bool, from the gait phase


def foot_contacts(
    motion: Motion, kin: Kinematic, stance_fraction: float, core: float = 0.0, lead: float = 0.0
) -> dict[str, FootContact]:
    """Contact candidates of both feet; stance windows [-lead, stance_fraction - lead) of
    each foot's phase, shrunk by `core` (a fraction of the cycle) at both ends."""
    out = {}
    dt = np.gradient(motion.time)
    for side, shift in zip(SIDES, (0.0, 0.5)):
        pts = kin.world_points(motion.positions, side)
        low = np.argmin(pts[..., 1], axis=1)
        rows = np.arange(len(low))
        deriv = np.gradient(pts, axis=0) / dt[:, None, None]
        vel = deriv[rows, low][:, [0, 2]]
        local = np.mod(motion.phase - shift + lead, 1.0)
        stance = (local >= core) & (local <= stance_fraction - core)
        out[side] = FootContact(pts, low, vel, stance)
    return out


def stance_intervals(stance: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) index ranges of consecutive True runs that are complete in the clip."""
    edges = np.flatnonzero(np.diff(stance.astype(int)))
    runs = []
    starts = edges[stance[edges + 1]] + 1
    for s in starts:
        ends = edges[(edges >= s) & ~stance[edges + 1]]
        if len(ends):
            runs.append((int(s), int(ends[0]) + 1))
    return runs


@dataclass(frozen=True)
class ContactReport:
    penetration: float  # deepest point of either foot below the terrain [m] (>= 0)
    stance_height: float  # largest |height| of the stance foot's lowest point, mid-stance [m]
    max_slide: float  # largest horizontal slide of a stance foot over one stance [m]
    midstance_speed: float  # mean horizontal contact-point speed in mid-stance [m/s]
    # Largest turn of a stance foot about the vertical over one mid-stance [rad]: a foot
    # flat on the ground cannot turn without slipping, so a tracking controller turns
    # the whole body instead (the walker's heading then drifts).
    stance_yaw: float


def foot_yaw(points: np.ndarray) -> np.ndarray:
    """(T,) heading of the talus sole (heel candidate 0 to ball candidate 1) [rad]."""
    along = points[:, 1] - points[:, 0]
    return np.arctan2(along[:, 0], along[:, 2])


def contact_report(
    motion: Motion,
    kin: Kinematic,
    stance_fraction: float,
    terrain: Terrain = flat_ground,
    lead: float = 0.0,
) -> ContactReport:
    """Penetration, stance-foot height, slide and turn per stance, mid-stance speed."""
    contacts = foot_contacts(motion, kin, stance_fraction, lead=lead)
    mid = foot_contacts(motion, kin, stance_fraction, core=0.2 * stance_fraction, lead=lead)
    depth, height, slide, speed, turn = 0.0, 0.0, 0.0, 0.0, 0.0
    dt = np.gradient(motion.time)
    for side in SIDES:
        c = contacts[side]
        clearance = c.points[..., 1] - terrain(c.points[..., 2])
        depth = max(depth, float(-clearance.min()))
        low_clear = clearance.min(axis=1)
        height = max(height, float(np.abs(low_clear[mid[side].stance]).max(initial=0.0)))
        for s, e in stance_intervals(c.stance):
            moved = (c.slip_velocity[s:e] * dt[s:e, None]).sum(axis=0)
            slide = max(slide, float(np.hypot(*moved)))
        m = mid[side]
        yaw = np.unwrap(foot_yaw(m.points))
        for s, e in stance_intervals(m.stance):
            turn = max(turn, float(np.ptp(yaw[s:e])))
        speeds = np.hypot(*m.slip_velocity[m.stance].T)
        speed = max(speed, float(speeds.mean()) if len(speeds) else 0.0)
    return ContactReport(max(depth, 0.0), height, slide, speed, turn)


__all__ = [
    "ContactReport",
    "contact_report",
    "flat_ground",
    "foot_contacts",
    "foot_yaw",
    "stance_weights",
]
