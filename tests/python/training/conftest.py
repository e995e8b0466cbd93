"""Training tests need the ``train`` extra (torch, pyyaml, tqdm); without it (e.g. the
wheel tests) they are not collected. Torch runs on one thread: the simulator uses the
other core."""

from __future__ import annotations

import pytest

try:
    import torch
    import tqdm  # noqa: F401
    import yaml  # noqa: F401

    collect_ignore_glob: list[str] = []
except ImportError:
    torch = None
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(autouse=True)
def _one_torch_thread() -> None:
    if torch is not None:
        torch.set_num_threads(1)
