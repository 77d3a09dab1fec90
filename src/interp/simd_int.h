// Integer lane operations of SIMD (i8x16, i16x8, i32x4, i64x2). Included by simd.h; see
// numerics.h for the naming and type contract.
//
// Lanes are computed in unsigned types (wrapping) or, where the spec interprets them as
// signed or needs the exact value (saturation, widening products), in int64_t / uint64_t wide
// enough that nothing overflows; the result is then narrowed with a modular cast.
#pragma once

#include <bit>
#include <cstdint>
#include <functional>
#include <type_traits>

#include "interp/simd_lanes.h"

namespace wr::num {

namespace detail {

template <class T>  // T unsigned
inline V128 VAdd(const V128& a, const V128& b) {
  return Map2<T>(a, b, [](T x, T y) { return static_cast<T>(x + y); });
}
template <class T>  // T unsigned
inline V128 VSub(const V128& a, const V128& b) {
  return Map2<T>(a, b, [](T x, T y) { return static_cast<T>(x - y); });
}
template <class T>  // T unsigned
inline V128 VMul(const V128& a, const V128& b) {
  return Map2<T>(a, b, MulWrap<T>);
}
template <class T>  // T unsigned
inline V128 VNeg(const V128& a) {
  return Map1<T>(a, [](T x) { return static_cast<T>(T{0} - x); });
}
// abs of the most negative lane value is itself (wrapping negation).
template <class S>  // S signed
inline V128 VAbs(const V128& a) {
  using U = UnsignedOf<S>;
  return Map1<U>(a, [](U x) { return static_cast<S>(x) < 0 ? static_cast<U>(U{0} - x) : x; });
}
// T signed for add_sat_s, unsigned for add_sat_u.
template <class T>
inline V128 VAddSat(const V128& a, const V128& b) {
  return Map2<T>(a, b, [](T x, T y) { return Saturate<T>(int64_t{x} + int64_t{y}); });
}
template <class T>
inline V128 VSubSat(const V128& a, const V128& b) {
  return Map2<T>(a, b, [](T x, T y) { return Saturate<T>(int64_t{x} - int64_t{y}); });
}
template <class T>  // signed or unsigned: picks min_s / min_u
inline V128 VMin(const V128& a, const V128& b) {
  return Map2<T>(a, b, [](T x, T y) { return x < y ? x : y; });
}
template <class T>
inline V128 VMax(const V128& a, const V128& b) {
  return Map2<T>(a, b, [](T x, T y) { return x > y ? x : y; });
}
// (a + b + 1) / 2 without overflow, rounding up.
template <class T>  // T unsigned
inline V128 VAvgr(const V128& a, const V128& b) {
  return Map2<T>(a, b,
                 [](T x, T y) { return static_cast<T>((uint32_t{x} + uint32_t{y} + 1) >> 1); });
}

template <class T>  // T unsigned
inline V128 VShl(const V128& a, uint32_t s) {
  const unsigned n = ShiftCount<T>(s);
  // Widened to at least uint32_t so that a uint16_t lane is not shifted as a signed int.
  using W = std::conditional_t<(sizeof(T) < 4), uint32_t, T>;
  return Map1<T>(a, [n](T x) { return static_cast<T>(static_cast<W>(x) << n); });
}
template <class T>  // T signed: arithmetic shift (defined for negative values since C++20)
inline V128 VShrS(const V128& a, uint32_t s) {
  const unsigned n = ShiftCount<T>(s);
  return Map1<T>(a, [n](T x) { return static_cast<T>(x >> n); });
}
template <class T>  // T unsigned
inline V128 VShrU(const V128& a, uint32_t s) {
  const unsigned n = ShiftCount<T>(s);
  return Map1<T>(a, [n](T x) { return static_cast<T>(x >> n); });
}

template <class T>
inline uint32_t VAllTrue(const V128& a) {
  for (unsigned i = 0; i < kLanes<T>; ++i) {
    if (a.Lane<T>(i) == 0) return 0;
  }
  return 1;
}
// Bit i of the result is the sign bit of lane i.
template <class S>  // S signed
inline uint32_t VBitmask(const V128& a) {
  uint32_t r = 0;
  for (unsigned i = 0; i < kLanes<S>; ++i) r |= static_cast<uint32_t>(a.Lane<S>(i) < 0) << i;
  return r;
}

// Extension of half the lanes (low: base 0, high: base kLanes<W>) from T to W.
template <class T, class W>
inline V128 VExtend(const V128& a, unsigned base) {
  return Widen1<T, W>(a, base, [](T x) { return x; });
}
// Widening multiply of half the lanes; the product is exact in 64 bits (signed for signed
// lanes, unsigned for unsigned lanes: u32 * u32 can exceed INT64_MAX).
template <class T, class W>
inline V128 VExtmul(const V128& a, const V128& b, unsigned base) {
  using P = std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>;
  return Widen2<T, W>(a, b, base, [](T x, T y) { return static_cast<P>(x) * static_cast<P>(y); });
}
// r[i] = a[2i] + a[2i+1], widened from T to W.
template <class T, class W>
inline V128 VExtaddPairwise(const V128& a) {
  return Pairwise<T, W>(a, a, [](T x0, T x1, T, T) { return int64_t{x0} + int64_t{x1}; });
}

}  // namespace detail

// ---- Comparisons (all-ones lane for true)

inline V128 I8x16Eq(V128 a, V128 b) {
  return detail::Compare<uint8_t>(a, b, std::equal_to<>());
}
inline V128 I8x16Ne(V128 a, V128 b) {
  return detail::Compare<uint8_t>(a, b, std::not_equal_to<>());
}
inline V128 I8x16LtS(V128 a, V128 b) {
  return detail::Compare<int8_t>(a, b, std::less<>());
}
inline V128 I8x16LtU(V128 a, V128 b) {
  return detail::Compare<uint8_t>(a, b, std::less<>());
}
inline V128 I8x16GtS(V128 a, V128 b) {
  return detail::Compare<int8_t>(a, b, std::greater<>());
}
inline V128 I8x16GtU(V128 a, V128 b) {
  return detail::Compare<uint8_t>(a, b, std::greater<>());
}
inline V128 I8x16LeS(V128 a, V128 b) {
  return detail::Compare<int8_t>(a, b, std::less_equal<>());
}
inline V128 I8x16LeU(V128 a, V128 b) {
  return detail::Compare<uint8_t>(a, b, std::less_equal<>());
}
inline V128 I8x16GeS(V128 a, V128 b) {
  return detail::Compare<int8_t>(a, b, std::greater_equal<>());
}
inline V128 I8x16GeU(V128 a, V128 b) {
  return detail::Compare<uint8_t>(a, b, std::greater_equal<>());
}

inline V128 I16x8Eq(V128 a, V128 b) {
  return detail::Compare<uint16_t>(a, b, std::equal_to<>());
}
inline V128 I16x8Ne(V128 a, V128 b) {
  return detail::Compare<uint16_t>(a, b, std::not_equal_to<>());
}
inline V128 I16x8LtS(V128 a, V128 b) {
  return detail::Compare<int16_t>(a, b, std::less<>());
}
inline V128 I16x8LtU(V128 a, V128 b) {
  return detail::Compare<uint16_t>(a, b, std::less<>());
}
inline V128 I16x8GtS(V128 a, V128 b) {
  return detail::Compare<int16_t>(a, b, std::greater<>());
}
inline V128 I16x8GtU(V128 a, V128 b) {
  return detail::Compare<uint16_t>(a, b, std::greater<>());
}
inline V128 I16x8LeS(V128 a, V128 b) {
  return detail::Compare<int16_t>(a, b, std::less_equal<>());
}
inline V128 I16x8LeU(V128 a, V128 b) {
  return detail::Compare<uint16_t>(a, b, std::less_equal<>());
}
inline V128 I16x8GeS(V128 a, V128 b) {
  return detail::Compare<int16_t>(a, b, std::greater_equal<>());
}
inline V128 I16x8GeU(V128 a, V128 b) {
  return detail::Compare<uint16_t>(a, b, std::greater_equal<>());
}

inline V128 I32x4Eq(V128 a, V128 b) {
  return detail::Compare<uint32_t>(a, b, std::equal_to<>());
}
inline V128 I32x4Ne(V128 a, V128 b) {
  return detail::Compare<uint32_t>(a, b, std::not_equal_to<>());
}
inline V128 I32x4LtS(V128 a, V128 b) {
  return detail::Compare<int32_t>(a, b, std::less<>());
}
inline V128 I32x4LtU(V128 a, V128 b) {
  return detail::Compare<uint32_t>(a, b, std::less<>());
}
inline V128 I32x4GtS(V128 a, V128 b) {
  return detail::Compare<int32_t>(a, b, std::greater<>());
}
inline V128 I32x4GtU(V128 a, V128 b) {
  return detail::Compare<uint32_t>(a, b, std::greater<>());
}
inline V128 I32x4LeS(V128 a, V128 b) {
  return detail::Compare<int32_t>(a, b, std::less_equal<>());
}
inline V128 I32x4LeU(V128 a, V128 b) {
  return detail::Compare<uint32_t>(a, b, std::less_equal<>());
}
inline V128 I32x4GeS(V128 a, V128 b) {
  return detail::Compare<int32_t>(a, b, std::greater_equal<>());
}
inline V128 I32x4GeU(V128 a, V128 b) {
  return detail::Compare<uint32_t>(a, b, std::greater_equal<>());
}

inline V128 I64x2Eq(V128 a, V128 b) {
  return detail::Compare<uint64_t>(a, b, std::equal_to<>());
}
inline V128 I64x2Ne(V128 a, V128 b) {
  return detail::Compare<uint64_t>(a, b, std::not_equal_to<>());
}
inline V128 I64x2LtS(V128 a, V128 b) {
  return detail::Compare<int64_t>(a, b, std::less<>());
}
inline V128 I64x2GtS(V128 a, V128 b) {
  return detail::Compare<int64_t>(a, b, std::greater<>());
}
inline V128 I64x2LeS(V128 a, V128 b) {
  return detail::Compare<int64_t>(a, b, std::less_equal<>());
}
inline V128 I64x2GeS(V128 a, V128 b) {
  return detail::Compare<int64_t>(a, b, std::greater_equal<>());
}

// ---- i8x16

inline V128 I8x16Abs(V128 a) {
  return detail::VAbs<int8_t>(a);
}
inline V128 I8x16Neg(V128 a) {
  return detail::VNeg<uint8_t>(a);
}
inline V128 I8x16Popcnt(V128 a) {
  return detail::Map1<uint8_t>(a, [](uint8_t x) { return std::popcount(x); });
}
inline uint32_t I8x16AllTrue(V128 a) {
  return detail::VAllTrue<uint8_t>(a);
}
inline uint32_t I8x16Bitmask(V128 a) {
  return detail::VBitmask<int8_t>(a);
}
inline V128 I8x16NarrowI16x8S(V128 a, V128 b) {
  return detail::Narrow<int16_t, int8_t>(a, b, detail::Saturate<int8_t>);
}
inline V128 I8x16NarrowI16x8U(V128 a, V128 b) {
  return detail::Narrow<int16_t, uint8_t>(a, b, detail::Saturate<uint8_t>);
}
inline V128 I8x16Shl(V128 a, uint32_t s) {
  return detail::VShl<uint8_t>(a, s);
}
inline V128 I8x16ShrS(V128 a, uint32_t s) {
  return detail::VShrS<int8_t>(a, s);
}
inline V128 I8x16ShrU(V128 a, uint32_t s) {
  return detail::VShrU<uint8_t>(a, s);
}
inline V128 I8x16Add(V128 a, V128 b) {
  return detail::VAdd<uint8_t>(a, b);
}
inline V128 I8x16AddSatS(V128 a, V128 b) {
  return detail::VAddSat<int8_t>(a, b);
}
inline V128 I8x16AddSatU(V128 a, V128 b) {
  return detail::VAddSat<uint8_t>(a, b);
}
inline V128 I8x16Sub(V128 a, V128 b) {
  return detail::VSub<uint8_t>(a, b);
}
inline V128 I8x16SubSatS(V128 a, V128 b) {
  return detail::VSubSat<int8_t>(a, b);
}
inline V128 I8x16SubSatU(V128 a, V128 b) {
  return detail::VSubSat<uint8_t>(a, b);
}
inline V128 I8x16MinS(V128 a, V128 b) {
  return detail::VMin<int8_t>(a, b);
}
inline V128 I8x16MinU(V128 a, V128 b) {
  return detail::VMin<uint8_t>(a, b);
}
inline V128 I8x16MaxS(V128 a, V128 b) {
  return detail::VMax<int8_t>(a, b);
}
inline V128 I8x16MaxU(V128 a, V128 b) {
  return detail::VMax<uint8_t>(a, b);
}
inline V128 I8x16AvgrU(V128 a, V128 b) {
  return detail::VAvgr<uint8_t>(a, b);
}

// ---- i16x8

inline V128 I16x8Abs(V128 a) {
  return detail::VAbs<int16_t>(a);
}
inline V128 I16x8Neg(V128 a) {
  return detail::VNeg<uint16_t>(a);
}
// Q15 rounding multiply: (a * b + 2^14) >> 15, saturated; only -32768 * -32768 saturates.
inline V128 I16x8Q15mulrSatS(V128 a, V128 b) {
  return detail::Map2<int16_t>(a, b, [](int16_t x, int16_t y) {
    return detail::Saturate<int16_t>((int64_t{x} * y + 0x4000) >> 15);
  });
}
inline uint32_t I16x8AllTrue(V128 a) {
  return detail::VAllTrue<uint16_t>(a);
}
inline uint32_t I16x8Bitmask(V128 a) {
  return detail::VBitmask<int16_t>(a);
}
inline V128 I16x8NarrowI32x4S(V128 a, V128 b) {
  return detail::Narrow<int32_t, int16_t>(a, b, detail::Saturate<int16_t>);
}
inline V128 I16x8NarrowI32x4U(V128 a, V128 b) {
  return detail::Narrow<int32_t, uint16_t>(a, b, detail::Saturate<uint16_t>);
}
inline V128 I16x8ExtendLowI8x16S(V128 a) {
  return detail::VExtend<int8_t, int16_t>(a, 0);
}
inline V128 I16x8ExtendHighI8x16S(V128 a) {
  return detail::VExtend<int8_t, int16_t>(a, 8);
}
inline V128 I16x8ExtendLowI8x16U(V128 a) {
  return detail::VExtend<uint8_t, uint16_t>(a, 0);
}
inline V128 I16x8ExtendHighI8x16U(V128 a) {
  return detail::VExtend<uint8_t, uint16_t>(a, 8);
}
inline V128 I16x8Shl(V128 a, uint32_t s) {
  return detail::VShl<uint16_t>(a, s);
}
inline V128 I16x8ShrS(V128 a, uint32_t s) {
  return detail::VShrS<int16_t>(a, s);
}
inline V128 I16x8ShrU(V128 a, uint32_t s) {
  return detail::VShrU<uint16_t>(a, s);
}
inline V128 I16x8Add(V128 a, V128 b) {
  return detail::VAdd<uint16_t>(a, b);
}
inline V128 I16x8AddSatS(V128 a, V128 b) {
  return detail::VAddSat<int16_t>(a, b);
}
inline V128 I16x8AddSatU(V128 a, V128 b) {
  return detail::VAddSat<uint16_t>(a, b);
}
inline V128 I16x8Sub(V128 a, V128 b) {
  return detail::VSub<uint16_t>(a, b);
}
inline V128 I16x8SubSatS(V128 a, V128 b) {
  return detail::VSubSat<int16_t>(a, b);
}
inline V128 I16x8SubSatU(V128 a, V128 b) {
  return detail::VSubSat<uint16_t>(a, b);
}
inline V128 I16x8Mul(V128 a, V128 b) {
  return detail::VMul<uint16_t>(a, b);
}
inline V128 I16x8MinS(V128 a, V128 b) {
  return detail::VMin<int16_t>(a, b);
}
inline V128 I16x8MinU(V128 a, V128 b) {
  return detail::VMin<uint16_t>(a, b);
}
inline V128 I16x8MaxS(V128 a, V128 b) {
  return detail::VMax<int16_t>(a, b);
}
inline V128 I16x8MaxU(V128 a, V128 b) {
  return detail::VMax<uint16_t>(a, b);
}
inline V128 I16x8AvgrU(V128 a, V128 b) {
  return detail::VAvgr<uint16_t>(a, b);
}
inline V128 I16x8ExtmulLowI8x16S(V128 a, V128 b) {
  return detail::VExtmul<int8_t, int16_t>(a, b, 0);
}
inline V128 I16x8ExtmulHighI8x16S(V128 a, V128 b) {
  return detail::VExtmul<int8_t, int16_t>(a, b, 8);
}
inline V128 I16x8ExtmulLowI8x16U(V128 a, V128 b) {
  return detail::VExtmul<uint8_t, uint16_t>(a, b, 0);
}
inline V128 I16x8ExtmulHighI8x16U(V128 a, V128 b) {
  return detail::VExtmul<uint8_t, uint16_t>(a, b, 8);
}
inline V128 I16x8ExtaddPairwiseI8x16S(V128 a) {
  return detail::VExtaddPairwise<int8_t, int16_t>(a);
}
inline V128 I16x8ExtaddPairwiseI8x16U(V128 a) {
  return detail::VExtaddPairwise<uint8_t, uint16_t>(a);
}

// ---- i32x4

inline V128 I32x4Abs(V128 a) {
  return detail::VAbs<int32_t>(a);
}
inline V128 I32x4Neg(V128 a) {
  return detail::VNeg<uint32_t>(a);
}
inline uint32_t I32x4AllTrue(V128 a) {
  return detail::VAllTrue<uint32_t>(a);
}
inline uint32_t I32x4Bitmask(V128 a) {
  return detail::VBitmask<int32_t>(a);
}
inline V128 I32x4ExtendLowI16x8S(V128 a) {
  return detail::VExtend<int16_t, int32_t>(a, 0);
}
inline V128 I32x4ExtendHighI16x8S(V128 a) {
  return detail::VExtend<int16_t, int32_t>(a, 4);
}
inline V128 I32x4ExtendLowI16x8U(V128 a) {
  return detail::VExtend<uint16_t, uint32_t>(a, 0);
}
inline V128 I32x4ExtendHighI16x8U(V128 a) {
  return detail::VExtend<uint16_t, uint32_t>(a, 4);
}
inline V128 I32x4Shl(V128 a, uint32_t s) {
  return detail::VShl<uint32_t>(a, s);
}
inline V128 I32x4ShrS(V128 a, uint32_t s) {
  return detail::VShrS<int32_t>(a, s);
}
inline V128 I32x4ShrU(V128 a, uint32_t s) {
  return detail::VShrU<uint32_t>(a, s);
}
inline V128 I32x4Add(V128 a, V128 b) {
  return detail::VAdd<uint32_t>(a, b);
}
inline V128 I32x4Sub(V128 a, V128 b) {
  return detail::VSub<uint32_t>(a, b);
}
inline V128 I32x4Mul(V128 a, V128 b) {
  return detail::VMul<uint32_t>(a, b);
}
inline V128 I32x4MinS(V128 a, V128 b) {
  return detail::VMin<int32_t>(a, b);
}
inline V128 I32x4MinU(V128 a, V128 b) {
  return detail::VMin<uint32_t>(a, b);
}
inline V128 I32x4MaxS(V128 a, V128 b) {
  return detail::VMax<int32_t>(a, b);
}
inline V128 I32x4MaxU(V128 a, V128 b) {
  return detail::VMax<uint32_t>(a, b);
}
// r[i] = a[2i]*b[2i] + a[2i+1]*b[2i+1], wrapping: only -32768^2 * 2 = 2^31 wraps.
inline V128 I32x4DotI16x8S(V128 a, V128 b) {
  return detail::Pairwise<int16_t, uint32_t>(
      a, b, [](int16_t a0, int16_t a1, int16_t b0, int16_t b1) {
        return static_cast<uint32_t>(int64_t{a0} * b0 + int64_t{a1} * b1);
      });
}
inline V128 I32x4ExtmulLowI16x8S(V128 a, V128 b) {
  return detail::VExtmul<int16_t, int32_t>(a, b, 0);
}
inline V128 I32x4ExtmulHighI16x8S(V128 a, V128 b) {
  return detail::VExtmul<int16_t, int32_t>(a, b, 4);
}
inline V128 I32x4ExtmulLowI16x8U(V128 a, V128 b) {
  return detail::VExtmul<uint16_t, uint32_t>(a, b, 0);
}
inline V128 I32x4ExtmulHighI16x8U(V128 a, V128 b) {
  return detail::VExtmul<uint16_t, uint32_t>(a, b, 4);
}
inline V128 I32x4ExtaddPairwiseI16x8S(V128 a) {
  return detail::VExtaddPairwise<int16_t, int32_t>(a);
}
inline V128 I32x4ExtaddPairwiseI16x8U(V128 a) {
  return detail::VExtaddPairwise<uint16_t, uint32_t>(a);
}

// ---- i64x2

inline V128 I64x2Abs(V128 a) {
  return detail::VAbs<int64_t>(a);
}
inline V128 I64x2Neg(V128 a) {
  return detail::VNeg<uint64_t>(a);
}
inline uint32_t I64x2AllTrue(V128 a) {
  return detail::VAllTrue<uint64_t>(a);
}
inline uint32_t I64x2Bitmask(V128 a) {
  return detail::VBitmask<int64_t>(a);
}
inline V128 I64x2ExtendLowI32x4S(V128 a) {
  return detail::VExtend<int32_t, int64_t>(a, 0);
}
inline V128 I64x2ExtendHighI32x4S(V128 a) {
  return detail::VExtend<int32_t, int64_t>(a, 2);
}
inline V128 I64x2ExtendLowI32x4U(V128 a) {
  return detail::VExtend<uint32_t, uint64_t>(a, 0);
}
inline V128 I64x2ExtendHighI32x4U(V128 a) {
  return detail::VExtend<uint32_t, uint64_t>(a, 2);
}
inline V128 I64x2Shl(V128 a, uint32_t s) {
  return detail::VShl<uint64_t>(a, s);
}
inline V128 I64x2ShrS(V128 a, uint32_t s) {
  return detail::VShrS<int64_t>(a, s);
}
inline V128 I64x2ShrU(V128 a, uint32_t s) {
  return detail::VShrU<uint64_t>(a, s);
}
inline V128 I64x2Add(V128 a, V128 b) {
  return detail::VAdd<uint64_t>(a, b);
}
inline V128 I64x2Sub(V128 a, V128 b) {
  return detail::VSub<uint64_t>(a, b);
}
inline V128 I64x2Mul(V128 a, V128 b) {
  return detail::VMul<uint64_t>(a, b);
}
inline V128 I64x2ExtmulLowI32x4S(V128 a, V128 b) {
  return detail::VExtmul<int32_t, int64_t>(a, b, 0);
}
inline V128 I64x2ExtmulHighI32x4S(V128 a, V128 b) {
  return detail::VExtmul<int32_t, int64_t>(a, b, 2);
}
inline V128 I64x2ExtmulLowI32x4U(V128 a, V128 b) {
  return detail::VExtmul<uint32_t, uint64_t>(a, b, 0);
}
inline V128 I64x2ExtmulHighI32x4U(V128 a, V128 b) {
  return detail::VExtmul<uint32_t, uint64_t>(a, b, 2);
}

}  // namespace wr::num
