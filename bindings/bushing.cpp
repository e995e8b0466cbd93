// Bindings for bushing.hpp and body_forces.hpp.
#include "exocore/bushing.hpp"

#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <dart/dynamics/BodyNode.hpp>
#include <dart/dynamics/Skeleton.hpp>

#include "bindings.hpp"
#include "exocore/body_forces.hpp"

namespace exocore::bindings {
namespace {

using dart::dynamics::BodyNode;
using dart::dynamics::Skeleton;

const BodyNode& body_at(const Skeleton& s, py::ssize_t index) {
  check_index(index, s.getNumBodyNodes(), "body");
  return *s.getBodyNode(static_cast<std::size_t>(index));
}

}  // namespace

void bind_bushing(py::module_& m) {
  py::class_<BushingParams>(m, "BushingParams", "Per-axis springs and dampers (paper eq. 5).")
      .def(py::init<>())
      .def_readwrite("stiffness", &BushingParams::stiffness, "k [N/m]")
      .def_readwrite("damping", &BushingParams::damping, "c [N s/m]")
      .def_readwrite("rotational_stiffness", &BushingParams::rotational_stiffness,
                     "alpha [N m/rad]")
      .def_readwrite("rotational_damping", &BushingParams::rotational_damping, "beta [N m s/rad]");

  py::class_<BushingFrames>(m, "BushingFrames", "Frame A on body A, frame B on body B.")
      .def(py::init<>())
      .def(py::init([](const py::object& on_a, const py::object& on_b) {
             return BushingFrames{checked_transform(on_a, "on_a"), checked_transform(on_b, "on_b")};
           }),
           py::arg("on_a"), py::arg("on_b"), "4x4 frames in their bodies' frames")
      .def_property(
          "on_a", [](const BushingFrames& f) { return Eigen::Matrix4d(f.on_a.matrix()); },
          [](BushingFrames& f, const py::object& v) { f.on_a = checked_transform(v, "on_a"); })
      .def_property(
          "on_b", [](const BushingFrames& f) { return Eigen::Matrix4d(f.on_b.matrix()); },
          [](BushingFrames& f, const py::object& v) { f.on_b = checked_transform(v, "on_b"); });

  py::class_<BushingWrench>(m, "BushingWrench")
      .def_readonly("deflection", &BushingWrench::deflection)
      .def_readonly("deflection_rate", &BushingWrench::deflection_rate)
      .def_readonly("angles", &BushingWrench::angles)
      .def_readonly("angle_rates", &BushingWrench::angle_rates)
      .def_readonly("point", &BushingWrench::point)
      .def_readonly("force", &BushingWrench::force, "on body B, world [N]")
      .def_readonly("moment", &BushingWrench::moment, "on body B, world [N m]")
      .def_readonly("potential_energy", &BushingWrench::potential_energy);

  m.def("euler_xyz", &euler_xyz, py::arg("rotation"));
  m.def(
      "evaluate_bushing",
      [](const BushingParams& p, const BushingFrames& f, const Skeleton& skel_a, py::ssize_t body_a,
         const Skeleton& skel_b, py::ssize_t body_b) {
        return evaluate_bushing(p, f, body_at(skel_a, body_a), body_at(skel_b, body_b));
      },
      py::arg("params"), py::arg("frames"), py::arg("skeleton_a"), py::arg("body_a"),
      py::arg("skeleton_b"), py::arg("body_b"));
  m.def(
      "bushing_generalized_forces",
      [](const BushingWrench& w, const Skeleton& skel_a, py::ssize_t body_a, const Skeleton& skel_b,
         py::ssize_t body_b) {
        Eigen::VectorXd gen_a =
            Eigen::VectorXd::Zero(static_cast<Eigen::Index>(skel_a.getNumDofs()));
        Eigen::VectorXd gen_b =
            Eigen::VectorXd::Zero(static_cast<Eigen::Index>(skel_b.getNumDofs()));
        if (&skel_a == &skel_b) {
          add_bushing_generalized_forces(w, body_at(skel_a, body_a), body_at(skel_b, body_b), gen_a,
                                         gen_a);
          return py::make_tuple(gen_a, gen_a);
        }
        add_bushing_generalized_forces(w, body_at(skel_a, body_a), body_at(skel_b, body_b), gen_a,
                                       gen_b);
        return py::make_tuple(gen_a, gen_b);
      },
      py::arg("wrench"), py::arg("skeleton_a"), py::arg("body_a"), py::arg("skeleton_b"),
      py::arg("body_b"),
      "(generalized forces of skeleton A, of skeleton B); one vector twice if A is B");
  m.def(
      "body_wrench_generalized_forces",
      [](const Skeleton& s, py::ssize_t body, const Eigen::Vector3d& point,
         const Eigen::Vector3d& force, const Eigen::Vector3d& moment) {
        Eigen::VectorXd gen = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(s.getNumDofs()));
        add_body_wrench(body_at(s, body), point, force, moment, gen);
        return gen;
      },
      py::arg("skeleton"), py::arg("body"), py::arg("point"), py::arg("force"), py::arg("moment"),
      "J^T of a world force at a world point plus a world moment");
}

}  // namespace exocore::bindings
