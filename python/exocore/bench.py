"""`exocore bench`: how fast the closed-loop simulation runs on this machine.

Measures, in one run:

- physics substeps per second on one core for the full model (all dofs, all muscles,
  exo, bushing straps, foot contacts) tracking the walking reference with the muscle
  network in the loop (random small weights, so activations stay moderate), exo in
  'assist-on' with zero targets, muscle tuples off (pure simulation);
- environment control steps per second of an N-environment batch on 1 and 2 threads,
  for muscle and for ideal-joint-torque actuation, with the default configuration
  (muscle tuples collected as in training);
- when MyoSuite is importable (by this interpreter or by ``myosuite_python``): raw
  ``mujoco.mj_step`` rates of its myoLeg and full-body models as a baseline.

Timings are wall clock; the process should have the cores to itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from typing import Any

import numpy as np

GOAL_SUBSTEPS_PER_S_PER_CORE = 10_000.0
GOAL_SPEEDUP_2_THREADS = 1.8
MUSCLE_LAYERS = (100, 512, 256, 256, 208)  # input, hidden..., output (208 activations)

# Run in a separate interpreter so that MuJoCo never shares a process with DART, and so
# that MyoSuite can live in another virtual environment than exocore.
_MYOSUITE_SCRIPT = r"""
import json, os, sys, time, warnings
warnings.filterwarnings("ignore")
seconds = float(sys.argv[1])
try:
    import mujoco
    import myosuite
except Exception as err:  # report why, never fail the benchmark
    print(json.dumps({"error": f"import myosuite failed: {type(err).__name__}: {err}"}))
    raise SystemExit(0)
import numpy as np

def load(names, files):
    try:  # MyoSuite >= 3: models come from the myo_sim package
        import myo_sim
        for name in names:
            try:
                return myo_sim.load(name)[0], name
            except Exception:
                pass
    except ImportError:
        pass
    root = os.path.join(os.path.dirname(myosuite.__file__), "simhive", "myo_sim")
    for rel in files:  # older MyoSuite: XML files in the simhive submodule
        if os.path.exists(os.path.join(root, rel)):
            return mujoco.MjModel.from_xml_path(os.path.join(root, rel)), rel
    raise FileNotFoundError(f"none of {names} / {files}")

models = {
    "myoLeg": (["myolegs"], ["leg/myolegs.xml"]),
    "full_body": (["myofullbody"], ["body/myofullbody.xml", "body/myobody.xml"]),
}
out = {"myosuite_version": getattr(myosuite, "__version__", None),
       "mujoco_version": mujoco.__version__}
for key, (names, files) in models.items():
    try:
        model, source = load(names, files)
    except Exception as err:
        out[key] = {"error": f"{type(err).__name__}: {err}"}
        continue
    data = mujoco.MjData(model)
    data.ctrl[:] = np.random.default_rng(0).uniform(0.0, 0.2, model.nu)
    for _ in range(20):
        mujoco.mj_step(model, data)
    steps, start, cpu = 0, time.perf_counter(), time.process_time()
    while True:
        for _ in range(20):
            mujoco.mj_step(model, data)
        steps += 20
        wall = time.perf_counter() - start
        if wall >= seconds:
            break
    cpu = time.process_time() - cpu
    out[key] = {"steps_per_s": steps / wall, "steps_per_cpu_s": steps / max(cpu, 1e-9),
                "muscles": int(model.na), "actuators": int(model.nu), "dofs": int(model.nv),
                "timestep_s": float(model.opt.timestep), "model": source, "steps": steps,
                "wall_s": wall, "cpu_s": cpu}
