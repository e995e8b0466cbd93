"""Joint-name tables from recorded data to the default model's dofs.

OpenSim coordinates follow the gait2392 / Rajagopal et al. (2016) names used by the
Camargo et al. (2021) data set's inverse-kinematics output. OpenSim's ground frame is x
forward, y up, z right; the model's is z forward, y up, x left. Ball-joint coordinates of
OpenSim (pelvis tilt/list/rotation, hip flexion/adduction/rotation, ...) are body-fixed
Z-X-Y sequences, which are the model's x-z-y sequences (`rotations.angles_to_matrix`).
Each entry: coordinate -> ((model dof, sign), ...); angles become the model's
rotation about that axis times the sign.
"""

from __future__ import annotations

Target = tuple[tuple[str, float], ...]


def _sided(right: dict[str, Target]) -> dict[str, Target]:
    """Adds the left-side twins: rotations about y and z change sign in the mirror."""
    out = dict(right)
    for name, targets in right.items():
        left = []
        for dof, sign in targets:
            mirrored = dof.endswith(("_y", "_z"))
            left.append((dof.replace("R_", "L_") if "R_" in dof else dof[:-1] + "L",
                         -sign if mirrored else sign))  # fmt: skip
        out[name[:-1] + "l"] = tuple(left)
    return out


OPENSIM_COORDINATES: dict[str, Target] = {
    "pelvis_tilt": (("Pelvis_rot_x", -1.0),),  # OpenSim: + is posterior tilt
    "pelvis_list": (("Pelvis_rot_z", 1.0),),
    "pelvis_rotation": (("Pelvis_rot_y", 1.0),),
    "pelvis_tx": (("Pelvis_pos_z", 1.0),),
    "pelvis_ty": (("Pelvis_pos_y", 1.0),),
    "pelvis_tz": (("Pelvis_pos_x", -1.0),),
    "lumbar_extension": (("Spine_x", -1.0),),
    "lumbar_bending": (("Spine_z", 1.0),),
    "lumbar_rotation": (("Spine_y", 1.0),),
    **_sided(
        {
            "hip_flexion_r": (("FemurR_x", -1.0),),
            "hip_adduction_r": (("FemurR_z", 1.0),),
            "hip_rotation_r": (("FemurR_y", 1.0),),
            "knee_angle_r": (("TibiaR", 1.0),),  # Rajagopal 2016: + is flexion
            "ankle_angle_r": (("TalusR_x", -1.0),),  # + is dorsiflexion
            "subtalar_angle_r": (("TalusR_z", 1.0),),  # + is inversion
            "mtp_angle_r": (("FootThumbR", -1.0), ("FootPinkyR", -1.0)),  # + is extension
            "arm_flex_r": (("ArmR_x", -1.0),),
            "arm_add_r": (("ArmR_z", 1.0),),
            "arm_rot_r": (("ArmR_y", 1.0),),
            "elbow_flex_r": (("ForeArmR", -1.0),),
            "pro_sup_r": (("HandR_y", 1.0),),
            "wrist_flex_r": (("HandR_x", -1.0),),
            "wrist_dev_r": (("HandR_z", 1.0),),
        }
    ),
}

# gait2392 writes knee flexion as a negative knee_angle.
GAIT2392_COORDINATES: dict[str, Target] = {
    **OPENSIM_COORDINATES,
    "knee_angle_r": (("TibiaR", -1.0),),
    "knee_angle_l": (("TibiaL", -1.0),),
}

# Coordinates that appear in such files but have no counterpart in the model.
OPENSIM_IGNORED = frozenset(
    {"knee_angle_r_beta", "knee_angle_l_beta", "mtp_angle_r_beta", "mtp_angle_l_beta"}
)

# CMU motion-capture BVH joints (cgspeed conversion) -> model body whose world orientation
# the joint gives (None: passed through; the orientation still reaches the children).
CMU_BVH_JOINTS: dict[str, str | None] = {
    "Hips": "Pelvis",
    "LHipJoint": None,
    "RHipJoint": None,
    "LowerBack": None,
    "Spine": "Spine",
    "Spine1": "Torso",
    "Neck": None,
    "Neck1": "Neck",
    "Head": "Head",
    **{
        f"{long}{part}": f"{body}{short}"
        for long, short in (("Left", "L"), ("Right", "R"))
        for part, body in (
            ("UpLeg", "Femur"),
            ("Leg", "Tibia"),
            ("Foot", "Talus"),
            ("ToeBase", "FootThumb"),
            ("Shoulder", "Shoulder"),
            ("Arm", "Arm"),
            ("ForeArm", "ForeArm"),
            ("Hand", "Hand"),
        )
    },
    **{
        name: None
        for side in ("Left", "Right")
        for name in (f"{side}FingerBase", f"{side}HandIndex1", f"{side[0]}Thumb")
    },
}
