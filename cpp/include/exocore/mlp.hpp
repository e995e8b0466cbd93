// Header-only multilayer-perceptron inference with sizes fixed at compile time.
//
// C++17, no heap, no exceptions, no RTTI, no dependency beyond the standard headers
// <array>, <cmath>, <cstddef>, <tuple>, <type_traits> and <utility>, so the same file
// runs the muscle network inside the simulator and the exo controller on a Teensy.
//
//   using Policy = exocore::mlp::UniformMlp<float, exocore::mlp::Tanh,
//                                           exocore::mlp::Linear, 16, 128, 64, 2>;
//   Policy net;                                  // zero weights
//   bool ok = exocore::mlp::load_parameters(net, flat, Policy::kNumParams);
//   std::array<float, 2> y = exocore::mlp::forward(net, x);
//
// Parameter layout (same as `torch.cat([p.flatten() for p in seq.parameters()])` for
// an nn.Sequential of Linear layers): layer by layer, the weight row-major [out][in],
// then the bias [out].
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace exocore {
namespace mlp {

// ---------------------------------------------------------------------------
// Activations: stateless types with one `apply`; rational slopes keep them usable
// as template arguments in C++17 (no floating-point template parameters).

/// y = x.
struct Linear {
  template <typename T>
  static T apply(T x) noexcept {
    return x;
  }
};

/// y = max(x, 0).
struct Relu {
  template <typename T>
  static T apply(T x) noexcept {
    return x > T(0) ? x : T(0);
  }
};

/// y = x for x > 0, else (Num / Den) x. Default slope 0.01 as torch.nn.LeakyReLU.
template <int Num = 1, int Den = 100>
struct LeakyRelu {
  static_assert(Den != 0, "LeakyRelu slope denominator must not be zero");
  template <typename T>
  static T apply(T x) noexcept {
    return x > T(0) ? x : x * (T(Num) / T(Den));
  }
};

/// y = tanh(x).
struct Tanh {
  template <typename T>
  static T apply(T x) noexcept {
    return std::tanh(x);
  }
};

/// y = x for x > 0, else alpha (exp(x) - 1) with alpha = Num / Den (default 1, as torch).
template <int Num = 1, int Den = 1>
struct Elu {
  static_assert(Den != 0, "Elu alpha denominator must not be zero");
  template <typename T>
  static T apply(T x) noexcept {
    return x > T(0) ? x : (T(Num) / T(Den)) * std::expm1(x);
  }
};

/// y = 1 / (1 + exp(-x)), written so that exp never overflows.
struct Sigmoid {
  template <typename T>
  static T apply(T x) noexcept {
    if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
    const T e = std::exp(x);
    return e / (T(1) + e);
  }
};

// ---------------------------------------------------------------------------
// One fully connected layer: out = act(W in + b), W row-major [Out][In].

template <typename T, std::size_t In, std::size_t Out, typename Activation = Linear>
struct Dense {
  static_assert(std::is_floating_point<T>::value, "Dense needs float or double");
  static_assert(In > 0 && Out > 0, "Dense layer sizes must be positive");
  using value_type = T;
  using activation = Activation;
  static constexpr std::size_t kIn = In;
  static constexpr std::size_t kOut = Out;
  static constexpr std::size_t kNumParams = In * Out + Out;

  std::array<T, In * Out> weight{};  ///< row-major [Out][In]
  std::array<T, Out> bias{};
};

/// Independent partial sums per dot product: without them each multiply-add waits for
/// the previous one (a 4-cycle add latency); with them the compiler can keep the FPU
/// pipeline full and use SIMD lanes, without -ffast-math. The summation order is fixed
/// by this code, so results do not depend on the compiler or the target.
constexpr std::size_t kDotLanes = 8;

/// sum_i row[i] x[i] over N values: lane j sums the indices i = j (mod 8) of the first
/// 8 floor(N / 8) values, the lanes are added pairwise, then the tail in order.
template <typename T, std::size_t N>
T dot(const T* row, const T* x) noexcept {
  constexpr std::size_t kBlocked = N - N % kDotLanes;
  T lane[kDotLanes] = {};
  for (std::size_t i = 0; i < kBlocked; i += kDotLanes) {
    for (std::size_t j = 0; j < kDotLanes; ++j) lane[j] += row[i + j] * x[i + j];
  }
  T sum = ((lane[0] + lane[4]) + (lane[1] + lane[5])) + ((lane[2] + lane[6]) + (lane[3] + lane[7]));
  for (std::size_t i = kBlocked; i < N; ++i) sum += row[i] * x[i];
  return sum;
}

/// output[o] = act(bias[o] + sum_i weight[o][i] input[i]); `input` has In values,
/// `output` room for Out values. The two must not overlap.
template <typename T, std::size_t In, std::size_t Out, typename Activation>
void forward(const Dense<T, In, Out, Activation>& layer, const T* input, T* output) noexcept {
  for (std::size_t o = 0; o < Out; ++o) {
    const T sum = dot<T, In>(layer.weight.data() + o * In, input);
    output[o] = Activation::apply(layer.bias[o] + sum);
  }
}

/// Copies Dense::kNumParams values (weight row-major, then bias) from `params`.
template <typename T, std::size_t In, std::size_t Out, typename Activation>
void load_layer(Dense<T, In, Out, Activation>& layer, const T* params) noexcept {
  for (std::size_t k = 0; k < In * Out; ++k) layer.weight[k] = params[k];
  for (std::size_t k = 0; k < Out; ++k) layer.bias[k] = params[In * Out + k];
}

// ---------------------------------------------------------------------------
// A chain of Dense layers. An aggregate, so a generated header can build it as a
// constexpr object in flash: `constexpr Net kNet{{kLayer0, kLayer1, kLayer2}};`.

namespace detail {

template <typename... Layers>
struct Chain;

template <typename Last>
struct Chain<Last> {
  static constexpr bool kSizesMatch = true;
  static constexpr bool kSameType = true;
  static constexpr std::size_t kHiddenWidth = 0;  // widest output that is not the last
  static constexpr std::size_t kNumParams = Last::kNumParams;
};

template <typename First, typename Next, typename... Rest>
struct Chain<First, Next, Rest...> {
  using Tail = Chain<Next, Rest...>;
  static constexpr bool kSizesMatch = First::kOut == Next::kIn && Tail::kSizesMatch;
  static constexpr bool kSameType =
      std::is_same<typename First::value_type, typename Next::value_type>::value && Tail::kSameType;
  static constexpr std::size_t kHiddenWidth =
      First::kOut > Tail::kHiddenWidth ? First::kOut : Tail::kHiddenWidth;
  static constexpr std::size_t kNumParams = First::kNumParams + Tail::kNumParams;
};

}  // namespace detail

template <typename... Layers>
struct Mlp {
  static_assert(sizeof...(Layers) >= 1, "an Mlp needs at least one layer");
  using Chain = detail::Chain<Layers...>;
  static_assert(Chain::kSizesMatch, "each layer's input size must equal the previous output");
  static_assert(Chain::kSameType, "all layers must use the same scalar type");

  static constexpr std::size_t kNumLayers = sizeof...(Layers);
  using FirstLayer = std::tuple_element_t<0, std::tuple<Layers...>>;
  using LastLayer = std::tuple_element_t<kNumLayers - 1, std::tuple<Layers...>>;
  using value_type = typename FirstLayer::value_type;
  static constexpr std::size_t kIn = FirstLayer::kIn;
  static constexpr std::size_t kOut = LastLayer::kOut;
  static constexpr std::size_t kNumParams = Chain::kNumParams;
  /// Scratch values per evaluation (two ping-pong buffers of the widest hidden layer).
  static constexpr std::size_t kScratch = Chain::kHiddenWidth > 0 ? Chain::kHiddenWidth : 1;

  std::tuple<Layers...> layers;
};

namespace detail {

template <std::size_t I, typename T, typename... Layers>
void forward_from(const Mlp<Layers...>& net, const T* input, T* output, T* scratch_a,
                  T* scratch_b) noexcept {
  const auto& layer = std::get<I>(net.layers);
  if constexpr (I + 1 == sizeof...(Layers)) {
    forward(layer, input, output);
  } else {
    forward(layer, input, scratch_a);
    forward_from<I + 1>(net, static_cast<const T*>(scratch_a), output, scratch_b, scratch_a);
  }
}

template <std::size_t I, typename T, typename... Layers>
void load_from(Mlp<Layers...>& net, const T* params) noexcept {
  auto& layer = std::get<I>(net.layers);
  load_layer(layer, params);
  if constexpr (I + 1 < sizeof...(Layers)) {
    load_from<I + 1>(net, params + std::remove_reference_t<decltype(layer)>::kNumParams);
  }
}

template <typename T, typename Hidden, typename Output, typename Index, std::size_t... Sizes>
struct UniformMlpImpl;

template <typename T, typename Hidden, typename Output, std::size_t... I, std::size_t... Sizes>
struct UniformMlpImpl<T, Hidden, Output, std::index_sequence<I...>, Sizes...> {
  static constexpr std::size_t kSizes[] = {Sizes...};
  static constexpr std::size_t kLast = sizeof...(I) - 1;
  using type =
      Mlp<Dense<T, kSizes[I], kSizes[I + 1], std::conditional_t<I == kLast, Output, Hidden>>...>;
};

}  // namespace detail

/// An Mlp whose hidden layers all use `Hidden` and whose last layer uses `Output`;
/// `Sizes` lists the input width, then each layer's output width.
template <typename T, typename Hidden, typename Output, std::size_t... Sizes>
using UniformMlp =
    typename detail::UniformMlpImpl<T, Hidden, Output,
                                    std::make_index_sequence<sizeof...(Sizes) - 1>, Sizes...>::type;

/// Evaluates the network on Mlp::kIn values at `input`, writes Mlp::kOut values to
/// `output`. Uses 2 * Mlp::kScratch values of stack. `output` may not overlap `input`.
template <typename T, typename... Layers>
void forward(const Mlp<Layers...>& net, const T* input, T* output) noexcept {
  using Net = Mlp<Layers...>;
  static_assert(std::is_same<T, typename Net::value_type>::value, "scalar type mismatch");
  std::array<T, Net::kScratch> a;
  std::array<T, Net::kScratch> b;
  detail::forward_from<0>(net, input, output, a.data(), b.data());
}

/// Array form of forward().
template <typename... Layers>
std::array<typename Mlp<Layers...>::value_type, Mlp<Layers...>::kOut> forward(
    const Mlp<Layers...>& net,
    const std::array<typename Mlp<Layers...>::value_type, Mlp<Layers...>::kIn>& input) noexcept {
  std::array<typename Mlp<Layers...>::value_type, Mlp<Layers...>::kOut> output;
  forward(net, input.data(), output.data());
  return output;
}

/// Evaluates `count` samples stored one after another (row-major [count][kIn] ->
/// [count][kOut]).
template <typename T, typename... Layers>
void forward_batch(const Mlp<Layers...>& net, const T* inputs, T* outputs,
                   std::size_t count) noexcept {
  using Net = Mlp<Layers...>;
  for (std::size_t n = 0; n < count; ++n) {
    forward(net, inputs + n * Net::kIn, outputs + n * Net::kOut);
  }
}

/// Loads all parameters from a flat array in the layout described at the top of this
/// file. Returns false, and leaves `net` unchanged, when `size` != Mlp::kNumParams.
template <typename T, typename... Layers>
bool load_parameters(Mlp<Layers...>& net, const T* params, std::size_t size) noexcept {
  using Net = Mlp<Layers...>;
  static_assert(std::is_same<T, typename Net::value_type>::value, "scalar type mismatch");
  if (params == nullptr || size != Net::kNumParams) return false;
  detail::load_from<0>(net, params);
  return true;
}

}  // namespace mlp
}  // namespace exocore
