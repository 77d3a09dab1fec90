// Fuel and interruption over bulk instructions (interp/interpreter_bulk.cc): in code compiled
// interruptible, every op whose work is proportional to an operand takes 1 fuel per 64 bytes
// it writes (rounded up; 8 bytes per table reference and per array slot), checks the whole
// charge before writing anything, and checks the interrupt flag between 1 MiB chunks.
//
// Each case calls an export twice with plenty of fuel, once with length 0 and once with L:
// the difference in fuel used is the op's charge alone. Then it gives exactly what the call
// with L needs (it succeeds, leaving 0) and one less (out of fuel, nothing written).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "binary/reader.h"
#include "compile/compiled_module.h"
#include "compile/features.h"
#include "interp/interpreter.h"
#include "interp/linker.h"
#include "runtime/gc.h"
#include "runtime/store.h"
#include "text/wat.h"
#include "wat_module.h"

namespace wr::interp {
namespace {

using Values = std::vector<uint64_t>;

constexpr uint64_t kPlenty = uint64_t{1} << 40;
constexpr uint64_t kMiB = uint64_t{1} << 20;

// The documented rate: 1 fuel per 64 bytes written, rounded up.
constexpr uint64_t FuelForBytes(uint64_t bytes) {
  return (bytes + 63) / 64;
}

class BulkFuel : public ::testing::Test {
 protected:
  Instance* Load(std::string_view wat, bool interruptible = true) {
    auto m = wr::testing_support::ReadWat(wat);
    if (!m) return nullptr;
    valid::Options vo;
    vo.features = compile::SupportedFeatures();
    compile::CompileOptions co;
    co.interruptible = interruptible;
    auto cm = compile::CompileModule(std::move(m).value(), vo, co);
    EXPECT_TRUE(cm.has_value()) << cm.error().ToString();
    if (!cm) return nullptr;
    auto inst = linker_.Instantiate(store_, *cm);
    EXPECT_TRUE(inst.has_value()) << inst.error().Message();
    return inst ? *inst : nullptr;
  }

  Expected<Values, Trap> Call(Instance* inst, const std::string& name, Values args) {
    auto it = inst->exports.find(name);
    if (it == inst->exports.end()) return Unexpected(Trap::Host("no export " + name));
    FuncInstance* f = it->second.func();
    size_t n = 0;
    for (const ValType& t : f->type->results) n += t.slots();
    Values results(n);
    auto r = Invoke(store_, f, args, results);
    if (!r) return Unexpected(std::move(r).error());
    return results;
  }

  // Fuel a call takes, given plenty; it must succeed.
  uint64_t FuelUsed(Instance* inst, const std::string& name, Values args) {
    EXPECT_TRUE(SetFuel(store_, kPlenty));
    auto r = Call(inst, name, std::move(args));
    EXPECT_TRUE(r.has_value()) << name << ": " << (r ? "" : r.error().Message());
    return kPlenty - GetFuel(store_);
  }

  // The charge of `name` with `args_l` (length L) over `args_0` (length 0) must be `charge`;
  // with exactly enough fuel the call succeeds and leaves none, with one less it runs out of
  // fuel at the bulk op. `unchanged` (optional) then checks that nothing was written.
  template <class Check>
  void ExpectCharge(Instance* inst, const std::string& name, const Values& args_0,
                    const Values& args_l, uint64_t charge, Check unchanged) {
    SCOPED_TRACE(name);
    const uint64_t base = FuelUsed(inst, name, args_0);
    const uint64_t used = FuelUsed(inst, name, args_l);
    EXPECT_EQ(used - base, charge);
    ASSERT_TRUE(SetFuel(store_, used));
    EXPECT_TRUE(Call(inst, name, args_l).has_value());
    EXPECT_EQ(GetFuel(store_), 0u);
    if (charge == 0) return;
    before_();
    ASSERT_TRUE(SetFuel(store_, used - 1));
    auto r = Call(inst, name, args_l);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, TrapCode::OutOfFuel);
    EXPECT_EQ(GetFuel(store_), 0u);
    unchanged();
  }
  template <class Check>
  void ExpectCharge(Instance* inst, const std::string& name, uint64_t length, uint64_t charge,
                    Check unchanged) {
    ExpectCharge(inst, name, {0}, {length}, charge, unchanged);
  }
  void ExpectCharge(Instance* inst, const std::string& name, uint64_t length, uint64_t charge) {
    ExpectCharge(inst, name, {0}, {length}, charge, [] {});
  }

