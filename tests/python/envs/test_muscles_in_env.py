"""Muscle actuation inside the environment: the in-simulator network, muscle tuples
(paper eq. 11) checked against the equations of motion, and the safety cut-off."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import model_with_exo, walking
from exocore import _core
from exocore.envs import ExoVecEnv, build_env_model

LAYERS = [(512, 100), (256, 512), (256, 256), (208, 256)]


def random_network(rng: np.random.Generator, scale: float = 0.05) -> np.ndarray:
    parts = []
    for out, inp in LAYERS:
        parts += [rng.normal(0.0, scale, (out, inp)).ravel(), rng.normal(0.0, scale, out)]
    return np.concatenate(parts).astype(np.float32)


def muscle_env(condition: str = "assist-on") -> ExoVecEnv:
    cfg = _core.EnvConfig()
    cfg.random_start = False
    model = build_env_model(model_with_exo(), walking(), condition, "muscles", cfg)
    return ExoVecEnv(model, num_envs=2, seed=3)


def test_network_drives_the_muscles_and_tuples_obey_the_equations_of_motion() -> None:
    env = muscle_env()
    with pytest.raises(ValueError, match="expected those of 100-512-256-256-208"):
        env.set_muscle_network(np.zeros(10, dtype=np.float32))
    env.set_muscle_network(random_network(np.random.default_rng(0)))
    env.reset(seed=0)
    actions = {"human": np.zeros((2, 50)), "exo": np.zeros((2, 2))}
    for _ in range(2):  # the second step's tuple sees the ground forces of the first
        _, _, term, _, info = env.step(actions)
        assert not term.any() and info["tuple_ready"].all()
    a = env.state(0)["activations"]
    assert a.shape == (208,) and np.all((a >= 0.0) & (a <= 1.0)) and a.std() > 1e-3
    t = env.muscle_tuple(0)
    n = 56
    assert t["active_columns"].shape == (n, 208) and t["mass_inverse"].shape == (n, n)
    # Eq. 11's dynamics: muscles producing tau_des give q''_des, M^-1 (tau_des +
    # J_ext^T F_ext - c) = q''_des (inverse dynamics and DART's M^-1 agree).
    residual = t["desired_torque"] + t["external_torque"] - t["bias"]
    np.testing.assert_allclose(t["mass_inverse"] @ residual, t["desired_acceleration"], atol=1e-6)
    # Muscles are internal forces: equal and opposite pulls give no generalized force
    # on the free root (Newton's third law), for every muscle and the passive part.
    columns = t["active_columns"]
    assert np.abs(columns[:6]).max() < 1e-9 * np.abs(columns[6:]).max()
    assert np.abs(t["passive_torque"][:6]).max() < 1e-9 * (1.0 + np.abs(t["passive_torque"]).max())
    # The ground and the straps push on the human.
    assert np.abs(t["external_torque"]).max() > 1.0


def test_safety_cut_off_zeroes_assistance_when_the_hip_leaves_its_range() -> None:
    cfg = _core.EnvConfig()
    cfg.random_start = False
    model = build_env_model(model_with_exo(), walking(), "assist-on", "joint-torques", cfg)
    env = ExoVecEnv(model, num_envs=2, seed=0)
    env.reset(seed=0)
    human = np.zeros((2, 50))
    dofs = _core.build_skeleton(model.human).dof_names
    hip_l = dofs.index("FemurL_x") - 6
    human[1, hip_l] = 1.5  # drive one subject's left hip far outside the reference range
    exo = np.full((2, 2), 0.3)
    cut = np.zeros(2, dtype=int)
    previous = np.zeros(2, dtype=bool)
    torques_after_cut, torques_free = [], []
    for _ in range(15):  # 150 ms: the unperturbed subject still tracks its hips
        _, _, _, _, info = env.step({"human": human, "exo": exo})
        for i in range(2):
            (torques_after_cut if previous[i] else torques_free).append(info["exo_torque"][i])
        previous = info["safety_cut"].copy()
        cut += previous
    assert cut[0] == 0 and cut[1] > 0
    # A flagged step is followed by a step without assistance; otherwise the exo pushes.
    assert torques_after_cut and np.all(np.asarray(torques_after_cut) == 0.0)
    assert np.abs(np.asarray(torques_free)).max() > 1.0


def thelen_activation(a0: float, u: float, seconds: float, tau_act: float = 0.015,
                      tau_deact: float = 0.050) -> float:  # fmt: skip
    """Thelen 2003's da/dt = (u - a) / tau(a, u) by RK4 at 10 us (independent of the
    simulator's exponential step)."""

    def rate(a: float) -> float:
        tau = tau_act * (0.5 + 1.5 * a) if u > a else tau_deact / (0.5 + 1.5 * a)
        return (u - a) / tau

    a, h = a0, 1e-5
    for _ in range(int(round(seconds / h))):
        k1 = rate(a)
        k2 = rate(a + 0.5 * h * k1)
        k3 = rate(a + 0.5 * h * k2)
        k4 = rate(a + h * k3)
        a += h * (k1 + 2 * k2 + 2 * k3 + k4) / 6
    return a


@pytest.mark.parametrize("dynamics", [False, True])
def test_activation_dynamics_make_the_activations_follow_the_excitation(dynamics: bool) -> None:
    # A network whose output is sigmoid(6) ~ 0.9975 for every muscle whatever its input:
    # without dynamics the activations jump to it at the first update; with them they
    # rise as Thelen's ODE does from the reset value 0.01.
    from exocore.training.networks import flat_parameters, muscle_network

    net = muscle_network()
    for p in net.parameters():
        p.data.zero_()
    list(net.parameters())[-1].data.fill_(6.0)
    u = 1.0 / (1.0 + np.exp(-6.0))
    cfg = _core.EnvConfig()
    cfg.random_start = False
    cfg.activation_dynamics = dynamics
    env = ExoVecEnv(build_env_model(model_with_exo(), walking(), "assist-off", "muscles", cfg), 1)
    env.set_muscle_network(flat_parameters(net))
    env.reset(seed=0)
    zero = {"human": np.zeros((1, env.human_action_size)), "exo": np.zeros((1, 2))}
    env.step(zero)  # one 10 ms step: 6 substeps at 600 Hz
    a = env.state(0)["activations"]
    if not dynamics:
        assert np.allclose(a, u, atol=1e-6)
        return
    # The excitation is set at the first substep and the activation integrates from
    # the next one: 5 substeps of 1/600 s. The simulator freezes tau at the start of
    # each substep, so it may differ from the ODE by a fraction of a substep's rise.
    expected = thelen_activation(0.01, u, 5 / 600)
    assert 0.3 < expected < 0.9  # far from both the start and the excitation
    assert np.allclose(a, expected, atol=0.03)  # measured 0.492 against 0.467
