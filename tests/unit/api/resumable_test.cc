// Resumable host calls (issue 12 part 6): a host function suspends the guest
// (Caller::Suspend), the call returns a ResumableCall, and the host resumes it later with the
// host function's results, on the same thread or another.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "wasmrun/wasmrun.hpp"

namespace {

using wasmrun::Caller;
using wasmrun::Engine;
using wasmrun::Linker;
using wasmrun::Module;
using wasmrun::Result;
using wasmrun::ResumableCall;
using wasmrun::Store;
using wasmrun::Trap;
using wasmrun::Value;

// run(x): a = fetch(x); b = fetch(a + 1); returns a * 1000 + b + x (locals live across both
// suspensions). tail(x): return_call fetch. nested(x): calls the host "outer", which calls
// back into inner(x) -> fetch. spin: an endless loop after a fetch.
constexpr const char* kGuest = R"wat((module
  (import "env" "fetch" (func $fetch (param i32) (result i32)))
  (import "env" "outer" (func $outer (param i32) (result i32)))
  (func (export "run") (param $x i32) (result i32) (local $a i32) (local $b i32)
    (local.set $a (call $fetch (local.get $x)))
    (local.set $b (call $fetch (i32.add (local.get $a) (i32.const 1))))
    (i32.add (i32.add (i32.mul (local.get $a) (i32.const 1000)) (local.get $b)) (local.get $x)))
  (func (export "tail") (param i32) (result i32) (return_call $fetch (local.get 0)))
  (func (export "nested") (param i32) (result i32) (call $outer (local.get 0)))
  (func (export "inner") (param i32) (result i32) (call $fetch (local.get 0)))
  (func (export "after") (param i32) (result i32)
    (if (i32.eqz (call $fetch (local.get 0))) (then (unreachable)))
    (i32.const 7))
  (func (export "spin") (param i32) (result i32)
    (drop (call $fetch (local.get 0)))
    (loop $l (br $l))
    (i32.const 0))
  (func (export "plain") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))))wat";

struct Fixture {
  explicit Fixture(const Engine& engine) : store(engine), linker(store) {
    linker.DefineTyped("env", "fetch", [this](Caller& c, int32_t x) -> Result<int32_t, Trap> {
      seen = x;
      auto s = c.Suspend();
      if (!s) {
        suspend_error = s.error().message;
        return wasmrun::Fail(Trap::Host("could not suspend"));
      }
      return -1;  // ignored: Resume supplies the result
    });
    linker.DefineTyped("env", "outer", [this](Caller& c, int32_t x) -> Result<int32_t, Trap> {
      auto inner = c.GetFunc("inner")->Typed<int32_t(int32_t)>();
      return inner->Call(x);  // host -> wasm -> host(fetch): fetch may not suspend
    });
    auto m = Module::FromWat(engine, kGuest);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().ToString());
    auto i = linker.Instantiate(*m);
    EXPECT_TRUE(i.ok()) << (i.ok() ? "" : i.error().ToString());
    inst = *i;
  }
  wasmrun::Func F(const char* name) { return *inst.GetFunc(name); }

  Store store;
  Linker linker;
  wasmrun::Instance inst;
  int32_t seen = 0;
  std::string suspend_error;
};

TEST(ResumableTest, SuspendsTwiceAndResumesWithLocalsKept) {
  Engine engine;
  Fixture fx(engine);
  auto call = fx.F("run").CallResumable({Value::FromI32(5)});
  ASSERT_TRUE(call.ok()) << call.error().ToString();
  ASSERT_TRUE(call->suspended());
  EXPECT_EQ(fx.seen, 5);
  EXPECT_TRUE(call->host_function().valid());
  EXPECT_TRUE(call->results().empty());
  ASSERT_TRUE(call->Resume({Value::FromI32(40)}).ok());
  ASSERT_TRUE(call->suspended());  // the second fetch
  EXPECT_EQ(fx.seen, 41);
  auto r = call->Resume({Value::FromI32(2)});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_FALSE(call->suspended());
  ASSERT_EQ(call->results().size(), 1u);
  EXPECT_EQ(call->results()[0].i32(), 40 * 1000 + 2 + 5);
  EXPECT_FALSE(call->Resume({Value::FromI32(1)}).ok());  // finished: nothing to resume
}

