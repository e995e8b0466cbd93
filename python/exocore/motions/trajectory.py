"""Pelvis translation that keeps the stance foot planted, by forward kinematics.

Given the joint-angle patterns of one cycle, the skeleton is posed with its pelvis at the
origin at N phases; the lowest point of each foot (heel, ball or toe tip) is its contact
point. While a foot is in stance, the pelvis moves so that this point neither sinks below
its tread nor slides: vertical pelvis position = tread height - contact height, forward
and lateral pelvis velocity = - contact velocity (both feet averaged in double support).
Flight phases (running) are filled by the smoothest Fourier series through the stance
samples. The hip flexion excursion is then scaled so that the stride the kinematics
produces equals the stride of the published speed relation.
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
# Pelvis path harmonics per gait cycle: enough for the double bump of walking; more
# would follow every corner of the kinematic contact constraint and ask for centre-of-
# mass accelerations beyond what ground forces can give (12 gave +-12 m/s^2 vertically).
PELVIS_HARMONICS = 6
RUN_FORWARD_HARMONICS = 6


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


def pelvis_path(
    kin: Kinematic, patterns: dict[str, Fourier], params: GaitParameters
) -> tuple[PelvisPath, float, np.ndarray]:
    """The pelvis path of one cycle, the kinematic stride (before matching the published
    stride) and the swing clearance (2, SAMPLES): height of each foot's lowest point over
    its last tread, NaN in stance."""
    phase = np.arange(SAMPLES) / SAMPLES
    dphi = 1e-3
    angles = {n: f(phase) for n, f in patterns.items()}
    ahead = {n: f(phase + dphi) for n, f in patterns.items()}
    q0 = angles_to_positions(kin, angles, SAMPLES)
    q1 = angles_to_positions(kin, ahead, SAMPLES)
    rows = np.arange(SAMPLES)
    heights, rates, weights, up_weights = [], [], [], []
    for side, shift in (("R", 0.0), ("L", 0.5)):
        p0 = kin.world_points(q0, side)
        p1 = kin.world_points(q1, side)
        k = _contact(p0)
        c0, c1 = p0[rows, k], p1[rows, k]
        lead = params.contact_lead
        lift = params.stance_fraction if params.lift_off is None else params.lift_off
        w_up = stance_weights(phase - shift + lead, lift + lead)
        w = w_up if lead else stance_weights(phase - shift, params.stance_fraction)
        # Tread under this foot (stairs): the right foot lands on step 1 at phase 0, the
        # left on step 2 at 0.5 and stood on step 0 before; the climb trend is removed.
        if side == "R":
            step = np.where(phase >= 1.0 - lead, 3.0, 1.0)
        else:
            step = np.where(phase >= 0.5 - lead, 2.0, 0.0)
        tread = params.rise * (step - 2.0 * phase)
        heights.append(tread - c0[:, 1])
        rates.append(-(c1 - c0) / dphi)
        weights.append(w)
        up_weights.append(w_up)
    h, r, w = np.array(heights), np.array(rates), np.array(weights)
    total = w.sum(axis=0)
    norm = np.maximum(total, 1e-9)
    # Vertical: the higher requirement of the feet in firm contact avoids penetration.
    w_up = np.array(up_weights)
    firm = w_up > 0.05
    y_target = np.where(firm.any(axis=0), np.max(np.where(firm, h, -np.inf), axis=0), 0.0)
    soft = (w * h).sum(axis=0) / norm
    y_target = np.where(firm.any(axis=0), y_target, soft)
    fit_w = np.clip(total, 0.0, 1.0) + 1e-4
    y = fit(phase, y_target, PELVIS_HARMONICS, fit_w, ridge=1e-9)
    if params.rise == 0.0:
        # Flight (running): keep both feet at least 5 mm above the ground.
        lowest = np.max(h, axis=0) + 0.005
        flight = total < 0.5
        for _ in range(3):
            need = flight & (y(phase) < lowest)
            if not need.any():
                break
            y_target = np.where(need, lowest + 0.002, np.where(flight, y(phase), y_target))
            y = fit(phase, y_target, PELVIS_HARMONICS, np.where(flight, 1.0, fit_w), ridge=1e-9)
    vel = (w[..., None] * r).sum(axis=0) / norm[:, None]
    vx = fit(phase, vel[:, 0], PELVIS_HARMONICS, fit_w, ridge=1e-9)
    # Running: forward speed varies smoothly (a few harmonics), as the body's momentum
    # allows; the stance foot then slides a little instead of the pelvis jerking.
    n_z = RUN_FORWARD_HARMONICS if params.activity == "run" else PELVIS_HARMONICS
    vz = fit(phase, vel[:, 2], n_z, fit_w, ridge=1e-9)
    stride = vz.mean
    # What the stance kinematics cannot supply goes into the flight phase (running) or,
    # without flight, is spread evenly (a small, measured slip).
    spare = (1.0 - np.clip(total, 0.0, 1.0)) ** 4 + 1e-3
    extra = fit(phase, spare / spare.mean() * (params.stride_length - stride), n_z)
    path = PelvisPath(
        _integral(vx), y, _integral(vz + extra), params.stride_length, 2.0 * params.rise
    )
    clearance = np.where(w_up < 0.5, y(phase)[None, :] - h, np.nan)
    return path, stride, clearance


def _integral(rate: Fourier) -> Fourier:
    """Zero-mean periodic antiderivative of a series (its mean rate is dropped)."""
    c = np.asarray(rate.coefficients, dtype=float)
    out = np.zeros_like(c)
    for k in range(1, rate.harmonics + 1):
        w = 2.0 * np.pi * k
        a, b = c[2 * k - 1], c[2 * k]
        out[2 * k - 1], out[2 * k] = -b / w, a / w
    return Fourier(out)


def _swing_clearance(
    patterns: dict[str, Fourier], clearance: np.ndarray, minimum: float = 0.006
) -> dict[str, Fourier]:
    """Ankle patterns with extra dorsiflexion where the swing foot's toes would pass
    closer than `minimum` to the ground (toe tip ~0.19 m ahead of the ankle)."""
    phase = np.arange(SAMPLES) / SAMPLES
    out = {}
    for side, gap in zip(SIDES, clearance):
        deficit = np.nan_to_num(np.clip(minimum - gap, 0.0, None))
        if not deficit.any():
            continue
        # Spread the correction over its neighbourhood so that it stays smooth.
        kernel = np.exp(-0.5 * (np.arange(-24, 25) / 8.0) ** 2)
        wide = np.max([np.roll(deficit, k) * g for k, g in zip(range(-24, 25), kernel)], axis=0)
        extra = fit(phase, wide / 0.19, 10)
        out[f"Talus{side}_x"] = patterns[f"Talus{side}_x"] + (-1.0) * extra
    return out


def calibrated_cycle(
    params: GaitParameters, kin: Kinematic | None = None
) -> tuple[dict[str, Fourier], PelvisPath, float]:
    """Joint patterns (toes included), pelvis path and the hip gain whose kinematic
    stride equals the published one (secant iteration, gain clipped to [0.5, 1.6])."""
    kin = kin or kinematic_model(round(params.height, 4))

    def evaluate(gain: float) -> tuple[dict[str, Fourier], PelvisPath, float]:
        patterns = joint_patterns(params, gain)
        patterns.update(toe_patterns(patterns, params.stance_fraction))
        path, stride, clearance = pelvis_path(kin, patterns, params)
        patterns.update(_swing_clearance(patterns, clearance))
        path, stride, _ = pelvis_path(kin, patterns, params)
        return patterns, path, stride

    if params.activity == "run":
        # Running strides are lengthened by the flight phase, not the hip excursion:
        # hip range of motion grows about 15 % per m/s (Fukuchi et al. 2017).
        gain = 1.0 + 0.15 * (params.speed - 3.0)
        patterns, path, _ = evaluate(gain)
        return patterns, path, gain
    target = params.stride_length
    g_prev, f_prev, gain = 1.0, evaluate(1.0)[2] - target, 1.1
    for _ in range(10):
        result = evaluate(gain)
        f = result[2] - target
        if abs(f) < 1e-4 or f == f_prev:
            break
        g_new = float(np.clip(gain - f * (gain - g_prev) / (f - f_prev), 0.5, 1.6))
        if g_new == gain:
            break
        g_prev, f_prev, gain = gain, f, g_new
    patterns, path, _ = result
    return patterns, path, gain
