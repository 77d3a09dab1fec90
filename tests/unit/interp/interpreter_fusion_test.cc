// The interpreter's fused ops (compile/lowering_fusion.cc, lowering_control.cc): each must
// compute what the instructions it replaces would, next to branch targets, at wrap-around and
// at the trap offsets of the instructions it stands for.
#include <algorithm>
#include <cmath>

#include "interp_fixture.h"

namespace wr::interp {
namespace {

using testing_support::InterpTest;

// The offset in `bytes` of the last byte of `pattern`'s first occurrence (a trapping opcode
// after its operands): what a trap's frame must report.
uint32_t LastByteOf(const std::vector<uint8_t>& bytes, const std::vector<uint8_t>& pattern) {
  for (size_t i = 0; i + pattern.size() <= bytes.size(); ++i) {
    if (std::memcmp(bytes.data() + i, pattern.data(), pattern.size()) == 0) {
      return static_cast<uint32_t>(i + pattern.size() - 1);
    }
  }
  ADD_FAILURE() << "pattern not found";
  return 0;
}
using testing_support::Values;

TEST_F(InterpTest, FusedCompareAndBranchAgreeWithTheCompares) {
  // Every integer compare through br_if (jump when true), if (jump when false) and as a
  // value, on pairs around the signed/unsigned edges.
  const char* ops[] = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
  std::string wat = "(module";
  for (const char* ty : {"i32", "i64"}) {
    for (const char* op : ops) {
      const std::string cmp = std::string("(") + ty + "." + op + " (local.get 0) (local.get 1))";
      const std::string params = std::string("(param ") + ty + " " + ty + ") (result i32)";
      wat += std::string(" (func (export \"v_") + ty + op + "\") " + params + " " + cmp + ")";
      wat += std::string(" (func (export \"b_") + ty + op + "\") " + params + " (block (br_if 0 " +
             cmp + ") (return (i32.const 0))) i32.const 1)";
      wat += std::string(" (func (export \"i_") + ty + op + "\") " + params + " (if (result i32) " +
             cmp + " (then i32.const 1) (else i32.const 0)))";
    }
    wat += std::string(" (func (export \"z_") + ty + "\") (param " + ty +
           ") (result i32) (block (br_if 0 (" + ty +
           ".eqz (local.get 0))) (return (i32.const 0))) "
           "i32.const 1)";
  }
  wat += ")";
  Instance* inst = Load(wat);
  ASSERT_TRUE(inst);
  const int64_t values[] = {0, 1, -1, 5, INT32_MIN, INT32_MAX, INT64_MIN, 0x1'0000'0000};
  for (const char* ty : {"i32", "i64"}) {
    const bool is32 = ty[1] == '3';
    for (const char* op : ops) {
      for (int64_t a : values) {
        for (int64_t b : values) {
          const uint64_t x = is32 ? I32(static_cast<int32_t>(a)) : I64(a);
          const uint64_t y = is32 ? I32(static_cast<int32_t>(b)) : I64(b);
          const uint64_t want = Run1(inst, std::string("v_") + ty + op, {x, y});
          EXPECT_EQ(Run1(inst, std::string("b_") + ty + op, {x, y}), want) << ty << op << a << b;
          EXPECT_EQ(Run1(inst, std::string("i_") + ty + op, {x, y}), want) << ty << op << a << b;
        }
      }
    }
    for (int64_t a : values) {
      const uint64_t x = is32 ? I32(static_cast<int32_t>(a)) : I64(a);
      const bool zero = is32 ? static_cast<uint32_t>(x) == 0 : x == 0;
      EXPECT_EQ(Run1(inst, std::string("z_") + ty, {x}), zero ? 1u : 0u) << ty << a;
    }
  }
}

TEST_F(InterpTest, ConstantsReadAtTheirPlacesAfterFoldedOnesLeaveTheArea) {
  // Constants folded into immediates (5, -1) sit before and between ones still read from the
  // area (9, the v128 and 11): each read must find its own value, in a frame entered by a
  // call (the area is copied in on entry).
  Instance* inst = Load(R"((module
    (func $f (param i32) (result i32)
      (i32.add
        (i32.div_u (i32.add (local.get 0) (i32.const 5)) (i32.const 9))
        (i32.add
          (i32.mul (i32.add (local.get 0) (i32.const -1))
                   (i32x4.extract_lane 2 (v128.const i32x4 1 2 3 4)))
          (i32.rem_u (local.get 0) (i32.const 11)))))
    (func (export "g") (param i32) (result i32) (call $f (local.get 0)))))");
  ASSERT_TRUE(inst);
  for (uint32_t x : {0u, 4u, 13u, 100u, 0xfffffffbu}) {
    const uint32_t want = (x + 5) / 9 + ((x - 1) * 3 + x % 11);
    EXPECT_EQ(Run1(inst, "g", {x}), want) << x;
  }
}

// A call zeroes the callee's locals and writes its constants in one copy of frame_init for a
// few locals, and zeroes a longer run apart; either way over what an earlier call at the same
// depth left in those slots.
TEST_F(InterpTest, CallsStartWithZeroedLocalsAndTheirConstants) {
  // $dirty fills its 40 locals with 0xff..; $few (3 locals, 30 constants: the copy of 33 goes
  // through memcpy) and $many (20 locals: zeroed apart) then sum their locals and constants.
  std::string dirty = "(func $dirty (local";
  for (int i = 0; i < 40; ++i) dirty += " i64";
  dirty += ")";
  for (int i = 0; i < 40; ++i) dirty += " (local.set " + std::to_string(i) + " (i64.const -1))";
  dirty += ")";
  std::string few = "(func $few (result i64) (local i64 i64 i64) (local.get 0)";
  for (int i = 1; i < 3; ++i) few += " (i64.add (local.get " + std::to_string(i) + "))";
  few += " (i64.add (i64.const 1))";
  for (int i = 1; i <= 30; ++i) few += " (i64.mul (i64.const " + std::to_string(1000 + i) + "))";
  few += " (i64.add (local.get 2)))";
  std::string many = "(func $many (result i64) (local";
  for (int i = 0; i < 20; ++i) many += " i64";
  many += ") (i64.const 7)";
  for (int i = 0; i < 20; ++i) many += " (i64.add (local.get " + std::to_string(i) + "))";
  many += ")";
  Instance* inst = Load("(module " + dirty + few + many +
                        R"( (func (export "few") (result i64) (call $dirty) (call $few))
                            (func (export "many") (result i64) (call $dirty) (call $many))))");
  ASSERT_TRUE(inst);
  uint64_t product = 1;  // (0 + 0 + 0 + 1) times the constants (mod 2^64), plus local 2 (0)
  for (uint64_t i = 1; i <= 30; ++i) product *= 1000 + i;
  EXPECT_EQ(Run1(inst, "few"), product);
  EXPECT_EQ(Run1(inst, "many"), 7u);
}

TEST_F(InterpTest, BitTestAndBranchAgreesWithTheAnd) {
  // i32.and into br_if (jump when nonzero) and into if (jump when zero), and the same through
  // i32.eqz (the inverse branch), against the and; an eqz'd compare likewise.
  Instance* inst = Load(R"((module
    (func (export "b") (param i32 i32) (result i32)
      (block (br_if 0 (i32.and (local.get 0) (local.get 1))) (return (i32.const 0)))
      (i32.const 1))
    (func (export "i") (param i32 i32) (result i32)
      (if (result i32) (i32.and (local.get 0) (local.get 1))
        (then (i32.const 1)) (else (i32.const 0))))
    (func (export "nb") (param i32 i32) (result i32)
      (block (br_if 0 (i32.eqz (i32.and (local.get 0) (local.get 1)))) (return (i32.const 1)))
      (i32.const 0))
    (func (export "ni") (param i32 i32) (result i32)
      (if (result i32) (i32.eqz (i32.and (local.get 0) (local.get 1)))
        (then (i32.const 0)) (else (i32.const 1))))
    (func (export "nlt") (param i32 i32) (result i32)
      (if (result i32) (i32.eqz (i32.lt_s (local.get 0) (local.get 1)))
        (then (i32.const 0)) (else (i32.const 1))))))");
  ASSERT_TRUE(inst);
  const uint32_t values[] = {0, 1, 2, 3, 0x80000000u, 0xffffffffu, 0x00010000u};
  for (uint32_t a : values) {
    for (uint32_t b : values) {
      const uint64_t want = (a & b) != 0 ? 1 : 0;
      EXPECT_EQ(Run1(inst, "b", {a, b}), want) << a << " " << b;
      EXPECT_EQ(Run1(inst, "i", {a, b}), want) << a << " " << b;
      EXPECT_EQ(Run1(inst, "nb", {a, b}), want) << a << " " << b;
      EXPECT_EQ(Run1(inst, "ni", {a, b}), want) << a << " " << b;
      EXPECT_EQ(Run1(inst, "nlt", {a, b}),
                static_cast<int32_t>(a) < static_cast<int32_t>(b) ? 1u : 0u)
          << a << " " << b;
    }
  }
}

