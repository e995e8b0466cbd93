"""The `Motion` container: generalized positions and velocities of the model over time.

Positions are DART's generalized coordinates (exponential coordinates for ball and free
rotations, the free joint's translation in the world, revolute angles [rad]); velocities
are DART's generalized velocities (body-frame angular velocities of ball/free joints and
the free joint's linear velocity in the pelvis frame).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .rotations import body_angular_velocity, exp_map, slerp


@dataclass(frozen=True)
class DofLayout:
    """Which columns of the generalized coordinates form rotations and translations."""

    names: tuple[str, ...]
    rotations: tuple[tuple[int, int, int], ...]  # ball joints and the free joint's rotation
    translations: tuple[tuple[int, int, int], ...]  # the free joint's translation
    free_rotation: tuple[int, int, int] | None

    @staticmethod
    def from_names(names: tuple[str, ...] | list[str]) -> DofLayout:
        names = tuple(names)
        index = {n: i for i, n in enumerate(names)}
        rotations, translations, free = [], [], None
        for i, n in enumerate(names):
            if n.endswith("_rot_x"):
                stem = n[: -len("x")]
                triple = (i, index[stem + "y"], index[stem + "z"])
                rotations.append(triple)
                free = triple
            elif n.endswith("_pos_x"):
                stem = n[: -len("x")]
                translations.append((i, index[stem + "y"], index[stem + "z"]))
            elif n.endswith("_x") and n[:-1] + "y" in index and n[:-1] + "z" in index:
                rotations.append((i, index[n[:-1] + "y"], index[n[:-1] + "z"]))
        return DofLayout(names, tuple(rotations), tuple(translations), free)

    @property
    def scalar(self) -> list[int]:
        """Columns that are plain scalars (revolute angles and translations)."""
        taken = {i for t in self.rotations for i in t}
        return [i for i in range(len(self.names)) if i not in taken]


@dataclass
class Motion:
    """A reference motion sampled at a fixed rate.

    time: (T,) s; positions, velocities: (T, n) in DART's coordinates (see module doc);
    phase: (T,) gait phase in [0, 1) (0 = right initial contact; NaN when unknown);
    activity: (T,) label per sample ('walk', 'run', 'stairs', or a file's name).
    """

    time: np.ndarray
    dof_names: tuple[str, ...]
    positions: np.ndarray
    velocities: np.ndarray
    phase: np.ndarray
    activity: np.ndarray
    metadata: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.time = np.asarray(self.time, dtype=float)
        self.positions = np.asarray(self.positions, dtype=float)
        self.velocities = np.asarray(self.velocities, dtype=float)
        self.phase = np.asarray(self.phase, dtype=float)
        self.activity = np.asarray(self.activity, dtype=str)
        self.dof_names = tuple(self.dof_names)
        t, n = len(self.time), len(self.dof_names)
        for name in ("positions", "velocities"):
            if getattr(self, name).shape != (t, n):
                raise ValueError(
                    f"{name} must have shape ({t}, {n}), got {getattr(self, name).shape}"
                )
        if self.phase.shape != (t,) or self.activity.shape != (t,):
            raise ValueError(f"phase and activity must have shape ({t},)")
        if t > 1 and not np.all(np.diff(self.time) > 0):
            raise ValueError("time must be strictly increasing")

    @property
    def num_frames(self) -> int:
        return len(self.time)

    @property
    def rate(self) -> float:
        """Mean sampling rate [Hz]."""
        return (self.num_frames - 1) / (self.time[-1] - self.time[0])

    @property
    def layout(self) -> DofLayout:
        return DofLayout.from_names(self.dof_names)

    def column(self, name: str) -> np.ndarray:
        return self.positions[:, self.dof_names.index(name)]

    def resample(self, rate: float) -> Motion:
        """Samples at `rate` [Hz] over the same time span: cubic Hermite interpolation of
        scalar coordinates (using the velocities), geodesic interpolation of rotations;
        velocities interpolated linearly."""
        if not rate > 0:
            raise ValueError(f"rate must be positive, got {rate}")
        t0, t1 = self.time[0], self.time[-1]
        times = t0 + np.arange(int(np.floor((t1 - t0) * rate + 1e-9)) + 1) / rate
        return self.sample(times)

    def sample(self, times: np.ndarray) -> Motion:
        """The motion at arbitrary `times` inside its span."""
        times = np.asarray(times, dtype=float)
        if times.min() < self.time[0] - 1e-9 or times.max() > self.time[-1] + 1e-9:
            raise ValueError("sample times outside the motion's time span")
        i = np.clip(np.searchsorted(self.time, times, side="right") - 1, 0, self.num_frames - 2)
        h = self.time[i + 1] - self.time[i]
        u = np.clip((times - self.time[i]) / h, 0.0, 1.0)
        q0, q1 = self.positions[i], self.positions[i + 1]
        v0, v1 = self.velocities[i], self.velocities[i + 1]
        pos = np.empty((len(times), len(self.dof_names)))
        vel = (1 - u)[:, None] * v0 + u[:, None] * v1
        h00, h10 = 2 * u**3 - 3 * u**2 + 1, u**3 - 2 * u**2 + u
        h01, h11 = -2 * u**3 + 3 * u**2, u**3 - u**2
        layout = self.layout
        world_vel = self.world_translation_velocities()
        for c in layout.scalar:
            d0, d1 = v0[:, c], v1[:, c]
            if world_vel is not None and c in world_vel[0]:
                k = world_vel[0].index(c)
                d0, d1 = world_vel[1][i, k], world_vel[1][i + 1, k]
            pos[:, c] = h00 * q0[:, c] + h10 * h * d0 + h01 * q1[:, c] + h11 * h * d1
        for triple in layout.rotations:
            cols = list(triple)
            pos[:, cols] = slerp(q0[:, cols], q1[:, cols], u)
        phase = np.interp(times, self.time, np.unwrap(self.phase * 2 * np.pi)) / (2 * np.pi)
        nearest = np.where(u < 0.5, i, i + 1)
        return Motion(
            times, self.dof_names, pos, vel, np.mod(phase, 1.0), self.activity[nearest],
            dict(self.metadata),
        )  # fmt: skip

    def world_translation_velocities(self) -> tuple[list[int], np.ndarray] | None:
        """Columns of the free joint's translation and their world-frame rates (T, 3)."""
        layout = self.layout
        if layout.free_rotation is None or not layout.translations:
            return None
        cols = list(layout.translations[0])
        rot = exp_map(self.positions[:, list(layout.free_rotation)])
        return cols, np.einsum("tij,tj->ti", rot, self.velocities[:, cols])

    def save_csv(self, path: str | Path, in_degrees: bool = False) -> None:
        """Writes time, phase and positions (one column per dof)."""
        from .loaders import save_csv

        save_csv(self, path, in_degrees=in_degrees)


def difference_velocities(
    q_lo: np.ndarray,
    q_hi: np.ndarray,
    dt: np.ndarray | float,
    layout: DofLayout,
    q_mid: np.ndarray | None = None,
) -> np.ndarray:
    """Generalized velocities from poses q_lo -> q_hi, dt apart, on the joints' manifolds:
    body-frame angular velocities for rotations, the free joint's linear velocity in the
    pelvis frame (rotation of q_mid, default q_hi)."""
    dt = np.broadcast_to(np.asarray(dt, dtype=float).reshape(-1, 1), (len(q_lo), 1))
    vel = (q_hi - q_lo) / dt
    for triple in layout.rotations:
        cols = list(triple)
        omega = body_angular_velocity(exp_map(q_lo[:, cols]), exp_map(q_hi[:, cols]), 1.0)
        vel[:, cols] = omega / dt
    if layout.free_rotation is not None:
        mid = q_hi if q_mid is None else q_mid
        rot = exp_map(mid[:, list(layout.free_rotation)])
        for triple in layout.translations:
            cols = list(triple)
            vel[:, cols] = np.einsum("tji,tj->ti", rot, vel[:, cols])
    return vel


def manifold_velocities(positions: np.ndarray, time: np.ndarray, layout: DofLayout) -> np.ndarray:
    """Generalized velocities of sampled positions by central differences on the joints'
    manifolds (one-sided at the ends)."""
    q = np.asarray(positions, dtype=float)
    t = np.asarray(time, dtype=float)
    if len(t) < 2:
        return np.zeros_like(q)
    lo = np.concatenate([[0], np.arange(len(t) - 2), [len(t) - 2]])
    hi = np.concatenate([[1], np.arange(2, len(t)), [len(t) - 1]])
    return difference_velocities(q[lo], q[hi], t[hi] - t[lo], layout, q)
