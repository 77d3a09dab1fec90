// Per-store control of plugins (issue 12): the resource limiter, pre-linked instantiation and
// custom sections.
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

constexpr const char* kGrower = R"wat((module
  (memory (export "memory") 1 100)
  (table (export "table") 2 50 funcref)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "grow_table") (param i32) (result i32)
    (table.grow (ref.null func) (local.get 0)))))wat";

// Records every question and denies growth past a byte budget.
struct Recorder : wasmrun::ResourceLimiter {
  uint64_t budget = 4 * 65536;
  std::vector<std::pair<uint64_t, uint64_t>> asked;
  bool MemoryGrowing(uint64_t current, uint64_t desired, uint64_t maximum) override {
    asked.emplace_back(current, desired);
    EXPECT_EQ(maximum, 100u * 65536);
    return desired <= budget;
  }
};

TEST(LimiterTest, MemoryGrowthAsksAndMayBeDenied) {
  Engine engine;
  Store store(engine);
  Recorder rec;
  store.SetLimiter(&rec);
  Linker linker(store);
  auto inst = linker.Instantiate(MustCompile(engine, kGrower));
  ASSERT_TRUE(inst.ok()) << inst.error().ToString();
  ASSERT_EQ(rec.asked.size(), 1u);  // the initial page, at instantiation
  EXPECT_EQ(rec.asked[0], (std::pair<uint64_t, uint64_t>{0, 65536}));
  auto grow = inst->GetTypedFunc<int32_t(int32_t)>("grow");
  ASSERT_TRUE(grow.ok());
  EXPECT_EQ(*grow->Call(3), 1);   // 1 -> 4 pages: within the budget
  EXPECT_EQ(*grow->Call(1), -1);  // 4 -> 5 pages: denied, as memory.grow past the maximum
  EXPECT_EQ(inst->GetMemory("memory")->pages(), 4u);
  EXPECT_FALSE(inst->GetMemory("memory")->Grow(1).ok());  // the host's Grow is asked too
  ASSERT_EQ(rec.asked.size(), 4u);
  EXPECT_EQ(rec.asked[2], (std::pair<uint64_t, uint64_t>{4 * 65536, 5 * 65536}));
  store.SetLimiter(nullptr);
  EXPECT_EQ(*grow->Call(1), 4);  // no limiter: the engine's limits only
}

TEST(LimiterTest, StoreLimitsCapTablesInstancesAndInitialSizes) {
  Engine engine;
  Store store(engine);
  wasmrun::StoreLimits limits;
  limits.table_elements = 10;
  limits.instances = 2;
  limits.memory_bytes = 2 * 65536;
  store.SetLimiter(&limits);
  Linker linker(store);
  Module m = MustCompile(engine, kGrower);
  auto a = linker.Instantiate(m);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  auto gt = a->GetTypedFunc<int32_t(int32_t)>("grow_table");
  ASSERT_TRUE(gt.ok());
  EXPECT_EQ(*gt->Call(8), 2);   // 2 -> 10
  EXPECT_EQ(*gt->Call(1), -1);  // 10 -> 11: denied
  EXPECT_EQ(a->GetTable("table")->size(), 10u);
  EXPECT_EQ(*a->GetTypedFunc<int32_t(int32_t)>("grow")->Call(2), -1);  // 3 pages > 2

  auto big = linker.Instantiate(MustCompile(engine, "(module (memory 3))"));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind, ErrorKind::Resource);
  EXPECT_NE(big.error().message.find("ResourceLimiter"), std::string::npos);

  auto b = linker.Instantiate(m);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(store.instance_count(), 2u);
  auto c = linker.Instantiate(m);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, ErrorKind::Resource);
  EXPECT_EQ(store.instance_count(), 2u);
}

TEST(InstancePreTest, ResolvesOnceInstantiatesMany) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  int calls = 0;
  linker.DefineTyped("env", "hit", [&](Caller&, int32_t x) -> int32_t {
    ++calls;
    return x * 2;
  });
  Module m = MustCompile(engine, R"wat((module
    (import "env" "hit" (func $hit (param i32) (result i32)))
    (memory (export "memory") 2)
    (data (i32.const 16) "plugin")
    (global $n (mut i32) (i32.const 0))
    (func (export "run") (param i32) (result i32)
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (i32.add (call $hit (local.get 0)) (global.get $n)))))wat");
  auto pre = linker.InstantiatePre(m);
  ASSERT_TRUE(pre.ok()) << pre.error().ToString();
  std::vector<wasmrun::Instance> instances;
  for (int i = 0; i < 50; ++i) {
    auto inst = pre->Instantiate();
    ASSERT_TRUE(inst.ok()) << inst.error().ToString();
    instances.push_back(*inst);
  }
  // Each instance has its own state: its own global and memory.
  auto r0 = instances[0].GetTypedFunc<int32_t(int32_t)>("run");
  auto r1 = instances[1].GetTypedFunc<int32_t(int32_t)>("run");
  ASSERT_TRUE(r0.ok() && r1.ok());
  EXPECT_EQ(*r0->Call(5), 11);
  EXPECT_EQ(*r0->Call(5), 12);
  EXPECT_EQ(*r1->Call(5), 11);
  EXPECT_EQ(calls, 3);
  auto s = instances[49].GetMemory("memory")->ReadString(16, 6);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, "plugin");
  ASSERT_TRUE(instances[0].GetMemory("memory")->Write<uint8_t>(16, 'X').ok());
  EXPECT_EQ(*instances[1].GetMemory("memory")->ReadString(16, 1), "p");
  EXPECT_EQ(store.instance_count(), 50u);

  auto missing = Linker(store).InstantiatePre(m);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::Link);
  EXPECT_NE(missing.error().message.find("unknown import"), std::string::npos);
  Linker wrong(store);
  wrong.DefineTyped("env", "hit", [](Caller&, int64_t x) -> int64_t { return x; });
  auto bad = wrong.InstantiatePre(m);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::Link);
  EXPECT_FALSE(wasmrun::InstancePre().Instantiate().ok());
}

