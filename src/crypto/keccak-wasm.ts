/**
 * The Keccak-f[1600] sponge as a WebAssembly module, assembled here byte by byte (no build step,
 * no binary in the repository). One exported function `absorb(blocks)` XORs `blocks` padded
 * 136-byte blocks from `INPUT_OFFSET` into a zeroed state, permutes after each, and stores the first
 * 32 bytes of the state (the Keccak-256 digest) at offset 0. The caller writes the input and the
 * padding (keccak.ts).
 *
 * Why our own: the state, the block loop and all 24 rounds run in one call with the 25 lanes in
 * WebAssembly locals. hash-wasm's Keccak (C compiled to WebAssembly, three calls per hash plus
 * its JavaScript wrapper) took 730–840 ns for a 66-byte input on this machine; this takes ~450 ns.
 * Rounds are a loop, not unrolled: unrolled, V8's code was slower (~750 ns).
 */

/** Where the padded input starts in the module's memory. */
export const INPUT_OFFSET = 512;
/** The rate of Keccak-256 in bytes: 1600 − 2 × 256 bits. */
export const RATE = 136;
/** Where the round constants live (24 × 8 bytes, below the input). */
const ROUND_CONSTANTS_OFFSET = 256;

/** Keccak-f[1600] round constants (FIPS 202, §3.2.5). */
const ROUND_CONSTANTS = [
  0x0000000000000001n,
  0x0000000000008082n,
  0x800000000000808an,
  0x8000000080008000n,
  0x000000000000808bn,
  0x0000000080000001n,
  0x8000000080008081n,
  0x8000000000008009n,
  0x000000000000008an,
  0x0000000000000088n,
  0x0000000080008009n,
  0x000000008000000an,
  0x000000008000808bn,
  0x800000000000008bn,
  0x8000000000008089n,
  0x8000000000008003n,
  0x8000000000008002n,
  0x8000000000000080n,
  0x000000000000800an,
  0x800000008000000an,
  0x8000000080008081n,
  0x8000000000008080n,
  0x0000000080000001n,
  0x8000000080008008n,
];
/** ρ rotation offsets of lane x + 5y (FIPS 202, §3.2.2). */
const ROTATIONS = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];

// WebAssembly opcodes used below (core spec §5.4).
const OP = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  i64Load: 0x29,
  i64Store: 0x37,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32Ne: 0x47,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i64And: 0x83,
  i64Xor: 0x85,
  i64Rotl: 0x89,
} as const;
const I32 = 0x7f;
const I64 = 0x7e;
const VOID = 0x40;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb64(value: bigint): number[] {
  let v = BigInt.asIntN(64, value);
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const sleb32 = (n: number) => sleb64(BigInt(n));

// Locals: 0 = blocks (param, i32), 1 = input pointer (i32), 2 = round (i32), then i64 lanes.
const BLOCKS = 0;
const POINTER = 1;
const ROUND = 2;
const lane = (i: number) => 3 + i; // the state A[x + 5y]
const rotated = (i: number) => 28 + i; // B, after ρ and π
const column = (x: number) => 53 + x; // C[x], θ's column parities
const mix = (x: number) => 58 + x; // D[x] = C[x − 1] ⊕ rot(C[x + 1], 1)

/** The body of `absorb(blocks)`. */
function absorbBody(): number[] {
  const c: number[] = [];
  const get = (l: number) => c.push(OP.localGet, ...uleb(l));
  const set = (l: number) => c.push(OP.localSet, ...uleb(l));
  const rotl = (n: number) => c.push(OP.i64Const, ...sleb64(BigInt(n)), OP.i64Rotl);
  c.push(OP.block, VOID, OP.loop, VOID);
  get(BLOCKS);
  c.push(OP.i32Eqz, OP.brIf, 1);
  for (let i = 0; i < RATE / 8; i++) {
    get(lane(i));
    get(POINTER);
    c.push(OP.i64Load, 3, ...uleb(INPUT_OFFSET + 8 * i), OP.i64Xor);
    set(lane(i));
  }
  c.push(OP.i32Const, 0);
  set(ROUND);
  c.push(OP.loop, VOID);
  for (let x = 0; x < 5; x++) {
    get(lane(x));
    for (let y = 1; y < 5; y++) {
      get(lane(x + 5 * y));
      c.push(OP.i64Xor);
    }
    set(column(x));
  }
  for (let x = 0; x < 5; x++) {
    get(column((x + 4) % 5));
    get(column((x + 1) % 5));
    rotl(1);
    c.push(OP.i64Xor);
    set(mix(x));
  }
  for (let x = 0; x < 5; x++) {
    for (let y = 0; y < 5; y++) {
      const i = x + 5 * y;
      get(lane(i));
      get(mix(x));
      c.push(OP.i64Xor);
      if (ROTATIONS[i] !== 0) rotl(ROTATIONS[i] as number);
      set(rotated(y + 5 * ((2 * x + 3 * y) % 5))); // π: (x, y) → (y, 2x + 3y)
    }
  }
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      // χ: A[x, y] = B[x, y] ⊕ (¬B[x + 1, y] ∧ B[x + 2, y])
      get(rotated(x + 5 * y));
      get(rotated(((x + 1) % 5) + 5 * y));
      c.push(OP.i64Const, 0x7f, OP.i64Xor);
      get(rotated(((x + 2) % 5) + 5 * y));
      c.push(OP.i64And, OP.i64Xor);
      set(lane(x + 5 * y));
    }
  }
  // ι, with the round counter stepping through the constants 8 bytes at a time.
  get(lane(0));
  get(ROUND);
  c.push(OP.i64Load, 3, ...uleb(ROUND_CONSTANTS_OFFSET), OP.i64Xor);
  set(lane(0));
  get(ROUND);
  c.push(OP.i32Const, 8, OP.i32Add);
  set(ROUND);
  get(ROUND);
  c.push(OP.i32Const, ...sleb32(ROUND_CONSTANTS.length * 8), OP.i32Ne, OP.brIf, 0, OP.end);
  get(POINTER);
  c.push(OP.i32Const, ...sleb32(RATE), OP.i32Add);
  set(POINTER);
  get(BLOCKS);
  c.push(OP.i32Const, 1, OP.i32Sub);
  set(BLOCKS);
  c.push(OP.br, 0, OP.end, OP.end);
  for (let i = 0; i < 4; i++) {
    c.push(OP.i32Const, 0);
    get(lane(i));
    c.push(OP.i64Store, 3, ...uleb(8 * i));
  }
  c.push(OP.end);
  return c;
}

const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];

/** The module's bytes: memory "memory" (1 page, growable) and function "absorb". */
export function keccakModuleBytes(): Uint8Array {
  const locals = [2, 2, I32, 60, I64]; // two groups: 2 × i32 (pointer, round), 60 × i64 (lanes, B, C, D)
  const body = [...locals, ...absorbBody()];
  const constants: number[] = [];
  for (const rc of ROUND_CONSTANTS) for (let i = 0n; i < 8n; i++) constants.push(Number((rc >> (8n * i)) & 0xffn));
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, [1, 0x60, 1, I32, 0]), // type 0: (i32) → ()
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(5, [1, 0, 1]), // one memory, at least 1 page
    ...section(7, [2, ...name("memory"), 2, 0, ...name("absorb"), 0, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
    ...section(11, [
      1,
      0,
      OP.i32Const,
      ...sleb32(ROUND_CONSTANTS_OFFSET),
      OP.end,
      ...uleb(constants.length),
      ...constants,
    ]),
  ]);
}
