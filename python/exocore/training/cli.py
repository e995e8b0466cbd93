"""``exocore train``: run or resume the two-stage schedule from the command line.

Imports torch only when the command runs, so ``exocore --help`` works without the
``train`` extra.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

DEFAULT_OUT = Path("out/train")


def add_train_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Adds ``exocore train`` to an argparse subparsers object."""
    parser = subparsers.add_parser(
        "train",
        help="train the human, muscle and exo networks (needs the train extra)",
        description="Stage 1: human imitation (+ muscle regression) with the exo worn "
        "unpowered; stage 2: all three networks with assistance on and domain "
        "randomisation. Writes checkpoint.pt, exo_controller.pt (for `exocore export`), "
        "config.yaml and log.csv to --out.",
    )
    parser.add_argument("--config", type=Path, help="YAML file (keys as in config.yaml)")
    parser.add_argument("--activities", help="comma separated: walk,run,stairs")
    parser.add_argument("--resume", type=Path, metavar="DIR", help="continue the run in DIR")
    parser.add_argument("--device", help="cpu or cuda (default: the config's, cpu)")
    parser.add_argument("--out", type=Path, help=f"run directory (default: {DEFAULT_OUT})")
    parser.add_argument(
        "--iterations",
        type=int,
        help="total iterations, split between the stages in the config's proportion; "
        "with --resume: stop once this many are done (stage 2 is lengthened if needed)",
    )
    parser.add_argument("--seed", type=int, help="random seed (default 0)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override any config key, e.g. --set env.actuation=joint-torques (repeatable)",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument(
        "--ray-address",
        metavar="ADDRESS",
        help="collect rollouts on Ray workers (needs the distributed extra): a cluster "
        "address, or 'local' to start a cluster on this machine",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="with --ray-address: rollout workers, each owning env.num_envs / N envs of "
        "every activity (default 2)",
    )
    parser.add_argument(
        "--print-config", action="store_true", help="print the resolved config as YAML and exit"
    )
    parser.set_defaults(func=run_train)
    return parser


def parse_sets(items: list[str]) -> dict[str, Any]:
    import yaml

    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"--set expects KEY=VALUE, got {item!r}")
        out[key.strip()] = yaml.safe_load(value)
    return out


def _split_iterations(stage1: int, stage2: int, total: int) -> tuple[int, int]:
    if total < 0:
        raise ValueError(f"--iterations must be >= 0, got {total}")
    share = stage1 / (stage1 + stage2) if stage1 + stage2 > 0 else 0.5
    first = round(total * share)
    return first, total - first


def run_train(args: argparse.Namespace) -> int:
    """Entry point of ``exocore train``."""
    try:
        from exocore.training import checkpoint as ck
        from exocore.training.config import apply_overrides, load_config, saved_config
        from exocore.training.trainer import train
    except ImportError as err:
        print(f"exocore train: error: {err} (pip install exocore[train])", file=sys.stderr)
        return 2
    overrides = parse_sets(args.set)
    if args.activities is not None:
        overrides["env.activities"] = args.activities
    if args.device is not None:
        overrides["device"] = args.device
    if args.seed is not None:
        overrides["seed"] = args.seed
    stop_after = None
    if args.resume is not None:
        if args.out is not None and args.out.resolve() != args.resume.resolve():
            raise ValueError("--resume DIR continues in DIR; leave out --out or give the same")
        if args.config is not None:
            raise ValueError("--resume uses the checkpoint's config; leave out --config")
        out = args.resume
        payload = ck.load_checkpoint(out)
        cfg = apply_overrides(saved_config(payload["config"]), overrides)
        if args.iterations is not None:
            done, total = int(payload["iteration"]), cfg.stage1.iterations + cfg.stage2.iterations
            if args.iterations < done:
                raise ValueError(f"--iterations {args.iterations}: {done} are already done")
            if args.iterations > total:  # lengthen stage 2
                extra = cfg.stage2.iterations + args.iterations - total
                cfg = apply_overrides(cfg, {"stage2.iterations": extra})
            stop_after = args.iterations - done
    else:
        out = args.out or DEFAULT_OUT
        if (out / ck.CHECKPOINT).exists() and not args.print_config:
            raise ValueError(f"{out} already holds a run; pass --resume {out} or another --out")
        cfg = load_config(args.config, overrides)
        if args.iterations is not None:
            s1, s2 = _split_iterations(
                cfg.stage1.iterations, cfg.stage2.iterations, args.iterations
            )
            cfg = apply_overrides(cfg, {"stage1.iterations": s1, "stage2.iterations": s2})
    if args.print_config:
        import yaml

        from exocore.training.config import to_dict

        print(yaml.safe_dump(to_dict(cfg), sort_keys=False), end="")
        return 0
    resume = args.resume is not None
    if args.ray_address is not None:
        try:
            from exocore.distributed.ray_collector import RayCollector
        except ImportError as err:
            print(
                f"exocore train: error: {err} (pip install exocore[distributed])", file=sys.stderr
            )
            return 2
        with RayCollector(cfg, args.workers, args.ray_address) as collector:
            result = train(
                out,
                cfg,
                resume,
                stop_after,
                not args.no_progress,
                collector,
                collector.human_obs_size,
            )
    else:
        result = train(out, cfg, resume, stop_after, progress=not args.no_progress)
    if result.interrupted:
        print(
            f"interrupted; checkpoint at iteration {result.iteration} in {out}; "
            f"continue with: exocore train --resume {out}",
            file=sys.stderr,
        )
        return 130
    print(f"trained {result.iteration} iterations; wrote {out / ck.CHECKPOINT}")
    print(f"exo controller: {out / ck.EXO_CONTROLLER} (exocore export {out / ck.EXO_CONTROLLER})")
    return 0
