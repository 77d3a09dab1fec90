// Roots of every kind keep their object alive through a collection; nothing else does.
//
// Pattern: a box (struct of one i32) holding 42 is kept only in one kind of root, env.gc
// collects, a new box holding 7 is allocated (malloc hands back the block just freed, if it
// was freed) and the first box is read back. Without the root, the read sees 7 (or ASan
// reports a use after free).
#include <gtest/gtest.h>

#include "gc_test_util.h"

namespace wr::gctest {
namespace {

constexpr std::string_view kRootsWat = R"((module
  (type $box (struct (field (mut i32))))
  (type $pair (struct (field (mut (ref null $box))) (field (mut (ref null $box)))))
  (type $node (struct (field (mut (ref null $node)))))
  (import "env" "gc" (func $gc))
  (import "env" "reenter" (func $reenter))
  (tag $e (param (ref null $box)))
  (global $g (mut (ref null $box)) (ref.null $box))
  (global $gx (mut exnref) (ref.null exn))
  (table $t 4 (ref null $box))
  (func $churn (drop (struct.new $box (i32.const 7))) (drop (struct.new $box (i32.const 7))))
  (func (export "stack") (result i32)
    (struct.new $box (i32.const 42))
    (call $gc) (call $churn)
    (struct.get $box 0))
  (func (export "local") (result i32) (local $b (ref null $box))
    (local.set $b (struct.new $box (i32.const 42)))
    (call $gc) (call $churn)
    (struct.get $box 0 (local.get $b)))
  (func (export "param") (param $b (ref null $box)) (result i32)
    (call $gc) (call $churn)
    (struct.get $box 0 (local.get $b)))
  (func (export "global") (result i32)
    (global.set $g (struct.new $box (i32.const 42)))
    (call $gc) (call $churn)
    (struct.get $box 0 (global.get $g)))
  (func (export "table") (result i32)
    (table.set $t (i32.const 2) (struct.new $box (i32.const 42)))
    (call $gc) (call $churn)
    (struct.get $box 0 (table.get $t (i32.const 2))))
  (func (export "field") (result i32) (local $p (ref null $pair))
    (local.set $p (struct.new $pair (struct.new $box (i32.const 42)) (ref.null $box)))
    (call $gc) (call $churn)
    (struct.get $box 0 (struct.get $pair 0 (local.get $p))))
  (func (export "array_elem") (result i32) (local $a (ref null $arr))
    (local.set $a (array.new $arr (struct.new $box (i32.const 42)) (i32.const 3)))
    (call $gc) (call $churn)
    (struct.get $box 0 (array.get $arr (local.get $a) (i32.const 2))))
  (type $arr (array (mut (ref null $box))))
  ;; An exception caught with catch_ref: only the exnref (in a local) holds the box.
  (func (export "exn_ref") (result i32) (local $x exnref)
    (block $h (result (ref null $box) exnref)
      (try_table (catch_ref $e $h) (throw $e (struct.new $box (i32.const 42))))
      (unreachable))
    (local.set $x)
    (drop)  ;; the payload delivered by catch_ref: now only the exception holds the box
    (call $gc) (call $churn)
    (block $h2 (result (ref null $box))
      (try_table (catch $e $h2) (throw_ref (local.get $x)))
      (unreachable))
    (struct.get $box 0))
  ;; The same, with the exnref kept only in a global (catch_all_ref).
  (func (export "exn_global") (result i32)
    (global.set $gx
      (block $h (result exnref)
        (try_table (catch_all_ref $h) (throw $e (struct.new $box (i32.const 42))))
        (unreachable)))
    (call $gc) (call $churn)
    (block $h2 (result (ref null $box))
      (try_table (catch $e $h2) (throw_ref (global.get $gx)))
      (unreachable))
    (struct.get $box 0))
  ;; Thrown while the collector runs in a callee: the box is only in the payload of an
  ;; exception that has not been thrown yet (an operand of throw) and in flight after.
  (func $thrower (param $b (ref null $box))
    (call $gc) (call $churn)
    (throw $e (local.get $b)))
  (func (export "exn_in_flight") (result i32)
    (block $h (result (ref null $box))
      (try_table (catch $e $h) (call $thrower (struct.new $box (i32.const 42))))
      (unreachable))
    (struct.get $box 0))
  ;; wasm -> host -> wasm: the box is in a local of the outer frame while the inner call
  ;; collects.
  (func (export "inner") (call $gc) (call $churn))
  (func (export "reentrant") (result i32) (local $b (ref null $box))
    (local.set $b (struct.new $box (i32.const 42)))
    (call $reenter)
    (struct.get $box 0 (local.get $b)))
  (func (export "make") (result (ref $box)) (struct.new $box (i32.const 42)))
  (func (export "get") (param (ref $box)) (result i32) (struct.get $box 0 (local.get 0)))
  (func (export "churn") (call $churn))
  ;; A cycle of two nodes, unreachable once the function returns.
  (func (export "cycle")
    (local $a (ref null $node)) (local $b (ref null $node))
    (local.set $a (struct.new $node (ref.null $node)))
    (local.set $b (struct.new $node (local.get $a)))
    (struct.set $node 0 (local.get $a) (local.get $b)))
  ;; A reference converted to the extern hierarchy and stored in an externref global.
  (global $ge (mut externref) (ref.null extern))
  (func (export "extern") (result i32)
    (global.set $ge (extern.convert_any (struct.new $box (i32.const 42))))
    (call $gc) (call $churn)
    (struct.get $box 0 (ref.cast (ref $box) (any.convert_extern (global.get $ge)))))
))";

