// Batch normalisation with given moments (TF.js' FusedBatchNorm), batch normalisation in training
// (batch moments) with its gradient, and softmax over the last axis.
#include <omp.h>
#include <algorithm>
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
  const float* offset = optional_floats(info, 3);
  const float* scale = optional_floats(info, 4);
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

// Per-channel sums of two quantities over the rows of a [rows, channels] array: each thread sums a
// slice of the rows (float over runs of 64 rows, vectorised; double between runs), and the slices
// combine in thread order, so a result depends on the thread count but not on scheduling.
// term(row, first, second) adds row's contributions to first[0..channels) and second[0..channels).
template <typename Term>
void channel_sums(int64_t rows, int64_t channels, std::vector<double>& first, std::vector<double>& second, Term term) {
  const int threads = parallel_worthy(rows * channels) ? omp_get_max_threads() : 1;
  std::vector<double> partial(static_cast<size_t>(threads) * 2 * channels, 0.0);
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const int count = omp_get_num_threads();
    double* a = partial.data() + static_cast<size_t>(t) * 2 * channels;
    double* b = a + channels;
    const int64_t begin = rows * t / count, end = rows * (t + 1) / count;
    constexpr int64_t kRun = 64;
    std::vector<float> run_a(channels), run_b(channels);
    for (int64_t r0 = begin; r0 < end; r0 += kRun) {
      const int64_t r1 = std::min(r0 + kRun, end);
      std::fill(run_a.begin(), run_a.end(), 0.f);
      std::fill(run_b.begin(), run_b.end(), 0.f);
      for (int64_t r = r0; r < r1; r++) term(r, run_a.data(), run_b.data());
      for (int64_t c = 0; c < channels; c++) {
        a[c] += run_a[c];
        b[c] += run_b[c];
      }
    }
  }
  first.assign(channels, 0.0);
  second.assign(channels, 0.0);
  for (int t = 0; t < threads; t++) {
    const double* a = partial.data() + static_cast<size_t>(t) * 2 * channels;
    for (int64_t c = 0; c < channels; c++) {
      first[c] += a[c];
      second[c] += a[channels + c];
    }
  }
}

// batchNormTraining(x, scale | null, offset | null, y, mean, variance, channels, epsilon): normalises
// x ([rows, channels]) with its own per-channel mean and (biased) variance, which it also returns.
// The sums are shifted by the first row, so a large mean does not cancel the variance away.
Napi::Value BatchNormTraining(const Napi::CallbackInfo& info) {
  const float* x = floats(info, 0);
  const float* scale = optional_floats(info, 1);
  const float* offset = optional_floats(info, 2);
  float* y = floats(info, 3);
  float* mean = floats(info, 4);
  float* variance = floats(info, 5);
  const int64_t channels = integer(info, 6);
  const float epsilon = static_cast<float>(info[7].As<Napi::Number>().DoubleValue());
  const int64_t rows = info[0].As<Napi::Float32Array>().ElementLength() / channels;
  const std::vector<float> shift(x, x + channels);
  std::vector<double> sum, squares;
  channel_sums(rows, channels, sum, squares, [&](int64_t r, float* a, float* b) {
    const float* row = x + r * channels;
    for (int64_t c = 0; c < channels; c++) {
      const float d = row[c] - shift[c];
      a[c] += d;
      b[c] += d * d;
    }
  });
  std::vector<float> multiplier(channels), addend(channels);
  for (int64_t c = 0; c < channels; c++) {
    const double shifted_mean = sum[c] / rows;
    const double var = std::max(0.0, squares[c] / rows - shifted_mean * shifted_mean);
    mean[c] = static_cast<float>(shift[c] + shifted_mean);
    variance[c] = static_cast<float>(var);
    multiplier[c] = static_cast<float>((scale ? scale[c] : 1.0) / std::sqrt(var + epsilon));
    addend[c] = (offset ? offset[c] : 0.f) - mean[c] * multiplier[c];
  }
#pragma omp parallel for if (parallel_worthy(rows * channels))
  for (int64_t r = 0; r < rows; r++) {
    const float* source = x + r * channels;
    float* target = y + r * channels;
    for (int64_t c = 0; c < channels; c++) target[c] = source[c] * multiplier[c] + addend[c];
  }
  return info.Env().Undefined();
}