TEST_F(InterpTest, FusedFloatCompareAndBranchAgreeWithTheCompares) {
  // Every float compare through br_if (jump when true) and if (jump when false), against the
  // compare as a value, on NaN, infinities, signed zeros and ordinary values.
  const char* ops[] = {"eq", "ne", "lt", "gt", "le", "ge"};
  std::string wat = "(module";
  for (const char* ty : {"f32", "f64"}) {
    for (const char* op : ops) {
      const std::string cmp = std::string("(") + ty + "." + op + " (local.get 0) (local.get 1))";
      const std::string params = std::string("(param ") + ty + " " + ty + ") (result i32)";
      const std::string name = std::string(ty) + op;
      wat += " (func (export \"v_" + name + "\") " + params + " " + cmp + ")";
      wat += " (func (export \"b_" + name + "\") " + params + " (block (br_if 0 " + cmp +
             ") (return (i32.const 0))) i32.const 1)";
      wat += " (func (export \"i_" + name + "\") " + params + " (if (result i32) " + cmp +
             " (then i32.const 1) (else i32.const 0)))";
    }
  }
  wat += ")";
  Instance* inst = Load(wat);
  ASSERT_TRUE(inst);
  const double values[] = {0.0, -0.0, 1.5, -2.0, INFINITY, -INFINITY, NAN};
  for (const char* ty : {"f32", "f64"}) {
    const bool is32 = ty[1] == '3';
    for (const char* op : ops) {
      const std::string name = std::string(ty) + op;
      for (double a : values) {
        for (double b : values) {
          const uint64_t x = is32 ? F32(static_cast<float>(a)) : F64(a);
          const uint64_t y = is32 ? F32(static_cast<float>(b)) : F64(b);
          const uint64_t want = Run1(inst, "v_" + name, {x, y});
          EXPECT_EQ(Run1(inst, "b_" + name, {x, y}), want) << name << " " << a << " " << b;
          EXPECT_EQ(Run1(inst, "i_" + name, {x, y}), want) << name << " " << a << " " << b;
        }
      }
    }
  }
}

