// Wide arithmetic (the wide-arithmetic proposal): 128-bit integers as two i64 halves, low
// half first on the stack. Part of wr::num's contract (numerics.h): one function per opcode,
// named as its enumerator; the two results come back as a U64Pair (lo, hi).
//
// Computed by hand on 64-bit halves, with no __int128 and no signed overflow: carries and
// borrows are the comparisons of unsigned wrap-around, products are built from 32-bit limbs.
#pragma once

#include <cstdint>

namespace wr::num {

struct U64Pair {
  uint64_t lo = 0, hi = 0;
};

// (a_lo + 2^64 a_hi) + (b_lo + 2^64 b_hi) mod 2^128.
inline U64Pair I64Add128(uint64_t a_lo, uint64_t a_hi, uint64_t b_lo, uint64_t b_hi) {
  const uint64_t lo = a_lo + b_lo;
  const uint64_t carry = lo < a_lo ? 1 : 0;
  return {lo, a_hi + b_hi + carry};
}

// (a_lo + 2^64 a_hi) - (b_lo + 2^64 b_hi) mod 2^128.
inline U64Pair I64Sub128(uint64_t a_lo, uint64_t a_hi, uint64_t b_lo, uint64_t b_hi) {
  const uint64_t borrow = a_lo < b_lo ? 1 : 0;
  return {a_lo - b_lo, a_hi - b_hi - borrow};
}

// The full 128-bit product of two unsigned 64-bit values.
inline U64Pair I64MulWideU(uint64_t a, uint64_t b) {
  constexpr uint64_t kMask = 0xffffffffu;
  const uint64_t a0 = a & kMask, a1 = a >> 32, b0 = b & kMask, b1 = b >> 32;
  const uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  // At most 3 (2^32 - 1): no overflow.
  const uint64_t mid = (p00 >> 32) + (p01 & kMask) + (p10 & kMask);
  return {(p00 & kMask) | (mid << 32), p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32)};
}

// The full 128-bit product of two signed 64-bit values: the unsigned product, corrected by
// 2^64 b for a negative a and 2^64 a for a negative b (mod 2^128).
inline U64Pair I64MulWideS(uint64_t a, uint64_t b) {
  U64Pair p = I64MulWideU(a, b);
  if (a >> 63) p.hi -= b;
  if (b >> 63) p.hi -= a;
  return p;
}

}  // namespace wr::num
