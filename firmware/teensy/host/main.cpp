// Drives the sketch's setup() and loop() without a Teensy core: on the host it runs
// EXO_HOST_LOOPS iterations and prints to stdout; built for arm-none-eabi it only
// exists to link a complete program for the flash/RAM size report.
#include <cstdint>

#include "Arduino.h"

#ifndef EXO_HOST_LOOPS
#define EXO_HOST_LOOPS 3000
#endif

void setup();
void loop();

#if defined(__arm__)
namespace {
volatile std::uint32_t fake_clock = 0;
volatile char sink = 0;
}  // namespace

std::uint32_t micros() { return fake_clock += 1000; }
void SerialStub::begin(unsigned long) {}
void SerialStub::print(const char* text) {
  while (*text) sink = *text++;
}
void SerialStub::print(double value, int) { sink = static_cast<char>(value); }
void SerialStub::println(const char* text) { print(text); }

int main() {
  setup();
  for (;;) loop();
}
#else
#include <cstdio>

namespace {
std::uint32_t fake_clock = 0;
}  // namespace

std::uint32_t micros() { return fake_clock += 1000; }
void SerialStub::begin(unsigned long) {}
void SerialStub::print(const char* text) { std::fputs(text, stdout); }
void SerialStub::print(double value, int digits) { std::printf("%.*f", digits, value); }
void SerialStub::println(const char* text) { std::printf("%s\n", text); }

int main() {
  setup();
  for (int i = 0; i < EXO_HOST_LOOPS; ++i) loop();
  return 0;
}
#endif

SerialStub Serial;
