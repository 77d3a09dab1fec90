// nbody: double-precision float loops. An O(n^2) gravity simulation of a generated cluster of
// bodies with a leapfrog integrator (sqrt and division in the inner loop), then the energy.
// Only +, -, *, / and sqrt are used, which IEEE 754 defines exactly, so wasm and native agree
// bit for bit.
#include <math.h>

#include "bench_common.h"

enum { kBodies = 40 };

typedef struct {
  double x, y, z, vx, vy, vz, m;
} Body;

static void Init(Body* b, int n) {
  BenchRng r = {42};
  for (int i = 0; i < n; i++) {
    b[i].x = (double)(BenchNext(&r) % 20001) / 1000.0 - 10.0;
    b[i].y = (double)(BenchNext(&r) % 20001) / 1000.0 - 10.0;
    b[i].z = (double)(BenchNext(&r) % 2001) / 1000.0 - 1.0;
    b[i].vx = (double)(BenchNext(&r) % 2001) / 10000.0 - 0.1;
    b[i].vy = (double)(BenchNext(&r) % 2001) / 10000.0 - 0.1;
    b[i].vz = 0.0;
    b[i].m = 0.5 + (double)(BenchNext(&r) % 1000) / 1000.0;
  }
}

static void Step(Body* b, int n, double dt) {
  for (int i = 0; i < n; i++) {
    for (int j = i + 1; j < n; j++) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      double d2 = dx * dx + dy * dy + dz * dz + 0.01;  // softened: no singularity
      double mag = dt / (d2 * sqrt(d2));
      b[i].vx -= dx * b[j].m * mag;
      b[i].vy -= dy * b[j].m * mag;
      b[i].vz -= dz * b[j].m * mag;
      b[j].vx += dx * b[i].m * mag;
      b[j].vy += dy * b[i].m * mag;
      b[j].vz += dz * b[i].m * mag;
    }
  }
  for (int i = 0; i < n; i++) {
    b[i].x += dt * b[i].vx;
    b[i].y += dt * b[i].vy;
    b[i].z += dt * b[i].vz;
  }
}

static double Energy(const Body* b, int n) {
  double e = 0.0;
  for (int i = 0; i < n; i++) {
    e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
    for (int j = i + 1; j < n; j++) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz + 0.01);
    }
  }
  return e;
}

int main(int argc, char** argv) {
  long steps = BenchSize(argc, argv, 1000);
  Body bodies[kBodies];
  Init(bodies, kBodies);
  uint64_t h = BenchBits(Energy(bodies, kBodies));
  for (long s = 0; s < steps; s++) Step(bodies, kBodies, 0.001);
  double e = Energy(bodies, kBodies);
  h = BenchMix(h, BenchBits(e));
  for (int i = 0; i < kBodies; i++) h = BenchMix(h, BenchBits(bodies[i].x));
  BenchPrint("nbody", h);
  return 0;
}
