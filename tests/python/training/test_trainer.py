"""The schedule end to end on a tiny config: determinism, bit-exact resume, the
exo-controller export, checkpoint contents and device errors."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
import torch
from exocore.export import export_controller, load_controller_checkpoint
from exocore.training.checkpoint import export_from_checkpoint, load_checkpoint
from exocore.training.ppo import norm_apply, norm_from_state
from exocore.training.trainer import train
from training_support import tiny_config


def params(payload: dict) -> dict[str, torch.Tensor]:
    out = {}
    for name in ("human", "exo", "muscle"):
        for k, v in payload.get(name, {}).items():
            out[f"{name}.{k}"] = v
    for name in ("human_norm", "exo_norm"):
        out[name + ".mean"] = payload[name]["mean"]
        out[name + ".var"] = payload[name]["var"]
    return out


def assert_identical(a: dict, b: dict) -> None:
    pa, pb = params(a), params(b)
    assert pa.keys() == pb.keys()
    for k in pa:
        assert torch.equal(pa[k], pb[k]), k


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ref")
    result = train(out, tiny_config(), progress=False)
    assert result.iteration == 4 and not result.interrupted
    return out


def test_same_seed_gives_identical_parameters_and_another_seed_does_not(
    reference_run: Path, tmp_path: Path
) -> None:
    train(tmp_path / "a", tiny_config(), progress=False)
    ref = load_checkpoint(reference_run)
    assert_identical(ref, load_checkpoint(tmp_path / "a"))
    train(tmp_path / "b", tiny_config(seed=1), progress=False)
    other = params(load_checkpoint(tmp_path / "b"))
    assert not torch.equal(params(ref)["human.actor.0.weight"], other["human.actor.0.weight"])


def test_killed_then_resumed_run_matches_the_uninterrupted_one(
    reference_run: Path, tmp_path: Path
) -> None:
    # Stop after 1 iteration, resume, stop inside stage 2, resume to the end.
    first = train(tmp_path, tiny_config(), stop_after=1, progress=False)
    assert first.iteration == 1
    assert load_checkpoint(tmp_path)["iteration"] == 1
    assert train(tmp_path, resume=True, stop_after=2, progress=False).iteration == 3
    final = train(tmp_path, tiny_config(), resume=True, progress=False)
    assert final.iteration == 4
    assert_identical(load_checkpoint(reference_run), load_checkpoint(tmp_path))
    with (tmp_path / "log.csv").open() as f:
        assert [int(r["iteration"]) for r in csv.DictReader(f)] == [1, 2, 3, 4]
    with (reference_run / "log.csv").open() as f, (tmp_path / "log.csv").open() as g:
        ref_rows, rows = list(csv.DictReader(f)), list(csv.DictReader(g))
    for r1, r2 in zip(ref_rows, rows):
        assert r1["human_reward"] == r2["human_reward"] and r1["exo_reward"] == r2["exo_reward"]


def test_episodes_run_on_between_resets_and_resume_at_a_reset_is_exact(
    reference_run: Path, tmp_path: Path
) -> None:
    cfg = tiny_config(**{"env.reset_every": 2, "checkpoint_every": 2})
    train(tmp_path / "whole", cfg, progress=False)
    with (tmp_path / "whole" / "log.csv").open() as f:
        rows = list(csv.DictReader(f))
    # Iteration 1 continues iteration 0's episodes (stage 1: iterations 0, 1; the next
    # reset is at 2, stage 2's new envs): they grow past one rollout of 24 steps.
    if float(rows[1]["falls"]) == 0:
        assert float(rows[1]["episode_length"]) == 48
    assert float(rows[1]["episode_length"]) > 24
    assert float(rows[0]["episode_length"]) <= 24 and float(rows[2]["episode_length"]) <= 24
    assert train(tmp_path / "cut", cfg, stop_after=2, progress=False).iteration == 2
    train(tmp_path / "cut", cfg, resume=True, progress=False)
    assert_identical(load_checkpoint(tmp_path / "whole"), load_checkpoint(tmp_path / "cut"))
    # Resetting every iteration (the reference run) is another run.
    whole = params(load_checkpoint(tmp_path / "whole"))
    assert not torch.equal(
        whole["human.actor.0.weight"],
        params(load_checkpoint(reference_run))["human.actor.0.weight"],
    )


def test_reset_every_must_divide_checkpoint_every() -> None:
    with pytest.raises(ValueError, match="multiple of env.reset_every"):
        tiny_config(**{"env.reset_every": 3, "checkpoint_every": 2})


def test_resume_refuses_a_changed_config(reference_run: Path, tmp_path: Path) -> None:
    train(tmp_path, tiny_config(), stop_after=1, progress=False)
    with pytest.raises(ValueError, match="human"):
        train(tmp_path, tiny_config(**{"human.lr": 1e-3}), resume=True, progress=False)


def test_checkpoint_holds_everything_to_continue(reference_run: Path) -> None:
    payload = load_checkpoint(reference_run)
    for key in ("human", "human_opt", "human_norm", "exo", "exo_opt", "exo_norm", "rng",
                "config", "iteration"):  # fmt: skip
        assert key in payload
    assert set(payload["rng"]) >= {"python", "numpy", "torch"}
    # Tensors and plain values only: loadable without unpickling arbitrary objects.
    torch.load(reference_run / "checkpoint.pt", weights_only=True)
    assert payload["config"]["env"]["num_envs"] == 2
    assert payload["iteration"] == 4
    assert not list(reference_run.glob("*.tmp*"))  # atomic writes leave no temp files
    with (reference_run / "log.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert [r["stage"] for r in rows] == ["1", "1", "2", "2"]
    assert all(float(r["transitions"]) == 2 * 24 for r in rows)
    assert rows[0]["exo_policy_loss"] == "" and rows[-1]["exo_policy_loss"] != ""
    # The exo learns only in stage 2.
    stage1 = torch.load(reference_run / "checkpoint_stage1.pt", weights_only=True)
    w1, w2 = stage1["exo"]["actor.0.weight"], payload["exo"]["actor.0.weight"]
    assert not torch.equal(w1, w2)


def test_exo_controller_export_matches_the_trained_policy(
    reference_run: Path, tmp_path: Path
) -> None:
    payload = load_checkpoint(reference_run)
    ckpt = load_controller_checkpoint(reference_run / "exo_controller.pt")
    assert ckpt.config.hidden_sizes == (16, 8)
    rng = np.random.default_rng(0)
    raw = rng.normal(0, 1, (5, 16))
    norm = norm_from_state(payload["exo_norm"])
    z = norm_apply(norm, raw, 5.0)
    from exocore.training.networks import exo_policy

    model = exo_policy((16, 8))
    model.load_state_dict(payload["exo"])
    with torch.no_grad():
        expected = model.actor(torch.from_numpy(z)).numpy()
    policy = ckpt.controller().policy
    for i in range(5):
        x = np.clip((raw[i].astype(np.float32) - ckpt.obs_mean) / ckpt.obs_std, -5, 5)
        assert np.allclose(policy(x), expected[i], atol=1e-5)
    header = export_controller(reference_run / "exo_controller.pt", "header", tmp_path)
    assert header.stat().st_size > 1000
    # From the stage-1 checkpoint, as npz: the (still untrained) exo of that moment.
    npz = export_from_checkpoint(reference_run / "checkpoint_stage1.pt", tmp_path / "s1.npz")
    stage1 = load_controller_checkpoint(npz)
    w_stage1 = torch.load(reference_run / "checkpoint_stage1.pt", weights_only=True)["exo"]
    assert np.array_equal(stage1.weights[0], w_stage1["actor.0.weight"].numpy())
    assert not np.array_equal(stage1.weights[0], ckpt.weights[0])


def test_cuda_without_cuda_is_a_clear_error(tmp_path: Path) -> None:
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(ValueError, match="CUDA is not available"):
        train(tmp_path, tiny_config(device="cuda"), progress=False)


def test_muscle_actuation_resumes_bit_for_bit_and_trains_the_muscle_network(
    tmp_path: Path,
) -> None:
    cfg = dict(**{"env.actuation": "muscles", "stage2.iterations": 1})
    train(tmp_path / "ref", tiny_config(**cfg), progress=False)
    train(tmp_path / "cut", tiny_config(**cfg), stop_after=2, progress=False)
    train(tmp_path / "cut", resume=True, progress=False)
    ref, cut = load_checkpoint(tmp_path / "ref"), load_checkpoint(tmp_path / "cut")
    assert "muscle" in ref and "muscle_opt" in ref
    assert_identical(ref, cut)
    with (tmp_path / "ref" / "log.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert all(float(r["muscle_loss"]) > 0 for r in rows)
    fresh = torch.load(tmp_path / "ref" / "checkpoint_stage1.pt", weights_only=True)
    assert not torch.equal(fresh["muscle"]["0.weight"], ref["muscle"]["0.weight"])


def test_interrupt_inside_an_iteration_saves_the_last_complete_one(
    reference_run: Path, tmp_path: Path, monkeypatch
) -> None:
    import exocore.training.trainer as trainer

    real_collect = trainer.collect
    calls = {"n": 0}

    def interrupted_collect(*args, **kwargs):
        calls["n"] += 1
        result = real_collect(*args, **kwargs)  # consumes RNG and moves nothing else
        if calls["n"] == 3:
            raise KeyboardInterrupt  # Ctrl-C during iteration 3
        return result

    monkeypatch.setattr(trainer, "collect", interrupted_collect)
    result = train(tmp_path, tiny_config(), progress=False)
    assert result.interrupted and result.iteration == 2
    assert load_checkpoint(tmp_path)["iteration"] == 2
    monkeypatch.setattr(trainer, "collect", real_collect)
    assert train(tmp_path, resume=True, progress=False).iteration == 4
    assert_identical(load_checkpoint(reference_run), load_checkpoint(tmp_path))


def test_support_curriculum_falls_linearly_to_zero() -> None:
    from exocore.training.config import load_config
    from exocore.training.state import TrainState
    from exocore.training.trainer import support_gains

    cfg = load_config(
        overrides={
            "env.support_stiffness": 2000.0,
            "env.support_rotational_stiffness": 500.0,
            "env.support_iterations": 4,
            "stage1.iterations": 10,
        }
    )

    def at(iteration: int, config=cfg) -> tuple[float, float]:
        return support_gains(TrainState(config, None, None, None, None, iteration))  # type: ignore[arg-type]

    assert at(0) == (2000.0, 500.0)
    assert at(1) == (1500.0, 375.0)
    assert at(4) == (0.0, 0.0)
    assert at(100) == (0.0, 0.0)  # stage 2
    assert at(0, load_config()) == (0.0, 0.0)


def test_adaptive_support_steps_down_only_after_an_iteration_that_walked() -> None:
    from exocore.training.config import load_config
    from exocore.training.state import TrainState
    from exocore.training.trainer import step_support_down, support_gains

    cfg = load_config(
        overrides={
            "env.support_stiffness": 1000.0,
            "env.support_rotational_stiffness": 100.0,
            "env.support_iterations": 4,
            "env.support_schedule": "adaptive",
            "env.support_max_falls": 1,
        }
    )
    state = TrainState(cfg, None, None, None, None, iteration=50)  # type: ignore[arg-type]
    assert support_gains(state) == (1000.0, 100.0)  # the iteration count does not matter
    step_support_down(state, falls=3.0)
    assert state.support_level == 1.0
    step_support_down(state, falls=1.0)
    assert state.support_level == 0.75 and support_gains(state) == (750.0, 75.0)
    for _ in range(5):
        step_support_down(state, falls=0.0)
    assert state.support_level == 0.0 and support_gains(state) == (0.0, 0.0)


def test_symmetry_loss_is_trained_and_logged(tmp_path: Path) -> None:
    train(tmp_path, tiny_config(**{"human.symmetry_coef": 1.0}), stop_after=1, progress=False)
    with (tmp_path / "log.csv").open() as f:
        row = next(csv.DictReader(f))
    assert float(row["human_symmetry"]) > 0.0


def test_init_from_starts_a_muscle_run_with_a_joint_torque_runs_networks(
    reference_run: Path, tmp_path: Path
) -> None:
    cfg = tiny_config(**{"env.actuation": "muscles-with-reserves", "init_from": str(reference_run)})
    start = train(tmp_path / "warm", cfg, stop_after=0, progress=False).state
    source = load_checkpoint(reference_run)
    assert start.iteration == 0 and start.muscle is not None
    for name, agent in (("human", start.human), ("exo", start.exo)):
        for key, value in agent.model.state_dict().items():
            assert torch.equal(value, source[name][key]), (name, key)
        assert torch.equal(torch.as_tensor(agent.norm.mean), source[name + "_norm"]["mean"])
        assert not agent.optimizer.state  # the optimisers start fresh
    # It trains on: the muscle network learns from the tuples of the reserves' run.
    train(tmp_path / "warm2", cfg, stop_after=1, progress=False)
    with (tmp_path / "warm2" / "log.csv").open() as f:
        assert float(next(csv.DictReader(f))["muscle_loss"]) > 0
    # A source still in stage 1 has an untrained exo: this run keeps its own fresh one,
    # with its own exploration noise, and takes the human and muscle networks.
    again = dict(**{"env.actuation": "muscles-with-reserves", "exo.init_log_std": -2.0})
    stage1 = tiny_config(init_from=str(tmp_path / "warm2"), **again)
    third = train(tmp_path / "warm3", stage1, stop_after=0, progress=False).state
    fresh = train(tmp_path / "fresh", tiny_config(**again), stop_after=0, progress=False).state
    warm2 = load_checkpoint(tmp_path / "warm2")
    assert third.muscle is not None
    for key, value in third.muscle.state_dict().items():
        assert torch.equal(value, warm2["muscle"][key]), key
    for key, value in third.exo.model.state_dict().items():
        assert torch.equal(value, fresh.exo.model.state_dict()[key]), key
    assert float(third.exo.model.log_std.detach().mean()) == -2.0


def test_init_from_a_run_of_other_network_sizes_is_a_clear_error(
    reference_run: Path, tmp_path: Path
) -> None:
    cfg = tiny_config(**{"human.hidden_sizes": [8, 8], "init_from": str(reference_run)})
    with pytest.raises(ValueError, match="init_from .* do not fit"):
        train(tmp_path / "bad", cfg, stop_after=0, progress=False)
    with pytest.raises(FileNotFoundError, match="no training checkpoint"):
        train(tmp_path / "none", tiny_config(init_from=str(tmp_path / "nowhere")), progress=False)


def test_reward_overrides_reach_the_simulator() -> None:
    from exocore import _core
    from exocore.training.config import REWARD_FIELDS
    from exocore.training.trainer import make_envs

    attributes = {a for a in dir(_core.RewardConfig()) if a.startswith(("w_", "sigma_"))}
    assert set(REWARD_FIELDS) == attributes
    envs = make_envs(tiny_config(**{"env.reward": {"sigma_muscle": 5.0, "w_cop": 0.0}}), 2)
    reward = envs[0].env_model.config.reward
    assert (reward.sigma_muscle, reward.w_cop) == (5.0, 0.0)
    assert reward.w_muscle == _core.RewardConfig().w_muscle  # the rest keep the defaults
    for env in envs:
        env.close()
