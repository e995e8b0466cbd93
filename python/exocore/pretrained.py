"""The controller shipped with the package: trained by ``exocore train`` (see
``data/pretrained/README.md`` for the command, machine, wall time and training log)."""

from __future__ import annotations

from pathlib import Path

PRETRAINED_DIR = Path(__file__).parent / "data" / "pretrained"


def pretrained_checkpoint() -> Path:
    """Path of the shipped training checkpoint (human policy, muscle network and exo
    controller for walk, run and stairs); FileNotFoundError if the package lacks it."""
    path = PRETRAINED_DIR / "checkpoint.pt"
    if not path.is_file():
        raise FileNotFoundError(f"no pretrained checkpoint in {PRETRAINED_DIR}")
    return path
