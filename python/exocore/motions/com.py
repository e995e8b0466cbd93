"""Centre-of-mass paths that ground reaction forces can produce.

A model gives the periodic parts of the COM's sideways, vertical and forward position
over one cycle (Fourier series of phase, constants free); `planting.planted_cycle` poses
the body under it. Accelerations a relate to the ground reaction force F by
m a = F + m g, so bounds on a are bounds on F in body weights (BW).

- Walking, sideways and forward (`walking_com`): the path whose linear-inverted-pendulum
  centre of pressure rolls heel -> ball under the stance foot and passes from the
  trailing ball to the leading heel in double support (per harmonic; see there).
- Stairs, and walking height (`smoothed_com`): the COM of the body posed on the
  FK-planted pelvis path, low-pass filtered. Height: the step-frequency harmonics up to
  the 4th per stride (the vertical force's double hump; the legs near full extension at
  heel strike and in mid-stance cannot lengthen, so the height stays close to the
  planted one). Forward: the step-frequency harmonic only (one braking / propulsion pair
  per step), its acceleration capped at FORE_AFT_FORCE = 0.25 BW, the order of the
  fore-aft shear peaks of natural walking (about 0.2 BW: Winter D A 2009, Biomechanics
  and Motor Control of Human Movement, 4th ed., ch. 4 force-plate data). Sideways: the
  stride-frequency sway, capped at LATERAL_FORCE = 0.1 BW (medio-lateral forces of
  walking and running stay near or below 0.1 BW: Winter 2009; Cavanagh P R & Lafortune
  M A 1980, J Biomech 13:397-406).
- Running (`running_com`): a ballistic flight (vertical acceleration -g, no fore-aft
  force) and, in each stance, a half-sine vertical force whose impulse carries the body
  through the step: peak pi/(4 beta) BW for stance fraction beta, 2.1 BW at beta = 0.38
  (measured active peaks: about 2.5-2.8 BW at 3-5 m/s, Munro C F, Miller D I &
  Fuglevand A J 1987, J Biomech 20:147-155; about 2.8 BW at 4.5 m/s, Cavanagh &
  Lafortune 1980; lower at slower speeds). Fore-aft: a full sine per stance (braking,
  then propulsion) of peak 0.1 BW per m/s of speed, 0.2 BW at 2 m/s and 0.45 BW at
  4.5 m/s, within the braking and propulsive peaks those studies report (up to about
  0.5 BW at their fastest speeds).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .fourier import Fourier, fit
from .gait import GRAVITY, GaitParameters
from .trajectory import Kinematic, PelvisPath, angles_to_positions

ComModel = Callable[[np.ndarray, np.ndarray], tuple[Fourier, Fourier, Fourier]]
FORWARD_HARMONICS = 2
LATERAL_HARMONICS = 1
LATERAL_FORCE = 0.1
FORE_AFT_FORCE = 0.25
HEIGHT_HARMONICS = 4
RUN_HARMONICS = 40
COP_HARMONICS = 16


def double_integral(acc: Fourier) -> Fourier:
    """The zero-mean periodic series whose second derivative is `acc` (mean dropped)."""
    c = np.asarray(acc.coefficients, dtype=float)
    out = np.zeros_like(c)
    for k in range(1, acc.harmonics + 1):
        out[2 * k - 1 : 2 * k + 1] = -c[2 * k - 1 : 2 * k + 1] / (2.0 * np.pi * k) ** 2
    return Fourier(out)


def capped(series: Fourier, params: GaitParameters, force: float) -> Fourier:
    """`series` (a periodic position over phase) scaled down, if needed, so that its
    acceleration stays within `force` body weights (bound: sum of the harmonics' peaks)."""
    c = np.asarray(series.coefficients, dtype=float)
    k = np.arange(1, series.harmonics + 1)
    amplitude = np.hypot(c[1::2], c[2::2])
    peak = float(np.sum(amplitude * (2.0 * np.pi * k / params.stride_time) ** 2))
    limit = force * GRAVITY
    return series.scaled(limit / peak) if peak > limit else series


def smoothed_com(params: GaitParameters, planted: PelvisPath) -> ComModel:
    """COM model from the FK-planted pelvis path's periodic parts: COM = pelvis + COM
    relative to the pelvis, low-pass filtered."""

    def model(phase: np.ndarray, relative: np.ndarray) -> tuple[Fourier, Fourier, Fourier]:
        x = fit(phase, planted.x(phase) + relative[:, 0], LATERAL_HARMONICS)
        y = fit(phase, planted.y(phase) + relative[:, 1], HEIGHT_HARMONICS)
        z = fit(phase, planted.z(phase) + relative[:, 2], FORWARD_HARMONICS)
        return capped(x, params, LATERAL_FORCE), y, capped(z, params, FORE_AFT_FORCE)

    return model


def desired_cop(
    params: GaitParameters, right: np.ndarray, left: np.ndarray, phase: np.ndarray
) -> np.ndarray:
    """(N, 2) lateral and forward centre of pressure of walking at `phase` (forward
    progression removed), from the footprints (heel, ball; (2, 2) x-z each) of the right
    foot landing at phase 0 and the left at 0.5: in single support it rolls from the
    heel to the ball of the stance foot, in double support it moves from the trailing
    ball to the leading heel (the CoP path of normal walking: Perry J & Burnfield J M
    2010, Gait Analysis, 2nd ed., ch. 2)."""
    beta = params.stance_fraction
    double = beta - 0.5
    if not 0.0 < double < 0.5:
        raise ValueError(f"the walking CoP model needs double support, stance {beta}")
    total, weights = np.zeros((len(phase), 2)), np.zeros(len(phase))
    for start, foot in ((0.0, right), (0.5, left)):
        s = np.mod(phase - start, 1.0)
        weight = np.clip(s / double, 0.0, 1.0) * np.clip((beta - s) / double, 0.0, 1.0)
        roll = np.clip(s / 0.5, 0.0, 1.0)[:, None]
        point = foot[0] + roll * (foot[1] - foot[0])
        # The left foot before phase 0.5 is the one that landed a stride earlier; the
        # forward progression up to `phase` is removed.
        point[:, 1] -= params.stride_length * ((phase < start) + phase)
        total += weight[:, None] * point
        weights += weight
    return total / weights[:, None]


def footprints(kin: Kinematic, patterns: dict[str, Fourier], path: PelvisPath) -> np.ndarray:
    """(2, 2, 2) right / left foot, heel / ball, lateral-forward position in mid-stance
    (right at phase 0.25, left at 0.75) of the patterns' legs on `path`."""
    phase = np.array([0.25, 0.75])
    q = angles_to_positions(kin, {n: f(phase) for n, f in patterns.items()}, 2)
    q[:, kin.index("Pelvis_pos_x") : kin.index("Pelvis_pos_z") + 1] = path.position(phase)
    return np.stack([kin.world_points(q, s)[i, :2][:, [0, 2]] for i, s in enumerate("RL")])


def walking_com(params: GaitParameters, planted: PelvisPath, footprints: np.ndarray) -> ComModel:
    """Walking: height as `smoothed_com`; sideways and forward, the periodic path whose
    linear-inverted-pendulum CoP (COM - h a / g) is `desired_cop`, solved per harmonic:
    com_k = p_k / (1 + h w_k^2 / g) (Kajita S et al. 2003, ICRA, 'Biped walking pattern
    generation by using preview control of zero-moment point'); h = mean COM height.
    `footprints`: (2, 2, 2) right / left foot, heel / ball, x-z, as `desired_cop` takes."""
    fine = np.arange(480) / 480
    cop = desired_cop(params, footprints[0], footprints[1], fine)
    paths = [fit(fine, cop[:, i], COP_HARMONICS) for i in range(2)]

    def model(phase: np.ndarray, relative: np.ndarray) -> tuple[Fourier, Fourier, Fourier]:
        y = fit(phase, planted.y(phase) + relative[:, 1], HEIGHT_HARMONICS)
        h = y.mean
        k = np.repeat(np.arange(1, COP_HARMONICS + 1), 2)
        w = 2.0 * np.pi * k / params.stride_time
        out = []
        for i, p in enumerate(paths):
            c = np.asarray(p.coefficients, dtype=float).copy()
            c[1:] /= 1.0 + h * w**2 / GRAVITY
            series = (planted.x, planted.z)[i]
            c[0] = float(np.mean(series(phase) + relative[:, 2 * i]))
            out.append(Fourier(c))
        return out[0], y, out[1]

    return model


def running_accelerations(params: GaitParameters, phase: np.ndarray) -> np.ndarray:
    """(N, 2) vertical and forward COM accelerations [m/s^2] of the running model at
    `phase` (right landing at 0, left at 0.5, each in contact for stance_fraction)."""
    beta = params.stance_fraction
    if not 0.0 < beta <= 0.5:
        raise ValueError(f"the running COM model needs a flight phase, stance {beta}")
    peak = GRAVITY * np.pi / (4.0 * beta)
    braking = 0.1 * params.speed * GRAVITY
    acc = np.zeros((len(phase), 2))
    acc[:, 0] = -GRAVITY
    for start in (0.0, 0.5):
        s = np.mod(phase - start, 1.0)
        on = s < beta
        acc[on, 0] += peak * np.sin(np.pi * s[on] / beta)
        acc[on, 1] -= braking * np.sin(2.0 * np.pi * s[on] / beta)
    return acc


def running_com(params: GaitParameters, planted: PelvisPath) -> ComModel:
    """COM model of running: spring-mass-like stance, ballistic flight; the sideways sway
    as in `smoothed_com`."""
    fine = np.arange(2048) / 2048
    acc = running_accelerations(params, fine) * params.stride_time**2  # per phase^2
    y = double_integral(fit(fine, acc[:, 0], RUN_HARMONICS))
    z = double_integral(fit(fine, acc[:, 1], RUN_HARMONICS))

    def model(phase: np.ndarray, relative: np.ndarray) -> tuple[Fourier, Fourier, Fourier]:
        x = fit(phase, planted.x(phase) + relative[:, 0], LATERAL_HARMONICS)
        return capped(x, params, LATERAL_FORCE), y, z

    return model
