"""The main job on the built-in default model, run by ``exocore demo``: the shipped
controller walks the default participant at 1.25 m/s under no exo, assist off and
assist on; writes the evaluation report (metabolic cost, torque vs gait phase) and a
3-D playback page and video of the assisted trial."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from exocore.evaluation import EvalSettings, evaluate, load_policies, write_report
from exocore.pretrained import pretrained_checkpoint


@dataclass(frozen=True)
class TrainedDemoResult:
    report: Path
    page: Path
    video: Path | None
    net_metabolic_w_kg: dict[str, float | None]  # per condition, walking 1.25 m/s
    upright_s: dict[str, float]  # per condition: how long the participant stayed up


def run_trained_demo(
    out_dir: Path, duration_s: float = 4.0, checkpoint: Path | None = None, video: bool = True
) -> TrainedDemoResult:
    from exocore.render import render_trial

    checkpoint = checkpoint or pretrained_checkpoint()
    policies = load_policies(checkpoint)
    settings = EvalSettings(
        participants=1, duration_s=duration_s, steady=(("walk", 1.25),), transition=False
    )
    results, trials = evaluate(policies, settings, out_dir=out_dir, keep_states=True)
    paths = write_report(results, trials, out_dir)
    walk = results["activities"]["walk_1.25"]["net_metabolic_w_per_kg"]
    assisted = next(t for t in trials.values() if t.spec.condition == "assist-on")
    rendered = render_trial(
        assisted, out_dir, name="walk_assist_on", video="mp4" if video else None
    )
    return TrainedDemoResult(
        report=paths["html"],
        page=rendered["html"],
        video=rendered.get("video"),
        net_metabolic_w_kg={c: v["mean"] for c, v in walk.items()},
        upright_s={t.spec.condition: t.upright_s for t in trials.values()},
    )
