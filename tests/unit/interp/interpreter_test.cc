// The interpreter end to end: WAT -> decoder -> CompileModule -> Linker::Instantiate ->
// Invoke. Covers every control construct, calls (direct, indirect, host, tail), memory,
// tables, globals, SIMD, every trap kind with its backtrace, and re-entrancy. The fused ops
// (superinstructions of the lowering) are in interpreter_fusion_test.cc.
#include <algorithm>

#include "interp/frame.h"
#include "interp_fixture.h"

namespace wr::interp {
namespace {

using testing_support::InterpTest;
using testing_support::Values;

TEST_F(InterpTest, Arithmetic) {
  Instance* inst = Load(R"((module
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "sub64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.sub)
    (func (export "fmul") (param f64 f64) (result f64) local.get 0 local.get 1 f64.mul)
    (func (export "fdiv32") (param f32 f32) (result f32) local.get 0 local.get 1 f32.div)
    (func (export "expr") (param i32) (result i32)
      (i32.add (i32.mul (local.get 0) (i32.const 3)) (i32.const -7)))
    (func (export "wrap") (param i64) (result i32) local.get 0 i32.wrap_i64)
    (func (export "ext") (param i32) (result i64) local.get 0 i64.extend_i32_s)))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "add", {I32(2), I32(40)}), 42u);
  EXPECT_EQ(Run1(inst, "add", {I32(-1), I32(1)}), 0u);  // wraps, upper bits zero
  EXPECT_EQ(Run1(inst, "sub64", {I64(5), I64(7)}), I64(-2));
  EXPECT_EQ(Run1(inst, "fmul", {F64(1.5), F64(4)}), F64(6));
  EXPECT_EQ(Run1(inst, "fdiv32", {F32(1), F32(4)}), F32(0.25f));
  EXPECT_EQ(Run1(inst, "expr", {I32(5)}), 8u);
  EXPECT_EQ(Run1(inst, "wrap", {I64(0x1'0000'0005)}), 5u);
  EXPECT_EQ(Run1(inst, "ext", {I32(-3)}), I64(-3));
}

TEST_F(InterpTest, ConstantsBeyondTheConstantArea) {
  // 100 distinct i64 constants and 40 v128 ones: the later ones are Const/Const2 ops.
  std::string wat = "(module (func (export \"sum\") (param i64) (result i64) local.get 0";
  uint64_t expect = 5;
  for (int i = 1; i <= 100; ++i) {
    wat += " i64.const " + std::to_string(i * 1000003) + " i64.add";
    expect += uint64_t(i) * 1000003;
  }
  wat += ") (func (export \"lanes\") (result i64) (v128.const i32x4 0 0 0 0)";
  uint64_t lanes = 0;
  for (int i = 1; i <= 40; ++i) {
    wat +=
        " (v128.const i32x4 " + std::to_string(i) + " 0 " + std::to_string(i * 3) + " 0) i64x2.add";
    lanes += uint64_t(i) * 3;
  }
  wat += " i64x2.extract_lane 1))";
  Instance* inst = Load(wat);
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "sum", {I64(5)}), expect);
  EXPECT_EQ(Run1(inst, "lanes"), lanes);
}

TEST_F(InterpTest, ExceptionsAreCaughtAcrossFramesWithTheirPayload) {
  valid::Options options;
  options.features.exceptions = options.features.func_refs = true;
  Instance* inst = Load(R"((module
    (tag $e (param i32 f64))
    (tag $other)
    (func $thrower (param i32)
      (if (i32.eqz (local.get 0)) (then (throw $other)))
      (throw $e (local.get 0) (f64.const 2.5)))
    (func $middle (param i32) (result i32)
      (call $thrower (local.get 0))
      (i32.const -1))
    ;; Two frames up: the payload lands at the catch's label.
    (func (export "catch") (param i32) (result i32)
      (block $h (result i32 f64)
        (try_table (catch $e $h) (drop (call $middle (local.get 0))))
        (return (i32.const -2)))
      (i32.trunc_f64_s)
      (i32.add))
    ;; catch_all for any tag; an inner try_table that does not match lets it through.
    (func (export "all") (param i32) (result i32)
      (block $any
        (try_table (catch_all $any)
          (block $only_e (result i32 f64)
            (try_table (catch $e $only_e) (call $thrower (local.get 0)))
            (return (i32.const -3)))
          (return (i32.add (i32.add (i32.trunc_f64_s)) (i32.const 100)))))
      (i32.const 7))
    ;; catch_ref, then throw_ref: the same exception again, caught outside.
    (func (export "rethrow") (param i32) (result i32)
      (block $outer (result i32 f64)
        (try_table (catch $e $outer)
          (block $inner (result exnref)
            (try_table (catch_all_ref $inner) (call $thrower (local.get 0)))
            (return (i32.const -4)))
          (throw_ref))
        (unreachable))
      (drop))
    (func (export "uncaught") (call $thrower (i32.const 1)))
    (func (export "null") (throw_ref (ref.null exn)))
    (func (export "loop") (param i32) (result i32) (local i32)
      (loop $l
        (block $h (result i32 f64)
          (try_table (catch $e $h) (call $thrower (i32.const 1)))
          (unreachable))
        (drop)
        (local.set 1 (i32.add (local.get 1)))
        (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
      (local.get 1))))",
                        options);
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "catch", {I32(40)}), I32(42));
  EXPECT_EQ(Run1(inst, "all", {I32(5)}), I32(107));
  EXPECT_EQ(Run1(inst, "all", {I32(0)}), I32(7));  // $other: only catch_all takes it
  EXPECT_EQ(Run1(inst, "rethrow", {I32(9)}), I32(9));
  for (int i = 0; i < 100; ++i) {  // uncaught ones are freed too
    EXPECT_EQ(RunTrap(inst, "uncaught").code, TrapCode::UncaughtException);
  }
  EXPECT_EQ(RunTrap(inst, "null").code, TrapCode::NullExceptionReference);
  // A throw/catch loop: exceptions are GC objects; nothing refers to them once caught.
  EXPECT_EQ(Run1(inst, "loop", {I32(10000)}), I32(10000));
  store_.CollectGarbage();
  EXPECT_EQ(store_.gc().object_count(), 0u);
}