TEST_F(InterpTest, JumpTablesOnALoadOrAnAndPickTheRightTarget) {
  // br_table on an i32.load and on an i32.and (fused with the table, also when the and's
  // result is kept in a local), against the index they compute: in range, past the end (the
  // default) and, for the load, out of bounds.
  Instance* inst = Load(R"((module (memory 1)
    (func (export "ld") (param i32) (result i32)
      (block (block (block (block
        (br_table 0 1 2 3 (i32.load offset=4 (local.get 0))))
        (return (i32.const 10)))
        (return (i32.const 11)))
        (return (i32.const 12)))
      (i32.const 13))
    (func (export "and") (param i32 i32) (result i32)
      (block (block (block
        (br_table 0 1 2 (i32.and (local.get 0) (local.get 1))))
        (return (i32.const 20)))
        (return (i32.const 21)))
      (i32.const 22))
    (func (export "ip") (param i32 i32) (result i32) (local i32)
      ;; the address is kept in local 2 and read again after the table
      (block (block (block
        (br_table 0 1 2 (i32.load offset=4 (local.tee 2 (i32.add (local.get 0)
                                                   (i32.shl (local.get 1) (i32.const 2)))))))
        (return (i32.add (local.get 2) (i32.const 100))))
        (return (i32.add (local.get 2) (i32.const 200))))
      (i32.add (local.get 2) (i32.const 300)))
    (func (export "andkeep") (param i32 i32) (result i32) (local i32)
      ;; the and's result is kept in local 2 and read again after the table
      (block (block (block
        (br_table 0 1 2 (local.tee 2 (i32.and (local.get 0) (local.get 1)))))
        (return (i32.add (local.get 2) (i32.const 100))))
        (return (i32.add (local.get 2) (i32.const 200))))
      (i32.add (local.get 2) (i32.const 300)))
    (func (export "set") (param i32 i32) (i32.store (local.get 0) (local.get 1)))))");
  ASSERT_TRUE(inst);
  const uint32_t indices[] = {0, 1, 2, 3, 4, 0x80000000u, 0xffffffffu};
  for (uint32_t i : indices) {
    ASSERT_TRUE(Call(inst, "set", {I32(104), i}).has_value());
    EXPECT_EQ(Run1(inst, "ld", {I32(100)}), 10u + std::min(i, 3u)) << i;
    EXPECT_EQ(Run1(inst, "and", {i, I32(-1)}), 20u + std::min(i, 2u)) << i;
    EXPECT_EQ(Run1(inst, "and", {i, I32(1)}), 20u + (i & 1)) << i;
    const uint32_t masked = i & 0x80000003u;
    EXPECT_EQ(Run1(inst, "andkeep", {i, I32(0x80000003u)}),
              masked + 100u * (1 + std::min(masked, 2u)))
        << i;
  }
  for (uint32_t i : indices) {
    ASSERT_TRUE(Call(inst, "set", {I32(1004 + 8), i}).has_value());  // 1000 + (2 << 2) + 4
    EXPECT_EQ(Run1(inst, "ip", {I32(1000), I32(2)}), 1008u + 100u * (1 + std::min(i, 2u))) << i;
  }
  // The sum wraps before the offset is added: -8 + (4 << 2) = 8, + 4.
  ASSERT_TRUE(Call(inst, "set", {I32(12), I32(1)}).has_value());
  EXPECT_EQ(Run1(inst, "ip", {I32(-8), I32(4)}), 208u);
  EXPECT_EQ(RunTrap(inst, "ip", {I32(65528), I32(1)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "ld", {I32(65532)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(Run1(inst, "ld", {I32(65528)}), 10u);  // the last four bytes, zero
}

TEST_F(InterpTest, LoadsWithAFoldedAddAddress) {
  Instance* inst = Load(R"((module (memory 1)
    (data (i32.const 16) "\01\02\03\04\85\06\07\08")
    (func (export "l32") (param i32 i32) (result i32)
      (i32.load offset=4 (i32.add (local.get 0) (local.get 1))))
    (func (export "l8s") (param i32 i32) (result i32)
      (i32.load8_s (i32.add (local.get 0) (local.get 1))))
    (func (export "l64") (param i32 i32) (result i64)
      (i64.load (i32.add (local.get 0) (local.get 1))))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "l32", {I32(10), I32(6)}), 0x08070685u);
  EXPECT_EQ(Run1(inst, "l8s", {I32(20), I32(0)}), I32(-123));
  EXPECT_EQ(Run1(inst, "l64", {I32(8), I32(8)}), 0x0807068504030201u);
  // The sum wraps to 32 bits before the offset is added: -4 + 24 = 20.
  EXPECT_EQ(Run1(inst, "l8s", {I32(-4), I32(24)}), I32(-123));
  EXPECT_EQ(RunTrap(inst, "l32", {I32(65532), I32(0)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "l64", {I32(-1), I32(0)}).code, TrapCode::MemoryOutOfBounds);
}

TEST_F(InterpTest, AddOfAConstantWrapsToThirtyTwoBits) {
  // i32.add_imm: the sum wraps, the slot's upper half stays zero (i64.extend_i32_u sees it).
  Instance* inst = Load(R"((module
    (func (export "inc") (param i32) (result i64)
      (i64.extend_i32_u (i32.add (local.get 0) (i32.const 1))))
    (func (export "dec") (param i32) (result i32) (i32.add (i32.const -1) (local.get 0)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "inc", {I32(41)}), 42u);
  EXPECT_EQ(Run1(inst, "inc", {I32(-1)}), 0u);
  EXPECT_EQ(Run1(inst, "dec", {I32(0)}), I32(-1));
  EXPECT_EQ(Run1(inst, "dec", {I32(5)}), I32(4));
}

TEST_F(InterpTest, StoresWithAFoldedAddAddress) {
  // Each stores a local or a constant at a folded address (add_addr / add_shl_addr stores),
  // then reads it back.
  Instance* inst = Load(R"((module (memory 1)
    (func (export "s32") (param i32 i32 i32) (result i32)
      (i32.store offset=4 (i32.add (local.get 0) (local.get 1)) (local.get 2))
      (i32.load offset=4 (i32.add (local.get 1) (local.get 0))))
    (func (export "s8") (param i32 i32 i32) (result i32)
      (i32.store8 (i32.add (local.get 0) (local.get 1)) (local.get 2))
      (i32.load8_u (i32.add (local.get 0) (local.get 1))))
    (func (export "s64") (param i32 i32 i64) (result i64)
      (i64.store offset=8 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 3)))
                 (local.get 2))
      (i64.load offset=8 (i32.add (local.get 0) (i32.mul (local.get 1) (i32.const 8)))))
    (func (export "s16c") (param i32 i32) (result i32)
      (i32.store16 offset=2 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 1)))
                   (i32.const 0x12345678))
      (i32.load offset=2 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 1)))))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "s32", {I32(100), I32(20), I32(0x0badf00d)}), 0x0badf00du);
  EXPECT_EQ(Run1(inst, "s8", {I32(200), I32(1), I32(0x1ff)}), 0xffu);  // only the low byte
  EXPECT_EQ(Run1(inst, "s64", {I32(64), I32(3), I64(0x0102030405060708)}), 0x0102030405060708u);
  EXPECT_EQ(Run1(inst, "s16c", {I32(300), I32(5)}), 0x5678u);
  // The sum wraps to 32 bits before the offset is added: -8 + 108 = 100, + 4.
  EXPECT_EQ(Run1(inst, "s32", {I32(-8), I32(108), I32(77)}), 77u);
  EXPECT_EQ(Run1(inst, "s64", {I32(-8), I32(1), I64(5)}), 5u);  // -8 + (1 << 3) = 0, + 8
  // Out of bounds: the last byte in range, then one past it; nothing is written on a trap.
  EXPECT_EQ(Run1(inst, "s8", {I32(65535), I32(0), I32(9)}), 9u);
  EXPECT_EQ(RunTrap(inst, "s8", {I32(65535), I32(1), I32(9)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "s32", {I32(65528), I32(1), I32(1)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "s64", {I32(65528), I32(0), I64(1)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "s16c", {I32(-2), I32(0)}).code, TrapCode::MemoryOutOfBounds);
}

TEST_F(InterpTest, AddOfAConstantAndAShiftedIndexAgreesWithTheTwoOps) {
  // `f_*`: (a + C + (b << k)) mod 2^32 folded into one load or store (add_imm_shl_addr);
  // `r_*`: the same arithmetic, the add's result kept in a local, so the two ops stay apart.
  // Results and traps must agree, including sums that wrap past 2^32 (before the offset).
  Instance* inst = Load(R"((module (memory 1)
    (data (i32.const 0) "\01\02\03\04\85\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
    (data (i32.const 65520) "\f1\f2\f3\f4\f5\f6\f7\f8\f9\fa\fb\fc\fd\fe\ff\80")
    (func (export "f_l32") (param i32 i32) (result i32)
      (i32.load offset=4 (i32.add (i32.add (local.get 0) (i32.const 2560))
                                  (i32.shl (local.get 1) (i32.const 2)))))
    (func (export "r_l32") (param i32 i32) (result i32) (local i32)
      (local.set 2 (i32.add (local.get 0) (i32.const 2560)))
      (i32.load offset=4 (i32.add (local.get 2) (i32.shl (local.get 1) (i32.const 2)))))
    (func (export "f_l8s") (param i32 i32) (result i32)
      (i32.load8_s (i32.add (i32.add (i32.const -2560) (local.get 0))
                            (i32.shl (local.get 1) (i32.const 33)))))
    (func (export "r_l8s") (param i32 i32) (result i32) (local i32)
      (local.set 2 (i32.add (i32.const -2560) (local.get 0)))
      (i32.load8_s (i32.add (local.get 2) (i32.shl (local.get 1) (i32.const 33)))))
    (func (export "f_l64") (param i32 i32) (result i64)
      (i64.load offset=2 (i32.add (i32.sub (local.get 0) (i32.const 8))
                                  (i32.shl (local.get 1) (i32.const 3)))))
    (func (export "r_l64") (param i32 i32) (result i64) (local i32)
      (local.set 2 (i32.sub (local.get 0) (i32.const 8)))
      (i64.load offset=2 (i32.add (local.get 2) (i32.shl (local.get 1) (i32.const 3)))))
    ;; The index decremented between the add and the shl (folded, the decrement run first);
    ;; the add's operand changed between them (not folded: the add reads the old value).
    (func (export "f_dec") (param i32 i32) (result i32)
      (i32.load offset=4 (i32.add (i32.add (local.get 0) (i32.const 2560))
        (i32.shl (local.tee 1 (i32.add (local.get 1) (i32.const -1))) (i32.const 2)))))
    (func (export "r_dec") (param i32 i32) (result i32) (local i32)
      (local.set 2 (i32.add (local.get 0) (i32.const 2560)))
      (local.set 1 (i32.add (local.get 1) (i32.const -1)))
      (i32.load offset=4 (i32.add (local.get 2) (i32.shl (local.get 1) (i32.const 2)))))
    (func (export "f_mv") (param i32 i32) (result i32)
      (i32.add (local.get 0) (i32.const 2560))
      (local.set 0 (i32.add (local.get 0) (i32.const 4)))
      (i32.load offset=4 (i32.add (i32.shl (local.get 1) (i32.const 2)))))
    (func (export "r_mv") (param i32 i32) (result i32) (local i32)
      (local.set 2 (i32.add (local.get 0) (i32.const 2560)))
      (local.set 0 (i32.add (local.get 0) (i32.const 4)))
      (i32.load offset=4 (i32.add (local.get 2) (i32.shl (local.get 1) (i32.const 2)))))
    ;; The value itself (i32.add_imm_shl), the constants in every position.
    (func (export "f_v1") (param i32 i32) (result i32)
      (i32.add (i32.add (local.get 0) (i32.const -2560)) (i32.shl (local.get 1) (i32.const 2))))
    (func (export "r_v1") (param i32 i32) (result i32) (local i32)
      (local.set 2 (i32.add (local.get 0) (i32.const -2560)))
      (i32.add (local.get 2) (i32.shl (local.get 1) (i32.const 2))))
    (func (export "f_v2") (param i32 i32) (result i32)
      (i32.sub (i32.add (i32.shl (local.get 1) (i32.const 3)) (i32.add (local.get 0) (i32.const 2560)))
               (i32.const 2568)))
    (func (export "r_v2") (param i32 i32) (result i32) (local i32)
      (local.set 2 (i32.shl (local.get 1) (i32.const 3)))
      (local.set 2 (i32.add (local.get 2) (i32.add (local.get 0) (i32.const 2560))))
      (i32.sub (local.get 2) (i32.const 2568)))
    (func (export "f_v3") (param i32 i32) (result i64)
      (i64.extend_i32_u (i32.add (i32.const 0x7fffffff)
        (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 31))))))
    (func (export "r_v3") (param i32 i32) (result i64) (local i32)
      (local.set 2 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 31))))
      (i64.extend_i32_u (i32.add (i32.const 0x7fffffff) (local.get 2))))
    ;; Stores: write, read back the aligned 8 bytes that hold the first byte written, then
    ;; restore them (plain ops), so that every call starts from the same memory.
    (func (export "f_s32") (param i32 i32 i32) (result i64) (local i32 i64)
      (local.set 3 (i32.and (i32.add (local.get 0) (i32.add (i32.const 2564)
        (i32.shl (local.get 1) (i32.const 2)))) (i32.const 0xfff8)))
      (local.set 4 (i64.load (local.get 3)))
      (i32.store offset=4 (i32.add (i32.add (local.get 0) (i32.const 2560))
                                   (i32.shl (local.get 1) (i32.const 2))) (local.get 2))
      (i64.load (local.get 3))
      (i64.store (local.get 3) (local.get 4)))
    (func (export "r_s32") (param i32 i32 i32) (result i64) (local i32 i64 i32)
      (local.set 3 (i32.and (i32.add (local.get 0) (i32.add (i32.const 2564)
        (i32.shl (local.get 1) (i32.const 2)))) (i32.const 0xfff8)))
      (local.set 4 (i64.load (local.get 3)))
      (local.set 5 (i32.add (local.get 0) (i32.const 2560)))
      (i32.store offset=4 (i32.add (local.get 5) (i32.shl (local.get 1) (i32.const 2)))
                 (local.get 2))
      (i64.load (local.get 3))
      (i64.store (local.get 3) (local.get 4)))
    (func (export "f_s16") (param i32 i32 i32) (result i64) (local i32 i64)
      (local.set 3 (i32.and (i32.add (local.get 0) (i32.add (i32.const -15)
        (i32.shl (local.get 1) (i32.const 1)))) (i32.const 0xfff8)))
      (local.set 4 (i64.load (local.get 3)))
      (i32.store16 offset=1 (i32.add (i32.add (local.get 0) (i32.const -16))
                                     (i32.shl (local.get 1) (i32.const 1))) (local.get 2))
      (i64.load (local.get 3))
      (i64.store (local.get 3) (local.get 4)))
    (func (export "r_s16") (param i32 i32 i32) (result i64) (local i32 i64 i32)
      (local.set 3 (i32.and (i32.add (local.get 0) (i32.add (i32.const -15)
        (i32.shl (local.get 1) (i32.const 1)))) (i32.const 0xfff8)))
      (local.set 4 (i64.load (local.get 3)))
      (local.set 5 (i32.add (local.get 0) (i32.const -16)))
      (i32.store16 offset=1 (i32.add (local.get 5) (i32.shl (local.get 1) (i32.const 1)))
                   (local.get 2))
      (i64.load (local.get 3))
      (i64.store (local.get 3) (local.get 4)))))");
  ASSERT_TRUE(inst);
  // Known values, before the stores below change memory: -2560 + 2560 wraps to 0, + (1 << 2)
  // + offset 4 = 8; -2564 + 2560 + (1 << 2) wraps to 0, + 4; 8 - 8 + 0, + 2 = 2;
  // -2560 + 2560 + 65534 + (2^31 << 1 mod 2^32 = 0) = 65534.
  EXPECT_EQ(Run1(inst, "f_l32", {I32(-2560), I32(1)}), 0x0c0b0a09u);
  EXPECT_EQ(Run1(inst, "f_l32", {I32(-2564), I32(1)}), 0x08070685u);
  EXPECT_EQ(Run1(inst, "f_l64", {I32(8), I32(0)}), 0x0a09080706850403u);
  EXPECT_EQ(Run1(inst, "f_l8s", {I32(2560 + 65534), I32(0x80000000u)}), I32(-1));
  EXPECT_EQ(RunTrap(inst, "f_l32", {I32(-2560), I32(16383)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "f_l64", {I32(65536), I32(0)}).code, TrapCode::MemoryOutOfBounds);
  // Bases and indices around 0, the end of the page and 2^32 (so that the sums wrap).
  const int64_t as[] = {0, 8, 16, 2560, -2560, -2556, 65516, 65520, 65532, 65536, -1, -8};
  const int64_t bs[] = {0, 1, 2, 3, -1, -2, 0x3fffff00, 0x40000000, 16380, 16383};
  int traps = 0, values = 0;
  auto same = [&](const std::string& op, Values args) {
    auto want = Call(inst, "r_" + op, args);
    auto got = Call(inst, "f_" + op, args);
    ASSERT_EQ(got.has_value(), want.has_value()) << op << " " << args[0] << " " << args[1];
    if (want) {
      EXPECT_EQ(*got, *want) << op << " " << args[0] << " " << args[1];
      ++values;
    } else {
      EXPECT_EQ(got.error().code, want.error().code) << op << " " << args[0] << " " << args[1];
      EXPECT_EQ(want.error().code, TrapCode::MemoryOutOfBounds);
      ++traps;
    }
  };
  for (int64_t a : as) {
    for (int64_t b : bs) {
      const Values ab = {I32(static_cast<int32_t>(a)), I32(static_cast<int32_t>(b))};
      for (const char* op : {"l32", "l8s", "l64", "dec", "mv", "v1", "v2", "v3"}) same(op, ab);
      for (const char* op : {"s32", "s16"}) same(op, {ab[0], ab[1], I32(0x5a6b7c8d)});
    }
  }
  // Both kinds of outcome occurred.
  EXPECT_GT(values, 300);
  EXPECT_GT(traps, 50);
}

