"""Exo-controller checkpoints and their export for devices.

Checkpoint format (version 1), one flat mapping written by
:func:`save_controller_checkpoint` as a torch ``.pt`` file (``torch.save`` of a dict of
tensors and plain values, loadable with ``weights_only=True``) or as a ``.npz``:

========================  =======================================================
key                       value
========================  =======================================================
``format``                ``"exocore.exo_controller"``
``version``               ``1``
``config``                :class:`~exocore.controller.ControllerConfig` as a dict
                          (in ``.npz``: a JSON string)
``policy.{i}.weight``     layer ``i`` weight, float32 [out, in] (torch ``nn.Linear``)
``policy.{i}.bias``       layer ``i`` bias, float32 [out]
``obs_normalizer.mean``   float32 [16]
``obs_normalizer.std``    float32 [16], > 0 (include any epsilon here)
========================  =======================================================

Exports (``exocore export CHECKPOINT --format header|onnx|npz -o DIR``):

- ``header``: ``DIR/exocore_controller.hpp``, one self-contained C++17 file for the
  firmware (see :mod:`exocore.export_header`).
- ``onnx``: ``DIR/exocore_policy.onnx``, normaliser + MLP + action scale (input
  ``obs`` [N, 16] float32, output ``target`` [N, 2]); the stateful filter, PD and
  safety stay on the device. Needs the ``onnx`` extra.
- ``npz``: ``DIR/exocore_controller.npz``, the checkpoint as plain arrays.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from exocore.controller import ControllerConfig, ExoController

FORMAT_NAME = "exocore.exo_controller"
FORMAT_VERSION = 1
EXPORT_FORMATS = ("header", "onnx", "npz")
HEADER_NAME = "exocore_controller.hpp"
ONNX_NAME = "exocore_policy.onnx"
NPZ_NAME = "exocore_controller.npz"


@dataclass
class ControllerCheckpoint:
    """A loaded exo-controller checkpoint (float32 arrays)."""

    config: ControllerConfig
    weights: list[NDArray[np.float32]]
    biases: list[NDArray[np.float32]]
    obs_mean: NDArray[np.float32]
    obs_std: NDArray[np.float32]

    def controller(self) -> ExoController:
        """The Python reference controller with these weights."""
        return ExoController(self.config, self.weights, self.biases, self.obs_mean, self.obs_std)


def _to_numpy(value: Any) -> NDArray[np.float32]:
    if hasattr(value, "detach"):  # a torch tensor, without importing torch
        value = value.detach().cpu().numpy()
    return np.array(value, dtype=np.float32)


def _validated(
    config: ControllerConfig, layers: Sequence[tuple[Any, Any]], mean: Any, std: Any
) -> ControllerCheckpoint:
    """Builds a checkpoint; the reference controller's constructor checks every shape."""
    ckpt = ControllerCheckpoint(
        config=config,
        weights=[_to_numpy(w) for w, _ in layers],
        biases=[_to_numpy(b) for _, b in layers],
        obs_mean=_to_numpy(mean).reshape(-1),
        obs_std=_to_numpy(std).reshape(-1),
    )
    for i, arr in enumerate([*ckpt.weights, *ckpt.biases]):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"policy parameter array {i} contains NaN or inf")
    ckpt.controller()
    return ckpt


def save_controller_checkpoint(
    path: str | Path,
    layers: Sequence[tuple[ArrayLike, ArrayLike]],
    obs_mean: ArrayLike,
    obs_std: ArrayLike,
    config: ControllerConfig | None = None,
) -> Path:
    """Writes an exo-controller checkpoint (``.pt`` needs torch, ``.npz`` does not).

    ``layers`` lists ``(weight [out, in], bias [out])`` per linear layer, numpy arrays
    or torch tensors, e.g. ``[(m.weight, m.bias) for m in net if isinstance(m, nn.Linear)]``.
    """
    path = Path(path)
    if path.suffix not in (".pt", ".npz"):
        raise ValueError(f"checkpoint path must end in .pt or .npz, got {path}")
    ckpt = _validated(config or ControllerConfig(), layers, obs_mean, obs_std)
    arrays: dict[str, NDArray[np.float32]] = {
        "obs_normalizer.mean": ckpt.obs_mean,
        "obs_normalizer.std": ckpt.obs_std,
    }
    for i, (w, b) in enumerate(zip(ckpt.weights, ckpt.biases)):
        arrays[f"policy.{i}.weight"] = w
        arrays[f"policy.{i}.bias"] = b
    if path.suffix == ".npz":
        meta = {"format": np.array(FORMAT_NAME), "version": np.array(FORMAT_VERSION)}
        config_json = np.array(json.dumps(ckpt.config.to_dict()))
        np.savez(path, config=config_json, **meta, **arrays)
    else:
        import torch

        payload: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
        payload["config"] = ckpt.config.to_dict()
        payload.update({k: torch.from_numpy(v.copy()) for k, v in arrays.items()})
        torch.save(payload, path)
    return path


def _read_raw(path: Path) -> dict[str, Any]:
    if path.suffix == ".npz":
        with np.load(path, allow_pickle=False) as data:
            raw: dict[str, Any] = {k: data[k] for k in data.files}
        for key in ("format", "version", "config"):
            if key in raw:
                raw[key] = raw[key].item()
        if isinstance(raw.get("config"), str):
            raw["config"] = json.loads(raw["config"])
        return raw
    if path.suffix == ".pt":
        try:
            import torch
        except ImportError as err:
            raise ImportError("reading a .pt checkpoint needs torch (pip install torch)") from err
        raw = torch.load(path, map_location="cpu", weights_only=True)
        if not isinstance(raw, dict):
            raise ValueError(f"{path}: expected a dict, got {type(raw).__name__}")
        return raw
    raise ValueError(f"checkpoint path must end in .pt or .npz, got {path}")


