"""The three networks of the paper (DESIGN.md section 4) as torch modules.

- human policy: human observation (+ one-hot activity) -> 256 x 256 -> 50 joint offsets;
- muscle network: 100 -> 512 x 256 x 256 -> 208 activations, ReLU hidden, sigmoid out,
  the exact layout the simulator's C++ MLP reads (see :func:`flat_parameters`);
- exo controller: 16 IMU values -> 128 x 64 -> 2 hip targets, tanh hidden (the
  activation of the exported controller, see :mod:`exocore.controller`).
"""

from __future__ import annotations

import numpy as np
import torch
from numpy.typing import NDArray
from torch import nn

MUSCLE_INPUT = 100  # desired torques + passive torques of the 50 joint dofs
MUSCLE_HIDDEN = (512, 256, 256)
NUM_MUSCLES = 208
TORQUE_SCALE = 100.0  # network input = torques / 100 (N m), as in the simulator
ROOT_DOFS = 6

_ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "elu": nn.ELU}


def mlp(
    inputs: int,
    hidden: tuple[int, ...],
    outputs: int,
    activation: str = "relu",
    output_activation: str | None = None,
) -> nn.Sequential:
    """Linear layers with ``activation`` between them (and optionally after the last)."""
    layers: list[nn.Module] = []
    sizes = (inputs, *hidden)
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(a, b), _ACTIVATIONS[activation]()]
    layers.append(nn.Linear(sizes[-1], outputs))
    if output_activation == "sigmoid":
        layers.append(nn.Sigmoid())
    elif output_activation is not None:
        layers.append(_ACTIVATIONS[output_activation]())
    return nn.Sequential(*layers)


def muscle_network() -> nn.Sequential:
    """100 -> 512 -> 256 -> 256 -> 208, ReLU hidden, sigmoid output (activations in [0,1])."""
    return mlp(MUSCLE_INPUT, MUSCLE_HIDDEN, NUM_MUSCLES, "relu", "sigmoid")


def muscle_input(desired_torque: torch.Tensor, passive_torque: torch.Tensor) -> torch.Tensor:
    """The simulator's network input: joint-dof parts of both torques (B, 56) / 100."""
    x = torch.cat([desired_torque[..., ROOT_DOFS:], passive_torque[..., ROOT_DOFS:]], dim=-1)
    return x / TORQUE_SCALE


def flat_parameters(net: nn.Module) -> NDArray[np.float32]:
    """All parameters in ``parameters()`` order (weight (out, in) row-major, then bias,
    layer by layer) as one float32 vector: what ``ExoVecEnv.set_muscle_network`` takes."""
    with torch.no_grad():
        flat = torch.cat([p.detach().reshape(-1).float().cpu() for p in net.parameters()])
    return flat.numpy().copy()


def linear_layers(net: nn.Module) -> list[nn.Linear]:
    return [m for m in net.modules() if isinstance(m, nn.Linear)]


class ActorCritic(nn.Module):
    """Policy mean MLP + state-independent log-std + value MLP on the same input."""

    def __init__(
        self,
        obs_size: int,
        action_size: int,
        hidden_sizes: tuple[int, ...],
        activation: str = "relu",
        init_log_std: float = -1.0,
    ) -> None:
        super().__init__()
        self.actor = mlp(obs_size, hidden_sizes, action_size, activation)
        self.critic = mlp(obs_size, hidden_sizes, 1, activation)
        self.log_std = nn.Parameter(torch.full((action_size,), float(init_log_std)))
        # A small last layer: the first actions stay near 0 (no offset, no exo target).
        last = self.actor[-1]
        assert isinstance(last, nn.Linear)
        with torch.no_grad():
            last.weight.mul_(0.01)
            last.bias.zero_()

    def distribution(self, obs: torch.Tensor) -> torch.distributions.Normal:
        return torch.distributions.Normal(self.actor(obs), self.log_std.exp())

    def value(self, obs: torch.Tensor) -> torch.Tensor:
        return self.critic(obs).squeeze(-1)


HUMAN_ACTIONS = 50
EXO_OBS = 16
EXO_ACTIONS = 2
EXO_ACTIVATION = "tanh"  # must match the exported controller (ControllerConfig.activation)


def human_policy(
    obs_size: int, hidden: tuple[int, ...] = (256, 256), init_log_std: float = -1.0
) -> ActorCritic:
    """Motion imitation policy: human observation -> 50 target-angle offsets (rad)."""
    return ActorCritic(obs_size, HUMAN_ACTIONS, hidden, "relu", init_log_std)


def exo_policy(hidden: tuple[int, ...] = (128, 64), init_log_std: float = -1.0) -> ActorCritic:
    """Exo controller: the 16 IMU values -> 2 hip target angles (rad)."""
    return ActorCritic(EXO_OBS, EXO_ACTIONS, hidden, EXO_ACTIVATION, init_log_std)
