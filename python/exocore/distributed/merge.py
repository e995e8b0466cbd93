"""The learner's side of the exchange (no Ray): weights to broadcast, and the workers'
rollouts put back into the order one in-process batch of all envs produces, so the
PPO updates, normaliser updates and muscle buffer see the same arrays as local training.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from numpy.typing import NDArray

from exocore.distributed.worker import WorkerPart
from exocore.training.muscle import TupleBuffer
from exocore.training.networks import flat_parameters
from exocore.training.ppo import norm_state
from exocore.training.rollout import Samples
from exocore.training.trainer import support_gains

SUM_STATS = ("transitions", "falls", "human_transitions")
_FIELDS = ("obs", "actions", "logp", "advantages", "returns")


def weights_of(state: Any) -> dict[str, Any]:
    """CPU copies of what the workers act with: both policies, their normalisers and the
    muscle network (flat, as the simulator takes it; None with joint torques) and the
    curriculum's pelvis support."""
    out: dict[str, Any] = {}
    for name, agent in (("human", state.human), ("exo", state.exo)):
        out[name] = {k: v.detach().cpu().clone() for k, v in agent.model.state_dict().items()}
        out[name + "_norm"] = norm_state(agent.norm)
    out["muscle"] = flat_parameters(state.muscle) if state.muscle is not None else None
    out["support"] = support_gains(state)
    return out


def _interleave(arrays: list[NDArray[Any]], steps: int) -> NDArray[Any]:
    """Per-worker time-major (steps * M, ...) arrays -> time-major over all envs."""
    shaped = [a.reshape(steps, -1, *a.shape[1:]) for a in arrays]
    joined = np.concatenate(shaped, axis=1)
    return joined.reshape(-1, *joined.shape[2:])


def _offer(buf: TupleBuffer, x: Any, b: Any, y: Any) -> None:
    """:func:`exocore.training.muscle.buffer_add` for an already reduced tuple: the same
    reservoir (``seen``) or ring (``next_slot``) rule, the same draws from torch's RNG."""
    if hasattr(buf, "seen"):
        buf.seen += 1
        if len(buf.x) < buf.capacity:
            buf.x.append(x), buf.b.append(b), buf.y.append(y)
            return
        slot = int(torch.randint(buf.seen, ()))
        if slot < buf.capacity:
            buf.x[slot], buf.b[slot], buf.y[slot] = x, b, y
        return
    if len(buf.x) < buf.capacity:
        buf.x.append(x), buf.b.append(b), buf.y.append(y)
    else:
        i = buf.next_slot
        buf.x[i], buf.b[i], buf.y[i] = x, b, y
    buf.next_slot = (buf.next_slot + 1) % buf.capacity


def merge_activity(
    parts: list[WorkerPart], steps: int, buf: TupleBuffer | None
) -> tuple[Samples, Samples, dict[str, float]]:
    """One activity's worker parts (worker order) -> (human, exo, stats) as
    :func:`exocore.training.rollout.collect` returns them for the whole batch; the tuples
    go into ``buf`` in (step, env) order."""
    sizes = [p.decisions.shape[1] for p in parts]
    firsts = np.cumsum([0, *sizes[:-1]])
    human = Samples()
    for name in _FIELDS:  # per-env sequences, env after env
        setattr(human, name, [a for p in parts for a in getattr(p.human, name)])
    keyed: list[tuple[int, int, NDArray[Any]]] = []
    for p, first in zip(parts, firsts):
        t_idx, env_idx = np.nonzero(p.decisions)  # row-major: the order collect appended
        keyed += [(int(t), int(first + i), o) for t, i, o in zip(t_idx, env_idx, p.human.raw_obs)]
    keyed.sort(key=lambda e: (e[0], e[1]))
    human.raw_obs = [o for _, _, o in keyed]

    exo = Samples()
    if parts[0].exo.obs:
        for name in _FIELDS:
            setattr(exo, name, [_interleave([getattr(p.exo, name)[0] for p in parts], steps)])
    exo.raw_obs = [
        np.concatenate([p.exo.raw_obs[t] for p in parts]) for t in range(len(parts[0].exo.raw_obs))
    ]

    if buf is not None:
        entries = []
        for p, first in zip(parts, firsts):
            assert p.tuples is not None
            for (t, i), x, b, y in zip(p.tuple_keys, p.tuples.x, p.tuples.b, p.tuples.y):
                entries.append((t, int(first + i), x, b, y))
        entries.sort(key=lambda e: (e[0], e[1]))
        for _, _, x, b, y in entries:
            _offer(buf, x, b, y)

    # Equal slices: the mean of the workers' means is the batch mean (episode_length
    # averages completed episodes per worker, close to but not exactly the batch's).
    stats = {k: float(np.mean([p.stats[k] for p in parts])) for k in parts[0].stats}
    for k in SUM_STATS:
        stats[k] = float(sum(p.stats[k] for p in parts))
    return human, exo, stats


class GatherCollector:
    """A :data:`exocore.training.trainer.Collector`: broadcast, gather, merge. Subclasses
    say how the workers run (:meth:`gather`); this one keeps them in process."""

    def __init__(self, workers: list[Any] | None = None) -> None:
        self.workers = workers or []

    def gather(
        self, iteration: int, stage: int, steps: int, weights: dict[str, Any]
    ) -> list[list[WorkerPart]]:
        """Each worker's parts (one per activity), in worker order."""
        return [w.collect(iteration, stage, steps, weights) for w in self.workers]

    def __call__(
        self, state: Any, stage: int, steps: int, buf: TupleBuffer | None
    ) -> list[tuple[Samples, Samples, dict[str, float]]]:
        results = self.gather(state.iteration, stage, steps, weights_of(state))
        n_act = len(results[0])
        return [merge_activity([r[k] for r in results], steps, buf) for k in range(n_act)]
