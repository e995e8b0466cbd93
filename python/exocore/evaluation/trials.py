"""Steady and transition trials: run one virtual participant under one condition with
given policies, record every 10 ms step, and summarise the last part of the trial.

The simulator resets an environment in the step it terminates (same-step autoreset),
so a trial stops at the first termination: steps up to the fall are kept, `upright_s`
says how long the participant stayed up and summaries average over what exists.
"""

from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from exocore import _core
from exocore.envs import REWARD_TERMS, ExoVecEnv, make_vec_env
from exocore.envs.builder import MUSCLE_ACTUATIONS, apply_human_control
from exocore.evaluation import metabolics as mb
from exocore.evaluation.policies import Policies

STEP_S = 0.01  # one env step = one exo control period (100 Hz)
AVERAGE_FRACTION = 0.4  # the paper averages the last 2 of 5 minutes


@dataclass(frozen=True)
class Participant:
    name: str
    height_m: float
    mass_kg: float


@dataclass(frozen=True)
class TrialSpec:
    activity: str  # 'walk', 'run', 'stairs' or 'transition'
    speed: float | None
    condition: str  # 'no-exo', 'assist-off', 'assist-on'
    participant: Participant
    duration_s: float = 10.0
    seed: int = 0
    start_phase: float = 0.0  # gait phase in [0, 1) the trial starts at (0: right heel strike)

    def __post_init__(self) -> None:
        if not 0.0 <= self.start_phase < 1.0:
            raise ValueError(f"start_phase must lie in [0, 1), got {self.start_phase}")


@dataclass
class Trial:
    """Per-step records (T = recorded steps); float32 for the large arrays."""

    spec: TrialSpec
    time: NDArray[np.float64]
    phase: NDArray[np.float64]  # gait phase in [0, 1) from the observation's sin/cos
    hip_angle: NDArray[np.float64]  # (T, 2) human hip flexion dofs, left/right [rad]
    exo_torque: NDArray[np.float64]  # (T, 2) N m, left/right
    exo_power: NDArray[np.float64]  # (T, 2) W, torque x motor joint velocity (signed)
    exo_reward: NDArray[np.float64]
    reward_terms: NDArray[np.float64]  # (T, len(REWARD_TERMS))
    activations: NDArray[np.float32]  # (T, 208)
    muscle_lengths: NDArray[np.float32]  # (T, 208) path lengths [m]
    muscle_velocities: NDArray[np.float32]  # (T, 208) [m/s]
    positions: NDArray[np.float32]  # (T, n_dofs)
    velocities: NDArray[np.float32]
    fell: bool
    body_mass_kg: float
    error: str = ""  # why the trial could not run ('' when it ran)
    notes: list[str] = field(default_factory=list)
    # (T, exo n_dofs) exo skeleton positions when worn, (T, 0) without (for playback)
    exo_positions: NDArray[np.float32] = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    # (T,) mean norms over each step of the applied joint torque and of the reserve
    # actuators' share of it [N m] (zero reserve unless 'muscles-with-reserves')
    joint_torque: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    reserve_torque: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))

    @property
    def upright_s(self) -> float:
        return len(self.time) * STEP_S


@functools.cache
def _model(height_m: float, mass_kg: float, with_exo: bool) -> Any:
    from exocore import models

    return models.human(height_m=height_m, mass_kg=mass_kg, with_exo=with_exo)


@functools.cache
def _motion(activity: str, speed: float | None, height_m: float, duration_s: float) -> Any:
    from exocore.motions import reference

    return reference(activity, speed, height=height_m, duration=duration_s)


@functools.cache
def transition_for(height_m: float) -> Any:
    from exocore.motions import transition_reference

    return transition_reference(height=height_m)


def env_config(policies: Policies, duration_s: float) -> _core.EnvConfig:
    """Evaluation settings: no domain randomisation, start at phase 0, no IMU noise."""
    cfg = _core.EnvConfig()
    cfg.randomization.enabled = False
    cfg.random_start = False
    cfg.imu_noise_std = 0.0
    cfg.max_episode_s = duration_s + 1.0
    if policies.human_kp is not None and policies.human_kv is not None:
        cfg.human_pd = _core.PDGains(policies.human_kp, policies.human_kv)
    return apply_human_control(cfg, policies.control)


