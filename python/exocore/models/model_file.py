"""The exocore model file: versioned JSON, documented field by field in docs/model_format.md.

`save_model` / `load_model` round-trip exactly (floats are written with Python's
shortest exact representation). `load_model` validates and raises ModelFileError whose
message names the file, the element and what is wrong.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from .types import (
    JOINT_DOFS,
    SHAPE_TYPES,
    Body,
    Bushing,
    Exoskeleton,
    Frame,
    Model,
    Motor,
    Muscle,
    MuscleParameters,
    PathPoint,
    Shape,
)

FORMAT_NAME = "exocore-model"
FORMAT_VERSION = 1
POSITIVE_PARAMS = (
    "max_isometric_force",
    "optimal_fiber_length",
    "max_contraction_velocity",
    "passive_strain",
    "active_width",
    "fv_shape",
    "activation_time",
    "deactivation_time",
)


class ModelFileError(ValueError):
    """A model file (or dict) that cannot be read: names the file, element and problem."""


def _as_floats(value: Any) -> Any:
    """Numbers as floats (ints included, bools not), so that files are canonical."""
    if isinstance(value, dict):
        return {k: _as_floats(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_floats(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _frame_to(frame: Frame) -> dict[str, list[float]]:
    return {"translation": list(frame.translation), "rotation_xyz": list(frame.rotation_xyz)}


def _body_to(body: Body) -> dict[str, Any]:
    out = dataclasses.asdict(body)
    out["joint_in_parent"] = _frame_to(body.joint_in_parent)
    out["joint_in_child"] = _frame_to(body.joint_in_child)
    out["shape"] = {
        "type": body.shape.type,
        "size": list(body.shape.size),
        "offset": _frame_to(body.shape.offset),
    }
    out["inertia"] = [list(row) for row in body.inertia]
    for key in ("axis", "com", "lower_limits", "upper_limits"):
        out[key] = list(out[key])
    return out


def _bushing_to(b: Bushing) -> dict[str, Any]:
    out = dataclasses.asdict(b)
    out["frame_a"], out["frame_b"] = _frame_to(b.frame_a), _frame_to(b.frame_b)
    for key in ("stiffness", "damping", "rotational_stiffness", "rotational_damping"):
        out[key] = list(out[key])
    return out


def model_to_dict(model: Model) -> dict[str, Any]:
    """The JSON-ready dict of a model."""
    exo = None
    if model.exo is not None:
        exo = {
            "bodies": [_body_to(b) for b in model.exo.bodies],
            "motors": [dataclasses.asdict(m) for m in model.exo.motors],
            "straps": [_bushing_to(b) for b in model.exo.straps],
        }
    muscles = [
        {
            "name": m.name,
            "group": m.group,
            "lower_limb": m.lower_limb,
            "params": dataclasses.asdict(m.params),
            "path": [{"body": p.body, "offset": list(p.offset)} for p in m.path],
        }
        for m in model.muscles
    ]
    content = {
        "name": model.name,
        "height": model.height,
        "metadata": dict(model.metadata),
        "bodies": [_body_to(b) for b in model.bodies],
        "muscles": muscles,
        "exo": exo,
    }
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, **_as_floats(content)}


def save_model(model: Model, path: str | Path) -> None:
    """Writes `model` as a model file."""
    Path(path).write_text(json.dumps(model_to_dict(model), indent=1) + "\n")


class _Reader:
    """Typed field access that reports where a problem is."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, element: str, problem: str) -> ModelFileError:
        return ModelFileError(f"{self.source}: {element}: {problem}")

    def get(self, d: Any, key: str, element: str, default: Any = ...) -> Any:
        if not isinstance(d, dict):
            raise self.fail(element, f"expected an object, got {type(d).__name__}")
        if key not in d:
            if default is ...:
                raise self.fail(element, f"missing field '{key}'")
            return default
        return d[key]

    def number(self, d: Any, key: str, element: str, default: Any = ...) -> float:
        v = self.get(d, key, element, default)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise self.fail(element, f"'{key}' must be a finite number, got {v!r}")
        return float(v)

    def vector(self, d: Any, key: str, element: str, n: int | None, default: Any = ...) -> tuple:
        v = self.get(d, key, element, default)
        ok = isinstance(v, (list, tuple)) and (n is None or len(v) == n)
        if ok:
            ok = all(
                isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
                for x in v
            )
        if not ok:
            size = "numbers" if n is None else f"{n} numbers"
            raise self.fail(element, f"'{key}' must be a list of {size}, got {v!r}")
        return tuple(float(x) for x in v)

    def string(self, d: Any, key: str, element: str, default: Any = ...) -> str:
        v = self.get(d, key, element, default)
        if not isinstance(v, str):
            raise self.fail(element, f"'{key}' must be a string, got {v!r}")
        return v

    def frame(self, d: Any, key: str, element: str) -> Frame:
        f = self.get(d, key, element, {})
        return Frame(
            self.vector(f, "translation", f"{element}.{key}", 3, (0.0, 0.0, 0.0)),
            self.vector(f, "rotation_xyz", f"{element}.{key}", 3, (0.0, 0.0, 0.0)),
        )


