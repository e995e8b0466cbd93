"""Muscle Jacobians from Python, against finite differences of path length."""

from __future__ import annotations

import numpy as np
from exocore import _core


def _length_after(
    skel: _core.Skeleton, path: list, q: np.ndarray, v: np.ndarray, h: float
) -> float:
    skel.positions = q
    skel.velocities = v
    skel.integrate_positions(h)
    return _core.path_length(skel, path)


def test_moment_arms_match_finite_differences(chain_spec, chain_muscles) -> None:
    skel = _core.build_skeleton(chain_spec)
    rng = np.random.default_rng(0)
    n = skel.num_dofs
    assert n == 13
    for _ in range(5):
        q = rng.uniform(-0.7, 0.7, n)
        skel.positions = q
        for m in chain_muscles:
            skel.positions = q
            r = _core.moment_arms(skel, m.path)
            fd = np.empty(n)
            for j in range(n):
                e = np.eye(n)[j]
                fd[j] = (
                    -(
                        _length_after(skel, m.path, q, e, 1e-6)
                        - _length_after(skel, m.path, q, e, -1e-6)
                    )
                    / 2e-6
                )
            assert np.linalg.norm(r - fd) <= 1e-6 * np.linalg.norm(r), m.name


def test_kinematics_forces_and_virtual_work(chain_spec, chain_muscles) -> None:
    skel = _core.build_skeleton(chain_spec)
    rng = np.random.default_rng(1)
    skel.positions = rng.uniform(-0.5, 0.5, skel.num_dofs)
    skel.velocities = rng.uniform(-1.0, 1.0, skel.num_dofs)
    kin = _core.compute_muscle_kinematics(skel, chain_muscles)
    assert kin.moment_arm.shape == (13, 3)
    # J_M^T f over the stacked path points equals the moment arm (unit tension).
    for j, m in enumerate(chain_muscles):
        jac = _core.path_point_jacobian(skel, m.path)
        f = _core.path_point_unit_forces(skel, m.path)
        np.testing.assert_allclose(jac.T @ f, kin.moment_arm[:, j], atol=1e-12)
    forces = _core.compute_muscle_forces(chain_muscles, kin, np.array([0.2, 0.5, 0.9]))
    tau = _core.muscle_generalized_forces(kin, forces.tension)
    np.testing.assert_allclose(tau, kin.moment_arm @ forces.tension, atol=1e-10 * np.abs(tau).max())
    # Power of the generalized forces = -sum(F * dl/dt).
    assert np.isclose(tau @ skel.velocities, -(forces.tension @ kin.velocity), rtol=1e-10)
