"""Reference motions for the default human: generated walking, running and stair ascent
fitted to published normative data, their blended transitions, loaders for recorded data
(CSV, OpenSim .mot/.sto, BVH) and staircase geometry for the simulated world."""

from __future__ import annotations

from .bvh import load_bvh
from .gait import ACTIVITIES, GaitParameters, parameters
from .generate import DEFAULT_DURATION, DEFAULT_RATE, cycle, reference
from .loaders import MotionFileError, load_csv, load_mot, load_motion, save_csv, save_mot
from .motion import DofLayout, Motion, manifold_velocities
from .stairs import StairSpec, add_stairs, stair_skeleton_spec, staircase_for
from .transitions import PAPER_TRIAL, Segment, Transition, transition_reference

__all__ = [
    "ACTIVITIES",
    "DEFAULT_DURATION",
    "DEFAULT_RATE",
    "PAPER_TRIAL",
    "DofLayout",
    "GaitParameters",
    "Motion",
    "MotionFileError",
    "Segment",
    "StairSpec",
    "Transition",
    "add_stairs",
    "cycle",
    "load_bvh",
    "load_csv",
    "load_mot",
    "load_motion",
    "manifold_velocities",
    "parameters",
    "reference",
    "save_csv",
    "save_mot",
    "stair_skeleton_spec",
    "staircase_for",
    "transition_reference",
]
