"""The ``exocore`` command: one subcommand per job."""

from __future__ import annotations

import argparse
import json
import platform
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def _model_summary(model_path: str | None) -> dict[str, Any]:
    """Size and mass of the model file at `model_path`, or of the default human wearing
    the hip exoskeleton."""
    from exocore import models

    if model_path is None:
        model = models.human(with_exo=True)
        source = "default: exocore.models.human(with_exo=True)"
    else:
        model = models.load_model(model_path)
        source = str(model_path)
    return {
        "source": source,
        "name": model.name,
        "num_dofs": model.num_dofs,
        "num_actuated_dofs": model.num_actuated_dofs,
        "num_muscles": len(model.muscles),
        "num_lower_limb_muscles": len(model.lower_limb_muscles()),
        "body_mass_kg": model.mass,
        "height_m": model.height,
        "exo_mass_kg": None if model.exo is None else model.exo.mass,
    }


def _cmd_info(args: argparse.Namespace) -> int:
    import numpy as np

    import exocore

    summary = _model_summary(args.model)
    if args.json:
        info = {
            "exocore": exocore.__version__,
            "python": platform.python_version(),
            "machine": platform.machine(),
            "numpy": np.__version__,
            "core_module": exocore._core.__file__,
            "model": summary,
        }
        print(json.dumps(info, indent=1))
        return 0
    print(f"exocore {exocore.__version__}")
    print(f"python {platform.python_version()} on {platform.machine()}, numpy {np.__version__}")
    print(f"core module: {exocore._core.__file__}")
    print(f"model: {summary['name']} ({summary['source']})")
    print(f"  dofs: {summary['num_dofs']} total, {summary['num_actuated_dofs']} actuated")
    print(f"  muscles: {summary['num_muscles']} ({summary['num_lower_limb_muscles']} lower-limb)")
    print(f"  body mass: {summary['body_mass_kg']:.2f} kg, height: {summary['height_m']:.3f} m")
    if summary["exo_mass_kg"] is not None:
        print(f"  exo mass: {summary['exo_mass_kg']:.2f} kg")
    return 0


def _cmd_convert(args: argparse.Namespace) -> int:
    from exocore.models import from_osim, save_model

    report: list[str] = []
    model = from_osim(args.model, report)
    for line in report:
        print(f"note: {line}")
    save_model(model, args.out)
    print(
        f"wrote {args.out}: {len(model.bodies)} bodies, {model.num_dofs} dofs, "
        f"{len(model.muscles)} muscles ({len(report)} notes)"
    )
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from exocore.demo import run_demo

    result = run_demo(out_dir=Path(args.out), duration_s=args.duration)
    print(f"simulated {result.duration_s:.1f} s in {result.wall_s:.2f} s wall time")
    print(
        f"peak exo torque {result.peak_torque:.1f} N m, peak muscle force {result.peak_force:.0f} N"
    )
    print(f"wrote {result.plot_path} and {result.csv_path}")
    if args.leg_only:
        return 0
    from exocore.demo_trained import run_trained_demo

    print("walking 1.25 m/s with the shipped controller: no exo, assist off, assist on")
    trained = run_trained_demo(Path(args.out), duration_s=args.trial_duration)
    for condition, rate in trained.net_metabolic_w_kg.items():
        up = trained.upright_s[condition]
        shown = "n/a" if rate is None else f"{rate:.2f} W/kg"
        print(f"  {condition:<10} net metabolic {shown}, upright {up:.2f} s")
    print(
        f"wrote {trained.report}, {trained.page}" + (f", {trained.video}" if trained.video else "")
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="exocore",
        description="Exoskeleton assistance learned in musculoskeletal simulation.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    info = sub.add_parser(
        "info", help="versions, where the compiled core lives, and a model's size and mass"
    )
    info.add_argument(
        "--model", help="JSON model file (default: the built-in human with the hip exo)"
    )
    info.add_argument("--json", action="store_true", help="print one JSON object")
    info.set_defaults(func=_cmd_info)

    convert = sub.add_parser("convert", help="import an OpenSim .osim model as a JSON model")
    convert.add_argument("model", help="OpenSim 4 or 3 model (.osim)")
    convert.add_argument("out", help="JSON model file to write (docs/model_format.md)")
    convert.set_defaults(func=_cmd_convert)

    demo = sub.add_parser(
        "demo",
        help="leg + hip-exo simulation, then the shipped controller walking under no exo, "
        "assist off and assist on: report, 3-D page and video",
    )
    demo.add_argument("--out", default="out/demo", help="output directory (default: out/demo)")
    demo.add_argument("--duration", type=float, default=3.0, help="simulated seconds (leg)")
    demo.add_argument(
        "--trial-duration", type=float, default=4.0, help="simulated seconds per walking trial"
    )
    demo.add_argument("--leg-only", action="store_true", help="only the leg simulation")
    demo.set_defaults(func=_cmd_demo)

    from exocore.export import add_export_parser

    add_export_parser(sub)
    from exocore.motions.cli import add_motion_parser

    add_motion_parser(sub)
    from exocore.bench import add_bench_parser

    add_bench_parser(sub)
    from exocore.training.cli import add_train_parser

    add_train_parser(sub)
    from exocore.evaluation.cli import add_evaluate_parser

    add_evaluate_parser(sub)
    from exocore.render.cli import add_render_parser

    add_render_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (ValueError, OSError) as err:
        print(f"exocore {args.command}: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
