#include "interp/simd.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <vector>

namespace wr::num {
namespace {

// Builds a V128 from its lanes, lane 0 first.
template <class T>
V128 Make(std::initializer_list<T> lanes) {
  V128 v;
  unsigned i = 0;
  for (T x : lanes) v.SetLane<T>(i++, x);
  return v;
}
template <class T>
std::vector<T> Lanes(const V128& v) {
  std::vector<T> out;
  for (unsigned i = 0; i < 16 / sizeof(T); ++i) out.push_back(v.Lane<T>(i));
  return out;
}
template <class T>
std::vector<T> Vec(std::initializer_list<T> l) {
  return std::vector<T>(l);
}

using I8 = int8_t;
using U8 = uint8_t;
using I16 = int16_t;
using U16 = uint16_t;
using I32 = int32_t;
using U32 = uint32_t;
using I64 = int64_t;
using U64 = uint64_t;

constexpr float kInfF = std::numeric_limits<float>::infinity();
constexpr double kInf = std::numeric_limits<double>::infinity();
float F32(uint32_t b) {
  return std::bit_cast<float>(b);
}
double F64(uint64_t b) {
  return std::bit_cast<double>(b);
}

// ---- Bitwise, splat, lanes, shuffles, loads

TEST(Simd, Bitwise) {
  const V128 a = V128::FromU64(0xff00ff00f0f0f0f0ull, 0x0123456789abcdefull);
  const V128 b = V128::FromU64(0x0f0f0f0f0f0f0f0full, 0xffffffff00000000ull);
  EXPECT_EQ(V128Not(a), V128::FromU64(0x00ff00ff0f0f0f0full, 0xfedcba9876543210ull));
  EXPECT_EQ(V128And(a, b), V128::FromU64(0x0f000f0000000000ull, 0x0123456700000000ull));
  EXPECT_EQ(V128Andnot(a, b), V128::FromU64(0xf000f000f0f0f0f0ull, 0x0000000089abcdefull));
  EXPECT_EQ(V128Or(a, b), V128::FromU64(0xff0fff0fffffffffull, 0xffffffff89abcdefull));
  EXPECT_EQ(V128Xor(a, b), V128::FromU64(0xf00ff00fffffffffull, 0xfedcba9889abcdefull));
  const V128 c = V128::FromU64(0xffffffff00000000ull, 0x00000000ffffffffull);
  EXPECT_EQ(V128Bitselect(a, b, c), V128::FromU64(0xff00ff000f0f0f0full, 0xffffffff89abcdefull));
  EXPECT_EQ(V128AnyTrue(V128{}), 0u);
  EXPECT_EQ(V128AnyTrue(V128::FromU64(0, 1ull << 63)), 1u);
}

TEST(Simd, SplatTruncatesToTheLane) {
  EXPECT_EQ(I8x16Splat(0x1234u), Make<U8>({0x34, 0x34, 0x34, 0x34, 0x34, 0x34, 0x34, 0x34, 0x34,
                                           0x34, 0x34, 0x34, 0x34, 0x34, 0x34, 0x34}));
  EXPECT_EQ(I16x8Splat(0xabcd1234u),
            Make<U16>({0x1234, 0x1234, 0x1234, 0x1234, 0x1234, 0x1234, 0x1234, 0x1234}));
  EXPECT_EQ(I32x4Splat(7), Make<U32>({7, 7, 7, 7}));
  EXPECT_EQ(I64x2Splat(1ull << 40), Make<U64>({1ull << 40, 1ull << 40}));
  EXPECT_EQ(F32x4Splat(F32(0x7fa00001u)).Lane<U32>(3), 0x7fa00001u);  // NaN bits kept
  EXPECT_EQ(F64x2Splat(-0.0).Lane<U64>(1), 1ull << 63);
}

TEST(Simd, ExtractAndReplaceLanes) {
  V128 v = Make<U8>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0x80});
  EXPECT_EQ(I8x16ExtractLaneS(v, 15), 0xffffff80u);
  EXPECT_EQ(I8x16ExtractLaneU(v, 15), 0x80u);
  EXPECT_EQ(I8x16ExtractLaneS(v, 3), 3u);
  v = Make<U16>({0, 0x8001, 2, 3, 4, 5, 6, 7});
  EXPECT_EQ(I16x8ExtractLaneS(v, 1), 0xffff8001u);
  EXPECT_EQ(I16x8ExtractLaneU(v, 1), 0x8001u);
  EXPECT_EQ(I32x4ExtractLane(Make<U32>({1, 2, 3, 0xffffffffu}), 3), 0xffffffffu);
  EXPECT_EQ(I64x2ExtractLane(Make<U64>({1, ~0ull}), 1), ~0ull);
  EXPECT_EQ(std::bit_cast<U32>(F32x4ExtractLane(Make<U32>({0, 0x7f800001u, 0, 0}), 1)),
            0x7f800001u);
  EXPECT_EQ(F64x2ExtractLane(Make<double>({1.5, -2.5}), 1), -2.5);

