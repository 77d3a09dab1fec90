// The lowering's fusions (compile/lowering_fusion.cc, lowering_control.cc): each shape
// appears where its conditions hold, and not where they fail (another reader of the folded
// result, a branch target between, no row in the .def table). What the fused ops compute is
// tested in tests/unit/interp/interpreter_fusion_test.cc.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "lowering_test_util.h"

namespace wr::compile {
namespace {

using testing_support::Code;
using testing_support::Constants;

TEST(Lowering, JumpTableOnALoadOrAnAndIsOneOp) {
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32)
                (block (block (br_table 0 1 (i32.load offset=8 (local.get 0))))))))"),
            "0000: i32.load.jump_table s0, 8, [@0006 @0006]\n"
            "0006: return\n");
  EXPECT_EQ(Code(R"((module (func (param i32)
                (block (block (br_table 0 1 (i32.and (local.get 0) (i32.const 255))))))))"),
            "0000: i32.and.jump_table s0, c0, [@0006 @0006]\n"
            "0006: return\n");
  // The load's address is an add_shl kept in a local: the three are one op, the local written.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32) (result i32) (local i32)
                (block (br_table 0 0 (i32.load (local.tee 2 (i32.add (local.get 0)
                  (i32.shl (local.get 1) (i32.const 2)))))))
                (local.get 2))))"),
            "0000: i32.add_shl.load.jump_table s2, s0, s1, 2, 0, [@0009 @0009]\n"
            "0009: copy.return s0, s2\n");
  // The and's result is also kept in a local: one op, the local written.
  EXPECT_EQ(Code(R"((module (func (param i32) (result i32) (local i32)
                (block (br_table 0 0 (local.tee 1 (i32.and (local.get 0) (i32.const 255)))))
                (local.get 1))))"),
            "0000: i32.and.keep.jump_table s1, s0, c0, [@0007 @0007]\n"
            "0007: copy.return s0, s1\n");
  // The index is also kept in a local: the load stays apart.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32) (local i32)
                (block (br_table 0 0 (local.tee 1 (i32.load (local.get 0))))))))"),
            "0000: i32.load s1, s0, 0\n"
            "0004: jump_table s1, [@0009 @0009]\n"
            "0009: return\n");
}

TEST(Lowering, AddOfAConstantTakesItAsAnImmediate) {
  // Either operand order; an add whose constant a fusion took stays fused.
  EXPECT_EQ(Code(R"((module (func (param i32) (result i32)
                (i32.add (i32.const 7) (local.get 0)))))"),
            "0000: i32.add_imm s0, s0, 7\n"
            "0004: return\n");
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32) (result i32)
                (i32.load (i32.add (local.get 0) (i32.const 16))))))"),
            "0000: add_addr.I32Load s0, s0, c0, 0\n"
            "0005: return\n");
  // Two locals: the plain add.
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (i32.add (local.get 0) (local.get 1)))))"),
            "0000: i32.add s0, s0, s1\n"
            "0004: return\n");
}

// A constant that became an immediate leaves the constant area (every call copies the area
// into the new frame); those still read stay, in their order, and the code reads them at
// their new places.
TEST(Lowering, ConstantsFoldedIntoImmediatesLeaveTheArea) {
  auto cm = testing_support::Compile(R"((module (func (param i32) (result i32)
                (i32.div_u (i32.add (local.get 0) (i32.const 5)) (i32.const 9)))))");
  ASSERT_TRUE(cm);
  EXPECT_EQ(Constants(cm->funcs[0]), (std::vector<uint64_t>{9}));
  EXPECT_EQ(Code(R"((module (func (param i32) (result i32)
                (i32.div_u (i32.add (local.get 0) (i32.const 5)) (i32.const 9)))))"),
            "0000: i32.add_imm s3, s0, 5\n"  // (s1, s2: the area as it was laid out)
            "0004: i32.div_u s0, s3, c0\n"
            "0008: return\n");
  // One constant both folded and read: it stays.
  cm = testing_support::Compile(R"((module (func (param i32) (result i32)
                (i32.div_u (i32.add (local.get 0) (i32.const 7)) (i32.const 7)))))");
  ASSERT_TRUE(cm);
  EXPECT_EQ(Constants(cm->funcs[0]), (std::vector<uint64_t>{7}));
  // A v128 constant (two slots) after a folded one: both its halves move down together.
  cm = testing_support::Compile(R"((module (func (param i32) (result i32)
                (i32.add (i32.add (local.get 0) (i32.const 5))
                  (i32x4.extract_lane 2 (v128.const i32x4 1 2 3 4))))))");
  ASSERT_TRUE(cm);
  EXPECT_EQ(Constants(cm->funcs[0]),
            (std::vector<uint64_t>{0x0000000200000001, 0x0000000400000003}));
}

TEST(Lowering, CopiesBeforeAJumpAreFusedWithIt) {
  // The then arm's value is a local: its copy to the if's result slot and the jump over the
  // else arm are one op; two copies (a branch carrying two values) likewise.
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (if (result i32) (local.get 0) (then (local.get 1)) (else (i32.const 7))))))"),
            "0000: jump_unless s0, @0007\n"
            "0003: copy.jump s3, s1, @0010\n"
            "0007: copy s3, c0\n"
            "0010: copy.return s0, s3\n");
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (block (result i32 i32) (local.get 1) (local.get 0) (br 0))
                (i32.sub))))"),
            "0000: copy.copy.jump s2, s1, s3, s0, @0006\n"
            "0006: i32.sub s0, s2, s3\n"
            "0010: return\n");
}

