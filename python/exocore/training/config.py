"""Training configuration: typed dataclasses, loaded from YAML with dotted overrides.

Defaults follow DESIGN.md section 4 (paper + MASS) scaled for a 2-core machine.
Discount choice: gamma = 0.99 for both agents (MASS) and GAE lambda = 0.95, which
lowers the variance of the short rollouts we can afford on a CPU.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ACTIVITIES = ("walk", "run", "stairs")
REWARD_FIELDS = tuple(  # _core.RewardConfig's attributes
    f"{kind}_{term}"
    for kind in ("w", "sigma")
    for term in ("pose", "root", "cop", "muscle", "energy", "smooth")
)
ACTUATIONS = ("muscles", "joint-torques", "muscles-with-reserves")  # envs.builder's keys
OPTIONAL_FLOATS = frozenset({"env.speed", "env.reserve_torque_limit"})  # may be None
OPTIONAL_STRS = frozenset({"init_from"})  # may be None


@dataclass
class EnvSettings:
    """What is simulated; one vector env per activity."""

    activities: tuple[str, ...] = ("walk",)
    """Activities trained together (walk, run, stairs); batches are concatenated."""
    speed: float | None = None
    """Speed in m/s for every activity; None = each activity's reference default."""
    actuation: str = "muscles"
    """'muscles' (the paper: PD -> muscle network -> Hill muscles), 'joint-torques'
    (the PD's torques act directly, no muscles), or 'muscles-with-reserves' (the
    muscles act and a reserve actuator per joint dof adds what they leave of the PD's
    torque, as OpenSim's reserve actuators; the muscles' effort and metabolics then
    stay meaningful while the walker keeps the joint-torque walker's dynamics)."""
    reserve_torque_limit: float | None = None
    """'muscles-with-reserves': the bound of each reserve actuator [N m]; None =
    unbounded (muscles plus reserves give exactly the PD's torques)."""
    num_envs: int = 8
    """Parallel environments per activity."""
    num_threads: int = 2
    """C++ threads stepping each vector env."""
    human_hz: float = 30.0
    """Human policy decisions per second (the paper's 30 Hz; at most the exo's 100 Hz).
    A faster policy gives PPO more samples per simulated second; scale human.gamma and
    human.lam with it to keep the same horizon in seconds."""
    human_kp: float = 300.0
    """Human PD stiffness (N m / rad) turning target angles into desired torques, as
    stable PD; MASS's 300 (the paper's 50 lets the untrained body fold in 0.3 s)."""
    human_kv: float = 34.64
    """Human PD damping (N m s / rad)."""
    pd_gain_scale: dict[str, float] = field(default_factory=dict)
    """Per-dof factors on human_kp (human_kv takes the square root, keeping the damping
    ratio): regular expression on the dof name -> factor, e.g. {"Femur|Tibia|Talus": 3}
    for legs stiffer than the toppling stiffness m g h. Empty: one gain for all."""
    reward: dict[str, float] = field(default_factory=dict)
    """Reward weights and scales that differ from the paper's defaults
    (_core.RewardConfig: w_pose, w_root, w_cop, w_muscle, w_energy, w_smooth and the
    matching sigma_*), e.g. {"sigma_muscle": 5}: r_m = exp(-sigma_muscle x mean squared
    activation) saturates near 0 when the activations are high."""
    pd_tracks_reference: bool = False
    """Damp q'_ref - q' instead of q' (the same as leading the targets by
    kv/kp q'_ref); False is the paper's eq. 10. Without it the swing leg lags ~0.35 rad."""
    observe_root_error: bool = False
    """Append the pelvis's position error to the reference's (world x, y, z) to the
    human's observation: the root reward scores it, the kinematic state cannot show
    it. False is the paper's state."""
    balance_feedback: bool = False
    """SIMBICON-style balance feedback on the hip and leg targets (stance hips steer the
    pelvis, stance legs carry the weight as J^T F, swing hip places the foot); the
    policy's offsets act on top. False is the paper's method."""
    balance_torso_gain: float = 1.0
    """Share of the pelvis orientation error the stance hips correct."""
    balance_step_position_gain: float = 0.5
    """Foot placement c_d [rad per m of COM-over-stance-foot error]. 0.5: zero-offset
    walkers (legs at 3x) stayed up 5.5 s on average against 4.7 s at 1.0 (2026-12-03)."""
    balance_step_velocity_gain: float = 0.5
    """Foot placement c_v [rad per m/s of COM velocity error]."""
    balance_weight_support: float = 1.0
    """Share of body weight the stance legs carry through J^T F."""
    support_stiffness: float = 0.0
    """Curriculum (Yu, Turk and Liu 2018's virtual assistant): a virtual spring-damper
    pulls the pelvis to its reference position with this stiffness [N/m] at the first
    iteration, falling linearly to 0 over support_iterations; not physics, so the
    probes and evaluation run without it. 0: off (the paper)."""
    support_rotational_stiffness: float = 0.0
    """The curriculum's pelvis orientation spring [N m/rad] at the first iteration."""
    support_iterations: int = 0
    """Iterations of stage 1 over which the support falls to 0 ("linear"), or the
    number of steps down it takes ("adaptive")."""
    support_schedule: str = "linear"
    """"linear": the support falls with the iteration count. "adaptive" (Yu et al.):
    it steps down by 1/support_iterations only after an iteration with at most
    support_max_falls falls, so the policy walks with each level before the next."""
    support_max_falls: int = 1
    """Adaptive schedule: falls per iteration (all envs) that still count as walking."""
    max_episode_s: float = 10.0
    """Episode time limit in simulated seconds (the reference clips are 10 s)."""
    reset_every: int = 10
    """Iterations between env resets. In between, episodes run on from one iteration's
    rollout into the next, so they can reach max_episode_s and the policy meets the
    drift of a long walk (1: every rollout starts from reset, episodes last at most
    steps_per_iteration). checkpoint_every must be a multiple of it, so that a run
    resumed from a periodic checkpoint starts where the uninterrupted one reset."""
    imu_noise_std: float = 0.0
    """Standard deviation of the noise on the exo's thigh IMU readings."""
    randomize_stage2: bool = True
    """Domain randomisation (exo mass/inertia/CoM, friction, latency, strength) in stage 2."""
    tuples_every_steps: int = 1
    """Collect a muscle tuple every this many env steps (muscle actuation only)."""


