"""Generates the self-contained C++17 controller header for the firmware.

The header embeds verbatim copies of ``exocore/mlp.hpp`` and ``exocore/exo_control.hpp``
(the tests check they are byte-identical to the library's), so a device build needs
this one file: the Arduino/Teensy toolchain only sees files in the sketch folder, and a
Raspberry Pi build needs no include path into the exocore sources. Do not include the
library's own ``exocore/mlp.hpp`` or ``exocore/exo_control.hpp`` in the same program.

Weights are ``inline constexpr`` objects, so on a microcontroller they stay in flash.
The ``Controller`` struct implements exactly :class:`exocore.controller.ExoController`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from exocore.controller import ControllerConfig

if TYPE_CHECKING:
    from exocore.export import ControllerCheckpoint

#: mlp.hpp activation type per config name.
CPP_ACTIVATIONS = {
    "linear": "mlp::Linear",
    "relu": "mlp::Relu",
    "leaky_relu": "mlp::LeakyRelu<1, 100>",
    "tanh": "mlp::Tanh",
    "elu": "mlp::Elu<1, 1>",
    "sigmoid": "mlp::Sigmoid",
}
EMBEDDED_HEADERS = ("mlp.hpp", "exo_control.hpp")


def library_header(name: str) -> Path:
    """Path of a header of the exocore C++ library: installed with the package
    (``exocore/include/exocore``) or in a source checkout (``cpp/include/exocore``)."""
    here = Path(__file__).resolve().parent
    for root in (here / "include", here.parents[1] / "cpp" / "include"):
        candidate = root / "exocore" / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"exocore/{name} not found next to the package or in a source checkout; "
        "reinstall exocore (the wheel ships its headers under exocore/include)"
    )


def float_literal(value: float) -> str:
    """Shortest decimal that reads back as the same float32, as a C++ float literal."""
    v = np.float32(value)
    if not np.isfinite(v):
        raise ValueError(f"cannot write non-finite value {value} into a header")
    return np.format_float_scientific(v, unique=True, trim="-") + "f"


def double_literal(value: float) -> str:
    """A C++ double literal that reads back as exactly ``value``."""
    text = repr(float(value))
    if not np.isfinite(float(value)):
        raise ValueError(f"cannot write non-finite value {value} into a header")
    return text if any(c in text for c in ".e") else text + ".0"


def _float_list(values: Iterable[float], indent: str = "    ", width: int = 100) -> str:
    lines: list[str] = []
    line = indent
    for text in (float_literal(v) + "," for v in np.asarray(values).reshape(-1)):
        if len(line) + len(text) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = indent
        line += text + " "
    lines.append(line.rstrip())
    return "\n".join(lines)


def _layer_types(cfg: ControllerConfig) -> list[str]:
    sizes = cfg.layer_sizes
    types = []
    for i in range(len(sizes) - 1):
        act = cfg.output_activation if i == len(sizes) - 2 else cfg.activation
        types.append(f"mlp::Dense<float, {sizes[i]}, {sizes[i + 1]}, {CPP_ACTIVATIONS[act]}>")
    return types


def _embedded(name: str) -> str:
    text = library_header(name).read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return (
        f"// ===== begin embedded exocore/{name} (sha256 {digest}) =====\n"
        f"{text}"
        f"// ===== end embedded exocore/{name} =====\n"
    )


_CONTROLLER = """
/// The deployed controller; call step() every kControlDt seconds (100 Hz). Identical
/// to exocore.controller.ExoController: history -> normaliser -> MLP -> low-pass -> PD
/// -> saturation -> safety cut-off. No heap, no exceptions; a few hundred bytes of state.
struct Controller {
  ExoActuatorParams params = make_actuator_params();
  SecondOrderLowPass filter = make_low_pass(kFilterCutoffHz, kFilterDamping, kControlDt);
  std::array<std::array<float, kObsPerStep>, kHistory> history{};  ///< newest first
  std::array<ExoActuatorState, 2> actuators{};
  std::array<double, 2> last_targets{};  ///< policy target hip angles, rad
  bool primed = false;                   ///< false until the first valid sample
  bool safety_cut = false;               ///< true when the last step cut the torque

  /// Back to the power-on state: empty history, filters at rest at 0 rad.
  void reset() noexcept {
    history = {};
    actuators = {};
    last_targets = {};
    primed = false;
    safety_cut = false;
  }

