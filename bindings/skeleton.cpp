// Bindings for skeleton.hpp and world.hpp.
#include "exocore/skeleton.hpp"

#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <dart/dynamics/BodyNode.hpp>
#include <dart/dynamics/DegreeOfFreedom.hpp>
#include <dart/dynamics/Skeleton.hpp>

#include "bindings.hpp"
#include "exocore/world.hpp"

namespace exocore::bindings {
namespace {

using dart::dynamics::Skeleton;

Eigen::Matrix4d from_isometry(const Eigen::Isometry3d& t) { return t.matrix(); }

// Read/write a 4x4 homogeneous transform field.
template <typename T>
void def_transform(py::class_<T>& cls, const char* name, Eigen::Isometry3d T::*field,
                   const char* doc) {
  cls.def_property(
      name, [field](const T& self) { return from_isometry(self.*field); },
      [field, name](T& self, const py::object& value) {
        self.*field = checked_transform(value, name);
      },
      doc);
}

}  // namespace

void bind_skeleton(py::module_& m) {
  py::enum_<JointType>(m, "JointType")
      .value("FREE", JointType::Free)
      .value("BALL", JointType::Ball)
      .value("REVOLUTE", JointType::Revolute)
      .value("WELD", JointType::Weld);
  py::enum_<ShapeType>(m, "ShapeType")
      .value("NONE", ShapeType::None)
      .value("BOX", ShapeType::Box)
      .value("SPHERE", ShapeType::Sphere)
      .value("CAPSULE", ShapeType::Capsule);
  m.def("joint_dofs", &joint_dofs, py::arg("joint_type"));

  py::class_<ShapeSpec> shape(m, "ShapeSpec", "Collision/visual shape in the body frame.");
  shape.def(py::init<>())
      .def_readwrite("type", &ShapeSpec::type)
      .def_readwrite("size", &ShapeSpec::size,
                     "Box: edges; Sphere: (radius, -, -); Capsule: (radius, height, -) along z");
  def_transform(shape, "offset", &ShapeSpec::offset, "4x4 pose of the shape in the body frame");

  py::class_<BodySpec> body(m, "BodySpec", "A rigid body and the joint to its parent.");
  body.def(py::init<>())
      .def_readwrite("name", &BodySpec::name)
      .def_readwrite("parent", &BodySpec::parent, "index of the parent body, -1 for the root")
      .def_readwrite("joint_name", &BodySpec::joint_name)
      .def_readwrite("joint", &BodySpec::joint)
      .def_readwrite("axis", &BodySpec::axis, "revolute axis in the joint frame")
      .def_readwrite("mass", &BodySpec::mass, "kg")
      .def_readwrite("com", &BodySpec::com, "centre of mass in the body frame [m]")
      .def_readwrite("inertia", &BodySpec::inertia, "3x3 inertia about the com [kg m^2]")
      .def_readwrite("shape", &BodySpec::shape)
      .def_readwrite("collides", &BodySpec::collides)
      .def_readwrite("lower_limits", &BodySpec::lower_limits, "one per joint dof, or empty")
      .def_readwrite("upper_limits", &BodySpec::upper_limits, "one per joint dof, or empty")
      .def_readwrite("joint_damping", &BodySpec::joint_damping, "N m s / rad per dof");
  def_transform(body, "joint_in_parent", &BodySpec::joint_in_parent,
                "4x4 joint frame in the parent body's frame");
  def_transform(body, "joint_in_child", &BodySpec::joint_in_child,
                "4x4 joint frame in this body's frame");

  py::class_<SkeletonSpec>(m, "SkeletonSpec")
      .def(py::init<>())
      .def_readwrite("name", &SkeletonSpec::name)
      .def_readwrite("bodies", &SkeletonSpec::bodies, "BodySpec list, parents first")
      .def_readwrite("self_collision", &SkeletonSpec::self_collision);
  m.def("validate_skeleton_spec", &validate_skeleton_spec, py::arg("spec"),
        "Raises ValueError naming the body and the problem.");

  py::class_<Skeleton, std::shared_ptr<Skeleton>>(m, "Skeleton", py::module_local(),
                                                  "A DART skeleton built from a SkeletonSpec.")
      .def_property_readonly("name", [](const Skeleton& s) { return s.getName(); })
      .def_property_readonly("num_dofs", [](const Skeleton& s) { return s.getNumDofs(); })
      .def_property_readonly("num_bodies", [](const Skeleton& s) { return s.getNumBodyNodes(); })
      .def_property_readonly("mass", [](const Skeleton& s) { return s.getMass(); })
      .def_property_readonly("body_names",
                             [](const Skeleton& s) {
                               std::vector<std::string> names;
                               for (std::size_t i = 0; i < s.getNumBodyNodes(); ++i)
                                 names.push_back(s.getBodyNode(i)->getName());
                               return names;
                             })
      .def_property_readonly("dof_names",
                             [](const Skeleton& s) {
                               std::vector<std::string> names;
                               for (std::size_t i = 0; i < s.getNumDofs(); ++i)
                                 names.push_back(s.getDof(i)->getName());
                               return names;
                             })
      .def_property(
          "positions", [](const Skeleton& s) { return Eigen::VectorXd(s.getPositions()); },
          [](Skeleton& s, const py::object& q) {
            s.setPositions(
                checked_vector(q, static_cast<py::ssize_t>(s.getNumDofs()), "positions"));
          },
          "generalized positions (DART: exponential map for ball/free rotations)")
      .def_property(
          "velocities", [](const Skeleton& s) { return Eigen::VectorXd(s.getVelocities()); },
          [](Skeleton& s, const py::object& v) {
            s.setVelocities(
                checked_vector(v, static_cast<py::ssize_t>(s.getNumDofs()), "velocities"));
          })
      .def_property(
          "forces", [](const Skeleton& s) { return Eigen::VectorXd(s.getForces()); },
          [](Skeleton& s, const py::object& f) {
            s.setForces(checked_vector(f, static_cast<py::ssize_t>(s.getNumDofs()), "forces"));
          },
          "generalized forces applied at the next world step")
      .def("mass_matrix", [](const Skeleton& s) { return Eigen::MatrixXd(s.getMassMatrix()); })
      .def("coriolis_and_gravity_forces",
           [](const Skeleton& s) { return Eigen::VectorXd(s.getCoriolisAndGravityForces()); })
      .def("integrate_positions", &Skeleton::integratePositions, py::arg("dt"),
           "q <- q (+) dt * velocities, on the joints' manifolds")
      .def("com", [](const Skeleton& s) { return Eigen::Vector3d(s.getCOM()); })
      .def(
          "body_transform",
          [](const Skeleton& s, py::ssize_t index) {
            check_index(index, s.getNumBodyNodes(), "body");
            return Eigen::Matrix4d(
                s.getBodyNode(static_cast<std::size_t>(index))->getWorldTransform().matrix());
          },
          py::arg("body"), "4x4 world pose of a body")
      .def("kinetic_energy", [](const Skeleton& s) { return s.computeKineticEnergy(); });

  m.def("build_skeleton", &build_skeleton, py::arg("spec"),
        "Builds a DART skeleton from a SkeletonSpec (validated first; ValueError if invalid).");

  py::class_<WorldParams>(m, "WorldParams")
      .def(py::init<>())
      .def_readwrite("time_step", &WorldParams::time_step, "s")
      .def_readwrite("gravity", &WorldParams::gravity, "m/s^2, y up")
      .def_readwrite("ground_friction", &WorldParams::ground_friction);

  py::class_<World>(m, "World", "Owns a DART world: skeletons, ground, contacts.")
      .def(py::init<const WorldParams&>(), py::arg("params") = WorldParams{})
      .def("add_skeleton", &World::add_skeleton, py::arg("skeleton"))
      .def("add_ground", &World::add_ground, py::arg("height") = 0.0, py::arg("length") = 200.0,
           py::arg("width") = 20.0,
           "Fixed box, 1 m thick, top face y = height: z in [-10, length - 10] m,\n"
           "x in [-width / 2, width / 2] m.")
      .def(
          "step",
          [](World& w, int steps) {
            if (steps < 0) throw py::value_error("steps must be >= 0");
            py::gil_scoped_release release;
            for (int i = 0; i < steps; ++i) w.step();
          },
          py::arg("steps") = 1)
      .def_property_readonly("time", &World::time)
      .def_property_readonly("time_step", &World::time_step);
}

}  // namespace exocore::bindings
