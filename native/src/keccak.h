#ifndef CM_KECCAK_H
#define CM_KECCAK_H

#include <stddef.h>
#include <stdint.h>

/* keccak256(in[0..len)) into out: Ethereum's hash (original Keccak padding). */
void cm_keccak256(const uint8_t *in, size_t len, uint8_t out[32]);

#endif
