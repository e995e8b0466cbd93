"""Closed-loop human-exoskeleton environments (C++ batch, Gymnasium-style API)."""

from exocore.envs.builder import ACTUATIONS, CONDITIONS, build_env_model
from exocore.envs.vector_env import REWARD_TERMS, ExoVecEnv, make_vec_env

__all__ = [
    "ACTUATIONS",
    "CONDITIONS",
    "REWARD_TERMS",
    "ExoVecEnv",
    "build_env_model",
    "make_vec_env",
]
