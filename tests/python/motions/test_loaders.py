"""Loaders: round trips of files the tests write, and clear errors for bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from exocore.motions import (
    MotionFileError,
    load_bvh,
    load_csv,
    load_mot,
    load_motion,
    reference,
    save_csv,
    save_mot,
)
from exocore.motions.mapping import OPENSIM_COORDINATES
from exocore.motions.rotations import expmap_to_angles


@pytest.fixture(scope="module")
def clip():
    return reference("walk", 1.25, duration=1.0)


@pytest.mark.parametrize("in_degrees", [False, True])
def test_csv_round_trip(clip, tmp_path, in_degrees):
    path = tmp_path / "walk.csv"
    save_csv(clip, path, in_degrees=in_degrees)
    back = load_csv(path)
    np.testing.assert_allclose(back.positions, clip.positions, atol=1e-12)
    np.testing.assert_allclose(back.time, clip.time)
    np.testing.assert_allclose(back.phase, clip.phase, atol=1e-12)
    # Finite differences on the manifold approximate the exact velocities.
    inner = slice(2, -2)
    err = np.abs(back.velocities[inner] - clip.velocities[inner]).max()
    assert err < 0.05 * np.abs(clip.velocities).max()


def test_mot_round_trip_of_mapped_coordinates(clip, tmp_path):
    path = tmp_path / "walk_ik.mot"
    save_mot(clip, path)
    text = path.read_text()
    assert "inDegrees=yes" in text and "hip_flexion_r" in text
    back = load_mot(path)
    mapped = {dof for targets in OPENSIM_COORDINATES.values() for dof, _ in targets}
    for name in mapped:
        i = clip.dof_names.index(name)
        if name.split("_")[0] in ("FemurR", "FemurL", "Pelvis", "TalusR", "TalusL", "Spine"):
            continue  # compared as rotations below
        np.testing.assert_allclose(back.positions[:, i], clip.positions[:, i], atol=1e-7)
    for stem in ("FemurR", "TalusL", "Pelvis_rot"):
        cols = [clip.dof_names.index(f"{stem}_{a}") for a in "xyz"]
        np.testing.assert_allclose(
            expmap_to_angles(back.positions[:, cols]),
            expmap_to_angles(clip.positions[:, cols]), atol=1e-7,
        )  # fmt: skip
    pelvis = [clip.dof_names.index(f"Pelvis_pos_{a}") for a in "xyz"]
    np.testing.assert_allclose(back.positions[:, pelvis], clip.positions[:, pelvis], atol=1e-7)


def test_mot_units_signs_and_resampling(tmp_path):
    path = tmp_path / "ik.sto"
    rows = "\n".join(f"{t:.3f}\t{20 * t}\t{10.0}\t{-5.0}\t0.95" for t in np.arange(0, 1.001, 0.01))
    path.write_text(
        "Coordinates\nversion=1\nnRows=101\nnColumns=5\ninDegrees=yes\nendheader\n"
        "time\thip_flexion_r\tknee_angle_l\tankle_angle_r\tpelvis_ty\n" + rows + "\n"
    )
    m = load_motion(path, rate=200.0)
    assert m.rate == pytest.approx(200.0) and m.time[-1] == pytest.approx(1.0)
    knee = m.column("TibiaL")
    assert knee == pytest.approx(math.radians(10.0))
    ankle = expmap_to_angles(np.column_stack([m.column(f"TalusR_{a}") for a in "xyz"]))
    assert ankle[:, 0] == pytest.approx(math.radians(5.0))  # dorsiflexion -5 -> +x
    hip = expmap_to_angles(np.column_stack([m.column(f"FemurR_{a}") for a in "xyz"]))
    assert hip[-1, 0] == pytest.approx(-math.radians(20.0), abs=1e-9)  # flexion -> -x
    assert m.column("Pelvis_pos_y") + 0 == pytest.approx(0.95 - 0.9596, abs=0.01)


BVH = """HIERARCHY
ROOT Hips
{
  OFFSET 0 0 0
  CHANNELS 6 Xposition Yposition Zposition Zrotation Yrotation Xrotation
  JOINT LeftUpLeg
  {
    OFFSET 3 -1 0
    CHANNELS 3 Zrotation Yrotation Xrotation
    JOINT LeftLeg
    {
      OFFSET 0 -17 0
      CHANNELS 3 Zrotation Yrotation Xrotation
      JOINT LeftFoot
      {
        OFFSET 0 -17 0
        CHANNELS 3 Zrotation Yrotation Xrotation
        End Site
        {
          OFFSET 0 -2 5
        }
      }
    }
  }
  JOINT LeftShoulder
  {
    OFFSET 1 20 0
    CHANNELS 3 Zrotation Yrotation Xrotation
    JOINT LeftArm
    {
      OFFSET 6 0 -3.483871
      CHANNELS 3 Zrotation Yrotation Xrotation
      JOINT LeftForeArm
      {
        OFFSET 10 0 0
        CHANNELS 3 Zrotation Yrotation Xrotation
      }
    }
  }
}
MOTION
Frames: 3
Frame Time: 0.0083333
"""


def bvh_frames(knee_deg, arm_down=True):
    arm = -90.0 if arm_down else 0.0  # CMU rest: arm along +x; -90 deg about z: down
    rows = []
    for k in knee_deg:
        rows.append(f"0 36 {k / 10} 0 0 0  0 0 -20  0 0 {k}  0 0 0  0 0 0  {arm} 0 0  0 0 0")
    return "\n".join(rows) + "\n"


def test_bvh_joint_angles_and_rest_pose(tmp_path):
    path = tmp_path / "cmu.bvh"
    path.write_text(BVH + bvh_frames([0.0, 30.0, 60.0]))
    m = load_bvh(path)
    # Bone directions at rest differ by < 1 deg between the file and the model (the
    # model's femur leans 0.7 deg); changes of a joint angle come through exactly.
    knee = m.column("TibiaL")
    assert knee - knee[0] == pytest.approx(np.radians([0.0, 30.0, 60.0]), abs=1e-9)
    assert abs(knee[0]) < math.radians(1.0)
    hip = expmap_to_angles(np.column_stack([m.column(f"FemurL_{a}") for a in "xyz"]))
    assert hip[:, 0] == pytest.approx(math.radians(-20.0), abs=math.radians(1.0))
    # The arm held down in CMU's T-pose frame is the model's rest pose: zero rotation
    # (the file's clavicle points back like the model's).
    arm = np.column_stack([m.column(f"ArmL_{a}") for a in "xyz"])
    assert np.abs(arm).max() < 1e-6
    # Lengths scaled: 34 BVH units of leg -> the model's thigh + shank.
    assert m.column("Pelvis_pos_z")[-1] == pytest.approx(6.0 * 0.8418 / 34.0, rel=0.02)


BAD_FILES = [
    ("a.csv", "phase,TibiaR\n0,0\n", "no 'time' column"),
    ("b.csv", "time,TibiaR\n0,0\n0.1,zero\n", "line 3, column 'TibiaR': 'zero' is not a number"),
    ("c.csv", "time,TibiaR\n0,0\n0.1,0,5\n", "line 3: 3 values, expected 2"),
    ("d.csv", "time,Tail\n0,0\n0.1,0\n", "column 'Tail': unknown joint/column name"),
    ("e.csv", "time,TibiaR\n0,0\n0.2,0\n0.1,0\n", "line 4, column 'time': time 0.1 does not"),
    ("f.mot", "version=1\ntime\tknee_angle_r\n0\t1\n", "no 'endheader'"),
    ("g.mot", "endheader\ntime\tknee_angle_r\n0\t1\n", "no inDegrees"),
    ("h.mot", "inDegrees=maybe\nendheader\n", "inDegrees must be yes or no"),
    ("i.bvh", "HIERARCHY\nROOT Hips\n{\n OFFSET 0 0 0\n CHANNELS 3 Xrotation Yrotation Zrotation\n"
     " JOINT Tail\n {\n  OFFSET 0 1 0\n  CHANNELS 1 Xrotation\n }\n}\nMOTION\nFrames: 1\n"
     "Frame Time: 0.01\n0 0 0 0\n", "line 6: unknown joint 'Tail'"),
    ("j.bvh", BVH + "0 0 0\n0 0 0\n0 0 0\n", "3 values, expected 24"),
    ("k.txt", "time\n", "unknown motion file type"),
]  # fmt: skip


@pytest.mark.parametrize("name,text,message", BAD_FILES)
def test_bad_files_raise_clear_errors(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(MotionFileError) as info:
        load_motion(path)
    assert message in str(info.value)
    assert str(info.value).startswith(str(path))


def test_missing_file(tmp_path):
    with pytest.raises(MotionFileError, match="cannot read"):
        load_csv(tmp_path / "nope.csv")