print(json.dumps(out))
"""


def _progress(enabled: bool, message: str) -> None:
    if enabled:
        print(f"[exocore bench] {message}", file=sys.stderr, flush=True)


def random_muscle_network(seed: int = 0, scale: float = 0.02) -> np.ndarray:
    """Flat float32 parameters (torch parameters() order) of a muscle network with small
    random weights: outputs near sigmoid(0) = 0.5 minus a bias, i.e. moderate activations."""
    rng = np.random.default_rng(seed)
    parts: list[np.ndarray] = []
    for fan_in, fan_out in zip(MUSCLE_LAYERS[:-1], MUSCLE_LAYERS[1:]):
        parts.append(rng.normal(0.0, scale, (fan_out, fan_in)).ravel())
        parts.append(np.zeros(fan_out))
    # last bias: sigmoid(-1.5) ~ 0.18, a moderate co-activation
    parts[-1] = np.full(MUSCLE_LAYERS[-1], -1.5)
    return np.concatenate(parts).astype(np.float32)


def _make_env(
    num_envs: int,
    actuation: str,
    num_threads: int,
    seed: int,
    tuples: bool,
) -> Any:
    from exocore import _core
    from exocore.envs import make_vec_env

    config = _core.EnvConfig()
    if not tuples:
        config.tuples_every_steps = 0
    env = make_vec_env(
        num_envs,
        activity="walk",
        condition="assist-on",
        actuation=actuation,
        seed=seed,
        num_threads=num_threads,
        config=config,
    )
    if actuation == "muscles":
        env.set_muscle_network(random_muscle_network(seed))
    return env


def _time_env(env: Any, seconds: float, warmup_steps: int, seed: int) -> dict[str, float]:
    """Steps `env` with zero actions (track the reference; exo targets 0) for at least
    `seconds` of wall time; returns rates and how many environments finished."""
    n = env.num_envs
    actions = {
        "human": np.zeros((n, env.human_action_size)),
        "exo": np.zeros((n, 2)),
    }
    env.reset(seed=seed)
    for _ in range(warmup_steps):
        env.step(actions)
    steps = 0
    finished = 0
    diverged = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    while True:
        _, _, terminated, truncated, infos = env.step(actions)
        steps += 1
        finished += int(np.count_nonzero(terminated | truncated))
        diverged += int(np.count_nonzero(infos["diverged"]))
        wall = time.perf_counter() - start
        if wall >= seconds:
            break
    cpu = time.process_time() - cpu_start
    return {
        "env_steps_per_s": steps * n / wall,
        "batch_steps": float(steps),
        "wall_s": wall,
        "cpu_s": max(cpu, 1e-9),
        "episodes_finished": float(finished),
        "diverged": float(diverged),
    }


def myosuite_baseline(seconds: float, python: str | None = None) -> dict[str, Any]:
    """Raw mj_step rates of MyoSuite's myoLeg and full-body models, measured in a child
    interpreter (`python`, default: this one). Never raises: failures come back as
    {"available": False, "reason": ...}."""
    exe = python or sys.executable
    try:
        proc = subprocess.run(
            [exe, "-c", _MYOSUITE_SCRIPT, str(seconds)],
            capture_output=True,
            text=True,
            timeout=120 + 4 * seconds,
        )
    except (OSError, subprocess.SubprocessError) as err:
        return {"available": False, "reason": f"could not run {exe}: {err}", "python": exe}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {
            "available": False,
            "reason": f"baseline script exited {proc.returncode}: {' | '.join(tail)}",
            "python": exe,
        }
    result: dict[str, Any] = json.loads(lines[-1])
    if "error" in result:
        return {"available": False, "reason": result["error"], "python": exe}
    result["available"] = True
    result["python"] = exe
    return result


def run_bench(
    seconds: float = 5.0,
    envs: int = 8,
    warmup_steps: int = 5,
    seed: int = 0,
    myosuite: bool = True,
    myosuite_python: str | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Runs every measurement for about `seconds` each (6 timed runs plus the baseline)
    and returns a JSON-ready dict; see the module docstring."""
    if seconds <= 0:
        raise ValueError(f"seconds must be > 0, got {seconds}")
    if envs < 1:
        raise ValueError(f"envs must be >= 1, got {envs}")
    t0 = time.perf_counter()
    _progress(progress, "building the full model (muscles, exo, straps, contacts) ...")
    physics_env = _make_env(envs, "muscles", 1, seed, tuples=False)
    cfg = physics_env.env_model.config
    substeps_per_step = int(round(cfg.sim_hz / cfg.exo_hz))
    from exocore import _core

    dofs = len(_core.build_skeleton(physics_env.env_model.human).dof_names)
    muscles = len(physics_env.env_model.muscles)

    _progress(progress, f"physics: {envs} envs, 1 thread, muscles, tuples off, {seconds:g} s")
    physics = _time_env(physics_env, seconds, warmup_steps, seed)
    del physics_env
    substeps_per_s = physics["env_steps_per_s"] * substeps_per_step
    substeps_per_cpu_s = physics["batch_steps"] * envs * substeps_per_step / physics["cpu_s"]

    modes: dict[str, dict[str, Any]] = {}
    for actuation in ("muscles", "joint-torques"):
        runs: dict[int, dict[str, float]] = {}
        for threads in (1, 2):
            _progress(
                progress,
                f"env steps: {envs} envs, {threads} thread(s), {actuation}, {seconds:g} s",
            )
            env = _make_env(envs, actuation, threads, seed, tuples=True)
            runs[threads] = _time_env(env, seconds, warmup_steps, seed)
            del env
        modes[actuation] = {
            "env_steps_per_s_1_thread": runs[1]["env_steps_per_s"],
            "env_steps_per_s_2_threads": runs[2]["env_steps_per_s"],
            "speedup_2_threads": runs[2]["env_steps_per_s"] / runs[1]["env_steps_per_s"],
            "runs": {str(k): v for k, v in runs.items()},
        }

    baseline: dict[str, Any] | None = None
    if myosuite:
        _progress(progress, f"MyoSuite baseline (raw mj_step), {seconds:g} s per model")
        baseline = myosuite_baseline(seconds, myosuite_python)
    else:
        baseline = {"available": False, "reason": "skipped (myosuite=False)"}

    main = modes["muscles"]
    speedup = float(main["speedup_2_threads"])
    result: dict[str, Any] = {
        "substeps_per_s_per_core": substeps_per_s,
        "env_steps_per_s_1_thread": float(main["env_steps_per_s_1_thread"]),
        "env_steps_per_s_2_threads": float(main["env_steps_per_s_2_threads"]),
        "speedup_2_threads": speedup,
        "substeps_per_cpu_s": substeps_per_cpu_s,
        "cpu_share_1_thread": physics["cpu_s"] / physics["wall_s"],
        "muscles": muscles,
        "dofs": dofs,
        "num_envs": envs,
        "sim_hz": float(cfg.sim_hz),
        "env_hz": float(cfg.exo_hz),
        "substeps_per_env_step": substeps_per_step,
        "muscle_every": int(cfg.muscle_every),
        "seconds_per_measurement": seconds,
        "physics": physics,
        "modes": modes,
        "goals": {
            "substeps_per_s_per_core": {
                "target": GOAL_SUBSTEPS_PER_S_PER_CORE,
                "met": substeps_per_s >= GOAL_SUBSTEPS_PER_S_PER_CORE,
            },
            "speedup_2_threads": {
                "target": GOAL_SPEEDUP_2_THREADS,
                "met": speedup >= GOAL_SPEEDUP_2_THREADS,
            },
        },
        "myosuite": baseline if baseline.get("available") else None,
        "myosuite_reason": None if baseline.get("available") else baseline.get("reason"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "processor": platform.machine(),
            "python": platform.python_version(),
        },
        "total_wall_s": 0.0,
    }
    result["total_wall_s"] = time.perf_counter() - t0
    _progress(progress, f"done in {result['total_wall_s']:.1f} s")
    return result


