"""Training config: defaults from DESIGN.md, YAML + overrides, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from exocore import _core
from exocore.training.config import TrainConfig, apply_overrides, from_dict, load_config, to_dict


def test_defaults_follow_the_design() -> None:
    cfg = TrainConfig()
    assert cfg.human.lr == 1e-4 and cfg.human.clip == 0.2 and cfg.human.epochs == 10
    assert cfg.human.minibatch_size == 128 and cfg.human.gamma == 0.99
    assert cfg.human.hidden_sizes == (256, 256) and cfg.exo.hidden_sizes == (128, 64)
    # The human PD gains are the simulator's (stable PD, MASS's kp 300).
    sim = _core.EnvConfig().human_pd
    assert cfg.env.human_kp == sim.kp == 300.0 and cfg.env.human_kv == sim.kv
    assert cfg.env.actuation == "muscles" and cfg.muscle.loss == "torque"
    assert cfg.stage1.iterations + cfg.stage2.iterations == 3500  # paper: ~3,500 iterations


def test_yaml_then_overrides(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "seed: 7\nenv:\n  activities: [walk, stairs]\n  speed: 1.75\n  num_envs: 4\n"
        "human:\n  lr: 3.0e-4\n  hidden_sizes: [64, 64]\nstage2:\n  iterations: 5\n"
    )
    cfg = load_config(path, {"human.lr": 1e-3, "env.activities": "run", "exo.gamma": 1})
    assert cfg.seed == 7 and cfg.env.num_envs == 4 and cfg.env.speed == 1.75
    assert cfg.human.lr == 1e-3 and cfg.human.hidden_sizes == (64, 64)
    assert cfg.env.activities == ("run",)
    assert cfg.exo.gamma == 1.0 and isinstance(cfg.exo.gamma, float)
    assert cfg.stage2.iterations == 5 and cfg.stage1.iterations == 2000
    assert from_dict(to_dict(cfg)) == cfg
    assert apply_overrides(cfg, {"env.speed": None}).env.speed is None
    assert apply_overrides(cfg, {"human.lr": "3e-5"}).human.lr == 3e-5  # YAML's 3e-5 is a str


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"human": {"lrr": 1.0}}, "unknown config key 'human.lrr'"),
        ({"bogus": 1}, "unknown config key 'bogus'"),
        ({"env": {"num_envs": "many"}}, "config key 'env.num_envs'"),
        ({"env": {"num_envs": 2.5}}, "config key 'env.num_envs'"),
        ({"env": {"randomize_stage2": 1}}, "config key 'env.randomize_stage2'"),
        ({"env": 3}, "'env' must be a mapping"),
        ({"env": {"activities": ["walk", "swim"]}}, "unknown activity 'swim'"),
        ({"env": {"actuation": "motors"}}, "env.actuation"),
        ({"muscle": {"loss": "l1"}}, "muscle.loss"),
        ({"stage1": {"steps_per_iteration": 0}}, "stage1.steps_per_iteration"),
        ({"env": {"pd_gain_scale": {"Femur": "stiff"}}}, "env.pd_gain_scale\\['Femur'\\]"),
        ({"env": {"pd_gain_scale": [3.0]}}, "config key 'env.pd_gain_scale'"),
        ({"human": {"desired_kl": -0.01}}, "human.desired_kl"),
        ({"env": {"support_stiffness": 100.0}}, "env.support_iterations: must be > 0"),
        ({"env": {"support_schedule": "cosine"}}, "env.support_schedule"),
        ({"env": {"human_hz": 200.0}}, "env.human_hz: must be in"),
        ({"exo": {"critic_lr": -1.0}}, "exo.critic_lr: must be >= 0"),
        ({"env": {"reset_every": 0}}, "env.reset_every: must be > 0"),
        ({"env": {"reserve_torque_limit": -5.0}}, "env.reserve_torque_limit: >= 0"),
        ({"env": {"reserve_torque_limit": "big"}}, "config key 'env.reserve_torque_limit'"),
        ({"init_from": 3}, "config key 'init_from'"),
        ({"env": {"reward": {"sigma_musle": 5.0}}}, "env.reward: unknown term 'sigma_musle'"),
        ({"env": {"reward": {"w_muscle": -1.0}}}, "env.reward\\['w_muscle'\\]: must be >= 0"),
    ],
)
def test_bad_values_name_the_key(data: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        from_dict(data)


def test_unknown_override_names_the_dotted_key() -> None:
    with pytest.raises(ValueError, match="unknown config key 'env.speeed'"):
        load_config(overrides={"env.speeed": 1.0})


def test_yaml_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("- 1\n- 2\n")
    with pytest.raises(ValueError, match="mapping"):
        load_config(path)


def test_a_saved_run_that_predates_a_field_gets_the_value_it_trained_with() -> None:
    from exocore.training.config import LEGACY_VALUES, saved_config, to_dict

    old = to_dict(TrainConfig())
    for section, key in LEGACY_VALUES:
        del old[section][key]
    cfg = saved_config(old)
    assert cfg.env.reset_every == 1
    assert not cfg.human.scale_returns and not cfg.exo.scale_returns
    # A run saved with the fields keeps its own values.
    assert saved_config(to_dict(TrainConfig())).env.reset_every == TrainConfig().env.reset_every
    assert "reset_every" not in old["env"]  # the caller's dict is not changed
