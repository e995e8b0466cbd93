// Batched evaluation of an exocore::mlp::Mlp with Eigen matrix products, for the
// muscle network inside the simulator (many environments per call). Uses the same
// weights as mlp.hpp (no copy) and gives the same results up to float rounding.
//
// Unlike mlp.hpp this header allocates (the workspace grows to the largest batch seen)
// and needs Eigen 3.3+; it is not meant for the firmware.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <tuple>
#include <type_traits>

#include "exocore/mlp.hpp"

namespace exocore {
namespace mlp {

template <typename T>
using ColumnBatch = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;  ///< one sample per column

/// Reusable buffers for forward_batch_eigen; keep one per thread.
template <typename T>
struct EigenWorkspace {
  ColumnBatch<T> a;
  ColumnBatch<T> b;
};

namespace detail {

template <typename Activation>
struct EigenActivation {
  template <typename Derived>
  static void apply(Eigen::MatrixBase<Derived>& x) {
    using T = typename Derived::Scalar;
    x = x.unaryExpr([](T v) { return Activation::apply(v); });
  }
};

template <>
struct EigenActivation<Linear> {
  template <typename Derived>
  static void apply(Eigen::MatrixBase<Derived>&) {}
};

template <>
struct EigenActivation<Relu> {
  template <typename Derived>
  static void apply(Eigen::MatrixBase<Derived>& x) {
    x = x.cwiseMax(typename Derived::Scalar(0));
  }
};

/// out (Out x N) = act(W in + b).
template <typename T, std::size_t In, std::size_t Out, typename Activation, typename InMat>
void dense_batch(const Dense<T, In, Out, Activation>& layer, const InMat& input,
                 ColumnBatch<T>& output) {
  using RowMajor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const RowMajor> w(layer.weight.data(), Out, In);
  const Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>> b(layer.bias.data(), Out);
  output.resize(static_cast<Eigen::Index>(Out), input.cols());
  output.noalias() = w * input;
  output.colwise() += b;
  EigenActivation<Activation>::apply(output);
}

template <std::size_t I, typename T, typename InMat, typename... Layers>
void forward_batch_from(const Mlp<Layers...>& net, const InMat& input, ColumnBatch<T>& output,
                        ColumnBatch<T>& scratch_a, ColumnBatch<T>& scratch_b) {
  const auto& layer = std::get<I>(net.layers);
  if constexpr (I + 1 == sizeof...(Layers)) {
    dense_batch(layer, input, output);
  } else {
    dense_batch(layer, input, scratch_a);
    forward_batch_from<I + 1>(net, scratch_a, output, scratch_b, scratch_a);
  }
}

}  // namespace detail

/// Evaluates the network on the columns of `inputs` (kIn x N); `outputs` becomes
/// kOut x N. `inputs` must not alias `outputs` or the workspace.
template <typename... Layers, typename InDerived>
void forward_batch_eigen(const Mlp<Layers...>& net, const Eigen::MatrixBase<InDerived>& inputs,
                         ColumnBatch<typename Mlp<Layers...>::value_type>& outputs,
                         EigenWorkspace<typename Mlp<Layers...>::value_type>& workspace) {
  using T = typename Mlp<Layers...>::value_type;
  static_assert(std::is_same<T, typename InDerived::Scalar>::value, "scalar type mismatch");
  detail::forward_batch_from<0>(net, inputs.derived(), outputs, workspace.a, workspace.b);
}

}  // namespace mlp
}  // namespace exocore
