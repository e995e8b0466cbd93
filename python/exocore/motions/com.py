"""Centre-of-mass paths that ground reaction forces can produce.

A model gives the periodic parts of the COM's sideways, vertical and forward position
over one cycle (Fourier series of phase, constants free); `planting.planted_cycle` poses
the body under it. Accelerations a relate to the ground reaction force F by
m a = F + m g, so bounds on a are bounds on F in body weights (BW).

- Walking and stairs (`smoothed_com`): the COM of the body posed on the FK-planted pelvis
  path, low-pass filtered. Height: the step-frequency harmonics up to the 4th per stride
  (the vertical force's double hump; the legs near full extension at heel strike and in
  mid-stance cannot lengthen, so the height stays close to the planted one). Forward:
  the step-frequency harmonic only (one braking / propulsion pair per step), its
  acceleration capped at FORE_AFT_FORCE = 0.25 BW, the order of the fore-aft shear peaks
  of natural walking (about 0.2 BW: Winter D A 2009, Biomechanics and Motor Control of
  Human Movement, 4th ed., ch. 4 force-plate data). Sideways: the stride-frequency sway,
  capped at LATERAL_FORCE = 0.1 BW (medio-lateral forces of walking and running stay
  near or below 0.1 BW: Winter 2009; Cavanagh P R & Lafortune M A 1980, J Biomech
  13:397-406).
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
from .trajectory import PelvisPath

ComModel = Callable[[np.ndarray, np.ndarray], tuple[Fourier, Fourier, Fourier]]
FORWARD_HARMONICS = 2
LATERAL_HARMONICS = 1
LATERAL_FORCE = 0.1
FORE_AFT_FORCE = 0.25
HEIGHT_HARMONICS = 4
RUN_HARMONICS = 40


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
