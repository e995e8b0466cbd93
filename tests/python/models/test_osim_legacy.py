"""OpenSim 3 (joints inside bodies) import on small .osim files written here."""

from __future__ import annotations

import pytest
from exocore import _core
from exocore.models import OsimImportError, from_osim
from exocore.models.core_specs import to_core_specs

AXIS = """<TransformAxis name="{name}"><coordinates>{coord}</coordinates><axis>{axis}</axis>
<function>{function}</function></TransformAxis>"""
LINEAR = "<LinearFunction><coefficients>1 0</coefficients></LinearFunction>"
ZERO = "<Constant><value>0</value></Constant>"
# y = -0.005 + 0.01 x at knots that miss 0: any natural cubic spline reproduces a line.
LINE_SPLINE = "<SimmSpline><x>-2 -1 0.3 2</x><y>-0.025 -0.015 -0.002 0.015</y></SimmSpline>"
# A curved spline with a knot at 0 whose value there is -0.4.
KNOT_SPLINE = "<SimmSpline><x>-2 -1 0 1</x><y>-0.38 -0.39 -0.4 -0.35</y></SimmSpline>"

FREE_AXES = "".join(
    AXIS.format(name=n, coord=c, axis=a, function=LINEAR)
    for n, c, a in [
        ("rotation1", "tilt", "0 0 1"),
        ("rotation2", "list", "1 0 0"),
        ("rotation3", "rot", "0 1 0"),
        ("translation1", "tx", "1 0 0"),
        ("translation2", "ty", "0 1 0"),
        ("translation3", "tz", "0 0 1"),
    ]
)
KNEE_AXES = (
    AXIS.format(name="rotation1", coord="knee", axis="0 0 1", function=LINEAR)
    + AXIS.format(name="rotation2", coord="", axis="0 1 0", function=ZERO)
    + AXIS.format(name="rotation3", coord="", axis="1 0 0", function=ZERO)
    + AXIS.format(name="translation1", coord="knee", axis="1 0 0", function=LINE_SPLINE)
    + AXIS.format(name="translation2", coord="knee", axis="0 1 0", function=KNOT_SPLINE)
    + AXIS.format(name="translation3", coord="", axis="0 0 1", function=ZERO)
)


def body(name: str, joint: str, mass: float = 5.0, inertia: float = 0.05) -> str:
    parts = "".join(
        f"<inertia_{p}>{inertia if p[0] == p[1] else 0}</inertia_{p}>"
        for p in ("xx", "yy", "zz", "xy", "xz", "yz")
    )
    return f"""<Body name="{name}"><mass>{mass}</mass><mass_center>0 -0.1 0</mass_center>
{parts}<Joint>{joint}</Joint><WrapObjectSet><objects/></WrapObjectSet></Body>"""


def joint(tag: str, name: str, parent: str, where: str, coords: str = "", axes: str = "") -> str:
    coordinates = "".join(
        f'<Coordinate name="{c}"><range>-2 0.2</range></Coordinate>' for c in coords.split()
    )
    transform = f"<SpatialTransform>{axes}</SpatialTransform>" if axes else ""
    return f"""<{tag} name="{name}">{transform}<parent_body>{parent}</parent_body>
<location_in_parent>{where}</location_in_parent><orientation_in_parent>0 0 0</orientation_in_parent>
<location>0 0 0</location><orientation>0 0 0</orientation>
<CoordinateSet><objects>{coordinates}</objects></CoordinateSet></{tag}>"""


MUSCLE = """<Thelen2003Muscle name="rect_fem">
<GeometryPath><PathPointSet><objects>
 <PathPoint name="p1"><location>0.03 -0.03 0.1</location><body>pelvis</body></PathPoint>
 <ConditionalPathPoint name="p2"><location>0.03 -0.4 0.0</location><body>femur</body>
  <range>-2.6 -1.4</range><coordinate>knee</coordinate></ConditionalPathPoint>
 <MovingPathPoint name="p3"><location>9 9 9</location><body>tibia</body>
  <x_location>{KNOT}</x_location><x_coordinate>knee</x_coordinate></MovingPathPoint>
</objects></PathPointSet><PathWrapSet><objects/></PathWrapSet></GeometryPath>
<max_isometric_force>1169</max_isometric_force><optimal_fiber_length>0.114</optimal_fiber_length>
<tendon_slack_length>0.31</tendon_slack_length><KshapePassive>4</KshapePassive>
<activation_time_constant>0.01</activation_time_constant>
</Thelen2003Muscle>""".replace("{KNOT}", KNOT_SPLINE)

OTHER_FORCES = """<HuntCrossleyForce name="foot_r">
<HuntCrossleyForce::ContactParametersSet name="contact_parameters"><objects>
<HuntCrossleyForce::ContactParameters><stiffness>1e7</stiffness></HuntCrossleyForce::ContactParameters>
</objects></HuntCrossleyForce::ContactParametersSet></HuntCrossleyForce>
<CoordinateLimitForce name="KneeLimit"/><Schutte1993Muscle_Deprecated name="old"/>"""