// batchNormTrainingGrad(dy, x, mean, variance, scale | null, dMean | null, dVariance | null, dx,
// dScale, dOffset, channels, epsilon): the gradient of batchNormTraining through its batch moments,
// with x̂ = (x − mean)/σ over the M rows:
//   dOffset = Σ dy, dScale = Σ dy·x̂,
//   dx = scale/σ · (dy − dOffset/M − x̂·dScale/M) + dMean/M + dVariance·2(x − mean)/M.
Napi::Value BatchNormTrainingGrad(const Napi::CallbackInfo& info) {
  const float* dy = floats(info, 0);
  const float* x = floats(info, 1);
  const float* mean = floats(info, 2);
  const float* variance = floats(info, 3);
  const float* scale = optional_floats(info, 4);
  const float* d_mean = optional_floats(info, 5);
  const float* d_variance = optional_floats(info, 6);
  float* dx = floats(info, 7);
  float* d_scale = floats(info, 8);
  float* d_offset = floats(info, 9);
  const int64_t channels = integer(info, 10);
  const float epsilon = static_cast<float>(info[11].As<Napi::Number>().DoubleValue());
  const int64_t rows = info[0].As<Napi::Float32Array>().ElementLength() / channels;
  std::vector<float> inverse_sigma(channels);
  for (int64_t c = 0; c < channels; c++) inverse_sigma[c] = static_cast<float>(1.0 / std::sqrt(static_cast<double>(variance[c]) + epsilon));
  std::vector<double> sum_dy, sum_dy_centred;
  channel_sums(rows, channels, sum_dy, sum_dy_centred, [&](int64_t r, float* a, float* b) {
    const float* g = dy + r * channels;
    const float* row = x + r * channels;
    for (int64_t c = 0; c < channels; c++) {
      a[c] += g[c];
      b[c] += g[c] * (row[c] - mean[c]);
    }
  });
  // dx = k1·dy + k2·(x − mean) + k0, per channel.
  std::vector<float> k0(channels), k1(channels), k2(channels), centre(mean, mean + channels);
  for (int64_t c = 0; c < channels; c++) {
    const double s = scale ? scale[c] : 1.0;
    const double inv = inverse_sigma[c];
    d_offset[c] = static_cast<float>(sum_dy[c]);
    d_scale[c] = static_cast<float>(sum_dy_centred[c] * inv);
    k1[c] = static_cast<float>(s * inv);
    k0[c] = static_cast<float>(-s * inv * sum_dy[c] / rows + (d_mean ? d_mean[c] / static_cast<double>(rows) : 0.0));
    k2[c] = static_cast<float>(-s * inv * inv * inv * sum_dy_centred[c] / rows +
                               (d_variance ? 2.0 * d_variance[c] / static_cast<double>(rows) : 0.0));
  }
#pragma omp parallel for if (parallel_worthy(rows * channels))
  for (int64_t r = 0; r < rows; r++) {
    const float* g = dy + r * channels;
    const float* row = x + r * channels;
    float* target = dx + r * channels;
    for (int64_t c = 0; c < channels; c++) target[c] = k1[c] * g[c] + k2[c] * (row[c] - centre[c]) + k0[c];
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
  exports.Set("batchNormTraining", Napi::Function::New(env, BatchNormTraining));
  exports.Set("batchNormTrainingGrad", Napi::Function::New(env, BatchNormTrainingGrad));
  exports.Set("softmax", Napi::Function::New(env, Softmax));
}

}  // namespace lowres
