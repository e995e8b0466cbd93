"""Figures of the evaluation report (matplotlib, Agg backend, PNG), analogues of the
paper's Fig. 3b (torque vs gait phase), Fig. 3c (peak torque), Fig. 5a (metabolic rate)
and Fig. 4 (continuous transition trial)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from numpy.typing import NDArray  # noqa: E402

from exocore.evaluation.trials import Trial  # noqa: E402

PHASE_BINS = 50
_COND_COLORS = {"no-exo": "#7f7f7f", "assist-off": "#1f77b4", "assist-on": "#d62728"}
_ACT_COLORS = {"walk": "#c6dbef", "run": "#fdd0a2", "stairs": "#c7e9c0"}


def phase_profile(trial: Trial, side: int = 1) -> tuple[NDArray[Any], NDArray[Any]]:
    """Mean torque / body mass [N m/kg] in PHASE_BINS gait-phase bins (NaN where empty).
    Side 1 (right) follows the phase (0 = right initial contact)."""
    centres = (np.arange(PHASE_BINS) + 0.5) / PHASE_BINS
    prof = np.full(PHASE_BINS, np.nan)
    if len(trial.time):
        idx = np.minimum((trial.phase * PHASE_BINS).astype(int), PHASE_BINS - 1)
        tau = trial.exo_torque[:, side] / trial.body_mass_kg
        for b in range(PHASE_BINS):
            sel = idx == b
            if sel.any():
                prof[b] = tau[sel].mean()
    return centres, prof


def _save(fig: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path


def torque_vs_phase(trials: dict[str, Trial], path: Path) -> Path:
    """Fig. 3b: assist torque / body mass vs gait phase, one panel per steady activity
    and speed, one line per participant (assist-on trials)."""
    on = [t for t in trials.values() if t.spec.condition == "assist-on"]
    on = [t for t in on if t.spec.activity != "transition"]
    order = {"walk": 0, "run": 1, "stairs": 2}
    keys = sorted(
        {(t.spec.activity, t.spec.speed or 0.0) for t in on},
        key=lambda k: (order.get(k[0], 3), k[1]),
    )
    fig, axes = plt.subplots(
        1, max(1, len(keys)), figsize=(3.2 * max(1, len(keys)), 2.8), sharey=True, squeeze=False
    )
    for ax, (activity, speed) in zip(axes[0], keys):
        for t in on:
            if (t.spec.activity, t.spec.speed or 0.0) == (activity, speed):
                x, y = phase_profile(t)
                ax.plot(100 * x, y, lw=1.2, label=t.spec.participant.name)
        ax.set_title(f"{activity} {speed:.2f} m/s" if speed else activity, fontsize=9)
        ax.set_xlabel("gait phase (%)")
        ax.set_xlim(0.0, 100.0)
        ax.axhline(0.0, color="k", lw=0.5)
    axes[0][0].set_ylabel("torque / body mass (N m/kg)")
    if on:
        axes[0][-1].legend(fontsize=6, loc="upper right")
    return _save(fig, path)


def peak_torque(results: dict[str, Any], path: Path) -> Path:
    """Fig. 3c: peak assist torque per activity (box over participants)."""
    acts = results["activities"]
    labels, data = [], []
    for key, a in acts.items():
        v = [x for x in a["peak_assist_torque_nm"]["values"] if x is not None]
        labels.append(key)
        data.append(v if v else [np.nan])
    fig, ax = plt.subplots(figsize=(1.3 * max(3, len(labels)), 3.0))
    ax.boxplot(data, tick_labels=labels)
    for i, v in enumerate(data, start=1):
        ax.scatter(np.full(len(v), i), v, s=10, color="k", zorder=3)
    ax.set_ylabel("peak assist torque (N m)")
    ax.tick_params(axis="x", labelsize=8)
    return _save(fig, path)


def metabolic_rates(results: dict[str, Any], path: Path) -> Path:
    """Fig. 5a: net metabolic rate per condition and activity (bars = mean, dots =
    participants), with the paper's values as black diamonds."""
    acts = results["activities"]
    conds = results["settings"]["conditions"]
    fig, ax = plt.subplots(figsize=(1.6 * max(3, len(acts)), 3.2))
    width = 0.8 / max(1, len(conds))
    paper_labelled = False
    for i, a in enumerate(acts.values()):
        for j, c in enumerate(conds):
            st = a["net_metabolic_w_per_kg"].get(c)
            if st is None:
                continue
            x = i + (j - (len(conds) - 1) / 2) * width
            mean = st["mean"] if st["mean"] is not None else np.nan
            ax.bar(x, mean, width, color=_COND_COLORS.get(c), label=c if i == 0 else None)
            vals = [v for v in st["values"] if v is not None]
            ax.scatter(np.full(len(vals), x), vals, s=8, color="k", zorder=3)
            paper = (a.get("paper") or {}).get(c)
            if paper is not None:
                label = None if paper_labelled else "paper"
                paper_labelled = True
                ax.scatter(
                    [x],
                    [paper],
                    marker="D",
                    s=22,
                    edgecolors="k",
                    facecolors="w",
                    zorder=4,
                    label=label,
                )
    ax.set_xticks(range(len(acts)), list(acts), fontsize=8)
    ax.set_ylabel("net metabolic rate (W/kg)")
    ax.legend(fontsize=7)
    return _save(fig, path)


def transition(trial: Trial, activity_at: NDArray[Any] | None, path: Path) -> Path:
    """Fig. 4: torque and mechanical power of both hips over a continuous
    walk -> run -> walk -> stairs trial; background = reference activity."""
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 4.2), sharex=True)
    t = trial.time
    for ax in (ax1, ax2):
        if activity_at is not None and len(t):
            _shade(ax, t, activity_at)
        ax.axhline(0.0, color="k", lw=0.5)
    for side, name in ((0, "left"), (1, "right")):
        ax1.plot(t, trial.exo_torque[:, side], lw=1.0, label=name)
        ax2.plot(t, trial.exo_power[:, side], lw=1.0, label=name)
    ax1.set_ylabel("torque (N m)")
    ax2.set_ylabel("mech. power (W)")
    ax2.set_xlabel("time (s)")
    ax1.legend(fontsize=7, loc="upper right")
    pos = float(np.sum(np.clip(trial.exo_power, 0, None)) * 0.01)
    neg = float(np.sum(np.clip(-trial.exo_power, 0, None)) * 0.01)
    share = 100 * neg / (pos + neg) if pos + neg > 0 else float("nan")
    ax2.set_title(f"negative work {share:.1f} % of delivered work (paper: 3.47 %)", fontsize=8)
    if trial.fell:
        ax1.set_title(f"participant fell at {trial.upright_s:.2f} s", fontsize=8)
    return _save(fig, path)


def _shade(ax: Any, t: NDArray[Any], labels: NDArray[Any]) -> None:
    start = 0
    for i in range(1, len(t) + 1):
        if i == len(t) or labels[i] != labels[start]:
            color = _ACT_COLORS.get(str(labels[start]), "#eeeeee")
            ax.axvspan(t[start], t[i - 1] + 0.01, color=color, alpha=0.6, lw=0)
            start = i
