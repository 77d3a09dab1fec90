// wasi-threads through the public API: Linker::DefineWasiThreads spawns real threads that
// share the module's imported memory; Features::threads switches the proposal off.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace {

using wasmrun::Config;
using wasmrun::Engine;
using wasmrun::Linker;
using wasmrun::Module;
using wasmrun::Store;
using wasmrun::Value;

// `run(n)` spawns n threads that each add their start argument (1..n) to a counter with
// i32.atomic.rmw.add, waits for all of them with memory.atomic.wait32, and returns the sum.
constexpr const char* kSpawner = R"((module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (drop (i32.atomic.rmw.add (i32.const 0) (local.get $arg)))
    (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 4) (i32.const 1))))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $d i32)
    (loop $s
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (if (i32.lt_s (call $spawn (local.get $i)) (i32.const 1)) (then (unreachable)))
      (br_if $s (i32.lt_u (local.get $i) (local.get $n))))
    (block $done
      (loop $w
        (local.set $d (i32.atomic.load (i32.const 4)))
        (br_if $done (i32.ge_u (local.get $d) (local.get $n)))
        (drop (memory.atomic.wait32 (i32.const 4) (local.get $d) (i64.const -1)))
        (br $w)))
    (i32.atomic.load (i32.const 0))))
)";

TEST(ThreadsApi, SpawnedThreadsShareTheMemory) {
  Engine engine;
  auto m = Module::FromWat(engine, kSpawner);
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  Store store(engine);
  Linker linker(store);
  EXPECT_FALSE(linker.DefineWasiThreads(*m).ok());  // DefineWasi first
  ASSERT_TRUE(linker.DefineWasi({}).ok());
  EXPECT_FALSE(linker.DefineWasiThreads(*m, 0).ok());
  ASSERT_TRUE(linker.DefineWasiThreads(*m, 8).ok());
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.error().ToString();
  auto run = inst->GetFunc("run");
  ASSERT_TRUE(run.has_value());
  auto r = run->Call({Value::FromI32(8)});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ((*r)[0].i32(), 36);  // 1 + 2 + ... + 8
}

TEST(ThreadsApi, FeatureSwitchesOff) {
  Config c;
  c.features.threads = false;
  Engine off(c);
  auto m = Module::FromWat(off, kSpawner);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().ToString().find("threads"), std::string::npos) << m.error().ToString();
  EXPECT_TRUE(Module::FromWat(Engine(), kSpawner).ok());  // on by default
}

}  // namespace

namespace {

// An interrupt reaches a thread blocked in memory.atomic.wait32 with no timeout: the wait ends
// with an Interrupted trap (the host can always stop a plugin), and the flag is cleared.
TEST(ThreadsApi, InterruptEndsAWaitWithoutTimeout) {
  Config c;
  c.interruptible = true;
  Engine engine(c);
  auto m = Module::FromWat(engine, R"((module
    (memory 1 1 shared)
    (func (export "wait") (param i64) (result i32)
      (memory.atomic.wait32 (i32.const 0) (i32.const 0) (local.get 0)))))");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  Store store(engine);
  Linker linker(store);
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.error().ToString();
  auto wait = inst->GetFunc("wait");
  ASSERT_TRUE(wait.has_value());
  wasmrun::InterruptHandle handle = store.interrupt_handle();

  std::optional<wasmrun::Result<std::vector<Value>, wasmrun::Trap>> result;
  std::thread waiter([&] { result = wait->Call({Value::FromI64(-1)}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(handle.Interrupt());
  waiter.join();
  ASSERT_TRUE(result.has_value());
  ASSERT_FALSE(result->ok()) << "the wait returned " << (**result)[0].i32();
  EXPECT_EQ(result->error().kind, wasmrun::TrapKind::Interrupted);

  // The flag was cleared: a wait with a timeout times out (2) as before.
  auto again = wait->Call({Value::FromI64(1'000'000)});
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ((*again)[0].i32(), 2);
}

}  // namespace
