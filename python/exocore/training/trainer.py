"""The paper's schedule (DESIGN.md section 4) as resumable iterations.

Stage 1 (``cfg.stage1.iterations``): the human imitation policy learns with PPO on the
chosen activities, exo worn with zero torque (assist-off); with muscle actuation the
muscle network is regressed on the tuples of each iteration and pushed into the
simulator after every update. Stage 2 (``cfg.stage2.iterations``): the same plus the
exo controller (PPO on the exo reward), assist on, domain randomisation on.

Every ``env.reset_every`` iterations each activity's env is reset with a seed derived
from ``(cfg.seed, iteration, activity)``; in between, episodes run on from one rollout
into the next. The action noise of every iteration comes from the same seed. So a
block of iterations depends only on the state saved at its start (networks,
optimisers, normalisers, RNG states): a run resumed from a periodic checkpoint
reproduces the uninterrupted one bit for bit. One resumed from a checkpoint written
on a signal inside a block starts fresh episodes there.
"""

from __future__ import annotations

import dataclasses
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
import yaml

from exocore import _core
from exocore.envs import REWARD_TERMS, ExoVecEnv, make_vec_env
from exocore.envs.builder import apply_human_control
from exocore.training import checkpoint as ck
from exocore.training.config import TrainConfig, saved_config, to_dict
from exocore.training.muscle import TupleBuffer, buffer_clear, muscle_update
from exocore.training.networks import flat_parameters
from exocore.training.ppo import (
    Symmetry,
    make_batch,
    norm_update,
    ppo_update,
)
from exocore.training.rollout import Agent, Episodes, Samples, collect
from exocore.training.state import (
    TrainState,
    check_resume_config,
    new_state,
    restore_state,
    save_run,
    state_payload,
    warm_start,
)
from exocore.training.symmetry import policy_symmetry

LOG_COLUMNS = (
    "iteration",
    "stage",
    "transitions",
    "transitions_per_s",
    "wall_s",
    "rollout_s",
    "human_reward",
    "exo_reward",
    *REWARD_TERMS,
    "episode_length",
    "falls",
    "support",
    "human_policy_loss",
    "human_value_loss",
    "human_entropy",
    "human_kl",
    "human_lr",
    "human_symmetry",
    "exo_policy_loss",
    "exo_value_loss",
    "exo_entropy",
    "exo_kl",
    "exo_lr",
    "muscle_loss",
    "muscle_fit",
)


class TrainingInterrupted(Exception):
    """SIGTERM arrived; the trainer saves the last completed iteration and stops."""


def resolve_device(name: str) -> torch.device:
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(
            f"device {name!r} requested but CUDA is not available to torch {torch.__version__} "
            "(a CPU-only build or no visible GPU); use --device cpu"
        )
    return torch.device(name)


def total_iterations(cfg: TrainConfig) -> int:
    return cfg.stage1.iterations + cfg.stage2.iterations


def stage_of(cfg: TrainConfig, iteration: int) -> int:
    """1 or 2 for the (0-based) iteration."""
    return 1 if iteration < cfg.stage1.iterations else 2


def make_envs(cfg: TrainConfig, stage: int) -> list[ExoVecEnv]:
    """One vector env per activity for ``stage``."""
    s = cfg.env
    envs = []
    for k, activity in enumerate(s.activities):
        ec = _core.EnvConfig()
        apply_human_control(ec, dataclasses.asdict(s))
        ec.max_episode_s = s.max_episode_s
        ec.imu_noise_std = s.imu_noise_std
        ec.tuples_every_steps = s.tuples_every_steps
        for term, value in s.reward.items():
            setattr(ec.reward, term, float(value))
        ec.randomization.enabled = stage == 2 and s.randomize_stage2
        condition = "assist-off" if stage == 1 else "assist-on"
        envs.append(
            make_vec_env(
                s.num_envs,
                activity,
                s.speed,
                condition,
                s.actuation,
                seed=cfg.seed + k,
                num_threads=s.num_threads,
                config=ec,
            )
        )
    return envs


def _merge(parts: list[Samples]) -> dict[str, np.ndarray]:
    keys = ("obs", "actions", "logp", "advantages", "returns")
    return {k: np.concatenate([a for p in parts for a in getattr(p, k)]) for k in keys}


def _update(
    agent: Agent, parts: list[Samples], device: torch.device, symmetry: Symmetry | None = None
) -> dict[str, float]:
    data = _merge(parts)
    batch = make_batch(**data, device=device)
    stats = ppo_update(agent.model, agent.optimizer, batch, agent.cfg, symmetry)
    logged = ("policy_loss", "value_loss", "entropy", "kl", "lr", "symmetry")
    return {k: v for k, v in stats.items() if k in logged}


def iteration_seed(cfg: TrainConfig, iteration: int, activity: int) -> int:
    """Reset (and action-noise) seed of one activity's envs in one iteration."""
    return (cfg.seed * 1_000_003 + iteration * 101 + activity) % 2**31


