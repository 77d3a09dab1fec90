// Wide arithmetic (i64.add128, i64.sub128, i64.mul_wide_s/u): the wr::num functions, which
// work on 64-bit halves by hand, against a reference computed another way (the compiler's
// 128-bit integers), on carry and borrow edges and on pseudo-random operands; then the
// instructions end to end through text, validation, lowering and the interpreter.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "binary/reader.h"
#include "compile/compiled_module.h"
#include "compile/features.h"
#include "interp/interpreter.h"
#include "interp/linker.h"
#include "interp/numerics.h"
#include "runtime/store.h"
#include "text/wat.h"

namespace wr {
namespace {

using U128 = unsigned __int128;

U128 Join(uint64_t lo, uint64_t hi) {
  return (U128{hi} << 64) | lo;
}

void ExpectPair(num::U64Pair got, U128 want, const std::string& what) {
  EXPECT_EQ(got.lo, static_cast<uint64_t>(want)) << what << " (low half)";
  EXPECT_EQ(got.hi, static_cast<uint64_t>(want >> 64)) << what << " (high half)";
}

// Values at the edges of carries and borrows, and some that are not.
std::vector<uint64_t> EdgeValues() {
  std::vector<uint64_t> v = {0,
                             1,
                             2,
                             0x7fffffffffffffffu,
                             0x8000000000000000u,
                             0x8000000000000001u,
                             0xfffffffffffffffeu,
                             0xffffffffffffffffu,
                             0xffffffffu,
                             0x100000000u,
                             0xffffffff00000000u,
                             0x00000000ffffffffu,
                             0x123456789abcdef0u};
  uint64_t x = 0x9e3779b97f4a7c15u;  // splitmix64
  for (int i = 0; i < 24; ++i) {
    x += 0x9e3779b97f4a7c15u;
    uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    v.push_back(z ^ (z >> 31));
  }
  return v;
}

TEST(WideArithmetic, AddAndSubMatchA128BitReference) {
  const std::vector<uint64_t> v = EdgeValues();
  // All four halves from the edge set would be 37^4; pair each lo with a few his instead.
  for (size_t i = 0; i < v.size(); ++i) {
    for (size_t j = 0; j < v.size(); ++j) {
      const uint64_t a_lo = v[i], b_lo = v[j];
      const uint64_t a_hi = v[(i + j) % v.size()], b_hi = v[(i * 7 + j * 3 + 1) % v.size()];
      const U128 a = Join(a_lo, a_hi), b = Join(b_lo, b_hi);
      const std::string what = std::to_string(i) + "," + std::to_string(j);
      ExpectPair(num::I64Add128(a_lo, a_hi, b_lo, b_hi), a + b, "add " + what);
      ExpectPair(num::I64Sub128(a_lo, a_hi, b_lo, b_hi), a - b, "sub " + what);
    }
  }
  // The carry out of the low half, and the wrap of the whole.
  ExpectPair(num::I64Add128(~0ull, 0, 1, 0), Join(0, 1), "carry");
  ExpectPair(num::I64Add128(~0ull, ~0ull, 1, 0), 0, "wrap");
  ExpectPair(num::I64Sub128(0, 1, 1, 0), Join(~0ull, 0), "borrow");
  ExpectPair(num::I64Sub128(0, 0, 1, 0), Join(~0ull, ~0ull), "wrap below zero");
}

TEST(WideArithmetic, MulWideMatchesA128BitReference) {
  const std::vector<uint64_t> v = EdgeValues();
  for (uint64_t a : v) {
    for (uint64_t b : v) {
      const std::string what = std::to_string(a) + "*" + std::to_string(b);
      ExpectPair(num::I64MulWideU(a, b), U128{a} * U128{b}, "u " + what);
      // Signed: sign-extend to 128 bits and multiply modulo 2^128 (unsigned, no overflow).
      const U128 sa = (a >> 63) ? (~U128{0} << 64) | a : U128{a};
      const U128 sb = (b >> 63) ? (~U128{0} << 64) | b : U128{b};
      ExpectPair(num::I64MulWideS(a, b), sa * sb, "s " + what);
    }
  }
  ExpectPair(num::I64MulWideU(~0ull, ~0ull), Join(1, 0xfffffffffffffffeu), "max * max");
  ExpectPair(num::I64MulWideS(0x8000000000000000u, 0x8000000000000000u),
             Join(0, 0x4000000000000000u), "min * min");
  ExpectPair(num::I64MulWideS(~0ull, 1), Join(~0ull, ~0ull), "-1 * 1");
}

// ---- End to end

class WideArithmeticRun : public ::testing::Test {
 protected:
  Result<std::shared_ptr<const compile::CompiledModule>> Compile(const std::string& wat,
                                                                 valid::Options options) {
    auto bytes = text::ParseWat(wat);
    if (!bytes) return Unexpected(bytes.error());
    auto m = binary::ReadModule(*bytes);
    if (!m) return Unexpected(m.error());
    return compile::CompileModule(std::move(m).value(), options);
  }
  Instance* Load(const std::string& wat) {
    valid::Options o;
    o.features = compile::SupportedFeatures();
    auto cm = Compile(wat, o);
    EXPECT_TRUE(cm.has_value()) << cm.error().ToString();
    if (!cm) return nullptr;
    auto inst = linker_.Instantiate(store_, *cm);
    EXPECT_TRUE(inst.has_value());
    return inst ? *inst : nullptr;
  }
  std::vector<uint64_t> Call(Instance* inst, const std::string& name, std::vector<uint64_t> args,
                             size_t num_results) {
    FuncInstance* f = inst->exports.at(name).func();
    std::vector<uint64_t> results(num_results);
    auto r = interp::Invoke(store_, f, args, results);
    EXPECT_TRUE(r.has_value());
    return results;
  }
  Store store_;
  interp::Linker linker_;
};

TEST_F(WideArithmeticRun, ResultsLandInTheirSlotsAndLocals) {
  // 128-bit multiply-accumulate: the two results are consumed through locals, through the
  // operand stack by another wide op, and in the presence of values below them.
  Instance* inst = Load(R"((module
    (func (export "mac") (param $a i64) (param $b i64) (param $lo i64) (param $hi i64)
                         (result i64 i64 i64)
      (local $plo i64) (local $phi i64)
      (i64.const 77)  ;; a value below, which must survive
      (i64.mul_wide_u (local.get $a) (local.get $b))
      (local.set $phi) (local.set $plo)
      (i64.add128 (local.get $plo) (local.get $phi) (local.get $lo) (local.get $hi)))
    (func (export "neg") (param i64 i64) (result i64 i64)
      (i64.sub128 (i64.const 0) (i64.const 0) (local.get 0) (local.get 1)))
    (func (export "square_s") (param i64) (result i64 i64)
      (i64.mul_wide_s (local.get 0) (local.get 0))))
  )");
  ASSERT_NE(inst, nullptr);
  const uint64_t a = 0xfedcba9876543210u, b = 0x0fedcba987654321u;
  const U128 want = U128{a} * U128{b} + Join(~0ull, 5);
  EXPECT_EQ(
      Call(inst, "mac", {a, b, ~0ull, 5}, 3),
      (std::vector<uint64_t>{77, static_cast<uint64_t>(want), static_cast<uint64_t>(want >> 64)}));
  EXPECT_EQ(Call(inst, "neg", {1, 0}, 2), (std::vector<uint64_t>{~0ull, ~0ull}));
  EXPECT_EQ(Call(inst, "neg", {0, 1}, 2), (std::vector<uint64_t>{0, ~0ull}));
  EXPECT_EQ(Call(inst, "square_s", {~0ull}, 2), (std::vector<uint64_t>{1, 0}));
}

TEST_F(WideArithmeticRun, TheFeatureSwitchRejectsThem) {
  valid::Options o;
  o.features = compile::SupportedFeatures();
  o.features.wide_arithmetic = false;
  auto cm = Compile(
      "(module (func (param i64 i64) (result i64 i64) "
      "(i64.mul_wide_u (local.get 0) (local.get 1))))",
      o);
  ASSERT_FALSE(cm.has_value());
  EXPECT_NE(cm.error().message.find("wide-arithmetic"), std::string::npos) << cm.error().message;
}

TEST_F(WideArithmeticRun, OperandTypesAreChecked) {
  valid::Options o;
  o.features = compile::SupportedFeatures();
  auto cm = Compile(
      "(module (func (param i64 i32 i64 i64) (result i64 i64) "
      "(i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3))))",
      o);
  ASSERT_FALSE(cm.has_value());
  EXPECT_NE(cm.error().message.find("type mismatch"), std::string::npos) << cm.error().message;
}

}  // namespace
}  // namespace wr
