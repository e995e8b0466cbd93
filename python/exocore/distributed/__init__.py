"""Training on several processes or machines: rollout workers (each a slice of every
activity's batched envs) as Ray actors, one learner gathering their transitions and
broadcasting the weights each iteration. Needs the ``distributed`` extra (Ray) only for
:class:`~exocore.distributed.ray_collector.RayCollector`; local training never imports it.
See docs/distributed.md.
"""

from __future__ import annotations

from exocore.distributed.merge import GatherCollector, merge_activity, weights_of
from exocore.distributed.worker import RolloutWorker, shifted_seed

__all__ = ["GatherCollector", "RolloutWorker", "merge_activity", "shifted_seed", "weights_of"]
