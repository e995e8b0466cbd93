#!/usr/bin/env bash
# Builds DART 6.12 (core + DART's own collision detector) and every library the DART core
# needs, from release tarballs, and installs them into one prefix (default /usr/local).
#
# Written for cibuildwheel's `before-all` inside manylinux_2_28 (AlmaLinux 8), where DART
# is not packaged; it runs once per build image, before any wheel is built. auditwheel
# later copies the shared libraries it installs into the wheel.
#
#   tools/build_dart.sh [PREFIX]
#
# What DART 6.12's core requires (cmake/DARTFindDependencies.cmake of that release):
# Eigen 3, libccd, FCL, assimp and Boost (system, filesystem). octomap is optional there
# (it only enables VoxelGridShape, which exocore does not use) and is left out on purpose,
# like every optional component: no GUI, no dartpy, no Bullet/ODE collision, no URDF/SDF
# readers. Eigen, libccd, FCL, assimp and DART are built here; Boost and zlib come from
# the distribution (boost-devel and zlib-devel are in AlmaLinux 8's repositories).
#
# Environment:
#   JOBS                     parallel build jobs (default: nproc)
#   WORK_DIR                 where sources are unpacked and built (default /tmp/exocore-deps)
#   SKIP_SYSTEM_PACKAGES=1   do not call dnf/apt-get (Boost, zlib, a compiler already there)
#   <NAME>_URL, <NAME>_SHA256  override a source (NAME: EIGEN, LIBCCD, FCL, ASSIMP, DART);
#                            a URL may be a local file path. Each download's SHA-256 is
#                            printed, and checked when <NAME>_SHA256 is set.
set -euo pipefail

PREFIX=${1:-/usr/local}
JOBS=${JOBS:-$(nproc)}
WORK_DIR=${WORK_DIR:-/tmp/exocore-deps}

EIGEN_VERSION=3.4.0
LIBCCD_VERSION=2.1
FCL_VERSION=0.7.0
ASSIMP_VERSION=5.2.5
DART_VERSION=6.12.2

