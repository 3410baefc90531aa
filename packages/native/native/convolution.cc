// Convolutions (forward, backward data, backward weights) on oneDNN directly over TF.js' NHWC data
// and HWIO filters, and matrix products through oneDNN's sgemm.
#include <dnnl.hpp>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include "common.h"

namespace lowres {
namespace {

using dnnl::algorithm;
using dnnl::memory;
using tag = dnnl::memory::format_tag;

dnnl::engine& cpu_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& cpu_stream() {
  static dnnl::stream stream(cpu_engine());
  return stream;
}

// Arithmetic of the convolutions. bf16: activations, filters and output gradients are rounded to
// bfloat16 on the way in and products accumulate in float32 (oneDNN's bf16 kernels, AMX where the
// CPU has it); outputs, input gradients and filter gradients stay float32, as do the caller's arrays.
enum class Precision : int64_t { f32 = 0, bf16 = 1 };

Precision& precision() {
  static Precision current = Precision::f32;
  return current;
}

// Geometry of one convolution: batch, input, output and filter sizes, strides, dilations (TF's,
// 1 = dense), explicit paddings, groups, activation code and its alpha, and whether a bias is fused.
struct Geometry {
  int64_t n, ih, iw, ic, oh, ow, oc, fh, fw, sh, sw, dh, dw, pt, pl, pb, pr, groups, activation;
  float alpha;
  bool bias;

  static Geometry from(const Napi::CallbackInfo& info, size_t index) {
    std::vector<int64_t> p = integers(info, index);
    Geometry g{};
    int64_t* fields[] = {&g.n, &g.ih, &g.iw, &g.ic, &g.oh, &g.ow, &g.oc, &g.fh, &g.fw, &g.sh,
                         &g.sw, &g.dh, &g.dw, &g.pt, &g.pl, &g.pb, &g.pr, &g.groups, &g.activation};
    for (size_t i = 0; i < 19; i++) *fields[i] = p.at(i);
    g.alpha = static_cast<float>(info[index].As<Napi::Array>().Get(19u).As<Napi::Number>().DoubleValue());
    g.bias = p.at(20) != 0;
    return g;
  }

  std::vector<int64_t> key(int64_t kind) const {
    return {kind, n, ih, iw, ic, oh, ow, oc, fh, fw, sh, sw, dh, dw, pt, pl, pb, pr, groups, activation,
            static_cast<int64_t>(alpha * 1e6), bias ? 1 : 0, static_cast<int64_t>(precision())};
  }

  // The type products are computed from: bf16 in bf16 mode, else f32.
  static memory::data_type compute_type() {
    return precision() == Precision::bf16 ? memory::data_type::bf16 : memory::data_type::f32;
  }

  memory::desc source() const { return {{n, ic, ih, iw}, memory::data_type::f32, tag::nhwc}; }
  memory::desc destination() const { return {{n, oc, oh, ow}, memory::data_type::f32, tag::nhwc}; }
  memory::dims weight_dims() const {
    if (groups == 1) return {oc, ic, fh, fw};
    return {groups, oc / groups, ic / groups, fh, fw};
  }
  // TF.js' HWIO layout, as the caller's arrays hold the filter.
  memory::desc weights() const { return {weight_dims(), memory::data_type::f32, groups == 1 ? tag::hwio : tag::hwigo}; }
  // Any layout: oneDNN picks its fastest (blocked) one; the filter is reordered, activations never are.
  memory::desc any_weights() const { return {weight_dims(), memory::data_type::f32, tag::any}; }
  // What the primitive reads: the caller's NHWC data, converted to bf16 in bf16 mode.
  memory::desc compute_source() const { return {{n, ic, ih, iw}, compute_type(), tag::nhwc}; }
  memory::desc compute_destination() const { return {{n, oc, oh, ow}, compute_type(), tag::nhwc}; }
  memory::desc compute_weights() const { return {weight_dims(), compute_type(), tag::any}; }
  memory::desc bias_desc() const { return {{oc}, memory::data_type::f32, tag::x}; }
  memory::dims strides() const { return {sh, sw}; }
  memory::dims dilations() const { return {dh - 1, dw - 1}; }
  memory::dims padding_left() const { return {pt, pl}; }
  memory::dims padding_right() const { return {pb, pr}; }
};

dnnl::primitive_attr activation_attr(const Geometry& g) {
  dnnl::primitive_attr attr;
  if (g.activation == 0) return attr;
  dnnl::post_ops ops;
  switch (g.activation) {
    case 1: ops.append_eltwise(1.f, algorithm::eltwise_relu, 0.f, 0.f); break;
    case 2: ops.append_eltwise(1.f, algorithm::eltwise_clip, 0.f, 6.f); break;
    case 3: ops.append_eltwise(1.f, algorithm::eltwise_relu, g.alpha, 0.f); break;
    case 4: ops.append_eltwise(1.f, algorithm::eltwise_logistic, 0.f, 0.f); break;
    case 5: ops.append_eltwise(1.f, algorithm::eltwise_elu, 1.f, 0.f); break;
    default: throw std::runtime_error("unknown activation code");
  }
  attr.set_post_ops(ops);
  return attr;
}

dnnl::convolution_forward::primitive_desc forward_desc(const Geometry& g) {
  auto desc = g.bias ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, algorithm::convolution_direct,
                                                       g.compute_source(), g.compute_weights(), g.bias_desc(),
                                                       g.destination(), g.strides(), g.dilations(), g.padding_left(),
                                                       g.padding_right())
                     : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, algorithm::convolution_direct,
                                                       g.compute_source(), g.compute_weights(), g.destination(),
                                                       g.strides(), g.dilations(), g.padding_left(), g.padding_right());
  return {desc, activation_attr(g), cpu_engine()};
}