@dataclass
class PPOConfig:
    """One PPO agent (the human imitation policy or the exo controller)."""

    hidden_sizes: tuple[int, ...] = (256, 256)
    """Hidden layer widths of the policy (the value net uses the same)."""
    lr: float = 1e-4
    """Adam learning rate (MASS); with desired_kl, the starting rate."""
    symmetry_coef: float = 0.0
    """Weight of the mirror-symmetry loss (Yu, Turk and Liu 2018; they used 4): the
    squared distance [rad^2] between the mean action and the mirrored mean action of the
    mirrored state (exocore.training.symmetry). Used by the human policy; 0: off (the
    paper)."""
    critic_lr: float = 0.0
    """Adam rate of the value network alone, kept fixed; 0: the same as lr (and adapted
    with it). The KL rule keeps the actor's rate small (3e-5 for the human), which
    would hold the critic back too."""
    desired_kl: float = 0.0
    """Adapt the learning rate after every update so that the mean KL between the
    rollout's policy and the updated one stays near this (rsl_rl's rule, once per
    update: /1.5 above twice it, x1.5 below half, within [1e-6, 1e-2]); 0: fixed lr."""
    clip: float = 0.2
    """PPO ratio clip epsilon."""
    scale_returns: bool = True
    """Rewards enter GAE times (1 - gamma), so returns and values are discounted *mean*
    rewards, on the rewards' own 0-1 scale, not r / (1 - gamma) (~100 at 0.99, ~300 at
    0.997). Adam moves a weight by about lr per step whatever the loss scale, so a critic
    that starts near 0 needs thousands of updates to reach 100; unscaled, its loss stayed
    at 500-775 over 120 iterations. The policy step is unchanged: advantages are
    standardised per batch."""
    gamma: float = 0.99
    """Discount per agent decision (30 Hz human, 100 Hz exo)."""
    lam: float = 0.95
    """GAE lambda (see the module docstring)."""
    epochs: int = 10
    """Passes over each rollout batch."""
    minibatch_size: int = 128
    """Transitions per gradient step."""
    value_coef: float = 0.5
    """Weight of the value loss."""
    entropy_coef: float = 0.0
    """Weight of the entropy bonus (added to the objective, i.e. entropy is maximised)."""
    max_grad_norm: float = 0.5
    """Gradients are rescaled to at most this global norm."""
    init_log_std: float = -1.0
    """Initial log standard deviation of the Gaussian policy (state independent)."""
    obs_clip: float = 5.0
    """Normalised observations are clipped to +-obs_clip (also used by the exported controller)."""