EIGEN_URL=${EIGEN_URL:-https://gitlab.com/libeigen/eigen/-/archive/${EIGEN_VERSION}/eigen-${EIGEN_VERSION}.tar.gz}
LIBCCD_URL=${LIBCCD_URL:-https://github.com/danfis/libccd/archive/refs/tags/v${LIBCCD_VERSION}.tar.gz}
FCL_URL=${FCL_URL:-https://github.com/flexible-collision-library/fcl/archive/refs/tags/${FCL_VERSION}.tar.gz}
ASSIMP_URL=${ASSIMP_URL:-https://github.com/assimp/assimp/archive/refs/tags/v${ASSIMP_VERSION}.tar.gz}
DART_URL=${DART_URL:-https://github.com/dartsim/dart/archive/refs/tags/v${DART_VERSION}.tar.gz}

log() { printf '\n=== build_dart: %s\n' "$*"; }

install_system_packages() {
  if [[ "${SKIP_SYSTEM_PACKAGES:-0}" == 1 ]]; then
    log "skipping system packages (SKIP_SYSTEM_PACKAGES=1)"
  elif command -v dnf >/dev/null; then
    log "dnf: boost-devel zlib-devel"
    dnf install -y -q boost-devel zlib-devel
  elif command -v yum >/dev/null; then
    yum install -y -q boost-devel zlib-devel
  elif command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      g++ make cmake libboost-filesystem-dev libboost-system-dev zlib1g-dev pkg-config
  else
    echo "build_dart: no dnf, yum or apt-get; install Boost and zlib headers yourself" >&2
    exit 1
  fi
}

# fetch NAME URL: downloads (or copies) and unpacks into $WORK_DIR/NAME, prints the hash.
fetch() {
  local name=$1 url=$2 archive="$WORK_DIR/$1.tar" expected_var="$1_SHA256"
  rm -rf "${WORK_DIR:?}/$name"
  mkdir -p "$WORK_DIR/$name"
  if [[ -f "$url" ]]; then
    cp "$url" "$archive"
  else
    curl -fsSL --retry 5 --retry-delay 5 -o "$archive" "$url"
  fi
  local actual
  actual=$(sha256sum "$archive" | cut -d' ' -f1)
  echo "$name: $url sha256=$actual"
  if [[ -n "${!expected_var:-}" && "${!expected_var}" != "$actual" ]]; then
    echo "build_dart: $name checksum mismatch: expected ${!expected_var}" >&2
    exit 1
  fi
  tar -xf "$archive" -C "$WORK_DIR/$name" --strip-components=1
}

# cmake_install NAME [cmake args...]: configure, build and install $WORK_DIR/NAME.
cmake_install() {
  local name=$1
  shift
  local generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  log "building $name"
  # CMAKE_POLICY_VERSION_MINIMUM: CMake 4 refuses projects that ask for CMake < 3.5
  # (libccd 2.1 does); manylinux images carry the newest CMake.
  cmake -S "$WORK_DIR/$name" -B "$WORK_DIR/$name/_build" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$PREFIX" \
    -DCMAKE_INSTALL_LIBDIR=lib \
    -DCMAKE_PREFIX_PATH="$PREFIX" \
    -DCMAKE_POLICY_VERSION_MINIMUM=3.5 \
    -DCMAKE_CXX_FLAGS="$CXX_FLAGS" \
    -DBUILD_SHARED_LIBS=ON \
    -DBUILD_TESTING=OFF \
    "$@"
  cmake --build "$WORK_DIR/$name/_build" --parallel "$JOBS"
  cmake --install "$WORK_DIR/$name/_build"
}

install_system_packages
mkdir -p "$WORK_DIR" "$PREFIX"
export PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig:$PREFIX/share/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
# Newer GCCs (manylinux_2_28 has gcc-toolset 14) no longer pull <cstdint> in through other
# standard headers; these releases predate that and use uint8_t & co. without including it.
CXX_FLAGS="-include cstdint"
case "$(uname -m)" in
  x86_64 | aarch64) ;;
  *) echo "build_dart: untested architecture $(uname -m), trying anyway" >&2 ;;
esac

fetch EIGEN "$EIGEN_URL"
cmake_install EIGEN -DEIGEN_BUILD_DOC=OFF -DEIGEN_BUILD_PKGCONFIG=ON

fetch LIBCCD "$LIBCCD_URL"
cmake_install LIBCCD -DENABLE_DOUBLE_PRECISION=ON -DBUILD_DOCUMENTATION=OFF

fetch FCL "$FCL_URL"
# FCL_USE_X64_SSE adds -msse3/-mssse3 (not in the x86_64 baseline, unknown on aarch64).
cmake_install FCL -DFCL_WITH_OCTOMAP=OFF -DFCL_USE_X64_SSE=OFF -DFCL_USE_HOST_NATIVE_ARCH=OFF \
  -DFCL_BUILD_TESTS=OFF

fetch ASSIMP "$ASSIMP_URL"
# DART reads meshes through assimp; exocore's bodies are primitives, so only the common
# mesh formats are kept and nothing is exported.
cmake_install ASSIMP -DASSIMP_BUILD_TESTS=OFF -DASSIMP_BUILD_ASSIMP_TOOLS=OFF \
  -DASSIMP_BUILD_SAMPLES=OFF -DASSIMP_NO_EXPORT=ON -DASSIMP_WARNINGS_AS_ERRORS=OFF \
  -DASSIMP_BUILD_ALL_IMPORTERS_BY_DEFAULT=OFF -DASSIMP_BUILD_OBJ_IMPORTER=ON \
  -DASSIMP_BUILD_STL_IMPORTER=ON -DASSIMP_BUILD_COLLADA_IMPORTER=ON \
  -DASSIMP_BUILD_ZLIB=OFF -DASSIMP_INJECT_DEBUG_POSTFIX=OFF -DASSIMP_INSTALL_PDB=OFF

fetch DART "$DART_URL"
# DART_ENABLE_SIMD would add -march=native: the wheels must run on any CPU of the arch.
# Optional packages are disabled by name so that whatever the image happens to carry
# cannot switch on a component (and a library dependency) we do not ship.
cmake_install DART -DDART_VERBOSE=ON -DDART_ENABLE_SIMD=OFF -DDART_BUILD_DARTPY=OFF \
  -DDART_BUILD_GUI_OSG=OFF -DDART_BUILD_EXTRAS=OFF -DDART_CODECOV=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_octomap=ON -DCMAKE_DISABLE_FIND_PACKAGE_Bullet=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_ODE=ON -DCMAKE_DISABLE_FIND_PACKAGE_NLOPT=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_IPOPT=ON -DCMAKE_DISABLE_FIND_PACKAGE_pagmo=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_OpenSceneGraph=ON -DCMAKE_DISABLE_FIND_PACKAGE_urdfdom=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_tinyxml2=ON -DCMAKE_DISABLE_FIND_PACKAGE_spdlog=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_OpenGL=ON -DCMAKE_DISABLE_FIND_PACKAGE_GLUT=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_flann=ON

# auditwheel resolves libraries through the loader's search path.
if [[ -d /etc/ld.so.conf.d && -w /etc/ld.so.conf.d ]]; then
  echo "$PREFIX/lib" >/etc/ld.so.conf.d/exocore-deps.conf
  ldconfig
fi

test -f "$PREFIX/share/dart/cmake/DARTConfig.cmake" || test -f "$PREFIX/lib/cmake/dart/DARTConfig.cmake" || {
  echo "build_dart: DART installed no DARTConfig.cmake under $PREFIX" >&2
  exit 1
}
log "DART $DART_VERSION and its dependencies are in $PREFIX"
ls -1 "$PREFIX"/lib/lib{dart,fcl,ccd,assimp}*.so* 2>/dev/null || true
