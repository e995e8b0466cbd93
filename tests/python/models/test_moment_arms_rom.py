"""Moment-arm signs of the main lower-limb groups over the walking range of motion, and
magnitudes at a few angles against in-vivo measurements (finite differences of path
length on the model's plain data; r = -dl/dq).

Sign convention of the skeleton: +x rotation is hip extension, knee flexion and ankle
plantarflexion; +z at the right hip is adduction. Angles below are anatomical (hip
flexion, knee flexion, ankle plantarflexion positive) and converted where used.

Walking range of motion (sagittal): hip 20 deg extension to 35 deg flexion, knee 0-65
deg flexion, ankle 15 deg dorsiflexion to 20 deg plantarflexion; frontal hip +-10 deg.
These bracket the normal-gait excursions of Perry & Burnfield, "Gait Analysis: Normal
and Pathological Function", 2nd ed. 2010 (hip ~10 deg extension to 30 deg flexion,
knee 0-60 deg, ankle 10 deg dorsiflexion to 20 deg plantarflexion) with a margin for
speed and subject variation (Winter, "Biomechanics and Motor Control of Human
Movement", 4th ed. 2009).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from exocore.models import human

from .kinematics import Pose, posed_moment_arm, rotation

DEG = math.pi / 180
HIP_FLEXION = (-20, -10, 0, 10, 20, 35)
KNEE_FLEXION = (0, 15, 30, 45, 65)
ANKLE_PLANTARFLEXION = (-15, -5, 5, 20)
HIP_ADDUCTION = (-10, 0, 10)


def pose(hip: float = 0.0, knee: float = 0.0, ankle: float = 0.0, add: float = 0.0) -> Pose:
    """Right-leg pose from anatomical angles [deg]."""
    femur = rotation(0, -hip * DEG) @ rotation(2, add * DEG)
    return {
        "FemurR": femur,
        "TibiaR": rotation(0, knee * DEG),
        "TalusR": rotation(0, ankle * DEG),
    }


HIP_GRID = [pose(hip=h, knee=k) for h, k in itertools.product(HIP_FLEXION, KNEE_FLEXION)]
KNEE_GRID = [
    pose(hip=h, knee=k, ankle=a)
    for h, k, a in itertools.product((-20, 0, 35), KNEE_FLEXION, (-15, 20))
]
ANKLE_GRID = [pose(knee=k, ankle=a) for k, a in itertools.product((0, 65), ANKLE_PLANTARFLEXION)]
FRONTAL_GRID = [pose(hip=h, add=a) for h, a in itertools.product(HIP_FLEXION, HIP_ADDUCTION)]

# (muscles, joint body, axis, required sign, poses): the anatomical action of each group
# (e.g. Neumann, "Kinesiology of the Musculoskeletal System", 3rd ed. 2017).
SIGN_CASES = [
    (("glut_max1", "glut_max2", "glut_max3"), "FemurR", 0, +1, HIP_GRID),  # hip extensors
    (("iliacus", "psoas"), "FemurR", 0, -1, HIP_GRID),  # hip flexors
    (("rect_fem",), "FemurR", 0, -1, HIP_GRID),  # hip flexor
    (("rect_fem", "vas_med", "vas_int", "vas_lat"), "TibiaR", 0, -1, KNEE_GRID),  # knee ext.
    (("semimem", "semiten", "bifemlh"), "FemurR", 0, +1, HIP_GRID),  # hip extensors
    (("semimem", "semiten", "bifemlh", "bifemsh"), "TibiaR", 0, +1, KNEE_GRID),  # knee flex.
    (("med_gas", "lat_gas"), "TibiaR", 0, +1, KNEE_GRID),  # knee flexors
    (("med_gas", "lat_gas", "soleus_med", "soleus_lat"), "TalusR", 0, +1, ANKLE_GRID),
    (("tib_ant",), "TalusR", 0, -1, ANKLE_GRID),  # dorsiflexor
    (("add_long", "add_brev", "add_mag1", "add_mag2", "add_mag3"), "FemurR", 2, +1, FRONTAL_GRID),
    (("glut_med1", "glut_med2", "glut_med3"), "FemurR", 2, -1, FRONTAL_GRID),  # abductors
]
# Below this size a moment arm counts as zero (and so as a sign error) [m].
MIN_ARM = 0.002


@pytest.fixture(scope="module")
def model():
    return human()


@pytest.mark.parametrize(
    "muscles,body,axis,sign,poses", SIGN_CASES, ids=[f"{c[0][0]}-{c[1]}" for c in SIGN_CASES]
)
def test_moment_arm_sign_over_walking_range(model, muscles, body, axis, sign, poses):
    for name, p in itertools.product(muscles, poses):
        r = posed_moment_arm(model, name + "_r", p, body, axis)
        assert sign * r > MIN_ARM, (name, body, axis, r)


# (muscle, joint body, poses, lower, upper [m], signed as the skeleton's +x):
MAGNITUDE_CASES = [
    # Achilles tendon at rest 4.3-5.6 cm from 15 deg dorsiflexion to 30 deg plantarflexion,
    # 1-1.5 cm larger during MVC (Maganaris, Baltzopoulos & Sargeant 2000, Eur J Appl
    # Physiol 83:363); 3.46-3.69 cm at rest, 3.57-3.81 during MVC, 20 deg dorsiflexion to
    # 20 deg plantarflexion (Manal, Cowder & Buchanan 2013, Physiol Rep 1:e00139).
    ("soleus_med", "TalusR", (-15, 0, 20), 0.034, 0.071),
    ("med_gas", "TalusR", (-15, 0, 20), 0.034, 0.071),
    # Tibialis anterior at rest ~4.5 cm (dorsiflexion) to ~2.9 cm (plantarflexion), up to
    # 1.5 cm larger during MVC (Maganaris, Baltzopoulos & Sargeant 2000, J Biomech 33:375).
    ("tib_ant", "TalusR", (-15, 0, 20), -0.060, -0.029),
    # Quadriceps (the model has no patella, so its arm is the effective quadriceps arm):
    # 31.5-47.1 mm at 10-50 deg in vivo (J Biomech, PMC4662057); patellar tendon
    # 36.2-42.6 mm at 0-60 deg by MRI (Arch Bone Jt Surg, abjs.mums.ac.ir 16466), 20-50 mm
    # over knee extension by fast-PC MRI (n = 34, PMC2753825).
    ("rect_fem", "TibiaR", (0, 30, 65), -0.050, -0.020),
    ("vas_lat", "TibiaR", (0, 30, 65), -0.050, -0.020),
    ("vas_med", "TibiaR", (0, 30, 65), -0.050, -0.020),
    ("vas_int", "TibiaR", (0, 30, 65), -0.050, -0.020),
]


def _joint_pose(body: str, angle: float) -> Pose:
    return pose(ankle=angle) if body == "TalusR" else pose(knee=angle)


@pytest.mark.parametrize(
    "muscle,body,angles,lo,hi", MAGNITUDE_CASES, ids=[c[0] for c in MAGNITUDE_CASES]
)
def test_moment_arm_magnitude_over_range(model, muscle, body, angles, lo, hi):
    for angle in angles:
        r = posed_moment_arm(model, muscle + "_r", _joint_pose(body, angle), body, 0)
        assert lo <= r <= hi, (muscle, angle, r)


def test_left_leg_mirrors_the_right_over_the_range(model):
    """The same sweep on the left leg (mirror image) gives the same sagittal arms."""
    for name, body in (("rect_fem", "TibiaR"), ("med_gas", "TalusR"), ("semimem", "FemurR")):
        for p in (pose(hip=35, knee=65, ankle=20), pose(hip=-20, ankle=-15)):
            left_pose = {k[:-1] + "L": v for k, v in p.items()}
            flip = np.diag([1.0, -1.0, -1.0])  # mirroring x keeps x-rotations, flips y, z
            left_pose = {k: flip @ v @ flip for k, v in left_pose.items()}
            right = posed_moment_arm(model, name + "_r", p, body, 0)
            left = posed_moment_arm(model, name + "_l", left_pose, body[:-1] + "L", 0)
            assert left == pytest.approx(right, abs=1e-6)