@dataclass
class MuscleConfig:
    """Supervised muscle-coordination regression (paper eq. 11)."""

    loss: str = "torque"
    """'torque' (MASS: joint-space torques) or 'acceleration' (paper eq. 11). Torque is
    the default: in acceleration space M^-1 of the 10 g toe segments (entries ~1.7e4)
    dominates, losses reach 1e9-1e13 and the network saturates every muscle."""
    lr: float = 1e-4
    """Adam learning rate."""
    epochs: int = 3
    """Passes over the tuples of one iteration."""
    minibatch_size: int = 128
    """Tuples per gradient step."""
    activation_weight: float = 0.01
    """w_a, the weight of ||a||^2 that favours low activations."""
    buffer_capacity: int = 4096
    """Tuples kept per iteration (a uniform sample of all offered, over all activities)."""
    max_grad_norm: float = 0.5
    """Gradients are rescaled to at most this global norm."""


@dataclass
class StageConfig:
    """How long a training stage runs."""

    iterations: int = 1000
    """PPO iterations in this stage."""
    steps_per_iteration: int = 256
    """Env steps (10 ms each) per environment per iteration (see env.reset_every)."""


def _stage1() -> StageConfig:
    return StageConfig(iterations=2000)


def _stage2() -> StageConfig:
    return StageConfig(iterations=1500)


def _exo_ppo() -> PPOConfig:
    return PPOConfig(hidden_sizes=(128, 64))


@dataclass
class TrainConfig:
    """Everything that defines a training run (stored in every checkpoint)."""

    seed: int = 0
    """Seeds python, numpy, torch and the environments."""
    device: str = "cpu"
    """Torch device for the networks: 'cpu' or 'cuda'."""
    torch_threads: int = 1
    """torch.set_num_threads; the simulator takes the other cores."""
    checkpoint_every: int = 10
    """Write a checkpoint every this many iterations (and on Ctrl-C / SIGTERM)."""
    init_from: str | None = None
    """A run directory (or checkpoint file) whose human network, exo network (if it
    reached stage 2), observation normalisers and muscle network (when both runs have
    one) start this run, e.g. a muscle run from a joint-torque walker; optimisers and
    the iteration count start fresh. A resumed run ignores it."""
    env: EnvSettings = field(default_factory=EnvSettings)
    """Simulation settings."""
    stage1: StageConfig = field(default_factory=_stage1)
    """Human imitation (+ muscles), exo worn without torque (assist-off)."""
    stage2: StageConfig = field(default_factory=_stage2)
    """Human, muscles and exo controller together, assist on, randomisation on."""
    human: PPOConfig = field(default_factory=PPOConfig)
    """Human motion-imitation policy (256 x 256 -> 50)."""
    exo: PPOConfig = field(default_factory=_exo_ppo)
    """Exo controller (16 -> 128 x 64 -> 2, tanh hidden as in the exported controller)."""
    muscle: MuscleConfig = field(default_factory=MuscleConfig)
    """Muscle network regression (muscle actuation only)."""


