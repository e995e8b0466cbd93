"""Reference generation gives the same bits whatever the BLAS thread count.

The Fourier least-squares fits and the legs' Gauss-Newton solves call LAPACK/BLAS, whose
multi-threaded kernels sum in another order than the single-threaded ones. Seen: a
walking reference differed in its last bits between a 2-thread process and a Ray rollout
worker (Ray starts workers with OMP_NUM_THREADS=1), and distributed training drifted from
the local run from there. Generation therefore runs on one BLAS thread.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from threadpoolctl import threadpool_limits

P = ParamSpec("P")
R = TypeVar("R")


def single_threaded_blas(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn` with BLAS/LAPACK limited to one thread while it runs."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with threadpool_limits(limits=1, user_api="blas"):
            return fn(*args, **kwargs)

    return wrapper
