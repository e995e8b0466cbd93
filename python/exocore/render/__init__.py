"""3-D playback of simulated trials: a self-contained HTML page and a video."""