def validate(cfg: TrainConfig) -> TrainConfig:
    """Raises ValueError naming every inconsistent field; returns cfg."""
    problems = []
    for a in cfg.env.activities:
        if a not in ACTIVITIES:
            problems.append(f"env.activities: unknown activity {a!r} (choose from {ACTIVITIES})")
    if not cfg.env.activities:
        problems.append("env.activities: at least one activity")
    if len(set(cfg.env.activities)) != len(cfg.env.activities):
        problems.append("env.activities: duplicates")
    if cfg.env.actuation not in ACTUATIONS:
        problems.append(f"env.actuation: one of {sorted(ACTUATIONS)}, got {cfg.env.actuation!r}")
    limit = cfg.env.reserve_torque_limit
    if limit is not None and not limit >= 0.0:
        problems.append(f"env.reserve_torque_limit: >= 0 or null (unbounded), got {limit}")
    if cfg.muscle.loss not in ("acceleration", "torque"):
        problems.append(f"muscle.loss: 'acceleration' or 'torque', got {cfg.muscle.loss!r}")
    if cfg.device not in ("cpu", "cuda") and not cfg.device.startswith("cuda:"):
        problems.append(f"device: 'cpu' or 'cuda', got {cfg.device!r}")
    positive = {
        "env.num_envs": cfg.env.num_envs,
        "env.num_threads": cfg.env.num_threads,
        "env.tuples_every_steps": cfg.env.tuples_every_steps,
        "env.reset_every": cfg.env.reset_every,
        "stage1.steps_per_iteration": cfg.stage1.steps_per_iteration,
        "stage2.steps_per_iteration": cfg.stage2.steps_per_iteration,
        "checkpoint_every": cfg.checkpoint_every,
        "torch_threads": cfg.torch_threads,
        "human.minibatch_size": cfg.human.minibatch_size,
        "exo.minibatch_size": cfg.exo.minibatch_size,
        "muscle.minibatch_size": cfg.muscle.minibatch_size,
        "muscle.buffer_capacity": cfg.muscle.buffer_capacity,
    }
    problems += [f"{k}: must be > 0, got {v}" for k, v in positive.items() if v <= 0]
    for name, ppo in (("human", cfg.human), ("exo", cfg.exo)):
        if ppo.symmetry_coef < 0.0:
            problems.append(f"{name}.symmetry_coef: must be >= 0, got {ppo.symmetry_coef}")
        if ppo.critic_lr < 0.0:
            problems.append(f"{name}.critic_lr: must be >= 0, got {ppo.critic_lr}")
    if not 0.0 < cfg.env.human_hz <= 100.0:
        problems.append(
            f"env.human_hz: must be in (0, 100] (the exo's rate), got {cfg.env.human_hz}"
        )
    if cfg.env.reset_every > 0 and cfg.checkpoint_every % cfg.env.reset_every:
        problems.append(
            f"checkpoint_every: must be a multiple of env.reset_every ({cfg.env.reset_every}), "
            f"got {cfg.checkpoint_every}"
        )
    if cfg.env.support_schedule not in ("linear", "adaptive"):
        problems.append(
            f"env.support_schedule: 'linear' or 'adaptive', got {cfg.env.support_schedule!r}"
        )
    for k, v in cfg.env.reward.items():
        if k not in REWARD_FIELDS:
            problems.append(f"env.reward: unknown term {k!r} (choose from {list(REWARD_FIELDS)})")
        elif not v >= 0.0:
            problems.append(f"env.reward[{k!r}]: must be >= 0, got {v}")
    supported = cfg.env.support_stiffness > 0 or cfg.env.support_rotational_stiffness > 0
    if supported and cfg.env.support_iterations <= 0:
        problems.append("env.support_iterations: must be > 0 when the support is on")
    nonnegative = (
        "stage1.iterations",
        "stage2.iterations",
        "human.desired_kl",
        "exo.desired_kl",
        "env.support_stiffness",
        "env.support_rotational_stiffness",
        "env.support_iterations",
        "env.support_max_falls",
    )
    for k in nonnegative:
        if _get(cfg, k) < 0:
            problems.append(f"{k}: must be >= 0")
    if problems:
        raise ValueError("invalid training config: " + "; ".join(problems))
    return cfg


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def _coerce(key: str, default: Any, value: Any) -> Any:
    """Converts a YAML value to the type of the field's default, or raises naming key."""
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, float) or key in OPTIONAL_FLOATS:
        if value is None and key in OPTIONAL_FLOATS:
            return None
        if isinstance(value, str):  # PyYAML reads 1e-4 (no dot) as a string
            try:
                value = float(value)
            except ValueError:
                pass
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif isinstance(default, str) or key in OPTIONAL_STRS:
        ok = isinstance(value, str) or (value is None and key in OPTIONAL_STRS)
    elif isinstance(default, tuple):
        if isinstance(value, str):  # "walk,run" from the command line
            value = [v.strip() for v in value.split(",") if v.strip()]
        ok = isinstance(value, (list, tuple))
        if ok and default:
            value = tuple(_coerce(key, default[0], v) for v in value)
        elif ok:
            value = tuple(value)
    elif isinstance(default, dict):  # str -> float, e.g. env.pd_gain_scale
        ok = isinstance(value, dict) and all(isinstance(k, str) for k in value)
        if ok:
            value = {k: _coerce(f"{key}[{k!r}]", 1.0, v) for k, v in value.items()}
    else:
        ok = False
    if not ok:
        raise ValueError(f"config key {key!r}: cannot use {value!r} ({type(value).__name__})")
    return value


