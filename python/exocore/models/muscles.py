"""The 208 musculotendon units of the default human, scaled to a subject.

Order: right leg (54), left leg (54), right upper body and trunk (50), left (50); the
first 108 are the lower-limb muscles of the paper's effort reward (Muscle.lower_limb).
Names are the table names with "_r" / "_l". Left muscles mirror the right ones in the
sagittal plane (x -> -x).

Scaling (as OpenSim's scale tool does for fibre and tendon lengths):
- path points scale with their body (skeleton.Geometry.scale);
- optimal fibre length and tendon slack length scale with the unit's musculotendon
  length in the standing pose relative to the table's reference model, which keeps the
  normalised fibre length of every unit when the subject changes;
- F_max scales with body mass: muscle volume grows with mass x height (Handsfield et al.
  2014, J Biomech 47:631-638) and fibre length with height, so the physiological
  cross-section, volume / fibre length, and hence F_max grow with mass. Reference masses
  are those of the source models' subjects (gait2392: 75.16 kg; Holzbaur 2005: 75 kg).

Strength calibration: the leg's knee flexors, plantarflexors and dorsiflexors have their
table F_max multiplied by one factor per group (muscles_leg.STRENGTH_CALIBRATION), set so
that the peak isometric joint moments sit in the upper part of the young-adult range of
Anderson et al. 2007 (J Biomech 40:3105, Table 3); the other units keep their source F_max.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache

from .muscles_leg import LEG_FORCE_CALIBRATION, LEG_MUSCLES
from .muscles_upper import UPPER_MUSCLES
from .skeleton import Geometry, human_bodies, reference_leg_geometry
from .types import Muscle, MuscleParameters, PathPoint, neutral_path_length, neutral_transforms

LEG_REFERENCE_MASS = 75.16
UPPER_REFERENCE_MASS = 75.0
UPPER_REFERENCE_HEIGHT = 1.70
CENTRAL_BODIES = ("Pelvis", "Spine", "Torso", "Neck", "Head")

Row = tuple[str, str, float, float, float, float, tuple[tuple[str, float, float, float], ...]]


def _side_body(body: str, side: str) -> str:
    return body if body in CENTRAL_BODIES else f"{body}{side}"


def _path(row: Row, side: str, scale: dict[str, float] | None) -> list[PathPoint]:
    """Path of a table row on side 'R' or 'L'; points scaled by `scale` (None: as is)."""
    mirror = -1.0 if side == "L" else 1.0
    points = []
    for body, x, y, z in row[6]:
        name = _side_body(body, side)
        s = 1.0 if scale is None else scale[name]
        points.append(PathPoint(name, (mirror * s * x, s * y, s * z)))
    return points


@lru_cache(maxsize=1)
def _reference_lengths() -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Standing-pose lengths of the table rows in their reference models."""
    leg_geo = reference_leg_geometry()
    leg_bodies, _ = human_bodies(leg_geo.height, 75.0, geometry=leg_geo)
    leg_t = neutral_transforms(leg_bodies)
    up_bodies, _ = human_bodies(UPPER_REFERENCE_HEIGHT, 75.0)
    up_t = neutral_transforms(up_bodies)
    leg = tuple(neutral_path_length(leg_t, _path(r, "R", None)) for r in LEG_MUSCLES)
    upper = tuple(neutral_path_length(up_t, _path(r, "R", None)) for r in UPPER_MUSCLES)
    return leg, upper


def _units(
    rows: Sequence[Row],
    ref_lengths: Sequence[float],
    geo: Geometry,
    transforms: dict,
    force_scale: float,
    calibration: Mapping[str, float],
    lower_limb: bool,
    side: str,
) -> list[Muscle]:
    out = []
    for row, ref_length in zip(rows, ref_lengths):
        name, group, f_max, l_opt, l_s, pennation_deg, _ = row
        path = _path(row, side, geo.scale)
        length_scale = neutral_path_length(transforms, path) / ref_length
        params = MuscleParameters(
            max_isometric_force=f_max * force_scale * calibration.get(name, 1.0),
            optimal_fiber_length=l_opt * length_scale,
            tendon_slack_length=l_s * length_scale,
            optimal_pennation=math.radians(pennation_deg),
        )
        suffix = "_l" if side == "L" else "_r"
        out.append(Muscle(name + suffix, params, path, lower_limb=lower_limb, group=group))
    return out


def human_muscles(geo: Geometry, transforms: dict, body_mass: float) -> list[Muscle]:
    """All 208 units for a skeleton of geometry `geo` (transforms: its standing pose)."""
    leg_ref, upper_ref = _reference_lengths()
    leg_force = body_mass / LEG_REFERENCE_MASS
    upper_force = body_mass / UPPER_REFERENCE_MASS
    muscles: list[Muscle] = []
    for side in ("R", "L"):
        muscles += _units(
            LEG_MUSCLES, leg_ref, geo, transforms, leg_force, LEG_FORCE_CALIBRATION, True, side
        )
    for side in ("R", "L"):
        muscles += _units(UPPER_MUSCLES, upper_ref, geo, transforms, upper_force, {}, False, side)
    return muscles
