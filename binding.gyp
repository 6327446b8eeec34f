# The native addon (native/README.md): sender recovery over a vendored libsecp256k1 0.2.0.
{
  "targets": [
    {
      "target_name": "cybermiles_native",
      "sources": [
        "native/src/addon.c",
        "native/src/keccak.c",
        "native/vendor/libsecp256k1/src/secp256k1.c",
        "native/vendor/libsecp256k1/src/precomputed_ecmult.c",
        "native/vendor/libsecp256k1/src/precomputed_ecmult_gen.c"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "ENABLE_MODULE_RECOVERY=1",
        "ECMULT_WINDOW_SIZE=15",
        "ECMULT_GEN_PREC_BITS=4"
      ],
      "cflags": ["-Wno-unused-function"]
    }
  ]
}