TEST_F(InterpTest, FuelAndInterruptionStopInterruptibleCode) {
  auto bytes = text::ParseWat(R"((module
    (func $spin (export "spin") (loop $l (br $l)))
    (func $count (export "count") (param i32) (result i32) (local i32)
      (loop $l (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br_if $l (i32.ne (local.get 1) (local.get 0))))
      (local.get 1))
    (func (export "recurse") (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (call 2 (i32.sub (local.get 0) (i32.const 1))))
        (else (i32.const 0))))))");
  ASSERT_TRUE(bytes.has_value());
  auto m = binary::ReadModule(*bytes);
  ASSERT_TRUE(m.has_value());
  compile::CompileOptions co;
  co.interruptible = true;
  auto cm = compile::CompileModule(std::move(m).value(), DefaultOptions(), co);
  ASSERT_TRUE(cm.has_value());
  auto made = linker_.Instantiate(store_, *cm);
  ASSERT_TRUE(made.has_value());
  Instance* inst = *made;

  // Unlimited by default; a budget stops an endless loop, and an empty tank stops any call.
  EXPECT_EQ(Run1(inst, "count", {I32(1000)}), I32(1000));
  ASSERT_TRUE(interp::SetFuel(store_, 100000));
  EXPECT_EQ(RunTrap(inst, "spin").code, TrapCode::OutOfFuel);
  EXPECT_EQ(interp::GetFuel(store_), 0u);
  EXPECT_EQ(RunTrap(inst, "count", {I32(1)}).code, TrapCode::OutOfFuel);
  // Fuel is about the ops executed: 1000 iterations of a 2-op loop take at least 2000.
  ASSERT_TRUE(interp::SetFuel(store_, 1000000));
  EXPECT_EQ(Run1(inst, "count", {I32(1000)}), I32(1000));
  const uint64_t used = 1000000 - interp::GetFuel(store_);
  EXPECT_GE(used, 2000u);
  EXPECT_LE(used, 10000u);
  // Calls are checked too (the function entry): deep recursion without loops runs dry.
  ASSERT_TRUE(interp::SetFuel(store_, 50));
  EXPECT_EQ(RunTrap(inst, "recurse", {I32(1000)}).code, TrapCode::OutOfFuel);

  // Interruption from another thread; the trap clears the request.
  ASSERT_TRUE(interp::SetFuel(store_, UINT64_MAX));
  std::shared_ptr<std::atomic<bool>> flag = interp::InterruptFlag(store_);
  ASSERT_NE(flag, nullptr);
  std::thread interrupter([flag] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    flag->store(true);
  });
  EXPECT_EQ(RunTrap(inst, "spin").code, TrapCode::Interrupted);
  interrupter.join();
  EXPECT_FALSE(flag->load());
  EXPECT_EQ(Run1(inst, "count", {I32(10)}), I32(10));
}

TEST(InterpGc, ObjectsCastsAndTheHeapLimit) {
  StoreLimits limits;
  limits.max_gc_bytes = 1 << 20;  // 1 MiB of structs and arrays
  Store store(limits);
  Linker linker;
  valid::Options options;
  options.features = compile::SupportedFeatures();
  auto bytes = text::ParseWat(R"((module
    (type $point (struct (field $x (mut i32)) (field $y i8) (field $v v128)))
    (type $bytes (array (mut i8)))
    (type $base (sub (struct (field i32))))
    (type $derived (sub $base (struct (field i32) (field i64))))
    (func (export "point") (param i32 i32) (result i32)
      (local $p (ref $point))
      (local.set $p (struct.new $point (local.get 0) (local.get 1) (v128.const i64x2 7 9)))
      (struct.set $point $x (local.get $p) (i32.add (struct.get $point $x (local.get $p)) (i32.const 1)))
      ;; x + 1, plus y read signed (i8), plus the v128's high lane
      (i32.add (i32.add (struct.get $point $x (local.get $p)) (struct.get_s $point $y (local.get $p)))
               (i32.wrap_i64 (i64x2.extract_lane 1 (struct.get $point $v (local.get $p))))))
    (func (export "bytes") (param i32) (result i32)
      (local $a (ref $bytes))
      (local.set $a (array.new $bytes (i32.const 0x1ff) (local.get 0)))
      (array.fill $bytes (local.get $a) (i32.const 1) (i32.const -1) (i32.const 2))
      (array.copy $bytes $bytes (local.get $a) (i32.const 0) (local.get $a) (i32.const 1) (i32.const 2))
      ;; get_u of 0x1ff is 0xff; get_s of -1 is -1: 0xff + -1 + -1 + length
      (i32.add (i32.add (array.get_u $bytes (local.get $a) (i32.const 2))
                        (array.get_s $bytes (local.get $a) (i32.const 0)))
               (i32.add (array.get_s $bytes (local.get $a) (i32.const 1))
                        (array.len (local.get $a)))))
    (func (export "i31") (param i32) (result i32)
      (i31.get_s (ref.i31 (local.get 0))))
    (func (export "cast") (param i32) (result i32)
      (local $r (ref null $base))
      (local.set $r (if (result (ref null $base)) (local.get 0)
        (then (struct.new $derived (i32.const 1) (i64.const 2)))
        (else (struct.new $base (i32.const 3)))))
      (i32.add (ref.test (ref $derived) (local.get $r))
               (struct.get $base 0 (ref.cast (ref $base) (local.get $r)))))
    (func (export "bad_cast") (drop (ref.cast (ref $derived) (struct.new $base (i32.const 3)))))
    (func (export "null_get") (result i32) (struct.get $base 0 (ref.null $base)))
    (func (export "oob") (result i32) (array.get_u $bytes (array.new_default $bytes (i32.const 2)) (i32.const 2)))
    (type $keep (struct (field (ref null $keep)) (field (ref null $bytes))))
    (func (export "hog") (local $list (ref null $keep))
      (loop $l
        (local.set $list
          (struct.new $keep (local.get $list) (array.new_default $bytes (i32.const 10000))))
        (br $l)))
    (func (export "huge") (drop (array.new_default $bytes (i32.const -1))))))");
  ASSERT_TRUE(bytes.has_value()) << bytes.error().ToString();
  auto m = binary::ReadModule(*bytes);
  ASSERT_TRUE(m.has_value());
  auto cm = compile::CompileModule(std::move(m).value(), options);
  ASSERT_TRUE(cm.has_value()) << cm.error().ToString();
  auto inst = linker.Instantiate(store, *cm);
  ASSERT_TRUE(inst.has_value());
  auto call = [&](const char* name, std::vector<uint64_t> args) -> Expected<uint64_t, Trap> {
    FuncInstance* f = (*inst)->exports.at(name).func();
    std::vector<uint64_t> results(f->type->results.size());
    auto r = Invoke(store, f, args, results);
    if (!r) return Unexpected(std::move(r).error());
    return results.empty() ? 0 : results[0];
  };
  EXPECT_EQ(*call("point", {10, 0xfe}), uint64_t{10 + 1 - 2 + 9});
  EXPECT_EQ(*call("bytes", {5}), uint64_t{0xff - 1 - 1 + 5});
  EXPECT_EQ(*call("i31", {0x7fffffff}), uint64_t{0xffffffff});  // 31 bits, sign-extended
  EXPECT_EQ(*call("i31", {0x40000000}), uint64_t{0xc0000000});
  EXPECT_EQ(*call("cast", {1}), uint64_t{2});  // a $derived is a $base
  EXPECT_EQ(*call("cast", {0}), uint64_t{3});
  EXPECT_EQ(call("bad_cast", {}).error().code, TrapCode::CastFailure);
  EXPECT_EQ(call("null_get", {}).error().code, TrapCode::NullStructReference);
  EXPECT_EQ(call("oob", {}).error().code, TrapCode::ArrayOutOfBounds);
  // The store's GC budget bounds the live heap, with a trap, not a crash.
  EXPECT_EQ(call("hog", {}).error().code, TrapCode::GcHeapExhausted);
  EXPECT_EQ(call("huge", {}).error().code, TrapCode::GcHeapExhausted);
}

