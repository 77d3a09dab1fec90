// The threads proposal end to end (WAT -> decode -> validate -> compile -> run): every atomic
// load, store, read-modify-write and cmpxchg in every width (result and memory effect), the
// traps (unaligned, out of bounds, wait on an unshared memory), wait/notify results, notify
// counts across stores on real threads, memory64 addresses, and concurrent memory.grow.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "binary/reader.h"
#include "compile/compiled_module.h"
#include "compile/features.h"
#include "interp/interpreter.h"
#include "interp/linker.h"
#include "runtime/shared_memory.h"
#include "runtime/store.h"
#include "text/wat.h"
#include "wat_module.h"

namespace wr::interp {
namespace {

using Values = std::vector<uint64_t>;

std::shared_ptr<const compile::CompiledModule> Compile(const std::string& wat) {
  auto m = wr::testing_support::ReadWat(wat);
  if (!m) return nullptr;
  valid::Options o;
  o.features = compile::SupportedFeatures();
  auto cm = compile::CompileModule(std::move(m).value(), o);
  EXPECT_TRUE(cm.has_value()) << cm.error().ToString();
  return cm ? *cm : nullptr;
}

// One store with one instance of a module; calls its exports.
struct Runner {
  Store store;
  Linker linker;
  Instance* inst = nullptr;

