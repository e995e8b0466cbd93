"""Reference motions of the default model: steady walking, running and stair ascent.

`reference("walk", speed=1.25)` returns a `Motion` of 10 s at 120 Hz for a 1.70 m subject;
every dof follows a Fourier series of gait phase (see gait.py for the published tables
and speed relations, planting.py for the pelvis path and the stance legs). Velocities are
central differences of the continuous reference 1e-5 s apart on the joints' manifolds,
i.e. exact to ~1e-9 relative.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .determinism import single_threaded_blas
from .fourier import Fourier
from .gait import GaitParameters, parameters
from .motion import Motion, difference_velocities
from .planting import physical_cycle
from .trajectory import Kinematic, PelvisPath, angles_to_positions, kinematic_model

DEFAULT_RATE = 120.0
DEFAULT_DURATION = 10.0
_H = 1e-5

Evaluator = Callable[[np.ndarray], tuple[dict[str, np.ndarray], np.ndarray]]


@dataclass(frozen=True)
class Cycle:
    """One calibrated gait cycle: joint-angle patterns and the pelvis path."""

    params: GaitParameters
    patterns: dict[str, Fourier]
    path: PelvisPath
    hip_gain: float

    def angles(self, phase: np.ndarray) -> dict[str, np.ndarray]:
        """Model-axis angles [rad] of the rotational dofs at (unwrapped) phase."""
        return {name: f(phase) for name, f in self.patterns.items()}

    def pelvis(self, phase: np.ndarray) -> np.ndarray:
        """(T, 3) pelvis translation relative to the standing pose."""
        return self.path.position(phase)


@lru_cache(maxsize=64)
@single_threaded_blas
def cycle(
    activity: str,
    speed: float | None = None,
    height: float = 1.70,
    cadence: float = 65.0,
    rise: float = 0.17,
    run: float = 0.28,
) -> Cycle:
    """The calibrated cycle of an activity (cached)."""
    params = parameters(activity, speed, height, cadence, rise, run)
    patterns, path, gain = physical_cycle(params, kinematic_model(round(height, 4)))
    return Cycle(params, patterns, path, gain)


def positions_at(kin: Kinematic, angles: dict[str, np.ndarray], pelvis: np.ndarray) -> np.ndarray:
    """Generalized positions from angles and pelvis translation."""
    q = angles_to_positions(kin, angles, len(pelvis))
    q[:, kin.index("Pelvis_pos_x") : kin.index("Pelvis_pos_z") + 1] = pelvis
    return q


def sample_motion(
    kin: Kinematic,
    times: np.ndarray,
    evaluate: Evaluator,
    phase: np.ndarray,
    labels: np.ndarray,
    metadata: dict[str, str],
) -> Motion:
    """A Motion from a continuous reference `evaluate(t) -> (angles, pelvis)`."""
    from .motion import DofLayout

    layout = DofLayout.from_names(kin.dof_names)
    q = positions_at(kin, *evaluate(times))
    q_lo = positions_at(kin, *evaluate(times - _H))
    q_hi = positions_at(kin, *evaluate(times + _H))
    vel = difference_velocities(q_lo, q_hi, 2 * _H, layout, q)
    return Motion(times, kin.dof_names, q, vel, np.mod(phase, 1.0), labels, metadata)


@single_threaded_blas
def reference(
    activity: str,
    speed: float | None = None,
    height: float = 1.70,
    duration: float = DEFAULT_DURATION,
    rate: float = DEFAULT_RATE,
    cadence: float = 65.0,
    rise: float = 0.17,
    run: float = 0.28,
    start_phase: float = 0.0,
) -> Motion:
    """Steady `activity` ('walk' 0.5-2.0 m/s, 'run' 1.8-4.0 m/s, 'stairs' at `cadence`
    steps/min on steps of `rise` x `run` m) for a subject of stature `height` [m]:
    `duration` s sampled at `rate` Hz, starting at right initial contact + start_phase.
    The pelvis starts above the origin; for stairs the right foot lands on step 1 at
    phase 0 (see `stairs.staircase_for`)."""
    if not (duration > 0 and rate > 0):
        raise ValueError(f"duration and rate must be positive, got {duration}, {rate}")
    cyc = cycle(activity, speed, height, cadence, rise, run)
    kin = kinematic_model(round(height, 4))
    period = cyc.params.stride_time
    times = np.arange(int(round(duration * rate))) / rate

    def evaluate(t: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
        phase = start_phase + t / period
        return cyc.angles(phase), cyc.pelvis(phase)

    p = cyc.params
    meta = {
        "activity": activity,
        "speed_m_s": f"{p.speed:.6g}",
        "height_m": f"{height:.6g}",
        "cadence_steps_min": f"{p.cadence:.6g}",
        "stride_length_m": f"{p.stride_length:.6g}",
        "hip_gain": f"{cyc.hip_gain:.6g}",
    }
    if activity == "stairs":
        meta.update(rise_m=f"{rise:.6g}", run_m=f"{run:.6g}")
    labels = np.full(len(times), activity)
    return sample_motion(kin, times, evaluate, start_phase + times / period, labels, meta)
