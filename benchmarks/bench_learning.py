"""Learning speed of exocore's training on this machine: training wall time until

1. the human walks: a 10 s walking trial at 1.25 m/s (default participant, exo worn and
   unpowered, deterministic policies) ends upright, and
2. the exo controller helps: in the same trial with assistance on, the activation-based
   muscle effort of the lower limbs is below that of assist off.

    .venv/bin/python benchmarks/bench_learning.py --out out/bench_learning \\
        [--minutes 120] [--every 10] [--start-phases 8] [--config FILE] [--set key=value ...]
        [--json FILE]

Trains with `exocore train`'s trainer in chunks of `--every` iterations (rerunning with the
same `--out` resumes) and evaluates after each chunk with `exocore evaluate`'s trials.
Training time is the trainer's own per-iteration wall time from its log, so evaluation
time is not counted. A single trial from heel strike swings by a second or more between
probes, so each probe also walks `--start-phases` trials (assist off) from start phases
spread evenly over the gait cycle and reports their mean upright time. The goal of the
project: a useful exo controller within 2 h on 2 CPU cores (the paper: ~8 h on an RTX 3090).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from pathlib import Path
from typing import Any

TRIAL_S = 10.0


def training_minutes(out: Path) -> tuple[float, int, int]:
    """(minutes of training so far, iterations, current stage) from the run's log."""
    from exocore.training.checkpoint import LOG_CSV

    path = out / LOG_CSV
    if not path.is_file():
        return 0.0, 0, 1
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        return 0.0, 0, 1
    wall = sum(float(r["wall_s"]) for r in rows)
    return wall / 60.0, int(float(rows[-1]["iteration"])), int(float(rows[-1]["stage"]))


def walk_spec(condition: str, seed: int = 0, start_phase: float = 0.0) -> Any:
    """A 10 s walk at 1.25 m/s on the body stage 1 trains on (no body randomisation):
    the default human."""
    from exocore.evaluation.trials import Participant, TrialSpec
    from exocore.models import DEFAULT_HEIGHT, DEFAULT_MASS

    person = Participant("default", DEFAULT_HEIGHT, DEFAULT_MASS)
    return TrialSpec("walk", 1.25, condition, person, TRIAL_S, seed, start_phase)


def probe(policies: Any, seed: int) -> dict[str, Any]:
    """Upright time and lower-limb effort of a 10 s walk from heel strike, assist off
    and on."""
    from exocore import models
    from exocore.evaluation.metabolics import muscle_table
    from exocore.evaluation.trials import run_trial, summarize_trial

    table = muscle_table(models.human().muscles)
    row = {}
    for condition in ("assist-off", "assist-on"):
        summary = summarize_trial(run_trial(walk_spec(condition, seed), policies), table)
        row[condition] = {"upright_s": summary["upright_s"], "effort": summary["effort"]}
    return row


def probe_start_phases(policies: Any, count: int) -> dict[str, Any]:
    """Upright times of assist-off walks from `count` start phases k / count."""
    from exocore.evaluation.trials import run_trial

    specs = [walk_spec("assist-off", start_phase=k / count) for k in range(count)]
    times = [run_trial(spec, policies).upright_s for spec in specs]
    walking = sum(t >= TRIAL_S - 0.02 for t in times)
    return {"upright_s": times, "mean_upright_s": sum(times) / count, "walk_10_s": walking}


