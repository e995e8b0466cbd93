"""The Python reference controller (exocore.controller), checked from first principles,
and its filter against exo_control.hpp's numbers."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from cxx_build import INCLUDE, compile_cpp, run
from exocore.controller import ControllerConfig, ExoController, low_pass_step, make_low_pass


def zero_policy(cfg: ControllerConfig, bias: tuple[float, float] = (0.0, 0.0)) -> ExoController:
    """A controller whose MLP outputs `bias` whatever the input."""
    sizes = cfg.layer_sizes
    weights = [np.zeros((sizes[i + 1], sizes[i])) for i in range(len(sizes) - 1)]
    biases = [np.zeros(sizes[i + 1]) for i in range(len(sizes) - 1)]
    biases[-1] = np.array(bias)
    return ExoController(cfg, weights, biases, np.zeros(cfg.obs_size), np.ones(cfg.obs_size))


@pytest.mark.parametrize("damping", [0.3, 1 / math.sqrt(2), 1.0, 1.8])
def test_filter_step_response_equals_continuous_solution(damping: float) -> None:
    # Exact ZOH: for a constant input the samples lie on the continuous step response.
    cutoff, dt, u = 6.0, 0.01, 0.7
    w = 2 * math.pi * cutoff
    phi = make_low_pass(cutoff, damping, dt)
    state = [0.0, 0.0]
    for k in range(1, 60):
        y = low_pass_step(phi, state, u)
        t = k * dt
        s1, s2 = np.roots([1.0, 2 * damping * w, w * w])  # poles; repeated when damping = 1
        if abs(s1 - s2) < 1e-6 * w:
            expected = u * (1 - math.exp(-w * t) * (1 + w * t))
        else:
            expected = u * (1 + (s2 * np.exp(s1 * t) - s1 * np.exp(s2 * t)) / (s1 - s2)).real
        assert y == pytest.approx(expected, abs=1e-9)


FILTER_DRIVER = r"""
#include <cstdio>
#include "exocore/exo_control.hpp"
int main() {
  const double cases[][3] = {{6.0, 0.7071067811865476, 0.01}, {2.5, 0.2, 0.01},
                             {10.0, 1.0, 0.01}, {4.0, 1.7, 0.005}};
  for (const auto& c : cases) {
    const auto f = exocore::make_low_pass(c[0], c[1], c[2]);
    std::printf("%a %a %a %a\n", f.phi11, f.phi12, f.phi21, f.phi22);
    exocore::LowPassState s;
    for (int k = 0; k < 50; ++k) std::printf("%a ", exocore::low_pass_step(f, s, 0.3 * k - 2.0));
    std::printf("\n");
  }
}
"""


def test_filter_is_bit_identical_to_exo_control_hpp(tmp_path: Path) -> None:
    (tmp_path / "f.cpp").write_text(FILTER_DRIVER)
    lines = run([compile_cpp([tmp_path / "f.cpp"], tmp_path / "f", [INCLUDE])]).splitlines()
    cases = [
        (6.0, 0.7071067811865476, 0.01),
        (2.5, 0.2, 0.01),
        (10.0, 1.0, 0.01),
        (4.0, 1.7, 0.005),
    ]
    for i, case in enumerate(cases):
        phi = make_low_pass(*case)
        assert [float.fromhex(v) for v in lines[2 * i].split()] == list(phi)
        state = [0.0, 0.0]
        ours = [low_pass_step(phi, state, 0.3 * k - 2.0) for k in range(50)]
        assert [float.fromhex(v) for v in lines[2 * i + 1].split()] == ours


def test_pd_saturation_and_filtered_target() -> None:
    cfg = ControllerConfig()
    ctl = zero_policy(cfg, bias=(0.25, -0.125))  # exact in float32
    tau = ctl.step([0.0, 0.0], [0.0, 0.0], [0.05, 0.0], [0.1, -0.2])
    # after one step the filter has moved from 0 towards the target by exactly phi.
    phi = make_low_pass(cfg.filter_cutoff_hz, cfg.filter_damping, cfg.control_dt)
    f_left = 0.25 + phi[0] * (0.0 - 0.25)
    f_right = -0.125 + phi[0] * (0.0 + 0.125)
    assert tau[0] == pytest.approx(50.0 * (f_left - 0.05) - 14.14 * 0.1, abs=1e-12)
    assert tau[1] == pytest.approx(50.0 * (f_right - 0.0) + 14.14 * 0.2, abs=1e-12)
    tau = ctl.step([0.0, 0.0], [0.0, 0.0], [-0.5, 0.5], [-3.0, 3.0])
    assert list(tau) == [18.0, -18.0]  # clamped at max_torque


def test_safety_cut_off_at_half_the_range_outside() -> None:
    cfg = ControllerConfig(rom_min=-0.2, rom_max=0.6)  # width 0.8: cut below -0.6, above 1.0
    ctl = zero_policy(cfg, bias=(0.5, 0.5))
    for _ in range(50):
        inside = ctl.step([0.0, 0.0], [0.0, 0.0], [0.99, -0.59], [0.0, 0.0])
    assert not ctl.safety_cut and np.all(np.abs(inside) > 0.1)
    assert np.all(ctl.step([0.0, 0.0], [0.0, 0.0], [1.01, 0.0], [0.0, 0.0]) == 0.0)
    assert ctl.safety_cut
    assert np.all(ctl.step([0.0, 0.0], [0.0, 0.0], [0.0, -0.61], [0.0, 0.0]) == 0.0)
    back = ctl.step([0.0, 0.0], [0.0, 0.0], [0.99, -0.59], [0.0, 0.0])
    assert not ctl.safety_cut and np.all(np.abs(back) > 0.1)  # resumes, not latched


def test_non_finite_input_gives_zero_torque_and_keeps_state() -> None:
    ctl = zero_policy(ControllerConfig(), bias=(0.3, 0.3))
    ctl.step([0.1, 0.2], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0])
    history, filt = ctl.history.copy(), [list(s) for s in ctl.filter_state]
    for bad in (math.nan, math.inf):
        assert np.all(ctl.step([bad, 0.2], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]) == 0.0)
        assert np.all(ctl.step([0.1, 0.2], [0.0, 0.0], [0.0, 0.0], [0.0, bad]) == 0.0)
    assert np.array_equal(ctl.history, history) and ctl.filter_state == filt


def test_history_is_newest_first_and_primed_with_first_sample() -> None:
    cfg = ControllerConfig()
    ctl = zero_policy(cfg)
    ctl.step([1.0, 2.0], [3.0, 4.0], [0.0, 0.0], [0.0, 0.0])
    assert np.array_equal(ctl.history.reshape(-1), np.tile([1.0, 2.0, 3.0, 4.0], 4))
    ctl.step([5.0, 6.0], [7.0, 8.0], [0.0, 0.0], [0.0, 0.0])
    assert list(ctl.history.reshape(-1)[:8]) == [5.0, 6.0, 7.0, 8.0, 1.0, 2.0, 3.0, 4.0]


def test_normaliser_centres_scales_and_clips() -> None:
    cfg = ControllerConfig(obs_clip=2.0)
    ctl = zero_policy(cfg)
    ctl.obs_mean[:] = 1.0
    ctl.obs_std[:] = 0.5
    ctl.step([1.5, 0.0], [10.0, -10.0], [0.0, 0.0], [0.0, 0.0])
    assert list(ctl.normalized_observation()[:4]) == [1.0, -2.0, 2.0, -2.0]


@pytest.mark.parametrize(
    "change",
    [{"obs_size": 12}, {"action_size": 3}, {"activation": "gelu"}, {"rom_min": 1.0},
     {"max_torque": 0.0}, {"hidden_sizes": (64, 0)}],
)  # fmt: skip
def test_invalid_config_is_rejected(change: dict) -> None:
    with pytest.raises(ValueError, match="invalid ControllerConfig"):
        ControllerConfig(**change)


def test_weights_must_fit_the_config() -> None:
    with pytest.raises(ValueError, match="layer sizes"):
        zero_policy(ControllerConfig()).__class__(
            ControllerConfig(), [np.zeros((128, 16)), np.zeros((2, 128))],
            [np.zeros(128), np.zeros(2)], np.zeros(16), np.ones(16),
        )  # fmt: skip
    with pytest.raises(ValueError, match="obs_std"):
        cfg = ControllerConfig(hidden_sizes=(4,))
        ExoController(cfg, [np.zeros((4, 16)), np.zeros((2, 4))], [np.zeros(4), np.zeros(2)],
                      np.zeros(16), np.zeros(16))  # fmt: skip
