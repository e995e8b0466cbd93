"""BVH reader (CMU motion-capture style skeletons, as in the cgspeed conversion).

Each BVH joint's world orientation is composed from the channel rotations (intrinsic, in
channel order). A model body takes the world orientation of the BVH joint that
`mapping.CMU_BVH_JOINTS` assigns to it, corrected for the difference of rest poses (the
rotation that turns the model's bone direction at rest onto the BVH bone's, e.g. CMU's
arms held out sideways); its joint coordinates are then its orientation relative to its
model parent. Lengths are scaled so that the BVH thigh + shank equal the model's.
Assumes y up and the subject facing +z at rest (x to its left), as the CMU files do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .loaders import MotionFileError, _read_lines
from .mapping import CMU_BVH_JOINTS
from .motion import DofLayout, Motion, manifold_velocities
from .rotations import axis_rotation, exp_map, log_map
from .trajectory import Kinematic, kinematic_model

_AXES = {"Xrotation": 0, "Yrotation": 1, "Zrotation": 2}
_POS = {"Xposition": 0, "Yposition": 1, "Zposition": 2}


@dataclass
class _Joint:
    name: str
    parent: int
    offset: np.ndarray
    channels: list[str] = field(default_factory=list)
    first_channel: int = 0
    child_offset: np.ndarray | None = None  # offset of the first child / end site


def _parse_hierarchy(path: Path, lines: list[tuple[int, str]]) -> tuple[list[_Joint], int]:
    joints: list[_Joint] = []
    stack: list[int] = []
    channel_count, k, in_end = 0, 0, False
    if not lines or lines[0][1].strip() != "HIERARCHY":
        raise MotionFileError(path, "first line must be HIERARCHY", lines[0][0] if lines else 1)
    for k, (number, text) in enumerate(lines[1:], start=1):
        words = text.split()
        key = words[0]
        if key in ("ROOT", "JOINT"):
            if len(words) != 2:
                raise MotionFileError(path, f"{key} needs one name", number)
            parent = stack[-1] if stack else -1
            joints.append(_Joint(words[1], parent, np.zeros(3)))
        elif key == "End":
            in_end = True
        elif key == "{":
            stack.append(-2 if in_end else len(joints) - 1)
        elif key == "}":
            if not stack:
                raise MotionFileError(path, "unbalanced '}'", number)
            stack.pop()
            in_end = False
        elif key == "OFFSET":
            try:
                offset = np.array([float(v) for v in words[1:4]])
            except ValueError:
                raise MotionFileError(path, "OFFSET needs three numbers", number) from None
            owner = stack[-1] if stack else -1
            if in_end or owner == -2:
                parent = joints[[s for s in stack if s >= 0][-1]]
                if parent.child_offset is None:
                    parent.child_offset = offset
            else:
                joints[-1].offset = offset
                if joints[-1].parent >= 0 and joints[joints[-1].parent].child_offset is None:
                    joints[joints[-1].parent].child_offset = offset
        elif key == "CHANNELS":
            names = words[2:]
            if len(names) != int(words[1]) or any(n not in _AXES and n not in _POS for n in names):
                raise MotionFileError(path, f"bad CHANNELS line: {text.strip()}", number)
            joints[-1].channels = names
            joints[-1].first_channel = channel_count
            channel_count += len(names)
        elif key == "MOTION":
            if stack:
                raise MotionFileError(path, "hierarchy has unclosed '{'", number)
            return joints, k
        else:
            raise MotionFileError(path, f"unexpected '{key}' in the hierarchy", number)
    raise MotionFileError(path, "no MOTION section")


def _frames(path: Path, lines: list[tuple[int, str]], start: int, channels: int) -> tuple:
    if start + 2 >= len(lines) + 1 or not lines[start + 1][1].startswith("Frames:"):
        raise MotionFileError(path, "MOTION must be followed by 'Frames: N'", lines[start][0])
    number, text = lines[start + 2]
    if not text.startswith("Frame Time:"):
        raise MotionFileError(path, "missing 'Frame Time:' line", number)
    frame_time = float(text.split(":")[1])
    count = int(lines[start + 1][1].split(":")[1])
    rows = lines[start + 3 :]
    if len(rows) != count:
        raise MotionFileError(path, f"{len(rows)} frames, header says {count}", number)
    data = np.empty((count, channels))
    for r, (number, text) in enumerate(rows):
        fields = text.split()
        if len(fields) != channels:
            raise MotionFileError(path, f"{len(fields)} values, expected {channels}", number)
        try:
            data[r] = [float(v) for v in fields]
        except ValueError:
            raise MotionFileError(path, "frame has a value that is not a number", number) from None
    return frame_time, data


def _minimal_rotation(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Rotation taking direction a onto direction b."""
    a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
    axis = np.cross(a, b)
    s, c = np.linalg.norm(axis), float(np.dot(a, b))
    if s < 1e-9:
        return np.eye(3) if c > 0 else axis_rotation(2, np.pi)
    return exp_map(axis / s * math.atan2(s, c))