TEST_F(InterpTest, RecursionAndLoops) {
  Instance* inst = Load(R"((module
    (func $fac (export "fac") (param i64) (result i64)
      (if (result i64) (i64.eqz (local.get 0))
        (then (i64.const 1))
        (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
    (func (export "fib") (param i32) (result i32) (local i32 i32 i32)
      (local.set 1 (i32.const 0)) (local.set 2 (i32.const 1))
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get 0)))
          (local.set 3 (i32.add (local.get 1) (local.get 2)))
          (local.set 1 (local.get 2))
          (local.set 2 (local.get 3))
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (br $next)))
      (local.get 1))
    (func (export "sum") (param i32) (result i32) (local i32)
      (loop $l
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
      (local.get 1))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "fac", {I64(20)}), 2432902008176640000u);
  EXPECT_EQ(Run1(inst, "fib", {I32(30)}), 832040u);
  EXPECT_EQ(Run1(inst, "sum", {I32(100)}), 5050u);
}

TEST_F(InterpTest, BlocksWithValuesAndParams) {
  Instance* inst = Load(R"((module
    (func (export "block") (param i32) (result i32)
      (block (result i32) (br_if 0 (i32.const 10) (local.get 0)) (drop) (i32.const 20)))
    (func (export "params") (param i32) (result i32)
      (local.get 0) (i32.const 1)
      (block (param i32 i32) (result i32) (i32.add)))
    (func (export "loopparams") (param i32) (result i32)
      ;; counts down with the counter carried as a loop parameter
      (local.get 0)
      (loop (param i32) (result i32)
        (i32.sub (i32.const 1))
        (local.tee 0)
        (local.get 0)
        (br_if 0)))
    (func (export "ifelse") (param i32) (result i32)
      (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))
    (func (export "ifnoelse") (param i32) (result i32) (local i32)
      (if (local.get 0) (then (local.set 1 (i32.const 7))))
      (local.get 1))
    (func (export "nested") (param i32) (result i32)
      (block $a (result i32)
        (block $b (result i32)
          (block $c (result i32)
            (br_table $a $b $c (i32.const 100) (local.get 0)))
          (i32.add (i32.const 1)))
        (i32.add (i32.const 10))))
    (func (export "select") (param i32) (result i64)
      (select (i64.const 5) (i64.const 6) (local.get 0)))
    (func (export "early") (param i32) (result i32)
      (if (local.get 0) (then (return (i32.const 99))))
      (i32.const 1))
    (func (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
    (func (export "multi") (result i32)
      (call 8 (i32.const 3) (i32.const 10)) (i32.sub))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "block", {I32(1)}), 10u);
  EXPECT_EQ(Run1(inst, "block", {I32(0)}), 20u);
  EXPECT_EQ(Run1(inst, "params", {I32(41)}), 42u);
  EXPECT_EQ(Run1(inst, "loopparams", {I32(5)}), 0u);
  EXPECT_EQ(Run1(inst, "ifelse", {I32(1)}), 1u);
  EXPECT_EQ(Run1(inst, "ifelse", {I32(0)}), 2u);
  EXPECT_EQ(Run1(inst, "ifnoelse", {I32(1)}), 7u);
  EXPECT_EQ(Run1(inst, "ifnoelse", {I32(0)}), 0u);
  EXPECT_EQ(Run1(inst, "nested", {I32(0)}), 100u);
  EXPECT_EQ(Run1(inst, "nested", {I32(1)}), 110u);
  EXPECT_EQ(Run1(inst, "nested", {I32(2)}), 111u);
  EXPECT_EQ(Run1(inst, "nested", {I32(77)}), 111u);  // default
  EXPECT_EQ(Run1(inst, "select", {I32(1)}), 5u);
  EXPECT_EQ(Run1(inst, "select", {I32(0)}), 6u);
  EXPECT_EQ(Run1(inst, "early", {I32(1)}), 99u);
  EXPECT_EQ(Run1(inst, "early", {I32(0)}), 1u);
  auto swapped = Call(inst, "swap", {I32(1), I32(2)});
  ASSERT_TRUE(swapped.has_value());
  EXPECT_EQ(*swapped, (Values{2, 1}));
  EXPECT_EQ(Run1(inst, "multi"), 7u);  // swap(3, 10) = 10, 3 -> 10 - 3
}

TEST_F(InterpTest, BrTableCarriesValuesThroughStubs) {
  Instance* inst = Load(R"((module
    (func (export "f") (param i32 i32) (result i32)
      (block $out (result i32)
        (block $x (result i32)
          (local.get 1)
          (local.get 0)
          (br_table $x $out $x))
        (i32.mul (i32.const 2))))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "f", {I32(0), I32(21)}), 42u);
  EXPECT_EQ(Run1(inst, "f", {I32(1), I32(21)}), 21u);
  EXPECT_EQ(Run1(inst, "f", {I32(5), I32(21)}), 42u);
}

