"""XML reading and OpenSim Function evaluation for the .osim importer.

OpenSim 3 documents use element names such as ``HuntCrossleyForce::ContactParametersSet``:
legal XML 1.0 names, but not namespace-well-formed, so ElementTree's namespace-aware
parser rejects them. `parse_xml` reads with expat in plain (non-namespace) mode instead.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from xml.parsers import expat

import numpy as np


class OsimImportError(ValueError):
    """An .osim file that exocore cannot import."""


def parse_xml(path: Path) -> ET.Element:
    """The document's root element; OsimImportError when it is unreadable or not XML."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        with open(path, "rb") as f:
            parser.ParseFile(f)
        return builder.close()
    except (OSError, expat.ExpatError, AssertionError) as err:
        raise OsimImportError(f"{path}: cannot read as XML: {err}") from None


def floats(text: str | None, n: int | None, where: str) -> tuple[float, ...]:
    """Whitespace-separated numbers; exactly `n` of them unless n is None."""
    try:
        values = tuple(float(v) for v in (text or "").split())
    except ValueError:
        raise OsimImportError(f"{where}: not a list of numbers: {text!r}") from None
    if n is not None and len(values) != n:
        raise OsimImportError(f"{where}: expected {n} numbers, got {len(values)}")
    return values


def _natural_spline(xs: np.ndarray, ys: np.ndarray, x: float) -> float:
    """Natural cubic spline through (xs, ys) at x (the end polynomials extrapolate)."""
    n = len(xs)
    h = np.diff(xs)
    second = np.zeros(n)
    if n > 2:
        a = np.zeros((n - 2, n - 2))
        rhs = 6.0 * (np.diff(ys[1:]) / h[1:] - np.diff(ys[:-1]) / h[:-1])
        for i in range(n - 2):
            a[i, i] = 2.0 * (h[i] + h[i + 1])
            if i > 0:
                a[i, i - 1] = h[i]
            if i < n - 3:
                a[i, i + 1] = h[i + 1]
        second[1:-1] = np.linalg.solve(a, rhs)
    k = int(np.clip(np.searchsorted(xs, x) - 1, 0, n - 2))
    hk, left, right = h[k], xs[k + 1] - x, x - xs[k]
    return float(
        second[k] * left**3 / (6 * hk)
        + second[k + 1] * right**3 / (6 * hk)
        + (ys[k] / hk - second[k] * hk / 6) * left
        + (ys[k + 1] / hk - second[k + 1] * hk / 6) * right
    )


def function_value(holder: ET.Element | None, x: float, where: str) -> float | None:
    """Value at `x` of the OpenSim Function inside `holder` (e.g. a <function> or
    <x_location> element); None when `holder` holds no function. Splines (SimmSpline,
    NaturalCubicSpline, GCVSpline) are evaluated as natural cubic splines through their
    knots, which differs from SIMM's end conditions only near the ends of the knot range."""
    if holder is None:
        return None
    children = list(holder)
    if not children:
        return None
    f = children[0]
    tag = f.tag
    if tag == "LinearFunction":
        slope, offset = floats(f.findtext("coefficients"), 2, f"{where} LinearFunction")
        return slope * x + offset
    if tag == "Constant":
        return floats(f.findtext("value"), 1, f"{where} Constant")[0]
    if tag == "PolynomialFunction":  # coefficients from the highest order down
        return float(np.polyval(floats(f.findtext("coefficients"), None, where), x))
    if tag == "MultiplierFunction":
        inner = function_value(f.find("function"), x, where)
        scale = floats(f.findtext("scale", "1"), 1, f"{where} MultiplierFunction")[0]
        if inner is None:
            raise OsimImportError(f"{where}: MultiplierFunction without a function")
        return scale * inner
    if tag in ("SimmSpline", "NaturalCubicSpline", "GCVSpline", "PiecewiseLinearFunction"):
        xs = np.array(floats(f.findtext("x"), None, f"{where} {tag} <x>"))
        ys = np.array(floats(f.findtext("y"), None, f"{where} {tag} <y>"))
        if len(xs) != len(ys) or len(xs) < 2 or np.any(np.diff(xs) <= 0):
            raise OsimImportError(f"{where}: {tag} needs >= 2 increasing knots with values")
        if tag == "PiecewiseLinearFunction":
            return float(np.interp(x, xs, ys))
        return _natural_spline(xs, ys, x)
    raise OsimImportError(f"{where}: function type {tag} is not supported")
