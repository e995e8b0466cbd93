"""A short, self-contained simulation run by ``exocore demo``.

A leg (welded pelvis, thigh on a hip hinge, shank on a knee hinge) hangs under
gravity with four Thelen muscles at resting tone, while the hip exoskeleton's
actuator (2nd-order low-pass -> PD -> 18 N m saturation) tracks a 1 Hz swing.
It exercises every part of the core and writes a plot and a CSV.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from exocore import _core

# Segment data for a 1.70 m, 72 kg adult from de Leva (1996), Table 4 (male):
# thigh 14.16 % of mass, 0.4222 m; shank 4.33 %, 0.434 m (0.434 * 1.70 / 1.741).
THIGH_MASS, THIGH_LENGTH = 0.1416 * 72.0, 0.4222 * 1.70 / 1.741
SHANK_MASS, SHANK_LENGTH = 0.0433 * 72.0, 0.4340 * 1.70 / 1.741


@dataclass(frozen=True)
class DemoResult:
    duration_s: float
    wall_s: float
    peak_torque: float
    peak_force: float
    plot_path: Path
    csv_path: Path


def _translation(x: float, y: float, z: float) -> np.ndarray:
    t = np.eye(4)
    t[:3, 3] = (x, y, z)
    return t


def _segment(name: str, parent: int, length: float, mass: float) -> _core.BodySpec:
    body = _core.BodySpec()
    body.name = name
    body.parent = parent
    body.joint = _core.JointType.REVOLUTE
    body.axis = np.array([-1.0, 0.0, 0.0])  # positive = flexion (z forward, y up)
    body.joint_in_parent = _translation(0.0, -length / 2.0, 0.0) if parent > 0 else np.eye(4)
    body.joint_in_child = _translation(0.0, length / 2.0, 0.0)
    body.mass = mass
    radius = 0.05
    # Solid cylinder about its centre of mass.
    lateral = mass * (3.0 * radius**2 + length**2) / 12.0
    body.inertia = np.diag([lateral, 0.5 * mass * radius**2, lateral])
    body.joint_damping = 0.5
    return body


def leg_spec() -> _core.SkeletonSpec:
    """Pelvis welded 1 m above the ground, thigh and shank on hinges."""
    pelvis = _core.BodySpec()
    pelvis.name = "pelvis"
    pelvis.joint = _core.JointType.WELD
    pelvis.joint_in_parent = _translation(0.0, 1.0, 0.0)
    pelvis.mass = 10.0
    pelvis.inertia = np.diag([0.1, 0.1, 0.1])
    thigh = _segment("thigh", 0, THIGH_LENGTH, THIGH_MASS)
    thigh.lower_limits, thigh.upper_limits = np.array([-0.5]), np.array([2.0])
    shank = _segment("shank", 1, SHANK_LENGTH, SHANK_MASS)
    shank.lower_limits, shank.upper_limits = np.array([-2.3]), np.array([0.0])
    spec = _core.SkeletonSpec()
    spec.name = "leg"
    spec.bodies = [pelvis, thigh, shank]
    return spec


def leg_muscles() -> list[_core.Muscle]:
    """Four lumped muscles; forces and fibre lengths are of the order of Delp (1990)."""

    def muscle(
        name: str, f_max: float, l_opt: float, path: list[tuple[int, tuple]]
    ) -> _core.Muscle:
        params = _core.MuscleParams()
        params.max_isometric_force = f_max
        params.optimal_fiber_length = l_opt
        points = [_core.PathPoint(body, np.array(offset)) for body, offset in path]
        return _core.Muscle(name, params, points)

    top, knee = THIGH_LENGTH / 2.0, -THIGH_LENGTH / 2.0
    shank_top = SHANK_LENGTH / 2.0
    muscles = [
        muscle("hip_flexor", 1500.0, 0.10, [(0, (0.0, 0.05, 0.06)), (1, (0.0, top - 0.12, 0.03))]),
        muscle(
            "hip_extensor", 1500.0, 0.14, [(0, (0.0, 0.0, -0.08)), (1, (0.0, top - 0.15, -0.03))]
        ),
        muscle(
            "knee_extensor",
            3000.0,
            0.09,
            [
                (1, (0.0, 0.0, 0.04)),
                (1, (0.0, knee + 0.02, 0.05)),
                (2, (0.0, shank_top - 0.06, 0.04)),
            ],
        ),
        muscle(
            "knee_flexor",
            1500.0,
            0.10,
            [
                (0, (0.0, -0.05, -0.05)),
                (1, (0.0, knee + 0.05, -0.04)),
                (2, (0.0, shank_top - 0.05, -0.02)),
            ],
        ),
    ]
    # Tendon slack so that every fibre sits at its optimal length in the neutral pose.
    skeleton = _core.build_skeleton(leg_spec())
    for m in muscles:
        m.params.tendon_slack_length = (
            _core.path_length(skeleton, m.path) - m.params.optimal_fiber_length
        )
    return muscles


def run_demo(out_dir: Path, duration_s: float = 3.0, time_step: float = 1.0 / 600.0) -> DemoResult:
    """Simulates the leg with hip-exo assistance and writes ``demo.png`` and ``demo.csv``."""
    if not duration_s > 0.0:
        raise ValueError(f"duration must be positive, got {duration_s}")
    out_dir.mkdir(parents=True, exist_ok=True)
    params = _core.WorldParams()
    params.time_step = time_step
    world = _core.World(params)
    skeleton = _core.build_skeleton(leg_spec())
    world.add_skeleton(skeleton)
    muscles = leg_muscles()
    tone = np.full(len(muscles), 0.05)

    exo = _core.ExoActuatorParams()
    low_pass = _core.make_low_pass(exo.filter_cutoff_hz, exo.filter_damping, time_step)
    exo_state = _core.ExoActuatorState()

    steps = int(round(duration_s / time_step))
    log = np.zeros((steps, 4 + len(muscles)))
    start = time.perf_counter()
    for i in range(steps):
        t = world.time
        target = 0.5 * np.sin(2.0 * np.pi * t)  # a 1 Hz hip swing, +-29 deg
        q, dq = skeleton.positions, skeleton.velocities
        out = _core.exo_actuator_step(exo, low_pass, exo_state, target, q[0], dq[0])
        kinematics = _core.compute_muscle_kinematics(skeleton, muscles)
        forces = _core.compute_muscle_forces(muscles, kinematics, tone)
        tau = _core.muscle_generalized_forces(kinematics, forces.tension)
        tau[0] += out.torque
        skeleton.forces = tau
        world.step()
        log[i, :4] = (t, target, q[0], out.torque)
        log[i, 4:] = forces.tension
    wall = time.perf_counter() - start

    csv_path = out_dir / "demo.csv"
    with csv_path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["time_s", "target_rad", "hip_rad", "exo_torque_nm"] + [m.name + "_n" for m in muscles]
        )
        writer.writerows(log.tolist())
    plot_path = out_dir / "demo.png"
    _plot(log, [m.name for m in muscles], plot_path)
    return DemoResult(
        duration_s=steps * time_step,
        wall_s=wall,
        peak_torque=float(np.abs(log[:, 3]).max()),
        peak_force=float(log[:, 4:].max()),
        plot_path=plot_path,
        csv_path=csv_path,
    )


def _plot(log: np.ndarray, muscle_names: list[str], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = log[:, 0]
    fig, axes = plt.subplots(3, 1, figsize=(8, 8), sharex=True)
    axes[0].plot(t, np.degrees(log[:, 1]), "--", label="policy target")
    axes[0].plot(t, np.degrees(log[:, 2]), label="hip angle")
    axes[0].set_ylabel("hip flexion [deg]")
    axes[0].legend(loc="upper right")
    axes[1].plot(t, log[:, 3], color="tab:red")
    axes[1].axhline(18.0, color="grey", lw=0.8, ls=":")
    axes[1].axhline(-18.0, color="grey", lw=0.8, ls=":")
    axes[1].set_ylabel("exo torque [N m]")
    for k, name in enumerate(muscle_names):
        axes[2].plot(t, log[:, 4 + k], label=name)
    axes[2].set_ylabel("muscle tension [N]")
    axes[2].set_xlabel("time [s]")
    axes[2].legend(loc="upper right", fontsize="small")
    fig.suptitle("exocore demo: leg with Thelen muscles and hip-exo PD assistance")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
