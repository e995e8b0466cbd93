"""Shared, cached inputs for the environment tests (building the model takes ~1 s)."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
from exocore.models import Model, human
from exocore.motions import Motion, reference


@functools.cache
def model_with_exo() -> Model:
    return human(with_exo=True)


@functools.cache
def walking(duration: float = 4.0) -> Motion:
    return reference("walk", 1.25, duration=duration)


@functools.cache
def standing(duration: float = 4.0) -> Motion:
    """Quiet standing: the neutral pose (every frame aligned with the world)."""
    walk = walking(duration)
    return dataclasses.replace(
        walk,
        positions=np.zeros_like(walk.positions),
        velocities=np.zeros_like(walk.velocities),
        phase=np.zeros_like(walk.phase),
    )
