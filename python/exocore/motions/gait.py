"""Gait parameters from published speed relations, and joint-angle patterns for every
rotational dof of the default model as Fourier series of gait phase.

Phase 0 is initial contact of the right foot; the left side runs half a cycle later.
Patterns are model-axis angles [rad] (ball joints: rotations about x, y, z composed as
in `rotations.angles_to_matrix`), keyed by the model's dof names.

Speed relations
- Walking: step length s = 1.109 l (v / sqrt(g l))^0.42, the power law of Grieve D W
  (1968) Biomed Eng 3:119-122 (s ~ v^0.42, cadence ~ v^0.58; as used by Kuo A D (2001)
  J Biomech Eng 123:264-269), with leg length l = 0.53 H (greater trochanter height,
  Drillis & Contini 1966). The coefficient 1.109 gives 108 steps/min at 1.25 m/s for a
  1.70 m subject (normal adult free-speed cadence 100-120 steps/min, Perry & Burnfield
  2010 Gait Analysis 2nd ed.; Fukuchi et al. 2018).
- Running: stride frequency f = (0.373 + 0.0585 v / sqrt(g l)) sqrt(g / l), i.e. about
  1.23 + 0.065 v Hz at l = 0.9 m: stride length grows nearly in proportion to speed and
  stride rate only slowly (Cavanagh P R & Kram R (1989) Med Sci Sports Exerc 21:467-479);
  163 steps/min at 2 m/s and 179 at 4 m/s for l = 0.9 m, inside the ranges of Fukuchi
  et al. 2017.
- Stairs: cadence [steps/min] is an input (the paper's step mill: 65 steps/min); each
  step climbs one riser and moves one tread forward.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import normative
from .fourier import Fourier, constant, fit, sinusoid

ACTIVITIES = ("walk", "run", "stairs")
SPEED_RANGES = {"walk": (0.5, 2.0), "run": (1.8, 4.0)}
GRAVITY = 9.81
LEG_FRACTION = 0.53
SAGITTAL_HARMONICS = 8
DEG = math.pi / 180.0


@dataclass(frozen=True)
class GaitParameters:
    """Spatio-temporal parameters of one activity."""

    activity: str
    speed: float  # mean forward speed [m/s]
    height: float  # subject stature [m]
    stride_time: float  # s
    stride_length: float  # m (two steps)
    stance_fraction: float  # contact time / stride time of one foot
    rise: float = 0.0  # stairs: riser height per step [m]

    @property
    def cadence(self) -> float:
        """Steps per minute."""
        return 120.0 / self.stride_time


def leg_length(height: float) -> float:
    return LEG_FRACTION * height


def walking_parameters(speed: float, height: float) -> GaitParameters:
    _check_speed("walk", speed)
    leg = leg_length(height)
    step = 1.109 * leg * (speed / math.sqrt(GRAVITY * leg)) ** 0.42
    stride = 2.0 * step
    stance = normative.WALK.stance_fraction
    return GaitParameters("walk", speed, height, stride / speed, stride, stance)


def running_parameters(speed: float, height: float) -> GaitParameters:
    _check_speed("run", speed)
    leg = leg_length(height)
    froude_speed = speed / math.sqrt(GRAVITY * leg)
    frequency = (0.373 + 0.0585 * froude_speed) * math.sqrt(GRAVITY / leg)
    stance = normative.RUN.stance_fraction
    return GaitParameters("run", speed, height, 1.0 / frequency, speed / frequency, stance)


def stair_parameters(
    cadence: float, height: float, rise: float = 0.17, run: float = 0.28
) -> GaitParameters:
    if not (30.0 <= cadence <= 140.0):
        raise ValueError(f"stair cadence must be in [30, 140] steps/min, got {cadence}")
    if not (0.05 <= rise <= 0.25 and 0.18 <= run <= 0.45):
        raise ValueError(f"stair rise/run must be in [0.05, 0.25] / [0.18, 0.45] m: {rise}, {run}")
    stride_time = 120.0 / cadence
    speed = 2.0 * run / stride_time
    stance = normative.STAIRS.stance_fraction
    return GaitParameters("stairs", speed, height, stride_time, 2 * run, stance, rise)


def parameters(
    activity: str,
    speed: float | None = None,
    height: float = 1.70,
    cadence: float = 65.0,
    rise: float = 0.17,
    run: float = 0.28,
) -> GaitParameters:
    """Parameters of `activity` ('walk', 'run' or 'stairs')."""
    if not (1.0 <= height <= 2.3):
        raise ValueError(f"height must be in [1.0, 2.3] m, got {height}")
    if activity == "walk":
        return walking_parameters(1.25 if speed is None else speed, height)
    if activity == "run":
        return running_parameters(2.0 if speed is None else speed, height)
    if activity == "stairs":
        return stair_parameters(cadence, height, rise, run)
    raise ValueError(f"unknown activity '{activity}'; expected one of {', '.join(ACTIVITIES)}")


def _check_speed(activity: str, speed: float) -> None:
    lo, hi = SPEED_RANGES[activity]
    if not (math.isfinite(speed) and lo <= speed <= hi):
        raise ValueError(f"{activity} speed must be in [{lo}, {hi}] m/s, got {speed}")


def sagittal_fit(activity: str, joint: str) -> Fourier:
    """Fourier series [deg, anatomical sign] through the published table."""
    table = normative.TABLES[activity]
    phase = normative.PERCENT[:-1] / 100.0  # the 100 % sample repeats 0 %
    return fit(phase, table.curve(joint)[:-1], SAGITTAL_HARMONICS)


@dataclass(frozen=True)
class _Extras:
    """Non-sagittal and upper-body pattern sizes [deg] of one activity."""

    pelvic_tilt: float  # mean anterior tilt (Kadaba 1990: about 10-13 deg)
    tilt_amplitude: float
    obliquity: float
    pelvic_rotation: float
    thorax_rotation: float
    trunk_lean: float  # forward lean of the thorax in the world
    hip_adduction: tuple[float, float, float]  # mean, amplitude, peak phase
    arm_swing: float
    arm_mean_extension: float
    elbow_flexion: float
    elbow_amplitude: float


_EXTRAS = {
    "walk": _Extras(10.0, 1.5, 4.0, 4.0, 3.0, 3.0, (1.0, 6.0, 0.15), 15.0, 3.0, 20.0, 8.0),
    "run": _Extras(12.0, 2.5, 6.0, 6.0, 6.0, 6.0, (2.0, 7.0, 0.15), 25.0, 10.0, 85.0, 15.0),
    "stairs": _Extras(12.0, 2.0, 4.0, 4.0, 3.0, 10.0, (-1.0, 5.0, 0.2), 8.0, 3.0, 20.0, 5.0),
}


def _d(value: float) -> float:
    return value * DEG


def joint_patterns(params: GaitParameters, hip_gain: float = 1.0) -> dict[str, Fourier]:
    """Model-axis angle patterns [rad] of all rotational dofs (pelvis rotation included;
    toes are set from the foot pitch in `trajectory`). `hip_gain` scales the hip
    flexion/extension excursion about its mean."""
    activity = params.activity
    ex = _EXTRAS[activity]
    speed_gain = 1.0
    if activity == "walk":
        speed_gain = min(max(params.speed / 1.3, 0.5), 1.5)
    elif activity == "run":
        speed_gain = min(max(params.speed / 3.0, 0.7), 1.3)
    hip = sagittal_fit(activity, "hip").scaled(hip_gain)
    right = {
        # Model: positive x rotation moves the distal end backwards.
        "FemurR_x": -DEG * hip,
        "TibiaR": DEG * sagittal_fit(activity, "knee"),
        "TalusR_x": -DEG * sagittal_fit(activity, "ankle"),
        "FemurR_y": sinusoid(0.0, _d(4.0), 0.25),
        "FemurR_z": sinusoid(*(_d(v) for v in ex.hip_adduction[:2]), ex.hip_adduction[2]),
        # Right arm back (shoulder extended) at right heel strike.
        "ArmR_x": sinusoid(_d(ex.arm_mean_extension), _d(ex.arm_swing * speed_gain), 0.0),
        "ArmR_z": constant(_d(-8.0)),
        "ForeArmR": sinusoid(-_d(ex.elbow_flexion), _d(ex.elbow_amplitude), 0.0),
    }
    patterns: dict[str, Fourier] = {}
    for name, f in right.items():
        patterns[name] = f
        left = name.replace("R_", "L_") if "R_" in name else name[:-1] + "L"
        sign = -1.0 if name.endswith(("_y", "_z")) else 1.0
        patterns[left] = sign * f.shifted(0.5)
    tilt = sinusoid(_d(ex.pelvic_tilt), _d(ex.tilt_amplitude), 0.45, k=2)
    rotation = sinusoid(0.0, _d(ex.pelvic_rotation * speed_gain), 0.0)
    obliquity = sinusoid(0.0, -_d(ex.obliquity), 0.12)
    patterns["Pelvis_rot_x"] = tilt
    patterns["Pelvis_rot_y"] = rotation
    patterns["Pelvis_rot_z"] = obliquity
    # Lumbar and thoracic joints share the compensation: thorax leans `trunk_lean`
    # forward, turns against the pelvis and stays nearly level.
    trunk_x = constant(_d(ex.trunk_lean)) + (-1.0) * tilt
    trunk_y = -1.0 * rotation + sinusoid(0.0, -_d(ex.thorax_rotation * speed_gain), 0.0)
    trunk_z = -0.7 * obliquity
    for joint in ("Spine", "Torso"):
        patterns[f"{joint}_x"] = 0.5 * trunk_x
        patterns[f"{joint}_y"] = 0.5 * trunk_y
        patterns[f"{joint}_z"] = 0.5 * trunk_z
    # Head faces forward and stays level.
    patterns["Neck_x"] = constant(-0.5 * _d(ex.trunk_lean))
    patterns["Head_x"] = constant(-0.5 * _d(ex.trunk_lean))
    patterns["Neck_y"] = sinusoid(0.0, _d(ex.thorax_rotation * speed_gain), 0.0)
    return patterns


def foot_pitch(patterns: dict[str, Fourier], side: str, phase: np.ndarray) -> np.ndarray:
    """Planar (sagittal) pitch of the foot in the world [rad], positive heel up."""
    total = patterns["Pelvis_rot_x"](phase)
    for dof in (f"Femur{side}_x", f"Tibia{side}", f"Talus{side}_x"):
        total = total + patterns[dof](phase)
    return total