  uint8_t* Memory(Instance* inst, uint32_t i = 0) { return inst->memories[i]->data(); }

  // Calls with plenty of fuel; the call must succeed. Returns its first result, if any.
  uint64_t Ok(Instance* inst, const std::string& name, Values args) {
    EXPECT_TRUE(SetFuel(store_, kPlenty));
    auto r = Call(inst, name, std::move(args));
    EXPECT_TRUE(r.has_value()) << name << ": " << (r ? "" : r.error().Message());
    return r && !r->empty() ? (*r)[0] : 0;
  }

  Store store_;
  Linker linker_;
  std::function<void()> before_ = [] {};  // resets state before the out-of-fuel call
};

TEST_F(BulkFuel, MemoryFillIsChargedPerStarted64Bytes) {
  Instance* inst = Load(R"((module (memory 80)
    (func (export "fill") (param i32) (memory.fill (i32.const 16) (i32.const 0xab) (local.get 0)))))");
  ASSERT_NE(inst, nullptr);
  for (uint64_t len : {uint64_t{1}, uint64_t{63}, uint64_t{64}, uint64_t{65}, kMiB, 3 * kMiB + 5}) {
    SCOPED_TRACE(len);
    before_ = [&] { std::memset(Memory(inst), 0, 80 * 65536); };
    ExpectCharge(inst, "fill", len, FuelForBytes(len), [&] {
      const uint8_t* m = Memory(inst);
      EXPECT_EQ(std::count(m, m + 80 * 65536, 0), 80 * 65536) << "written without fuel";
    });
  }
  ASSERT_TRUE(SetFuel(store_, kPlenty));
  ASSERT_TRUE(Call(inst, "fill", {3 * kMiB + 5}).has_value());
  const uint8_t* m = Memory(inst);
  EXPECT_EQ(m[15], 0);
  EXPECT_EQ(std::count(m + 16, m + 16 + 3 * kMiB + 5, 0xab), static_cast<long>(3 * kMiB + 5));
  EXPECT_EQ(m[16 + 3 * kMiB + 5], 0);
}

TEST_F(BulkFuel, OutOfBoundsTrapsBeforeFuelIsCharged) {
  Instance* inst = Load(R"((module (memory 1)
    (func (export "fill") (param i32) (memory.fill (i32.const 0) (i32.const 1) (local.get 0)))))");
  ASSERT_NE(inst, nullptr);
  // The spec's trap comes first: no work is done, so none is charged.
  ASSERT_TRUE(SetFuel(store_, 1000));
  auto r = Call(inst, "fill", {65537});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, TrapCode::MemoryOutOfBounds);
  EXPECT_GT(GetFuel(store_), 990u);
}

