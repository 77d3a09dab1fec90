// simd: 128-bit SIMD. Built for wasm with -msimd128 it uses wasm_simd128.h intrinsics (v128
// loads and stores, saturating byte adds, i16 dot products, f32x4 arithmetic, shuffles,
// swizzles, compares and bitselect); the native build runs a scalar path that computes exactly
// the same lanes in the same order, so both print the same checksum.
#include "bench_common.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

enum { kN = 4096 };  // elements per array; a multiple of 16

typedef struct {
  uint8_t b0[kN], b1[kN], b2[kN];
  int16_t s0[kN], s1[kN];
  float f0[kN], f1[kN];
  int32_t i0[kN], i1[kN];
} Data;

// out = max(sat_add_u8(a, b), c); a = out.
static void BytesKernel(uint8_t* a, const uint8_t* b, const uint8_t* c) {
#ifdef __wasm_simd128__
  for (int i = 0; i < kN; i += 16) {
    v128_t v = wasm_u8x16_add_sat(wasm_v128_load(a + i), wasm_v128_load(b + i));
    wasm_v128_store(a + i, wasm_u8x16_max(v, wasm_v128_load(c + i)));
  }
#else
  for (int i = 0; i < kN; i++) {
    unsigned s = (unsigned)a[i] + b[i];
    uint8_t v = s > 255 ? 255 : (uint8_t)s;
    a[i] = v > c[i] ? v : c[i];
  }
#endif
}

// Sum of s0[i] * s1[i] in wrapping 32-bit arithmetic.
static uint32_t DotKernel(const int16_t* x, const int16_t* y) {
#ifdef __wasm_simd128__
  v128_t acc = wasm_i32x4_splat(0);
  for (int i = 0; i < kN; i += 8)
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_v128_load(x + i), wasm_v128_load(y + i)));
  return (uint32_t)wasm_i32x4_extract_lane(acc, 0) + (uint32_t)wasm_i32x4_extract_lane(acc, 1) +
         (uint32_t)wasm_i32x4_extract_lane(acc, 2) + (uint32_t)wasm_i32x4_extract_lane(acc, 3);
#else
  uint32_t acc = 0;
  for (int i = 0; i < kN; i++) acc += (uint32_t)((int32_t)x[i] * (int32_t)y[i]);
  return acc;
#endif
}

