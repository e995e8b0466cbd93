"""Pelvis translation that keeps the stance foot planted, by forward kinematics.

Given the joint-angle patterns of one cycle, the skeleton is posed with its pelvis at the
origin at N phases; the lowest point of each foot (heel, ball or toe tip) is its contact
point. While a foot is in stance, the pelvis moves so that this point neither sinks below
its tread nor slides: vertical pelvis position = tread height - contact height, forward
and lateral pelvis velocity = - contact velocity (both feet averaged in double support).
Flight phases (running) are filled by the smoothest Fourier series through the stance
samples. This path keeps the tables' feet planted but asks for centre-of-mass
accelerations that ground forces cannot give; `planting` uses it only as the starting
point of a physically plausible one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from exocore import _core
from exocore.models.types import Body

from .fourier import Fourier, fit
from .gait import GaitParameters, foot_pitch, joint_patterns
from .rotations import angles_to_expmap

SIDES = ("R", "L")
SAMPLES = 240
# Harmonics of the FK-planted pelvis path, the starting point that `planting` smooths.
PELVIS_HARMONICS = 12
# Minimum toe clearance in swing: 1.29 +- 0.45 cm in young adults (Winter D A 1992, Phys
# Ther 72:45-53); 1 cm is kept.
MIN_TOE_CLEARANCE = 0.01


@dataclass(frozen=True)
class FootPoints:
    """Contact candidates of one foot: (body index, point in the body frame)."""

    points: tuple[tuple[int, tuple[float, float, float]], ...]


@dataclass
class Kinematic:
    """A model and its DART skeleton for forward kinematics."""

    skeleton: _core.Skeleton
    dof_names: tuple[str, ...]
    body_names: tuple[str, ...]
    feet: dict[str, FootPoints]
    pelvis_height: float
    body_parents: tuple[str | None, ...]

    def index(self, dof: str) -> int:
        return self.dof_names.index(dof)

    def world_points(self, q: np.ndarray, side: str) -> np.ndarray:
        """(T, K, 3) world positions of the foot's contact candidates at poses q (T, n)."""
        out = np.empty((len(q), len(self.feet[side].points), 3))
        for t, pose in enumerate(q):
            self.skeleton.positions = pose
            cache: dict[int, np.ndarray] = {}
            for k, (body, local) in enumerate(self.feet[side].points):
                if body not in cache:
                    cache[body] = self.skeleton.body_transform(body)
                m = cache[body]
                out[t, k] = m[:3, :3] @ np.asarray(local) + m[:3, 3]
        return out


def _box_sole_points(body: Body, index: int) -> list[tuple[int, tuple[float, float, float]]]:
    cx, cy, cz = body.shape.offset.translation
    sx, sy, sz = body.shape.size
    bottom = cy - 0.5 * sy
    return [(index, (cx, bottom, cz - 0.5 * sz)), (index, (cx, bottom, cz + 0.5 * sz))]


@lru_cache(maxsize=8)
def kinematic_model(height: float = 1.70) -> Kinematic:
    """The default human of stature `height` for forward kinematics (cached)."""
    from exocore.models import human
    from exocore.models.core_specs import to_core_specs

    model = human(height_m=height)
    spec, _ = to_core_specs(model)
    skeleton = _core.build_skeleton(spec)
    names = [b.name for b in model.bodies]
    feet = {}
    for side in SIDES:
        points = []
        for body in (f"Talus{side}", f"FootThumb{side}", f"FootPinky{side}"):
            points += _box_sole_points(model.bodies[names.index(body)], names.index(body))
        feet[side] = FootPoints(tuple(points))
    skeleton.positions = np.zeros(skeleton.num_dofs)
    pelvis_height = float(skeleton.body_transform(0)[1, 3])
    parents = tuple(b.parent for b in model.bodies)
    return Kinematic(
        skeleton, tuple(skeleton.dof_names), tuple(names), feet, pelvis_height, parents
    )


