// Globals, tables, memories and tags that the host creates and hands to modules as imports.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace {

using wasmrun::DefKind;
using wasmrun::Engine;
using wasmrun::ErrorKind;
using wasmrun::Extern;
using wasmrun::Global;
using wasmrun::GlobalType;
using wasmrun::HeapType;
using wasmrun::Linker;
using wasmrun::Memory;
using wasmrun::MemoryType;
using wasmrun::Module;
using wasmrun::Store;
using wasmrun::Table;
using wasmrun::TableType;
using wasmrun::Tag;
using wasmrun::ValType;
using wasmrun::Value;

class HostObjectsTest : public ::testing::Test {
 protected:
  wasmrun::Instance MustInstantiate(std::string_view wat) {
    auto m = Module::FromWat(engine_, wat);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().ToString());
    if (!m.ok()) return {};
    auto inst = linker_.Instantiate(*m);
    EXPECT_TRUE(inst.ok()) << (inst.ok() ? "" : inst.error().ToString());
    return inst.ok() ? *inst : wasmrun::Instance();
  }
  int32_t CallI32(const wasmrun::Instance& inst, std::string_view name) {
    auto r = inst.GetFunc(name)->Call({});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? (*r)[0].i32() : -999;
  }

  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
};

TEST_F(HostObjectsTest, GlobalsAreTypedAndSharedWithModules) {
  auto g = Global::New(store_, {ValType::I32, true}, Value::FromI32(5));
  ASSERT_TRUE(g.ok()) << g.error().ToString();
  ASSERT_TRUE(linker_.Define("host", "g", *g).ok());
  auto inst = MustInstantiate(R"((module
    (import "host" "g" (global $g (mut i32)))
    (func (export "bump") (result i32)
      (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g))))");
  EXPECT_EQ(CallI32(inst, "bump"), 6);
  EXPECT_EQ(g->Get().i32(), 6);
  // Wrong initial values and concrete types are refused.
  EXPECT_FALSE(Global::New(store_, {ValType::I32, false}, Value::FromI64(1)).ok());
  EXPECT_FALSE(
      Global::New(store_, {ValType::Ref(HeapType::Extern, false), false}, Value::NullExternRef())
          .ok());
  auto concrete = Global::New(store_, {ValType::RefConcrete(0, DefKind::Struct, true), false},
                              Value::Null(ValType::StructRef));
  ASSERT_FALSE(concrete.ok());
  EXPECT_EQ(concrete.error().kind, ErrorKind::Usage);
  // An immutable anyref global holding an i31, imported at its exact type.
  auto a = Global::New(store_, {ValType::AnyRef, false}, Value::FromI31(21));
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(linker_.Define("host", "a", *a).ok());
  auto inst2 = MustInstantiate(R"((module
    (import "host" "a" (global $a anyref))
    (func (export "get") (result i32) (i31.get_s (ref.cast i31ref (global.get $a))))))");
  EXPECT_EQ(CallI32(inst2, "get"), 21);
}

TEST_F(HostObjectsTest, TablesAndMemories) {
  auto t = Table::New(store_, {ValType::FuncRef, {2, 10}, false}, Value::NullFuncRef());
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->size(), 2u);
  auto m = Memory::New(store_, {{1, 4}, false, false, 65536});
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  ASSERT_TRUE(linker_.Define("host", "t", *t).ok());
  ASSERT_TRUE(linker_.Define("host", "m", *m).ok());
  auto inst = MustInstantiate(R"((module
    (import "host" "t" (table 2 funcref))
    (import "host" "m" (memory 1 4))
    (func $f (result i32) (i32.const 9))
    (elem (i32.const 1) $f)
    (data (i32.const 100) "hi")
    (func (export "size") (result i32) (table.size))))");
  EXPECT_EQ(CallI32(inst, "size"), 2);
  EXPECT_FALSE(t->Get(1)->is_null());
  EXPECT_EQ(*m->ReadString(100, 2), "hi");
  // Refused: an element of the wrong type, a bad page size, min above max, past limits.
  EXPECT_FALSE(Table::New(store_, {ValType::FuncRef, {1, {}}, false}, Value::FromExtern(1)).ok());
  EXPECT_FALSE(Table::New(store_, {ValType::I32, {1, {}}, false}, Value::FromI32(0)).ok());
  EXPECT_FALSE(Table::New(store_, {ValType::FuncRef, {3, 2}, false}, Value::NullFuncRef()).ok());
  auto huge =
      Table::New(store_, {ValType::FuncRef, {uint64_t{1} << 40, {}}, true}, Value::NullFuncRef());
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().kind, ErrorKind::Resource);
  EXPECT_FALSE(Memory::New(store_, {{1, {}}, false, false, 4096}).ok());
  EXPECT_FALSE(Memory::New(store_, {{2, 1}, false, false, 65536}).ok());
  EXPECT_FALSE(Memory::New(store_, {{1, {}}, false, true, 65536}).ok());  // shared needs a max
  auto big = Memory::New(store_, {{70000, {}}, false, false, 65536});
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind, ErrorKind::Resource);
}

