// Test helper: expands ir/opcodes.def into the list of opcodes that have a wr::num function,
// and maps each one's Sig to C++ types, so tests can name every function generically.
//
//   #define MY_X(name, sig, kind) ...   // kind is None or Lane
//   #define WR_OP(name, prefix, code, text, imm, sig, feature) WR_NUM_ONE_OP(name, imm, sig, MY_X)
//   #include "ir/opcodes.def"
//   #undef WR_OP
//
// calls MY_X for every opcode whose Imm is None or Lane and whose Sig is neither Special nor V_V
// (Nop). Opcodes are filtered in the preprocessor (not with if constexpr) because naming
// wr::num::<name> for an opcode that has no function would not compile.
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "common/v128.h"
#include "interp/numerics.h"
#include "interp/simd.h"
#include "ir/opcode.h"
#include "runtime/trap.h"

// ---- Preprocessor filtering

#define WR_NUM_CAT(a, b) WR_NUM_CAT_(a, b)
#define WR_NUM_CAT_(a, b) a##b
#define WR_NUM_SECOND(a, b, ...) b
// 0 unless `x` expands to "~, N", in which case N.
#define WR_NUM_PROBE(...) WR_NUM_SECOND(__VA_ARGS__, 0, ~)

#define WR_NUM_IMM_CLASS_None ~, 1
#define WR_NUM_IMM_CLASS_Lane ~, 2
#define WR_NUM_SIG_SKIP_Special ~, 1
#define WR_NUM_SIG_SKIP_V_V ~, 1