// y = a * x + y (two roundings, no fused multiply-add), then the sum of sqrt(|y|) capped at
// 100, kept in four lane accumulators in both builds so the rounding order is the same.
static uint64_t FloatKernel(float a, const float* x, float* y) {
#ifdef __wasm_simd128__
  v128_t va = wasm_f32x4_splat(a), cap = wasm_f32x4_splat(100.0f), sum = wasm_f32x4_splat(0.0f);
  for (int i = 0; i < kN; i += 4) {
    v128_t v = wasm_f32x4_add(wasm_f32x4_mul(va, wasm_v128_load(x + i)), wasm_v128_load(y + i));
    wasm_v128_store(y + i, v);
    sum = wasm_f32x4_add(sum, wasm_f32x4_min(wasm_f32x4_sqrt(wasm_f32x4_abs(v)), cap));
  }
  float lanes[4];
  wasm_v128_store(lanes, sum);
#else
  float lanes[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  for (int i = 0; i < kN; i += 4) {
    for (int l = 0; l < 4; l++) {
      float prod = a * x[i + l];
      float v = prod + y[i + l];
      y[i + l] = v;
      float s = __builtin_sqrtf(v < 0.0f ? -v : v);
      lanes[l] += s < 100.0f ? s : 100.0f;
    }
  }
#endif
  uint64_t h = 0;
  for (int l = 0; l < 4; l++) {
    uint32_t bits;
    memcpy(&bits, &lanes[l], sizeof bits);
    h = BenchMix(h, bits);
  }
  return h;
}

// Reverses each 16-byte block of src into dst, then dst = swizzle(dst, idx & 31): indices
// 16..31 select zero.
static void ShuffleKernel(const uint8_t* src, const uint8_t* idx, uint8_t* dst) {
#ifdef __wasm_simd128__
  v128_t mask = wasm_i8x16_splat(31);
  for (int i = 0; i < kN; i += 16) {
    v128_t v = wasm_v128_load(src + i);
    v = wasm_i8x16_shuffle(v, v, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    v = wasm_i8x16_swizzle(v, wasm_v128_and(wasm_v128_load(idx + i), mask));
    wasm_v128_store(dst + i, v);
  }
#else
  for (int i = 0; i < kN; i += 16) {
    uint8_t rev[16];
    for (int l = 0; l < 16; l++) rev[l] = src[i + 15 - l];
    for (int l = 0; l < 16; l++) {
      unsigned k = idx[i + l] & 31u;
      dst[i + l] = k < 16 ? rev[k] : 0;
    }
  }
#endif
}

// a = a > b ? a - b : b * 3 (lane-wise, wrapping); then b = b ^ (a << 1).
static void SelectKernel(int32_t* a, int32_t* b) {
#ifdef __wasm_simd128__
  for (int i = 0; i < kN; i += 4) {
    v128_t va = wasm_v128_load(a + i), vb = wasm_v128_load(b + i);
    v128_t gt = wasm_i32x4_gt(va, vb);
    v128_t r =
        wasm_v128_bitselect(wasm_i32x4_sub(va, vb), wasm_i32x4_mul(vb, wasm_i32x4_splat(3)), gt);
    wasm_v128_store(a + i, r);
    wasm_v128_store(b + i, wasm_v128_xor(vb, wasm_i32x4_shl(r, 1)));
  }
#else
  for (int i = 0; i < kN; i++) {
    uint32_t x = (uint32_t)a[i], y = (uint32_t)b[i];
    uint32_t r = a[i] > b[i] ? x - y : y * 3u;
    a[i] = (int32_t)r;
    b[i] = (int32_t)(y ^ (r << 1));
  }
#endif
}

static uint64_t HashBytes(const void* p, size_t n) {
  const uint8_t* b = p;
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ULL;
  return h;
}

int main(int argc, char** argv) {
  long n = BenchSize(argc, argv, 400);
  static Data d;
  BenchRng r = {13};
  for (int i = 0; i < kN; i++) {
    d.b0[i] = (uint8_t)BenchNext(&r) & 0x3f;
    d.b1[i] = (uint8_t)BenchNext(&r);
    d.b2[i] = (uint8_t)BenchNext(&r);
    d.s0[i] = (int16_t)BenchNext(&r);
    d.s1[i] = (int16_t)BenchNext(&r);
    d.f0[i] = (float)(int32_t)(BenchNext(&r) % 2001 - 1000) / 256.0f;
    d.f1[i] = (float)(int32_t)(BenchNext(&r) % 2001 - 1000) / 128.0f;
    d.i0[i] = (int32_t)BenchNext(&r);
    d.i1[i] = (int32_t)BenchNext(&r);
  }
  uint64_t h = 0;
  for (long round = 0; round < n; round++) {
    BytesKernel(d.b0, d.b1, d.b2);
    d.b1[round % kN] ^= (uint8_t)round;
    h = BenchMix(h, DotKernel(d.s0, d.s1));
    d.s0[(round * 7) % kN] = (int16_t)(d.s0[(round * 7) % kN] + 1);
    h = BenchMix(h, FloatKernel(round % 2 ? -0.75f : 0.5f, d.f0, d.f1));
    ShuffleKernel(d.b0, d.b1, d.b2);
    SelectKernel(d.i0, d.i1);
  }
  h = BenchMix(h, HashBytes(d.b0, kN) ^ HashBytes(d.b2, kN));
  h = BenchMix(h, HashBytes(d.i0, sizeof d.i0) ^ HashBytes(d.f1, sizeof d.f1));
  BenchPrint("simd", h);
  return 0;
}
