"""The source distribution: complete, and a clear message when DART is missing.

`pip install exocore` falls back to the sdist where no wheel fits. That build needs DART
6.12 from the system; without it CMake must stop at once and name the Debian packages,
not fail later with a compiler error about dart/dart.hpp.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DART_PACKAGES = (
    "libdart-dev",
    "libdart-utils-dev",
    "libdart-utils-urdf-dev",
    "libdart-external-ikfast-dev",
)


def _tool(module: str, attribute: str, name: str) -> str | None:
    """A build tool from its PyPI package (as `make test` installs it) or from PATH."""
    try:
        package = __import__(module)
        candidate = Path(getattr(package, attribute)) / name
        if candidate.is_file():
            return str(candidate)
    except ImportError:
        pass
    return shutil.which(name)


@pytest.fixture(scope="module")
def sdist_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist that scikit-build-core makes from this checkout, unpacked."""
    pytest.importorskip("scikit_build_core", reason="needs the build backend (make test has it)")
    out = tmp_path_factory.mktemp("sdist")
    code = "import sys, scikit_build_core.build as b; print(b.build_sdist(sys.argv[1]))"
    result = subprocess.run(
        [sys.executable, "-c", code, str(out)], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    archive = out / result.stdout.strip().splitlines()[-1]
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):  # Python >= 3.12 and the security backports
            tar.extractall(out, filter="data")
        else:
            tar.extractall(out)
    (tree,) = [p for p in out.iterdir() if p.is_dir()]
    return tree


def _configure(source: Path, build: Path, *defines: str) -> subprocess.CompletedProcess[str]:
    cmake = _tool("cmake", "CMAKE_BIN_DIR", "cmake")
    if cmake is None:
        pytest.skip("cmake is not installed")
    cmd = [cmake, "-S", str(source), "-B", str(build), "-DEXOCORE_BUILD_PYTHON=OFF", *defines]
    ninja = _tool("ninja", "BIN_DIR", "ninja")
    if ninja is not None:
        cmd += ["-G", "Ninja", f"-DCMAKE_MAKE_PROGRAM={ninja}"]
    return subprocess.run(cmd, capture_output=True, text=True)


def test_sdist_holds_the_sources_and_no_build_output(sdist_tree: Path) -> None:
    for needed in (
        "pyproject.toml",
        "CMakeLists.txt",
        "extern/exocore_dependencies.cmake",
        "cpp/include/exocore/mlp.hpp",
        "bindings/module.cpp",
        "python/exocore/__init__.py",
        "python/exocore/_core.pyi",
        "python/exocore/py.typed",
    ):
        assert (sdist_tree / needed).is_file(), needed
    assert list((sdist_tree / "cpp" / "src").glob("*.cpp"))
    for unwanted in (".venv", "build", "wheelhouse", "dist"):
        assert not (sdist_tree / unwanted).exists(), unwanted
    assert not list(sdist_tree.rglob("*.so"))


def test_sdist_without_dart_stops_with_the_packages_to_install(
    sdist_tree: Path, tmp_path: Path
) -> None:
    result = _configure(sdist_tree, tmp_path / "build", "-DCMAKE_DISABLE_FIND_PACKAGE_DART=TRUE")
    assert result.returncode != 0
    message = " ".join(result.stderr.split())  # CMake wraps long messages
    assert "exocore needs DART 6.12" in message
    for package in DART_PACKAGES:
        assert package in message
    assert "CMAKE_PREFIX_PATH" in message


def test_sdist_configures_where_dart_is_installed(sdist_tree: Path, tmp_path: Path) -> None:
    """The control for the test above: the same configure, DART allowed, succeeds."""
    result = _configure(sdist_tree, tmp_path / "build")
    if "exocore needs DART 6.12" in result.stderr:
        pytest.skip("DART 6.12 is not installed on this machine")
    assert result.returncode == 0, result.stderr[-3000:]