def format_summary(result: dict[str, Any]) -> str:
    """A short human-readable summary of a `run_bench` result."""
    goals = result["goals"]
    lines = [
        f"full model: {result['dofs']} dofs, {result['muscles']} muscles, exo, straps, contacts",
        f"substeps/s per core (muscles): {result['substeps_per_s_per_core']:,.0f}"
        f"  (goal {goals['substeps_per_s_per_core']['target']:,.0f}:"
        f" {'met' if goals['substeps_per_s_per_core']['met'] else 'NOT met'})",
        f"substeps per CPU-second (muscles): {result['substeps_per_cpu_s']:,.0f}"
        f"  (this process got {100 * result['cpu_share_1_thread']:.0f} % of a core)",
    ]
    for actuation, mode in result["modes"].items():
        lines.append(
            f"env steps/s, {result['num_envs']} envs, {actuation}:"
            f" 1 thread {mode['env_steps_per_s_1_thread']:,.1f},"
            f" 2 threads {mode['env_steps_per_s_2_threads']:,.1f}"
            f" (x{mode['speedup_2_threads']:.2f})"
        )
    lines.append(
        f"2-thread speed-up (muscles): x{result['speedup_2_threads']:.2f}"
        f"  (goal x{goals['speedup_2_threads']['target']:.1f}:"
        f" {'met' if goals['speedup_2_threads']['met'] else 'NOT met'})"
    )
    myo = result["myosuite"]
    if myo is None:
        lines.append(f"MyoSuite baseline: none ({result['myosuite_reason']})")
    else:
        for name in ("myoLeg", "full_body"):
            entry = myo.get(name, {})
            if "steps_per_s" in entry:
                lines.append(
                    f"MyoSuite {name} ({entry['muscles']} muscles): raw mj_step"
                    f" {entry['steps_per_s']:,.0f}/s"
                )
            else:
                lines.append(f"MyoSuite {name}: {entry.get('error', 'not measured')}")
    return "\n".join(lines)


def _cmd_bench(args: argparse.Namespace) -> int:
    result = run_bench(
        seconds=args.seconds,
        envs=args.envs,
        myosuite=not args.no_myosuite,
        myosuite_python=args.myosuite_python,
        progress=not args.quiet,
    )
    text = json.dumps(result, indent=2, sort_keys=True)
    if args.json == "-":
        print(text)
        return 0
    if args.json is not None:
        with open(args.json, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    print(format_summary(result))
    return 0


def add_bench_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Adds the 'bench' subcommand to an argparse subparsers object."""
    bench = subparsers.add_parser(
        "bench", help="simulation speed: substeps/s per core, env steps/s on 1 and 2 threads"
    )
    bench.add_argument(
        "--json",
        nargs="?",
        const="-",
        default=None,
        metavar="FILE",
        help="write the results as JSON to FILE (to stdout when FILE is left out)",
    )
    bench.add_argument(
        "--seconds", type=float, default=5.0, help="wall seconds per measurement (default 5)"
    )
    bench.add_argument("--envs", type=int, default=8, help="environments per batch (default 8)")
    bench.add_argument(
        "--no-myosuite", action="store_true", help="skip the MyoSuite baseline even if installed"
    )
    bench.add_argument(
        "--myosuite-python",
        default=None,
        metavar="PYTHON",
        help="interpreter that has MyoSuite installed (default: this one)",
    )
    bench.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    bench.set_defaults(func=_cmd_bench)
    return bench