class RootsTest : public GcTest {
 protected:
  void SetUp() override {
    linker_.DefineHostFunc(store_, "env", "reenter", FuncType{{}, {}},
                           [this](HostContext&, std::span<const uint64_t>,
                                  std::span<uint64_t>) -> Expected<void, Trap> {
                             auto r = interp::Invoke(store_, Export(inst_, "inner"), {}, {});
                             if (!r) return Unexpected(std::move(r).error());
                             return {};
                           });
    inst_ = Load(kRootsWat);
    ASSERT_NE(inst_, nullptr);
  }
  Instance* inst_ = nullptr;
};

TEST_F(RootsTest, ValueOnlyOnTheOperandStack) {
  EXPECT_EQ(Run1(inst_, "stack"), 42u);
}
TEST_F(RootsTest, ValueOnlyInALocal) {
  EXPECT_EQ(Run1(inst_, "local"), 42u);
}
TEST_F(RootsTest, ValueOnlyInAGlobal) {
  EXPECT_EQ(Run1(inst_, "global"), 42u);
}
TEST_F(RootsTest, ValueOnlyInATable) {
  EXPECT_EQ(Run1(inst_, "table"), 42u);
}
TEST_F(RootsTest, ValueOnlyInAFieldOfALiveStruct) {
  EXPECT_EQ(Run1(inst_, "field"), 42u);
}
TEST_F(RootsTest, ValueOnlyInAnElementOfALiveArray) {
  EXPECT_EQ(Run1(inst_, "array_elem"), 42u);
}
TEST_F(RootsTest, ValueOnlyInACaughtExceptionHeldByCatchRef) {
  EXPECT_EQ(Run1(inst_, "exn_ref"), 42u);
}
TEST_F(RootsTest, ValueOnlyInAnExceptionHeldInAGlobal) {
  EXPECT_EQ(Run1(inst_, "exn_global"), 42u);
}
TEST_F(RootsTest, ValueInTheOperandsOfAThrow) {
  EXPECT_EQ(Run1(inst_, "exn_in_flight"), 42u);
}
TEST_F(RootsTest, ValueInAFrameSuspendedInAReentrantCall) {
  EXPECT_EQ(Run1(inst_, "reentrant"), 42u);
}
TEST_F(RootsTest, ValueConvertedToExtern) {
  EXPECT_EQ(Run1(inst_, "extern"), 42u);
}

TEST_F(RootsTest, HostPinKeepsAValueAliveUntilUnpinned) {
  const Ref box = Run1(inst_, "make");
  const RootId id = store_.gc().PinRef(box);
  store_.CollectGarbage();
  Run1(inst_, "churn");
  EXPECT_EQ(store_.gc().PinnedRef(id), box);
  EXPECT_EQ(Run1(inst_, "get", {box}), 42u);
  // Unpinned, nothing refers to it: the next collection frees it.
  store_.CollectGarbage();
  ASSERT_EQ(store_.gc().object_count(), 1u);
  const uint64_t freed = store_.gc().stats().freed_objects;
  store_.gc().UnpinRef(id);
  store_.CollectGarbage();
  EXPECT_EQ(store_.gc().stats().freed_objects, freed + 1);
  EXPECT_EQ(store_.gc().object_count(), 0u);
}

TEST_F(RootsTest, HostArgumentIsARootForTheCall) {
  // The only reference to the box is the argument the host passed in.
  const Ref box = Run1(inst_, "make");
  EXPECT_EQ(Run1(inst_, "param", {box}), 42u);
}

TEST_F(RootsTest, EscapedResultsLiveForeverWhileTheApiIsNotWired) {
  store_.set_pin_host_refs_forever(true);
  const Ref box = Run1(inst_, "make");
  store_.CollectGarbage();
  Run1(inst_, "churn");
  EXPECT_EQ(Run1(inst_, "get", {box}), 42u);
  store_.CollectGarbage();
  EXPECT_EQ(store_.gc().object_count(), 1u);
}

TEST_F(RootsTest, UnreachableObjectsAreFreed) {
  Run1(inst_, "make");
  Run1(inst_, "churn");
  if (!store_.gc().stress()) {
    EXPECT_EQ(store_.gc().object_count(), 3u);
  }
  store_.CollectGarbage();
  EXPECT_EQ(store_.gc().object_count(), 0u);
}

TEST_F(RootsTest, CyclesAreCollected) {
  ASSERT_TRUE(Call(inst_, "cycle").has_value());
  EXPECT_EQ(store_.gc().object_count(), 2u);
  store_.CollectGarbage();
  EXPECT_EQ(store_.gc().object_count(), 0u);
}

}  // namespace
}  // namespace wr::gctest