// A primitive with the staging of its filter when oneDNN chose a layout other than HWIO.
struct Cached {
  dnnl::primitive primitive;
  std::string implementation;
  memory::desc chosen;
  bool reordered = false;
  dnnl::reorder reorder;
  std::vector<float> staging;

  Cached(dnnl::primitive p, std::string impl, const memory::desc& chosen_weights, const memory::desc& user, bool to_user)
      : primitive(std::move(p)), implementation(std::move(impl)), chosen(chosen_weights) {
    reordered = chosen_weights != user;
    if (!reordered) return;
    staging.resize((chosen_weights.get_size() + sizeof(float) - 1) / sizeof(float));
    memory staged(chosen_weights, cpu_engine(), staging.data());
    memory plain(user, cpu_engine(), nullptr);
    reorder = to_user ? dnnl::reorder(staged, plain) : dnnl::reorder(plain, staged);
  }

  // The filter as the primitive wants it, reordered from the caller's HWIO data when needed.
  memory weights_in(const memory::desc& user, float* data) {
    memory plain(user, cpu_engine(), data);
    if (!reordered) return plain;
    memory staged(chosen, cpu_engine(), staging.data());
    reorder.execute(cpu_stream(), plain, staged);
    return staged;
  }

  // Where the primitive writes a filter gradient; flush_weights() moves it to the caller's array.
  memory weights_out(const memory::desc& user, float* data) {
    return reordered ? memory(chosen, cpu_engine(), staging.data()) : memory(user, cpu_engine(), data);
  }

  void flush_weights(const memory::desc& user, float* data) {
    if (!reordered) return;
    memory staged(chosen, cpu_engine(), staging.data());
    memory plain(user, cpu_engine(), data);
    reorder.execute(cpu_stream(), staged, plain);
  }
};

std::map<std::vector<int64_t>, Cached>& cache() {
  static std::map<std::vector<int64_t>, Cached> primitives;
  return primitives;
}

template <typename Make>
Cached& cached(const std::vector<int64_t>& key, Make make) {
  auto found = cache().find(key);
  if (found != cache().end()) return found->second;
  return cache().emplace(key, make()).first->second;
}

// Runs `body`, turning oneDNN errors into JS exceptions (the caller falls back to the cpu kernel).
template <typename Body>
Napi::Value guarded(const Napi::CallbackInfo& info, Body body) {
  try {
    body();
  } catch (const dnnl::error& error) {
    Napi::Error::New(info.Env(), std::string("oneDNN: ") + error.what()).ThrowAsJavaScriptException();
  } catch (const std::exception& error) {
    Napi::Error::New(info.Env(), error.what()).ThrowAsJavaScriptException();
  }
  return info.Env().Undefined();
}

memory wrap(const memory::desc& desc, float* data) { return memory(desc, cpu_engine(), data); }

