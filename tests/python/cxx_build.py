"""Compiles small C++ programs for the tests with the system g++ (no CMake needed)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INCLUDE = REPO / "cpp" / "include"
FIRMWARE = REPO / "firmware"
STRICT = ["-std=c++17", "-Wall", "-Wextra", "-Wpedantic", "-Werror"]


def gxx() -> str:
    path = shutil.which("g++")
    if path is None:  # g++ is in the Makefile's apt list; its absence is a broken setup
        raise RuntimeError("g++ not found on PATH; run `make test` to install it")
    return path


def compile_cpp(
    sources: Sequence[Path | str],
    output: Path,
    includes: Sequence[Path] = (),
    flags: Sequence[str] = (),
    compiler: str | None = None,
) -> Path:
    """Builds ``output`` from ``sources``; raises with the compiler's message on failure."""
    cmd = [compiler or gxx(), *(flags or [*STRICT, "-O2"])]
    cmd += [f"-I{p}" for p in includes]
    cmd += [str(s) for s in sources] + ["-o", str(output)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"compile failed: {' '.join(cmd)}\n{result.stderr[-4000:]}")
    return output


def run(cmd: list[str | Path], stdin: str | None = None) -> str:
    result = subprocess.run([str(c) for c in cmd], input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"{cmd[0]} exited {result.returncode}: {result.stderr[-2000:]}")
    return result.stdout
