"""Distributed training throughput: env transitions per second with the rollouts on 1
and 2 Ray workers (a local cluster), next to local training of the same envs.

    .venv/bin/python benchmarks/bench_ray.py [--envs-per-worker 4] [--workers 1,2]
        [--steps 64] [--iterations 3] [--actuation joint-torques] [--json out.json]

Weak scaling: N workers own ``--envs-per-worker`` envs each (``env.num_envs = N * M``),
one simulator thread per worker. Each setting trains stage 1 for ``--iterations``
iterations with the paper's network sizes; the first is a warm-up and not counted.
``rollout`` is transitions / collection time (the part the workers parallelise; it
includes the weight broadcast and gathering), ``total`` also counts the learner's update.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np


def config(actuation: str, envs: int, steps: int, iterations: int) -> Any:
    from exocore.training.config import load_config

    return load_config(
        overrides={
            "env.actuation": actuation,
            "env.num_envs": envs,
            "env.num_threads": 1,
            "stage1.iterations": iterations,
            "stage2.iterations": 0,
            "stage1.steps_per_iteration": steps,
            "checkpoint_every": 1000,
        }
    )


def rates(run: Path) -> dict[str, float]:
    from exocore.training.checkpoint import LOG_CSV

    rows = np.atleast_1d(np.genfromtxt(run / LOG_CSV, delimiter=",", names=True))[1:]
    n = float(rows["transitions"].sum())
    return {
        "transitions": n,
        "total_transitions_per_s": n / float(rows["wall_s"].sum()),
        "rollout_transitions_per_s": n / float(rows["rollout_s"].sum()),
        "update_s_per_iteration": float((rows["wall_s"] - rows["rollout_s"]).mean()),
    }


def bench(workers: int, per_worker: int, steps: int, iterations: int, actuation: str) -> dict:
    """``workers`` 0: local training (no Ray) of the envs one worker would own."""
    import torch
    from exocore.training.trainer import train

    torch.set_num_threads(1)
    envs = max(workers, 1) * per_worker
    cfg = config(actuation, envs, steps, iterations)
    with tempfile.TemporaryDirectory() as tmp:
        if workers == 0:
            train(Path(tmp), cfg, progress=False)
            startup = 0.0
        else:
            from exocore.distributed.ray_collector import RayCollector

            start = time.perf_counter()
            with RayCollector(cfg, workers) as collector:
                startup = time.perf_counter() - start
                size = collector.human_obs_size
                train(Path(tmp), cfg, progress=False, collector=collector, human_obs_size=size)
        out: dict[str, Any] = {"workers": workers, "envs": envs, "startup_s": startup}
        out.update(rates(Path(tmp)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--envs-per-worker", type=int, default=4)
    parser.add_argument("--workers", default="1,2", help="comma separated worker counts")
    parser.add_argument("--steps", type=int, default=64)
    parser.add_argument("--iterations", type=int, default=3)
    parser.add_argument("--actuation", default="joint-torques")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    import ray

    counts = [int(w) for w in args.workers.split(",")]
    ray.init(num_cpus=max(2, *counts), include_dashboard=False, log_to_driver=False)
    try:
        results = [bench(0, args.envs_per_worker, args.steps, args.iterations, args.actuation)]
        for n in counts:
            results.append(
                bench(n, args.envs_per_worker, args.steps, args.iterations, args.actuation)
            )
    finally:
        ray.shutdown()
    print(f"{args.actuation}, {args.steps} steps/iteration, {os.cpu_count()} CPUs")
    print(f"{'setting':<10} {'envs':>5} {'total tr/s':>11} {'rollout tr/s':>13} {'update s':>9}")
    for r in results:
        name = "local" if r["workers"] == 0 else f"{r['workers']} worker" + "s" * (r["workers"] > 1)
        print(
            f"{name:<10} {r['envs']:>5} {r['total_transitions_per_s']:>11.0f} "
            f"{r['rollout_transitions_per_s']:>13.0f} {r['update_s_per_iteration']:>9.2f}"
        )
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