def goals_met(row: dict[str, Any]) -> tuple[bool, bool]:
    off, on = row["assist-off"], row["assist-on"]
    walks = off["upright_s"] is not None and off["upright_s"] >= TRIAL_S - 0.02
    helps = (
        row["stage"] == 2
        and walks
        and on["upright_s"] is not None
        and on["upright_s"] >= TRIAL_S - 0.02
        and None not in (on["effort"], off["effort"])
        and on["effort"] < off["effort"]
    )
    return walks, helps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="training run directory (resumed)")
    parser.add_argument("--minutes", type=float, default=120.0, help="training-time budget")
    parser.add_argument("--every", type=int, default=10, help="iterations between probes")
    parser.add_argument("--config", default=None, help="training config YAML")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument(
        "--start-phases", type=int, default=8, help="walks per probe over the gait cycle (0: off)"
    )
    parser.add_argument("--json", default=None, metavar="FILE")
    args = parser.parse_args()
    if args.every < 1 or not args.minutes > 0 or args.start_phases < 0:
        parser.error("--every must be >= 1, --minutes > 0 and --start-phases >= 0")

    from exocore.evaluation import load_policies
    from exocore.training.cli import parse_sets
    from exocore.training.config import load_config
    from exocore.training.trainer import total_iterations, train

    out = Path(args.out)
    cfg = load_config(args.config, parse_sets(args.set))
    history: list[dict[str, Any]] = []
    history_path = out / "bench_learning.json"
    if history_path.is_file():
        history = json.loads(history_path.read_text())["probes"]
    first: dict[str, float | None] = {"walks_10_s": None, "exo_lowers_effort": None}
    columns = (("min", 7), ("iter", 5), ("stage", 5), ("up off", 7), ("up on", 7))
    columns += (("eff off", 8), ("eff on", 8), ("phases", 7), ("10 s", 5))
    print(" ".join(f"{name:>{width}}" for name, width in columns))
    while True:
        minutes, iteration, stage = training_minutes(out)
        if minutes >= args.minutes or iteration >= total_iterations(cfg):
            break
        result = train(out, cfg, resume=iteration > 0, stop_after=args.every, progress=False)
        if result.interrupted:  # Ctrl-C / SIGTERM: the checkpoint is saved; rerun resumes
            print(f"interrupted at iteration {result.iteration}; rerun to resume", flush=True)
            return 130
        minutes, iteration, stage = training_minutes(out)
        row = {"minutes": minutes, "iteration": iteration, "stage": stage}
        policies = load_policies(out)
        row |= probe(policies, cfg.seed)
        if args.start_phases:
            row["start_phases"] = probe_start_phases(policies, args.start_phases)
        history.append(row)
        off, on = row["assist-off"], row["assist-on"]
        phases = row.get("start_phases", {})
        print(
            f"{minutes:7.1f} {iteration:5d} {stage:5d} {off['upright_s'] or math.nan:7.2f} "
            f"{on['upright_s'] or math.nan:7.2f} {off['effort'] or math.nan:8.4f} "
            f"{on['effort'] or math.nan:8.4f} {phases.get('mean_upright_s', math.nan):7.2f} "
            f"{phases.get('walk_10_s', 0):2d}/{args.start_phases:<2d}",
            flush=True,
        )
        history_path.write_text(json.dumps({"probes": history}, indent=2))
    for row in history:
        walks, helps = goals_met(row)
        if walks and first["walks_10_s"] is None:
            first["walks_10_s"] = row["minutes"]
        if helps and first["exo_lowers_effort"] is None:
            first["exo_lowers_effort"] = row["minutes"]
    best = max((r["assist-off"]["upright_s"] or 0.0 for r in history), default=0.0)
    minutes, iteration, _ = training_minutes(out)
    summary = {
        "training_minutes": minutes,
        "iterations": iteration,
        "minutes_until_walks_10_s": first["walks_10_s"],
        "minutes_until_exo_lowers_effort": first["exo_lowers_effort"],
        "best_upright_s_assist_off": best,
        "probes": history,
    }
    for key, label in (
        ("minutes_until_walks_10_s", "walks 10 s"),
        ("minutes_until_exo_lowers_effort", "exo lowers effort"),
    ):
        value = summary[key]
        print(f"{label}: " + (f"after {value:.1f} min" if value is not None else "not reached"))
    print(f"best upright time (assist off): {best:.2f} s of {TRIAL_S:g} s, {minutes:.1f} min")
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
