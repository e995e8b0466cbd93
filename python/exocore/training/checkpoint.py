"""Run files: atomic checkpoints, RNG states, the exo-controller export, CSV/TensorBoard logs.

A run directory holds ``checkpoint.pt`` (everything needed to continue bit for bit),
``exo_controller.pt`` (the format of :mod:`exocore.export`, so ``exocore export`` reads
it), ``config.yaml`` (the resolved configuration), ``log.csv`` and ``tb/`` (TensorBoard,
when it is installed).
"""

from __future__ import annotations

import csv
import functools
import os
import random
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

from exocore.controller import ControllerConfig
from exocore.export import save_controller_checkpoint
from exocore.training.networks import EXO_ACTIVATION, ActorCritic, exo_policy, linear_layers
from exocore.training.ppo import RunningNorm, norm_from_state, norm_std

CHECKPOINT = "checkpoint.pt"
EXO_CONTROLLER = "exo_controller.pt"
CONFIG_YAML = "config.yaml"
LOG_CSV = "log.csv"
FORMAT = "exocore.training"
VERSION = 1


def atomic_write(path: Path, write: Any) -> Path:
    """Calls ``write(tmp_path)`` then renames over ``path``: a crash leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp" + path.suffix, dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600 files; honour the umask
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_checkpoint(payload: dict[str, Any], path: Path) -> Path:
    return atomic_write(path, lambda tmp: torch.save(payload, tmp))


def load_checkpoint(path: str | Path) -> dict[str, Any]:
    """Reads a training checkpoint (tensors and plain values: ``weights_only`` loading)."""
    path = Path(path)
    if path.is_dir():
        path = path / CHECKPOINT
    if not path.is_file():
        raise FileNotFoundError(f"no training checkpoint at {path}")
    payload = torch.load(path, map_location="cpu", weights_only=True)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValueError(f"{path}: not an exocore training checkpoint")
    if payload.get("version") != VERSION:
        raise ValueError(f"{path}: checkpoint version {payload.get('version')} != {VERSION}")
    return payload


def rng_state() -> dict[str, Any]:
    """Python, numpy and torch generator states as tensors and plain values only, so a
    checkpoint loads with ``weights_only=True`` (no pickled code)."""
    name, keys, pos, has_gauss, cached = np.random.get_state(legacy=True)
    state = {
        "python": random.getstate(),
        "numpy": {
            "name": str(name),
            "keys": torch.from_numpy(np.asarray(keys, dtype=np.int64)),
            "pos": int(pos),
            "has_gauss": int(has_gauss),
            "cached_gaussian": float(cached),
        },
        "torch": torch.get_rng_state(),
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict[str, Any]) -> None:
    random.setstate(state["python"])
    npy = state["numpy"]
    keys = npy["keys"].numpy().astype(np.uint32)
    np.random.set_state((npy["name"], keys, npy["pos"], npy["has_gauss"], npy["cached_gaussian"]))
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


@functools.cache
def hip_range(activities: tuple[str, ...]) -> tuple[float, float]:
    """Range [rad] of both hips' flexion angle (model convention: + = extension) over
    the default references of `activities`: the device's safety cut-off is set from it."""
    from exocore.motions import reference

    low, high = np.inf, -np.inf
    for activity in activities:
        motion = reference(activity, duration=4.0)
        for dof in ("FemurL_x", "FemurR_x"):
            angle = motion.column(dof)
            low, high = min(low, float(angle.min())), max(high, float(angle.max()))
    return low, high


def export_exo(
    model: ActorCritic,
    norm: RunningNorm,
    obs_clip: float,
    path: Path,
    activities: Sequence[str] = ("walk",),
) -> Path:
    """Writes the exo policy mean (deterministic) + normaliser as an ``exocore.export``
    controller checkpoint; ``exocore export path`` turns it into a header/ONNX/npz. The
    safety range is that of the hips in the trained `activities`' references."""
    layers = [(m.weight, m.bias) for m in linear_layers(model.actor)]
    hidden = tuple(int(w.shape[0]) for w, _ in layers[:-1])
    rom_min, rom_max = hip_range(tuple(activities))
    config = ControllerConfig(
        hidden_sizes=hidden,
        activation=EXO_ACTIVATION,
        obs_clip=obs_clip,
        rom_min=rom_min,
        rom_max=rom_max,
    )
    std = norm_std(norm).astype(np.float32)
    mean = norm.mean.astype(np.float32)
    return atomic_write(
        path, lambda tmp: save_controller_checkpoint(tmp, layers, mean, std, config)
    )


def export_from_checkpoint(checkpoint: str | Path, path: str | Path) -> Path:
    """The exo controller of a training checkpoint (file or run directory) as an
    ``exocore.export`` checkpoint at ``path`` (``.pt`` or ``.npz``)."""
    payload = load_checkpoint(Path(checkpoint))
    exo_cfg = payload["config"]["exo"]
    model = exo_policy(tuple(exo_cfg["hidden_sizes"]))
    model.load_state_dict(payload["exo"])
    norm = norm_from_state(payload["exo_norm"])
    activities = tuple(payload["config"]["env"]["activities"])
    return export_exo(model, norm, float(exo_cfg["obs_clip"]), Path(path), activities)


class RunLog:
    """Appends one row per iteration to ``log.csv`` (and TensorBoard when available)."""

    def __init__(self, out: Path, columns: Sequence[str], resume_iteration: int | None) -> None:
        self.path = out / LOG_CSV
        self.columns = list(columns)
        kept: list[dict[str, str]] = []
        if resume_iteration is not None and self.path.is_file():
            # Rows after the checkpoint are recomputed by the resumed run.
            with self.path.open(newline="") as f:
                kept = [r for r in csv.DictReader(f) if int(r["iteration"]) <= resume_iteration]
        with self.path.open("w", newline="") as f:
            writer = csv.DictWriter(f, self.columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(kept)
        self.tb = _tensorboard(out / "tb")

    def write(self, row: dict[str, float]) -> None:
        with self.path.open("a", newline="") as f:
            csv.DictWriter(f, self.columns, extrasaction="ignore").writerow(row)
        if self.tb is not None:
            step = int(row["iteration"])
            for k, v in row.items():
                if k != "iteration":
                    self.tb.add_scalar(k, v, step)

    def close(self) -> None:
        if self.tb is not None:
            self.tb.close()


def _tensorboard(logdir: Path) -> Any:
    """A SummaryWriter, or None when tensorboard is not installed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tensorboard's imports warn on new Pythons
            from torch.utils.tensorboard import SummaryWriter

            return SummaryWriter(str(logdir))
    except ImportError:
        return None
