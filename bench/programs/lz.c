// lz: compression. An LZ77 compressor with hash chains over a 64 KiB window (the inner loop of
// deflate-style codecs: hashing, chain walks, byte-by-byte match extension) and its
// decompressor (overlapping copies), on generated text. The round trip is verified.
//
// Format: a control byte c < 0x80 is followed by c + 1 literal bytes; c >= 0x80 is a match of
// length (c & 0x7f) + kMinMatch at a 16-bit little-endian distance 1..65535 that follows.
#include "bench_common.h"

enum {
  kMinMatch = 4,
  kMaxMatch = 0x7f + kMinMatch,
  kWindow = 1 << 16,
  kHashBits = 15,
  kMaxChain = 32,
};

static inline uint32_t Hash4(const uint8_t* p) {
  uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
  return (v * 2654435761u) >> (32 - kHashBits);
}

// Returns the compressed size; out must hold n + n / 128 + 16 bytes.
static size_t Compress(const uint8_t* in, size_t n, uint8_t* out, int32_t* head, int32_t* prev) {
  for (size_t i = 0; i < (1u << kHashBits); i++) head[i] = -1;
  size_t o = 0, lit_start = 0, i = 0;
#define FLUSH_LITERALS(end)                                     \
  while (lit_start < (end)) {                                   \
    size_t run = (end)-lit_start > 128 ? 128 : (end)-lit_start; \
    out[o++] = (uint8_t)(run - 1);                              \
    memcpy(out + o, in + lit_start, run);                       \
    o += run, lit_start += run;                                 \
  }
  while (i + kMinMatch <= n) {
    uint32_t h = Hash4(in + i);
    int32_t cand = head[h];
    size_t best_len = 0, best_dist = 0;
    for (int chain = 0; cand >= 0 && chain < kMaxChain; chain++) {
      size_t dist = i - (size_t)cand;
      if (dist >= kWindow) break;
      size_t limit = n - i < kMaxMatch ? n - i : kMaxMatch, len = 0;
      while (len < limit && in[cand + len] == in[i + len]) len++;
      if (len > best_len) best_len = len, best_dist = dist;
      if (len == limit) break;
      cand = prev[cand & (kWindow - 1)];
    }
    prev[i & (kWindow - 1)] = head[h];
    head[h] = (int32_t)i;
    if (best_len >= kMinMatch) {
      FLUSH_LITERALS(i);
      out[o++] = (uint8_t)(0x80 | (best_len - kMinMatch));
      out[o++] = (uint8_t)best_dist;
      out[o++] = (uint8_t)(best_dist >> 8);
      // Insert the skipped positions so later matches can find them.
      for (size_t k = 1; k < best_len && i + k + kMinMatch <= n; k++) {
        uint32_t hk = Hash4(in + i + k);
        prev[(i + k) & (kWindow - 1)] = head[hk];
        head[hk] = (int32_t)(i + k);
      }
      i += best_len;
      lit_start = i;
    } else {
      i++;
    }
  }
  FLUSH_LITERALS(n);
#undef FLUSH_LITERALS
  return o;
}

static size_t Decompress(const uint8_t* in, size_t n, uint8_t* out, size_t cap) {
  size_t i = 0, o = 0;
  while (i < n) {
    uint8_t c = in[i++];
    if (c < 0x80) {
      size_t run = (size_t)c + 1;
      if (i + run > n || o + run > cap) return (size_t)-1;
      memcpy(out + o, in + i, run);
      i += run, o += run;
    } else {
      if (i + 2 > n) return (size_t)-1;
      size_t len = (size_t)(c & 0x7f) + kMinMatch, dist = in[i] | (size_t)in[i + 1] << 8;
      i += 2;
      if (dist == 0 || dist > o || o + len > cap) return (size_t)-1;
      for (size_t k = 0; k < len; k++, o++) out[o] = out[o - dist];  // may overlap
    }
  }
  return o;
}

// Pseudo-text: words from a small vocabulary with occasional random bytes, so that matches
// are common but not trivial.
static void MakeText(uint8_t* p, size_t n) {
  static const char* const kWords[] = {
      "the ",   "wasm ",      "module ",   "function ", "memory ", "table ",  "global ",
      "local ", "interpret ", "compile ",  "validate ", "stack ",  "frame ",  "branch ",
      "loop ",  "block ",     "return ",   "call ",     "import ", "export ", "value ",
      "type ",  "i32.add ",   "f64.mul ",  "br_table ", "select ", "drop ",   "nop ",
      "\n",     ", ",         "instance ", "trap "};
  BenchRng r = {5};
  size_t i = 0;
  while (i < n) {
    uint32_t x = BenchNext(&r);
    if (x % 13 == 0) {
      p[i++] = (uint8_t)(x >> 8);
      continue;
    }
    const char* w = kWords[(x >> 8) % (sizeof kWords / sizeof kWords[0])];
    for (size_t k = 0; w[k] && i < n; k++) p[i++] = (uint8_t)w[k];
  }
}

int main(int argc, char** argv) {
  long n = BenchSize(argc, argv, 4096) * 1024;
  uint8_t* text = malloc((size_t)n);
  uint8_t* packed = malloc((size_t)n + (size_t)n / 128 + 16);
  uint8_t* back = malloc((size_t)n);
  int32_t* head = malloc(sizeof(int32_t) << kHashBits);
  int32_t* prev = malloc(sizeof(int32_t) * kWindow);
  if (!text || !packed || !back || !head || !prev) return 1;
  MakeText(text, (size_t)n);
  size_t size = Compress(text, (size_t)n, packed, head, prev);
  size_t got = Decompress(packed, size, back, (size_t)n);
  if (got != (size_t)n || memcmp(text, back, (size_t)n) != 0) {
    printf("lz: round trip failed\n");
    return 1;
  }
  uint64_t h = size;
  for (size_t i = 0; i < size; i++) h = (h ^ packed[i]) * 1099511628211ULL;
  BenchPrint("lz", BenchMix(h, (uint64_t)n));
  free(text), free(packed), free(back), free(head), free(prev);
  return 0;
}
