"""The left-right mirror against the physics of gait: in steady walking, the mirrored
state at one instant is the state half a cycle later (the legs swap roles). And the
mirror loss makes a policy symmetric."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import torch
from exocore.models import human
from exocore.motions import reference
from exocore.training.config import PPOConfig
from exocore.training.networks import ActorCritic
from exocore.training.ppo import RunningNorm, make_batch, norm_apply, ppo_update
from exocore.training.symmetry import (
    Mirror,
    dof_mirror,
    joint_mirror,
    observation_mirror,
    policy_symmetry,
)


@functools.cache
def model():
    return human()


def observation(q: np.ndarray, dq: np.ndarray, phase: float) -> np.ndarray:
    """The layout of cpp/src/env_step.cpp's human observation."""
    angle = 2 * np.pi * phase
    return np.concatenate([q[:3], [q[4]], q[6:], dq, [np.sin(angle), np.cos(angle)]])


def half_cycle_errors(mirror: Mirror) -> np.ndarray:
    """mirror(obs(t)) - obs(t'), with t' where the phase is half a cycle on."""
    walk = reference("walk", 1.25, duration=4.0)
    q, dq, phase = np.asarray(walk.positions), np.asarray(walk.velocities), np.asarray(walk.phase)
    errors = []
    for t in range(20, 270, 7):
        later = np.arange(t, t + 200)
        shift = np.abs((phase[later] - phase[t] - 0.5 + 0.5) % 1.0 - 0.5)
        u = later[np.argmin(shift)]
        errors.append(
            mirror(observation(q[t], dq[t], phase[t])) - observation(q[u], dq[u], phase[u])
        )
    return np.array(errors)


def test_mirrors_are_involutions_that_swap_the_legs() -> None:
    m = model()
    with_offset = observation_mirror(m, extra=3, root_error=True)
    for mirror in (dof_mirror(m), joint_mirror(m), observation_mirror(m, extra=3), with_offset):
        x = np.random.default_rng(0).normal(size=len(mirror.index))
        assert np.array_equal(mirror(mirror(x)), x)
    dofs = dof_mirror(m)
    names = list(reference("walk", 1.25, duration=1.0).dof_names)
    # The right knee (one revolute dof) maps to the left knee, with its sign; the right
    # hip's adduction (z) to the left's, negated.
    knee, hip_z = names.index("TibiaR"), names.index("FemurR_z")
    assert names[dofs.index[knee]] == "TibiaL" and dofs.sign[knee] == 1.0
    assert names[dofs.index[hip_z]] == "FemurL_z" and dofs.sign[hip_z] == -1.0
    # Pelvis: rotation vector (+, -, -), translation (-, +, +).
    assert list(dofs.sign[:6]) == [1, -1, -1, -1, 1, 1] and list(dofs.index[:6]) == list(range(6))
    # The pelvis's offset from the reference (after the phase, before the one-hot)
    # mirrors like the translation: sideways negated, height and forward kept.
    offset = len(with_offset.index) - 3 - np.arange(3, 0, -1)
    assert list(with_offset.index[offset]) == list(offset)
    assert list(with_offset.sign[offset]) == [-1, 1, 1]
    assert list(with_offset.sign[-3:]) == [1, 1, 1]


def test_mirrored_walking_is_walking_half_a_cycle_later() -> None:
    m = model()
    errors = half_cycle_errors(observation_mirror(m))
    joints, velocities = errors[:, 4:54], errors[:, 54:110]
    # Measured: joint angles 0.003 rad RMS (0.023 max), velocities 0.067 rad/s RMS (the
    # half cycle is matched to the nearest 1/120 s sample).
    assert np.sqrt((joints**2).mean()) < 0.01 and np.abs(joints).max() < 0.05
    assert np.sqrt((velocities**2).mean()) < 0.15
    assert np.abs(errors[:, :4]).max() < 0.01 and np.abs(errors[:, 110:]).max() < 0.05
    # A plain left-right swap without the reflection's signs is not the gait's symmetry.
    plain = observation_mirror(m)
    unsigned = Mirror(plain.index, np.where(np.arange(len(plain.sign)) >= 110, plain.sign, 1.0))
    wrong = half_cycle_errors(unsigned)[:, 4:54]
    assert np.sqrt((wrong**2).mean()) > 5 * np.sqrt((joints**2).mean())


@pytest.mark.parametrize("root_error", [False, True])
def test_policy_symmetry_mirrors_normalised_observations(root_error: bool) -> None:
    m = model()
    mirror = observation_mirror(m, extra=1, root_error=root_error)
    rng = np.random.default_rng(1)
    size = len(mirror.index)
    norm = RunningNorm(mean=rng.normal(size=size), var=rng.uniform(0.5, 2.0, size=size))
    raw = norm.mean + rng.normal(size=(4, size))
    cpu = torch.device("cpu")
    mirror_obs, mirror_action = policy_symmetry(norm, 5.0, 1, cpu, root_error=root_error)
    z = torch.as_tensor(norm_apply(norm, raw, 5.0))
    expected = norm_apply(norm, mirror(raw), 5.0)
    assert np.allclose(mirror_obs(z).numpy(), expected, atol=1e-4)
    a = rng.normal(size=(4, 50))
    assert np.allclose(mirror_action(torch.as_tensor(a)).numpy(), joint_mirror(m)(a))


def test_mirror_loss_makes_the_policy_symmetric() -> None:
    m = model()
    mirror = observation_mirror(m, extra=1)
    size = len(mirror.index)
    norm = RunningNorm(mean=np.zeros(size), var=np.ones(size))
    symmetry = policy_symmetry(norm, 5.0, 1, torch.device("cpu"))
    rng = np.random.default_rng(2)
    obs = rng.normal(size=(512, size))
    n = len(obs)

    def asymmetry(net: ActorCritic) -> float:
        with torch.no_grad():
            z = torch.as_tensor(obs, dtype=torch.float32)
            return float((net.actor(z) - symmetry[1](net.actor(symmetry[0](z)))).pow(2).mean())

    results = {}
    for coef in (0.0, 4.0):
        torch.manual_seed(0)
        net = ActorCritic(size, 50, (32,), "tanh")
        with torch.no_grad():
            net.actor[-1].weight.mul_(100.0)  # an asymmetric start
        before = asymmetry(net)
        batch = make_batch(obs, np.zeros((n, 50)), np.zeros(n), np.zeros(n), np.zeros(n),
                           torch.device("cpu"))  # fmt: skip
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        cfg = PPOConfig(epochs=20, minibatch_size=128, symmetry_coef=coef)
        stats = ppo_update(net, opt, batch, cfg, symmetry)
        results[coef] = (before, asymmetry(net), stats)
    assert "symmetry" not in results[0.0][2]
    before, after, stats = results[4.0]
    assert after < 0.2 * before and stats["symmetry"] > 0.0
    assert results[0.0][1] > 0.5 * results[0.0][0]  # without the loss it stays