TEST_F(InterpTest, FusedAddressArithmeticAndLoopOps) {
  Instance* inst = Load(R"((module (memory 1)
    (data (i32.const 16) "\01\02\03\04\85\06\07\08")
    ;; add_shl_addr: base + (index << 2) + offset, wrapping to 32 bits before the offset.
    (func (export "idx") (param i32 i32) (result i32)
      (i32.load offset=4 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))))
    ;; i32.add_shl: the shift count is taken mod 32, as i32.shl does.
    (func (export "addshl") (param i32 i32) (result i32)
      (i32.add (i32.shl (local.get 1) (i32.const 33)) (local.get 0)))
    ;; i32.sub by a constant, folded into the load's address as an add of -C.
    (func (export "sub") (param i32) (result i32)
      (i32.load8_s (i32.sub (local.get 0) (i32.const 4))))
    ;; add.BrI32Ne: counts from the first argument up to the second, wrapping.
    (func (export "count") (param i32 i32) (result i32) (local i32)
      (loop $l
        (local.set 2 (i32.add (local.get 2) (i32.const 1)))
        (br_if $l (i32.ne (local.get 1) (local.tee 0 (i32.add (local.get 0) (i32.const 1))))))
      (local.get 2))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "idx", {I32(8), I32(2)}), 0x08070685u);
  EXPECT_EQ(Run1(inst, "idx", {I32(32), I32(-4)}), 0x08070685u);  // 32 + (-4 << 2) = 16
  EXPECT_EQ(RunTrap(inst, "idx", {I32(0), I32(16383)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(Run1(inst, "addshl", {I32(1), I32(0x80000001)}), I32(3));
  EXPECT_EQ(Run1(inst, "sub", {I32(24)}), I32(-123));
  EXPECT_EQ(RunTrap(inst, "sub", {I32(3)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(Run1(inst, "count", {I32(10), I32(15)}), I32(5));
  EXPECT_EQ(Run1(inst, "count", {I32(-2), I32(1)}), I32(3));
  // add.BrI64LtS: a signed 64-bit bound (unsigned, -2 < -1 < 2 would not stop at 2).
  Instance* wide = Load(R"((module
    (func (export "steps") (param i64 i64 i64) (result i32) (local i32)
      (loop $l
        (local.set 3 (i32.add (local.get 3) (i32.const 1)))
        (br_if $l (i64.lt_s (local.tee 0 (i64.add (local.get 0) (local.get 2))) (local.get 1))))
      (local.get 3))))");
  ASSERT_TRUE(wide);
  EXPECT_EQ(Run1(wide, "steps", {I64(0), I64(10), I64(3)}), I32(4));
  EXPECT_EQ(Run1(wide, "steps", {I64(-10), I64(-1), I64(4)}), I32(3));
}

TEST_F(InterpTest, ChainedOpsComputeWhatTheTwoOpsWould) {
  Instance* inst = Load(R"((module
    (func (export "muladd") (param f64 f64 f64) (result f64)
      (f64.add (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
    (func (export "submul") (param f64 f64 f64) (result f64)
      (f64.sub (local.get 2) (f64.mul (local.get 0) (local.get 1))))
    (func (export "madd32") (param f32 f32 f32) (result f32)
      (f32.add (local.get 2) (f32.mul (local.get 0) (local.get 1))))
    (func (export "shland") (param i32 i32) (result i32)
      (i32.and (i32.shl (local.get 0) (local.get 1)) (i32.const 0xff00)))
    (func (export "mixadd") (param i64 i64 i64) (result i64)
      (i64.add (local.get 2) (i64.mul (local.get 0) (local.get 1))))
    (func (export "sel32") (param i32 i32 i32) (result i32)
      (select (local.get 0) (local.get 1) (i32.eqz (local.get 2))))
    (func (export "sel64") (param i32 i32 i64) (result i32)
      (select (local.get 0) (local.get 1) (i64.eqz (local.get 2))))
    (func (export "seland") (param i32 i32 i32 i32) (result i32)
      (select (local.get 0) (local.get 1) (i32.and (local.get 2) (local.get 3))))
    (func (export "sel64and") (param i64 i64 i64 i64) (result i64)
      (select (local.get 0) (local.get 1) (i64.eqz (i64.and (local.get 2) (local.get 3)))))))");
  ASSERT_TRUE(inst);
  auto f64 = [](double d) { return std::bit_cast<uint64_t>(d); };
  auto f32 = [](float f) { return uint64_t{std::bit_cast<uint32_t>(f)}; };
  // 0.1 * 3 rounds before the add: an fma would give 0.30000000000000004 - 0.3 exactly.
  EXPECT_EQ(Run1(inst, "muladd", {f64(0.1), f64(3.0), f64(-0.3)}), f64(0.1 * 3.0 - 0.3));
  EXPECT_EQ(Run1(inst, "submul", {f64(2.0), f64(3.0), f64(10.0)}), f64(4.0));
  EXPECT_EQ(Run1(inst, "madd32", {f32(1.5f), f32(2.0f), f32(0.25f)}), f32(3.25f));
  EXPECT_EQ(Run1(inst, "shland", {I32(0x12345), I32(36)}), I32(0x3400));    // shift mod 32
  EXPECT_EQ(Run1(inst, "mixadd", {I64(1) << 62, I64(4), I64(7)}), I64(7));  // wraps
  EXPECT_EQ(Run1(inst, "sel32", {I32(1), I32(2), I32(0)}), I32(1));
  EXPECT_EQ(Run1(inst, "sel32", {I32(1), I32(2), I32(5)}), I32(2));
  EXPECT_EQ(Run1(inst, "sel64", {I32(1), I32(2), I64(0)}), I32(1));
  EXPECT_EQ(Run1(inst, "sel64", {I32(1), I32(2), I64(1) << 32}), I32(2));  // high bits count
  EXPECT_EQ(Run1(inst, "seland", {I32(1), I32(2), I32(6), I32(3)}), I32(1));
  EXPECT_EQ(Run1(inst, "seland", {I32(1), I32(2), I32(6), I32(9)}), I32(2));
  EXPECT_EQ(Run1(inst, "seland", {I32(1), I32(2), I32(0x80000000u), I32(-1)}), I32(1));
  EXPECT_EQ(Run1(inst, "sel64and", {I64(1), I64(2), I64(6), I64(3)}), I64(2));  // eqz swaps
  EXPECT_EQ(Run1(inst, "sel64and", {I64(1), I64(2), I64(6), I64(9)}), I64(1));
  // Only the high halves overlap: nonzero.
  EXPECT_EQ(Run1(inst, "sel64and", {I64(1), I64(2), I64(3) << 40, I64(1) << 41}), I64(2));
}

TEST_F(InterpTest, FusionsNextToBranchTargetsKeepTheirMeaning) {
  // Each function has a would-be fused pair with a branch target between the two ops (or a
  // value with another reader); both paths of every branch are taken.
  Instance* inst = Load(R"((module
    (func (export "loopfirst") (param i32 i32 i32) (result i32) (local i32)
      (i32.mul (local.get 0) (local.get 1))
      (loop $l (param i32) (result i32)
        (i32.add (local.get 2))
        (local.set 3 (i32.add (local.get 3) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get 3) (i32.const 4)))))
    (func (export "blockbr") (param i32 i32 i32) (result i32)
      (block $b (result i32)
        (i32.shl (local.get 0) (i32.const 3))
        (br_if $b (local.get 2))
        (drop)
        (i32.shl (local.get 1) (i32.const 2)))
      (local.get 0) (i32.and))
    (func (export "ifnoelse") (param i32 i32 i32) (result i32)
      (i32.shl (local.get 0) (i32.const 2))
      (if (param i32) (result i32) (local.get 2) (then (i32.xor (local.get 1))))
      (local.get 1) (i32.and))
    (func (export "brtable") (param i32 i32 i32) (result i32)
      (block $o (result i32)
        (block $i (result i32)
          (i32.mul (local.get 0) (local.get 1))
          (br_table $i $o (local.get 2)))
        (local.get 0) (i32.add)))
    (func (export "brifval") (param i32 i32 i32) (result i32)
      (block $b (result i32)
        (i32.mul (local.get 0) (local.get 1))
        (local.get 0)
        (br_if $b (local.get 2))
        (i32.add)))
    (func (export "addne_loop") (param i32 i32 i32) (result i32)
      (block $out
        (i32.add (local.get 0) (i32.const 1))
        (loop $l (param i32)
          (br_if $out (i32.ne (local.get 1)))
          (local.set 2 (i32.add (local.get 2) (i32.const 1)))
          (br_if $out (i32.gt_u (local.get 2) (i32.const 5)))
          (br $l (i32.mul (local.get 2) (i32.const 3)))))
      (local.get 2))
    (func (export "loopend") (param i32 i32 i32) (result i32) (local i32)
      (loop $l (result i32)
        (local.set 3 (i32.add (local.get 3) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get 3) (local.get 2)))
        (i32.mul (local.get 0) (local.get 1)))
      (local.get 3) (i32.add))
    (func (export "lazybelow") (param i32 i32 i32) (result i32)
      (local.get 0)
      (local.set 0 (i32.add (i32.mul (local.get 1) (local.get 2)) (local.get 0)))
      (local.get 0) (i32.sub))
    (func (export "selalias") (param i32 i32 i32) (result i32)
      (select (local.get 0) (local.get 1) (i32.eqz (local.get 0))))
    (func (export "count_self") (param i32 i32 i32) (result i32) (local i32)
      (loop $l
        (local.set 3 (i32.add (local.get 3) (i32.const 1)))
        (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (local.get 0))))
      (i32.add (i32.mul (local.get 3) (i32.const 1000)) (local.get 0)))
    (func (export "count_fwd") (param i32 i32 i32) (result i32) (local i32)
      (block $out
        (loop $l
          (local.set 3 (i32.add (local.get 3) (i32.const 1)))
          (br_if $out (i32.ne (local.tee 0 (i32.add (local.get 0) (local.get 2))) (local.get 1)))
          (br_if $l (i32.lt_u (local.get 3) (i32.const 10)))))
      (i32.add (i32.mul (local.get 3) (i32.const 1000)) (local.get 0)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "loopfirst", {I32(3), I32(5), I32(1)}), I32(19));  // 3 * 5 + 4 * 1
  EXPECT_EQ(Run1(inst, "loopfirst", {I32(7), I32(-3), I32(1)}), I32(-17));
  EXPECT_EQ(Run1(inst, "blockbr", {I32(7), I32(3), I32(1)}), I32(0));   // (7 << 3) & 7
  EXPECT_EQ(Run1(inst, "blockbr", {I32(7), I32(3), I32(0)}), I32(4));   // (3 << 2) & 7
  EXPECT_EQ(Run1(inst, "ifnoelse", {I32(3), I32(5), I32(1)}), I32(1));  // (12 ^ 5) & 5
  EXPECT_EQ(Run1(inst, "ifnoelse", {I32(3), I32(5), I32(0)}), I32(4));  // 12 & 5
  EXPECT_EQ(Run1(inst, "brtable", {I32(3), I32(5), I32(0)}), I32(18));  // 15 + 3
  EXPECT_EQ(Run1(inst, "brtable", {I32(3), I32(5), I32(1)}), I32(15));
  EXPECT_EQ(Run1(inst, "brifval", {I32(3), I32(5), I32(1)}), I32(3));
  EXPECT_EQ(Run1(inst, "brifval", {I32(3), I32(5), I32(0)}), I32(18));
  // 4 + 1 == 5: on to the back edge with 1 * 3, which differs from 5.
  EXPECT_EQ(Run1(inst, "addne_loop", {I32(4), I32(5), I32(0)}), I32(1));
  EXPECT_EQ(Run1(inst, "addne_loop", {I32(4), I32(3), I32(1)}), I32(1));  // 5 != 3 at once
  EXPECT_EQ(Run1(inst, "addne_loop", {I32(2), I32(3), I32(0)}), I32(2));  // 3, then 3: twice
  EXPECT_EQ(Run1(inst, "addne_loop", {I32(0), I32(7), I32(0)}), I32(0));
  EXPECT_EQ(Run1(inst, "loopend", {I32(3), I32(5), I32(4)}), I32(19));
  EXPECT_EQ(Run1(inst, "loopend", {I32(3), I32(5), I32(0)}), I32(16));
  EXPECT_EQ(Run1(inst, "lazybelow", {I32(10), I32(3), I32(4)}), I32(-12));
  EXPECT_EQ(Run1(inst, "selalias", {I32(0), I32(9), I32(0)}), I32(0));
  EXPECT_EQ(Run1(inst, "selalias", {I32(-1), I32(9), I32(0)}), I32(9));
  // The sum is also the limit: never equal, so one pass.
  EXPECT_EQ(Run1(inst, "count_self", {I32(-1), I32(0), I32(0)}), I32(1000));
  EXPECT_EQ(Run1(inst, "count_fwd", {I32(1), I32(7), I32(2)}), I32(1003));
  EXPECT_EQ(Run1(inst, "count_fwd", {I32(1), I32(3), I32(2)}), I32(2005));
  EXPECT_EQ(Run1(inst, "count_fwd", {I32(5), I32(5), I32(0)}), I32(10005));
}

TEST_F(InterpTest, BackEdgesPastLoopHeadCopiesKeepTheirMeaning) {
  // "skip": the back edge's s1 := s2 makes the head's s2 := s1 redundant (it lands past it);
  // entering the loop still runs it. "keep": the back edge then sets s2 := n, which the head's
  // s2 := s1 must undo: acc adds 5 per pass, not n-1, n-2, ...
  Instance* inst = Load(R"((module
    (func (export "skip") (param i32) (result i32) (local i32 i32 i32)
      (local.set 1 (i32.const 5))
      (loop $l
        (local.set 2 (local.get 1))
        (local.set 3 (i32.add (local.get 3) (local.get 2)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (if (local.get 0) (then (local.set 1 (local.get 2)) (br $l))))
      (i32.add (local.get 3) (local.get 2)))
    (func (export "keep") (param i32) (result i32) (local i32 i32 i32)
      (local.set 1 (i32.const 5))
      (loop $l
        (local.set 2 (local.get 1))
        (local.set 3 (i32.add (local.get 3) (local.get 2)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (if (local.get 0)
          (then (local.set 1 (local.get 2)) (local.set 2 (local.get 0)) (br $l))))
      (local.get 3))))");
  ASSERT_TRUE(inst);
  for (int32_t n : {1, 2, 3, 10}) {
    EXPECT_EQ(Run1(inst, "skip", {I32(n)}), I32(5 * n + 5)) << n;
    EXPECT_EQ(Run1(inst, "keep", {I32(n)}), I32(5 * n)) << n;
  }
}

TEST_F(InterpTest, BackEdgeCopiesDroppedOnlyWhenTheHeadOverwritesTheirSlot) {
  // "dead": the head resets r before reading it, so the back edge's r := t goes; the result
  // is the last pass's reset value. "read": the head reads r first (t = r + 1): r := t must
  // run, t counts the passes (8 on every pass after the first if it did not). "pair": of
  // b := c; a := b the first is dead at the head but the second reads it: a takes c (the
  // product), not the head's 7.
  Instance* inst = Load(R"((module
    (func (export "dead") (param i32) (result i32) (local i32 i32)
      (loop $l
        (local.set 2 (i32.add (local.get 0) (i32.const 1)))
        (local.set 1 (i32.const 7))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (if (local.get 0) (then (local.set 1 (local.get 2)) (br $l))))
      (i32.add (local.get 1) (local.get 2)))
    (func (export "read") (param i32) (result i32) (local i32 i32)
      (loop $l
        (local.set 2 (i32.add (local.get 1) (i32.const 1)))
        (local.set 1 (i32.const 7))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (if (local.get 0) (then (local.set 1 (local.get 2)) (br $l))))
      (local.get 2))
    (func (export "pair") (param i32) (result i32) (local i32 i32 i32)
      (local.set 1 (i32.const 1))
      (loop $l
        (local.set 3 (i32.mul (local.get 1) (local.get 0)))
        (local.set 2 (i32.const 7))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (if (local.get 0) (then (local.set 2 (local.get 3)) (local.set 1 (local.get 2))
          (br $l))))
      (i32.add (local.get 3) (local.get 1)))))");
  ASSERT_TRUE(inst);
  // pair(n): a = n!/(n - k)! after k passes; the last pass has c = a * 1, so c + a = 2 * n!.
  const int32_t pair_expected[] = {0, 2, 4, 12, 48, 240};
  for (int32_t n : {1, 2, 3, 4, 5}) {
    EXPECT_EQ(Run1(inst, "dead", {I32(n)}), I32(7 + 2)) << n;
    EXPECT_EQ(Run1(inst, "read", {I32(n)}), I32(n)) << n;
    EXPECT_EQ(Run1(inst, "pair", {I32(n)}), I32(pair_expected[n])) << n;
  }
}

TEST_F(InterpTest, FusedOpsWriteCleanI32SlotsAndWrapping) {
  // Run1 returns the whole result slot: an i32 result must have its upper 32 bits zero.
  Instance* inst = Load(R"((module
    (func (export "chain") (param i32 i32 i32) (result i32)
      (i32.add (i32.mul (local.get 0) (local.get 1)) (local.get 2)))
    (func (export "chainr") (param i32 i32 i32) (result i32)
      (i32.and (local.get 2) (i32.sub (local.get 0) (local.get 1))))
    (func (export "addshl") (param i32 i32) (result i32)
      (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 31))))
    (func (export "subc") (param i32) (result i32) (i32.sub (local.get 0) (i32.const 0x80000000)))
    (func (export "count") (param i32 i32) (result i32)
      (loop $l (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const -1)))
                                 (local.get 1))))
      (local.get 0))
    (func (export "i64chain") (param i64 i64 i64) (result i64)
      (i64.add (local.get 2) (i64.mul (local.get 0) (local.get 1))))
    (func (export "sel") (param i32 i32 i64) (result i32)
      (select (local.get 0) (local.get 1) (i64.eqz (local.get 2))))
    (func (export "f64chain") (param f64 f64 f64) (result f64)
      (f64.sub (local.get 2) (f64.add (local.get 0) (local.get 1))))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "chain", {I32(0x10000), I32(0x10000), I32(-1)}), I32(-1));
  EXPECT_EQ(Run1(inst, "chain", {I32(-1), I32(-1), I32(-1)}), I32(0));
  EXPECT_EQ(Run1(inst, "chainr", {I32(0), I32(1), I32(-1)}), I32(-1));
  EXPECT_EQ(Run1(inst, "addshl", {I32(-1), I32(1)}), I32(0x7fffffff));
  EXPECT_EQ(Run1(inst, "subc", {I32(0x80000001)}), I32(1));
  EXPECT_EQ(Run1(inst, "subc", {I32(5)}), I32(0x80000005));
  EXPECT_EQ(Run1(inst, "count", {I32(2), I32(-3)}), I32(-3));
  EXPECT_EQ(Run1(inst, "i64chain", {I64(1) << 32, I64(1) << 32, I64(-1)}), I64(-1));
  EXPECT_EQ(Run1(inst, "sel", {I32(-1), I32(-2), I64(0)}), I32(-1));
  EXPECT_EQ(Run1(inst, "sel", {I32(-1), I32(-2), I64(1) << 63}), I32(-2));
  // c - (a + b), not (a + b) - c.
  EXPECT_EQ(Run1(inst, "f64chain", {F64(1), F64(2), F64(10)}), F64(7));
  EXPECT_EQ(Run1(inst, "f64chain", {F64(1e308), F64(1e308), F64(1)}),
            I64(0xfff0000000000000));  // -inf
}

