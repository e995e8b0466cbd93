# Locates the system dependencies of exocore and wraps them in one target,
# exocore_dart. No third-party source lives in this repository.
#
# DART 6.12 comes from Debian:
#   apt-get install libdart-dev libdart-utils-dev libdart-utils-urdf-dev \
#                   libdart-external-ikfast-dev
# (the last one is needed, or dart/dart.hpp fails to compile).

find_package(DART 6.12 QUIET CONFIG)
if(NOT DART_FOUND)
  message(FATAL_ERROR
    "exocore needs DART 6.12 (C++ development files), which was not found.\n"
    "On Debian/Ubuntu install it with:\n"
    "  apt-get install libdart-dev libdart-utils-dev libdart-utils-urdf-dev "
    "libdart-external-ikfast-dev\n"
    "or point CMAKE_PREFIX_PATH at a DART 6.12 installation.")
endif()
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(Threads REQUIRED)

add_library(exocore_dart INTERFACE)
target_link_libraries(exocore_dart INTERFACE dart Eigen3::Eigen Threads::Threads)