TEST(Lowering, BackEdgeSkipsTheLoopHeadCopiesItsOwnCopiesMadeRedundant) {
  // The back edge sets s1 := s2 and s3 := s4; the head copies s2 := s1 and s4 := s3 then
  // change nothing, so the back edge lands past them. Entering the loop still runs them.
  EXPECT_EQ(Code(R"((module (func (param i32) (result i32) (local i32 i32 i32 i32)
                (local.set 1 (i32.const 5))
                (loop $l
                  (local.set 2 (local.get 1))
                  (local.set 4 (local.get 3))
                  (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                  (if (local.get 0)
                    (then (local.set 1 (local.get 2)) (local.set 3 (local.get 4)) (br $l))))
                (local.get 2))))"),
            "0000: copy s1, c0\n"
            "0003: copy.copy s2, s1, s4, s3\n"
            "0008: i32.add_imm s0, s0, 4294967295\n"
            "0012: jump_unless s0, @0021\n"
            "0015: copy.copy.jump s1, s2, s3, s4, @0008\n"
            "0021: copy.return s0, s2\n");
  // One copy: lands past it.
  EXPECT_EQ(Code(R"((module (func (param i32) (result i32) (local i32 i32)
                (loop $l
                  (local.set 2 (local.get 1))
                  (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                  (if (local.get 0) (then (local.set 1 (local.get 2)) (br $l))))
                (local.get 2))))"),
            "0000: copy s2, s1\n"
            "0003: i32.add_imm s0, s0, 4294967295\n"
            "0007: jump_unless s0, @0014\n"
            "0010: copy.jump s1, s2, @0003\n"
            "0014: copy.return s0, s2\n");
}

// A loop whose head runs `head`, then resets r (local 1) to 7 and counts n (local 0) down;
// its back edge copies t (local 2) into r. `before` goes first in the module (the function
// listed is the last one), `result` after the loop.
std::string ResetLoop(std::string_view before, std::string_view head, std::string_view result) {
  return "(module " + std::string(before) +
         " (func (param i32) (result i32) (local i32 i32) (loop $l " + std::string(head) +
         " (local.set 1 (i32.const 7)) (local.set 0 (i32.sub (local.get 0) (i32.const 1)))"
         " (if (local.get 0) (then (local.set 1 (local.get 2)) (br $l)))) " +
         std::string(result) + "))";
}

// A loop whose head computes c = a * n (locals 3, 1, 0) and resets b (local 2) to 7; its back
// edge copies b := c, then a := `a_source`.
std::string PairLoop(std::string_view a_source) {
  return R"((module (func (param i32) (result i32) (local i32 i32 i32)
           (loop $l
             (local.set 3 (i32.mul (local.get 1) (local.get 0)))
             (local.set 2 (i32.const 7))
             (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
             (if (local.get 0) (then (local.set 2 (local.get 3)) (local.set 1 )" +
         std::string(a_source) + R"() (br $l))))
           (i32.add (local.get 3) (local.get 1)))))";
}

TEST(Lowering, BackEdgeDropsCopiesIntoSlotsTheLoopHeadWritesBeforeReading) {
  // The head computes t = n + 1 and resets r = 7 before anything reads r: the back edge's
  // r := t is never seen, so the back edge is a plain jump.
  EXPECT_EQ(
      Code(ResetLoop("", "(local.set 2 (i32.add (local.get 0) (i32.const 1)))", "(local.get 1)")),
      "0000: i32.add_imm s2, s0, 1\n"
      "0004: copy s1, c0\n"
      "0007: i32.add_imm s0, s0, 4294967295\n"
      "0011: jump_unless s0, @0016\n"
      "0014: jump @0000\n"
      "0016: copy.return s0, s1\n");
  // The head reads r (t = r + 1) before resetting it: the copy stays.
  EXPECT_EQ(
      Code(ResetLoop("", "(local.set 2 (i32.add (local.get 1) (i32.const 1)))", "(local.get 2)")),
      "0000: i32.add_imm s2, s1, 1\n"
      "0004: copy s1, c0\n"
      "0007: i32.add_imm s0, s0, 4294967295\n"
      "0011: jump_unless s0, @0018\n"
      "0014: copy.jump s1, s2, @0000\n"
      "0018: copy.return s0, s2\n");
  // Of two copies, the dead one goes (b := c: the head resets b) and the live one stays
  // (a := n: the head's product reads a): copy.copy.jump becomes copy.jump.
  EXPECT_EQ(Code(PairLoop("(local.get 0)")),
            "0000: i32.mul s3, s1, s0\n"
            "0004: copy s2, c0\n"
            "0007: i32.add_imm s0, s0, 4294967295\n"
            "0011: jump_unless s0, @0018\n"
            "0014: copy.jump s1, s0, @0000\n"
            "0018: i32.add s0, s3, s1\n"
            "0022: return\n");
  // The second copy reads the first's slot (a := b after b := c): both stay, although the
  // head resets b before reading it.
  EXPECT_EQ(Code(PairLoop("(local.get 2)")),
            "0000: i32.mul s3, s1, s0\n"
            "0004: copy s2, c0\n"
            "0007: i32.add_imm s0, s0, 4294967295\n"
            "0011: jump_unless s0, @0020\n"
            "0014: copy.copy.jump s2, s3, s1, s2, @0000\n"
            "0020: i32.add s0, s3, s1\n"
            "0024: return\n");
  // An op the walk does not know (a call, which may throw to a handler that reads r) before
  // the reset: the copy stays.
  EXPECT_EQ(Code(ResetLoop("(func $f)", "(call $f)", "(local.get 1)"), 1),
            "0000: call 0, s5\n"
            "0003: copy s1, c0\n"
            "0006: i32.add_imm s0, s0, 4294967295\n"
            "0010: jump_unless s0, @0017\n"
            "0013: copy.jump s1, s2, @0000\n"
            "0017: copy.return s0, s1\n");
}

TEST(Lowering, BackEdgeRunsTheLoopHeadCopiesItsCopiesDoNotMakeRedundant) {
  // s1 := s2 then s2 := s0: the second copy overwrites s2, so s2 := s1 at the head restores
  // it and must run; s2 := s0 itself is then never read, so the back edge drops it.
  EXPECT_EQ(Code(R"((module (func (param i32) (result i32) (local i32 i32)
                (loop $l
                  (local.set 2 (local.get 1))
                  (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                  (if (local.get 0)
                    (then (local.set 1 (local.get 2)) (local.set 2 (local.get 0)) (br $l))))
                (local.get 2))))"),
            "0000: copy s2, s1\n"
            "0003: i32.add_imm s0, s0, 4294967295\n"
            "0007: jump_unless s0, @0014\n"
            "0010: copy.jump s1, s2, @0000\n"
            "0014: copy.return s0, s2\n");
  // The head copies s2 := s3, which the back edge's s1 := s2 says nothing about.
  EXPECT_EQ(Code(R"((module (func (param i32) (result i32) (local i32 i32 i32)
                (loop $l
                  (local.set 2 (local.get 3))
                  (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                  (if (local.get 0) (then (local.set 1 (local.get 2)) (br $l))))
                (local.get 1))))"),
            "0000: copy s2, s3\n"
            "0003: i32.add_imm s0, s0, 4294967295\n"
            "0007: jump_unless s0, @0014\n"
            "0010: copy.jump s1, s2, @0000\n"
            "0014: copy.return s0, s1\n");
}

