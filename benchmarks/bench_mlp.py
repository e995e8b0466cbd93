"""Header-only MLP (mlp.hpp) against torch, on this machine, in the same run.

Times (best of several repeats, ns per call):
- the exported exo controller's step() (normaliser, 16x128x64x2 tanh MLP, low-pass, PD,
  safety) against a torch forward of the same policy alone and against the Python
  reference controller's step;
- the muscle network 50x512x256x256x208 (ReLU, sigmoid output) for one sample, and per
  sample in a batch: mlp.hpp's loop and mlp_eigen.hpp's matrix products against torch.

The C++ programs in benchmarks/mlp/ are built here with g++ -O3 (the CMake Release
flags, no -march unless --native). Usage: python benchmarks/bench_mlp.py [--batch 256]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch
from exocore.controller import ControllerConfig
from exocore.export import export_controller, load_controller_checkpoint, save_controller_checkpoint

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks" / "mlp"
EIGEN = Path("/usr/include/eigen3")


def compile_program(source: Path, exe: Path, includes: Sequence[Path], native: bool) -> Path:
    cmd = ["g++", "-std=c++17", "-O3", "-DNDEBUG", *(["-march=native"] if native else [])]
    cmd += [f"-I{p}" for p in includes] + [str(source), "-o", str(exe)]
    subprocess.run(cmd, check=True)
    return exe


def parse_ns(output: str) -> dict[str, float]:
    values = {}
    for line in output.splitlines():
        key, value = line.split()
        if key.endswith("_ns"):
            values[key] = float(value)
    return values


def best_ns(fn: Callable[[], object], calls: int, repeats: int = 7) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls * 1e9)
    return best


def torch_mlp(sizes: Sequence[int], hidden: type, output: type) -> torch.nn.Sequential:
    layers: list[torch.nn.Module] = []
    for i in range(len(sizes) - 1):
        layers += [torch.nn.Linear(sizes[i], sizes[i + 1])]
        layers += [output() if i == len(sizes) - 2 else hidden()]
    return torch.nn.Sequential(*layers).eval()


def controller_results(work: Path, native: bool) -> dict[str, float]:
    cfg = ControllerConfig()
    policy = torch_mlp(cfg.layer_sizes, torch.nn.Tanh, torch.nn.Identity)
    layers = [(m.weight, m.bias) for m in policy if isinstance(m, torch.nn.Linear)]
    ckpt = save_controller_checkpoint(work / "c.npz", layers, np.zeros(16), np.ones(16), cfg)
    export_controller(ckpt, "header", work)
    exe = compile_program(BENCH / "controller_bench.cpp", work / "cb", [work], native)
    res = parse_ns(subprocess.run([exe], check=True, capture_output=True, text=True).stdout)
    x = torch.randn(1, cfg.obs_size)
    with torch.inference_mode():
        res["torch_policy_forward_ns"] = best_ns(lambda: policy(x), 2000)
    ref = load_controller_checkpoint(ckpt).controller()
    a, w = np.array([0.1, -0.1]), np.array([1.0, -1.0])
    res["python_reference_step_ns"] = best_ns(lambda: ref.step(a, w, a, w), 2000)
    return res


def muscle_results(work: Path, batch: int, native: bool) -> dict[str, float]:
    includes = [REPO / "cpp" / "include", EIGEN]
    exe = compile_program(BENCH / "muscle_bench.cpp", work / "mb", includes, native)
    out = subprocess.run([exe, str(batch)], check=True, capture_output=True, text=True).stdout
    res = parse_ns(out)
    net = torch_mlp([50, 512, 256, 256, 208], torch.nn.ReLU, torch.nn.Sigmoid)
    one, many = torch.randn(1, 50), torch.randn(batch, 50)
    threads = torch.get_num_threads()
    with torch.inference_mode():
        res["torch_muscle_single_ns"] = best_ns(lambda: net(one), 300)
        res["torch_muscle_batch_per_sample_ns"] = best_ns(lambda: net(many), 10) / batch
        torch.set_num_threads(1)  # the same budget as the single-threaded C++
        res["torch_1thread_muscle_batch_per_sample_ns"] = best_ns(lambda: net(many), 10) / batch
        torch.set_num_threads(threads)
    return res


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=256, help="samples per batched call")
    parser.add_argument("--native", action="store_true", help="compile with -march=native")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        res = controller_results(Path(tmp), args.native)
        res |= muscle_results(Path(tmp), args.batch, args.native)
    b = args.batch
    rows = [
        ("controller step vs torch policy forward", "controller_step", "torch_policy_forward"),
        ("controller step vs Python reference step", "controller_step", "python_reference_step"),
        ("muscle net, 1 sample (mlp.hpp)", "muscle_single", "torch_muscle_single"),
        (f"muscle net, batch {b}, per sample (mlp.hpp loop)",
         "muscle_batch_scalar_per_sample", "torch_muscle_batch_per_sample"),
        (f"muscle net, batch {b}, per sample (mlp_eigen.hpp)",
         "muscle_batch_eigen_per_sample", "torch_muscle_batch_per_sample"),
        (f"muscle net, batch {b}, per sample (mlp_eigen.hpp vs torch 1 thread)",
         "muscle_batch_eigen_per_sample", "torch_1thread_muscle_batch_per_sample"),
    ]  # fmt: skip
    threads = torch.get_num_threads()
    print(f"torch {torch.__version__}, {threads} threads unless noted; C++ 1 thread")
    print(f"{'case':66s} {'exocore':>11s} {'other':>11s} {'speed-up':>9s}")
    for name, ours, theirs in rows:
        us, them = res[ours + "_ns"] / 1e3, res[theirs + "_ns"] / 1e3
        print(f"{name:66s} {us:9.2f}us {them:9.2f}us {them / us:8.1f}x")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))
    return res


if __name__ == "__main__":
    main(sys.argv[1:])
