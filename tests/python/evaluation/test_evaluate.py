"""The cohort evaluation, its report and ``exocore evaluate`` on a tiny checkpoint."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from exocore.cli import main
from exocore.evaluation.cohort import (
    QUICK,
    EvalSettings,
    aggregate,
    evaluate,
    paper_participants,
    trial_specs,
)
from exocore.evaluation.policies import load_policies
from exocore.evaluation.report import write_report
from exocore.evaluation.trials import load_trial

WALK_ONLY = dataclasses.replace(QUICK, steady=(("walk", 1.25),), transition=False)


def test_participants_follow_extended_data_table_1() -> None:
    walk, run = paper_participants("walk"), paper_participants("run")
    assert len(walk) == len(run) == len(paper_participants("stairs")) == 8
    assert (walk[0].height_m, walk[0].mass_kg) == (1.79, 62.0)
    assert [p.name for p in run][-3:] == ["P9", "P10", "P11"] and "P6" not in {p.name for p in run}
    specs = trial_specs(EvalSettings(participants=2))
    assert len(specs) == 5 * 2 * 3  # five steady activities x 2 participants x 3 conditions
    assert {s.seed for s in specs} == {0, 1}


def test_aggregate_reductions_by_hand() -> None:
    def row(cond: str, name: str, value: float) -> dict[str, object]:
        return {
            "activity": "walk",
            "speed": 1.25,
            "condition": cond,
            "participant": name,
            "net_metabolic_w_per_kg": value,
            "effort": 0.1,
            "peak_torque_nm": 12.0,
            "peak_torque_nm_per_kg": 0.2,
            "upright_s": 1.0,
            "fell": False,
            "error": "",
        }

    rows = [
        row("no-exo", "A", 3.0),
        row("assist-off", "A", 3.2),
        row("assist-on", "A", 2.4),
        row("no-exo", "B", 2.0),
        row("assist-off", "B", 2.5),
        row("assist-on", "B", 1.8),
    ]
    out = aggregate(rows, WALK_ONLY)["walk_1.25"]
    # A: (3.0 - 2.4) / 3.0 = 20 %, B: (2.0 - 1.8) / 2.0 = 10 % -> mean 15 %.
    assert out["reduction_vs_no_exo_pct"] == pytest.approx(15.0)
    # vs assist off: A 25 %, B 28 % -> 26.5 %.
    assert out["reduction_vs_assist_off_pct"] == pytest.approx(26.5)
    st = out["net_metabolic_w_per_kg"]["no-exo"]
    assert st["mean"] == pytest.approx(2.5) and st["sd"] == pytest.approx(np.std([3, 2], ddof=1))
    assert out["paper"]["reduction_vs_no_exo_pct"] == 24.3


def test_load_policies(checkpoint: Path, tmp_path: Path) -> None:
    pol = load_policies(checkpoint.parent)  # a run directory works too
    assert pol.actuation == "muscles" and pol.activities == ("walk", "run")
    assert pol.human(np.zeros((3, 112)), "walk").shape == (3, 50)
    assert pol.exo(np.zeros((3, 16))).shape == (3, 2)
    assert pol.muscle_parameters is not None and pol.muscle_parameters.dtype == np.float32
    with pytest.raises(FileNotFoundError):
        load_policies(tmp_path / "missing.pt")
    bad = tmp_path / "corrupt.pt"
    bad.write_bytes(b"not a checkpoint" * 8)
    with pytest.raises(ValueError, match="not a readable exocore training checkpoint"):
        load_policies(bad)


def test_same_seed_same_numbers(checkpoint: Path) -> None:
    pol = load_policies(checkpoint)
    a, _ = evaluate(pol, WALK_ONLY, progress=False)
    b, _ = evaluate(pol, WALK_ONLY, progress=False)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    c, _ = evaluate(pol, dataclasses.replace(WALK_ONLY, seed=5), progress=False)
    assert c["trials"][0]["seed"] == 5


def test_cli_quick_report(checkpoint: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out, js = tmp_path / "report", tmp_path / "numbers.json"
    rc = main(
        [
            "evaluate",
            str(checkpoint),
            "--quick",
            "--out",
            str(out),
            "--json",
            str(js),
            "--no-progress",
        ]
    )
    assert rc == 0
    results = json.loads(js.read_text())
    assert results == json.loads((out / "results.json").read_text())
    acts = results["activities"]
    assert list(acts) == ["walk_0.75", "walk_1.25", "walk_1.75", "run_2.00", "stairs"]
    for key, a in acts.items():
        assert set(a["net_metabolic_w_per_kg"]) == {"no-exo", "assist-off", "assist-on"}
        assert "reduction_vs_no_exo_pct" in a and a["trials"] == 3
        if not a["errors"]:  # real, positive numbers from the tiny run
            for st in a["net_metabolic_w_per_kg"].values():
                assert st["n"] == 1 and st["mean"] > 0
            assert isinstance(a["reduction_vs_no_exo_pct"], float)
        assert (a["paper"] is not None) == (key in ("walk_1.25", "run_2.00", "stairs"))
    assert results["transition"]["activity"] == "transition"
    assert len(results["trials"]) == 16
    html = (out / "report.html").read_text()
    assert html.count("data:image/png;base64,") == 4 and "24.3" in html
    md = (out / "report.md").read_text()
    assert "| walk_1.25 |" in md and "figures/metabolic_rate.png" in md
    if any(t["fell"] for t in results["trials"]):
        assert "WARNING: the participant fell" in md
    npz = sorted((out / "trials").glob("*.npz"))
    assert len(npz) == 16
    back = load_trial(out / "trials" / "walk_1.25_assist-on_P1.npz")
    assert back.spec.condition == "assist-on" and back.activations.shape[1] == 208
    assert "walk_1.25:" in capsys.readouterr().out


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["evaluate", str(tmp_path / "nope.pt"), "--quick"]) == 2
    assert "no checkpoint" in capsys.readouterr().err
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"\x00" * 64)
    assert main(["evaluate", str(bad), "--quick", "--out", str(tmp_path / "o")]) == 2
    assert "not a readable" in capsys.readouterr().err


def test_report_from_recorded_trials(checkpoint: Path, tmp_path: Path) -> None:
    results, trials = evaluate(load_policies(checkpoint), WALK_ONLY, progress=False)
    paths = write_report(results, trials, tmp_path)
    for key in ("json", "markdown", "html", "torque_vs_phase", "peak_torque", "metabolic_rate"):
        assert paths[key].is_file() and paths[key].stat().st_size > 0
    data = json.loads(paths["json"].read_text())  # strict JSON: no NaN
    assert data["activities"]["walk_1.25"]["net_metabolic_w_per_kg"]["assist-on"]["n"] == 1


def test_workers_give_the_same_numbers(checkpoint: Path) -> None:
    pol = load_policies(checkpoint)
    settings = dataclasses.replace(WALK_ONLY, participants=2)
    one, _ = evaluate(pol, settings, progress=False)
    two, _ = evaluate(pol, settings, progress=False, workers=2, checkpoint=checkpoint)
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)
    with pytest.raises(ValueError, match="checkpoint"):
        evaluate(pol, settings, progress=False, workers=2)