def phase_time(motion: Any, phase: float) -> float:
    """[s] the first time at which `motion` reaches the gait phase `phase`."""
    if not np.all(np.isfinite(motion.phase)):
        raise ValueError("the reference has no gait phase to start at")
    unwrapped = np.unwrap(2.0 * np.pi * np.asarray(motion.phase)) / (2.0 * np.pi)
    goal = unwrapped[0] + np.mod(phase - unwrapped[0], 1.0)
    if not goal <= unwrapped[-1]:
        raise ValueError(f"the reference never reaches phase {phase}")
    return float(np.interp(goal, unwrapped, np.asarray(motion.time)))


def make_trial_env(spec: TrialSpec, policies: Policies) -> tuple[ExoVecEnv, list[str]]:
    """One environment for `spec` (reference clip a little longer than the trial) and
    notes on what could not be simulated as asked."""
    notes: list[str] = []
    p = spec.participant
    model = _model(p.height_m, p.mass_kg, spec.condition != "no-exo")
    cfg = env_config(policies, spec.duration_s)
    if spec.activity == "transition":
        if spec.start_phase != 0.0:
            raise ValueError("a transition trial starts at its beginning (start_phase 0)")
        from exocore.envs.builder import build_env_model
        from exocore.motions import stair_skeleton_spec

        tr = transition_for(p.height_m)
        env_model = build_env_model(model, tr.motion, spec.condition, policies.actuation, cfg)
        if tr.stairs is not None:
            try:
                env_model.terrain = [stair_skeleton_spec(tr.stairs)]
            except AttributeError:
                notes.append("this simulator build has no terrain: stairs segment on flat ground")
        env = ExoVecEnv(env_model, 1, seed=spec.seed)
    else:
        # A later start phase needs up to one more stride of clip.
        clip = max(10.0, spec.duration_s + 1.0) + (3.0 if spec.start_phase > 0.0 else 0.0)
        motion = _motion(spec.activity, spec.speed, p.height_m, clip)
        if spec.start_phase > 0.0:
            cfg.start_time = phase_time(motion, spec.start_phase)
        env = make_vec_env(
            1,
            spec.activity,
            spec.speed,
            spec.condition,
            policies.actuation,
            model=model,
            motion=motion,
            seed=spec.seed,
            config=cfg,
        )
    if policies.actuation in MUSCLE_ACTUATIONS and policies.muscle_parameters is not None:
        env.set_muscle_network(policies.muscle_parameters)
    return env, notes


def _phase(obs_human: NDArray[np.float64]) -> float:
    s, c = obs_human[0, -2], obs_human[0, -1]
    return float(np.mod(np.arctan2(s, c) / (2.0 * np.pi), 1.0))


def _empty_trial(spec: TrialSpec, body_mass: float, error: str) -> Trial:
    z1, z2 = np.zeros(0), np.zeros((0, 2))
    zf = np.zeros((0, 0), dtype=np.float32)
    terms = np.zeros((0, len(REWARD_TERMS)))
    return Trial(spec, z1, z1, z2, z2, z2, z1, terms, zf, zf, zf, zf, zf, False, body_mass, error)