TEST_F(InterpTest, FusedLoadsTrapAtTheLoadsOffset) {
  // The trap's offset is that of the load, not of the folded shl/add/sub before it; ops
  // after a fused counted loop still map to their own offsets.
  const std::string_view wat = R"((module (memory 1)
    (func (export "idx") (param i32 i32) (result i32)
      (i32.load offset=4 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))))
    (func (export "sub") (param i32) (result i32)
      (i32.load16_u offset=2 (i32.sub (local.get 0) (i32.const 4))))
    (func (export "div") (param i32 i32 i32) (result i32)
      (loop $l (br_if $l (i32.ne (local.tee 1 (i32.add (local.get 1) (i32.const 1)))
                                 (local.get 0))))
      (i32.div_u (local.get 1) (local.get 2)))
    ;; add_imm_shl_addr, the division run before it (moved over the folded add).
    (func (export "immdiv") (param i32 i32 i32) (result i32)
      (i32.load offset=4 (i32.add (i32.add (local.get 0) (i32.const 16))
        (i32.shl (i32.div_u (local.get 2) (local.get 1)) (i32.const 3)))))))";
  auto bytes = text::ParseWat(wat);
  ASSERT_TRUE(bytes.has_value());
  // The offset of the pattern's last byte (the trapping opcode) in the module.
  auto find = [&](const std::vector<uint8_t>& pattern) { return LastByteOf(*bytes, pattern); };
  // local.get 0, local.get 1, i32.const 2, i32.shl, i32.add, i32.load
  const uint32_t idx_load = find({0x20, 0x00, 0x20, 0x01, 0x41, 0x02, 0x74, 0x6a, 0x28});
  // local.get 0, i32.const 4, i32.sub, i32.load16_u
  const uint32_t sub_load = find({0x20, 0x00, 0x41, 0x04, 0x6b, 0x2f});
  // local.get 1, local.get 2, i32.div_u
  const uint32_t div = find({0x20, 0x01, 0x20, 0x02, 0x6e});
  // local.get 2, local.get 1, i32.div_u; then i32.const 3, i32.shl, i32.add, i32.load
  const uint32_t immdiv_div = find({0x20, 0x02, 0x20, 0x01, 0x6e});
  const uint32_t immdiv_load = find({0x41, 0x03, 0x74, 0x6a, 0x28});
  Instance* inst = Load(wat);
  ASSERT_TRUE(inst);
  EXPECT_TRUE(
      TrapsAt(RunTrap(inst, "idx", {I32(0), I32(16383)}), TrapCode::MemoryOutOfBounds, idx_load));
  EXPECT_TRUE(TrapsAt(RunTrap(inst, "sub", {I32(2)}), TrapCode::MemoryOutOfBounds, sub_load));
  EXPECT_TRUE(
      TrapsAt(RunTrap(inst, "div", {I32(3), I32(0), I32(0)}), TrapCode::IntegerDivideByZero, div));
  EXPECT_EQ(Run1(inst, "div", {I32(6), I32(0), I32(2)}), I32(3));
  EXPECT_TRUE(TrapsAt(RunTrap(inst, "immdiv", {I32(0), I32(0), I32(1)}),
                      TrapCode::IntegerDivideByZero, immdiv_div));
  // 0 + (8192 << 3) + 4 = 64 KiB + 4
  EXPECT_TRUE(TrapsAt(RunTrap(inst, "immdiv", {I32(-16), I32(1), I32(8192)}),
                      TrapCode::MemoryOutOfBounds, immdiv_load));
  EXPECT_EQ(Run1(inst, "immdiv", {I32(-16), I32(1), I32(8191)}), 0u);  // the page's last 4 bytes
}

