"""Ray actors on a local cluster (loopback, 2 CPUs): the same training as a local run,
a killed worker replaced mid-iteration, and ``exocore train --ray-address``."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

# Before Ray's first import: node addresses on loopback (Ray's setting for laptops).
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
ray = pytest.importorskip("ray")

from exocore.cli import main  # noqa: E402
from exocore.distributed.ray_collector import RayCollector  # noqa: E402
from exocore.training.checkpoint import load_checkpoint  # noqa: E402
from exocore.training.trainer import train  # noqa: E402
from support import assert_same_log, assert_same_state, batch_invariant, split_config  # noqa: E402
from training_support import tiny_overrides  # noqa: E402


@pytest.fixture(scope="module")
def cluster() -> Any:
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        configure_logging=False,
    )
    assert ray.nodes()[0]["NodeManagerAddress"] == "127.0.0.1"
    yield ray
    ray.shutdown()


def test_ray_workers_match_local_and_survive_a_kill(cluster: Any, tmp_path: Path) -> None:
    # Resets every iteration: a replacement that takes over between resets starts its
    # slice's episodes afresh (docs/distributed.md), so only then is the run exact.
    cfg = split_config(**{"env.reset_every": 1})
    killed: list[int] = []

    def kill_in_iteration_3(collector: RayCollector) -> None:
        if len(killed) == 0 and collector.iteration == 2:  # stage 2's first iteration
            killed.append(1)
            time.sleep(1.0)  # the slices are being collected
            ray.kill(collector.workers[0])

    with RayCollector(cfg, num_workers=2) as collector:
        assert not collector.started_ray  # joined the test's cluster
        victim = collector.workers[0]
        collector.after_submit = kill_in_iteration_3
        run, local = tmp_path / "ray", tmp_path / "local"
        result = train(
            run,
            cfg,
            progress=False,
            collector=collector,
            human_obs_size=collector.human_obs_size,
        )
        assert killed and collector.replacements == 1
        assert collector.workers[0] is not victim
    assert result.iteration == 4 and not result.interrupted
    train(local, cfg, progress=False)
    exact = batch_invariant(cfg, 4)
    if exact:
        assert_same_state(load_checkpoint(local), load_checkpoint(run))
    assert_same_log(local, run, exact=exact)


def test_cli_trains_on_ray_workers(cluster: Any, tmp_path: Path, capsys) -> None:
    sets = tiny_overrides(**{"stage1.iterations": 1, "stage2.iterations": 0})
    argv = ["train", "--out", str(tmp_path), "--no-progress", "--ray-address", "local"]
    argv += ["--workers", "2"]
    for key, value in sets.items():
        argv += ["--set", f"{key}={list(value) if isinstance(value, tuple) else value}"]
    assert main(argv) == 0
    assert load_checkpoint(tmp_path)["iteration"] == 1
    assert "trained 1 iterations" in capsys.readouterr().out
    assert ray.is_initialized()  # a cluster it did not start is left running
    resume = ["train", "--resume", str(tmp_path), "--iterations", "2", "--no-progress"]
    assert main([*resume, "--ray-address", "local", "--workers", "2"]) == 0
    assert load_checkpoint(tmp_path)["iteration"] == 2
    argv[argv.index("--workers") + 1] = "3"  # 2 envs over 3 workers
    assert main([*argv[:2], str(tmp_path / "other"), *argv[3:]]) == 2
    assert "divisible by --workers 3" in capsys.readouterr().err