def run_trial(spec: TrialSpec, policies: Policies) -> Trial:
    """Runs `spec` with `policies` until `duration_s` or the first fall. An environment
    that cannot be built (e.g. terrain the simulator lacks) gives an empty trial with
    `error` set instead of raising."""
    body_mass = spec.participant.mass_kg
    try:
        env, notes = make_trial_env(spec, policies)
    except (AttributeError, ValueError, RuntimeError) as err:
        return _empty_trial(spec, body_mass, f"{type(err).__name__}: {err}")
    if policies.actuation not in MUSCLE_ACTUATIONS:
        notes.append("joint-torque actuation: muscles stay at minimum activation, so the")
        notes[-1] += " metabolic numbers only reflect that floor"
    elif policies.muscle_parameters is None:
        notes.append("no muscle network: activations stay at their minimum (0.01)")
    hip = list(env.env_model.hip_flexion_dofs)
    motor = list(env.env_model.exo.motor_dofs) if env.env_model.has_exo else []
    obs, _ = env.reset(seed=spec.seed)
    exo_prev = np.asarray(env.state(0).get("exo_positions", np.zeros(0)), dtype=float)
    rec: dict[str, list[Any]] = {k: [] for k in Trial.__dataclass_fields__}
    fell = False
    for _ in range(int(round(spec.duration_s / STEP_S))):
        phase = _phase(obs["human"])
        actions = {
            "human": policies.human(obs["human"], spec.activity),
            "exo": policies.exo(obs["exo"]),
        }
        obs, reward, term, trunc, info = env.step(actions)
        if term[0] or trunc[0]:  # the state is already the next episode's
            fell = bool(term[0])
            break
        st = env.state(0)
        torque = np.asarray(info["exo_torque"][0], dtype=float)
        if motor:
            exo_pos = np.asarray(st["exo_positions"], dtype=float)
            omega = (exo_pos[motor] - exo_prev[motor]) / STEP_S
            exo_prev = exo_pos
        else:
            omega = np.zeros(2)
        q = np.asarray(st["positions"])
        rec["time"].append(float(st["time"]))
        rec["phase"].append(phase)
        rec["hip_angle"].append(q[hip])
        rec["exo_torque"].append(torque)
        rec["exo_power"].append(torque * omega)
        rec["exo_reward"].append(float(reward[0]))
        rec["joint_torque"].append(float(info["joint_torque"][0]))
        rec["reserve_torque"].append(float(info["reserve_torque"][0]))
        rec["reward_terms"].append([float(info["reward_terms"][k][0]) for k in REWARD_TERMS])
        rec["activations"].append(st["activations"])
        rec["muscle_lengths"].append(st["muscle_lengths"])
        rec["muscle_velocities"].append(st["muscle_velocities"])
        rec["positions"].append(q)
        rec["velocities"].append(st["velocities"])
        rec["exo_positions"].append(np.asarray(st.get("exo_positions", ()), dtype=float))
    env.close()
    n_m = len(env.env_model.muscles)

    def arr(key: str, shape: tuple[int, ...], dtype: Any = np.float64) -> NDArray[Any]:
        return np.asarray(rec[key], dtype=dtype).reshape((len(rec["time"]), *shape))

    nq = len(np.asarray(env.state(0)["positions"]))
    lengths = rec["muscle_lengths"]
    has_paths = all(len(x) == n_m for x in lengths)
    if not has_paths:
        notes.append("no muscle path data (joint-torque actuation): no metabolics")
    return Trial(
        spec=spec,
        time=arr("time", ()),
        phase=arr("phase", ()),
        hip_angle=arr("hip_angle", (2,)),
        exo_torque=arr("exo_torque", (2,)),
        exo_power=arr("exo_power", (2,)),
        exo_reward=arr("exo_reward", ()),
        reward_terms=arr("reward_terms", (len(REWARD_TERMS),)),
        activations=arr("activations", (n_m,), np.float32),
        muscle_lengths=arr("muscle_lengths", (n_m,), np.float32)
        if has_paths
        else np.full((len(rec["time"]), n_m), np.nan, np.float32),
        muscle_velocities=arr("muscle_velocities", (n_m,), np.float32)
        if has_paths
        else np.full((len(rec["time"]), n_m), np.nan, np.float32),
        positions=arr("positions", (nq,), np.float32),
        velocities=arr("velocities", (nq,), np.float32),
        fell=fell,
        body_mass_kg=body_mass,
        notes=notes,
        exo_positions=arr("exo_positions", (len(exo_prev),), np.float32),
        joint_torque=arr("joint_torque", ()),
        reserve_torque=arr("reserve_torque", ()),
    )


def trial_metabolics(
    trial: Trial, table: mb.MuscleTable, all_muscles: bool = False
) -> dict[str, NDArray[np.float64]]:
    """Per-step net metabolic power [W/kg body mass] and activation effort. The power
    sums the lower-limb muscles unless `all_muscles` (Umberger's model was calibrated
    on leg-only gait models; the 100 upper-body units at minimum activation would add a
    constant ~2-3 W/kg)."""
    if len(trial.time) == 0 or trial.activations.shape[1] != len(table.names):
        return {"net_w_per_kg": np.zeros(0), "effort": np.zeros(0)}
    rates = mb.metabolic_rates(
        table, trial.activations, trial.muscle_lengths, trial.muscle_velocities
    )
    return {
        "net_w_per_kg": mb.net_metabolic_power(
            rates, trial.body_mass_kg, None if all_muscles else table.lower_limb
        ),
        "effort": mb.activation_effort(trial.activations, table.lower_limb),
    }