  EXPECT_EQ(I8x16ReplaceLane(V128{}, 0x1ff, 2),
            Make<U8>({0, 0, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(I16x8ReplaceLane(V128{}, 0x12345, 7), Make<U16>({0, 0, 0, 0, 0, 0, 0, 0x2345}));
  EXPECT_EQ(I32x4ReplaceLane(I32x4Splat(1), 9, 0), Make<U32>({9, 1, 1, 1}));
  EXPECT_EQ(I64x2ReplaceLane(V128{}, ~0ull, 1), Make<U64>({0, ~0ull}));
  EXPECT_EQ(F32x4ReplaceLane(V128{}, F32(0xffa00000u), 3).Lane<U32>(3), 0xffa00000u);
  EXPECT_EQ(F64x2ReplaceLane(V128{}, 2.0, 0), Make<double>({2.0, 0.0}));
  // Out-of-range lanes (impossible after validation) stay inside the vector.
  EXPECT_EQ(I8x16ExtractLaneU(Make<U8>({7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}), 16),
            7u);
}

TEST(Simd, SwizzleAndShuffle) {
  const V128 a = Make<U8>({10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25});
  const V128 b = Make<U8>({30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45});
  const V128 s = Make<U8>({15, 0, 16, 0x80, 255, 1, 17, 2, 3, 4, 5, 6, 7, 8, 9, 14});
  EXPECT_EQ(I8x16Swizzle(a, s),
            Make<U8>({25, 10, 0, 0, 0, 11, 0, 12, 13, 14, 15, 16, 17, 18, 19, 24}));
  EXPECT_EQ(I8x16RelaxedSwizzle(a, s), I8x16Swizzle(a, s));
  const V128 lanes = Make<U8>({0, 16, 1, 17, 15, 31, 2, 18, 3, 19, 30, 14, 8, 24, 9, 25});
  EXPECT_EQ(I8x16Shuffle(a, b, lanes),
            Make<U8>({10, 30, 11, 31, 25, 45, 12, 32, 13, 33, 44, 24, 18, 38, 19, 39}));
}

TEST(Simd, Loads) {
  EXPECT_EQ(V128Load8x8S(0x807f01ff00000000ull), Make<I16>({0, 0, 0, 0, -1, 1, 127, -128}));
  EXPECT_EQ(V128Load8x8U(0x807f01ff00000000ull), Make<U16>({0, 0, 0, 0, 255, 1, 127, 128}));
  EXPECT_EQ(V128Load16x4S(0x8000ffff00017fffull), Make<I32>({32767, 1, -1, -32768}));
  EXPECT_EQ(V128Load16x4U(0x8000ffff00017fffull), Make<U32>({32767, 1, 65535, 32768}));
  EXPECT_EQ(V128Load32x2S(0x80000000ffffffffull), Make<I64>({-1, -2147483648LL}));
  EXPECT_EQ(V128Load32x2U(0x80000000ffffffffull), Make<U64>({0xffffffffull, 0x80000000ull}));
  EXPECT_EQ(V128Load8Splat(0xab), I8x16Splat(0xab));
  EXPECT_EQ(V128Load16Splat(0xabcd), I16x8Splat(0xabcd));
  EXPECT_EQ(V128Load32Splat(0xdeadbeefu), I32x4Splat(0xdeadbeefu));
  EXPECT_EQ(V128Load64Splat(0x0123456789abcdefull), I64x2Splat(0x0123456789abcdefull));
  EXPECT_EQ(V128Load32Zero(0xdeadbeefu), Make<U32>({0xdeadbeefu, 0, 0, 0}));
  EXPECT_EQ(V128Load64Zero(~0ull), Make<U64>({~0ull, 0}));
}

// ---- Integer lanes

TEST(SimdInt, AddSubMulWrap) {
  EXPECT_EQ(Lanes<U8>(I8x16Add(I8x16Splat(0xff), I8x16Splat(2)))[0], 1);
  EXPECT_EQ(Lanes<U8>(I8x16Sub(I8x16Splat(0), I8x16Splat(1)))[15], 0xff);
  EXPECT_EQ(Lanes<U16>(I16x8Add(I16x8Splat(0xffff), I16x8Splat(1)))[3], 0);
  EXPECT_EQ(Lanes<U16>(I16x8Mul(I16x8Splat(0xffff), I16x8Splat(0xffff)))[0], 1);
  EXPECT_EQ(Lanes<U16>(I16x8Mul(I16x8Splat(0x8000), I16x8Splat(2)))[0], 0);
  EXPECT_EQ(Lanes<U32>(I32x4Mul(I32x4Splat(0x80000000u), I32x4Splat(0xffffffffu)))[1], 0x80000000u);
  EXPECT_EQ(Lanes<U32>(I32x4Sub(I32x4Splat(0), I32x4Splat(1)))[2], 0xffffffffu);
  EXPECT_EQ(
      Lanes<U64>(I64x2Mul(I64x2Splat(0x0123456789abcdefull), I64x2Splat(0xfedcba9876543210ull)))[1],
      0x2236d88fe5618cf0ull);
  EXPECT_EQ(Lanes<U64>(I64x2Add(I64x2Splat(~0ull), I64x2Splat(1)))[0], 0u);
  EXPECT_EQ(Lanes<U64>(I64x2Sub(I64x2Splat(0), I64x2Splat(1)))[0], ~0ull);
}

TEST(SimdInt, Saturating) {
  EXPECT_EQ(
      Lanes<I8>(I8x16AddSatS(Make<I8>({127, -128, 100, -100, 1}), Make<I8>({1, -1, 27, -28, 1}))),
      Vec<I8>({127, -128, 127, -128, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Lanes<U8>(I8x16AddSatU(Make<U8>({255, 200, 1}), Make<U8>({1, 56, 1}))),
            Vec<U8>({255, 255, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Lanes<I8>(I8x16SubSatS(Make<I8>({-128, 127, 0}), Make<I8>({1, -1, -128}))),
            Vec<I8>({-128, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Lanes<U8>(I8x16SubSatU(Make<U8>({0, 5, 255}), Make<U8>({1, 3, 255}))),
            Vec<U8>({0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Lanes<I16>(I16x8AddSatS(Make<I16>({32767, -32768, 5}), Make<I16>({1, -1, -6}))),
            Vec<I16>({32767, -32768, -1, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Lanes<U16>(I16x8AddSatU(Make<U16>({65535, 65000}), Make<U16>({1, 536}))),
            Vec<U16>({65535, 65535, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Lanes<I16>(I16x8SubSatS(Make<I16>({-32768, 32767}), Make<I16>({1, -32768}))),
            Vec<I16>({-32768, 32767, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Lanes<U16>(I16x8SubSatU(Make<U16>({0, 65535}), Make<U16>({65535, 1}))),
            Vec<U16>({0, 65534, 0, 0, 0, 0, 0, 0}));
}

TEST(SimdInt, MinMaxAvgrAbsNeg) {
  const V128 a = Make<I8>({-128, 127, -1, 0});
  const V128 b = Make<I8>({127, -128, 1, 0});
  EXPECT_EQ(Lanes<I8>(I8x16MinS(a, b))[0], -128);
  EXPECT_EQ(Lanes<U8>(I8x16MinU(a, b))[0], 0x7f);
  EXPECT_EQ(Lanes<I8>(I8x16MaxS(a, b))[2], 1);
  EXPECT_EQ(Lanes<U8>(I8x16MaxU(a, b))[2], 0xff);
  EXPECT_EQ(Lanes<I16>(I16x8MinS(Make<I16>({-32768}), Make<I16>({32767})))[0], -32768);
  EXPECT_EQ(Lanes<U16>(I16x8MaxU(Make<U16>({0x8000}), Make<U16>({0x7fff})))[0], 0x8000);
  EXPECT_EQ(Lanes<I32>(I32x4MaxS(Make<I32>({INT32_MIN}), Make<I32>({-1})))[0], -1);
  EXPECT_EQ(Lanes<U32>(I32x4MinU(Make<U32>({0x80000000u}), Make<U32>({1})))[0], 1u);
  EXPECT_EQ(Lanes<U8>(I8x16AvgrU(Make<U8>({255, 0, 1, 2}), Make<U8>({255, 1, 2, 2}))),
            Vec<U8>({255, 1, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Lanes<U16>(I16x8AvgrU(Make<U16>({65535, 0}), Make<U16>({65534, 65535})))[0], 65535);
  EXPECT_EQ(Lanes<U16>(I16x8AvgrU(Make<U16>({65535, 0}), Make<U16>({65534, 65535})))[1], 32768);
  EXPECT_EQ(Lanes<I8>(I8x16Abs(Make<I8>({-128, -1, 5, 0}))),
            Vec<I8>({-128, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Lanes<I16>(I16x8Abs(Make<I16>({-32768, -7}))), Vec<I16>({-32768, 7, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Lanes<I32>(I32x4Abs(Make<I32>({INT32_MIN, -3, 3, 0}))), Vec<I32>({INT32_MIN, 3, 3, 0}));
  EXPECT_EQ(Lanes<I64>(I64x2Abs(Make<I64>({INT64_MIN, -9}))), Vec<I64>({INT64_MIN, 9}));
  EXPECT_EQ(Lanes<I8>(I8x16Neg(Make<I8>({-128, 1})))[0], -128);
  EXPECT_EQ(Lanes<I8>(I8x16Neg(Make<I8>({-128, 1})))[1], -1);
  EXPECT_EQ(Lanes<I16>(I16x8Neg(Make<I16>({-32768, 2}))), Vec<I16>({-32768, -2, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Lanes<I32>(I32x4Neg(Make<I32>({INT32_MIN, 2, 0, -1}))),
            Vec<I32>({INT32_MIN, -2, 0, 1}));
  EXPECT_EQ(Lanes<I64>(I64x2Neg(Make<I64>({INT64_MIN, 5}))), Vec<I64>({INT64_MIN, -5}));
}

TEST(SimdInt, Shifts) {
  const V128 v8 = Make<U8>({0x81, 0x40});
  EXPECT_EQ(Lanes<U8>(I8x16Shl(v8, 1))[0], 0x02);
  EXPECT_EQ(Lanes<U8>(I8x16Shl(v8, 8))[0], 0x81);  // count mod 8
  EXPECT_EQ(Lanes<U8>(I8x16Shl(v8, 9))[1], 0x80);
  EXPECT_EQ(Lanes<U8>(I8x16ShrS(v8, 1))[0], 0xc0);
  EXPECT_EQ(Lanes<U8>(I8x16ShrS(v8, 7))[0], 0xff);
  EXPECT_EQ(Lanes<U8>(I8x16ShrU(v8, 15))[0], 0x01);
  const V128 v16 = Make<U16>({0x8001, 0xffff});
  EXPECT_EQ(Lanes<U16>(I16x8Shl(v16, 15))[1], 0x8000);
  EXPECT_EQ(Lanes<U16>(I16x8Shl(v16, 16))[0], 0x8001);
  EXPECT_EQ(Lanes<U16>(I16x8ShrS(v16, 17))[0], 0xc000);
  EXPECT_EQ(Lanes<U16>(I16x8ShrU(v16, 0xffffffffu))[0], 1);
  const V128 v32 = Make<U32>({0x80000001u});
  EXPECT_EQ(Lanes<U32>(I32x4Shl(v32, 33))[0], 2u);
  EXPECT_EQ(Lanes<U32>(I32x4ShrS(v32, 31))[0], 0xffffffffu);
  EXPECT_EQ(Lanes<U32>(I32x4ShrU(v32, 63))[0], 1u);
  const V128 v64 = Make<U64>({0x8000000000000001ull});
  EXPECT_EQ(Lanes<U64>(I64x2Shl(v64, 64))[0], 0x8000000000000001ull);
  EXPECT_EQ(Lanes<U64>(I64x2Shl(v64, 65))[0], 2u);
  EXPECT_EQ(Lanes<U64>(I64x2ShrS(v64, 63))[0], ~0ull);
  EXPECT_EQ(Lanes<U64>(I64x2ShrU(v64, 127))[0], 1u);
}

TEST(SimdInt, Comparisons) {
  const V128 a = Make<U8>({0x80, 1, 5});
  const V128 b = Make<U8>({0x01, 1, 6});
  EXPECT_EQ(Lanes<U8>(I8x16LtS(a, b))[0], 0xff);
  EXPECT_EQ(Lanes<U8>(I8x16LtU(a, b))[0], 0x00);
  EXPECT_EQ(Lanes<U8>(I8x16GtU(a, b))[0], 0xff);
  EXPECT_EQ(Lanes<U8>(I8x16GtS(a, b))[0], 0x00);
  EXPECT_EQ(Lanes<U8>(I8x16Eq(a, b))[1], 0xff);
  EXPECT_EQ(Lanes<U8>(I8x16Ne(a, b))[1], 0x00);
  EXPECT_EQ(Lanes<U8>(I8x16LeS(a, b))[1], 0xff);
  EXPECT_EQ(Lanes<U8>(I8x16LeU(a, b))[2], 0xff);
  EXPECT_EQ(Lanes<U8>(I8x16GeS(a, b))[2], 0x00);
  EXPECT_EQ(Lanes<U8>(I8x16GeU(a, b))[0], 0xff);
  const V128 c = Make<U16>({0x8000, 3});
  const V128 d = Make<U16>({0x7fff, 3});
  EXPECT_EQ(Lanes<U16>(I16x8LtS(c, d))[0], 0xffff);
  EXPECT_EQ(Lanes<U16>(I16x8LtU(c, d))[0], 0);
  EXPECT_EQ(Lanes<U16>(I16x8GeS(c, d))[1], 0xffff);
  EXPECT_EQ(Lanes<U16>(I16x8GtU(c, d))[0], 0xffff);
  EXPECT_EQ(Lanes<U16>(I16x8Ne(c, d)), Vec<U16>({0xffff, 0, 0, 0, 0, 0, 0, 0}));
  const V128 e = Make<U32>({0x80000000u, 2, 3, 4});
  const V128 f = Make<U32>({1, 2, 4, 3});
  EXPECT_EQ(Lanes<U32>(I32x4LtS(e, f)), Vec<U32>({~0u, 0, ~0u, 0}));
  EXPECT_EQ(Lanes<U32>(I32x4LtU(e, f)), Vec<U32>({0, 0, ~0u, 0}));
  EXPECT_EQ(Lanes<U32>(I32x4LeU(e, f)), Vec<U32>({0, ~0u, ~0u, 0}));
  EXPECT_EQ(Lanes<U32>(I32x4GeS(e, f)), Vec<U32>({0, ~0u, 0, ~0u}));
  EXPECT_EQ(Lanes<U32>(I32x4Eq(e, f)), Vec<U32>({0, ~0u, 0, 0}));
  const V128 g = Make<U64>({1ull << 63, 7});
  const V128 h = Make<U64>({1, 7});
  EXPECT_EQ(Lanes<U64>(I64x2LtS(g, h)), Vec<U64>({~0ull, 0}));
  EXPECT_EQ(Lanes<U64>(I64x2GtS(g, h)), Vec<U64>({0, 0}));
  EXPECT_EQ(Lanes<U64>(I64x2LeS(g, h)), Vec<U64>({~0ull, ~0ull}));
  EXPECT_EQ(Lanes<U64>(I64x2GeS(g, h)), Vec<U64>({0, ~0ull}));
  EXPECT_EQ(Lanes<U64>(I64x2Eq(g, h)), Vec<U64>({0, ~0ull}));
  EXPECT_EQ(Lanes<U64>(I64x2Ne(g, h)), Vec<U64>({~0ull, 0}));
}

TEST(SimdInt, PopcntAllTrueBitmask) {
  EXPECT_EQ(Lanes<U8>(I8x16Popcnt(Make<U8>({0, 0xff, 0x81, 0x10}))),
            Vec<U8>({0, 8, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(I8x16AllTrue(I8x16Splat(1)), 1u);
  EXPECT_EQ(I8x16AllTrue(I8x16ReplaceLane(I8x16Splat(1), 0, 15)), 0u);
  EXPECT_EQ(I16x8AllTrue(I16x8Splat(0x100)), 1u);
  EXPECT_EQ(I16x8AllTrue(I8x16Splat(0x100)), 0u);
  EXPECT_EQ(I32x4AllTrue(Make<U32>({1, 2, 3, 0x80000000u})), 1u);
  EXPECT_EQ(I32x4AllTrue(Make<U32>({1, 2, 0, 4})), 0u);
  EXPECT_EQ(I64x2AllTrue(Make<U64>({1ull << 32, 1})), 1u);
  EXPECT_EQ(I64x2AllTrue(Make<U64>({0, 1})), 0u);
  EXPECT_EQ(I8x16Bitmask(Make<U8>({0x80, 0x7f, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80})),
            0x8005u);
  EXPECT_EQ(I16x8Bitmask(Make<U16>({0x8000, 0, 0, 0, 0, 0, 0, 0xffff})), 0x81u);
  EXPECT_EQ(I32x4Bitmask(Make<U32>({0, 0x80000000u, 0x7fffffffu, ~0u})), 0xau);
  EXPECT_EQ(I64x2Bitmask(Make<U64>({1ull << 63, 1})), 1u);
}

TEST(SimdInt, NarrowExtend) {
  const V128 a = Make<I16>({-129, -128, 127, 128, 0, -1, 300, -300});
  const V128 b = Make<I16>({255, 256, 1, 2, 3, 4, 5, -32768});
  EXPECT_EQ(Lanes<I8>(I8x16NarrowI16x8S(a, b)),
            Vec<I8>({-128, -128, 127, 127, 0, -1, 127, -128, 127, 127, 1, 2, 3, 4, 5, -128}));
  EXPECT_EQ(Lanes<U8>(I8x16NarrowI16x8U(a, b)),
            Vec<U8>({0, 0, 127, 128, 0, 0, 255, 0, 255, 255, 1, 2, 3, 4, 5, 0}));
  const V128 c = Make<I32>({-32769, 32768, 65535, -1});
  const V128 d = Make<I32>({INT32_MIN, INT32_MAX, 7, -7});
  EXPECT_EQ(Lanes<I16>(I16x8NarrowI32x4S(c, d)),
            Vec<I16>({-32768, 32767, 32767, -1, -32768, 32767, 7, -7}));
  EXPECT_EQ(Lanes<U16>(I16x8NarrowI32x4U(c, d)), Vec<U16>({0, 32768, 65535, 0, 0, 65535, 7, 0}));

  const V128 e = Make<I8>({-1, 2, -3, 4, 5, 6, 7, -128, 9, 10, 11, 12, 13, 14, 15, -16});
  EXPECT_EQ(Lanes<I16>(I16x8ExtendLowI8x16S(e)), Vec<I16>({-1, 2, -3, 4, 5, 6, 7, -128}));
  EXPECT_EQ(Lanes<I16>(I16x8ExtendHighI8x16S(e)), Vec<I16>({9, 10, 11, 12, 13, 14, 15, -16}));
  EXPECT_EQ(Lanes<U16>(I16x8ExtendLowI8x16U(e)), Vec<U16>({255, 2, 253, 4, 5, 6, 7, 128}));
  EXPECT_EQ(Lanes<U16>(I16x8ExtendHighI8x16U(e)), Vec<U16>({9, 10, 11, 12, 13, 14, 15, 240}));
  const V128 f = Make<I16>({-1, 2, -32768, 4, 5, 6, 7, -8});
  EXPECT_EQ(Lanes<I32>(I32x4ExtendLowI16x8S(f)), Vec<I32>({-1, 2, -32768, 4}));
  EXPECT_EQ(Lanes<I32>(I32x4ExtendHighI16x8S(f)), Vec<I32>({5, 6, 7, -8}));
  EXPECT_EQ(Lanes<U32>(I32x4ExtendLowI16x8U(f)), Vec<U32>({65535, 2, 32768, 4}));
  EXPECT_EQ(Lanes<U32>(I32x4ExtendHighI16x8U(f)), Vec<U32>({5, 6, 7, 65528}));
  const V128 g = Make<I32>({-1, INT32_MIN, 3, -4});
  EXPECT_EQ(Lanes<I64>(I64x2ExtendLowI32x4S(g)), Vec<I64>({-1, INT32_MIN}));
  EXPECT_EQ(Lanes<I64>(I64x2ExtendHighI32x4S(g)), Vec<I64>({3, -4}));
  EXPECT_EQ(Lanes<U64>(I64x2ExtendLowI32x4U(g)), Vec<U64>({0xffffffffull, 0x80000000ull}));
  EXPECT_EQ(Lanes<U64>(I64x2ExtendHighI32x4U(g)), Vec<U64>({3, 0xfffffffcull}));
}

TEST(SimdInt, ExtmulExtaddDotQ15) {
  const V128 a8 = Make<I8>({-128, -128, 127, -1, 0, 1, 2, 3, -128, 127, 0, 0, 0, 0, 0, -1});
  const V128 b8 = Make<I8>({-128, 127, 127, -1, 5, 5, 5, 5, -128, -128, 0, 0, 0, 0, 0, -1});
  EXPECT_EQ(Lanes<I16>(I16x8ExtmulLowI8x16S(a8, b8)),
            Vec<I16>({16384, -16256, 16129, 1, 0, 5, 10, 15}));
  EXPECT_EQ(Lanes<I16>(I16x8ExtmulHighI8x16S(a8, b8)), Vec<I16>({16384, -16256, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Lanes<U16>(I16x8ExtmulLowI8x16U(a8, b8))[3], 65025);   // 255 * 255
  EXPECT_EQ(Lanes<U16>(I16x8ExtmulHighI8x16U(a8, b8))[0], 16384);  // 128 * 128
  const V128 a16 = Make<U16>({0x8000, 0xffff, 0x8000, 3, 0xffff, 0x8000, 7, 8});
  const V128 b16 = Make<U16>({0x8000, 0xffff, 0x7fff, 3, 0xffff, 2, 7, 8});
  EXPECT_EQ(Lanes<I32>(I32x4ExtmulLowI16x8S(a16, b16)), Vec<I32>({1 << 30, 1, -1073709056, 9}));
  EXPECT_EQ(Lanes<U32>(I32x4ExtmulHighI16x8U(a16, b16)), Vec<U32>({0xfffe0001u, 0x10000u, 49, 64}));
  EXPECT_EQ(Lanes<U32>(I32x4ExtmulLowI16x8U(a16, b16))[1], 0xfffe0001u);
  EXPECT_EQ(Lanes<I32>(I32x4ExtmulHighI16x8S(a16, b16)), Vec<I32>({1, -65536, 49, 64}));
  const V128 a32 = Make<U32>({0xffffffffu, 0x80000000u, 0x80000000u, 0xffffffffu});
  const V128 b32 = Make<U32>({0xffffffffu, 0x80000000u, 0x7fffffffu, 2});
  EXPECT_EQ(Lanes<U64>(I64x2ExtmulLowI32x4U(a32, b32)),
            Vec<U64>({0xfffffffe00000001ull, 0x4000000000000000ull}));
  EXPECT_EQ(Lanes<I64>(I64x2ExtmulLowI32x4S(a32, b32)), Vec<I64>({1, 0x4000000000000000LL}));
  EXPECT_EQ(Lanes<I64>(I64x2ExtmulHighI32x4S(a32, b32)), Vec<I64>({-0x3fffffff80000000LL, -2}));
  EXPECT_EQ(Lanes<U64>(I64x2ExtmulHighI32x4U(a32, b32)),
            Vec<U64>({0x3fffffff80000000ull, 0x1fffffffeull}));

  EXPECT_EQ(Lanes<I16>(I16x8ExtaddPairwiseI8x16S(a8)), Vec<I16>({-256, 126, 1, 5, -1, 0, 0, -1}));
  EXPECT_EQ(Lanes<U16>(I16x8ExtaddPairwiseI8x16U(I8x16Splat(0xff))),
            Vec<U16>({510, 510, 510, 510, 510, 510, 510, 510}));
  EXPECT_EQ(Lanes<I32>(I32x4ExtaddPairwiseI16x8S(I16x8Splat(0x8000))),
            Vec<I32>({-65536, -65536, -65536, -65536}));
  EXPECT_EQ(Lanes<U32>(I32x4ExtaddPairwiseI16x8U(I16x8Splat(0xffff))),
            Vec<U32>({131070, 131070, 131070, 131070}));

  // dot: -32768 * -32768 * 2 = 2^31 wraps to INT32_MIN.
  EXPECT_EQ(Lanes<I32>(I32x4DotI16x8S(Make<I16>({-32768, -32768, 1, 2, 32767, 32767, -1, 0}),
                                      Make<I16>({-32768, -32768, 3, 4, 32767, -32768, 5, 9}))),
            Vec<I32>({INT32_MIN, 11, -32767, -5}));

  // q15mulr: round half up, saturate only -32768 * -32768.
  EXPECT_EQ(Lanes<I16>(I16x8Q15mulrSatS(
                Make<I16>({-32768, -32768, 16384, 1, -1, 32767, 3, -3}),
                Make<I16>({-32768, 32767, 16384, 16384, 16384, 32767, 16384, 16384}))),
            Vec<I16>({32767, -32767, 8192, 1, 0, 32766, 2, -1}));
}

// ---- Float lanes

TEST(SimdFloat, LanesFollowScalarRules) {
  const float nan = F32(0x7fa00001u);
  const V128 a = Make<float>({0.0f, -0.0f, nan, 1.0f});
  const V128 b = Make<float>({-0.0f, 0.0f, 1.0f, nan});
  EXPECT_EQ(Lanes<U32>(F32x4Min(a, b)),
            Vec<U32>({0x80000000u, 0x80000000u, 0x7fe00001u, 0x7fe00001u}));
  EXPECT_EQ(Lanes<U32>(F32x4Max(a, b)), Vec<U32>({0, 0, 0x7fe00001u, 0x7fe00001u}));
  // pmin/pmax: b < a ? b : a and a < b ? b : a, no NaN quieting.
  EXPECT_EQ(Lanes<U32>(F32x4Pmin(a, b)), Vec<U32>({0, 0x80000000u, 0x7fa00001u, 0x3f800000u}));
  EXPECT_EQ(Lanes<U32>(F32x4Pmax(a, b)), Vec<U32>({0, 0x80000000u, 0x7fa00001u, 0x3f800000u}));
  EXPECT_EQ(Lanes<U64>(F64x2Pmin(Make<double>({1.0, 2.0}),
                                 Make<double>({0.5, F64(0x7ff0000000000001ull)}))),
            Vec<U64>({std::bit_cast<U64>(0.5), std::bit_cast<U64>(2.0)}));
  EXPECT_EQ(Lanes<double>(F64x2Pmax(Make<double>({1.0, -kInf}), Make<double>({0.5, -1.0}))),
            Vec<double>({1.0, -1.0}));
  EXPECT_EQ(Lanes<U64>(F64x2Min(Make<double>({0.0, 3.0}),
                                Make<double>({-0.0, F64(0x7ff4000000000000ull)}))),
            Vec<U64>({1ull << 63, 0x7ffc000000000000ull}));
  EXPECT_EQ(Lanes<double>(F64x2Max(Make<double>({-kInf, 3.0}), Make<double>({-1.0, 2.0}))),
            Vec<double>({-1.0, 3.0}));

  EXPECT_EQ(Lanes<float>(F32x4Nearest(Make<float>({0.5f, 1.5f, 2.5f, -3.5f}))),
            Vec<float>({0.0f, 2.0f, 2.0f, -4.0f}));
  EXPECT_EQ(Lanes<U32>(F32x4Ceil(Make<float>({-0.5f, 0.1f, -kInfF, 7.0f}))),
            Vec<U32>({0x80000000u, 0x3f800000u, 0xff800000u, 0x40e00000u}));
  EXPECT_EQ(Lanes<float>(F32x4Floor(Make<float>({-0.5f, 0.9f, 1.0f, -1.1f}))),
            Vec<float>({-1.0f, 0.0f, 1.0f, -2.0f}));
  EXPECT_EQ(Lanes<U32>(F32x4Trunc(Make<float>({-0.5f, 1.9f, 0.0f, -1.1f}))),
            Vec<U32>({0x80000000u, 0x3f800000u, 0, 0xbf800000u}));
  EXPECT_EQ(Lanes<double>(F64x2Nearest(Make<double>({2.5, -0.5}))), Vec<double>({2.0, -0.0}));
  EXPECT_EQ(std::bit_cast<U64>(F64x2Nearest(Make<double>({2.5, -0.5})).Lane<double>(1)),
            1ull << 63);
  EXPECT_EQ(Lanes<double>(F64x2Ceil(Make<double>({1.1, -1.1}))), Vec<double>({2.0, -1.0}));
  EXPECT_EQ(Lanes<double>(F64x2Floor(Make<double>({1.1, -1.1}))), Vec<double>({1.0, -2.0}));
  EXPECT_EQ(Lanes<double>(F64x2Trunc(Make<double>({1.9, -1.9}))), Vec<double>({1.0, -1.0}));

  EXPECT_EQ(Lanes<U32>(F32x4Neg(Make<U32>({0x7fa00001u, 0, 0x80000000u, 0x3f800000u}))),
            Vec<U32>({0xffa00001u, 0x80000000u, 0, 0xbf800000u}));
  EXPECT_EQ(Lanes<U32>(F32x4Abs(Make<U32>({0xffa00001u, 0x80000000u, 1, 0xbf800000u}))),
            Vec<U32>({0x7fa00001u, 0, 1, 0x3f800000u}));
  EXPECT_EQ(Lanes<U64>(F64x2Neg(Make<U64>({0x7ff4000000000001ull, 0}))),
            Vec<U64>({0xfff4000000000001ull, 1ull << 63}));
  EXPECT_EQ(Lanes<U64>(F64x2Abs(Make<U64>({0xfff4000000000001ull, 1ull << 63}))),
            Vec<U64>({0x7ff4000000000001ull, 0}));

  EXPECT_EQ(Lanes<float>(F32x4Add(Make<float>({1.0f, 2.0f, kInfF, 1e38f}),
                                  Make<float>({2.0f, 0.5f, 1.0f, 1e38f}))),
            Vec<float>({3.0f, 2.5f, kInfF, 2e38f}));
  EXPECT_EQ(Lanes<float>(F32x4Sub(F32x4Splat(1.0f), F32x4Splat(0.25f))),
            Vec<float>({0.75f, 0.75f, 0.75f, 0.75f}));
  EXPECT_EQ(Lanes<float>(F32x4Mul(F32x4Splat(3.0f), F32x4Splat(-0.5f)))[2], -1.5f);
  EXPECT_EQ(Lanes<float>(F32x4Div(F32x4Splat(1.0f), F32x4Splat(-0.0f)))[1], -kInfF);
  EXPECT_EQ(Lanes<float>(F32x4Sqrt(F32x4Splat(9.0f)))[3], 3.0f);
  EXPECT_TRUE(std::isnan(Lanes<float>(F32x4Sqrt(F32x4Splat(-9.0f)))[0]));
  EXPECT_EQ(Lanes<double>(F64x2Add(F64x2Splat(0.1), F64x2Splat(0.2)))[0], 0.1 + 0.2);
  EXPECT_EQ(Lanes<double>(F64x2Sub(F64x2Splat(0.1), F64x2Splat(0.2)))[1], 0.1 - 0.2);
  EXPECT_EQ(Lanes<double>(F64x2Mul(F64x2Splat(1e200), F64x2Splat(1e200)))[0], kInf);
  EXPECT_EQ(Lanes<double>(F64x2Div(F64x2Splat(1.0), F64x2Splat(3.0)))[1], 1.0 / 3.0);
  EXPECT_EQ(Lanes<double>(F64x2Sqrt(F64x2Splat(2.0)))[0], 1.4142135623730951);
}

TEST(SimdFloat, Comparisons) {
  const float nan = F32(0x7fc00000u);
  const V128 a = Make<float>({0.0f, nan, 1.0f, -kInfF});
  const V128 b = Make<float>({-0.0f, nan, 2.0f, -kInfF});
  EXPECT_EQ(Lanes<U32>(F32x4Eq(a, b)), Vec<U32>({~0u, 0, 0, ~0u}));
  EXPECT_EQ(Lanes<U32>(F32x4Ne(a, b)), Vec<U32>({0, ~0u, ~0u, 0}));
  EXPECT_EQ(Lanes<U32>(F32x4Lt(a, b)), Vec<U32>({0, 0, ~0u, 0}));
  EXPECT_EQ(Lanes<U32>(F32x4Gt(a, b)), Vec<U32>({0, 0, 0, 0}));
  EXPECT_EQ(Lanes<U32>(F32x4Le(a, b)), Vec<U32>({~0u, 0, ~0u, ~0u}));
  EXPECT_EQ(Lanes<U32>(F32x4Ge(a, b)), Vec<U32>({~0u, 0, 0, ~0u}));
  const V128 c = Make<double>({F64(0x7ff8000000000000ull), 1.0});
  const V128 d = Make<double>({1.0, 0.5});
  EXPECT_EQ(Lanes<U64>(F64x2Eq(c, d)), Vec<U64>({0, 0}));
  EXPECT_EQ(Lanes<U64>(F64x2Ne(c, d)), Vec<U64>({~0ull, ~0ull}));
  EXPECT_EQ(Lanes<U64>(F64x2Lt(c, d)), Vec<U64>({0, 0}));
  EXPECT_EQ(Lanes<U64>(F64x2Gt(c, d)), Vec<U64>({0, ~0ull}));
  EXPECT_EQ(Lanes<U64>(F64x2Le(d, d)), Vec<U64>({~0ull, ~0ull}));
  EXPECT_EQ(Lanes<U64>(F64x2Ge(c, c)), Vec<U64>({0, ~0ull}));
}

TEST(SimdFloat, Conversions) {
  const V128 f = Make<float>({F32(0x7fc00000u), kInfF, -2147483904.0f, 2147483520.0f});
  EXPECT_EQ(Lanes<U32>(I32x4TruncSatF32x4S(f)),
            Vec<U32>({0, 0x7fffffffu, 0x80000000u, 2147483520u}));
  EXPECT_EQ(Lanes<U32>(I32x4TruncSatF32x4U(f)), Vec<U32>({0, 0xffffffffu, 0, 2147483520u}));
  EXPECT_EQ(Lanes<U32>(I32x4TruncSatF32x4U(Make<float>({-0.9f, 4294967296.0f, 1.9f, -kInfF}))),
            Vec<U32>({0, 0xffffffffu, 1, 0}));
  const V128 d = Make<double>({-2147483648.9, 4294967295.9});
  EXPECT_EQ(Lanes<U32>(I32x4TruncSatF64x2SZero(d)), Vec<U32>({0x80000000u, 0x7fffffffu, 0, 0}));
  EXPECT_EQ(Lanes<U32>(I32x4TruncSatF64x2UZero(d)), Vec<U32>({0, 0xffffffffu, 0, 0}));
  EXPECT_EQ(Lanes<U32>(I32x4TruncSatF64x2SZero(Make<double>({F64(0x7ff4000000000000ull), -1.9}))),
            Vec<U32>({0, 0xffffffffu, 0, 0}));

  EXPECT_EQ(
      Lanes<float>(F32x4ConvertI32x4S(Make<U32>({0x80000000u, 16777217, uint32_t(-1), 16777219}))),
      Vec<float>({-2147483648.0f, 16777216.0f, -1.0f, 16777220.0f}));
  EXPECT_EQ(Lanes<float>(F32x4ConvertI32x4U(Make<U32>({0xffffffffu, 0x80000080u, 0x80000081u, 1}))),
            Vec<float>({4294967296.0f, 2147483648.0f, 2147483904.0f, 1.0f}));
  EXPECT_EQ(Lanes<double>(F64x2ConvertLowI32x4S(Make<U32>({0x80000000u, 0xffffffffu, 5, 6}))),
            Vec<double>({-2147483648.0, -1.0}));
  EXPECT_EQ(Lanes<double>(F64x2ConvertLowI32x4U(Make<U32>({0x80000000u, 0xffffffffu, 5, 6}))),
            Vec<double>({2147483648.0, 4294967295.0}));

  EXPECT_EQ(
      Lanes<U32>(F32x4DemoteF64x2Zero(Make<double>({0x1.ffffffp127, F64(0x7ff8000000000000ull)}))),
      Vec<U32>({0x7f800000u, 0x7fc00000u, 0, 0}));
  EXPECT_EQ(Lanes<float>(F32x4DemoteF64x2Zero(Make<double>({0.1, -0x1p-150}))),
            Vec<float>({0.1f, -0.0f, 0.0f, 0.0f}));
  EXPECT_EQ(Lanes<U64>(F64x2PromoteLowF32x4(Make<U32>({0x7fc00000u, 0x3f800000u, 5, 6}))),
            Vec<U64>({0x7ff8000000000000ull, 0x3ff0000000000000ull}));
}

// ---- Relaxed SIMD: choice 0 of the spec (the deterministic profile)

TEST(SimdRelaxed, DeterministicChoices) {
  const V128 f = Make<float>({F32(0x7fc00000u), kInfF, -2147483904.0f, 1.5f});
  EXPECT_EQ(I32x4RelaxedTruncF32x4S(f), I32x4TruncSatF32x4S(f));
  EXPECT_EQ(I32x4RelaxedTruncF32x4U(f), I32x4TruncSatF32x4U(f));
  const V128 d = Make<double>({-1e10, 1e10});
  EXPECT_EQ(I32x4RelaxedTruncF64x2SZero(d), Make<U32>({0x80000000u, 0x7fffffffu, 0, 0}));
  EXPECT_EQ(I32x4RelaxedTruncF64x2UZero(d), Make<U32>({0, 0xffffffffu, 0, 0}));

  // Unfused: (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 rounds to 1 + 2^-11 before c is added, so the
  // result is 0; a fused multiply-add would give 2^-24.
  const float x = 1.0f + 0x1p-12f;
  const V128 m = F32x4RelaxedMadd(F32x4Splat(x), F32x4Splat(x), F32x4Splat(-(1.0f + 0x1p-11f)));
  EXPECT_EQ(Lanes<float>(m), Vec<float>({0.0f, 0.0f, 0.0f, 0.0f}));
  const V128 n = F32x4RelaxedNmadd(F32x4Splat(2.0f), F32x4Splat(3.0f), F32x4Splat(1.0f));
  EXPECT_EQ(Lanes<float>(n)[0], -5.0f);
  const double y = 1.0 + 0x1p-27;
  const V128 md = F64x2RelaxedMadd(F64x2Splat(y), F64x2Splat(y), F64x2Splat(-(1.0 + 0x1p-26)));
  EXPECT_EQ(Lanes<double>(md), Vec<double>({0.0, 0.0}));
  EXPECT_EQ(Lanes<double>(F64x2RelaxedNmadd(F64x2Splat(2.0), F64x2Splat(3.0), F64x2Splat(1.0)))[1],
            -5.0);

  const V128 a = V128::FromU64(0x1111111111111111ull, 0x2222222222222222ull);
  const V128 b = V128::FromU64(0xaaaaaaaaaaaaaaaaull, 0xbbbbbbbbbbbbbbbbull);
  const V128 mask = V128::FromU64(0xff00ff00f0f0f0f0ull, 0x8000000000000001ull);
  EXPECT_EQ(I8x16RelaxedLaneselect(a, b, mask), V128Bitselect(a, b, mask));
  EXPECT_EQ(I16x8RelaxedLaneselect(a, b, mask), V128Bitselect(a, b, mask));
  EXPECT_EQ(I32x4RelaxedLaneselect(a, b, mask), V128Bitselect(a, b, mask));
  EXPECT_EQ(I64x2RelaxedLaneselect(a, b, mask), V128Bitselect(a, b, mask));

  const V128 p = Make<float>({0.0f, F32(0x7fa00000u), 1.0f, -0.0f});
  const V128 q = Make<float>({-0.0f, 1.0f, F32(0x7fc00000u), 0.0f});
  EXPECT_EQ(F32x4RelaxedMin(p, q), F32x4Min(p, q));
  EXPECT_EQ(F32x4RelaxedMax(p, q), F32x4Max(p, q));
  const V128 r = Make<double>({0.0, F64(0x7ff4000000000000ull)});
  const V128 s = Make<double>({-0.0, 1.0});
  EXPECT_EQ(F64x2RelaxedMin(r, s), F64x2Min(r, s));
  EXPECT_EQ(F64x2RelaxedMax(r, s), F64x2Max(r, s));

  EXPECT_EQ(Lanes<I16>(I16x8RelaxedQ15mulrS(I16x8Splat(0x8000), I16x8Splat(0x8000)))[0], 32767);

  // Signed x signed, pair sums saturated to i16.
  EXPECT_EQ(Lanes<I16>(I16x8RelaxedDotI8x16I7x16S(
                Make<I8>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}),
                Make<I8>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}))),
            Vec<I16>({1, 13, 41, 85, 145, 221, 313, 421}));
  EXPECT_EQ(Lanes<I16>(I16x8RelaxedDotI8x16I7x16S(Make<I8>({-128, -128, 127, 127}),
                                                  Make<I8>({127, 127, 127, 127}))),
            Vec<I16>({-32512, 32258, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Lanes<I16>(I16x8RelaxedDotI8x16I7x16S(I8x16Splat(0x80), I8x16Splat(0x80)))[0], 32767);
  EXPECT_EQ(Lanes<I32>(I32x4RelaxedDotI8x16I7x16AddS(
                Make<I8>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}),
                Make<I8>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}),
                Make<I32>({0, 1, 2, 3}))),
            Vec<I32>({14, 127, 368, 737}));
  EXPECT_EQ(Lanes<I32>(I32x4RelaxedDotI8x16I7x16AddS(
                Make<I8>({-128, -128, -128, -128, 127, 127, 127, 127}),
                Make<I8>({127, 127, 127, 127, 127, 127, 127, 127}), Make<I32>({1, 2, 3, 4}))),
            Vec<I32>({-65023, 64518, 3, 4}));
  EXPECT_EQ(Lanes<I32>(I32x4RelaxedDotI8x16I7x16AddS(I8x16Splat(0x80), I8x16Splat(0x80),
                                                     Make<I32>({0, 1, INT32_MAX, 0}))),
            Vec<I32>({65534, 65535, INT32_MIN + 65533, 65534}));
}

}  // namespace
}  // namespace wr::num
