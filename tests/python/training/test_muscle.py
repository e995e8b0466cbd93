"""Muscle network layout and the eq. 11 regression on synthetic tuples."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from exocore.training.config import MuscleConfig
from exocore.training.muscle import (
    TupleBuffer,
    buffer_add,
    buffer_clear,
    muscle_loss,
    muscle_update,
    reduce_tuple,
)
from exocore.training.networks import flat_parameters, muscle_network

N_DOF, N_MUS = 56, 208


def synthetic_tuple(rng: np.random.Generator, activation=None, teacher=None) -> dict:
    """A tuple whose desired acceleration/torque is produced exactly by ``activation``, or
    by ``sigmoid(teacher @ passive[6:] / 100)``: a known function of the network input."""
    a_cols = rng.normal(0, 1, (N_DOF, N_MUS))
    root = rng.normal(0, 1, (N_DOF, N_DOF))
    mass = root @ root.T / N_DOF + np.eye(N_DOF)  # symmetric positive definite, O(1)
    m_inv = np.linalg.inv(mass)
    passive = rng.normal(0, 5, N_DOF)
    ext = rng.normal(0, 5, N_DOF)
    bias = rng.normal(0, 5, N_DOF)
    if teacher is not None:
        activation = 1 / (1 + np.exp(-teacher @ passive[6:] / 100.0))
    generalized = a_cols @ activation + passive
    return {
        "desired_acceleration": m_inv @ (generalized + ext - bias),
        "desired_torque": generalized,  # joint part: A a + p
        "active_columns": a_cols,
        "passive_torque": passive,
        "bias": bias,
        "external_torque": ext,
        "mass_inverse": m_inv,
    }


def test_flat_parameters_follow_the_simulator_layout() -> None:
    net = muscle_network()
    flat = flat_parameters(net)
    sizes = [(100, 512), (512, 256), (256, 256), (256, 208)]
    assert flat.dtype == np.float32
    assert flat.size == sum(o * i + o for i, o in sizes)
    w0 = net[0].weight.detach().numpy()
    assert np.array_equal(flat[: 512 * 100].reshape(512, 100), w0)  # (out, in), row major
    assert np.array_equal(flat[512 * 100 : 512 * 101], net[0].bias.detach().numpy())
    w_last = net[-2].weight.detach().numpy()
    assert np.array_equal(flat[-208 - 208 * 256 : -208].reshape(208, 256), w_last)
    out = net(torch.randn(4, 100))
    assert out.shape == (4, 208) and bool(torch.all((out > 0) & (out < 1)))


def test_acceleration_loss_equals_the_written_formula_for_one_tuple() -> None:
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    t = synthetic_tuple(rng, rng.uniform(0, 1, N_MUS))
    t["desired_acceleration"] = t["desired_acceleration"] + rng.normal(0, 1, N_DOF)  # not exact
    net = muscle_network().double()
    x = np.concatenate([t["desired_torque"][6:], t["passive_torque"][6:]]) / 100.0
    a = net(torch.from_numpy(x)).detach().numpy()
    w_a = 0.3
    minv = t["mass_inverse"]
    forces = t["active_columns"] @ a + t["passive_torque"] + t["external_torque"] - t["bias"]
    expected = np.sum((t["desired_acceleration"] - minv @ forces) ** 2) + w_a * np.sum(a**2)
    xs, b, y = (torch.from_numpy(v[None]).double() for v in reduce_tuple(t, "acceleration"))
    total, _ = muscle_loss(net, xs, b, y, w_a)
    assert float(total.detach()) == pytest.approx(expected, rel=1e-4)
    # Torque space: ||(A a + p - tau_des)[6:]||^2 + w_a ||a||^2.
    t["desired_torque"] = t["desired_torque"] + rng.normal(0, 1, N_DOF)
    x = np.concatenate([t["desired_torque"][6:], t["passive_torque"][6:]]) / 100.0
    a = net(torch.from_numpy(x)).detach().numpy()
    res = (t["active_columns"] @ a + t["passive_torque"] - t["desired_torque"])[6:]
    expected_tau = np.sum(res**2) + w_a * np.sum(a**2)
    xs, b, y = (torch.from_numpy(v[None]).double() for v in reduce_tuple(t, "torque"))
    assert float(muscle_loss(net, xs, b, y, w_a)[0].detach()) == pytest.approx(
        expected_tau, rel=1e-4
    )


@pytest.mark.parametrize("loss", ["acceleration", "torque"])
def test_regression_drives_the_loss_to_zero_on_known_activations(loss: str) -> None:
    torch.set_num_threads(1)
    torch.manual_seed(0)
    rng = np.random.default_rng(1)
    # Known activations: a fixed function of the torque input, inside (0, 1).
    teacher = rng.normal(0, 5.0, (N_MUS, 50))
    buf = TupleBuffer(capacity=48, loss=loss)
    for _ in range(64):  # more than capacity: the reservoir keeps 48
        buffer_add(buf, synthetic_tuple(rng, teacher=teacher))
    assert len(buf) == 48
    net = muscle_network()
    cfg = MuscleConfig(loss=loss, lr=1e-3, epochs=400, minibatch_size=48,
                       activation_weight=0.0, max_grad_norm=1e3)  # fmt: skip
    x, b, y = (torch.from_numpy(np.stack(v)) for v in (buf.x, buf.b, buf.y))
    start = float(muscle_loss(net, x, b, y, 0.0)[1].detach())
    stats = muscle_update(net, torch.optim.Adam(net.parameters(), lr=cfg.lr), buf, cfg,
                          torch.device("cpu"))  # fmt: skip
    end = float(muscle_loss(net, x, b, y, 0.0)[1].detach())
    assert stats["muscle_fit"] < start
    assert end < 2e-3 * start, (start, end)  # measured: 2.5e-4 (acc), 2e-6 (torque)
    buffer_clear(buf)
    assert len(buf) == 0


def test_reservoir_keeps_a_uniform_sample_of_everything_offered() -> None:
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    base = synthetic_tuple(rng, np.full(N_MUS, 0.5))
    buf = TupleBuffer(capacity=100, loss="torque")
    for i in range(1000):
        t = dict(base)
        t["passive_torque"] = np.full(N_DOF, float(i))  # tag: input x[50:] = i / 100
        buffer_add(buf, t)
    tags = np.array([round(float(x[50]) * 100) for x in buf.x])
    assert len(buf) == 100 and buf.seen == 1000 and len(set(tags)) == 100
    # Uniform over 0..999: mean 499.5, std of the mean of 100 about 29.
    assert abs(tags.mean() - 499.5) < 100
    assert (tags < 500).sum() > 30 and (tags >= 500).sum() > 30
