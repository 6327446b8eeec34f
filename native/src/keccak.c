/*
 * Keccak-256 as Ethereum uses it: the original Keccak padding (0x01 ... 0x80), not SHA3-256's.
 * A plain, portable keccak-f[1600]; the addon hashes 64-byte public keys with it, one block each.
 */
#include "keccak.h"

#include <string.h>

#define ROL64(x, n) (((x) << (n)) | ((x) >> (64 - (n))))

static const uint64_t ROUND_CONSTANTS[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

/* Rotation offsets and lane order of the combined rho and pi steps, starting from lane 1. */
static const unsigned RHO[24] = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                                 27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};
static const unsigned PI[24] = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                                15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};

static void keccak_f1600(uint64_t s[25]) {
  uint64_t c[5];
  for (int round = 0; round < 24; round++) {
    /* theta */
    for (int x = 0; x < 5; x++) c[x] = s[x] ^ s[x + 5] ^ s[x + 10] ^ s[x + 15] ^ s[x + 20];
    for (int x = 0; x < 5; x++) {
      uint64_t d = c[(x + 4) % 5] ^ ROL64(c[(x + 1) % 5], 1);
      for (int y = 0; y < 25; y += 5) s[y + x] ^= d;
    }
    /* rho and pi */
    uint64_t carry = s[1];
    for (int i = 0; i < 24; i++) {
      unsigned j = PI[i];
      uint64_t next = s[j];
      s[j] = ROL64(carry, RHO[i]);
      carry = next;
    }
    /* chi */
    for (int y = 0; y < 25; y += 5) {
      for (int x = 0; x < 5; x++) c[x] = s[y + x];
      for (int x = 0; x < 5; x++) s[y + x] = c[x] ^ (~c[(x + 1) % 5] & c[(x + 2) % 5]);
    }
    /* iota */
    s[0] ^= ROUND_CONSTANTS[round];
  }
}

static uint64_t load64_le(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

static void store64_le(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

#define RATE 136 /* bytes absorbed per permutation: (1600 - 2 * 256) / 8 */

void cm_keccak256(const uint8_t *in, size_t len, uint8_t out[32]) {
  uint64_t s[25];
  uint8_t block[RATE];
  memset(s, 0, sizeof s);
  while (len >= RATE) {
    for (int i = 0; i < RATE / 8; i++) s[i] ^= load64_le(in + 8 * i);
    keccak_f1600(s);
    in += RATE;
    len -= RATE;
  }
  memset(block, 0, sizeof block);
  memcpy(block, in, len);
  block[len] ^= 0x01;
  block[RATE - 1] ^= 0x80;
  for (int i = 0; i < RATE / 8; i++) s[i] ^= load64_le(block + 8 * i);
  keccak_f1600(s);
  for (int i = 0; i < 4; i++) store64_le(out + 8 * i, s[i]);
}
