"""The command line: ``exocore info``, ``python -m exocore`` and the demo."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from exocore.cli import main
from exocore.models import human, load_model, save_model


def test_python_dash_m_runs_info() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "exocore", "info"], capture_output=True, text=True, check=True
    )
    assert "exocore 0.1.0" in out.stdout


def test_demo_writes_plot_and_tracks_the_target(tmp_path: Path) -> None:
    assert main(["demo", "--out", str(tmp_path), "--duration", "2.0", "--leg-only"]) == 0
    assert (tmp_path / "demo.png").stat().st_size > 10_000
    with (tmp_path / "demo.csv").open() as f:
        rows = list(csv.reader(f))
    header, data = rows[0], np.array(rows[1:], dtype=float)
    assert header[:4] == ["time_s", "target_rad", "hip_rad", "exo_torque_nm"]
    assert len(data) == 1200  # 2 s at 600 Hz
    assert np.abs(data[:, 3]).max() <= 18.0 + 1e-9  # saturation holds
    # The hip swings with the exo: its angle correlates with the (delayed) target.
    assert np.ptp(data[600:, 2]) > 0.1


def test_demo_rejects_bad_duration(capsys) -> None:
    assert main(["demo", "--duration", "-1"]) == 2
    assert "duration must be positive" in capsys.readouterr().err


TINY_OSIM = """<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="40000"><Model name="two_links">
<BodySet><objects>
<Body name="pelvis"><mass>11</mass><mass_center>0 0 0</mass_center>
<inertia>0.1 0.1 0.1 0 0 0</inertia></Body>
<Body name="femur_r"><mass>8.5</mass><mass_center>0 -0.2 0</mass_center>
<inertia>0.1 0.02 0.1 0 0 0</inertia></Body>
</objects></BodySet>
<JointSet><objects>
<FreeJoint name="ground_pelvis">
 <socket_parent_frame>ground_offset</socket_parent_frame>
 <socket_child_frame>pelvis_offset</socket_child_frame>
 <frames>
  <PhysicalOffsetFrame name="ground_offset"><socket_parent>/ground</socket_parent>
   <translation>0 1 0</translation><orientation>0 0 0</orientation></PhysicalOffsetFrame>
  <PhysicalOffsetFrame name="pelvis_offset"><socket_parent>/bodyset/pelvis</socket_parent>
   <translation>0 0 0</translation><orientation>0 0 0</orientation></PhysicalOffsetFrame>
 </frames>
</FreeJoint>
<PinJoint name="hip_r">
 <socket_parent_frame>pelvis_offset</socket_parent_frame>
 <socket_child_frame>femur_r_offset</socket_child_frame>
 <coordinates><Coordinate name="hip_flexion_r"><range>-0.5 2.0</range></Coordinate></coordinates>
 <frames>
  <PhysicalOffsetFrame name="pelvis_offset"><socket_parent>/bodyset/pelvis</socket_parent>
   <translation>-0.07 -0.07 0.08</translation><orientation>0 0 0</orientation>
  </PhysicalOffsetFrame>
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
  <PathPoint name="p2"><socket_parent_frame>/bodyset/femur_r</socket_parent_frame>
   <location>-0.03 -0.06 0.05</location></PathPoint>
 </objects></PathPointSet>
 <PathWrapSet><objects><PathWrap name="wrap1"/></objects></PathWrapSet></GeometryPath>
 <max_isometric_force>573</max_isometric_force><optimal_fiber_length>0.142</optimal_fiber_length>
 <tendon_slack_length>0.125</tendon_slack_length>
