"""Training throughput: env transitions (10 ms exo steps) per second of a short run with
the paper's network sizes, per actuation, split into rollout and update time.

    .venv/bin/python benchmarks/bench_train.py [--envs 8] [--steps 128] [--iterations 3]
        [--threads 2] [--actuation muscles,joint-torques] [--json out.json]

Each setting runs one stage-1 and one stage-2 phase of ``--iterations`` iterations each
in a temporary directory; the first iteration of each phase is a warm-up and not counted.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np


def bench(actuation: str, envs: int, steps: int, iterations: int, threads: int) -> dict[str, Any]:
    from exocore.training.checkpoint import LOG_CSV
    from exocore.training.config import load_config
    from exocore.training.trainer import train

    cfg = load_config(
        overrides={
            "env.actuation": actuation,
            "env.num_envs": envs,
            "env.num_threads": threads,
            "stage1.iterations": iterations,
            "stage2.iterations": iterations,
            "stage1.steps_per_iteration": steps,
            "stage2.steps_per_iteration": steps,
            "checkpoint_every": 1000,
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        train(Path(tmp), cfg, progress=False)
        rows = np.genfromtxt(Path(tmp) / LOG_CSV, delimiter=",", names=True)
    result: dict[str, Any] = {"actuation": actuation, "envs": envs, "steps": steps}
    result["env_only_transitions_per_s"] = env_only_rate(cfg, steps)
    for stage in (1, 2):
        sel = rows[rows["stage"] == stage][1:]  # drop the warm-up iteration
        n = float(sel["transitions"].sum())
        result[f"stage{stage}"] = {
            "transitions_per_s": n / float(sel["wall_s"].sum()),
            "rollout_transitions_per_s": n / float(sel["rollout_s"].sum()),
            "update_s_per_iteration": float((sel["wall_s"] - sel["rollout_s"]).mean()),
        }
    return result


def env_only_rate(cfg: Any, steps: int) -> float:
    """Zero actions through the same stage-1 env, no learning: the ceiling for training."""
    import time

    from exocore.training.trainer import make_envs

    env = make_envs(cfg, 1)[0]
    env.reset(seed=0)
    n = env.num_envs
    actions = {"human": np.zeros((n, env.human_action_size)), "exo": np.zeros((n, 2))}
    env.step(actions)  # warm-up
    start = time.perf_counter()
    for _ in range(steps):
        env.step(actions)
    return n * steps / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--envs", type=int, default=8)
    parser.add_argument("--steps", type=int, default=128, help="env steps per env per iteration")
    parser.add_argument("--iterations", type=int, default=3, help="per stage (first = warm-up)")
    parser.add_argument("--threads", type=int, default=2, help="simulator threads")
    parser.add_argument("--actuation", default="joint-torques,muscles")
    parser.add_argument("--json", default=None, metavar="FILE")
    args = parser.parse_args()
    if args.iterations < 2:
        parser.error("--iterations must be >= 2 (the first is a warm-up)")
    results = [
        bench(a, args.envs, args.steps, args.iterations, args.threads)
        for a in args.actuation.split(",")
    ]
    print(
        f"{'actuation':<14} {'stage':<9} {'trans/s':>9} {'rollout trans/s':>16} {'update s/it':>12}"
    )
    for r in results:
        print(f"{r['actuation']:<14} {'env only':<9} {r['env_only_transitions_per_s']:>9.0f}")
        for stage in ("stage1", "stage2"):
            s = r[stage]
            print(
                f"{r['actuation']:<14} {stage:<9} {s['transitions_per_s']:>9.0f} "
                f"{s['rollout_transitions_per_s']:>16.0f} {s['update_s_per_iteration']:>12.2f}"
            )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
