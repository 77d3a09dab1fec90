// fib: call-heavy recursion. Measures the cost of a wasm call and return (frame set-up,
// argument passing, the call-depth check) with almost no work per call: naive Fibonacci plus
// the Takeuchi function (three arguments, deep mutual recursion).
#include "bench_common.h"

__attribute__((noinline)) static uint32_t Fib(uint32_t n) {
  return n < 2 ? n : Fib(n - 1) + Fib(n - 2);
}

__attribute__((noinline)) static int32_t Tak(int32_t x, int32_t y, int32_t z) {
  if (y >= x) return z;
  return Tak(Tak(x - 1, y, z), Tak(y - 1, z, x), Tak(z - 1, x, y));
}

int main(int argc, char** argv) {
  long n = BenchSize(argc, argv, 30);
  uint64_t h = BenchMix(0, Fib((uint32_t)n));
  // Tak(3k, 2k, k) grows steeply with k; tie it loosely to n so both parts scale.
  int32_t k = (int32_t)(n / 4);
  for (int32_t i = 0; i < 4; i++) h = BenchMix(h, (uint64_t)Tak(3 * k + i, 2 * k, k));
  BenchPrint("fib", h);
  return 0;
}
