"""One short recorded trial (untrained policies, assist on; the untrained walker falls
after ~0.8 s) and its rendered page and GIF, made once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from exocore.evaluation.trials import Participant, Trial, TrialSpec

pytest.importorskip("meshcat", reason="the 'render' extra (meshcat) is not installed")

FPS = 20.0  # page and video frames per second in these tests
VIDEO_SIZE = (320, 240)
SPEC = TrialSpec("walk", 1.25, "assist-on", Participant("P1", 1.79, 62.0), duration_s=0.6)


@pytest.fixture(scope="session")
def fps() -> float:
    return FPS


@pytest.fixture(scope="session")
def trial() -> Trial:
    from exocore.evaluation.policies import simple_policies
    from exocore.evaluation.trials import run_trial

    return run_trial(SPEC, simple_policies())


@pytest.fixture(scope="session")
def trial_file(trial: Trial, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from exocore.evaluation.trials import save_trial

    return save_trial(trial, tmp_path_factory.mktemp("trial") / "walk.npz")


@pytest.fixture(scope="session")
def rendered(trial_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The page and a GIF of the trial read back from its file."""
    from exocore.evaluation.trials import load_trial
    from exocore.render import render_trial

    out = tmp_path_factory.mktemp("render")
    return render_trial(
        load_trial(trial_file), out, fps=FPS, video="gif", video_fps=FPS, video_size=VIDEO_SIZE
    )