def angles_to_positions(kin: Kinematic, angles: dict[str, np.ndarray], count: int) -> np.ndarray:
    """Generalized positions (count, n) from model-axis angles keyed by dof name (missing
    dofs are zero; ball joints are converted to exponential coordinates)."""
    q = np.zeros((count, len(kin.dof_names)))
    for name, values in angles.items():
        q[:, kin.index(name)] = values
    done = set()
    for i, name in enumerate(kin.dof_names):
        if name.endswith("_x") and name[:-1] + "y" in kin.dof_names:
            stem = name[:-1]
            cols = [i, kin.index(stem + "y"), kin.index(stem + "z")]
            q[:, cols] = angles_to_expmap(q[:, cols])
            done.add(stem)
    return q


def smootherstep(x: np.ndarray) -> np.ndarray:
    """0 below 0, 1 above 1, and a C2 ramp 6x^5 - 15x^4 + 10x^3 between."""
    x = np.clip(x, 0.0, 1.0)
    return x**3 * (x * (6.0 * x - 15.0) + 10.0)


def stance_weights(phase: np.ndarray, stance: float, ramp: float = 0.02) -> np.ndarray:
    """Smooth 0..1 window of the right foot's stance [0, stance) (period 1)."""
    p = np.mod(phase + ramp, 1.0)
    up = np.clip(p / (2 * ramp), 0.0, 1.0)
    down = np.clip((stance + 2 * ramp - p) / (2 * ramp), 0.0, 1.0)
    smooth = lambda x: x * x * (3 - 2 * x)  # noqa: E731
    return smooth(up) * smooth(down)


def toe_patterns(patterns: dict[str, Fourier], stance: float) -> dict[str, Fourier]:
    """Metatarsophalangeal angles that keep the toes flat while the heel is up in stance
    (positive x = toe flexion; heel-up foot pitch p gives toe angle -p)."""
    phase = np.arange(SAMPLES) / SAMPLES
    out = {}
    for side, shift in (("R", 0.0), ("L", 0.5)):
        pitch = foot_pitch(patterns, side, phase)
        w = stance_weights(phase - shift, stance, ramp=0.06)
        heel_up = 0.01 * np.logaddexp(0.0, pitch / 0.01)  # smooth max(pitch, 0)
        angle = fit(phase, -w * np.minimum(heel_up, 0.9), 6)
        out[f"FootThumb{side}"] = angle
        out[f"FootPinky{side}"] = angle
    return out


@dataclass(frozen=True)
class PelvisPath:
    """Pelvis translation over a cycle: periodic parts [m] plus steady progression."""

    x: Fourier
    y: Fourier
    z: Fourier
    stride: float  # forward progression per cycle [m]
    climb: float  # vertical progression per cycle [m]

    def position(self, phase: np.ndarray) -> np.ndarray:
        """Pelvis translation relative to the standing pose at (unwrapped) phase."""
        phase = np.asarray(phase, dtype=float)
        return np.stack(
            [self.x(phase), self.y(phase) + self.climb * phase,
             self.z(phase) + self.stride * phase], axis=-1,
        )  # fmt: skip

    def rate(self, phase: np.ndarray) -> np.ndarray:
        """d(position)/d(phase)."""
        phase = np.asarray(phase, dtype=float)
        return np.stack(
            [self.x(phase, 1), self.y(phase, 1) + self.climb, self.z(phase, 1) + self.stride],
            axis=-1,
        )


def _contact(points: np.ndarray) -> np.ndarray:
    """Index of the lowest candidate per sample."""
    return np.argmin(points[..., 1], axis=-1)