TEST_F(InterpTest, CallsFusedWithTheirArgumentCopiesPassAndReportLikeCalls) {
  // copy.copy.call (both arguments copied from locals, swapped), copy.call (the second
  // copied, the first computed in place) and copy.copy.call joining a local.set's copy with
  // the argument's: the callee sees the arguments in order, and a trap in it names the
  // caller's call instruction in the backtrace, not the first copy's instruction.
  const std::string_view wat = R"((module
    (func $div (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
    (func $inv (param i32) (result i32) (i32.div_u (i32.const 100) (local.get 0)))
    (func (export "swapped") (param i32 i32) (result i32)
      (call $div (local.get 1) (local.get 0)))
    (func (export "computed") (param i32 i32) (result i32)
      (call $div (i32.mul (local.get 0) (local.get 0)) (local.get 1)))
    ;; copy.copy.call: the local.set's copy, the argument's, the call.
    (func (export "paired") (param i32 i32) (result i32)
      (local.set 1 (local.get 0))
      (call $inv (local.get 1)))))";
  auto bytes = text::ParseWat(wat);
  ASSERT_TRUE(bytes.has_value());
  auto find = [&](const std::vector<uint8_t>& pattern) { return LastByteOf(*bytes, pattern); };
  const uint32_t div = find({0x20, 0x00, 0x20, 0x01, 0x6e});
  const uint32_t inv = find({0x41, 0xe4, 0x00, 0x20, 0x00, 0x6e});
  // local.get 1, local.get 0, call; i32.mul, local.get 1, call
  const uint32_t swapped_call = find({0x20, 0x01, 0x20, 0x00, 0x10});
  const uint32_t computed_call = find({0x6c, 0x20, 0x01, 0x10});
  const uint32_t paired_call = find({0x21, 0x01, 0x20, 0x01, 0x10});
  Instance* inst = Load(wat);
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "swapped", {I32(3), I32(100)}), I32(33));
  EXPECT_EQ(Run1(inst, "computed", {I32(10), I32(7)}), I32(14));
  EXPECT_EQ(Run1(inst, "paired", {I32(7), I32(0)}), I32(14));  // 100 / 7
  for (const auto& [name, call] :
       {std::pair{"swapped", swapped_call}, {"computed", computed_call}, {"paired", paired_call}}) {
    const Trap t = RunTrap(inst, name, {I32(0), I32(0)});
    EXPECT_EQ(t.code, TrapCode::IntegerDivideByZero) << name;
    ASSERT_EQ(t.frames.size(), 2u) << name;
    EXPECT_EQ(t.frames[0].offset, name == std::string_view("paired") ? inv : div) << name;
    EXPECT_EQ(t.frames[1].offset, call) << name;
  }
}

