"""The same playback as a video: an orthographic software rendering with Pillow
(already a dependency through matplotlib; no browser or GPU needed), fixed camera that
follows the pelvis, written as an animated GIF (Pillow) or an MP4 (``ffmpeg``).

Each frame depth-sorts its primitives (painter's algorithm): box faces shaded by a
fixed light, capsules as round-capped thick lines (their exact orthographic outline),
spheres as discs, muscle segments as thin lines coloured by activation and the hip
assist as a disc about the flexion axis (orange flexion, blue extension, size |torque|).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from exocore.render import scene as sc
from exocore.render.page import disc_radius

Array = NDArray[np.float64]

# camera offset from the pelvis in the model frame (x side, y up, z forward): front-left
CAMERA_OFFSET = np.array([-2.0, 0.35, 1.7])
LIGHT = np.array([-0.4, 0.8, 0.45]) / np.linalg.norm([-0.4, 0.8, 0.45])
VIEW_WIDTH_M = 3.0
LOOK_HEIGHT = 0.9
BACKGROUND = (236, 241, 248)  # the view is centred this high above the ground under the pelvis
MUSCLE_BIAS_M = 0.12  # muscles run inside the segments: draw them as if this much nearer
BOX_FACES = ((0, 1, 3, 2), (4, 6, 7, 5), (0, 4, 5, 1), (2, 3, 7, 6), (0, 2, 6, 4), (1, 5, 7, 3))


def camera_basis() -> Array:
    """Rows: screen right, screen up, view direction (into the screen)."""
    d = -CAMERA_OFFSET / np.linalg.norm(CAMERA_OFFSET)
    right = np.cross(d, [0.0, 1.0, 0.0])
    right /= np.linalg.norm(right)
    return np.stack([right, np.cross(right, d), d])


def _box_items(pose: Array, edges: Array, rgb: Array, basis: Array) -> list[tuple[Any, ...]]:
    """Visible faces of a box as ('poly', depth, (n, 2) screen points, colour)."""
    signs = np.array([[sx, sy, sz] for sx in (-1, 1) for sy in (-1, 1) for sz in (-1, 1)])
    corners = (signs * 0.5 * edges) @ pose[:3, :3].T + pose[:3, 3]
    items = []
    for face in BOX_FACES:
        pts = corners[list(face)]
        normal = np.cross(pts[1] - pts[0], pts[3] - pts[0])
        n = normal / max(float(np.linalg.norm(normal)), 1e-12)
        centre = pts.mean(axis=0)
        if np.dot(n, centre - pose[:3, 3]) < 0.0:
            n = -n  # outward
        if np.dot(n, basis[2]) >= 0.0:
            continue  # facing away
        shade = 0.5 + 0.5 * max(0.0, float(np.dot(n, LIGHT)))
        items.append(("poly", float(centre @ basis[2]), pts @ basis[:2].T, rgb * shade))
    return items


def _body_items(
    spec: Any, poses: Array, rgb: tuple[float, float, float], basis: Array
) -> list[tuple[Any, ...]]:
    colour = np.asarray(rgb)
    items: list[tuple[Any, ...]] = []
    for body, pose in zip(spec.bodies, poses, strict=True):
        for kind, size, offset in sc.primitives(body):
            world = pose @ offset
            if kind == "box":
                items += _box_items(world, size, colour, basis)
            elif kind == "sphere":
                c = world[:3, 3]
                items.append(("disc", float(c @ basis[2]), c @ basis[:2].T, size[0], colour * 0.9))
            else:
                half = 0.5 * size[1] * world[:3, 1]
                ends = np.stack([world[:3, 3] - half, world[:3, 3] + half])
                depth = float(world[:3, 3] @ basis[2])
                items.append(("rod", depth, ends @ basis[:2].T, size[0], colour * 0.85))
    return items


def frame_items(pb: sc.Playback, f: int, basis: Array) -> list[tuple[Any, ...]]:
    """Every primitive of frame `f`, sorted far to near."""
    items = _body_items(pb.human, pb.human_poses[f], sc.BODY_RGB, basis)
    if pb.exo is not None:
        items += _body_items(pb.exo, pb.exo_poses[f], sc.EXO_RGB, basis)
    for pose, edges in pb.terrain:
        items += _box_items(pose, edges, np.asarray(sc.TERRAIN_RGB), basis)
    rgb = sc.muscle_rgb(pb.activations[f])
    for m, pts in enumerate(pb.muscle_points):
        p = pts[f]
        for a, b in zip(p[:-1], p[1:], strict=True):
            seg = np.stack([a, b])
            depth = float(seg.mean(0) @ basis[2]) - MUSCLE_BIAS_M
            items.append(("line", depth, seg @ basis[:2].T, rgb[m]))
    ring = np.linspace(0.0, 2.0 * np.pi, 25)
    for side in range(2):
        hip = pb.hips[f, side]
        r = float(disc_radius(pb.torque[f, side]))
        circle = r * (np.outer(np.cos(ring), hip[:3, 1]) + np.outer(np.sin(ring), hip[:3, 2]))
        pts = circle + hip[:3, 3]
        rgb_d = sc.FLEXION_RGB if pb.torque[f, side] >= 0 else sc.EXTENSION_RGB
        depth = float(hip[:3, 3] @ basis[2]) - 0.05
        items.append(("poly", depth, pts @ basis[:2].T, np.asarray(rgb_d)))
    items.sort(key=lambda it: -it[1])
    return items


def _rgb(c: Array) -> tuple[int, int, int]:
    r, g, b = (int(round(255.0 * float(np.clip(v, 0.0, 1.0)))) for v in c)
    return (r, g, b)


def _draw(draw: Any, items: list[tuple[Any, ...]], to_px: Any, px_per_m: float) -> None:
    """Paints the depth-sorted items with Pillow."""
    for it in items:
        kind, colour = it[0], _rgb(it[-1])
        if kind == "poly":
            draw.polygon([tuple(p) for p in to_px(it[2])], fill=colour)
        elif kind == "line":
            draw.line([tuple(p) for p in to_px(it[2])], fill=colour, width=2)
        else:  # a disc, or a rod drawn as a capsule: thick line with round ends
            pts = to_px(np.atleast_2d(it[2]))
            r = float(it[3]) * px_per_m
            if kind == "rod":
                draw.line([tuple(p) for p in pts], fill=colour, width=max(1, int(2 * r)))
            for x, y in pts:
                draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)


def render_frames(pb: sc.Playback, size: tuple[int, int] = (640, 480)) -> list[NDArray[np.uint8]]:
    """(H, W, 3) RGB images, one per playback frame (drawn at twice the size and
    downsampled, for smooth edges)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=15)
    ss = 2
    w, h = size[0] * ss, size[1] * ss
    basis = camera_basis()
    px_per_m = w / VIEW_WIDTH_M
    ground_z = np.arange(np.floor(pb.pelvis[:, 2].min()) - 4, np.ceil(pb.pelvis[:, 2].max()) + 4)
    x0 = float(np.round(np.mean(pb.pelvis[:, 0])))
    tiles = []  # 1 m checker tiles, 3 m wide
    for k, z in enumerate(ground_z):
        for i, x in enumerate((x0 - 1.5, x0 - 0.5, x0 + 0.5)):
            quad = np.array([[x, 0, z], [x + 1, 0, z], [x + 1, 0, z + 1], [x, 0, z + 1]])
            shade = np.array((0.8, 0.8, 0.78) if (k + i) % 2 else (0.68, 0.68, 0.66))
            tiles.append(("poly", 0.0, quad @ basis[:2].T, shade))
    frames = []
    for f in range(len(pb.time)):
        look = np.array([pb.pelvis[f, 0], LOOK_HEIGHT, pb.pelvis[f, 2]]) @ basis[:2].T

        def to_px(uv: Array, look: Array = look) -> Array:
            x = (uv[:, 0] - look[0]) * px_per_m + 0.5 * w
            y = 0.5 * h - (uv[:, 1] - look[1]) * px_per_m
            return np.stack([x, y], axis=1)

        img = Image.new("RGB", (w, h), BACKGROUND)
        draw = ImageDraw.Draw(img)
        _draw(draw, tiles, to_px, px_per_m)
        _draw(draw, frame_items(pb, f, basis), to_px, px_per_m)
        img = img.resize(size, Image.Resampling.LANCZOS)
        tq = pb.torque[f]
        text = f"t = {pb.time[f]:5.2f} s   hip assist L {tq[0]:+5.1f}  R {tq[1]:+5.1f} N m"
        ImageDraw.Draw(img).text((10, 8), text, fill=(20, 20, 20), font=font)
        frames.append(np.asarray(img, dtype=np.uint8))
    return frames


