"""`exocore motion ACTIVITY`: write a reference clip (CSV) and a plot of the sagittal hip,
knee and ankle angles against gait phase with the published normative curves."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np

from . import normative
from .gait import ACTIVITIES
from .generate import DEFAULT_DURATION, DEFAULT_RATE, cycle, reference
from .motion import Motion
from .rotations import expmap_to_angles


def add_motion_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("motion", help="generate a reference motion clip and plot")
    p.add_argument("activity", choices=(*ACTIVITIES, "transition"))
    p.add_argument("--speed", type=float, default=None, help="m/s (walk 1.25, run 2.0)")
    p.add_argument("--height", type=float, default=1.70, help="subject stature [m]")
    p.add_argument("--duration", type=float, default=DEFAULT_DURATION, help="seconds")
    p.add_argument("--rate", type=float, default=DEFAULT_RATE, help="samples per second")
    p.add_argument("--cadence", type=float, default=65.0, help="stairs: steps per minute")
    p.add_argument("--rise", type=float, default=0.17, help="stairs: step rise [m]")
    p.add_argument("--run", type=float, default=0.28, help="stairs: step run [m]")
    p.add_argument("--out", default=None, help="CSV file for the clip")
    p.add_argument("--plot", default=None, help="PNG file for the joint-angle plot")
    p.add_argument(
        "--torques",
        default=None,
        metavar="PNG",
        help="inverse-dynamics hip, knee and ankle torques against the muscles' capacity "
        "(level ground: walk, run)",
    )
    p.add_argument(
        "--metabolics",
        action="store_true",
        help="static optimisation of the first stride: the Umberger (2010) net metabolic "
        "rate the muscles need to make it (level ground: walk, run)",
    )
    p.set_defaults(func=_cmd_motion)


def sagittal_degrees(motion: Motion, side: str = "R") -> dict[str, np.ndarray]:
    """Hip flexion, knee flexion and ankle dorsiflexion [deg] (anatomical signs)."""
    hip = expmap_to_angles(np.column_stack([motion.column(f"Femur{side}_{a}") for a in "xyz"]))
    ankle = expmap_to_angles(np.column_stack([motion.column(f"Talus{side}_{a}") for a in "xyz"]))
    deg = 180.0 / math.pi
    return {
        "hip": -hip[:, 0] * deg,
        "knee": motion.column(f"Tibia{side}") * deg,
        "ankle": -ankle[:, 0] * deg,
    }


def plot_sagittal(motion: Motion, activity: str, path: str | Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    angles = sagittal_degrees(motion)
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), constrained_layout=True)
    table = normative.TABLES.get(activity)
    labels = {"hip": "hip flexion", "knee": "knee flexion", "ankle": "ankle dorsiflexion"}
    order = np.argsort(motion.phase)
    for ax, joint in zip(axes, ("hip", "knee", "ankle")):
        ax.plot(100 * motion.phase[order], angles[joint][order], ".", ms=2, label="exocore")
        if table is not None:
            ax.plot(normative.PERCENT, table.curve(joint), "k--", lw=1.2, label=table.source)
        ax.set_xlabel("gait cycle [%] (right foot)")
        ax.set_ylabel(f"{labels[joint]} [deg]")
        ax.set_xlim(0, 100)
    axes[0].legend(fontsize=7, loc="best")
    speed = motion.metadata.get("speed_m_s", "")
    fig.suptitle(f"{activity} {speed} m/s" if speed else activity)
    fig.savefig(path, dpi=120)
    plt.close(fig)


# Sagittal dofs (right leg) and the sign that turns DART's torque into the anatomical one
# of `sagittal_degrees` (flexion / dorsiflexion positive).
SAGITTAL_TORQUES = {"hip": ("FemurR_x", -1.0), "knee": ("TibiaR", 1.0), "ankle": ("TalusR_x", -1.0)}


def plot_torques(motion: Motion, activity: str, path: str | Path) -> dict[str, float]:
    """Plots the right leg's sagittal joint torques per kg against gait phase, inside the
    band the muscles can produce; returns each joint's share of samples outside it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from exocore.models import human
    from exocore.models.core_specs import to_core_specs

    from .inverse_dynamics import joint_torques, muscle_capacity

    spec, muscles = to_core_specs(human())
    torques = joint_torques(motion, spec)
    bounds = muscle_capacity(motion, spec, muscles)
    mass = torques.wrench.weight / 9.81
    inner = slice(2, -2)  # the accelerations' one-sided ends
    phase = 100 * motion.phase[inner]
    order = np.argsort(phase)
    outside = bounds.exceeded(torques)[inner]
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), constrained_layout=True)
    shares = {}
    for ax, (joint, (dof, sign)) in zip(axes, SAGITTAL_TORQUES.items()):
        i = motion.dof_names.index(dof)
        tau = sign * torques.torque[inner, i] / mass
        low, high = sorted((sign * bounds.lower[inner, i], sign * bounds.upper[inner, i]),
                           key=np.mean)  # fmt: skip
        ax.fill_between(phase[order], low[order] / mass, high[order] / mass, color="0.85",
                        label="muscle capacity")  # fmt: skip
        ax.plot(phase[order], tau[order], ".", ms=2, label="inverse dynamics")
        ax.plot(phase[outside[:, i]], tau[outside[:, i]], "rx", ms=4, label="beyond capacity")
        ax.set_xlabel("gait cycle [%] (right foot)")
        ax.set_ylabel(f"{joint} {'dorsi' if joint == 'ankle' else ''}flexion torque [N m/kg]")
        ax.set_xlim(0, 100)
        shares[joint] = float(outside[:, i].mean())
    axes[0].legend(fontsize=7, loc="best")
    speed = motion.metadata.get("speed_m_s", "")
    fig.suptitle(f"{activity} {speed} m/s" if speed else activity)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return shares


