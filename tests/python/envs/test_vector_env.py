"""The batched environment: API shapes, batched == serial bit for bit, NaN isolation,
reproducible seeds, and physics checks (falling, quiet standing with the exo worn)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from conftest import model_with_exo, standing, walking
from exocore import _core
from exocore.envs import ExoVecEnv, build_env_model
from exocore.models import human


def zero_actions(env: ExoVecEnv) -> dict[str, np.ndarray]:
    return {
        "human": np.zeros((env.num_envs, env.human_action_size)),
        "exo": np.zeros((env.num_envs, 2)),
    }


def random_actions(env: ExoVecEnv, rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {
        "human": rng.normal(0.0, 0.05, (env.num_envs, env.human_action_size)),
        "exo": rng.normal(0.0, 0.2, (env.num_envs, 2)),
    }


def rollout(env: ExoVecEnv, steps: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    obs, _ = env.reset(seed=seed)
    trace = [obs["human"].copy(), obs["exo"].copy()]
    for _ in range(steps):
        obs, reward, term, trunc, info = env.step(random_actions(env, rng))
        trace += [obs["human"].copy(), obs["exo"].copy(), reward.copy(), info["exo_torque"].copy()]
    return trace


def walking_model(condition: str = "assist-on", **config: object) -> _core.EnvModel:
    cfg = _core.EnvConfig()
    cfg.random_start = True
    cfg.randomization.enabled = True
    cfg.max_episode_s = 2.0  # of a 4 s clip: random starts in [0, 2] s
    for key, value in config.items():
        setattr(cfg, key, value)
    return build_env_model(model_with_exo(), walking(), condition, "joint-torques", cfg)


def test_shapes_and_spaces() -> None:
    env = ExoVecEnv(walking_model(), num_envs=3)
    obs, info = env.reset(seed=0)
    assert obs["human"].shape == (3, env.human_obs_size) == (3, 112)
    assert obs["exo"].shape == (3, 16)
    assert env.human_action_size == 50
    assert info["human_decision"].all()
    obs, reward, term, trunc, info = env.step(zero_actions(env))
    assert reward.shape == term.shape == trunc.shape == (3,)
    assert set(info["reward_terms"]) == {"pose", "root", "cop", "muscle", "energy", "smooth"}
    for value in info["reward_terms"].values():
        assert np.all((value >= 0.0) & (value <= 1.0))
    with pytest.raises(ValueError, match=r"human_actions: expected shape \(3, 50\), got \(3, 49\)"):
        env.step({"human": np.zeros((3, 49)), "exo": np.zeros((3, 2))})
    with pytest.raises(TypeError, match="dict with keys"):
        env.step(np.zeros((3, 52)))  # type: ignore[arg-type]


def test_root_error_observation_is_the_pelvis_offset_from_the_reference() -> None:
    env = ExoVecEnv(walking_model(human_obs_root_error=True), num_envs=2, seed=3)
    assert env.human_obs_size == 112 + 3
    obs, _ = env.reset(seed=3)
    np.testing.assert_allclose(obs["human"][:, -3:], 0.0, atol=1e-9)  # starts on the reference
    motion = walking()
    for _ in range(60):  # 0.6 s of a zero-offset walker drifting off its reference
        obs, *_ = env.step(zero_actions(env))
    for i in range(2):
        state = env.state(i)
        # The simulator interpolates its reference table linearly.
        pelvis = np.asarray(motion.positions)[:, 3:6]
        ref = [np.interp(state["reference_time"], motion.time, pelvis[:, j]) for j in range(3)]
        expected = state["positions"][3:6] - np.array(ref)
        assert np.abs(expected).max() > 1e-3  # the walker did drift
        np.testing.assert_allclose(obs["human"][i, -3:], expected, atol=1e-9)
    # The rest of the observation is the paper's state, unchanged by the flag.
    plain = ExoVecEnv(walking_model(), num_envs=2, seed=3)
    plain_obs, _ = plain.reset(seed=3)
    again, _ = env.reset(seed=3)
    np.testing.assert_array_equal(again["human"][:, :-3], plain_obs["human"])


def test_batched_equals_serial_bit_for_bit() -> None:
    model = walking_model()
    batched = rollout(ExoVecEnv(model, num_envs=4, seed=7, num_threads=2), steps=25, seed=11)
    single_thread = rollout(ExoVecEnv(model, num_envs=4, seed=7, num_threads=1), steps=25, seed=11)
    for a, b in zip(batched, single_thread):
        assert np.array_equal(a, b)
    # Same seed -> same episodes; another seed -> different randomisation and start.
    again = rollout(ExoVecEnv(model, num_envs=4, seed=7, num_threads=2), steps=25, seed=11)
    assert all(np.array_equal(a, b) for a, b in zip(batched, again))
    other = rollout(ExoVecEnv(model, num_envs=4, seed=7, num_threads=2), steps=25, seed=12)
    assert not np.array_equal(batched[0], other[0])


def test_random_starts_differ_when_the_clip_is_as_long_as_the_time_limit() -> None:
    cfg = _core.EnvConfig()  # random start on, 10 s limit
    model = build_env_model(model_with_exo(), walking(), "assist-off", "joint-torques", cfg)
    cfg.max_episode_s = 4.0  # as long as the 4 s clip
    model.config = cfg
    env = ExoVecEnv(model, num_envs=4)
    env.reset(seed=0)
    starts = [env.state(i)["reference_time"] for i in range(4)]
    assert len(set(starts)) == 4 and max(starts) <= 2.0 + 1e-9


def test_nan_action_ends_only_that_environment() -> None:
    env = ExoVecEnv(walking_model(), num_envs=3, seed=1, num_threads=2)
    env.reset(seed=1)
    for _ in range(3):
        env.step(zero_actions(env))
    before = [env.state(i)["time"] for i in range(3)]
    actions = zero_actions(env)
    actions["exo"][1, 0] = np.nan
    obs, reward, term, trunc, info = env.step(actions)
    assert list(info["diverged"]) == [False, True, False]
    assert list(term) == [False, True, False]
    assert np.all(np.isfinite(obs["human"])) and np.all(np.isfinite(obs["exo"]))
    after = [env.state(i)["time"] for i in range(3)]
    assert after[1] == 0.0  # reset in the same step
    assert after[0] == pytest.approx(before[0] + 0.01) and after[2] == pytest.approx(
        before[2] + 0.01
    )


def test_quiet_standing_with_exo_worn_keeps_straps_within_a_centimetre() -> None:
    cfg = _core.EnvConfig()
    cfg.random_start = False
    model = build_env_model(model_with_exo(), standing(), "assist-off", "joint-torques", cfg)
    env = ExoVecEnv(model, num_envs=1)
    env.reset(seed=0)
    human_skel = _core.build_skeleton(model.human)
    exo_skel = _core.build_skeleton(model.exo.skeleton)
    worst = 0.0
    for _ in range(200):  # 2 s
        _, _, term, _, info = env.step(zero_actions(env))
        assert not term[0] and not info["diverged"][0]
        assert np.all(info["exo_torque"] == 0.0)  # assist off: motors produce nothing
        state = env.state(0)
        human_skel.positions = state["positions"]
        exo_skel.positions = state["exo_positions"]
        for strap in model.exo.straps:
            w = _core.evaluate_bushing(
                strap.params, strap.frames, exo_skel, strap.exo_body, human_skel, strap.human_body
            )
            worst = max(worst, float(np.linalg.norm(w.deflection)))
    assert 0.0 < worst < 0.01


def test_passive_human_falls_like_a_rigid_body_under_gravity() -> None:
    # No exo and no contact: joint torques are internal, so the centre of mass falls
    # exactly as a point mass. Start 0.3 m above the ground: free fall for 0.247 s.
    walk = standing()
    lifted = walk.positions.copy()
    lifted[:, 4] += 0.3
    motion = dataclasses.replace(walk, positions=lifted)
    cfg = _core.EnvConfig()
    cfg.random_start = False
    cfg.human_pd = _core.PDGains(0.0, 0.0)
    model = build_env_model(model_with_exo(), motion, "no-exo", "joint-torques", cfg)
    env = ExoVecEnv(model, num_envs=1)
    env.reset(seed=0)
    skel = _core.build_skeleton(model.human)
    skel.positions = env.state(0)["positions"]
    start = skel.com()[1]
    heights = []
    for _ in range(20):  # 0.2 s, still airborne
        env.step(zero_actions(env))
        skel.positions = env.state(0)["positions"]
        heights.append(skel.com()[1] - start)
    t = 0.01 * np.arange(1, 21)
    # Semi-implicit Euler at 600 Hz: error below g t dt.
    np.testing.assert_allclose(heights, -0.5 * 9.81 * t**2, atol=9.81 * 0.2 / 600.0)


def test_pelvis_support_set_between_steps_holds_a_toppling_body_and_turns_off() -> None:
    # kp 300 legs are softer than m g h: the PD-held body topples in ~2.6 s unless
    # the virtual support (the training curriculum's) holds the pelvis.
    cfg = _core.EnvConfig()
    cfg.random_start = False
    env = ExoVecEnv(build_env_model(human(), standing(10.0), "no-exo", "joint-torques", cfg), 1)
    zero = {"human": np.zeros((1, env.human_action_size)), "exo": np.zeros((1, 2))}

    def seconds_up(steps: int) -> float:
        for k in range(steps):
            _, _, term, _, _ = env.step(zero)
            if term[0]:
                return k / 100
        return steps / 100

    env.reset(seed=0)
    assert seconds_up(600) < 5.0
    env.set_pelvis_support(3000.0, 1e4)
    env.reset(seed=0)
    assert seconds_up(600) == 6.0
    assert env.batch.outputs()["support_force"][0] > 0.0
    env.set_pelvis_support(0.0, 0.0)
    env.step(zero)
    assert env.batch.outputs()["support_force"][0] == 0.0
    with pytest.raises(ValueError, match="finite and >= 0"):
        env.set_pelvis_support(-1.0, 0.0)
