// switch_ref: the native baseline of the generated switchNk modules (bench/gen/gen_switch.py),
// built with -DCASES=N. It computes the same checksum from a per-case table and an 8-way switch
// over the case shapes, because clang needs minutes to compile a 4,000-case switch at -O2; its
// time is the cost of the work, not of the dispatch the wasm version measures.
#include "bench_common.h"

#ifndef CASES
#error "build with -DCASES=N"
#endif

typedef struct {
  uint32_t a, b, s, d;
} Case;

static Case cases[CASES];

// Same as Constant() in gen_switch.py.
static uint32_t Constant(uint64_t k, uint64_t salt) {
  uint64_t z = k * 0x9E3779B97F4A7C15ULL + salt * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return (uint32_t)(z ^ (z >> 31)) | 1u;
}

static inline uint32_t Apply(uint32_t k, uint32_t x) {
  const Case* c = &cases[k];
  switch (k % 8) {
    case 0: return x * c->a + c->b;
    case 1: return ((x << c->s) | (x >> (32 - c->s))) ^ c->a;
    case 2: return (x + c->a) ^ (x >> c->s);
    case 3: return (x ^ c->b) * c->a;
    case 4: return x - (x << c->s) + c->a;
    case 5: return ~x + c->b;
    case 6: return x / c->d + c->a;
    default: return (x & c->a) | ((x >> c->s) ^ c->b);
  }
}

int main(int argc, char** argv) {
  long n = BenchSize(argc, argv, 1000) * 1000;
  for (uint32_t k = 0; k < CASES; k++)
    cases[k] = (Case){Constant(k, 1), Constant(k, 2), 1 + k % 31, k % 97 + 3};
  BenchRng r = {17};
  uint32_t x = 1;
  for (long i = 0; i < n; i++) x = Apply(BenchNext(&r) % CASES, x) ^ (uint32_t)i;
  char name[32];
  if (CASES % 1000 == 0)
    snprintf(name, sizeof name, "switch%dk", CASES / 1000);
  else
    snprintf(name, sizeof name, "switch%d", CASES);
  BenchPrint(name, x);
  return 0;
}
