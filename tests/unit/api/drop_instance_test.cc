// Store::DropInstance (issue 12): an instance dropped before its store frees its memories and
// tables, and every handle and reference that still reaches it finds it closed, not freed.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "api_test_util.h"
#include "wasmrun/wasmrun.hpp"

namespace {

using api_test::MustCompile;
using wasmrun::Caller;
using wasmrun::Engine;
using wasmrun::ErrorKind;
using wasmrun::Linker;
using wasmrun::Module;
using wasmrun::Store;
using wasmrun::TrapKind;
using wasmrun::Value;

constexpr const char* kPlugin = R"wat((module
  (memory (export "memory") 2)
  (table (export "table") 4 funcref)
  (global (export "counter") (mut i32) (i32.const 7))
  (data (i32.const 16) "plugin")
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "seven") (result i32) (i32.const 7))))wat";

TEST(DropInstanceTest, FreesMemoryAndClosesEveryHandle) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  auto inst = linker.Instantiate(MustCompile(engine, kPlugin));
  ASSERT_TRUE(inst.ok()) << inst.error().ToString();
  auto load = inst->GetTypedFunc<int32_t(int32_t)>("load");
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(*load->Call(16), 'p');
  auto seven = inst->GetFunc("seven");
  auto memory = inst->GetMemory("memory");
  auto table = inst->GetTable("table");
  auto counter = inst->GetGlobal("counter");
  ASSERT_TRUE(seven && memory && table && counter);
  EXPECT_EQ(store.instance_count(), 1u);

  ASSERT_TRUE(store.DropInstance(*inst).ok());
  EXPECT_TRUE(inst->dropped());
  EXPECT_EQ(store.instance_count(), 0u);
  EXPECT_FALSE(inst->GetFunc("load").has_value());
  EXPECT_TRUE(inst->exports().empty());
  EXPECT_FALSE(inst->memory().has_value());
  // Calls from the host trap, on every path (typed, checked, unchecked).
  auto typed = load->Call(16);
  ASSERT_FALSE(typed.ok());
  EXPECT_EQ(typed.error().kind, TrapKind::HostError);
  EXPECT_NE(typed.error().message.find("instance dropped"), std::string::npos)
      << typed.error().message;
  EXPECT_FALSE(seven->Call({}).ok());
  uint64_t slot = 0;
  EXPECT_FALSE(seven->CallUnchecked({}, {&slot, 1}).ok());
  // The memory and the table are empty and stay so; the global still reads.
  EXPECT_EQ(memory->size(), 0u);
  EXPECT_FALSE(memory->Grow(1).ok());
  EXPECT_EQ(table->size(), 0u);
  EXPECT_FALSE(table->Grow(1, Value::NullFuncRef()).ok());
  EXPECT_FALSE(table->Get(0).ok());
  EXPECT_EQ(counter->Get().i32(), 7);
  // Twice is the host's mistake, and says so.
  auto again = store.DropInstance(*inst);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::Usage);
  EXPECT_NE(again.error().message.find("already dropped"), std::string::npos);
  // The store goes on: a new instance of the same module works.
  auto fresh = linker.Instantiate(MustCompile(engine, kPlugin));
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(*fresh->GetTypedFunc<int32_t(int32_t)>("load")->Call(17), 'l');
}

TEST(DropInstanceTest, FuncrefsInOtherInstancesTrapWhenCalled) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  auto plugin = linker.Instantiate(MustCompile(engine, kPlugin));
  auto caller = linker.Instantiate(MustCompile(engine, R"wat((module
    (type $t (func (result i32)))
    (table (export "t") 1 funcref)
    (func (export "call0") (result i32) (call_indirect (type $t) (i32.const 0)))
    (func (export "alive") (result i32) (i32.const 1))))wat"));
  ASSERT_TRUE(plugin.ok() && caller.ok());
  ASSERT_TRUE(caller->GetTable("t")->Set(0, Value::FromFunc(*plugin->GetFunc("seven"))).ok());
  auto call0 = caller->GetTypedFunc<int32_t()>("call0");
  ASSERT_TRUE(call0.ok());
  EXPECT_EQ(*call0->Call(), 7);
  ASSERT_TRUE(store.DropInstance(*plugin).ok());
  auto r = call0->Call();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("instance dropped"), std::string::npos) << r.error().message;
  EXPECT_EQ(*caller->GetTypedFunc<int32_t()>("alive")->Call(), 1);  // the caller is unharmed
}

