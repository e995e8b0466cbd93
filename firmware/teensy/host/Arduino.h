// Minimal stand-in for the Arduino core, so the Teensy sketch compiles and runs on a
// desktop (tests) and links for a bare Cortex-M7 (size report). Not for a real board:
// there, the Teensyduino core provides <Arduino.h>.
#pragma once

#include <cstdint>

/// Microseconds since start; on the host a fake clock that advances 1 ms per call.
std::uint32_t micros();

struct SerialStub {
  void begin(unsigned long baud);
  void print(const char* text);
  void print(double value, int digits);
  void println(const char* text);
};

extern SerialStub Serial;
