// The validator's quick check (quick_check.cc) takes whole bodies of C-like code, and must
// call valid only what the normal path accepts, with the same frame size; on anything else it
// leaves the body to the fused and normal paths, whose errors the module then gets.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include "validation_paths.h"

namespace wr::valid {
namespace {

using namespace paths;  // NOLINT: the shared checks
using O = Opcode;

constexpr uint8_t kI32 = 0x7f, kI64 = 0x7e, kF64 = 0x7c;

// Checks `body` four ways (they must agree) and returns whether it is valid and the quick
// check took it whole.
struct Verdict {
  std::string message;
  bool whole = false;
};
Verdict Judge(const Code& body, const Env& env = {}) {
  return Verdict{Check(body, env), TakenWhole(body, env)};
}

// What a C compiler's function body holds: all of it on the quick check.
TEST(QuickCheck, TakesCLikeBodiesWhole) {
  const Verdict v = Judge(Code()
                              .Op(O::Block)
                              .BlockEmpty()
                              .Op(O::Loop)
                              .U8(kI32)  // a loop with a result: its label carries nothing
                              .Get(0)
                              .Op(O::I32Load)
                              .Mem(2, 16)
                              .Op(O::LocalTee)
                              .U32(0)
                              .Op(O::I32Eqz)
                              .Op(O::BrIf)
                              .U32(1)
                              .Get(0)
                              .I32(1)
                              .Op(O::I32Sub)
                              .Op(O::LocalTee)
                              .U32(0)
                              .Op(O::BrIf)
                              .U32(0)
                              .I32(3)
                              .End()
                              .Op(O::Drop)
                              .End()
                              .Get(0)
                              .Op(O::If)
                              .U8(kF64)
                              .Op(O::F64Const)
                              .Bytes({0, 0, 0, 0, 0, 0, 0xf0, 0x3f})
                              .Op(O::Else)
                              .Get(3)
                              .End()
                              .Op(O::I32TruncSatF64S)
                              .Op(O::GlobalSet)
                              .U32(0)
                              .I64(5)
                              .I64(5)
                              .Op(O::F64ConvertI64U)
                              .Op(O::Call)
                              .U32(1)
                              .Op(O::Drop)
                              .Get(0)
                              .Get(0)
                              .Get(0)
                              .Op(O::MemoryCopy)
                              .U8(0)
                              .U8(0)
                              .Get(0)
                              .I32(0)
                              .Get(0)
                              .Op(O::MemoryFill)
                              .U8(0)
                              .Op(O::MemorySize)
                              .U8(0)
                              .Op(O::MemoryGrow)
                              .U8(0)
                              .Op(O::Drop)
                              .Op(O::Nop)
                              .Op(O::Block)
                              .BlockEmpty()
                              .Get(0)
                              .Op(O::BrTable)
                              .U32(2)
                              .U32(0)
                              .U32(0)
                              .U32(0)
                              .End()
                              .I32(1)
                              .I32(2)
                              .Get(0)
                              .Op(O::Select)
                              .Get(0)
                              .Get(0)
                              .Op(O::CallIndirect)
                              .U32(0)
                              .U8(0)
                              .Op(O::I32Add)
                              .Op(O::Return)
                              .End());
  EXPECT_EQ(v.message, "ok");
  EXPECT_TRUE(v.whole);
}

// Code after a branch, `unreachable` or `return`: the frame's stack is polymorphic, and values
// taken from below it may be of any type.
TEST(QuickCheck, UnreachableCodeAsTheNormalPath) {
  const Verdict v1 =
      Judge(Code().Op(O::Unreachable).Op(O::I32Add).Op(O::I64ExtendI32U).Op(O::Drop).End());
  EXPECT_EQ(v1.message, "ok");  // (the function's i32 result comes from the polymorphic stack)
  EXPECT_TRUE(v1.whole);
  // A branch, then a block whose end takes its result from the polymorphic stack.
  const Verdict v2 = Judge(Code()
                               .Op(O::Block)
                               .U8(kI64)
                               .Op(O::Unreachable)
                               .Op(O::Br)
                               .U32(0)
                               .End()
                               .Op(O::Drop)
                               .Op(O::Block)
                               .U8(kI32)
                               .Op(O::Unreachable)
                               .End()
                               .End());
  EXPECT_EQ(v2.message, "ok");
  EXPECT_TRUE(v2.whole);
  // br_if after unreachable: its condition and label value come from the polymorphic stack
  // and the value is known afterwards (an i64 where the function returns i32: invalid).
  EXPECT_EQ(Judge(Code()
                      .Op(O::Block)
                      .U8(kI64)
                      .Op(O::Unreachable)
                      .Op(O::BrIf)
                      .U32(0)
                      .End()
                      .Op(O::I32WrapI64)
                      .End())
                .message,
            "ok");
  EXPECT_NE(
      Judge(Code().Op(O::Block).U8(kI64).Op(O::Unreachable).Op(O::BrIf).U32(0).End().End()).message,
      "ok");
  // br_table in unreachable code to labels of different types but one arity: valid.
  const Verdict v3 = Judge(Code()
                               .Op(O::Block)
                               .U8(kI32)
                               .Op(O::Block)
                               .U8(kI64)
                               .Op(O::Unreachable)
                               .Op(O::BrTable)
                               .U32(1)
                               .U32(0)
                               .U32(1)
                               .End()
                               .Op(O::Drop)
                               .I32(0)
                               .End()
                               .End());
  EXPECT_EQ(v3.message, "ok");
  EXPECT_TRUE(v3.whole);
  // ... but not with a known value of one of them.
  EXPECT_NE(Judge(Code()
                      .Op(O::Block)
                      .U8(kI32)
                      .Op(O::Block)
                      .U8(kI64)
                      .Op(O::Unreachable)
                      .I64(0)
                      .Op(O::BrTable)
                      .U32(1)
                      .U32(0)
                      .U32(1)
                      .End()
                      .Op(O::Drop)
                      .I32(0)
                      .End()
                      .End())
                .message,
            "ok");
  // An if whose then-arm ends in a branch; its else arm is reachable again.
  EXPECT_EQ(
      Judge(Code().Get(0).Op(O::If).U8(kI32).I32(7).Op(O::Br).U32(1).Op(O::Else).I32(1).End().End())
          .message,
      "ok");
  EXPECT_NE(Judge(Code().Get(0).Op(O::If).U8(kI32).I32(7).Op(O::Br).U32(1).Op(O::Else).End().End())
                .message,
            "ok");
  // Values pushed in unreachable code are known: too many of them at an end is an error.
  EXPECT_NE(Judge(Code().Op(O::Unreachable).I32(0).I32(0).End()).message, "ok");
  EXPECT_NE(Judge(Code().Op(O::Unreachable).I64(0).End()).message, "ok");
  // Calls and stores whose operands come from the polymorphic stack.
  EXPECT_EQ(Judge(Code()
                      .Op(O::Unreachable)
                      .Op(O::Call)
                      .U32(1)
                      .Op(O::I32TruncF32S)
                      .Op(O::I32Store)
                      .Mem(2)
                      .Op(O::MemoryGrow)
                      .U8(0)
                      .End())
                .message,
            "ok");
}

// What the quick check leaves to the other paths: the outcome is the same, and the body is not
// taken whole.
TEST(QuickCheck, LeavesOtherFormsToTheNormalPath) {
  const Code left[] = {
      Code().Op(O::Block).U8(0x7b).Op(O::Unreachable).End().Get(0).End(),  // v128 block type
      Code().Op(O::Block).U32(0).Op(O::Unreachable).End().Get(0).End(),    // type-indexed
      Code().Get(0).Get(0).Get(0).Op(O::SelectT).U32(1).U8(kI32).End(),    // typed select
      Code().Op(O::Unreachable).Op(O::Select).Op(O::Drop).Get(0).End(),    // unknown operands
      Code().Op(O::Unreachable).Op(O::LocalTee).U32(0).End(),              // tee of unknown
      Code().Op(O::LocalGet).U8(0x80).U8(0x80).U8(0x00).End(),             // a 3-byte local index
      Code().I32(0).Op(O::I32Load).U8(0x40).U8(0).U8(0).End(),  // memarg with a memory index
      Code().Op(O::RefNull).U8(0x70).Op(O::Drop).Get(0).End(),  // references
  };
  for (const Code& body : left) {
    const Verdict v = Judge(body);
    EXPECT_FALSE(v.whole) << v.message;
  }
  // A memory or table of 64-bit addresses, and none at all.
  EXPECT_TRUE(Judge(Code().Get(0).End(), Env{true, IndexType::I64}).whole);  // not used
  EXPECT_TRUE(Judge(Code().Get(0).End(), Env{false}).whole);
  EXPECT_FALSE(
      Judge(Code().Get(0).Get(0).Op(O::CallIndirect).U32(0).U8(0).End(), Env{true, IndexType::I64})
          .whole);
  EXPECT_FALSE(Judge(Code().I32(0).Op(O::I32Load).Mem(2).End(), Env{false}).whole);
  EXPECT_FALSE(Judge(Code().Op(O::MemorySize).U8(0).End(), Env{true, IndexType::I64}).whole);
}

// Locals outside the subset are left to the normal path where they are used (a v128 local
// still counts its two slots in the frame); functions of several results are left whole.
TEST(QuickCheck, LeavesOtherLocalsAndResults) {
  for (const ValType& local : {ValType::V128(), ValType::FuncRef()}) {
    for (const bool used : {false, true}) {
      ModuleBuilder b;
      Code body;
      if (used) body.Get(1).Op(O::Drop);
      b.Func({ValType::I32()}, {ValType::I32()}, body.Get(0).End(),
             {{1, local}, {2, ValType::F64()}});
      IgnoresAll quick;
      SeesAll all;
      ASSERT_TRUE(b.Validate(testing::AllFeatures(), &quick));
      ASSERT_TRUE(b.Validate(testing::AllFeatures(), &all));
      EXPECT_EQ(quick.ops.size(), used ? 1u : 0u);
      EXPECT_EQ(quick.max_slot, all.max_slot);
    }
  }
  ModuleBuilder b;
  b.Func({}, {ValType::I32(), ValType::I32()}, Code().I32(0).I32(1).End());
  IgnoresAll quick;
  ASSERT_TRUE(b.Validate(testing::AllFeatures(), &quick));
  EXPECT_EQ(quick.ops, (std::vector<Opcode>{O::End}));
}

// Each operand of each kind of instruction, of the wrong type in turn: rejected, as by the
// normal path (and the same body with the right types is taken whole).
TEST(QuickCheck, ChecksEveryOperand) {
  // i32 where the flag is true, else i64; `i64.const 0; i32.wrap_i64` (an i32) for the
  // expected i32 keeps the bodies the same length either way.
  const auto operand = [](Code& c, bool i32) {
    c.I64(0);
    if (i32) c.Op(O::I32WrapI64);
  };
  const auto make = [&](const std::vector<bool>& kinds, const Code& tail) {
    Code c;
    for (const bool k : kinds) operand(c, k);
    for (const uint8_t b : tail.bytes()) c.U8(b);
    return c;
  };
  struct Form {
    int operands;  // all i32 when valid
    Code tail;     // the instruction and what follows, to the function's end
  };
  const Form forms[] = {
      {2, Code().Op(O::I32Add).End()},
      {2, Code().Op(O::I32Store).Mem(2).Get(0).End()},
      {3, Code().Op(O::Select).End()},
      {3, Code().Op(O::MemoryCopy).U8(0).U8(0).Get(0).End()},
      {3, Code().Op(O::MemoryFill).U8(0).Get(0).End()},
      {1, Code().Op(O::MemoryGrow).U8(0).End()},
      {1, Code().Op(O::I32Load).Mem(2).End()},
      {1, Code().Op(O::I32Eqz).End()},
      {1, Code().Op(O::GlobalSet).U32(0).Get(0).End()},
      {1, Code().Op(O::LocalSet).U32(0).Get(0).End()},
      {1, Code().Op(O::LocalTee).U32(0).End()},
      {1, Code().Op(O::If).BlockEmpty().End().Get(0).End()},
      {2, Code().Op(O::BrIf).U32(0).End()},                // value, condition
      {2, Code().Op(O::CallIndirect).U32(0).U8(0).End()},  // argument, index
      {1, Code().Op(O::Br).U32(0).End()},
      {1, Code().Op(O::Return).End()},
  };
  for (const Form& f : forms) {
    std::vector<bool> kinds(static_cast<size_t>(f.operands), true);
    SCOPED_TRACE(&f - forms);
    const Verdict good = Judge(make(kinds, f.tail));
    EXPECT_EQ(good.message, "ok");
    EXPECT_TRUE(good.whole);
    for (int i = 0; i < f.operands; ++i) {
      SCOPED_TRACE(i);
      kinds.assign(kinds.size(), true);
      kinds[static_cast<size_t>(i)] = false;
      const Verdict bad = Judge(make(kinds, f.tail));
      EXPECT_NE(bad.message, "ok");
      EXPECT_FALSE(bad.whole);
    }
  }
}

// Bodies whose immediates run to their last byte: the quick check reads no byte past it.
TEST(QuickCheck, ImmediatesCutByTheBodysEnd) {
  EXPECT_NE(Check(Code().Get(0).Get(0).Get(0).Op(O::MemoryFill)), "ok");  // 0xfc 0x0b: the end?
  EXPECT_NE(Check(Code().Get(0).Get(0).Get(0).Op(O::MemoryCopy).U8(0)), "ok");
  EXPECT_NE(Check(Code().Get(0).Get(0).Op(O::CallIndirect).U8(0)), "ok");
  EXPECT_NE(Check(Code().Get(0).Op(O::BrTable).U32(2).U8(0x80).U8(0x80).U8(0x0b)), "ok");
  EXPECT_NE(Check(Code().Op(O::F64Const).Bytes({0, 0, 0, 0, 0, 0, 0x0b})), "ok");
  EXPECT_NE(Check(Code().Get(0).End().Get(0)), "ok");  // operators after the function's end
  EXPECT_NE(Check(Code().Get(0).Op(O::Block).BlockEmpty().End()), "ok");  // no final end
}

// Random bodies, built to be mostly valid: the generator follows the operand types and the
// open blocks, and now and then emits an instruction that may not fit (an operand of the
// wrong type, a label out of range, a block closed early), so that the bodies are valid,
// invalid at one place, or broken in several. Every one is checked four ways (Check).
TEST(QuickCheck, RandomBodiesAgreeWithTheNormalPath) {
  std::mt19937 rng(20261206);
  const auto pick = [&](uint32_t n) { return static_cast<uint32_t>(rng() % n); };
  const O any[] = {O::I32Add,      O::I64Add,        O::F32Add, O::F64Mul, O::I32Eqz,
                   O::I32WrapI64,  O::I64ExtendI32S, O::Drop,   O::Select, O::Nop,
                   O::Unreachable, O::Return,        O::Else,   O::End,    O::I64Eqz};
  int valid = 0, invalid = 0, whole = 0;
  for (int n = 0; n < 4000; ++n) {
    Code body;
    std::vector<uint8_t> stack;  // 0 i32, 1 i64 (the kinds this generator uses)
    std::vector<int> blocks;     // the result of each open block: -1 none, else a kind
    const uint32_t len = 1 + pick(24);
    for (uint32_t i = 0; i < len; ++i) {
      if (pick(12) == 0) {  // anything
        switch (pick(6)) {
          case 0: body.Op(O::Br).U32(pick(4)); break;
          case 1: body.Op(O::BrTable).U32(1).U32(pick(3)).U32(pick(3)); break;
          case 2: body.Op(O::Call).U32(pick(3)); break;
          case 3: body.Op(pick(2) ? O::GlobalGet : O::GlobalSet).U32(pick(3)); break;
          default: body.Op(any[pick(sizeof any / sizeof any[0])]); break;
        }
        continue;
      }
      const bool top32 = !stack.empty() && stack.back() == 0;
      const bool top64 = !stack.empty() && stack.back() == 1;
      const bool two32 = top32 && stack.size() >= 2 && stack[stack.size() - 2] == 0;
      switch (pick(10)) {
        case 0:
        case 1:
          if (pick(2)) {  // local 0 is i32, local 1 i64
            pick(2) ? body.Get(0) : body.I32(static_cast<int32_t>(rng()));
            stack.push_back(0);
          } else {
            pick(2) ? body.Get(1) : body.I64(static_cast<int64_t>(uint64_t{rng()} << pick(40)));
            stack.push_back(1);
          }
          break;
        case 2:
          if (two32) {
            body.Op(pick(2) ? O::I32Add : O::I32LtU);
            stack.pop_back();
          } else if (top64) {
            body.Op(O::I64Eqz);
            stack.back() = 0;
          }
          break;
        case 3:
          if (top32) {
            const bool i64 = pick(2);
            body.Op(i64 ? O::I64Load32U : O::I32Load).Mem(pick(3), pick(300));
            stack.back() = i64 ? 1 : 0;
          }
          break;
        case 4:
          if (two32) {
            body.Op(O::I32Store).Mem(pick(3), pick(5));
            stack.resize(stack.size() - 2);
          } else if (top32) {
            body.Op(O::LocalSet).U32(0);
            stack.pop_back();
          }
          break;
        case 5: {
          const int result = static_cast<int>(pick(3)) - 1;
          const bool is_if = top32 && pick(2);
          body.Op(is_if ? O::If : pick(2) ? O::Block : O::Loop);
          body.U8(result < 0 ? 0x40 : result == 0 ? kI32 : kI64);
          if (is_if) stack.pop_back();
          blocks.push_back(result);
          stack.push_back(0xff);  // the frame's base
          break;
        }
        case 6:
          if (!blocks.empty()) {  // end the block: make its stack its result first
            while (stack.back() != 0xff) {
              body.Op(O::Drop);
              stack.pop_back();
            }
            stack.pop_back();
            const int result = blocks.back();
            blocks.pop_back();
            if (result == 0) body.I32(1);
            if (result == 1) body.I64(1);
            if (pick(8) == 0) body.I32(2);  // one value too many
            body.End();
            if (result >= 0) stack.push_back(static_cast<uint8_t>(result));
          }
          break;
        case 7:
          if (top32 && !blocks.empty()) {
            body.Op(O::BrIf).U32(pick(static_cast<uint32_t>(blocks.size())));
            stack.pop_back();
          }
          break;
        case 8:
          if (top32) {
            body.Op(O::Drop);
            stack.pop_back();
          }
          break;
        default:
          if (pick(4) == 0) {
            body.Op(O::Unreachable);
            while (!stack.empty() && stack.back() != 0xff) stack.pop_back();
          }
          break;
      }
    }
    while (!blocks.empty()) {
      body.Op(O::Unreachable).End();
      const int result = blocks.back();
      blocks.pop_back();
      if (result == 1) body.Op(O::I32WrapI64);
    }
    body.Op(O::Drop).Get(0).End();  // drops whatever is on top (else the body is invalid)
    const Verdict v = Judge(body);
    valid += v.message == "ok";
    invalid += v.message != "ok";
    whole += v.whole;
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "body " << n;
      return;
    }
  }
  // The generator must reach both outcomes for the comparison to mean something.
  std::printf("%d valid, %d invalid, %d taken whole\n", valid, invalid, whole);
  EXPECT_GT(valid, 400);
  EXPECT_GT(invalid, 400);
  EXPECT_GT(whole, 400);
}

}  // namespace
}  // namespace wr::valid
