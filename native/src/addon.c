/*
 * cybermiles_native: sender recovery for the mempool's recovery workers, over a current
 * libsecp256k1 (native/vendor/libsecp256k1, see native/README.md).
 *
 * recoverSenders(requests, responses) takes a whole batch in one call: per transaction the request
 * holds digest (32) ‖ r (32) ‖ s (32) ‖ recid (1), and the response gets ok (1) ‖ address (20),
 * where address = keccak256(X ‖ Y)[12..32] of the recovered public key. An invalid signature
 * (r or s out of range, no point for r, recid > 3) leaves ok = 0 and a zero address.
 * recoverSender(digest, signature, recid) does the same for one transaction: the 20-byte address,
 * or null for an invalid signature.
 */
#include <node_api.h>
#include <string.h>

#include "../vendor/libsecp256k1/include/secp256k1.h"
#include "../vendor/libsecp256k1/include/secp256k1_recovery.h"
#include "keccak.h"

#define REQUEST_STRIDE 97
#define RESPONSE_STRIDE 21
#define LIBSECP256K1_VERSION "0.2.0"

/* Throw `message` as a TypeError or RangeError and return NULL (JS undefined). */
static napi_value fail(napi_env env, int range, const char *code, const char *message) {
  if (range) napi_throw_range_error(env, code, message);
  else napi_throw_type_error(env, code, message);
  return NULL;
}

/* The bytes of a Uint8Array argument; 0 when `value` is not one. */
static int u8_bytes(napi_env env, napi_value value, uint8_t **data, size_t *length) {
  bool is_typed;
  napi_typedarray_type type;
  napi_value arraybuffer;
  size_t offset;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return 0;
  if (napi_get_typedarray_info(env, value, &type, length, (void **)data, &arraybuffer, &offset) != napi_ok) {
    return 0;
  }
  return type == napi_uint8_array;
}

/* Recover one sender into out[0..21): ok flag, then the address. */
static void recover_one(const uint8_t *in, uint8_t *out) {
  secp256k1_ecdsa_recoverable_signature sig;
  secp256k1_pubkey pubkey;
  uint8_t serialized[65];
  uint8_t hash[32];
  size_t serialized_len = sizeof serialized;
  const secp256k1_context *ctx = secp256k1_context_static;
  memset(out, 0, RESPONSE_STRIDE);
  if (in[96] > 3) return;
  if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, in + 32, in[96])) return;
  if (!secp256k1_ecdsa_recover(ctx, &pubkey, &sig, in)) return;
  secp256k1_ec_pubkey_serialize(ctx, serialized, &serialized_len, &pubkey, SECP256K1_EC_UNCOMPRESSED);
  cm_keccak256(serialized + 1, 64, hash);
  out[0] = 1;
  memcpy(out + 1, hash + 12, 20);
}

static napi_value recover_senders(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  uint8_t *requests, *responses;
  size_t requests_len, responses_len;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc != 2 || !u8_bytes(env, argv[0], &requests, &requests_len) ||
      !u8_bytes(env, argv[1], &responses, &responses_len)) {
    return fail(env, 0, "ERR_INVALID_ARG_TYPE", "recoverSenders(requests, responses) takes two Uint8Arrays");
  }
  if (requests_len % REQUEST_STRIDE != 0) {
    return fail(env, 1, "ERR_BUFFER_SIZE", "requests length is not a multiple of 97");
  }
  size_t count = requests_len / REQUEST_STRIDE;
  if (responses_len != count * RESPONSE_STRIDE) {
    return fail(env, 1, "ERR_BUFFER_SIZE", "responses length must be 21 per request");
  }
  for (size_t i = 0; i < count; i++) recover_one(requests + i * REQUEST_STRIDE, responses + i * RESPONSE_STRIDE);
  return NULL;
}

static napi_value recover_sender(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  uint8_t *digest, *signature, *address;
  size_t digest_len, signature_len;
  uint32_t recid;
  uint8_t request[REQUEST_STRIDE];
  uint8_t response[RESPONSE_STRIDE];
  napi_value arraybuffer, result;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc != 3 || !u8_bytes(env, argv[0], &digest, &digest_len) || digest_len != 32 ||
      !u8_bytes(env, argv[1], &signature, &signature_len) || signature_len != 64 ||
      napi_get_value_uint32(env, argv[2], &recid) != napi_ok) {
    return fail(env, 0, "ERR_INVALID_ARG_TYPE",
                "recoverSender(digest, signature, recid) takes 32 bytes, 64 bytes and a number");
  }
  memcpy(request, digest, 32);
  memcpy(request + 32, signature, 64);
  request[96] = recid > 3 ? 4 : (uint8_t)recid;
  recover_one(request, response);
  if (response[0] == 0) {
    napi_get_null(env, &result);
    return result;
  }
  if (napi_create_arraybuffer(env, 20, (void **)&address, &arraybuffer) != napi_ok) return NULL;
  memcpy(address, response + 1, 20);
  if (napi_create_typedarray(env, napi_uint8_array, 20, arraybuffer, 0, &result) != napi_ok) return NULL;
  return result;
}

/* keccak256(data): exported so that tests can check the addon's hash against a reference. */
static napi_value keccak256(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  uint8_t *data, *out;
  size_t length;
  napi_value result;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc != 1 || !u8_bytes(env, argv[0], &data, &length)) {
    return fail(env, 0, "ERR_INVALID_ARG_TYPE", "keccak256(data) takes a Uint8Array");
  }
  napi_value arraybuffer;
  if (napi_create_arraybuffer(env, 32, (void **)&out, &arraybuffer) != napi_ok) return NULL;
  cm_keccak256(data, length, out);
  if (napi_create_typedarray(env, napi_uint8_array, 32, arraybuffer, 0, &result) != napi_ok) return NULL;
  return result;
}

static int set_uint(napi_env env, napi_value exports, const char *name, uint32_t n) {
  napi_value v;
  return napi_create_uint32(env, n, &v) == napi_ok && napi_set_named_property(env, exports, name, v) == napi_ok;
}

static int set_function(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  return napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn) == napi_ok &&
         napi_set_named_property(env, exports, name, fn) == napi_ok;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value version;
  /* libsecp256k1's own checks of its field, scalar and hash code, recommended with the static context. */
  secp256k1_selftest();
  if (!set_function(env, exports, "recoverSenders", recover_senders) ||
      !set_function(env, exports, "recoverSender", recover_sender) ||
      !set_function(env, exports, "keccak256", keccak256) ||
      !set_uint(env, exports, "requestStride", REQUEST_STRIDE) ||
      !set_uint(env, exports, "responseStride", RESPONSE_STRIDE) ||
      napi_create_string_utf8(env, LIBSECP256K1_VERSION, NAPI_AUTO_LENGTH, &version) != napi_ok ||
      napi_set_named_property(env, exports, "libsecp256k1Version", version) != napi_ok) {
    return NULL;
  }
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