def document(root_joint: str = "", hip: str = "", extra_body: str = "") -> str:
    root_joint = root_joint or joint(
        "CustomJoint", "ground_pelvis", "ground", "0 1 0", "tilt list rot tx ty tz", FREE_AXES
    )
    hip = hip or joint("PinJoint", "hip", "pelvis", "-0.07 -0.07 0.08", "hip_flexion")
    bodies = (
        '<Body name="ground"><mass>0</mass><Joint/></Body>'
        + body("pelvis", root_joint, 11.8, 0.1)
        + body("femur", hip, 9.3, 0.1)
        + body("tibia", joint("CustomJoint", "knee", "femur", "0 0 0", "knee", KNEE_AXES))
        + body("head", joint("WeldJoint", "neck", "pelvis", "0 0.5 0"), 0.0, 0.0)
        + extra_body
    )
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="30000"><Model name="legacy">
<BodySet><objects>{bodies}</objects></BodySet>
<ConstraintSet><objects/></ConstraintSet>
<ForceSet><objects>{MUSCLE}{OTHER_FORCES}</objects></ForceSet>
<ContactGeometrySet><objects><ContactSphere name="r_heel"/></objects></ContactGeometrySet>
</Model></OpenSimDocument>"""


def write(tmp_path, text: str):
    path = tmp_path / "legacy.osim"
    path.write_text(text)
    return path


def test_opensim3_bodies_joints_muscle_and_report(tmp_path):
    report: list[str] = []
    model = from_osim(write(tmp_path, document()), report)
    by_name = {b.name: b for b in model.bodies}
    assert set(by_name) == {"pelvis", "femur", "tibia", "head"}
    assert by_name["pelvis"].joint_type == "free" and by_name["pelvis"].parent is None
    assert by_name["femur"].joint_type == "revolute" and by_name["femur"].axis == (0.0, 0.0, 1.0)
    assert by_name["femur"].joint_in_parent.translation == (-0.07, -0.07, 0.08)
    knee = by_name["tibia"]
    assert knee.joint_type == "revolute" and knee.parent == "femur"
    assert knee.lower_limits == (-2.0,) and knee.upper_limits == (0.2,)
    # translations frozen at zero knee angle: the line's -0.005 and the knot's -0.4
    assert knee.joint_in_parent.translation == pytest.approx((-0.005, -0.4, 0.0), abs=1e-12)
    assert by_name["pelvis"].inertia[0][0] == 0.1 and by_name["pelvis"].mass == 11.8
    (muscle,) = model.muscles
    assert [p.body for p in muscle.path] == ["pelvis", "tibia"]  # p2 inactive at knee 0
    assert muscle.path[1].offset == pytest.approx((-0.4, 9.0, 9.0))  # x from x_location(0)
    assert muscle.params.passive_shape == 4.0 and muscle.params.activation_time == 0.01
    text = "\n".join(report)
    for expected in (
        "ConditionalPathPoint 'p2' dropped",
        "MovingPathPoint 'p3' fixed",
        "'foot_r' (HuntCrossleyForce) skipped",
        "'KneeLimit' (CoordinateLimitForce) skipped",
        "muscle 'old' (Schutte1993Muscle_Deprecated) skipped",
        "'r_heel' (ContactSphere) skipped",
        "body 'head': non-positive mass",
        "translation translation1 frozen at -0.005",
    ):
        assert expected in text, expected


def test_opensim3_model_builds_in_the_core(tmp_path):
    model = from_osim(write(tmp_path, document()))
    spec, muscles = to_core_specs(model)
    skeleton = _core.build_skeleton(spec)
    assert skeleton.num_dofs == 6 + 1 + 1
    assert skeleton.mass == pytest.approx(11.8 + 9.3 + 5.0 + 1e-3)
    for m in muscles:
        _core.validate_muscle(m, skeleton)


def test_planar_root_becomes_free(tmp_path):
    planar = joint("PlanarJoint", "ground_pelvis", "ground", "0 1 0", "tilt tx ty")
    report: list[str] = []
    model = from_osim(write(tmp_path, document(root_joint=planar)), report)
    assert model.bodies[0].joint_type == "free"
    assert any("planar root joint" in line for line in report)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"hip": joint("PlanarJoint", "hip", "pelvis", "0 0 0", "a b c")}, "only at the root"),
        ({"hip": joint("UniversalJoint", "hip", "pelvis", "0 0 0", "a b")}, "UniversalJoint"),
        ({"extra_body": '<Body name="arm"><mass>1</mass></Body>'}, "body 'arm' has no joint"),
        ({"hip": joint("PinJoint", "hip", "nowhere", "0 0 0", "a")}, "do not reach the ground"),
    ],
)
def test_bad_opensim3_documents_raise_clear_errors(tmp_path, kwargs, message):
    with pytest.raises(OsimImportError, match=message):
        from_osim(write(tmp_path, document(**kwargs)))


def test_unsupported_function_is_named(tmp_path):
    text = document().replace(LINE_SPLINE, "<StepFunction/>")
    with pytest.raises(OsimImportError, match="StepFunction"):
        from_osim(write(tmp_path, text))
