"""The ``exocore`` command: one subcommand per job."""

from __future__ import annotations

import argparse
import platform
import sys
from collections.abc import Sequence
from pathlib import Path


def _cmd_info(args: argparse.Namespace) -> int:
    import numpy as np

    import exocore

    print(f"exocore {exocore.__version__}")
    print(f"python {platform.python_version()} on {platform.machine()}, numpy {np.__version__}")
    print(f"core module: {exocore._core.__file__}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from exocore.demo import run_demo

    result = run_demo(out_dir=Path(args.out), duration_s=args.duration)
    print(f"simulated {result.duration_s:.1f} s in {result.wall_s:.2f} s wall time")
    print(
        f"peak exo torque {result.peak_torque:.1f} N m, peak muscle force {result.peak_force:.0f} N"
    )
    print(f"wrote {result.plot_path} and {result.csv_path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="exocore",
        description="Exoskeleton assistance learned in musculoskeletal simulation.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    info = sub.add_parser("info", help="versions and where the compiled core lives")
    info.set_defaults(func=_cmd_info)

    demo = sub.add_parser("demo", help="short leg + hip-exo simulation, writes a plot")
    demo.add_argument("--out", default="out/demo", help="output directory (default: out/demo)")
    demo.add_argument("--duration", type=float, default=3.0, help="simulated seconds")
    demo.set_defaults(func=_cmd_demo)

    from exocore.export import add_export_parser

    add_export_parser(sub)
    from exocore.motions.cli import add_motion_parser

    add_motion_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (ValueError, FileNotFoundError) as err:
        print(f"exocore {args.command}: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