// An instance's functions are allocated in one block (Store::NewFunctions) that lives as long
// as the store, as single functions did: funcrefs and handles the host keeps from dropped
// instances, between live ones of the same module, stay valid (a block freed early is a use
// after free under ASan), and each still reaches its own function.
TEST(DropInstanceTest, HeldFuncrefsOfDroppedInstancesStayValid) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  const Module module = MustCompile(engine, R"wat((module
    (func (export "a") (result i32) (i32.const 1))
    (func (export "b") (result i32) (i32.const 2))
    (func (export "c") (param i32) (result i32) (i32.add (local.get 0) (i32.const 3)))))wat");
  std::vector<Value> refs;
  std::vector<wasmrun::Func> handles;
  for (int i = 0; i < 8; ++i) {
    auto inst = linker.Instantiate(module);
    ASSERT_TRUE(inst.ok()) << inst.error().ToString();
    auto b = inst->GetFunc("b");
    auto c = inst->GetFunc("c");
    ASSERT_TRUE(b && c);
    refs.push_back(Value::FromFunc(*b));
    handles.push_back(*c);
    if (i % 2 == 0) {
      ASSERT_TRUE(store.DropInstance(*inst).ok());
    }
  }
  for (size_t i = 0; i < refs.size(); ++i) {
    auto b = refs[i].func();
    ASSERT_TRUE(b.has_value());
    auto rb = b->Call({});
    auto rc = handles[i].Call({Value::FromI32(static_cast<int32_t>(i))});
    if (i % 2 == 0) {
      ASSERT_FALSE(rb.ok());
      EXPECT_NE(rb.error().message.find("instance dropped"), std::string::npos);
      EXPECT_FALSE(rc.ok());
    } else {
      ASSERT_TRUE(rb.ok() && rc.ok());
      EXPECT_EQ((*rb)[0].i32(), 2);
      EXPECT_EQ((*rc)[0].i32(), static_cast<int32_t>(i) + 3);
    }
  }
}

// An instantiation that fails after its element segments ran leaves its functions in the
// table it imported (the spec keeps those writes): they stay callable for the store's life.
TEST(DropInstanceTest, FunctionsOfAFailedInstantiationLeftInATableStayCallable) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  auto owner = linker.Instantiate(MustCompile(engine, R"wat((module
    (type $t (func (result i32)))
    (table (export "table") 2 funcref)
    (func (export "call1") (result i32) (call_indirect (type $t) (i32.const 1)))))wat"));
  ASSERT_TRUE(owner.ok()) << owner.error().ToString();
  ASSERT_TRUE(linker.DefineInstance("owner", *owner).ok());
  auto failed = linker.Instantiate(MustCompile(engine, R"wat((module
    (import "owner" "table" (table 2 funcref))
    (memory 1)
    (func $other (result i32) (i32.const 6))
    (func $seven (result i32) (i32.const 7))
    (elem (i32.const 1) $seven)
    (data (i32.const 65536) "x")))wat"));
  ASSERT_FALSE(failed.ok());
  auto call1 = owner->GetTypedFunc<int32_t()>("call1");
  ASSERT_TRUE(call1.ok());
  for (int i = 0; i < 4; ++i) {
    // Other instantiations allocate around the failed one's functions.
    ASSERT_TRUE(
        linker.Instantiate(MustCompile(engine, R"wat((module (func (export "f"))))wat")).ok());
    auto r = call1->Call();
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, 7);
  }
  auto seven = owner->GetTable("table")->Get(1);
  ASSERT_TRUE(seven.ok());
  ASSERT_TRUE(seven->func().has_value());
  auto r = seven->func()->Call({});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].i32(), 7);
}

TEST(DropInstanceTest, RefusedWhileImportedThenLinkingToItFails) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  auto a = linker.Instantiate(MustCompile(engine, kPlugin));
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(linker.DefineInstance("a", *a).ok());
  constexpr const char* kImporter = R"wat((module
    (import "a" "memory" (memory 1))
    (func (export "first") (result i32) (i32.load8_u (i32.const 16)))))wat";
  auto b = linker.Instantiate(MustCompile(engine, kImporter));
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  auto refused = store.DropInstance(*a);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Usage);
  EXPECT_NE(refused.error().message.find("imports"), std::string::npos);
  EXPECT_EQ(*b->GetTypedFunc<int32_t()>("first")->Call(), 'p');  // nothing changed
  ASSERT_TRUE(store.DropInstance(*b).ok());
  ASSERT_TRUE(store.DropInstance(*a).ok());
  // The linker still names a's exports; linking to them now fails and says why.
  auto c = linker.Instantiate(MustCompile(engine, kImporter));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("dropped"), std::string::npos) << c.error().message;
}

// A shared memory is never freed by a drop (other stores' threads may import it), so its
// importers do not hold the drop back, and they go on using it.
TEST(DropInstanceTest, ASharedMemoryOutlivesItsDroppedInstance) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  auto a = linker.Instantiate(MustCompile(engine, R"wat((module
    (memory (export "m") 1 1 shared)
    (func (export "put") (i32.store (i32.const 8) (i32.const 99)))))wat"));
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  ASSERT_TRUE(a->GetTypedFunc<void()>("put")->Call().ok());
  ASSERT_TRUE(linker.DefineInstance("a", *a).ok());
  auto b = linker.Instantiate(MustCompile(engine, R"wat((module
    (import "a" "m" (memory 1 1 shared))
    (func (export "get") (result i32) (i32.load (i32.const 8)))))wat"));
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  ASSERT_TRUE(store.DropInstance(*a).ok());
  EXPECT_EQ(*b->GetTypedFunc<int32_t()>("get")->Call(), 99);
}