// The caller's float32 activations as the primitive reads them: the same memory in f32 mode, else a
// bf16 copy in a scratch buffer (one per `slot`, grown as needed and reused across calls).
memory as_compute(const memory::desc& user, const memory::desc& compute, float* data, size_t slot) {
  memory plain = wrap(user, data);
  if (compute == user) return plain;
  static std::vector<uint16_t> scratch[2];
  std::vector<uint16_t>& buffer = scratch[slot];
  const size_t halves = (compute.get_size() + 1) / 2;
  if (buffer.size() < halves) buffer.resize(halves);
  memory converted(compute, cpu_engine(), buffer.data());
  dnnl::reorder(plain, converted).execute(cpu_stream(), plain, converted);
  return converted;
}

// conv2dForward(x, filter, bias | null, out, geometry)
Napi::Value Conv2dForward(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    Geometry g = Geometry::from(info, 4);
    Cached& c = cached(g.key(0), [&] {
      auto pd = forward_desc(g);
      return Cached(dnnl::convolution_forward(pd), pd.impl_info_str(), pd.weights_desc(), g.weights(), false);
    });
    std::unordered_map<int, memory> args{{DNNL_ARG_SRC, as_compute(g.source(), g.compute_source(), floats(info, 0), 0)},
                                         {DNNL_ARG_WEIGHTS, c.weights_in(g.weights(), floats(info, 1))},
                                         {DNNL_ARG_DST, wrap(g.destination(), floats(info, 3))}};
    if (g.bias) args.emplace(DNNL_ARG_BIAS, wrap(g.bias_desc(), floats(info, 2)));
    c.primitive.execute(cpu_stream(), args);
    cpu_stream().wait();
  });
}

// conv2dBackwardData(dy, filter, dx, geometry)
Napi::Value Conv2dBackwardData(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    Geometry g = Geometry::from(info, 3);
    g.bias = false;
    g.activation = 0;
    Cached& c = cached(g.key(1), [&] {
      auto hint = forward_desc(g);
      dnnl::convolution_backward_data::desc desc(algorithm::convolution_direct, g.source(), g.compute_weights(),
                                                 g.compute_destination(), g.strides(), g.dilations(),
                                                 g.padding_left(), g.padding_right());
      dnnl::convolution_backward_data::primitive_desc pd(desc, cpu_engine(), hint);
      return Cached(dnnl::convolution_backward_data(pd), pd.impl_info_str(), pd.weights_desc(), g.weights(), false);
    });
    c.primitive.execute(cpu_stream(), {{DNNL_ARG_DIFF_DST, as_compute(g.destination(), g.compute_destination(), floats(info, 0), 0)},
                                       {DNNL_ARG_WEIGHTS, c.weights_in(g.weights(), floats(info, 1))},
                                       {DNNL_ARG_DIFF_SRC, wrap(g.source(), floats(info, 2))}});
    cpu_stream().wait();
  });
}

// conv2dBackwardWeights(x, dy, dw, geometry)
Napi::Value Conv2dBackwardWeights(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    Geometry g = Geometry::from(info, 3);
    g.bias = false;
    g.activation = 0;
    Cached& c = cached(g.key(2), [&] {
      auto hint = forward_desc(g);
      // Filter gradients accumulate and leave in float32 in either mode.
      dnnl::convolution_backward_weights::desc desc(algorithm::convolution_direct, g.compute_source(),
                                                    g.any_weights(), g.compute_destination(), g.strides(),
                                                    g.dilations(), g.padding_left(), g.padding_right());
      dnnl::convolution_backward_weights::primitive_desc pd(desc, cpu_engine(), hint);
      return Cached(dnnl::convolution_backward_weights(pd), pd.impl_info_str(), pd.diff_weights_desc(), g.weights(),
                    true);
    });
    c.primitive.execute(cpu_stream(), {{DNNL_ARG_SRC, as_compute(g.source(), g.compute_source(), floats(info, 0), 0)},
                                       {DNNL_ARG_DIFF_DST, as_compute(g.destination(), g.compute_destination(), floats(info, 1), 1)},
                                       {DNNL_ARG_DIFF_WEIGHTS, c.weights_out(g.weights(), floats(info, 2))}});
    c.flush_weights(g.weights(), floats(info, 2));
    cpu_stream().wait();
  });
}

