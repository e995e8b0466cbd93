"""The paper's portable hip exoskeleton: 3.2 kg, one flexion/extension motor per hip,
18 N m peak torque per side (Luo et al. 2024, Methods), worn with a waist belt and
two thigh straps.

Skeleton (its own free-floating root, separate from the human's): ExoWaist (belt,
backpack with battery and electronics, motor housings) and ExoThighR / ExoThighL (thigh
links) on revolute joints ExoHipR / ExoHipL about x, collinear with the wearer's hip
flexion axis in the standing pose. Masses are split 2.2 / 0.5 / 0.5 kg (our estimate of
the paper's 3.2 kg total; the paper gives no split). Straps are bushings whose two
frames coincide in the standing pose: the belt at the sacrum on the Pelvis, each thigh
cuff on the lateral thigh 0.20 m (at 1.70 m) below the hip centre. Bushing constants
start from the defaults of exocore::BushingParams (k = 1e4 N/m, alpha = 1e3 N m/rad);
the paper's Supplementary Table 1 values are not public.
"""

from __future__ import annotations

import math

from .anthropometry import box_inertia
from .skeleton import Geometry
from .types import Body, Bushing, Exoskeleton, Frame, Motor, Shape

EXO_MASS = 3.2
WAIST_MASS = 2.2
THIGH_LINK_MASS = 0.5
PEAK_TORQUE = 18.0
HIP_LIMITS_DEG = (-110.0, 30.0)  # flexion is negative about x (skeleton.py convention)


def _inertia(mass: float, size: tuple[float, float, float]) -> tuple[tuple[float, ...], ...]:
    ix, iy, iz = box_inertia(mass, size)
    return ((ix, 0.0, 0.0), (0.0, iy, 0.0), (0.0, 0.0, iz))


def hip_exoskeleton(geo: Geometry, pelvis_world: tuple[float, float, float]) -> Exoskeleton:
    """Exoskeleton fitted to a human of geometry `geo` whose Pelvis frame sits at
    `pelvis_world` in the standing pose."""
    sp = geo.scale["Pelvis"]
    k = geo.height / 1.70
    hip = (0.0835 * sp, -0.0661 * sp, -0.0707 * sp)  # right hip centre is (-x, y, z)
    lateral = 0.10 * k  # motor axis centre, lateral of the hip centre
    cuff = 0.07 * k  # thigh cuff, lateral of the femur axis
    cuff_y = -0.20 * k
    pack = (0.30 * k, 0.20 * k, 0.10 * k)
    link = (0.03 * k, 0.28 * k, 0.05 * k)
    bodies = [
        Body(
            "ExoWaist",
            None,
            "free",
            Frame(pelvis_world),
            mass=WAIST_MASS,
            com=(0.0, 0.02 * k, -0.22 * k),
            inertia=_inertia(WAIST_MASS, pack),
            shape=Shape("box", pack, Frame((0.0, 0.02 * k, -0.22 * k))),
        )
    ]
    motors = []
    straps = [
        Bushing(
            "waist_strap",
            "ExoWaist",
            Frame((0.0, 0.0, -0.17 * k)),
            "Pelvis",
            Frame((0.0, 0.0, -0.17 * k)),
        )
    ]
    for side, sign in (("R", -1.0), ("L", 1.0)):
        joint = (sign * (hip[0] + lateral), hip[1], hip[2])
        bodies.append(
            Body(
                f"ExoThigh{side}",
                "ExoWaist",
                "revolute",
                Frame(joint),
                joint_name=f"ExoHip{side}",
                axis=(1.0, 0.0, 0.0),
                mass=THIGH_LINK_MASS,
                com=(0.0, -0.12 * k, 0.0),
                inertia=_inertia(THIGH_LINK_MASS, link),
                shape=Shape("box", link, Frame((0.0, -0.12 * k, 0.0))),
                lower_limits=(math.radians(HIP_LIMITS_DEG[0]),),
                upper_limits=(math.radians(HIP_LIMITS_DEG[1]),),
            )
        )
        motors.append(Motor(f"ExoHip{side}", PEAK_TORQUE, gear_ratio=6.0))
        straps.append(
            Bushing(
                f"thigh_strap_{side.lower()}",
                f"ExoThigh{side}",
                Frame((-sign * (lateral - cuff), cuff_y, 0.0)),
                f"Femur{side}",
                Frame((sign * cuff, cuff_y, 0.0)),
            )
        )
    return Exoskeleton(bodies, motors, straps)
