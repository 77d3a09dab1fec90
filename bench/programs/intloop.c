// intloop: integer loops with data-dependent branches and little memory traffic: a sieve of
// Eratosthenes (byte array, nested loops), Collatz chain lengths (64-bit arithmetic, an
// unpredictable branch), and Euclid's gcd (division and remainder in the loop).
#include "bench_common.h"

static uint64_t Sieve(uint32_t n) {
  uint8_t* composite = calloc(n + 1, 1);
  if (!composite) exit(1);
  uint64_t sum = 0, count = 0;
  for (uint32_t i = 2; i <= n; i++) {
    if (composite[i]) continue;
    count++;
    sum += i;
    for (uint64_t j = (uint64_t)i * i; j <= n; j += i) composite[j] = 1;
  }
  free(composite);
  return BenchMix(sum, count);
}

static uint64_t Collatz(uint32_t n) {
  uint64_t total = 0;
  uint32_t best = 0;
  for (uint32_t start = 1; start <= n; start++) {
    uint64_t x = start;
    uint32_t steps = 0;
    while (x != 1) {
      x = (x & 1) ? 3 * x + 1 : x >> 1;
      steps++;
    }
    total += steps;
    if (steps > best) best = steps;
  }
  return BenchMix(total, best);
}

static uint64_t GcdSum(uint32_t n) {
  uint64_t sum = 0;
  for (uint32_t a = 1; a <= n; a++) {
    for (uint32_t b = a; b <= n; b += 7) {
      uint32_t x = a, y = b;
      while (y != 0) {
        uint32_t t = x % y;
        x = y;
        y = t;
      }
      sum += x;
    }
  }
  return sum;
}

int main(int argc, char** argv) {
  long n = BenchSize(argc, argv, 1000);  // thousands
  uint32_t m = (uint32_t)n * 1000;
  uint64_t h = BenchMix(0, Sieve(m));
  h = BenchMix(h, Collatz(m / 8));
  h = BenchMix(h, GcdSum((uint32_t)n + 200));
  BenchPrint("intloop", h);
  return 0;
}
