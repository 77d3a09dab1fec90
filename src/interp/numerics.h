// Scalar numeric semantics of WebAssembly (spec document/core/exec/numerics.rst), as small
// header-only functions the interpreter inlines into its handlers.
//
// Contract (the interpreter calls these from X-macros expanded off ir/opcodes.def):
// - One function per opcode whose Sig is not Special and whose Imm is None (except Nop), named
//   exactly as the opcode's enumerator, in namespace wr::num.
// - Types: i32 -> uint32_t, i64 -> uint64_t, f32 -> float, f64 -> double, v128 -> wr::V128.
//   Parameters come in stack order (first pushed first).
// - The 16 ops that can trap (integer div/rem, non-saturating float->int truncation) instead
//   take an out pointer and return TrapCode::None on success, else the trap to raise; *out is
//   written only on success.
//
// Rules that hold throughout:
// - No undefined behaviour: integer arithmetic happens in unsigned types (wrapping), shift
//   counts are masked, float->int casts happen only after an explicit range check, and values
//   are reinterpreted with std::bit_cast.
// - NaN results: arithmetic (add, sub, mul, div, sqrt) relies on IEEE 754 hardware, which
//   returns a quieted input NaN or a canonical NaN, both of which the spec allows. Operations
//   whose C++ library counterparts do not promise that (min, max, ceil, floor, trunc, nearest,
//   promote, demote) handle NaN explicitly: they quiet the input NaN, keeping its payload, so a
//   canonical NaN stays canonical. abs, neg and copysign are pure bit operations.
// - The floating-point environment is the default one (round to nearest even, no traps);
//   nearest() relies on that.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "interp/numerics_wide.h"
#include "runtime/trap.h"

