// Deterministic random numbers and "interesting" values for the differential tester. The
// generator and the argument sets both draw from here, so a seed names a whole test case.
#pragma once

#include <cstdint>
#include <cstring>

#include "common/v128.h"

namespace wr::diff {

// SplitMix64: tiny, fast, and the same sequence on every platform and standard library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(Next() % n); }
  // True with probability percent/100.
  bool Chance(uint32_t percent) { return Below(100) < percent; }
  template <class T, size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[Below(N)];
  }

 private:
  uint64_t state_;
};

// Edge cases and random values, as bit patterns. Floats never come out as a NaN other than
// the canonical one: JS cannot pass other NaNs into wasm, and the generator canonicalises.
inline uint32_t InterestingI32(Rng& r) {
  static const uint32_t kPool[] = {
      0,    1,     0xffffffffu, 2,           0x80000000u, 0x7fffffffu, 0x7f, 0x80,
      0xff, 0x100, 0xffff,      0x8000,      0x10000,     31,          32,   33,
      63,   64,    0xfffffffeu, 0x7ffffffeu, 0x55555555u, 0xaaaaaaaau};
  switch (r.Below(4)) {
    case 0: return r.Pick(kPool);
    case 1: return r.Below(256);
    case 2: return static_cast<uint32_t>(-static_cast<int32_t>(r.Below(256)));
    default: return static_cast<uint32_t>(r.Next());
  }
}

inline uint64_t InterestingI64(Rng& r) {
  static const uint64_t kPool[] = {0,
                                   1,
                                   ~0ull,
                                   2,
                                   0x8000000000000000ull,
                                   0x7fffffffffffffffull,
                                   0x80000000ull,
                                   0x7fffffffull,
                                   0xffffffffull,
                                   0x100000000ull,
                                   0xffffffff80000000ull,
                                   63,
                                   64,
                                   65,
                                   0xff,
                                   0xffff,
                                   0x5555555555555555ull};
  switch (r.Below(4)) {
    case 0: return r.Pick(kPool);
    case 1: return r.Below(256);
    case 2: return static_cast<uint64_t>(-static_cast<int64_t>(r.Below(256)));
    default: return r.Next();
  }
}

inline bool IsNanF32(uint32_t b) {
  return (b & 0x7f800000u) == 0x7f800000u && (b & 0x7fffffu);
}
inline bool IsNanF64(uint64_t b) {
  return (b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (b & 0xfffffffffffffull);
}

inline uint32_t InterestingF32(Rng& r) {
  static const uint32_t kPool[] = {
      0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000, 0x40200000,
      0xc0200000, 0x7f800000, 0xff800000, 0x7fc00000, 0x00000001, 0x80000001, 0x00800000,
      0x7f7fffff, 0xff7fffff, 0x4f000000, 0xcf000000, 0x4f800000, 0x4effffff, 0x5f000000,
      0xdf000000, 0x3effffff, 0x4b000001, 0xcb7fffff, 0x007fffff, 0x40490fdb};
  uint32_t b;
  switch (r.Below(3)) {
    case 0: b = r.Pick(kPool); break;
    case 1: {
      const float f = static_cast<float>(static_cast<int32_t>(r.Below(2001)) - 1000) / 8.0f;
      std::memcpy(&b, &f, 4);
      break;
    }
    default: b = static_cast<uint32_t>(r.Next()); break;
  }
  return IsNanF32(b) ? 0x7fc00000u : b;
}

inline uint64_t InterestingF64(Rng& r) {
  static const uint64_t kPool[] = {
      0x0000000000000000ull, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
      0x3fe0000000000000ull, 0x3ff8000000000000ull, 0x4004000000000000ull, 0xc004000000000000ull,
      0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull, 0x0000000000000001ull,
      0x8000000000000001ull, 0x0010000000000000ull, 0x7fefffffffffffffull, 0x41e0000000000000ull,
      0xc1e0000000000000ull, 0x41f0000000000000ull, 0x43e0000000000000ull, 0xc3e0000000000000ull,
      0x43f0000000000000ull, 0x41dfffffffc00000ull, 0xc1e0000000200000ull, 0x3fdfffffffffffffull,
      0x4330000000000001ull, 0x400921fb54442d18ull, 0x000fffffffffffffull};
  uint64_t b;
  switch (r.Below(3)) {
    case 0: b = r.Pick(kPool); break;
    case 1: {
      const double d = static_cast<double>(static_cast<int32_t>(r.Below(2001)) - 1000) / 8.0;
      std::memcpy(&b, &d, 8);
      break;
    }
    default: b = r.Next(); break;
  }
  return IsNanF64(b) ? 0x7ff8000000000000ull : b;
}

inline V128 InterestingV128(Rng& r) {
  V128 v;
  switch (r.Below(5)) {
    case 0:
      for (int i = 0; i < 4; ++i) {
        const uint32_t x = InterestingI32(r);
        std::memcpy(v.bytes + 4 * i, &x, 4);
      }
      break;
    case 1:
      for (int i = 0; i < 2; ++i) {
        const uint64_t x = InterestingI64(r);
        std::memcpy(v.bytes + 8 * i, &x, 8);
      }
      break;
    case 2:
      for (int i = 0; i < 4; ++i) {
        const uint32_t x = InterestingF32(r);
        std::memcpy(v.bytes + 4 * i, &x, 4);
      }
      break;
    case 3:
      for (int i = 0; i < 2; ++i) {
        const uint64_t x = InterestingF64(r);
        std::memcpy(v.bytes + 8 * i, &x, 8);
      }
      break;
    default:
      for (int i = 0; i < 16; ++i) v.bytes[i] = static_cast<uint8_t>(r.Next());
      break;
  }
  return v;
}

}  // namespace wr::diff
