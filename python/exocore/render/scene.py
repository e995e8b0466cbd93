"""What a recorded trial looks like in 3-D: world poses of every human and exo body, the
muscle path points, the hip joints and the static scenery, sampled at a display frame
rate. Shared by the web page (``page``) and the video (``video``).

Model frame: y up, z forward, x to the side; metres.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from exocore import _core
from exocore.evaluation.trials import STEP_S, Trial

Array = NDArray[np.float64]

BODY_RGB = (0.86, 0.72, 0.54)  # sand: the human's segments
EXO_RGB = (0.18, 0.19, 0.24)
TERRAIN_RGB = (0.62, 0.6, 0.56)
FLEXION_RGB = (1.0, 0.5, 0.0)  # assist torque discs: flexion / extension
EXTENSION_RGB = (0.0, 0.65, 0.9)
MUSCLE_LOW_RGB = (0.25, 0.35, 0.85)  # activation 0 ... 1
MUSCLE_HIGH_RGB = (0.9, 0.05, 0.05)


class Playback(NamedTuple):
    """A trial sampled at display frames (F of them)."""

    time: Array  # (F,) s from the first recorded step
    human: _core.SkeletonSpec
    human_poses: Array  # (F, n_bodies, 4, 4)
    exo: _core.SkeletonSpec | None
    exo_poses: Array  # (F, n_exo_bodies, 4, 4), (F, 0, 4, 4) without an exo
    muscle_points: list[Array]  # per muscle (F, n_points, 3)
    activations: Array  # (F, n_muscles)
    hips: Array  # (F, 2, 4, 4) left/right hip joint frames (pelvis side)
    torque: Array  # (F, 2) assist torque N m, left/right
    pelvis: Array  # (F, 3) pelvis origin
    terrain: list[tuple[Array, Array]]  # static boxes: (4x4 world pose, edges)


def env_model_for(trial: Trial) -> _core.EnvModel:
    """The simulated world of `trial` (human, exo, muscles, stairs), built the way
    ``evaluation.trials`` builds it."""
    from exocore.evaluation.policies import simple_policies
    from exocore.evaluation.trials import make_trial_env

    env, _ = make_trial_env(trial.spec, simple_policies())
    model = env.env_model
    env.close()
    return model


def frame_steps(n_steps: int, fps: float) -> NDArray[np.int64]:
    """Indices of the recorded steps shown at `fps` (every step when fps >= 100)."""
    if n_steps == 0:
        return np.zeros(0, dtype=np.int64)
    stride = max(1, int(round(1.0 / (fps * STEP_S))))
    steps = np.arange(0, n_steps, stride)
    return steps if steps[-1] == n_steps - 1 else np.append(steps, n_steps - 1)


def skeleton_poses(spec: _core.SkeletonSpec, positions: NDArray[np.floating]) -> Array:
    """(F, n_bodies, 4, 4) world poses of `spec`'s bodies at each row of positions."""
    sk = _core.build_skeleton(spec)
    n = len(spec.bodies)
    out = np.empty((len(positions), n, 4, 4))
    for f, q in enumerate(positions):
        sk.positions = np.asarray(q, dtype=np.float64)
        for i in range(n):
            out[f, i] = sk.body_transform(i)
    return out


def path_points(muscle: _core.Muscle, poses: Array) -> Array:
    """(F, n_points, 3) world positions of a muscle's path points."""
    bodies = [p.body for p in muscle.path]
    local = np.array([[*np.asarray(p.offset).ravel(), 1.0] for p in muscle.path])
    world = np.einsum("fpij,pj->fpi", poses[:, bodies], local)
    return world[..., :3]


def terrain_boxes(model: _core.EnvModel) -> list[tuple[Array, Array]]:
    """World pose and edges of every box of the static scenery (stairs)."""
    boxes: list[tuple[Array, Array]] = []
    for spec in model.terrain:
        poses = skeleton_poses(spec, np.zeros((1, 0)))[0]
        for body, pose in zip(spec.bodies, poses, strict=True):
            if body.shape.type == _core.ShapeType.BOX:
                boxes.append((pose @ np.asarray(body.shape.offset), np.asarray(body.shape.size)))
    return boxes


