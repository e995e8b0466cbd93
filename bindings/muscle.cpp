// Bindings for muscle.hpp: parameters, Thelen curves (vectorised over numpy
// arrays), activation dynamics and force terms.
#include "exocore/muscle.hpp"

#include <pybind11/eigen.h>

#include "bindings.hpp"

namespace exocore::bindings {

void bind_muscle(py::module_& m) {
  py::class_<MuscleParams>(m, "MuscleParams", "Thelen 2003 musculotendon parameters.")
      .def(py::init<>())
      .def_readwrite("max_isometric_force", &MuscleParams::max_isometric_force, "F_max [N]")
      .def_readwrite("optimal_fiber_length", &MuscleParams::optimal_fiber_length, "l_opt [m]")
      .def_readwrite("tendon_slack_length", &MuscleParams::tendon_slack_length, "l_s [m]")
      .def_readwrite("optimal_pennation", &MuscleParams::optimal_pennation, "rad")
      .def_readwrite("max_contraction_velocity", &MuscleParams::max_contraction_velocity,
                     "optimal fibre lengths per second")
      .def_readwrite("passive_shape", &MuscleParams::passive_shape, "k_P")
      .def_readwrite("passive_strain", &MuscleParams::passive_strain, "e0")
      .def_readwrite("active_width", &MuscleParams::active_width, "gamma")
      .def_readwrite("fv_shape", &MuscleParams::fv_shape, "Af")
      .def_readwrite("fv_max_lengthening", &MuscleParams::fv_max_lengthening, "f_len")
      .def_readwrite("activation_time", &MuscleParams::activation_time, "s")
      .def_readwrite("deactivation_time", &MuscleParams::deactivation_time, "s")
      .def_readwrite("min_activation", &MuscleParams::min_activation);

  m.def("active_force_length", py::vectorize(&active_force_length), py::arg("norm_fiber_length"),
        py::arg("active_width") = 0.45);
  m.def("passive_force_length", py::vectorize(&passive_force_length), py::arg("norm_fiber_length"),
        py::arg("passive_shape") = 5.0, py::arg("passive_strain") = 0.6);
  m.def("force_velocity", py::vectorize(&force_velocity), py::arg("norm_fiber_velocity"),
        py::arg("fv_shape") = 0.25, py::arg("fv_max_lengthening") = 1.4,
        "velocity in units of v_max * l_opt, negative = shortening");
  m.def("activation_derivative", &activation_derivative, py::arg("activation"),
        py::arg("excitation"), py::arg("params"));
  m.def("integrate_activation", &integrate_activation, py::arg("activation"), py::arg("excitation"),
        py::arg("dt"), py::arg("params"));

  py::class_<MuscleForceTerms>(m, "MuscleForceTerms")
      .def_readonly("fiber_length", &MuscleForceTerms::fiber_length)
      .def_readonly("fiber_velocity", &MuscleForceTerms::fiber_velocity)
      .def_readonly("pennation", &MuscleForceTerms::pennation)
      .def_readonly("active_per_activation", &MuscleForceTerms::active_per_activation)
      .def_readonly("passive", &MuscleForceTerms::passive)
      .def("tension", &muscle_tension, py::arg("activation"));
  m.def("muscle_force_terms", &muscle_force_terms, py::arg("params"), py::arg("path_length"),
        py::arg("path_velocity"));
}

}  // namespace exocore::bindings
