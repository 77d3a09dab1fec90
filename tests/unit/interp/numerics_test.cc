#include "interp/numerics.h"

#include <gtest/gtest.h>

#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <string_view>

#include "ir/opcode.h"
#include "num_op_table.h"

namespace wr::num {
namespace {

using test::FnForm;
using test::SigCpp;

// ---- Every simple opcode has a function of the right signature (a compile-time check: a
// missing or mistyped function makes this table fail to compile).

struct OpForm {
  Opcode op;
  std::string_view name;
  FnForm form;
};

#define WR_NUM_FORM(name, sig, kind) \
  OpForm{Opcode::name, #name, SigCpp<Sig::sig>::FormOf##kind(&wr::num::name)},
constexpr OpForm kForms[] = {
#define WR_OP(name, prefix, code, text, imm, sig, feature) \
  WR_NUM_ONE_OP(name, imm, sig, WR_NUM_FORM)
#include "ir/opcodes.def"
#undef WR_OP
};
#undef WR_NUM_FORM

TEST(NumericsTable, EverySimpleOpcodeHasAFunction) {
  // Count the opcodes the table says must have a function, independently of the macros.
  uint32_t expected = 0;
  for (uint32_t i = 0; i < kOpcodeCount; ++i) {
    const OpInfo& info = kOpInfo[i];
    if (info.sig == Sig::Special || info.sig == Sig::V_V) continue;
    if (info.imm == ImmKind::None || info.imm == ImmKind::Lane) ++expected;
  }
  EXPECT_EQ(std::size(kForms), expected);
  EXPECT_GT(expected, 350u);  // guards against the filter matching nothing
}

TEST(NumericsTable, ExactlyTheSixteenPartialOpsTrap) {
  // Integer div/rem and the non-saturating float->int truncations (all single-byte opcodes).
  for (const OpForm& f : kForms) {
    const OpInfo& info = GetOpInfo(f.op);
    const std::string_view t = info.text;
    const bool partial = info.prefix == 0 && (t.find(".div_") != std::string_view::npos ||
                                              t.find(".rem_") != std::string_view::npos ||
                                              t.find(".trunc_f") != std::string_view::npos);
    const FnForm want = info.imm == ImmKind::Lane ? FnForm::Lane
                        : partial                 ? FnForm::Trapping
                                                  : FnForm::Plain;
    EXPECT_EQ(f.form, want) << f.name;
  }
  size_t trapping = 0;
  for (const OpForm& f : kForms) trapping += f.form == FnForm::Trapping;
  EXPECT_EQ(trapping, 16u);
}

// ---- Bit helpers

float F32(uint32_t b) {
  return std::bit_cast<float>(b);
}
double F64(uint64_t b) {
  return std::bit_cast<double>(b);
}
uint32_t Bits(float f) {
  return std::bit_cast<uint32_t>(f);
}
uint64_t Bits(double d) {
  return std::bit_cast<uint64_t>(d);
}

constexpr uint32_t kF32CanonNan = 0x7fc00000;
constexpr uint32_t kF32SNan = 0x7fa00001;  // signalling, payload 0x200001
constexpr uint64_t kF64CanonNan = 0x7ff8000000000000;
constexpr uint64_t kF64SNan = 0x7ff4000000000001;
constexpr float kInfF = std::numeric_limits<float>::infinity();
constexpr double kInf = std::numeric_limits<double>::infinity();

bool IsArithmeticNan32(float f) {
  return std::isnan(f) && (Bits(f) & 0x00400000u);
}
bool IsArithmeticNan64(double d) {
  return std::isnan(d) && (Bits(d) & 0x0008000000000000ull);
}
bool IsCanonicalNan32(float f) {
  return (Bits(f) & 0x7fffffffu) == kF32CanonNan;
}
bool IsCanonicalNan64(double d) {
  return (Bits(d) & ~(1ull << 63)) == kF64CanonNan;
}

// ---- Integer arithmetic

TEST(NumericsInt, AddSubMulWrap) {
  EXPECT_EQ(I32Add(0xffffffffu, 1), 0u);
  EXPECT_EQ(I32Add(0x7fffffffu, 1), 0x80000000u);
  EXPECT_EQ(I32Sub(0, 1), 0xffffffffu);
  EXPECT_EQ(I32Sub(0x80000000u, 1), 0x7fffffffu);
  EXPECT_EQ(I32Mul(0x80000000u, 0xffffffffu), 0x80000000u);
  EXPECT_EQ(I32Mul(0x10000u, 0x10000u), 0u);
  EXPECT_EQ(I32Mul(0x01234567u, 0x76543210u), 0x01234567u * 0x76543210u);
  EXPECT_EQ(I64Add(~0ull, 1), 0u);
  EXPECT_EQ(I64Sub(0, 1), ~0ull);
  EXPECT_EQ(I64Mul(0x8000000000000000ull, ~0ull), 0x8000000000000000ull);
  EXPECT_EQ(I64Mul(0x0123456789abcdefull, 0xfedcba9876543210ull), 0x2236d88fe5618cf0ull);
}

TEST(NumericsInt, DivRemTraps) {
  uint32_t r32 = 12345;
  EXPECT_EQ(I32DivS(1, 0, &r32), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(I32DivS(0, 0, &r32), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(I32DivU(1, 0, &r32), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(I32RemS(1, 0, &r32), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(I32RemU(1, 0, &r32), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(I32DivS(0x80000000u, 0xffffffffu, &r32), TrapCode::IntegerOverflow);
  EXPECT_EQ(r32, 12345u);  // untouched on a trap
  EXPECT_EQ(I32RemS(0x80000000u, 0xffffffffu, &r32), TrapCode::None);
  EXPECT_EQ(r32, 0u);

  uint64_t r64 = 7;
  EXPECT_EQ(I64DivS(1, 0, &r64), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(I64DivU(1, 0, &r64), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(I64RemS(1, 0, &r64), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(I64RemU(1, 0, &r64), TrapCode::IntegerDivideByZero);
  EXPECT_EQ(I64DivS(1ull << 63, ~0ull, &r64), TrapCode::IntegerOverflow);
  EXPECT_EQ(r64, 7u);
  EXPECT_EQ(I64RemS(1ull << 63, ~0ull, &r64), TrapCode::None);
  EXPECT_EQ(r64, 0u);
}

TEST(NumericsInt, DivRemValues) {
  uint32_t r = 0;
  ASSERT_EQ(I32DivS(uint32_t(-7), 2, &r), TrapCode::None);
  EXPECT_EQ(int32_t(r), -3);  // truncates toward zero
  ASSERT_EQ(I32RemS(uint32_t(-7), 2, &r), TrapCode::None);
  EXPECT_EQ(int32_t(r), -1);  // sign of the dividend
  ASSERT_EQ(I32RemS(7, uint32_t(-2), &r), TrapCode::None);
  EXPECT_EQ(int32_t(r), 1);
  ASSERT_EQ(I32DivS(0x80000000u, 2, &r), TrapCode::None);
  EXPECT_EQ(r, 0xc0000000u);
  ASSERT_EQ(I32DivU(0x80000000u, 2, &r), TrapCode::None);
  EXPECT_EQ(r, 0x40000000u);
  ASSERT_EQ(I32DivU(0xffffffffu, 0xffffffffu, &r), TrapCode::None);
  EXPECT_EQ(r, 1u);
  ASSERT_EQ(I32RemU(0xffffffffu, 10, &r), TrapCode::None);
  EXPECT_EQ(r, 5u);
  ASSERT_EQ(I32DivS(0x80000000u, 1, &r), TrapCode::None);
  EXPECT_EQ(r, 0x80000000u);

  uint64_t q = 0;
  ASSERT_EQ(I64DivS(uint64_t(-7), 2, &q), TrapCode::None);
  EXPECT_EQ(int64_t(q), -3);
  ASSERT_EQ(I64RemS(uint64_t(-7), 2, &q), TrapCode::None);
  EXPECT_EQ(int64_t(q), -1);
  ASSERT_EQ(I64DivU(~0ull, 2, &q), TrapCode::None);
  EXPECT_EQ(q, 0x7fffffffffffffffull);
  ASSERT_EQ(I64RemU(~0ull, 10, &q), TrapCode::None);
  EXPECT_EQ(q, 5u);
  ASSERT_EQ(I64DivS(1ull << 63, uint64_t(-2), &q), TrapCode::None);
  EXPECT_EQ(q, 1ull << 62);
}

TEST(NumericsInt, ShiftsMaskTheCount) {
  EXPECT_EQ(I32Shl(1, 31), 0x80000000u);
  EXPECT_EQ(I32Shl(1, 32), 1u);
  EXPECT_EQ(I32Shl(1, 33), 2u);
  EXPECT_EQ(I32Shl(0xffffffffu, 0xffffffffu), 0x80000000u);
  EXPECT_EQ(I32ShrU(0x80000000u, 31), 1u);
  EXPECT_EQ(I32ShrU(0x80000000u, 32), 0x80000000u);
  EXPECT_EQ(I32ShrS(0x80000000u, 31), 0xffffffffu);
  EXPECT_EQ(I32ShrS(0x80000000u, 63), 0xffffffffu);
  EXPECT_EQ(I32ShrS(0x40000000u, 30), 1u);
  EXPECT_EQ(I64Shl(1, 63), 1ull << 63);
  EXPECT_EQ(I64Shl(1, 64), 1u);
  EXPECT_EQ(I64Shl(1, 0xffffffffffffffc1ull), 2u);
  EXPECT_EQ(I64ShrU(1ull << 63, 64), 1ull << 63);
  EXPECT_EQ(I64ShrU(1ull << 63, 63), 1u);
  EXPECT_EQ(I64ShrS(1ull << 63, 63), ~0ull);
  EXPECT_EQ(I64ShrS(1ull << 63, 127), ~0ull);
}

TEST(NumericsInt, Rotations) {
  EXPECT_EQ(I32Rotl(0x80000001u, 1), 3u);
  EXPECT_EQ(I32Rotl(0x12345678u, 0), 0x12345678u);
  EXPECT_EQ(I32Rotl(0x12345678u, 32), 0x12345678u);
  EXPECT_EQ(I32Rotl(0x12345678u, 36), 0x23456781u);
  EXPECT_EQ(I32Rotr(0x12345678u, 4), 0x81234567u);
  EXPECT_EQ(I32Rotr(0x12345678u, 0xffffffe4u), 0x81234567u);  // -28 mod 32 = 4
  EXPECT_EQ(I32Rotl(0xabcd9876u, 0xffffffffu), I32Rotr(0xabcd9876u, 1));
  EXPECT_EQ(I64Rotl(0x8000000000000001ull, 1), 3u);
  EXPECT_EQ(I64Rotl(0x0123456789abcdefull, 64), 0x0123456789abcdefull);
  EXPECT_EQ(I64Rotr(0x0123456789abcdefull, 4), 0xf0123456789abcdeull);
  EXPECT_EQ(I64Rotr(0x0123456789abcdefull, 68), 0xf0123456789abcdeull);
  EXPECT_EQ(I64Rotl(1, ~0ull), 1ull << 63);
}

TEST(NumericsInt, BitCounts) {
  EXPECT_EQ(I32Clz(0), 32u);
  EXPECT_EQ(I32Clz(1), 31u);
  EXPECT_EQ(I32Clz(0x80000000u), 0u);
  EXPECT_EQ(I32Ctz(0), 32u);
  EXPECT_EQ(I32Ctz(0x80000000u), 31u);
  EXPECT_EQ(I32Ctz(1), 0u);
  EXPECT_EQ(I32Popcnt(0), 0u);
  EXPECT_EQ(I32Popcnt(0xffffffffu), 32u);
  EXPECT_EQ(I32Popcnt(0x80008001u), 3u);
  EXPECT_EQ(I64Clz(0), 64u);
  EXPECT_EQ(I64Clz(1), 63u);
  EXPECT_EQ(I64Ctz(0), 64u);
  EXPECT_EQ(I64Ctz(1ull << 63), 63u);
  EXPECT_EQ(I64Popcnt(~0ull), 64u);
  EXPECT_EQ(I64Popcnt(0x8000000000000001ull), 2u);
}

TEST(NumericsInt, Comparisons) {
  EXPECT_EQ(I32Eqz(0), 1u);
  EXPECT_EQ(I32Eqz(0x80000000u), 0u);
  EXPECT_EQ(I32LtS(0x80000000u, 0), 1u);
  EXPECT_EQ(I32LtU(0x80000000u, 0), 0u);
  EXPECT_EQ(I32GtS(0x7fffffffu, 0x80000000u), 1u);
  EXPECT_EQ(I32GtU(0x7fffffffu, 0x80000000u), 0u);
  EXPECT_EQ(I32LeS(0xffffffffu, 0xffffffffu), 1u);
  EXPECT_EQ(I32LeU(0, 0xffffffffu), 1u);
  EXPECT_EQ(I32GeS(0, 0xffffffffu), 1u);
  EXPECT_EQ(I32GeU(0, 0xffffffffu), 0u);
  EXPECT_EQ(I32Eq(5, 5), 1u);
  EXPECT_EQ(I32Ne(5, 5), 0u);
  EXPECT_EQ(I64Eqz(0), 1u);
  EXPECT_EQ(I64Eqz(1ull << 63), 0u);
  EXPECT_EQ(I64LtS(1ull << 63, 0), 1u);
  EXPECT_EQ(I64LtU(1ull << 63, 0), 0u);
  EXPECT_EQ(I64GtS(0x7fffffffffffffffull, 1ull << 63), 1u);
  EXPECT_EQ(I64GtU(0x7fffffffffffffffull, 1ull << 63), 0u);
  EXPECT_EQ(I64LeS(~0ull, 0), 1u);
  EXPECT_EQ(I64LeU(~0ull, 0), 0u);
  EXPECT_EQ(I64GeS(0, ~0ull), 1u);
  EXPECT_EQ(I64GeU(0, ~0ull), 0u);
  EXPECT_EQ(I64Eq(1ull << 32, 0), 0u);  // no truncation to 32 bits
  EXPECT_EQ(I64Ne(1ull << 32, 0), 1u);
}

TEST(NumericsInt, ExtendAndWrap) {
  EXPECT_EQ(I32Extend8S(0x7f), 0x7fu);
  EXPECT_EQ(I32Extend8S(0x80), 0xffffff80u);
  EXPECT_EQ(I32Extend8S(0x12345680u), 0xffffff80u);
  EXPECT_EQ(I32Extend16S(0x8000), 0xffff8000u);
  EXPECT_EQ(I32Extend16S(0xabcd7fffu), 0x7fffu);
  EXPECT_EQ(I64Extend8S(0x0123456789abcd80ull), 0xffffffffffffff80ull);
  EXPECT_EQ(I64Extend16S(0x7fff), 0x7fffu);
  EXPECT_EQ(I64Extend16S(0x8000), 0xffffffffffff8000ull);
  EXPECT_EQ(I64Extend32S(0x80000000u), 0xffffffff80000000ull);
  EXPECT_EQ(I64Extend32S(0xffffffff7fffffffull), 0x7fffffffu);
  EXPECT_EQ(I64ExtendI32S(0x80000000u), 0xffffffff80000000ull);
  EXPECT_EQ(I64ExtendI32U(0x80000000u), 0x80000000ull);
  EXPECT_EQ(I32WrapI64(0xffffffff00000001ull), 1u);
}

// ---- Floats

TEST(NumericsFloat, BitOpsKeepNanPayloads) {
  EXPECT_EQ(Bits(F32Neg(F32(kF32SNan))), kF32SNan | 0x80000000u);
  EXPECT_EQ(Bits(F32Abs(F32(kF32SNan | 0x80000000u))), kF32SNan);
  EXPECT_EQ(Bits(F32Copysign(F32(kF32SNan), -1.0f)), kF32SNan | 0x80000000u);
  EXPECT_EQ(Bits(F32Copysign(2.0f, F32(0xffc00000u))), Bits(-2.0f));
  EXPECT_EQ(Bits(F32Neg(0.0f)), 0x80000000u);
  EXPECT_EQ(Bits(F32Abs(-0.0f)), 0u);
  EXPECT_EQ(Bits(F64Neg(F64(kF64SNan))), kF64SNan | (1ull << 63));
  EXPECT_EQ(Bits(F64Abs(F64(kF64SNan | (1ull << 63)))), kF64SNan);
  EXPECT_EQ(Bits(F64Copysign(F64(kF64SNan), -0.0)), kF64SNan | (1ull << 63));
  EXPECT_EQ(Bits(F64Copysign(-3.0, 0.0)), Bits(3.0));
  EXPECT_EQ(Bits(F64Neg(0.0)), 1ull << 63);
}

TEST(NumericsFloat, MinMax) {
  EXPECT_EQ(Bits(F32Min(0.0f, -0.0f)), Bits(-0.0f));
  EXPECT_EQ(Bits(F32Min(-0.0f, 0.0f)), Bits(-0.0f));
  EXPECT_EQ(Bits(F32Max(-0.0f, 0.0f)), Bits(0.0f));
  EXPECT_EQ(Bits(F32Max(0.0f, -0.0f)), Bits(0.0f));
  EXPECT_EQ(F32Min(1.0f, 2.0f), 1.0f);
  EXPECT_EQ(F32Max(-kInfF, -3.0f), -3.0f);
  EXPECT_EQ(F32Min(-kInfF, 3.0f), -kInfF);
  EXPECT_EQ(Bits(F64Min(0.0, -0.0)), Bits(-0.0));
  EXPECT_EQ(Bits(F64Max(-0.0, 0.0)), Bits(0.0));
  EXPECT_EQ(F64Max(kInf, 1.0), kInf);

  // A NaN operand wins, quieted, payload kept; canonical stays canonical.
  EXPECT_EQ(Bits(F32Min(F32(kF32SNan), 1.0f)), kF32SNan | 0x00400000u);
  EXPECT_EQ(Bits(F32Max(1.0f, F32(kF32SNan))), kF32SNan | 0x00400000u);
  EXPECT_EQ(Bits(F32Min(F32(kF32CanonNan), -kInfF)), kF32CanonNan);
  EXPECT_EQ(Bits(F32Max(F32(0xffc00000u), kInfF)), 0xffc00000u);
  EXPECT_EQ(Bits(F64Min(F64(kF64SNan), 1.0)), kF64SNan | 0x0008000000000000ull);
  EXPECT_EQ(Bits(F64Max(0.0, F64(kF64CanonNan))), kF64CanonNan);
  EXPECT_TRUE(IsArithmeticNan64(F64Min(F64(kF64SNan), F64(kF64CanonNan))));
}

TEST(NumericsFloat, Rounding) {
  // nearest: ties to even, sign of zero kept.
  EXPECT_EQ(F32Nearest(0.5f), 0.0f);
  EXPECT_EQ(F32Nearest(1.5f), 2.0f);
  EXPECT_EQ(F32Nearest(2.5f), 2.0f);
  EXPECT_EQ(F32Nearest(-2.5f), -2.0f);
  EXPECT_EQ(F32Nearest(3.5f), 4.0f);
  EXPECT_EQ(Bits(F32Nearest(-0.5f)), Bits(-0.0f));
  EXPECT_EQ(Bits(F32Nearest(-0.0f)), Bits(-0.0f));
  EXPECT_EQ(F32Nearest(8388609.0f), 8388609.0f);  // 2^23 + 1: already integral
  EXPECT_EQ(F32Nearest(-kInfF), -kInfF);
  EXPECT_EQ(F64Nearest(0.5), 0.0);
  EXPECT_EQ(F64Nearest(2.5), 2.0);
  EXPECT_EQ(F64Nearest(-1.5), -2.0);
  EXPECT_EQ(F64Nearest(4503599627370497.0), 4503599627370497.0);  // 2^52 + 1
  EXPECT_EQ(F64Nearest(0.49999999999999994), 0.0);
  EXPECT_EQ(Bits(F64Nearest(-0.25)), Bits(-0.0));

  EXPECT_EQ(Bits(F32Ceil(-0.5f)), Bits(-0.0f));
  EXPECT_EQ(F32Ceil(0.1f), 1.0f);
  EXPECT_EQ(F32Floor(-0.1f), -1.0f);
  EXPECT_EQ(Bits(F32Floor(0.5f)), Bits(0.0f));
  EXPECT_EQ(Bits(F32Trunc(-0.7f)), Bits(-0.0f));
  EXPECT_EQ(F32Trunc(-1.7f), -1.0f);
  EXPECT_EQ(Bits(F64Ceil(-0.5)), Bits(-0.0));
  EXPECT_EQ(F64Ceil(F64(1)), 1.0);  // smallest denormal
  EXPECT_EQ(F64Floor(-F64(1)), -1.0);
  EXPECT_EQ(Bits(F64Trunc(-0.9)), Bits(-0.0));
  EXPECT_EQ(F64Trunc(kInf), kInf);

  // NaNs: quieted with payload kept.
  EXPECT_EQ(Bits(F32Nearest(F32(kF32SNan))), kF32SNan | 0x00400000u);
  EXPECT_EQ(Bits(F32Ceil(F32(kF32CanonNan))), kF32CanonNan);
  EXPECT_EQ(Bits(F32Floor(F32(kF32SNan | 0x80000000u))), kF32SNan | 0x80400000u);
  EXPECT_EQ(Bits(F32Trunc(F32(0x7f800001u))), 0x7fc00001u);
  EXPECT_EQ(Bits(F64Nearest(F64(kF64SNan))), kF64SNan | 0x0008000000000000ull);
  EXPECT_EQ(Bits(F64Ceil(F64(kF64CanonNan))), kF64CanonNan);
  EXPECT_EQ(Bits(F64Floor(F64(kF64SNan))), kF64SNan | 0x0008000000000000ull);
  EXPECT_EQ(Bits(F64Trunc(F64(kF64SNan))), kF64SNan | 0x0008000000000000ull);
}

TEST(NumericsFloat, Arithmetic) {
  EXPECT_EQ(F32Add(1.0f, F32(0x33800000u)), 1.0f);  // 1 + 2^-24: tie, rounds to even
  EXPECT_EQ(F32Add(1.0f, F32(0x33800001u)), F32(0x3f800001u));
  EXPECT_EQ(Bits(F32Add(-0.0f, -0.0f)), Bits(-0.0f));
  EXPECT_EQ(Bits(F32Add(-0.0f, 0.0f)), Bits(0.0f));
  EXPECT_EQ(Bits(F32Sub(0.0f, 0.0f)), Bits(0.0f));
  EXPECT_EQ(F32Mul(F32(0x00800000u), 0.5f), F32(0x00400000u));  // into denormals, exact
  EXPECT_EQ(F32Div(1.0f, 0.0f), kInfF);
  EXPECT_EQ(F32Div(-1.0f, 0.0f), -kInfF);
  EXPECT_EQ(F32Sqrt(4.0f), 2.0f);
  EXPECT_EQ(Bits(F32Sqrt(-0.0f)), Bits(-0.0f));
  EXPECT_EQ(F64Add(1.0, F64(0x3ca0000000000000ull)), 1.0);  // 1 + 2^-53: tie to even
  EXPECT_EQ(F64Mul(1e308, 10.0), kInf);
  EXPECT_EQ(F64Div(F64(1), 2.0), 0.0);  // smallest denormal / 2 ties to even (0)
  EXPECT_EQ(F64Sqrt(2.0), 1.4142135623730951);
  EXPECT_EQ(Bits(F64Sqrt(-0.0)), Bits(-0.0));

  // Invalid operations give a canonical NaN; NaN operands give arithmetic NaNs.
  EXPECT_TRUE(IsCanonicalNan32(F32Sub(kInfF, kInfF)));
  EXPECT_TRUE(IsCanonicalNan32(F32Mul(0.0f, kInfF)));
  EXPECT_TRUE(IsCanonicalNan32(F32Div(0.0f, 0.0f)));
  EXPECT_TRUE(IsCanonicalNan32(F32Sqrt(-1.0f)));
  EXPECT_TRUE(IsCanonicalNan64(F64Add(-kInf, kInf)));
  EXPECT_TRUE(IsCanonicalNan64(F64Sqrt(-kInf)));
  EXPECT_TRUE(IsCanonicalNan32(F32Add(F32(kF32CanonNan), 1.0f)));
  EXPECT_TRUE(IsCanonicalNan64(F64Mul(2.0, F64(kF64CanonNan))));
  EXPECT_TRUE(IsArithmeticNan32(F32Add(F32(kF32SNan), 1.0f)));
  EXPECT_TRUE(IsArithmeticNan32(F32Div(1.0f, F32(kF32SNan))));
  EXPECT_TRUE(IsArithmeticNan32(F32Sqrt(F32(kF32SNan))));
  EXPECT_TRUE(IsArithmeticNan64(F64Sub(F64(kF64SNan), 1.0)));
  EXPECT_TRUE(IsArithmeticNan64(F64Sqrt(F64(kF64SNan))));
}

TEST(NumericsFloat, Comparisons) {
  const float nan = F32(kF32CanonNan);
  EXPECT_EQ(F32Eq(0.0f, -0.0f), 1u);
  EXPECT_EQ(F32Lt(-0.0f, 0.0f), 0u);
  EXPECT_EQ(F32Le(-0.0f, 0.0f), 1u);
  EXPECT_EQ(F32Eq(nan, nan), 0u);
  EXPECT_EQ(F32Ne(nan, nan), 1u);
  EXPECT_EQ(F32Lt(nan, 1.0f), 0u);
  EXPECT_EQ(F32Gt(nan, 1.0f), 0u);
  EXPECT_EQ(F32Le(1.0f, nan), 0u);
  EXPECT_EQ(F32Ge(1.0f, nan), 0u);
  EXPECT_EQ(F32Gt(kInfF, FLT_MAX), 1u);
  EXPECT_EQ(F32Ge(-kInfF, -kInfF), 1u);
  const double dnan = F64(kF64SNan);
  EXPECT_EQ(F64Eq(dnan, dnan), 0u);
  EXPECT_EQ(F64Ne(dnan, 0.0), 1u);
  EXPECT_EQ(F64Lt(dnan, kInf), 0u);
  EXPECT_EQ(F64Gt(0.0, -0.0), 0u);
  EXPECT_EQ(F64Ge(0.0, -0.0), 1u);
  EXPECT_EQ(F64Le(F64(1), 0.0), 0u);
  EXPECT_EQ(F64Lt(0.0, F64(1)), 1u);
}

// ---- Float -> integer

TEST(NumericsConvert, TruncF32Bounds) {
  uint32_t r = 0;
  EXPECT_EQ(I32TruncF32S(-2147483648.0f, &r), TrapCode::None);
  EXPECT_EQ(r, 0x80000000u);
  EXPECT_EQ(I32TruncF32S(2147483520.0f, &r), TrapCode::None);  // largest f32 below 2^31
  EXPECT_EQ(r, 2147483520u);
  EXPECT_EQ(I32TruncF32S(2147483648.0f, &r), TrapCode::IntegerOverflow);
  EXPECT_EQ(I32TruncF32S(-2147483904.0f, &r), TrapCode::IntegerOverflow);
  EXPECT_EQ(I32TruncF32S(-1.9f, &r), TrapCode::None);
  EXPECT_EQ(int32_t(r), -1);
  EXPECT_EQ(I32TruncF32S(-0.0f, &r), TrapCode::None);
  EXPECT_EQ(r, 0u);
  EXPECT_EQ(I32TruncF32S(F32(1), &r), TrapCode::None);  // denormal
  EXPECT_EQ(r, 0u);
  EXPECT_EQ(I32TruncF32S(F32(kF32CanonNan), &r), TrapCode::InvalidConversion);
  EXPECT_EQ(I32TruncF32S(F32(kF32SNan | 0x80000000u), &r), TrapCode::InvalidConversion);
  EXPECT_EQ(I32TruncF32S(kInfF, &r), TrapCode::IntegerOverflow);
  EXPECT_EQ(I32TruncF32S(-kInfF, &r), TrapCode::IntegerOverflow);

  EXPECT_EQ(I32TruncF32U(-0.99999994f, &r), TrapCode::None);
  EXPECT_EQ(r, 0u);
  EXPECT_EQ(I32TruncF32U(-1.0f, &r), TrapCode::IntegerOverflow);
  EXPECT_EQ(I32TruncF32U(4294967040.0f, &r), TrapCode::None);  // largest f32 below 2^32
  EXPECT_EQ(r, 4294967040u);
  EXPECT_EQ(I32TruncF32U(4294967296.0f, &r), TrapCode::IntegerOverflow);
  EXPECT_EQ(I32TruncF32U(F32(kF32CanonNan), &r), TrapCode::InvalidConversion);

  uint64_t q = 0;
  EXPECT_EQ(I64TruncF32S(-9223372036854775808.0f, &q), TrapCode::None);
  EXPECT_EQ(q, 1ull << 63);
  EXPECT_EQ(I64TruncF32S(9223371487098961920.0f, &q), TrapCode::None);  // below 2^63
  EXPECT_EQ(q, 9223371487098961920ull);
  EXPECT_EQ(I64TruncF32S(9223372036854775808.0f, &q), TrapCode::IntegerOverflow);
  EXPECT_EQ(I64TruncF32S(-9223373136366403584.0f, &q), TrapCode::IntegerOverflow);
  EXPECT_EQ(I64TruncF32U(18446742974197923840.0f, &q), TrapCode::None);  // below 2^64
  EXPECT_EQ(q, 18446742974197923840ull);
  EXPECT_EQ(I64TruncF32U(18446744073709551616.0f, &q), TrapCode::IntegerOverflow);
  EXPECT_EQ(I64TruncF32U(-0.5f, &q), TrapCode::None);
  EXPECT_EQ(q, 0u);
  EXPECT_EQ(I64TruncF32U(-1.0f, &q), TrapCode::IntegerOverflow);
  EXPECT_EQ(I64TruncF32U(F32(kF32SNan), &q), TrapCode::InvalidConversion);
}

TEST(NumericsConvert, TruncF64Bounds) {
  uint32_t r = 0;
  EXPECT_EQ(I32TruncF64S(-2147483648.9, &r), TrapCode::None);
  EXPECT_EQ(r, 0x80000000u);
  EXPECT_EQ(I32TruncF64S(-2147483649.0, &r), TrapCode::IntegerOverflow);
  EXPECT_EQ(I32TruncF64S(2147483647.9, &r), TrapCode::None);
  EXPECT_EQ(r, 0x7fffffffu);
  EXPECT_EQ(I32TruncF64S(2147483648.0, &r), TrapCode::IntegerOverflow);
  EXPECT_EQ(I32TruncF64S(F64(kF64SNan), &r), TrapCode::InvalidConversion);
  EXPECT_EQ(I32TruncF64S(-kInf, &r), TrapCode::IntegerOverflow);
  EXPECT_EQ(I32TruncF64U(-0.9999999999999999, &r), TrapCode::None);
  EXPECT_EQ(r, 0u);
  EXPECT_EQ(I32TruncF64U(-1.0, &r), TrapCode::IntegerOverflow);
  EXPECT_EQ(I32TruncF64U(4294967295.9, &r), TrapCode::None);
  EXPECT_EQ(r, 0xffffffffu);
  EXPECT_EQ(I32TruncF64U(4294967296.0, &r), TrapCode::IntegerOverflow);
  EXPECT_EQ(I32TruncF64U(1e-300, &r), TrapCode::None);
  EXPECT_EQ(r, 0u);

  uint64_t q = 0;
  EXPECT_EQ(I64TruncF64S(-9223372036854775808.0, &q), TrapCode::None);
  EXPECT_EQ(q, 1ull << 63);
  EXPECT_EQ(I64TruncF64S(-9223372036854777856.0, &q), TrapCode::IntegerOverflow);
  EXPECT_EQ(I64TruncF64S(9223372036854774784.0, &q), TrapCode::None);  // below 2^63
  EXPECT_EQ(q, 9223372036854774784ull);
  EXPECT_EQ(I64TruncF64S(9223372036854775808.0, &q), TrapCode::IntegerOverflow);
  EXPECT_EQ(I64TruncF64U(18446744073709549568.0, &q), TrapCode::None);  // below 2^64
  EXPECT_EQ(q, 18446744073709549568ull);
  EXPECT_EQ(I64TruncF64U(18446744073709551616.0, &q), TrapCode::IntegerOverflow);
  EXPECT_EQ(I64TruncF64U(-0.9, &q), TrapCode::None);
  EXPECT_EQ(q, 0u);
  EXPECT_EQ(I64TruncF64U(-1.0, &q), TrapCode::IntegerOverflow);
  EXPECT_EQ(I64TruncF64U(F64(kF64CanonNan), &q), TrapCode::InvalidConversion);
  EXPECT_EQ(I64TruncF64U(kInf, &q), TrapCode::IntegerOverflow);
}

TEST(NumericsConvert, TruncSat) {
  EXPECT_EQ(I32TruncSatF32S(F32(kF32CanonNan)), 0u);
  EXPECT_EQ(I32TruncSatF32S(F32(kF32SNan | 0x80000000u)), 0u);
  EXPECT_EQ(I32TruncSatF32S(kInfF), 0x7fffffffu);
  EXPECT_EQ(I32TruncSatF32S(-kInfF), 0x80000000u);
  EXPECT_EQ(I32TruncSatF32S(2147483648.0f), 0x7fffffffu);
  EXPECT_EQ(I32TruncSatF32S(-2147483904.0f), 0x80000000u);
  EXPECT_EQ(I32TruncSatF32S(-2147483648.0f), 0x80000000u);
  EXPECT_EQ(I32TruncSatF32S(-1.5f), uint32_t(-1));
  EXPECT_EQ(I32TruncSatF32U(-1.0f), 0u);
  EXPECT_EQ(I32TruncSatF32U(-kInfF), 0u);
  EXPECT_EQ(I32TruncSatF32U(4294967296.0f), 0xffffffffu);
  EXPECT_EQ(I32TruncSatF32U(4294967040.0f), 4294967040u);
  EXPECT_EQ(I32TruncSatF64S(-2147483648.9), 0x80000000u);
  EXPECT_EQ(I32TruncSatF64S(-2147483649.0), 0x80000000u);
  EXPECT_EQ(I32TruncSatF64S(2147483647.9), 0x7fffffffu);
  EXPECT_EQ(I32TruncSatF64S(1e300), 0x7fffffffu);
  EXPECT_EQ(I32TruncSatF64U(4294967295.9), 0xffffffffu);
  EXPECT_EQ(I32TruncSatF64U(1e10), 0xffffffffu);
  EXPECT_EQ(I32TruncSatF64U(-0.5), 0u);
  EXPECT_EQ(I32TruncSatF64U(F64(kF64SNan)), 0u);
  EXPECT_EQ(I64TruncSatF32S(kInfF), 0x7fffffffffffffffull);
  EXPECT_EQ(I64TruncSatF32S(-kInfF), 1ull << 63);
  EXPECT_EQ(I64TruncSatF32S(9223372036854775808.0f), 0x7fffffffffffffffull);
  EXPECT_EQ(I64TruncSatF32U(18446744073709551616.0f), ~0ull);
  EXPECT_EQ(I64TruncSatF32U(-5.0f), 0u);
  EXPECT_EQ(I64TruncSatF64S(-9223372036854775808.0), 1ull << 63);
  EXPECT_EQ(I64TruncSatF64S(-1e19), 1ull << 63);
  EXPECT_EQ(I64TruncSatF64S(9223372036854775808.0), 0x7fffffffffffffffull);
  EXPECT_EQ(I64TruncSatF64S(F64(kF64CanonNan)), 0u);
  EXPECT_EQ(I64TruncSatF64U(18446744073709549568.0), 18446744073709549568ull);
  EXPECT_EQ(I64TruncSatF64U(18446744073709551616.0), ~0ull);
  EXPECT_EQ(I64TruncSatF64U(kInf), ~0ull);
  EXPECT_EQ(I64TruncSatF64U(F64(kF64SNan)), 0u);
}

// ---- Integer -> float

TEST(NumericsConvert, IntToFloatRounding) {
  EXPECT_EQ(F32ConvertI32S(0x80000000u), -2147483648.0f);
  EXPECT_EQ(F32ConvertI32S(16777217), 16777216.0f);  // tie to even (down)
  EXPECT_EQ(F32ConvertI32S(16777219), 16777220.0f);  // tie to even (up)
  EXPECT_EQ(F32ConvertI32S(uint32_t(-16777217)), -16777216.0f);
  EXPECT_EQ(F32ConvertI32U(0xffffffffu), 4294967296.0f);
  EXPECT_EQ(F32ConvertI32U(0x80000080u), 2147483648.0f);  // tie to even
  EXPECT_EQ(F32ConvertI32U(0x80000081u), 2147483904.0f);
  EXPECT_EQ(F32ConvertI64S(9007199791611905ull), 9007200328482816.0f);
  EXPECT_EQ(F32ConvertI64S(1ull << 63), -9223372036854775808.0f);
  EXPECT_EQ(F32ConvertI64S(~0ull), -1.0f);
  EXPECT_EQ(F32ConvertI64U(~0ull), 18446744073709551616.0f);
  EXPECT_EQ(F32ConvertI64U(0x8000008000000001ull), 9223373136366403584.0f);  // sticky bit
  EXPECT_EQ(F32ConvertI64U(0x8000008000000000ull), 9223372036854775808.0f);  // exact tie: even
  EXPECT_EQ(F32ConvertI64U(0xfffffe8000000001ull), 18446742974197923840.0f);
  EXPECT_EQ(F32ConvertI64U(0x0020000020000001ull), 9007200328482816.0f);
  EXPECT_EQ(F64ConvertI32S(0x80000000u), -2147483648.0);
  EXPECT_EQ(F64ConvertI32U(0xffffffffu), 4294967295.0);
  EXPECT_EQ(F64ConvertI64S(9007199254740993ull), 9007199254740992.0);  // 2^53 + 1: tie, down
  EXPECT_EQ(F64ConvertI64S(9007199254740995ull), 9007199254740996.0);  // tie, up
  EXPECT_EQ(F64ConvertI64S(1ull << 63), -9223372036854775808.0);
  EXPECT_EQ(F64ConvertI64U(~0ull), 18446744073709551616.0);
  EXPECT_EQ(F64ConvertI64U(0x8000000000000401ull), 9223372036854777856.0);   // sticky bit
  EXPECT_EQ(F64ConvertI64U(0x8000000000000400ull), 9223372036854775808.0);   // tie: even
  EXPECT_EQ(F64ConvertI64U(0x8000000000000c00ull), 9223372036854779904.0);   // tie: even (up)
  EXPECT_EQ(F64ConvertI64U(0xfffffffffffff401ull), 18446744073709549568.0);  // past the tie: up
}

#if LDBL_MANT_DIG >= 64
// long double holds every 64-bit integer exactly, so converting through it rounds only once.
TEST(NumericsConvert, I64ToFloatMatchesLongDouble) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 200000; ++i) {
    uint64_t v = rng();
    v >>= (rng() % 64);  // all magnitudes
    if (i & 1) v |= 1ull << 63;
    EXPECT_EQ(Bits(F32ConvertI64U(v)), Bits(static_cast<float>(static_cast<long double>(v)))) << v;
    EXPECT_EQ(Bits(F64ConvertI64U(v)), Bits(static_cast<double>(static_cast<long double>(v)))) << v;
    const int64_t s = static_cast<int64_t>(v);
    EXPECT_EQ(Bits(F32ConvertI64S(v)), Bits(static_cast<float>(static_cast<long double>(s)))) << s;
    EXPECT_EQ(Bits(F64ConvertI64S(v)), Bits(static_cast<double>(static_cast<long double>(s)))) << s;
    if (HasFailure()) break;
  }
}
#endif

// ---- f32 <-> f64

TEST(NumericsConvert, DemotePromote) {
  EXPECT_EQ(F32DemoteF64(0.1), 0.1f);
  EXPECT_EQ(Bits(F32DemoteF64(-0.0)), Bits(-0.0f));
  EXPECT_EQ(F32DemoteF64(kInf), kInfF);
  EXPECT_EQ(F32DemoteF64(-kInf), -kInfF);
  EXPECT_EQ(F32DemoteF64(static_cast<double>(FLT_MAX)), FLT_MAX);
  EXPECT_EQ(F32DemoteF64(0x1.fffffefffffffp127), FLT_MAX);  // just below the halfway point
  EXPECT_EQ(F32DemoteF64(0x1.ffffffp127), kInfF);           // the tie rounds to even: inf
  EXPECT_EQ(F32DemoteF64(-0x1.ffffffp127), -kInfF);
  EXPECT_EQ(F32DemoteF64(1e300), kInfF);
  EXPECT_EQ(F32DemoteF64(-DBL_MAX), -kInfF);
  EXPECT_EQ(F32DemoteF64(0x1.000001p0), 1.0f);              // tie to even (down)
  EXPECT_EQ(F32DemoteF64(0x1.000003p0), F32(0x3f800002u));  // tie to even (up)
  EXPECT_EQ(F32DemoteF64(0x1p-149), F32(1));                // smallest denormal
  EXPECT_EQ(Bits(F32DemoteF64(0x1p-150)), 0u);              // tie to even: zero
  EXPECT_EQ(F32DemoteF64(0x1.8p-150), F32(1));
  EXPECT_EQ(Bits(F32DemoteF64(-F64(1))), Bits(-0.0f));
  // NaN: canonical stays canonical, others become arithmetic with the top payload bits.
  EXPECT_EQ(Bits(F32DemoteF64(F64(kF64CanonNan))), kF32CanonNan);
  EXPECT_EQ(Bits(F32DemoteF64(F64(kF64CanonNan | (1ull << 63)))), kF32CanonNan | 0x80000000u);
  EXPECT_EQ(Bits(F32DemoteF64(F64(kF64SNan))), 0x7fe00000u);
  EXPECT_TRUE(IsArithmeticNan32(F32DemoteF64(F64(0x7ff0000000000001ull))));

  EXPECT_EQ(F64PromoteF32(0.1f), static_cast<double>(0.1f));
  EXPECT_EQ(F64PromoteF32(FLT_MAX), static_cast<double>(FLT_MAX));
  EXPECT_EQ(F64PromoteF32(F32(1)), 0x1p-149);
  EXPECT_EQ(Bits(F64PromoteF32(-0.0f)), Bits(-0.0));
  EXPECT_EQ(F64PromoteF32(-kInfF), -kInf);
  EXPECT_EQ(Bits(F64PromoteF32(F32(kF32CanonNan))), kF64CanonNan);
  EXPECT_EQ(Bits(F64PromoteF32(F32(0xffc00000u))), kF64CanonNan | (1ull << 63));
  EXPECT_EQ(Bits(F64PromoteF32(F32(kF32SNan))), 0x7ffc000020000000ull);
  EXPECT_TRUE(IsArithmeticNan64(F64PromoteF32(F32(0x7f800001u))));
}

TEST(NumericsConvert, ReinterpretIsBitExact) {
  EXPECT_EQ(I32ReinterpretF32(F32(kF32SNan)), kF32SNan);
  EXPECT_EQ(I32ReinterpretF32(-0.0f), 0x80000000u);
  EXPECT_EQ(Bits(F32ReinterpretI32(0xff800001u)), 0xff800001u);
  EXPECT_EQ(I64ReinterpretF64(F64(kF64SNan)), kF64SNan);
  EXPECT_EQ(Bits(F64ReinterpretI64(0xfff0000000000001ull)), 0xfff0000000000001ull);
  EXPECT_EQ(I64ReinterpretF64(1.0), 0x3ff0000000000000ull);
}

}  // namespace
}  // namespace wr::num
