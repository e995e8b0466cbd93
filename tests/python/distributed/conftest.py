"""Distributed-training tests need the ``train`` extra; the Ray tests also need Ray (the
``distributed`` extra) and skip without it. Torch runs on one thread."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

try:
    import torch
    import tqdm  # noqa: F401
    import yaml  # noqa: F401

    collect_ignore_glob: list[str] = []
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
except ImportError:
    torch = None
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(autouse=True)
def _one_torch_thread() -> None:
    if torch is not None:
        torch.set_num_threads(1)


@pytest.fixture(scope="session")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference: local training of the tiny config with 8 envs (2 + 2 iterations)."""
    from exocore.training.trainer import train
    from support import split_config

    torch.set_num_threads(1)
    out = tmp_path_factory.mktemp("local")
    train(out, split_config(), progress=False)
    return out
