// Entry point of the lowres native engine: version, ISA and thread control, then each kernel family.
#include <omp.h>
#include <dnnl.h>
#include "common.h"

namespace lowres {
namespace {

const char* isa_name(dnnl_cpu_isa_t isa) {
  switch (isa) {
    case dnnl_cpu_isa_sse41: return "sse41";
    case dnnl_cpu_isa_avx: return "avx";
    case dnnl_cpu_isa_avx2: return "avx2";
    case dnnl_cpu_isa_avx512_mic: return "avx512_mic";
    case dnnl_cpu_isa_avx512_mic_4ops: return "avx512_mic_4ops";
    case dnnl_cpu_isa_avx512_core: return "avx512_core";
    case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx";
    case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni";
    default: return "default";
  }
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const dnnl_version_t* version = dnnl_version();
  Napi::Object result = Napi::Object::New(env);
  char text[64];
  snprintf(text, sizeof text, "%d.%d.%d", version->major, version->minor, version->patch);
  result.Set("onednn", text);
  result.Set("isa", isa_name(dnnl_get_effective_cpu_isa()));
  result.Set("threads", omp_get_max_threads());
  return result;
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  omp_set_num_threads(static_cast<int>(integer(info, 0)));
  return info.Env().Undefined();
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  register_convolution(env, exports);
  register_elementwise(env, exports);
  register_reduction(env, exports);
  register_copy(env, exports);
  register_pooling(env, exports);
  register_normalization(env, exports);
  return exports;
}

}  // namespace lowres

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return lowres::Init(env, exports); }

NODE_API_MODULE(lowres_native, InitAddon)
