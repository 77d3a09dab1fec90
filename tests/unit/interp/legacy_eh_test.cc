// Legacy exception handling (try, catch, catch_all, delegate, rethrow) end to end: text ->
// decoder -> validation -> lowering -> interpreter, on the cases the spec files touch only
// lightly: delegate across calls, rethrow of the right exception from nested clauses, the
// kept exception surviving collections in the clause, payloads of every width, and the
// feature switch.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "binary/reader.h"
#include "compile/compiled_module.h"
#include "compile/features.h"
#include "interp/interpreter.h"
#include "interp/linker.h"
#include "runtime/exception.h"
#include "runtime/store.h"
#include "text/wat.h"

namespace wr {
namespace {

using Values = std::vector<uint64_t>;

class LegacyEh : public ::testing::Test {
 protected:
  explicit LegacyEh(bool stress = false) : store_(Limits(stress)) {}
  static StoreLimits Limits(bool stress) {
    StoreLimits l;
    l.gc_stress = stress;
    return l;
  }
  static Result<std::shared_ptr<const compile::CompiledModule>> Compile(
      const std::string& wat, valid::Features features = compile::SupportedFeatures()) {
    auto bytes = text::ParseWat(wat);
    if (!bytes) return Unexpected(bytes.error());
    auto m = binary::ReadModule(*bytes);
    if (!m) return Unexpected(m.error());
    valid::Options o;
    o.features = features;
    return compile::CompileModule(std::move(m).value(), o);
  }
  Instance* Load(const std::string& wat) {
    auto cm = Compile(wat);
    EXPECT_TRUE(cm.has_value()) << cm.error().ToString();
    if (!cm) return nullptr;
    auto inst = linker_.Instantiate(store_, *cm);
    EXPECT_TRUE(inst.has_value());
    return inst ? *inst : nullptr;
  }
  Expected<Values, Trap> Call(Instance* inst, const std::string& name, Values args,
                              size_t num_results) {
    FuncInstance* f = inst->exports.at(name).func();
    Values results(num_results);
    auto r = interp::Invoke(store_, f, args, results);
    if (!r) return Unexpected(std::move(r).error());
    return results;
  }
  uint64_t Run1(Instance* inst, const std::string& name, Values args = {}) {
    auto r = Call(inst, name, std::move(args), 1);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().Message());
    return r ? (*r)[0] : 0xdeadbeef;
  }
  Store store_;
  interp::Linker linker_;
};

TEST_F(LegacyEh, DelegateCrossesCallBoundaries) {
  Instance* inst = Load(R"((module
    (tag $e (param i32))
    (func $thrower (param i32) (throw $e (local.get 0)))
    ;; The try in here delegates to the function's label: to its caller, skipping the
    ;; try around it, whose catch_all would otherwise take it.
    (func $middle (param i32) (result i32)
      (try (result i32)
        (do (try (do (call $thrower (local.get 0))) (delegate 1)) (i32.const 0))
        (catch_all (i32.const -1))))
    (func (export "outer") (param i32) (result i32)
      (try (result i32)
        (do (call $middle (local.get 0)))
        (catch $e (i32.add (i32.const 1000)))))
    ;; A delegate to a try in the caller's frame is not a thing: a callee's delegate 0 at
    ;; its top level goes to whoever called it, here through a try_table.
    (func $callee (try (do (call $thrower (i32.const 5))) (delegate 0)))
    (func (export "via_try_table") (result i32)
      (block $h (result i32)
        (try_table (catch $e $h) (call $callee))
        (i32.const 0))))
  )");
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(Run1(inst, "outer", {7}), 1007u);
  EXPECT_EQ(Run1(inst, "via_try_table"), 5u);
}

TEST_F(LegacyEh, RethrowPicksTheClauseItNames) {
  Instance* inst = Load(R"((module
    (tag $a (param i32))
    (tag $b (param i32))
    (func (export "f") (param $which i32) (result i32)
      (try (result i32)
        (do
          (try (result i32)
            (do (throw $a (i32.const 1)))
            (catch $a
              (drop)
              (try (result i32)
                (do (throw $b (i32.const 2)))
                (catch $b
                  (drop)
                  (if (local.get $which) (then (rethrow 2)))  ;; the $a caught outside
                  (rethrow 0))))))                            ;; the $b caught here
        (catch $a (i32.add (i32.const 100)))
        (catch $b (i32.add (i32.const 200))))))
  )");
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(Run1(inst, "f", {1}), 101u);
  EXPECT_EQ(Run1(inst, "f", {0}), 202u);
}

