"""Joint torques a reference motion needs, and whether the muscles can produce them.

`joint_torques` is inverse dynamics with the ground reaction of `dynamics.ground_wrench`
shared between the feet on the ground: with both feet down, each foot takes the share
that puts the centre of pressure on the line between the feet's contact centres (the
usual rule when no force plate tells them apart). The pelvis rows of the result are the
residual of that split and vanish up to rounding.

`muscle_capacity` bounds each dof's torque at full activation of every muscle that
pulls one way (plus the passive forces), at the motion's own fibre lengths and
velocities. A motion whose torques leave these bounds asks the muscles for more than
they have, whatever the controller does (OpenSim users read the same from reserve
actuators after static optimisation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from exocore import _core

from .dynamics import GroundWrench, _ground_wrench, _rig
from .motion import Motion

CONTACT_HEIGHT = 0.02  # m: a sole corner this close to the ground carries load


@dataclass(frozen=True)
class JointTorques:
    """Per sample of a motion: generalized forces [N m, N] in DART's dof order."""

    time: np.ndarray  # (T,)
    dof_names: tuple[str, ...]
    torque: np.ndarray  # (T, n); rows 0-5 (pelvis) are the residual, ~0
    wrench: GroundWrench


@dataclass(frozen=True)
class MuscleCapacity:
    """Per sample: the lowest and highest generalized force the muscles can make."""

    lower: np.ndarray  # (T, n)
    upper: np.ndarray  # (T, n)

    def exceeded(self, torques: JointTorques) -> np.ndarray:
        """(T, n) bool: where the needed torque lies outside the bounds."""
        return (torques.torque > self.upper) | (torques.torque < self.lower)


def _feet_on_ground(rig: object, skeleton: _core.Skeleton) -> dict[str, tuple[int, np.ndarray]]:
    """side -> (a foot body, centre of its sole corners on the ground)."""
    down: dict[str, tuple[int, np.ndarray]] = {}
    for side, corners in rig.feet.items():  # type: ignore[attr-defined]
        points, body = [], -1
        for index, local in corners:
            pose = skeleton.body_transform(index)
            world = local @ pose[:3, :3].T + pose[:3, 3]
            low = world[world[:, 1] < CONTACT_HEIGHT]
            if len(low):
                points.append(low)
                body = index if body < 0 else body
        if points:
            down[side] = (body, np.concatenate(points).mean(axis=0))
    return down


def _shares(cop: np.ndarray, centres: list[np.ndarray]) -> list[float]:
    if len(centres) == 1:
        return [1.0]
    along = centres[1] - centres[0]
    along[1] = 0.0
    length2 = float(along @ along)
    u = 0.5 if length2 < 1e-12 else float(np.clip((cop - centres[0]) @ along / length2, 0, 1))
    return [1.0 - u, u]


def joint_torques(motion: Motion, spec: _core.SkeletonSpec) -> JointTorques:
    """Inverse dynamics of `motion` for the skeleton `spec` on level ground at y = 0.

    Samples without a foot within CONTACT_HEIGHT of the ground get the whole ground
    wrench as residual on the pelvis rows (flight needs none; anything else shows).
    """
    rig = _rig(spec)
    wrench = _ground_wrench(rig, motion)
    skeleton = rig.skeleton
    q, dq = np.asarray(motion.positions), np.asarray(motion.velocities)
    ddq = np.gradient(dq, np.asarray(motion.time), axis=0)
    torque = np.empty_like(q)
    for t in range(len(q)):
        skeleton.positions = q[t]
        skeleton.velocities = dq[t]
        generalized = skeleton.mass_matrix() @ ddq[t] + skeleton.coriolis_and_gravity_forces()
        feet = _feet_on_ground(rig, skeleton)
        if feet and np.all(np.isfinite(wrench.cop[t])):
            cop = np.array([wrench.cop[t, 0], 0.0, wrench.cop[t, 1]])
            centres = [centre for _, centre in feet.values()]
            shares = _shares(cop, centres)
            # Shift every contact point by one offset so the shares' CoP is the CoP.
            offset = cop - sum(s * c for s, c in zip(shares, centres))
            for (body, centre), share in zip(feet.values(), shares):
                point = centre + offset
                point[1] = 0.0
                moment = np.array([0.0, share * wrench.free_moment[t], 0.0])
                generalized -= _core.body_wrench_generalized_forces(
                    skeleton, body, point, share * wrench.force[t], moment
                )
        torque[t] = generalized
    return JointTorques(np.asarray(motion.time), tuple(motion.dof_names), torque, wrench)


def muscle_torques(
    skeleton: _core.Skeleton, muscles: list[_core.Muscle]
) -> tuple[_core.MuscleKinematics, np.ndarray, np.ndarray]:
    """At the skeleton's current state: the muscles' path kinematics, the (n, m)
    generalized forces of each muscle at unit activation (active part only) and the (n,)
    generalized force of their passive parts."""
    kinematics = _core.compute_muscle_kinematics(skeleton, muscles)
    forces = _core.compute_muscle_forces(muscles, kinematics, np.ones(len(muscles)))
    arms = np.asarray(kinematics.moment_arm)
    active = arms * np.asarray(forces.active_per_activation)[None, :]
    return kinematics, active, arms @ np.asarray(forces.passive)


def muscle_capacity(
    motion: Motion, spec: _core.SkeletonSpec, muscles: list[_core.Muscle]
) -> MuscleCapacity:
    """Bounds on each dof's muscle torque along `motion` (all activations 0 or 1)."""
    skeleton = _core.build_skeleton(spec)
    q, dq = np.asarray(motion.positions), np.asarray(motion.velocities)
    lower, upper = np.empty_like(q), np.empty_like(q)
    for t in range(len(q)):
        skeleton.positions = q[t]
        skeleton.velocities = dq[t]
        _, active, passive = muscle_torques(skeleton, muscles)
        lower[t] = np.minimum(active, 0.0).sum(axis=1) + passive
        upper[t] = np.maximum(active, 0.0).sum(axis=1) + passive
    return MuscleCapacity(lower, upper)
