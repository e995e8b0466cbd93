"""The video: one frame per displayed step, the walker drawn, GIF and MP4."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from exocore.evaluation.trials import Trial
from exocore.render import scene as sc
from exocore.render import video


def test_gif_has_one_frame_per_displayed_step(
    trial: Trial, rendered: dict[str, Path], fps: float
) -> None:
    from PIL import Image

    n = len(sc.frame_steps(len(trial.time), fps))
    with Image.open(rendered["video"]) as gif:
        assert gif.format == "GIF" and gif.size == (320, 240)
        assert gif.n_frames == n
        assert gif.info["duration"] == round(1000 / fps)
        gif.seek(n // 2)
        mid = np.asarray(gif.convert("RGB"), dtype=np.float64)
    assert mid.std() > 15.0


def test_frames_show_the_body_and_follow_the_pelvis(trial: Trial, fps: float) -> None:
    pb = sc.playback(trial, sc.env_model_for(trial), fps)
    frames = video.render_frames(pb._replace(time=pb.time[[0, -1]]), (320, 240))
    assert len(frames) == 2 and frames[0].shape == (240, 320, 3)
    body = np.asarray([255 * c for c in sc.BODY_RGB])
    for img in frames:
        near = np.abs(img.astype(np.float64) - body * 0.85).sum(-1) < 60  # lit capsules
        assert near.mean() > 0.003
        cols = np.nonzero(near.any(axis=0))[0]
        # the camera follows the pelvis: the walker stays in the middle third
        assert 320 / 3 < cols.mean() < 2 * 320 / 3
    assert np.abs(frames[0].astype(int) - frames[1].astype(int)).mean() > 1.0


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")
def test_mp4_frame_count(trial: Trial, fps: float, tmp_path: Path) -> None:
    pb = sc.playback(trial, sc.env_model_for(trial), fps)
    pb = pb._replace(time=pb.time[:6])
    path = video.write_video(tmp_path / "t.mp4", pb, fps, (320, 240))
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
         "stream=nb_read_frames,width,height", "-of", "json", str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    stream = json.loads(probe.stdout)["streams"][0]
    assert (int(stream["nb_read_frames"]), stream["width"], stream["height"]) == (6, 320, 240)


def test_bad_video_arguments(trial: Trial, fps: float, tmp_path: Path) -> None:
    pb = sc.playback(trial, sc.env_model_for(trial), fps)
    with pytest.raises(ValueError, match="gif or .mp4"):
        video.write_video(tmp_path / "t.avi", pb, fps)
    with pytest.raises(ValueError, match="even"):
        video.write_video(tmp_path / "t.gif", pb, fps, (321, 240))
