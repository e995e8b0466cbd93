"""Evaluation of trained controllers: metabolics, trials, cohort reports (issue #8)."""