TEST(Lowering, CopiesBeforeACallAreFusedWithIt) {
  // One or two argument copies and the call are one op; an argument the previous op wrote in
  // place leaves the call alone.
  const char* callee = "(func $f (param i32 i32) (result i32) (local.get 0))";
  EXPECT_EQ(Code(std::string("(module ") + callee + R"(
                (func (param i32 i32) (result i32) (call $f (local.get 1) (local.get 0)))))",
                 1),
            "0000: copy.copy.call s3, s0, s2, s1, 0, s2\n"
            "0007: copy.return s0, s2\n");
  EXPECT_EQ(Code(std::string("(module ") + callee + R"(
                (func (param i32 i32) (result i32)
                  (call $f (i32.add (local.get 1) (local.get 1))
                           (i32.mul (local.get 0) (local.get 0))))))",
                 1),
            "0000: i32.add s2, s1, s1\n"
            "0004: i32.mul s3, s0, s0\n"
            "0008: call 0, s2\n"
            "0011: copy.return s0, s2\n");
}

TEST(Lowering, CopyBeforeABranchTargetIsNotFusedWithTheCall) {
  // The block's end (a branch target) lies between the copy to local 1 and the call: the
  // branch must reach the call without the copy. (The argument is copied to its slot when the
  // block starts.)
  EXPECT_EQ(Code(R"((module (func $f (param i32) (result i32) (local.get 0))
                (func (param i32 i32) (result i32)
                  (local.get 0)
                  (block $b (br_if $b (local.get 1)) (local.set 1 (local.get 0)))
                  (call $f))))",
                 1),
            "0000: copy s2, s0\n"
            "0003: jump_if s1, @0009\n"
            "0006: copy s1, s0\n"
            "0009: call 0, s2\n"
            "0012: copy.return s0, s2\n");
}

TEST(Lowering, CopyBeforeABranchTargetIsNotFusedWithTheJump) {
  // The inner block ends (a branch target) between the copy and the br: a jump to that end
  // must not run the copy, so the two stay apart.
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (block $a (block $b (br_if $b (local.get 0)) (local.set 1 (local.get 0)))
                  (br $a))
                (local.get 1))))"),
            "0000: jump_if s0, @0006\n"
            "0003: copy s1, s0\n"
            "0006: jump @0008\n"
            "0008: copy.return s0, s1\n");
}

TEST(Lowering, CopyBeforeABranchTargetIsNotFusedWithTheReturn) {
  // The then arm sets local 0 (slot 0, the result's slot); the if's end is a branch target
  // between that copy and the return, which the false path reaches without the copy.
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (if (local.get 0) (then (local.set 0 (local.get 1))))
                (local.get 0))))"),
            "0000: jump_unless s0, @0006\n"
            "0003: copy s0, s1\n"
            "0006: return\n");
}

TEST(Lowering, ShiftedIndexFoldsIntoAddAndLoad) {
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32) (result i32)
                (i32.load offset=8 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))))))"),
            "0000: add_shl_addr.I32Load s0, s0, s1, 2, 8\n"
            "0006: return\n");
  // The shifted value first, the other operand from a local: the same op.
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (i32.add (i32.shl (local.get 1) (i32.const 35)) (local.get 0)))))"),
            "0000: i32.add_shl s0, s0, s1, 3\n"
            "0005: return\n");
  // A shift by a non-constant is left alone.
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (i32.add (local.get 0) (i32.shl (local.get 1) (local.get 0))))))"),
            "0000: i32.shl s3, s1, s0\n"
            "0004: i32.add s0, s0, s3\n"
            "0008: return\n");
}

TEST(Lowering, DependentBinaryOpsAreChained) {
  // The product is the add's left operand: L. Integer add commutes, so the product on the
  // right becomes L too; float ops keep their order (R).
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i32) (result i32)
                (i32.add (i32.mul (local.get 0) (local.get 1)) (local.get 2)))))"),
            "0000: I32Mul+I32Add.L s0, s0, s1, s2\n"
            "0005: return\n");
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i32) (result i32)
                (i32.add (local.get 2) (i32.mul (local.get 0) (local.get 1))))))"),
            "0000: I32Mul+I32Add.L s0, s0, s1, s2\n"
            "0005: return\n");
  EXPECT_EQ(Code(R"((module (func (param f64 f64 f64) (result f64)
                (f64.sub (local.get 2) (f64.mul (local.get 0) (local.get 1))))))"),
            "0000: F64Mul+F64Sub.R s0, s0, s1, s2\n"
            "0005: return\n");
  // The product also goes to a local: not chained (it has another reader).
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32) (local i32)
                (i32.add (local.tee 2 (i32.mul (local.get 0) (local.get 1))) (local.get 0)))))"),
            "0000: i32.mul s2, s0, s1\n"
            "0004: i32.add s0, s2, s0\n"
            "0008: return\n");
}

