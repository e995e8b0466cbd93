"""The evaluation protocol of the paper in simulation: a cohort of virtual participants
walks (0.75 / 1.25 / 1.75 m/s), runs (2.0 m/s) and climbs stairs under no exo, assist
off and assist on; plus one continuous walk -> run -> walk -> stairs trial (Fig. 4).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from exocore.evaluation import metabolics as mb
from exocore.evaluation.policies import Policies
from exocore.evaluation.trials import (
    Participant,
    Trial,
    TrialSpec,
    run_trial,
    save_trial,
    summarize_trial,
    transition_for,
)

# Luo et al., Nature 630 (2024), Extended Data Table 1: (name, body mass kg, height cm,
# activities). Walking: participants 1-8; running and stairs: 1-5 and 9-11.
_TABLE_1 = (
    ("P1", 62, 179, "wrs"),
    ("P2", 70, 174, "wrs"),
    ("P3", 70, 178, "wrs"),
    ("P4", 85, 181, "wrs"),
    ("P5", 109, 180, "wrs"),
    ("P6", 50, 165, "w"),
    ("P7", 56, 160, "w"),
    ("P8", 45, 158, "w"),
    ("P9", 80, 180, "rs"),
    ("P10", 70, 176, "rs"),
    ("P11", 66, 170, "rs"),
)
_CODE = {"walk": "w", "run": "r", "stairs": "s"}


def paper_participants(activity: str) -> list[Participant]:
    """The participants who did `activity` in the paper (Extended Data Table 1)."""
    code = _CODE[activity]
    return [Participant(n, h / 100.0, float(m)) for n, m, h, acts in _TABLE_1 if code in acts]


# Luo et al. 2024, main text and Fig. 5a: net metabolic rate (W/kg, mean +- s.e.m.,
# n = 8) and mean per-participant reduction, assist on vs no exo.
PAPER_RESULTS: dict[str, dict[str, float]] = {
    "walk_1.25": {
        "no-exo": 2.91,
        "no-exo_sem": 0.26,
        "assist-on": 2.19,
        "assist-on_sem": 0.19,
        "reduction_vs_no_exo_pct": 24.3,
    },
    "run_2.00": {
        "no-exo": 8.25,
        "no-exo_sem": 0.92,
        "assist-on": 7.19,
        "assist-on_sem": 0.85,
        "reduction_vs_no_exo_pct": 13.1,
    },
    "stairs": {
        "no-exo": 5.54,
        "no-exo_sem": 0.24,
        "assist-on": 4.66,
        "assist-on_sem": 0.22,
        "reduction_vs_no_exo_pct": 15.4,
    },
}
PAPER_NEGATIVE_WORK_PCT = 3.47  # share of delivered work, transition trial (Fig. 4 text)

CONDITIONS = ("no-exo", "assist-off", "assist-on")
STEADY: tuple[tuple[str, float | None], ...] = (
    ("walk", 0.75),
    ("walk", 1.25),
    ("walk", 1.75),
    ("run", 2.0),
    ("stairs", None),
)


def activity_key(activity: str, speed: float | None) -> str:
    return activity if speed is None else f"{activity}_{speed:.2f}"


@dataclass(frozen=True)
class EvalSettings:
    participants: int | None = None  # first N of each activity's list; None = all
    duration_s: float = 10.0
    transition_s: float | None = None  # None: the whole transition reference
    seed: int = 0
    steady: tuple[tuple[str, float | None], ...] = STEADY
    conditions: tuple[str, ...] = CONDITIONS
    transition: bool = True


QUICK = EvalSettings(participants=1, duration_s=0.3, transition_s=0.3)


def trial_specs(settings: EvalSettings) -> list[TrialSpec]:
    specs = []
    for activity, speed in settings.steady:
        people = paper_participants(activity)[: settings.participants]
        for k, person in enumerate(people):
            for condition in settings.conditions:
                seed = settings.seed + k  # a participant's conditions share a seed
                specs.append(
                    TrialSpec(activity, speed, condition, person, settings.duration_s, seed)
                )
    return specs


def _stats(values: Sequence[float | None]) -> dict[str, Any]:
    v = np.array([x for x in values if x is not None and math.isfinite(x)], dtype=float)
    return {
        "mean": float(v.mean()) if v.size else None,
        "sd": float(v.std(ddof=1)) if v.size > 1 else (0.0 if v.size else None),
        "n": int(v.size),
        "values": [None if x is None else float(x) for x in values],
    }


def _reduction(base: list[dict[str, Any]], other: list[dict[str, Any]]) -> float | None:
    """Mean per-participant reduction [%] of `other` vs `base` (as the paper reports)."""
    by_name = {s["participant"]: s["net_metabolic_w_per_kg"] for s in base}
    r = []
    for s in other:
        b, o = by_name.get(s["participant"]), s["net_metabolic_w_per_kg"]
        if b is not None and o is not None and b > 0:
            r.append(100.0 * (b - o) / b)
    return float(np.mean(r)) if r else None


def aggregate(summaries: list[dict[str, Any]], settings: EvalSettings) -> dict[str, Any]:
    """Per activity: net metabolic W/kg per condition, reductions, peak torque, falls."""
    out: dict[str, Any] = {}
    for activity, speed in settings.steady:
        key = activity_key(activity, speed)
        rows = [s for s in summaries if s["activity"] == activity and s["speed"] == speed]
        by_cond = {c: [s for s in rows if s["condition"] == c] for c in settings.conditions}
        on = by_cond.get("assist-on", [])
        out[key] = {
            "activity": activity,
            "speed": speed,
            "net_metabolic_w_per_kg": {
                c: _stats([s["net_metabolic_w_per_kg"] for s in v]) for c, v in by_cond.items()
            },
            "effort": {c: _stats([s["effort"] for s in v]) for c, v in by_cond.items()},
            "reserve_share_pct": {
                c: _stats([s.get("reserve_share_pct") for s in v]) for c, v in by_cond.items()
            },
            "reduction_vs_no_exo_pct": _reduction(by_cond.get("no-exo", []), on),
            "reduction_vs_assist_off_pct": _reduction(by_cond.get("assist-off", []), on),
            "peak_assist_torque_nm": _stats([s["peak_torque_nm"] for s in on]),
            "peak_assist_torque_nm_per_kg": _stats([s["peak_torque_nm_per_kg"] for s in on]),
            "upright_s": {c: _stats([s["upright_s"] for s in v]) for c, v in by_cond.items()},
            "falls": int(sum(s["fell"] for s in rows)),
            "trials": len(rows),
            "errors": sorted({s["error"] for s in rows if s["error"]}),
            "paper": PAPER_RESULTS.get(key),
        }
    return out


def evaluate(
    policies: Policies,
    settings: EvalSettings = EvalSettings(),
    out_dir: str | Path | None = None,
    progress: bool = True,
    on_trial: Callable[[Trial], None] | None = None,
    keep_states: bool = False,
    workers: int = 1,
    checkpoint: str | Path | None = None,
) -> tuple[dict[str, Any], dict[str, Trial]]:
    """Runs every trial; returns (results, trials by id). With `out_dir`, each trial is
    also recorded to ``out_dir/trials/<id>.npz``. The returned trials keep muscle and
    joint states only with `keep_states`. `workers` > 1 runs trials in that many
    processes, each loading `checkpoint` (the file `policies` came from). Same settings
    and seed -> same numbers, whatever the number of workers."""
    from exocore import models

    if workers > 1 and checkpoint is None:
        raise ValueError("workers > 1 needs the checkpoint path (each process loads it)")
    table = mb.muscle_table(models.human().muscles)
    specs = trial_specs(settings)
    if settings.transition:
        person = paper_participants("walk")[0]
        dur = settings.transition_s
        if dur is None:
            dur = float(transition_for(person.height_m).motion.time[-1]) - 0.5
        specs.append(TrialSpec("transition", None, "assist-on", person, dur, settings.seed))
    bar = _progress(len(specs), progress)
    summaries, trials = [], {}
    for spec, trial in _run_all(specs, policies, workers, checkpoint):
        tid = trial_id(spec)
        summary = summarize_trial(trial, table) | {"id": tid}
        summaries.append(summary)
        if out_dir is not None:
            save_trial(trial, Path(out_dir) / "trials" / f"{tid}.npz")
        if on_trial is not None:
            on_trial(trial)
        if not keep_states:  # figures need torques and phases only; ~2.5 MB per 10 s saved
            trial = drop_states(trial)
        trials[tid] = trial
        bar.set_postfix_str(f"{tid} up {trial.upright_s:.2f} s")
        bar.update(1)
    bar.close()
    steady = [s for s in summaries if s["activity"] != "transition"]
    transition = [s for s in summaries if s["activity"] == "transition"]
    results = {
        "format": "exocore.evaluation",
        "version": 1,
        "policies": policies.source,
        "actuation": policies.actuation,
        "settings": asdict(settings),
        "metabolic_model": "Umberger (2010), lower-limb muscles, net (no basal) W/kg body mass",
        "activities": aggregate(steady, settings),
        "transition": transition[0] if transition else None,
        "paper_negative_work_pct": PAPER_NEGATIVE_WORK_PCT,
        "trials": summaries,
    }
    return results, trials


_WORKER_POLICIES: list[Policies] = []


def _init_worker(checkpoint: str) -> None:
    from exocore.evaluation.policies import load_policies

    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    _WORKER_POLICIES.append(load_policies(checkpoint))


def _worker_trial(spec: TrialSpec) -> Trial:
    return run_trial(spec, _WORKER_POLICIES[0])


def _run_all(
    specs: list[TrialSpec], policies: Policies, workers: int, checkpoint: str | Path | None
) -> Iterator[tuple[TrialSpec, Trial]]:
    """(spec, trial) in the order of `specs`."""
    if workers <= 1:
        for spec in specs:
            yield spec, run_trial(spec, policies)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")  # no fork of a process with torch/C++ threads
    with ProcessPoolExecutor(workers, ctx, _init_worker, (str(checkpoint),)) as pool:
        yield from zip(specs, pool.map(_worker_trial, specs))


def drop_states(trial: Trial) -> Trial:
    """The trial without its per-step muscle and joint states (empty arrays)."""
    empty = {
        k: getattr(trial, k)[:0]
        for k in ("activations", "muscle_lengths", "muscle_velocities", "positions", "velocities")
    }
    return replace(trial, **empty)


def trial_id(spec: TrialSpec) -> str:
    return f"{activity_key(spec.activity, spec.speed)}_{spec.condition}_{spec.participant.name}"


class _NoBar:
    def set_postfix_str(self, s: str) -> None: ...
    def update(self, n: int) -> None: ...
    def close(self) -> None: ...


def _progress(total: int, enabled: bool) -> Any:
    if not enabled:
        return _NoBar()
    try:
        from tqdm import tqdm
    except ImportError:
        return _NoBar()
    return tqdm(total=total, desc="evaluate", unit="trial")