TEST_F(BulkFuel, MemoryCopyAndInit) {
  Instance* inst = Load(R"((module (memory 160) (memory $b 1)
    (data $d "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")
    (func (export "copy") (param i32) (memory.copy (i32.const 0x100000) (i32.const 7) (local.get 0)))
    (func (export "copy_other") (param i32) (memory.copy $b 0 (i32.const 0) (i32.const 0) (local.get 0)))
    (func (export "init") (param i32) (memory.init $d (i32.const 100) (i32.const 0) (local.get 0)))))");
  ASSERT_NE(inst, nullptr);
  // Source bytes that the copy must not have moved when it runs out of fuel.
  before_ = [&] {
    uint8_t* m = Memory(inst);
    std::memset(m, 0, 160 * 65536);
    for (uint32_t i = 0; i < 8 * kMiB; ++i) m[i] = static_cast<uint8_t>(i * 7 + 1);
    std::memset(m + 0x100000, 0, 4 * kMiB);
  };
  before_();
  for (uint64_t len : {uint64_t{1}, uint64_t{64}, uint64_t{200}, 2 * kMiB + 1}) {
    ExpectCharge(inst, "copy", len, FuelForBytes(len), [&] {
      const uint8_t* m = Memory(inst);
      EXPECT_EQ(std::count(m + 0x100000, m + 0x100000 + len, 0), static_cast<long>(len));
    });
  }
  before_ = [&] { std::memset(Memory(inst, 1), 0, 65536); };
  ExpectCharge(inst, "copy_other", 65536, 1024, [&] {
    const uint8_t* m = Memory(inst, 1);
    EXPECT_EQ(std::count(m, m + 65536, 0), 65536);
  });
  before_ = [&] { std::memset(Memory(inst), 0, 4096); };
  ExpectCharge(inst, "init", 65, 2, [&] { EXPECT_EQ(Memory(inst)[100], 0); });
  ExpectCharge(inst, "init", 74, 2);  // the whole segment
  Ok(inst, "init", {74});
  EXPECT_EQ(std::memcmp(Memory(inst) + 100, "0123456789abcdef", 16), 0);
}

// Overlapping copies larger than a chunk go the right way in both directions.
TEST_F(BulkFuel, ChunkedOverlappingCopiesMatchMemmove) {
  Instance* inst = Load(R"((module (memory 64)
    (func (export "copy") (param i32 i32 i32)
      (memory.copy (local.get 0) (local.get 1) (local.get 2)))))");
  ASSERT_NE(inst, nullptr);
  const size_t size = 64 * 65536;
  std::vector<uint8_t> expect(size);
  for (size_t i = 0; i < size; ++i) expect[i] = static_cast<uint8_t>(i ^ (i >> 8) ^ (i >> 16));
  std::memcpy(Memory(inst), expect.data(), size);
  struct Case {
    uint32_t d, s, n;
  };
  for (const Case c : {Case{kMiB + 3, 5, 3 * kMiB - 8}, Case{17, kMiB / 2 + 1, 3 * kMiB + 11},
                       Case{0, 1, 4 * kMiB - 1}, Case{1, 0, 4 * kMiB - 1}}) {
    SCOPED_TRACE(c.d);
    std::memmove(expect.data() + c.d, expect.data() + c.s, c.n);
    ASSERT_TRUE(SetFuel(store_, kPlenty));
    ASSERT_TRUE(Call(inst, "copy", {c.d, c.s, c.n}).has_value());
    EXPECT_EQ(std::memcmp(Memory(inst), expect.data(), size), 0);
  }
}

TEST_F(BulkFuel, MemoryGrowPaysForTheZeroedPages) {
  Instance* inst = Load(R"((module (memory 1 10)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "size") (result i32) (memory.size))))");
  ASSERT_NE(inst, nullptr);
  // 1024 fuel per 64 KiB page. The base call grows by 0 pages, the next two by 1 page each:
  // 3 pages, which the out-of-fuel attempt must leave as they are.
  ExpectCharge(inst, "grow", 1, 1024, [&] { EXPECT_EQ(Ok(inst, "size", {}), 3u); });
  // A grow that fails does no work: -1, with no charge even when fuel is short.
  ASSERT_TRUE(SetFuel(store_, 100));
  auto r = Call(inst, "grow", {100});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(static_cast<uint32_t>((*r)[0]), 0xffffffffu);
  EXPECT_GT(GetFuel(store_), 90u);
}