  explicit Runner(const std::string& wat) {
    auto cm = Compile(wat);
    if (!cm) return;
    auto i = linker.Instantiate(store, cm);
    EXPECT_TRUE(i.has_value()) << i.error().Message();
    if (i) inst = *i;
  }
  Expected<Values, Trap> Call(const std::string& name, Values args) {
    auto it = inst->exports.find(name);
    if (it == inst->exports.end()) return Unexpected(Trap::Host("no export " + name));
    FuncInstance* f = it->second.func();
    Values results(f->type->results.size());
    auto r = Invoke(store, f, args, results);
    if (!r) return Unexpected(std::move(r).error());
    return results;
  }
  uint64_t Run1(const std::string& name, Values args) {
    auto r = Call(name, std::move(args));
    EXPECT_TRUE(r.has_value()) << name << ": " << (r ? "" : r.error().Message());
    return r && !r->empty() ? (*r)[0] : 0xdeadbeef;
  }
  TrapCode TrapOf(const std::string& name, Values args) {
    auto r = Call(name, std::move(args));
    return r ? TrapCode::None : r.error().code;
  }
  MemoryInstance* memory() { return inst->memories[0]; }
};

struct AtomicOp {
  const char* text;  // e.g. "i32.atomic.rmw8.add_u"
  bool is64;         // value type i64
  unsigned bytes;    // access width
};

// The operations of the RMW family, by name, in the access width (`mask`).
uint64_t Apply(const std::string& op, uint64_t old, uint64_t v, uint64_t mask) {
  uint64_t r = 0;
  if (op == "add") r = old + v;
  if (op == "sub") r = old - v;
  if (op == "and") r = old & v;
  if (op == "or") r = old | v;
  if (op == "xor") r = old ^ v;
  if (op == "xchg") r = v;
  return r & mask;
}

std::vector<AtomicOp> RmwOps(const std::string& op) {
  return {
      {"i32.atomic.rmw.", false, 4},  {"i64.atomic.rmw.", true, 8},
      {"i32.atomic.rmw8.", false, 1}, {"i32.atomic.rmw16.", false, 2},
      {"i64.atomic.rmw8.", true, 1},  {"i64.atomic.rmw16.", true, 2},
      {"i64.atomic.rmw32.", true, 4},
  };
  (void)op;
}

std::string RmwName(const AtomicOp& o, const std::string& op) {
  std::string n = std::string(o.text) + op;
  if (o.bytes != (o.is64 ? 8u : 4u)) n += "_u";
  return n;
}

const char* const kRmw[] = {"add", "sub", "and", "or", "xor", "xchg"};

// A module exporting every atomic instruction as a function named by its mnemonic, at
// offset=8 (so effective addresses are addr + 8), on a shared memory of one page.
std::string AllOpsModule(bool memory64 = false) {
  const std::string at = memory64 ? "i64" : "i32";
  std::string w = "(module (memory " + std::string(memory64 ? "i64 " : "") + "1 1 shared)\n";
  for (const char* op : kRmw) {
    for (const AtomicOp& o : RmwOps(op)) {
      const std::string n = RmwName(o, op);
      const std::string t = o.is64 ? "i64" : "i32";
      w += "(func (export \"" + n + "\") (param " + at + " " + t + ") (result " + t + ") (" + n +
           " offset=8 (local.get 0) (local.get 1)))\n";
    }
  }
  for (const AtomicOp& o : RmwOps("cmpxchg")) {
    const std::string n = RmwName(o, "cmpxchg");
    const std::string t = o.is64 ? "i64" : "i32";
    w += "(func (export \"" + n + "\") (param " + at + " " + t + " " + t + ") (result " + t +
         ") (" + n + " offset=8 (local.get 0) (local.get 1) (local.get 2)))\n";
  }
  const AtomicOp loads[] = {{"i32.atomic.load", false, 4},    {"i64.atomic.load", true, 8},
                            {"i32.atomic.load8_u", false, 1}, {"i32.atomic.load16_u", false, 2},
                            {"i64.atomic.load8_u", true, 1},  {"i64.atomic.load16_u", true, 2},
                            {"i64.atomic.load32_u", true, 4}};
  for (const AtomicOp& o : loads) {
    const std::string t = o.is64 ? "i64" : "i32";
    w += "(func (export \"" + std::string(o.text) + "\") (param " + at + ") (result " + t + ") (" +
         o.text + " offset=8 (local.get 0)))\n";
  }
  const AtomicOp stores[] = {{"i32.atomic.store", false, 4},  {"i64.atomic.store", true, 8},
                             {"i32.atomic.store8", false, 1}, {"i32.atomic.store16", false, 2},
                             {"i64.atomic.store8", true, 1},  {"i64.atomic.store16", true, 2},
                             {"i64.atomic.store32", true, 4}};
  for (const AtomicOp& o : stores) {
    const std::string t = o.is64 ? "i64" : "i32";
    w += "(func (export \"" + std::string(o.text) + "\") (param " + at + " " + t + ") (" + o.text +
         " offset=8 (local.get 0) (local.get 1)))\n";
  }
  w += "(func (export \"wait32\") (param " + at +
       " i32 i64) (result i32) (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get "
       "2)))\n";
  w += "(func (export \"wait64\") (param " + at +
       " i64 i64) (result i32) (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get "
       "2)))\n";
  w += "(func (export \"notify\") (param " + at +
       " i32) (result i32) (memory.atomic.notify (local.get 0) (local.get 1)))\n";
  w += "(func (export \"fence\") (atomic.fence))\n)";
  return w;
}

constexpr uint64_t kPattern = 0x8877665544332211ull;
constexpr uint64_t kValues[] = {0x0123456789abcdefull, 0xffffffffffffffffull, 1, 0};

void Fill(MemoryInstance* m) {
  std::memset(m->data(), 0xee, 64);
  std::memcpy(m->data() + 16, &kPattern, 8);
}

uint64_t Mask(unsigned bytes) {
  return bytes == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * bytes)) - 1;
}

// Memory outside [16, 16 + bytes) must be untouched.
void ExpectUntouched(MemoryInstance* m, unsigned bytes, const std::string& what) {
  for (unsigned i = 0; i < 64; ++i) {
    if (i >= 16 && i < 16 + 8) {
      if (i >= 16 + bytes) {
        EXPECT_EQ(m->data()[i], static_cast<uint8_t>(kPattern >> (8 * (i - 16))))
            << what << " byte " << i;
      }
      continue;
    }
    EXPECT_EQ(m->data()[i], 0xee) << what << " byte " << i;
  }
}