TEST(CustomSectionTest, PayloadsByName) {
  // A binary module with two custom sections named "abi" and one named "other".
  const std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  //
                                      0x00, 0x06, 0x03, 'a',  'b',  'i',  'v',  '1',   //
                                      0x00, 0x06, 0x05, 'o',  't',  'h',  'e',  'r',   //
                                      0x00, 0x05, 0x03, 'a',  'b',  'i',  '2'};
  Engine engine;
  auto m = Module::FromBinary(engine, bytes);
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  auto abi = m->custom_sections("abi");
  ASSERT_EQ(abi.size(), 2u);
  EXPECT_EQ(std::string(abi[0].begin(), abi[0].end()), "v1");
  EXPECT_EQ(std::string(abi[1].begin(), abi[1].end()), "2");
  EXPECT_EQ(m->custom_sections("other").size(), 1u);
  EXPECT_TRUE(m->custom_sections("other")[0].empty());
  EXPECT_TRUE(m->custom_sections("none").empty());
  EXPECT_TRUE(Module().custom_sections("abi").empty());
}

wasmrun::Config SmallReservation() {
  wasmrun::Config c;
  c.memory_reservation = wasmrun::MemoryReservation::Small;
  return c;
}

TEST(SmallReservationTest, MemoriesMoveWhenTheyGrowAndKeepTheirBytes) {
  Engine engine(SmallReservation());
  Store store(engine);
  Linker linker(store);
  // The host grows the memory in the middle of a wasm function: the interpreter must see the
  // moved base after the call, after memory.grow, after a callee that grew it returns and
  // after a callee that tail-called the host returns.
  linker.DefineTyped("env", "host_grow", [](Caller& c, int32_t pages) -> int32_t {
    auto r = c.memory()->Grow(static_cast<uint64_t>(pages));
    return r ? static_cast<int32_t>(*r) : -1;
  });
  auto inst = linker.Instantiate(MustCompile(engine, R"wat((module
    (import "env" "host_grow" (func $host_grow (param i32) (result i32)))
    (memory (export "memory") 1)
    (func $grow (param i32) (result i32) (memory.grow (local.get 0)))
    (func $tail_grow (param i32) (result i32) (return_call $host_grow (local.get 0)))
    (func (export "run") (result i32)
      (i32.store (i32.const 100) (i32.const 0x11223344))
      (drop (memory.grow (i32.const 3)))                ;; 1 -> 4 pages: moves
      (i32.store (i32.const 200000) (i32.load (i32.const 100)))
      (drop (call $host_grow (i32.const 8)))           ;; 4 -> 12: moves again
      (i32.store (i32.const 700000) (i32.load (i32.const 200000)))
      (drop (call $grow (i32.const 20)))               ;; 12 -> 32 in a callee
      (i32.store (i32.const 2000000) (i32.load (i32.const 700000)))
      (drop (call $tail_grow (i32.const 16)))          ;; 32 -> 48 by the host, tail-called
      (i32.store (i32.const 3000000) (i32.load (i32.const 2000000)))
      (i32.load (i32.const 3000000)))))wat"));
  ASSERT_TRUE(inst.ok()) << inst.error().ToString();
  auto run = inst->GetTypedFunc<int32_t()>("run");
  ASSERT_TRUE(run.ok());
  auto r = run->Call();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(*r, 0x11223344);
  auto mem = *inst->GetMemory("memory");
  EXPECT_EQ(mem.pages(), 48u);
  EXPECT_EQ(*mem.Read<uint32_t>(100), 0x11223344u);
  EXPECT_EQ(*mem.Read<uint32_t>(48 * 65536 - 4), 0u);  // fresh pages are zero
  EXPECT_FALSE(mem.Read<uint32_t>(48 * 65536).ok());
}

TEST(SmallReservationTest, ManyMoreLiveMemoriesThanFullReservationsAllow) {
  // 40,000 memories of 4 GiB reservations would need 160 TiB of address space, more than a
  // 47-bit user address space holds; small reservations take one page each.
  Engine engine(SmallReservation());
  Store store(engine);
  Linker linker(store);
  Module m = MustCompile(engine, R"wat((module (memory (export "memory") 1)
    (func (export "f") (result i32) (i32.store (i32.const 8) (i32.const 7)) (i32.load (i32.const 8)))))wat");
  constexpr int kInstances = 40'000;
  auto pre = linker.InstantiatePre(m);
  ASSERT_TRUE(pre.ok());
  wasmrun::Instance last;
  for (int i = 0; i < kInstances; ++i) {
    auto inst = pre->Instantiate();
    ASSERT_TRUE(inst.ok()) << i << ": " << inst.error().ToString();
    last = *inst;
  }
  EXPECT_EQ(*last.GetTypedFunc<int32_t()>("f")->Call(), 7);
  EXPECT_EQ(store.instance_count(), static_cast<uint64_t>(kInstances));
}

}  // namespace
