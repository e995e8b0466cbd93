"""Bushing through the bindings: -grad V, equal and opposite wrenches."""

from __future__ import annotations

import numpy as np
from exocore import _core
from tests_support import free_body_spec


def test_bushing_force_is_minus_gradient_and_reaction_is_opposite() -> None:
    a = _core.build_skeleton(free_body_spec("a"))
    b = _core.build_skeleton(free_body_spec("b"))
    params = _core.BushingParams()
    params.stiffness = np.array([1e4, 2e4, 3e3])
    params.rotational_stiffness = np.array([300.0, 500.0, 200.0])
    on_a = np.eye(4)
    on_a[:3, 3] = (0.05, -0.02, 0.1)
    frames = _core.BushingFrames(on_a, np.eye(4))
    rng = np.random.default_rng(3)
    a.positions = rng.uniform(-0.3, 0.3, 6)
    b.positions = rng.uniform(-0.3, 0.3, 6)
    w = _core.evaluate_bushing(params, frames, a, 0, b, 0)
    gen_a, gen_b = _core.bushing_generalized_forces(w, a, 0, b, 0)
    for skel, gen in ((a, gen_a), (b, gen_b)):
        q = skel.positions
        for j in range(6):
            values = []
            for h in (1e-6, -1e-6):
                skel.positions = q
                skel.velocities = np.eye(6)[j]
                skel.integrate_positions(h)
                values.append(_core.evaluate_bushing(params, frames, a, 0, b, 0).potential_energy)
            skel.positions = q
            skel.velocities = np.zeros(6)
            assert np.isclose(gen[j], -(values[0] - values[1]) / 2e-6, rtol=1e-5, atol=1e-5)
    # The spring force is -k d along frame A's axes, rotated into the world.
    rot_a = a.body_transform(0)[:3, :3] @ on_a[:3, :3]
    np.testing.assert_allclose(w.force, rot_a @ -(params.stiffness * w.deflection), rtol=1e-9)
    assert np.linalg.norm(w.force) > 1.0