TEST_F(BulkFuel, TableOps) {
  Instance* inst = Load(R"((module
    (table $t 100000 200000 funcref)
    (table $u 100000 funcref)
    (func $f)
    (elem $e func $f $f $f $f $f $f $f $f $f $f $f $f $f $f $f $f $f $f $f $f)
    (func (export "fill") (param i32) (table.fill $t (i32.const 0) (ref.func $f) (local.get 0)))
    (func (export "copy") (param i32) (table.copy $u $t (i32.const 0) (i32.const 0) (local.get 0)))
    (func (export "init") (param i32) (table.init $u $e (i32.const 50) (i32.const 0) (local.get 0)))
    (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))))");
  ASSERT_NE(inst, nullptr);
  TableInstance* t = inst->tables[0];
  TableInstance* u = inst->tables[1];
  auto clear = [](TableInstance* x) { std::fill(x->elems.begin(), x->elems.end(), kNullRef); };
  auto all_null = [](TableInstance* x) {
    return std::all_of(x->elems.begin(), x->elems.end(), [](Ref r) { return r == kNullRef; });
  };
  // 8 references per fuel (8 bytes each).
  before_ = [&] { clear(t); };
  for (uint64_t n : {uint64_t{1}, uint64_t{8}, uint64_t{9}, uint64_t{100000}}) {
    ExpectCharge(inst, "fill", n, (n + 7) / 8, [&] { EXPECT_TRUE(all_null(t)); });
  }
  before_ = [&] { clear(u); };
  ExpectCharge(inst, "copy", 100000, 12500, [&] { EXPECT_TRUE(all_null(u)); });
  ExpectCharge(inst, "init", 20, 3, [&] { EXPECT_TRUE(all_null(u)); });
  Ok(inst, "init", {20});
  EXPECT_NE(u->elems[69], kNullRef);
  EXPECT_EQ(u->elems[70], kNullRef);
  before_ = [] {};
  const uint64_t size0 = t->size();
  ExpectCharge(inst, "grow", 17, 3, [&] { EXPECT_EQ(t->size(), size0 + 17 + 17); });
}

TEST_F(BulkFuel, ArrayOps) {
  Instance* inst = Load(R"((module
    (type $a (array (mut i32)))
    (type $v (array (mut v128)))
    (type $b (array (mut i8)))
    (type $r (array (mut funcref)))
    (global $keep (mut (ref null $a)) (ref.null $a))
    (data $d "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")
    (func $f)
    (elem $e func $f $f $f $f $f $f $f $f $f $f $f $f $f $f $f $f $f $f $f $f)
    (func (export "new") (param i32) (drop (array.new $a (i32.const 7) (local.get 0))))
    (func (export "new_v128") (param i32) (drop (array.new $v (v128.const i64x2 1 2) (local.get 0))))
    (func (export "new_default") (param i32) (drop (array.new_default $a (local.get 0))))
    (func (export "new_data") (param i32) (drop (array.new_data $b $d (i32.const 0) (local.get 0))))
    (func (export "new_elem") (param i32) (drop (array.new_elem $r $e (i32.const 0) (local.get 0))))
    (func (export "make") (param i32) (global.set $keep (array.new_default $a (local.get 0))))
    (func (export "fill") (param i32)
      (array.fill $a (global.get $keep) (i32.const 0) (i32.const 5) (local.get 0)))
    (func (export "copy") (param i32)
      (array.copy $a $a (global.get $keep) (i32.const 1) (global.get $keep) (i32.const 0) (local.get 0)))
    (func (export "init_data") (param i32)
      (array.init_data $a $d (global.get $keep) (i32.const 0) (i32.const 0) (local.get 0)))
    (func (export "get") (param i32) (result i32) (array.get $a (global.get $keep) (local.get 0)))))");
  ASSERT_NE(inst, nullptr);
  // Allocations: 8 slots per fuel; a v128 element takes two slots.
  ExpectCharge(inst, "new", 1000, 125);
  ExpectCharge(inst, "new", 1001, 126);
  ExpectCharge(inst, "new_v128", 1000, 250);
  ExpectCharge(inst, "new_default", 1 << 17, (1 << 17) / 8);
  ExpectCharge(inst, "new_data", 74, 10);
  ExpectCharge(inst, "new_elem", 20, 3);

  Ok(inst, "make", {200000});
  auto get = [&](uint32_t i) { return Ok(inst, "get", {i}); };
  auto keep = [&] { return static_cast<ArrayObject*>(FromRef(inst->globals[0]->value[0])); };
  // One slot per element (i32): the array's slots are its elements.
  auto slots = [&] { return std::span<uint64_t>(keep()->slots(), keep()->length); };
  auto all_zero = [&] {
    const std::span<uint64_t> s = slots();
    return std::all_of(s.begin(), s.end(), [](uint64_t x) { return x == 0; });
  };
  before_ = [&] { std::ranges::fill(slots(), 0); };
  ExpectCharge(inst, "fill", 200000, 25000, [&] { EXPECT_TRUE(all_zero()); });
  Ok(inst, "fill", {200000});
  EXPECT_EQ(get(199999), 5u);
  before_ = [&] {
    for (size_t i = 0; i < slots().size(); ++i) slots()[i] = i < 1000 ? 0 : i;
  };
  ExpectCharge(inst, "copy", 190000, 23750, [&] { EXPECT_EQ(get(1000), 1000u); });
  before_ = [&] { std::ranges::fill(slots(), 0); };
  ExpectCharge(inst, "init_data", 18, 3, [&] { EXPECT_TRUE(all_zero()); });
  Ok(inst, "init_data", {18});
  EXPECT_EQ(get(0), 0x33323130u);  // "0123", little-endian
}

