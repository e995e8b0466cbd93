"""A self-contained, offline web page that plays a trial back in 3-D.

Library: meshcat (https://github.com/meshcat-dev/meshcat-python). Its pip package ships
the compiled three.js viewer (``meshcat/viewer/dist/main.min.js``, ~0.9 MB), which we
inline into the page, and the viewer takes scene and animation commands as msgpack
bytes, which we inline too: the page needs no server, no network and no file beside
it. Its animation player (three.js AnimationMixer) gives play/pause, a time scrubber
and a speed control; the page adds its own play/speed/time bar that also moves a
cursor over the plot. Rationale against the alternatives: viser and rerun need a
running server or a large WASM viewer to open a recording; meshcat embeds in one file.
We do not start ``Visualizer`` (it spawns a ZMQ/tornado server just to hand the scene
back for ``static_html()``): the same commands are encoded directly with meshcat's own
command and geometry classes.

Scene graph (meshcat is z-up; the model is y-up, z forward): ``/meshcat/exocore``
turns model axes into meshcat's, ``.../world`` is shifted every frame by minus the
pelvis's horizontal position, so the camera follows the pelvis.
"""

from __future__ import annotations

import base64
import html
import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import umsgpack
from numpy.typing import NDArray

with warnings.catch_warnings():
    # meshcat imports pyzmq's deprecated tornado event loop (its server, unused here).
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="zmq")
    warnings.filterwarnings("ignore", message="zmq.eventloop", category=DeprecationWarning)
    import meshcat
    import meshcat.geometry as mg
    from meshcat.commands import SetObject, SetProperty, SetTransform
    from meshcat.path import Path as MeshcatPath

from exocore.render import scene as sc

Array = NDArray[np.float64]
ROOT = "/meshcat/exocore"
WORLD = ROOT + "/world"
# model (x side, y up, z forward) -> meshcat (x forward, y side, z up)
MODEL_TO_MESHCAT = np.array([[0.0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]])
PELVIS_HEIGHT = 0.9  # the world is lowered by this, so the orbit target is near the pelvis
MUSCLE_RADIUS = 0.006
DISC_THICKNESS = 0.012


def viewer_js() -> str:
    """The three.js/meshcat viewer bundle shipped inside the meshcat package."""
    return (Path(meshcat.__file__).parent / "viewer" / "dist" / "main.min.js").read_text()


def _path(p: str) -> MeshcatPath:
    return MeshcatPath(tuple(x for x in p.split("/") if x))


def _hex(rgb: tuple[float, float, float] | Array) -> int:
    r, g, b = (int(round(255 * float(np.clip(c, 0, 1)))) for c in rgb)
    return (r << 16) | (g << 8) | b


def _f32(x: NDArray[np.floating]) -> umsgpack.Ext:
    """A float32 array as msgpack-lite's Float32Array extension (code 0x17)."""
    return umsgpack.Ext(0x17, np.ascontiguousarray(x, dtype="<f4").tobytes())


def _material(rgb: tuple[float, float, float], opacity: float = 1.0) -> mg.Material:
    if opacity < 1.0:
        return mg.MeshLambertMaterial(color=_hex(rgb), opacity=opacity, transparent=True)
    return mg.MeshLambertMaterial(color=_hex(rgb))


def _geometry(kind: str, size: Array) -> mg.Geometry:
    if kind == "box":
        return mg.Box([float(v) for v in size])
    if kind == "sphere":
        return mg.Sphere(float(size[0]))
    return mg.Cylinder(float(size[1]), float(size[0]))


def _static(
    path: str, geom: mg.Geometry, material: mg.Material, pose: Array
) -> list[dict[str, Any]]:
    return [
        SetObject(geom, material, _path(path)).lower(),
        SetTransform(np.asarray(pose, dtype=np.float64), _path(path)).lower(),
    ]


def _track(name: str, jstype: str, times: Array, values: Array) -> dict[str, Any]:
    return {"name": name, "type": jstype, "times": _f32(times), "values": _f32(values)}


