// max_gc_bytes bounds the live heap: garbage is collected before an allocation fails, so a
// program may allocate many times its budget; a live heap past the budget traps.
#include <gtest/gtest.h>

#include "gc_test_util.h"

namespace wr::gctest {
namespace {

constexpr uint64_t kBudget = 1 << 20;

constexpr std::string_view kWat = R"((module
  (type $bytes (array (mut i8)))
  (type $node (struct (field (mut (ref null $node))) (field (mut (ref null $bytes)))))
  (tag $e)
  ;; n catch_all_ref + drop.
  (func (export "exn_loop") (param $n i32)
    (loop $l
      (block $h (result exnref)
        (try_table (catch_all_ref $h) (throw $e))
        (unreachable))
      (drop)
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; n arrays of `size` bytes; the last `keep` stay reachable (a list that drops its tail).
  (func (export "churn") (param $n i32) (param $size i32) (result i32)
    (local $list (ref null $node)) (local $i i32) (local $len i32) (local $p (ref null $node))
    (loop $l
      (local.set $list
        (struct.new $node (local.get $list) (array.new_default $bytes (local.get $size))))
      (local.set $len (i32.add (local.get $len) (i32.const 1)))
      (if (i32.eq (local.get $len) (i32.const 16))
        (then  ;; cut the list to its first 8 nodes
          (local.set $p (local.get $list))
          (local.set $i (i32.const 7))
          (loop $walk
            (local.set $p (struct.get $node 0 (local.get $p)))
            (br_if $walk (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
          (struct.set $node 0 (local.get $p) (ref.null $node))
          (local.set $len (i32.const 8))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (array.len (struct.get $node 1 (local.get $list))))
  ;; Keeps every node: must run out.
  (func (export "hoard") (param $size i32) (local $list (ref null $node))
    (loop $l
      (local.set $list
        (struct.new $node (local.get $list) (array.new_default $bytes (local.get $size))))
      (br $l)))
))";

class BudgetTest : public GcTest {
 protected:
  BudgetTest() : GcTest(Limits(kBudget)) {}
  void SetUp() override {
    inst_ = Load(kWat);
    ASSERT_NE(inst_, nullptr);
  }
  Instance* inst_ = nullptr;
};

TEST_F(BudgetTest, FourMillionCatchAllRefRunInBoundedMemory) {
  auto r = Call(inst_, "exn_loop", {4'000'000});
  ASSERT_TRUE(r.has_value()) << r.error().Message();
  const GcStats& s = store_.gc().stats();
  EXPECT_EQ(s.allocated_objects, 4'000'000u);
  EXPECT_GT(s.allocated_bytes, 50 * kBudget);  // exceptions are counted against the budget
  EXPECT_LE(s.peak_bytes, kBudget);
  EXPECT_GT(s.collections, 10u);
}

TEST_F(BudgetTest, AllocatingAHundredTimesTheBudgetWithASmallLiveSetFinishes) {
  auto r = Call(inst_, "churn", {100'000, 1000});
  ASSERT_TRUE(r.has_value()) << r.error().Message();
  EXPECT_EQ((*r)[0], 1000u);
  const GcStats& s = store_.gc().stats();
  EXPECT_GT(s.allocated_bytes, 100 * kBudget);
  EXPECT_LE(s.peak_bytes, kBudget);
}

TEST_F(BudgetTest, ALiveHeapPastTheBudgetTraps) {
  auto r = Call(inst_, "hoard", {1000});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, TrapCode::GcHeapExhausted);
  const GcStats& s = store_.gc().stats();
  EXPECT_LE(s.peak_bytes, kBudget);
  EXPECT_GT(s.peak_bytes, kBudget * 9 / 10);  // it really filled the budget first
}

TEST_F(BudgetTest, AccountingCountsRealBlockSizes) {
  // 1000-byte arrays take 1000 slots of 8 bytes plus a header: at least 8 KB each.
  ASSERT_TRUE(Call(inst_, "churn", {1, 1000}).has_value());
  EXPECT_GE(store_.gc().stats().live_bytes, 2 * 8u + 8000u + 16u);
}

}  // namespace
}  // namespace wr::gctest
