"""The default human skeleton: 23 bodies, a free pelvis and 50 joint dofs (MASS layout).

Bodies (parents first): Pelvis (free, 6 dofs); per leg Femur (ball, hip), Tibia
(revolute, knee), Talus (ball, ankle; the whole hind- and mid-foot), FootThumb and
FootPinky (revolute, the hallux and lateral-toe metatarsophalangeal joints); Spine,
Torso, Neck, Head (ball); per arm Shoulder (ball, clavicle + scapula), Arm (ball,
glenohumeral), ForeArm (revolute, elbow) and Hand (ball, forearm rotation + wrist).
Right side first. 6 + 14 x 3 + 8 = 56 dofs.

Every body frame's origin is its joint centre and, in the standing pose (all
coordinates zero), every frame is aligned with the world: x left, y up, z forward. Dof
i of a ball joint is a rotation about axis i (x: flexion/extension, y: axial rotation,
z: ab/adduction); every revolute joint turns about x. A positive rotation about x moves
the distal end backwards: hip extension, knee flexion, ankle plantarflexion, toe flexion,
elbow extension, trunk/neck flexion (the distal end there is the top).

Joint limits are normal adult ranges of motion (American Academy of Orthopaedic Surgeons
1965, "Joint motion: method of measuring and recording"; Soucie et al. 2011, Haemophilia
17:500-507), applied per component of DART's exponential-map coordinates, which is exact
for single-axis motion and approximate for combined motions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import anthropometry as anth
from .types import Body, Frame, Shape

DEG = math.pi / 180.0
HALF_PI = 0.5 * math.pi


@dataclass(frozen=True)
class Geometry:
    """Lengths and per-body scale factors of one built skeleton."""

    height: float
    femur: float
    tibia: float
    foot: float
    spine: float
    torso: float
    neck: float
    ankle_height: float
    scale: dict[str, float]


def _limits(lo_deg: tuple[float, ...], hi_deg: tuple[float, ...]) -> dict[str, tuple]:
    return {
        "lower_limits": tuple(v * DEG for v in lo_deg),
        "upper_limits": tuple(v * DEG for v in hi_deg),
    }


def _mirror(values: tuple[float, ...], sign: float) -> tuple[float, ...]:
    """Ranges of a right-side ball joint -> the side `sign` (-1 right, +1 left): mirroring
    in the sagittal plane keeps rotations about x and flips those about y and z."""
    return values if sign < 0 else (values[0], -values[1], -values[2])


def _ball_limits(right_lo: tuple, right_hi: tuple, sign: float) -> dict[str, tuple]:
    if sign < 0:
        return _limits(right_lo, right_hi)
    lo = _mirror(right_hi, sign)
    hi = _mirror(right_lo, sign)
    return _limits((right_lo[0], lo[1], lo[2]), (right_hi[0], hi[1], hi[2]))


def _inertia(ix: float, iy: float, iz: float) -> tuple[tuple[float, float, float], ...]:
    return ((ix, 0.0, 0.0), (0.0, iy, 0.0), (0.0, 0.0, iz))


def _capsule_y(radius: float, length: float, center_y: float, center_z: float = 0.0) -> Shape:
    """Capsule along the body's y axis (the shape frame's z axis turned onto y)."""
    height = max(length - 2.0 * radius, 0.01)
    return Shape(
        "capsule", (radius, height, 0.0), Frame((0.0, center_y, center_z), (HALF_PI, 0, 0))
    )


def _box(size: tuple[float, float, float], center: tuple[float, float, float]) -> Shape:
    return Shape("box", size, Frame(center))


def build_geometry(height: float) -> Geometry:
    """Segment lengths and scale factors for a subject of stature `height` [m]."""
    s_pelvis = height / anth.GAIT2392_STATURE
    femur = anth.THIGH.length * height
    tibia = anth.SHANK.length * height
    foot = anth.FOOT.length * height
    s_foot = foot / anth.GAIT2392_FOOT
    ankle_height = (0.04195 + 0.020) * s_foot  # gait2392 calcaneus origin + heel pad
    spine = anth.MIDDLE_TRUNK.length * height
    neck = anth.NECK_LENGTH * height
    head = anth.HEAD_NECK.length * height - neck
    lumbar_joint_y = ankle_height + tibia + femur + (0.0661 + 0.0815) * s_pelvis
    torso = height - (lumbar_joint_y + spine + neck + head)
    s_upper = height / 1.70  # upper-body muscle tables are written for a 1.70 m subject
    scale = {"Pelvis": s_pelvis, "Spine": s_upper, "Torso": s_upper, "Neck": s_upper}
    scale["Head"] = s_upper
    for side in ("R", "L"):
        scale.update(
            {
                f"Femur{side}": femur / anth.GAIT2392_FEMUR,
                f"Tibia{side}": tibia / anth.GAIT2392_TIBIA,
                f"Talus{side}": s_foot,
                f"FootThumb{side}": s_foot,
                f"FootPinky{side}": s_foot,
                f"Shoulder{side}": s_upper,
                f"Arm{side}": s_upper,
                f"ForeArm{side}": s_upper,
                f"Hand{side}": s_upper,
            }
        )
    return Geometry(height, femur, tibia, foot, spine, torso, neck, ankle_height, scale)


def reference_leg_geometry() -> Geometry:
    """Geometry with the lower-limb segments of gait2392 (scale factors 1), the frame in
    which the leg muscle table (muscles_leg.py) is written."""
    geo = build_geometry(anth.GAIT2392_STATURE)
    scale = dict(geo.scale)
    for name in scale:
        if name == "Pelvis" or any(name.startswith(b) for b in ("Femur", "Tibia", "Talus", "Foot")):
            scale[name] = 1.0
    return Geometry(
        geo.height,
        anth.GAIT2392_FEMUR,
        anth.GAIT2392_TIBIA,
        anth.GAIT2392_FOOT,
        geo.spine,
        geo.torso,
        geo.neck,
        0.06195,
        scale,
    )


def _leg(side: str, sign: float, geo: Geometry, mass: dict[str, float], total: float) -> list[Body]:
    sp = geo.scale["Pelvis"]
    sf = geo.scale[f"Talus{side}"]
    m_femur, m_tibia = mass[f"Femur{side}"] * total, mass[f"Tibia{side}"] * total
    m_talus, m_toe = mass[f"Talus{side}"] * total, mass[f"FootThumb{side}"] * total
    sole = -geo.ankle_height
    mtp = (sign * 0.009 * sf, -0.04395 * sf, (0.1788 - 0.04877) * sf)
    foot_box = (0.09 * sf, 0.05 * sf, 0.19 * sf)
    thumb_box = (0.035 * sf, 0.02 * sf, 0.06 * sf)
    pinky_box = (0.05 * sf, 0.02 * sf, 0.045 * sf)
    toe_y = sole - mtp[1] + 0.01 * sf
    talus_com = (sign * 0.008 * sf, -0.03 * sf, -0.04877 * sf + anth.FOOT.com * geo.foot)
    return [
        Body(
            f"Femur{side}",
            "Pelvis",
            "ball",
            Frame((sign * 0.0835 * sp, -0.0661 * sp, -0.0707 * sp)),
            mass=m_femur,
            com=(0.0, -anth.THIGH.com * geo.femur, 0.0),
            inertia=_inertia(*anth.principal_inertia(m_femur, geo.femur, anth.THIGH)),
            shape=_capsule_y(0.06 * sp, geo.femur, -0.5 * geo.femur),
            **_ball_limits((-120, -45, -45), (30, 45, 30), sign),
        ),
        Body(
            f"Tibia{side}",
            f"Femur{side}",
            "revolute",
            Frame((0.0, -geo.femur, -0.0052 * geo.scale[f"Femur{side}"])),
            mass=m_tibia,
            com=(0.0, -anth.SHANK.com * geo.tibia, 0.0),
            inertia=_inertia(*anth.principal_inertia(m_tibia, geo.tibia, anth.SHANK)),
            shape=_capsule_y(0.045 * sp, geo.tibia, -0.5 * geo.tibia),
            **_limits((-5,), (140,)),
        ),
        Body(
            f"Talus{side}",
            f"Tibia{side}",
            "ball",
            Frame((0.0, -geo.tibia, 0.0)),
            mass=m_talus,
            com=talus_com,
            inertia=_inertia(
                m_talus * (anth.FOOT.r_sag * geo.foot) ** 2,
                m_talus * (anth.FOOT.r_trans * geo.foot) ** 2,
                m_talus * (anth.FOOT.r_long * geo.foot) ** 2,
            ),
            shape=_box(foot_box, (sign * 0.008 * sf, sole + 0.5 * foot_box[1], 0.035 * sf)),
            collides=True,
            **_ball_limits((-20, -30, -15), (50, 30, 35), sign),
        ),
        Body(
            f"FootThumb{side}",
            f"Talus{side}",
            "revolute",
            Frame((mtp[0] - sign * 0.022 * sf, mtp[1], mtp[2])),
            mass=m_toe,
            com=(0.0, toe_y, 0.03 * sf),
            inertia=_inertia(*anth.box_inertia(m_toe, thumb_box)),
            shape=_box(thumb_box, (0.0, toe_y, 0.03 * sf)),
            collides=True,
            **_limits((-70,), (40,)),
        ),
        Body(
            f"FootPinky{side}",
            f"Talus{side}",
            "revolute",
            Frame((mtp[0] + sign * 0.02 * sf, mtp[1], mtp[2] - 0.005 * sf)),
            mass=m_toe,
            com=(0.0, toe_y, 0.0225 * sf),
            inertia=_inertia(*anth.box_inertia(m_toe, pinky_box)),
            shape=_box(pinky_box, (0.0, toe_y, 0.0225 * sf)),
            collides=True,
            **_limits((-70,), (40,)),
        ),
    ]


def _arm(side: str, sign: float, geo: Geometry, mass: dict[str, float], total: float) -> list[Body]:
    k = geo.scale["Torso"]
    h = geo.height
    l_arm, l_fore, l_hand = (s.length * h for s in (anth.UPPER_ARM, anth.FOREARM, anth.HAND))
    m = {name: mass[f"{name}{side}"] * total for name in ("Shoulder", "Arm", "ForeArm", "Hand")}
    hand_box = (0.08 * k, 1.8 * l_hand, 0.03 * k)
    clavicle = (sign * 0.075 * k, 0.0, -0.045 * k)
    return [
        Body(
            f"Shoulder{side}",
            "Torso",
            "ball",
            Frame((sign * 0.025 * k, geo.torso - 0.04 * k, 0.10 * k)),
            mass=m["Shoulder"],
            com=(sign * 0.08 * k, 0.0, -0.05 * k),
            inertia=_inertia(*anth.box_inertia(m["Shoulder"], (0.15 * k, 0.08 * k, 0.08 * k))),
            shape=Shape("capsule", (0.025 * k, 0.1 * k, 0.0), Frame(clavicle, (0, HALF_PI, 0))),
            **_ball_limits((-20, -20, -20), (20, 20, 20), sign),
        ),
        Body(
            f"Arm{side}",
            f"Shoulder{side}",
            "ball",
            Frame((sign * 0.155 * k, 0.0, -0.09 * k)),
            mass=m["Arm"],
            com=(0.0, -anth.UPPER_ARM.com * l_arm, 0.0),
            inertia=_inertia(*anth.principal_inertia(m["Arm"], l_arm, anth.UPPER_ARM)),
            shape=_capsule_y(0.04 * k, l_arm, -0.5 * l_arm),
            **_ball_limits((-160, -90, -170), (60, 70, 40), sign),
        ),
        Body(
            f"ForeArm{side}",
            f"Arm{side}",
            "revolute",
            Frame((0.0, -l_arm, 0.0)),
            mass=m["ForeArm"],
            com=(0.0, -anth.FOREARM.com * l_fore, 0.0),
            inertia=_inertia(*anth.principal_inertia(m["ForeArm"], l_fore, anth.FOREARM)),
            shape=_capsule_y(0.032 * k, l_fore, -0.5 * l_fore),
            **_limits((-150,), (0,)),
        ),
        Body(
            f"Hand{side}",
            f"ForeArm{side}",
            "ball",
            Frame((0.0, -l_fore, 0.0)),
            mass=m["Hand"],
            com=(0.0, -anth.HAND.com * l_hand, 0.0),
            inertia=_inertia(*anth.principal_inertia(m["Hand"], l_hand, anth.HAND)),
            shape=_box(hand_box, (0.0, -0.5 * hand_box[1], 0.0)),
            **_ball_limits((-80, -85, -20), (70, 85, 30), sign),
        ),
    ]


def human_bodies(
    height: float, total_mass: float, geometry: Geometry | None = None
) -> tuple[list[Body], Geometry]:
    """The 23 bodies of a subject of stature `height` [m] and mass `total_mass` [kg]
    (`geometry` overrides the lengths computed from the height)."""
    geo = build_geometry(height) if geometry is None else geometry
    frac = anth.mass_fractions()
    k = geo.scale["Torso"]
    sp = geo.scale["Pelvis"]
    head_len = anth.HEAD_NECK.length * height - geo.neck
    pelvis_y = geo.ankle_height + geo.tibia + geo.femur + 0.0661 * sp
    m = {name: frac[name] * total_mass for name in ("Pelvis", "Spine", "Torso", "Neck", "Head")}
    lower = anth.LOWER_TRUNK.length * height
    upper = anth.UPPER_TRUNK.length * height
    hn = anth.HEAD_NECK.length * height
    pelvis = Body(
        "Pelvis",
        None,
        "free",
        Frame((0.0, pelvis_y, 0.0)),
        mass=m["Pelvis"],
        com=(0.0, 0.0, -0.0707 * sp),
        inertia=_inertia(*anth.principal_inertia(m["Pelvis"], lower, anth.LOWER_TRUNK)),
        shape=_box((0.26 * sp, 0.16 * sp, 0.16 * sp), (0.0, 0.0, -0.07 * sp)),
    )
    bodies = [pelvis]
    bodies += _leg("R", -1.0, geo, frac, total_mass)
    bodies += _leg("L", 1.0, geo, frac, total_mass)
    bodies += [
        Body(
            "Spine",
            "Pelvis",
            "ball",
            Frame((0.0, 0.0815 * sp, -0.1007 * sp)),
            mass=m["Spine"],
            com=(0.0, (1.0 - anth.MIDDLE_TRUNK.com) * geo.spine, 0.04 * k),
            inertia=_inertia(*anth.principal_inertia(m["Spine"], geo.spine, anth.MIDDLE_TRUNK)),
            shape=_box((0.26 * k, geo.spine, 0.17 * k), (0.0, 0.5 * geo.spine, 0.05 * k)),
            **_limits((-15, -15, -15), (30, 15, 15)),
        ),
        Body(
            "Torso",
            "Spine",
            "ball",
            Frame((0.0, geo.spine, 0.0)),
            mass=m["Torso"],
            com=(0.0, geo.torso - anth.UPPER_TRUNK.com * upper, 0.05 * k),
            inertia=_inertia(*anth.principal_inertia(m["Torso"], upper, anth.UPPER_TRUNK)),
            shape=_box((0.30 * k, geo.torso, 0.20 * k), (0.0, 0.5 * geo.torso, 0.05 * k)),
            **_limits((-15, -20, -15), (30, 20, 15)),
        ),
        Body(
            "Neck",
            "Torso",
            "ball",
            Frame((0.0, geo.torso, 0.0)),
            mass=m["Neck"],
            com=(0.0, 0.5 * geo.neck, 0.0),
            inertia=_inertia(*anth.box_inertia(m["Neck"], (0.1 * k, geo.neck, 0.1 * k))),
            shape=_capsule_y(0.045 * k, geo.neck + 0.09 * k, 0.5 * geo.neck),
            **_limits((-30, -40, -22), (25, 40, 22)),
        ),
        Body(
            "Head",
            "Neck",
            "ball",
            Frame((0.0, geo.neck, 0.0)),
            mass=m["Head"],
            com=(0.0, head_len - anth.HEAD_NECK.com * hn, 0.02 * k),
            inertia=_inertia(*anth.principal_inertia(m["Head"], hn, anth.HEAD_NECK)),
            shape=Shape("sphere", (0.095 * k, 0.0, 0.0), Frame((0.0, 0.5 * head_len, 0.02 * k))),
            **_limits((-30, -40, -22), (25, 40, 22)),
        ),
    ]
    bodies += _arm("R", -1.0, geo, frac, total_mass)
    bodies += _arm("L", 1.0, geo, frac, total_mass)
    return bodies, geo
