"""Reading and writing recorded motions: plain CSV, OpenSim .mot/.sto and BVH.

Every loader returns a `Motion` of the default model (generalized coordinates as DART's,
see motion.py) and raises `MotionFileError` -- naming the file, the line and column and
the problem -- for missing or unknown columns, unknown joints, malformed numbers, rows of
the wrong length and time that does not increase.

- CSV: a header row `time[,phase],<columns>`; columns are either the model's dof names
  (generalized coordinates, as `save_csv` writes them) or OpenSim coordinate names
  (mapping.OPENSIM_COORDINATES). Angles are radians unless `in_degrees` (or a first line
  `# in_degrees=yes`).
- .mot / .sto: OpenSim storage files (header ... `endheader`, then a tab-separated table
  with a `time` column); `inDegrees=yes|no` in the header gives the angle unit.
- BVH: see bvh.py.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from .mapping import OPENSIM_COORDINATES, OPENSIM_IGNORED, Target
from .motion import DofLayout, Motion, manifold_velocities
from .rotations import angles_to_expmap, expmap_to_angles
from .trajectory import Kinematic, kinematic_model


class MotionFileError(ValueError):
    """A motion file that cannot be read; the message names the file, where and what."""

    def __init__(
        self, path: str | Path, problem: str, line: int | None = None, column: str | None = None
    ) -> None:
        where = f"line {line}" if line is not None else ""
        if column is not None:
            where += (", " if where else "") + f"column '{column}'"
        super().__init__(f"{path}: {where + ': ' if where else ''}{problem}")
        self.path, self.line, self.column, self.problem = str(path), line, column, problem


def _parse_rows(
    path: Path, lines: list[tuple[int, str]], labels: list[str], delimiter: str | None
) -> np.ndarray:
    data = np.empty((len(lines), len(labels)))
    for r, (number, text) in enumerate(lines):
        fields = text.split(delimiter) if delimiter else text.split()
        if len(fields) != len(labels):
            raise MotionFileError(path, f"{len(fields)} values, expected {len(labels)}", number)
        for c, field in enumerate(fields):
            try:
                data[r, c] = float(field)
            except ValueError:
                raise MotionFileError(
                    path, f"'{field.strip()}' is not a number", number, labels[c]
                ) from None
            if not math.isfinite(data[r, c]):
                raise MotionFileError(path, "value is not finite", number, labels[c])
    return data


def _table_to_motion(
    path: Path,
    labels: list[str],
    data: np.ndarray,
    first_line: int,
    in_degrees: bool,
    mapping: dict[str, Target],
    kin: Kinematic,
    rate: float | None,
) -> Motion:
    labels = [s.strip() for s in labels]
    if "time" not in labels:
        raise MotionFileError(path, "no 'time' column", first_line - 1)
    seen = set()
    for name in labels:
        if name in seen:
            raise MotionFileError(path, "duplicate column", first_line - 1, name)
        seen.add(name)
    time = data[:, labels.index("time")]
    if len(time) < 2:
        raise MotionFileError(path, "need at least two rows of data")
    bad = np.flatnonzero(np.diff(time) <= 0)
    if len(bad):
        i = int(bad[0]) + 1
        raise MotionFileError(
            path, f"time {time[i]:g} does not increase (previous {time[i - 1]:g})",
            first_line + i, "time",
        )  # fmt: skip
    layout = DofLayout.from_names(kin.dof_names)
    rotational = {i for t in layout.rotations for i in t}
    translation = {i for t in layout.translations for i in t}
    q = np.zeros((len(time), len(kin.dof_names)))
    angles = np.zeros_like(q)
    used_angles: set[int] = set()
    phase = np.full(len(time), np.nan)
    for c, name in enumerate(labels):
        values = data[:, c]
        if name == "time":
            continue
        if name == "phase":
            phase = np.mod(values, 1.0)
        elif name in kin.dof_names:
            i = kin.index(name)
            scale = math.pi / 180.0 if in_degrees and i not in translation else 1.0
            q[:, i] = values * scale
        elif name in mapping:
            for dof, sign in mapping[name]:
                i = kin.index(dof)
                if i in translation:
                    offset = kin.pelvis_height if dof.endswith("_y") else 0.0
                    q[:, i] = sign * (values - offset)
                else:
                    angles[:, i] = sign * values * (math.pi / 180.0 if in_degrees else 1.0)
                    used_angles.add(i)
        elif name not in OPENSIM_IGNORED:
            raise MotionFileError(path, "unknown joint/column name", first_line - 1, name)
    for triple in layout.rotations:
        cols = list(triple)
        if used_angles & set(cols):
            q[:, cols] = angles_to_expmap(angles[:, cols])
    for i in used_angles - rotational:
        q[:, i] = angles[:, i]
    vel = manifold_velocities(q, time, layout)
    motion = Motion(time, kin.dof_names, q, vel, phase, np.full(len(time), path.stem),
                    {"source": str(path)})  # fmt: skip
    return motion.resample(rate) if rate else motion


def _read_lines(path: str | Path) -> tuple[Path, list[tuple[int, str]]]:
    path = Path(path)
    try:
        text = path.read_text()
    except OSError as err:
        raise MotionFileError(path, f"cannot read: {err.strerror or err}") from None
    return path, [(n + 1, s) for n, s in enumerate(text.splitlines()) if s.strip()]


def load_csv(
    path: str | Path,
    in_degrees: bool | None = None,
    height: float = 1.70,
    rate: float | None = None,
    mapping: dict[str, Target] = OPENSIM_COORDINATES,
) -> Motion:
    """Reads a CSV motion (see module doc); `rate` resamples it [Hz]."""
    path, lines = _read_lines(path)
    while lines and lines[0][1].lstrip().startswith("#"):
        comment = lines.pop(0)[1].lstrip("# ").replace(" ", "").lower()
        if comment.startswith("in_degrees=") and in_degrees is None:
            in_degrees = comment.split("=", 1)[1] in ("yes", "true", "1")
    if not lines:
        raise MotionFileError(path, "no header row")
    number, header = lines[0]
    labels = header.split(",")
    data = _parse_rows(path, lines[1:], labels, ",")
    kin = kinematic_model(round(height, 4))
    return _table_to_motion(path, labels, data, number + 1, bool(in_degrees), mapping, kin, rate)


def load_mot(
    path: str | Path,
    height: float = 1.70,
    rate: float | None = None,
    mapping: dict[str, Target] = OPENSIM_COORDINATES,
) -> Motion:
    """Reads an OpenSim .mot/.sto file (inverse-kinematics output)."""
    path, lines = _read_lines(path)
    in_degrees, k = None, 0
    for number, text in lines:
        key = text.strip().replace(" ", "")
        if key.lower().startswith("indegrees="):
            value = key.split("=", 1)[1].lower()
            if value not in ("yes", "no"):
                raise MotionFileError(path, f"inDegrees must be yes or no, got '{value}'", number)
            in_degrees = value == "yes"
        if key.lower() == "endheader":
            break
        k += 1
    else:
        raise MotionFileError(path, "no 'endheader' line: not an OpenSim storage file")
    if in_degrees is None:
        raise MotionFileError(path, "header has no inDegrees=yes|no line")
    if k + 1 >= len(lines):
        raise MotionFileError(path, "no column labels after endheader", lines[k][0])
    number, header = lines[k + 1]
    labels = header.split("\t") if "\t" in header else header.split()
    data = _parse_rows(path, lines[k + 2 :], labels, "\t" if "\t" in header else None)
    kin = kinematic_model(round(height, 4))
    return _table_to_motion(path, labels, data, number + 1, in_degrees, mapping, kin, rate)


def save_csv(motion: Motion, path: str | Path, in_degrees: bool = False) -> None:
    """time, phase and every generalized coordinate (rotations in degrees if asked)."""
    layout = motion.layout
    translation = {i for t in layout.translations for i in t}
    q = motion.positions.copy()
    if in_degrees:
        cols = [i for i in range(q.shape[1]) if i not in translation]
        q[:, cols] *= 180.0 / math.pi
    table = np.column_stack([motion.time, motion.phase, q])
    header = ",".join(["time", "phase", *motion.dof_names])
    prefix = "# in_degrees=yes\n" if in_degrees else ""
    body = "\n".join(",".join(repr(float(v)) for v in row) for row in table)
    Path(path).write_text(prefix + header + "\n" + body + "\n")


def save_mot(
    motion: Motion, path: str | Path, mapping: dict[str, Target] = OPENSIM_COORDINATES
) -> None:
    """OpenSim coordinates (degrees) of the dofs that `mapping` covers."""
    kin = kinematic_model(round(float(motion.metadata.get("height_m", "1.7")), 4))
    layout = motion.layout
    angles = motion.positions.copy()
    for triple in layout.rotations:
        cols = list(triple)
        angles[:, cols] = expmap_to_angles(angles[:, cols])
    translation = {i for t in layout.translations for i in t}
    columns, labels = [motion.time], ["time"]
    for name, targets in mapping.items():
        dof, sign = targets[0]
        i = motion.dof_names.index(dof)
        if i in translation:
            offset = kin.pelvis_height if dof.endswith("_y") else 0.0
            columns.append(sign * angles[:, i] + offset)
        else:
            columns.append(sign * angles[:, i] * 180.0 / math.pi)
        labels.append(name)
    rows = np.column_stack(columns)
    head = [
        path.name if isinstance(path, Path) else Path(path).name,
        "version=1",
        f"nRows={len(rows)}",
        f"nColumns={len(labels)}",
        "inDegrees=yes",
        "endheader",
        "\t".join(labels),
    ]
    lines = ["\t".join(f"{v:.10g}" for v in row) for row in rows]
    Path(path).write_text("\n".join(head + lines) + "\n")


def load_motion(path: str | Path, **kwargs: object) -> Motion:
    """Dispatches on the suffix: .csv, .mot/.sto, .bvh."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return load_csv(path, **kwargs)  # type: ignore[arg-type]
    if suffix in (".mot", ".sto"):
        return load_mot(path, **kwargs)  # type: ignore[arg-type]
    if suffix == ".bvh":
        from .bvh import load_bvh

        return load_bvh(path, **kwargs)  # type: ignore[arg-type]
    raise MotionFileError(path, f"unknown motion file type '{suffix}' (.csv, .mot, .sto, .bvh)")