def _read_bodies(r: _Reader, items: Any, where: str) -> list[Body]:
    if not isinstance(items, list) or not items:
        raise r.fail(where, "must be a non-empty list of bodies")
    bodies: list[Body] = []
    seen: set[str] = set()
    for i, d in enumerate(items):
        name = r.string(d, "name", f"{where}[{i}]")
        el = f"body '{name}'"
        if name in seen:
            raise r.fail(el, "duplicate body name")
        parent = r.get(d, "parent", el)
        if parent is not None and parent not in seen:
            raise r.fail(el, f"unknown parent body {parent!r} (parents must come first)")
        joint_type = r.string(d, "joint_type", el)
        if joint_type not in JOINT_DOFS:
            raise r.fail(el, f"unknown joint_type {joint_type!r}, expected {list(JOINT_DOFS)}")
        mass = r.number(d, "mass", el)
        if mass <= 0.0:
            raise r.fail(el, f"mass must be positive, got {mass}")
        inertia_rows = r.get(d, "inertia", el)
        if not isinstance(inertia_rows, list) or len(inertia_rows) != 3:
            raise r.fail(el, "'inertia' must be a 3x3 list of lists")
        inertia = tuple(r.vector({"row": row}, "row", f"{el} inertia", 3) for row in inertia_rows)
        matrix = np.array(inertia)
        if not np.allclose(matrix, matrix.T) or np.linalg.eigvalsh(matrix).min() <= 0.0:
            raise r.fail(el, "inertia must be symmetric positive definite")
        n = JOINT_DOFS[joint_type]
        lower = r.vector(d, "lower_limits", el, None, ())
        upper = r.vector(d, "upper_limits", el, None, ())
        for key, lim in (("lower_limits", lower), ("upper_limits", upper)):
            if lim and len(lim) != n:
                raise r.fail(el, f"'{key}' has {len(lim)} values, joint has {n} dofs")
        shape_d = r.get(d, "shape", el, {"type": "none"})
        shape_type = r.string(shape_d, "type", f"{el} shape")
        if shape_type not in SHAPE_TYPES:
            raise r.fail(el, f"unknown shape type {shape_type!r}, expected {list(SHAPE_TYPES)}")
        shape = Shape(
            shape_type,
            r.vector(shape_d, "size", f"{el} shape", 3, (0.0, 0.0, 0.0)),
            r.frame(shape_d, "offset", f"{el} shape"),
        )
        bodies.append(
            Body(
                name,
                parent,
                joint_type,
                r.frame(d, "joint_in_parent", el),
                r.frame(d, "joint_in_child", el),
                joint_name=r.string(d, "joint_name", el, ""),
                axis=r.vector(d, "axis", el, 3, (1.0, 0.0, 0.0)),
                mass=mass,
                com=r.vector(d, "com", el, 3, (0.0, 0.0, 0.0)),
                inertia=inertia,
                shape=shape,
                collides=bool(r.get(d, "collides", el, False)),
                lower_limits=lower,
                upper_limits=upper,
                joint_damping=r.number(d, "joint_damping", el, 0.0),
            )
        )
        seen.add(name)
    return bodies


def _read_muscles(r: _Reader, items: Any, bodies: set[str]) -> list[Muscle]:
    if not isinstance(items, list):
        raise r.fail("muscles", "must be a list")
    muscles: list[Muscle] = []
    seen: set[str] = set()
    names = {f.name for f in dataclasses.fields(MuscleParameters)}
    for i, d in enumerate(items):
        name = r.string(d, "name", f"muscles[{i}]")
        el = f"muscle '{name}'"
        if name in seen:
            raise r.fail(el, "duplicate muscle name")
        p = r.get(d, "params", el)
        unknown = set(p) - names if isinstance(p, dict) else set()
        if unknown:
            raise r.fail(el, f"unknown parameter(s) {sorted(unknown)}")
        values = {k: r.number(p, k, el) for k in names if isinstance(p, dict) and k in p}
        for k in POSITIVE_PARAMS + ("tendon_slack_length",):
            if k in values and values[k] <= 0.0:
                raise r.fail(el, f"'{k}' must be positive, got {values[k]}")
        try:
            params = MuscleParameters(**values)
        except TypeError as err:
            raise r.fail(el, f"missing parameter ({err})") from None
        path_items = r.get(d, "path", el)
        if not isinstance(path_items, list) or len(path_items) < 2:
            raise r.fail(el, "path must be a list of at least two points")
        path = []
        for j, q in enumerate(path_items):
            body = r.string(q, "body", f"{el} point {j}")
            if body not in bodies:
                raise r.fail(el, f"path point {j} is on unknown body {body!r}")
            path.append(PathPoint(body, r.vector(q, "offset", f"{el} point {j}", 3)))
        muscles.append(
            Muscle(
                name,
                params,
                path,
                lower_limb=bool(r.get(d, "lower_limb", el, False)),
                group=r.string(d, "group", el, ""),
            )
        )
        seen.add(name)
    return muscles


