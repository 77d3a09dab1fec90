// References the host holds through the public API are roots of the collector while held, and
// only while held: a Value pins its object, copies share the pin, and the last copy releases it.
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace {

using wasmrun::Config;
using wasmrun::Engine;
using wasmrun::Func;
using wasmrun::Linker;
using wasmrun::Module;
using wasmrun::Store;
using wasmrun::TrapKind;
using wasmrun::ValType;
using wasmrun::Value;

constexpr const char* kModule = R"((module
  (type $s (struct (field i32)))
  (table (export "t") 1 (ref null $s))
  (global (export "g") (mut (ref null $s)) (ref.null $s))
  (func (export "make") (param i32) (result (ref $s)) (struct.new $s (local.get 0)))
  (func (export "get") (param (ref $s)) (result i32) (struct.get $s 0 (local.get 0)))
  (func (export "keep_in_global") (param i32) (global.set 0 (struct.new $s (local.get 0))))
  (func (export "drop_global") (global.set 0 (ref.null $s)))
  ;; Allocates `n` structs of 8 fields and drops them: garbage that forces collections.
  (type $big (struct (field i64 i64 i64 i64 i64 i64 i64 i64)))
  (func (export "churn") (param $n i32)
    (loop $l
      (drop (struct.new_default $big))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
))";

Engine SmallHeap() {
  Config c;
  c.limits.max_gc_bytes = 1 << 20;  // 1 MiB: churn(100000) collects many times
  return Engine(c);
}

class GcRootsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = Module::FromWat(engine_, kModule);
    ASSERT_TRUE(m.ok()) << m.error().ToString();
    auto inst = linker_.Instantiate(*m);
    ASSERT_TRUE(inst.ok()) << inst.error().ToString();
    inst_ = *inst;
  }
  Value Call1(const char* name, std::vector<Value> args) {
    auto r = inst_.GetFunc(name)->Call(args);
    EXPECT_TRUE(r.ok()) << name << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() && !r->empty() ? (*r)[0] : Value();
  }
  void Churn() {
    auto r = inst_.GetFunc("churn")->Call({Value::FromI32(100000)});
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  Engine engine_ = SmallHeap();
  Store store_{engine_};
  Linker linker_{store_};
  wasmrun::Instance inst_;
};

TEST_F(GcRootsApiTest, AValueTheHostHoldsSurvivesCollections) {
  Value s = Call1("make", {Value::FromI32(42)});
  Churn();
  EXPECT_EQ(Call1("get", {s}).i32(), 42);  // under ASan, a freed struct would be reported
}

TEST_F(GcRootsApiTest, CopiesShareThePin) {
  std::optional<Value> original = Call1("make", {Value::FromI32(7)});
  Value copy = *original;
  Value moved = std::move(copy);
  original.reset();  // the copy that made the pin is gone; `moved` still holds it
  Churn();
  EXPECT_EQ(Call1("get", {moved}).i32(), 7);
}

TEST_F(GcRootsApiTest, ValuesReadFromGlobalsAndTablesArePinned) {
  Call1("keep_in_global", {Value::FromI32(5)});
  Value from_global = inst_.GetGlobal("g")->Get();
  Call1("drop_global", {});  // now only the host refers to it
  Churn();
  EXPECT_EQ(Call1("get", {from_global}).i32(), 5);

  auto table = inst_.GetTable("t");
  ASSERT_TRUE(table->Set(0, Call1("make", {Value::FromI32(6)})).ok());
  Value from_table = *table->Get(0);
  ASSERT_TRUE(table->Set(0, Value::Null(ValType::NullRef)).ok());
  Churn();
  EXPECT_EQ(Call1("get", {from_table}).i32(), 6);
}

TEST_F(GcRootsApiTest, DroppedValuesReleaseTheirObjects) {
  // 200,000 structs handed to the host and dropped at once: if the pins were never released,
  // the 1 MiB heap would fill up and allocation would trap.
  Func make = *inst_.GetFunc("make");
  for (int i = 0; i < 200000; ++i) {
    auto r = make.Call({Value::FromI32(i)});
    ASSERT_TRUE(r.ok()) << "after " << i << ": " << r.error().message;
  }
}

TEST_F(GcRootsApiTest, EverythingLivePastTheBudgetStillTraps) {
  std::vector<Value> kept;
  Func make = *inst_.GetFunc("make");
  for (int i = 0; i < 200000; ++i) {
    auto r = make.Call({Value::FromI32(i)});
    if (!r.ok()) {
      EXPECT_EQ(r.error().kind, TrapKind::ResourceExhausted);
      EXPECT_GT(i, 1000);
      return;
    }
    kept.push_back((*r)[0]);
  }
  FAIL() << "200,000 pinned structs fit in a 1 MiB heap";
}

TEST(GcRootsApi, AValueMayOutliveItsStore) {
  Engine engine = SmallHeap();
  std::optional<Value> survivor;
  {
    Store store(engine);
    Linker linker(store);
    auto m = Module::FromWat(engine, kModule);
    ASSERT_TRUE(m.ok());
    auto inst = linker.Instantiate(*m);
    ASSERT_TRUE(inst.ok());
    auto r = inst->GetFunc("make")->Call({Value::FromI32(1)});
    ASSERT_TRUE(r.ok());
    survivor = (*r)[0];
  }
  survivor.reset();  // nothing to unpin any more: must not touch the dead store
  SUCCEED();
}

}  // namespace
