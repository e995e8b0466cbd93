"""``exocore render [CHECKPOINT | TRIAL-FILE]``: play a trial back in 3-D (offline web
page) and as a video. A checkpoint (or run directory) is simulated first and the trial
is saved next to the page (``.npz``) so it can be re-rendered without simulating; a
trial file (``exocore evaluate`` keeps them under ``trials/``) is rendered as is;
without a source the untrained built-in policies are used (smoke test)."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from exocore.evaluation.trials import Participant

DEFAULT_SPEED = {"walk": 1.25, "run": 2.0}


def add_render_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "render", help="3-D playback of a trial: offline web page (HTML) and a video (MP4/GIF)"
    )
    p.add_argument(
        "source",
        nargs="?",
        help="training checkpoint / run directory to simulate, or a recorded trial (.npz); "
        "default: untrained built-in policies",
    )
    p.add_argument("--activity", default="walk", choices=("walk", "run", "stairs", "transition"))
    p.add_argument("--speed", type=float, help="m/s (default: walk 1.25, run 2.0)")
    p.add_argument(
        "--condition", default="assist-on", choices=("assist-on", "assist-off", "no-exo")
    )
    p.add_argument("--participant", default="P1", help="Extended Data Table 1 name (P1..P11)")
    p.add_argument("--duration", type=float, default=5.0, help="simulated seconds (default 5)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default="out/render", help="output directory (default: out/render)")
    p.add_argument("--fps", type=float, default=30.0, help="page animation frames per second")
    p.add_argument(
        "--video",
        choices=("mp4", "gif", "none"),
        help="video format (default: mp4 when ffmpeg is installed, else gif)",
    )
    p.add_argument("--video-fps", type=float, default=25.0)
    p.set_defaults(func=_cmd_render)


def _participant(name: str, activity: str) -> Participant:
    from exocore.evaluation.cohort import paper_participants

    people = {
        p.name: p for p in paper_participants("walk" if activity == "transition" else activity)
    }
    if name not in people:
        raise ValueError(f"participant {name!r} did not do {activity}: one of {sorted(people)}")
    return people[name]


def _cmd_render(args: argparse.Namespace) -> int:
    from exocore.evaluation.trials import TrialSpec, load_trial, run_trial, save_trial
    from exocore.render import render_trial

    try:
        import meshcat  # noqa: F401
    except ImportError as err:
        msg = f"rendering needs the 'render' extra (pip install exocore[render]): {err}"
        raise ValueError(msg) from err

    for key in ("duration", "fps", "video_fps"):
        if not getattr(args, key) > 0:
            raise ValueError(f"--{key.replace('_', '-')} must be positive")
    out = Path(args.out)
    source = None if args.source is None else Path(args.source)
    if source is not None and source.suffix == ".npz":
        trial = load_trial(source)
        name = source.stem
    else:
        from exocore.evaluation.policies import load_policies, simple_policies

        policies = simple_policies() if source is None else load_policies(source)
        speed = args.speed
        if speed is None and args.activity in DEFAULT_SPEED:
            speed = DEFAULT_SPEED[args.activity]
        spec = TrialSpec(
            args.activity,
            None if args.activity in ("stairs", "transition") else speed,
            args.condition,
            _participant(args.participant, args.activity),
            duration_s=args.duration,
            seed=args.seed,
        )
        trial = run_trial(spec, policies)
        speed_s = "" if spec.speed is None else f"_{spec.speed:g}"
        name = f"{spec.activity}{speed_s}_{spec.condition}_{spec.participant.name}"
        print(f"simulated {len(trial.time) * 0.01:.2f} s" + (" (fell)" if trial.fell else ""))
        if trial.error:
            raise ValueError(f"the trial could not run: {trial.error}")
        print(f"wrote {save_trial(trial, out / f'{name}.npz')}")
    video = args.video or ("mp4" if shutil.which("ffmpeg") else "gif")
    paths = render_trial(
        trial,
        out,
        name=name,
        fps=args.fps,
        video=None if video == "none" else video,
        video_fps=args.video_fps,
    )
    for p in paths.values():
        print(f"wrote {p}")
    return 0