// A call zeroes its locals: the function entry pays 1 fuel per 8 whole local slots as well.
TEST_F(BulkFuel, FunctionEntryPaysForZeroingLocals) {
  std::string locals;
  for (int i = 0; i < 8000; ++i) locals += " i64";
  Instance* inst = Load(
      "(module (func (export \"few\") (local i64))"
      "(func (export \"many\") (local" +
      locals + ")) (func (export \"v128\") (local v128 v128 v128 v128 v128)))");
  ASSERT_NE(inst, nullptr);
  const uint64_t few = FuelUsed(inst, "few", {});
  EXPECT_EQ(FuelUsed(inst, "many", {}), few + 1000);
  EXPECT_EQ(FuelUsed(inst, "v128", {}), few + 1);  // 10 slots
}

TEST_F(BulkFuel, CodeWithoutChecksIgnoresFuel) {
  Instance* inst = Load(R"((module (memory 16)
    (func (export "fill") (param i32) (memory.fill (i32.const 0) (i32.const 1) (local.get 0)))))",
                        /*interruptible=*/false);
  ASSERT_NE(inst, nullptr);
  ASSERT_TRUE(SetFuel(store_, 0));
  EXPECT_TRUE(Call(inst, "fill", {16 * 65536}).has_value());
  EXPECT_EQ(Memory(inst)[16 * 65536 - 1], 1);
}

// A host call returns to the same region without a check: the bulk op that follows sees the
// interrupt itself, before it writes anything.
TEST_F(BulkFuel, InterruptStopsABulkOpBeforeItWrites) {
  std::shared_ptr<std::atomic<bool>> flag = InterruptFlag(store_);
  ASSERT_NE(flag, nullptr);
  linker_.DefineHostFunc(
      store_, "env", "interrupt", FuncType{{}, {}},
      [flag](HostContext&, std::span<const uint64_t>, std::span<uint64_t>) -> Expected<void, Trap> {
        flag->store(true);
        return {};
      });
  Instance* inst = Load(R"((module (import "env" "interrupt" (func $interrupt)) (memory 64)
    (func (export "fill") (param i32)
      (call $interrupt)
      (memory.fill (i32.const 0) (i32.const 1) (local.get 0)))))");
  ASSERT_NE(inst, nullptr);
  for (uint64_t n : {uint64_t{0}, uint64_t{100}, 3 * kMiB}) {
    auto r = Call(inst, "fill", {n});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, TrapCode::Interrupted);
    EXPECT_FALSE(flag->load());  // the trap clears the request
    EXPECT_EQ(Memory(inst)[0], 0);
  }
}

}  // namespace
}  // namespace wr::interp
