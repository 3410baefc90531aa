// Reductions over one contiguous run of axes, seen as [outer, reduced, inner].
#include <omp.h>
#include <cmath>
#include <algorithm>
#include <limits>
#include "common.h"

namespace lowres {
namespace {

enum Op { kSum = 0, kMean = 1, kMax = 2, kMin = 3 };

double initial(int64_t op) {
  if (op == kMax) return -std::numeric_limits<double>::infinity();
  if (op == kMin) return std::numeric_limits<double>::infinity();
  return 0.0;
}

inline double combine(int64_t op, double acc, double value) {
  if (op == kMax) return std::isnan(value) || value > acc ? value : acc;
  if (op == kMin) return std::isnan(value) || value < acc ? value : acc;
  return acc + value;
}

// reduce(op, x, out, outer, reduced, inner)
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  const int64_t op = integer(info, 0);
  const float* x = floats(info, 1);
  float* out = floats(info, 2);
  const int64_t outer = integer(info, 3), reduced = integer(info, 4), inner = integer(info, 5);
  const double scale = op == kMean ? 1.0 / static_cast<double>(reduced) : 1.0;
  const bool propagate_nan = op == kMax || op == kMin;
  if (inner == 1) {
#pragma omp parallel for if (parallel_worthy(outer * reduced))
    for (int64_t o = 0; o < outer; o++) {
      const float* row = x + o * reduced;
      double acc = initial(op);
      for (int64_t r = 0; r < reduced; r++) {
        acc = combine(op, acc, row[r]);
        if (propagate_nan && std::isnan(acc)) break;
      }
      out[o] = static_cast<float>(acc * scale);
    }
    return info.Env().Undefined();
  }
  // Column reductions: each thread accumulates a slice of the reduced axis, then slices combine.
  const int threads = parallel_worthy(outer * reduced * inner) ? omp_get_max_threads() : 1;
  std::vector<double> partial(static_cast<size_t>(threads) * outer * inner, initial(op));
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const int count = omp_get_num_threads();
    double* acc = partial.data() + static_cast<size_t>(t) * outer * inner;
    const int64_t begin = reduced * t / count, end = reduced * (t + 1) / count;
    if (op == kSum || op == kMean) {
      // Float sums over short runs of rows (vectorised), carried into double between runs.
      constexpr int64_t kRun = 64;
      std::vector<float> run(inner);
      for (int64_t o = 0; o < outer; o++) {
        double* target = acc + o * inner;
        for (int64_t r0 = begin; r0 < end; r0 += kRun) {
          const int64_t r1 = r0 + kRun < end ? r0 + kRun : end;
          std::fill(run.begin(), run.end(), 0.f);
          for (int64_t r = r0; r < r1; r++) {
            const float* row = x + (o * reduced + r) * inner;
            for (int64_t i = 0; i < inner; i++) run[i] += row[i];
          }
          for (int64_t i = 0; i < inner; i++) target[i] += run[i];
        }
      }
    } else {
      for (int64_t o = 0; o < outer; o++) {
        double* target = acc + o * inner;
        for (int64_t r = begin; r < end; r++) {
          const float* row = x + (o * reduced + r) * inner;
          for (int64_t i = 0; i < inner; i++) target[i] = combine(op, target[i], row[i]);
        }
      }
    }
  }
  for (int64_t i = 0; i < outer * inner; i++) {
    double acc = partial[i];
    for (int t = 1; t < threads; t++) acc = combine(op, acc, partial[static_cast<size_t>(t) * outer * inner + i]);
    out[i] = static_cast<float>(acc * scale);
  }
  return info.Env().Undefined();
}

}  // namespace

void register_reduction(Napi::Env env, Napi::Object exports) {
  exports.Set("reduce", Napi::Function::New(env, Reduce));
}

}  // namespace lowres
