"""Musculoskeletal human and hip-exoskeleton models.

`human()` builds the default model of the paper (23 bodies, 6 + 50 dofs, 208 muscles)
scaled to a subject; `load_model` / `save_model` read and write the JSON model file
(docs/model_format.md); `from_osim` imports an OpenSim 4 or 3 model; `to_core_specs` turns a
model into the compiled core's specs.
"""

from __future__ import annotations

import math

from .exo import hip_exoskeleton
from .model_file import (
    FORMAT_VERSION,
    ModelFileError,
    load_model,
    model_from_dict,
    model_to_dict,
    save_model,
)
from .muscles import human_muscles
from .osim import OsimImportError, from_osim
from .skeleton import human_bodies
from .types import (
    Body,
    Bushing,
    Exoskeleton,
    Frame,
    Model,
    Motor,
    Muscle,
    MuscleParameters,
    PathPoint,
    Shape,
    neutral_transforms,
)

DEFAULT_HEIGHT = 1.70
DEFAULT_MASS = 72.0

__all__ = [
    "DEFAULT_HEIGHT",
    "DEFAULT_MASS",
    "FORMAT_VERSION",
    "Body",
    "Bushing",
    "Exoskeleton",
    "Frame",
    "Model",
    "ModelFileError",
    "Motor",
    "Muscle",
    "MuscleParameters",
    "OsimImportError",
    "PathPoint",
    "Shape",
    "from_osim",
    "human",
    "load_model",
    "model_from_dict",
    "model_to_dict",
    "save_model",
]


def human(
    height_m: float = DEFAULT_HEIGHT, mass_kg: float = DEFAULT_MASS, with_exo: bool = False
) -> Model:
    """The default human scaled to stature `height_m` [m] and body mass `mass_kg` [kg],
    optionally wearing the hip exoskeleton (whose 3.2 kg are not part of `mass_kg`)."""
    if not (math.isfinite(height_m) and 1.0 <= height_m <= 2.3):
        raise ValueError(f"height_m must be in [1.0, 2.3] m, got {height_m}")
    if not (math.isfinite(mass_kg) and 20.0 <= mass_kg <= 250.0):
        raise ValueError(f"mass_kg must be in [20, 250] kg, got {mass_kg}")
    bodies, geo = human_bodies(height_m, mass_kg)
    transforms = neutral_transforms(bodies)
    muscles = human_muscles(geo, transforms, mass_kg)
    exo = None
    if with_exo:
        exo = hip_exoskeleton(geo, tuple(float(v) for v in transforms["Pelvis"][:3, 3]))
    name = "human_exo" if with_exo else "human"
    metadata = {
        "source": "exocore default human (de Leva 1996 anthropometry; Delp 1990 / gait2392 "
        "leg muscles, knee-flexor and ankle F_max calibrated to Anderson 2007; Holzbaur 2005 "
        "arm; see exocore/models/*.py)",
        "mass_kg": f"{mass_kg:g}",
    }
    return Model(name, bodies, muscles, exo=exo, height=height_m, metadata=metadata)
