// Max pooling over NHWC and its gradient (the first maximum of a window takes the gradient, as in
// TF.js' cpu backend: strictly greater replaces; padded positions never win).
#include <cmath>
#include <limits>
#include "common.h"

namespace lowres {
namespace {

struct Window {
  int64_t n, ih, iw, c, oh, ow, fh, fw, sh, sw, dh, dw, pt, pl;
  static Window from(const Napi::CallbackInfo& info, size_t index) {
    std::vector<int64_t> p = integers(info, index);
    return {p.at(0), p.at(1), p.at(2), p.at(3), p.at(4), p.at(5), p.at(6),
            p.at(7), p.at(8), p.at(9), p.at(10), p.at(11), p.at(12), p.at(13)};
  }
};

// The input offset (within one image) of the maximum of window (y, x) in channel ch, or -1.
inline int64_t arg_max(const float* image, const Window& w, int64_t y, int64_t x, int64_t ch) {
  float best = -std::numeric_limits<float>::infinity();
  int64_t where = -1;
  for (int64_t ky = 0; ky < w.fh; ky++) {
    const int64_t iy = y * w.sh - w.pt + ky * w.dh;
    if (iy < 0 || iy >= w.ih) continue;
    for (int64_t kx = 0; kx < w.fw; kx++) {
      const int64_t ix = x * w.sw - w.pl + kx * w.dw;
      if (ix < 0 || ix >= w.iw) continue;
      const int64_t offset = (iy * w.iw + ix) * w.c + ch;
      if (image[offset] > best) {
        best = image[offset];
        where = offset;
      }
    }
  }
  return where;
}

// maxPool(x, out, window)
Napi::Value MaxPool(const Napi::CallbackInfo& info) {
  const float* x = floats(info, 0);
  float* out = floats(info, 1);
  const Window w = Window::from(info, 2);
  const int64_t image = w.ih * w.iw * w.c;
#pragma omp parallel for collapse(2)
  for (int64_t b = 0; b < w.n; b++) {
    for (int64_t y = 0; y < w.oh; y++) {
      const float* source = x + b * image;
      for (int64_t xo = 0; xo < w.ow; xo++) {
        float* target = out + ((b * w.oh + y) * w.ow + xo) * w.c;
        for (int64_t ch = 0; ch < w.c; ch++) {
          const int64_t where = arg_max(source, w, y, xo, ch);
          target[ch] = where < 0 ? -std::numeric_limits<float>::infinity() : source[where];
        }
      }
    }
  }
  return info.Env().Undefined();
}

// maxPoolGrad(dy, x, dx, window): dx is zeroed here, then each dy goes to its window's maximum.
Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) {
  const float* dy = floats(info, 0);
  const float* x = floats(info, 1);
  float* dx = floats(info, 2);
  const Window w = Window::from(info, 3);
  const int64_t image = w.ih * w.iw * w.c;
#pragma omp parallel for
  for (int64_t b = 0; b < w.n; b++) {
    const float* source = x + b * image;
    float* target = dx + b * image;
    for (int64_t i = 0; i < image; i++) target[i] = 0.f;
    for (int64_t y = 0; y < w.oh; y++) {
      for (int64_t xo = 0; xo < w.ow; xo++) {
        const float* gradient = dy + ((b * w.oh + y) * w.ow + xo) * w.c;
        for (int64_t ch = 0; ch < w.c; ch++) {
          const int64_t where = arg_max(source, w, y, xo, ch);
          if (where >= 0) target[where] += gradient[ch];
        }
      }
    }
  }
  return info.Env().Undefined();
}

}  // namespace

void register_pooling(Napi::Env env, Napi::Object exports) {
  exports.Set("maxPool", Napi::Function::New(env, MaxPool));
  exports.Set("maxPoolGrad", Napi::Function::New(env, MaxPoolGrad));
}

}  // namespace lowres
