// Batch normalisation with given moments (TF.js' FusedBatchNorm) and softmax over the last axis.
#include <cmath>
#include "common.h"

namespace lowres {
namespace {

// batchNorm(x, mean, variance, offset | null, scale | null, out, epsilon): each parameter repeats
// along the flat data with its own length, as in TF.js' cpu kernel.
Napi::Value BatchNorm(const Napi::CallbackInfo& info) {
  const float* x = floats(info, 0);
  const float* mean = floats(info, 1);
  const float* variance = floats(info, 2);
  const float* offset = info[3].IsNull() ? nullptr : floats(info, 3);
  const float* scale = info[4].IsNull() ? nullptr : floats(info, 4);
  float* out = floats(info, 5);
  const float epsilon = static_cast<float>(info[6].As<Napi::Number>().DoubleValue());
  const int64_t size = info[0].As<Napi::Float32Array>().ElementLength();
  const int64_t mean_length = info[1].As<Napi::Float32Array>().ElementLength();
  const int64_t variance_length = info[2].As<Napi::Float32Array>().ElementLength();
  const int64_t offset_length = offset ? info[3].As<Napi::Float32Array>().ElementLength() : 1;
  const int64_t scale_length = scale ? info[4].As<Napi::Float32Array>().ElementLength() : 1;
  const bool per_channel = mean_length == variance_length && (offset == nullptr || offset_length == mean_length) &&
                           (scale == nullptr || scale_length == mean_length) && size % mean_length == 0;
  if (per_channel) {
    const int64_t channels = mean_length, rows = size / channels;
    std::vector<float> multiplier(channels), shift(channels);
    for (int64_t c = 0; c < channels; c++) {
      multiplier[c] = (scale ? scale[c] : 1.f) / std::sqrt(variance[c] + epsilon);
      shift[c] = offset ? offset[c] : 0.f;
    }
#pragma omp parallel for if (parallel_worthy(size))
    for (int64_t r = 0; r < rows; r++) {
      const float* source = x + r * channels;
      float* target = out + r * channels;
      for (int64_t c = 0; c < channels; c++) target[c] = (source[c] - mean[c]) * multiplier[c] + shift[c];
    }
    return info.Env().Undefined();
  }
#pragma omp parallel for if (parallel_worthy(size))
  for (int64_t i = 0; i < size; i++) {
    const float s = scale ? scale[i % scale_length] : 1.f;
    const float o = offset ? offset[i % offset_length] : 0.f;
    out[i] = (x[i] - mean[i % mean_length]) * s / std::sqrt(variance[i % variance_length] + epsilon) + o;
  }
  return info.Env().Undefined();
}

// softmax(logits, out, rows, columns)
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  const float* x = floats(info, 0);
  float* out = floats(info, 1);
  const int64_t rows = integer(info, 2), columns = integer(info, 3);
#pragma omp parallel for if (parallel_worthy(rows * columns))
  for (int64_t r = 0; r < rows; r++) {
    const float* source = x + r * columns;
    float* target = out + r * columns;
    float maximum = source[0];
    for (int64_t c = 1; c < columns; c++) maximum = source[c] > maximum ? source[c] : maximum;
    float sum = 0.f;
    for (int64_t c = 0; c < columns; c++) {
      target[c] = std::exp(source[c] - maximum);
      sum += target[c];
    }
    for (int64_t c = 0; c < columns; c++) target[c] /= sum;
  }
  return info.Env().Undefined();
}

}  // namespace

void register_normalization(Napi::Env env, Napi::Object exports) {
  exports.Set("batchNorm", Napi::Function::New(env, BatchNorm));
  exports.Set("softmax", Napi::Function::New(env, Softmax));
}

}  // namespace lowres