uint64_t Read(MemoryInstance* m, unsigned bytes) {
  uint64_t v = 0;
  std::memcpy(&v, m->data() + 16, bytes);
  return v;
}

TEST(Atomics, EveryRmwOpResultAndMemoryEffect) {
  Runner r(AllOpsModule());
  ASSERT_NE(r.inst, nullptr);
  for (const char* op : kRmw) {
    for (const AtomicOp& o : RmwOps(op)) {
      const std::string n = RmwName(o, op);
      for (uint64_t v : kValues) {
        Fill(r.memory());
        const uint64_t arg = o.is64 ? v : (v & 0xffffffffu);
        const uint64_t old = r.Run1(n, {8, arg});  // address 8 + offset 8 = 16
        const uint64_t mask = Mask(o.bytes);
        EXPECT_EQ(old, kPattern & mask) << n;  // the old value, zero-extended
        EXPECT_EQ(Read(r.memory(), o.bytes), Apply(op, kPattern & mask, arg, mask))
            << n << " with " << v;
        ExpectUntouched(r.memory(), o.bytes, n);
      }
    }
  }
}

TEST(Atomics, CmpxchgReplacesOnlyOnMatchInTheAccessWidth) {
  Runner r(AllOpsModule());
  ASSERT_NE(r.inst, nullptr);
  for (const AtomicOp& o : RmwOps("cmpxchg")) {
    const std::string n = RmwName(o, "cmpxchg");
    const uint64_t mask = Mask(o.bytes);
    const uint64_t vmask = o.is64 ? ~uint64_t{0} : 0xffffffffu;
    // Match: the expected value's bits above the width are ignored (it is wrapped).
    Fill(r.memory());
    const uint64_t expected = ((kPattern & mask) | (~mask & 0xabababababababab)) & vmask;
    EXPECT_EQ(r.Run1(n, {8, expected, 0x5a5a5a5a5a5a5a5a & vmask}), kPattern & mask) << n;
    EXPECT_EQ(Read(r.memory(), o.bytes), 0x5a5a5a5a5a5a5a5a & mask) << n;
    ExpectUntouched(r.memory(), o.bytes, n);
    // Mismatch: memory unchanged, the old value returned.
    Fill(r.memory());
    EXPECT_EQ(r.Run1(n, {8, (kPattern + 1) & mask, 0}), kPattern & mask) << n;
    EXPECT_EQ(Read(r.memory(), o.bytes), kPattern & mask) << n;
  }
}

TEST(Atomics, LoadsZeroExtendAndStoresTruncate) {
  Runner r(AllOpsModule());
  ASSERT_NE(r.inst, nullptr);
  const std::pair<const char*, unsigned> loads[] = {
      {"i32.atomic.load", 4},     {"i64.atomic.load", 8},    {"i32.atomic.load8_u", 1},
      {"i32.atomic.load16_u", 2}, {"i64.atomic.load8_u", 1}, {"i64.atomic.load16_u", 2},
      {"i64.atomic.load32_u", 4}};
  for (const auto& [name, bytes] : loads) {
    Fill(r.memory());
    EXPECT_EQ(r.Run1(name, {8}), kPattern & Mask(bytes)) << name;
  }
  const std::tuple<const char*, unsigned, bool> stores[] = {
      {"i32.atomic.store", 4, false},  {"i64.atomic.store", 8, true},
      {"i32.atomic.store8", 1, false}, {"i32.atomic.store16", 2, false},
      {"i64.atomic.store8", 1, true},  {"i64.atomic.store16", 2, true},
      {"i64.atomic.store32", 4, true}};
  for (const auto& [name, bytes, is64] : stores) {
    Fill(r.memory());
    const uint64_t v = is64 ? 0x0102030405060708ull : 0x05060708u;
    ASSERT_TRUE(r.Call(name, {8, v}).has_value()) << name;
    EXPECT_EQ(Read(r.memory(), bytes), v & Mask(bytes)) << name;
    ExpectUntouched(r.memory(), bytes, name);
  }
  EXPECT_TRUE(r.Call("fence", {}).has_value());
}

