"""Muscle-coordination regression (paper eq. 11) on tuples from the simulator.

Both losses are linear in the activations a, so each tuple is reduced once to
``residual(a) = y - B a`` and the loss is ``mean_batch(||y - B a||^2 + w_a ||a||^2)``:

- acceleration space (paper eq. 11): ``B = M^-1 A``, ``y = q''_des - M^-1 (p + f_ext - c)``
  over all 56 dofs, i.e. ``q''_des - M^-1 (A a + p + f_ext - c)``;
- torque space (MASS): ``B = A[6:]``, ``y = tau_des[6:] - p[6:]``, i.e. ``(A a + p - tau_des)[6:]``.

The buffer holds one iteration's tuples (a uniform reservoir sample of fixed capacity,
so every activity keeps its share) and is emptied after the update, so a checkpoint
never needs to store it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from numpy.typing import NDArray
from torch import nn

from exocore.training.config import MuscleConfig
from exocore.training.networks import ROOT_DOFS, TORQUE_SCALE


def reduce_tuple(t: Mapping[str, NDArray[Any]], loss: str) -> tuple[NDArray[Any], ...]:
    """(network input (100,), B, y) of one simulator tuple for ``loss``."""
    x = np.concatenate([t["desired_torque"][ROOT_DOFS:], t["passive_torque"][ROOT_DOFS:]])
    x = x / TORQUE_SCALE
    a_cols = np.asarray(t["active_columns"], dtype=np.float64)
    if loss == "acceleration":
        # torch, not numpy: OpenBLAS's own threads would spin against the simulator's.
        m_inv = torch.from_numpy(np.asarray(t["mass_inverse"], dtype=np.float64))
        b = (m_inv @ torch.from_numpy(a_cols)).numpy()
        rest = t["passive_torque"] + t["external_torque"] - t["bias"]
        y = t["desired_acceleration"] - (m_inv @ torch.from_numpy(rest)).numpy()
    elif loss == "torque":
        b = a_cols[ROOT_DOFS:]
        y = (t["desired_torque"] - t["passive_torque"])[ROOT_DOFS:]
    else:
        raise ValueError(f"muscle loss must be 'acceleration' or 'torque', got {loss!r}")
    return x.astype(np.float32), b.astype(np.float32), y.astype(np.float32)


@dataclass
class TupleBuffer:
    """Reservoir of reduced tuples (float32)."""

    capacity: int
    loss: str
    x: list[NDArray[np.float32]] = field(default_factory=list)
    b: list[NDArray[np.float32]] = field(default_factory=list)
    y: list[NDArray[np.float32]] = field(default_factory=list)
    seen: int = 0  # tuples offered since the last clear

    def __len__(self) -> int:
        return len(self.x)


def buffer_add(buf: TupleBuffer, t: Mapping[str, NDArray[Any]]) -> None:
    """Adds a simulator tuple; once full, each offered tuple replaces a random slot with
    probability capacity / seen (reservoir sampling; torch's RNG, saved in checkpoints)."""
    buf.seen += 1
    if len(buf.x) < buf.capacity:
        x, b, y = reduce_tuple(t, buf.loss)
        buf.x.append(x), buf.b.append(b), buf.y.append(y)
        return
    slot = int(torch.randint(buf.seen, ()))
    if slot < buf.capacity:
        buf.x[slot], buf.b[slot], buf.y[slot] = reduce_tuple(t, buf.loss)


def buffer_clear(buf: TupleBuffer) -> None:
    buf.x.clear(), buf.b.clear(), buf.y.clear()
    buf.seen = 0


def muscle_loss(
    net: nn.Module, x: torch.Tensor, b: torch.Tensor, y: torch.Tensor, activation_weight: float
) -> tuple[torch.Tensor, torch.Tensor]:
    """(total loss, residual term alone), both averaged over the batch."""
    a = net(x)
    residual = y - torch.einsum("bij,bj->bi", b, a)
    fit = residual.pow(2).sum(-1).mean()
    return fit + activation_weight * a.pow(2).sum(-1).mean(), fit


def muscle_update(
    net: nn.Module,
    optimizer: torch.optim.Optimizer,
    buf: TupleBuffer,
    cfg: MuscleConfig,
    device: torch.device,
) -> dict[str, float]:
    """``cfg.epochs`` passes over the buffer in shuffled minibatches; returns mean losses."""
    n = len(buf)
    if n == 0:
        return {}
    x = torch.from_numpy(np.stack(buf.x)).to(device)
    b = torch.from_numpy(np.stack(buf.b)).to(device)
    y = torch.from_numpy(np.stack(buf.y)).to(device)
    total = fit_sum = 0.0
    steps = 0
    for _ in range(cfg.epochs):
        order = torch.randperm(n).to(device)
        for start in range(0, n, cfg.minibatch_size):
            idx = order[start : start + cfg.minibatch_size]
            loss, fit = muscle_loss(net, x[idx], b[idx], y[idx], cfg.activation_weight)
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), cfg.max_grad_norm)
            optimizer.step()
            total += float(loss.detach())
            fit_sum += float(fit.detach())
            steps += 1
    return {"muscle_loss": total / steps, "muscle_fit": fit_sum / steps}
