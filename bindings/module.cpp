#include <sstream>

#include "bindings.hpp"

namespace exocore::bindings {

namespace {
std::string shape_string(const py::buffer_info& info) {
  std::ostringstream out;
  out << "(";
  for (std::size_t i = 0; i < info.shape.size(); ++i) {
    out << info.shape[i]
        << (info.shape.size() == 1 ? "," : (i + 1 < info.shape.size() ? ", " : ""));
  }
  out << ")";
  return out.str();
}

std::string shape_string(std::initializer_list<py::ssize_t> shape) {
  std::ostringstream out;
  out << "(";
  std::size_t i = 0;
  for (py::ssize_t s : shape) {
    if (s < 0) {
      out << "any";
    } else {
      out << s;
    }
    out << (shape.size() == 1 ? "," : (++i < shape.size() ? ", " : ""));
  }
  out << ")";
  return out.str();
}
}  // namespace

py::array_t<double, py::array::c_style> checked_array(const py::handle& obj,
                                                      std::initializer_list<py::ssize_t> shape,
                                                      const char* what) {
  if (!py::isinstance<py::array>(obj) && !py::isinstance<py::sequence>(obj) &&
      !py::isinstance<py::float_>(obj) && !py::isinstance<py::int_>(obj)) {
    throw py::type_error(std::string(what) + ": expected an array of float64 with shape " +
                         shape_string(shape) + ", got " +
                         py::str(py::type::of(obj)).cast<std::string>());
  }
  auto arr = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!arr) {
    throw py::type_error(std::string(what) + ": cannot convert to a float64 array");
  }
  const py::buffer_info info = arr.request();
  bool ok = static_cast<std::size_t>(info.ndim) == shape.size();
  std::size_t i = 0;
  for (py::ssize_t s : shape) {
    if (ok && s >= 0 && info.shape[i] != s) ok = false;
    ++i;
  }
  if (!ok) {
    throw py::value_error(std::string(what) + ": expected shape " + shape_string(shape) + ", got " +
                          shape_string(info));
  }
  return arr;
}

Eigen::VectorXd checked_vector(const py::handle& obj, py::ssize_t n, const char* what) {
  auto arr = checked_array(obj, {n}, what);
  return Eigen::Map<const Eigen::VectorXd>(arr.data(), arr.shape(0));
}

Eigen::Isometry3d checked_transform(const py::handle& obj, const char* what) {
  auto arr = checked_array(obj, {4, 4}, what);
  Eigen::Isometry3d t;
  t.matrix() = Eigen::Map<const Eigen::Matrix<double, 4, 4, Eigen::RowMajor>>(arr.data());
  return t;
}

void check_index(py::ssize_t index, std::size_t count, const char* what) {
  if (index < 0 || static_cast<std::size_t>(index) >= count) {
    throw py::index_error(std::string(what) + " " + std::to_string(index) + " out of range [0, " +
                          std::to_string(count) + ")");
  }
}

}  // namespace exocore::bindings

PYBIND11_MODULE(_core, m) {
  m.doc() = "exocore C++ core: Hill muscles, polyline paths, bushings, exo control, DART skeletons";
  using namespace exocore::bindings;
  bind_skeleton(m);
  bind_muscle(m);
  bind_muscle_path(m);
  bind_bushing(m);
  bind_exo_control(m);
  bind_env(m);
}