TEST(Lowering, EqzFoldsIntoSelect) {
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i64) (result i32)
                (select (local.get 0) (local.get 1) (i64.eqz (local.get 2))))))"),
            "0000: select64 s0, s1, s0, s2\n"
            "0005: return\n");
}

TEST(Lowering, AndFoldsIntoSelect) {
  // The and's result is the select's condition, directly or through an eqz (select64, operands
  // swapped); an and kept in a local stays apart.
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i32) (result i32)
                (select (local.get 0) (local.get 1) (i32.and (local.get 2) (i32.const 4))))))"),
            "0000: select.and s0, s0, s1, s2, c0\n"
            "0006: return\n");
  EXPECT_EQ(Code(R"((module (func (param i64 i64 i64) (result i64)
                (select (local.get 0) (local.get 1)
                        (i64.eqz (i64.and (local.get 2) (i64.const 1)))))))"),
            "0000: select64.and s0, s1, s0, s2, c0\n"
            "0006: return\n");
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i32) (result i32)
                (select (local.get 0) (local.get 1) (local.tee 2 (i32.and (local.get 2) (i32.const 4)))))))"),
            "0000: i32.and s2, s2, c0\n"
            "0004: select s0, s0, s1, s2\n"
            "0009: return\n");
}

TEST(Lowering, CountedLoopIncrementAndTestAreFused) {
  const std::string code = Code(R"((module (func (param i32) (result i32) (local i32)
      (loop $l
        (br_if $l (i32.ne (local.tee 1 (i32.add (local.get 1) (i32.const 1))) (local.get 0))))
      local.get 1)))");
  EXPECT_NE(code.find("0000: add.BrI32Ne s1, s1, c0, s0, @0000"), std::string::npos) << code;
  // 64-bit counters and ordered compares too; the sum must be the compare's first operand
  // (a < b is not b < a).
  const std::string wide = Code(R"((module (func (param i64) (result i64) (local i64)
      (loop $l
        (br_if $l (i64.lt_s (local.tee 1 (i64.add (local.get 1) (i64.const 3))) (local.get 0))))
      local.get 1)))");
  EXPECT_NE(wide.find("0000: add.BrI64LtS s1, s1, c0, s0, @0000"), std::string::npos) << wide;
  const std::string swapped = Code(R"((module (func (param i32) (result i32) (local i32)
      (loop $l
        (br_if $l (i32.lt_u (local.get 0) (local.tee 1 (i32.add (local.get 1) (i32.const 1))))))
      local.get 1)))");
  EXPECT_EQ(swapped.find("add.Br"), std::string::npos) << swapped;
}

TEST(Lowering, CompareAndBranchAreFused) {
  // br_if on a compare: one fused op, the compare's result never stored.
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (block (br_if 0 (i32.lt_s (local.get 0) (local.get 1))))
                i32.const 7)))"),
            "0000: br_if.I32LtS s0, s1, @0004\n"
            "0004: copy.return s0, c0\n");
  // if jumps to its else arm on the inverse; i32.eqz becomes a plain test of its operand.
  const std::string code = Code(R"((module (func (param i64 i32) (result i32)
                (if (result i32) (i64.ge_u (local.get 0) (i64.const 5))
                  (then (if (result i32) (i32.eqz (local.get 1)) (then i32.const 1)
                                                               (else i32.const 2)))
                  (else i32.const 3)))))");
  EXPECT_NE(code.find("0000: br_if.I64LtU s0, c0, @"), std::string::npos) << code;
  EXPECT_NE(code.find("0004: jump_if s1, @"), std::string::npos) << code;
  EXPECT_EQ(code.find("i64.ge_u"), std::string::npos) << code;
  EXPECT_EQ(code.find("eqz"), std::string::npos) << code;
  // A compare whose result is also kept (local.tee) is not fused.
  EXPECT_NE(Code(R"((module (func (param i32) (result i32) (local i32)
                (block (br_if 0 (local.tee 1 (i32.eq (local.get 0) (i32.const 3)))))
                local.get 1)))")
                .find("i32.eq s1, s0, c0"),
            std::string::npos);
}

TEST(Lowering, NegatedCompareAndBranchAreFused) {
  // br_if on eqz(and): jumps when the and is zero.
  EXPECT_EQ(Code(R"((module (func (param i32 i32)
                (block (br_if 0 (i32.eqz (i32.and (local.get 0) (local.get 1))))))))"),
            "0000: br_unless.I32And s0, s1, @0004\n"
            "0004: return\n");
  // if on eqz(lt_s): skips the then arm when the compare holds.
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (if (result i32) (i32.eqz (i32.lt_s (local.get 0) (local.get 1)))
                  (then (i32.const 1)) (else (i32.const 2))))))"),
            "0000: br_if.I32LtS s0, s1, @0008\n"
            "0004: copy.jump s4, c0, @0011\n"
            "0008: copy s4, c1\n"
            "0011: copy.return s0, s4\n");
  // The compare's result is also kept in a local: the compare stays, the eqz fuses alone.
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (local i32)
                (block (br_if 0 (i32.eqz (local.tee 2 (i32.and (local.get 0) (local.get 1)))))))))"),
            "0000: i32.and s2, s0, s1\n"
            "0004: jump_unless s2, @0007\n"
            "0007: return\n");
}

