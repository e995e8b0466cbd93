"""Workers in process (no Ray): N workers x M envs reproduce a local run of N*M envs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from exocore.distributed import GatherCollector, RolloutWorker, shifted_seed
from exocore.training.checkpoint import load_checkpoint
from exocore.training.config import to_dict
from exocore.training.trainer import make_envs, train
from support import assert_same_log, assert_same_state, batch_invariant, split_config


def workers(cfg, n: int) -> list[RolloutWorker]:
    return [RolloutWorker(to_dict(cfg), w, n) for w in range(n)]


def test_worker_slices_are_the_batch_envs() -> None:
    """Stage 2 (randomised dynamics, noisy IMU): worker 1's envs step like envs 2, 3."""
    cfg = split_config(num_envs=4, **{"env.imu_noise_std": 0.05})
    whole = make_envs(cfg, 2)[0]
    w1 = workers(cfg, 2)[1]
    w1._ensure_stage(2)
    part = w1.envs[0]

    def run(env, seed: int) -> dict[str, np.ndarray]:
        env.reset(seed=seed)
        n = env.num_envs
        zero = {"human": np.zeros((n, env.human_action_size)), "exo": np.zeros((n, 2))}
        for _ in range(3):
            obs = env.step(zero)[0]
        return obs

    a, b = run(whole, 123), run(part, shifted_seed(123, 2))
    for key in a:
        assert np.array_equal(a[key][2:], b[key]), key
    c = run(part, 123)  # unshifted: the states of envs 0 and 1
    assert np.array_equal(a["exo"][:2], c["exo"]) and not np.array_equal(a["exo"][2:], c["exo"])


def test_in_process_workers_match_the_local_run(local_run: Path, tmp_path: Path) -> None:
    cfg = split_config()
    if not batch_invariant(cfg, 4):
        pytest.skip("this BLAS's results depend on the batch size: no exact reference")
    ws = workers(cfg, 2)
    train(
        tmp_path, cfg, progress=False, collector=GatherCollector(ws), human_obs_size=ws[0].obs_size
    )
    assert_same_state(load_checkpoint(local_run), load_checkpoint(tmp_path))
    assert_same_log(local_run, tmp_path, exact=True)


def test_muscle_tuples_merge_in_the_local_order(tmp_path: Path) -> None:
    """Muscle actuation: the reservoir of tuples (40 of 48 offered per activity) and so
    the muscle network after its update are those of the local run."""
    extra = {
        "env.actuation": "muscles",
        "stage1.iterations": 1,
        "stage2.iterations": 0,
        "stage1.steps_per_iteration": 12,
        "env.tuples_every_steps": 2,
        "muscle.buffer_capacity": 40,
    }
    cfg = split_config(**extra)
    if not batch_invariant(cfg, 4):
        pytest.skip("this BLAS's results depend on the batch size: no exact reference")
    train(tmp_path / "local", cfg, progress=False)
    ws = workers(cfg, 2)
    dist = tmp_path / "dist"
    train(dist, cfg, progress=False, collector=GatherCollector(ws), human_obs_size=ws[0].obs_size)
    a, b = load_checkpoint(tmp_path / "local"), load_checkpoint(dist)
    assert_same_state(a, b)
    assert torch.equal(
        a["muscle_opt"]["state"][0]["exp_avg"], b["muscle_opt"]["state"][0]["exp_avg"]
    )


def test_uneven_split_is_refused() -> None:
    with pytest.raises(ValueError, match="divisible"):
        RolloutWorker(to_dict(split_config(num_envs=6)), 0, 4)
