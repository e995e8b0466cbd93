"""exocore.envs.builder's per-dof PD gains: the name rules, their errors, and the
physics they are for. Two ankles at kp 300 N m/rad (600 together) are softer than
gravity's toppling stiffness m g h (~700 N m/rad for 72 kg at ~1 m), so a PD-held
standing body falls; legs three times as stiff (1800) must hold it."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import standing
from exocore import _core
from exocore.envs import ExoVecEnv, build_env_model
from exocore.envs.builder import apply_human_control, default_joint_dofs, pd_gain_scale
from exocore.models import human
from test_balance import upright_times

LEGS = "Femur|Tibia|Talus"


def test_rules_match_dof_names_and_the_last_rule_wins() -> None:
    dofs = ("FemurR_x", "TibiaR", "TalusR_x", "Spine_x", "HandR_x")
    scale = pd_gain_scale(dofs, {LEGS: 3.0, "Talus": 5.0, "^Hand": 0.5})
    assert scale.tolist() == [3.0, 3.0, 5.0, 1.0, 0.5]


@pytest.mark.parametrize(
    ("rules", "message"),
    [({"Fmur": 2.0}, "matches no dof"), ({"Femur": 0.0}, "must be positive")],
)
def test_bad_rules_raise(rules: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pd_gain_scale(("FemurR_x", "TibiaR"), rules)


def test_default_joint_dofs_are_the_models_after_the_root() -> None:
    dofs = default_joint_dofs()
    assert len(dofs) == 50 and dofs[0] == "FemurR_x" and "HandL_z" in dofs


def test_a_scale_of_the_wrong_length_is_refused_by_the_simulator() -> None:
    cfg = _core.EnvConfig()
    cfg.human_pd_scale = np.ones(7)
    env_model = build_env_model(human(), standing(2.0), "no-exo", "joint-torques", cfg)
    with pytest.raises(ValueError, match="human_pd_scale: need 50 positive entries"):
        ExoVecEnv(env_model, num_envs=1)


def test_a_fixed_start_time_starts_the_reference_there_and_must_lie_in_the_clip() -> None:
    cfg = _core.EnvConfig()
    cfg.random_start = False
    cfg.start_time = 0.75
    motion = standing(2.0)
    env = ExoVecEnv(build_env_model(human(), motion, "no-exo", "joint-torques", cfg), 1)
    env.reset(seed=1)
    assert env.state(0)["reference_time"] == pytest.approx(0.75)
    cfg.start_time = float(motion.time[-1])  # the clip's end leaves no episode
    with pytest.raises(ValueError, match="start_time"):
        ExoVecEnv(build_env_model(human(), motion, "no-exo", "joint-torques", cfg), 1)


def standing_env(rules: dict[str, float]) -> ExoVecEnv:
    cfg = _core.EnvConfig()
    cfg.random_start = False
    apply_human_control(cfg, {"pd_gain_scale": rules})
    env_model = build_env_model(human(), standing(10.0), "no-exo", "joint-torques", cfg)
    return ExoVecEnv(env_model, num_envs=1)


def test_legs_stiffer_than_gravity_hold_a_standing_body() -> None:
    t_soft, _ = upright_times(standing_env({}), 9.0)
    t_stiff, tilt = upright_times(standing_env({LEGS: 3.0}), 9.0)
    assert t_soft[0] < 5.0
    assert t_stiff[0] >= 9.0 - 1e-9 and tilt[0] < 0.1