def write_gif(path: Path, frames: list[NDArray[np.uint8]], fps: float) -> Path:
    from PIL import Image

    images = [
        Image.fromarray(f).quantize(colors=128, method=Image.Quantize.MEDIANCUT) for f in frames
    ]
    duration = int(round(1000.0 / fps))
    images[0].save(
        path, save_all=True, append_images=images[1:], duration=duration, loop=0, optimize=False
    )
    return path


def write_mp4(path: Path, frames: list[NDArray[np.uint8]], fps: float) -> Path:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise ValueError("writing an MP4 needs the ffmpeg program (apt-get install ffmpeg)")
    h, w = frames[0].shape[:2]
    cmd = [
        ffmpeg, "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24",
        "-s", f"{w}x{h}", "-r", f"{fps:g}", "-i", "-",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "veryfast", "-crf", "23",
        "-movflags", "+faststart", str(path),
    ]  # fmt: skip
    subprocess.run(cmd, input=b"".join(f.tobytes() for f in frames), check=True)
    return path


def write_video(
    path: str | Path, pb: sc.Playback, fps: float, size: tuple[int, int] = (640, 480)
) -> Path:
    """Renders `pb` (sampled at `fps`) to `path`: .gif or .mp4 by its suffix."""
    path = Path(path)
    if path.suffix not in (".gif", ".mp4"):
        raise ValueError(f"video must be .gif or .mp4, got {path.name}")
    if size[0] % 2 or size[1] % 2:
        raise ValueError(f"video size must be even, got {size}")
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = render_frames(pb, size)
    if path.suffix == ".gif":
        return write_gif(path, frames, fps)
    return write_mp4(path, frames, fps)
