"""The Teensy sketch with the exported header: compiled on the host with the firmware
flags and run against the Python reference; cross-compiled for a Cortex-M7 when
arm-none-eabi-g++ is installed (the Makefile installs gcc-arm-none-eabi)."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from cxx_build import FIRMWARE, compile_cpp, run
from exocore.controller import ControllerConfig
from exocore.export import export_controller, save_controller_checkpoint

FIRMWARE_FLAGS = ["-std=c++17", "-fno-exceptions", "-fno-rtti", "-Os", "-Wall", "-Wextra"]
FIRMWARE_FLAGS += ["-Werror"]
CORTEX_M7 = ["-mcpu=cortex-m7", "-mfloat-abi=hard", "-mfpu=fpv5-d16", "-mthumb"]
SKETCH = FIRMWARE / "teensy" / "exo_teensy" / "exo_teensy.ino"
HOST = FIRMWARE / "teensy" / "host"
CONFIG = ControllerConfig(rom_min=-0.4, rom_max=0.6)


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(5)
    sizes = CONFIG.layer_sizes
    layers = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        layers.append((rng.normal(0, n_in**-0.5, (n_out, n_in)), rng.normal(0, 0.1, n_out)))
    out = tmp_path_factory.mktemp("teensy")
    ckpt = save_controller_checkpoint(out / "c.npz", layers, np.zeros(16), np.ones(16), CONFIG)
    export_controller(ckpt, "header", out)
    return out


def sketch_reference(export_dir: Path, steps: int) -> np.ndarray:
    """The sketch's synthetic gait through the Python reference controller."""
    from exocore.export import load_controller_checkpoint

    ctl = load_controller_checkpoint(export_dir / "c.npz").controller()
    rows = []
    for k in range(steps):
        t = 0.01 * k
        ph = np.array([2 * math.pi * 0.9 * t, 2 * math.pi * 0.9 * t + math.pi])
        angle = 0.1 + 0.35 * np.sin(ph)
        velocity = 0.35 * 2 * math.pi * 0.9 * np.cos(ph)
        rows.append(ctl.step(angle, velocity, angle - 0.05, velocity))
    return np.array(rows)


def test_teensy_sketch_builds_with_firmware_flags_and_runs(export_dir: Path) -> None:
    exe = export_dir / "teensy_host"
    sources = ["-x", "c++", SKETCH, "-x", "none", HOST / "main.cpp"]
    compile_cpp(sources, exe, [export_dir, HOST], FIRMWARE_FLAGS)
    lines = run([exe]).splitlines()
    printed = np.array([[float(x) for x in line.split(",")[:2]] for line in lines])
    expected = sketch_reference(export_dir, 10 * len(printed))[::10]
    assert len(printed) >= 25  # 3 s of fake clock at 100 Hz, printed every 10th step
    assert np.max(np.abs(printed - expected)) <= 1e-4  # 4 printed decimals
    assert np.std(printed) > 0.5


@pytest.mark.skipif(
    shutil.which("arm-none-eabi-g++") is None,
    reason="arm-none-eabi-g++ not on PATH (Debian gcc-arm-none-eabi; `make test` installs it)",
)
def test_teensy_sketch_cross_compiles_for_cortex_m7(export_dir: Path) -> None:
    elf = export_dir / "exo_teensy.elf"
    flags = [*FIRMWARE_FLAGS, *CORTEX_M7, "-ffunction-sections", "-fdata-sections"]
    flags += ["-Wl,--gc-sections", "--specs=nano.specs", "--specs=nosys.specs"]
    sources = ["-x", "c++", SKETCH, "-x", "none", HOST / "main.cpp"]
    compile_cpp(sources, elf, [export_dir, HOST], flags, compiler="arm-none-eabi-g++")
    size = subprocess.run(["arm-none-eabi-size", str(elf)], capture_output=True, text=True)
    print("\n" + size.stdout)
    text, data, bss = (int(v) for v in re.split(r"\s+", size.stdout.splitlines()[1].strip())[:3])
    weights = sum(a * b + b for a, b in zip(CONFIG.layer_sizes, CONFIG.layer_sizes[1:])) * 4
    assert weights <= text  # the constexpr weights live in flash, not in RAM
    assert text + data <= 1984 * 1024  # Teensy 4.0 flash
    assert data + bss <= 8 * 1024  # no copy of the weights in RAM
