// Times exocore::exported::Controller::step (generated header) on the host.
// Built and run by benchmarks/bench_mlp.py; prints "controller_step_ns <value>".
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

#include "exocore_controller.hpp"

int main() {
  exocore::exported::Controller controller;
  constexpr int kSteps = 20000;
  std::vector<double> best;
  double checksum = 0.0;
  for (int repeat = 0; repeat < 7; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    for (int k = 0; k < kSteps; ++k) {
      const double phase = 0.0565 * k;  // 0.9 Hz at 100 Hz
      const double a[2] = {0.1 + 0.35 * std::sin(phase), 0.1 - 0.35 * std::sin(phase)};
      const double w[2] = {2.0 * std::cos(phase), -2.0 * std::cos(phase)};
      const auto tau = controller.step(a, w, a, w);
      checksum += tau[0] - tau[1];
    }
    const std::chrono::duration<double, std::nano> elapsed =
        std::chrono::steady_clock::now() - start;
    best.push_back(elapsed.count() / kSteps);
  }
  std::printf("controller_step_ns %.1f\n", *std::min_element(best.begin(), best.end()));
  std::printf("checksum %g\n", checksum);
  return 0;
}