TEST(ResumableTest, ResumesOnAnotherThread) {
  Engine engine;
  Fixture fx(engine);
  auto call = fx.F("run").CallResumable({Value::FromI32(1)});
  ASSERT_TRUE(call.ok() && call->suspended());
  ResumableCall c = std::move(*call);
  int32_t result = 0;
  std::thread t([&] {
    if (!c.Resume({Value::FromI32(3)}).ok() || !c.suspended()) return;
    if (!c.Resume({Value::FromI32(4)}).ok() || c.suspended()) return;
    result = c.results()[0].i32();
  });
  t.join();
  EXPECT_EQ(result, 3 * 1000 + 4 + 1);
}

TEST(ResumableTest, TailCallToTheHostFunctionReturnsItsResults) {
  Engine engine;
  Fixture fx(engine);
  auto call = fx.F("tail").CallResumable({Value::FromI32(9)});
  ASSERT_TRUE(call.ok() && call->suspended());
  ASSERT_TRUE(call->Resume({Value::FromI32(123)}).ok());
  ASSERT_FALSE(call->suspended());
  EXPECT_EQ(call->results()[0].i32(), 123);
}

TEST(ResumableTest, FinishesWithoutSuspendingLikeCall) {
  Engine engine;
  Fixture fx(engine);
  auto call = fx.F("plain").CallResumable({Value::FromI32(41)});
  ASSERT_TRUE(call.ok());
  EXPECT_FALSE(call->suspended());
  EXPECT_EQ(call->results()[0].i32(), 42);
  auto bad = fx.F("plain").CallResumable({Value::FromI64(1)});  // arguments are checked
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("argument 0"), std::string::npos);
}

TEST(ResumableTest, NestedHostFrameCannotSuspend) {
  Engine engine;
  Fixture fx(engine);
  auto call = fx.F("nested").CallResumable({Value::FromI32(1)});
  ASSERT_FALSE(call.ok());
  EXPECT_NE(fx.suspend_error.find("another host function is between"), std::string::npos)
      << fx.suspend_error;
  EXPECT_NE(call.error().message.find("could not suspend"), std::string::npos);
  // The store is left usable.
  auto again = fx.F("plain").Call({Value::FromI32(1)});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[0].i32(), 2);
}

TEST(ResumableTest, PlainCallCannotSuspend) {
  Engine engine;
  Fixture fx(engine);
  auto r = fx.F("run").Call({Value::FromI32(1)});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(fx.suspend_error.find("not started as resumable"), std::string::npos)
      << fx.suspend_error;
}

TEST(ResumableTest, StoreRefusesOtherCallsWhileSuspended) {
  Engine engine;
  Fixture fx(engine);
  auto call = fx.F("run").CallResumable({Value::FromI32(1)});
  ASSERT_TRUE(call.ok() && call->suspended());
  auto other = fx.F("plain").Call({Value::FromI32(1)});
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().message.find("suspended call"), std::string::npos)
      << other.error().message;
  auto typed = fx.inst.GetTypedFunc<int32_t(int32_t)>("plain");
  ASSERT_TRUE(typed.ok());
  EXPECT_FALSE(typed->Call(1).ok());
  auto second = fx.F("run").CallResumable({Value::FromI32(1)});
  EXPECT_FALSE(second.ok());
  EXPECT_TRUE(call->suspended());  // the refused call did not disturb the suspended one
  // The host may still use the instance's memory and globals; the suspended call goes on.
  ASSERT_TRUE(call->Resume({Value::FromI32(1)}).ok());
  ASSERT_TRUE(call->Resume({Value::FromI32(1)}).ok());
  EXPECT_EQ(call->results()[0].i32(), 1000 + 1 + 1);
  EXPECT_EQ(*typed->Call(1), 2);  // callable again
}

