// Shared helpers for the benchmark programs. Every program is built twice with the same flags
// (clang -O2): to wasm32-wasi and natively; both builds must print the same line, so nothing
// here may depend on the target (no pointer values, no libm beyond sqrt, no long double).
#ifndef WASMRUN_BENCH_COMMON_H_
#define WASMRUN_BENCH_COMMON_H_

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The size argument (argv[1]); every program scales its work with it.
static inline long BenchSize(int argc, char** argv, long fallback) {
  if (argc < 2) return fallback;
  char* end = NULL;
  long v = strtol(argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || v <= 0) {
    fprintf(stderr, "usage: %s SIZE (a positive integer)\n", argv[0]);
    exit(2);
  }
  return v;
}

// A deterministic generator (64-bit LCG, high bits out): same stream on every target.
typedef struct {
  uint64_t s;
} BenchRng;

static inline uint32_t BenchNext(BenchRng* r) {
  r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)(r->s >> 32);
}

// Folds a value into a running checksum (FNV-1a style over 64-bit words).
static inline uint64_t BenchMix(uint64_t h, uint64_t v) {
  h ^= v;
  h *= 0x100000001b3ULL;
  h ^= h >> 29;
  return h;
}

// The exact bits of a double, so float results compare without printf rounding.
static inline uint64_t BenchBits(double d) {
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  return u;
}

static inline void BenchPrint(const char* name, uint64_t checksum) {
  printf("%s: %016llx\n", name, (unsigned long long)checksum);
}

#endif  // WASMRUN_BENCH_COMMON_H_