// setConvolutionPrecision('f32' | 'bf16'): bf16 needs a CPU with bf16 instructions (AVX512-BF16 or
// AMX); oneDNN would emulate it elsewhere, slower than f32.
Napi::Value SetConvolutionPrecision(const Napi::CallbackInfo& info) {
  const std::string name = info[0].As<Napi::String>().Utf8Value();
  if (name == "f32") {
    precision() = Precision::f32;
  } else if (name == "bf16") {
    const dnnl_cpu_isa_t isa = dnnl_get_effective_cpu_isa();
    if (isa != dnnl_cpu_isa_avx512_core_bf16 && isa != dnnl_cpu_isa_avx512_core_amx) {
      Napi::Error::New(info.Env(), "bf16 convolutions need a CPU with AVX512-BF16 or AMX instructions; oneDNN reports a CPU without them")
          .ThrowAsJavaScriptException();
      return info.Env().Undefined();
    }
    precision() = Precision::bf16;
  } else {
    Napi::TypeError::New(info.Env(), "precision must be 'f32' or 'bf16'").ThrowAsJavaScriptException();
  }
  return info.Env().Undefined();
}

// The oneDNN implementation chosen for each cached primitive (to spot reference fallbacks).
Napi::Value Implementations(const Napi::CallbackInfo& info) {
  Napi::Array result = Napi::Array::New(info.Env());
  uint32_t i = 0;
  for (const auto& [key, value] : cache()) {
    std::string text = std::to_string(key[0]) + ":";
    for (size_t k = 1; k < key.size(); k++) text += std::to_string(key[k]) + ",";
    result.Set(i++, text + " " + value.implementation);
  }
  return result;
}

float activate(float value, int64_t code, float alpha) {
  switch (code) {
    case 1: return value > 0.f ? value : 0.f;
    case 2: return value < 0.f ? 0.f : (value > 6.f ? 6.f : value);
    case 3: return value >= 0.f ? value : alpha * value;
    case 4: return 1.f / (1.f + std::exp(-value));
    case 5: return value >= 0.f ? value : std::expm1(value);
    default: return value;
  }
}

// matmul(a, b, out, [batch, aBatch, bBatch, m, n, k, transposeA, transposeB, activation], alpha, bias | null, biasLength)
Napi::Value MatMul(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    std::vector<int64_t> p = integers(info, 3);
    const int64_t batch = p[0], a_batch = p[1], b_batch = p[2], m = p[3], n = p[4], k = p[5];
    const bool ta = p[6] != 0, tb = p[7] != 0;
    const int64_t activation = p[8];
    const float alpha = static_cast<float>(info[4].As<Napi::Number>().DoubleValue());
    const float* a = floats(info, 0);
    const float* b = floats(info, 1);
    float* out = floats(info, 2);
    const float* bias = optional_floats(info, 5);
    const int64_t bias_length = integer(info, 6);
    for (int64_t i = 0; i < batch; i++) {
      const float* ai = a + (a_batch == 1 ? 0 : i) * m * k;
      const float* bi = b + (b_batch == 1 ? 0 : i) * k * n;
      float* oi = out + i * m * n;
      dnnl_status_t status = dnnl_sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, 1.f, ai, ta ? m : k, bi,
                                        tb ? k : n, 0.f, oi, n);
      if (status != dnnl_success) throw std::runtime_error("dnnl_sgemm failed");
      if (bias != nullptr || activation != 0) {
        const int64_t size = m * n;
#pragma omp parallel for firstprivate(alpha) if (parallel_worthy(size))
        for (int64_t j = 0; j < size; j++) {
          float value = oi[j];
          if (bias != nullptr) value += bias[bias_length == 1 ? 0 : j % bias_length];
          oi[j] = activate(value, activation, alpha);
        }
      }
    }
  });
}

}  // namespace

void register_convolution(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2dForward", Napi::Function::New(env, Conv2dForward));
  exports.Set("conv2dBackwardData", Napi::Function::New(env, Conv2dBackwardData));
  exports.Set("conv2dBackwardWeights", Napi::Function::New(env, Conv2dBackwardWeights));
  exports.Set("implementations", Napi::Function::New(env, Implementations));
  exports.Set("setConvolutionPrecision", Napi::Function::New(env, SetConvolutionPrecision));
  exports.Set("matMul", Napi::Function::New(env, MatMul));
}

}  // namespace lowres