TEST(Lowering, FloatCompareAndBranchAreFused) {
  EXPECT_EQ(Code(R"((module (func (param f64 f64)
                (block (br_if 0 (f64.le (local.get 0) (local.get 1)))))))"),
            "0000: br_if.F64Le s0, s1, @0004\n"
            "0004: return\n");
  // if jumps over its then arm when the compare is false: br_unless, not the opposite compare.
  EXPECT_EQ(Code(R"((module (func (param f32 f32) (result i32)
                (if (result i32) (f32.lt (local.get 0) (local.get 1))
                  (then (i32.const 1)) (else (i32.const 2))))))"),
            "0000: br_unless.F32Lt s0, s1, @0008\n"
            "0004: copy.jump s4, c0, @0011\n"
            "0008: copy s4, c1\n"
            "0011: copy.return s0, s4\n");
}

TEST(Lowering, BitTestAndBranchAreFused) {
  EXPECT_EQ(Code(R"((module (func (param i32 i32)
                (block (br_if 0 (i32.and (local.get 0) (local.get 1)))))))"),
            "0000: br_if.I32And s0, s1, @0004\n"
            "0004: return\n");
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (if (result i32) (i32.and (local.get 0) (i32.const 4))
                  (then (local.get 1)) (else (i32.const 0))))))"),
            "0000: br_unless.I32And s0, c0, @0008\n"
            "0004: copy.jump s4, s1, @0011\n"
            "0008: copy s4, c1\n"
            "0011: copy.return s0, s4\n");
}

TEST(Lowering, AddOfAConstantAndShiftedIndexFoldIntoOneLoadOrStore) {
  // base + C + (index << k): the add of the constant, the add_shl and the access are one op,
  // C an immediate (either operand order; an i32.sub of a constant is an add of -C).
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32) (result i32)
                (i32.load offset=8 (i32.add (i32.add (local.get 0) (i32.const 2560))
                                            (i32.shl (local.get 1) (i32.const 2)))))))"),
            "0000: add_imm_shl_addr.I32Load s0, s0, 2560, s1, 2, 8\n"
            "0007: return\n");
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32) (result i32)
                (i32.load8_u (i32.add (i32.sub (local.get 0) (i32.const 4))
                                      (i32.shl (local.get 1) (i32.const 34)))))))"),
            "0000: add_imm_shl_addr.I32Load8U s0, s0, 4294967292, s1, 2, 0\n"
            "0007: return\n");
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32 i64)
                (i64.store offset=4 (i32.add (i32.add (i32.const 16) (local.get 0))
                                             (i32.shl (local.get 1) (i32.const 3)))
                           (local.get 2)))))"),
            "0000: add_imm_shl_addr.I64Store s0, 16, s1, 3, s2, 4\n"
            "0007: return\n");
  // The index computed between the add and the shl (the guest's `stack[--sp]`): that op runs
  // first, then the fused load.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32) (result i32)
                (i32.load (i32.add (i32.add (local.get 0) (i32.const 2560))
                  (i32.shl (local.tee 1 (i32.add (local.get 1) (i32.const -1)))
                           (i32.const 2)))))))"),
            "0000: i32.add_imm s1, s1, 4294967295\n"
            "0004: add_imm_shl_addr.I32Load s0, s0, 2560, s1, 2, 0\n"
            "0011: return\n");
}

TEST(Lowering, AddOfAConstantAndShiftedIndexIsOneOp) {
  // base + C + (index << k) as a value (the address of a load and a store, say): one
  // i32.add_imm_shl, whichever of the three is computed first.
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (i32.add (i32.add (local.get 0) (i32.const 2560))
                         (i32.shl (local.get 1) (i32.const 2))))))"),
            "0000: i32.add_imm_shl s0, s0, 2560, s1, 2\n"
            "0006: return\n");
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (i32.add (i32.shl (local.get 1) (i32.const 2))
                         (i32.add (local.get 0) (i32.const 2560))))))"),
            "0000: i32.add_imm_shl s0, s0, 2560, s1, 2\n"
            "0006: return\n");
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (i32.add (i32.const 12)
                         (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 3)))))))"),
            "0000: i32.add_imm_shl s0, s0, 12, s1, 3\n"
            "0006: return\n");
  // The shift first, the base's constant, then a constant subtracted (as clang computes
  // &stack[sp - 1]): the constants add up, wrapping.
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (i32.sub (i32.add (i32.shl (local.get 1) (i32.const 2))
                                  (i32.add (local.get 0) (i32.const 2560)))
                         (i32.const 2568)))))"),
            "0000: i32.add_imm_shl s0, s0, 4294967288, s1, 2\n"
            "0006: return\n");
  // The shifted value is also kept: the shl stays.
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32) (local i32)
                (i32.add (local.tee 2 (i32.shl (local.get 1) (i32.const 2)))
                         (i32.add (local.get 0) (i32.const 2560)))
                (local.get 2) (i32.add))))"),
            "0000: i32.shl s2, s1, c0\n"
            "0004: I32Add+I32Add.L s5, s0, c1, s2\n"
            "0009: i32.add s0, s5, s2\n"
            "0013: return\n");
}

