"""exocore: exoskeleton controllers learned in musculoskeletal simulation.

The compiled core (:mod:`exocore._core`) holds the physics: Thelen 2003 Hill-type
muscles on polyline paths with exact muscle Jacobians, linear bushings, the hip
exoskeleton's actuator control, and DART skeletons built from plain specs.
"""

from __future__ import annotations

from exocore import _core
from exocore._core import (
    BodySpec,
    BushingFrames,
    BushingParams,
    ExoActuatorParams,
    JointType,
    Muscle,
    MuscleParams,
    PathPoint,
    ShapeSpec,
    ShapeType,
    Skeleton,
    SkeletonSpec,
    World,
    WorldParams,
    build_skeleton,
)

__version__ = "0.1.0"

__all__ = [
    "BodySpec",
    "BushingFrames",
    "BushingParams",
    "ExoActuatorParams",
    "JointType",
    "Muscle",
    "MuscleParams",
    "PathPoint",
    "ShapeSpec",
    "ShapeType",
    "Skeleton",
    "SkeletonSpec",
    "World",
    "WorldParams",
    "__version__",
    "_core",
    "build_skeleton",
]
