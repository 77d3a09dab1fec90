// mandel: double-precision float loop with a data-dependent exit: the Mandelbrot set on a
// SIZE x SIZE grid, up to 200 iterations per point. The checksum is over iteration counts.
#include "bench_common.h"

int main(int argc, char** argv) {
  long size = BenchSize(argc, argv, 400);
  uint64_t h = 0, total = 0;
  for (long py = 0; py < size; py++) {
    double ci = -1.25 + 2.5 * (double)py / (double)size;
    uint32_t row = 0;
    for (long px = 0; px < size; px++) {
      double cr = -2.0 + 2.75 * (double)px / (double)size;
      double zr = 0.0, zi = 0.0, zr2 = 0.0, zi2 = 0.0;
      uint32_t it = 0;
      while (it < 200 && zr2 + zi2 <= 4.0) {
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        zr2 = zr * zr;
        zi2 = zi * zi;
        it++;
      }
      row = row * 31 + it;
      total += it;
    }
    h = BenchMix(h, row);
  }
  BenchPrint("mandel", BenchMix(h, total));
  return 0;
}
