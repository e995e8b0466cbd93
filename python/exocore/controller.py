"""Reference implementation of the deployed hip-exoskeleton controller (numpy only).

This is the executable specification of what ``exocore export --format header``
generates for the firmware; the tests run both on the same inputs. One call of
:meth:`ExoController.step` every ``control_dt`` = 0.01 s (100 Hz) does:

1. Sensor check: if any of the 8 inputs is NaN or infinite, return zero torque and
   leave the state untouched.
2. History: push ``[angle_l, angle_r, velocity_l, velocity_r]`` of the thigh IMUs
   (rad, rad/s). The observation is 16 values, newest sample first, then the 3
   previous steps; right after :meth:`reset` the history is filled with the first sample.
3. Normaliser (float32): ``clip((obs - mean) / std, -obs_clip, obs_clip)``.
4. Policy MLP (float32), 16 -> 128 -> 64 -> 2 by default. Hidden activation ``tanh``:
   bounded hidden units keep the output bounded when the IMU reports something never
   seen in training, which matters on a device; ``elu`` and the others are accepted.
   The 2 outputs times ``action_scale`` are the target hip angles (rad, left, right).
5. Action filter (float64): per side the exact zero-order-hold second-order low-pass
   of ``cpp/include/exocore/exo_control.hpp`` (natural frequency ``filter_cutoff_hz``,
   damping ``filter_damping``), starting from 0 rad at rest, so torque ramps in softly.
6. PD (float64): ``tau = kp (filtered_target - motor_angle) - kv motor_velocity``,
   clamped to +-``max_torque``.
7. Safety cut-off: the hip angle is the motor encoder angle of each side. If either
   side is outside ``[rom_min - m R, rom_max + m R]`` with ``R = rom_max - rom_min`` the
   reference range of motion and ``m = safety_margin`` (0.5), both torques are 0 for
   this step. The filter and history keep running, so assistance resumes as soon as
   both hips are back inside.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any, Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

OBS_PER_STEP = 4  # thigh angle left/right, thigh angular velocity left/right
NUM_SIDES = 2


def _relu(x: NDArray[np.float32]) -> NDArray[np.float32]:
    return np.maximum(x, np.float32(0.0))


def _leaky_relu(x: NDArray[np.float32]) -> NDArray[np.float32]:
    return np.where(x > 0, x, x * np.float32(0.01))


def _elu(x: NDArray[np.float32]) -> NDArray[np.float32]:
    return np.where(x > 0, x, np.expm1(np.minimum(x, np.float32(0.0))))


def _sigmoid(x: NDArray[np.float32]) -> NDArray[np.float32]:
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype)


#: Activation name -> numpy function; torch defaults (LeakyReLU slope 0.01, ELU alpha 1).
ACTIVATIONS: dict[str, Callable[[NDArray[np.float32]], NDArray[np.float32]]] = {
    "linear": lambda x: x,
    "relu": _relu,
    "leaky_relu": _leaky_relu,
    "tanh": np.tanh,
    "elu": _elu,
    "sigmoid": _sigmoid,
}


@dataclass(frozen=True)
class ControllerConfig:
    """Everything besides the weights that defines a deployed exo controller."""

    obs_size: int = 16
    """Policy input width: 4 values (angle, velocity of both thighs) x ``history``."""
    history: int = 4
    """Samples in the observation: now and the 3 previous control steps."""
    hidden_sizes: tuple[int, ...] = (128, 64)
    """Widths of the hidden layers (the paper: 128 x 64)."""
    action_size: int = 2
    """Policy outputs: target hip angle left, right (rad, after ``action_scale``)."""
    activation: str = "tanh"
    """Hidden-layer activation, a key of :data:`ACTIVATIONS`."""
    output_activation: str = "linear"
    """Activation of the last layer."""
    obs_clip: float = 5.0
    """Normalised observations are clipped to +-obs_clip."""
    action_scale: float = 1.0
    """Policy output x action_scale = target hip angle (rad)."""
    kp: float = 50.0
    """PD stiffness, N m / rad (paper)."""
    kv: float = 14.14
    """PD damping, N m s / rad (paper)."""
    max_torque: float = 18.0
    """Torque limit per side, N m (paper: 18 N m peak)."""
    filter_cutoff_hz: float = 6.0
    """Natural frequency of the second-order action filter (exo_control.hpp default)."""
    filter_damping: float = 1.0 / math.sqrt(2.0)
    """Damping ratio of the action filter (Butterworth)."""
    control_dt: float = 0.01
    """Control period, s (100 Hz)."""
    rom_min: float = -0.6
    """Lower end of the reference hip range of motion, rad; the model's convention is
    + = extension, so this is peak flexion (walking at 1.25 m/s: about -34 deg)."""
    rom_max: float = 0.2
    """Upper end of the reference hip range, rad: peak extension (walking: about +11 deg)."""
    safety_margin: float = 0.5
    """Torque is cut when a hip leaves the range by more than this fraction of it."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden_sizes", tuple(int(h) for h in self.hidden_sizes))
        problems = []
        if self.obs_size != OBS_PER_STEP * self.history:
            problems.append(f"obs_size {self.obs_size} != 4 x history {self.history}")
        if self.action_size != NUM_SIDES:
            problems.append(f"action_size must be 2 (one per hip), got {self.action_size}")
        if any(h <= 0 for h in self.hidden_sizes):
            problems.append(f"hidden_sizes must be positive, got {self.hidden_sizes}")
        for name in ("activation", "output_activation"):
            if getattr(self, name) not in ACTIVATIONS:
                problems.append(f"{name} {getattr(self, name)!r} not in {sorted(ACTIVATIONS)}")
        for name in ("obs_clip", "max_torque", "filter_cutoff_hz", "filter_damping"):
            if not getattr(self, name) > 0:
                problems.append(f"{name} must be > 0, got {getattr(self, name)}")
        if not self.control_dt > 0:
            problems.append(f"control_dt must be > 0, got {self.control_dt}")
        if not self.rom_max > self.rom_min:
            problems.append(f"rom_max {self.rom_max} must exceed rom_min {self.rom_min}")
        if not self.safety_margin >= 0:
            problems.append(f"safety_margin must be >= 0, got {self.safety_margin}")
        if problems:
            raise ValueError("invalid ControllerConfig: " + "; ".join(problems))

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Input width, hidden widths, output width."""
        return (self.obs_size, *self.hidden_sizes, self.action_size)

    @property
    def safety_limits(self) -> tuple[float, float]:
        """Hip angles (rad) beyond which the torque is cut."""
        width = self.rom_max - self.rom_min
        return (
            self.rom_min - self.safety_margin * width,
            self.rom_max + self.safety_margin * width,
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["hidden_sizes"] = list(self.hidden_sizes)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ControllerConfig:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise ValueError(f"unknown ControllerConfig keys: {unknown}")
        return cls(**dict(d))


def make_low_pass(cutoff_hz: float, damping: float, dt: float) -> tuple[float, ...]:
    """State-transition matrix (phi11, phi12, phi21, phi22) of the exact ZOH low-pass;
    the same formulas, in the same order, as ``make_low_pass`` in exo_control.hpp."""
    w = 2.0 * 3.14159265358979323846 * cutoff_hz
    s = -damping * w
    disc = w * w * (1.0 - damping * damping)
    c, g = 1.0, dt
    if disc > 1e-12 * w * w:
        wd = math.sqrt(disc)
        c, g = math.cos(wd * dt), math.sin(wd * dt) / wd
    elif disc < -1e-12 * w * w:
        wh = math.sqrt(-disc)
        c, g = math.cosh(wh * dt), math.sinh(wh * dt) / wh
    e = math.exp(s * dt)
    return (e * (c - g * s), e * g, -e * g * w * w, e * (c + g * s))


def low_pass_step(phi: Sequence[float], state: list[float], target: float) -> float:
    """Advances ``state = [value, rate]`` by one step towards ``target``; returns value."""
    x = state[0] - target
    v = state[1]
    state[0] = target + phi[0] * x + phi[1] * v
    state[1] = phi[2] * x + phi[3] * v
    return state[0]


class PolicyMlp:
    """float32 MLP: ``weights[i]`` is [out, in], ``biases[i]`` is [out]."""

    def __init__(
        self,
        weights: Sequence[ArrayLike],
        biases: Sequence[ArrayLike],
        activation: str,
        output_activation: str,
    ) -> None:
        self.weights = [np.asarray(w, dtype=np.float32) for w in weights]
        self.biases = [np.asarray(b, dtype=np.float32) for b in biases]
        if len(self.weights) != len(self.biases) or not self.weights:
            raise ValueError("need one bias per weight matrix and at least one layer")
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            if w.ndim != 2 or b.shape != (w.shape[0],):
                raise ValueError(f"layer {i}: weight {w.shape} and bias {b.shape} do not fit")
            if i > 0 and w.shape[1] != self.weights[i - 1].shape[0]:
                raise ValueError(f"layer {i}: input {w.shape[1]} != previous output")
        self.hidden = ACTIVATIONS[activation]
        self.output = ACTIVATIONS[output_activation]

    def __call__(self, x: ArrayLike) -> NDArray[np.float32]:
        h = np.asarray(x, dtype=np.float32)
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            h = (w @ h + b).astype(np.float32)
            h = (self.output if i == last else self.hidden)(h)
        return h


class ExoController:
    """Stateful 100 Hz controller; see the module docstring for the exact steps."""

    def __init__(
        self,
        config: ControllerConfig,
        weights: Sequence[ArrayLike],
        biases: Sequence[ArrayLike],
        obs_mean: ArrayLike,
        obs_std: ArrayLike,
    ) -> None:
        self.config = config
        self.policy = PolicyMlp(weights, biases, config.activation, config.output_activation)
        sizes = (self.policy.weights[0].shape[1], *(w.shape[0] for w in self.policy.weights))
        if sizes != config.layer_sizes:
            raise ValueError(f"weights have layer sizes {sizes}, config {config.layer_sizes}")
        self.obs_mean = np.asarray(obs_mean, dtype=np.float32).reshape(-1)
        self.obs_std = np.asarray(obs_std, dtype=np.float32).reshape(-1)
        for name, arr in (("obs_mean", self.obs_mean), ("obs_std", self.obs_std)):
            if arr.shape != (config.obs_size,) or not np.all(np.isfinite(arr)):
                raise ValueError(f"{name} must be {config.obs_size} finite values")
        if not np.all(self.obs_std > 0):
            raise ValueError("obs_std must be > 0")
        self.filter = make_low_pass(
            config.filter_cutoff_hz, config.filter_damping, config.control_dt
        )
        self.reset()

    def reset(self) -> None:
        """Back to the power-on state: empty history, filters at rest at 0 rad."""
        self.history = np.zeros((self.config.history, OBS_PER_STEP), dtype=np.float32)
        self.primed = False
        self.filter_state = [[0.0, 0.0] for _ in range(NUM_SIDES)]
        self.last_targets = np.zeros(NUM_SIDES)
        self.safety_cut = False

    def normalized_observation(self) -> NDArray[np.float32]:
        """The 16 policy inputs after normalisation and clipping (float32)."""
        obs = self.history.reshape(-1)
        clip = np.float32(self.config.obs_clip)
        return np.clip((obs - self.obs_mean) / self.obs_std, -clip, clip)

    def step(
        self,
        thigh_angle: ArrayLike,
        thigh_velocity: ArrayLike,
        motor_angle: ArrayLike,
        motor_velocity: ArrayLike,
    ) -> NDArray[np.float64]:
        """One control step; every argument holds (left, right). Returns torques (N m)."""
        inputs = [np.asarray(a, dtype=np.float64).reshape(NUM_SIDES) for a in
                  (thigh_angle, thigh_velocity, motor_angle, motor_velocity)]  # fmt: skip
        if not all(np.all(np.isfinite(a)) for a in inputs):
            return np.zeros(NUM_SIDES)
        angle, velocity, motor, motor_vel = inputs
        sample = np.concatenate([angle, velocity]).astype(np.float32)
        if self.primed:
            self.history[1:] = self.history[:-1].copy()
            self.history[0] = sample
        else:
            self.history[:] = sample
            self.primed = True
        action = self.policy(self.normalized_observation())
        cfg = self.config
        lower, upper = cfg.safety_limits
        self.safety_cut = bool(np.any((motor < lower) | (motor > upper)))
        torques = np.zeros(NUM_SIDES)
        for side in range(NUM_SIDES):
            target = cfg.action_scale * float(action[side])
            self.last_targets[side] = target
            filtered = low_pass_step(self.filter, self.filter_state[side], target)
            tau = cfg.kp * (filtered - float(motor[side])) - cfg.kv * float(motor_vel[side])
            torques[side] = min(max(tau, -cfg.max_torque), cfg.max_torque)
        return np.zeros(NUM_SIDES) if self.safety_cut else torques
