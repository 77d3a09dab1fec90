// memops: byte and memory work through libc (wasi-libc's or glibc's own memcpy, memset,
// memmove, memcmp, strlen, strchr, strcmp) and hand-written byte loops: block copies at odd
// offsets and lengths, overlapping moves, string scanning and a byte-wise transform.
#include "bench_common.h"

enum { kBuf = 1 << 18 };

static uint64_t HashBytes(const uint8_t* p, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;
  return h;
}

// Copies, fills and moves blocks of pseudo-random size at pseudo-random offsets.
static uint64_t Blocks(uint8_t* a, uint8_t* b, long rounds, BenchRng* r) {
  uint64_t h = 0;
  for (long i = 0; i < rounds; i++) {
    size_t len = 1 + BenchNext(r) % 8192;
    size_t from = BenchNext(r) % (kBuf - len), to = BenchNext(r) % (kBuf - len);
    switch (BenchNext(r) % 4) {
      case 0: memcpy(b + to, a + from, len); break;
      case 1: memset(b + to, (int)(i & 0xff), len); break;
      case 2: memmove(a + to, a + from, len); break;
      default: h += (uint64_t)(memcmp(a + from, b + to, len) > 0); break;
    }
  }
  return BenchMix(h, HashBytes(a, kBuf) ^ HashBytes(b, kBuf));
}

// Builds NUL-separated words, then scans them with the str* functions.
static uint64_t Strings(char* s, long rounds, BenchRng* r) {
  size_t pos = 0;
  while (pos + 40 < kBuf) {
    size_t len = 1 + BenchNext(r) % 32;
    for (size_t k = 0; k < len; k++) s[pos + k] = (char)('a' + BenchNext(r) % 16);
    s[pos + len] = '\0';
    pos += len + 1;
  }
  s[pos] = '\0';
  uint64_t h = 0;
  for (long i = 0; i < rounds; i++) {
    size_t at = 0, words = 0;
    const char* prev = "";
    while (at < pos) {
      const char* w = s + at;
      size_t len = strlen(w);
      const char* c = strchr(w, 'a' + (int)(i % 16));
      h += c ? (uint64_t)(c - w) : len;
      h += (uint64_t)(strcmp(prev, w) < 0);
      prev = w;
      at += len + 1;
      words++;
    }
    h = BenchMix(h, words);
  }
  return h;
}

// A hand-written byte loop (what a compiler cannot hand to libc): rot13 plus a running xor.
static uint64_t Transform(uint8_t* p, long rounds) {
  uint8_t acc = 0;
  for (long i = 0; i < rounds; i++) {
    for (size_t k = 0; k < kBuf; k++) {
      uint8_t c = p[k];
      if (c >= 'a' && c <= 'z') c = (uint8_t)('a' + (c - 'a' + 13) % 26);
      acc ^= c;
      p[k] = (uint8_t)(c + acc);
    }
  }
  return HashBytes(p, kBuf);
}

int main(int argc, char** argv) {
  long n = BenchSize(argc, argv, 100);
  uint8_t* a = malloc(kBuf);
  uint8_t* b = malloc(kBuf);
  char* s = malloc(kBuf);
  if (!a || !b || !s) return 1;
  BenchRng r = {7};
  for (size_t k = 0; k < kBuf; k++) a[k] = (uint8_t)BenchNext(&r), b[k] = (uint8_t)k;
  uint64_t h = Blocks(a, b, n * 100, &r);
  h = BenchMix(h, Strings(s, n / 4 + 1, &r));
  h = BenchMix(h, Transform((uint8_t*)s, n / 10 + 1));
  BenchPrint("memops", h);
  free(a);
  free(b);
  free(s);
  return 0;
}
