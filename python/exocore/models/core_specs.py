"""Conversion of a model to the compiled core's specs (exocore._core)."""

from __future__ import annotations

import dataclasses

import numpy as np

from exocore import _core

from .types import Body, Model

_JOINTS = {
    "free": _core.JointType.FREE,
    "ball": _core.JointType.BALL,
    "revolute": _core.JointType.REVOLUTE,
    "weld": _core.JointType.WELD,
}
_SHAPES = {
    "none": _core.ShapeType.NONE,
    "box": _core.ShapeType.BOX,
    "sphere": _core.ShapeType.SPHERE,
    "capsule": _core.ShapeType.CAPSULE,
}


def body_spec(body: Body, index: dict[str, int]) -> _core.BodySpec:
    spec = _core.BodySpec()
    spec.name = body.name
    spec.parent = -1 if body.parent is None else index[body.parent]
    spec.joint_name = body.joint_name or body.name
    spec.joint = _JOINTS[body.joint_type]
    spec.axis = np.asarray(body.axis, dtype=float)
    spec.joint_in_parent = body.joint_in_parent.matrix()
    spec.joint_in_child = body.joint_in_child.matrix()
    spec.mass = body.mass
    spec.com = np.asarray(body.com, dtype=float)
    spec.inertia = np.asarray(body.inertia, dtype=float)
    shape = _core.ShapeSpec()
    shape.type = _SHAPES[body.shape.type]
    shape.size = np.asarray(body.shape.size, dtype=float)
    shape.offset = body.shape.offset.matrix()
    spec.shape = shape
    spec.collides = body.collides
    spec.lower_limits = np.asarray(body.lower_limits, dtype=float)
    spec.upper_limits = np.asarray(body.upper_limits, dtype=float)
    spec.joint_damping = body.joint_damping
    return spec


def skeleton_spec(name: str, bodies: list[Body]) -> _core.SkeletonSpec:
    index = {b.name: i for i, b in enumerate(bodies)}
    spec = _core.SkeletonSpec()
    spec.name = name
    spec.bodies = [body_spec(b, index) for b in bodies]
    return spec


def to_core_specs(model: Model) -> tuple[_core.SkeletonSpec, list[_core.Muscle]]:
    """The human's SkeletonSpec and its muscles (path bodies as indices)."""
    index = {b.name: i for i, b in enumerate(model.bodies)}
    muscles = []
    for m in model.muscles:
        params = _core.MuscleParams()
        for key, value in dataclasses.asdict(m.params).items():
            setattr(params, key, value)
        path = [_core.PathPoint(index[p.body], np.asarray(p.offset, dtype=float)) for p in m.path]
        muscles.append(_core.Muscle(m.name, params, path))
    return skeleton_spec(model.name, model.bodies), muscles
