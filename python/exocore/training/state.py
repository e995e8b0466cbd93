"""What a training run carries from iteration to iteration, as checkpoints: networks,
optimisers, normalisers, RNG states and the config (saving, restoring, resume checks)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from exocore.envs.builder import MUSCLE_ACTUATIONS
from exocore.training import checkpoint as ck
from exocore.training.config import PPOConfig, TrainConfig, saved_config, to_dict
from exocore.training.networks import ActorCritic, exo_policy, human_policy, muscle_network
from exocore.training.ppo import make_norm, norm_from_state, norm_state
from exocore.training.rollout import Agent


@dataclass
class TrainState:
    """Everything that changes during training."""

    cfg: TrainConfig
    human: Agent
    exo: Agent
    muscle: torch.nn.Module | None
    muscle_opt: torch.optim.Optimizer | None
    iteration: int = 0  # completed iterations, both stages
    support_level: float = 1.0  # adaptive pelvis-support curriculum: share of the gains


def ppo_optimizer(model: ActorCritic, cfg: PPOConfig) -> torch.optim.Adam:
    """Adam over the whole model at cfg.lr; with cfg.critic_lr, the critic in a second
    group at that fixed rate (the KL rule then adapts only the first, the actor's)."""
    if cfg.critic_lr <= 0.0:
        return torch.optim.Adam(model.parameters(), lr=cfg.lr)
    actor = [p for name, p in model.named_parameters() if not name.startswith("critic.")]
    groups = [
        {"params": actor, "lr": cfg.lr},
        {"params": list(model.critic.parameters()), "lr": cfg.critic_lr, "fixed_lr": True},
    ]
    return torch.optim.Adam(groups)


def new_state(cfg: TrainConfig, human_obs_size: int, device: torch.device) -> TrainState:
    """Fresh networks (seeded by ``cfg.seed``), optimisers and normalisers."""
    ck.seed_everything(cfg.seed)
    obs_size = human_obs_size + len(cfg.env.activities)  # + one-hot activity
    h = human_policy(obs_size, cfg.human.hidden_sizes, cfg.human.init_log_std).to(device)
    e = exo_policy(cfg.exo.hidden_sizes, cfg.exo.init_log_std).to(device)
    human = Agent(h, ppo_optimizer(h, cfg.human), make_norm(obs_size), cfg.human)
    exo = Agent(e, ppo_optimizer(e, cfg.exo), make_norm(16), cfg.exo)
    muscle, muscle_opt = None, None
    if cfg.env.actuation in MUSCLE_ACTUATIONS:
        muscle = muscle_network().to(device)
        muscle_opt = torch.optim.Adam(muscle.parameters(), lr=cfg.muscle.lr)
    return TrainState(cfg, human, exo, muscle, muscle_opt)


def warm_start(state: TrainState, payload: dict[str, Any], source: str) -> TrainState:
    """Loads `payload`'s (a checkpoint's) networks and normalisers into a fresh `state`:
    the human's, the exo's once the source reached stage 2 (before, it is untrained and
    this run's own initial exploration noise is kept), and the muscle network when both
    have one."""
    try:
        agents = [("human", state.human)]
        if int(payload["iteration"]) > saved_config(payload["config"]).stage1.iterations:
            agents.append(("exo", state.exo))
        for name, agent in agents:
            agent.model.load_state_dict(payload[name])
            agent.norm = norm_from_state(payload[name + "_norm"])
        if state.muscle is not None and "muscle" in payload:
            state.muscle.load_state_dict(payload["muscle"])
    except (KeyError, RuntimeError) as err:
        raise ValueError(
            f"init_from {source}: its networks do not fit this run's config (the same "
            f"activities and hidden sizes are needed): {err}"
        ) from err
    return state


def state_payload(state: TrainState) -> dict[str, Any]:
    """A deep copy of the state as a checkpoint dict (safe to keep while training goes on)."""
    payload: dict[str, Any] = {
        "format": ck.FORMAT,
        "version": ck.VERSION,
        "config": to_dict(state.cfg),
        "iteration": state.iteration,
        "support_level": state.support_level,
        "rng": ck.rng_state(),
    }
    for name, agent in (("human", state.human), ("exo", state.exo)):
        payload[name] = agent.model.state_dict()
        payload[name + "_opt"] = agent.optimizer.state_dict()
        payload[name + "_norm"] = norm_state(agent.norm)
    if state.muscle is not None and state.muscle_opt is not None:
        payload["muscle"] = state.muscle.state_dict()
        payload["muscle_opt"] = state.muscle_opt.state_dict()
    return copy.deepcopy(payload)


def restore_state(payload: dict[str, Any], device: torch.device, obs_size: int) -> TrainState:
    cfg = saved_config(payload["config"])
    state = new_state(cfg, obs_size, device)
    for name, agent in (("human", state.human), ("exo", state.exo)):
        agent.model.load_state_dict(payload[name])
        agent.optimizer.load_state_dict(payload[name + "_opt"])
        agent.norm = norm_from_state(payload[name + "_norm"])
    if state.muscle is not None and state.muscle_opt is not None:
        state.muscle.load_state_dict(payload["muscle"])
        state.muscle_opt.load_state_dict(payload["muscle_opt"])
    state.iteration = int(payload["iteration"])
    state.support_level = float(payload.get("support_level", 1.0))
    ck.set_rng_state(payload["rng"])
    return state


def save_run(payload: dict[str, Any], state: TrainState, out: Path) -> None:
    """Checkpoint + exo-controller export of ``payload`` (both atomic)."""
    ck.save_checkpoint(payload, out / ck.CHECKPOINT)
    exo_model = copy.deepcopy(state.exo.model)
    exo_model.load_state_dict(payload["exo"])
    norm = norm_from_state(payload["exo_norm"])
    ck.export_exo(
        exo_model.cpu(),
        norm,
        state.cfg.exo.obs_clip,
        out / ck.EXO_CONTROLLER,
        state.cfg.env.activities,
    )


RESUME_MAY_CHANGE = ("stage1.iterations", "stage2.iterations", "device", "checkpoint_every")


def check_resume_config(saved: TrainConfig, given: TrainConfig) -> None:
    a, b = to_dict(saved), to_dict(given)
    for key in RESUME_MAY_CHANGE:
        for d in (a, b):
            node = d
            *parents, leaf = key.split(".")
            for p in parents:
                node = node[p]
            node.pop(leaf)
    if a != b:
        diff = sorted(k for k in a if a[k] != b[k])
        raise ValueError(
            f"--resume: the config differs from the checkpoint's in {diff}; only "
            f"{list(RESUME_MAY_CHANGE)} may change when resuming"
        )
