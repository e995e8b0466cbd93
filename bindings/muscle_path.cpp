// Bindings for muscle_path.hpp. Every call validates the paths against the
// skeleton first, so a bad body index raises instead of crashing.
#include "exocore/muscle_path.hpp"

#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <dart/dynamics/Skeleton.hpp>

#include "bindings.hpp"

namespace exocore::bindings {
namespace {

using dart::dynamics::Skeleton;

void check_path(const Skeleton& skel, const std::vector<PathPoint>& path) {
  Muscle probe;
  probe.name = "<path>";
  probe.path = path;
  validate_muscle(probe, skel);
}

void check_muscles(const Skeleton& skel, const std::vector<Muscle>& muscles) {
  for (const Muscle& muscle : muscles) validate_muscle(muscle, skel);
}

}  // namespace

void bind_muscle_path(py::module_& m) {
  py::class_<PathPoint>(m, "PathPoint", "A point fixed on a body (index in its skeleton).")
      .def(py::init<>())
      .def(py::init([](std::size_t body, const Eigen::Vector3d& offset) {
             return PathPoint{body, offset};
           }),
           py::arg("body"), py::arg("offset"))
      .def_readwrite("body", &PathPoint::body)
      .def_readwrite("offset", &PathPoint::offset, "in the body frame [m]");

  py::class_<Muscle>(m, "Muscle")
      .def(py::init<>())
      .def(py::init([](std::string name, MuscleParams params, std::vector<PathPoint> path) {
             return Muscle{std::move(name), params, std::move(path)};
           }),
           py::arg("name"), py::arg("params"), py::arg("path"))
      .def_readwrite("name", &Muscle::name)
      .def_readwrite("params", &Muscle::params)
      .def_readwrite("path", &Muscle::path);

  m.def("validate_muscle", &validate_muscle, py::arg("muscle"), py::arg("skeleton"));
  m.def(
      "path_points_world",
      [](const Skeleton& s, const std::vector<PathPoint>& path) {
        check_path(s, path);
        return Eigen::Matrix3Xd(path_points_world(s, path));
      },
      py::arg("skeleton"), py::arg("path"), "3 x k world positions");
  m.def(
      "path_length",
      [](const Skeleton& s, const std::vector<PathPoint>& path) {
        check_path(s, path);
        return path_length(s, path);
      },
      py::arg("skeleton"), py::arg("path"));
  m.def(
      "path_point_jacobian",
      [](const Skeleton& s, const std::vector<PathPoint>& path) {
        check_path(s, path);
        return path_point_jacobian(s, path);
      },
      py::arg("skeleton"), py::arg("path"), "stacked 3k x n_dofs world linear Jacobians (J_M)");
  m.def(
      "path_point_unit_forces",
      [](const Skeleton& s, const std::vector<PathPoint>& path) {
        check_path(s, path);
        return path_point_unit_forces(s, path);
      },
      py::arg("skeleton"), py::arg("path"), "3k forces on the points under unit tension");
  m.def(
      "moment_arms",
      [](const Skeleton& s, const std::vector<PathPoint>& path) {
        check_path(s, path);
        return moment_arms(s, path);
      },
      py::arg("skeleton"), py::arg("path"), "r = -dl/dq (n_dofs)");

  py::class_<MuscleKinematics>(m, "MuscleKinematics")
      .def_readonly("length", &MuscleKinematics::length)
      .def_readonly("velocity", &MuscleKinematics::velocity)
      .def_property_readonly("moment_arm", &moment_arm_matrix,
                             "n_dofs x n_muscles, column j = -dl_j/dq");
  m.def(
      "compute_muscle_kinematics",
      [](const Skeleton& s, const std::vector<Muscle>& muscles) {
        check_muscles(s, muscles);
        MuscleKinematics out;
        compute_muscle_kinematics(s, muscles, out);
        return out;
      },
      py::arg("skeleton"), py::arg("muscles"));

  py::class_<MuscleForces>(m, "MuscleForces")
      .def_readonly("active_per_activation", &MuscleForces::active_per_activation)
      .def_readonly("passive", &MuscleForces::passive)
      .def_readonly("tension", &MuscleForces::tension);
  m.def(
      "compute_muscle_forces",
      [](const std::vector<Muscle>& muscles, const MuscleKinematics& kin,
         const py::object& activations) {
        const auto n = static_cast<py::ssize_t>(muscles.size());
        if (kin.length.size() != n) {
          throw py::value_error("kinematics were computed for " +
                                std::to_string(kin.length.size()) + " muscles, got " +
                                std::to_string(n) + " muscles");
        }
        MuscleForces out;
        compute_muscle_forces(muscles, kin, checked_vector(activations, n, "activations"), out);
        return out;
      },
      py::arg("muscles"), py::arg("kinematics"), py::arg("activations"));
  m.def(
      "muscle_generalized_forces",
      [](const MuscleKinematics& kin, const py::object& tension) {
        return muscle_generalized_forces(kin,
                                         checked_vector(tension, kin.length.size(), "tension"));
      },
      py::arg("kinematics"), py::arg("tension"), "moment_arm @ tension (n_dofs)");
}

}  // namespace exocore::bindings