def _mean(x: NDArray[Any]) -> float | None:
    x = x[np.isfinite(x)]
    return float(np.mean(x)) if x.size else None


def summarize_trial(trial: Trial, table: mb.MuscleTable) -> dict[str, Any]:
    """Averages over the last AVERAGE_FRACTION of the recorded steps; work over all."""
    s = trial.spec
    n = len(trial.time)
    window = slice(n - max(1, int(round(AVERAGE_FRACTION * n))) if n else 0, n)
    met = trial_metabolics(trial, table)
    power = trial.exo_power
    pos_work = float(np.sum(np.clip(power, 0.0, None)) * STEP_S)
    neg_work = float(np.sum(np.clip(-power, 0.0, None)) * STEP_S)
    torque = np.abs(trial.exo_torque[window])
    peak = float(torque.max()) if torque.size else None
    net = _mean(met["net_w_per_kg"][window])
    joint = float(np.sum(trial.joint_torque[window])) if trial.joint_torque.size else 0.0
    reserve = float(np.sum(trial.reserve_torque[window])) if trial.reserve_torque.size else 0.0
    return {
        "activity": s.activity,
        "speed": s.speed,
        "condition": s.condition,
        "participant": s.participant.name,
        "height_m": s.participant.height_m,
        "mass_kg": s.participant.mass_kg,
        "seed": s.seed,
        "duration_s": s.duration_s,
        "upright_s": trial.upright_s,
        "fell": trial.fell,
        "error": trial.error,
        "notes": list(trial.notes),
        "net_metabolic_w_per_kg": net,
        "gross_metabolic_w_per_kg": None if net is None else net + mb.BASAL_RATE,
        "effort": _mean(met["effort"][window]),
        # the reserve actuators' share of the joint torque (norms), 0 without reserves
        "reserve_share_pct": 100.0 * reserve / joint if joint > 0.0 else None,
        "peak_torque_nm": peak,
        "peak_torque_nm_per_kg": None if peak is None else peak / s.participant.mass_kg,
        "positive_work_j": pos_work,
        "negative_work_j": neg_work,
        "negative_work_share_pct": 100.0 * neg_work / (pos_work + neg_work)
        if pos_work + neg_work > 0
        else None,
    }


_ARRAYS = (
    "time",
    "phase",
    "hip_angle",
    "exo_torque",
    "exo_power",
    "exo_reward",
    "reward_terms",
    "activations",
    "muscle_lengths",
    "muscle_velocities",
    "positions",
    "velocities",
)


_OPTIONAL_ARRAYS = ("exo_positions", "joint_torque", "reserve_torque")


def save_trial(trial: Trial, path: str | Path) -> Path:
    """Writes a compressed .npz: every per-step array plus a JSON header."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {
        "spec": asdict(trial.spec),
        "fell": trial.fell,
        "body_mass_kg": trial.body_mass_kg,
        "error": trial.error,
        "notes": trial.notes,
        "reward_terms": list(REWARD_TERMS),
    }
    arrays = {k: getattr(trial, k) for k in (*_ARRAYS, *_OPTIONAL_ARRAYS)}
    np.savez_compressed(path, header=np.array(json.dumps(header)), **arrays)
    return path


def load_trial(path: str | Path) -> Trial:
    """Reads a trial written by `save_trial`."""
    with np.load(Path(path), allow_pickle=False) as data:
        header = json.loads(str(data["header"]))
        arrays = {k: data[k] for k in _ARRAYS}
        # absent in files from before they were recorded
        arrays.update({k: data[k] for k in _OPTIONAL_ARRAYS if k in data.files})
    spec = dict(header["spec"])
    spec["participant"] = Participant(**spec["participant"])
    return Trial(
        spec=TrialSpec(**spec),
        fell=bool(header["fell"]),
        body_mass_kg=float(header["body_mass_kg"]),
        error=str(header["error"]),
        notes=list(header["notes"]),
        **arrays,
    )
