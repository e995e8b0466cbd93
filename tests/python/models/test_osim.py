"""OpenSim 4 import on small .osim files written here (OpenSim 3: test_osim_legacy.py)."""

from __future__ import annotations

import pytest
from exocore.models import OsimImportError, from_osim, model_from_dict, model_to_dict

BODY = """<Body name="{name}"><mass>{mass}</mass><mass_center>0 -0.2 0</mass_center>
<inertia>0.1 0.02 0.1 0 0 0</inertia></Body>"""

OSIM = """<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="{version}"><Model name="tiny">
<BodySet><objects>{bodies}</objects></BodySet>
<JointSet><objects>
<CustomJoint name="ground_pelvis">
 <socket_parent_frame>ground_offset</socket_parent_frame>
 <socket_child_frame>pelvis_offset</socket_child_frame>
 <coordinates><Coordinate name="tilt"><range>-1 1</range></Coordinate></coordinates>
 <SpatialTransform>
  <TransformAxis name="rotation1"><coordinates>tilt</coordinates><axis>0 0 1</axis>
   <function><LinearFunction><coefficients>1 0</coefficients></LinearFunction></function>
  </TransformAxis>
  <TransformAxis name="rotation2"><coordinates>list</coordinates><axis>1 0 0</axis>
   <function><LinearFunction><coefficients>1 0</coefficients></LinearFunction></function>
  </TransformAxis>
  <TransformAxis name="rotation3"><coordinates>rot</coordinates><axis>0 1 0</axis>
   <function><LinearFunction><coefficients>1 0</coefficients></LinearFunction></function>
  </TransformAxis>
  <TransformAxis name="translation1"><coordinates>tx</coordinates><axis>1 0 0</axis></TransformAxis>
  <TransformAxis name="translation2"><coordinates>ty</coordinates><axis>0 1 0</axis></TransformAxis>
  <TransformAxis name="translation3"><coordinates>tz</coordinates><axis>0 0 1</axis></TransformAxis>
 </SpatialTransform>
 <frames>
  <PhysicalOffsetFrame name="ground_offset"><socket_parent>/ground</socket_parent>
   <translation>0 1 0</translation><orientation>0 0 0</orientation></PhysicalOffsetFrame>
  <PhysicalOffsetFrame name="pelvis_offset"><socket_parent>/bodyset/pelvis</socket_parent>
   <translation>0 0 0</translation><orientation>0 0 0</orientation></PhysicalOffsetFrame>
 </frames>
</CustomJoint>
<PinJoint name="hip_r">
 <socket_parent_frame>pelvis_offset</socket_parent_frame>
 <socket_child_frame>femur_r_offset</socket_child_frame>
 <coordinates><Coordinate name="hip_flexion_r"><range>-0.5 2.0</range></Coordinate></coordinates>
 <frames>
  <PhysicalOffsetFrame name="pelvis_offset"><socket_parent>/bodyset/pelvis</socket_parent>
   <translation>-0.07 -0.07 0.08</translation><orientation>0 0 0</orientation></PhysicalOffsetFrame>
  <PhysicalOffsetFrame name="femur_r_offset"><socket_parent>/bodyset/femur_r</socket_parent>
   <translation>0 0 0</translation><orientation>0 0 0</orientation></PhysicalOffsetFrame>
 </frames>
</PinJoint>
</objects></JointSet>
<ForceSet><objects>
<Thelen2003Muscle name="glut_max_r">
 <GeometryPath><PathPointSet><objects>
  <PathPoint name="p1"><socket_parent_frame>/bodyset/pelvis</socket_parent_frame>
   <location>-0.12 0.06 0.07</location></PathPoint>
  <ConditionalPathPoint name="p2"><socket_parent_frame>/bodyset/pelvis</socket_parent_frame>
   <location>-0.13 0.0 0.09</location></ConditionalPathPoint>
  <PathPoint name="p3"><socket_parent_frame>/bodyset/{insertion}</socket_parent_frame>
   <location>-0.03 -0.06 0.05</location></PathPoint>
 </objects></PathPointSet>
 <PathWrapSet><objects><PathWrap name="wrap1"/></objects></PathWrapSet></GeometryPath>
 <max_isometric_force>573</max_isometric_force><optimal_fiber_length>0.142</optimal_fiber_length>
 <tendon_slack_length>0.125</tendon_slack_length>
 <pennation_angle_at_optimal>0.087</pennation_angle_at_optimal>
</Thelen2003Muscle>
</objects></ForceSet>
</Model></OpenSimDocument>"""


