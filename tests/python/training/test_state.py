"""exocore.training.state: what a checkpoint carries comes back on restore."""

from __future__ import annotations

import torch
from exocore.training.config import load_config
from exocore.training.state import new_state, restore_state, state_payload


def test_the_adaptive_support_level_and_iteration_survive_a_checkpoint() -> None:
    cfg = load_config(overrides={"env.actuation": "joint-torques"})
    cpu = torch.device("cpu")
    state = new_state(cfg, 10, cpu)
    state.iteration, state.support_level = 7, 0.35
    restored = restore_state(state_payload(state), cpu, 10)
    assert (restored.iteration, restored.support_level) == (7, 0.35)
    old = state_payload(state)
    del old["support_level"]  # a checkpoint from before the curriculum
    assert restore_state(old, cpu, 10).support_level == 1.0
