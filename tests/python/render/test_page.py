"""The playback page: self-contained (no network, no files beside it), and headless
Chromium draws the walker from it."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import umsgpack
from exocore.evaluation.trials import Trial
from exocore.render import scene as sc

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def scene_messages(html: str) -> list[dict]:
    blob = base64.b64decode(re.search(r'const SCENE = "([A-Za-z0-9+/=]*)";', html).group(1))
    out, at = [], 0
    while at < len(blob):
        n = int.from_bytes(blob[at : at + 4], "little")
        out.append(umsgpack.unpackb(blob[at + 4 : at + 4 + n]))
        at += 4 + n
    return out


def test_page_is_self_contained(rendered: dict[str, Path]) -> None:
    html = rendered["html"].read_text()
    assert 1e6 < len(html) < 20e6
    assert "MeshCat" in html and "%VIEWER%" not in html and "%SCENE%" not in html
    # nothing fetched: no external scripts, styles, images or frames
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"'](?!data:)", html)
    assert 'src="data:image/png;base64,' in html  # the plot is inline


def test_scene_holds_every_body_muscle_and_frame(
    trial: Trial, rendered: dict[str, Path], fps: float
) -> None:
    msgs = scene_messages(rendered["html"].read_text())
    objects = [m["path"] for m in msgs if m["type"] == "set_object"]
    model = sc.env_model_for(trial)
    n_segments = sum(len(m.path) - 1 for m in model.muscles)
    assert sum("/world/muscles/" in p for p in objects) == n_segments
    assert sum("/world/assist/" in p for p in objects) == 2
    human = {p.split("/")[5] for p in objects if "/world/human/" in p}
    exo = {p.split("/")[5] for p in objects if "/world/exo/" in p}
    assert len(human) == len(model.human.bodies) and len(exo) == 3
    (anim,) = [m for m in msgs if m["type"] == "set_animation"]
    n_frames = len(sc.frame_steps(len(trial.time), fps))
    for clip in anim["animations"]:
        for track in clip["clip"]["tracks"]:
            times = np.frombuffer(track["times"].data, dtype="<f4")
            values = np.frombuffer(track["values"].data, dtype="<f4")
            assert times.shape == (n_frames,) and np.all(np.diff(times) > 0)
            assert values.size % n_frames == 0 and np.all(np.isfinite(values))


def screenshot(url: str, out: Path) -> np.ndarray:
    from PIL import Image

    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader",
        "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--no-first-run", "--hide-scrollbars",
        f"--screenshot={out}", "--window-size=1280,720", "--virtual-time-budget=3000", url,
    ]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    return np.asarray(Image.open(out).convert("RGB"), dtype=np.float64)


def body_coloured(img: np.ndarray) -> np.ndarray:
    """Pixels of the segments' sand colour under any light: hue 25-45 deg, some
    saturation (the ground is grey, the sky blue, muscles blue to red)."""
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    mx, mn = img.max(-1), img.min(-1)
    sat = (mx - mn) / np.maximum(mx, 1.0)
    hue = np.degrees(np.arctan2(np.sqrt(3.0) * (g - b), 2.0 * r - g - b)) % 360.0
    return (sat > 0.15) & (sat < 0.6) & (hue > 25.0) & (hue < 45.0) & (mx > 60)


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (apt-get install chromium)")
def test_headless_chromium_draws_the_walker(rendered: dict[str, Path], tmp_path: Path) -> None:
    page = rendered["html"]
    img = screenshot(page.resolve().as_uri() + "#t=0.2", tmp_path / "shot.png")
    assert img.shape == (720, 1280, 3)
    view = img[:, :800]  # the 3-D view; the side panel is 470 px wide
    assert view.std() > 20.0
    share = body_coloured(view).mean()
    assert share > 0.005, f"body colour on {share:.4%} of the view"
    assert body_coloured(img[:, 830:]).mean() < 0.01  # the panel: plot and text only
    # control: the same page without its scene shows no body
    html = page.read_text()
    empty = re.sub(r'const SCENE = "[^"]*";', 'const SCENE = "";', html)
    (tmp_path / "empty.html").write_text(empty)
    blank = screenshot((tmp_path / "empty.html").as_uri(), tmp_path / "blank.png")
    assert body_coloured(blank[:, :800]).mean() < 0.0005
