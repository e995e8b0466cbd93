"""Static optimisation of a motion, and the metabolic cost of the result.

Per sample, the activations a in [0, 1] that produce the motion's joint torques
(`motions.inverse_dynamics.joint_torques`) at the least summed squared activation
(Anderson & Pandy 2001, J Biomech Eng 123:381-390; OpenSim's StaticOptimization tool),
with an ideal reserve torque on every dof for what the muscles cannot make:

    minimise  1/2 |a|^2 + 1/2 |r / R|^2   subject to   A a + p + r = tau,

A the muscle torques at unit activation (moment arm x F_max f_L f_V cos(alpha), rigid
tendon, at the motion's own fibre lengths and velocities), p the passive torques, R
RESERVE_TORQUE. Eliminating r leaves a convex QP in a alone, bounded to the box, solved
exactly by an active-set method (`box_qp`).

This prices the reference itself, independent of any controller: Umberger (2010)
metabolics of the activations it needs (`net_metabolic_rate`), to set against measured
walking and running costs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from exocore import _core
from exocore.evaluation import metabolics as mb
from exocore.motions.inverse_dynamics import joint_torques, muscle_torques
from exocore.motions.motion import Motion

Array = NDArray[np.float64]

# Torque of a reserve at "activation" 1 [N m]: a reserve costs like a muscle at full
# activation per N m, so 10 N m of reserve costs 100 muscles at full activation.
RESERVE_TORQUE = 1.0
ROOT_DOFS = 6  # the pelvis's free joint: its rows are inverse dynamics' residual


@dataclass(frozen=True)
class StaticOptimization:
    """Per sample of the motion (T samples, m muscles, n dofs)."""

    time: Array  # (T,)
    dof_names: tuple[str, ...]
    activation: Array  # (T, m) in [0, 1]
    reserve: Array  # (T, n) torque the muscles leave to the reserves [N m]; 0 on the pelvis
    torque: Array  # (T, n) what inverse dynamics asked for [N m]
    path_length: Array  # (T, m) [m]
    path_velocity: Array  # (T, m) [m/s]


def box_qp(
    hessian: Array,
    gradient: Array,
    lower: Array,
    upper: Array,
    start: Array | None = None,
) -> Array:
    """argmin 1/2 x'Hx + g'x over lower <= x <= upper, for H positive definite.

    Primal active set (Nocedal & Wright 2006, algorithm 16.3) with the bounds as the
    constraints: solve for the free variables with the others held at their bounds, stop
    at the first bound in the way and hold it, or, at the free optimum, release the bound
    whose multiplier has the wrong sign. Finite and exact; `start` (clipped to the box)
    warm-starts the held set. Raises RuntimeError if it does not end."""
    n = len(gradient)
    x = np.clip(np.zeros(n) if start is None else start, lower, upper)
    side = np.where(x <= lower, -1, np.where(x >= upper, 1, 0))  # held at: -1 lower, 1 upper
    tolerance = 1e-10 * (1.0 + float(np.abs(gradient).max(initial=0.0)))
    for _ in range(10 * n + 10):
        free = side == 0
        target = x.copy()
        if free.any():
            rhs = gradient[free] + hessian[np.ix_(free, ~free)] @ x[~free]
            target[free] = -np.linalg.solve(hessian[np.ix_(free, free)], rhs)
        step = target - x
        with np.errstate(divide="ignore", invalid="ignore"):
            room = np.where(
                step < 0, (lower - x) / step, np.where(step > 0, (upper - x) / step, np.inf)
            )
        room[~free] = np.inf
        block = int(np.argmin(room))
        if room[block] < 1.0:
            x = x + max(room[block], 0.0) * step
            side[block] = -1 if step[block] < 0 else 1
            x[block] = lower[block] if side[block] < 0 else upper[block]
            continue
        x = target
        grad = hessian @ x + gradient
        wrong = np.where(side < 0, -grad, np.where(side > 0, grad, 0.0))
        worst = int(np.argmax(wrong))
        if wrong[worst] <= tolerance:
            return x
        side[worst] = 0
    raise RuntimeError("box_qp: the active set did not settle")


def static_optimization(
    motion: Motion,
    spec: _core.SkeletonSpec,
    muscles: Sequence[_core.Muscle],
    reserve_torque: float = RESERVE_TORQUE,
    stride: int = 1,
) -> StaticOptimization:
    """Static optimisation of `motion` (level ground) for the skeleton `spec` and its
    `muscles` (``models.core_specs.to_core_specs`` gives both), at every `stride`-th
    sample (inverse dynamics still sees every sample, for its accelerations)."""
    if reserve_torque <= 0:
        raise ValueError(f"reserve_torque must be > 0, got {reserve_torque}")
    if stride < 1:
        raise ValueError(f"stride must be >= 1, got {stride}")
    muscles = list(muscles)
    needed = joint_torques(motion, spec)
    keep = slice(None, None, stride)
    time, torque = needed.time[keep], needed.torque[keep]
    skeleton = _core.build_skeleton(spec)
    q, dq = np.asarray(motion.positions)[keep], np.asarray(motion.velocities)[keep]
    count, dofs, m = len(q), q.shape[1], len(muscles)
    activation = np.zeros((count, m))
    reserve = np.zeros((count, dofs))
    lengths, velocities = np.zeros((count, m)), np.zeros((count, m))
    weight = 1.0 / reserve_torque**2
    zeros, ones, guess = np.zeros(m), np.ones(m), np.zeros(m)  # bounds, warm start
    for t in range(count):
        skeleton.positions = q[t]
        skeleton.velocities = dq[t]
        kinematics, active, passive = muscle_torques(skeleton, muscles)
        columns = active[ROOT_DOFS:]
        target = torque[t, ROOT_DOFS:] - passive[ROOT_DOFS:]
        hessian = np.eye(m) + weight * columns.T @ columns
        guess = box_qp(hessian, -weight * columns.T @ target, zeros, ones, guess)
        activation[t] = guess
        reserve[t, ROOT_DOFS:] = target - columns @ guess
        lengths[t] = np.asarray(kinematics.length)
        velocities[t] = np.asarray(kinematics.velocity)
    return StaticOptimization(
        time, needed.dof_names, activation, reserve, torque, lengths, velocities
    )


def net_metabolic_rate(
    result: StaticOptimization,
    table: mb.MuscleTable,
    body_mass: float,
    lower_limb_only: bool = False,
) -> float:
    """Umberger (2010) net metabolic power [W/kg] averaged over the motion's samples
    (activation = excitation, as static optimisation has no dynamics); pass a whole
    number of cycles."""
    rates = mb.metabolic_rates(table, result.activation, result.path_length, result.path_velocity)
    mask = table.lower_limb if lower_limb_only else None
    return float(np.mean(mb.net_metabolic_power(rates, body_mass, mask)))
