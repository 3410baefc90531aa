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

/** The float32 data of argument `index`, or nullptr when it is null. */
inline float* optional_floats(const Napi::CallbackInfo& info, size_t index) {
  return info[index].IsNull() ? nullptr : floats(info, index);
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

/**
 * Walks a row-major n-d iteration space in parallel: rows are the leading dims of `shape`, the last
 * dim is cut into blocks so that one long row still spreads over every thread. Calls
 * body(row offset in a, row offset in b, row index, begin, end) with offsets from each stride set.
 */
template <typename Body>
void for_each_row_block(const std::vector<int64_t>& shape, const std::vector<int64_t>& a_strides,
                        const std::vector<int64_t>& b_strides, Body body) {
  constexpr int64_t kBlock = 16384;
  const size_t rank = shape.size();
  const int64_t inner = shape[rank - 1];
  int64_t rows = 1;
  for (size_t d = 0; d + 1 < rank; d++) rows *= shape[d];
  const int64_t blocks_per_row = (inner + kBlock - 1) / kBlock;
#pragma omp parallel for if (parallel_worthy(rows * inner))
  for (int64_t item = 0; item < rows * blocks_per_row; item++) {
    const int64_t row = item / blocks_per_row;
    const int64_t begin = (item % blocks_per_row) * kBlock;
    const int64_t end = begin + kBlock < inner ? begin + kBlock : inner;
    int64_t rest = row, a = 0, b = 0;
    for (size_t d = rank - 1; d-- > 0;) {
      const int64_t index = rest % shape[d];
      rest /= shape[d];
      a += index * a_strides[d];
      b += index * b_strides[d];
    }
    body(a, b, row, begin, end);
  }
}

void register_convolution(Napi::Env env, Napi::Object exports);
void register_elementwise(Napi::Env env, Napi::Object exports);
void register_reduction(Napi::Env env, Napi::Object exports);
void register_copy(Napi::Env env, Napi::Object exports);
void register_pooling(Napi::Env env, Napi::Object exports);
void register_normalization(Napi::Env env, Napi::Object exports);

}  // namespace lowres
