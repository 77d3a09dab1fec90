// The collector is precise: integers that look like pointers (in locals, on the operand
// stack, in struct fields) keep nothing alive, and i31 references are never followed.
#include <gtest/gtest.h>

#include "gc_test_util.h"

namespace wr::gctest {
namespace {

constexpr std::string_view kWat = R"((module
  (type $box (struct (field (mut i32))))
  (type $raw (struct (field (mut i64))))
  (type $ia (array (mut i31ref)))
  (import "env" "gc" (func $gc))
  (func (export "make") (result (ref $box)) (struct.new $box (i32.const 42)))
  (func (export "in_local") (param $bits i64) (result i64) (local $copy i64)
    (local.set $copy (local.get $bits))
    (call $gc)
    (local.get $copy))
  (func (export "on_stack") (param $bits i64) (result i64)
    (i64.add (local.get $bits) (i64.const 0))
    (call $gc))
  (func (export "in_field") (param $bits i64) (result i64) (local $r (ref null $raw))
    (local.set $r (struct.new $raw (local.get $bits)))
    (call $gc)
    (struct.get $raw 0 (local.get $r)))
  ;; i31 values in an array, a local and on the stack while collecting.
  (func (export "i31s") (result i32) (local $a (ref null $ia)) (local $x anyref)
    (local.set $a (array.new $ia (ref.i31 (i32.const 0x55555555)) (i32.const 8)))
    (local.set $x (ref.i31 (i32.const 3)))
    (ref.i31 (i32.const 0x7fffffff))
    (call $gc)
    (drop (struct.new $box (i32.const 1)))
    (i31.get_u)
    (i31.get_u (ref.cast (ref i31) (local.get $x)))
    (i32.add)
    (i31.get_u (array.get $ia (local.get $a) (i32.const 7)))
    (i32.add))
))";

class PrecisionTest : public GcTest {
 protected:
  void SetUp() override {
    inst_ = Load(kWat);
    ASSERT_NE(inst_, nullptr);
  }
  // A box whose only trace is the integer `bits` passed to `fn`: it must be freed.
  void ExpectFreedWhileHeldAsInteger(const std::string& fn) {
    const Ref box = Run1(inst_, "make");
    ASSERT_EQ(store_.gc().object_count(), 1u);
    EXPECT_EQ(Run1(inst_, fn, {box}), box);
    EXPECT_EQ(store_.gc().stats().freed_objects, 1u) << fn;
  }
  Instance* inst_ = nullptr;
};

TEST_F(PrecisionTest, PointerBitsInAnI64LocalKeepNothingAlive) {
  ExpectFreedWhileHeldAsInteger("in_local");
}
TEST_F(PrecisionTest, PointerBitsOnTheOperandStackKeepNothingAlive) {
  ExpectFreedWhileHeldAsInteger("on_stack");
}
TEST_F(PrecisionTest, PointerBitsInAnI64FieldKeepNothingAlive) {
  ExpectFreedWhileHeldAsInteger("in_field");
}
TEST_F(PrecisionTest, I31ValuesAreNotFollowed) {
  EXPECT_EQ(Run1(inst_, "i31s"), 3u + 0x55555555u + 0x7fffffffu);
  store_.CollectGarbage();
  EXPECT_EQ(store_.gc().object_count(), 0u);
}

}  // namespace
}  // namespace wr::gctest
