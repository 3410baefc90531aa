// Data movement: concatenation and split along an axis, strided n-d copies (slice, transpose,
// broadcast, pad interiors) and fills.
#include <cstring>
#include "common.h"

namespace lowres {
namespace {

std::vector<float*> arrays(const Napi::CallbackInfo& info, size_t index) {
  Napi::Array list = info[index].As<Napi::Array>();
  std::vector<float*> result(list.Length());
  for (uint32_t i = 0; i < list.Length(); i++) result[i] = list.Get(i).As<Napi::Float32Array>().Data();
  return result;
}

// concat(inputs[], inners[], outer, out): input i is [outer, inners[i]] in elements.
Napi::Value Concat(const Napi::CallbackInfo& info) {
  std::vector<float*> inputs = arrays(info, 0);
  std::vector<int64_t> inners = integers(info, 1);
  const int64_t outer = integer(info, 2);
  float* out = floats(info, 3);
  int64_t total = 0;
  for (int64_t inner : inners) total += inner;
#pragma omp parallel for if (parallel_worthy(outer * total))
  for (int64_t o = 0; o < outer; o++) {
    float* target = out + o * total;
    for (size_t i = 0; i < inputs.size(); i++) {
      std::memcpy(target, inputs[i] + o * inners[i], sizeof(float) * inners[i]);
      target += inners[i];
    }
  }
  return info.Env().Undefined();
}

// split(x, outputs[], inners[], outer): the inverse of concat.
Napi::Value Split(const Napi::CallbackInfo& info) {
  const float* x = floats(info, 0);
  std::vector<float*> outputs = arrays(info, 1);
  std::vector<int64_t> inners = integers(info, 2);
  const int64_t outer = integer(info, 3);
  int64_t total = 0;
  for (int64_t inner : inners) total += inner;
#pragma omp parallel for if (parallel_worthy(outer * total))
  for (int64_t o = 0; o < outer; o++) {
    const float* source = x + o * total;
    for (size_t i = 0; i < outputs.size(); i++) {
      std::memcpy(outputs[i] + o * inners[i], source, sizeof(float) * inners[i]);
      source += inners[i];
    }
  }
  return info.Env().Undefined();
}

// stridedCopy(x, xOffset, xStrides[], out, outOffset, outStrides[], shape[])
Napi::Value StridedCopy(const Napi::CallbackInfo& info) {
  const float* x = floats(info, 0) + integer(info, 1);
  std::vector<int64_t> xs = integers(info, 2);
  float* out = floats(info, 3) + integer(info, 4);
  std::vector<int64_t> os = integers(info, 5);
  std::vector<int64_t> shape = integers(info, 6);
  const size_t rank = shape.size();
  if (rank == 0) {
    out[0] = x[0];
    return info.Env().Undefined();
  }
  const int64_t xi = xs[rank - 1], oi = os[rank - 1];
  for_each_row_block(shape, xs, os, [&](int64_t xo, int64_t oo, int64_t, int64_t begin, int64_t end) {
    if (xi == 1 && oi == 1) {
      std::memcpy(out + oo + begin, x + xo + begin, sizeof(float) * (end - begin));
    } else {
      for (int64_t j = begin; j < end; j++) out[oo + j * oi] = x[xo + j * xi];
    }
  });
  return info.Env().Undefined();
}

// fill(out, value)
Napi::Value Fill(const Napi::CallbackInfo& info) {
  float* out = floats(info, 0);
  const int64_t size = info[0].As<Napi::Float32Array>().ElementLength();
  const float value = static_cast<float>(info[1].As<Napi::Number>().DoubleValue());
  // firstprivate: a shared float could alias out[], which would keep the loop from vectorising.
#pragma omp parallel for firstprivate(value) if (parallel_worthy(size))
  for (int64_t i = 0; i < size; i++) out[i] = value;
  return info.Env().Undefined();
}

}  // namespace

void register_copy(Napi::Env env, Napi::Object exports) {
  exports.Set("concat", Napi::Function::New(env, Concat));
  exports.Set("split", Napi::Function::New(env, Split));
  exports.Set("stridedCopy", Napi::Function::New(env, StridedCopy));
  exports.Set("fill", Napi::Function::New(env, Fill));
}

}  // namespace lowres
