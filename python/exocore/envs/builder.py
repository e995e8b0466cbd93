"""Builds the C++ environment description (`_core.EnvModel`) from a model and a motion."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from exocore import _core
from exocore.models import Model, human
from exocore.models.core_specs import skeleton_spec, to_core_specs
from exocore.motions import Motion, reference, stair_skeleton_spec, staircase_for
from exocore.motions.trajectory import kinematic_model

CONDITIONS = {
    "no-exo": _core.ExoCondition.NO_EXO,
    "assist-off": _core.ExoCondition.ASSIST_OFF,
    "assist-on": _core.ExoCondition.ASSIST_ON,
}
ACTUATIONS = {
    "muscles": _core.HumanActuation.MUSCLES,
    "joint-torques": _core.HumanActuation.JOINT_TORQUES,
    "muscles-with-reserves": _core.HumanActuation.MUSCLES_WITH_RESERVES,
}
MUSCLE_ACTUATIONS = ("muscles", "muscles-with-reserves")
"""Actuations in which the muscle network drives Hill muscles."""


# Human-control fields of a training config's env section (exocore.training.config
# EnvSettings) and the EnvConfig attributes they set.
_BALANCE_FIELDS = {
    "balance_torso_gain": "torso_gain",
    "balance_step_position_gain": "step_position_gain",
    "balance_step_velocity_gain": "step_velocity_gain",
    "balance_weight_support": "weight_support",
}


@functools.cache
def default_joint_dofs() -> tuple[str, ...]:
    """The default human's joint dof names (its dofs after the root's 6); models
    scaled to a person keep these."""
    spec, _ = to_core_specs(human())
    return tuple(_core.build_skeleton(spec).dof_names[6:])


def pd_gain_scale(joint_dofs: Sequence[str], rules: Mapping[str, float]) -> np.ndarray:
    """Per joint dof, the factor on the human PD gains: a dof matching several rules'
    regular expressions takes the last one's, a dof matching none keeps 1."""
    scale = np.ones(len(joint_dofs))
    for pattern, factor in rules.items():
        if not float(factor) > 0.0:
            raise ValueError(f"pd_gain_scale[{pattern!r}] must be positive, got {factor}")
        regex = re.compile(pattern)
        hits = [i for i, name in enumerate(joint_dofs) if regex.search(name)]
        if not hits:
            raise ValueError(f"pd_gain_scale: {pattern!r} matches no dof of {list(joint_dofs)}")
        scale[hits] = float(factor)
    return scale


def apply_human_control(
    config: _core.EnvConfig,
    settings: Mapping[str, Any],
    joint_dofs: Sequence[str] | None = None,
) -> _core.EnvConfig:
    """Sets `config`'s human PD and balance feedback from a training config's env
    section (a mapping; absent keys keep the simulator's defaults), so that training
    and evaluation simulate the same human control. `joint_dofs` names the dofs that
    `pd_gain_scale`'s patterns match (default: the default human's)."""
    if "human_kp" in settings and "human_kv" in settings:
        config.human_pd = _core.PDGains(float(settings["human_kp"]), float(settings["human_kv"]))
    if settings.get("pd_gain_scale"):
        dofs = joint_dofs if joint_dofs is not None else default_joint_dofs()
        config.human_pd_scale = pd_gain_scale(dofs, settings["pd_gain_scale"])
    if "human_hz" in settings:
        config.human_hz = float(settings["human_hz"])
    if "pd_tracks_reference" in settings:
        config.human_pd_tracks_reference = bool(settings["pd_tracks_reference"])
    if "observe_root_error" in settings:
        config.human_obs_root_error = bool(settings["observe_root_error"])
    if settings.get("reserve_torque_limit") is not None:
        config.reserve_torque_limit = float(settings["reserve_torque_limit"])
    if "balance_feedback" in settings:
        config.balance.enabled = bool(settings["balance_feedback"])
    for key, attribute in _BALANCE_FIELDS.items():
        if key in settings:
            setattr(config.balance, attribute, float(settings[key]))
    return config


def _bushing_params(strap: object) -> _core.BushingParams:
    params = _core.BushingParams()
    for key in ("stiffness", "damping", "rotational_stiffness", "rotational_damping"):
        setattr(params, key, np.asarray(getattr(strap, key), dtype=float))
    return params