  /// One control step. Each argument points to 2 values (left, right): thigh IMU angle
  /// (rad) and angular velocity (rad/s), motor (hip joint) angle (rad) and velocity
  /// (rad/s). Returns the hip torques (N m). Any NaN/inf input gives zero torque and
  /// leaves the state unchanged.
  std::array<double, 2> step(const double thigh_angle[2], const double thigh_velocity[2],
                             const double motor_angle[2],
                             const double motor_velocity[2]) noexcept {
    for (int s = 0; s < 2; ++s) {
      if (!std::isfinite(thigh_angle[s]) || !std::isfinite(thigh_velocity[s]) ||
          !std::isfinite(motor_angle[s]) || !std::isfinite(motor_velocity[s])) {
        return {0.0, 0.0};
      }
    }
    const std::array<float, kObsPerStep> sample = {
        static_cast<float>(thigh_angle[0]), static_cast<float>(thigh_angle[1]),
        static_cast<float>(thigh_velocity[0]), static_cast<float>(thigh_velocity[1])};
    if (primed) {
      for (std::size_t k = kHistory - 1; k > 0; --k) history[k] = history[k - 1];
      history[0] = sample;
    } else {
      history.fill(sample);
      primed = true;
    }
    std::array<float, kObsSize> obs{};
    for (std::size_t k = 0; k < kHistory; ++k) {
      for (std::size_t j = 0; j < kObsPerStep; ++j) {
        const std::size_t i = k * kObsPerStep + j;
        const float z = (history[k][j] - kObsMean[i]) / kObsStd[i];
        obs[i] = z > kObsClip ? kObsClip : (z < -kObsClip ? -kObsClip : z);
      }
    }
    const std::array<float, 2> action = mlp::forward(kPolicy, obs);
    safety_cut = false;
    std::array<double, 2> torque{};
    for (std::size_t s = 0; s < 2; ++s) {
      if (motor_angle[s] < kSafetyMin || motor_angle[s] > kSafetyMax) safety_cut = true;
      last_targets[s] = kActionScale * static_cast<double>(action[s]);
      torque[s] = exo_actuator_step(params, filter, actuators[s], last_targets[s],
                                    motor_angle[s], motor_velocity[s])
                      .torque;
    }
    if (safety_cut) return {0.0, 0.0};
    return torque;
  }
};
"""


def render_header(
    cfg: ControllerConfig,
    weights: list[np.ndarray],
    biases: list[np.ndarray],
    obs_mean: np.ndarray,
    obs_std: np.ndarray,
    source: str = "",
) -> str:
    """The complete header text."""
    types = _layer_types(cfg)
    d = double_literal
    out = [
        "// Generated by `exocore export` "
        + (f"from {source} " if source else "")
        + "-- do not edit.",
        f"// Exo controller: MLP {'x'.join(map(str, cfg.layer_sizes))} "
        f"({cfg.activation} hidden, {cfg.output_activation} output), float32; filter, PD",
        "// and safety in double. Usage: exocore::exported::Controller c; "
        "auto tau = c.step(angle, velocity, motor_angle, motor_velocity);",
        "#pragma once",
        "",
        *(_embedded(name) for name in EMBEDDED_HEADERS),
        "namespace exocore {",
        "namespace exported {",
        "",
        f"constexpr std::size_t kHistory = {cfg.history};",
        "constexpr std::size_t kObsPerStep = 4;",
        f"constexpr std::size_t kObsSize = {cfg.obs_size};",
        f"constexpr float kObsClip = {float_literal(cfg.obs_clip)};",
        f"constexpr double kActionScale = {d(cfg.action_scale)};",
        f"constexpr double kKp = {d(cfg.kp)};  // N m / rad",
        f"constexpr double kKv = {d(cfg.kv)};  // N m s / rad",
        f"constexpr double kMaxTorque = {d(cfg.max_torque)};  // N m",
        f"constexpr double kFilterCutoffHz = {d(cfg.filter_cutoff_hz)};",
        f"constexpr double kFilterDamping = {d(cfg.filter_damping)};",
        f"constexpr double kControlDt = {d(cfg.control_dt)};  // s",
        f"constexpr double kRomMin = {d(cfg.rom_min)};  // rad, reference hip range",
        f"constexpr double kRomMax = {d(cfg.rom_max)};",
        f"constexpr double kSafetyMargin = {d(cfg.safety_margin)};  // fraction of the range",
        "constexpr double kSafetyMin = kRomMin - kSafetyMargin * (kRomMax - kRomMin);",
        "constexpr double kSafetyMax = kRomMax + kSafetyMargin * (kRomMax - kRomMin);",
        "",
        "inline ExoActuatorParams make_actuator_params() noexcept {",
        "  ExoActuatorParams p;",
        "  p.gains.kp = kKp;",
        "  p.gains.kv = kKv;",
        "  p.max_torque = kMaxTorque;",
        "  p.filter_cutoff_hz = kFilterCutoffHz;",
        "  p.filter_damping = kFilterDamping;",
        "  return p;",
        "}",
        "",
        "using PolicyNet = mlp::Mlp<" + ",".join(f"\n    {t}" for t in types) + ">;",
        "",
        f"inline constexpr std::array<float, kObsSize> kObsMean = {{{{\n"
        f"{_float_list(obs_mean)}\n}}}};",
        f"inline constexpr std::array<float, kObsSize> kObsStd = {{{{\n"
        f"{_float_list(obs_std)}\n}}}};",
    ]
    for i, (t, w, b) in enumerate(zip(types, weights, biases)):
        out.append(
            f"inline constexpr {t} kLayer{i}{{\n"
            f"  {{{{\n{_float_list(w)}\n  }}}},\n  {{{{\n{_float_list(b)}\n  }}}}}};"
        )
    layer_names = ", ".join(f"kLayer{i}" for i in range(len(types)))
    out += [f"inline constexpr PolicyNet kPolicy{{{{{layer_names}}}}};", _CONTROLLER]
    out += ["}  // namespace exported", "}  // namespace exocore", ""]
    return "\n".join(out)


def write_header(ckpt: ControllerCheckpoint, path: Path, source: str = "") -> Path:
    """Writes the header for a checkpoint."""
    text = render_header(
        ckpt.config, ckpt.weights, ckpt.biases, ckpt.obs_mean, ckpt.obs_std, source
    )
    path.write_text(text, encoding="utf-8")
    return path
