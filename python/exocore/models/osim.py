"""Import of OpenSim 4 (.osim, document version >= 40000) models.

Mapped: bodies (mass, mass_center, inertia), joints (WeldJoint -> weld, PinJoint ->
revolute about the joint frame's z, BallJoint -> ball, FreeJoint -> free, CustomJoint by
its coordinate-driven axes: 1 rotation -> revolute, 3 rotations -> ball, 3 rotations + 3
translations -> free, none -> weld), coordinate ranges -> joint limits, and
Thelen2003Muscle / Millard2012EquilibriumMuscle / DeGroote2016Muscle with their path
points. Approximations are listed in `report` (printed by the CLI): conditional path
points are kept as fixed points, moving path points are fixed at their <location>, wrap
objects are skipped, coordinate-driven CustomJoint translations are frozen at their value
for zero coordinates, and a ball joint stands for three OpenSim rotation coordinates.
Anything else that cannot be represented raises OsimImportError naming the element.
The ground is turned so that OpenSim's x forward / z right becomes our z forward / x left.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

from .types import Body, Frame, Model, Muscle, MuscleParameters, PathPoint

MUSCLE_TAGS = ("Thelen2003Muscle", "Millard2012EquilibriumMuscle", "DeGroote2016Muscle")
JOINT_TAGS = ("WeldJoint", "PinJoint", "BallJoint", "FreeJoint", "CustomJoint")
GROUND_TO_OURS = (0.0, -0.5 * math.pi, 0.0)  # x-y-z Euler angles: rotate -90 deg about y


class OsimImportError(ValueError):
    """An .osim file that exocore cannot import."""


def _floats(text: str | None, n: int | None, where: str) -> tuple[float, ...]:
    try:
        values = tuple(float(v) for v in (text or "").split())
    except ValueError:
        raise OsimImportError(f"{where}: not a list of numbers: {text!r}") from None
    if n is not None and len(values) != n:
        raise OsimImportError(f"{where}: expected {n} numbers, got {len(values)}")
    return values


def _child_float(el: ET.Element, tag: str, where: str, default: float | None = None) -> float:
    node = el.find(tag)
    if node is None or node.text is None:
        if default is None:
            raise OsimImportError(f"{where}: missing <{tag}>")
        return default
    return _floats(node.text, 1, f"{where} <{tag}>")[0]


def _body_name(path: str | None) -> str:
    """'/bodyset/femur_r' or '../femur_r' or 'femur_r' -> 'femur_r'; ground -> 'ground'."""
    return (path or "").strip().rstrip("/").split("/")[-1]


class _Importer:
    def __init__(self, root: ET.Element, source: str) -> None:
        self.source = source
        self.report: list[str] = []
        model = root.find("Model")
        if model is None:
            raise OsimImportError(f"{source}: no <Model> element")
        self.model = model
        version = int(root.get("Version", "0"))
        if version < 40000:
            raise OsimImportError(
                f"{source}: OpenSim document version {version} (3.x, joints inside bodies) is "
                "not supported; open and save the model in OpenSim 4 first"
            )

    def bodies(self) -> dict[str, ET.Element]:
        return {b.get("name", ""): b for b in self.model.iter("Body")}

    def frame(self, joint: ET.Element, socket: str) -> tuple[str, Frame]:
        """Body and frame (in that body) that a joint's socket refers to."""
        target = _body_name(joint.findtext(socket))
        for off in joint.iter("PhysicalOffsetFrame"):
            if off.get("name") == target:
                where = f"joint '{joint.get('name')}' frame '{target}'"
                t = _floats(off.findtext("translation", "0 0 0"), 3, where)
                r = _floats(off.findtext("orientation", "0 0 0"), 3, where)
                return _body_name(off.findtext("socket_parent")), Frame(t, r)
        return target, Frame()

    def joint(self, joint: ET.Element) -> tuple[str, tuple, tuple, tuple]:
        """(our joint type, axis, lower, upper) of an OpenSim joint."""
        name = joint.get("name", "")
        ranges = [
            _floats(c.findtext("range", "-3.14159 3.14159"), 2, f"coordinate '{c.get('name')}'")
            for c in joint.iter("Coordinate")
        ]
        lower, upper = tuple(r[0] for r in ranges), tuple(r[1] for r in ranges)
        if joint.tag == "WeldJoint":
            return "weld", (1.0, 0.0, 0.0), (), ()
        if joint.tag == "PinJoint":
            return "revolute", (0.0, 0.0, 1.0), lower, upper
        if joint.tag == "BallJoint":
            return "ball", (1.0, 0.0, 0.0), lower, upper
        if joint.tag == "FreeJoint":
            return "free", (1.0, 0.0, 0.0), (), ()
        rotations, translations = [], 0
        for axis in joint.iter("TransformAxis"):
            driven = (axis.findtext("coordinates") or "").split()
            vec = _floats(axis.findtext("axis"), 3, f"joint '{name}' {axis.get('name')}")
            is_rotation = (axis.get("name") or "").startswith("rotation")
            if driven and is_rotation:
                rotations.append(vec)
                if axis.find("function/LinearFunction") is None:
                    self.report.append(f"joint '{name}': non-linear rotation taken as linear")
            elif driven:
                translations += 1
                self.report.append(f"joint '{name}': translation {axis.get('name')} frozen")
        if rotations and len(rotations) == 3 and translations == 3:
            return "free", (1.0, 0.0, 0.0), (), ()
        if len(rotations) == 3:
            self.report.append(f"joint '{name}': three rotation coordinates -> ball joint")
            return "ball", (1.0, 0.0, 0.0), lower[:3], upper[:3]
        if len(rotations) == 1:
            return "revolute", rotations[0], lower[:1], upper[:1]
        if not rotations and translations == 0:
            return "weld", (1.0, 0.0, 0.0), (), ()
        raise OsimImportError(
            f"{self.source}: joint '{name}': {len(rotations)} rotations and {translations} "
            "translations cannot be mapped to a weld, revolute, ball or free joint"
        )

    def skeleton(self) -> list[Body]:
        bodies = self.bodies()
        joints = [j for tag in JOINT_TAGS for j in self.model.iter(tag)]
        out: list[Body] = []
        placed = {"ground"}
        pending = list(joints)
        while pending:
            ready = [j for j in pending if self.frame(j, "socket_parent_frame")[0] in placed]
            if not ready:
                names = [j.get("name") for j in pending]
                raise OsimImportError(f"{self.source}: joints {names} do not reach the ground")
            for j in ready:
                pending.remove(j)
                parent, in_parent = self.frame(j, "socket_parent_frame")
                child, in_child = self.frame(j, "socket_child_frame")
                if child not in bodies:
                    raise OsimImportError(
                        f"{self.source}: joint '{j.get('name')}': unknown child body '{child}'"
                    )
                if parent == "ground":
                    r = GROUND_TO_OURS
                    in_parent = Frame(in_parent.translation, (r[0], r[1], r[2]))
                    if in_parent.rotation_xyz != r:
                        self.report.append("root joint orientation replaced by the ground turn")
                kind, axis, lo, hi = self.joint(j)
                out.append(
                    self.body(
                        bodies[child],
                        None if parent == "ground" else parent,
                        kind,
                        in_parent,
                        in_child,
                        j.get("name", ""),
                        axis,
                        lo,
                        hi,
                    )
                )
                placed.add(child)
        if sum(b.parent is None for b in out) != 1:
            raise OsimImportError(f"{self.source}: exactly one body must be joined to ground")
        return out

    def body(
        self,
        el: ET.Element,
        parent: str | None,
        kind: str,
        in_parent: Frame,
        in_child: Frame,
        joint_name: str,
        axis: tuple,
        lo: tuple,
        hi: tuple,
    ) -> Body:
        name = el.get("name", "")
        where = f"body '{name}'"
        mass = _child_float(el, "mass", where)
        if mass <= 0.0:
            mass = 1e-3
            self.report.append(f"{where}: non-positive mass replaced by 1 g")
        ixx, iyy, izz, ixy, ixz, iyz = _floats(el.findtext("inertia"), 6, f"{where} <inertia>")
        inertia = ((ixx, ixy, ixz), (ixy, iyy, iyz), (ixz, iyz, izz))
        com = _floats(el.findtext("mass_center", "0 0 0"), 3, f"{where} <mass_center>")
        return Body(
            name,
            parent,
            kind,
            in_parent,
            in_child,
            joint_name,
            axis,
            mass,
            com,
            inertia,
            lower_limits=lo,
            upper_limits=hi,
        )

    def muscles(self, body_names: set[str]) -> list[Muscle]:
        out = []
        for force in self.model.iter():
            if force.tag not in MUSCLE_TAGS:
                if force.tag.endswith("Muscle"):
                    self.report.append(f"muscle '{force.get('name')}' ({force.tag}) skipped")
                continue
            name = force.get("name", "")
            where = f"muscle '{name}'"
            params = MuscleParameters(
                max_isometric_force=_child_float(force, "max_isometric_force", where),
                optimal_fiber_length=_child_float(force, "optimal_fiber_length", where),
                tendon_slack_length=_child_float(force, "tendon_slack_length", where),
                optimal_pennation=_child_float(force, "pennation_angle_at_optimal", where, 0.0),
                max_contraction_velocity=_child_float(
                    force, "max_contraction_velocity", where, 10.0
                ),
            )
            path = []
            for point in force.iter():
                if point.tag not in ("PathPoint", "ConditionalPathPoint", "MovingPathPoint"):
                    if point.tag.startswith("PathWrap") and point.tag != "PathWrapSet":
                        self.report.append(f"{where}: wrap '{point.get('name')}' skipped")
                    continue
                if point.tag != "PathPoint":
                    self.report.append(f"{where}: {point.tag} '{point.get('name')}' kept fixed")
                body = _body_name(point.findtext("socket_parent_frame") or point.findtext("body"))
                if body not in body_names:
                    raise OsimImportError(
                        f"{self.source}: {where}: path point "
                        f"'{point.get('name')}' on unknown body '{body}'"
                    )
                loc = point.findtext("location") or "0 0 0"
                path.append(PathPoint(body, _floats(loc, 3, f"{where} point")))
            if len(path) < 2:
                raise OsimImportError(f"{self.source}: {where}: fewer than two path points")
            out.append(Muscle(name, params, path))
        return out


def from_osim(path: str | Path, report: list[str] | None = None) -> Model:
    """Imports an OpenSim 4 model; approximations are appended to `report`."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as err:
        raise OsimImportError(f"{path}: cannot read as XML: {err}") from None
    importer = _Importer(root, str(path))
    bodies = importer.skeleton()
    muscles = importer.muscles({b.name for b in bodies})
    if report is not None:
        report.extend(importer.report)
    name = importer.model.get("name", path.stem)
    return Model(name, bodies, muscles, metadata={"source": f"imported from {path.name}"})
