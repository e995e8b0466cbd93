"""Shared pieces: the tiny config split over workers, checkpoint comparison, and a probe
of whether this BLAS computes a row of a batched matmul independently of the batch size
(exact equality with a local run needs it; see docs/distributed.md)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import torch
from exocore.training.config import TrainConfig
from exocore.training.networks import exo_policy, human_policy
from training_support import tiny_config

TIMING = ("transitions_per_s", "wall_s", "rollout_s")


def split_config(num_envs: int = 8, **extra: Any) -> TrainConfig:
    """Episodes run on from iteration 0 into 1 and from 2 into 3 (stage 2)."""
    base = {"env.num_envs": num_envs, "env.reset_every": 2, "checkpoint_every": 2}
    return tiny_config(**{**base, **extra})


def batch_invariant(cfg: TrainConfig, rows: int) -> bool:
    """Whether a slice of ``rows`` of a batch of ``cfg.env.num_envs`` gives the same
    bits as the whole batch, for the tiny networks."""
    torch.manual_seed(0)
    nets = [
        (human_policy(120, cfg.human.hidden_sizes), 120),
        (exo_policy(cfg.exo.hidden_sizes), 16),
    ]
    n = cfg.env.num_envs
    with torch.no_grad():
        for net, size in nets:
            x = torch.randn(n, size)
            full = net.actor(x), net.value(x)
            for s in range(0, n, rows):
                part = net.actor(x[s : s + rows]), net.value(x[s : s + rows])
                if not all(torch.equal(p, f[s : s + rows]) for p, f in zip(part, full)):
                    return False
    return True


def assert_same_state(a: dict[str, Any], b: dict[str, Any]) -> None:
    """Networks, optimisers, normalisers and RNG of two checkpoints are bit-identical."""
    assert a["iteration"] == b["iteration"]
    for key in ("human", "exo", "muscle"):
        assert (key in a) == (key in b)
        if key in a:
            for name, tensor in a[key].items():
                assert torch.equal(tensor, b[key][name]), f"{key}.{name}"
    for key in ("human_opt", "exo_opt"):
        for idx, st in a[key]["state"].items():
            for name in ("exp_avg", "exp_avg_sq"):
                assert torch.equal(st[name], b[key]["state"][idx][name]), f"{key}.{name}"
    for key in ("human_norm", "exo_norm"):
        assert torch.equal(a[key]["mean"], b[key]["mean"]) and a[key]["count"] == b[key]["count"]
        assert torch.equal(a[key]["var"], b[key]["var"])
    assert torch.equal(a["rng"]["torch"], b["rng"]["torch"])


def read_log(run: Path) -> list[dict[str, str]]:
    with (run / "log.csv").open() as f:
        return list(csv.DictReader(f))


def assert_same_log(a: Path, b: Path, exact: bool) -> None:
    """Same columns and rows; rewards are means of worker means (equal to rounding), and
    episode_length averages completed episodes per worker (a statistic, not exact)."""
    rows_a, rows_b = read_log(a), read_log(b)
    assert len(rows_a) == len(rows_b) and rows_a and list(rows_a[0]) == list(rows_b[0])
    for ra, rb in zip(rows_a, rows_b):
        for key in ra:
            if key in TIMING or not ra[key]:
                continue
            x, y = float(ra[key]), float(rb[key])
            if key == "episode_length":
                assert abs(x - y) <= 0.5 * max(x, y), (key, x, y)
            elif exact or key in ("iteration", "stage", "transitions"):
                assert abs(x - y) <= 1e-9 * max(1.0, abs(x)), (key, x, y)
            else:
                assert abs(x - y) <= 0.25 * max(1.0, abs(x)), (key, x, y)
