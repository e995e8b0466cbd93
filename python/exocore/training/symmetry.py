"""Left-right mirror of the human's coordinates, observations and actions, for the
mirror-symmetry loss of Yu, Turk and Liu 2018 (Learning symmetric and low-energy
locomotion, ACM TOG 37:144): the policy's mean action for a state, mirrored, should be
its mean action for the mirrored state.

The default human's joint frames are all aligned with the world at the neutral pose and
its two sides are mirror images across the sagittal plane (x = 0; y up, z forward), so
a reflection x -> -x maps the right side's coordinates onto the left's: a rotation
vector (ball joints, the pelvis) keeps its x component and negates y and z; a revolute
joint about x keeps its angle; the pelvis translation and linear velocity negate x.
Mirroring swaps the legs, so in steady gait it also moves the phase by half a cycle.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from numpy.typing import NDArray

from exocore.models import Model
from exocore.training.ppo import RunningNorm, Symmetry, norm_std

AXIAL = (1.0, -1.0, -1.0)  # a rotation vector under x -> -x
POLAR = (-1.0, 1.0, 1.0)  # a position or linear velocity under x -> -x
SIDES = {"R": "L", "L": "R"}


@dataclass(frozen=True)
class Mirror:
    """A signed permutation: mirrored[..., i] = sign[i] * x[..., index[i]]."""

    index: NDArray[np.int_]
    sign: NDArray[np.float64]

    def __call__(self, x: NDArray[Any]) -> NDArray[Any]:
        return np.asarray(x)[..., self.index] * self.sign


def _partner(name: str) -> str:
    return name[:-1] + SIDES[name[-1]] if name[-1:] in SIDES else name


def dof_mirror(model: Model) -> Mirror:
    """Over all generalized coordinates (or velocities), the pelvis's 6 first."""
    start, count, signs = {}, {}, {}
    n = 0
    for body in model.bodies:
        if body.joint_type == "free":  # DART: rotation vector, then translation
            dofs, sign = 6, AXIAL + POLAR
        elif body.joint_type == "ball":
            dofs, sign = 3, AXIAL
        elif body.joint_type == "revolute":
            if tuple(body.axis) != (1.0, 0.0, 0.0):
                raise ValueError(f"{body.name}: only revolute joints about x mirror")
            dofs, sign = 1, (1.0,)
        else:
            raise ValueError(f"{body.name}: no mirror rule for a {body.joint_type} joint")
        start[body.name], count[body.name], signs[body.name] = n, dofs, sign
        n += dofs
    index = np.empty(n, dtype=int)
    sign = np.empty(n)
    for name, first in start.items():
        other = _partner(name)
        if other not in start or count[other] != count[name]:
            raise ValueError(f"{name}: no mirror partner {other!r}")
        k = count[name]
        index[first : first + k] = np.arange(start[other], start[other] + k)
        sign[first : first + k] = signs[name]
    return Mirror(index, sign)


def _joints(full: Mirror) -> Mirror:
    return Mirror(full.index[6:] - 6, full.sign[6:])


def joint_mirror(model: Model) -> Mirror:
    """Over the joint dofs (all but the pelvis's 6): the human policy's actions."""
    return _joints(dof_mirror(model))


def observation_mirror(model: Model, extra: int = 0, root_error: bool = False) -> Mirror:
    """Over the human observation (root rotation, pelvis height, joint positions, all
    velocities, sin and cos of the phase, with ``root_error`` the pelvis's offset from
    the reference; ``cpp/src/env_step.cpp``) and ``extra`` trailing entries that
    mirroring leaves alone (the activity one-hot). Half a cycle later, sin and cos of
    the phase both change sign; the offset mirrors like the pelvis translation."""
    full = dof_mirror(model)
    n = len(full.index)
    joints = _joints(full)
    parts_index = [full.index[:3], [3], 4 + joints.index, 4 + (n - 6) + full.index]
    parts_sign = [full.sign[:3], [1.0], joints.sign, full.sign]
    tail = 4 + (n - 6) + n
    parts_index += [[tail, tail + 1]]
    parts_sign += [[-1.0, -1.0]]
    tail += 2
    if root_error:
        parts_index += [tail + np.arange(3)]
        parts_sign += [full.sign[3:6]]
        tail += 3
    parts_index += [tail + np.arange(extra)]
    parts_sign += [np.ones(extra)]
    return Mirror(np.concatenate(parts_index).astype(int), np.concatenate(parts_sign))


@functools.cache
def _default_mirrors(extra: int, root_error: bool) -> tuple[Mirror, Mirror]:
    from exocore.models import human

    model = human()
    return observation_mirror(model, extra, root_error), joint_mirror(model)


def policy_symmetry(
    norm: RunningNorm,
    clip: float,
    num_activities: int,
    device: torch.device,
    root_error: bool = False,
) -> Symmetry:
    """The default human's mirrors for :func:`exocore.training.ppo.ppo_update`, on
    observations normalised (and clipped) with ``norm``: un-normalise, mirror,
    normalise again."""
    obs, action = _default_mirrors(num_activities, root_error)
    mean = torch.as_tensor(norm.mean, dtype=torch.float32, device=device)
    std = torch.as_tensor(norm_std(norm), dtype=torch.float32, device=device)
    obs_index = torch.as_tensor(obs.index, device=device)
    obs_sign = torch.as_tensor(obs.sign, dtype=torch.float32, device=device)
    act_index = torch.as_tensor(action.index, device=device)
    act_sign = torch.as_tensor(action.sign, dtype=torch.float32, device=device)

    def mirror_obs(z: torch.Tensor) -> torch.Tensor:
        raw = (z * std + mean)[..., obs_index] * obs_sign
        return ((raw - mean) / std).clamp(-clip, clip)

    def mirror_action(a: torch.Tensor) -> torch.Tensor:
        return a[..., act_index] * act_sign

    return mirror_obs, mirror_action