def _clip(path: str, tracks: list[dict[str, Any]]) -> dict[str, Any]:
    return {"path": path, "clip": {"fps": 1.0, "name": "default", "tracks": tracks}}


def _pose_tracks(times: Array, poses: Array) -> list[dict[str, Any]]:
    """Position and quaternion tracks of (F, 4, 4) poses."""
    quat = sc.quaternions(poses[:, None, :3, :3])[:, 0]
    return [
        _track(".position", "vector3", times, poses[:, :3, 3]),
        _track(".quaternion", "quaternion", times, quat),
    ]


def _bodies(
    prefix: str, spec: Any, poses: Array, rgb: tuple[float, float, float], times: Array
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    cmds: list[dict[str, Any]] = []
    clips = []
    for i, body in enumerate(spec.bodies):
        base = f"{prefix}/{i}_{body.name}"
        for j, (kind, size, offset) in enumerate(sc.primitives(body)):
            cmds += _static(f"{base}/{j}", _geometry(kind, size), _material(rgb), offset)
        clips.append(_clip(base, _pose_tracks(times, poses[:, i])))
    return cmds, clips


def _muscles(pb: sc.Playback) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One unit cylinder per path segment, moved, turned and stretched every frame and
    coloured by its muscle's activation."""
    start, end, owner = sc.segments(pb.muscle_points)
    vec = end - start
    length = np.maximum(np.linalg.norm(vec, axis=-1), 1e-6)
    quat = sc.quaternions(sc.align_y(vec))
    rgb = sc.muscle_rgb(pb.activations)
    cmds: list[dict[str, Any]] = []
    clips = []
    for s in range(start.shape[1]):
        path = f"{WORLD}/muscles/{s}"
        geom = mg.Cylinder(1.0, MUSCLE_RADIUS)
        cmds.append(SetObject(geom, _material(sc.MUSCLE_LOW_RGB), _path(path)).lower())
        scale = np.stack([np.ones_like(length[:, s]), length[:, s], np.ones_like(length[:, s])], 1)
        tracks = [
            _track(".position", "vector3", pb.time, 0.5 * (start[:, s] + end[:, s])),
            _track(".quaternion", "quaternion", pb.time, quat[:, s]),
            _track(".scale", "vector3", pb.time, scale),
        ]
        clips.append(_clip(path, tracks))
        colour = [_track(".material.color", "color", pb.time, rgb[:, owner[s]])]
        clips.append(_clip(path + "/<object>", colour))
    return cmds, clips


def disc_radius(torque: NDArray[np.floating]) -> Array:
    """Radius [m] of the assist disc drawn at a hip for a torque [N m]."""
    return np.clip(0.03 + 0.006 * np.abs(np.asarray(torque, dtype=np.float64)), 0.0, 0.15)


def _assist(pb: sc.Playback) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A disc about each hip's flexion axis: radius grows with |torque|, orange for
    flexion, blue for extension."""
    y_to_x = np.array([[0.0, 1, 0, 0], [-1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
    cmds: list[dict[str, Any]] = []
    clips = []
    for side, name in enumerate(("left", "right")):
        path = f"{WORLD}/assist/{name}"
        cmds.append(
            SetObject(mg.Cylinder(1.0, 1.0), _material(sc.FLEXION_RGB, 0.8), _path(path)).lower()
        )
        r = disc_radius(pb.torque[:, side])
        scale = np.stack([r, np.full_like(r, DISC_THICKNESS), r], axis=1)
        flex = (pb.torque[:, side] >= 0.0)[:, None]
        rgb = np.where(flex, np.asarray(sc.FLEXION_RGB), np.asarray(sc.EXTENSION_RGB))
        tracks = _pose_tracks(pb.time, pb.hips[:, side] @ y_to_x)
        clips.append(_clip(path, [*tracks, _track(".scale", "vector3", pb.time, scale)]))
        clips.append(_clip(path + "/<object>", [_track(".material.color", "color", pb.time, rgb)]))
    return cmds, clips


def _ground(pb: sc.Playback) -> list[dict[str, Any]]:
    """1 m checker tiles under the whole walk (3 m wide)."""
    lo = np.floor(pb.pelvis[:, 2].min()) - 3
    hi = np.ceil(pb.pelvis[:, 2].max()) + 3
    x0 = np.round(np.mean(pb.pelvis[:, 0]))
    cmds: list[dict[str, Any]] = []
    shades = ((0.78, 0.78, 0.76), (0.66, 0.66, 0.64))
    for k, z in enumerate(np.arange(lo, hi)):
        for i, x in enumerate((x0 - 1.0, x0, x0 + 1.0)):
            pose = np.eye(4)
            pose[:3, 3] = (x, -0.01, z + 0.5)
            geom = mg.Box([1.0, 0.02, 1.0])
            cmds += _static(f"{WORLD}/ground/{k}_{i}", geom, _material(shades[(k + i) % 2]), pose)
    return cmds


def scene_commands(pb: sc.Playback) -> list[dict[str, Any]]:
    """Every meshcat command of the page: objects, static poses, camera and the
    animation (which starts playing, looping)."""
    cmds: list[dict[str, Any]] = [
        SetProperty("visible", False, _path("/Grid")).lower(),
        SetProperty("visible", False, _path("/Axes")).lower(),
        SetTransform(MODEL_TO_MESHCAT, _path(ROOT)).lower(),
        # camera in the viewer's y-up "rotated" frame: front-right of the walker
        SetProperty(
            "position", [1.7, 0.35, 2.0], _path("/Cameras/default/rotated/<object>")
        ).lower(),
    ]
    cmds += _ground(pb)
    for k, (pose, edges) in enumerate(pb.terrain):
        cmds += _static(
            f"{WORLD}/terrain/{k}", mg.Box(list(edges)), _material(sc.TERRAIN_RGB), pose
        )
    body_cmds, clips = _bodies(f"{WORLD}/human", pb.human, pb.human_poses, sc.BODY_RGB, pb.time)
    cmds += body_cmds
    if pb.exo is not None:
        exo_cmds, exo_clips = _bodies(f"{WORLD}/exo", pb.exo, pb.exo_poses, sc.EXO_RGB, pb.time)
        cmds += exo_cmds
        clips += exo_clips
    for part in (_muscles(pb), _assist(pb)):
        cmds += part[0]
        clips += part[1]
    follow = np.zeros((len(pb.time), 3))
    follow[:, 0], follow[:, 1], follow[:, 2] = -pb.pelvis[:, 0], -PELVIS_HEIGHT, -pb.pelvis[:, 2]
    clips.append(_clip(WORLD, [_track(".position", "vector3", pb.time, follow)]))
    cmds.append(
        {
            "type": "set_animation",
            "animations": clips,
            "options": {"play": True, "repetitions": 1e9},
            "path": "",
        }
    )
    return cmds


def encode(cmds: list[dict[str, Any]]) -> str:
    """All commands as one base64 string of length-prefixed msgpack messages."""
    parts = []
    for c in cmds:
        msg = umsgpack.packb(c, force_float_precision="single")
        parts.append(len(msg).to_bytes(4, "little") + msg)
    return base64.b64encode(b"".join(parts)).decode("ascii")


def write_page(
    path: str | Path, pb: sc.Playback, plot_png: bytes, title: str, info: dict[str, Any]
) -> Path:
    """Writes the page: the 3-D view left, controls, the plot (with a time cursor) and
    the trial's facts right."""
    from exocore.render.plot import BOTTOM, LEFT, RIGHT, TOP

    template = (Path(__file__).parent / "page_template.html").read_text()
    facts = "".join(
        f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
        for k, v in info.items()
    )
    config = {
        "duration": float(pb.time[-1]),
        "plot": {"left": LEFT, "right": RIGHT, "bottom": BOTTOM, "top": TOP},
    }
    page = (
        template.replace("%TITLE%", html.escape(title))
        .replace("%FACTS%", facts)
        .replace("%PLOT%", base64.b64encode(plot_png).decode("ascii"))
        .replace("%CONFIG%", json.dumps(config))
        .replace("%SCENE%", encode(scene_commands(pb)))
        .replace("%VIEWER%", viewer_js().replace("</script", "<\\/script"))
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
