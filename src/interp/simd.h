// SIMD numeric semantics (v128), header-only, following the contract in numerics.h: one
// function per simple SIMD opcode, named as its wr::Opcode enumerator, in namespace wr::num.
//
// This file holds the bitwise operations, splats, lane access, shuffles and the value part of
// the SIMD loads; the rest is split by topic:
//   simd_int.h      integer lane arithmetic, comparisons, narrowing/widening
//   simd_float.h    float lane arithmetic and comparisons, float<->int lane conversions
//   simd_relaxed.h  relaxed SIMD (deterministic choice 0 of the spec)
//
// Lane indices: validation guarantees that a lane immediate is below the lane count and that
// shuffle indices are below 32. The functions still mask them so that a bad index can never
// read outside the vector.
#pragma once

#include <cstdint>

#include "common/v128.h"
#include "interp/numerics.h"
#include "interp/simd_float.h"
#include "interp/simd_int.h"
#include "interp/simd_lanes.h"
#include "interp/simd_relaxed.h"

namespace wr::num {

namespace detail {

template <class T>
inline V128 Splat(T x) {
  V128 r;
  for (unsigned i = 0; i < kLanes<T>; ++i) r.SetLane<T>(i, x);
  return r;
}

template <class T>
inline T GetLane(const V128& v, uint32_t lane) {
  return v.Lane<T>(lane & (kLanes<T> - 1));
}
template <class T>
inline V128 WithLane(V128 v, T x, uint32_t lane) {
  v.SetLane<T>(lane & (kLanes<T> - 1), x);
  return v;
}

// The SIMD extending loads read 64 bits and widen each of its T lanes to W.
template <class T, class W>
inline V128 LoadExtend(uint64_t raw) {
  V128 in;
  in.SetLane<uint64_t>(0, raw);
  return Widen1<T, W>(in, 0, [](T x) { return x; });
}

}  // namespace detail

// ---- Bitwise

inline V128 V128Not(V128 a) {
  return V128::FromU64(~a.Lo(), ~a.Hi());
}
inline V128 V128And(V128 a, V128 b) {
  return V128::FromU64(a.Lo() & b.Lo(), a.Hi() & b.Hi());
}
inline V128 V128Andnot(V128 a, V128 b) {
  return V128::FromU64(a.Lo() & ~b.Lo(), a.Hi() & ~b.Hi());
}
inline V128 V128Or(V128 a, V128 b) {
  return V128::FromU64(a.Lo() | b.Lo(), a.Hi() | b.Hi());
}
inline V128 V128Xor(V128 a, V128 b) {
  return V128::FromU64(a.Lo() ^ b.Lo(), a.Hi() ^ b.Hi());
}
// Bits of a where c is 1, bits of b where c is 0.
inline V128 V128Bitselect(V128 a, V128 b, V128 c) {
  return detail::Bitselect(a, b, c);
}
inline uint32_t V128AnyTrue(V128 a) {
  return (a.Lo() | a.Hi()) != 0;
}

// ---- Splat (the i32 operand is truncated to the lane width)

inline V128 I8x16Splat(uint32_t x) {
  return detail::Splat<uint8_t>(static_cast<uint8_t>(x));
}
inline V128 I16x8Splat(uint32_t x) {
  return detail::Splat<uint16_t>(static_cast<uint16_t>(x));
}
inline V128 I32x4Splat(uint32_t x) {
  return detail::Splat<uint32_t>(x);
}
inline V128 I64x2Splat(uint64_t x) {
  return detail::Splat<uint64_t>(x);
}
inline V128 F32x4Splat(float x) {
  return detail::Splat<float>(x);
}
inline V128 F64x2Splat(double x) {
  return detail::Splat<double>(x);
}

// ---- Lane access (operands, then the lane immediate)

inline uint32_t I8x16ExtractLaneS(V128 v, uint32_t lane) {
  return static_cast<uint32_t>(int32_t{detail::GetLane<int8_t>(v, lane)});
}
inline uint32_t I8x16ExtractLaneU(V128 v, uint32_t lane) {
  return detail::GetLane<uint8_t>(v, lane);
}
inline uint32_t I16x8ExtractLaneS(V128 v, uint32_t lane) {
  return static_cast<uint32_t>(int32_t{detail::GetLane<int16_t>(v, lane)});
}
inline uint32_t I16x8ExtractLaneU(V128 v, uint32_t lane) {
  return detail::GetLane<uint16_t>(v, lane);
}
inline uint32_t I32x4ExtractLane(V128 v, uint32_t lane) {
  return detail::GetLane<uint32_t>(v, lane);
}
inline uint64_t I64x2ExtractLane(V128 v, uint32_t lane) {
  return detail::GetLane<uint64_t>(v, lane);
}
inline float F32x4ExtractLane(V128 v, uint32_t lane) {
  return detail::GetLane<float>(v, lane);
}
inline double F64x2ExtractLane(V128 v, uint32_t lane) {
  return detail::GetLane<double>(v, lane);
}

inline V128 I8x16ReplaceLane(V128 v, uint32_t x, uint32_t lane) {
  return detail::WithLane<uint8_t>(v, static_cast<uint8_t>(x), lane);
}
inline V128 I16x8ReplaceLane(V128 v, uint32_t x, uint32_t lane) {
  return detail::WithLane<uint16_t>(v, static_cast<uint16_t>(x), lane);
}
inline V128 I32x4ReplaceLane(V128 v, uint32_t x, uint32_t lane) {
  return detail::WithLane<uint32_t>(v, x, lane);
}
inline V128 I64x2ReplaceLane(V128 v, uint64_t x, uint32_t lane) {
  return detail::WithLane<uint64_t>(v, x, lane);
}
inline V128 F32x4ReplaceLane(V128 v, float x, uint32_t lane) {
  return detail::WithLane<float>(v, x, lane);
}
inline V128 F64x2ReplaceLane(V128 v, double x, uint32_t lane) {
  return detail::WithLane<double>(v, x, lane);
}

// ---- Shuffles

// Byte j of the result is a[s[j]], or 0 when s[j] >= 16.
inline V128 I8x16Swizzle(V128 a, V128 s) {
  return detail::Swizzle(a, s);
}

// Byte j of the result is byte lanes[j] of the 32-byte concatenation a ++ b.
inline V128 I8x16Shuffle(V128 a, V128 b, const V128& lanes) {
  V128 r;
  for (unsigned i = 0; i < 16; ++i) {
    const unsigned k = lanes.bytes[i] & 31u;
    r.bytes[i] = k < 16 ? a.bytes[k] : b.bytes[k - 16];
  }
  return r;
}

// ---- The value part of the SIMD loads, after the bytes were read from memory

inline V128 V128Load8x8S(uint64_t raw) {
  return detail::LoadExtend<int8_t, int16_t>(raw);
}
inline V128 V128Load8x8U(uint64_t raw) {
  return detail::LoadExtend<uint8_t, uint16_t>(raw);
}
inline V128 V128Load16x4S(uint64_t raw) {
  return detail::LoadExtend<int16_t, int32_t>(raw);
}
inline V128 V128Load16x4U(uint64_t raw) {
  return detail::LoadExtend<uint16_t, uint32_t>(raw);
}
inline V128 V128Load32x2S(uint64_t raw) {
  return detail::LoadExtend<int32_t, int64_t>(raw);
}
inline V128 V128Load32x2U(uint64_t raw) {
  return detail::LoadExtend<uint32_t, uint64_t>(raw);
}

inline V128 V128Load8Splat(uint32_t raw) {
  return I8x16Splat(raw);
}
inline V128 V128Load16Splat(uint32_t raw) {
  return I16x8Splat(raw);
}
inline V128 V128Load32Splat(uint32_t raw) {
  return I32x4Splat(raw);
}
inline V128 V128Load64Splat(uint64_t raw) {
  return I64x2Splat(raw);
}

inline V128 V128Load32Zero(uint32_t raw) {
  return V128::FromU64(raw, 0);
}
inline V128 V128Load64Zero(uint64_t raw) {
  return V128::FromU64(raw, 0);
}

}  // namespace wr::num
