// Floating-point lane operations of SIMD (f32x4, f64x2) and the conversions between float and
// integer lanes. Included by simd.h; see numerics.h for the naming and type contract.
//
// Every lane follows the scalar rule of numerics.h (NaN handling, -0 < +0 in min/max, ties to
// even in nearest), by calling the scalar function.
#pragma once

#include <cstdint>
#include <functional>

#include "interp/numerics.h"
#include "interp/simd_lanes.h"

namespace wr::num {

namespace detail {

// pmin/pmax are the "pseudo" min/max of C++'s std::min/std::max: b < a ? b : a. They return
// the first operand when either is NaN or both are zeros, with no NaN quieting.
template <class F>
inline F PMin(F a, F b) {
  return b < a ? b : a;
}
template <class F>
inline F PMax(F a, F b) {
  return a < b ? b : a;
}

}  // namespace detail

// ---- Comparisons (all-ones lane for true; NaN compares unequal and unordered)

inline V128 F32x4Eq(V128 a, V128 b) {
  return detail::Compare<float>(a, b, std::equal_to<>());
}
inline V128 F32x4Ne(V128 a, V128 b) {
  return detail::Compare<float>(a, b, std::not_equal_to<>());
}
inline V128 F32x4Lt(V128 a, V128 b) {
  return detail::Compare<float>(a, b, std::less<>());
}
inline V128 F32x4Gt(V128 a, V128 b) {
  return detail::Compare<float>(a, b, std::greater<>());
}
inline V128 F32x4Le(V128 a, V128 b) {
  return detail::Compare<float>(a, b, std::less_equal<>());
}
inline V128 F32x4Ge(V128 a, V128 b) {
  return detail::Compare<float>(a, b, std::greater_equal<>());
}

inline V128 F64x2Eq(V128 a, V128 b) {
  return detail::Compare<double>(a, b, std::equal_to<>());
}
inline V128 F64x2Ne(V128 a, V128 b) {
  return detail::Compare<double>(a, b, std::not_equal_to<>());
}
inline V128 F64x2Lt(V128 a, V128 b) {
  return detail::Compare<double>(a, b, std::less<>());
}
inline V128 F64x2Gt(V128 a, V128 b) {
  return detail::Compare<double>(a, b, std::greater<>());
}
inline V128 F64x2Le(V128 a, V128 b) {
  return detail::Compare<double>(a, b, std::less_equal<>());
}
inline V128 F64x2Ge(V128 a, V128 b) {
  return detail::Compare<double>(a, b, std::greater_equal<>());
}

// ---- f32x4 arithmetic

inline V128 F32x4Abs(V128 a) {
  return detail::Map1<float>(a, F32Abs);
}
inline V128 F32x4Neg(V128 a) {
  return detail::Map1<float>(a, F32Neg);
}
inline V128 F32x4Sqrt(V128 a) {
  return detail::Map1<float>(a, F32Sqrt);
}
inline V128 F32x4Ceil(V128 a) {
  return detail::Map1<float>(a, F32Ceil);
}
inline V128 F32x4Floor(V128 a) {
  return detail::Map1<float>(a, F32Floor);
}
inline V128 F32x4Trunc(V128 a) {
  return detail::Map1<float>(a, F32Trunc);
}
inline V128 F32x4Nearest(V128 a) {
  return detail::Map1<float>(a, F32Nearest);
}
inline V128 F32x4Add(V128 a, V128 b) {
  return detail::Map2<float>(a, b, F32Add);
}
inline V128 F32x4Sub(V128 a, V128 b) {
  return detail::Map2<float>(a, b, F32Sub);
}
inline V128 F32x4Mul(V128 a, V128 b) {
  return detail::Map2<float>(a, b, F32Mul);
}
inline V128 F32x4Div(V128 a, V128 b) {
  return detail::Map2<float>(a, b, F32Div);
}
inline V128 F32x4Min(V128 a, V128 b) {
  return detail::Map2<float>(a, b, F32Min);
}
inline V128 F32x4Max(V128 a, V128 b) {
  return detail::Map2<float>(a, b, F32Max);
}
inline V128 F32x4Pmin(V128 a, V128 b) {
  return detail::Map2<float>(a, b, detail::PMin<float>);
}
inline V128 F32x4Pmax(V128 a, V128 b) {
  return detail::Map2<float>(a, b, detail::PMax<float>);
}

// ---- f64x2 arithmetic

inline V128 F64x2Abs(V128 a) {
  return detail::Map1<double>(a, F64Abs);
}
inline V128 F64x2Neg(V128 a) {
  return detail::Map1<double>(a, F64Neg);
}
inline V128 F64x2Sqrt(V128 a) {
  return detail::Map1<double>(a, F64Sqrt);
}
inline V128 F64x2Ceil(V128 a) {
  return detail::Map1<double>(a, F64Ceil);
}
inline V128 F64x2Floor(V128 a) {
  return detail::Map1<double>(a, F64Floor);
}
inline V128 F64x2Trunc(V128 a) {
  return detail::Map1<double>(a, F64Trunc);
}
inline V128 F64x2Nearest(V128 a) {
  return detail::Map1<double>(a, F64Nearest);
}
inline V128 F64x2Add(V128 a, V128 b) {
  return detail::Map2<double>(a, b, F64Add);
}
inline V128 F64x2Sub(V128 a, V128 b) {
  return detail::Map2<double>(a, b, F64Sub);
}
inline V128 F64x2Mul(V128 a, V128 b) {
  return detail::Map2<double>(a, b, F64Mul);
}
inline V128 F64x2Div(V128 a, V128 b) {
  return detail::Map2<double>(a, b, F64Div);
}
inline V128 F64x2Min(V128 a, V128 b) {
  return detail::Map2<double>(a, b, F64Min);
}
inline V128 F64x2Max(V128 a, V128 b) {
  return detail::Map2<double>(a, b, F64Max);
}
inline V128 F64x2Pmin(V128 a, V128 b) {
  return detail::Map2<double>(a, b, detail::PMin<double>);
}
inline V128 F64x2Pmax(V128 a, V128 b) {
  return detail::Map2<double>(a, b, detail::PMax<double>);
}

// ---- Conversions

inline V128 I32x4TruncSatF32x4S(V128 a) {
  return detail::Map1<float, uint32_t>(a, I32TruncSatF32S);
}
inline V128 I32x4TruncSatF32x4U(V128 a) {
  return detail::Map1<float, uint32_t>(a, I32TruncSatF32U);
}
inline V128 F32x4ConvertI32x4S(V128 a) {
  return detail::Map1<uint32_t, float>(a, F32ConvertI32S);
}
inline V128 F32x4ConvertI32x4U(V128 a) {
  return detail::Map1<uint32_t, float>(a, F32ConvertI32U);
}
// The two f64 lanes go to i32 lanes 0 and 1; lanes 2 and 3 are zero.
inline V128 I32x4TruncSatF64x2SZero(V128 a) {
  V128 r;
  r.SetLane<uint32_t>(0, I32TruncSatF64S(a.Lane<double>(0)));
  r.SetLane<uint32_t>(1, I32TruncSatF64S(a.Lane<double>(1)));
  return r;
}
inline V128 I32x4TruncSatF64x2UZero(V128 a) {
  V128 r;
  r.SetLane<uint32_t>(0, I32TruncSatF64U(a.Lane<double>(0)));
  r.SetLane<uint32_t>(1, I32TruncSatF64U(a.Lane<double>(1)));
  return r;
}
// i32 lanes 0 and 1 become the two f64 lanes (exactly).
inline V128 F64x2ConvertLowI32x4S(V128 a) {
  return detail::Widen1<uint32_t, double>(a, 0, F64ConvertI32S);
}
inline V128 F64x2ConvertLowI32x4U(V128 a) {
  return detail::Widen1<uint32_t, double>(a, 0, F64ConvertI32U);
}
// The two f64 lanes go to f32 lanes 0 and 1; lanes 2 and 3 are +0.
inline V128 F32x4DemoteF64x2Zero(V128 a) {
  V128 r;
  r.SetLane<float>(0, F32DemoteF64(a.Lane<double>(0)));
  r.SetLane<float>(1, F32DemoteF64(a.Lane<double>(1)));
  return r;
}
inline V128 F64x2PromoteLowF32x4(V128 a) {
  return detail::Widen1<float, double>(a, 0, F64PromoteF32);
}

}  // namespace wr::num
