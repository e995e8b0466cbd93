"""Generated references are bit-identical whatever BLAS thread count the process has
(Ray starts its workers with one thread; a local run has one per core)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import hashlib
from exocore.motions import reference, transition_reference
walk = reference("walk", 1.25, duration=2.0)
trial = transition_reference().motion
digest = hashlib.sha256()
for array in (walk.positions, walk.velocities, trial.positions[::50]):
    digest.update(array.tobytes())
print(digest.hexdigest())
"""


def digest_with_threads(threads: int) -> str:
    env = dict(os.environ)
    env.update({"OPENBLAS_NUM_THREADS": str(threads), "OMP_NUM_THREADS": str(threads)})
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_reference_bits_do_not_depend_on_blas_threads() -> None:
    assert digest_with_threads(1) == digest_with_threads(4)
