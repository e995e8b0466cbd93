"""Training (PyTorch): PPO for the human and exo policies, muscle regression, the
two-stage schedule of the paper. Needs the ``train`` extra (torch, tqdm, pyyaml)."""
