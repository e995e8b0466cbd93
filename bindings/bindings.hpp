// Shared declarations of the thin pybind11 layer: one bind_* per C++ header, plus
// the shape checks every binding uses. No physics lives here.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <string>

namespace dart::dynamics {
class Skeleton;
}

namespace exocore::bindings {

namespace py = pybind11;

void bind_muscle(py::module_& m);
void bind_muscle_path(py::module_& m);
void bind_skeleton(py::module_& m);
void bind_bushing(py::module_& m);
void bind_exo_control(py::module_& m);
void bind_env(py::module_& m);

/// float64 array of exactly `shape` (an empty shape dimension of -1 accepts any
/// size); raises ValueError naming `what`, the expected and the actual shape.
py::array_t<double, py::array::c_style> checked_array(const py::handle& obj,
                                                      std::initializer_list<py::ssize_t> shape,
                                                      const char* what);

/// A float64 vector of length n as an Eigen vector (copied).
Eigen::VectorXd checked_vector(const py::handle& obj, py::ssize_t n, const char* what);

/// A 4x4 homogeneous transform (float64 array) as an Eigen isometry.
Eigen::Isometry3d checked_transform(const py::handle& obj, const char* what);

/// Raises IndexError unless 0 <= index < count.
void check_index(py::ssize_t index, std::size_t count, const char* what);

}  // namespace exocore::bindings