Parts = list[tuple[Samples, Samples, dict[str, float]]]
Collector = Callable[[TrainState, int, int, "TupleBuffer | None"], Parts]
"""(state, stage, steps, tuple buffer) -> one (human, exo, stats) per activity, as
:func:`collect_local` (e.g. :class:`exocore.distributed.RayCollector`)."""


def support_gains(state: TrainState) -> tuple[float, float]:
    """The curriculum's pelvis support for the state's next iteration: the configured
    gains times a share that falls to 0 over env.support_iterations (with the
    iteration count, or with the adaptive level); 0 after that and in stage 2."""
    s = state.cfg.env
    if s.support_iterations <= 0 or stage_of(state.cfg, state.iteration) == 2:
        return 0.0, 0.0
    if s.support_schedule == "adaptive":
        scale = state.support_level
    else:
        scale = max(0.0, 1.0 - state.iteration / s.support_iterations)
    return scale * s.support_stiffness, scale * s.support_rotational_stiffness


def step_support_down(state: TrainState, falls: float) -> None:
    """Adaptive curriculum: one step down after an iteration that walked."""
    s = state.cfg.env
    if s.support_schedule == "adaptive" and s.support_iterations > 0:
        if falls <= s.support_max_falls:
            state.support_level = max(0.0, state.support_level - 1.0 / s.support_iterations)


def begin_episodes(cfg: TrainConfig, iteration: int, episodes: list[Episodes]) -> None:
    """Empties ``episodes`` when ``iteration`` resets the envs (every env.reset_every);
    otherwise its rollouts continue them."""
    if iteration % cfg.env.reset_every == 0:
        for e in episodes:
            e.clear()


def collect_local(
    state: TrainState,
    envs: list[ExoVecEnv],
    stage: int,
    steps: int,
    buf: TupleBuffer | None,
    episodes: list[Episodes] | None = None,
) -> Parts:
    """This iteration's rollouts from the in-process envs, one activity after another;
    ``episodes`` (one per env) carries their episodes between iterations."""
    device = next(state.human.model.parameters()).device
    parts: Parts = []
    if episodes is not None:
        begin_episodes(state.cfg, state.iteration, episodes)
    for k, env in enumerate(envs):
        if state.muscle is not None:
            env.set_muscle_network(flat_parameters(state.muscle))
        env.set_pelvis_support(*support_gains(state))
        onehot = np.eye(len(envs))[k]
        seed = iteration_seed(state.cfg, state.iteration, k)
        exo = state.exo if stage == 2 else None
        carry = episodes[k] if episodes is not None else None
        parts.append(
            collect(env, state.human, exo, onehot, steps, seed, buf, device, episodes=carry)
        )
    return parts