TEST_F(InterpTest, LoadsComparedAndBranchedOnAgreeWithTheSeparateOps) {
  // Each fused load+branch (plain and add_addr, byte and word, == and !=, the value on either
  // side, in a br_if and in an if) against memory set to the compared value, to another one,
  // and out of bounds (the trap at the load's offset). The add_addr address wraps at 32 bits
  // before the offset is added.
  const std::string_view wat = R"((module (memory 1)
    (func (export "set") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
    (func (export "ne8") (param i32 i32) (result i32)
      (block (br_if 0 (i32.ne (i32.load8_u offset=1 (local.get 0)) (local.get 1)))
        (return (i32.const 1)))
      (i32.const 0))
    (func (export "eq32") (param i32 i32 i32) (result i32)
      (block (br_if 0 (i32.eq (local.get 2) (i32.load offset=4 (i32.add (local.get 0) (local.get 1)))))
        (return (i32.const 0)))
      (i32.const 1))
    (func (export "if8") (param i32 i32 i32) (result i32)
      (if (result i32) (i32.eq (i32.load8_u (i32.add (local.get 0) (local.get 1))) (local.get 2))
        (then (i32.const 1)) (else (i32.const 0))))))";
  auto bytes = text::ParseWat(wat);
  ASSERT_TRUE(bytes.has_value());
  auto find = [&](const std::vector<uint8_t>& pattern) { return LastByteOf(*bytes, pattern); };
  const uint32_t ne8_load = find({0x20, 0x00, 0x2d});         // local.get 0, i32.load8_u
  const uint32_t eq32_load = find({0x20, 0x01, 0x6a, 0x28});  // i32.add, i32.load
  const uint32_t if8_load = find({0x20, 0x01, 0x6a, 0x2d});   // i32.add, i32.load8_u
  Instance* inst = Load(wat);
  ASSERT_TRUE(inst);
  ASSERT_TRUE(Call(inst, "set", {I32(100), I32(0x8a5a3c01)}).has_value());  // bytes 01 3c 5a 8a
  EXPECT_EQ(Run1(inst, "ne8", {I32(100), I32(0x3c)}), 1u);
  EXPECT_EQ(Run1(inst, "ne8", {I32(100), I32(0x13c)}), 0u);  // compared as i32, not as a byte
  EXPECT_EQ(Run1(inst, "ne8", {I32(101), I32(0x3c)}), 0u);
  EXPECT_EQ(Run1(inst, "eq32", {I32(90), I32(6), I32(0x8a5a3c01)}), 1u);
  EXPECT_EQ(Run1(inst, "eq32", {I32(90), I32(6), I32(0x8a5a3c02)}), 0u);
  EXPECT_EQ(Run1(inst, "eq32", {I32(-4), I32(100), I32(0x8a5a3c01)}), 1u);  // wraps to 96
  EXPECT_EQ(Run1(inst, "if8", {I32(100), I32(3), I32(0x8a)}), 1u);
  EXPECT_EQ(Run1(inst, "if8", {I32(100), I32(3), I32(0x5a)}), 0u);
  EXPECT_TRUE(
      TrapsAt(RunTrap(inst, "ne8", {I32(65535), I32(0)}), TrapCode::MemoryOutOfBounds, ne8_load));
  EXPECT_TRUE(TrapsAt(RunTrap(inst, "eq32", {I32(65528), I32(5), I32(0)}),
                      TrapCode::MemoryOutOfBounds, eq32_load));
  EXPECT_EQ(Run1(inst, "eq32", {I32(65528), I32(0), I32(0)}), 1u);  // the last four bytes
  // wraps to 65536
  EXPECT_TRUE(TrapsAt(RunTrap(inst, "if8", {I32(-1), I32(65537), I32(0)}),
                      TrapCode::MemoryOutOfBounds, if8_load));
}

