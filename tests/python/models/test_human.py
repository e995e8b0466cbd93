"""The default human: mass, proportions, dofs, muscles, symmetry, scaling."""

from __future__ import annotations

import math

import numpy as np
import pytest
from exocore.models import human
from exocore.models.muscles import LEG_REFERENCE_MASS
from exocore.models.muscles_leg import LEG_MUSCLES, STRENGTH_CALIBRATION
from exocore.models.types import neutral_path_length, neutral_transforms

# Extended Data Table 1 of Luo et al. 2024: (body mass kg, height m) of the 11 participants.
PARTICIPANTS = [
    (62, 1.79), (70, 1.74), (70, 1.78), (85, 1.81), (109, 1.80), (50, 1.65),
    (56, 1.60), (45, 1.58), (80, 1.80), (70, 1.76), (66, 1.70),
]  # fmt: skip

BALL = {"FemurR", "FemurL", "TalusR", "TalusL", "Spine", "Torso", "Neck", "Head"}
BALL |= {"ShoulderR", "ShoulderL", "ArmR", "ArmL", "HandR", "HandL"}
REVOLUTE = {"TibiaR", "TibiaL", "FootThumbR", "FootThumbL", "FootPinkyR", "FootPinkyL"}
REVOLUTE |= {"ForeArmR", "ForeArmL"}


def normalized_fiber_lengths(model):
    t = neutral_transforms(model.bodies)
    out = {}
    for m in model.muscles:
        p = m.params
        proj = neutral_path_length(t, m.path) - p.tendon_slack_length
        height = p.optimal_fiber_length * math.sin(p.optimal_pennation)
        out[m.name] = math.hypot(proj, height) / p.optimal_fiber_length
    return out


@pytest.fixture(scope="module")
def model():
    return human()


def test_dofs_and_joint_types(model):
    assert model.num_dofs == 56
    assert model.num_actuated_dofs == 50
    assert model.bodies[0].name == "Pelvis" and model.bodies[0].joint_type == "free"
    assert {b.name for b in model.bodies if b.joint_type == "ball"} == BALL
    assert {b.name for b in model.bodies if b.joint_type == "revolute"} == REVOLUTE
    names = [b.name for b in model.bodies]
    for b in model.bodies[1:]:
        assert names.index(b.parent) < names.index(b.name)
    assert len(model.dof_names()) == 56 and model.dof_names()[6] == "FemurR_x"


@pytest.mark.parametrize("mass,height", PARTICIPANTS + [(72, 1.70)])
def test_participant_builds_with_exact_mass(mass, height):
    m = human(height_m=height, mass_kg=mass, with_exo=True)
    assert m.mass == pytest.approx(mass, rel=1e-12)
    assert m.exo.mass == pytest.approx(3.2)
    assert len(m.muscles) == 208
    nfl = normalized_fiber_lengths(m)
    assert min(nfl.values()) >= 0.5 and max(nfl.values()) <= 1.5, nfl


def test_standing_height_and_segment_proportions(model):
    t = neutral_transforms(model.bodies)
    y = {name: t[name][1, 3] for name in t}
    # de Leva 1996: thigh 24.25 %, shank 24.93 % of stature.
    assert y["FemurR"] - y["TibiaR"] == pytest.approx(0.2425 * 1.70, rel=1e-3)
    assert y["TibiaR"] - y["TalusR"] == pytest.approx(0.2493 * 1.70, rel=1e-3)
    talus = model.bodies[model.body_index("TalusR")]
    sole = y["TalusR"] + talus.shape.offset.translation[1] - 0.5 * talus.shape.size[1]
    assert sole == pytest.approx(0.0, abs=1e-9)
    head = model.bodies[model.body_index("Head")]
    vertex = y["Head"] + head.shape.offset.translation[1] + head.shape.size[0]
    assert vertex == pytest.approx(1.70, abs=0.06)
    hip_height = y["FemurR"] / 1.70
    assert 0.50 < hip_height < 0.56  # greater trochanter height ~0.53 H (Drillis & Contini)


def test_inertias_positive_definite_and_feet_collide(model):
    for b in model.bodies:
        assert np.linalg.eigvalsh(np.array(b.inertia)).min() > 0, b.name
        assert len(b.lower_limits) == b.num_dofs or b.joint_type == "free"
    colliding = {b.name for b in model.bodies if b.collides}
    assert colliding == {f"{p}{s}" for p in ("Talus", "FootThumb", "FootPinky") for s in "RL"}


def test_muscles_refer_to_existing_bodies(model):
    names = {b.name for b in model.bodies}
    assert len({m.name for m in model.muscles}) == 208
    for m in model.muscles:
        assert len(m.path) >= 2
        assert {p.body for p in m.path} <= names, m.name
        assert len({p.body for p in m.path}) >= 2, m.name


def test_lower_limb_flags(model):
    flags = [m.lower_limb for m in model.muscles]
    assert flags == [True] * 108 + [False] * 100
    assert model.lower_limb_muscles() == list(range(108))


def test_left_right_symmetry(model):
    by_name = {m.name: m for m in model.muscles}
    right = [m for m in model.muscles if m.name.endswith("_r")]
    assert len(right) == 104
    for r in right:
        left = by_name[r.name[:-2] + "_l"]
        assert left.params == r.params
        assert len(left.path) == len(r.path)
        for pl, pr in zip(left.path, r.path):
            assert pl.body == pr.body.replace("R", "L") if pr.body.endswith("R") else pr.body
            assert pl.offset == pytest.approx((-pr.offset[0], pr.offset[1], pr.offset[2]))


def test_scaling_laws():
    small, big = human(1.58, 45.0), human(1.81, 109.0)
    for a, b in zip(small.muscles, big.muscles):
        assert b.params.max_isometric_force / a.params.max_isometric_force == pytest.approx(
            109.0 / 45.0
        )
        ratio = b.params.optimal_fiber_length / a.params.optimal_fiber_length
        assert ratio == pytest.approx(1.81 / 1.58, rel=1e-9)  # every segment scales with H
        assert b.params.tendon_slack_length / a.params.tendon_slack_length == pytest.approx(ratio)


@pytest.mark.parametrize("height,mass", [(0.5, 70.0), (1.7, 5.0), (float("nan"), 70.0)])
def test_bad_subject_raises(height, mass):
    with pytest.raises(ValueError, match="must be in"):
        human(height, mass)


def test_strength_calibration_applies_one_factor_per_group(model):
    """Each calibrated group's units, and only those, carry the group's factor on top of
    the table F_max x body-mass ratio; the groups name existing leg rows, disjointly."""
    table = {row[0]: row[2] for row in LEG_MUSCLES}
    names = [n for _, group in STRENGTH_CALIBRATION.values() for n in group]
    assert len(names) == len(set(names)) and set(names) <= set(table)
    factor = {n: f for f, group in STRENGTH_CALIBRATION.values() for n in group}
    assert all(0.0 < f < 1.0 for f in factor.values())  # the source model was too strong
    for m in model.muscles[:108]:
        base = m.name[:-2]
        expected = table[base] * model.mass / LEG_REFERENCE_MASS * factor.get(base, 1.0)
        assert m.params.max_isometric_force == pytest.approx(expected, rel=1e-9), m.name