def pelvis_path(kin: Kinematic, patterns: dict[str, Fourier], params: GaitParameters) -> PelvisPath:
    """The FK-planted pelvis path of one cycle (see the module doc)."""
    phase = np.arange(SAMPLES) / SAMPLES
    dphi = 1e-3
    q0 = angles_to_positions(kin, {n: f(phase) for n, f in patterns.items()}, SAMPLES)
    q1 = angles_to_positions(kin, {n: f(phase + dphi) for n, f in patterns.items()}, SAMPLES)
    rows = np.arange(SAMPLES)
    heights, rates, weights = [], [], []
    for side, shift in (("R", 0.0), ("L", 0.5)):
        p0 = kin.world_points(q0, side)
        p1 = kin.world_points(q1, side)
        k = _contact(p0)
        c0, c1 = p0[rows, k], p1[rows, k]
        # Tread under this foot (stairs): the right foot stands on step 1 from phase 0,
        # the left on step 2 from 0.5 and on step 0 before; the climb trend is removed.
        step = np.ones(SAMPLES) if side == "R" else np.where(phase >= 0.5, 2.0, 0.0)
        heights.append(params.rise * (step - 2.0 * phase) - c0[:, 1])
        rates.append(-(c1 - c0) / dphi)
        weights.append(stance_weights(phase - shift, params.stance_fraction))
    h, r, w = np.array(heights), np.array(rates), np.array(weights)
    total = w.sum(axis=0)
    norm = np.maximum(total, 1e-9)
    # Vertical: the higher requirement of the feet in firm contact avoids penetration.
    firm = w > 0.05
    y_target = np.where(firm.any(axis=0), np.max(np.where(firm, h, -np.inf), axis=0), 0.0)
    soft = (w * h).sum(axis=0) / norm
    y_target = np.where(firm.any(axis=0), y_target, soft)
    fit_w = np.clip(total, 0.0, 1.0) + 1e-4
    y = fit(phase, y_target, PELVIS_HARMONICS, fit_w, ridge=1e-9)
    vel = (w[..., None] * r).sum(axis=0) / norm[:, None]
    vx = fit(phase, vel[:, 0], PELVIS_HARMONICS, fit_w, ridge=1e-9)
    vz = fit(phase, vel[:, 2], PELVIS_HARMONICS, fit_w, ridge=1e-9)
    # What the stance kinematics do not supply goes into the flight phase (running) or,
    # without flight, is spread evenly.
    spare = (1.0 - np.clip(total, 0.0, 1.0)) ** 4 + 1e-3
    extra = fit(phase, spare / spare.mean() * (params.stride_length - vz.mean), PELVIS_HARMONICS)
    return PelvisPath(
        _integral(vx), y, _integral(vz + extra), params.stride_length, 2.0 * params.rise
    )


def _integral(rate: Fourier) -> Fourier:
    """Zero-mean periodic antiderivative of a series (its mean rate is dropped)."""
    c = np.asarray(rate.coefficients, dtype=float)
    out = np.zeros_like(c)
    for k in range(1, rate.harmonics + 1):
        w = 2.0 * np.pi * k
        a, b = c[2 * k - 1], c[2 * k]
        out[2 * k - 1], out[2 * k] = -b / w, a / w
    return Fourier(out)


def planted_pelvis(
    params: GaitParameters, kin: Kinematic, gain: float
) -> tuple[dict[str, Fourier], PelvisPath]:
    """The tables' patterns with hip gain `gain` (toes included) and their FK-planted
    pelvis path."""
    patterns = joint_patterns(params, gain)
    patterns.update(toe_patterns(patterns, params.stance_fraction))
    return patterns, pelvis_path(kin, patterns, params)


def swing_lift(
    kin: Kinematic,
    patterns: dict[str, Fourier],
    path: PelvisPath,
    stance: float,
    minimum: float = MIN_TOE_CLEARANCE,
) -> Fourier:
    """Change of the right ankle angle [rad, model sign: negative = more dorsiflexion]
    where the swinging forefoot would pass lower than `minimum` over level ground (from
    lift-off + 2 % to 95 % of the cycle; the heel comes down to land after that)."""
    phase = np.arange(SAMPLES) / SAMPLES
    q = angles_to_positions(kin, {n: f(phase) for n, f in patterns.items()}, SAMPLES)
    q[:, kin.index("Pelvis_pos_x") : kin.index("Pelvis_pos_z") + 1] = path.position(phase)
    pts = kin.world_points(q, "R")
    forefoot = _contact(pts) > 0
    swing = (phase > stance + 0.02) & (phase < 0.95) & forefoot
    deficit = np.where(swing, np.clip(minimum - pts[..., 1].min(axis=1), 0.0, None), 0.0)
    if not deficit.any():
        return Fourier(np.zeros(1))
    # Spread over +-0.1 cycle (Gaussian, sd 0.033) so that the change stays smooth; the
    # toe tip is about 0.19 m ahead of the ankle.
    offsets = np.arange(-24, 25)
    kernel = np.exp(-0.5 * (offsets / 8.0) ** 2)
    wide = np.max([np.roll(deficit, k) * g for k, g in zip(offsets, kernel)], axis=0)
    return -1.0 * fit(phase, wide / 0.19, 10)
