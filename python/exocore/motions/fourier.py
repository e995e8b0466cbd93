"""Periodic functions of gait phase as truncated Fourier series.

A series with n harmonics is stored as coefficients c of shape (2n + 1,):
f(phi) = c0 + sum_k c[2k-1] cos(2 pi k phi) + c[2k] sin(2 pi k phi), phi in cycles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _basis(phase: np.ndarray, harmonics: int, derivative: int = 0) -> np.ndarray:
    """Design matrix (len(phase), 2n+1) of the series or of its d-th derivative in phi."""
    phase = np.asarray(phase, dtype=float).reshape(-1)
    out = np.zeros((phase.size, 2 * harmonics + 1))
    out[:, 0] = 1.0 if derivative == 0 else 0.0
    for k in range(1, harmonics + 1):
        w = 2.0 * np.pi * k
        arg = w * phase
        # d^m/dphi^m of cos/sin cycles through cos, -sin, -cos, sin.
        funcs = (np.cos(arg), -np.sin(arg), -np.cos(arg), np.sin(arg))
        out[:, 2 * k - 1] = w**derivative * funcs[derivative % 4]
        out[:, 2 * k] = w**derivative * funcs[(derivative + 3) % 4]
    return out


@dataclass(frozen=True)
class Fourier:
    """A periodic function of phase (period 1)."""

    coefficients: np.ndarray

    @property
    def harmonics(self) -> int:
        return (len(self.coefficients) - 1) // 2

    def __call__(self, phase: np.ndarray | float, derivative: int = 0) -> np.ndarray:
        """Value (or d-th derivative with respect to phase) at `phase`."""
        shape = np.shape(phase)
        values = _basis(np.asarray(phase), self.harmonics, derivative) @ self.coefficients
        return values.reshape(shape)

    @property
    def mean(self) -> float:
        return float(self.coefficients[0])

    def scaled(self, gain: float, offset: float = 0.0) -> Fourier:
        """mean + gain * (f - mean) + offset."""
        c = np.array(self.coefficients, dtype=float)
        c[1:] *= gain
        c[0] += offset
        return Fourier(c)

    def shifted(self, delta: float) -> Fourier:
        """phi -> f(phi + delta)."""
        c = np.array(self.coefficients, dtype=float)
        for k in range(1, self.harmonics + 1):
            a, b = c[2 * k - 1], c[2 * k]
            ca, sa = np.cos(2 * np.pi * k * delta), np.sin(2 * np.pi * k * delta)
            c[2 * k - 1], c[2 * k] = a * ca + b * sa, b * ca - a * sa
        return Fourier(c)

    def __add__(self, other: Fourier) -> Fourier:
        n = max(self.harmonics, other.harmonics)
        return Fourier(_padded(self.coefficients, n) + _padded(other.coefficients, n))

    def __mul__(self, scale: float) -> Fourier:
        return Fourier(np.asarray(self.coefficients, dtype=float) * scale)

    __rmul__ = __mul__


def _padded(c: np.ndarray, harmonics: int) -> np.ndarray:
    out = np.zeros(2 * harmonics + 1)
    out[: len(c)] = c
    return out


def fit(
    phase: np.ndarray,
    values: np.ndarray,
    harmonics: int,
    weights: np.ndarray | None = None,
    ridge: float = 0.0,
) -> Fourier:
    """Weighted least-squares series through samples (phase in cycles). `ridge` damps the
    harmonics in proportion to k^4 (a curvature penalty), which fills gaps smoothly."""
    a = _basis(phase, harmonics)
    y = np.asarray(values, dtype=float).reshape(-1)
    w = np.ones_like(y) if weights is None else np.asarray(weights, dtype=float).reshape(-1)
    sw = np.sqrt(w)[:, None]
    lhs = (a * sw).T @ (a * sw)
    rhs = (a * sw).T @ (y * sw[:, 0])
    if ridge > 0.0:
        k = np.repeat(np.arange(1, harmonics + 1), 2).astype(float)
        lhs[1:, 1:] += ridge * np.diag(k**4) * w.sum()
    return Fourier(np.linalg.solve(lhs, rhs))


def constant(value: float) -> Fourier:
    return Fourier(np.array([float(value)]))


def sinusoid(mean: float, amplitude: float, peak_phase: float, k: int = 1) -> Fourier:
    """mean + amplitude cos(2 pi k (phi - peak_phase))."""
    c = np.zeros(2 * k + 1)
    c[0] = mean
    c[2 * k - 1] = amplitude * np.cos(2 * np.pi * k * peak_phase)
    c[2 * k] = amplitude * np.sin(2 * np.pi * k * peak_phase)
    return Fourier(c)
