// Lane-wise building blocks for the SIMD numerics (simd.h and the files it includes).
//
// A V128 is 16 little-endian bytes; a lane of type T is read and written with memcpy (V128::Lane
// / SetLane), so reinterpreting lanes is never type punning. Every helper here loops over a
// compile-time lane count, which compilers unroll and often vectorize.
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>

#include "common/v128.h"

namespace wr::num::detail {

template <class T>
inline constexpr unsigned kLanes = 16 / sizeof(T);

// r[i] = f(a[i])
template <class T, class R = T, class Fn>
inline V128 Map1(const V128& a, Fn f) {
  static_assert(sizeof(T) == sizeof(R));
  V128 r;
  for (unsigned i = 0; i < kLanes<T>; ++i) r.SetLane<R>(i, static_cast<R>(f(a.Lane<T>(i))));
  return r;
}

// r[i] = f(a[i], b[i])
template <class T, class R = T, class Fn>
inline V128 Map2(const V128& a, const V128& b, Fn f) {
  static_assert(sizeof(T) == sizeof(R));
  V128 r;
  for (unsigned i = 0; i < kLanes<T>; ++i) {
    r.SetLane<R>(i, static_cast<R>(f(a.Lane<T>(i), b.Lane<T>(i))));
  }
  return r;
}

// r[i] = f(a[i], b[i], c[i])
template <class T, class Fn>
inline V128 Map3(const V128& a, const V128& b, const V128& c, Fn f) {
  V128 r;
  for (unsigned i = 0; i < kLanes<T>; ++i) {
    r.SetLane<T>(i, static_cast<T>(f(a.Lane<T>(i), b.Lane<T>(i), c.Lane<T>(i))));
  }
  return r;
}

// The unsigned integer type of T's width: lane comparisons produce all-ones or zero in it.
template <class T>
using UnsignedOf =
    std::conditional_t<sizeof(T) == 1, uint8_t,
                       std::conditional_t<sizeof(T) == 2, uint16_t,
                                          std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;

// r[i] = pred(a[i], b[i]) ? all ones : 0; T may be a signed, unsigned or float lane type.
template <class T, class Pred>
inline V128 Compare(const V128& a, const V128& b, Pred pred) {
  using U = UnsignedOf<T>;
  return Map2<T, U>(a, b, [pred](T x, T y) { return pred(x, y) ? static_cast<U>(~U{0}) : U{0}; });
}

// Widening: r[i] (type W) = f(a[base + i]) for the kLanes<W> lanes starting at `base`.
template <class T, class W, class Fn>
inline V128 Widen1(const V128& a, unsigned base, Fn f) {
  V128 r;
  for (unsigned i = 0; i < kLanes<W>; ++i) r.SetLane<W>(i, static_cast<W>(f(a.Lane<T>(base + i))));
  return r;
}
template <class T, class W, class Fn>
inline V128 Widen2(const V128& a, const V128& b, unsigned base, Fn f) {
  V128 r;
  for (unsigned i = 0; i < kLanes<W>; ++i) {
    r.SetLane<W>(i, static_cast<W>(f(a.Lane<T>(base + i), b.Lane<T>(base + i))));
  }
  return r;
}

// Pairwise: r[i] (type W) = f(a[2i], a[2i+1], b[2i], b[2i+1]).
template <class T, class W, class Fn>
inline V128 Pairwise(const V128& a, const V128& b, Fn f) {
  V128 r;
  for (unsigned i = 0; i < kLanes<W>; ++i) {
    r.SetLane<W>(i, static_cast<W>(f(a.Lane<T>(2 * i), a.Lane<T>(2 * i + 1), b.Lane<T>(2 * i),
                                     b.Lane<T>(2 * i + 1))));
  }
  return r;
}

// Narrowing: lanes of a, then lanes of b, each clamped into the narrower type N by f.
template <class T, class N, class Fn>
inline V128 Narrow(const V128& a, const V128& b, Fn f) {
  V128 r;
  for (unsigned i = 0; i < kLanes<T>; ++i) {
    r.SetLane<N>(i, static_cast<N>(f(a.Lane<T>(i))));
    r.SetLane<N>(i + kLanes<T>, static_cast<N>(f(b.Lane<T>(i))));
  }
  return r;
}

// Shift counts are taken modulo the lane width.
template <class T>
inline unsigned ShiftCount(uint32_t s) {
  return s & (sizeof(T) * 8 - 1);
}

// Saturates a wide signed value into integer type N (signed or unsigned, at most 32 bits).
template <class N>
inline N Saturate(int64_t v) {
  static_assert(sizeof(N) <= 4, "N's bounds and any sum or product of two N fit in int64_t");
  constexpr int64_t lo = std::numeric_limits<N>::min();
  constexpr int64_t hi = std::numeric_limits<N>::max();
  return static_cast<N>(v < lo ? lo : v > hi ? hi : v);
}

// Wrapping product in T's width; narrow types are widened to uint32_t first because uint16_t
// operands would otherwise promote to int, whose product can overflow.
template <class T>
inline T MulWrap(T a, T b) {
  using U = std::conditional_t<(sizeof(T) < 4), uint32_t, T>;
  return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
}

}  // namespace wr::num::detail