TEST(Atomics, UnalignedAndOutOfBoundsTrap) {
  Runner r(AllOpsModule());
  ASSERT_NE(r.inst, nullptr);
  for (const char* op : kRmw) {
    for (const AtomicOp& o : RmwOps(op)) {
      const std::string n = RmwName(o, op);
      Fill(r.memory());
      if (o.bytes > 1) {
        EXPECT_EQ(r.TrapOf(n, {9, 1}), TrapCode::UnalignedAtomic) << n;
        EXPECT_EQ(Read(r.memory(), 8), kPattern) << n << " wrote before trapping";
      } else {
        EXPECT_EQ(r.TrapOf(n, {9, 1}), TrapCode::None) << n;  // bytes are always aligned
      }
      // The last aligned slot of the page works; one past it is out of bounds.
      EXPECT_EQ(r.TrapOf(n, {65536 - 8 - o.bytes, 1}), TrapCode::None) << n;
      EXPECT_EQ(r.TrapOf(n, {65536 - 8, 1}), TrapCode::MemoryOutOfBounds) << n;
      // Bounds come first: unaligned and out of bounds is out of bounds.
      if (o.bytes > 1) {
        EXPECT_EQ(r.TrapOf(n, {65536 - 7, 1}), TrapCode::MemoryOutOfBounds) << n;
      }
    }
  }
  EXPECT_EQ(r.TrapOf("wait32", {1, 0, 0}), TrapCode::UnalignedAtomic);
  EXPECT_EQ(r.TrapOf("wait64", {4, 0, 0}), TrapCode::UnalignedAtomic);
  EXPECT_EQ(r.TrapOf("notify", {2, 1}), TrapCode::UnalignedAtomic);
  EXPECT_EQ(r.TrapOf("notify", {65536, 1}), TrapCode::MemoryOutOfBounds);
}

TEST(Atomics, WaitResults) {
  Runner r(AllOpsModule());
  ASSERT_NE(r.inst, nullptr);
  Fill(r.memory());
  // (wait and notify have no offset: the pattern is at 16.) Not equal: 1, at once.
  EXPECT_EQ(r.Run1("wait32", {16, 0, -1ull}), 1u);
  EXPECT_EQ(r.Run1("wait64", {16, kPattern & 0xffffffffu, -1ull}), 1u);  // all 64 bits count
  // Equal, nobody notifies: timed out (2) after about the timeout.
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(r.Run1("wait32", {16, kPattern & 0xffffffffu, 20'000'000}), 2u);
  EXPECT_EQ(r.Run1("wait64", {16, kPattern, 0}), 2u);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(20));
  // Nobody waits: notify wakes 0.
  EXPECT_EQ(r.Run1("notify", {16, 5}), 0u);
}

TEST(Atomics, WaitOnUnsharedMemoryTrapsNotifyReturnsZero) {
  Runner r(R"((module (memory 1)
    (func (export "wait32") (param i32 i32 i64) (result i32)
      (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "wait64") (param i32 i64 i64) (result i32)
      (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "notify") (param i32 i32) (result i32)
      (memory.atomic.notify (local.get 0) (local.get 1)))
    (func (export "add") (param i32 i32) (result i32)
      (i32.atomic.rmw.add (local.get 0) (local.get 1)))))");
  ASSERT_NE(r.inst, nullptr);
  EXPECT_EQ(r.TrapOf("wait32", {0, 0, 0}), TrapCode::ExpectedSharedMemory);
  EXPECT_EQ(r.TrapOf("wait64", {0, 0, 0}), TrapCode::ExpectedSharedMemory);
  EXPECT_EQ(r.Run1("notify", {0, 1}), 0u);
  EXPECT_EQ(r.Run1("add", {0, 5}), 0u);  // atomics work on unshared memories too
  EXPECT_EQ(r.Run1("add", {0, 5}), 5u);
}