def _read_exo(r: _Reader, d: Any, human: set[str]) -> Exoskeleton:
    bodies = _read_bodies(r, r.get(d, "bodies", "exo"), "exo.bodies")
    exo_names = {b.name for b in bodies}
    if exo_names & human:
        raise r.fail("exo", f"body names shared with the human: {sorted(exo_names & human)}")
    joints = {b.joint_name or b.name for b in bodies if b.joint_type == "revolute"}
    motors = []
    for i, m in enumerate(r.get(d, "motors", "exo", [])):
        joint = r.string(m, "joint", f"exo.motors[{i}]")
        if joint not in joints:
            raise r.fail(f"exo motor {i}", f"unknown revolute joint {joint!r}")
        torque = r.number(m, "peak_torque", f"exo motor '{joint}'")
        if torque <= 0.0:
            raise r.fail(f"exo motor '{joint}'", f"peak_torque must be positive, got {torque}")
        motors.append(Motor(joint, torque, r.number(m, "gear_ratio", f"exo motor {i}", 1.0)))
    straps = []
    for i, s in enumerate(r.get(d, "straps", "exo", [])):
        name = r.string(s, "name", f"exo.straps[{i}]")
        el = f"strap '{name}'"
        body_a, body_b = r.string(s, "body_a", el), r.string(s, "body_b", el)
        if body_a not in exo_names:
            raise r.fail(el, f"body_a {body_a!r} is not an exoskeleton body")
        if body_b not in human:
            raise r.fail(el, f"body_b {body_b!r} is not a human body")
        vec = {k: r.vector(s, k, el, 3) for k in ("stiffness", "damping")}
        vec.update(
            {k: r.vector(s, k, el, 3) for k in ("rotational_stiffness", "rotational_damping")}
        )
        if any(v < 0.0 for values in vec.values() for v in values):
            raise r.fail(el, "stiffness and damping must not be negative")
        frame_a, frame_b = r.frame(s, "frame_a", el), r.frame(s, "frame_b", el)
        straps.append(Bushing(name, body_a, frame_a, body_b, frame_b, **vec))
    return Exoskeleton(bodies, motors, straps)


def model_from_dict(data: Any, source: str = "<dict>") -> Model:
    """Validates and converts a model dict; errors name `source`."""
    r = _Reader(source)
    if r.get(data, "format", "file") != FORMAT_NAME:
        raise r.fail("file", f"'format' must be {FORMAT_NAME!r}")
    version = r.get(data, "version", "file")
    if version != FORMAT_VERSION:
        raise r.fail(
            "file", f"unsupported version {version!r} (this exocore reads {FORMAT_VERSION})"
        )
    bodies = _read_bodies(r, r.get(data, "bodies", "file"), "bodies")
    if bodies[0].parent is not None:
        raise r.fail(f"body '{bodies[0].name}'", "the first body must be the root (parent null)")
    names = {b.name for b in bodies}
    muscles = _read_muscles(r, r.get(data, "muscles", "file", []), names)
    exo_d = r.get(data, "exo", "file", None)
    exo = None if exo_d is None else _read_exo(r, exo_d, names)
    metadata = r.get(data, "metadata", "file", {})
    return Model(
        r.string(data, "name", "file"),
        bodies,
        muscles,
        exo=exo,
        height=r.number(data, "height", "file", 0.0),
        metadata={str(k): str(v) for k, v in metadata.items()},
    )


def load_model(path: str | Path) -> Model:
    """Reads and validates a model file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text())
    except OSError as err:
        raise ModelFileError(f"{path}: cannot read: {err.strerror}") from None
    except json.JSONDecodeError as err:
        raise ModelFileError(f"{path}: not valid JSON: {err}") from None
    return model_from_dict(data, str(path))
