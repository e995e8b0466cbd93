// Tests of the header-only MLP (cpp/include/exocore/mlp.hpp) and its Eigen batch path.
// Parity with torch lives in tests/python/test_mlp_parity.py.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

#include "exocore/mlp.hpp"
#include "exocore/mlp_eigen.hpp"

namespace exocore::mlp {
namespace {

TEST(MlpActivation, MatchesClosedForms) {
  EXPECT_DOUBLE_EQ(Linear::apply(-2.5), -2.5);
  EXPECT_DOUBLE_EQ(Relu::apply(-2.5), 0.0);
  EXPECT_DOUBLE_EQ(Relu::apply(1.5), 1.5);
  EXPECT_DOUBLE_EQ(LeakyRelu<>::apply(-2.0), -0.02);
  EXPECT_DOUBLE_EQ((LeakyRelu<1, 5>::apply(-2.0)), -0.4);
  EXPECT_DOUBLE_EQ(LeakyRelu<>::apply(3.0), 3.0);
  EXPECT_DOUBLE_EQ(Tanh::apply(0.3), std::tanh(0.3));
  EXPECT_DOUBLE_EQ(Elu<>::apply(-1.0), std::exp(-1.0) - 1.0);
  EXPECT_DOUBLE_EQ((Elu<1, 2>::apply(-1.0)), 0.5 * (std::exp(-1.0) - 1.0));
  EXPECT_DOUBLE_EQ(Elu<>::apply(0.7), 0.7);
  EXPECT_DOUBLE_EQ(Sigmoid::apply(0.0), 0.5);
  EXPECT_NEAR(Sigmoid::apply(2.0), 1.0 / (1.0 + std::exp(-2.0)), 1e-15);
  EXPECT_NEAR(Sigmoid::apply(-2.0), 1.0 / (1.0 + std::exp(2.0)), 1e-15);
}

TEST(MlpActivation, SigmoidSaturatesWithoutOverflow) {
  EXPECT_EQ(Sigmoid::apply(1000.0f), 1.0f);
  EXPECT_EQ(Sigmoid::apply(-1000.0f), 0.0f);
  EXPECT_FALSE(std::isnan(Sigmoid::apply(-1000.0f)));
}

TEST(MlpDense, HandComputedLayer) {
  Dense<double, 3, 2, Relu> layer;
  layer.weight = {1.0,  2.0, 3.0,   // row 0
                  -1.0, 0.5, 0.0};  // row 1
  layer.bias = {0.5, -4.0};
  const std::array<double, 3> x = {1.0, -1.0, 2.0};
  std::array<double, 2> y{};
  forward(layer, x.data(), y.data());
  EXPECT_DOUBLE_EQ(y[0], 0.5 + 1.0 - 2.0 + 6.0);
  EXPECT_DOUBLE_EQ(y[1], 0.0);  // -4 - 1 - 0.5 < 0, clipped by ReLU
}

using SmallNet = UniformMlp<double, Tanh, Sigmoid, 3, 5, 4, 2>;

TEST(MlpComposition, UniformMlpHasExpectedShape) {
  static_assert(SmallNet::kNumLayers == 3);
  static_assert(SmallNet::kIn == 3 && SmallNet::kOut == 2);
  static_assert(SmallNet::kNumParams == (3 * 5 + 5) + (5 * 4 + 4) + (4 * 2 + 2));
  static_assert(SmallNet::kScratch == 5);
  static_assert(
      std::is_same_v<std::tuple_element_t<0, decltype(SmallNet::layers)>::activation, Tanh>);
  static_assert(
      std::is_same_v<std::tuple_element_t<2, decltype(SmallNet::layers)>::activation, Sigmoid>);
  EXPECT_EQ(sizeof(SmallNet), SmallNet::kNumParams * sizeof(double));  // no hidden members
}

std::vector<double> random_values(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<double> v(n);
  for (double& x : v) x = dist(rng);
  return v;
}

// Independent reference: evaluates the flat parameter layout with vectors.
std::vector<double> reference_forward(const std::vector<double>& params,
                                      const std::vector<std::size_t>& sizes,
                                      std::vector<double> x) {
  std::size_t offset = 0;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
    const std::size_t in = sizes[l], out = sizes[l + 1];
    std::vector<double> y(out);
    for (std::size_t o = 0; o < out; ++o) {
      double s = params[offset + in * out + o];
      for (std::size_t i = 0; i < in; ++i) s += params[offset + o * in + i] * x[i];
      y[o] = l + 2 == sizes.size() ? 1.0 / (1.0 + std::exp(-s)) : std::tanh(s);
    }
    offset += in * out + out;
    x = y;
  }
  return x;
}

TEST(MlpComposition, ForwardMatchesIndependentReference) {
  SmallNet net;
  const std::vector<double> params = random_values(SmallNet::kNumParams, 1);
  ASSERT_TRUE(load_parameters(net, params.data(), params.size()));
  const std::vector<double> x = random_values(3, 2);
  const auto y = forward(net, std::array<double, 3>{x[0], x[1], x[2]});
  const std::vector<double> expected = reference_forward(params, {3, 5, 4, 2}, x);
  for (std::size_t k = 0; k < 2; ++k) EXPECT_NEAR(y[k], expected[k], 1e-14);
}

TEST(MlpComposition, LoadRejectsWrongSizeAndKeepsWeights) {
  SmallNet net;
  const std::vector<double> params = random_values(SmallNet::kNumParams + 1, 3);
  ASSERT_TRUE(load_parameters(net, params.data(), SmallNet::kNumParams));
  const SmallNet before = net;
  EXPECT_FALSE(load_parameters(net, params.data() + 1, SmallNet::kNumParams - 1));
  EXPECT_FALSE(load_parameters(net, params.data() + 1, SmallNet::kNumParams + 1));
  EXPECT_FALSE(load_parameters(net, static_cast<const double*>(nullptr), SmallNet::kNumParams));
  EXPECT_EQ(std::get<0>(net.layers).weight, std::get<0>(before.layers).weight);
  EXPECT_EQ(std::get<2>(net.layers).bias, std::get<2>(before.layers).bias);
}

TEST(MlpComposition, ConstexprNetworkLivesInReadOnlyData) {
  using L0 = Dense<float, 2, 2, Relu>;
  using L1 = Dense<float, 2, 1, Linear>;
  static constexpr L0 kL0{{1.0f, -1.0f, 0.5f, 0.5f}, {0.0f, 1.0f}};
  static constexpr L1 kL1{{2.0f, 3.0f}, {-1.0f}};
  static constexpr Mlp<L0, L1> kNet{{kL0, kL1}};
  static_assert(std::get<1>(kNet.layers).bias[0] == -1.0f);
  const auto y = forward(kNet, std::array<float, 2>{3.0f, 1.0f});
  // hidden = relu([2, 3]) = [2, 3]; out = 2*2 + 3*3 - 1 = 12.
  EXPECT_FLOAT_EQ(y[0], 12.0f);
}

TEST(MlpComposition, BatchEqualsSerialBitForBit) {
  using Net = UniformMlp<float, Elu<>, Linear, 4, 8, 3>;
  Net net;
  const std::vector<double> p = random_values(Net::kNumParams, 4);
  const std::vector<float> params(p.begin(), p.end());
  ASSERT_TRUE(load_parameters(net, params.data(), params.size()));
  const std::vector<double> xd = random_values(4 * 7, 5);
  const std::vector<float> x(xd.begin(), xd.end());
  std::vector<float> batch(3 * 7);
  forward_batch(net, x.data(), batch.data(), 7);
  for (std::size_t n = 0; n < 7; ++n) {
    std::array<float, 3> single{};
    forward(net, x.data() + 4 * n, single.data());
    for (std::size_t k = 0; k < 3; ++k) EXPECT_EQ(batch[3 * n + k], single[k]);
  }
}

template <typename T, typename Hidden, typename Output>
void expect_eigen_matches_scalar(T tolerance) {
  using Net = UniformMlp<T, Hidden, Output, 6, 16, 12, 5>;
  Net net;
  const std::vector<double> p = random_values(Net::kNumParams, 6);
  const std::vector<T> params(p.begin(), p.end());
  ASSERT_TRUE(load_parameters(net, params.data(), params.size()));
  constexpr Eigen::Index kBatch = 9;
  const std::vector<double> xd = random_values(6 * kBatch, 7);
  ColumnBatch<T> inputs(6, kBatch);
  for (Eigen::Index n = 0; n < kBatch; ++n) {
    for (Eigen::Index i = 0; i < 6; ++i) inputs(i, n) = static_cast<T>(3.0 * xd[n * 6 + i]);
  }
  ColumnBatch<T> outputs;
  EigenWorkspace<T> workspace;
  forward_batch_eigen(net, inputs, outputs, workspace);
  ASSERT_EQ(outputs.rows(), 5);
  ASSERT_EQ(outputs.cols(), kBatch);
  for (Eigen::Index n = 0; n < kBatch; ++n) {
    std::array<T, 5> single{};
    forward(net, inputs.col(n).data(), single.data());
    for (Eigen::Index k = 0; k < 5; ++k) EXPECT_NEAR(outputs(k, n), single[k], tolerance);
  }
}

TEST(MlpEigen, MatchesScalarForEveryActivation) {
  expect_eigen_matches_scalar<double, Relu, Linear>(1e-12);
  expect_eigen_matches_scalar<double, LeakyRelu<>, Sigmoid>(1e-12);
  expect_eigen_matches_scalar<double, Tanh, Tanh>(1e-12);
  expect_eigen_matches_scalar<double, Elu<>, Linear>(1e-12);
  expect_eigen_matches_scalar<float, Relu, Sigmoid>(1e-5f);
  expect_eigen_matches_scalar<float, Tanh, Linear>(1e-5f);
}

}  // namespace
}  // namespace exocore::mlp
