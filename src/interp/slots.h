// Typed access to interpreter slots (the encoding of runtime/host_func.h) and the generic
// adapters that run a wr::num function on slot operands.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "common/compiler.h"
#include "common/v128.h"
#include "interp/numerics_wide.h"
#include "runtime/trap.h"

namespace wr::interp {

template <class T>
WR_ALWAYS_INLINE T GetSlot(const uint64_t* s) {
  if constexpr (std::is_same_v<T, uint32_t>) {
    return static_cast<uint32_t>(*s);
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    return *s;
  } else if constexpr (std::is_same_v<T, float>) {
    return std::bit_cast<float>(static_cast<uint32_t>(*s));
  } else if constexpr (std::is_same_v<T, double>) {
    return std::bit_cast<double>(*s);
  } else {
    static_assert(std::is_same_v<T, V128>);
    V128 v;
    std::memcpy(v.bytes, s, 16);
    return v;
  }
}

template <class T>
WR_ALWAYS_INLINE void SetSlot(uint64_t* s, T v) {
  if constexpr (std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t>) {
    *s = v;
  } else if constexpr (std::is_same_v<T, float>) {
    *s = std::bit_cast<uint32_t>(v);
  } else if constexpr (std::is_same_v<T, double>) {
    *s = std::bit_cast<uint64_t>(v);
  } else {
    static_assert(std::is_same_v<T, V128>);
    std::memcpy(s, v.bytes, 16);
  }
}

template <class T>
using Plain = std::remove_cvref_t<T>;

// Generic ops: `op dst, a [, b [, c]]`. All operands are read before the result is written,
// so dst may alias an operand. Trapping functions (TrapCode f(..., T* out)) write dst only on
// success. Returns the trap (TrapCode::None for the pure ones, folded away by the compiler).
template <class R, class A>
WR_ALWAYS_INLINE TrapCode Apply(R (*f)(A), uint64_t* fp, const uint32_t* pc) {
  SetSlot<R>(fp + pc[1], f(GetSlot<Plain<A>>(fp + pc[2])));
  return TrapCode::None;
}
template <class R, class A, class B>
WR_ALWAYS_INLINE TrapCode Apply(R (*f)(A, B), uint64_t* fp, const uint32_t* pc) {
  const auto a = GetSlot<Plain<A>>(fp + pc[2]);
  const auto b = GetSlot<Plain<B>>(fp + pc[3]);
  SetSlot<R>(fp + pc[1], f(a, b));
  return TrapCode::None;
}
template <class R, class A, class B, class C>
WR_ALWAYS_INLINE TrapCode Apply(R (*f)(A, B, C), uint64_t* fp, const uint32_t* pc) {
  const auto a = GetSlot<Plain<A>>(fp + pc[2]);
  const auto b = GetSlot<Plain<B>>(fp + pc[3]);
  const auto c = GetSlot<Plain<C>>(fp + pc[4]);
  SetSlot<R>(fp + pc[1], f(a, b, c));
  return TrapCode::None;
}
template <class T, class A>
WR_ALWAYS_INLINE TrapCode Apply(TrapCode (*f)(A, T*), uint64_t* fp, const uint32_t* pc) {
  T r;
  const TrapCode code = f(GetSlot<Plain<A>>(fp + pc[2]), &r);
  if (WR_LIKELY(code == TrapCode::None)) SetSlot<T>(fp + pc[1], r);
  return code;
}
template <class T, class A, class B>
WR_ALWAYS_INLINE TrapCode Apply(TrapCode (*f)(A, B, T*), uint64_t* fp, const uint32_t* pc) {
  T r;
  const TrapCode code = f(GetSlot<Plain<A>>(fp + pc[2]), GetSlot<Plain<B>>(fp + pc[3]), &r);
  if (WR_LIKELY(code == TrapCode::None)) SetSlot<T>(fp + pc[1], r);
  return code;
}

// Two-result ops (wide arithmetic): `op dst_lo, dst_hi, a, b [, c, d]`. More specialised
// than the one-result forms above, so overload resolution picks them for a U64Pair. All
// operands are read before either result is written (the results may alias them).
template <class... A, size_t... I>
WR_ALWAYS_INLINE void ApplyPair(num::U64Pair (*f)(A...), uint64_t* fp, const uint32_t* pc,
                                std::index_sequence<I...>) {
  const num::U64Pair r = f(GetSlot<Plain<A>>(fp + pc[3 + I])...);
  fp[pc[1]] = r.lo;
  fp[pc[2]] = r.hi;
}
template <class A, class B>
WR_ALWAYS_INLINE TrapCode Apply(num::U64Pair (*f)(A, B), uint64_t* fp, const uint32_t* pc) {
  ApplyPair(f, fp, pc, std::index_sequence_for<A, B>{});
  return TrapCode::None;
}
template <class A, class B, class C, class D>
WR_ALWAYS_INLINE TrapCode Apply(num::U64Pair (*f)(A, B, C, D), uint64_t* fp, const uint32_t* pc) {
  ApplyPair(f, fp, pc, std::index_sequence_for<A, B, C, D>{});
  return TrapCode::None;
}

// Chains (compile/fused_chains.def): `op dst, a, b, c` with dst = g(f(a, b), c) (kRight false,
// an L row) or g(c, f(a, b)) (kRight true, an R row). Only non-trapping functions qualify.
template <bool kRight, class R1, class A, class B, class R2, class X, class Y>
WR_ALWAYS_INLINE void ApplyChain(R1 (*f)(A, B), R2 (*g)(X, Y), uint64_t* fp, const uint32_t* pc) {
  static_assert(!std::is_same_v<R1, TrapCode> && !std::is_same_v<R2, TrapCode>);
  const auto a = GetSlot<Plain<A>>(fp + pc[2]);
  const auto b = GetSlot<Plain<B>>(fp + pc[3]);
  if constexpr (kRight) {
    SetSlot<R2>(fp + pc[1], g(GetSlot<Plain<X>>(fp + pc[4]), f(a, b)));
  } else {
    SetSlot<R2>(fp + pc[1], g(f(a, b), GetSlot<Plain<Y>>(fp + pc[4])));
  }
}

// A load feeding an op (compile/fused_load_ops.def): the slot g(loaded, *other) (kRight
// false, an L row) or g(*other, loaded) (kRight true) would be written to, where `loaded` is the
// slot the load would have written. Only non-trapping functions qualify.
template <bool kRight, class R, class A, class B>
WR_ALWAYS_INLINE uint64_t LoadOpSlot(R (*g)(A, B), uint64_t loaded, const uint64_t* other) {
  static_assert(!std::is_same_v<R, TrapCode>);
  uint64_t slot;
  if constexpr (kRight) {
    SetSlot<R>(&slot, g(GetSlot<Plain<A>>(other), GetSlot<Plain<B>>(&loaded)));
  } else {
    SetSlot<R>(&slot, g(GetSlot<Plain<A>>(&loaded), GetSlot<Plain<B>>(other)));
  }
  return slot;
}

// An op feeding a store (compile/fused_op_stores.def): the slot f(fp[a], fp[b]) would have
// been written to. Only non-trapping functions qualify.
template <class R, class A, class B>
WR_ALWAYS_INLINE uint64_t ApplyToSlot(R (*f)(A, B), const uint64_t* fp, uint32_t a, uint32_t b) {
  static_assert(!std::is_same_v<R, TrapCode>);
  uint64_t slot;
  SetSlot<R>(&slot, f(GetSlot<Plain<A>>(fp + a), GetSlot<Plain<B>>(fp + b)));
  return slot;
}

// Words taken by a generic op: the op, dst, one per operand.
template <class R, class... A>
constexpr uint32_t Width(R (*)(A...)) {
  if constexpr (std::is_same_v<R, TrapCode>) {
    return 1 + sizeof...(A);  // the out pointer stands for dst
  } else if constexpr (std::is_same_v<R, num::U64Pair>) {
    return 3 + sizeof...(A);  // two destinations
  } else {
    return 2 + sizeof...(A);
  }
}

// Lane ops: `op dst, v [, x], lane` with f(v [, x], lane).
template <class R, class A>
WR_ALWAYS_INLINE void ApplyLane(R (*f)(A, uint32_t), uint64_t* fp, const uint32_t* pc) {
  SetSlot<R>(fp + pc[1], f(GetSlot<Plain<A>>(fp + pc[2]), pc[3]));
}
template <class R, class A, class B>
WR_ALWAYS_INLINE void ApplyLane(R (*f)(A, B, uint32_t), uint64_t* fp, const uint32_t* pc) {
  const auto a = GetSlot<Plain<A>>(fp + pc[2]);
  const auto b = GetSlot<Plain<B>>(fp + pc[3]);
  SetSlot<R>(fp + pc[1], f(a, b, pc[4]));
}

}  // namespace wr::interp
