"""Local training never imports Ray (the ``distributed`` extra is optional)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys, torch
sys.path.insert(0, {support!r})
from training_support import tiny_config
import exocore.cli, exocore.training.cli  # the parsers, --ray-address included
import exocore.distributed  # the Ray-free half: workers and merging
from exocore.training.trainer import train
torch.set_num_threads(1)
cfg = tiny_config(**{{"stage1.iterations": 1, "stage2.iterations": 1}})
assert train({out!r}, cfg, progress=False).iteration == 2
print("ray" in sys.modules, sorted(m for m in sys.modules if m.startswith("ray")))
"""


def test_local_training_does_not_import_ray(tmp_path: Path) -> None:
    support = str(Path(__file__).resolve().parent.parent / "training")
    code = SCRIPT.format(support=support, out=str(tmp_path / "run"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("False []"), done.stdout
