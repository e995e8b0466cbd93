"""Gymnasium-style vector environment over the C++ batch (`_core.BatchEnv`).

One step is one exo control period (10 ms at the paper's 100 Hz). Observations and
actions are dicts with a "human" and an "exo" entry:

- obs["human"]  (N, H): root rotation, pelvis height, joint positions, all velocities,
  sin/cos of the gait phase;
- obs["exo"]    (N, 16): thigh angle L/R and angular velocity L/R, newest of 4 samples
  10 ms apart first (with latency and optional IMU noise), what the device measures;
- action["human"] (N, n_dofs - 6): offsets added to the reference joint positions,
  read only where infos["human_decision"] was true (human_hz, 30 Hz by default);
- action["exo"] (N, 2): hip target angles (left, right) for filter -> PD -> saturation.

`step` returns (obs, rewards, terminations, truncations, infos): rewards are the exo
reward (paper eqs. 12-14 plus the human terms); infos carries the human reward, each
reward term, exo torque and power, safety cut-offs and divergence flags. Environments
that finish are reset in the same step (Gymnasium's same-step autoreset); their last
observation is in infos["final_obs"].
"""

from __future__ import annotations

from typing import Any

import numpy as np

from exocore import _core
from exocore.envs.builder import build_env_model
from exocore.models import Model
from exocore.motions import Motion

REWARD_TERMS = ("pose", "root", "cop", "muscle", "energy", "smooth")

try:  # spaces when Gymnasium is installed; the environment works without it
    from gymnasium import spaces as _spaces
except ImportError:  # pragma: no cover - exercised only without gymnasium
    _spaces = None


class ExoVecEnv:
    """N closed-loop human-exoskeleton environments stepped in C++ threads."""

    metadata: dict[str, Any] = {"autoreset_mode": "SameStep"}

    def __init__(
        self,
        env_model: _core.EnvModel,
        num_envs: int,
        seed: int = 0,
        num_threads: int = 1,
    ) -> None:
        if num_envs < 1:
            raise ValueError(f"num_envs must be >= 1, got {num_envs}")
        self.env_model = env_model
        self.batch = _core.BatchEnv(env_model, num_envs, seed, num_threads)
        self.num_envs = num_envs
        self.human_obs_size = self.batch.human_obs_size
        self.human_action_size = self.batch.human_action_size
        self._seed = seed
        if _spaces is not None:
            inf = np.inf
            self.single_observation_space = _spaces.Dict(
                {
                    "human": _spaces.Box(-inf, inf, (self.human_obs_size,), np.float64),
                    "exo": _spaces.Box(-inf, inf, (16,), np.float64),
                }
            )
            self.single_action_space = _spaces.Dict(
                {
                    "human": _spaces.Box(-1.0, 1.0, (self.human_action_size,), np.float64),
                    "exo": _spaces.Box(-1.5, 1.5, (2,), np.float64),
                }
            )

    def _obs(self, out: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {"human": out["human_obs"], "exo": out["exo_obs"]}

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """Resets every environment; the same seed gives the same episodes."""
        if seed is not None:
            self._seed = seed
        self.batch.reset(self._seed)
        out = self.batch.outputs()
        return self._obs(out), {"human_decision": out["human_decision"]}

    def step(
        self, actions: dict[str, np.ndarray]
    ) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        if not isinstance(actions, dict) or set(actions) != {"human", "exo"}:
            raise TypeError("actions must be a dict with keys 'human' and 'exo'")
        self.batch.step(actions["human"], actions["exo"])
        out = self.batch.outputs()
        done = out["terminated"] | out["truncated"]
        infos: dict[str, Any] = {
            "human_reward": out["human_reward"],
            "reward_terms": dict(zip(REWARD_TERMS, out["reward_terms"].T)),
            "exo_torque": out["exo_torque"],
            "exo_power": out["exo_power"],
            "joint_torque": out["joint_torque"],
            "reserve_torque": out["reserve_torque"],
            "safety_cut": out["safety_cut"],
            "diverged": out["diverged"],
            "human_decision": out["human_decision"],
            "tuple_ready": out["tuple_ready"],
            "final_obs": {"human": out["final_human_obs"], "exo": out["final_exo_obs"]},
            "_final_obs": done,
        }
        return self._obs(out), out["exo_reward"], out["terminated"], out["truncated"], infos

    def set_muscle_network(self, parameters: np.ndarray) -> None:
        """Loads the muscle network (flat float32, torch parameters() order) into C++."""
        self.batch.set_muscle_network(np.ascontiguousarray(parameters, dtype=np.float32))

    def set_pelvis_support(self, stiffness: float, rotational_stiffness: float) -> None:
        """Virtual pelvis support [N/m, N m/rad] from the next step on (not physics:
        tests and the training curriculum; 0, 0 = off)."""
        self.batch.set_pelvis_support(float(stiffness), float(rotational_stiffness))

    def muscle_tuple(self, index: int) -> dict[str, np.ndarray]:
        return self.batch.muscle_tuple(index)

    def state(self, index: int) -> dict[str, Any]:
        return self.batch.env_state(index)

    def close(self) -> None:
        """Nothing to release beyond the batch itself (freed with this object)."""


def make_vec_env(
    num_envs: int,
    activity: str = "walk",
    speed: float | None = None,
    condition: str = "assist-on",
    actuation: str = "joint-torques",
    model: Model | None = None,
    motion: Motion | None = None,
    seed: int = 0,
    num_threads: int = 1,
    config: _core.EnvConfig | None = None,
) -> ExoVecEnv:
    """`num_envs` environments of `activity` ('walk', 'run', 'stairs') at `speed` under
    `condition` ('no-exo', 'assist-off', 'assist-on'), default model and motion unless
    given."""
    from exocore.models import human
    from exocore.motions import reference

    if model is None:
        model = human(with_exo=condition != "no-exo")
    if motion is None:
        motion = reference(activity, speed, height=model.height or 1.7)
    env_model = build_env_model(model, motion, condition, actuation, config)
    return ExoVecEnv(env_model, num_envs, seed=seed, num_threads=num_threads)
