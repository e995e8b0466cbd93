"""Plain data describing a model: bodies and joints, muscles, exoskeleton, bushings.

These classes hold exactly what the model file (docs/model_format.md) holds. They do not
depend on the compiled core; `exocore.models.core_specs` turns them into `exocore._core`
specs. Conventions: SI units; world y up, z forward (walking direction), x to the
subject's left; frames are given by a translation and x-y-z body-fixed Euler angles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

JOINT_TYPES = ("free", "ball", "revolute", "weld")
SHAPE_TYPES = ("none", "box", "sphere", "capsule")
JOINT_DOFS = {"free": 6, "ball": 3, "revolute": 1, "weld": 0}


def rotation_xyz(angles: tuple[float, float, float]) -> np.ndarray:
    """R = Rx(a0) Ry(a1) Rz(a2): x-y-z body-fixed Euler angles (OpenSim's convention)."""
    cx, cy, cz = (math.cos(a) for a in angles)
    sx, sy, sz = (math.sin(a) for a in angles)
    rx = np.array([[1.0, 0.0, 0.0], [0.0, cx, -sx], [0.0, sx, cx]])
    ry = np.array([[cy, 0.0, sy], [0.0, 1.0, 0.0], [-sy, 0.0, cy]])
    rz = np.array([[cz, -sz, 0.0], [sz, cz, 0.0], [0.0, 0.0, 1.0]])
    return rx @ ry @ rz


@dataclass
class Frame:
    """A rigid transform: translation [m] and x-y-z body-fixed Euler angles [rad]."""

    translation: tuple[float, float, float] = (0.0, 0.0, 0.0)
    rotation_xyz: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def matrix(self) -> np.ndarray:
        """4x4 homogeneous matrix."""
        out = np.eye(4)
        out[:3, :3] = rotation_xyz(self.rotation_xyz)
        out[:3, 3] = self.translation
        return out


@dataclass
class Shape:
    """Collision/visual shape in the body frame. box: edge lengths; sphere: (radius, 0, 0);
    capsule: (radius, cylinder height, 0) along the shape frame's z axis."""

    type: str = "none"
    size: tuple[float, float, float] = (0.0, 0.0, 0.0)
    offset: Frame = field(default_factory=Frame)


@dataclass
class Body:
    """One rigid body and the joint that connects it to its parent (None for the root)."""

    name: str
    parent: str | None
    joint_type: str
    joint_in_parent: Frame = field(default_factory=Frame)
    joint_in_child: Frame = field(default_factory=Frame)
    joint_name: str = ""
    axis: tuple[float, float, float] = (1.0, 0.0, 0.0)
    mass: float = 1.0
    com: tuple[float, float, float] = (0.0, 0.0, 0.0)
    inertia: tuple[tuple[float, float, float], ...] = ((0.01, 0, 0), (0, 0.01, 0), (0, 0, 0.01))
    shape: Shape = field(default_factory=Shape)
    collides: bool = False
    lower_limits: tuple[float, ...] = ()
    upper_limits: tuple[float, ...] = ()
    joint_damping: float = 0.0

    @property
    def num_dofs(self) -> int:
        return JOINT_DOFS[self.joint_type]


@dataclass
class MuscleParameters:
    """Hill-type (Thelen 2003) parameters of one musculotendon unit; names as in
    exocore::MuscleParams. Curve constants default to the core's defaults."""

    max_isometric_force: float
    optimal_fiber_length: float
    tendon_slack_length: float
    optimal_pennation: float = 0.0
    max_contraction_velocity: float = 10.0
    passive_shape: float = 5.0
    passive_strain: float = 0.6
    active_width: float = 0.45
    fv_shape: float = 0.25
    fv_max_lengthening: float = 1.4
    activation_time: float = 0.015
    deactivation_time: float = 0.050
    min_activation: float = 0.01


@dataclass
class PathPoint:
    """A path point fixed on a body, in that body's frame [m]."""

    body: str
    offset: tuple[float, float, float]


@dataclass
class Muscle:
    """A polyline musculotendon unit. `lower_limb` marks the muscles of the effort reward."""

    name: str
    params: MuscleParameters
    path: list[PathPoint]
    lower_limb: bool = False
    group: str = ""


@dataclass
class Bushing:
    """Linear bushing between a frame on `body_a` and a frame on `body_b` (paper eq. 5)."""

    name: str
    body_a: str
    frame_a: Frame
    body_b: str
    frame_b: Frame
    stiffness: tuple[float, float, float] = (1e4, 1e4, 1e4)
    damping: tuple[float, float, float] = (0.1, 0.1, 0.1)
    rotational_stiffness: tuple[float, float, float] = (1e3, 1e3, 1e3)
    rotational_damping: tuple[float, float, float] = (0.0, 0.0, 0.0)


@dataclass
class Motor:
    """A torque-controlled exoskeleton joint (revolute, one dof)."""

    joint: str
    peak_torque: float
    gear_ratio: float = 1.0


@dataclass
class Exoskeleton:
    """Exoskeleton skeleton (its own free-floating root), motors and straps (bushings
    whose body_a is on the exo and body_b on the human)."""

    bodies: list[Body]
    motors: list[Motor]
    straps: list[Bushing]

    @property
    def mass(self) -> float:
        return sum(b.mass for b in self.bodies)


@dataclass
class Model:
    """A complete model: human skeleton, muscles and optionally an exoskeleton."""

    name: str
    bodies: list[Body]
    muscles: list[Muscle]
    exo: Exoskeleton | None = None
    height: float = 0.0
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def mass(self) -> float:
        """Human body mass [kg] (exoskeleton excluded)."""
        return sum(b.mass for b in self.bodies)

    @property
    def num_dofs(self) -> int:
        return sum(b.num_dofs for b in self.bodies)

    @property
    def num_actuated_dofs(self) -> int:
        """Joint dofs other than the free root's."""
        return sum(b.num_dofs for b in self.bodies if b.joint_type != "free")

    def body_index(self, name: str) -> int:
        for i, body in enumerate(self.bodies):
            if body.name == name:
                return i
        raise KeyError(f"model {self.name!r} has no body {name!r}")

    def dof_names(self) -> list[str]:
        """Generalized-coordinate names as the core's DART skeleton gives them: free
        '<j>_rot_x..z', '<j>_pos_x..z'; ball '<j>_x', '<j>_y', '<j>_z'; revolute '<j>'."""
        suffixes = {
            "free": ["_rot_x", "_rot_y", "_rot_z", "_pos_x", "_pos_y", "_pos_z"],
            "ball": ["_x", "_y", "_z"],
            "revolute": [""],
            "weld": [],
        }
        names: list[str] = []
        for body in self.bodies:
            joint = body.joint_name or body.name
            names.extend(joint + s for s in suffixes[body.joint_type])
        return names

    def lower_limb_muscles(self) -> list[int]:
        return [i for i, m in enumerate(self.muscles) if m.lower_limb]


def neutral_transforms(bodies: list[Body]) -> dict[str, np.ndarray]:
    """World 4x4 transform of every body with all joint coordinates at zero (the free root
    placed at its joint_in_parent frame)."""
    out: dict[str, np.ndarray] = {}
    for body in bodies:
        parent = np.eye(4) if body.parent is None else out[body.parent]
        out[body.name] = (
            parent @ body.joint_in_parent.matrix() @ np.linalg.inv(body.joint_in_child.matrix())
        )
    return out


def neutral_point(transforms: dict[str, np.ndarray], point: PathPoint) -> np.ndarray:
    """World position of a path point in the neutral pose."""
    t = transforms[point.body]
    return t[:3, :3] @ np.asarray(point.offset, dtype=float) + t[:3, 3]


def neutral_path_length(transforms: dict[str, np.ndarray], path: list[PathPoint]) -> float:
    """Polyline length [m] of a path in the neutral pose."""
    pts = [neutral_point(transforms, p) for p in path]
    return float(sum(np.linalg.norm(b - a) for a, b in zip(pts[:-1], pts[1:])))