namespace wr::num {

namespace detail {

// ---- Float bit helpers

template <class F>
struct FloatBits;
template <>
struct FloatBits<float> {
  using Bits = uint32_t;
  static constexpr Bits kSign = 0x8000'0000u;
  static constexpr Bits kQuiet = 0x0040'0000u;  // top mantissa bit
};
template <>
struct FloatBits<double> {
  using Bits = uint64_t;
  static constexpr Bits kSign = 0x8000'0000'0000'0000ull;
  static constexpr Bits kQuiet = 0x0008'0000'0000'0000ull;
};

template <class F>
inline typename FloatBits<F>::Bits ToBits(F x) {
  return std::bit_cast<typename FloatBits<F>::Bits>(x);
}
template <class F>
inline F FromBits(typename FloatBits<F>::Bits b) {
  return std::bit_cast<F>(b);
}

// The input NaN with its quiet bit set: an arithmetic NaN with the same sign and payload, and
// still canonical if the input was.
template <class F>
inline F Quiet(F nan) {
  return FromBits<F>(ToBits(nan) | FloatBits<F>::kQuiet);
}

template <class F>
inline F Abs(F x) {
  return FromBits<F>(ToBits(x) & ~FloatBits<F>::kSign);
}
template <class F>
inline F Neg(F x) {
  return FromBits<F>(ToBits(x) ^ FloatBits<F>::kSign);
}
template <class F>
inline F Copysign(F a, F b) {
  constexpr auto kSign = FloatBits<F>::kSign;
  return FromBits<F>((ToBits(a) & ~kSign) | (ToBits(b) & kSign));
}

// fmin/fmax: a NaN operand wins (quieted); -0 < +0; otherwise the ordinary order.
template <class F>
inline F Min(F a, F b) {
  if (std::isnan(a)) return Quiet(a);
  if (std::isnan(b)) return Quiet(b);
  // Equal values have equal bits except for +-0, where OR picks the negative zero.
  if (a == b) return FromBits<F>(ToBits(a) | ToBits(b));
  return a < b ? a : b;
}
template <class F>
inline F Max(F a, F b) {
  if (std::isnan(a)) return Quiet(a);
  if (std::isnan(b)) return Quiet(b);
  // AND picks the positive zero of +-0.
  if (a == b) return FromBits<F>(ToBits(a) & ToBits(b));
  return a > b ? a : b;
}

// Rounding to an integral value; the library functions keep the sign of zero and infinities.
template <class F>
inline F Ceil(F x) {
  return std::isnan(x) ? Quiet(x) : std::ceil(x);
}
template <class F>
inline F Floor(F x) {
  return std::isnan(x) ? Quiet(x) : std::floor(x);
}
template <class F>
inline F Trunc(F x) {
  return std::isnan(x) ? Quiet(x) : std::trunc(x);
}
// Ties to even: nearbyint rounds in the current mode, which is round-to-nearest-even.
template <class F>
inline F Nearest(F x) {
  return std::isnan(x) ? Quiet(x) : std::nearbyint(x);
}

// ---- Integer helpers (T is uint32_t or uint64_t)

template <class T>
inline constexpr unsigned kBits = sizeof(T) * 8;

template <class T>
inline T Shl(T a, T b) {
  return static_cast<T>(a << (b & (kBits<T> - 1)));
}
template <class T>
inline T ShrU(T a, T b) {
  return static_cast<T>(a >> (b & (kBits<T> - 1)));
}
// C++20 defines >> of a negative signed value as an arithmetic shift.
template <class T>
inline T ShrS(T a, T b) {
  using S = std::make_signed_t<T>;
  return static_cast<T>(static_cast<S>(a) >> (b & (kBits<T> - 1)));
}

template <class T>
inline TrapCode DivS(T a, T b, T* out) {
  using S = std::make_signed_t<T>;
  if (b == 0) return TrapCode::IntegerDivideByZero;
  // INT_MIN / -1 = 2^(N-1) is not representable (and UB in C++).
  if (a == (T{1} << (kBits<T> - 1)) && b == static_cast<T>(-1)) return TrapCode::IntegerOverflow;
  *out = static_cast<T>(static_cast<S>(a) / static_cast<S>(b));
  return TrapCode::None;
}
template <class T>
inline TrapCode DivU(T a, T b, T* out) {
  if (b == 0) return TrapCode::IntegerDivideByZero;
  *out = a / b;
  return TrapCode::None;
}
template <class T>
inline TrapCode RemS(T a, T b, T* out) {
  using S = std::make_signed_t<T>;
  if (b == 0) return TrapCode::IntegerDivideByZero;
  // INT_MIN % -1 is 0 in wasm but UB in C++ (the quotient overflows); x % -1 is always 0.
  if (b == static_cast<T>(-1)) {
    *out = 0;
    return TrapCode::None;
  }
  *out = static_cast<T>(static_cast<S>(a) % static_cast<S>(b));
  return TrapCode::None;
}
template <class T>
inline TrapCode RemU(T a, T b, T* out) {
  if (b == 0) return TrapCode::IntegerDivideByZero;
  *out = a % b;
  return TrapCode::None;
}

// Sign-extends the low `bits` bits of x to the width of T.
template <class T>
inline T SignExtend(T x, unsigned bits) {
  const T m = T{1} << (bits - 1);
  x &= static_cast<T>((m << 1) - 1);  // bits < width of T, so the shift is defined
  return static_cast<T>((x ^ m) - m);
}

// ---- Float -> integer truncation
//
// x is first converted to double (exact for float), then compared against bounds that are
// exact doubles. trunc(x) lies in [lo, hi) exactly when x lies in the open or half-open ranges
// below:
//   signed 32:   -2^31 - 1 < x < 2^31      (both bounds are doubles)
//   signed 64:   -2^63    <= x < 2^63      (no double lies strictly between -2^63-1 and -2^63)
//   unsigned N:  -1       <  x < 2^N
// NaN fails every comparison. Inside the range the C++ cast (which truncates) is defined.

template <class T, bool kSigned>
inline bool TruncInRange(double d) {
  if constexpr (kSigned) {
    if constexpr (sizeof(T) == 4) return d > -0x1p31 - 1.0 && d < 0x1p31;
    return d >= -0x1p63 && d < 0x1p63;
  } else {
    if constexpr (sizeof(T) == 4) return d > -1.0 && d < 0x1p32;
    return d > -1.0 && d < 0x1p64;
  }
}

// Call only when TruncInRange holds.
template <class T, bool kSigned>
inline T TruncUnchecked(double d) {
  if constexpr (kSigned) {
    return static_cast<T>(static_cast<std::make_signed_t<T>>(d));
  } else {
    return static_cast<T>(d);
  }
}

template <class T, bool kSigned, class F>
inline TrapCode TruncTrap(F x, T* out) {
  const double d = x;
  if (std::isnan(d)) return TrapCode::InvalidConversion;
  if (!TruncInRange<T, kSigned>(d)) return TrapCode::IntegerOverflow;
  *out = TruncUnchecked<T, kSigned>(d);
  return TrapCode::None;
}

// NaN -> 0; out-of-range values and infinities clamp to the nearest bound.
template <class T, bool kSigned, class F>
inline T TruncSat(F x) {
  const double d = x;
  if (std::isnan(d)) return 0;
  if (TruncInRange<T, kSigned>(d)) return TruncUnchecked<T, kSigned>(d);
  if constexpr (kSigned) {
    const T min = T{1} << (kBits<T> - 1);  // INT_MIN's bits
    return d < 0 ? min : static_cast<T>(min - 1);
  } else {
    return d < 0 ? T{0} : static_cast<T>(~T{0});
  }
}

// ---- Integer -> float conversion (correctly rounded, round to nearest even)

// u64 -> F without relying on how the compiler lowers an unsigned 64-bit conversion: values
// with the top bit set are halved with the lost bit folded into bit 0 ("sticky"), so the one
// rounding step in the signed conversion sees whether the discarded part was non-zero; the
// doubling afterwards is exact.
template <class F>
inline F ConvertU64(uint64_t v) {
  if (v < (uint64_t{1} << 63)) return static_cast<F>(static_cast<int64_t>(v));
  const uint64_t half = (v >> 1) | (v & 1);
  const F f = static_cast<F>(static_cast<int64_t>(half));
  return f + f;
}

}  // namespace detail

// ---- i32 / i64 comparisons

inline uint32_t I32Eqz(uint32_t a) {
  return a == 0;
}
inline uint32_t I32Eq(uint32_t a, uint32_t b) {
  return a == b;
}
inline uint32_t I32Ne(uint32_t a, uint32_t b) {
  return a != b;
}
inline uint32_t I32LtS(uint32_t a, uint32_t b) {
  return int32_t(a) < int32_t(b);
}
inline uint32_t I32LtU(uint32_t a, uint32_t b) {
  return a < b;
}
inline uint32_t I32GtS(uint32_t a, uint32_t b) {
  return int32_t(a) > int32_t(b);
}
inline uint32_t I32GtU(uint32_t a, uint32_t b) {
  return a > b;
}
inline uint32_t I32LeS(uint32_t a, uint32_t b) {
  return int32_t(a) <= int32_t(b);
}
inline uint32_t I32LeU(uint32_t a, uint32_t b) {
  return a <= b;
}
inline uint32_t I32GeS(uint32_t a, uint32_t b) {
  return int32_t(a) >= int32_t(b);
}
inline uint32_t I32GeU(uint32_t a, uint32_t b) {
  return a >= b;
}

inline uint32_t I64Eqz(uint64_t a) {
  return a == 0;
}
inline uint32_t I64Eq(uint64_t a, uint64_t b) {
  return a == b;
}
inline uint32_t I64Ne(uint64_t a, uint64_t b) {
  return a != b;
}
inline uint32_t I64LtS(uint64_t a, uint64_t b) {
  return int64_t(a) < int64_t(b);
}
inline uint32_t I64LtU(uint64_t a, uint64_t b) {
  return a < b;
}
inline uint32_t I64GtS(uint64_t a, uint64_t b) {
  return int64_t(a) > int64_t(b);
}
inline uint32_t I64GtU(uint64_t a, uint64_t b) {
  return a > b;
}
inline uint32_t I64LeS(uint64_t a, uint64_t b) {
  return int64_t(a) <= int64_t(b);
}
inline uint32_t I64LeU(uint64_t a, uint64_t b) {
  return a <= b;
}
inline uint32_t I64GeS(uint64_t a, uint64_t b) {
  return int64_t(a) >= int64_t(b);
}
inline uint32_t I64GeU(uint64_t a, uint64_t b) {
  return a >= b;
}

// ---- f32 / f64 comparisons (IEEE: every comparison with NaN is false, except ne)

inline uint32_t F32Eq(float a, float b) {
  return a == b;
}
inline uint32_t F32Ne(float a, float b) {
  return a != b;
}
inline uint32_t F32Lt(float a, float b) {
  return a < b;
}
inline uint32_t F32Gt(float a, float b) {
  return a > b;
}
inline uint32_t F32Le(float a, float b) {
  return a <= b;
}
inline uint32_t F32Ge(float a, float b) {
  return a >= b;
}

inline uint32_t F64Eq(double a, double b) {
  return a == b;
}
inline uint32_t F64Ne(double a, double b) {
  return a != b;
}
inline uint32_t F64Lt(double a, double b) {
  return a < b;
}
inline uint32_t F64Gt(double a, double b) {
  return a > b;
}
inline uint32_t F64Le(double a, double b) {
  return a <= b;
}
inline uint32_t F64Ge(double a, double b) {
  return a >= b;
}

// ---- i32 arithmetic

inline uint32_t I32Clz(uint32_t a) {
  return static_cast<uint32_t>(std::countl_zero(a));
}
inline uint32_t I32Ctz(uint32_t a) {
  return static_cast<uint32_t>(std::countr_zero(a));
}
inline uint32_t I32Popcnt(uint32_t a) {
  return static_cast<uint32_t>(std::popcount(a));
}
inline uint32_t I32Add(uint32_t a, uint32_t b) {
  return a + b;
}
inline uint32_t I32Sub(uint32_t a, uint32_t b) {
  return a - b;
}
inline uint32_t I32Mul(uint32_t a, uint32_t b) {
  return a * b;
}
inline TrapCode I32DivS(uint32_t a, uint32_t b, uint32_t* out) {
  return detail::DivS(a, b, out);
}
inline TrapCode I32DivU(uint32_t a, uint32_t b, uint32_t* out) {
  return detail::DivU(a, b, out);
}
inline TrapCode I32RemS(uint32_t a, uint32_t b, uint32_t* out) {
  return detail::RemS(a, b, out);
}
inline TrapCode I32RemU(uint32_t a, uint32_t b, uint32_t* out) {
  return detail::RemU(a, b, out);
}
inline uint32_t I32And(uint32_t a, uint32_t b) {
  return a & b;
}
inline uint32_t I32Or(uint32_t a, uint32_t b) {
  return a | b;
}
inline uint32_t I32Xor(uint32_t a, uint32_t b) {
  return a ^ b;
}
inline uint32_t I32Shl(uint32_t a, uint32_t b) {
  return detail::Shl(a, b);
}
inline uint32_t I32ShrS(uint32_t a, uint32_t b) {
  return detail::ShrS(a, b);
}
inline uint32_t I32ShrU(uint32_t a, uint32_t b) {
  return detail::ShrU(a, b);
}
// std::rotl takes an int count and reduces it modulo the width itself.
inline uint32_t I32Rotl(uint32_t a, uint32_t b) {
  return std::rotl(a, static_cast<int>(b & 31));
}
inline uint32_t I32Rotr(uint32_t a, uint32_t b) {
  return std::rotr(a, static_cast<int>(b & 31));
}

// ---- i64 arithmetic

inline uint64_t I64Clz(uint64_t a) {
  return static_cast<uint64_t>(std::countl_zero(a));
}
inline uint64_t I64Ctz(uint64_t a) {
  return static_cast<uint64_t>(std::countr_zero(a));
}
inline uint64_t I64Popcnt(uint64_t a) {
  return static_cast<uint64_t>(std::popcount(a));
}
inline uint64_t I64Add(uint64_t a, uint64_t b) {
  return a + b;
}
inline uint64_t I64Sub(uint64_t a, uint64_t b) {
  return a - b;
}
inline uint64_t I64Mul(uint64_t a, uint64_t b) {
  return a * b;
}
inline TrapCode I64DivS(uint64_t a, uint64_t b, uint64_t* out) {
  return detail::DivS(a, b, out);
}
inline TrapCode I64DivU(uint64_t a, uint64_t b, uint64_t* out) {
  return detail::DivU(a, b, out);
}
inline TrapCode I64RemS(uint64_t a, uint64_t b, uint64_t* out) {
  return detail::RemS(a, b, out);
}
inline TrapCode I64RemU(uint64_t a, uint64_t b, uint64_t* out) {
  return detail::RemU(a, b, out);
}
inline uint64_t I64And(uint64_t a, uint64_t b) {
  return a & b;
}
inline uint64_t I64Or(uint64_t a, uint64_t b) {
  return a | b;
}
inline uint64_t I64Xor(uint64_t a, uint64_t b) {
  return a ^ b;
}
inline uint64_t I64Shl(uint64_t a, uint64_t b) {
  return detail::Shl(a, b);
}
inline uint64_t I64ShrS(uint64_t a, uint64_t b) {
  return detail::ShrS(a, b);
}
inline uint64_t I64ShrU(uint64_t a, uint64_t b) {
  return detail::ShrU(a, b);
}
inline uint64_t I64Rotl(uint64_t a, uint64_t b) {
  return std::rotl(a, static_cast<int>(b & 63));
}
inline uint64_t I64Rotr(uint64_t a, uint64_t b) {
  return std::rotr(a, static_cast<int>(b & 63));
}

// ---- f32 / f64 arithmetic

inline float F32Abs(float a) {
  return detail::Abs(a);
}
inline float F32Neg(float a) {
  return detail::Neg(a);
}
inline float F32Ceil(float a) {
  return detail::Ceil(a);
}
inline float F32Floor(float a) {
  return detail::Floor(a);
}
inline float F32Trunc(float a) {
  return detail::Trunc(a);
}
inline float F32Nearest(float a) {
  return detail::Nearest(a);
}
inline float F32Sqrt(float a) {
  return std::sqrt(a);
}
inline float F32Add(float a, float b) {
  return a + b;
}
inline float F32Sub(float a, float b) {
  return a - b;
}
inline float F32Mul(float a, float b) {
  return a * b;
}
inline float F32Div(float a, float b) {
  return a / b;
}
inline float F32Min(float a, float b) {
  return detail::Min(a, b);
}
inline float F32Max(float a, float b) {
  return detail::Max(a, b);
}
inline float F32Copysign(float a, float b) {
  return detail::Copysign(a, b);
}

inline double F64Abs(double a) {
  return detail::Abs(a);
}
inline double F64Neg(double a) {
  return detail::Neg(a);
}
inline double F64Ceil(double a) {
  return detail::Ceil(a);
}
inline double F64Floor(double a) {
  return detail::Floor(a);
}
inline double F64Trunc(double a) {
  return detail::Trunc(a);
}
inline double F64Nearest(double a) {
  return detail::Nearest(a);
}
inline double F64Sqrt(double a) {
  return std::sqrt(a);
}
inline double F64Add(double a, double b) {
  return a + b;
}
inline double F64Sub(double a, double b) {
  return a - b;
}
inline double F64Mul(double a, double b) {
  return a * b;
}
inline double F64Div(double a, double b) {
  return a / b;
}
inline double F64Min(double a, double b) {
  return detail::Min(a, b);
}
inline double F64Max(double a, double b) {
  return detail::Max(a, b);
}
inline double F64Copysign(double a, double b) {
  return detail::Copysign(a, b);
}

// ---- Integer width conversions and sign extension

inline uint32_t I32WrapI64(uint64_t a) {
  return static_cast<uint32_t>(a);
}
inline uint64_t I64ExtendI32S(uint32_t a) {
  return static_cast<uint64_t>(int64_t{int32_t(a)});
}
inline uint64_t I64ExtendI32U(uint32_t a) {
  return a;
}
inline uint32_t I32Extend8S(uint32_t a) {
  return detail::SignExtend<uint32_t>(a, 8);
}
inline uint32_t I32Extend16S(uint32_t a) {
  return detail::SignExtend<uint32_t>(a, 16);
}
inline uint64_t I64Extend8S(uint64_t a) {
  return detail::SignExtend<uint64_t>(a, 8);
}
inline uint64_t I64Extend16S(uint64_t a) {
  return detail::SignExtend<uint64_t>(a, 16);
}
inline uint64_t I64Extend32S(uint64_t a) {
  return detail::SignExtend<uint64_t>(a, 32);
}

// ---- Float -> integer: trapping truncation
// NaN traps with "invalid conversion to integer", out-of-range values and infinities with
// "integer overflow".

inline TrapCode I32TruncF32S(float a, uint32_t* out) {
  return detail::TruncTrap<uint32_t, true>(a, out);
}
inline TrapCode I32TruncF32U(float a, uint32_t* out) {
  return detail::TruncTrap<uint32_t, false>(a, out);
}
inline TrapCode I32TruncF64S(double a, uint32_t* out) {
  return detail::TruncTrap<uint32_t, true>(a, out);
}
inline TrapCode I32TruncF64U(double a, uint32_t* out) {
  return detail::TruncTrap<uint32_t, false>(a, out);
}
inline TrapCode I64TruncF32S(float a, uint64_t* out) {
  return detail::TruncTrap<uint64_t, true>(a, out);
}
inline TrapCode I64TruncF32U(float a, uint64_t* out) {
  return detail::TruncTrap<uint64_t, false>(a, out);
}
inline TrapCode I64TruncF64S(double a, uint64_t* out) {
  return detail::TruncTrap<uint64_t, true>(a, out);
}
inline TrapCode I64TruncF64U(double a, uint64_t* out) {
  return detail::TruncTrap<uint64_t, false>(a, out);
}

// ---- Float -> integer: saturating truncation

inline uint32_t I32TruncSatF32S(float a) {
  return detail::TruncSat<uint32_t, true>(a);
}
inline uint32_t I32TruncSatF32U(float a) {
  return detail::TruncSat<uint32_t, false>(a);
}
inline uint32_t I32TruncSatF64S(double a) {
  return detail::TruncSat<uint32_t, true>(a);
}
inline uint32_t I32TruncSatF64U(double a) {
  return detail::TruncSat<uint32_t, false>(a);
}
inline uint64_t I64TruncSatF32S(float a) {
  return detail::TruncSat<uint64_t, true>(a);
}
inline uint64_t I64TruncSatF32U(float a) {
  return detail::TruncSat<uint64_t, false>(a);
}
inline uint64_t I64TruncSatF64S(double a) {
  return detail::TruncSat<uint64_t, true>(a);
}
inline uint64_t I64TruncSatF64U(double a) {
  return detail::TruncSat<uint64_t, false>(a);
}

// ---- Integer -> float (round to nearest even; i32 -> f64 is exact)

inline float F32ConvertI32S(uint32_t a) {
  return static_cast<float>(int32_t(a));
}
inline float F32ConvertI32U(uint32_t a) {
  return static_cast<float>(a);
}
inline float F32ConvertI64S(uint64_t a) {
  return static_cast<float>(int64_t(a));
}
inline float F32ConvertI64U(uint64_t a) {
  return detail::ConvertU64<float>(a);
}
inline double F64ConvertI32S(uint32_t a) {
  return static_cast<double>(int32_t(a));
}
inline double F64ConvertI32U(uint32_t a) {
  return static_cast<double>(a);
}
inline double F64ConvertI64S(uint64_t a) {
  return static_cast<double>(int64_t(a));
}
inline double F64ConvertI64U(uint64_t a) {
  return detail::ConvertU64<double>(a);
}

// ---- f32 <-> f64

// NaN: keep the sign and the top 22 payload bits and set the quiet bit, as IEEE hardware
// does; a canonical NaN stays canonical. Finite values beyond the f32 range round to infinity
// (a C++ cast of them would be undefined): from FLT_MAX + half an ulp (0x1.ffffffp127, a tie
// that rounds to even, i.e. up) on.
inline float F32DemoteF64(double a) {
  if (std::isnan(a)) {
    const uint64_t b = detail::ToBits(a);
    const auto sign = static_cast<uint32_t>(b >> 32) & 0x8000'0000u;
    const auto payload = static_cast<uint32_t>((b & 0x000f'ffff'ffff'ffffull) >> 29);
    return std::bit_cast<float>(sign | 0x7fc0'0000u | payload);
  }
  if (detail::Abs(a) >= 0x1.ffffffp127) return a < 0 ? -INFINITY : INFINITY;
  return static_cast<float>(a);
}

// Exact for numbers; NaN keeps its sign and payload (shifted to the top) and becomes quiet.
inline double F64PromoteF32(float a) {
  if (std::isnan(a)) {
    const uint32_t b = detail::ToBits(a);
    const uint64_t sign = static_cast<uint64_t>(b & 0x8000'0000u) << 32;
    const uint64_t payload = static_cast<uint64_t>(b & 0x007f'ffffu) << 29;
    return std::bit_cast<double>(sign | 0x7ff8'0000'0000'0000ull | payload);
  }
  return static_cast<double>(a);
}

// ---- Reinterpretation (bit-exact, NaN payloads included)

inline uint32_t I32ReinterpretF32(float a) {
  return std::bit_cast<uint32_t>(a);
}
inline uint64_t I64ReinterpretF64(double a) {
  return std::bit_cast<uint64_t>(a);
}
inline float F32ReinterpretI32(uint32_t a) {
  return std::bit_cast<float>(a);
}
inline double F64ReinterpretI64(uint64_t a) {
  return std::bit_cast<double>(a);
}

}  // namespace wr::num
