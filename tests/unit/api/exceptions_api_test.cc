// Wasm exceptions across the host boundary: an exception that leaves wasm reaches the host as a
// value it can inspect and rethrow, and a host function can throw one into its wasm caller.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace {

using wasmrun::Caller;
using wasmrun::Engine;
using wasmrun::Func;
using wasmrun::Linker;
using wasmrun::Module;
using wasmrun::Result;
using wasmrun::Store;
using wasmrun::Tag;
using wasmrun::Trap;
using wasmrun::TrapKind;
using wasmrun::ValType;
using wasmrun::Value;

class ExceptionsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto tag = Tag::New(store_, {ValType::I32});
    ASSERT_TRUE(tag.ok());
    tag_ = *tag;
    ASSERT_TRUE(linker_.Define("host", "e", tag_).ok());
    // host.throw(n): throws an exception of host.e carrying n into its caller.
    linker_.DefineFunc(
        "host", "throw", {{ValType::I32}, {}},
        [this](Caller&, std::span<const Value> args, std::span<Value>) -> Result<void, Trap> {
          auto exn = tag_.NewException(args);
          if (!exn) return wasmrun::Fail(Trap::Host(exn.error().message));
          return wasmrun::Fail(Trap::Throw(*exn));
        });
    // host.bounce(): calls the export "thrower" and passes on whatever it throws.
    linker_.DefineFunc(
        "host", "bounce", {{}, {}},
        [this](Caller&, std::span<const Value>, std::span<Value>) -> Result<void, Trap> {
          auto r = thrower_.Call({Value::FromI32(42)});
          if (!r) return wasmrun::Fail(std::move(r).error());
          return {};
        });
    auto m = Module::FromWat(engine_, R"((module
      (import "host" "e" (tag $e (param i32)))
      (import "host" "throw" (func $host_throw (param i32)))
      (import "host" "bounce" (func $bounce))
      (func (export "thrower") (param i32) (throw $e (local.get 0)))
      ;; Calls `f` and returns the value of a caught $e, or -1.
      (func (export "catch_host") (result i32)
        (block $h (result i32)
          (try_table (catch $e $h) (call $host_throw (i32.const 7)))
          (i32.const -1)))
      (func (export "catch_bounced") (result i32)
        (block $h (result i32)
          (try_table (catch $e $h) (call $bounce))
          (i32.const -1)))
      (func (export "uncaught_host") (call $host_throw (i32.const 9)))
      (func (export "rethrow") (param exnref) (throw_ref (local.get 0)))
      ;; A try_table around a return_call does not see what the callee throws: the
      ;; caller's handler does.
      (func $tail (result i32)
        (block $inner
          (try_table (catch_all $inner) (return_call $host_throw_i32)))
        (i32.const -2))
      (func $host_throw_i32 (result i32) (call $host_throw (i32.const 5)) (i32.const 0))
      (func (export "tail") (result i32)
        (block $h (result i32)
          (try_table (result i32) (catch $e $h) (call $tail))))
    ))");
    ASSERT_TRUE(m.ok()) << m.error().ToString();
    auto inst = linker_.Instantiate(*m);
    ASSERT_TRUE(inst.ok()) << inst.error().ToString();
    inst_ = *inst;
    thrower_ = *inst_.GetFunc("thrower");
  }

  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
  Tag tag_;
  Func thrower_;
  wasmrun::Instance inst_;
};

TEST_F(ExceptionsApiTest, AnUncaughtExceptionReachesTheHostAsAValue) {
  auto r = thrower_.Call({Value::FromI32(42)});
  ASSERT_FALSE(r.ok());
  const Trap& t = r.error();
  EXPECT_EQ(t.kind, TrapKind::UncaughtException);
  ASSERT_TRUE(t.exception.has_value());
  EXPECT_EQ(t.exception->type(), ValType::Ref(wasmrun::HeapType::Exn, false));
  EXPECT_EQ(t.exception->exception_tag(), tag_);
  const std::vector<Value> args = t.exception->exception_args();
  ASSERT_EQ(args.size(), 1u);
  EXPECT_EQ(args[0].i32(), 42);
}

TEST_F(ExceptionsApiTest, AHostFunctionThrowsIntoItsCaller) {
  auto r = inst_.GetFunc("catch_host")->Call({});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)[0].i32(), 7);
  auto u = inst_.GetFunc("uncaught_host")->Call({});
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().kind, TrapKind::UncaughtException);
  ASSERT_TRUE(u.error().exception.has_value());
  EXPECT_EQ(u.error().exception->exception_args()[0].i32(), 9);
}

TEST_F(ExceptionsApiTest, AnExceptionPassedOnByTheHostIsCaughtInWasm) {
  auto r = inst_.GetFunc("catch_bounced")->Call({});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)[0].i32(), 42);
}

TEST_F(ExceptionsApiTest, TheHostCanRethrowAnExceptionItHolds) {
  auto r = thrower_.Call({Value::FromI32(3)});
  ASSERT_FALSE(r.ok());
  Value exn = *r.error().exception;
  auto again = inst_.GetFunc("rethrow")->Call({exn});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().exception, exn);  // the same exception object
}

TEST_F(ExceptionsApiTest, ATailCalledHostFunctionThrowsPastTheTailCaller) {
  auto r = inst_.GetFunc("tail")->Call({});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)[0].i32(), 5);
}

TEST_F(ExceptionsApiTest, OnlyExceptionsOfTheStoreCanBeThrown) {
  Store other(engine_);
  auto foreign_tag = Tag::New(other, {ValType::I32});
  ASSERT_TRUE(foreign_tag.ok());
  auto foreign = foreign_tag->NewException(std::vector<Value>{Value::FromI32(1)});
  ASSERT_TRUE(foreign.ok());
  for (Value bad : {*foreign, Value::FromI32(1), Value::Null(ValType::ExnRef)}) {
    Store s(engine_);
    Linker l(s);
    l.DefineFunc("host", "f", {{}, {}},
                 [bad](Caller&, std::span<const Value>, std::span<Value>) -> Result<void, Trap> {
                   return wasmrun::Fail(Trap::Throw(bad));
                 });
    auto m = Module::FromWat(engine_, R"((module (import "host" "f" (func $f))
      (func (export "run") (call $f))))");
    ASSERT_TRUE(m.ok());
    auto inst = l.Instantiate(*m);
    ASSERT_TRUE(inst.ok());
    auto r = inst->GetFunc("run")->Call({});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, TrapKind::HostError) << bad.ToString();
    EXPECT_NE(r.error().message.find("host function threw"), std::string::npos);
  }
  // Wrong payloads are refused when the exception is made.
  EXPECT_FALSE(tag_.NewException(std::vector<Value>{Value::FromI64(1)}).ok());
  EXPECT_FALSE(tag_.NewException(std::vector<Value>{}).ok());
}

}  // namespace
