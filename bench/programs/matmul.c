// matmul: matrix code. Dense N x N products in double precision (i-k-j order: a scalar times a
// row, streamed) and in 32-bit integers (i-j-k order with a transposed operand: dot
// products), then a checksum over the results.
#include "bench_common.h"

int main(int argc, char** argv) {
  long n = BenchSize(argc, argv, 200);
  size_t cells = (size_t)n * (size_t)n;
  double* a = malloc(cells * sizeof *a);
  double* b = malloc(cells * sizeof *b);
  double* c = calloc(cells, sizeof *c);
  uint32_t* ia = malloc(cells * sizeof *ia);
  uint32_t* ibt = malloc(cells * sizeof *ibt);
  if (!a || !b || !c || !ia || !ibt) return 1;
  BenchRng r = {9};
  for (size_t i = 0; i < cells; i++) {
    a[i] = (double)(BenchNext(&r) % 1000) / 997.0 - 0.5;
    b[i] = (double)(BenchNext(&r) % 1000) / 991.0 - 0.5;
    ia[i] = BenchNext(&r);
    ibt[i] = BenchNext(&r);
  }
  for (long i = 0; i < n; i++)
    for (long k = 0; k < n; k++) {
      double aik = a[i * n + k];
      for (long j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
  uint64_t h = 0;
  for (size_t i = 0; i < cells; i++) h = BenchMix(h, BenchBits(c[i]));
  for (long i = 0; i < n; i++)
    for (long j = 0; j < n; j++) {
      uint32_t sum = 0;
      for (long k = 0; k < n; k++) sum += ia[i * n + k] * ibt[j * n + k];
      h = BenchMix(h, sum);
    }
  BenchPrint("matmul", h);
  free(a), free(b), free(c), free(ia), free(ibt);
  return 0;
}
