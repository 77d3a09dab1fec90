// Relaxed SIMD (WebAssembly 3.0). The spec lets each relaxed operator return one of a list of
// results, selected by an implementation-wide parameter R (document/core/exec/numerics.rst,
// "Relaxed Operations"). wasmrun always takes choice 0, which is what the deterministic
// profile prescribes, so every relaxed operator here behaves like its strict counterpart:
//
//   relaxed_swizzle          -> swizzle (an index >= 16 gives 0)
//   relaxed_trunc            -> trunc_sat (NaN -> 0, out of range saturates)
//   relaxed_madd / nmadd     -> unfused: add(mul(a, b), c), two roundings
//   relaxed_laneselect       -> bitselect with the mask as given (no top-bit expansion)
//   relaxed_min / max        -> min / max
//   relaxed_q15mulr_s        -> q15mulr_sat_s (-32768 * -32768 gives 32767)
//   relaxed_dot_i8x16_i7x16  -> both operands signed, pair sums saturated to i16
//                               (ivdot_sat); the _add variant then adds the i16 pairs into
//                               i32 lanes (extadd_pairwise_s) and adds c with wrapping.
#pragma once

#include <cstdint>

#include "interp/numerics.h"
#include "interp/simd_float.h"
#include "interp/simd_int.h"
#include "interp/simd_lanes.h"

namespace wr::num {

namespace detail {

// Unfused multiply-add: the product is rounded on its own. It is a separate statement so the
// compiler cannot contract it into an FMA (GCC in ISO mode and Clang contract only within one
// expression, if at all).
template <class F>
inline F MaddUnfused(F a, F b, F c) {
  const F product = a * b;
  return product + c;
}

// Bitselect: bits of a where mask is 1, of b where it is 0.
inline V128 Bitselect(const V128& a, const V128& b, const V128& mask) {
  return V128::FromU64((a.Lo() & mask.Lo()) | (b.Lo() & ~mask.Lo()),
                       (a.Hi() & mask.Hi()) | (b.Hi() & ~mask.Hi()));
}

// Lane j of the result is a[s[j]], or 0 when s[j] >= 16.
inline V128 Swizzle(const V128& a, const V128& s) {
  V128 r;
  for (unsigned i = 0; i < 16; ++i) {
    const uint8_t k = s.bytes[i];
    r.bytes[i] = k < 16 ? a.bytes[k] : 0;
  }
  return r;
}

// i16 lane i = sat_s(a[2i] * b[2i] + a[2i+1] * b[2i+1]), all signed.
inline V128 DotI8x16I7x16(const V128& a, const V128& b) {
  return Pairwise<int8_t, int16_t>(a, b, [](int8_t a0, int8_t a1, int8_t b0, int8_t b1) {
    return Saturate<int16_t>(int64_t{a0} * b0 + int64_t{a1} * b1);
  });
}

}  // namespace detail

inline V128 I8x16RelaxedSwizzle(V128 a, V128 s) {
  return detail::Swizzle(a, s);
}

inline V128 I32x4RelaxedTruncF32x4S(V128 a) {
  return I32x4TruncSatF32x4S(a);
}
inline V128 I32x4RelaxedTruncF32x4U(V128 a) {
  return I32x4TruncSatF32x4U(a);
}
inline V128 I32x4RelaxedTruncF64x2SZero(V128 a) {
  return I32x4TruncSatF64x2SZero(a);
}
inline V128 I32x4RelaxedTruncF64x2UZero(V128 a) {
  return I32x4TruncSatF64x2UZero(a);
}

inline V128 F32x4RelaxedMadd(V128 a, V128 b, V128 c) {
  return detail::Map3<float>(a, b, c, detail::MaddUnfused<float>);
}
// nmadd(a, b, c) = madd(-a, b, c)
inline V128 F32x4RelaxedNmadd(V128 a, V128 b, V128 c) {
  return F32x4RelaxedMadd(F32x4Neg(a), b, c);
}
inline V128 F64x2RelaxedMadd(V128 a, V128 b, V128 c) {
  return detail::Map3<double>(a, b, c, detail::MaddUnfused<double>);
}
inline V128 F64x2RelaxedNmadd(V128 a, V128 b, V128 c) {
  return F64x2RelaxedMadd(F64x2Neg(a), b, c);
}

// The lane width does not matter for choice 0: each is a plain bitselect.
inline V128 I8x16RelaxedLaneselect(V128 a, V128 b, V128 m) {
  return detail::Bitselect(a, b, m);
}
inline V128 I16x8RelaxedLaneselect(V128 a, V128 b, V128 m) {
  return detail::Bitselect(a, b, m);
}
inline V128 I32x4RelaxedLaneselect(V128 a, V128 b, V128 m) {
  return detail::Bitselect(a, b, m);
}
inline V128 I64x2RelaxedLaneselect(V128 a, V128 b, V128 m) {
  return detail::Bitselect(a, b, m);
}

inline V128 F32x4RelaxedMin(V128 a, V128 b) {
  return F32x4Min(a, b);
}
inline V128 F32x4RelaxedMax(V128 a, V128 b) {
  return F32x4Max(a, b);
}
inline V128 F64x2RelaxedMin(V128 a, V128 b) {
  return F64x2Min(a, b);
}
inline V128 F64x2RelaxedMax(V128 a, V128 b) {
  return F64x2Max(a, b);
}

inline V128 I16x8RelaxedQ15mulrS(V128 a, V128 b) {
  return I16x8Q15mulrSatS(a, b);
}

inline V128 I16x8RelaxedDotI8x16I7x16S(V128 a, V128 b) {
  return detail::DotI8x16I7x16(a, b);
}
inline V128 I32x4RelaxedDotI8x16I7x16AddS(V128 a, V128 b, V128 c) {
  return I32x4Add(I32x4ExtaddPairwiseI16x8S(detail::DotI8x16I7x16(a, b)), c);
}

}  // namespace wr::num