TEST(Atomics, Memory64Addresses) {
  Runner r(AllOpsModule(true));
  ASSERT_NE(r.inst, nullptr);
  Fill(r.memory());
  EXPECT_EQ(r.Run1("i64.atomic.rmw.add", {8, 1}), kPattern);
  EXPECT_EQ(Read(r.memory(), 8), kPattern + 1);
  EXPECT_EQ(r.TrapOf("i32.atomic.rmw.add", {10, 1}), TrapCode::UnalignedAtomic);
  // An address past 2^32 is out of bounds, not wrapped.
  EXPECT_EQ(r.TrapOf("i32.atomic.load", {uint64_t{1} << 32}), TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(r.TrapOf("i32.atomic.load", {~uint64_t{0} - 3}), TrapCode::MemoryOutOfBounds);
}

TEST(Atomics, SharedMemoryValidation) {
  auto bytes = text::ParseWat("(module (memory 1 shared))");
  ASSERT_TRUE(bytes.has_value());
  auto m = binary::ReadModule(*bytes);
  ASSERT_TRUE(m.has_value());
  valid::Options o;
  o.features = compile::SupportedFeatures();
  auto cm = compile::CompileModule(std::move(*m), o);
  ASSERT_FALSE(cm.has_value());
  EXPECT_NE(cm.error().ToString().find("shared memory must have maximum"), std::string::npos);
  // Threads off: shared memories and atomics are rejected.
  for (const char* wat : {"(module (memory 1 1 shared))",
                          "(module (memory 1) (func (drop (i32.atomic.load (i32.const 0)))))"}) {
    auto b = text::ParseWat(wat);
    ASSERT_TRUE(b.has_value());
    auto mod = binary::ReadModule(*b);
    ASSERT_TRUE(mod.has_value());
    valid::Options off;
    off.features = compile::SupportedFeatures();
    off.features.threads = false;
    auto c = compile::CompileModule(std::move(*mod), off);
    ASSERT_FALSE(c.has_value()) << wat;
    EXPECT_NE(c.error().ToString().find("threads"), std::string::npos) << c.error().ToString();
  }
  // Alignment must be exactly natural for atomics (smaller is invalid, unlike plain loads).
  auto b =
      text::ParseWat("(module (memory 1) (func (drop (i32.atomic.load align=2 (i32.const 0)))))");
  ASSERT_TRUE(b.has_value());
  auto mod = binary::ReadModule(*b);
  ASSERT_TRUE(mod.has_value());
  auto c = compile::CompileModule(std::move(*mod), o);
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().ToString().find("alignment"), std::string::npos);
}