TEST_F(InterpTest, ReadModifyWritesAtAnAddOfAConstantAgreeWithTheSeparateOps) {
  // add_imm.<rmw>: the cell at (a + C mod 2^32) + offset gets op(cell, v), the local gets
  // a + C; v computed before the add in the code (a chain) runs first. Out of bounds traps at
  // the load's offset, with the cell unchanged.
  const std::string_view wat = R"((module (memory 1)
    (func (export "get") (param i32) (result i64) (i64.load (local.get 0)))
    (func (export "put") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
    (func (export "addf") (param i32 f64 f64) (result i32) (local i32)
      (f64.store offset=8 (local.tee 3 (i32.add (local.get 0) (i32.const 32)))
        (f64.add (f64.mul (local.get 1) (local.get 2)) (f64.load offset=8 (local.get 3))))
      (local.get 3))
    (func (export "addi") (param i32 i32) (result i32) (local i32)
      (i32.store (local.tee 2 (i32.add (local.get 0) (i32.const -16)))
        (i32.add (i32.load (local.get 2)) (local.get 1)))
      (local.get 2))))";
  auto bytes = text::ParseWat(wat);
  ASSERT_TRUE(bytes.has_value());
  auto find = [&](const std::vector<uint8_t>& pattern) { return LastByteOf(*bytes, pattern); };
  const uint32_t addf_load = find({0x20, 0x03, 0x2b});  // local.get 3, f64.load
  Instance* inst = Load(wat);
  ASSERT_TRUE(inst);
  auto f64 = [](double d) { return std::bit_cast<uint64_t>(d); };
  ASSERT_TRUE(Call(inst, "put", {I32(140), f64(1.5)}).has_value());
  EXPECT_EQ(Run1(inst, "addf", {I32(100), f64(2.0), f64(3.0)}), I32(132));
  EXPECT_EQ(Run1(inst, "get", {I32(140)}), f64(7.5));
  ASSERT_TRUE(Call(inst, "put", {I32(16), I64(40)}).has_value());
  EXPECT_EQ(Run1(inst, "addi", {I32(32), I32(2)}), I32(16));
  EXPECT_EQ(Run1(inst, "get", {I32(16)}), I64(42));
  // 8 - 16 wraps to 2^32 - 8: out of bounds, not address -8 + 2^32 folded away.
  EXPECT_EQ(RunTrap(inst, "addi", {I32(8), I32(1)}).code, TrapCode::MemoryOutOfBounds);
  // 0xfffffff0 + 32 wraps to 16: the cell at 16 + 8.
  ASSERT_TRUE(Call(inst, "put", {I32(24), f64(1.0)}).has_value());
  EXPECT_EQ(Run1(inst, "addf", {I32(-16), f64(1.0), f64(1.0)}), I32(16));
  EXPECT_EQ(Run1(inst, "get", {I32(24)}), f64(2.0));
  // 65532 + 8: out of bounds
  EXPECT_TRUE(TrapsAt(RunTrap(inst, "addf", {I32(65500), f64(1.0), f64(1.0)}),
                      TrapCode::MemoryOutOfBounds, addf_load));
}

TEST_F(InterpTest, LoadsFeedingOpsAndOpsFeedingStores) {
  // load+op (L and R, plain and add_addr addresses), op+store, and the read-modify-write that
  // joins both, each against the values the separate instructions give.
  Instance* inst = Load(R"((module (memory 1)
    (func (export "ld_sub_r") (param i32 f64) (result f64)
      (f64.sub (local.get 1) (f64.load offset=8 (local.get 0))))
    (func (export "ld_sub_l") (param i32 f64) (result f64)
      (f64.sub (f64.load offset=8 (local.get 0)) (local.get 1)))
    (func (export "ld_add_i32") (param i32 i32) (result i32)
      (i32.add (local.get 1) (i32.load (local.get 0))))
    (func (export "aa_mul32") (param i32 i32 f32) (result f32)
      (f32.mul (f32.load offset=4 (i32.add (local.get 0) (local.get 1))) (local.get 2)))
    (func (export "op_store") (param i32 f64 f64) (result f64)
      (f64.store offset=8 (local.get 0) (f64.sub (local.get 1) (local.get 2)))
      (f64.load offset=8 (local.get 0)))
    (func (export "op_store_i32") (param i32 i32 i32) (result i32)
      (i32.store (local.get 0) (i32.sub (local.get 1) (local.get 2)))
      (i32.load (local.get 0)))
    (func (export "op_store8") (param i32 i32 i32) (result i32)
      (i32.store8 offset=1 (local.get 0) (i32.add (local.get 1) (local.get 2)))
      (i32.load (local.get 0)))
    (func (export "rmw_sub_r") (param i32 f64) (result f64)
      (f64.store offset=8 (local.get 0) (f64.sub (local.get 1) (f64.load offset=8 (local.get 0))))
      (f64.load offset=8 (local.get 0)))
    (func (export "rmw_add_i64") (param i32 i64) (result i64)
      (i64.store (local.get 0) (i64.add (i64.load (local.get 0)) (local.get 1)))
      (i64.load (local.get 0)))
    (func (export "set64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
    (func (export "get64") (param i32) (result i64) (i64.load (local.get 0)))))");
  ASSERT_TRUE(inst);
  auto f64 = [](double d) { return std::bit_cast<uint64_t>(d); };
  auto f32 = [](float f) { return uint64_t{std::bit_cast<uint32_t>(f)}; };
  auto set64 = [&](int32_t at, uint64_t v) {
    EXPECT_TRUE(Call(inst, "set64", {I32(at), v}).has_value());
  };
  set64(108, f64(2.5));
  EXPECT_EQ(Run1(inst, "ld_sub_r", {I32(100), f64(10.0)}), f64(7.5));   // 10 - 2.5
  EXPECT_EQ(Run1(inst, "ld_sub_l", {I32(100), f64(10.0)}), f64(-7.5));  // 2.5 - 10
  set64(200, I64(0x00000000fffffffe));
  EXPECT_EQ(Run1(inst, "ld_add_i32", {I32(200), I32(5)}), I32(3));  // wraps to 32 bits
  set64(300, I64(std::bit_cast<uint32_t>(1.5f)));
  EXPECT_EQ(Run1(inst, "aa_mul32", {I32(296), I32(0), f32(3.0f)}), f32(4.5f));
  EXPECT_EQ(Run1(inst, "aa_mul32", {I32(-4), I32(300), f32(2.0f)}), f32(3.0f));  // the sum wraps
  EXPECT_EQ(Run1(inst, "op_store", {I32(400), f64(1.0), f64(0.25)}), f64(0.75));
  EXPECT_EQ(Run1(inst, "op_store_i32", {I32(500), I32(1), I32(3)}), I32(-2));
  // Only the low byte of 0x1ff + 0x102 = 0x301 is stored, at 801, next to 500's old -2.
  EXPECT_EQ(Run1(inst, "op_store8", {I32(800), I32(0x1ff), I32(0x102)}), I32(0x0100));
  EXPECT_EQ(Run1(inst, "op_store8", {I32(500), I32(0x1ff), I32(0x102)}), I32(0xffff01fe));
  set64(608, f64(4.0));
  EXPECT_EQ(Run1(inst, "rmw_sub_r", {I32(600), f64(1.0)}), f64(-3.0));  // 1 - 4
  EXPECT_EQ(Run1(inst, "rmw_sub_r", {I32(600), f64(1.0)}), f64(4.0));   // 1 - (-3)
  set64(700, I64(-1));
  EXPECT_EQ(Run1(inst, "rmw_add_i64", {I32(700), I64(2)}), I64(1));  // wraps to 64 bits
  // Out of bounds: each traps, and nothing is written. The last in-bounds f64 is at 65528.
  set64(65528, f64(1.0));
  EXPECT_EQ(RunTrap(inst, "ld_sub_r", {I32(65521), f64(0.0)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "aa_mul32", {I32(65532), I32(1), f32(1.0f)}).code,
            TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "op_store", {I32(65521), f64(1.0), f64(2.0)}).code,
            TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "rmw_sub_r", {I32(65521), f64(1.0)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "rmw_add_i64", {I32(65529), I64(1)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(Run1(inst, "get64", {I32(65528)}), f64(1.0));
  EXPECT_EQ(Run1(inst, "rmw_sub_r", {I32(65520), f64(3.0)}), f64(2.0));  // the edge is in bounds
}

TEST_F(InterpTest, FusedMemoryOpsTrapAtTheRightOffset) {
  // load+op and load+op+store trap at the load; op+store at the store.
  const std::string_view wat = R"((module (memory 1)
    (func (export "ldop") (param i32 f64) (result f64)
      (f64.add (f64.load (local.get 0)) (local.get 1)))
    (func (export "opst") (param i32 i32 i32)
      (i32.store offset=4 (local.get 0) (i32.xor (local.get 1) (local.get 2))))
    (func (export "rmw") (param i32 f32)
      (f32.store (local.get 0) (f32.mul (local.get 1) (f32.load (local.get 0)))))))";
  auto bytes = text::ParseWat(wat);
  ASSERT_TRUE(bytes.has_value());
  auto find = [&](const std::vector<uint8_t>& pattern) { return LastByteOf(*bytes, pattern); };
  const uint32_t ldop_load = find({0x20, 0x00, 0x2b});             // local.get 0, f64.load
  const uint32_t opst_store = find({0x20, 0x02, 0x73, 0x36});      // ..., i32.xor, i32.store
  const uint32_t rmw_load = find({0x20, 0x01, 0x20, 0x00, 0x2a});  // ..., local.get 0, f32.load
  Instance* inst = Load(wat);
  ASSERT_TRUE(inst);
  for (const auto& [name, args, offset] :
       {std::tuple{"ldop", Values{I32(65530), 0}, ldop_load},
        std::tuple{"opst", Values{I32(65532), I32(1), I32(2)}, opst_store},
        std::tuple{"rmw", Values{I32(65533), 0}, rmw_load}}) {
    EXPECT_TRUE(TrapsAt(RunTrap(inst, name, args), TrapCode::MemoryOutOfBounds, offset)) << name;
  }
}

}  // namespace
}  // namespace wr::interp