TEST_F(LegacyEh, RethrownExceptionReachesTheHostIntact) {
  Instance* inst = Load(R"((module
    (tag $t (export "t") (param i64 f64 i32))
    (func (export "f")
      (try
        (do (throw $t (i64.const -2) (f64.const 2.5) (i32.const 9)))
        (catch_all (rethrow 0)))))
  )");
  ASSERT_NE(inst, nullptr);
  auto r = Call(inst, "f", {}, 0);
  ASSERT_FALSE(r.has_value());
  ASSERT_EQ(r.error().code, TrapCode::UncaughtException);
  ASSERT_NE(r.error().exception, 0u);
  const auto* exn = reinterpret_cast<const ExnObject*>(r.error().exception);
  EXPECT_EQ(exn->tag, inst->exports.at("t").tag());
  ASSERT_EQ(exn->num_slots, 3u);
  EXPECT_EQ(exn->payload()[0], static_cast<uint64_t>(-2));
  EXPECT_EQ(exn->payload()[1], std::bit_cast<uint64_t>(2.5));
  EXPECT_EQ(exn->payload()[2], 9u);
}

TEST_F(LegacyEh, ResultsOfCatchClausesAndTheirFallThrough) {
  Instance* inst = Load(R"((module
    (tag $e (param i32 i64))
    (func (export "f") (param i32) (result i32 i64 i32)
      (local $x i64)
      (i32.const 99)  ;; below the try: must be intact afterwards
      (try (result i64 i32)
        (do (if (local.get 0) (then (throw $e (i32.const 3) (i64.const 4))))
            (i64.const 10) (i32.const 20))
        (catch $e
          (local.set $x)
          (local.set 0)
          (i64.add (local.get $x) (i64.const 1))
          (local.get 0))))
    (func (export "g") (param i32) (result i32)
      (try (result i32)
        (do (if (local.get 0) (then (throw $e (i32.const 3) (i64.const 4)))) (i32.const 1))
        (catch_all (i32.const 2)))))
  )");
  ASSERT_NE(inst, nullptr);
  auto r = Call(inst, "f", {0}, 3);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, (Values{99, 10, 20}));
  r = Call(inst, "f", {1}, 3);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, (Values{99, 5, 3}));
  EXPECT_EQ(Run1(inst, "g", {0}), 1u);
  EXPECT_EQ(Run1(inst, "g", {1}), 2u);
}

TEST_F(LegacyEh, TheFeatureSwitchRejectsThem) {
  valid::Features f = compile::SupportedFeatures();
  f.legacy_exceptions = false;
  auto cm = Compile("(module (func (try (do) (catch_all))))", f);
  ASSERT_FALSE(cm.has_value());
  EXPECT_NE(cm.error().message.find("legacy-exceptions"), std::string::npos) << cm.error().message;
  f = compile::SupportedFeatures();
  EXPECT_TRUE(Compile("(module (func (try (do) (catch_all))))", f).has_value());
}

TEST_F(LegacyEh, ValidationOfLabels) {
  auto r = Compile("(module (func (block (try (do) (catch_all (rethrow 1))))))");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "invalid rethrow label");
  r = Compile("(module (func (try (do) (delegate 1))))");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "unknown label");
  EXPECT_TRUE(Compile("(module (func (try (do) (catch_all (block (rethrow 1))))))"));
}

// Collections in a clause (every allocation collects) must keep the exception it holds for
// rethrow, though no operand refers to it.
class LegacyEhStress : public LegacyEh {
 protected:
  LegacyEhStress() : LegacyEh(true) {}
};

TEST_F(LegacyEhStress, TheKeptExceptionSurvivesCollections) {
  Instance* inst = Load(R"((module
    (type $arr (array (mut i64)))
    (tag $e (param i64 i64))
    (func $churn (local i32)
      (loop $l
        (drop (array.new $arr (i64.const 1) (i32.const 64)))
        (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1)))
                            (i32.const 50)))))
    (func (export "f") (result i64)
      (try (result i64)
        (do
          (try
            (do (throw $e (i64.const 40) (i64.const 2)))
            (catch $e (drop) (drop) (call $churn) (rethrow 0)))
          (i64.const 0))
        (catch $e (i64.add)))))
  )");
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(Run1(inst, "f"), 42u);
}

}  // namespace
}  // namespace wr
