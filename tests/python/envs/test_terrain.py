"""Stairs in the simulated world: a stair reference brings its staircase, and the
human stands on a tread as on the ground."""

from __future__ import annotations

import numpy as np
from conftest import standing
from exocore import _core
from exocore.envs import ExoVecEnv, build_env_model
from exocore.models import human
from exocore.motions import reference


def stair_model() -> _core.EnvModel:
    cfg = _core.EnvConfig()
    cfg.random_start = False
    cfg.human_pd.kp = 1000.0
    cfg.human_pd.kv = 2.0 * np.sqrt(1000.0)
    return build_env_model(human(), reference("stairs", duration=4.0), "no-exo", config=cfg)


def test_stair_reference_builds_its_staircase() -> None:
    model = stair_model()
    assert len(model.terrain) == 1
    steps = model.terrain[0].bodies
    assert len(steps) >= 5 and all(b.collides for b in steps)
    heights = [float(b.shape.size[1]) for b in steps]
    np.testing.assert_allclose(np.diff(heights), 0.17, atol=1e-12)  # default rise
    walk = build_env_model(human(), reference("walk", 1.25, duration=4.0), "no-exo")
    assert len(walk.terrain) == 0


def pelvis_height_after_standing_on_the_landing(with_terrain: bool) -> float:
    model = stair_model()
    top = model.terrain[0].bodies[-1]
    centre = top.joint_in_parent[:3, 3] + model.terrain[0].bodies[0].joint_in_parent[:3, 3]
    tread = 2.0 * float(centre[1])  # the block reaches from the ground to the tread
    still = standing(4.0)
    positions = still.positions.copy()
    names = list(still.dof_names)
    positions[:, names.index("Pelvis_pos_y")] = tread + 0.002
    positions[:, names.index("Pelvis_pos_z")] = float(centre[2])
    ref = _core.ReferenceMotion()
    ref.rate = model.reference.rate
    ref.positions = positions
    ref.velocities = np.zeros_like(positions)
    ref.phase = np.zeros(len(positions))
    model.reference = ref
    if not with_terrain:
        model.terrain = []
    env = ExoVecEnv(model, num_envs=1)
    env.reset(seed=0)
    actions = {"human": np.zeros((1, env.human_action_size)), "exo": np.zeros((1, 2))}
    lowest = np.inf
    for _ in range(100):  # 1 s; a fall ends the episode (and resets it)
        _, _, term, _, _ = env.step(actions)
        if term[0]:
            return -np.inf
        height = float(env.state(0)["positions"][names.index("Pelvis_pos_y")]) - tread
        lowest = min(lowest, height)
    return lowest


def test_human_stands_on_the_top_tread_and_falls_without_the_staircase() -> None:
    assert abs(pelvis_height_after_standing_on_the_landing(True)) < 0.02
    assert pelvis_height_after_standing_on_the_landing(False) < -0.3  # or a fall
