"""Thelen curves and activation through the bindings, against closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from exocore import _core


def test_curves_are_vectorised_and_match_closed_forms() -> None:
    lengths = np.linspace(0.5, 1.8, 27)
    active = _core.active_force_length(lengths)
    assert active.shape == lengths.shape
    np.testing.assert_allclose(active, np.exp(-((lengths - 1.0) ** 2) / 0.45), rtol=1e-14)
    passive = _core.passive_force_length(lengths, 4.0, 0.6)
    expected = np.where(
        lengths > 1.0, (np.exp(4.0 * (lengths - 1.0) / 0.6) - 1.0) / (np.exp(4.0) - 1.0), 0.0
    )
    np.testing.assert_allclose(passive, expected, rtol=1e-13, atol=1e-15)
    assert _core.force_velocity(0.0) == 1.0
    assert _core.force_velocity(-1.0) == 0.0


def test_activation_rises_faster_than_it_falls() -> None:
    p = _core.MuscleParams()
    a_up, a_down = 0.01, 1.0
    for _ in range(30):  # 30 ms
        a_up = _core.integrate_activation(a_up, 1.0, 1e-3, p)
        a_down = _core.integrate_activation(a_down, 0.0, 1e-3, p)
    # tau_act = 15 ms, tau_deact = 50 ms (each scaled by Thelen's 0.5 + 1.5 a).
    assert a_up > 0.75
    assert a_down > 0.3
    assert 1.0 - a_up < a_down - 0.01


def test_force_terms_at_optimal_length() -> None:
    p = _core.MuscleParams()
    p.max_isometric_force, p.optimal_fiber_length, p.tendon_slack_length = 800.0, 0.1, 0.2
    terms = _core.muscle_force_terms(p, 0.3, 0.0)
    assert terms.fiber_length == pytest.approx(0.1)
    assert terms.active_per_activation == pytest.approx(800.0)
    assert terms.tension(0.5) == pytest.approx(400.0)
