// sha256: 32-bit rotations, shifts, and additions in a fixed 64-round loop over 64-byte blocks
// (FIPS 180-4 SHA-256, written from the standard), hashing SIZE x 64 KiB of generated data.
#include "bench_common.h"

typedef struct {
  uint32_t h[8];
  uint8_t block[64];
  size_t fill;
  uint64_t length;
} Sha256;

static const uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static inline uint32_t Rotr(uint32_t x, unsigned n) {
  return (x >> n) | (x << (32 - n));
}

static void Compress(Sha256* c, const uint8_t* p) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
           p[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = Rotr(w[i - 15], 7) ^ Rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = Rotr(w[i - 2], 17) ^ Rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3];
  uint32_t e = c->h[4], f = c->h[5], g = c->h[6], h = c->h[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 =
        h + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + ((e & f) ^ (~e & g)) + kRound[i] + w[i];
    uint32_t t2 = (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b) ^ (a & cc) ^ (b & cc));
    h = g, g = f, f = e, e = d + t1, d = cc, cc = b, b = a, a = t1 + t2;
  }
  c->h[0] += a, c->h[1] += b, c->h[2] += cc, c->h[3] += d;
  c->h[4] += e, c->h[5] += f, c->h[6] += g, c->h[7] += h;
}

static void Init(Sha256* c) {
  static const uint32_t kInit[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(c->h, kInit, sizeof kInit);
  c->fill = 0;
  c->length = 0;
}

static void Update(Sha256* c, const uint8_t* p, size_t n) {
  c->length += n;
  while (n > 0) {
    if (c->fill == 0 && n >= 64) {
      Compress(c, p);
      p += 64, n -= 64;
      continue;
    }
    size_t take = 64 - c->fill < n ? 64 - c->fill : n;
    memcpy(c->block + c->fill, p, take);
    c->fill += take, p += take, n -= take;
    if (c->fill == 64) Compress(c, c->block), c->fill = 0;
  }
}

static void Final(Sha256* c, uint8_t out[32]) {
  uint64_t bits = c->length * 8;
  uint8_t pad[72] = {0x80};
  size_t padlen = (c->fill < 56 ? 56 : 120) - c->fill;
  for (int i = 0; i < 8; i++) pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
  Update(c, pad, padlen + 8);
  for (int i = 0; i < 8; i++)
    for (int k = 0; k < 4; k++) out[4 * i + k] = (uint8_t)(c->h[i] >> (24 - 8 * k));
}

int main(int argc, char** argv) {
  long n = BenchSize(argc, argv, 64);
  enum { kChunk = 64 * 1024 };
  uint8_t* data = malloc(kChunk);
  if (!data) return 1;
  BenchRng r = {1};
  for (size_t i = 0; i < kChunk; i++) data[i] = (uint8_t)BenchNext(&r);
  // Self-check against the FIPS 180-4 example "abc" so a wrong engine cannot agree by accident.
  Sha256 c;
  uint8_t digest[32];
  Init(&c);
  Update(&c, (const uint8_t*)"abc", 3);
  Final(&c, digest);
  if (digest[0] != 0xba || digest[31] != 0xad) {
    printf("sha256: self-check failed\n");
    return 1;
  }
  uint64_t h = 0;
  Init(&c);
  for (long i = 0; i < n; i++) {
    data[i % kChunk] ^= (uint8_t)i;  // vary the input between chunks
    Update(&c, data, kChunk - (size_t)(i % 61));
  }
  Final(&c, digest);
  for (int i = 0; i < 32; i += 8) {
    uint64_t w;
    memcpy(&w, digest + i, 8);
    h = BenchMix(h, w);
  }
  BenchPrint("sha256", h);
  free(data);
  return 0;
}