def print_metabolics(motion: Motion, stride_time: float) -> None:
    """Static optimisation of the first stride of `motion`, and what it costs."""
    from exocore.evaluation.metabolics import muscle_table
    from exocore.evaluation.static_optimization import (
        ROOT_DOFS,
        net_metabolic_rate,
        static_optimization,
    )
    from exocore.models import human
    from exocore.models.core_specs import to_core_specs

    if motion.time[-1] - motion.time[0] < stride_time:
        raise ValueError(f"--metabolics needs a whole stride: --duration >= {stride_time:.2f}")
    first = motion.sample(motion.time[motion.time < motion.time[0] + stride_time])
    body = human()
    spec, muscles = to_core_specs(body)
    table = muscle_table(body.muscles)
    result = static_optimization(first, spec, muscles, stride=2)
    total = net_metabolic_rate(result, table, body.mass)
    legs = net_metabolic_rate(result, table, body.mass, lower_limb_only=True)
    rms = lambda x: float(np.sqrt(np.mean(x[:, ROOT_DOFS:] ** 2)))  # noqa: E731
    share = rms(result.reserve) / rms(result.torque)
    print(
        f"static optimisation (Umberger 2010): net {total:.2f} W/kg, lower limbs {legs:.2f}"
        f" W/kg; reserves {100 * share:.1f} % of the torque (RMS)"
    )


def _cmd_motion(args: argparse.Namespace) -> int:
    for flag in ("torques", "metabolics"):
        if getattr(args, flag) and args.activity not in ("walk", "run"):
            raise ValueError(f"--{flag} needs level ground: activity walk or run")
    if args.activity == "transition":
        from .transitions import transition_reference

        motion = transition_reference(height=args.height, rate=args.rate).motion
    else:
        motion = reference(
            args.activity, args.speed, args.height, args.duration, args.rate,
            args.cadence, args.rise, args.run,
        )  # fmt: skip
        c = cycle(args.activity, args.speed, args.height, args.cadence, args.rise, args.run)
        p = c.params
        print(
            f"{args.activity}: {p.speed:.2f} m/s, cadence {p.cadence:.1f} steps/min, "
            f"stride {p.stride_length:.3f} m, hip gain {c.hip_gain:.2f}"
        )
    print(f"{motion.num_frames} frames at {args.rate:g} Hz, {len(motion.dof_names)} dofs")
    if args.out:
        motion.save_csv(args.out)
        print(f"wrote {args.out}")
    if args.plot:
        plot_sagittal(motion, args.activity, args.plot)
        print(f"wrote {args.plot}")
    if args.torques:
        shares = plot_torques(motion, args.activity, args.torques)
        beyond = ", ".join(f"{j} {100 * s:.0f} %" for j, s in shares.items())
        print(f"samples beyond the muscles' capacity: {beyond}")
        print(f"wrote {args.torques}")
    if args.metabolics:
        print_metabolics(motion, c.params.stride_time)
    return 0
