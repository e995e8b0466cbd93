"""Closed-loop environment speed with the full settings, as a table of ratios measured
in one run: muscles vs ideal joint torques, 2 threads vs 1, exocore vs MyoSuite's raw
mj_step (when installed; pass --myosuite-python to use another interpreter).

    .venv/bin/python benchmarks/bench_env.py [--seconds 5] [--envs 8] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from exocore.bench import format_summary, run_bench


def ratio_rows(result: dict[str, Any]) -> list[tuple[str, float, str, float, float]]:
    """(what, value, against, baseline value, ratio) rows from one run_bench result."""
    modes = result["modes"]
    mus, jt = modes["muscles"], modes["joint-torques"]
    rows = [
        (
            "muscles, 2 threads",
            mus["env_steps_per_s_2_threads"],
            "muscles, 1 thread",
            mus["env_steps_per_s_1_thread"],
            mus["speedup_2_threads"],
        ),
        (
            "joint torques, 2 threads",
            jt["env_steps_per_s_2_threads"],
            "joint torques, 1 thread",
            jt["env_steps_per_s_1_thread"],
            jt["speedup_2_threads"],
        ),
        (
            "muscles, 1 thread",
            mus["env_steps_per_s_1_thread"],
            "joint torques, 1 thread",
            jt["env_steps_per_s_1_thread"],
            mus["env_steps_per_s_1_thread"] / jt["env_steps_per_s_1_thread"],
        ),
        (
            "muscles, tuples on",
            mus["env_steps_per_s_1_thread"],
            "muscles, tuples off",
            result["physics"]["env_steps_per_s"],
            mus["env_steps_per_s_1_thread"] / result["physics"]["env_steps_per_s"],
        ),
    ]
    myo = result["myosuite"]
    if myo is not None:
        ours = result["substeps_per_cpu_s"]
        for name in ("myoLeg", "full_body"):
            entry = myo.get(name, {})
            if "steps_per_cpu_s" in entry:
                rows.append(
                    (
                        "exocore substeps / CPU-s",
                        ours,
                        f"MyoSuite {name} mj_step / CPU-s",
                        entry["steps_per_cpu_s"],
                        ours / entry["steps_per_cpu_s"],
                    )
                )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--envs", type=int, default=8)
    parser.add_argument("--myosuite-python", default=None)
    parser.add_argument("--json", default=None, metavar="FILE")
    args = parser.parse_args()
    result = run_bench(seconds=args.seconds, envs=args.envs, myosuite_python=args.myosuite_python)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=2, sort_keys=True)
    print(format_summary(result))
    print()
    print(f"{'measured':<26} {'rate':>12}   {'baseline (same run)':<36} {'rate':>12} {'ratio':>7}")
    for what, value, against, base, ratio in ratio_rows(result):
        print(f"{what:<26} {value:>12,.1f}   {against:<36} {base:>12,.1f} {ratio:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
