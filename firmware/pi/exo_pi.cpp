// Raspberry Pi (or any Linux host) runner for an exported exo controller.
//
// Reads one sample per line from a CSV file (argument) or stdin:
//   time,thigh_angle_l,thigh_angle_r,thigh_velocity_l,thigh_velocity_r,
//   motor_angle_l,motor_angle_r,motor_velocity_l,motor_velocity_r
// (rad, rad/s; one line per 10 ms control step; a header line and blank lines are
// skipped; "nan" is accepted and gives zero torque) and prints, per sample,
//   time,torque_l,torque_r,safety_cut
// On the exoskeleton, pipe the IMU/encoder reader into this program and the torque
// lines into the motor driver; the pacing comes from the sensor stream.
//
// Build: g++ -std=c++17 -O2 -I<export dir> exo_pi.cpp -o exo_pi   (see Makefile)
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "exocore_controller.hpp"

namespace {

constexpr int kColumns = 9;

// Parses exactly kColumns comma-separated numbers; false on anything else.
bool parse_line(const char* line, double (&values)[kColumns]) {
  const char* p = line;
  for (int k = 0; k < kColumns; ++k) {
    char* end = nullptr;
    errno = 0;
    values[k] = std::strtod(p, &end);
    if (end == p || errno == ERANGE) return false;
    while (*end == ' ' || *end == '\t') ++end;
    if (k + 1 < kColumns) {
      if (*end != ',') return false;
      p = end + 1;
    } else if (*end != '\0' && *end != '\n' && *end != '\r') {
      return false;
    }
  }
  return true;
}

const char* skip_space(const char* p) {
  while (*p == ' ' || *p == '\t') ++p;
  return p;
}

bool is_blank(const char* line) {
  const char* p = skip_space(line);
  return *p == '\0' || *p == '\n' || *p == '\r';
}

bool starts_with_letter(const char* line) {
  const char* p = skip_space(line);
  return (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2 || (argc == 2 && std::strcmp(argv[1], "--help") == 0)) {
    std::fprintf(stderr, "usage: %s [samples.csv]   (reads stdin without a file)\n", argv[0]);
    return 2;
  }
  std::FILE* in = argc == 2 ? std::fopen(argv[1], "r") : stdin;
  if (in == nullptr) {
    std::fprintf(stderr, "exo_pi: cannot open %s: %s\n", argv[1], std::strerror(errno));
    return 1;
  }
  exocore::exported::Controller controller;
  char line[1024];
  long line_number = 0;
  int status = 0;
  std::printf("time,torque_l,torque_r,safety_cut\n");
  while (std::fgets(line, sizeof line, in) != nullptr) {
    ++line_number;
    if (is_blank(line) || (line_number == 1 && starts_with_letter(line))) continue;
    double v[kColumns];
    if (!parse_line(line, v)) {
      std::fprintf(stderr, "exo_pi: line %ld: expected %d comma-separated numbers\n", line_number,
                   kColumns);
      status = 1;
      break;
    }
    const double thigh_angle[2] = {v[1], v[2]};
    const double thigh_velocity[2] = {v[3], v[4]};
    const double motor_angle[2] = {v[5], v[6]};
    const double motor_velocity[2] = {v[7], v[8]};
    const auto tau = controller.step(thigh_angle, thigh_velocity, motor_angle, motor_velocity);
    std::printf("%.9g,%.17g,%.17g,%d\n", v[0], tau[0], tau[1], controller.safety_cut ? 1 : 0);
  }
  if (in != stdin) std::fclose(in);
  return status;
}