def hip_frames(model: _core.EnvModel, human_poses: Array) -> Array:
    """(F, 2, 4, 4) left/right hip joint frames, fixed in the pelvis (x: flexion axis)."""
    bodies = model.human.bodies
    out = []
    for thigh in model.human_thighs:
        b = bodies[thigh]
        out.append(human_poses[:, b.parent] @ np.asarray(b.joint_in_parent))
    return np.stack(out, axis=1)


def playback(trial: Trial, model: _core.EnvModel, fps: float = 30.0) -> Playback:
    """Samples `trial` at `fps` and computes every pose the renderers need."""
    if len(trial.time) == 0:
        raise ValueError(f"the trial has no recorded steps ({trial.error or 'empty'})")
    steps = frame_steps(len(trial.time), fps)
    human_poses = skeleton_poses(model.human, trial.positions[steps])
    exo = model.exo.skeleton if model.has_exo else None
    exo_q = trial.exo_positions
    if exo is not None and exo_q.shape[:1] == trial.time.shape and exo_q.shape[1] > 0:
        exo_poses = skeleton_poses(exo, exo_q[steps])
    else:  # no exo worn, or a trial file from before exo positions were recorded
        exo, exo_poses = None, np.zeros((len(steps), 0, 4, 4))
    n_muscles = len(model.muscles)
    acts = np.asarray(trial.activations, dtype=np.float64)
    if acts.shape != (len(trial.time), n_muscles):
        acts = np.zeros((len(trial.time), n_muscles))
    return Playback(
        time=np.asarray(trial.time[steps] - trial.time[0], dtype=np.float64),
        human=model.human,
        human_poses=human_poses,
        exo=exo,
        exo_poses=exo_poses,
        muscle_points=[path_points(m, human_poses) for m in model.muscles],
        activations=acts[steps],
        hips=hip_frames(model, human_poses),
        torque=np.asarray(trial.exo_torque[steps], dtype=np.float64),
        pelvis=human_poses[:, 0, :3, 3].copy(),
        terrain=terrain_boxes(model),
    )


def muscle_rgb(activation: NDArray[np.floating]) -> Array:
    """(..., 3) colours from blue (resting) to red (fully active)."""
    a = np.clip(np.asarray(activation, dtype=np.float64), 0.0, 1.0)[..., None]
    return (1.0 - a) * np.asarray(MUSCLE_LOW_RGB) + a * np.asarray(MUSCLE_HIGH_RGB)


def segments(points: list[Array]) -> tuple[Array, Array, NDArray[np.int64]]:
    """All muscle path segments: start (F, S, 3), end (F, S, 3) and owning muscle (S,)."""
    starts = [p[:, :-1] for p in points]
    ends = [p[:, 1:] for p in points]
    owner = np.concatenate([np.full(p.shape[1] - 1, i) for i, p in enumerate(points)])
    return np.concatenate(starts, axis=1), np.concatenate(ends, axis=1), owner.astype(np.int64)


def primitives(body: _core.BodySpec) -> list[tuple[str, Array, Array]]:
    """A body's shape as drawable primitives in its body frame: ('box', edges, pose),
    ('sphere', (r, -, -), pose) or ('cylinder', (radius, height, -), pose along the pose's
    y axis); a capsule is a cylinder and two spheres."""
    shape = body.shape
    size = np.asarray(shape.size, dtype=np.float64)
    offset = np.asarray(shape.offset, dtype=np.float64)
    if shape.type == _core.ShapeType.BOX:
        return [("box", size, offset)]
    if shape.type == _core.ShapeType.SPHERE:
        return [("sphere", size, offset)]
    if shape.type != _core.ShapeType.CAPSULE:
        return []
    r, h = float(size[0]), float(size[1])
    y_to_z = np.array([[1.0, 0, 0, 0], [0, 0, -1, 0], [0, 1, 0, 0], [0, 0, 0, 1]])
    out = [("cylinder", np.array([r, h, 0.0]), offset @ y_to_z)]
    for end in (-0.5 * h, 0.5 * h):
        cap = np.eye(4)
        cap[2, 3] = end
        out.append(("sphere", np.array([r, 0.0, 0.0]), offset @ cap))
    return out


