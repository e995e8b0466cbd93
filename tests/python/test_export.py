"""Checkpoint format, `exocore export`, and the exported controller against the Python
reference (exocore.controller) and torch over a synthetic 10 s walking trace."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pytest
from cxx_build import INCLUDE, STRICT, compile_cpp, run
from exocore.controller import ControllerConfig
from exocore.export import (
    add_export_parser,
    export_controller,
    load_controller_checkpoint,
    save_controller_checkpoint,
)
from exocore.export_header import EMBEDDED_HEADERS

torch = pytest.importorskip("torch")  # the [train] extra; `make test` installs it

CONFIG = ControllerConfig(rom_min=-0.3, rom_max=0.6)  # safety limits -0.75 .. 1.05 rad


def walking_trace(seconds: float = 10.0, dt: float = 0.01) -> np.ndarray:
    """Rows of time, thigh angle l/r, thigh velocity l/r, motor angle l/r, motor velocity
    l/r: a two-harmonic gait at 0.9 Hz, legs half a cycle apart, a stumble at 6 s that
    throws the left hip out of range, and one NaN sensor sample at 3 s."""
    t = np.arange(0.0, seconds, dt)
    f = 0.9
    rows = [t]
    angles, velocities = [], []
    for shift in (0.0, np.pi):
        ph = 2 * np.pi * f * t + shift
        angles.append(0.15 + 0.4 * np.sin(ph) + 0.08 * np.sin(2 * ph + 0.5))
        velocities.append(2 * np.pi * f * (0.4 * np.cos(ph) + 0.16 * np.cos(2 * ph + 0.5)))
    bump = 1.2 * np.exp(-(((t - 6.1) / 0.1) ** 2))  # stumble: left hip to about 1.4 rad
    bump_rate = bump * (-2 * (t - 6.1) / 0.1**2)
    motor = [angles[0] - 0.04 + bump, angles[1] - 0.04]
    motor_vel = [velocities[0] + bump_rate, velocities[1]]
    rows += [angles[0] + bump, angles[1], velocities[0] + bump_rate, velocities[1]]
    rows += [*motor, *motor_vel]
    trace = np.stack(rows, axis=1)
    trace[300, 1] = np.nan
    return trace


def trace_csv(trace: np.ndarray) -> str:
    header = "time,tal,tar,tvl,tvr,mal,mar,mvl,mvr\n"
    return header + "\n".join(",".join(repr(float(v)) for v in row) for row in trace) + "\n"


def policy_net() -> torch.nn.Sequential:
    torch.manual_seed(11)
    net = torch.nn.Sequential(
        torch.nn.Linear(16, 128), torch.nn.Tanh(), torch.nn.Linear(128, 64), torch.nn.Tanh(),
        torch.nn.Linear(64, 2),
    )  # fmt: skip
    with torch.no_grad():
        net[4].weight.mul_(2.0)  # targets of a few tenths of a radian
    return net


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    trace = walking_trace()
    finite = trace[np.all(np.isfinite(trace), axis=1)]
    mean = np.tile(finite[:, 1:5].mean(axis=0), 4)
    std = np.tile(finite[:, 1:5].std(axis=0), 4)
    net = policy_net()
    layers = [(m.weight, m.bias) for m in net if isinstance(m, torch.nn.Linear)]
    path = tmp_path_factory.mktemp("ckpt") / "policy.pt"
    return save_controller_checkpoint(path, layers, mean, std, CONFIG)


@pytest.fixture(scope="module")
def header_dir(checkpoint: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    export_controller(checkpoint, "header", out)
    return out


def reference_run(checkpoint: Path, trace: np.ndarray) -> tuple[np.ndarray, ...]:
    ctl = load_controller_checkpoint(checkpoint).controller()
    torques, targets, cut, obs = [], [], [], []
    for row in trace:
        torques.append(ctl.step(row[1:3], row[3:5], row[5:7], row[7:9]))
        targets.append(ctl.last_targets.copy())
        cut.append(ctl.safety_cut)
        obs.append(ctl.normalized_observation())
    return np.array(torques), np.array(targets), np.array(cut), np.array(obs)


DRIVER = r"""
#include <cstdio>
#include "exocore_controller.hpp"
int main() {
  exocore::exported::Controller c;
  char line[2048];
  std::fgets(line, sizeof line, stdin);  // header
  double v[9];
  while (std::scanf("%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf", &v[0], &v[1], &v[2], &v[3], &v[4],
                    &v[5], &v[6], &v[7], &v[8]) == 9) {
    const double a[2] = {v[1], v[2]}, w[2] = {v[3], v[4]}, m[2] = {v[5], v[6]};
    const double mv[2] = {v[7], v[8]};
    const auto tau = c.step(a, w, m, mv);
    std::printf("%a %a %a %a %d\n", tau[0], tau[1], c.last_targets[0], c.last_targets[1],
                c.safety_cut ? 1 : 0);
  }
}
"""


@pytest.fixture(scope="module")
def cpp_run(header_dir: Path) -> np.ndarray:
    (header_dir / "driver.cpp").write_text(DRIVER)
    exe = compile_cpp([header_dir / "driver.cpp"], header_dir / "driver", [header_dir])
    out = run([exe], stdin=trace_csv(walking_trace()))
    return np.array([[float.fromhex(x) for x in line.split()] for line in out.splitlines()])


def test_exported_policy_matches_torch(checkpoint: Path, cpp_run: np.ndarray) -> None:
    trace = walking_trace()
    _, _, _, obs = reference_run(checkpoint, trace)
    with torch.no_grad():
        expected = policy_net()(torch.from_numpy(obs)).numpy().astype(np.float64)
    finite = np.all(np.isfinite(trace), axis=1)  # the NaN step keeps the previous targets
    err = float(np.max(np.abs(cpp_run[finite, 2:4] - expected[finite])))
    print(f"exported policy vs torch: max abs diff {err:.2e} rad")
    assert err <= 1e-5
    assert np.std(expected) > 0.05


def test_exported_controller_matches_reference(checkpoint: Path, cpp_run: np.ndarray) -> None:
    torques, targets, cut, _ = reference_run(checkpoint, walking_trace())
    assert np.array_equal(cpp_run[:, 4].astype(bool), cut)
    # float32 MLP rounding (<= 1e-5 rad) times kp bounds the torque difference
    err = float(np.max(np.abs(cpp_run[:, :2] - torques)))
    print(f"exported controller vs reference: max abs torque diff {err:.2e} N m")
    assert err <= CONFIG.kp * 1e-5
    # the trace exercises every branch: assist, saturation, the cut-off, the NaN sample
    assert cut.sum() >= 5 and not cut[:500].any()
    assert np.any(np.abs(torques) == CONFIG.max_torque)
    assert np.mean((np.abs(torques) > 0.5) & (np.abs(torques) < 17.5)) > 0.3
    assert np.all(torques[300] == 0.0)


def test_exported_cut_off_limits_match_reference(checkpoint: Path, header_dir: Path) -> None:
    lower, upper = CONFIG.safety_limits
    offsets = np.array([-1e-6, 1e-6, -1e-4, 1e-4, 0.0])
    rows = []
    for side in range(2):
        for limit in (lower, upper):
            for off in offsets:
                motor = [0.1, 0.1]
                motor[side] = limit + off
                rows.append([0.0, 0.1, 0.1, 0.0, 0.0, *motor, 0.0, 0.0])
    trace = np.array(rows)
    _, _, cut, _ = reference_run(checkpoint, trace)
    exe = header_dir / "driver"  # built by the cpp_run fixture
    if not exe.exists():
        (header_dir / "driver.cpp").write_text(DRIVER)
        compile_cpp([header_dir / "driver.cpp"], exe, [header_dir])
    out = run([exe], stdin=trace_csv(trace))
    cpp_cut = np.array([int(line.split()[4]) for line in out.splitlines()], dtype=bool)
    assert np.array_equal(cpp_cut, cut)
    assert cut.sum() == 8  # +1e-6 and +1e-4 outside each of the 4 limits


def test_header_embeds_library_headers_verbatim(header_dir: Path) -> None:
    text = (header_dir / "exocore_controller.hpp").read_text()
    for name in EMBEDDED_HEADERS:
        source = (INCLUDE / "exocore" / name).read_text()
        begin = text.index(f"// ===== begin embedded exocore/{name}")
        start = text.index("\n", begin) + 1
        end = text.index(f"// ===== end embedded exocore/{name} =====")
        assert text[start:end] == source


def test_pi_firmware_reproduces_reference(checkpoint: Path, header_dir: Path) -> None:
    source = INCLUDE.parents[1] / "firmware" / "pi" / "exo_pi.cpp"
    exe = compile_cpp([source], header_dir / "exo_pi", [header_dir], [*STRICT, "-O2"])
    trace = walking_trace()
    out = run([exe], stdin=trace_csv(trace)).splitlines()
    assert out[0] == "time,torque_l,torque_r,safety_cut"
    rows = np.array([[float(x) for x in line.split(",")] for line in out[1:]])
    torques, _, cut, _ = reference_run(checkpoint, trace)
    assert rows.shape == (len(trace), 4)
    assert np.max(np.abs(rows[:, 1:3] - torques)) <= CONFIG.kp * 1e-5
    finite = np.all(np.isfinite(trace), axis=1)
    assert np.array_equal(rows[finite, 3].astype(bool), cut[finite])
    with pytest.raises(AssertionError, match="line 2: expected 9"):
        run([exe], stdin="time,x\n0,1,2\n")


def test_checkpoint_round_trip_pt_and_npz(checkpoint: Path, tmp_path: Path) -> None:
    ckpt = load_controller_checkpoint(checkpoint)
    assert ckpt.config == CONFIG
    npz = export_controller(checkpoint, "npz", tmp_path)
    again = load_controller_checkpoint(npz)
    assert again.config == CONFIG
    for a, b in zip([*ckpt.weights, *ckpt.biases], [*again.weights, *again.biases]):
        assert a.dtype == np.float32 and np.array_equal(a, b)
    assert np.array_equal(ckpt.obs_std, again.obs_std)


def test_bad_checkpoints_give_clear_errors(checkpoint: Path, tmp_path: Path) -> None:
    raw = torch.load(checkpoint, weights_only=True)
    cases = {
        "format": ({**raw, "format": "something.else"}, "not an exo-controller"),
        "missing": ({k: v for k, v in raw.items() if k != "policy.1.bias"}, "policy.1.bias"),
        "shape": ({**raw, "policy.0.weight": torch.zeros(128, 15)}, "layer sizes"),
        "nan": ({**raw, "policy.2.bias": torch.tensor([0.0, float("nan")])}, "NaN"),
        "config": ({**raw, "config": {**raw["config"], "gain": 1.0}}, "unknown"),
    }
    for name, (payload, message) in cases.items():
        path = tmp_path / f"{name}.pt"
        torch.save(payload, path)
        with pytest.raises(ValueError, match=message):
            load_controller_checkpoint(path)
    with pytest.raises(FileNotFoundError):
        load_controller_checkpoint(tmp_path / "absent.pt")
    with pytest.raises(ValueError, match=".pt or .npz"):
        save_controller_checkpoint(tmp_path / "x.json", [], np.zeros(16), np.ones(16))


def test_cli_parser_exports_every_format(checkpoint: Path, tmp_path: Path, capsys) -> None:
    parser = argparse.ArgumentParser(prog="exocore")
    add_export_parser(parser.add_subparsers(dest="command"))
    for fmt, name in (("header", "exocore_controller.hpp"), ("npz", "exocore_controller.npz")):
        args = parser.parse_args(["export", str(checkpoint), "--format", fmt, "-o", str(tmp_path)])
        assert args.func(args) == 0
        assert (tmp_path / name).is_file()
        assert capsys.readouterr().out.strip() == str(tmp_path / name)
    with pytest.raises(SystemExit):
        parser.parse_args(["export", str(checkpoint), "--format", "tflite"])


def test_exocore_cli_export(checkpoint: Path, tmp_path: Path, capsys) -> None:
    from exocore.cli import main

    assert main(["export", str(checkpoint), "--format", "header", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "exocore_controller.hpp").is_file()
    assert main(["export", str(tmp_path / "absent.pt"), "-o", str(tmp_path)]) == 2
    assert "no checkpoint at" in capsys.readouterr().err


def test_onnx_export_matches_torch(checkpoint: Path, tmp_path: Path) -> None:
    """Needs the optional `onnx` extra (onnx + onnxruntime); skipped, with that reason,
    only when they are not installed."""
    pytest.importorskip("onnx", reason="optional extra: pip install exocore[onnx]")
    ort = pytest.importorskip("onnxruntime", reason="optional extra: pip install exocore[onnx]")
    path = export_controller(checkpoint, "onnx", tmp_path)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    trace = walking_trace()
    obs = trace[np.all(np.isfinite(trace), axis=1)][:, 1:5].astype(np.float32)
    obs = np.tile(obs, 4)  # raw (un-normalised) observations; the graph normalises
    (got,) = session.run(None, {"obs": obs})
    ckpt = load_controller_checkpoint(checkpoint)
    norm = np.clip((obs - ckpt.obs_mean) / ckpt.obs_std, -CONFIG.obs_clip, CONFIG.obs_clip)
    with torch.no_grad():
        expected = policy_net()(torch.from_numpy(norm)).numpy()
    assert float(np.max(np.abs(got - expected))) <= 1e-5
