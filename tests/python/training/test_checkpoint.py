"""Checkpoint helpers: RNG round trip, atomic replacement."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import torch
from exocore.training.checkpoint import atomic_write, rng_state, save_checkpoint, set_rng_state


def draws() -> tuple[float, float, float, float]:
    return (random.random(), float(np.random.rand()), float(np.random.randn()),
            float(torch.rand(1)))  # fmt: skip


def test_rng_state_round_trip_through_a_weights_only_file(tmp_path: Path) -> None:
    np.random.seed(3)
    np.random.randn()  # leaves a cached Gaussian in the legacy state
    save_checkpoint({"rng": rng_state()}, tmp_path / "r.pt")
    expected = draws()
    assert draws() != expected  # the generators moved on
    set_rng_state(torch.load(tmp_path / "r.pt", weights_only=True)["rng"])
    assert draws() == expected


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "c.pt"
    path.write_text("old")

    def failing(tmp: Path) -> None:
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(path, failing)
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.pt"]
    atomic_write(path, lambda tmp: tmp.write_text("new"))
    assert path.read_text() == "new"
    assert path.stat().st_mode & 0o044  # readable like any other file (not mkstemp's 0600)
