"""Evaluation of trained controllers (issue #8): Umberger (2010) muscle metabolics,
recorded trials, the paper's cohort protocol and a Markdown/HTML/JSON report.

    from exocore.evaluation import evaluate, load_policies, write_report
    results, trials = evaluate(load_policies("out/run"), out_dir="out/eval")
    write_report(results, trials, "out/eval")

or ``exocore evaluate out/run``. See docs/evaluation.md.
"""

from __future__ import annotations

from typing import Any

from exocore.evaluation.cohort import PAPER_RESULTS, QUICK, EvalSettings, evaluate
from exocore.evaluation.metabolics import (
    activation_effort,
    metabolic_rates,
    muscle_table,
    net_metabolic_power,
    umberger2010,
)
from exocore.evaluation.policies import Policies, load_policies, simple_policies
from exocore.evaluation.trials import (
    Participant,
    Trial,
    TrialSpec,
    load_trial,
    run_trial,
    save_trial,
    summarize_trial,
)

__all__ = [
    "PAPER_RESULTS",
    "QUICK",
    "EvalSettings",
    "Participant",
    "Policies",
    "Trial",
    "TrialSpec",
    "activation_effort",
    "evaluate",
    "load_policies",
    "load_trial",
    "metabolic_rates",
    "muscle_table",
    "net_metabolic_power",
    "run_trial",
    "save_trial",
    "simple_policies",
    "summarize_trial",
    "umberger2010",
    "write_report",
]


def write_report(*args: Any, **kwargs: Any) -> Any:
    """:func:`exocore.evaluation.report.write_report` (imports matplotlib on first use)."""
    from exocore.evaluation.report import write_report as _write

    return _write(*args, **kwargs)