TEST(Lowering, AddOfAConstantStaysApartWhenItsResultOrOperandIsNeededElsewhere) {
  // The sum is also kept in a local: the add stays (the add_shl reads the local).
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32) (result i32) (local i32)
                (i32.load (i32.add (local.tee 2 (i32.add (local.get 0) (i32.const 2560)))
                                   (i32.shl (local.get 1) (i32.const 2))))
                (local.get 2) (i32.add))))"),
            "0000: i32.add_imm s2, s0, 2560\n"
            "0004: add_shl_addr.I32Load s5, s2, s1, 2, 0\n"
            "0010: i32.add s0, s5, s2\n"
            "0014: return\n");
  // A branch target (the loop's start) between the add and the add_shl.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32) (result i32)
                (i32.add (local.get 0) (i32.const 2560))
                (loop (param i32) (result i32)
                  (i32.load (i32.add (i32.shl (local.get 1) (i32.const 2))))))))"),
            "0000: i32.add_imm s4, s0, 2560\n"
            "0004: add_shl_addr.I32Load s4, s4, s1, 2, 0\n"
            "0010: copy.return s0, s4\n");
  // The op between writes the add's operand: the add must read the old value.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32) (result i32)
                (i32.add (local.get 0) (i32.const 2560))
                (local.set 0 (i32.add (local.get 0) (i32.const 1)))
                (i32.load (i32.add (i32.shl (local.get 1) (i32.const 2)))))))"),
            "0000: i32.add_imm s5, s0, 2560\n"
            "0004: i32.add_imm s0, s0, 1\n"
            "0008: add_shl_addr.I32Load s0, s5, s1, 2, 0\n"
            "0014: return\n");
  // Two ops between; a load between (only plain one-result ops may move over the add).
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32) (result i32)
                (i32.add (local.get 0) (i32.const 2560))
                (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                (i32.load (i32.add (i32.shl (local.get 1) (i32.const 2)))))))"),
            "0000: i32.add_imm s5, s0, 2560\n"
            "0004: i32.add_imm s1, s1, 1\n"
            "0008: i32.add_imm s1, s1, 1\n"
            "0012: add_shl_addr.I32Load s0, s5, s1, 2, 0\n"
            "0018: return\n");
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32) (result i32)
                (i32.add (local.get 0) (i32.const 2560))
                (local.set 1 (i32.load (local.get 1)))
                (i32.load (i32.add (i32.shl (local.get 1) (i32.const 2)))))))"),
            "0000: i32.add_imm s4, s0, 2560\n"
            "0004: i32.load s1, s1, 0\n"
            "0008: add_shl_addr.I32Load s0, s4, s1, 2, 0\n"
            "0014: return\n");
  // Two locals: no constant to take.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32 i32) (result i32)
                (i32.load (i32.add (i32.add (local.get 0) (local.get 2))
                                   (i32.shl (local.get 1) (i32.const 2)))))))"),
            "0000: i32.add s4, s0, s2\n"
            "0004: add_shl_addr.I32Load s0, s4, s1, 2, 0\n"
            "0010: return\n");
}

TEST(Lowering, AddFeedingALoadAddressIsFolded) {
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32) (result i32)
                (i32.load offset=8 (i32.add (local.get 0) (local.get 1))))))"),
            "0000: add_addr.I32Load s0, s0, s1, 8\n"
            "0005: return\n");
  // The sum is also kept: no folding.
  EXPECT_NE(Code(R"((module (memory 1) (func (param i32 i32) (result i32) (local i32)
                (i32.load (local.tee 2 (i32.add (local.get 0) (local.get 1)))))))")
                .find("i32.add"),
            std::string::npos);
}

TEST(Lowering, AddFeedingAStoreAddressIsFolded) {
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32 i64)
                (i64.store offset=8 (i32.add (local.get 0) (local.get 1)) (local.get 2)))))"),
            "0000: add_addr.I64Store s0, s1, s2, 8\n"
            "0005: return\n");
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32)
                (i32.store16 offset=2 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))
                             (i32.const 7)))))"),
            "0000: add_shl_addr.I32Store16 s0, s1, 2, c0, 2\n"
            "0006: return\n");
  // The value is computed after the address: the add is not the last op, no folding.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32)
                (i32.store (i32.add (local.get 0) (local.get 1))
                           (i32.mul (local.get 0) (local.get 1))))))"),
            "0000: i32.add s2, s0, s1\n"
            "0004: i32.mul s3, s0, s1\n"
            "0008: i32.store s2, s3, 0\n"
            "0012: return\n");
  // The sum is also kept in a local: no folding.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32) (local i32)
                (i32.store (local.tee 2 (i32.add (local.get 0) (local.get 1))) (local.get 1)))))"),
            "0000: i32.add s2, s0, s1\n"
            "0004: i32.store s2, s1, 0\n"
            "0008: return\n");
}

TEST(Lowering, LoadFeedingAnOpIsFused) {
  // The loaded value is the sub's right operand (R), then its left (L).
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 f64) (result f64)
                (f64.sub (local.get 1) (f64.load offset=8 (local.get 0))))))"),
            "0000: F64Load+F64Sub.R s0, s0, 8, s1\n"
            "0005: return\n");
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 f64) (result f64)
                (f64.sub (f64.load (local.get 0)) (local.get 1)))))"),
            "0000: F64Load+F64Sub.L s0, s0, 0, s1\n"
            "0005: return\n");
  // From a load with a folded add address; an integer add commutes into the L row.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32 f32) (result f32)
                (f32.mul (local.get 2) (f32.load (i32.add (local.get 0) (local.get 1)))))))"),
            "0000: add_addr.F32Load+F32Mul.R s0, s0, s1, 0, s2\n"
            "0006: return\n");
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32) (result i32)
                (i32.add (local.get 1) (i32.load (local.get 0))))))"),
            "0000: I32Load+I32Add.L s0, s0, 0, s1\n"
            "0005: return\n");
  // The loaded value is also kept in a local: not fused (it has another reader).
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 f64) (result f64) (local f64)
                (f64.add (local.tee 2 (f64.load (local.get 0))) (local.get 1)))))"),
            "0000: f64.load s2, s0, 0\n"
            "0004: f64.add s0, s2, s1\n"
            "0008: return\n");
  // No row for a division: left alone.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 f64) (result f64)
                (f64.div (f64.load (local.get 0)) (local.get 1)))))"),
            "0000: f64.load s2, s0, 0\n"
            "0004: f64.div s0, s2, s1\n"
            "0008: return\n");
}

