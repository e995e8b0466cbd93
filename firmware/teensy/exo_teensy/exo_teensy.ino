// Teensy 4.x sketch running an exported exo controller at 100 Hz.
//
// 1. exocore export checkpoint.pt --format header -o firmware/teensy/exo_teensy
//    (puts exocore_controller.hpp next to this sketch; it is self-contained)
// 2. Replace read_sensors() and command_torques() with your IMU and motor drivers and
//    define EXO_HAVE_HARDWARE; without it the sketch feeds a synthetic gait and prints
//    the torques on the USB serial port, which is enough to check timing on a board.
//
// No heap, no exceptions: the weights are constexpr and stay in flash.
#include <Arduino.h>

#include <array>
#include <cmath>
#include <cstdint>

#include "exocore_controller.hpp"

namespace {

constexpr std::uint32_t kPeriodUs = 10000;  // 100 Hz; must match kControlDt
static_assert(exocore::exported::kControlDt == 0.01, "this sketch runs the controller at 100 Hz");

exocore::exported::Controller controller;
std::uint32_t next_step_us = 0;
std::uint32_t steps = 0;

struct Sensors {
  double thigh_angle[2];     // rad, thigh IMU pitch, flexion positive
  double thigh_velocity[2];  // rad/s
  double motor_angle[2];     // rad, hip joint encoder
  double motor_velocity[2];  // rad/s
};

#ifndef EXO_HAVE_HARDWARE
// Synthetic walking at 0.9 Hz, the legs half a cycle apart.
Sensors read_sensors(std::uint32_t step) {
  constexpr double kTwoPi = 6.283185307179586;
  const double t = 0.01 * static_cast<double>(step);
  Sensors s{};
  for (int side = 0; side < 2; ++side) {
    const double phase = kTwoPi * 0.9 * t + (side == 0 ? 0.0 : 3.141592653589793);
    s.thigh_angle[side] = 0.1 + 0.35 * std::sin(phase);
    s.thigh_velocity[side] = 0.35 * kTwoPi * 0.9 * std::cos(phase);
    s.motor_angle[side] = s.thigh_angle[side] - 0.05;
    s.motor_velocity[side] = s.thigh_velocity[side];
  }
  return s;
}

void command_torques(const std::array<double, 2>& torque) {
  if (steps % 10 != 0) return;  // print at 10 Hz
  Serial.print(torque[0], 4);
  Serial.print(",");
  Serial.print(torque[1], 4);
  Serial.println(controller.safety_cut ? ",cut" : "");
}
#else
Sensors read_sensors(std::uint32_t step);                   // your IMU + encoder driver
void command_torques(const std::array<double, 2>& torque);  // your motor driver
#endif

}  // namespace

void setup() {
  Serial.begin(115200);
  next_step_us = micros();
}

void loop() {
  const std::uint32_t now = micros();
  if (static_cast<std::int32_t>(now - next_step_us) < 0) return;
  next_step_us += kPeriodUs;
  const Sensors s = read_sensors(steps);
  const std::array<double, 2> torque =
      controller.step(s.thigh_angle, s.thigh_velocity, s.motor_angle, s.motor_velocity);
  command_torques(torque);
  ++steps;
}
