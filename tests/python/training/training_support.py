"""A tiny training config: 2 envs, joint torques, small networks, a few dozen steps."""

from __future__ import annotations

from typing import Any

from exocore.training.config import TrainConfig, load_config


def tiny_overrides(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "env.actuation": "joint-torques",
        "env.num_envs": 2,
        "env.num_threads": 1,
        "stage1.iterations": 2,
        "stage2.iterations": 2,
        "stage1.steps_per_iteration": 24,
        "stage2.steps_per_iteration": 24,
        "human.hidden_sizes": [16, 16],
        "exo.hidden_sizes": [16, 8],
        "human.epochs": 2,
        "exo.epochs": 2,
        "human.minibatch_size": 8,
        "exo.minibatch_size": 16,
        "muscle.epochs": 1,
        "muscle.minibatch_size": 16,
        "checkpoint_every": 1,
        "env.reset_every": 1,
    }
    base.update(extra)
    return base


def tiny_config(**extra: Any) -> TrainConfig:
    return load_config(overrides=tiny_overrides(**extra))