TEST(Lowering, OpFeedingAStoreIsFused) {
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 f64 f64)
                (f64.store offset=16 (local.get 0) (f64.sub (local.get 1) (local.get 2))))))"),
            "0000: F64Sub+F64Store s0, s1, s2, 16\n"
            "0005: return\n");
  // The address is computed, the value after it.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32 i32)
                (i32.store (i32.mul (local.get 0) (local.get 1))
                           (i32.xor (local.get 1) (local.get 2))))))"),
            "0000: i32.mul s3, s0, s1\n"
            "0004: I32Xor+I32Store s3, s1, s2, 0\n"
            "0009: return\n");
  // The value is also kept in a local: not fused.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32 i32) (local i32)
                (i32.store (local.get 0) (local.tee 3 (i32.add (local.get 1) (local.get 2)))))))"),
            "0000: i32.add s3, s1, s2\n"
            "0004: i32.store s0, s3, 0\n"
            "0008: return\n");
  // A narrow store of an add has a row; of a sub it has none.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32 i32)
                (i32.store8 (local.get 0) (i32.add (local.get 1) (local.get 2))))))"),
            "0000: I32Add+I32Store8 s0, s1, s2, 0\n"
            "0005: return\n");
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32 i32)
                (i32.store8 (local.get 0) (i32.sub (local.get 1) (local.get 2))))))"),
            "0000: i32.sub s4, s1, s2\n"
            "0004: i32.store8 s0, s4, 0\n"
            "0008: return\n");
}

TEST(Lowering, LoadComparedForEqualityAndBranchedOnIsOneOp) {
  // br_if on != (the loaded value on the left) and on == (on the right, from an add_addr
  // load), and an if on ==, which branches on the inverse.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32 i32) (result i32)
                (block
                  (br_if 0 (i32.ne (i32.load8_u offset=3 (local.get 0)) (local.get 1)))
                  (br_if 0 (i32.eq (local.get 1)
                                   (i32.load (i32.add (local.get 0) (local.get 2))))))
                (if (i32.eq (i32.load8_u (local.get 2)) (i32.const 58))
                  (then (local.set 1 (i32.const 7))))
                (local.get 1))))"),
            "0000: I32Load8U+BrI32Ne s0, 3, s1, @0011\n"
            "0005: add_addr.I32Load+BrI32Eq s0, s2, 0, s1, @0011\n"
            "0011: I32Load8U+BrI32Ne s2, 0, c0, @0019\n"
            "0016: copy s1, c1\n"
            "0019: copy.return s0, s1\n");
  // The loaded value is also kept in a local, or compared by <: the load stays apart.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32) (result i32)
                (block
                  (br_if 0 (i32.ne (local.tee 1 (i32.load8_u (local.get 0))) (i32.const 9)))
                  (br_if 0 (i32.lt_u (i32.load8_u (local.get 0)) (local.get 1))))
                (local.get 1))))"),
            "0000: i32.load8_u s1, s0, 0\n"
            "0004: br_if.I32Ne s1, c0, @0016\n"
            "0008: i32.load8_u s3, s0, 0\n"
            "0012: br_if.I32LtU s3, s1, @0016\n"
            "0016: copy.return s0, s1\n");
}

TEST(Lowering, LoadOpStoreToTheSameAddressIsOneOp) {
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 f64)
                (f64.store offset=8 (local.get 0)
                  (f64.add (local.get 1) (f64.load offset=8 (local.get 0)))))))"),
            "0000: F64Load+F64Add.R+F64Store s0, 8, s1\n"
            "0004: return\n");
  // Another offset or another address: the load+op and the store stay two ops.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 f64)
                (f64.store offset=16 (local.get 0)
                  (f64.add (local.get 1) (f64.load offset=8 (local.get 0)))))))"),
            "0000: F64Load+F64Add.R s3, s0, 8, s1\n"
            "0005: f64.store s0, s3, 16\n"
            "0009: return\n");
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32 i64)
                (i64.store (local.get 1) (i64.add (i64.load (local.get 0)) (local.get 2))))))"),
            "0000: I64Load+I64Add.L s4, s0, 0, s2\n"
            "0005: i64.store s1, s4, 0\n"
            "0009: return\n");
  // Stored with another width: no read-modify-write row.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 i32)
                (i32.store16 (local.get 0) (i32.add (i32.load (local.get 0)) (local.get 1))))))"),
            "0000: I32Load+I32Add.L s3, s0, 0, s1\n"
            "0005: i32.store16 s0, s3, 0\n"
            "0009: return\n");
}

TEST(Lowering, AddOfAConstantFoldsIntoAReadModifyWriteAtItsSum) {
  // `x[k] += v` with the address a + C kept in a local: right after the add, or with v's
  // computation between, which then runs first (it does not read the local); v computed from
  // the local itself keeps the add apart.
  EXPECT_EQ(Code(R"((module (memory 1) (func (param i32 f64 f64) (result i32) (local i32)
                (f64.store (local.tee 3 (i32.add (local.get 0) (i32.const 8)))
                  (f64.add (f64.load (local.get 3)) (local.get 1)))
                (f64.store (local.tee 3 (i32.add (local.get 0) (i32.const 16)))
                  (f64.add (f64.mul (local.get 1) (local.get 2)) (f64.load (local.get 3))))
                (f64.store (local.tee 3 (i32.add (local.get 0) (i32.const 24)))
                  (f64.add (f64.convert_i32_u (local.get 3)) (f64.load (local.get 3))))
                (local.get 3))))"),
            "0000: add_imm.F64Load+F64Add.L+F64Store s3, s0, 8, 0, s1\n"
            "0006: f64.mul s8, s1, s2\n"
            "0010: add_imm.F64Load+F64Add.R+F64Store s3, s0, 16, 0, s8\n"
            "0016: i32.add_imm s3, s0, 24\n"
            "0020: f64.convert_i32_u s8, s3\n"
            "0023: F64Load+F64Add.R+F64Store s3, 0, s8\n"
            "0027: copy.return s0, s3\n");
}

