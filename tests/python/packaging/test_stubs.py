"""tools/stubs.py: the stub of exocore._core follows the bindings, and drift is caught."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from exocore import _core

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def stubs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("exocore_stubs_tool", REPO / "tools" / "stubs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fresh(stubs: ModuleType) -> str:
    pytest.importorskip("pybind11_stubgen", reason="the [test] extra installs it")
    return stubs.generate()


def test_stub_declares_every_public_name_of_the_module(fresh: str) -> None:
    public = sorted(name for name in dir(_core) if not name.startswith("_"))
    missing = [n for n in public if f"class {n}" not in fresh and f"def {n}(" not in fresh]
    assert missing == []
    assert "object at 0x" not in fresh  # default values that are objects print as "..."


def test_check_passes_on_a_current_stub_and_fails_on_a_stale_one(
    stubs: ModuleType, fresh: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    stub = tmp_path / "python" / "exocore" / "_core.pyi"
    stub.parent.mkdir(parents=True)
    monkeypatch.setattr(stubs, "REPO", tmp_path)
    monkeypatch.setattr(stubs, "STUB", stub)
    monkeypatch.setattr(stubs, "generate", lambda: fresh)

    stub.write_text(fresh)
    assert stubs.main(["--check"]) == 0

    stub.write_text(fresh.replace("def build_skeleton(", "def build_skeleton_old("))
    assert stubs.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "+def build_skeleton(" in err
    assert "make stubs" in err

    stub.unlink()
    assert stubs.main([]) == 0
    assert stub.read_text() == fresh
