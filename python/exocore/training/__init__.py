"""Training (PyTorch): PPO for the human and exo policies, muscle regression, the
two-stage schedule of the paper. Needs the ``train`` extra (torch, tqdm, pyyaml).

    from exocore.training import load_config, train
    result = train("out/run", load_config("my.yaml", {"env.activities": "walk,run"}))

Run directories hold ``exo_controller.pt``, readable by ``exocore export``;
:func:`exocore.training.checkpoint.export_from_checkpoint` writes one from any
training checkpoint.
"""

from __future__ import annotations

from typing import Any

from exocore.training.config import TrainConfig, load_config

__all__ = ["TrainConfig", "load_config", "train"]


def train(*args: Any, **kwargs: Any) -> Any:
    """:func:`exocore.training.trainer.train` (imported on first use: it needs torch)."""
    from exocore.training.trainer import train as _train

    return _train(*args, **kwargs)
