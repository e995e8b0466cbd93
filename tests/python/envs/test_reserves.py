"""Muscles with reserve actuators ('muscles-with-reserves'): each joint dof's reserve
adds what the muscles leave of the PD's desired torque. Unbounded, the applied torque
is the desired one, so the motion must be the joint-torque walker's; a zero bound
leaves the muscles alone; in between, no reserve passes its bound."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import model_with_exo, walking
from exocore import _core
from exocore.envs import ExoVecEnv, build_env_model
from exocore.envs.builder import ACTUATIONS, MUSCLE_ACTUATIONS
from exocore.training.config import ACTUATIONS as CONFIG_ACTUATIONS
from test_muscles_in_env import random_network

STEPS = 60  # 0.6 s of walking
JOINT_DOFS = 50


def walk(actuation: str, limit: float | None = None) -> dict[str, np.ndarray]:
    """Zero offsets under the balance feedback; per step, positions and torque norms."""
    cfg = _core.EnvConfig()
    cfg.random_start = False
    cfg.human_pd_tracks_reference = True
    cfg.balance.enabled = True
    if limit is not None:
        cfg.reserve_torque_limit = limit
    env = ExoVecEnv(
        build_env_model(model_with_exo(), walking(), "assist-off", actuation, cfg), 1, 0
    )
    if actuation in MUSCLE_ACTUATIONS:
        env.set_muscle_network(random_network(np.random.default_rng(1)))
    env.reset(seed=0)
    actions = {"human": np.zeros((1, JOINT_DOFS)), "exo": np.zeros((1, 2))}
    rec: dict[str, list[object]] = {"q": [], "joint": [], "reserve": []}
    for _ in range(STEPS):
        _, _, term, trunc, info = env.step(actions)
        if term[0] or trunc[0]:
            break
        rec["q"].append(np.asarray(env.state(0)["positions"]))
        rec["joint"].append(float(info["joint_torque"][0]))
        rec["reserve"].append(float(info["reserve_torque"][0]))
    env.close()
    return {k: np.asarray(v) for k, v in rec.items()}


def test_unbounded_reserves_move_the_body_as_the_joint_torques_do() -> None:
    torques, reserves = walk("joint-torques"), walk("muscles-with-reserves")
    assert len(torques["q"]) == len(reserves["q"]) == STEPS
    np.testing.assert_allclose(reserves["q"], torques["q"], atol=1e-8)
    np.testing.assert_allclose(reserves["joint"], torques["joint"], rtol=1e-8)
    assert np.all(torques["reserve"] == 0.0)
    # A random network's muscles make some of the torque, the reserves the rest.
    share = reserves["reserve"].sum() / reserves["joint"].sum()
    assert 0.05 < share


def test_a_zero_bound_leaves_the_muscles_alone() -> None:
    muscles, bounded = walk("muscles"), walk("muscles-with-reserves", limit=0.0)
    n = min(len(muscles["q"]), len(bounded["q"]))
    assert n > 5
    np.testing.assert_array_equal(bounded["q"][:n], muscles["q"][:n])
    assert np.all(bounded["reserve"] == 0.0)


def test_no_reserve_passes_its_bound() -> None:
    limit = 5.0
    bounded, free = walk("muscles-with-reserves", limit), walk("muscles-with-reserves")
    # The step mean of the reserve vector's norm; each of the 50 entries is <= limit.
    assert np.all(bounded["reserve"] <= limit * np.sqrt(JOINT_DOFS) + 1e-9)
    assert bounded["reserve"][:5].mean() < free["reserve"][:5].mean()


def test_a_negative_bound_is_refused() -> None:
    cfg = _core.EnvConfig()
    cfg.reserve_torque_limit = -1.0
    with pytest.raises(ValueError, match="reserve_torque_limit"):
        build_env_model(model_with_exo(), walking(), "assist-off", "muscles-with-reserves", cfg)


def test_the_training_config_knows_every_actuation() -> None:
    assert set(CONFIG_ACTUATIONS) == set(ACTUATIONS)
    assert set(MUSCLE_ACTUATIONS) < set(ACTUATIONS)
