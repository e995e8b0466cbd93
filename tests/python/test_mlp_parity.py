"""mlp.hpp against torch on the same weights: every activation, float32 and float64.

Each case writes torch's flat parameters and random inputs to binary files, compiles
a small driver around exocore/mlp.hpp with g++, runs it and compares its outputs with
torch's. Budget from the issue: max abs difference <= 1e-5 in float32.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from cxx_build import INCLUDE, compile_cpp, run

torch = pytest.importorskip("torch")  # the [train] extra; `make test` installs it

DRIVER = r"""
#include <cstdio>
#include <vector>
#include "exocore/mlp.hpp"
using namespace exocore::mlp;
using T = SCALAR;
using Net = UniformMlp<T, HIDDEN, OUTPUT, SIZES>;
static std::vector<T> read_all(const char* path) {
  std::vector<T> v;
  std::FILE* f = std::fopen(path, "rb");
  if (!f) return v;
  T x;
  while (std::fread(&x, sizeof x, 1, f) == 1) v.push_back(x);
  std::fclose(f);
  return v;
}
int main(int, char** argv) {
  static Net net;  // static: the muscle network is ~1 MB
  const std::vector<T> params = read_all(argv[1]);
  const std::vector<T> inputs = read_all(argv[2]);
  if (!load_parameters(net, params.data(), params.size())) return 3;
  const std::size_t count = inputs.size() / Net::kIn;
  std::vector<T> outputs(count * Net::kOut);
  forward_batch(net, inputs.data(), outputs.data(), count);
  std::FILE* f = std::fopen(argv[3], "wb");
  std::fwrite(outputs.data(), sizeof(T), outputs.size(), f);
  std::fclose(f);
  return 0;
}
"""

# name -> (torch module factory, mlp.hpp type)
ACTIVATIONS = {
    "linear": (torch.nn.Identity, "Linear"),
    "relu": (torch.nn.ReLU, "Relu"),
    "leaky_relu": (torch.nn.LeakyReLU, "LeakyRelu<>"),
    "tanh": (torch.nn.Tanh, "Tanh"),
    "elu": (torch.nn.ELU, "Elu<>"),
    "sigmoid": (torch.nn.Sigmoid, "Sigmoid"),
}


def torch_mlp(sizes: list[int], hidden: str, output: str, dtype: torch.dtype) -> torch.nn.Module:
    layers: list[torch.nn.Module] = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        layers.append(ACTIVATIONS[output if i == len(sizes) - 2 else hidden][0]())
    return torch.nn.Sequential(*layers).to(dtype)


def cpp_forward(
    tmp_path: Path, net: torch.nn.Module, sizes: list[int], hidden: str, output: str, x: np.ndarray
) -> np.ndarray:
    dtype = x.dtype
    scalar = "float" if dtype == np.float32 else "double"
    source = tmp_path / "driver.cpp"
    source.write_text(DRIVER)
    flags = [
        "-std=c++17", "-O2", "-Wall", "-Wextra", "-Werror",
        f"-DSCALAR={scalar}", f"-DHIDDEN={ACTIVATIONS[hidden][1]}",
        f"-DOUTPUT={ACTIVATIONS[output][1]}", f"-DSIZES={','.join(map(str, sizes))}",
    ]  # fmt: skip
    exe = compile_cpp([source], tmp_path / "driver", [INCLUDE], flags)
    params = torch.cat([p.detach().flatten() for p in net.parameters()]).numpy()
    params.astype(dtype).tofile(tmp_path / "params.bin")
    x.tofile(tmp_path / "inputs.bin")
    run([exe, tmp_path / "params.bin", tmp_path / "inputs.bin", tmp_path / "out.bin"])
    return np.fromfile(tmp_path / "out.bin", dtype=dtype).reshape(len(x), sizes[-1])


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_every_activation_matches_torch_float32(tmp_path: Path, activation: str) -> None:
    torch.manual_seed(sorted(ACTIVATIONS).index(activation))
    sizes = [7, 32, 24, 5]
    net = torch_mlp(sizes, activation, activation, torch.float32)
    x = (3.0 * torch.randn(64, sizes[0])).numpy()  # wide enough to reach every branch
    got = cpp_forward(tmp_path, net, sizes, activation, activation, x)
    with torch.no_grad():
        expected = net(torch.from_numpy(x)).numpy()
    err = float(np.max(np.abs(got - expected)))
    print(f"{activation}: max abs diff {err:.2e}")
    assert err <= 1e-5
    assert np.std(expected) > 1e-3  # the check is not vacuous


@pytest.mark.parametrize("activation", ["tanh", "elu"])
def test_float64_matches_torch_to_rounding(tmp_path: Path, activation: str) -> None:
    torch.manual_seed(7)
    sizes = [16, 128, 64, 2]
    net = torch_mlp(sizes, activation, "linear", torch.float64)
    x = torch.randn(32, sizes[0], dtype=torch.float64).numpy()
    got = cpp_forward(tmp_path, net, sizes, activation, "linear", x)
    with torch.no_grad():
        expected = net(torch.from_numpy(x)).numpy()
    assert float(np.max(np.abs(got - expected))) <= 1e-12


def test_muscle_network_size_matches_torch(tmp_path: Path) -> None:
    torch.manual_seed(3)
    sizes = [50, 512, 256, 256, 208]  # the paper's muscle-coordination network
    net = torch_mlp(sizes, "relu", "sigmoid", torch.float32)
    x = torch.randn(16, sizes[0]).numpy()
    got = cpp_forward(tmp_path, net, sizes, "relu", "sigmoid", x)
    with torch.no_grad():
        expected = net(torch.from_numpy(x)).numpy()
    err = float(np.max(np.abs(got - expected)))
    print(f"muscle network: max abs diff {err:.2e}")
    assert err <= 1e-5


def test_wrong_parameter_count_is_rejected(tmp_path: Path) -> None:
    sizes = [3, 4, 2]
    net = torch_mlp(sizes, "tanh", "linear", torch.float32)
    with pytest.raises(AssertionError, match="exited 3"):
        # one parameter short: the driver's load_parameters must refuse it
        params = torch.cat([p.detach().flatten() for p in net.parameters()]).numpy()[:-1]
        source = tmp_path / "driver.cpp"
        source.write_text(DRIVER)
        flags = [
            "-std=c++17",
            "-DSCALAR=float",
            "-DHIDDEN=Tanh",
            "-DOUTPUT=Linear",
            "-DSIZES=3,4,2",
        ]
        exe = compile_cpp([source], tmp_path / "driver", [INCLUDE], flags)
        params.tofile(tmp_path / "params.bin")
        np.zeros((1, 3), np.float32).tofile(tmp_path / "inputs.bin")
        run([exe, tmp_path / "params.bin", tmp_path / "inputs.bin", tmp_path / "out.bin"])