def run_iteration(
    state: TrainState,
    envs: list[ExoVecEnv],
    device: torch.device,
    collector: Collector | None = None,
    episodes: list[Episodes] | None = None,
) -> dict[str, float]:
    """Collects from every activity (in process, continuing ``episodes``, or with
    ``collector``), then updates the networks; returns the log row."""
    cfg, it = state.cfg, state.iteration
    stage = stage_of(cfg, it)
    steps = (cfg.stage1 if stage == 1 else cfg.stage2).steps_per_iteration
    start = time.perf_counter()
    buf = TupleBuffer(cfg.muscle.buffer_capacity, cfg.muscle.loss) if state.muscle else None
    if collector is None:
        parts = collect_local(state, envs, stage, steps, buf, episodes)
    else:
        parts = collector(state, stage, steps, buf)
    human_parts = [p[0] for p in parts]
    exo_parts = [p[1] for p in parts]
    rows = [p[2] for p in parts]
    rollout_s = time.perf_counter() - start
    row = {key: float(np.mean([r[key] for r in rows])) for key in rows[0]}
    row["transitions"] = float(sum(r["transitions"] for r in rows))
    for key in ("falls", "human_transitions"):
        row[key] = float(sum(r[key] for r in rows))
    # Normalisers move after the update: the batch was normalised with the old stats.
    symmetry = None
    if cfg.human.symmetry_coef > 0.0:
        clip = cfg.human.obs_clip
        symmetry = policy_symmetry(
            state.human.norm,
            clip,
            len(cfg.env.activities),
            device,
            root_error=cfg.env.observe_root_error,
        )
    for key, value in _update(state.human, human_parts, device, symmetry).items():
        row["human_" + key] = value
    if stage == 2:
        for key, value in _update(state.exo, exo_parts, device).items():
            row["exo_" + key] = value
    if state.muscle is not None and state.muscle_opt is not None and buf is not None:
        row.update(muscle_update(state.muscle, state.muscle_opt, buf, cfg.muscle, device))
        buffer_clear(buf)
    human_obs = [o for p in human_parts for o in p.raw_obs]
    norm_update(state.human.norm, np.reshape(human_obs, (-1, state.human.norm.mean.size)))
    exo_obs = [o for p in exo_parts for o in p.raw_obs]
    norm_update(state.exo.norm, np.reshape(exo_obs, (-1, state.exo.norm.mean.size)))
    row["support"] = support_gains(state)[0]
    step_support_down(state, row["falls"])
    state.iteration += 1
    wall = time.perf_counter() - start
    row.update(iteration=state.iteration, stage=stage, wall_s=wall, rollout_s=rollout_s)
    row["transitions_per_s"] = row["transitions"] / wall
    return row


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM -> TrainingInterrupted; SIGINT -> KeyboardInterrupt even when the process
    was started with SIGINT ignored (a background job of a non-interactive shell)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise TrainingInterrupted(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


def progress_text(row: dict[str, float]) -> str:
    """One line for the progress bar: stage, rewards, reward terms, episode length, speed."""
    terms = " ".join(f"{k} {row[k]:.2f}" for k in REWARD_TERMS)
    return (
        f"stage {row['stage']:.0f} | r_human {row['human_reward']:.3f} "
        f"r_exo {row['exo_reward']:.3f} | {terms} | ep {row['episode_length']:.0f} "
        f"| {row['transitions_per_s']:.0f} tr/s"
    )


@dataclass
class TrainResult:
    """What :func:`train` leaves behind."""

    out: Path
    iteration: int  # completed iterations in the last saved checkpoint
    interrupted: bool
    state: TrainState


def _ignore_sigint() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def train(
    out: str | Path,
    cfg: TrainConfig | None = None,
    resume: bool = False,
    stop_after: int | None = None,
    progress: bool = True,
    collector: Collector | None = None,
    human_obs_size: int | None = None,
) -> TrainResult:
    """Runs (or with ``resume`` continues) the schedule in ``out``; ``stop_after`` ends
    after that many iterations of this call (with a checkpoint), as a kill would.
    ``collector`` (with the envs' ``human_obs_size``) gathers the rollouts instead of
    in-process envs."""
    from tqdm import tqdm

    out = Path(out)
    payload = ck.load_checkpoint(out) if resume else None
    if payload is not None:
        saved = saved_config(payload["config"])
        if cfg is not None:
            check_resume_config(saved, cfg)
        cfg = cfg or saved
    cfg = cfg or TrainConfig()
    device = resolve_device(cfg.device)
    torch.set_num_threads(cfg.torch_threads)
    out.mkdir(parents=True, exist_ok=True)
    start_iteration = int(payload["iteration"]) if payload is not None else 0
    stage = stage_of(cfg, start_iteration)
    envs = make_envs(cfg, stage) if collector is None else []
    episodes = [Episodes() for _ in envs]
    obs_size = envs[0].human_obs_size if envs else int(human_obs_size or 0)
    if payload is not None:
        state = restore_state(payload, device, obs_size)
        state.cfg = cfg
    else:
        state = new_state(cfg, obs_size, device)
        if cfg.init_from is not None:
            state = warm_start(state, ck.load_checkpoint(cfg.init_from), cfg.init_from)
    ck.atomic_write(
        out / ck.CONFIG_YAML, lambda p: p.write_text(yaml.safe_dump(to_dict(cfg), sort_keys=False))
    )
    log = ck.RunLog(out, LOG_COLUMNS, state.iteration if resume else None)
    total = total_iterations(cfg)
    target = total if stop_after is None else min(total, state.iteration + stop_after)
    snapshot = state_payload(state)
    bar = tqdm(
        total=total,
        initial=state.iteration,
        disable=not progress,
        unit="it",
        dynamic_ncols=True,
        desc="train",
    )
    interrupted = False
    try:
        with _sigterm_raises():
            while state.iteration < target:
                if stage_of(cfg, state.iteration) != stage:
                    stage = stage_of(cfg, state.iteration)
                    envs = make_envs(cfg, stage) if collector is None else []
                    episodes = [Episodes() for _ in envs]
                row = run_iteration(state, envs, device, collector, episodes)
                snapshot = state_payload(state)
                log.write(row)
                bar.update(1)
                bar.set_postfix_str(progress_text(row))
                it = state.iteration
                if it % cfg.checkpoint_every == 0 or it == target:
                    save_run(snapshot, state, out)
                if it == cfg.stage1.iterations:
                    ck.save_checkpoint(snapshot, out / "checkpoint_stage1.pt")
    except (KeyboardInterrupt, TrainingInterrupted):
        interrupted = True
        _ignore_sigint()  # a second Ctrl-C must not tear the checkpoint being written
        save_run(snapshot, state, out)
    finally:
        bar.close()
        log.close()
    return TrainResult(out, int(snapshot["iteration"]), interrupted, state)
