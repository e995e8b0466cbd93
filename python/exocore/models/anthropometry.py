"""Segment lengths, masses, centres of mass and radii of gyration.

Sources
- de Leva P. (1996) Adjustments to Zatsiorsky-Seluyanov's segment inertia parameters.
  J Biomech 29:1223-1230, Tables 1 and 4 (male): segment lengths as fractions of
  stature (reference stature 1741 mm), mass fractions, CoM positions and sagittal /
  transverse / longitudinal radii of gyration as fractions of segment length.
- Delp S.L. et al. (1990) IEEE TBME 37:757-767 and OpenSim's gait2392 model (reference
  subject 1.80 m): pelvis geometry (hip centres, lumbar joint) and the foot's internal
  geometry (calcaneus and metatarsophalangeal positions), used for the lower-limb muscle
  attachments in muscles_leg.py.
The de Leva "head" includes the neck; its "upper/middle/lower trunk" are our Torso,
Spine and Pelvis. Splits that de Leva does not give (neck vs head, shoulder girdle vs
upper trunk, hind foot vs toes) are stated where they are made and are approximate.
"""

from __future__ import annotations

from dataclasses import dataclass

# Stature of OpenSim's gait2392 subject, to which its pelvis and foot geometry belong.
GAIT2392_STATURE = 1.80
# gait2392 segment lengths [m]: hip-knee (femur), knee-ankle (tibia), heel-toe tip (foot).
GAIT2392_FEMUR = 0.396
GAIT2392_TIBIA = 0.430
GAIT2392_FOOT = 0.2553


@dataclass(frozen=True)
class Segment:
    """de Leva (1996) male parameters of one segment.

    length: fraction of stature; mass: fraction of body mass; com: CoM position from the
    proximal end as a fraction of length; r_sag / r_trans / r_long: radii of gyration about
    the medio-lateral (our x), antero-posterior (our z) and longitudinal (our y) axes as
    fractions of length.
    """

    length: float
    mass: float
    com: float
    r_sag: float
    r_trans: float
    r_long: float


# de Leva 1996, Table 4, males. Lengths: Table 1 segment lengths / 1741 mm.
HEAD_NECK = Segment(242.9 / 1741, 0.0694, 0.5976, 0.362, 0.376, 0.312)
UPPER_TRUNK = Segment(242.1 / 1741, 0.1596, 0.2999, 0.716, 0.454, 0.659)
MIDDLE_TRUNK = Segment(215.5 / 1741, 0.1633, 0.4502, 0.482, 0.383, 0.468)
LOWER_TRUNK = Segment(145.7 / 1741, 0.1117, 0.6115, 0.615, 0.551, 0.587)
UPPER_ARM = Segment(281.7 / 1741, 0.0271, 0.5772, 0.285, 0.269, 0.158)
FOREARM = Segment(268.9 / 1741, 0.0162, 0.4574, 0.276, 0.265, 0.121)
HAND = Segment(86.2 / 1741, 0.0061, 0.7900, 0.628, 0.513, 0.401)
THIGH = Segment(422.2 / 1741, 0.1416, 0.4095, 0.329, 0.329, 0.149)
SHANK = Segment(434.0 / 1741, 0.0433, 0.4459, 0.255, 0.249, 0.103)
FOOT = Segment(258.1 / 1741, 0.0137, 0.4415, 0.257, 0.245, 0.124)

# Splits not given by de Leva (approximate, stated here once):
NECK_SHARE_OF_HEAD = 0.20  # neck's share of the head+neck segment mass
NECK_LENGTH = 0.040  # fraction of stature, C7 to the atlanto-occipital joint
SHOULDER_SHARE_OF_UPPER_TRUNK = 0.0627  # each shoulder girdle (clavicle + scapula): 1.0 %
TOES_SHARE_OF_FOOT = 0.10  # each toe body (hallux group, lateral toes): 10 % of the foot


def mass_fractions() -> dict[str, float]:
    """Body-mass fraction of every body of the default human (sums to 1)."""
    head_neck = HEAD_NECK.mass
    upper = UPPER_TRUNK.mass
    shoulder = SHOULDER_SHARE_OF_UPPER_TRUNK * upper
    toes = TOES_SHARE_OF_FOOT * FOOT.mass
    fractions = {
        "Pelvis": LOWER_TRUNK.mass,
        "Spine": MIDDLE_TRUNK.mass,
        "Torso": upper - 2.0 * shoulder,
        "Neck": NECK_SHARE_OF_HEAD * head_neck,
        "Head": (1.0 - NECK_SHARE_OF_HEAD) * head_neck,
    }
    for side in ("R", "L"):
        fractions.update(
            {
                f"Femur{side}": THIGH.mass,
                f"Tibia{side}": SHANK.mass,
                f"Talus{side}": FOOT.mass - 2.0 * toes,
                f"FootThumb{side}": toes,
                f"FootPinky{side}": toes,
                f"Shoulder{side}": shoulder,
                f"Arm{side}": UPPER_ARM.mass,
                f"ForeArm{side}": FOREARM.mass,
                f"Hand{side}": HAND.mass,
            }
        )
    total = sum(fractions.values())
    return {name: value / total for name, value in fractions.items()}


def principal_inertia(mass: float, length: float, segment: Segment) -> tuple[float, float, float]:
    """(I_x, I_y, I_z) about the CoM for a segment whose long axis is y."""
    return (
        mass * (segment.r_sag * length) ** 2,
        mass * (segment.r_long * length) ** 2,
        mass * (segment.r_trans * length) ** 2,
    )


def box_inertia(mass: float, size: tuple[float, float, float]) -> tuple[float, float, float]:
    """Principal inertia of a solid box with edge lengths `size`."""
    a, b, c = size
    return (
        mass * (b * b + c * c) / 12.0,
        mass * (a * a + c * c) / 12.0,
        mass * (a * a + b * b) / 12.0,
    )
