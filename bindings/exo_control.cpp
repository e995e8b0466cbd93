// Bindings for exo_control.hpp (PD, saturation, low-pass, actuator step).
#include "exocore/exo_control.hpp"

#include "bindings.hpp"

namespace exocore::bindings {

void bind_exo_control(py::module_& m) {
  py::class_<PDGains>(m, "PDGains")
      .def(py::init<>())
      .def(py::init([](double kp, double kv) {
             return PDGains{kp, kv};
           }),
           py::arg("kp"), py::arg("kv"))
      .def_readwrite("kp", &PDGains::kp)
      .def_readwrite("kv", &PDGains::kv);
  m.def("pd_torque", &pd_torque, py::arg("gains"), py::arg("target"), py::arg("angle"),
        py::arg("velocity"));
  m.def("saturate", &saturate, py::arg("value"), py::arg("limit"));

  py::class_<SecondOrderLowPass>(m, "SecondOrderLowPass",
                                 "Exact zero-order-hold discretisation of a 2nd-order low-pass.")
      .def_readonly("phi11", &SecondOrderLowPass::phi11)
      .def_readonly("phi12", &SecondOrderLowPass::phi12)
      .def_readonly("phi21", &SecondOrderLowPass::phi21)
      .def_readonly("phi22", &SecondOrderLowPass::phi22);
  py::class_<LowPassState>(m, "LowPassState")
      .def(py::init<>())
      .def_readwrite("value", &LowPassState::value)
      .def_readwrite("rate", &LowPassState::rate);
  m.def(
      "make_low_pass",
      [](double cutoff_hz, double damping, double dt) {
        if (!(cutoff_hz > 0.0) || !(damping > 0.0) || !(dt > 0.0)) {
          throw py::value_error("cutoff_hz, damping and dt must be positive");
        }
        return make_low_pass(cutoff_hz, damping, dt);
      },
      py::arg("cutoff_hz"), py::arg("damping"), py::arg("dt"));
  m.def("low_pass_step", &low_pass_step, py::arg("filter"), py::arg("state"), py::arg("input"));

  py::class_<ExoActuatorParams>(m, "ExoActuatorParams")
      .def(py::init<>())
      .def_readwrite("gains", &ExoActuatorParams::gains)
      .def_readwrite("max_torque", &ExoActuatorParams::max_torque, "N m")
      .def_readwrite("filter_cutoff_hz", &ExoActuatorParams::filter_cutoff_hz)
      .def_readwrite("filter_damping", &ExoActuatorParams::filter_damping);
  py::class_<ExoActuatorState>(m, "ExoActuatorState")
      .def(py::init<>())
      .def_readwrite("filter", &ExoActuatorState::filter);
  py::class_<ExoActuatorOutput>(m, "ExoActuatorOutput")
      .def_readonly("filtered_target", &ExoActuatorOutput::filtered_target)
      .def_readonly("torque", &ExoActuatorOutput::torque);
  m.def("exo_actuator_step", &exo_actuator_step, py::arg("params"), py::arg("filter"),
        py::arg("state"), py::arg("target"), py::arg("motor_angle"), py::arg("motor_velocity"),
        "filter the target, PD on the motor state, saturate");
}

}  // namespace exocore::bindings
