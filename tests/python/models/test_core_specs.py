"""The model in the compiled core: DART skeleton, masses, moment arms."""

from __future__ import annotations

import numpy as np
import pytest
from exocore import _core
from exocore.models import human
from exocore.models.core_specs import skeleton_spec, to_core_specs

from .kinematics import moment_arm


@pytest.fixture(scope="module")
def built():
    model = human(with_exo=True)
    spec, muscles = to_core_specs(model)
    return model, _core.build_skeleton(spec), muscles


def test_skeleton_builds_with_56_dofs_and_mass(built):
    model, skeleton, _ = built
    assert skeleton.num_dofs == 56
    assert skeleton.mass == pytest.approx(72.0)
    assert list(skeleton.body_names) == [b.name for b in model.bodies]
    assert list(skeleton.dof_names) == model.dof_names()
    exo = _core.build_skeleton(skeleton_spec("exo", model.exo.bodies))
    assert exo.num_dofs == 8 and exo.mass == pytest.approx(3.2)


def test_core_moment_arms_equal_finite_differences(built):
    model, skeleton, muscles = built
    dofs = list(skeleton.dof_names)
    for name, joint in [("soleus_med_r", "TalusR_x"), ("rect_fem_r", "TibiaR")]:
        muscle = next(m for m in muscles if m.name == name)
        r = np.asarray(_core.moment_arms(skeleton, muscle.path))
        body = joint.split("_")[0]  # DART dof names: "<joint>_x" (ball), "<joint>" (revolute)
        assert r[dofs.index(joint)] == pytest.approx(moment_arm(model, name, body, 0), abs=1e-5)
