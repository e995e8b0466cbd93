"""Policies under evaluation: the human imitation policy, the exo controller and the
muscle network, read from a training checkpoint (``exocore.training.checkpoint``) or
built in code (zero offsets, a simple exo law) for tests and smoke runs.

Evaluation is deterministic: both policies act with their Gaussian means.
"""

from __future__ import annotations

import pickle
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

HUMAN_ACTION_LIMIT = 1.0  # rad, the env's human action box
EXO_ACTION_LIMIT = 1.5  # rad, the env's exo action box

HumanPolicy = Callable[[NDArray[np.float64], str], NDArray[np.float64]]
ExoPolicy = Callable[[NDArray[np.float64]], NDArray[np.float64]]


@dataclass
class Policies:
    """human(obs["human"] (N, H), activity) -> (N, 50) offsets; exo(obs["exo"] (N, 16))
    -> (N, 2) hip targets; the muscle network as flat float32 for
    ``ExoVecEnv.set_muscle_network`` (None: no network); the env settings it was
    trained with (None: the simulator's defaults)."""

    human: HumanPolicy
    exo: ExoPolicy
    muscle_parameters: NDArray[np.float32] | None = None
    actuation: str = "joint-torques"
    human_kp: float | None = None
    human_kv: float | None = None
    activities: tuple[str, ...] = ()
    source: str = "built in code"
    control: dict[str, Any] = field(default_factory=dict)
    """The training config's env section: PD and balance feedback settings
    (``exocore.envs.builder.apply_human_control``)."""


def zero_human(obs: NDArray[np.float64], activity: str) -> NDArray[np.float64]:
    """No offsets: the PD tracks the reference motion."""
    return np.zeros((obs.shape[0], 50))


def lead_exo(lead_s: float = 0.05) -> ExoPolicy:
    """A simple exo law: target = thigh angle + lead_s * thigh angular velocity (newest
    IMU sample), so the PD pushes the hip the way it already moves."""

    def policy(obs: NDArray[np.float64]) -> NDArray[np.float64]:
        target = obs[:, 0:2] + lead_s * obs[:, 2:4]
        return np.clip(target, -EXO_ACTION_LIMIT, EXO_ACTION_LIMIT)

    return policy


def simple_policies(actuation: str = "joint-torques", lead_s: float = 0.05) -> Policies:
    """Zero human offsets and the `lead_exo` law; no muscle network."""
    return Policies(zero_human, lead_exo(lead_s), None, actuation, source="built in code")


def _read_checkpoint(path: Path) -> dict[str, Any]:
    try:
        from exocore.training.checkpoint import load_checkpoint
    except ImportError as err:  # torch missing
        raise ValueError(f"reading checkpoints needs the 'train' extra (torch): {err}") from err
    if not path.exists():
        raise FileNotFoundError(f"no checkpoint at {path}")
    try:
        return load_checkpoint(path)
    except FileNotFoundError:
        raise
    except (pickle.UnpicklingError, zipfile.BadZipFile, RuntimeError, EOFError) as err:
        raise ValueError(f"{path}: not a readable exocore training checkpoint ({err})") from err


def load_policies(checkpoint: str | Path) -> Policies:
    """Policies of a training checkpoint file or run directory. Raises
    FileNotFoundError when it is missing and ValueError when it is not a readable
    exocore training checkpoint."""
    import torch

    from exocore.training.networks import exo_policy, flat_parameters, human_policy
    from exocore.training.networks import muscle_network as make_muscle_network
    from exocore.training.ppo import norm_apply, norm_from_state

    path = Path(checkpoint)
    payload = _read_checkpoint(path)
    try:
        cfg = payload["config"]
        activities = tuple(cfg["env"]["activities"])
        human_norm = norm_from_state(payload["human_norm"])
        exo_norm = norm_from_state(payload["exo_norm"])
        obs_size = int(human_norm.mean.shape[0])
        human_net = human_policy(obs_size, tuple(cfg["human"]["hidden_sizes"]))
        human_net.load_state_dict(payload["human"])
        exo_net = exo_policy(tuple(cfg["exo"]["hidden_sizes"]))
        exo_net.load_state_dict(payload["exo"])
        muscle = None
        if "muscle" in payload:
            net = make_muscle_network()
            net.load_state_dict(payload["muscle"])
            muscle = flat_parameters(net)
        h_clip, e_clip = float(cfg["human"]["obs_clip"]), float(cfg["exo"]["obs_clip"])
        actuation = str(cfg["env"]["actuation"])
        kp, kv = float(cfg["env"]["human_kp"]), float(cfg["env"]["human_kv"])
    except (KeyError, TypeError, RuntimeError) as err:
        raise ValueError(f"{path}: incomplete or mismatched training checkpoint ({err})") from err
    human_net.eval()
    exo_net.eval()

    def human(obs: NDArray[np.float64], activity: str) -> NDArray[np.float64]:
        onehot = np.zeros((obs.shape[0], len(activities)))
        if activity in activities:  # an untrained activity gets an all-zero one-hot
            onehot[:, activities.index(activity)] = 1.0
        z = norm_apply(human_norm, np.concatenate([obs, onehot], axis=1), h_clip)
        with torch.no_grad():
            a = human_net.actor(torch.from_numpy(z)).numpy()
        return np.clip(a, -HUMAN_ACTION_LIMIT, HUMAN_ACTION_LIMIT).astype(np.float64)

    def exo(obs: NDArray[np.float64]) -> NDArray[np.float64]:
        z = norm_apply(exo_norm, obs, e_clip)
        with torch.no_grad():
            a = exo_net.actor(torch.from_numpy(z)).numpy()
        return np.clip(a, -EXO_ACTION_LIMIT, EXO_ACTION_LIMIT).astype(np.float64)

    return Policies(
        human, exo, muscle, actuation, kp, kv, activities, str(path), control=dict(cfg["env"])
    )
