"""A small PPO (Schulman et al. 2017): Gaussian policy with a state-independent log-std,
a separate value net, GAE, clipped surrogate, entropy bonus, running observation
normalisation and gradient-norm clipping."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from numpy.typing import NDArray
from torch import nn

from exocore.training.config import PPOConfig
from exocore.training.networks import ActorCritic

NORM_EPS = 1e-8  # added to the variance; the exported std includes it


@dataclass
class RunningNorm:
    """Running mean and variance of observations (parallel-variance merge, float64)."""

    mean: NDArray[np.float64]
    var: NDArray[np.float64]
    count: float = 1e-4  # tiny prior count: the first batch dominates at once


def make_norm(size: int) -> RunningNorm:
    return RunningNorm(mean=np.zeros(size), var=np.ones(size))


def norm_update(norm: RunningNorm, x: NDArray[Any]) -> None:
    """Merges the batch ``x`` (B, size) into the running statistics."""
    x = np.asarray(x, dtype=np.float64).reshape(-1, norm.mean.shape[0])
    if len(x) == 0:
        return
    b_mean, b_var, b_count = x.mean(axis=0), x.var(axis=0), float(len(x))
    total = norm.count + b_count
    delta = b_mean - norm.mean
    m2 = norm.var * norm.count + b_var * b_count + delta**2 * norm.count * b_count / total
    norm.mean = norm.mean + delta * b_count / total
    norm.var = m2 / total
    norm.count = total


def norm_std(norm: RunningNorm) -> NDArray[np.float64]:
    return np.sqrt(norm.var + NORM_EPS)


def norm_apply(norm: RunningNorm, x: NDArray[Any], clip: float) -> NDArray[np.float32]:
    """``clip((x - mean) / std, -clip, clip)`` as float32 (what the device computes)."""
    z = (np.asarray(x, dtype=np.float64) - norm.mean) / norm_std(norm)
    return np.clip(z, -clip, clip).astype(np.float32)


def norm_state(norm: RunningNorm) -> dict[str, Any]:
    return {"mean": torch.tensor(norm.mean), "var": torch.tensor(norm.var), "count": norm.count}


def norm_from_state(state: dict[str, Any]) -> RunningNorm:
    return RunningNorm(
        np.array(torch.as_tensor(state["mean"]).numpy(), dtype=np.float64),
        np.array(torch.as_tensor(state["var"]).numpy(), dtype=np.float64),
        float(state["count"]),
    )


@torch.no_grad()
def act(
    model: ActorCritic,
    obs: NDArray[np.float32],
    device: torch.device,
    noise: NDArray[np.float32] | None = None,
) -> tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.float32]]:
    """Samples actions (``mean + std * noise`` when standard-normal ``noise`` is given,
    else from torch's generator); returns (actions, log-probabilities, values) as numpy."""
    x = torch.from_numpy(obs).to(device)
    dist = model.distribution(x)
    if noise is None:
        action = dist.sample()
    else:
        action = dist.mean + dist.stddev * torch.from_numpy(noise).to(device)
    logp = dist.log_prob(action).sum(-1)
    return (
        action.cpu().numpy(),
        logp.cpu().numpy(),
        model.value(x).cpu().numpy(),
    )


@torch.no_grad()
def values_of(model: ActorCritic, obs: NDArray[np.float32], device: torch.device) -> NDArray[Any]:
    return model.value(torch.from_numpy(obs).to(device)).cpu().numpy()


def compute_gae(
    rewards: NDArray[Any],
    values: NDArray[Any],
    next_values: NDArray[Any],
    dones: NDArray[Any],
    gamma: float,
    lam: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Generalised advantage estimation along axis 0 (time); other axes are independent.

    ``dones[t]`` ends the episode after step t: neither the next value nor later
    advantages flow back through it. ``next_values[t]`` is V(s_{t+1}) (the caller puts a
    time-limit bootstrap into the reward). Returns (advantages, returns = adv + values).
    """
    r = np.asarray(rewards, dtype=np.float64)
    v = np.asarray(values, dtype=np.float64)
    nv = np.asarray(next_values, dtype=np.float64)
    alive = 1.0 - np.asarray(dones, dtype=np.float64)
    adv = np.zeros_like(r)
    running = np.zeros_like(r[0]) if len(r) else np.zeros(0)
    for t in range(len(r) - 1, -1, -1):
        delta = r[t] + gamma * alive[t] * nv[t] - v[t]
        running = delta + gamma * lam * alive[t] * running
        adv[t] = running
    return adv, adv + v


@dataclass
class Batch:
    """Flat rollout data for one PPO update (obs already normalised)."""

    obs: torch.Tensor
    actions: torch.Tensor
    logp: torch.Tensor
    advantages: torch.Tensor
    returns: torch.Tensor


def make_batch(
    obs: NDArray[Any],
    actions: NDArray[Any],
    logp: NDArray[Any],
    advantages: NDArray[Any],
    returns: NDArray[Any],
    device: torch.device,
) -> Batch:
    def t(a: NDArray[Any]) -> torch.Tensor:
        return torch.as_tensor(np.asarray(a, dtype=np.float32), device=device)

    return Batch(t(obs), t(actions), t(logp), t(advantages), t(returns))


Symmetry = tuple[Callable[[torch.Tensor], torch.Tensor], Callable[[torch.Tensor], torch.Tensor]]
"""(mirror of a normalised observation batch, mirror of an action batch)."""


def ppo_update(
    model: ActorCritic,
    optimizer: torch.optim.Optimizer,
    batch: Batch,
    cfg: PPOConfig,
    symmetry: Symmetry | None = None,
) -> dict[str, float]:
    """``cfg.epochs`` passes of shuffled minibatches; returns mean losses and diagnostics.
    With ``symmetry`` and ``cfg.symmetry_coef``, the mirror loss of Yu et al. 2018 joins
    the objective: the squared distance between the mean action and the mirrored mean
    action of the mirrored observation."""
    n = batch.obs.shape[0]
    if n == 0:
        return {}
    adv = batch.advantages
    adv = (adv - adv.mean()) / (adv.std(unbiased=False) + 1e-8)
    sums = {"policy_loss": 0.0, "value_loss": 0.0, "entropy": 0.0, "clip_frac": 0.0, "kl": 0.0}
    mirror = symmetry if symmetry is not None and cfg.symmetry_coef > 0.0 else None
    if mirror is not None:
        sums["symmetry"] = 0.0
    steps = 0
    for _ in range(cfg.epochs):
        order = torch.randperm(n).to(batch.obs.device)
        for start in range(0, n, cfg.minibatch_size):
            idx = order[start : start + cfg.minibatch_size]
            dist = model.distribution(batch.obs[idx])
            logp = dist.log_prob(batch.actions[idx]).sum(-1)
            log_ratio = logp - batch.logp[idx]
            ratio = log_ratio.exp()
            a = adv[idx]
            surrogate = torch.min(ratio * a, ratio.clamp(1 - cfg.clip, 1 + cfg.clip) * a)
            policy_loss = -surrogate.mean()
            value_loss = (model.value(batch.obs[idx]) - batch.returns[idx]).pow(2).mean()
            entropy = dist.entropy().sum(-1).mean()
            # Minimising -entropy maximises it: the bonus keeps exploring.
            loss = policy_loss + cfg.value_coef * value_loss - cfg.entropy_coef * entropy
            if mirror is not None:
                mirror_obs, mirror_action = mirror
                twin = mirror_action(model.actor(mirror_obs(batch.obs[idx])))
                symmetry_loss = (dist.loc - twin).pow(2).sum(-1).mean()
                loss = loss + cfg.symmetry_coef * symmetry_loss
                sums["symmetry"] += float(symmetry_loss.detach())
            optimizer.zero_grad()
            loss.backward()
            # Actor and critic clipped apart: large value errors (returns ~ r / (1 - gamma))
            # must not shrink the policy step.
            nn.utils.clip_grad_norm_([*model.actor.parameters(), model.log_std], cfg.max_grad_norm)
            nn.utils.clip_grad_norm_(model.critic.parameters(), cfg.max_grad_norm)
            optimizer.step()
            with torch.no_grad():
                sums["policy_loss"] += float(policy_loss.detach())
                sums["value_loss"] += float(value_loss.detach())
                sums["entropy"] += float(entropy.detach())
                sums["clip_frac"] += float(((ratio - 1).abs() > cfg.clip).float().mean().detach())
                sums["kl"] += float(((ratio - 1) - log_ratio).mean().detach())
            steps += 1
    out = {k: v / steps for k, v in sums.items()}
    if cfg.desired_kl > 0.0:
        # Once per update: within one, the KL to the rollout's policy only grows
        # over the epochs, so a per-minibatch rule would drive the rate to its floor.
        adapt_learning_rate(optimizer, out["kl"], cfg)
    out["lr"] = float(optimizer.param_groups[0]["lr"])
    return out


LR_BOUNDS = (1e-6, 1e-2)


def adapt_learning_rate(optimizer: torch.optim.Optimizer, kl: float, cfg: PPOConfig) -> None:
    """rsl_rl's adaptive rule: a step that moved the policy more than twice the
    desired KL shrinks the rate by 1.5, one that moved it less than half grows it."""
    for group in optimizer.param_groups:
        if group.get("fixed_lr"):
            continue  # the critic's own rate (PPOConfig.critic_lr)
        lr = float(group["lr"])
        if kl > 2.0 * cfg.desired_kl:
            lr = max(LR_BOUNDS[0], lr / 1.5)
        elif kl < 0.5 * cfg.desired_kl:
            lr = min(LR_BOUNDS[1], lr * 1.5)
        group["lr"] = lr