TEST_F(HostObjectsTest, TablesShareTheStoresBudgetOfEntries) {
  // max_table_entries (10M by default) bounds each table and all of a store's tables together.
  auto a = Table::New(store_, {ValType::FuncRef, {6'000'000, {}}, false}, Value::NullFuncRef());
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  auto b = Table::New(store_, {ValType::FuncRef, {6'000'000, {}}, false}, Value::NullFuncRef());
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().kind, ErrorKind::Resource);
  EXPECT_FALSE(a->Grow(4'000'001, Value::NullFuncRef()).ok());
  EXPECT_TRUE(a->Grow(4'000'000, Value::NullFuncRef()).ok());
  auto m = Module::FromWat(engine_, R"((module (table (export "t") 1 funcref)
    (func (export "grow") (result i32) (table.grow (ref.null func) (i32.const 1)))))");
  ASSERT_TRUE(m.ok());
  auto inst = linker_.Instantiate(*m);  // its 1 entry is over the budget already
  ASSERT_FALSE(inst.ok());
  EXPECT_NE(inst.error().message.find("store's limit"), std::string::npos);
}

TEST_F(HostObjectsTest, OneBytePagesGrowPastSixtyFourKiB) {
  // The store's page limit counts 64 KiB pages whatever the memory's page size (it used to be
  // applied in 1-byte pages, stopping such a memory at 64 KiB). Custom page sizes are on by
  // default.
  auto inst = MustInstantiate(R"((module
    (memory (export "m") 0 (pagesize 1))
    (func (export "grow") (result i32) (memory.grow (i32.const 131072)))))");
  EXPECT_EQ(CallI32(inst, "grow"), 0);
  EXPECT_EQ(inst.GetMemory("m")->size(), 131072u);
  auto m = Memory::New(store_, {{65537, {}}, false, false, 1});
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  EXPECT_EQ(m->pages(), 65537u);
}

TEST_F(HostObjectsTest, ATagSharedByTwoModulesIsOneIdentity) {
  auto tag = Tag::New(store_, {ValType::I32});
  ASSERT_TRUE(tag.ok()) << tag.error().ToString();
  EXPECT_EQ(tag->type().params, std::vector<ValType>{ValType::I32});
  ASSERT_TRUE(linker_.Define("host", "e", *tag).ok());
  auto thrower = MustInstantiate(R"((module
    (import "host" "e" (tag $e (param i32)))
    (func (export "throw") (param i32) (throw $e (local.get 0)))))");
  ASSERT_TRUE(linker_.DefineInstance("thrower", thrower).ok());
  auto catcher = MustInstantiate(R"((module
    (import "host" "e" (tag $e (param i32)))
    (import "thrower" "throw" (func $throw (param i32)))
    (func (export "run") (result i32)
      (block $h (result i32)
        (try_table (catch $e $h) (call $throw (i32.const 33)))
        (i32.const -1)))))");
  EXPECT_EQ(CallI32(catcher, "run"), 33);
  // Another tag of the same type is another identity: the import links (types match), but
  // the catch does not match exceptions of the first tag.
  auto other = Tag::New(store_, {ValType::I32});
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(*other == *tag);
  Linker second(store_);
  ASSERT_TRUE(second.Define("host", "e", *other).ok());
  ASSERT_TRUE(second.DefineInstance("thrower", thrower).ok());
  auto m = Module::FromWat(engine_, R"((module
    (import "host" "e" (tag $e (param i32)))
    (import "thrower" "throw" (func $throw (param i32)))
    (func (export "run") (result i32)
      (block $h (result i32)
        (try_table (catch $e $h) (call $throw (i32.const 33)))
        (i32.const -1)))))");
  ASSERT_TRUE(m.ok());
  auto inst = second.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.error().ToString();
  auto r = inst->GetFunc("run")->Call({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, wasmrun::TrapKind::UncaughtException);
  // A tag of the wrong type does not link.
  auto wrong = Tag::New(store_, {ValType::I64});
  ASSERT_TRUE(wrong.ok());
  Linker third(store_);
  ASSERT_TRUE(third.Define("host", "e", *wrong).ok());
  auto m3 = Module::FromWat(engine_, R"((module (import "host" "e" (tag (param i32)))))");
  ASSERT_TRUE(m3.ok());
  auto bad = third.Instantiate(*m3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::Link);
}

TEST_F(HostObjectsTest, ExportedTagsAreVisible) {
  auto inst = MustInstantiate(R"((module (tag (export "t") (param f64 i32))))");
  auto e = inst.GetExport("t");
  ASSERT_TRUE(e.has_value());
  ASSERT_TRUE(std::holds_alternative<Tag>(*e));
  EXPECT_EQ(std::get<Tag>(*e).type().params, (std::vector<ValType>{ValType::F64, ValType::I32}));
  Store other(engine_);
  Linker other_linker(other);
  EXPECT_FALSE(other_linker.Define("x", "t", *e).ok());  // a tag of another store
}

}  // namespace
