"""Moment arms at the standing pose against published values (finite differences of
path length; r = -dl/dq with the skeleton's sign convention: +x rotation is hip
extension, knee flexion, ankle plantarflexion; +z at the right hip is adduction)."""

from __future__ import annotations

import pytest
from exocore.models import human

from .kinematics import moment_arm

# (muscle, joint body, axis, lower, upper [m]); published magnitude and source:
CASES = [
    # hip extension 5-7 cm: Delp et al. 1990 Fig. 5 (gluteus maximus), Dostal et al. 1986
    ("glut_max2_r", "FemurR", 0, 0.035, 0.08),
    # hip flexion ~2-4 cm: Delp 1990 Fig. 5 (iliopsoas at 0 deg)
    ("psoas_r", "FemurR", 0, -0.05, -0.01),
    # hip flexion 3-4.5 cm: Delp 1990 (rectus femoris)
    ("rect_fem_r", "FemurR", 0, -0.055, -0.025),
    # knee extension at full extension: patellar tendon 42.55 +- 4.20 mm by MRI (Arch Bone
    # Jt Surg, abjs.mums.ac.ir article 16466), mean +- 2 SD
    ("rect_fem_r", "TibiaR", 0, -0.051, -0.034),
    ("vas_lat_r", "TibiaR", 0, -0.051, -0.034),
    # hamstrings: hip extension 5-7 cm, knee flexion 2-4 cm (Delp 1990; Buford 1997)
    ("semimem_r", "FemurR", 0, 0.035, 0.08),
    ("semimem_r", "TibiaR", 0, 0.015, 0.045),
    ("bifemlh_r", "TibiaR", 0, 0.015, 0.045),
    # gastrocnemius knee flexion 1-3 cm, ankle plantarflexion 4-5.5 cm (Delp 1990;
    # Maganaris et al. 1998)
    ("med_gas_r", "TibiaR", 0, 0.005, 0.035),
    ("med_gas_r", "TalusR", 0, 0.035, 0.06),
    # soleus plantarflexion 4-5.5 cm (Maganaris et al. 1998, Klein et al. 1996)
    ("soleus_med_r", "TalusR", 0, 0.035, 0.06),
    # tibialis anterior dorsiflexion 3.5-5 cm (Maganaris et al. 1999)
    ("tib_ant_r", "TalusR", 0, -0.055, -0.03),
    # adductor longus hip adduction 5-8 cm, gluteus medius abduction 4-6 cm (Delp 1990)
    ("add_long_r", "FemurR", 2, 0.04, 0.09),
    ("glut_med2_r", "FemurR", 2, -0.07, -0.03),
    # elbow: biceps flexion 1.5-4.5 cm, triceps extension 1.5-2.5 cm (Murray et al. 1995);
    # elbow flexion is negative about x
    ("biceps_long_r", "ForeArmR", 0, -0.045, -0.015),
    ("triceps_lat_r", "ForeArmR", 0, 0.012, 0.03),
]


@pytest.fixture(scope="module")
def model():
    return human()


@pytest.mark.parametrize("muscle,body,axis,lo,hi", CASES)
def test_moment_arm_in_published_range(model, muscle, body, axis, lo, hi):
    assert lo <= moment_arm(model, muscle, body, axis) <= hi


@pytest.mark.parametrize("muscle,body,axis,lo,hi", CASES)
def test_left_mirrors_right(model, muscle, body, axis, lo, hi):
    right = moment_arm(model, muscle, body, axis)
    left = moment_arm(model, muscle[:-2] + "_l", body[:-1] + "L", axis)
    assert left == pytest.approx(right if axis == 0 else -right, abs=1e-6)
