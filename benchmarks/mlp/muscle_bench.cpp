// Times the muscle-coordination network (50 -> 512 -> 256 -> 256 -> 208, ReLU hidden,
// sigmoid output) with mlp.hpp, one sample and a batch, and with mlp_eigen.hpp batched.
// Built and run by benchmarks/bench_mlp.py: `muscle_bench <batch>` prints
// "<name>_ns <value>" lines (per sample for the batched entries).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "exocore/mlp.hpp"
#include "exocore/mlp_eigen.hpp"

namespace {

using MuscleNet = exocore::mlp::UniformMlp<float, exocore::mlp::Relu, exocore::mlp::Sigmoid, 50,
                                           512, 256, 256, 208>;

// Best of 7 repeats of `fn`, each long enough to dominate timer noise, in ns per call.
template <typename Fn>
double best_ns(Fn&& fn, int calls) {
  double best = 1e30;
  for (int repeat = 0; repeat < 7; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    for (int c = 0; c < calls; ++c) fn();
    const std::chrono::duration<double, std::nano> elapsed =
        std::chrono::steady_clock::now() - start;
    best = std::min(best, elapsed.count() / calls);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const int batch = argc > 1 ? std::atoi(argv[1]) : 256;
  static MuscleNet net;  // ~1.1 MB: static, not on the stack
  std::mt19937 rng(1);
  std::normal_distribution<float> normal(0.0f, 0.05f);
  std::vector<float> params(MuscleNet::kNumParams);
  for (float& p : params) p = normal(rng);
  if (!exocore::mlp::load_parameters(net, params.data(), params.size())) return 1;

  std::vector<float> inputs(static_cast<std::size_t>(batch) * MuscleNet::kIn);
  for (float& x : inputs) x = 20.0f * normal(rng);
  std::vector<float> outputs(static_cast<std::size_t>(batch) * MuscleNet::kOut);
  volatile float sink = 0.0f;

  const double single = best_ns(
      [&] {
        exocore::mlp::forward(net, inputs.data(), outputs.data());
        sink = outputs[0];
      },
      200);
  const double scalar_batch = best_ns(
      [&] {
        exocore::mlp::forward_batch(net, inputs.data(), outputs.data(), batch);
        sink = outputs[0];
      },
      3);
  const Eigen::Map<const exocore::mlp::ColumnBatch<float>> in(inputs.data(), MuscleNet::kIn, batch);
  exocore::mlp::ColumnBatch<float> out;
  exocore::mlp::EigenWorkspace<float> workspace;
  const double eigen_batch = best_ns(
      [&] {
        exocore::mlp::forward_batch_eigen(net, in, out, workspace);
        sink = out(0, 0);
      },
      10);
  std::printf("muscle_single_ns %.1f\n", single);
  std::printf("muscle_batch_scalar_per_sample_ns %.1f\n", scalar_batch / batch);
  std::printf("muscle_batch_eigen_per_sample_ns %.1f\n", eigen_batch / batch);
  static_cast<void>(sink);
  return 0;
}
