"""The controller shipped in the package: complete, consistent with its config and log,
small, and usable by evaluation and export."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml
from exocore.cli import main
from exocore.evaluation import load_policies
from exocore.pretrained import PRETRAINED_DIR, pretrained_checkpoint
from exocore.training.checkpoint import load_checkpoint


def test_shipped_checkpoint_matches_its_config_and_log() -> None:
    path = pretrained_checkpoint()
    assert path.stat().st_size < 10e6  # issue #7: <= 10 MB
    payload = load_checkpoint(path)
    shipped = yaml.safe_load((PRETRAINED_DIR / "config.yaml").read_text())
    assert payload["config"] == shipped
    assert set(shipped["env"]["activities"]) == {"walk", "run", "stairs"}
    with (PRETRAINED_DIR / "log.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert int(rows[-1]["iteration"]) == payload["iteration"] == len(rows)
    assert {r["stage"] for r in rows} == {"1", "2"}  # both stages trained
    policies = load_policies(path)
    assert policies.muscle_parameters is not None and policies.actuation == "muscles"


def test_shipped_exo_controller_exports_to_a_header(tmp_path: Path) -> None:
    out = tmp_path / "export"
    args = [str(PRETRAINED_DIR / "exo_controller.pt"), "--format", "header", "-o", str(out)]
    assert main(["export", *args]) == 0
    headers = list(out.glob("*.hpp")) + list(out.glob("*.h"))
    assert headers and headers[0].stat().st_size > 10_000
