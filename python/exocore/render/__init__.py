"""3-D playback of simulated trials: a self-contained, offline HTML page (meshcat's
three.js viewer, see ``exocore.render.page`` for why meshcat) and a video (GIF or MP4).

``render_trial(trial, out_dir)`` renders a trial of ``exocore.evaluation.trials`` (one
just run, or one read back with ``load_trial``); ``exocore render`` is the command.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from exocore.evaluation.trials import Trial


def trial_title(trial: Trial) -> str:
    s = trial.spec
    speed = f" {s.speed:g} m/s" if s.speed is not None else ""
    return f"{s.activity}{speed}, {s.condition}, {s.participant.name}"


def trial_facts(trial: Trial) -> dict[str, str]:
    s = trial.spec
    p = s.participant
    return {
        "activity": s.activity,
        "speed": "-" if s.speed is None else f"{s.speed:g} m/s",
        "condition": s.condition,
        "participant": f"{p.name}: {p.height_m:.2f} m, {p.mass_kg:g} kg",
        "recorded": f"{len(trial.time) * 0.01:.2f} s of {s.duration_s:g} s"
        + (" (fell)" if trial.fell else ""),
        "seed": str(s.seed),
        "notes": "; ".join(trial.notes) or "-",
    }


def render_trial(
    trial: Trial,
    out_dir: str | Path,
    name: str = "trial",
    fps: float = 30.0,
    video: str | None = "mp4",
    video_fps: float = 25.0,
    video_size: tuple[int, int] = (640, 480),
) -> dict[str, Path]:
    """Writes ``<name>.html`` (and ``<name>.<video>`` unless video is None: 'mp4' or
    'gif') under `out_dir`; returns the paths by kind ('html', 'video')."""
    from exocore.render import page, plot
    from exocore.render import video as vid
    from exocore.render.scene import env_model_for, playback

    if video not in (None, "mp4", "gif"):
        raise ValueError(f"video must be 'mp4', 'gif' or None, got {video!r}")
    if len(trial.time) == 0:
        raise ValueError(f"the trial has no recorded steps ({trial.error or 'empty'})")
    out = Path(out_dir)
    model = env_model_for(trial)
    lower_limb = np.asarray(model.lower_limb, dtype=bool)
    png = plot.plot_png(trial, lower_limb)
    paths = {
        "html": page.write_page(
            out / f"{name}.html",
            playback(trial, model, fps),
            png,
            trial_title(trial),
            trial_facts(trial),
        )
    }
    if video is not None:
        pb = playback(trial, model, video_fps)
        paths["video"] = vid.write_video(out / f"{name}.{video}", pb, video_fps, video_size)
    return paths


__all__ = ["render_trial", "trial_facts", "trial_title"]