</Thelen2003Muscle>
</objects></ForceSet>
</Model></OpenSimDocument>"""


def info_json(capsys, *extra: str) -> dict:
    assert main(["info", "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_info_json_describes_the_default_model(capsys) -> None:
    info = info_json(capsys)
    assert info["exocore"] == "0.1.0"
    model = info["model"]
    assert model["num_dofs"] == 56
    assert model["num_actuated_dofs"] == 50
    assert model["num_muscles"] == 208
    assert model["num_lower_limb_muscles"] == 108
    assert model["body_mass_kg"] == pytest.approx(72.0)
    assert model["height_m"] == pytest.approx(1.70)
    assert model["exo_mass_kg"] == pytest.approx(3.2)


def test_info_text_keeps_versions_and_adds_the_model(capsys) -> None:
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("exocore 0.1.0\npython ")
    assert "core module: " in out
    assert "dofs: 56 total, 50 actuated" in out
    assert "muscles: 208 (108 lower-limb)" in out
    assert "exo mass: 3.20 kg" in out


def test_info_reads_a_model_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "small.json"
    save_model(human(height_m=1.5, mass_kg=50.0), path)
    model = info_json(capsys, "--model", str(path))["model"]
    assert model["source"] == str(path)
    assert model["num_dofs"] == 56 and model["num_muscles"] == 208
    assert model["body_mass_kg"] == pytest.approx(50.0)
    assert model["height_m"] == pytest.approx(1.5)
    assert model["exo_mass_kg"] is None
    assert main(["info", "--model", str(path)]) == 0
    assert "exo mass" not in capsys.readouterr().out


def test_convert_writes_a_loadable_model(tmp_path: Path, capsys) -> None:
    osim = tmp_path / "two_links.osim"
    osim.write_text(TINY_OSIM)
    out = tmp_path / "two_links.json"
    assert main(["convert", str(osim), str(out)]) == 0
    printed = capsys.readouterr().out
    assert "note: " in printed and "wrap1" in printed  # the import report
    assert f"wrote {out}" in printed
    model = load_model(out)
    assert [b.name for b in model.bodies] == ["pelvis", "femur_r"]
    assert [m.name for m in model.muscles] == ["glut_max_r"]
    assert model.mass == pytest.approx(19.5)
    info = info_json(capsys, "--model", str(out))["model"]
    assert info["num_dofs"] == 7 and info["num_muscles"] == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["info", "--model", "{tmp}/missing.json"], "missing.json: cannot read"),
        (["info", "--model", "{tmp}/bad.json"], "bad.json"),
        (["convert", "{tmp}/missing.osim", "{tmp}/out.json"], "missing.osim: cannot read"),
        (["convert", "{tmp}/bad.osim", "{tmp}/out.json"], "bad.osim: cannot read as XML"),
        (["convert", "{tmp}/good.osim", "{tmp}/no/such/dir/out.json"], "No such file"),
    ],
)
def test_bad_files_exit_2_with_a_message(tmp_path: Path, capsys, argv, message) -> None:
    (tmp_path / "bad.json").write_text('{"format": ')
    (tmp_path / "bad.osim").write_text("<OpenSimDocument")
    (tmp_path / "good.osim").write_text(TINY_OSIM)
    argv = [a.format(tmp=tmp_path) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"exocore {argv[0]}: error: ")
    assert message in err
    assert not (tmp_path / "out.json").exists()


def test_every_job_has_a_subcommand() -> None:
    from exocore.cli import build_parser

    parser = build_parser()
    for argv in (["bench", "--seconds", "1"], ["export", "x.pt", "-o", "out"], ["motion", "walk"]):
        args = parser.parse_args(argv)
        assert callable(args.func), argv


def test_demo_runs_the_shipped_controller_and_writes_report_page_and_video(tmp_path: Path) -> None:
    args = ["demo", "--out", str(tmp_path), "--duration", "0.2", "--trial-duration", "0.3"]
    assert main(args) == 0
    results = json.loads((tmp_path / "results.json").read_text())
    rates = results["activities"]["walk_1.25"]["net_metabolic_w_per_kg"]
    assert set(rates) == {"no-exo", "assist-off", "assist-on"}
    assert all(r["mean"] is not None and r["mean"] > 0.0 for r in rates.values())
    assert (tmp_path / "report.html").stat().st_size > 10_000
    assert (tmp_path / "walk_assist_on.html").stat().st_size > 100_000
    assert (tmp_path / "walk_assist_on.mp4").stat().st_size > 1_000
