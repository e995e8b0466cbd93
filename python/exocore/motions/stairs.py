"""Staircase geometry for the simulated world, placed so the stair reference climbs it.

A `StairSpec` is plain data: step k (1..num_steps) is a solid block whose top (tread) is
at height k * rise and whose front edge (nosing) is at z = start_z + (k - 1) * run; the
last step continues as a landing. `add_stairs` adds the blocks to an `exocore._core.World`
as one skeleton of welded, colliding boxes (level ground comes from `World.add_ground`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from exocore import _core

from .motion import Motion
from .normative import STAIRS
from .trajectory import SIDES, Kinematic, kinematic_model

STANCE = STAIRS.stance_fraction  # each foot's contact, from landing (published: 0.62)


@dataclass(frozen=True)
class StairSpec:
    """A straight staircase ascending along +z."""

    rise: float = 0.17  # m per step
    run: float = 0.28  # tread depth [m]
    num_steps: int = 7
    start_z: float = 0.5  # front edge of step 1 [m]
    width: float = 1.2  # along x [m], centred on x = center_x
    landing: float = 2.0  # depth of the top landing [m]
    center_x: float = 0.0

    def __post_init__(self) -> None:
        if not (self.rise > 0 and self.run > 0 and self.width > 0 and self.landing > 0):
            raise ValueError(f"stair dimensions must be positive: {self}")
        if self.num_steps < 1:
            raise ValueError(f"num_steps must be >= 1, got {self.num_steps}")

    def height(self, z: np.ndarray) -> np.ndarray:
        """Terrain height [m] at forward position z (0 before the first step)."""
        k = np.floor((np.asarray(z, dtype=float) - self.start_z) / self.run) + 1.0
        k = np.clip(k, 0.0, float(self.num_steps))
        return k * self.rise

    def blocks(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(centre, size) of each step's block, first step first."""
        out = []
        for k in range(1, self.num_steps + 1):
            depth = self.run if k < self.num_steps else self.landing
            z0 = self.start_z + (k - 1) * self.run
            centre = np.array([self.center_x, 0.5 * k * self.rise, z0 + 0.5 * depth])
            out.append((centre, np.array([self.width, k * self.rise, depth])))
        return out


def stair_skeleton_spec(spec: StairSpec, name: str = "stairs") -> _core.SkeletonSpec:
    """One WELD body per step with a colliding BOX shape; every frame is in the world."""
    skeleton = _core.SkeletonSpec()
    skeleton.name = name
    bodies = []
    for k, (centre, size) in enumerate(spec.blocks()):
        body = _core.BodySpec()
        body.name = f"step_{k + 1}"
        body.parent = -1 if k == 0 else 0
        body.joint_name = f"{name}_weld_{k + 1}"
        body.joint = _core.JointType.WELD
        placement = np.eye(4)
        placement[:3, 3] = centre if k == 0 else centre - bodies[0].joint_in_parent[:3, 3]
        body.joint_in_parent = placement
        body.joint_in_child = np.eye(4)
        body.mass = 100.0
        body.inertia = np.eye(3) * 10.0
        shape = _core.ShapeSpec()
        shape.type = _core.ShapeType.BOX
        shape.size = size
        shape.offset = np.eye(4)
        body.shape = shape
        body.collides = True
        bodies.append(body)
    skeleton.bodies = bodies
    return skeleton


def add_stairs(world: _core.World, spec: StairSpec, name: str = "stairs") -> _core.Skeleton:
    """Adds the staircase to `world` and returns its skeleton."""
    skeleton = _core.build_skeleton(stair_skeleton_spec(spec, name))
    world.add_skeleton(skeleton)
    return skeleton


def foot_extents(motion: Motion, kin: Kinematic, side: str) -> tuple[np.ndarray, np.ndarray]:
    """Heel and toe-tip forward positions z (T,) of one foot (min / max over its points)."""
    pts = kin.world_points(motion.positions, side)
    return pts[..., 2].min(axis=1), pts[..., 2].max(axis=1)


def stance_steps(
    motion: Motion, side: str, stance_fraction: float = STANCE, lead: float = 0.0
) -> np.ndarray:
    """Step index (0 = ground) that the foot stands on per sample, -1 in swing. The right
    foot lands on step 1 + 2n at phase n - lead, the left on step 2 + 2n at n + 0.5 - lead,
    counting n from the clip's first cycle."""
    phase = np.unwrap(2.0 * np.pi * motion.phase) / (2.0 * np.pi) + lead
    shift = 0.0 if side == "R" else 0.5
    n = np.floor(phase - shift)
    stance = (phase - shift - n) < stance_fraction
    step = (1.0 if side == "R" else 2.0) + 2.0 * n
    return np.where(stance, step, -1.0).astype(int)


def staircase_for(
    motion: Motion,
    rise: float,
    run: float,
    stance_fraction: float = STANCE,
    lead: float = 0.0,
    kin: Kinematic | None = None,
) -> StairSpec:
    """The staircase that `motion` (a stair reference from `generate.reference`) climbs:
    the feet are centred on their treads during stance; one step more than the clip uses
    (the top one is the landing)."""  # fmt: skip
    kin = kin or kinematic_model(1.70)
    offsets, top = [], 1
    for side in SIDES:
        step = stance_steps(motion, side, stance_fraction, lead)
        heel, toe = foot_extents(motion, kin, side)
        on = step >= 1
        offsets.append(0.5 * (heel + toe)[on] - (step[on] - 0.5) * run)
        top = max(top, int(step.max()))
    start = float(np.median(np.concatenate(offsets)))
    return StairSpec(rise=rise, run=run, num_steps=top + 1, start_z=start)
