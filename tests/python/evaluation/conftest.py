"""A tiny training checkpoint (untrained networks, muscle actuation) in the training
package's own format, written once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    torch = pytest.importorskip("torch")
    from exocore.training import checkpoint as ck
    from exocore.training.config import load_config
    from exocore.training.state import new_state, state_payload

    cfg = load_config(
        overrides={
            "env.actuation": "muscles",
            "env.activities": "walk,run",
            "human.hidden_sizes": [16, 16],
            "exo.hidden_sizes": [16, 8],
        }
    )
    state = new_state(cfg, 112, torch.device("cpu"))
    path = tmp_path_factory.mktemp("run") / ck.CHECKPOINT
    ck.save_checkpoint(state_payload(state), path)
    return path
