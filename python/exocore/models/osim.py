"""Import of OpenSim models (.osim): OpenSim 4 documents (version >= 40000, a JointSet whose
joints name their frames) and OpenSim 3 / 2 documents (each joint inside its child body,
with parent_body and location/orientation_in_parent).

Mapped: bodies (mass, mass_center, inertia), joints (WeldJoint -> weld, PinJoint ->
revolute about the joint frame's z, BallJoint and GimbalJoint -> ball, FreeJoint -> free,
a PlanarJoint at the root -> free, CustomJoint by its coordinate-driven axes: 1 rotation ->
revolute, 3 rotations -> ball, 3 rotations + 3 translations -> free, none -> weld),
coordinate ranges -> joint limits, and Thelen2003Muscle / Millard2012EquilibriumMuscle /
DeGroote2016Muscle with their path points and Thelen curve constants. Approximations are
listed in `report` (printed by the CLI): a CustomJoint's coordinate-driven translations
are frozen at their value for zero coordinates, conditional path points are kept fixed
when active at zero coordinates and dropped otherwise, moving path points are fixed at
their zero-coordinate location, tendons are rigid, and wrap objects, contact, constraints
and forces other than muscles are skipped by name. Anything else that cannot be
represented raises OsimImportError naming the element. The ground is turned so that
OpenSim's x forward / z right becomes our z forward / x left.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .osim_xml import OsimImportError, floats, function_value, parse_xml
from .types import Body, Frame, Model, Muscle, MuscleParameters, PathPoint, rotation_xyz

MUSCLE_TAGS = ("Thelen2003Muscle", "Millard2012EquilibriumMuscle", "DeGroote2016Muscle")
JOINT_TAGS = ("WeldJoint", "PinJoint", "BallJoint", "FreeJoint", "CustomJoint")
JOINT_TAGS += ("PlanarJoint", "GimbalJoint")
GROUND_TO_OURS = (0.0, -0.5 * math.pi, 0.0)  # x-y-z Euler angles: rotate -90 deg about y
POINT_TAGS = ("PathPoint", "ConditionalPathPoint", "MovingPathPoint")
# Optional muscle properties -> MuscleParameters fields (Thelen 2003 names in OpenSim).
OPTIONAL_PARAMS = {
    "pennation_angle_at_optimal": "optimal_pennation",
    "max_contraction_velocity": "max_contraction_velocity",
    "activation_time_constant": "activation_time",
    "deactivation_time_constant": "deactivation_time",
    "FmaxMuscleStrain": "passive_strain",
    "KshapePassive": "passive_shape",
    "KshapeActive": "active_width",
    "Af": "fv_shape",
    "Flen": "fv_max_lengthening",
}

__all__ = ["OsimImportError", "from_osim"]


def _child_float(el: ET.Element, tag: str, where: str, default: float | None = None) -> float:
    node = el.find(tag)
    if node is None or node.text is None or not node.text.strip():
        if default is None:
            raise OsimImportError(f"{where}: missing <{tag}>")
        return default
    return floats(node.text, 1, f"{where} <{tag}>")[0]


def _body_name(path: str | None) -> str:
    """'/bodyset/femur_r' or '../femur_r' or 'femur_r' -> 'femur_r'; ground -> 'ground'."""
    return (path or "").strip().rstrip("/").split("/")[-1]


@dataclass
class _Joint:
    el: ET.Element
    parent: str
    in_parent: Frame
    child: str
    in_child: Frame


class _Importer:
    def __init__(self, root: ET.Element, source: str) -> None:
        self.source = source
        self.report: list[str] = []
        model = root.find("Model")
        if model is None:
            raise OsimImportError(f"{source}: no <Model> element")
        self.model = model
        try:
            self.version = int(root.get("Version", "0"))
        except ValueError:
            version = root.get("Version")
            raise OsimImportError(f"{source}: Version {version!r} is not a number") from None
        self.legacy = self.version < 40000

    def fail(self, message: str) -> OsimImportError:
        return OsimImportError(f"{self.source}: {message}")

    def body_elements(self) -> dict[str, ET.Element]:
        bodies = self.model.find("BodySet/objects")
        found = [] if bodies is None else [b for b in bodies if b.tag == "Body"]
        return {b.get("name", ""): b for b in found if b.get("name") != "ground"}

    def frame(self, joint: ET.Element, socket: str) -> tuple[str, Frame]:
        """Body and frame (in that body) that an OpenSim 4 joint's socket refers to."""
        target = _body_name(joint.findtext(socket))
        for off in joint.iter("PhysicalOffsetFrame"):
            if off.get("name") == target:
                where = f"joint '{joint.get('name')}' frame '{target}'"
                t = floats(off.findtext("translation", "0 0 0"), 3, where)
                r = floats(off.findtext("orientation", "0 0 0"), 3, where)
                return _body_name(off.findtext("socket_parent")), Frame(t, r)
        return target, Frame()

    def joints(self, bodies: dict[str, ET.Element]) -> list[_Joint]:
        if not self.legacy:
            out = []
            for el in (j for tag in JOINT_TAGS for j in self.model.iter(tag)):
                parent, in_parent = self.frame(el, "socket_parent_frame")
                child, in_child = self.frame(el, "socket_child_frame")
                out.append(_Joint(el, parent, in_parent, child, in_child))
            return out
        out = []
        for name, body in bodies.items():
            holder = body.find("Joint")
            inside = [] if holder is None else list(holder)
            if not inside:
                raise self.fail(
                    f"document version {self.version} (OpenSim 3 layout) but body '{name}' "
                    "has no joint inside it"
                )
            el = inside[0]
            if el.tag not in JOINT_TAGS:
                raise self.fail(f"body '{name}': joint type {el.tag} is not supported")
            where = f"joint '{el.get('name')}'"
            in_parent = Frame(
                floats(el.findtext("location_in_parent", "0 0 0"), 3, where),
                floats(el.findtext("orientation_in_parent", "0 0 0"), 3, where),
            )
            in_child = Frame(
                floats(el.findtext("location", "0 0 0"), 3, where),
                floats(el.findtext("orientation", "0 0 0"), 3, where),
            )
            out.append(
                _Joint(el, _body_name(el.findtext("parent_body")), in_parent, name, in_child)
            )
        return out

    def joint_type(self, joint: ET.Element, root: bool) -> tuple[str, tuple, tuple, tuple, tuple]:
        """(our joint type, axis, lower, upper, translation at zero coordinates in the
        parent joint frame) of an OpenSim joint."""
        name = joint.get("name", "")
        ranges = [
            floats(c.findtext("range", "-3.14159 3.14159"), 2, f"coordinate '{c.get('name')}'")
            for c in joint.iter("Coordinate")
        ]
        lower, upper = tuple(r[0] for r in ranges), tuple(r[1] for r in ranges)
        zero = (0.0, 0.0, 0.0)
        simple = {"WeldJoint": "weld", "PinJoint": "revolute", "BallJoint": "ball"}
        simple |= {"GimbalJoint": "ball", "FreeJoint": "free"}
        if joint.tag in simple:
            kind = simple[joint.tag]
            if joint.tag == "GimbalJoint":
                self.report.append(f"joint '{name}': GimbalJoint -> ball joint")
            if kind in ("weld", "free"):
                return kind, (1.0, 0.0, 0.0), (), (), zero
            axis = (0.0, 0.0, 1.0) if kind == "revolute" else (1.0, 0.0, 0.0)
            return kind, axis, lower, upper, zero
        if joint.tag == "PlanarJoint":
            if not root:
                raise self.fail(f"joint '{name}': a PlanarJoint is supported only at the root")
            self.report.append(f"joint '{name}': planar root joint (3 dofs) -> free joint (6)")
            return "free", (1.0, 0.0, 0.0), (), (), zero
        rotations, translations, frozen = [], 0, []
        offset = np.zeros(3)
        for axis in joint.iter("TransformAxis"):
            where = f"joint '{name}' {axis.get('name')}"
            driven = (axis.findtext("coordinates") or "").split()
            vec = np.array(floats(axis.findtext("axis"), 3, where))
            is_rotation = (axis.get("name") or "").startswith("rotation")
            holder = axis.find("function")
            value = function_value(holder, 0.0, where)
            if driven and is_rotation:
                linear = holder is not None and holder.find("LinearFunction") is not None
                if holder is not None and list(holder) and not linear:
                    self.report.append(f"joint '{name}': non-linear rotation taken as linear")
                slope = 1.0
                if linear:
                    slope = floats(holder.findtext("LinearFunction/coefficients"), 2, where)[0]
                rotations.append(tuple(float(v) for v in math.copysign(1.0, slope) * vec))
            elif is_rotation:
                if value is not None and abs(value) > 1e-12:
                    raise self.fail(
                        f"{where}: a constant rotation ({value:g} rad) is not supported"
                    )
            else:
                offset += vec * (value or 0.0)
                if driven:
                    translations += 1
                    frozen.append(
                        f"joint '{name}': translation {axis.get('name')} frozen at "
                        f"{value or 0.0:.5g} m (its value for zero coordinates)"
                    )
        translation = tuple(float(v) for v in offset)
        if len(rotations) == 3 and translations == 3:
            return "free", (1.0, 0.0, 0.0), (), (), zero
        self.report.extend(frozen)
        if len(rotations) == 3:
            self.report.append(f"joint '{name}': three rotation coordinates -> ball joint")
            return "ball", (1.0, 0.0, 0.0), lower[:3], upper[:3], translation
        if len(rotations) == 1:
            return "revolute", rotations[0], lower[:1], upper[:1], translation
        if not rotations and translations == 0:
            return "weld", (1.0, 0.0, 0.0), (), (), translation
        raise self.fail(
            f"joint '{name}': {len(rotations)} rotations and {translations} translations "
            "cannot be mapped to a weld, revolute, ball or free joint"
        )

    def skeleton(self) -> list[Body]:
        bodies = self.body_elements()
        out: list[Body] = []
        placed = {"ground"}
        pending = self.joints(bodies)
        while pending:
            ready = [j for j in pending if j.parent in placed]
            if not ready:
                names = [j.el.get("name") for j in pending]
                raise self.fail(f"joints {names} do not reach the ground")
            for j in ready:
                pending.remove(j)
                if j.child not in bodies:
                    raise self.fail(f"joint '{j.el.get('name')}': unknown child body '{j.child}'")
                in_parent = j.in_parent
                root = j.parent == "ground"
                kind, axis, lo, hi, shift = self.joint_type(j.el, root)
                if any(shift):
                    moved = np.asarray(in_parent.translation) + rotation_xyz(
                        in_parent.rotation_xyz
                    ) @ np.asarray(shift)
                    in_parent = Frame(tuple(float(v) for v in moved), in_parent.rotation_xyz)
                if root:
                    if in_parent.rotation_xyz != GROUND_TO_OURS and any(in_parent.rotation_xyz):
                        self.report.append("root joint orientation replaced by the ground turn")
                    in_parent = Frame(in_parent.translation, GROUND_TO_OURS)
                parent = None if root else j.parent
                el = bodies[j.child]
                out.append(self.body(el, parent, kind, in_parent, j.in_child, j.el, axis, lo, hi))
                placed.add(j.child)
        if sum(b.parent is None for b in out) != 1:
            raise self.fail("exactly one body must be joined to ground")
        return out

    def body(
        self,
        el: ET.Element,
        parent: str | None,
        kind: str,
        in_parent: Frame,
        in_child: Frame,
        joint: ET.Element,
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
        if el.find("inertia") is not None:
            ixx, iyy, izz, ixy, ixz, iyz = floats(el.findtext("inertia"), 6, f"{where} <inertia>")
        else:  # OpenSim 3: one element per component
            parts = ("xx", "yy", "zz", "xy", "xz", "yz")
            ixx, iyy, izz, ixy, ixz, iyz = (_child_float(el, f"inertia_{p}", where) for p in parts)
        inertia = ((ixx, ixy, ixz), (ixy, iyy, iyz), (ixz, iyz, izz))
        if np.linalg.eigvalsh(np.array(inertia)).min() <= 0.0:
            i = 0.4 * mass * 0.05**2
            inertia = ((i, 0.0, 0.0), (0.0, i, 0.0), (0.0, 0.0, i))
            self.report.append(f"{where}: inertia not positive definite, 5 cm sphere used")
        for wrap in el.findall("WrapObjectSet/objects/*"):
            self.report.append(f"{where}: wrap object '{wrap.get('name')}' skipped")
        return Body(
            name,
            parent,
            kind,
            in_parent,
            in_child,
            joint.get("name", ""),
            axis,
            mass,
            floats(el.findtext("mass_center", "0 0 0"), 3, f"{where} <mass_center>"),
            inertia,
            lower_limits=lo,
            upper_limits=hi,
        )

    def path_point(self, point: ET.Element, where: str) -> tuple[float, float, float] | None:
        """Location of a path point at zero coordinates; None for a conditional point that
        is inactive there."""
        name = f"{point.tag} '{point.get('name')}'"
        loc = floats(point.findtext("location", "0 0 0"), 3, f"{where} {name}")
        if point.tag == "ConditionalPathPoint" and point.find("range") is not None:
            lo, hi = floats(point.findtext("range"), 2, f"{where} {name} <range>")
            if not lo <= 0.0 <= hi:
                self.report.append(f"{where}: {name} dropped (inactive at zero coordinates)")
                return None
        if point.tag == "MovingPathPoint":
            values = [function_value(point.find(f"{c}_location"), 0.0, where) for c in "xyz"]
            loc = tuple(v if v is not None else d for v, d in zip(values, loc))
            self.report.append(f"{where}: {name} fixed at its zero-coordinate location")
        elif point.tag == "ConditionalPathPoint":
            self.report.append(f"{where}: {name} kept fixed")
        return loc

    def muscles(self, body_names: set[str]) -> list[Muscle]:
        out = []
        forces = self.model.find("ForceSet/objects")
        for force in [] if forces is None else list(forces):
            if force.tag not in MUSCLE_TAGS:
                kind = "muscle" if "Muscle" in force.tag else "force"
                self.report.append(f"{kind} '{force.get('name')}' ({force.tag}) skipped")
                continue
            name = force.get("name", "")
            where = f"muscle '{name}'"
            params = MuscleParameters(
                max_isometric_force=_child_float(force, "max_isometric_force", where),
                optimal_fiber_length=_child_float(force, "optimal_fiber_length", where),
                tendon_slack_length=_child_float(force, "tendon_slack_length", where),
            )
            for tag, field in OPTIONAL_PARAMS.items():
                setattr(params, field, _child_float(force, tag, where, getattr(params, field)))
            path = []
            for point in force.iter():
                if point.tag.startswith("PathWrap") and point.tag != "PathWrapSet":
                    self.report.append(f"{where}: wrap '{point.get('name')}' skipped")
                if point.tag not in POINT_TAGS:
                    continue
                body = _body_name(point.findtext("socket_parent_frame") or point.findtext("body"))
                if body not in body_names:
                    raise self.fail(
                        f"{where}: path point '{point.get('name')}' on unknown body '{body}'"
                    )
                loc = self.path_point(point, where)
                if loc is not None:
                    path.append(PathPoint(body, loc))
            if len(path) < 2:
                raise self.fail(f"{where}: fewer than two path points")
            out.append(Muscle(name, params, path))
        if out:
            self.report.append("tendons are rigid: tendon elasticity parameters are ignored")
        return out

    def skipped_components(self) -> None:
        for set_name in ("ConstraintSet", "ContactGeometrySet", "ControllerSet", "ProbeSet"):
            for item in self.model.findall(f"{set_name}/objects/*"):
                self.report.append(f"{set_name}: '{item.get('name')}' ({item.tag}) skipped")


def from_osim(path: str | Path, report: list[str] | None = None) -> Model:
    """Imports an OpenSim 4 or OpenSim 3 model; approximations are appended to `report`."""
    path = Path(path)
    importer = _Importer(parse_xml(path), str(path))
    bodies = importer.skeleton()
    muscles = importer.muscles({b.name for b in bodies})
    importer.skipped_components()
    if report is not None:
        report.extend(importer.report)
    name = importer.model.get("name", path.stem)
    return Model(name, bodies, muscles, metadata={"source": f"imported from {path.name}"})
