"""Bad input from Python raises a clear exception and never crashes the process."""

from __future__ import annotations

import numpy as np
import pytest
from exocore import _core


def test_wrong_shapes_name_expected_and_actual(chain_spec) -> None:
    skel = _core.build_skeleton(chain_spec)
    with pytest.raises(ValueError, match=r"positions: expected shape \(13,\), got \(12,\)"):
        skel.positions = np.zeros(12)
    with pytest.raises(ValueError, match=r"expected shape \(13,\), got \(13, 1\)"):
        skel.velocities = np.zeros((13, 1))
    with pytest.raises(TypeError, match="float64"):
        skel.forces = "not an array"
    with pytest.raises(ValueError, match=r"joint_in_parent: expected shape \(4, 4\), got \(3, 3\)"):
        chain_spec.bodies[1].joint_in_parent = np.eye(3)
    with pytest.raises(TypeError):
        _core.PathPoint(0, np.zeros(2))


def test_invalid_models_raise_value_error(chain_spec, chain_muscles) -> None:
    skel = _core.build_skeleton(chain_spec)
    bad = _core.Muscle(
        "bad",
        _core.MuscleParams(),
        [_core.PathPoint(0, np.zeros(3)), _core.PathPoint(9, np.zeros(3))],
    )
    with pytest.raises(ValueError, match="refers to body 9"):
        _core.path_length(skel, bad.path)
    with pytest.raises(ValueError, match="refers to body 9"):
        _core.compute_muscle_kinematics(skel, [*chain_muscles, bad])
    with pytest.raises(ValueError, match="at least 2 points"):
        _core.moment_arms(skel, bad.path[:1])
    kin = _core.compute_muscle_kinematics(skel, chain_muscles)
    with pytest.raises(ValueError, match=r"activations: expected shape \(3,\)"):
        _core.compute_muscle_forces(chain_muscles, kin, np.zeros(2))
    with pytest.raises(ValueError, match="kinematics were computed for 3 muscles"):
        _core.compute_muscle_forces(chain_muscles[:2], kin, np.zeros(2))
    bodies = list(chain_spec.bodies)
    bodies[2].mass = -1.0
    chain_spec.bodies = bodies
    with pytest.raises(ValueError, match=r"body 2 \('shank'\): mass must be positive"):
        _core.build_skeleton(chain_spec)
    with pytest.raises(IndexError, match="body 7 out of range"):
        skel.body_transform(7)
    with pytest.raises(ValueError):
        _core.make_low_pass(-1.0, 0.7, 0.01)


def test_nan_activations_do_not_poison_forces(chain_spec, chain_muscles) -> None:
    skel = _core.build_skeleton(chain_spec)
    kin = _core.compute_muscle_kinematics(skel, chain_muscles)
    forces = _core.compute_muscle_forces(chain_muscles, kin, np.array([np.nan, 2.0, -1.0]))
    assert np.all(np.isfinite(forces.tension))
    np.testing.assert_allclose(
        forces.tension,
        [forces.passive[0], forces.active_per_activation[1] + forces.passive[1], forces.passive[2]],
    )