// Waiters in three stores on three threads, importing one shared memory from a fourth store
// (which then goes away: the importers keep the memory alive). The main thread sees them
// queued, then notify wakes exactly as many as it asks for, oldest first.
TEST(Atomics, NotifyCountsAcrossStoresOnThreads) {
  auto owner = std::make_unique<Runner>("(module (memory (export \"m\") 1 1 shared))");
  ASSERT_NE(owner->inst, nullptr);
  MemoryInstance* shared = owner->memory();
  const std::string waiter_wat = R"((module (import "env" "m" (memory 1 1 shared))
    (func (export "wait") (result i32)
      (memory.atomic.wait32 (i32.const 64) (i32.const 0) (i64.const -1)))
    (func (export "notify") (param i32) (result i32)
      (memory.atomic.notify (i32.const 64) (local.get 0)))))";
  auto cm = Compile(waiter_wat);
  ASSERT_NE(cm, nullptr);
  struct Thread {
    Store store;
    Linker linker;
    Instance* inst = nullptr;
    uint64_t result = 99;
    std::thread t;
  };
  std::vector<std::unique_ptr<Thread>> threads;
  for (int i = 0; i < 3; ++i) {
    auto th = std::make_unique<Thread>();
    th->linker.Define("env", "m", Extern{ExternKind::Memory, shared});
    auto inst = th->linker.Instantiate(th->store, cm);
    ASSERT_TRUE(inst.has_value()) << inst.error().Message();
    th->inst = *inst;
    threads.push_back(std::move(th));
  }
  // The notifier: a store of its own (a store is used by one thread at a time).
  Thread main;
  main.linker.Define("env", "m", Extern{ExternKind::Memory, shared});
  auto main_inst = main.linker.Instantiate(main.store, cm);
  ASSERT_TRUE(main_inst.has_value()) << main_inst.error().Message();
  owner.reset();  // the importing stores keep the memory
  WaitQueue& q = shared->shared_state()->waiters;
  for (auto& th : threads) {
    Thread* p = th.get();
    p->t = std::thread([p] {
      FuncInstance* f = p->inst->exports.at("wait").func();
      uint64_t out = 0;
      auto r = Invoke(p->store, f, {}, std::span<uint64_t>(&out, 1));
      p->result = r ? out : 98;
    });
  }
  while (q.Waiters(64) < 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  FuncInstance* notify = (*main_inst)->exports.at("notify").func();
  auto notify_n = [&](uint32_t n) {
    uint64_t out = 0;
    const uint64_t args[] = {n};
    EXPECT_TRUE(Invoke(main.store, notify, args, std::span<uint64_t>(&out, 1)));
    return out;
  };
  EXPECT_EQ(notify_n(0), 0u);
  EXPECT_EQ(notify_n(2), 2u);
  EXPECT_EQ(q.Waiters(64), 1u);
  EXPECT_EQ(notify_n(5), 1u);
  EXPECT_EQ(notify_n(5), 0u);
  for (auto& th : threads) {
    th->t.join();
    EXPECT_EQ(th->result, 0u);  // "ok": woken
  }
}

// memory.grow on a shared memory from two threads at once: every page counts once.
TEST(Atomics, ConcurrentGrowOfSharedMemory) {
  auto owner = std::make_unique<Runner>("(module (memory (export \"m\") 0 400 shared))");
  ASSERT_NE(owner->inst, nullptr);
  MemoryInstance* shared = owner->memory();
  auto cm = Compile(R"((module (import "env" "m" (memory 0 400 shared))
    (func (export "grow") (result i32)
      (local $i i32) (local $sum i32)
      (loop $l
        (local.set $sum (i32.add (local.get $sum) (memory.grow (i32.const 1))))
        ;; touch the new page: it must be committed before others see the size
        (i32.atomic.store (i32.mul (i32.sub (memory.size) (i32.const 1)) (i32.const 65536))
                          (i32.const 1))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                            (i32.const 100))))
      (local.get $sum))))");
  ASSERT_NE(cm, nullptr);
  uint64_t sums[2] = {};
  std::thread ts[2];
  std::unique_ptr<Store> stores[2];
  Instance* insts[2];
  for (int i = 0; i < 2; ++i) {
    stores[i] = std::make_unique<Store>();
    Linker l;
    l.Define("env", "m", Extern{ExternKind::Memory, shared});
    auto inst = l.Instantiate(*stores[i], cm);
    ASSERT_TRUE(inst.has_value()) << inst.error().Message();
    insts[i] = *inst;
  }
  for (int i = 0; i < 2; ++i) {
    ts[i] = std::thread([&, i] {
      FuncInstance* f = insts[i]->exports.at("grow").func();
      uint64_t out = 0;
      auto r = Invoke(*stores[i], f, {}, std::span<uint64_t>(&out, 1));
      sums[i] = r ? out : 0;
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(shared->pages(), 200u);
  // The old sizes returned are 0..199, each once: their sum is 199 * 200 / 2.
  EXPECT_EQ(static_cast<uint32_t>(sums[0] + sums[1]), 199u * 200u / 2u);
}

}  // namespace
}  // namespace wr::interp