TEST_F(InterpTest, MemoryLoadsStoresAndBounds) {
  Instance* inst = Load(R"((module
    (memory 1 3)
    (data (i32.const 16) "\ff\fe\01\02")
    (func (export "load8s") (param i32) (result i32) (i32.load8_s (local.get 0)))
    (func (export "load8u") (param i32) (result i32) (i32.load8_u (local.get 0)))
    (func (export "load16s64") (param i32) (result i64) (i64.load16_s (local.get 0)))
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "loadoff") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
    (func (export "store64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
    (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
    (func (export "size") (result i32) (memory.size))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
    (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "load8s", {I32(16)}), I32(-1));
  EXPECT_EQ(Run1(inst, "load8u", {I32(16)}), 0xffu);
  EXPECT_EQ(Run1(inst, "load16s64", {I32(16)}), I64(-257));
  EXPECT_EQ(Run1(inst, "load", {I32(16)}), 0x0201feffu);
  EXPECT_EQ(Run1(inst, "loadoff", {I32(12)}), 0x0201feffu);
  ASSERT_TRUE(Call(inst, "store64", {I32(100), I64(0x1122334455667788)}).has_value());
  EXPECT_EQ(Run1(inst, "load64", {I32(100)}), 0x1122334455667788u);
  // Bounds: the last 4 bytes are fine, one further is not; address + offset never wraps.
  EXPECT_EQ(Run1(inst, "load", {I32(65532)}), 0u);
  EXPECT_EQ(RunTrap(inst, "load", {I32(65533)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "loadoff", {I32(-4)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "load", {I32(-1)}).code, TrapCode::MemoryOutOfBounds);
  // Grow: old size back, then the new page is addressable; past the max gives -1.
  EXPECT_EQ(Run1(inst, "size"), 1u);
  EXPECT_EQ(Run1(inst, "grow", {I32(1)}), 1u);
  EXPECT_EQ(Run1(inst, "size"), 2u);
  EXPECT_EQ(Run1(inst, "load", {I32(65536 + 100)}), 0u);
  EXPECT_EQ(Run1(inst, "grow", {I32(5)}), I32(-1));
  // Fill and overlapping copy.
  ASSERT_TRUE(Call(inst, "fill", {I32(200), I32(0xab), I32(4)}).has_value());
  EXPECT_EQ(Run1(inst, "load", {I32(200)}), 0xababababu);
  ASSERT_TRUE(Call(inst, "copy", {I32(17), I32(16), I32(4)}).has_value());
  EXPECT_EQ(Run1(inst, "load", {I32(16)}), 0x01feffffu);
  EXPECT_EQ(Run1(inst, "load8u", {I32(17)}), 0xffu);
  EXPECT_EQ(Run1(inst, "load8u", {I32(18)}), 0xfeu);
  EXPECT_EQ(Run1(inst, "load8u", {I32(20)}), 0x02u);
  EXPECT_EQ(RunTrap(inst, "fill", {I32(2 * 65536 - 1), I32(0), I32(2)}).code,
            TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "copy", {I32(0), I32(2 * 65536 - 1), I32(2)}).code,
            TrapCode::MemoryOutOfBounds);
}

TEST_F(InterpTest, MultipleMemoriesAndMemory64) {
  valid::Options options = DefaultOptions();
  options.features.multi_memory = true;
  options.features.memory64 = true;
  Instance* inst = Load(R"((module
    (memory 1)
    (memory $m2 1 2)
    (memory $m64 i64 1 2)
    (func (export "s2") (param i32 i32) (i32.store $m2 (local.get 0) (local.get 1)))
    (func (export "l2") (param i32) (result i32) (i32.load $m2 (local.get 0)))
    (func (export "l0") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "s64") (param i64 i64) (i64.store $m64 offset=8 (local.get 0) (local.get 1)))
    (func (export "l64") (param i64) (result i64) (i64.load $m64 offset=8 (local.get 0)))
    (func (export "grow64") (param i64) (result i64) (memory.grow $m64 (local.get 0)))
    (func (export "size64") (result i64) (memory.size $m64))
    (func (export "fill64") (param i64 i64) (memory.fill $m64 (local.get 0) (i32.const 7) (local.get 1)))
    (func (export "copy20") (param i32 i32 i32) (memory.copy 0 $m2 (local.get 0) (local.get 1) (local.get 2)))))",
                        options);
  ASSERT_TRUE(inst);
  ASSERT_TRUE(Call(inst, "s2", {I32(4), I32(0x12345678)}).has_value());
  EXPECT_EQ(Run1(inst, "l2", {I32(4)}), 0x12345678u);
  EXPECT_EQ(Run1(inst, "l0", {I32(4)}), 0u);  // memory 0 untouched
  EXPECT_EQ(RunTrap(inst, "l2", {I32(65534)}).code, TrapCode::MemoryOutOfBounds);
  ASSERT_TRUE(Call(inst, "copy20", {I32(0), I32(4), I32(4)}).has_value());
  EXPECT_EQ(Run1(inst, "l0", {I32(0)}), 0x12345678u);
  ASSERT_TRUE(Call(inst, "s64", {I64(100), I64(-5)}).has_value());
  EXPECT_EQ(Run1(inst, "l64", {I64(100)}), I64(-5));
  // 64-bit addresses: huge ones are out of bounds, and address + offset may not wrap.
  EXPECT_EQ(RunTrap(inst, "l64", {I64(1) << 32}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "l64", {I64(-4)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(Run1(inst, "size64"), 1u);
  EXPECT_EQ(Run1(inst, "grow64", {I64(1)}), 1u);
  EXPECT_EQ(Run1(inst, "grow64", {I64(1)}), I64(-1));  // 64-bit -1
  EXPECT_EQ(Run1(inst, "grow64", {I64(1) << 40}), I64(-1));
  EXPECT_EQ(Run1(inst, "l64", {I64(65536 + 100)}), 0u);
  ASSERT_TRUE(Call(inst, "fill64", {I64(0), I64(16)}).has_value());
  EXPECT_EQ(Run1(inst, "l64", {I64(0)}), 0x0707070707070707u);
  EXPECT_EQ(RunTrap(inst, "fill64", {I64(-1), I64(2)}).code, TrapCode::MemoryOutOfBounds);
}

TEST_F(InterpTest, PassiveDataInitAndDrop) {
  Instance* inst = Load(R"((module
    (memory 1)
    (data $d "hello")
    (func (export "init") (param i32 i32 i32) (memory.init $d (local.get 0) (local.get 1) (local.get 2)))
    (func (export "drop") (data.drop $d))
    (func (export "load8u") (param i32) (result i32) (i32.load8_u (local.get 0)))))");
  ASSERT_TRUE(inst);
  ASSERT_TRUE(Call(inst, "init", {I32(10), I32(1), I32(4)}).has_value());
  EXPECT_EQ(Run1(inst, "load8u", {I32(10)}), static_cast<uint64_t>('e'));
  EXPECT_EQ(Run1(inst, "load8u", {I32(13)}), static_cast<uint64_t>('o'));
  EXPECT_EQ(RunTrap(inst, "init", {I32(0), I32(3), I32(3)}).code, TrapCode::MemoryOutOfBounds);
  ASSERT_TRUE(Call(inst, "drop").has_value());
  EXPECT_EQ(RunTrap(inst, "init", {I32(0), I32(0), I32(1)}).code, TrapCode::MemoryOutOfBounds);
  EXPECT_TRUE(Call(inst, "init", {I32(0), I32(0), I32(0)}).has_value());
}

TEST_F(InterpTest, Globals) {
  Instance* inst = Load(R"((module
    (global $g (mut i32) (i32.const 5))
    (global $h (mut i64) (i64.const -1))
    (global $v (mut v128) (v128.const i64x2 1 2))
    (func (export "inc") (result i32)
      (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g))
    (func (export "h") (result i64) (global.get $h))
    (func (export "vswap") (result i64)
      (global.set $v (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                       (global.get $v) (global.get $v)))
      (i64x2.extract_lane 0 (global.get $v)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "inc"), 6u);
  EXPECT_EQ(Run1(inst, "inc"), 7u);
  EXPECT_EQ(Run1(inst, "h"), I64(-1));
  EXPECT_EQ(Run1(inst, "vswap"), 2u);
  EXPECT_EQ(Run1(inst, "vswap"), 1u);
}

TEST_F(InterpTest, Simd) {
  Instance* inst = Load(R"((module
    (memory 1)
    (func (export "add") (param i32 i32) (result i32)
      (i32x4.extract_lane 2
        (i32x4.add (i32x4.splat (local.get 0)) (i32x4.splat (local.get 1)))))
    (func (export "mem") (result i64)
      (v128.store (i32.const 32) (v128.const i32x4 1 2 3 4))
      (i64x2.extract_lane 1 (v128.load (i32.const 32))))
    (func (export "lane") (result i32)
      (v128.store (i32.const 0) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))
      (i8x16.extract_lane_u 5
        (v128.load8_lane 5 (i32.const 9) (v128.const i64x2 0 0))))
    (func (export "replace") (param f64) (result f64)
      (f64x2.extract_lane 1 (f64x2.replace_lane 1 (v128.const f64x2 0 0) (local.get 0))))
    (func (export "bitselect") (result i64)
      (i64x2.extract_lane 0 (v128.bitselect (v128.const i64x2 -1 0) (v128.const i64x2 0 0)
                                            (v128.const i64x2 0xff00 0))))
    (func (export "oob") (result i32)
      (i32x4.extract_lane 0 (v128.load (i32.const 65530))))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "add", {I32(3), I32(4)}), 7u);
  EXPECT_EQ(Run1(inst, "mem"), 0x0000000400000003u);
  EXPECT_EQ(Run1(inst, "lane"), 9u);
  EXPECT_EQ(Run1(inst, "replace", {F64(2.5)}), F64(2.5));
  EXPECT_EQ(Run1(inst, "bitselect"), 0xff00u);
  EXPECT_EQ(RunTrap(inst, "oob").code, TrapCode::MemoryOutOfBounds);
}

TEST_F(InterpTest, NumericTraps) {
  Instance* inst = Load(R"((module
    (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "rem64") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
    (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
    (func (export "trunc_sat") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
    (func (export "unreachable") (unreachable))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "div", {I32(-7), I32(2)}), I32(-3));
  EXPECT_EQ(RunTrap(inst, "div", {I32(1), I32(0)}).code, TrapCode::IntegerDivideByZero);
  EXPECT_EQ(RunTrap(inst, "div", {I32(INT32_MIN), I32(-1)}).code, TrapCode::IntegerOverflow);
  EXPECT_EQ(RunTrap(inst, "rem64", {I64(1), I64(0)}).code, TrapCode::IntegerDivideByZero);
  EXPECT_EQ(Run1(inst, "trunc", {F32(-3.9f)}), I32(-3));
  EXPECT_EQ(RunTrap(inst, "trunc", {F32(std::bit_cast<float>(0x7fc00000u))}).code,
            TrapCode::InvalidConversion);
  EXPECT_EQ(RunTrap(inst, "trunc", {F32(3e9f)}).code, TrapCode::IntegerOverflow);
  EXPECT_EQ(Run1(inst, "trunc_sat", {F32(3e9f)}), I32(INT32_MAX));
  const Trap t = RunTrap(inst, "unreachable");
  EXPECT_EQ(t.code, TrapCode::Unreachable);
  EXPECT_EQ(t.Message(), "unreachable");
}

TEST_F(InterpTest, TrapBacktraceIsInnermostFirst) {
  Instance* inst = Load(R"((module
    (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
    (func $middle (param i32) (result i32) (call $inner (local.get 0)))
    (func $outer (export "outer") (param i32) (result i32)
      (i32.add (i32.const 1) (call $middle (local.get 0))))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "outer", {I32(1)}), 2u);
  const Trap t = RunTrap(inst, "outer", {I32(0)});
  EXPECT_EQ(t.code, TrapCode::IntegerDivideByZero);
  ASSERT_EQ(t.frames.size(), 3u);
  EXPECT_EQ(t.frames[0].func_index, 0u);
  EXPECT_EQ(t.frames[1].func_index, 1u);
  EXPECT_EQ(t.frames[2].func_index, 2u);
  EXPECT_GT(t.frames[0].offset, 0u);
  EXPECT_GT(t.frames[2].offset, t.frames[1].offset);  // later in the module
  // The store stays usable after a trap.
  EXPECT_EQ(Run1(inst, "outer", {I32(1)}), 2u);
}

TEST_F(InterpTest, CallIndirectAndItsTraps) {
  Instance* inst = Load(R"((module
    (type $ii (func (param i32) (result i32)))
    (type $v (func))
    (table 4 funcref)
    (elem (i32.const 0) $double $nothing)
    (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
    (func $nothing (type $v))
    (func (export "call") (param i32 i32) (result i32)
      (call_indirect (type $ii) (local.get 1) (local.get 0)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "call", {I32(0), I32(21)}), 42u);
  EXPECT_EQ(RunTrap(inst, "call", {I32(1), I32(0)}).code, TrapCode::IndirectCallTypeMismatch);
  EXPECT_EQ(RunTrap(inst, "call", {I32(2), I32(0)}).code, TrapCode::UninitializedElement);
  EXPECT_EQ(RunTrap(inst, "call", {I32(4), I32(0)}).code, TrapCode::UndefinedElement);
  EXPECT_EQ(RunTrap(inst, "call", {I32(-1), I32(0)}).code, TrapCode::UndefinedElement);
  EXPECT_EQ(TrapMessage(TrapCode::IndirectCallTypeMismatch),
            std::string("indirect call type mismatch"));
}

TEST_F(InterpTest, TableInstructions) {
  Instance* inst = Load(R"((module
    (table $t 2 10 funcref)
    (table $e 3 externref)
    (elem $seg func $a $b)
    (func $a (result i32) (i32.const 1))
    (func $b (result i32) (i32.const 2))
    (func (export "init") (param i32 i32 i32) (table.init $t $seg (local.get 0) (local.get 1) (local.get 2)))
    (func (export "dropseg") (elem.drop $seg))
    (func (export "call") (param i32) (result i32) (call_indirect $t (result i32) (local.get 0)))
    (func (export "size") (result i32) (table.size $t))
    (func (export "grow") (param i32) (result i32) (table.grow $t (ref.func $a) (local.get 0)))
    (func (export "isnull") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
    (func (export "set") (param i32) (table.set $t (local.get 0) (ref.null func)))
    (func (export "fill") (param i32 i32) (table.fill $t (local.get 0) (ref.func $b) (local.get 1)))
    (func (export "copy") (param i32 i32 i32) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
    (func (export "ext") (param externref) (result i32)
      (table.set $e (i32.const 2) (local.get 0))
      (ref.is_null (table.get $e (i32.const 2))))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "isnull", {I32(0)}), 1u);
  ASSERT_TRUE(Call(inst, "init", {I32(0), I32(0), I32(2)}).has_value());
  EXPECT_EQ(Run1(inst, "call", {I32(0)}), 1u);
  EXPECT_EQ(Run1(inst, "call", {I32(1)}), 2u);
  EXPECT_EQ(RunTrap(inst, "init", {I32(1), I32(0), I32(2)}).code, TrapCode::TableOutOfBounds);
  ASSERT_TRUE(Call(inst, "dropseg").has_value());
  EXPECT_EQ(RunTrap(inst, "init", {I32(0), I32(0), I32(1)}).code, TrapCode::TableOutOfBounds);
  EXPECT_EQ(Run1(inst, "size"), 2u);
  EXPECT_EQ(Run1(inst, "grow", {I32(3)}), 2u);
  EXPECT_EQ(Run1(inst, "size"), 5u);
  EXPECT_EQ(Run1(inst, "call", {I32(4)}), 1u);
  EXPECT_EQ(Run1(inst, "grow", {I32(6)}), I32(-1));
  ASSERT_TRUE(Call(inst, "set", {I32(4)}).has_value());
  EXPECT_EQ(Run1(inst, "isnull", {I32(4)}), 1u);
  EXPECT_EQ(RunTrap(inst, "isnull", {I32(5)}).code, TrapCode::TableOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "set", {I32(5)}).code, TrapCode::TableOutOfBounds);
  ASSERT_TRUE(Call(inst, "fill", {I32(2), I32(3)}).has_value());
  EXPECT_EQ(Run1(inst, "call", {I32(4)}), 2u);
  EXPECT_EQ(RunTrap(inst, "fill", {I32(4), I32(2)}).code, TrapCode::TableOutOfBounds);
  ASSERT_TRUE(Call(inst, "copy", {I32(1), I32(0), I32(2)}).has_value());  // overlapping
  EXPECT_EQ(Run1(inst, "call", {I32(1)}), 1u);
  EXPECT_EQ(Run1(inst, "call", {I32(2)}), 2u);
  EXPECT_EQ(RunTrap(inst, "copy", {I32(4), I32(0), I32(2)}).code, TrapCode::TableOutOfBounds);
  EXPECT_EQ(Run1(inst, "ext", {ToRef(store_.ExternRef(7))}), 0u);
}

// table64 indices are full i64s: 2^32 or -2^35 must not wrap into the table (found by the
// binaryen differential fuzzer: table.set at 0xfffffff800000000 wrote entry 0).
TEST_F(InterpTest, Table64IndicesAreNotTruncated) {
  valid::Options options = DefaultOptions();
  options.features.memory64 = true;
  Instance* inst = Load(R"((module
    (table $t i64 4 funcref)
    (elem $seg func $a)
    (func $a (result i32) (i32.const 7))
    (func (export "set") (param i64) (table.set $t (local.get 0) (ref.func $a)))
    (func (export "isnull") (param i64) (result i32) (ref.is_null (table.get $t (local.get 0))))
    (func (export "fill") (param i64 i64) (table.fill $t (local.get 0) (ref.func $a) (local.get 1)))
    (func (export "copy") (param i64 i64 i64)
      (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
    (func (export "init") (param i64) (table.init $t $seg (local.get 0) (i32.const 0) (i32.const 1)))
    (func (export "call") (param i64) (result i32) (call_indirect $t (result i32) (local.get 0)))
    (func (export "grow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0)))
    (func (export "size") (result i64) (table.size $t))))",
                        options);
  ASSERT_TRUE(inst);
  const int64_t kWraps[] = {int64_t{1} << 32, -(int64_t{1} << 35), -1};
  for (int64_t i : kWraps) {
    SCOPED_TRACE(i);
    EXPECT_EQ(RunTrap(inst, "set", {I64(i)}).code, TrapCode::TableOutOfBounds);
    EXPECT_EQ(RunTrap(inst, "isnull", {I64(i)}).code, TrapCode::TableOutOfBounds);
    EXPECT_EQ(RunTrap(inst, "fill", {I64(i), I64(1)}).code, TrapCode::TableOutOfBounds);
    EXPECT_EQ(RunTrap(inst, "copy", {I64(i), I64(0), I64(1)}).code, TrapCode::TableOutOfBounds);
    EXPECT_EQ(RunTrap(inst, "copy", {I64(0), I64(i), I64(1)}).code, TrapCode::TableOutOfBounds);
    EXPECT_EQ(RunTrap(inst, "init", {I64(i)}).code, TrapCode::TableOutOfBounds);
    EXPECT_EQ(RunTrap(inst, "call", {I64(i)}).code, TrapCode::UndefinedElement);
  }
  // A length that would overflow the end check.
  EXPECT_EQ(RunTrap(inst, "fill", {I64(1), I64(-1)}).code, TrapCode::TableOutOfBounds);
  EXPECT_EQ(RunTrap(inst, "copy", {I64(1), I64(0), I64(-1)}).code, TrapCode::TableOutOfBounds);
  // Nothing above wrote entry 0.
  EXPECT_EQ(Run1(inst, "isnull", {I64(0)}), 1u);
  ASSERT_TRUE(Call(inst, "set", {I64(3)}).has_value());
  EXPECT_EQ(Run1(inst, "call", {I64(3)}), 7u);
  // table.grow by 2^32 fails with an i64 -1 and leaves the size alone.
  EXPECT_EQ(Run1(inst, "grow", {I64(int64_t{1} << 32)}), I64(-1));
  EXPECT_EQ(Run1(inst, "size"), 4u);
  EXPECT_EQ(Run1(inst, "grow", {I64(2)}), 4u);
  EXPECT_EQ(Run1(inst, "size"), 6u);
}

TEST_F(InterpTest, EndlessHostReentryExhaustsTheStackWithoutACrash) {
  // wasm -> host -> wasm -> host ... with no end: each nesting takes native stack, so the
  // nesting is refused (call stack exhausted) before the 10,000 wasm frames would be.
  Instance* inst = nullptr;
  int depth = 0, max_depth = 0;
  linker_.DefineHostFunc(store_, "env", "again", FuncType{{}, {ValType::I32()}},
                         [&](HostContext&, std::span<const uint64_t>,
                             std::span<uint64_t> results) -> Expected<void, Trap> {
                           max_depth = std::max(max_depth, ++depth);
                           uint64_t out = 0;
                           auto r =
                               Invoke(store_, Export(inst, "f"), {}, std::span<uint64_t>(&out, 1));
                           --depth;
                           if (!r) return Unexpected(std::move(r).error());
                           results[0] = out;
                           return {};
                         });
  inst = Load(R"((module
    (import "env" "again" (func $again (result i32)))
    (func (export "f") (result i32) (call $again))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(RunTrap(inst, "f").code, TrapCode::CallStackExhausted);
  EXPECT_GT(max_depth, 5);  // nesting itself works
  // Refused by the native-stack budget (2 MiB: ~900 nestings in Release), not by the frame
  // count (two frames per nesting: 5,000), which would overflow an 8 MiB stack first.
  EXPECT_LT(max_depth, 4000);
  EXPECT_EQ(depth, 0);
  // The store is usable afterwards: the next call nests and is refused again.
  EXPECT_EQ(RunTrap(inst, "f").code, TrapCode::CallStackExhausted);
}

TEST_F(InterpTest, HostCallsSeeCallerMemoryAndMayReenter) {
  int calls = 0;
  Instance* inst = nullptr;
  linker_.DefineHostFunc(store_, "env", "poke",
                         FuncType{{ValType::I32(), ValType::I32()}, {ValType::I32()}},
                         [&](HostContext& ctx, std::span<const uint64_t> args,
                             std::span<uint64_t> results) -> Expected<void, Trap> {
                           ++calls;
                           if (!ctx.memory) return Unexpected(Trap::Host("no memory"));
                           const auto addr = static_cast<uint32_t>(args[0]);
                           const auto value = static_cast<uint8_t>(args[1]);
                           if (!ctx.memory->InBounds(addr, 1))
                             return Unexpected(Trap::Host("bad address"));
                           ctx.memory->data()[addr] = value;
                           results[0] = args[0] + args[1];
                           return {};
                         });
  linker_.DefineHostFunc(store_, "env", "reenter", FuncType{{ValType::I32()}, {ValType::I32()}},
                         [&](HostContext&, std::span<const uint64_t> args,
                             std::span<uint64_t> results) -> Expected<void, Trap> {
                           // Calls back into wasm: fac(n) through the export.
                           uint64_t out = 0;
                           auto r = Invoke(store_, Export(inst, "fac"), args,
                                           std::span<uint64_t>(&out, 1));
                           if (!r) return Unexpected(std::move(r).error());
                           results[0] = out + 1000;
                           return {};
                         });
  linker_.DefineHostFunc(
      store_, "env", "fail", FuncType{{}, {}},
      [](HostContext&, std::span<const uint64_t>, std::span<uint64_t>) -> Expected<void, Trap> {
        return Unexpected(Trap::Exit(3));
      });
  inst = Load(R"((module
    (import "env" "poke" (func $poke (param i32 i32) (result i32)))
    (import "env" "reenter" (func $reenter (param i32) (result i32)))
    (import "env" "fail" (func $fail))
    (memory (export "memory") 1)
    (func $fac (export "fac") (param i32) (result i32)
      (if (result i32) (i32.le_u (local.get 0) (i32.const 1))
        (then (i32.const 1))
        (else (i32.mul (local.get 0) (call $fac (i32.sub (local.get 0) (i32.const 1)))))))
    (func (export "poke") (result i32)
      (i32.add (call $poke (i32.const 8) (i32.const 5)) (i32.load8_u (i32.const 8))))
    (func (export "nested") (param i32) (result i32)
      ;; wasm -> host -> wasm, with live values on both sides
      (i32.add (local.get 0) (call $reenter (local.get 0))))
    (func (export "deep") (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (call $reenter (i32.const 5)))
        (else (i32.const 0))))
    (func (export "exit") (result i32) (call $fail) (i32.const 1))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "poke"), 18u);  // 8 + 5, then the byte written by the host
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(Run1(inst, "nested", {I32(5)}), 5u + 120u + 1000u);
  EXPECT_EQ(Run1(inst, "deep", {I32(1)}), 1120u);
  const Trap t = RunTrap(inst, "exit");
  EXPECT_TRUE(t.is_exit());
  EXPECT_EQ(t.exit_code, 3);
  ASSERT_FALSE(t.frames.empty());
  // Invoking a host function directly works too (and it may call back into wasm).
  uint64_t r = 0;
  const uint64_t args[1] = {5};
  ASSERT_TRUE(Invoke(store_, inst->funcs[1], args, std::span<uint64_t>(&r, 1)).has_value());
  EXPECT_EQ(r, 1120u);
}

TEST_F(InterpTest, WrongArgumentCountIsAnError) {
  Instance* inst = Load(R"((module (func (export "f") (param i32) (result i32) (local.get 0))))");
  ASSERT_TRUE(inst);
  uint64_t r = 0;
  auto res = Invoke(store_, Export(inst, "f"), {}, std::span<uint64_t>(&r, 1));
  ASSERT_FALSE(res.has_value());
  EXPECT_EQ(res.error().code, TrapCode::HostError);
}

class InterpLimitTest : public InterpTest {
 protected:
  InterpLimitTest() : InterpTest(StoreLimits{.max_call_depth = 500, .max_stack_slots = 1 << 16}) {}
};

TEST_F(InterpLimitTest, DeepRecursionExhaustsTheCallStack) {
  Instance* inst = Load(R"((module
    (func $down (export "down") (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))
        (else (i32.const 0))))
    (func $forever (export "forever") (call $forever))
    (func $wide (export "wide") (param i64) (result i64)
      (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64
             i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
      (call $wide (local.get 0)))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "down", {I32(400)}), 400u);
  const Trap t = RunTrap(inst, "forever");
  EXPECT_EQ(t.code, TrapCode::CallStackExhausted);
  EXPECT_EQ(t.Message(), "call stack exhausted");
  EXPECT_EQ(RunTrap(inst, "down", {I32(100000)}).code, TrapCode::CallStackExhausted);
  // Frames too big for the value stack run out of slots before the depth limit.
  EXPECT_EQ(RunTrap(inst, "wide", {I64(1)}).code, TrapCode::CallStackExhausted);
  EXPECT_EQ(Run1(inst, "down", {I32(10)}), 10u);
  // Exactly at the limit: down(499) .. down(0) are the 500 frames allowed, one more is not.
  EXPECT_EQ(Run1(inst, "down", {I32(499)}), 499u);
  EXPECT_EQ(RunTrap(inst, "down", {I32(500)}).code, TrapCode::CallStackExhausted);
}

class InterpNoDepthTest : public InterpTest {
 protected:
  InterpNoDepthTest() : InterpTest(StoreLimits{.max_call_depth = 0, .max_stack_slots = 1 << 16}) {}
};

TEST_F(InterpNoDepthTest, ACallDepthLimitOfZeroLetsNoFunctionRun) {
  Instance* inst = Load(R"((module (func (export "f") (result i32) (i32.const 1))))");
  ASSERT_TRUE(inst);
  EXPECT_EQ(RunTrap(inst, "f").code, TrapCode::CallStackExhausted);
}

TEST(FrameStack, HoldsExactlyTheFramesReservedAndPopsInOrder) {
  FrameStack frames;
  ASSERT_TRUE(frames.Reserve(3));
  EXPECT_TRUE(frames.empty());
  uint64_t slots[3] = {};
  for (uint64_t& s : slots) {
    EXPECT_FALSE(frames.full());
    frames.push_back(CallFrame{nullptr, &s, nullptr});
  }
  EXPECT_TRUE(frames.full());  // the call path traps here rather than push a fourth
  EXPECT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames.end() - frames.begin(), 3);
  EXPECT_EQ(frames.back().fp, &slots[2]);
  frames.pop_back();
  EXPECT_FALSE(frames.full());
  EXPECT_EQ(frames.back().fp, &slots[1]);
  frames.clear();
  EXPECT_TRUE(frames.empty());
  // A depth limit of 1 takes the host's entry frame only; 0 not even that.
  FrameStack one;
  ASSERT_TRUE(one.Reserve(1));
  EXPECT_FALSE(one.full());
  one.push_back(CallFrame{nullptr, nullptr, nullptr});
  EXPECT_TRUE(one.full());
  FrameStack none;
  ASSERT_TRUE(none.Reserve(0));
  EXPECT_TRUE(none.reserved());
  EXPECT_TRUE(none.full());
}

TEST_F(InterpTest, TailCallsDoNotGrowTheStack) {
  valid::Options options = DefaultOptions();
  options.features.tail_call = true;
  Instance* inst = Load(R"((module
    (type $t (func (param i64 i64) (result i64)))
    (table funcref (elem $loop))
    (func $loop (export "loop") (param i64 i64) (result i64)
      (if (result i64) (i64.eqz (local.get 0))
        (then (local.get 1))
        (else (return_call $loop (i64.sub (local.get 0) (i64.const 1))
                                 (i64.add (local.get 1) (local.get 0))))))
    (func (export "indirect") (param i64) (result i64)
      (return_call_indirect (type $t) (local.get 0) (i64.const 0) (i32.const 0)))))",
                        options);
  ASSERT_TRUE(inst);
  EXPECT_EQ(Run1(inst, "loop", {I64(1000000), I64(0)}), 500000500000u);
  EXPECT_EQ(Run1(inst, "indirect", {I64(100)}), 5050u);
}

}  // namespace
}  // namespace wr::interp
