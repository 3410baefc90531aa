// Shared helpers of the lowres native engine: argument access and the OpenMP thread count.
#pragma once
#include <napi.h>
#include <cstdint>
#include <vector>

namespace lowres {

/** The float32 data of argument `index`, which must be a Float32Array. */
inline float* floats(const Napi::CallbackInfo& info, size_t index) {
  return info[index].As<Napi::Float32Array>().Data();
}

/** Argument `index` as a 64-bit integer. */
inline int64_t integer(const Napi::CallbackInfo& info, size_t index) {
  return info[index].As<Napi::Number>().Int64Value();
}

/** Argument `index`, a JS array of numbers, as 64-bit integers. */
inline std::vector<int64_t> integers(const Napi::CallbackInfo& info, size_t index) {
  Napi::Array array = info[index].As<Napi::Array>();
  std::vector<int64_t> values(array.Length());
  for (uint32_t i = 0; i < array.Length(); i++) values[i] = array.Get(i).As<Napi::Number>().Int64Value();
  return values;
}

/** Whether work of `size` elements is worth spreading over threads. */
inline bool parallel_worthy(int64_t size) { return size >= 32768; }

void register_convolution(Napi::Env env, Napi::Object exports);
void register_elementwise(Napi::Env env, Napi::Object exports);
void register_reduction(Napi::Env env, Napi::Object exports);
void register_copy(Napi::Env env, Napi::Object exports);
void register_pooling(Napi::Env env, Napi::Object exports);
void register_normalization(Napi::Env env, Napi::Object exports);

}  // namespace lowres
