"""PPO pieces: GAE against hand-computed values, the normaliser, and PPO learning a
1-D point mass (double integrator) to a stated return."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from exocore.training.config import PPOConfig
from exocore.training.networks import ActorCritic
from exocore.training.ppo import (
    act,
    adapt_learning_rate,
    compute_gae,
    make_batch,
    make_norm,
    norm_apply,
    norm_update,
    ppo_update,
    values_of,
)


def test_gae_matches_hand_computation_with_a_terminal_in_the_middle() -> None:
    g, lam = 0.9, 0.8
    r = np.array([1.0, 2.0, 0.5, -1.0, 3.0])
    v = np.array([0.5, 1.0, 1.5, 2.0, 2.5])
    nv = np.array([1.0, 1.5, 99.0, 2.5, 4.0])  # 99 is after the terminal: must be ignored
    d = np.array([0, 0, 1, 0, 0])
    # Episode 2 (steps 3, 4), from the end: bootstrap V = 4.0 after step 4.
    d4 = 3.0 + 0.9 * 4.0 - 2.5  # 4.1
    a4 = d4
    d3 = -1.0 + 0.9 * 2.5 - 2.0  # -0.75
    a3 = d3 + 0.9 * 0.8 * a4  # -0.75 + 0.72 * 4.1 = 2.202
    # Episode 1 (steps 0..2) ends at step 2: no bootstrap, no flow from step 3.
    d2 = 0.5 - 1.5  # -1.0
    a2 = d2
    d1 = 2.0 + 0.9 * 1.5 - 1.0  # 2.35
    a1 = d1 + 0.72 * a2  # 1.63
    d0 = 1.0 + 0.9 * 1.0 - 0.5  # 1.4
    a0 = d0 + 0.72 * a1  # 2.5736
    expected = np.array([2.5736, 1.63, -1.0, 2.202, 4.1])
    assert np.allclose([a0, a1, a2, a3, a4], expected)
    adv, ret = compute_gae(r, v, nv, d, g, lam)
    assert np.allclose(adv, expected, atol=1e-12)
    assert np.allclose(ret, expected + v, atol=1e-12)
    # Columns are independent environments.
    adv2, _ = compute_gae(np.stack([r, r], 1), np.stack([v, v], 1), np.stack([nv, nv], 1),
                          np.stack([d, np.zeros(5)], 1), g, lam)  # fmt: skip
    assert np.allclose(adv2[:, 0], expected)
    assert not np.allclose(adv2[:, 1], expected)


def test_running_norm_matches_numpy_over_batches() -> None:
    rng = np.random.default_rng(0)
    data = rng.normal([3.0, -2.0], [2.0, 0.5], size=(1000, 2))
    norm = make_norm(2)
    for chunk in np.array_split(data, 7):
        norm_update(norm, chunk)
    assert np.allclose(norm.mean, data.mean(0), atol=1e-5)
    assert np.allclose(norm.var, data.var(0), atol=1e-4)
    z = norm_apply(norm, data, clip=5.0)
    assert z.dtype == np.float32
    assert np.allclose(z.mean(0), 0.0, atol=1e-3) and np.allclose(z.std(0), 1.0, atol=1e-3)
    assert norm_apply(norm, np.array([[1e6, 0.0]]), clip=5.0)[0, 0] == 5.0


def test_entropy_bonus_raises_the_policy_std() -> None:
    torch.manual_seed(0)
    model = ActorCritic(3, 2, (8,), "tanh", init_log_std=0.0)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    n = 256
    batch = make_batch(np.zeros((n, 3)), np.zeros((n, 2)), np.zeros(n), np.zeros(n), np.zeros(n),
                       torch.device("cpu"))  # fmt: skip
    cfg = PPOConfig(epochs=2, minibatch_size=64, entropy_coef=1.0)
    ppo_update(model, opt, batch, cfg)
    assert torch.all(model.log_std > 0.0)


class PointMass:
    """x'' = 2 u, dt = 0.1 s, 40 steps; reward -(x^2 + 0.1 v^2) per step."""

    horizon = 40

    def __init__(self, n: int, rng: np.random.Generator) -> None:
        self.n, self.rng = n, rng
        self.reset()

    def reset(self) -> np.ndarray:
        self.x = self.rng.uniform(-1, 1, self.n)
        self.v = self.rng.uniform(-0.5, 0.5, self.n)
        self.t = 0
        return self.obs()

    def obs(self) -> np.ndarray:
        return np.stack([self.x, self.v], 1)

    def step(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
        u = np.clip(u[:, 0], -1, 1)
        self.v = self.v + 0.2 * u
        self.x = self.x + 0.1 * self.v
        self.t += 1
        return self.obs(), -(self.x**2 + 0.1 * self.v**2), self.t >= self.horizon


def evaluate(model: ActorCritic, norm, starts: np.ndarray) -> float:
    env = PointMass(len(starts), np.random.default_rng(0))
    env.x, env.v = starts[:, 0].copy(), starts[:, 1].copy()
    total = np.zeros(len(starts))
    for _ in range(env.horizon):
        with torch.no_grad():
            u = model.actor(torch.from_numpy(norm_apply(norm, env.obs(), 5.0))).numpy()
        _, r, _ = env.step(u)
        total += r
    return float(total.mean())


def test_ppo_solves_a_point_mass() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(1)
    rng = np.random.default_rng(1)
    starts = np.random.default_rng(123).uniform([-1, -0.5], [1, 0.5], size=(200, 2))
    model = ActorCritic(2, 1, (32, 32), "tanh", init_log_std=-0.5)
    norm = make_norm(2)
    cfg = PPOConfig(lr=3e-3, epochs=5, minibatch_size=256, gamma=0.97, lam=0.95)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    dev = torch.device("cpu")
    zero_policy = -np.mean([(PointMass.horizon) * (x**2) for x in starts[:, 0]])
    before = evaluate(model, norm, starts)
    env = PointMass(32, rng)
    for _ in range(40):
        raw, obs_n, acts, logps, vals, rews = [], [], [], [], [], []
        o = env.reset()
        done = False
        while not done:
            z = norm_apply(norm, o, 5.0)
            a, lp, v = act(model, z, dev)
            raw.append(o)
            o, r, done = env.step(a)
            obs_n.append(z), acts.append(a), logps.append(lp), vals.append(v), rews.append(r)
        # Time limit: bootstrap the last step with V(s_T) rather than treating it as terminal.
        last = values_of(model, norm_apply(norm, o, 5.0), dev)
        v_arr = np.array(vals)
        nv = np.concatenate([v_arr[1:], last[None]], 0)
        adv, ret = compute_gae(np.array(rews), v_arr, nv, np.zeros_like(v_arr), cfg.gamma, cfg.lam)
        batch = make_batch(np.concatenate(obs_n), np.concatenate(acts), np.concatenate(logps),
                           adv.reshape(-1), ret.reshape(-1), dev)  # fmt: skip
        ppo_update(model, opt, batch, cfg)
        norm_update(norm, np.concatenate(raw))
    after = evaluate(model, norm, starts)
    print(f"zero policy {zero_policy:.2f}, before {before:.2f}, after {after:.2f}")
    # Driving x to 0 within ~1 s costs about -2.5; doing nothing costs about -13.
    assert after > -4.0
    assert after > before + 5.0


@pytest.mark.parametrize("clip", [0.1, 0.3])
def test_clipped_ratio_stops_gradient_outside_the_trust_region(clip: float) -> None:
    torch.manual_seed(0)
    model = ActorCritic(1, 1, (4,), "tanh", init_log_std=0.0)
    n = 64
    obs = np.zeros((n, 1))
    acts = np.ones((n, 1))
    with torch.no_grad():
        logp_now = model.distribution(torch.zeros(n, 1)).log_prob(torch.ones(n, 1)).sum(-1)
    # Advantages (normalised) > 0 where the old policy was much less likely to act so
    # (ratio e^2 > 1 + clip), < 0 where it was much more likely (ratio e^-2 < 1 - clip):
    # both sides are clipped, so nothing may move.
    old = (logp_now + torch.where(torch.arange(n) < n // 2, 2.0, -2.0)).numpy()
    batch = make_batch(obs, acts, old, np.linspace(1, 2, n), np.zeros(n), torch.device("cpu"))
    cfg = PPOConfig(epochs=1, minibatch_size=n, value_coef=0.0, clip=clip)
    before = [p.detach().clone() for p in model.actor.parameters()] + [
        model.log_std.detach().clone()
    ]
    stats = ppo_update(model, torch.optim.SGD(model.parameters(), lr=0.1), batch, cfg)
    after = [p.detach() for p in model.actor.parameters()] + [model.log_std.detach()]
    assert stats["clip_frac"] == 1.0
    assert all(torch.equal(a, b) for a, b in zip(before, after))


def test_adaptive_rate_shrinks_after_a_large_step_and_grows_after_a_small_one() -> None:
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.Adam([param], lr=1e-3)
    cfg = PPOConfig(desired_kl=0.01)
    adapt_learning_rate(opt, 0.05, cfg)  # above 2 x 0.01
    assert opt.param_groups[0]["lr"] == pytest.approx(1e-3 / 1.5)
    adapt_learning_rate(opt, 0.015, cfg)  # inside [0.005, 0.02]: unchanged
    assert opt.param_groups[0]["lr"] == pytest.approx(1e-3 / 1.5)
    adapt_learning_rate(opt, 0.001, cfg)  # below half
    assert opt.param_groups[0]["lr"] == pytest.approx(1e-3)


def test_desired_kl_brings_an_oversized_learning_rate_down() -> None:
    # A rate far too large for the batch moves the policy by much more than the
    # desired KL; with the adaptive rule the next update gets a smaller rate, with
    # a fixed rate it keeps it.
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    n = 512
    obs = rng.normal(size=(n, 3))
    actions = rng.normal(size=(n, 2))
    advantages = rng.normal(size=n)
    rates = {}
    for desired in (0.0, 0.01):
        torch.manual_seed(0)
        model = ActorCritic(3, 2, (16,), "tanh", init_log_std=0.0)
        with torch.no_grad():  # the rollout policy is the model as it starts
            dist = model.distribution(torch.as_tensor(obs, dtype=torch.float32))
            logp = dist.log_prob(torch.as_tensor(actions, dtype=torch.float32)).sum(-1)
        batch = make_batch(obs, actions, logp.numpy(), advantages, np.zeros(n),
                           torch.device("cpu"))  # fmt: skip
        opt = torch.optim.Adam(model.parameters(), lr=0.05)
        stats = ppo_update(model, opt, batch, PPOConfig(epochs=4, minibatch_size=64,
                                                        desired_kl=desired))  # fmt: skip
        rates[desired] = stats["lr"]
    assert rates[0.0] == pytest.approx(0.05)
    assert rates[0.01] == pytest.approx(0.05 / 1.5)


def test_critic_lr_is_its_own_fixed_rate_and_the_kl_rule_adapts_only_the_actor() -> None:
    from exocore.training.state import ppo_optimizer

    model = ActorCritic(3, 2, (8,), "tanh")
    cfg = PPOConfig(lr=1e-4, critic_lr=1e-3, desired_kl=0.01)
    opt = ppo_optimizer(model, cfg)
    actor, critic = opt.param_groups
    # Every parameter in exactly one group; the critic's are the value network's.
    assert {id(p) for p in critic["params"]} == {id(p) for p in model.critic.parameters()}
    assert len(actor["params"]) + len(critic["params"]) == len(list(model.parameters()))
    assert any(p is model.log_std for p in actor["params"])
    adapt_learning_rate(opt, 0.05, cfg)  # a large step: only the actor's rate shrinks
    assert actor["lr"] == pytest.approx(1e-4 / 1.5) and critic["lr"] == pytest.approx(1e-3)
    # Without critic_lr: one group, as before.
    assert len(ppo_optimizer(model, PPOConfig(lr=1e-4)).param_groups) == 1