TEST(ResumableTest, DroppingFreesTheStoreForOtherCalls) {
  Engine engine;
  Fixture fx(engine);
  {
    auto call = fx.F("run").CallResumable({Value::FromI32(1)});
    ASSERT_TRUE(call.ok() && call->suspended());
  }  // dropped without resuming
  auto typed = fx.inst.GetTypedFunc<int32_t(int32_t)>("plain");
  EXPECT_EQ(*typed->Call(5), 6);
  auto call = fx.F("run").CallResumable({Value::FromI32(2)});
  ASSERT_TRUE(call.ok() && call->suspended());
  call->Drop();
  EXPECT_FALSE(call->suspended());
  EXPECT_FALSE(call->Resume({Value::FromI32(1)}).ok());
  EXPECT_EQ(*typed->Call(6), 7);
  // Many dropped calls leave nothing behind on the interpreter stack.
  for (int i = 0; i < 10000; ++i) {
    auto c = fx.F("run").CallResumable({Value::FromI32(i)});
    ASSERT_TRUE(c.ok() && c->suspended());
  }
  EXPECT_EQ(*typed->Call(7), 8);
}

TEST(ResumableTest, WrongResultTypeKeepsItSuspended) {
  Engine engine;
  Fixture fx(engine);
  auto call = fx.F("tail").CallResumable({Value::FromI32(1)});
  ASSERT_TRUE(call.ok() && call->suspended());
  auto bad = call->Resume({Value::FromF64(1.0)});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("result 0"), std::string::npos) << bad.error().message;
  EXPECT_TRUE(call->suspended());
  EXPECT_FALSE(call->Resume({}).ok());  // wrong count
  ASSERT_TRUE(call->Resume({Value::FromI32(8)}).ok());
  EXPECT_EQ(call->results()[0].i32(), 8);
}

TEST(ResumableTest, TrapAfterResumeEndsTheCall) {
  Engine engine;
  Fixture fx(engine);
  auto call = fx.F("after").CallResumable({Value::FromI32(1)});
  ASSERT_TRUE(call.ok() && call->suspended());
  auto r = call->Resume({Value::FromI32(0)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, wasmrun::TrapKind::Unreachable);
  EXPECT_FALSE(r.error().frames.empty());
  EXPECT_FALSE(call->suspended());
  EXPECT_EQ((*fx.F("plain").Call({Value::FromI32(1)}))[0].i32(), 2);
}

TEST(ResumableTest, FuelCarriesOverAndInterruptApplies) {
  wasmrun::Config config;
  config.interruptible = true;
  Engine engine(config);
  Fixture fx(engine);
  ASSERT_TRUE(fx.store.SetFuel(100000).ok());
  auto call = fx.F("spin").CallResumable({Value::FromI32(1)});
  ASSERT_TRUE(call.ok() && call->suspended());
  const uint64_t left = fx.store.fuel();
  EXPECT_LT(left, 100000u);
  auto r = call->Resume({Value::FromI32(1)});  // the loop runs out of the fuel left
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, wasmrun::TrapKind::OutOfFuel);

  ASSERT_TRUE(fx.store.SetFuel(UINT64_MAX / 2).ok());
  auto call2 = fx.F("spin").CallResumable({Value::FromI32(1)});
  ASSERT_TRUE(call2.ok() && call2->suspended());
  EXPECT_TRUE(fx.store.interrupt_handle().Interrupt());  // requested while suspended
  auto r2 = call2->Resume({Value::FromI32(1)});
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().kind, wasmrun::TrapKind::Interrupted);
}

TEST(ResumableTest, HandleOutlivesItsStore) {
  Engine engine;
  ResumableCall kept;
  {
    auto fx = std::make_unique<Fixture>(engine);
    auto call = fx->F("run").CallResumable({Value::FromI32(1)});
    ASSERT_TRUE(call.ok() && call->suspended());
    kept = std::move(*call);
  }  // the store is gone
  EXPECT_FALSE(kept.suspended());
  EXPECT_FALSE(kept.host_function().valid());
  auto r = kept.Resume({Value::FromI32(1)});
  EXPECT_FALSE(r.ok());
}  // destroying `kept` must not touch the freed store (ASan)

TEST(ResumableTest, HostFunctionCalledDirectlyCannotSuspend) {
  Engine engine;
  Fixture fx(engine);
  auto fetch = fx.linker.Get("env", "fetch");
  ASSERT_TRUE(fetch.has_value());
  auto* f = std::get_if<wasmrun::Func>(&*fetch);
  ASSERT_NE(f, nullptr);
  auto call = f->CallResumable({Value::FromI32(1)});
  EXPECT_FALSE(call.ok());
  EXPECT_NE(fx.suspend_error.find("not called from wasm"), std::string::npos) << fx.suspend_error;
}

}  // namespace
