"""Rollout workers as Ray actors (the ``distributed`` extra).

The learner (the process calling :func:`exocore.training.trainer.train`, on the GPU when
``device`` says so) puts the weights into Ray's object store once per iteration; every
actor fetches them, steps its slice of the envs and returns its parts; the learner merges
them (:func:`exocore.distributed.merge.merge_activity`) and updates. An actor that dies
mid-iteration is replaced by a fresh one with the same index, which reruns that slice with
the same weights and seeds: the iteration's data, and so the learner's state, are the
same as without the failure.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import ray
from ray.exceptions import RayActorError

from exocore.distributed.merge import GatherCollector
from exocore.distributed.worker import RolloutWorker, WorkerPart
from exocore.training.config import TrainConfig, to_dict

log = logging.getLogger(__name__)

LOCAL = "local"


def connect(address: str, num_cpus: int | None = None) -> bool:
    """Joins the cluster at ``address`` (``local``: starts one on this machine with
    ``num_cpus``); returns whether this call started Ray (and so should shut it down)."""
    if ray.is_initialized():
        return False
    if address == LOCAL:
        ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=True)
    else:
        ray.init(address=address, include_dashboard=False)
    return True


class RayCollector(GatherCollector):
    """``num_workers`` :class:`RolloutWorker` actors, each owning ``env.num_envs /
    num_workers`` envs of every activity; a context manager that kills them on exit."""

    def __init__(
        self,
        cfg: TrainConfig,
        num_workers: int,
        address: str = LOCAL,
        cpus_per_worker: float = 1.0,
        max_replacements: int = 10,
    ) -> None:
        if num_workers < 1:
            raise ValueError(f"--workers must be >= 1, got {num_workers}")
        if cfg.env.num_envs % num_workers:
            raise ValueError(
                f"env.num_envs {cfg.env.num_envs} must be divisible by --workers {num_workers} "
                "(each worker owns an equal slice of every activity's envs)"
            )
        super().__init__()
        self.started_ray = connect(address, num_cpus=max(2, num_workers))
        self._config = to_dict(cfg)
        self._num_workers = num_workers
        self._actor_cls = ray.remote(num_cpus=cpus_per_worker, max_restarts=0)(RolloutWorker)
        self.replacements = 0
        self.iteration = -1  # the iteration being gathered
        self.max_replacements = max_replacements
        self.after_submit: Callable[[RayCollector], None] | None = None  # test hook
        self.workers = [self._start(w) for w in range(num_workers)]
        sizes = ray.get([w.human_obs_size.remote() for w in self.workers])
        self.human_obs_size = int(sizes[0])

    def _start(self, index: int) -> Any:
        return self._actor_cls.remote(self._config, index, self._num_workers)

    def gather(
        self, iteration: int, stage: int, steps: int, weights: dict[str, Any]
    ) -> list[list[WorkerPart]]:
        self.iteration = iteration
        ref = ray.put(weights)
        pending = {
            w: actor.collect.remote(iteration, stage, steps, ref)
            for w, actor in enumerate(self.workers)
        }
        if self.after_submit is not None:
            self.after_submit(self)
        results: dict[int, list[WorkerPart]] = {}
        while pending:
            w, future = next(iter(pending.items()))
            try:
                results[w] = ray.get(future)
                del pending[w]
            except RayActorError as err:
                if self.replacements >= self.max_replacements:
                    raise RuntimeError(
                        f"rollout worker {w} died and {self.replacements} workers were "
                        "already replaced; giving up"
                    ) from err
                self.replacements += 1
                log.warning("rollout worker %d died (%s); starting a replacement", w, err)
                self.workers[w] = self._start(w)
                pending[w] = self.workers[w].collect.remote(iteration, stage, steps, ref)
        return [results[w] for w in range(len(self.workers))]

    def close(self) -> None:
        for actor in self.workers:
            ray.kill(actor)
        self.workers = []
        if self.started_ray:
            ray.shutdown()
            self.started_ray = False

    def __enter__(self) -> RayCollector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