def load_bvh(
    path: str | Path,
    height: float = 1.70,
    rate: float | None = None,
    length_scale: float | None = None,
) -> Motion:
    """Reads a BVH file into a Motion of the default model (see module doc)."""  # fmt: skip
    path, lines = _read_lines(path)
    joints, motion_at = _parse_hierarchy(path, lines)
    frame_time, data = _frames(path, lines, motion_at, sum(len(j.channels) for j in joints))
    for j in joints:
        if j.name not in CMU_BVH_JOINTS:
            line = next(n for n, t in lines if j.name in t.split())
            raise MotionFileError(path, f"unknown joint '{j.name}' (no model body for it)", line)
    kin = kinematic_model(round(height, 4))
    sk = kin.skeleton
    sk.positions = np.zeros(sk.num_dofs)
    rest = {n: sk.body_transform(i)[:3, 3] for i, n in enumerate(kin.body_names)}
    names = [j.name for j in joints]
    if length_scale is None:
        legs = [n for n in ("LeftLeg", "LeftFoot") if n in names]
        bvh_leg = sum(np.linalg.norm(joints[names.index(n)].offset) for n in legs)
        model_leg = rest["FemurL"][1] - rest["TalusL"][1]
        length_scale = model_leg / bvh_leg if len(legs) == 2 and bvh_leg > 0 else 1.0
    frames = len(data)
    world = np.zeros((len(joints), frames, 3, 3))
    root_pos = np.zeros((frames, 3))
    for i, j in enumerate(joints):
        local = np.broadcast_to(np.eye(3), (frames, 3, 3)).copy()
        for c, name in enumerate(j.channels):
            values = data[:, j.first_channel + c]
            if name in _AXES:
                local = local @ axis_rotation(_AXES[name], np.radians(values))
            elif j.parent < 0:
                root_pos[:, _POS[name]] = values
        world[i] = local if j.parent < 0 else world[j.parent] @ local
    parents = _model_parents(kin)
    orientation: dict[str, np.ndarray] = {}
    for i, j in enumerate(joints):
        body = CMU_BVH_JOINTS[j.name]
        if body is None or body not in kin.body_names:
            continue
        fix = np.eye(3)
        child = _first_child(kin, body, parents)
        if child is not None and j.child_offset is not None and np.linalg.norm(j.child_offset):
            fix = _minimal_rotation(rest[child] - rest[body], j.child_offset)
        orientation[body] = world[i] @ fix
    q = np.zeros((frames, sk.num_dofs))
    for body in kin.body_names:
        r = orientation.get(body)
        if r is None:
            continue
        parent = parents[body]
        r_parent = np.eye(3) if parent is None else _world_of(parent, orientation, parents)
        rel = np.swapaxes(r_parent, -1, -2) @ r
        rv = log_map(rel)
        dofs = [n for n in kin.dof_names if n.split("_")[0] == body]
        if body == "Pelvis":
            q[:, [kin.index(f"Pelvis_rot_{a}") for a in "xyz"]] = rv
        elif len(dofs) == 3:
            q[:, [kin.index(d) for d in dofs]] = rv
        elif len(dofs) == 1:
            q[:, kin.index(dofs[0])] = rv[:, 0]
    pos = (root_pos + joints[0].offset) * length_scale - np.array([0.0, kin.pelvis_height, 0.0])
    q[:, [kin.index(f"Pelvis_pos_{a}") for a in "xyz"]] = pos
    for side in "LR":  # CMU has one toe joint: both model toes follow it
        q[:, kin.index(f"FootPinky{side}")] = q[:, kin.index(f"FootThumb{side}")]
    time = np.arange(frames) * frame_time
    vel = manifold_velocities(q, time, DofLayout.from_names(kin.dof_names))
    motion = Motion(time, kin.dof_names, q, vel, np.full(frames, np.nan),
                    np.full(frames, path.stem), {"source": str(path)})  # fmt: skip
    return motion.resample(rate) if rate else motion


def _model_parents(kin: Kinematic) -> dict[str, str | None]:
    return dict(zip(kin.body_names, kin.body_parents))


def _first_child(kin: Kinematic, body: str, parents: dict[str, str | None]) -> str | None:
    """The only child of a limb segment (None for branching bodies such as the pelvis)."""
    children = [b for b, p in parents.items() if p == body]
    return children[0] if len(children) == 1 else None


def _world_of(body: str, orientation: dict, parents: dict) -> np.ndarray:
    """World orientation of a model body: its own if mapped, else its parent's."""
    while body not in orientation:
        body = parents[body]
        if body is None:
            return np.eye(3)
    return orientation[body]
