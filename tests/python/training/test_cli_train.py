"""``exocore train``: YAML + flags, export of the result, errors, SIGTERM -> checkpoint."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import torch
import yaml
from exocore.cli import main
from exocore.training.checkpoint import load_checkpoint
from training_support import tiny_overrides


def write_yaml(path: Path, **extra: Any) -> Path:
    nested: dict[str, Any] = {}
    for dotted, value in tiny_overrides(**extra).items():
        node = nested
        *parents, leaf = dotted.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
    path.write_text(yaml.safe_dump(nested))
    return path


def test_train_from_yaml_and_flags_then_export(tmp_path: Path, capsys) -> None:
    cfg = write_yaml(tmp_path / "tiny.yaml")
    out = tmp_path / "run"
    argv = [
        "train",
        "--config",
        str(cfg),
        "--out",
        str(out),
        "--activities",
        "walk,run",
        "--iterations",
        "3",
        "--seed",
        "5",
        "--set",
        "exo.lr=0.001",
        "--no-progress",
    ]
    assert main(argv) == 0
    saved = yaml.safe_load((out / "config.yaml").read_text())
    assert saved["env"]["activities"] == ["walk", "run"]
    assert saved["seed"] == 5 and saved["exo"]["lr"] == 0.001
    assert saved["stage1"]["iterations"] + saved["stage2"]["iterations"] == 3
    assert saved["env"]["num_envs"] == 2  # from the YAML file
    assert load_checkpoint(out)["iteration"] == 3
    assert "exocore export" in capsys.readouterr().out
    export_dir = tmp_path / "exported"
    assert (
        main(["export", str(out / "exo_controller.pt"), "--format", "npz", "-o", str(export_dir)])
        == 0
    )
    assert (export_dir / "exocore_controller.npz").is_file()
    # A second run into the same directory must not overwrite it.
    assert main(argv) == 2
    assert "--resume" in capsys.readouterr().err


def test_unknown_yaml_key_is_reported(tmp_path: Path, capsys) -> None:
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("human:\n  learning_rate: 0.1\n")
    assert main(["train", "--config", str(cfg), "--out", str(tmp_path / "r")]) == 2
    assert "unknown config key 'human.learning_rate'" in capsys.readouterr().err


def test_cuda_request_without_cuda_fails_clearly(tmp_path: Path, capsys) -> None:
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    cfg = write_yaml(tmp_path / "tiny.yaml")
    code = main(["train", "--config", str(cfg), "--device", "cuda", "--out", str(tmp_path / "r")])
    assert code == 2
    assert "CUDA is not available" in capsys.readouterr().err


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_saves_a_checkpoint_and_resume_finishes(tmp_path: Path, signum: int) -> None:
    cfg = write_yaml(tmp_path / "tiny.yaml")
    out = tmp_path / "run"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "exocore", "train", "--config", str(cfg), "--out", str(out),
           "--iterations", "200"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while not (out / "checkpoint.pt").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # land inside a later iteration
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "--resume" in err and "train:" in err  # the message and the progress bar
    done = load_checkpoint(out)["iteration"]
    assert 1 <= done < 200
    assert not list(out.glob("*.tmp*"))
    assert (
        main(["train", "--resume", str(out), "--iterations", str(done + 1), "--no-progress"]) == 0
    )
    assert load_checkpoint(out)["iteration"] == done + 1


def test_print_config_is_loadable_yaml(tmp_path: Path, capsys) -> None:
    assert main(["train", "--print-config", "--activities", "run,stairs", "--seed", "3"]) == 0
    text = capsys.readouterr().out
    path = tmp_path / "printed.yaml"
    path.write_text(text)
    from exocore.training.config import load_config

    cfg = load_config(path)
    assert cfg.env.activities == ("run", "stairs") and cfg.seed == 3
    assert cfg.human.lr == 1e-4  # the defaults are all there
