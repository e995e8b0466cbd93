"""One iteration's data from one vector env: human transitions at the 30 Hz decisions,
exo transitions at every 10 ms step, and muscle tuples.

The human action is read by the simulator only after a step whose ``human_decision``
flag was set, so a human transition spans the env steps until the next decision; its
reward is the mean human reward over those steps. Episodes that hit the time limit
bootstrap with ``gamma * V(final_obs)``; falls are terminal. Rewards enter GAE scaled
by :func:`return_scale`. Given an :class:`Episodes` that holds the previous rollout's
end, the episodes run on instead of being reset, so they can outlast one rollout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from numpy.typing import NDArray

from exocore.envs import REWARD_TERMS, ExoVecEnv
from exocore.training.config import PPOConfig
from exocore.training.muscle import TupleBuffer, buffer_add
from exocore.training.networks import ActorCritic
from exocore.training.ppo import RunningNorm, act, compute_gae, norm_apply, values_of

HUMAN_ACTION_LIMIT = 1.0  # Box(-1, 1) rad offsets
EXO_ACTION_LIMIT = 1.5  # Box(-1.5, 1.5) rad hip targets


@dataclass
class Agent:
    """A PPO learner: networks, optimiser, observation normaliser, hyper-parameters."""

    model: ActorCritic
    optimizer: torch.optim.Optimizer
    norm: RunningNorm
    cfg: PPOConfig


@dataclass
class Samples:
    """Flat PPO data of one agent (obs normalised with the stats used while acting)."""

    obs: list[NDArray[Any]] = field(default_factory=list)
    actions: list[NDArray[Any]] = field(default_factory=list)
    logp: list[NDArray[Any]] = field(default_factory=list)
    advantages: list[NDArray[Any]] = field(default_factory=list)
    returns: list[NDArray[Any]] = field(default_factory=list)
    raw_obs: list[NDArray[Any]] = field(default_factory=list)  # for the normaliser update


@dataclass
class Episodes:
    """Where a vector env's episodes stand at the end of a rollout, so that the next
    rollout continues them (empty: the next rollout resets the env)."""

    obs: dict[str, NDArray[Any]] | None = None
    decision: NDArray[np.bool_] | None = None  # human_decision flags of the last step
    action: NDArray[Any] | None = None  # the human action each env holds
    length: NDArray[np.int_] | None = None  # steps since each episode began

    def clear(self) -> None:
        self.obs = self.decision = self.action = self.length = None


@dataclass
class _Pending:
    obs: NDArray[Any]
    action: NDArray[Any]
    logp: float
    value: float
    reward_sum: float = 0.0
    steps: int = 0


def _finite(x: NDArray[Any]) -> NDArray[np.float64]:
    """NaN/inf -> 0: one diverged env must not poison the normaliser or the returns
    (the simulator resets it; its last values carry no signal)."""
    return np.nan_to_num(np.asarray(x, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)


def _finite_obs(obs: dict[str, NDArray[Any]]) -> dict[str, NDArray[Any]]:
    return {k: _finite(v) for k, v in obs.items()}


def env_rngs(seed: int, first: int, count: int) -> list[np.random.Generator]:
    """Action-noise generators of envs ``first .. first + count - 1`` of an iteration
    (``seed`` = the iteration's reset seed): env g draws from its own stream, so any split
    of the envs over processes samples the same actions."""
    return [np.random.default_rng([seed, first + j]) for j in range(count)]


def return_scale(cfg: PPOConfig) -> float:
    """Factor on the rewards that enter GAE: (1 - gamma) with ``cfg.scale_returns``, so
    that values are discounted mean rewards, else 1."""
    return 1.0 - cfg.gamma if cfg.scale_returns else 1.0


def _human_gae(seq: list[tuple[Any, ...]], last_value: float, cfg: PPOConfig, out: Samples) -> None:
    """GAE along one env's human transitions (obs, act, logp, value, reward, done)."""
    if not seq:
        return
    values = np.array([s[3] for s in seq])
    next_values = np.append(values[1:], last_value)
    rewards = np.array([s[4] for s in seq])
    dones = np.array([s[5] for s in seq], dtype=float)
    adv, ret = compute_gae(rewards, values, next_values, dones, cfg.gamma, cfg.lam)
    out.obs.append(np.stack([s[0] for s in seq]))
    out.actions.append(np.stack([s[1] for s in seq]))
    out.logp.append(np.array([s[2] for s in seq]))
    out.advantages.append(adv)
    out.returns.append(ret)


def collect(
    env: ExoVecEnv,
    human: Agent,
    exo: Agent | None,
    onehot: NDArray[Any],
    steps: int,
    seed: int,
    tuples: TupleBuffer | None,
    device: torch.device,
    rngs: list[np.random.Generator] | None = None,
    episodes: Episodes | None = None,
) -> tuple[Samples, Samples, dict[str, float]]:
    """Resets ``env`` with ``seed`` (or, given non-empty ``episodes``, continues them) and
    runs ``steps`` steps; ``episodes`` is left holding where they stand. ``exo`` None:
    zero exo actions, exo observations still gathered for its normaliser. Action noise
    comes from ``rngs`` (one per env; default :func:`env_rngs` of ``seed``), drawn only
    where an env acts. Returns (human, exo, stats)."""
    n = env.num_envs
    rngs = env_rngs(seed, 0, n) if rngs is None else rngs
    hc = human.cfg
    h_scale = return_scale(hc)
    e_scale = return_scale(exo.cfg) if exo is not None else 1.0
    if episodes is not None and episodes.obs is not None:
        assert episodes.decision is not None and episodes.action is not None
        assert episodes.length is not None
        obs, decision = episodes.obs, episodes.decision
        h_action, ep_len = episodes.action.copy(), episodes.length.copy()
    else:
        obs, info = env.reset(seed=seed)
        obs = _finite_obs(obs)
        decision = np.asarray(info["human_decision"], dtype=bool)
        h_action = np.zeros((n, env.human_action_size))
        ep_len = np.zeros(n, dtype=int)
    tail = np.tile(onehot, (n, 1))
    pending: list[_Pending | None] = [None] * n
    seqs: list[list[tuple[Any, ...]]] = [[] for _ in range(n)]
    hs, es = Samples(), Samples()
    e_obs, e_act, e_logp, e_val, e_rew, e_done = [], [], [], [], [], []
    sums = {k: 0.0 for k in ("human_reward", "exo_reward", *REWARD_TERMS)}
    lengths: list[int] = []
    falls = 0

    def close(i: int, done: bool, bootstrap: float) -> None:
        p = pending[i]
        assert p is not None
        if p.steps > 0:
            reward = h_scale * p.reward_sum / p.steps + bootstrap
            seqs[i].append((p.obs, p.action, p.logp, p.value, reward, done))
        pending[i] = None

    for _ in range(steps):
        h_obs = np.concatenate([obs["human"], tail], axis=1)
        if decision.any():
            z = norm_apply(human.norm, h_obs, hc.obs_clip)
            eps = np.zeros((n, env.human_action_size), dtype=np.float32)
            for i in np.flatnonzero(decision):
                eps[i] = rngs[i].standard_normal(env.human_action_size, dtype=np.float32)
            a, lp, v = act(human.model, z, device, eps)
            for i in np.flatnonzero(decision):
                if pending[i] is not None:
                    close(i, done=False, bootstrap=0.0)
                pending[i] = _Pending(z[i], a[i], float(lp[i]), float(v[i]))
                h_action[i] = np.clip(a[i], -HUMAN_ACTION_LIMIT, HUMAN_ACTION_LIMIT)
                hs.raw_obs.append(h_obs[i])
        es.raw_obs.append(obs["exo"])
        if exo is not None:
            ze = norm_apply(exo.norm, obs["exo"], exo.cfg.obs_clip)
            e_eps = np.stack([r.standard_normal(2, dtype=np.float32) for r in rngs])
            ea, elp, ev = act(exo.model, ze, device, e_eps)
            e_obs.append(ze), e_act.append(ea), e_logp.append(elp), e_val.append(ev)
            exo_action = np.clip(ea, -EXO_ACTION_LIMIT, EXO_ACTION_LIMIT).astype(np.float64)
        else:
            exo_action = np.zeros((n, 2))
        obs, reward, term, trunc, info = env.step({"human": h_action, "exo": exo_action})
        obs, reward = _finite_obs(obs), _finite(reward)
        if tuples is not None:
            for i in np.flatnonzero(info["tuple_ready"]):
                buffer_add(tuples, env.muscle_tuple(int(i)))
        term, trunc = np.asarray(term, dtype=bool), np.asarray(trunc, dtype=bool)
        done = term | trunc
        time_limit = trunc & ~term
        h_boot = np.zeros(n)
        e_boot = np.zeros(n)
        if time_limit.any():
            final = _finite_obs(info["final_obs"])
            fh = np.concatenate([final["human"], tail], axis=1)
            h_boot = hc.gamma * values_of(
                human.model, norm_apply(human.norm, fh, hc.obs_clip), device
            )
            if exo is not None:
                fe = norm_apply(exo.norm, final["exo"], exo.cfg.obs_clip)
                e_boot = exo.cfg.gamma * values_of(exo.model, fe, device)
        hr = _finite(info["human_reward"])
        for i in range(n):
            p = pending[i]
            if p is not None:
                p.reward_sum += hr[i]
                p.steps += 1
                if done[i]:
                    close(i, done=True, bootstrap=float(h_boot[i]) if time_limit[i] else 0.0)
        if exo is not None:
            e_rew.append(e_scale * reward + np.where(time_limit, e_boot, 0.0))
            e_done.append(term | trunc)
        decision = np.asarray(info["human_decision"], dtype=bool)
        sums["human_reward"] += float(hr.mean())
        sums["exo_reward"] += float(np.mean(reward))
        for k in REWARD_TERMS:
            sums[k] += float(np.mean(info["reward_terms"][k]))
        ep_len += 1
        lengths += [int(x) for x in ep_len[done]]
        falls += int(term.sum())
        ep_len[done] = 0

    for i in range(n):  # unfinished transitions are dropped; their value bootstraps
        p = pending[i]
        _human_gae(seqs[i], p.value if p is not None else 0.0, hc, hs)
    if exo is not None:
        last = values_of(exo.model, norm_apply(exo.norm, obs["exo"], exo.cfg.obs_clip), device)
        vals = np.stack(e_val)
        nv = np.concatenate([vals[1:], last[None]], axis=0)
        adv, ret = compute_gae(
            np.stack(e_rew), vals, nv, np.stack(e_done), exo.cfg.gamma, exo.cfg.lam
        )
        es.obs, es.actions = [np.concatenate(e_obs)], [np.concatenate(e_act)]
        es.logp, es.advantages, es.returns = [np.concatenate(e_logp)], [adv.ravel()], [ret.ravel()]
    if episodes is not None:
        episodes.obs, episodes.decision = obs, decision
        episodes.action, episodes.length = h_action.copy(), ep_len.copy()
    stats = {k: v / steps for k, v in sums.items()}
    # Episodes are cut at the rollout end: report completed ones, else the longest so far.
    stats["episode_length"] = float(np.mean(lengths)) if lengths else float(ep_len.max())
    stats["falls"] = float(falls)
    stats["transitions"] = float(n * steps)
    stats["human_transitions"] = float(sum(len(s) for s in seqs))
    return hs, es, stats
