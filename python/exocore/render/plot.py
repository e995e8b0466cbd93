"""The 2-D panel beside the 3-D view: hip angle, assist torque and lower-limb muscle
effort against time, as a PNG with the plotting area's extent (figure fractions) so the
page can draw a time cursor over it."""

from __future__ import annotations

import io

import numpy as np
from numpy.typing import NDArray

from exocore.evaluation import metabolics as mb
from exocore.evaluation.trials import Trial

LEFT, RIGHT, BOTTOM, TOP = 0.17, 0.97, 0.08, 0.97  # axes area in figure fractions


def series(trial: Trial, lower_limb: NDArray[np.bool_]) -> dict[str, NDArray[np.float64]]:
    """Time [s from the first step], hip angles [deg], assist torques [N m] and effort
    (mean squared lower-limb activation) per recorded step."""
    t = np.asarray(trial.time - trial.time[0], dtype=np.float64)
    acts = np.asarray(trial.activations, dtype=np.float64)
    if acts.ndim == 2 and acts.shape[1] == len(lower_limb) and np.any(lower_limb):
        effort = mb.activation_effort(acts, lower_limb)
    else:
        effort = np.full(len(t), np.nan)
    return {
        "time": t,
        "hip_deg": np.degrees(np.asarray(trial.hip_angle, dtype=np.float64)),
        "torque": np.asarray(trial.exo_torque, dtype=np.float64),
        "effort": effort,
    }


def plot_png(trial: Trial, lower_limb: NDArray[np.bool_], dpi: int = 100) -> bytes:
    """The three stacked panels as PNG bytes; x spans exactly [0, last time] between
    LEFT and RIGHT of the image width."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    s = series(trial, lower_limb)
    fig, axes = plt.subplots(3, 1, figsize=(4.6, 5.4), dpi=dpi, sharex=True)
    fig.subplots_adjust(left=LEFT, right=RIGHT, bottom=BOTTOM, top=TOP, hspace=0.12)
    t = s["time"]
    colours = ("#1f5fbf", "#d0402a")  # left, right
    for side, c in enumerate(colours):
        name = ("left", "right")[side]
        axes[0].plot(t, s["hip_deg"][:, side], color=c, lw=1.4, label=name)
        axes[1].plot(t, s["torque"][:, side], color=c, lw=1.4, label=name)
    axes[2].plot(t, s["effort"], color="#333333", lw=1.4)
    axes[0].set_ylabel("hip flexion [deg]")
    axes[1].set_ylabel("assist torque [N m]")
    axes[1].axhline(0.0, color="#999999", lw=0.6)
    axes[2].set_ylabel("muscle effort")
    axes[2].set_xlabel("time [s]")
    axes[0].legend(loc="upper right", fontsize=7, frameon=False, ncol=2)
    axes[2].set_xlim(0.0, max(float(t[-1]), 1e-3))
    for ax in axes:
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=7)
        ax.yaxis.label.set_size(8)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()
