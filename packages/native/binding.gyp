{
  "targets": [
    {
      "target_name": "lowres_native",
      "sources": [
        "native/addon.cc",
        "native/convolution.cc",
        "native/elementwise.cc",
        "native/reduction.cc",
        "native/copy.cc",
        "native/pooling.cc",
        "native/normalization.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O3", "-march=native", "-fopenmp", "-fexceptions"],
      "libraries": ["-ldnnl", "-fopenmp"]
    }
  ]
}