def write(tmp_path, version=40000, insertion="femur_r", mass=9.3):
    bodies = BODY.format(name="pelvis", mass=11.8) + BODY.format(name="femur_r", mass=mass)
    path = tmp_path / "tiny.osim"
    path.write_text(OSIM.format(version=version, bodies=bodies, insertion=insertion))
    return path


def test_import_bodies_joints_and_muscle(tmp_path):
    report: list[str] = []
    model = from_osim(write(tmp_path), report)
    assert [b.name for b in model.bodies] == ["pelvis", "femur_r"]
    pelvis, femur = model.bodies
    assert pelvis.joint_type == "free" and pelvis.parent is None
    assert femur.joint_type == "revolute" and femur.axis == (0.0, 0.0, 1.0)
    assert femur.joint_in_parent.translation == (-0.07, -0.07, 0.08)
    assert femur.lower_limits == (-0.5,) and femur.upper_limits == (2.0,)
    assert femur.mass == 9.3 and femur.com == (0.0, -0.2, 0.0)
    (muscle,) = model.muscles
    assert muscle.params.max_isometric_force == 573.0
    assert muscle.params.optimal_pennation == 0.087
    assert [p.body for p in muscle.path] == ["pelvis", "pelvis", "femur_r"]
    assert any("ConditionalPathPoint 'p2' kept fixed" in line for line in report)
    assert any("wrap 'wrap1' skipped" in line for line in report)
    assert model_from_dict(model_to_dict(model)) == model


def test_opensim4_layout_labelled_version_3_is_refused_clearly(tmp_path):
    with pytest.raises(OsimImportError, match="version 30000.*no joint inside it"):
        from_osim(write(tmp_path, version=30000))


def test_path_point_on_unknown_body(tmp_path):
    with pytest.raises(OsimImportError, match="unknown body 'tibia_r'"):
        from_osim(write(tmp_path, insertion="tibia_r"))


def test_not_xml(tmp_path):
    path = tmp_path / "x.osim"
    path.write_text("<OpenSimDocument")
    with pytest.raises(OsimImportError, match="cannot read as XML"):
        from_osim(path)


def test_custom_joint_translation_is_applied_at_zero_coordinates(tmp_path):
    """A knee-like CustomJoint (rotation + coordinate-driven translation): the child frame
    sits where the translation puts it for a zero coordinate (a spline knot at 0 here)."""
    knee = """<CustomJoint name="hip_r">
 <socket_parent_frame>pelvis_offset</socket_parent_frame>
 <socket_child_frame>femur_r_offset</socket_child_frame>
 <coordinates><Coordinate name="hip_flexion_r"><range>-0.5 2.0</range></Coordinate></coordinates>
 <SpatialTransform>
  <TransformAxis name="rotation1"><coordinates>hip_flexion_r</coordinates><axis>0 0 1</axis>
   <function><LinearFunction><coefficients>1 0</coefficients></LinearFunction></function>
  </TransformAxis>
  <TransformAxis name="translation2"><coordinates>hip_flexion_r</coordinates><axis>0 1 0</axis>
   <function><SimmSpline><x>-1 0 1</x><y>-0.3 -0.4 -0.2</y></SimmSpline></function>
  </TransformAxis>
 </SpatialTransform>"""
    text = write(tmp_path).read_text()
    start, end = text.index('<PinJoint name="hip_r">'), text.index(" <frames>", text.index("hip_r"))
    text = text[:start] + knee + text[end:].replace("</PinJoint>", "</CustomJoint>")
    path = tmp_path / "custom.osim"
    path.write_text(text)
    report: list[str] = []
    femur = from_osim(path, report).bodies[1]
    assert femur.joint_type == "revolute" and femur.axis == (0.0, 0.0, 1.0)
    assert femur.joint_in_parent.translation == pytest.approx((-0.07, -0.47, 0.08))
    assert any("translation2 frozen at -0.4" in line for line in report)
