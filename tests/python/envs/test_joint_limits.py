"""Soft joint limits in the environment: a PD target past the knee's limit is held
near the limit by the implicit spring (as firmly as by DART's hard constraint within
tau / K), and the muscle tuples count the limit torque as an external torque, so eq.
11's dynamics still hold while a limit is engaged."""

from __future__ import annotations

import numpy as np
from conftest import standing
from exocore import _core
from exocore.envs import ExoVecEnv, build_env_model
from exocore.models import human

KNEES = ("TibiaR", "TibiaL")


def knee_env(soft: bool, support: bool = True) -> tuple[ExoVecEnv, list[int], float]:
    cfg = _core.EnvConfig()
    cfg.random_start = False
    cfg.soft_joint_limits = soft
    if support:  # holds the pelvis so that 60 steps of odd standing stay upright
        cfg.pelvis_support_stiffness, cfg.pelvis_support_rotational_stiffness = 3e4, 3e3
    model = human()
    env_model = build_env_model(model, standing(2.0), "no-exo", "joint-torques", cfg)
    names = _core.build_skeleton(env_model.human).dof_names
    dofs = [names.index(k) for k in KNEES]
    lower = next(b for b in env_model.human.bodies if b.name == KNEES[0]).lower_limits[0]
    return ExoVecEnv(env_model, num_envs=1), dofs, float(lower)


def hyperextend(env: ExoVecEnv, dofs: list[int], steps: int) -> np.ndarray:
    """Asks both knees for 0.5 rad of hyperextension; returns their angles per step."""
    env.reset(seed=0)
    action = np.zeros((1, env.human_action_size))
    for d in dofs:
        action[0, d - 6] = -0.5
    angles = []
    for _ in range(steps):
        _, _, term, _, _ = env.step({"human": action, "exo": np.zeros((1, 2))})
        assert not term[0]
        angles.append(env.state(0)["positions"][dofs])
    return np.asarray(angles)


def test_soft_limit_holds_the_knee_like_the_hard_one_within_tau_over_k() -> None:
    soft_env, dofs, lower = knee_env(soft=True)
    hard_env, _, _ = knee_env(soft=False)
    soft = hyperextend(soft_env, dofs, 60)[-10:]
    hard = hyperextend(hard_env, dofs, 60)[-10:]
    assert np.all(hard > lower - 0.01)
    # The PD pushes with about kp * 0.5 = 150 N m: 0.03 rad past the limit at K = 5000.
    cfg = _core.EnvConfig()
    push = cfg.human_pd.kp * 0.5
    depth = lower - soft
    assert np.all(depth > 0.2 * push / cfg.joint_limits.stiffness)
    assert np.all(depth < 2.0 * push / cfg.joint_limits.stiffness)


def test_tuples_obey_the_equations_of_motion_with_a_limit_engaged() -> None:
    # No pelvis support here: its root torque is not part of the tuples.
    env, dofs, lower = knee_env(soft=True, support=False)
    angles = hyperextend(env, dofs, 20)
    assert np.all(angles[-1] < lower)
    t = env.muscle_tuple(0)
    residual = t["desired_torque"] + t["external_torque"] - t["bias"]
    np.testing.assert_allclose(t["mass_inverse"] @ residual, t["desired_acceleration"], atol=1e-6)
    # The limit pushes the knees back towards flexion (+).
    assert np.all(t["external_torque"][dofs] > 50.0)