def _exo_spec(model: Model, human_index: dict[str, int]) -> _core.ExoSpec:
    exo = model.exo
    assert exo is not None
    spec = _core.ExoSpec()
    spec.skeleton = skeleton_spec(model.name + "_exo", exo.bodies)
    exo_index = {b.name: i for i, b in enumerate(exo.bodies)}
    straps = []
    for s in exo.straps:
        strap = _core.StrapSpec()
        strap.name = s.name
        strap.exo_body = exo_index[s.body_a]
        strap.human_body = human_index[s.body_b]
        strap.frames = _core.BushingFrames(s.frame_a.matrix(), s.frame_b.matrix())
        strap.params = _bushing_params(s)
        straps.append(strap)
    spec.straps = straps
    skel = _core.build_skeleton(spec.skeleton)
    dof = {name: i for i, name in enumerate(skel.dof_names)}
    motors = {m.joint: m for m in exo.motors}
    spec.motor_dofs = [dof[_motor_dof(name, dof)] for name in ("ExoHipL", "ExoHipR")]
    spec.thigh_bodies = [exo_index["ExoThighL"], exo_index["ExoThighR"]]
    actuator = _core.ExoActuatorParams()
    actuator.max_torque = float(motors["ExoHipL"].peak_torque)
    spec.actuator = actuator
    return spec


def _motor_dof(joint: str, dofs: dict[str, int]) -> str:
    for name in (joint, joint + "_x", joint + "_0"):
        if name in dofs:
            return name
    raise ValueError(f"exo motor joint {joint!r} has no dof among {sorted(dofs)}")


def build_env_model(
    model: Model | None = None,
    motion: Motion | None = None,
    condition: str = "assist-on",
    actuation: str = "joint-torques",
    config: _core.EnvConfig | None = None,
) -> _core.EnvModel:
    """The C++ description of an environment: `model` (default: `human(with_exo=True)`),
    `motion` (default: 10 s of walking at 1.25 m/s), condition 'no-exo', 'assist-off'
    or 'assist-on', actuation 'muscles', 'joint-torques' or 'muscles-with-reserves'."""
    if condition not in CONDITIONS:
        raise ValueError(f"condition must be one of {sorted(CONDITIONS)}, got {condition!r}")
    if actuation not in ACTUATIONS:
        raise ValueError(f"actuation must be one of {sorted(ACTUATIONS)}, got {actuation!r}")
    model = model if model is not None else human(with_exo=True)
    motion = motion if motion is not None else reference("walk", 1.25, height=model.height or 1.7)
    spec, muscles = to_core_specs(model)
    skel = _core.build_skeleton(spec)
    if tuple(motion.dof_names) != tuple(skel.dof_names):
        raise ValueError("the motion's dofs do not match the model's (build both for one model)")
    env = _core.EnvModel()
    env.human = spec
    env.muscles = muscles
    env.lower_limb = [bool(m.lower_limb) for m in model.muscles]
    dof = {name: i for i, name in enumerate(skel.dof_names)}
    env.hip_flexion_dofs = [dof["FemurL_x"], dof["FemurR_x"]]
    body = {name: i for i, name in enumerate(skel.body_names)}
    env.human_thighs = [body["FemurL"], body["FemurR"]]
    env.has_exo = model.exo is not None
    if model.exo is not None:
        env.exo = _exo_spec(model, body)
    ref = _core.ReferenceMotion()
    ref.rate = float(1.0 / (motion.time[1] - motion.time[0]))
    ref.positions = np.ascontiguousarray(motion.positions, dtype=float)
    ref.velocities = np.ascontiguousarray(motion.velocities, dtype=float)
    ref.phase = np.nan_to_num(np.asarray(motion.phase, dtype=float))
    env.reference = ref
    if motion.metadata.get("activity") == "stairs":
        # The staircase this reference climbs (default rise 0.17 m, run 0.28 m).
        rise = float(motion.metadata.get("rise_m", 0.17))
        run = float(motion.metadata.get("run_m", 0.28))
        kin = kinematic_model(round(model.height or 1.7, 4))
        env.terrain = [stair_skeleton_spec(staircase_for(motion, rise, run, kin=kin))]
    cfg = config if config is not None else _core.EnvConfig()
    cfg.condition = CONDITIONS[condition]
    cfg.actuation = ACTUATIONS[actuation]
    if condition != "no-exo" and model.exo is None:
        raise ValueError(f"condition {condition!r} needs a model with an exoskeleton")
    env.config = cfg
    _core.validate_env_model(env)
    return env