TEST(Lowering, FusionsDoNotSpanBranchTargets) {
  // The product is computed before the loop, the add is the loop's first op: a back edge must
  // run only the add, so the two stay apart.
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i32) (result i32) (local i32)
                (i32.mul (local.get 0) (local.get 1))
                (loop $l (param i32) (result i32)
                  (i32.add (local.get 2))
                  (local.set 3 (i32.add (local.get 3) (i32.const 1)))
                  (br_if $l (i32.lt_u (local.get 3) (i32.const 4)))))))"),
            "0000: i32.mul s6, s0, s1\n"
            "0004: i32.add s6, s6, s2\n"
            "0008: add.BrI32LtU s3, s3, c0, c1, @0004\n"
            "0014: copy.return s0, s6\n");
  // The same for the shift of an add_shl.
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i32) (result i32)
                (i32.shl (local.get 1) (i32.const 2))
                (loop (param i32) (result i32) (i32.add (local.get 0))))))"),
            "0000: i32.shl s4, s1, c0\n"
            "0004: i32.add s4, s4, s0\n"
            "0008: copy.return s0, s4\n");
  // A br_if delivers another value to the block's end, between the last shl and the and.
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i32) (result i32)
                (block $b (result i32)
                  (i32.shl (local.get 0) (i32.const 3))
                  (br_if $b (local.get 2))
                  (drop)
                  (i32.shl (local.get 1) (i32.const 2)))
                (local.get 0) (i32.and))))"),
            "0000: i32.shl s5, s0, c0\n"
            "0004: jump_if s2, @0011\n"
            "0007: i32.shl s5, s1, c1\n"
            "0011: i32.and s0, s5, s0\n"
            "0015: return\n");
  // An if without else: its condition's jump lands after the then arm's xor.
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i32) (result i32)
                (i32.shl (local.get 0) (i32.const 2))
                (if (param i32) (result i32) (local.get 2) (then (i32.xor (local.get 1))))
                (local.get 1) (i32.and))))"),
            "0000: i32.shl s4, s0, c0\n"
            "0004: jump_unless s2, @0011\n"
            "0007: i32.xor s4, s4, s1\n"
            "0011: i32.and s0, s4, s1\n"
            "0015: return\n");
  // br_table jumps straight to the inner block's end, before the add.
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i32) (result i32)
                (block $o (result i32)
                  (block $i (result i32)
                    (i32.mul (local.get 0) (local.get 1))
                    (br_table $i $o (local.get 2)))
                  (local.get 0) (i32.add)))))"),
            "0000: i32.mul s3, s0, s1\n"
            "0004: jump_table s2, [@0009 @0013]\n"
            "0009: i32.add s3, s3, s0\n"
            "0013: copy.return s0, s3\n");
  // The increment before a loop, the test at its start: no i32.add.br_if.ne.
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i32) (result i32)
                (block $out
                  (i32.add (local.get 0) (i32.const 1))
                  (loop $l (param i32)
                    (br_if $out (i32.ne (local.get 1)))
                    (br $l (local.get 2))))
                (local.get 2))))"),
            "0000: i32.add_imm s4, s0, 1\n"
            "0004: br_if.I32Ne s4, s1, @0012\n"
            "0008: copy.jump s4, s2, @0004\n"
            "0012: copy.return s0, s2\n");
  // A block's start is no branch target: its param and first op may fuse.
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i32) (result i32)
                (i32.mul (local.get 0) (local.get 1))
                (block (param i32) (result i32) (i32.add (local.get 2))))))"),
            "0000: I32Mul+I32Add.L s3, s0, s1, s2\n"
            "0005: copy.return s0, s3\n");
}

TEST(Lowering, ChainsKeepOperandOrder) {
  // shl does not commute and has no R row: left alone.
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i32) (result i32)
                (i32.shl (local.get 2) (i32.and (local.get 0) (local.get 1))))))"),
            "0000: i32.and s4, s0, s1\n"
            "0004: i32.shl s0, s2, s4\n"
            "0008: return\n");
  // and commutes: the R shape becomes the L op.
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i32) (result i32)
                (i32.and (local.get 2) (i32.sub (local.get 0) (local.get 1))))))"),
            "0000: I32Sub+I32And.L s0, s0, s1, s2\n"
            "0005: return\n");
  EXPECT_EQ(Code(R"((module (func (param f32 f32 f32) (result f32)
                (f32.add (local.get 2) (f32.mul (local.get 0) (local.get 1))))))"),
            "0000: F32Mul+F32Add.R s0, s0, s1, s2\n"
            "0005: return\n");
  // Two products: the second chains with the sub, the first is the sub's left operand (c).
  EXPECT_EQ(Code(R"((module (func (param f64 f64 f64 f64) (result f64)
                (f64.sub (f64.mul (local.get 0) (local.get 1))
                         (f64.mul (local.get 2) (local.get 3))))))"),
            "0000: f64.mul s4, s0, s1\n"
            "0004: F64Mul+F64Sub.R s0, s2, s3, s4\n"
            "0009: return\n");
  // i32.sub by a constant chains as an add of the negation (c1 = -5).
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                (i32.sub (i32.mul (local.get 0) (local.get 1)) (i32.const 5)))))"),
            "0000: I32Mul+I32Add.L s0, s0, s1, c0\n"
            "0005: return\n");
  // eqz of a computed value into select: the arms swap, the eqz's operand is the condition.
  EXPECT_EQ(Code(R"((module (func (param i32 i32 i32) (result i32)
                (select (i32.add (local.get 0) (local.get 1)) (i32.mul (local.get 0) (local.get 2))
                        (i32.eqz (i32.sub (local.get 1) (local.get 2)))))))"),
            "0000: i32.add s3, s0, s1\n"
            "0004: i32.mul s4, s0, s2\n"
            "0008: i32.sub s5, s1, s2\n"
            "0012: select s0, s4, s3, s5\n"
            "0017: return\n");
}

}  // namespace
}  // namespace wr::compile
