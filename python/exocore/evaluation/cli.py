"""``exocore evaluate CHECKPOINT``: the cohort evaluation and its report."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from exocore.evaluation.cohort import QUICK, EvalSettings, evaluate


def add_evaluate_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "evaluate",
        help="assist on / assist off / no exo over a virtual cohort: metabolics, torques, report",
    )
    p.add_argument("checkpoint", help="training checkpoint (checkpoint.pt) or run directory")
    p.add_argument("--out", default="out/evaluate", help="report directory (default: out/evaluate)")
    p.add_argument("--json", help="also write the results JSON here")
    p.add_argument(
        "--participants",
        type=int,
        help="use the first N participants of Extended Data Table 1 per activity (default: all)",
    )
    p.add_argument("--duration", type=float, help="seconds per steady trial (default: 10)")
    p.add_argument("--seed", type=int, default=0, help="seed of the first participant's trials")
    p.add_argument("--quick", action="store_true", help="tiny smoke configuration")
    p.add_argument("--workers", type=int, default=1, help="trials in parallel processes")
    p.add_argument("--no-transition", action="store_true", help="skip the walk->run->stairs trial")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_evaluate)


def settings_from_args(args: argparse.Namespace) -> EvalSettings:
    s = QUICK if args.quick else EvalSettings()
    changes: dict[str, object] = {"seed": args.seed, "transition": not args.no_transition}
    if args.participants is not None:
        if args.participants < 1:
            raise ValueError(f"--participants must be >= 1, got {args.participants}")
        changes["participants"] = args.participants
    if args.duration is not None:
        if not args.duration > 0:
            raise ValueError(f"--duration must be positive, got {args.duration}")
        changes["duration_s"] = args.duration
    return dataclasses.replace(s, **changes)


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from exocore.evaluation.policies import load_policies
    from exocore.evaluation.report import clean_json, write_report

    policies = load_policies(args.checkpoint)
    settings = settings_from_args(args)
    out = Path(args.out)
    if args.workers < 1:
        raise ValueError(f"--workers must be >= 1, got {args.workers}")
    results, trials = evaluate(
        policies,
        settings,
        out,
        progress=not args.no_progress,
        workers=args.workers,
        checkpoint=args.checkpoint,
    )
    paths = write_report(results, trials, out)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(clean_json(results), indent=1) + "\n")
    for key, a in results["activities"].items():
        nm = a["net_metabolic_w_per_kg"]
        parts = [f"{c} {nm[c]['mean']:.2f}" for c in nm if nm[c]["mean"] is not None]
        red = a["reduction_vs_no_exo_pct"]
        red_s = "" if red is None else f", assist on vs no exo {red:+.1f} %"
        print(f"{key}: {', '.join(parts) or 'no data'} W/kg{red_s} (falls {a['falls']})")
    print(f"wrote {paths['html']}, {paths['markdown']} and {paths['json']}")
    return 0
