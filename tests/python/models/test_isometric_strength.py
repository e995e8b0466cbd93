"""Peak isometric joint moments of the right leg against published adult strength.

For a pose, every right-leg muscle whose moment arm about the tested axis has the
direction's sign contributes F * |r| at full activation and zero velocity, with
F = F_max (f_L + f_P) cos(alpha) from the compiled core's Thelen 2003 curves (rigid
tendon); r = -dl/dq by finite differences of path length. The moment is swept over the
joint angle with the other joints at zero (standing pose) and its peak compared.

Published range: Anderson, Madigan & Nussbaum 2007, "Maximum voluntary joint torque as a
function of joint angle and angular velocity", J Biomech 40:3105-3113, Table 3: peak
isometric torque c1 normalised by body weight x height (BW*H), 18-25-year-old men and
women (values as transcribed in RBDL's Millard2016TorqueMuscle, Anderson2007Table3Mean /
Std). The range is [min over sexes of mean - 2 SD, max over sexes of mean + 2 SD]. The
model's knee-flexor, plantarflexor and dorsiflexor F_max are calibrated to about 90 % of
the upper bound (exocore.models.muscles_leg.STRENGTH_CALIBRATION); before, those three
peaks were 13-34 % above it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from exocore import _core
from exocore.models import human
from exocore.models.core_specs import to_core_specs

from .kinematics import Pose, length, posed_transforms, rotation

DEG = math.pi / 180
G = 9.81

# c1 (mean, SD) for (men, women), 18-25 years, Anderson et al. 2007 Table 3.
ANDERSON_2007 = {
    "hip_extension": ((0.161, 0.049), (0.181, 0.047)),
    "hip_flexion": ((0.113, 0.025), (0.127, 0.033)),
    "knee_extension": ((0.163, 0.040), (0.159, 0.028)),
    "knee_flexion": ((0.087, 0.015), (0.080, 0.015)),
    "ankle_plantarflexion": ((0.095, 0.022), (0.104, 0.034)),
    "ankle_dorsiflexion": ((0.033, 0.005), (0.027, 0.006)),
}


def published_range(direction: str) -> tuple[float, float]:
    sexes = ANDERSON_2007[direction]
    return min(m - 2 * s for m, s in sexes), max(m + 2 * s for m, s in sexes)


# direction: (joint body, sign about x, swept anatomical angles [deg], pose of an angle).
# Sweeps cover the angles of Anderson's peaks (c3) and the tested range of motion.
DIRECTIONS = {
    "hip_extension": ("FemurR", +1, range(-20, 71, 5), lambda a: {"FemurR": rotation(0, -a * DEG)}),
    "hip_flexion": ("FemurR", -1, range(-20, 71, 5), lambda a: {"FemurR": rotation(0, -a * DEG)}),
    "knee_extension": ("TibiaR", -1, range(0, 91, 5), lambda a: {"TibiaR": rotation(0, a * DEG)}),
    "knee_flexion": ("TibiaR", +1, range(0, 91, 5), lambda a: {"TibiaR": rotation(0, a * DEG)}),
    "ankle_plantarflexion": (
        "TalusR",
        +1,
        range(-25, 31, 5),
        lambda a: {"TalusR": rotation(0, a * DEG)},
    ),
    "ankle_dorsiflexion": (
        "TalusR",
        -1,
        range(-25, 31, 5),
        lambda a: {"TalusR": rotation(0, a * DEG)},
    ),
}


def joint_moment(model, params: dict, pose: Pose, body: str, sign: int, h: float = 1e-4) -> float:
    """Moment [N m] of the right-leg muscles acting in direction `sign` about x at `pose`."""
    base = pose.get(body, np.eye(3))
    plus = posed_transforms(model, {**pose, body: base @ rotation(0, h)})
    minus = posed_transforms(model, {**pose, body: base @ rotation(0, -h)})
    here = posed_transforms(model, pose)
    total = 0.0
    for m in model.muscles:
        if not (m.lower_limb and m.name.endswith("_r")):
            continue
        r = -(length(plus, m) - length(minus, m)) / (2 * h)
        if sign * r <= 0.0:
            continue
        terms = _core.muscle_force_terms(params[m.name], length(here, m), 0.0)
        total += (terms.active_per_activation + terms.passive) * abs(r)
    return total


def peak_moment(model, direction: str) -> float:
    _, core_muscles = to_core_specs(model)
    params = {m.name: m.params for m in core_muscles}
    body, sign, angles, pose_of = DIRECTIONS[direction]
    return max(joint_moment(model, params, pose_of(a), body, sign) for a in angles)


@pytest.fixture(scope="module")
def model():
    return human()  # 72 kg, 1.70 m


@pytest.mark.parametrize("direction", list(DIRECTIONS))
def test_peak_isometric_moment_in_published_range(model, direction):
    lo, hi = published_range(direction)
    normalised = peak_moment(model, direction) / (model.mass * G * model.height)
    assert lo <= normalised <= hi, (direction, normalised, (lo, hi))


def test_peak_moment_scales_with_weight_times_height():
    """Anderson's normalisation: a Table 1 participant's peak / (BW*H) matches the default
    model's (F_max grows with mass, moment arms with stature)."""
    small, default = human(1.58, 45.0), human()
    for direction in ("hip_extension", "knee_extension"):
        a = peak_moment(small, direction) / (45.0 * G * 1.58)
        b = peak_moment(default, direction) / (default.mass * G * default.height)
        assert a == pytest.approx(b, rel=0.05)
