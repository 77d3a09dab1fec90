#include "text/numbers.h"

#include <gtest/gtest.h>

namespace wr::text {
namespace {

uint64_t Int(std::string_view t, unsigned bits) {
  auto v = ParseIntBits(t, bits);
  EXPECT_TRUE(v.has_value()) << t;
  return v ? *v : 0;
}
NumError IntErr(std::string_view t, unsigned bits) {
  auto v = ParseIntBits(t, bits);
  EXPECT_FALSE(v.has_value()) << t;
  return v ? NumError::Malformed : v.error();
}
uint32_t F32(std::string_view t) {
  auto v = ParseF32(t);
  EXPECT_TRUE(v.has_value()) << t;
  return v ? *v : 0;
}
uint64_t F64(std::string_view t) {
  auto v = ParseF64(t);
  EXPECT_TRUE(v.has_value()) << t;
  return v ? *v : 0;
}

TEST(Numbers, Integers) {
  EXPECT_EQ(Int("0", 32), 0u);
  EXPECT_EQ(Int("1_000_000", 32), 1000000u);
  EXPECT_EQ(Int("0xff_ff", 32), 0xffffu);
  EXPECT_EQ(Int("-1", 32), 0xffffffffu);
  EXPECT_EQ(Int("4294967295", 32), 0xffffffffu);
  EXPECT_EQ(Int("-2147483648", 32), 0x80000000u);
  EXPECT_EQ(Int("+2147483647", 32), 0x7fffffffu);
  EXPECT_EQ(Int("-0x8000000000000000", 64), 0x8000000000000000u);
  EXPECT_EQ(Int("0xffffffffffffffff", 64), ~uint64_t{0});
  EXPECT_EQ(IntErr("4294967296", 32), NumError::OutOfRange);
  EXPECT_EQ(IntErr("-2147483649", 32), NumError::OutOfRange);
  EXPECT_EQ(IntErr("+2147483648", 32), NumError::OutOfRange);
  EXPECT_EQ(IntErr("0x1_0000_0000_0000_0000", 64), NumError::OutOfRange);
  EXPECT_EQ(IntErr("256", 8), NumError::OutOfRange);
  EXPECT_EQ(IntErr("0x", 32), NumError::Malformed);
  EXPECT_EQ(IntErr("1_", 32), NumError::Malformed);
  EXPECT_EQ(IntErr("_1", 32), NumError::Malformed);
  EXPECT_EQ(IntErr("1__0", 32), NumError::Malformed);
  EXPECT_EQ(IntErr("0xg", 32), NumError::Malformed);
  EXPECT_EQ(IntErr("1.0", 32), NumError::Malformed);
  EXPECT_EQ(IntErr("--1", 32), NumError::Malformed);
  EXPECT_FALSE(ParseNat("-1", 100));
  EXPECT_EQ(*ParseNat("0x10", 100), 16u);
  EXPECT_EQ(ParseNat("101", 100).error(), NumError::OutOfRange);
}

TEST(Numbers, FloatSpecials) {
  EXPECT_EQ(F32("inf"), 0x7f800000u);
  EXPECT_EQ(F32("-inf"), 0xff800000u);
  EXPECT_EQ(F32("nan"), 0x7fc00000u);
  EXPECT_EQ(F32("-nan"), 0xffc00000u);
  EXPECT_EQ(F32("nan:0x1"), 0x7f800001u);
  EXPECT_EQ(F32("-nan:0x7f_ffff"), 0xffffffffu);
  EXPECT_EQ(F64("nan:0x8_0000_0000_0000"), 0x7ff8000000000000u);
  EXPECT_EQ(F64("-0"), 0x8000000000000000u);
  EXPECT_EQ(ParseF32("nan:0x0").error(), NumError::OutOfRange);
  EXPECT_EQ(ParseF32("nan:0x80_0000").error(), NumError::OutOfRange);
  EXPECT_EQ(ParseF32("nan:0x").error(), NumError::Malformed);
}

TEST(Numbers, FloatLiterals) {
  EXPECT_EQ(F32("1"), 0x3f800000u);
  EXPECT_EQ(F32("1.5e1"), 0x41700000u);
  EXPECT_EQ(F32("1."), 0x3f800000u);
  EXPECT_EQ(F32("0x1p-1"), 0x3f000000u);
  EXPECT_EQ(F32("0x1.8"), 0x3fc00000u);
  EXPECT_EQ(F32("0x1_0.0_0p+0_0"), 0x41800000u);
  EXPECT_EQ(F64("0.1"), 0x3fb999999999999au);
  EXPECT_EQ(F64("-0x1.fffffffffffffp1023"), 0xffefffffffffffffu);
  EXPECT_EQ(F64("4.9406564584124654e-324"), 1u);  // smallest subnormal
  EXPECT_EQ(F32("1e-50"), 0u);                    // underflow is not an error
  EXPECT_EQ(ParseF32("1e39").error(), NumError::OutOfRange);
  EXPECT_EQ(ParseF32("0x1p128").error(), NumError::OutOfRange);
  EXPECT_EQ(ParseF64("1e309").error(), NumError::OutOfRange);
  EXPECT_EQ(ParseF32(".5").error(), NumError::Malformed);
  EXPECT_EQ(ParseF32("1e").error(), NumError::Malformed);
  EXPECT_EQ(ParseF32("0x1p").error(), NumError::Malformed);
  EXPECT_EQ(ParseF32("1.e_1").error(), NumError::Malformed);
}

// f32 must be rounded once, from the exact value: going through f64 first would land
// exactly on a tie between two floats and round to even, the wrong way.
TEST(Numbers, F32IsRoundedOnce) {
  // 1 + 2^-24 + 2^-80: just above the midpoint of 1 and 1 + 2^-23.
  EXPECT_EQ(
      F32("1.00000005960464477539062582718061255302767487140869206996285356581211090087890625"),
      0x3f800001u);
  EXPECT_EQ(F32("0x1.00000100000000001p0"), 0x3f800001u);
  // The exact midpoint rounds to even.
  EXPECT_EQ(F32("0x1.000001p0"), 0x3f800000u);
  EXPECT_EQ(F32("0x1.000003p0"), 0x3f800002u);
  // Largest finite f32 and the first value that rounds to infinity.
  EXPECT_EQ(F32("0x1.fffffefffffffffp127"), 0x7f7fffffu);
  EXPECT_EQ(ParseF32("0x1.ffffffp127").error(), NumError::OutOfRange);
}

}  // namespace
}  // namespace wr::text