TEST(DropInstanceTest, AHostMemoryItImportedSurvives) {
  Engine engine;
  Store store(engine);
  wasmrun::MemoryType type;
  type.limits.min = 1;
  auto mem = wasmrun::Memory::New(store, type);
  ASSERT_TRUE(mem.ok());
  Linker linker(store);
  ASSERT_TRUE(linker.Define("host", "memory", *mem).ok());
  auto a = linker.Instantiate(MustCompile(engine, R"wat((module
    (import "host" "memory" (memory 1))
    (func (export "put") (i32.store8 (i32.const 3) (i32.const 42)))))wat"));
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(a->GetTypedFunc<void()>("put")->Call().ok());
  ASSERT_TRUE(store.DropInstance(*a).ok());
  EXPECT_EQ(mem->size(), 65536u);
  EXPECT_EQ(mem->data()[3], 42);
}

TEST(DropInstanceTest, RefusedDuringACall) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  wasmrun::Instance self;
  std::string why;
  linker.DefineTyped("host", "drop_me", [&](Caller&) {
    auto r = store.DropInstance(self);
    why = r.ok() ? "dropped" : r.error().message;
  });
  auto inst = linker.Instantiate(MustCompile(engine, R"wat((module
    (import "host" "drop_me" (func $drop))
    (memory 1)
    (func (export "run") (result i32) (call $drop) (i32.store (i32.const 0) (i32.const 5))
      (i32.load (i32.const 0)))))wat"));
  ASSERT_TRUE(inst.ok());
  self = *inst;
  EXPECT_EQ(*inst->GetTypedFunc<int32_t()>("run")->Call(), 5);
  EXPECT_NE(why.find("running"), std::string::npos) << why;
  EXPECT_FALSE(inst->dropped());
  EXPECT_TRUE(store.DropInstance(self).ok());  // once the call is over
}

TEST(DropInstanceTest, NullAndForeignHandlesAreUsageErrors) {
  Engine engine;
  Store store(engine), other(engine);
  EXPECT_EQ(store.DropInstance(wasmrun::Instance()).error().kind, ErrorKind::Usage);
  Linker linker(other);
  auto inst = linker.Instantiate(MustCompile(engine, kPlugin));
  ASSERT_TRUE(inst.ok());
  auto r = store.DropInstance(*inst);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("another store"), std::string::npos);
  EXPECT_FALSE(inst->dropped());
}

// A dropped memory's reservation is reused for the next memory of its size (memory.cc): the
// new memory must read as zero everywhere, also in pages it grows into later.
TEST(DropInstanceTest, AReusedReservationReadsAsZero) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  Module m = MustCompile(engine, R"wat((module
    (memory (export "memory") 1 8)
    (func (export "dirty") (drop (memory.grow (i32.const 3)))
      (memory.fill (i32.const 0) (i32.const 0xa5) (i32.const 0x40000)))
    (func (export "sum") (result i64) (local $i i32) (local $s i64)
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.mul (memory.size) (i32.const 65536))))
        (local.set $s (i64.add (local.get $s) (i64.load8_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
      (local.get $s))
    (func (export "grow") (result i32) (memory.grow (i32.const 7)))))wat");
  for (int round = 0; round < 3; ++round) {
    auto inst = linker.Instantiate(m);
    ASSERT_TRUE(inst.ok());
    auto sum = inst->GetTypedFunc<int64_t()>("sum");
    ASSERT_TRUE(sum.ok());
    EXPECT_EQ(*sum->Call(), 0) << "round " << round;
    EXPECT_EQ(*inst->GetTypedFunc<int32_t()>("grow")->Call(), 1);
    EXPECT_EQ(*sum->Call(), 0) << "round " << round << ", after growing";
    ASSERT_TRUE(inst->GetTypedFunc<void()>("dirty")->Call().ok());
    EXPECT_EQ(*sum->Call(), 0xa5 * 0x40000);
    ASSERT_TRUE(store.DropInstance(*inst).ok());
  }
}

// Without the drop, each cycle keeps a memory alive: by default its whole 4 GiB maximum is
// reserved, as two mappings (the committed pages and the rest), and Linux gives a process
// 65,530 mappings (vm.max_map_count), so instantiation fails near cycle 32,700 (it did when
// this test was written without the drop). With it, the store holds one memory at a time.
TEST(DropInstanceTest, ReplacingAPluginManyTimesDoesNotExhaustTheAddressSpace) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  Module m = MustCompile(engine, kPlugin);
  auto pre = linker.InstantiatePre(m);
  ASSERT_TRUE(pre.ok()) << pre.error().ToString();
  constexpr int kCycles = 34000;
  for (int i = 0; i < kCycles; ++i) {
    auto inst = pre->Instantiate();
    ASSERT_TRUE(inst.ok()) << "cycle " << i << ": " << inst.error().ToString();
    ASSERT_TRUE(store.DropInstance(*inst).ok());
  }
  EXPECT_EQ(store.instance_count(), 0u);
}

}  // namespace
