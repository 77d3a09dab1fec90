// bitops: hashing and bit manipulation on 32- and 64-bit integers: table-driven CRC-32 (byte
// loads plus table lookups), a 64-bit multiply-rotate hash in the style of xxHash (four
// independent lanes), and popcount / count-leading-zeros / count-trailing-zeros / bit reversal,
// which map to single wasm instructions.
#include "bench_common.h"

static uint32_t crc_table[256];

static void CrcInit(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
}

static uint32_t Crc32(const uint8_t* p, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

static inline uint64_t Rotl64(uint64_t x, unsigned r) {
  return (x << r) | (x >> (64 - r));
}

// Four lanes of multiply-rotate over 32-byte stripes, then a final avalanche.
static uint64_t LaneHash(const uint8_t* p, size_t n, uint64_t seed) {
  const uint64_t k1 = 0x9E3779B185EBCA87ULL, k2 = 0xC2B2AE3D27D4EB4FULL;
  uint64_t v[4] = {seed + k1 + k2, seed + k2, seed, seed - k1};
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    for (int l = 0; l < 4; l++) {
      uint64_t w;
      memcpy(&w, p + i + 8 * l, 8);
      v[l] = Rotl64(v[l] + w * k2, 31) * k1;
    }
  }
  uint64_t h = Rotl64(v[0], 1) + Rotl64(v[1], 7) + Rotl64(v[2], 12) + Rotl64(v[3], 18);
  for (; i < n; i++) h = Rotl64(h ^ (p[i] * k1), 11) * k2;
  h ^= h >> 33;
  h *= k2;
  h ^= h >> 29;
  return h;
}

static uint64_t BitCounts(uint64_t x, long n) {
  uint64_t acc = 0;
  for (long i = 0; i < n; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;  // xorshift64
    uint32_t lo = (uint32_t)x;
    acc += (uint64_t)__builtin_popcountll(x);
    acc += (uint64_t)(x ? __builtin_clzll(x) : 64) * 3;
    acc += (uint64_t)(lo ? __builtin_ctz(lo) : 32) * 5;
    uint32_t rev = lo;
    rev = ((rev >> 1) & 0x55555555u) | ((rev & 0x55555555u) << 1);
    rev = ((rev >> 2) & 0x33333333u) | ((rev & 0x33333333u) << 2);
    rev = ((rev >> 4) & 0x0F0F0F0Fu) | ((rev & 0x0F0F0F0Fu) << 4);
    rev = __builtin_bswap32(rev);
    acc ^= (uint64_t)rev << (i & 31);
  }
  return acc;
}

int main(int argc, char** argv) {
  long n = BenchSize(argc, argv, 64);
  enum { kChunk = 64 * 1024 };
  uint8_t* data = malloc(kChunk);
  if (!data) return 1;
  BenchRng r = {3};
  for (size_t i = 0; i < kChunk; i++) data[i] = (uint8_t)BenchNext(&r);
  CrcInit();
  // Self-check: the standard CRC-32 check value of "123456789".
  if (Crc32((const uint8_t*)"123456789", 9) != 0xCBF43926u) {
    printf("bitops: crc self-check failed\n");
    return 1;
  }
  uint64_t h = 0;
  for (long i = 0; i < n; i++) {
    size_t len = kChunk - (size_t)(i % 97);
    h = BenchMix(h, Crc32(data, len));
    h = BenchMix(h, LaneHash(data, len, (uint64_t)i));
    data[(size_t)(i * 131) % kChunk] ^= (uint8_t)h;
  }
  h = BenchMix(h, BitCounts(0x12345678ABCDEFULL, n * 20000));
  BenchPrint("bitops", h);
  free(data);
  return 0;
}
