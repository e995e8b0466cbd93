"""The command line: ``exocore info``, ``python -m exocore`` and the demo."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
from exocore.cli import main


def test_python_dash_m_runs_info() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "exocore", "info"], capture_output=True, text=True, check=True
    )
    assert "exocore 0.1.0" in out.stdout


def test_demo_writes_plot_and_tracks_the_target(tmp_path: Path) -> None:
    assert main(["demo", "--out", str(tmp_path), "--duration", "2.0"]) == 0
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
