"""The `exocore motion` command."""

from __future__ import annotations

import numpy as np
from exocore.cli import main
from exocore.motions import load_csv


def test_motion_command_writes_clip_and_plot(tmp_path, capsys):
    out, plot = tmp_path / "walk.csv", tmp_path / "walk.png"
    argv = ["motion", "walk", "--speed", "1.0", "--duration", "2", "--out", str(out)]
    assert main([*argv, "--plot", str(plot)]) == 0
    assert "cadence" in capsys.readouterr().out
    m = load_csv(out)
    assert m.positions.shape == (240, 56)
    assert np.isfinite(m.positions).all()
    assert plot.stat().st_size > 10_000


def test_motion_command_rejects_bad_speed(capsys):
    assert main(["motion", "run", "--speed", "9"]) == 2
    assert "run speed must be in" in capsys.readouterr().err


def test_motion_command_plots_torques_against_muscle_capacity(tmp_path, capsys):
    plot = tmp_path / "torques.png"
    assert main(["motion", "walk", "--duration", "1.2", "--torques", str(plot)]) == 0
    out = capsys.readouterr().out
    assert "beyond the muscles' capacity: hip" in out
    assert plot.stat().st_size > 10_000


def test_motion_command_refuses_torques_off_level_ground(capsys):
    assert main(["motion", "stairs", "--torques", "x.png"]) == 2
    assert "needs level ground" in capsys.readouterr().err


def test_motion_command_prices_a_stride_by_static_optimization(capsys):
    assert main(["motion", "walk", "--duration", "1.2", "--metabolics"]) == 0
    out = capsys.readouterr().out
    rate = float(out.split("static optimisation (Umberger 2010): net ")[1].split(" W/kg")[0])
    assert rate > 0.0
    # Shorter than a stride: no whole cycle to average over.
    assert main(["motion", "walk", "--duration", "0.5", "--metabolics"]) == 2
    assert "needs a whole stride" in capsys.readouterr().err