#define WR_NUM_BY_IMM_0(name, sig, X)
#define WR_NUM_BY_IMM_1(name, sig, X) \
  WR_NUM_CAT(WR_NUM_BY_SIG_, WR_NUM_PROBE(WR_NUM_SIG_SKIP_##sig))(name, sig, None, X)
#define WR_NUM_BY_IMM_2(name, sig, X) \
  WR_NUM_CAT(WR_NUM_BY_SIG_, WR_NUM_PROBE(WR_NUM_SIG_SKIP_##sig))(name, sig, Lane, X)
#define WR_NUM_BY_SIG_0(name, sig, kind, X) X(name, sig, kind)
#define WR_NUM_BY_SIG_1(name, sig, kind, X)

#define WR_NUM_ONE_OP(name, imm, sig, X) \
  WR_NUM_CAT(WR_NUM_BY_IMM_, WR_NUM_PROBE(WR_NUM_IMM_CLASS_##imm))(name, sig, X)

namespace wr::num::test {

enum class FnForm { Plain, Trapping, Lane };

// The C++ shape of a Sig: R(P...), plus the trapping and lane-immediate variants.
//
// Call<F> runs F on operands read from a buffer (operand j at in + 16 * j, little-endian) and
// writes the result's bytes to out; it returns the trap F reported, if any.
template <class R, class... P>
struct FnSig {
  using Result = R;
  static constexpr unsigned kParams = sizeof...(P);
  static constexpr FnForm FormOfNone(R (*)(P...)) { return FnForm::Plain; }
  static constexpr FnForm FormOfNone(TrapCode (*)(P..., R*)) { return FnForm::Trapping; }
  static constexpr FnForm FormOfLane(R (*)(P..., uint32_t)) { return FnForm::Lane; }

  template <auto F>
  static TrapCode Call(const uint8_t* in, uint32_t lane, uint8_t* out) {
    return CallWith<F>(in, lane, out, std::index_sequence_for<P...>());
  }

 private:
  template <class T>
  static T Read(const uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
  }
  template <auto F, size_t... I>
  static TrapCode CallWith(const uint8_t* in, uint32_t lane, uint8_t* out,
                           std::index_sequence<I...>) {
    R r{};
    if constexpr (std::is_same_v<decltype(F), R (*)(P...)>) {
      r = F(Read<P>(in + 16 * I)...);
    } else if constexpr (std::is_same_v<decltype(F), R (*)(P..., uint32_t)>) {
      r = F(Read<P>(in + 16 * I)..., lane);
    } else {
      static_assert(std::is_same_v<decltype(F), TrapCode (*)(P..., R*)>);
      const TrapCode t = F(Read<P>(in + 16 * I)..., &r);
      if (t != TrapCode::None) return t;
    }
    std::memcpy(out, &r, sizeof(R));
    return TrapCode::None;
  }
};

template <Sig S>
struct SigCpp;
#define WR_NUM_SIG_CPP(S, ...) \
  template <>                  \
  struct SigCpp<Sig::S> : FnSig<__VA_ARGS__> {};
// clang-format off
WR_NUM_SIG_CPP(I32_I32, uint32_t, uint32_t)
WR_NUM_SIG_CPP(I32_I64, uint32_t, uint64_t)
WR_NUM_SIG_CPP(I32_F32, uint32_t, float)
WR_NUM_SIG_CPP(I32_F64, uint32_t, double)
WR_NUM_SIG_CPP(I32_V128, uint32_t, V128)
WR_NUM_SIG_CPP(I64_I32, uint64_t, uint32_t)
WR_NUM_SIG_CPP(I64_I64, uint64_t, uint64_t)
WR_NUM_SIG_CPP(I64_F32, uint64_t, float)
WR_NUM_SIG_CPP(I64_F64, uint64_t, double)
WR_NUM_SIG_CPP(I64_V128, uint64_t, V128)
WR_NUM_SIG_CPP(F32_I32, float, uint32_t)
WR_NUM_SIG_CPP(F32_I64, float, uint64_t)
WR_NUM_SIG_CPP(F32_F32, float, float)
WR_NUM_SIG_CPP(F32_F64, float, double)
WR_NUM_SIG_CPP(F32_V128, float, V128)
WR_NUM_SIG_CPP(F64_I32, double, uint32_t)
WR_NUM_SIG_CPP(F64_I64, double, uint64_t)
WR_NUM_SIG_CPP(F64_F32, double, float)
WR_NUM_SIG_CPP(F64_F64, double, double)
WR_NUM_SIG_CPP(F64_V128, double, V128)
WR_NUM_SIG_CPP(V128_I32, V128, uint32_t)
WR_NUM_SIG_CPP(V128_I64, V128, uint64_t)
WR_NUM_SIG_CPP(V128_F32, V128, float)
WR_NUM_SIG_CPP(V128_F64, V128, double)
WR_NUM_SIG_CPP(V128_V128, V128, V128)
WR_NUM_SIG_CPP(I32_I32I32, uint32_t, uint32_t, uint32_t)
WR_NUM_SIG_CPP(I32_I64I64, uint32_t, uint64_t, uint64_t)
WR_NUM_SIG_CPP(I32_F32F32, uint32_t, float, float)
WR_NUM_SIG_CPP(I32_F64F64, uint32_t, double, double)
WR_NUM_SIG_CPP(I64_I64I64, uint64_t, uint64_t, uint64_t)
WR_NUM_SIG_CPP(F32_F32F32, float, float, float)
WR_NUM_SIG_CPP(F64_F64F64, double, double, double)
WR_NUM_SIG_CPP(V128_V128V128, V128, V128, V128)
WR_NUM_SIG_CPP(V128_V128I32, V128, V128, uint32_t)
WR_NUM_SIG_CPP(V128_V128I64, V128, V128, uint64_t)
WR_NUM_SIG_CPP(V128_V128F32, V128, V128, float)
WR_NUM_SIG_CPP(V128_V128F64, V128, V128, double)
WR_NUM_SIG_CPP(V128_V128V128V128, V128, V128, V128, V128)
WR_NUM_SIG_CPP(I64I64_I64I64, U64Pair, uint64_t, uint64_t)
WR_NUM_SIG_CPP(I64I64_I64I64I64I64, U64Pair, uint64_t, uint64_t, uint64_t, uint64_t)
// clang-format on
#undef WR_NUM_SIG_CPP

}  // namespace wr::num::test
