"""``exocore render [CHECKPOINT | TRIAL-FILE]``: play a trial back in 3-D."""

from __future__ import annotations

import argparse


def add_render_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("render", help="3-D playback of a trial: offline HTML page and a video")
    p.add_argument("source", nargs="?", help="training checkpoint, run directory or trial .npz")
    p.set_defaults(func=_cmd_render)


def _cmd_render(args: argparse.Namespace) -> int:
    raise ValueError("not implemented yet")