def load_controller_checkpoint(path: str | Path) -> ControllerCheckpoint:
    """Reads and validates a checkpoint written by :func:`save_controller_checkpoint`."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no checkpoint at {path}")
    raw = _read_raw(path)
    if raw.get("format") != FORMAT_NAME:
        raise ValueError(f"{path}: not an exo-controller checkpoint (format {raw.get('format')!r})")
    if int(raw.get("version", -1)) != FORMAT_VERSION:
        raise ValueError(f"{path}: checkpoint version {raw.get('version')} != {FORMAT_VERSION}")
    if not isinstance(raw.get("config"), Mapping):
        raise ValueError(f"{path}: missing config dict")
    config = ControllerConfig.from_dict(raw["config"])
    layers = []
    for i in range(len(config.hidden_sizes) + 1):
        try:
            layers.append((raw[f"policy.{i}.weight"], raw[f"policy.{i}.bias"]))
        except KeyError as err:
            raise ValueError(f"{path}: missing key {err}") from None
    try:
        mean, std = raw["obs_normalizer.mean"], raw["obs_normalizer.std"]
    except KeyError as err:
        raise ValueError(f"{path}: missing key {err}") from None
    return _validated(config, layers, mean, std)


_ONNX_ACTIVATIONS = {
    "linear": ("Identity", {}),
    "relu": ("Relu", {}),
    "leaky_relu": ("LeakyRelu", {"alpha": 0.01}),
    "tanh": ("Tanh", {}),
    "elu": ("Elu", {"alpha": 1.0}),
    "sigmoid": ("Sigmoid", {}),
}


def export_onnx(ckpt: ControllerCheckpoint, path: Path) -> Path:
    """Writes normaliser + MLP + action scale as an ONNX graph (opset 17)."""
    try:
        import onnx
        from onnx import TensorProto, helper, numpy_helper
    except ImportError as err:
        raise ImportError("--format onnx needs the onnx extra: pip install exocore[onnx]") from err
    cfg = ckpt.config
    f32 = np.float32
    inits = [
        numpy_helper.from_array(ckpt.obs_mean, "obs_mean"),
        numpy_helper.from_array(ckpt.obs_std, "obs_std"),
        numpy_helper.from_array(np.array(-cfg.obs_clip, f32), "clip_min"),
        numpy_helper.from_array(np.array(cfg.obs_clip, f32), "clip_max"),
        numpy_helper.from_array(np.array(cfg.action_scale, f32), "action_scale"),
    ]
    nodes = [
        helper.make_node("Sub", ["obs", "obs_mean"], ["centred"]),
        helper.make_node("Div", ["centred", "obs_std"], ["scaled"]),
        helper.make_node("Clip", ["scaled", "clip_min", "clip_max"], ["h0"]),
    ]
    last = len(ckpt.weights) - 1
    for i, (w, b) in enumerate(zip(ckpt.weights, ckpt.biases)):
        inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
        nodes.append(helper.make_node("Gemm", [f"h{i}", f"w{i}", f"b{i}"], [f"z{i}"], transB=1))
        op, attrs = _ONNX_ACTIVATIONS[cfg.output_activation if i == last else cfg.activation]
        nodes.append(helper.make_node(op, [f"z{i}"], [f"h{i + 1}"], **attrs))
    nodes.append(helper.make_node("Mul", [f"h{last + 1}", "action_scale"], ["target"]))
    graph = helper.make_graph(
        nodes,
        "exocore_policy",
        [helper.make_tensor_value_info("obs", TensorProto.FLOAT, ["batch", cfg.obs_size])],
        [helper.make_tensor_value_info("target", TensorProto.FLOAT, ["batch", cfg.action_size])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    model.doc_string = json.dumps(cfg.to_dict())
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def export_controller(checkpoint: str | Path, fmt: str, out_dir: str | Path) -> Path:
    """Exports a checkpoint to ``out_dir`` in one of :data:`EXPORT_FORMATS`."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {EXPORT_FORMATS}")
    ckpt = load_controller_checkpoint(checkpoint)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "header":
        from exocore.export_header import write_header

        return write_header(ckpt, out / HEADER_NAME, source=Path(checkpoint).name)
    if fmt == "onnx":
        return export_onnx(ckpt, out / ONNX_NAME)
    layers = list(zip(ckpt.weights, ckpt.biases))
    return save_controller_checkpoint(
        out / NPZ_NAME, layers, ckpt.obs_mean, ckpt.obs_std, ckpt.config
    )


def add_export_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Adds ``exocore export`` to an argparse subparsers object."""
    parser = subparsers.add_parser(
        "export",
        help="export a trained exo controller for a device",
        description="Write a trained exo-controller checkpoint as a self-contained C++ "
        "header (Raspberry Pi, Teensy), an ONNX policy, or plain npz arrays.",
    )
    parser.add_argument("checkpoint", type=Path, help="controller checkpoint (.pt or .npz)")
    parser.add_argument("--format", choices=EXPORT_FORMATS, default="header", dest="format")
    parser.add_argument("-o", "--out", type=Path, default=Path("."), help="output directory")
    parser.set_defaults(func=run_export)
    return parser


def run_export(args: argparse.Namespace) -> int:
    """Entry point of ``exocore export``; prints the written file."""
    try:
        path = export_controller(args.checkpoint, args.format, args.out)
    except ImportError as err:  # a missing optional extra, e.g. onnx
        print(f"exocore export: error: {err}", file=sys.stderr)
        return 2
    print(path)
    return 0
