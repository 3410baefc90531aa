// Elementwise kernels: unary maps, binary maps with NumPy broadcasting, and n-ary sums.
#include <cmath>
#include "common.h"

namespace lowres {
namespace {

// Broadcast iteration plan: dims collapsed where both inputs stay contiguous or stay broadcast.
struct Plan {
  std::vector<int64_t> shape, a_strides, b_strides;
};

Plan plan_broadcast(std::vector<int64_t> a, std::vector<int64_t> b, const std::vector<int64_t>& out) {
  const size_t rank = out.size();
  a.insert(a.begin(), rank - a.size(), 1);
  b.insert(b.begin(), rank - b.size(), 1);
  std::vector<int64_t> as(rank), bs(rank);
  int64_t sa = 1, sb = 1;
  for (size_t i = rank; i-- > 0;) {
    as[i] = a[i] == 1 ? 0 : sa;
    bs[i] = b[i] == 1 ? 0 : sb;
    sa *= a[i];
    sb *= b[i];
  }
  Plan plan;
  for (size_t i = 0; i < rank; i++) {
    if (out[i] == 1) continue;
    if (!plan.shape.empty()) {
      const size_t last = plan.shape.size() - 1;
      const bool a_merges = as[i] * out[i] == plan.a_strides[last] || (as[i] == 0 && plan.a_strides[last] == 0);
      const bool b_merges = bs[i] * out[i] == plan.b_strides[last] || (bs[i] == 0 && plan.b_strides[last] == 0);
      if (a_merges && b_merges) {
        plan.shape[last] *= out[i];
        plan.a_strides[last] = as[i];
        plan.b_strides[last] = bs[i];
        continue;
      }
    }
    plan.shape.push_back(out[i]);
    plan.a_strides.push_back(as[i]);
    plan.b_strides.push_back(bs[i]);
  }
  if (plan.shape.empty()) plan = {{1}, {0}, {0}};
  return plan;
}

template <typename Op>
void binary_loop(Op op, const float* a, const float* b, float* out, const Plan& plan) {
  const size_t rank = plan.shape.size();
  const int64_t inner = plan.shape[rank - 1];
  const int64_t ia = plan.a_strides[rank - 1], ib = plan.b_strides[rank - 1];
  for_each_row_block(plan.shape, plan.a_strides, plan.b_strides,
                     [&](int64_t oa, int64_t ob, int64_t row, int64_t begin, int64_t end) {
                       const float* pa = a + oa;
                       const float* pb = b + ob;
                       float* po = out + row * inner;
                       if (ia == 1 && ib == 1) {
                         for (int64_t j = begin; j < end; j++) po[j] = op(pa[j], pb[j]);
                       } else if (ia == 1) {
                         const float vb = pb[0];
                         for (int64_t j = begin; j < end; j++) po[j] = op(pa[j], vb);
                       } else if (ib == 1) {
                         const float va = pa[0];
                         for (int64_t j = begin; j < end; j++) po[j] = op(va, pb[j]);
                       } else {
                         const float value = op(pa[0], pb[0]);
                         for (int64_t j = begin; j < end; j++) po[j] = value;
                       }
                     });
}

// binary(op, a, aShape, b, bShape, out, outShape)
Napi::Value Binary(const Napi::CallbackInfo& info) {
  const int64_t code = integer(info, 0);
  Plan plan = plan_broadcast(integers(info, 2), integers(info, 4), integers(info, 6));
  const float* a = floats(info, 1);
  const float* b = floats(info, 3);
  float* out = floats(info, 5);
  switch (code) {
    case 0: binary_loop([](float x, float y) { return x + y; }, a, b, out, plan); break;
    case 1: binary_loop([](float x, float y) { return x - y; }, a, b, out, plan); break;
    case 2: binary_loop([](float x, float y) { return x * y; }, a, b, out, plan); break;
    case 3: binary_loop([](float x, float y) { return x / y; }, a, b, out, plan); break;
    case 4: binary_loop([](float x, float y) { return std::isnan(x) || x >= y ? x : y; }, a, b, out, plan); break;
    case 5: binary_loop([](float x, float y) { return std::isnan(x) || x <= y ? x : y; }, a, b, out, plan); break;
    case 6: binary_loop([](float x, float y) { return (x - y) * (x - y); }, a, b, out, plan); break;
    default: Napi::Error::New(info.Env(), "unknown binary op").ThrowAsJavaScriptException();
  }
  return info.Env().Undefined();
}

// Each thread works on its own copy of `op`: read through the shared closure, a captured parameter
// (Step's alpha) might alias out[], so the loop would not vectorise (30× slower, measured).
template <typename Op>
void unary_loop(Op op, const float* x, float* out, int64_t size) {
#pragma omp parallel for firstprivate(op) if (parallel_worthy(size))
  for (int64_t i = 0; i < size; i++) out[i] = op(x[i]);
}

// unary(op, x, out, alpha, beta)
Napi::Value Unary(const Napi::CallbackInfo& info) {
  const int64_t code = integer(info, 0);
  const float* x = floats(info, 1);
  float* out = floats(info, 2);
  const int64_t size = info[1].As<Napi::Float32Array>().ElementLength();
  const float alpha = static_cast<float>(info[3].As<Napi::Number>().DoubleValue());
  const float beta = static_cast<float>(info[4].As<Napi::Number>().DoubleValue());
  switch (code) {
    case 0: unary_loop([](float v) { return v < 0.f ? 0.f : v; }, x, out, size); break;
    case 1: unary_loop([](float v) { return v < 0.f ? 0.f : (v > 6.f ? 6.f : v); }, x, out, size); break;
    case 2: unary_loop([](float v) { return std::exp(v); }, x, out, size); break;
    case 3: unary_loop([](float v) { return std::log(v); }, x, out, size); break;
    case 4: unary_loop([](float v) { return std::sqrt(v); }, x, out, size); break;
    case 5: unary_loop([](float v) { return 1.f / std::sqrt(v); }, x, out, size); break;
    case 6: unary_loop([](float v) { return v * v; }, x, out, size); break;
    case 7: unary_loop([](float v) { return -v; }, x, out, size); break;
    case 8: unary_loop([](float v) { return std::fabs(v); }, x, out, size); break;
    case 9: unary_loop([](float v) { return 1.f / (1.f + std::exp(-v)); }, x, out, size); break;
    case 10: unary_loop([](float v) { return std::tanh(v); }, x, out, size); break;
    case 11: unary_loop([alpha](float v) { return std::isnan(v) ? v : (v > 0.f ? 1.f : alpha); }, x, out, size); break;
    case 12: unary_loop([](float v) { return 1.f / v; }, x, out, size); break;
    case 13: unary_loop([](float v) { return v >= 0.f ? v : std::expm1(v); }, x, out, size); break;
    case 14: unary_loop([alpha](float v) { return v < 0.f ? alpha * v : v; }, x, out, size); break;
    case 15: unary_loop([alpha, beta](float v) { return v > beta ? beta : (v < alpha ? alpha : v); }, x, out, size); break;
    case 16: unary_loop([](float v) { return std::log1p(v); }, x, out, size); break;
    case 17: unary_loop([](float v) { return std::floor(v); }, x, out, size); break;
    default: Napi::Error::New(info.Env(), "unknown unary op").ThrowAsJavaScriptException();
  }
  return info.Env().Undefined();
}

// addN(inputs[], out): elementwise sum of equally shaped arrays.
Napi::Value AddN(const Napi::CallbackInfo& info) {
  Napi::Array inputs = info[0].As<Napi::Array>();
  std::vector<const float*> sources(inputs.Length());
  for (uint32_t i = 0; i < inputs.Length(); i++) sources[i] = inputs.Get(i).As<Napi::Float32Array>().Data();
  float* out = floats(info, 1);
  const int64_t size = info[1].As<Napi::Float32Array>().ElementLength();
#pragma omp parallel for if (parallel_worthy(size))
  for (int64_t i = 0; i < size; i++) {
    float sum = 0.f;
    for (const float* source : sources) sum += source[i];
    out[i] = sum;
  }
  return info.Env().Undefined();
}

}  // namespace

void register_elementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("addN", Napi::Function::New(env, AddN));
}

}  // namespace lowres
