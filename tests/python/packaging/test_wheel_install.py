"""The repaired wheel works on a machine that has never seen DART (`make wheel-test`).

A minimal Debian 12 root filesystem (debootstrap --variant=minbase, plus python3 and
python3-venv) has no libdart, FCL, assimp, Boost or octomap. The wheel from `make wheel`
goes into a fresh venv there, through chroot, and the commands a new user types first
must work: `exocore --help`, `exocore info`, a short simulation. The root filesystem is
cached as a tarball under build/wheel-test/ (the first run needs the Debian mirror, about
two minutes); the wheel's dependencies (numpy, matplotlib) are downloaded once beside it,
so the install itself runs offline and its time measures pip, not the network.

Needs root (chroot) and debootstrap; deselected unless run with `-m wheel`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.wheel

REPO = Path(__file__).resolve().parents[3]
WHEELHOUSE = REPO / "wheelhouse"
CACHE = REPO / "build" / "wheel-test"
ROOTFS_TAR = CACHE / "bookworm-minbase-python3.tar"
DEPS = CACHE / "deps"
REPORT = CACHE / "report.txt"
MIRROR = os.environ.get("EXOCORE_DEBIAN_MIRROR", "http://deb.debian.org/debian")
CHROOT_PYTHON = (3, 11)  # Debian 12's python3
# Shared libraries a wheel must bring itself: none of them may exist in the clean root.
FOREIGN_LIBS = ("libdart", "libfcl", "libccd", "libassimp", "liboctomap", "libboost")


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(cmd)} exited with {result.returncode}\n"
            f"stdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-3000:]}"
        )
    return result


def _repaired_wheel() -> Path:
    wheels = sorted(WHEELHOUSE.glob("exocore-*manylinux*.whl"))
    if len(wheels) != 1:
        pytest.fail(f"expected one repaired wheel in {WHEELHOUSE}, got {wheels}: run `make wheel`")
    return wheels[0]


def _rootfs_tarball() -> Path:
    """A minbase Debian 12 with python3 + python3-venv, built once and kept as a tarball."""
    if ROOTFS_TAR.is_file():
        return ROOTFS_TAR
    if shutil.which("debootstrap") is None:
        pytest.fail("debootstrap is not installed: `apt-get install debootstrap` (make wheel-test)")
    CACHE.mkdir(parents=True, exist_ok=True)
    staging = CACHE / "rootfs.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    _run(
        [
            "debootstrap",
            "--variant=minbase",
            "--include=python3,python3-venv",
            "bookworm",
            str(staging),
            MIRROR,
        ]
    )
    partial = ROOTFS_TAR.with_suffix(".tar.partial")
    _run(["tar", "--numeric-owner", "-C", str(staging), "-cf", str(partial), "."])
    partial.rename(ROOTFS_TAR)
    shutil.rmtree(staging)
    return ROOTFS_TAR


def _dependency_wheels(wheel: Path) -> Path:
    """The wheel's requirements as wheels for Python 3.11, downloaded once (offline after)."""
    DEPS.mkdir(parents=True, exist_ok=True)
    base = [sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:", "-d", str(DEPS)]
    offline = subprocess.run(
        [*base, "--no-index", "--find-links", str(DEPS), str(wheel)], capture_output=True
    )
    if offline.returncode != 0:
        _run([*base, str(wheel)])
    (DEPS / wheel.name).unlink(missing_ok=True)  # pip download copies the wheel itself too
    return DEPS


def _chroot(root: Path, command: str) -> subprocess.CompletedProcess[str]:
    """Runs ``command`` with /bin/sh inside ``root`` and a clean environment."""
    env = [
        "PATH=/opt/venv/bin:/usr/local/bin:/usr/bin:/bin",
        "HOME=/root",
        "LANG=C.UTF-8",
        "MPLBACKEND=Agg",
        "MPLCONFIGDIR=/tmp/mpl",
    ]
    return _run(["chroot", str(root), "/usr/bin/env", "-i", *env, "/bin/sh", "-c", command])


@pytest.fixture
def clean_root(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.fail("the clean-machine test needs root for chroot (run `make wheel-test` as root)")
    if sys.version_info[:2] != CHROOT_PYTHON:
        pytest.fail(
            f"the wheel is built for this interpreter ({sys.version_info[:2]}), the clean root "
            f"has Python {CHROOT_PYTHON}: build the wheel with Debian 12's python3"
        )
    root = tmp_path / "root"
    root.mkdir()
    _run(["tar", "--numeric-owner", "-C", str(root), "-xf", str(_rootfs_tarball())])
    yield root
    shutil.rmtree(root, ignore_errors=True)  # ~300 MB; no mounts were made, plain removal


def test_wheel_installs_and_runs_on_a_machine_without_dart(clean_root: Path) -> None:
    root = clean_root
    wheel = _repaired_wheel()
    deps = _dependency_wheels(wheel)

    present = sorted(
        p.name for p in root.rglob("*.so*") if p.name.startswith(FOREIGN_LIBS) and p.is_file()
    )
    assert present == [], f"the clean root is not clean: {present}"

    incoming = root / "tmp" / "wheels"
    shutil.copytree(deps, incoming)
    shutil.copy2(wheel, incoming)

    start = time.perf_counter()
    _chroot(root, "python3 -m venv /opt/venv")
    venv_s = time.perf_counter() - start
    start = time.perf_counter()
    _chroot(root, f"pip install -q --no-index --find-links /tmp/wheels /tmp/wheels/{wheel.name}")
    install_s = time.perf_counter() - start

    helped = _chroot(root, "exocore --help").stdout
    for command in ("info", "demo", "export"):
        assert command in helped

    info = _chroot(root, "cd / && exocore info").stdout
    assert "exocore 0.1.0" in info
    site = "/opt/venv/lib/python3.11/site-packages/exocore"
    assert f"core module: {site}/_core." in info
    assert "python 3.11" in info
    assert _chroot(root, "cd / && python -m exocore info").stdout == info

    # Every library the module needs resolves, and DART comes from inside the wheel.
    core = next((root / site.lstrip("/")).glob("_core.*.so"))
    linked = _chroot(root, f"ldd {site}/{core.name}").stdout
    assert "not found" not in linked, linked
    resolved = {
        line.split()[0]: os.path.normpath(line.split("=>")[1].split("(")[0].strip())
        for line in linked.splitlines()
        if "=>" in line
    }
    dart = {name: path for name, path in resolved.items() if name.startswith("libdart")}
    assert dart, linked
    for path in dart.values():
        assert path.startswith(f"{site}.libs/"), linked

    _chroot(root, "cd / && exocore demo --duration 0.5 --out /tmp/x")
    rows = (root / "tmp" / "x" / "demo.csv").read_text().splitlines()
    assert rows[0].startswith("time_s,target_rad,hip_rad,exo_torque_nm")
    assert len(rows) == 1 + 300  # 0.5 s at 600 Hz
    assert (root / "tmp" / "x" / "demo.png").stat().st_size > 10_000

    # The package carries what the source tree would otherwise provide.
    found = _chroot(
        root,
        "cd / && python -c 'from exocore.export_header import library_header as h; "
        'print(h("mlp.hpp"))\'',
    ).stdout.strip()
    assert found == f"{site}/include/exocore/mlp.hpp"
    for name in ("py.typed", "_core.pyi"):
        assert (root / site.lstrip("/") / name).is_file(), name

    size_mb = wheel.stat().st_size / 1e6
    report = (
        f"wheel {wheel.name}: {size_mb:.1f} MB\n"
        f"clean Debian 12 root, Python 3.11: venv {venv_s:.1f} s, "
        f"pip install (offline, with numpy + matplotlib) {install_s:.1f} s\n"
    )
    REPORT.write_text(report)
    print("\n" + report, end="")
