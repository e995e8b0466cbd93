"""A rollout worker: a slice of every activity's envs, stepped with broadcast weights.

Worker ``w`` of ``N`` owns envs ``w*M .. w*M+M-1`` (``M = env.num_envs / N``) of each
activity. The batch env seeds env ``i`` with a hash of ``seed + G * (i + 1)`` (``G`` the
SplitMix64 increment), so resetting the worker's batch with ``seed + G * w*M`` gives its
env ``j`` exactly the state of env ``w*M + j`` in the whole-batch run; the action noise
streams are per global env index (:func:`exocore.training.rollout.env_rngs`). No Ray here:
:mod:`exocore.distributed.ray_collector` wraps this class in an actor.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from numpy.typing import NDArray

from exocore.envs import ExoVecEnv
from exocore.training.config import TrainConfig, from_dict
from exocore.training.muscle import TupleBuffer
from exocore.training.networks import ActorCritic, exo_policy, human_policy
from exocore.training.ppo import make_norm, norm_from_state
from exocore.training.rollout import Agent, Episodes, Samples, collect, env_rngs

SEED_STEP = 0x9E3779B97F4A7C15  # the batch env's per-index seed increment (cpp/src/batch.cpp)


def shifted_seed(seed: int, first: int) -> int:
    """Batch seed under which local env 0 is seeded like env ``first`` under ``seed``."""
    return (seed + SEED_STEP * first) % 2**64


@dataclass
class WorkerPart:
    """One activity's rollout from one worker, with what the learner needs to put it in
    the whole-batch order."""

    human: Samples
    exo: Samples
    stats: dict[str, float]
    decisions: NDArray[np.bool_]  # (steps, M): envs whose human obs went into human.raw_obs
    tuple_keys: list[tuple[int, int]] = field(default_factory=list)  # (step, local env)
    tuples: TupleBuffer | None = None  # reduced, never overwritten


class _Recorder:
    """Forwards to an ExoVecEnv; notes the decision masks and which env gave each tuple."""

    def __init__(self, env: ExoVecEnv, decision: NDArray[np.bool_] | None = None) -> None:
        self.env = env
        self.num_envs = env.num_envs
        self.human_action_size = env.human_action_size
        # Continued episodes start from the last rollout's decision flags, not a reset's.
        self.decisions: list[NDArray[np.bool_]] = [] if decision is None else [decision.copy()]
        self.tuple_keys: list[tuple[int, int]] = []

    def reset(self, *, seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
        self.decisions, self.tuple_keys = [], []
        obs, info = self.env.reset(seed=seed)
        self.decisions.append(np.asarray(info["human_decision"], dtype=bool).copy())
        return obs, info

    def step(self, actions: dict[str, NDArray[Any]]) -> tuple[Any, ...]:
        out = self.env.step(actions)
        self.decisions.append(np.asarray(out[4]["human_decision"], dtype=bool).copy())
        return out

    def muscle_tuple(self, index: int) -> dict[str, NDArray[Any]]:
        self.tuple_keys.append((len(self.decisions) - 1, index))
        return self.env.muscle_tuple(index)


def _policy(cfg: TrainConfig, name: str, obs_size: int) -> ActorCritic:
    if name == "human":
        return human_policy(obs_size, cfg.human.hidden_sizes, cfg.human.init_log_std)
    return exo_policy(cfg.exo.hidden_sizes, cfg.exo.init_log_std)


class RolloutWorker:
    """Owns envs ``index*M .. index*M+M-1`` of each activity (CPU inference)."""

    def __init__(self, config: dict[str, Any], index: int, num_workers: int) -> None:
        from exocore.training.trainer import make_envs

        self.cfg = from_dict(config)
        total = self.cfg.env.num_envs
        if total % num_workers:
            raise ValueError(f"env.num_envs {total} is not divisible by {num_workers} workers")
        self.index, self.per_worker = index, total // num_workers
        self.first = index * self.per_worker
        env_cfg = dataclasses.replace(self.cfg.env, num_envs=self.per_worker)
        self._local_cfg = dataclasses.replace(self.cfg, env=env_cfg)
        self._make_envs = make_envs
        torch.set_num_threads(self.cfg.torch_threads)
        self.stage = 0
        self.envs: list[ExoVecEnv] = []
        self.episodes: list[Episodes] = []
        self.obs_size = 0
        self._ensure_stage(1)
        size = self.obs_size + len(self.cfg.env.activities)
        self.agents = {
            name: Agent(_policy(self.cfg, name, n), None, make_norm(n), ppo)  # type: ignore[arg-type]
            for name, n, ppo in (("human", size, self.cfg.human), ("exo", 16, self.cfg.exo))
        }

    def _ensure_stage(self, stage: int) -> None:
        if stage != self.stage:
            self.envs = self._make_envs(self._local_cfg, stage)
            self.episodes = [Episodes() for _ in self.envs]
            self.obs_size = self.envs[0].human_obs_size
            self.stage = stage

    def human_obs_size(self) -> int:
        return self.obs_size

    def ping(self) -> int:
        return self.index

    def collect(
        self, iteration: int, stage: int, steps: int, weights: dict[str, Any]
    ) -> list[WorkerPart]:
        """Loads ``weights`` (see :func:`weights_of`) and runs every activity's slice."""
        from exocore.training.trainer import begin_episodes, iteration_seed

        self._ensure_stage(stage)
        begin_episodes(self.cfg, iteration, self.episodes)
        for name, agent in self.agents.items():
            agent.model.load_state_dict(weights[name])
            agent.norm = norm_from_state(weights[name + "_norm"])
        cpu = torch.device("cpu")
        parts = []
        for k, env in enumerate(self.envs):
            if weights.get("muscle") is not None:
                env.set_muscle_network(weights["muscle"])
            env.set_pelvis_support(*weights.get("support", (0.0, 0.0)))
            seed = iteration_seed(self.cfg, iteration, k)
            rngs = env_rngs(seed, self.first, self.per_worker)
            buf = (
                TupleBuffer(2**62, self.cfg.muscle.loss)
                if weights.get("muscle") is not None
                else None
            )
            rec = _Recorder(env, self.episodes[k].decision)
            onehot = np.eye(len(self.envs))[k]
            exo = self.agents["exo"] if stage == 2 else None
            hs, es, row = collect(
                rec,  # type: ignore[arg-type]
                self.agents["human"],
                exo,
                onehot,
                steps,
                shifted_seed(seed, self.first),
                buf,
                cpu,
                rngs,
                self.episodes[k],
            )
            decisions = np.stack(rec.decisions[:steps])
            parts.append(WorkerPart(hs, es, row, decisions, rec.tuple_keys, buf))
        return parts