def _apply(obj: Any, data: dict[str, Any], prefix: str) -> None:
    names = {f.name for f in dataclasses.fields(obj)}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if key not in names:
            raise ValueError(f"unknown config key {dotted!r} (known: {sorted(names)})")
        current = getattr(obj, key)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, dict):
                raise ValueError(f"config key {dotted!r} must be a mapping")
            _apply(current, value, dotted + ".")
        else:
            setattr(obj, key, _coerce(dotted, current, value))


def apply_overrides(cfg: TrainConfig, overrides: dict[str, Any]) -> TrainConfig:
    """Sets dotted keys, e.g. ``{"human.lr": 3e-4, "env.activities": "walk,run"}``."""
    for dotted, value in overrides.items():
        nested: dict[str, Any] = {}
        node = nested
        parts = dotted.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
        _apply(cfg, nested, "")
    return validate(cfg)


def from_dict(data: dict[str, Any]) -> TrainConfig:
    """A config from nested dicts (as written by :func:`to_dict`); unknown keys raise."""
    cfg = TrainConfig()
    _apply(cfg, data, "")
    return validate(cfg)


# Fields added after runs were saved (the shipped controller's among them), with the
# value those runs were trained with; a saved config without the field gets it back.
LEGACY_VALUES: dict[tuple[str, str], Any] = {
    ("env", "reset_every"): 1,
    ("human", "scale_returns"): False,
    ("exo", "scale_returns"): False,
}


def saved_config(data: dict[str, Any]) -> TrainConfig:
    """The config of a saved run (a checkpoint's ``config``): :func:`from_dict`, with
    fields that the run predates set to :data:`LEGACY_VALUES`, so it resumes as trained."""
    data = {k: dict(v) if isinstance(v, dict) else v for k, v in data.items()}
    for (section, key), value in LEGACY_VALUES.items():
        if isinstance(data.get(section), dict):
            data[section].setdefault(key, value)
    return from_dict(data)


def to_dict(cfg: TrainConfig) -> dict[str, Any]:
    """Nested plain dicts and lists (YAML / checkpoint friendly)."""

    def plain(v: Any) -> Any:
        if isinstance(v, tuple):
            return list(v)
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        return v

    return plain(dataclasses.asdict(cfg))


def load_config(
    path: str | Path | None = None, overrides: dict[str, Any] | None = None
) -> TrainConfig:
    """Defaults, then the YAML file at ``path`` (if any), then ``overrides``."""
    data: dict[str, Any] = {}
    if path is not None:
        import yaml

        with open(path) as f:
            loaded = yaml.safe_load(f)
        if loaded is not None and not isinstance(loaded, dict):
            raise ValueError(f"{path}: the top level must be a mapping")
        data = loaded or {}
    cfg = from_dict(data)
    return apply_overrides(cfg, overrides or {})
