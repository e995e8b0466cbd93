"""`exocore bench`: a tiny run has every key with positive numbers; the CLI's JSON
round-trips."""

from __future__ import annotations

import argparse
import json

import pytest
from exocore.bench import add_bench_parser, run_bench

KEYS_POSITIVE = (
    "substeps_per_s_per_core",
    "env_steps_per_s_1_thread",
    "env_steps_per_s_2_threads",
    "speedup_2_threads",
    "substeps_per_cpu_s",
)


@pytest.fixture(scope="module")
def parser():
    top = argparse.ArgumentParser(prog="exocore")
    add_bench_parser(top.add_subparsers(dest="command", required=True))
    return top


def check_result(result: dict) -> None:
    for key in KEYS_POSITIVE:
        assert isinstance(result[key], float), key
        assert result[key] > 0.0, key
    assert isinstance(result["muscles"], int) and result["muscles"] == 208
    assert isinstance(result["dofs"], int) and result["dofs"] == 56
    assert result["substeps_per_env_step"] == 6
    for actuation in ("muscles", "joint-torques"):
        mode = result["modes"][actuation]
        assert mode["env_steps_per_s_1_thread"] > 0.0
        assert mode["env_steps_per_s_2_threads"] > 0.0
    assert (
        result["env_steps_per_s_1_thread"] == result["modes"]["muscles"]["env_steps_per_s_1_thread"]
    )
    rate = result["env_steps_per_s_1_thread"]
    assert result["physics"]["batch_steps"] >= 1
    assert isinstance(result["goals"]["substeps_per_s_per_core"]["met"], bool)
    assert isinstance(result["goals"]["speedup_2_threads"]["met"], bool)
    assert rate < 1e6  # a control step of the full model cannot take under a microsecond


def test_run_bench_tiny():
    result = run_bench(seconds=0.2, envs=2, warmup_steps=1, myosuite=False, progress=False)
    check_result(result)
    assert result["myosuite"] is None
    assert "skipped" in result["myosuite_reason"]
    json.dumps(result)  # JSON-ready


def test_cli_json_round_trip(parser, tmp_path, capsys):
    out = tmp_path / "bench.json"
    args = parser.parse_args(
        ["bench", "--json", str(out), "--seconds", "0.2", "--envs", "2", "--no-myosuite"]
    )
    assert args.func(args) == 0
    written = json.loads(out.read_text())
    check_result(written)
    assert written["num_envs"] == 2
    assert written["seconds_per_measurement"] == 0.2
    printed = capsys.readouterr()
    assert "substeps/s per core" in printed.out
    assert "[exocore bench]" in printed.err  # progress on stderr


def test_cli_json_to_stdout(parser, capsys):
    args = parser.parse_args(
        ["bench", "--json", "--seconds", "0.1", "--envs", "1", "--no-myosuite", "--quiet"]
    )
    assert args.func(args) == 0
    printed = capsys.readouterr()
    check_result(json.loads(printed.out))
    assert printed.err == ""


def test_missing_myosuite_is_reported_not_raised():
    from exocore.bench import myosuite_baseline

    result = myosuite_baseline(0.1, python="/nonexistent/python")
    assert result["available"] is False
    assert "could not run" in result["reason"]


def test_bad_arguments():
    with pytest.raises(ValueError):
        run_bench(seconds=0.0, myosuite=False, progress=False)
    with pytest.raises(ValueError):
        run_bench(seconds=0.1, envs=0, myosuite=False, progress=False)
