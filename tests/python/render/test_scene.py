"""Poses of a recorded trial: what the page and the video draw."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from exocore.evaluation.trials import Trial, load_trial
from exocore.render import scene as sc


def random_rotations(n: int, seed: int = 0) -> np.ndarray:
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(n, 3, 3)))
    return q * np.sign(np.linalg.det(q))[:, None, None]


def matrix_of(q: np.ndarray) -> np.ndarray:
    x, y, z, w = q
    return np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
            [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
            [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
        ]
    )


def test_quaternions_reproduce_rotations_without_sign_flips() -> None:
    rot = random_rotations(60).reshape(6, 10, 3, 3)
    rot[1, 0] = np.diag([1.0, -1.0, -1.0])  # w = 0: a half turn
    q = sc.quaternions(rot)
    for f in range(6):
        for i in range(10):
            np.testing.assert_allclose(matrix_of(q[f, i]), rot[f, i], atol=1e-9)
    # a full turn about y in small steps: w changes sign half way; q must not jump
    a = np.linspace(0.0, 2.0 * np.pi, 73)
    turn = np.zeros((73, 1, 3, 3))
    turn[:, 0, 0, 0], turn[:, 0, 0, 2] = np.cos(a), np.sin(a)
    turn[:, 0, 1, 1] = 1.0
    turn[:, 0, 2, 0], turn[:, 0, 2, 2] = -np.sin(a), np.cos(a)
    qt = sc.quaternions(turn)[:, 0]
    assert np.all(np.sum(qt[1:] * qt[:-1], axis=-1) > 0.99)
    np.testing.assert_allclose(qt[-1], -qt[0], atol=1e-9)  # 2 pi: the other cover


def test_align_y_points_the_cylinder_axis_along_each_segment() -> None:
    d = np.random.default_rng(2).normal(size=(4, 5, 3))
    d[0, 0], d[0, 1] = [0.0, -2.0, 0.0], [0.0, 3.0, 0.0]  # straight down / up
    rot = sc.align_y(d)
    np.testing.assert_allclose(rot[..., :, 1], d / np.linalg.norm(d, axis=-1, keepdims=True))
    np.testing.assert_allclose(np.linalg.det(rot), 1.0)


def test_frame_steps_keep_first_and_last() -> None:
    assert sc.frame_steps(81, 25.0).tolist() == list(range(0, 81, 4))
    assert sc.frame_steps(10, 30.0).tolist() == [0, 3, 6, 9]
    assert sc.frame_steps(7, 1000.0).tolist() == list(range(7))
    assert sc.frame_steps(0, 30.0).size == 0


def test_recorded_trial_file_gives_the_same_playback(
    trial: Trial, trial_file: Path, fps: float
) -> None:
    back = load_trial(trial_file)
    np.testing.assert_array_equal(back.exo_positions, trial.exo_positions)
    model = sc.env_model_for(back)
    pb = sc.playback(back, model, fps)
    direct = sc.playback(trial, model, fps)
    n = len(sc.frame_steps(len(trial.time), fps))
    assert pb.time.shape == (n,) and pb.time[0] == 0.0
    assert pb.human_poses.shape == (n, len(model.human.bodies), 4, 4)
    np.testing.assert_allclose(pb.human_poses, direct.human_poses)
    assert pb.exo is not None and pb.exo_poses.shape == (n, 3, 4, 4)
    assert len(pb.muscle_points) == 208 and pb.activations.shape == (n, 208)
    # the walker is upright at the start and moves forward (+z)
    assert 0.8 < pb.pelvis[0, 1] < 1.1
    assert pb.pelvis[-1, 2] > pb.pelvis[0, 2] + 0.2
    # the exo's waist sits on the pelvis and its thighs beside the hips
    assert np.linalg.norm(pb.exo_poses[:, 0, :3, 3] - pb.pelvis, axis=1).max() < 0.1
    hips = pb.hips[:, :, :3, 3]
    assert np.linalg.norm(hips[:, 0] - hips[:, 1], axis=1).min() > 0.1
    # muscle path points lie on the body: within 0.3 m of some body origin
    pts = np.concatenate([p[0] for p in pb.muscle_points])
    dist = np.linalg.norm(pts[:, None] - pb.human_poses[0, None, :, :3, 3], axis=-1)
    assert dist.min(axis=1).max() < 0.3


def test_older_trial_files_without_exo_positions_still_render(
    trial_file: Path, tmp_path: Path, fps: float
) -> None:
    with np.load(trial_file) as data:
        arrays = {k: data[k] for k in data.files if k != "exo_positions"}
    old = tmp_path / "old.npz"
    np.savez_compressed(old, **arrays)
    trial = load_trial(old)
    assert trial.exo_positions.size == 0
    pb = sc.playback(trial, sc.env_model_for(trial), fps)
    assert pb.exo is None and pb.exo_poses.shape[1] == 0


def test_empty_trial_is_an_error(trial: Trial, fps: float) -> None:
    import dataclasses

    empty = dataclasses.replace(trial, time=trial.time[:0], error="ValueError: no terrain")
    with pytest.raises(ValueError, match="no recorded steps"):
        sc.playback(empty, sc.env_model_for(trial), fps)