def quaternions(rot: NDArray[np.floating]) -> Array:
    """(..., 4) unit quaternions (x, y, z, w) of rotation matrices (..., 3, 3); signs
    chosen continuous along the first axis."""
    m = np.asarray(rot, dtype=np.float64)
    tr = m[..., 0, 0] + m[..., 1, 1] + m[..., 2, 2]
    # the four candidate 4*q_k^2 values; take the largest for numerical safety
    cand = np.stack(
        [
            1.0 + m[..., 0, 0] - m[..., 1, 1] - m[..., 2, 2],
            1.0 - m[..., 0, 0] + m[..., 1, 1] - m[..., 2, 2],
            1.0 - m[..., 0, 0] - m[..., 1, 1] + m[..., 2, 2],
            1.0 + tr,
        ],
        axis=-1,
    )
    k = np.argmax(cand, axis=-1)
    s = 2.0 * np.sqrt(np.maximum(np.take_along_axis(cand, k[..., None], -1)[..., 0], 1e-12))
    d = {  # q from the off-diagonal sums/differences, divided by 4 q_k
        "x": (m[..., 2, 1] - m[..., 1, 2]),
        "y": (m[..., 0, 2] - m[..., 2, 0]),
        "z": (m[..., 1, 0] - m[..., 0, 1]),
        "xy": (m[..., 0, 1] + m[..., 1, 0]),
        "xz": (m[..., 0, 2] + m[..., 2, 0]),
        "yz": (m[..., 1, 2] + m[..., 2, 1]),
    }
    q = np.empty((*m.shape[:-2], 4))
    rows = {
        0: (0.25 * s, d["xy"] / s, d["xz"] / s, d["x"] / s),
        1: (d["xy"] / s, 0.25 * s, d["yz"] / s, d["y"] / s),
        2: (d["xz"] / s, d["yz"] / s, 0.25 * s, d["z"] / s),
        3: (d["x"] / s, d["y"] / s, d["z"] / s, 0.25 * s),
    }
    for key, comps in rows.items():
        sel = k == key
        q[sel] = np.stack([c[sel] for c in comps], axis=-1)
    q /= np.linalg.norm(q, axis=-1, keepdims=True)
    for f in range(1, q.shape[0]):  # no sign flips between frames
        flip = np.sum(q[f] * q[f - 1], axis=-1) < 0.0
        q[f][flip] *= -1.0
    return q


def align_y(direction: NDArray[np.floating]) -> Array:
    """(..., 3, 3) rotations taking +y to each unit `direction` (..., 3)."""
    d = np.asarray(direction, dtype=np.float64)
    d = d / np.maximum(np.linalg.norm(d, axis=-1, keepdims=True), 1e-12)
    y = np.array([0.0, 1.0, 0.0])
    axis = np.cross(y, d)
    c = d[..., 1]
    sin = np.linalg.norm(axis, axis=-1)
    k = axis / np.maximum(sin, 1e-12)[..., None]
    kx = np.zeros((*d.shape[:-1], 3, 3))
    kx[..., 0, 1], kx[..., 0, 2] = -k[..., 2], k[..., 1]
    kx[..., 1, 0], kx[..., 1, 2] = k[..., 2], -k[..., 0]
    kx[..., 2, 0], kx[..., 2, 1] = -k[..., 1], k[..., 0]
    eye = np.broadcast_to(np.eye(3), kx.shape)
    rot = eye + sin[..., None, None] * kx + (1.0 - c)[..., None, None] * (kx @ kx)
    flipped = c < -1.0 + 1e-9  # pointing straight down: half turn about x
    rot[flipped] = np.diag([1.0, -1.0, -1.0])
    return rot
