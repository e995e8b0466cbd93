"""``exocore render``: from a recorded trial file, and simulating a new trial."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from exocore.cli import main
from exocore.evaluation.trials import Trial, load_trial, save_trial


def test_render_a_recorded_trial(trial_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert (
        main(["render", str(trial_file), "--out", str(out), "--video", "none", "--fps", "10"]) == 0
    )
    assert sorted(p.name for p in out.iterdir()) == ["walk.html"]
    assert "MeshCat" in (out / "walk.html").read_text()


def test_render_simulates_and_keeps_the_trial(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    args = ["render", "--duration", "0.2", "--condition", "no-exo", "--participant", "P2"]
    assert main([*args, "--out", str(tmp_path), "--video", "gif", "--fps", "10"]) == 0
    stem = "walk_1.25_no-exo_P2"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"{stem}.gif", f"{stem}.html", f"{stem}.npz"]
    kept = load_trial(tmp_path / f"{stem}.npz")
    assert kept.spec.condition == "no-exo" and kept.spec.participant.name == "P2"
    assert len(kept.time) == 20 and kept.exo_positions.shape[1] == 0
    assert "simulated 0.20 s" in capsys.readouterr().out


def test_render_errors(trial: Trial, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    empty = dataclasses.replace(trial, time=trial.time[:0], error="ValueError: no terrain")
    bad = save_trial(empty, tmp_path / "empty.npz")
    assert main(["render", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "no recorded steps" in capsys.readouterr().err
    assert main(["render", "--participant", "P6", "--activity", "run", "--out", str(tmp_path)]) == 2
    assert "did not do run" in capsys.readouterr().err
    assert main(["render", str(tmp_path / "missing.pt"), "--out", str(tmp_path)]) == 2
