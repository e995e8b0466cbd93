"""Rollout bookkeeping on a scripted env: human transitions only at 30 Hz decisions with
the mean reward in between, terminal vs time-limit ends, exo transitions every step."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from exocore.training.config import PPOConfig
from exocore.training.networks import ActorCritic
from exocore.training.ppo import make_norm
from exocore.training.rollout import Agent, Episodes, collect

C_HUMAN, C_EXO, GAMMA, LAM = 0.5, 2.0, 0.9, 0.8


class ScriptedEnv:
    """2 envs. Decisions after every 3rd step (and on reset); human reward k and 10 k at
    step k; env 1 falls at step 4, env 0 hits the time limit at step 5."""

    num_envs = 2
    human_action_size = 3

    def __init__(self) -> None:
        self.k = 0
        self.actions: list[np.ndarray] = []

    def _obs(self) -> dict[str, np.ndarray]:
        return {"human": np.full((2, 4), float(self.k)), "exo": np.full((2, 16), float(self.k))}

    def reset(self, seed: int) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        self.resets = getattr(self, "resets", 0) + 1
        self.k = 0
        return self._obs(), {"human_decision": np.array([True, True])}

    def step(self, action: dict[str, np.ndarray]) -> tuple[Any, ...]:
        self.actions.append(action["human"].copy())
        self.k += 1
        k = self.k
        term = np.array([False, k == 4])
        trunc = np.array([k == 5, False])
        decision = np.full(2, k % 3 == 0) | term | trunc  # a reset starts with a decision
        info = {
            "human_reward": np.array([k, 10.0 * k]),
            "human_decision": decision,
            "tuple_ready": np.zeros(2, bool),
            "reward_terms": {
                t: np.zeros(2) for t in ("pose", "root", "cop", "muscle", "energy", "smooth")
            },  # fmt: skip
            "final_obs": {"human": np.zeros((2, 4)), "exo": np.zeros((2, 16))},
        }
        return self._obs(), np.array([1.0, 1.0]), term, trunc, info


def constant_value_agent(obs: int, act: int, value: float, scale: bool = False) -> Agent:
    torch.manual_seed(0)
    model = ActorCritic(obs, act, (8,), "tanh", init_log_std=-1.0)
    with torch.no_grad():
        model.critic[-1].weight.zero_()
        model.critic[-1].bias.fill_(value)
    cfg = PPOConfig(gamma=GAMMA, lam=LAM, scale_returns=scale)
    return Agent(model, torch.optim.Adam(model.parameters()), make_norm(obs), cfg)


def test_human_transitions_span_decisions_and_episode_ends() -> None:
    env = ScriptedEnv()
    human = constant_value_agent(5, 3, C_HUMAN)
    exo = constant_value_agent(16, 2, C_EXO)
    hs, es, stats = collect(env, human, exo, np.ones(1), 7, 0, None, torch.device("cpu"))
    g, c = GAMMA, C_HUMAN
    # env 0: A = steps 1-3 (mean 2), B = steps 4-5 ended by the time limit (mean 4.5 +
    # bootstrap), C = step 6 (reward 6, next value c from the dropped pending D at step 7).
    d_a, d_b, d_c = 2 + g * c - c, 4.5 + g * c - c, 6 + g * c - c
    env0 = [d_a + g * LAM * d_b, d_b, d_c]
    # env 1: steps 1-3 (mean 20), step 4 falls (40, no bootstrap), steps 5-6 (mean 55).
    e_a, e_b, e_c = 20 + g * c - c, 40 - c, 55 + g * c - c
    env1 = [e_a + g * LAM * e_b, e_b, e_c]
    adv = np.concatenate(hs.advantages)
    assert np.allclose(adv, env0 + env1, atol=1e-5)
    assert np.allclose(np.concatenate(hs.returns), np.array(env0 + env1) + c, atol=1e-5)
    assert sum(len(o) for o in hs.obs) == 6 and stats["human_transitions"] == 6
    # Decision observations: reset (k=0), after steps 3, 5 (reset), 6 for env 0 (D is
    # dropped from the batch but its observation still feeds the normaliser).
    assert [float(o[0]) for o in hs.obs[0]] == [0.0, 3.0, 5.0]
    assert len(hs.raw_obs) == 8
    # Actions the simulator saw change only right after decisions.
    acts = np.array(env.actions)  # (7 steps, 2 envs, 3)
    assert np.array_equal(acts[0, 0], acts[2, 0]) and not np.array_equal(acts[2, 0], acts[3, 0])
    assert np.array_equal(acts[3, 0], acts[4, 0]) and not np.array_equal(acts[4, 0], acts[5, 0])
    assert np.all(np.abs(acts) <= 1.0)
    # Exo: every step, 7 x 2; time limit bootstraps 1 + gamma * C_EXO at step 5, env 0.
    assert len(es.obs[0]) == 14
    rets = es.returns[0].reshape(7, 2)
    ce = C_EXO
    # env 1 falls at step 4: the return of step 4 is just its reward 1 (advantage 1 - ce).
    assert np.isclose(rets[3, 1], 1.0, atol=1e-5)
    assert np.isclose(rets[4, 0], 1 + g * ce, atol=1e-5)
    assert stats["falls"] == 1 and stats["episode_length"] == 4.5  # episodes of 5 and 4


def test_episodes_continue_into_the_next_rollout() -> None:
    """A rollout of 2 steps, then one of 5 that continues it: no second reset, the held
    action carries over, and the episodes end at steps 4 and 5 counted from the reset."""
    env = ScriptedEnv()
    human = constant_value_agent(5, 3, C_HUMAN)
    episodes = Episodes()
    cpu = torch.device("cpu")
    collect(env, human, None, np.ones(1), 2, 0, None, cpu, episodes=episodes)
    assert episodes.length is not None and list(episodes.length) == [2, 2]
    hs, _, stats = collect(env, human, None, np.ones(1), 5, 1, None, cpu, episodes=episodes)
    assert env.resets == 1 and env.k == 7
    acts = np.array(env.actions)
    assert np.array_equal(acts[0], acts[2])  # no decision after step 2: the action is held
    assert stats["falls"] == 1 and stats["episode_length"] == 4.5
    # The second rollout's decisions: after steps 3, 5 (env 0's time limit) and 6; env 1
    # falls at 4 and decides again after it and at 6.
    assert [float(o[0]) for o in hs.raw_obs] == [3.0, 3.0, 4.0, 5.0, 6.0, 6.0]
    episodes.clear()
    collect(env, human, None, np.ones(1), 1, 2, None, cpu, episodes=episodes)
    assert env.resets == 2 and env.k == 1


def test_scaled_returns_are_discounted_mean_rewards() -> None:
    """With a zero critic GAE is linear in the rewards: scaling multiplies the returns
    by 1 - gamma, so a constant reward of 1 is worth at most 1, not 1 / (1 - gamma)."""
    cpu = torch.device("cpu")
    out = {}
    for scale in (False, True):
        human = constant_value_agent(5, 3, 0.0, scale)
        exo = constant_value_agent(16, 2, 0.0, scale)
        out[scale] = collect(ScriptedEnv(), human, exo, np.ones(1), 7, 0, None, cpu)
    for agent in (0, 1):
        plain = np.concatenate(out[False][agent].returns)
        scaled = np.concatenate(out[True][agent].returns)
        assert np.allclose(scaled, (1 - GAMMA) * plain, atol=1e-6)
    # The exo's reward is 1 at every step: its scaled returns stay within (0, 1].
    exo_returns = np.concatenate(out[True][1].returns)
    assert exo_returns.max() <= 1.0 + 1e-6 and exo_returns.min() > 0.0


class NanEnv(ScriptedEnv):
    """Env 1 reports NaN observations and rewards at step 2 (a diverged simulation)."""

    def step(self, action: dict[str, np.ndarray]) -> tuple[Any, ...]:
        obs, reward, term, trunc, info = super().step(action)
        if self.k == 2:
            obs["human"][1] = np.nan
            obs["exo"][1] = np.inf
            reward = np.array([1.0, np.nan])
            info["human_reward"] = np.array([2.0, np.nan])
        return obs, reward, term, trunc, info


def test_non_finite_simulator_values_do_not_reach_the_batch() -> None:
    human = constant_value_agent(5, 3, C_HUMAN)
    exo = constant_value_agent(16, 2, C_EXO)
    hs, es, stats = collect(NanEnv(), human, exo, np.ones(1), 7, 0, None, torch.device("cpu"))
    for samples in (hs, es):
        for field in ("obs", "actions", "logp", "advantages", "returns"):
            assert all(np.all(np.isfinite(a)) for a in getattr(samples, field)), field
    assert np.all(np.isfinite(np.concatenate([np.ravel(o) for o in es.raw_obs])))
    assert np.isfinite(stats["human_reward"]) and np.isfinite(stats["exo_reward"])
