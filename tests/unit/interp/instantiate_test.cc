// Instantiation and linking: import matching in both directions, segment initialisation and
// its traps, constant expressions (including extended-const), exports, start functions.
//
// Most tests build a CompiledModule directly from the decoded module (functions get empty
// code) so that they exercise instantiation alone; the start-function tests compile for real
// and run the interpreter.
#include "interp/instantiate.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "binary/reader.h"
#include "compile/compiled_module.h"
#include "interp/const_eval.h"
#include "interp/linker.h"
#include "runtime/store.h"
#include "text/wat.h"
#include "wat_module.h"

namespace wr::interp {
namespace {

using CompiledPtr = std::shared_ptr<const compile::CompiledModule>;

// Decodes `wat` without validating or lowering it; functions get empty code, which is enough
// as long as nothing runs.
CompiledPtr Decode(std::string_view wat) {
  auto m = wr::testing_support::ReadWat(wat);
  if (!m) return nullptr;
  auto cm = std::make_shared<compile::CompiledModule>();
  cm->module = std::move(m).value();
  cm->funcs = decltype(cm->funcs)(cm->module.functions.size());
  return cm;
}

// Validates and compiles `wat` for real (for tests that run code).
CompiledPtr Compile(std::string_view wat, valid::Options options = {}) {
  auto m = wr::testing_support::ReadWat(wat);
  if (!m) return nullptr;
  auto cm = compile::CompileModule(std::move(m).value(), options);
  EXPECT_TRUE(cm.has_value()) << cm.error().ToString();
  if (!cm) return nullptr;
  return *cm;
}

class InstantiateTest : public ::testing::Test {
 protected:
  // Instantiates `wat` (decoded only) against linker_ and expects success.
  Instance* MustInstantiate(std::string_view wat) {
    auto cm = Decode(wat);
    if (!cm) return nullptr;
    auto r = linker_.Instantiate(store_, cm);
    EXPECT_TRUE(r.has_value()) << r.error().Message();
    return r ? *r : nullptr;
  }
  // Instantiates `wat` and returns the failure (fails the test on success).
  InstantiateError MustFail(std::string_view wat) {
    auto cm = Decode(wat);
    if (!cm) return InstantiateError(Error(Phase::Decode, 0, "decode failed"));
    auto r = linker_.Instantiate(store_, cm);
    EXPECT_FALSE(r.has_value()) << "instantiation unexpectedly succeeded";
    if (r) return InstantiateError(Error(Phase::Link, 0, "succeeded"));
    return r.error();
  }
  void ExpectLinkError(std::string_view wat, std::string_view prefix) {
    InstantiateError e = MustFail(wat);
    ASSERT_TRUE(e.is_error());
    EXPECT_EQ(e.error().phase, Phase::Link);
    EXPECT_EQ(e.error().message.rfind(prefix, 0), 0u) << e.error().message;
  }
  void ExpectTrap(std::string_view wat, TrapCode code) {
    InstantiateError e = MustFail(wat);
    ASSERT_TRUE(e.is_trap()) << e.Message();
    EXPECT_EQ(e.trap().code, code) << e.Message();
  }

  // A table exporter: `(table 10 20 funcref)` as "host" "table".
  void DefineTable(uint64_t min, std::optional<uint64_t> max, ValType elem = ValType::FuncRef()) {
    TableInstance* t = store_.NewTable();
    t->type.elem = elem;
    t->type.limits.min = min;
    t->type.limits.max = max;
    t->max_size = max.value_or(kMaxTableEntries);
    t->elems.assign(min, kNullRef);
    linker_.Define("host", "table", Extern{ExternKind::Table, t});
  }
  MemoryInstance* DefineMemory(uint64_t min, std::optional<uint64_t> max) {
    MemoryType type;
    type.limits.min = min;
    type.limits.max = max;
    auto m = MemoryInstance::Create(type, 0);
    EXPECT_TRUE(m.has_value());
    MemoryInstance* mem = store_.AddMemory(std::move(m).value());
    linker_.Define("host", "memory", Extern{ExternKind::Memory, mem});
    return mem;
  }
  GlobalInstance* DefineGlobal(ValType type, bool mut, uint64_t value) {
    GlobalInstance* g = store_.NewGlobal();
    g->type = {type, mut};
    g->value[0] = value;
    linker_.Define("host", "global", Extern{ExternKind::Global, g});
    return g;
  }

  Store store_;
  Linker linker_;
};

// ---- Linker basics

TEST_F(InstantiateTest, LinkerDefineLookupAndRedefine) {
  GlobalInstance* a = store_.NewGlobal();
  GlobalInstance* b = store_.NewGlobal();
  EXPECT_EQ(linker_.Lookup("m", "g"), nullptr);
  linker_.Define("m", "g", Extern{ExternKind::Global, a});
  ASSERT_NE(linker_.Lookup("m", "g"), nullptr);
  EXPECT_EQ(linker_.Lookup("m", "g")->global(), a);
  linker_.Define("m", "g", Extern{ExternKind::Global, b});
  EXPECT_EQ(linker_.Lookup("m", "g")->global(), b);
  EXPECT_EQ(linker_.Lookup("m", "other"), nullptr);
  EXPECT_EQ(linker_.Lookup("other", "g"), nullptr);
}

TEST_F(InstantiateTest, DefineHostFuncInternsType) {
  FuncType t{{ValType::I32()}, {ValType::I64()}};
  FuncInstance* f = linker_.DefineHostFunc(store_, "env", "f", t, nullptr);
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(f->is_host());
  EXPECT_EQ(*f->type, t);
  EXPECT_EQ(f->type_id, store_.InternFuncType(t));
  EXPECT_EQ(linker_.Lookup("env", "f")->func(), f);
}

TEST_F(InstantiateTest, DefineInstanceRegistersExports) {
  Instance* inst = MustInstantiate(R"((module
    (memory (export "mem") 1) (global (export "g") i32 (i32.const 7))))");
  ASSERT_NE(inst, nullptr);
  linker_.DefineInstance("reg", *inst);
  const Extern* g = linker_.Lookup("reg", "g");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->kind, ExternKind::Global);
  EXPECT_EQ(g->global()->value[0], 7u);
  // A second module imports what the first exported.
  Instance* user = MustInstantiate(R"((module
    (import "reg" "mem" (memory 1)) (import "reg" "g" (global i32))))");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->memories[0], inst->memories[0]);
  EXPECT_EQ(user->globals[0], inst->globals[0]);
}

// ---- Import matching

TEST_F(InstantiateTest, UnknownImport) {
  ExpectLinkError(R"((module (import "nope" "f" (func))))", "unknown import");
}

TEST_F(InstantiateTest, FunctionImportTypes) {
  linker_.DefineHostFunc(store_, "host", "f", FuncType{{ValType::I32()}, {}}, nullptr);
  EXPECT_NE(MustInstantiate(R"((module (import "host" "f" (func (param i32)))))"), nullptr);
  ExpectLinkError(R"((module (import "host" "f" (func (param i64)))))", "incompatible import type");
  ExpectLinkError(R"((module (import "host" "f" (func (param i32) (result i32)))))",
                  "incompatible import type");
  ExpectLinkError(R"((module (import "host" "f" (func))))", "incompatible import type");
}

TEST_F(InstantiateTest, ImportKindMismatch) {
  DefineMemory(1, std::nullopt);
  ExpectLinkError(R"((module (import "host" "memory" (func))))", "incompatible import type");
  ExpectLinkError(R"((module (import "host" "memory" (table 1 funcref))))",
                  "incompatible import type");
}

TEST_F(InstantiateTest, TableImportLimits) {
  DefineTable(10, 20);
  EXPECT_NE(MustInstantiate(R"((module (import "host" "table" (table 10 20 funcref))))"), nullptr);
  EXPECT_NE(MustInstantiate(R"((module (import "host" "table" (table 5 funcref))))"), nullptr);
  EXPECT_NE(MustInstantiate(R"((module (import "host" "table" (table 0 30 funcref))))"), nullptr);
  // Import wants more elements than the table has.
  ExpectLinkError(R"((module (import "host" "table" (table 11 funcref))))",
                  "incompatible import type");
  // Import allows a smaller maximum than the table may grow to.
  ExpectLinkError(R"((module (import "host" "table" (table 10 15 funcref))))",
                  "incompatible import type");
  // Element types are invariant.
  ExpectLinkError(R"((module (import "host" "table" (table 10 externref))))",
                  "incompatible import type");
}

TEST_F(InstantiateTest, TableWithoutMaxDoesNotMatchImportWithMax) {
  DefineTable(1, std::nullopt);
  EXPECT_NE(MustInstantiate(R"((module (import "host" "table" (table 1 funcref))))"), nullptr);
  ExpectLinkError(R"((module (import "host" "table" (table 1 100 funcref))))",
                  "incompatible import type");
}

TEST_F(InstantiateTest, TableMatchingUsesCurrentSize) {
  DefineTable(1, 10);
  TableInstance* t = linker_.Lookup("host", "table")->table();
  ExpectLinkError(R"((module (import "host" "table" (table 3 funcref))))",
                  "incompatible import type");
  ASSERT_EQ(t->Grow(2, kNullRef), 1);
  EXPECT_NE(MustInstantiate(R"((module (import "host" "table" (table 3 funcref))))"), nullptr);
}

TEST_F(InstantiateTest, MemoryImportLimits) {
  MemoryInstance* mem = DefineMemory(2, 4);
  EXPECT_NE(MustInstantiate(R"((module (import "host" "memory" (memory 2 4))))"), nullptr);
  EXPECT_NE(MustInstantiate(R"((module (import "host" "memory" (memory 1))))"), nullptr);
  EXPECT_NE(MustInstantiate(R"((module (import "host" "memory" (memory 0 5))))"), nullptr);
  ExpectLinkError(R"((module (import "host" "memory" (memory 3))))", "incompatible import type");
  ExpectLinkError(R"((module (import "host" "memory" (memory 2 3))))", "incompatible import type");
  // The current size counts, not the declared minimum.
  ASSERT_EQ(mem->Grow(1), 2);
  EXPECT_NE(MustInstantiate(R"((module (import "host" "memory" (memory 3))))"), nullptr);
}

TEST_F(InstantiateTest, MemoryImportIndexTypeAndPageSize) {
  MemoryType type;
  type.limits.min = 1;
  type.limits.index_type = IndexType::I64;
  auto m = MemoryInstance::Create(type, 0);
  ASSERT_TRUE(m.has_value());
  MemoryInstance* mem64 = store_.AddMemory(std::move(m).value());
  linker_.Define("host", "memory", Extern{ExternKind::Memory, mem64});
  ExpectLinkError(R"((module (import "host" "memory" (memory 1))))", "incompatible import type");

  // Hand-built import with another page size: the same 32-bit memory does not match.
  MemoryInstance* mem32 = DefineMemory(1, std::nullopt);
  auto cm = Decode(R"((module (import "host" "memory" (memory 0))))");
  ASSERT_NE(cm, nullptr);
  Import imp = cm->module.imports[0];
  EXPECT_TRUE(MatchImport(store_, cm->module, imp, Extern{ExternKind::Memory, mem32}).has_value());
  imp.memory.page_size_log2 = 0;
  auto r = MatchImport(store_, cm->module, imp, Extern{ExternKind::Memory, mem32});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message.rfind("incompatible import type", 0), 0u);
}

TEST_F(InstantiateTest, GlobalImportMutabilityAndType) {
  DefineGlobal(ValType::I32(), false, 42);
  Instance* inst = MustInstantiate(R"((module (import "host" "global" (global i32))))");
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(inst->globals[0]->value[0], 42u);
  ExpectLinkError(R"((module (import "host" "global" (global (mut i32)))))",
                  "incompatible import type");
  ExpectLinkError(R"((module (import "host" "global" (global i64))))", "incompatible import type");

  DefineGlobal(ValType::I32(), true, 1);
  EXPECT_NE(MustInstantiate(R"((module (import "host" "global" (global (mut i32)))))"), nullptr);
  ExpectLinkError(R"((module (import "host" "global" (global i32))))", "incompatible import type");
}

TEST_F(InstantiateTest, GlobalImportReferenceSubtyping) {
  // An immutable (ref func) global satisfies an import of funcref (covariance) ...
  DefineGlobal(ValType::Ref(HeapKind::Func, false), false, 0);
  auto cm = Decode(R"((module (import "host" "global" (global funcref))))");
  ASSERT_NE(cm, nullptr);
  Import imp = cm->module.imports[0];
  const Extern* ext = linker_.Lookup("host", "global");
  EXPECT_TRUE(MatchImport(store_, cm->module, imp, *ext).has_value());
  // ... but not a mutable one (invariance).
  ext->global()->type.mut = true;
  imp.global.mut = true;
  EXPECT_FALSE(MatchImport(store_, cm->module, imp, *ext).has_value());
  // And a funcref never satisfies (ref func).
  ext->global()->type = {ValType::FuncRef(), false};
  imp.global = {ValType::Ref(HeapKind::Func, false), false};
  EXPECT_FALSE(MatchImport(store_, cm->module, imp, *ext).has_value());
}

TEST_F(InstantiateTest, TypedReferenceGlobalsAcrossModules) {
  Instance* ex = MustInstantiate(R"((module
    (type $t (func))
    (func $f)
    (global (export "ref") (ref null $t) (ref.func $f))
    (global (export "var") (mut (ref null $t)) (ref.null $t))))");
  ASSERT_NE(ex, nullptr);
  EXPECT_EQ(ex->globals[0]->module, ex->module);
  linker_.DefineInstance("ex", *ex);
  // The importer's equivalent type sits at another index: matched structurally.
  EXPECT_NE(MustInstantiate(R"((module
    (type (func (param i32)))
    (type $u (func))
    (import "ex" "ref" (global (ref null $u)))
    (import "ex" "ref" (global (ref null func)))
    (import "ex" "var" (global (mut (ref null $u))))))"),
            nullptr);
  ExpectLinkError(R"((module (type $p (func (param i32)))
    (import "ex" "ref" (global (ref null $p)))))",
                  "incompatible import type");
  // Mutable globals are invariant: (ref null $t) is not (ref null func).
  ExpectLinkError(R"((module (import "ex" "var" (global (mut (ref null func))))))",
                  "incompatible import type");
  // An abstract funcref global does not satisfy a concrete import.
  DefineGlobal(ValType::FuncRef(), false, 0);
  ExpectLinkError(R"((module (type $t (func)) (import "host" "global" (global (ref null $t)))))",
                  "incompatible import type");
}

TEST(MatchingTest, Limits) {
  Limits want;
  want.min = 2;
  EXPECT_TRUE(LimitsMatch(2, std::nullopt, want));
  EXPECT_TRUE(LimitsMatch(5, 7, want));
  EXPECT_FALSE(LimitsMatch(1, 7, want));
  want.max = 6;
  EXPECT_FALSE(LimitsMatch(2, std::nullopt, want));
  EXPECT_TRUE(LimitsMatch(2, 6, want));
  EXPECT_TRUE(LimitsMatch(3, 4, want));
  EXPECT_FALSE(LimitsMatch(3, 7, want));
}

TEST(MatchingTest, ValueSubtyping) {
  const ValType funcref = ValType::FuncRef();
  const ValType ref_func = ValType::Ref(HeapKind::Func, false);
  const ValType nullfuncref = ValType::Ref(HeapKind::NoFunc, true);
  EXPECT_TRUE(ValTypeMatches(ValType::I32(), ValType::I32()));
  EXPECT_FALSE(ValTypeMatches(ValType::I32(), ValType::I64()));
  EXPECT_TRUE(ValTypeMatches(ref_func, funcref));
  EXPECT_FALSE(ValTypeMatches(funcref, ref_func));
  EXPECT_TRUE(ValTypeMatches(nullfuncref, funcref));
  EXPECT_FALSE(ValTypeMatches(funcref, nullfuncref));
  EXPECT_FALSE(ValTypeMatches(ValType::ExternRef(), funcref));
  EXPECT_FALSE(ValTypeMatches(nullfuncref, ValType::ExternRef()));
  EXPECT_TRUE(ValTypeMatches(ValType::Ref(HeapKind::I31, true), ValType::Ref(HeapKind::Eq, true)));
  EXPECT_TRUE(ValTypeMatches(ValType::Ref(HeapKind::Eq, true), ValType::Ref(HeapKind::Any, true)));
  EXPECT_FALSE(
      ValTypeMatches(ValType::Ref(HeapKind::Struct, true), ValType::Ref(HeapKind::I31, true)));
  EXPECT_TRUE(
      ValTypeMatches(ValType::Ref(HeapKind::None, true), ValType::Ref(HeapKind::Struct, true)));
  EXPECT_TRUE(ValTypeMatches(ValType::RefIndex(3, false), ValType::RefIndex(3, true)));
  EXPECT_FALSE(ValTypeMatches(ValType::RefIndex(3, true), ValType::RefIndex(4, true)));
}

// ---- Data segments

TEST_F(InstantiateTest, ActiveDataIsCopiedAndDropped) {
  Instance* inst = MustInstantiate(R"((module
    (memory 1)
    (data (i32.const 10) "abc")
    (data "passive")
    (data (i32.const 11) "XY")))");
  ASSERT_NE(inst, nullptr);
  const uint8_t* mem = inst->memories[0]->data();
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(mem + 10), 3), "aXY");  // in order
  EXPECT_EQ(mem[9], 0);
  ASSERT_EQ(inst->datas.size(), 3u);
  EXPECT_TRUE(inst->datas[0].empty());
  EXPECT_EQ(inst->datas[1].size(), 7u);  // passive segments stay
  EXPECT_TRUE(inst->datas[2].empty());
}

TEST_F(InstantiateTest, DataOutOfBoundsTraps) {
  ExpectTrap(R"((module (memory 1) (data (i32.const 65535) "ab")))", TrapCode::MemoryOutOfBounds);
  ExpectTrap(R"((module (memory 0) (data (i32.const 1) "")))", TrapCode::MemoryOutOfBounds);
  // An empty segment exactly at the end is fine.
  EXPECT_NE(MustInstantiate(R"((module (memory 1) (data (i32.const 65536) "")))"), nullptr);
  // The offset is unsigned: -1 is 4 GiB - 1.
  ExpectTrap(R"((module (memory 1) (data (i32.const -1) "a")))", TrapCode::MemoryOutOfBounds);
}

TEST_F(InstantiateTest, DataTrapKeepsEarlierWritesInImportedMemory) {
  MemoryInstance* mem = DefineMemory(1, std::nullopt);
  ExpectTrap(R"((module (import "host" "memory" (memory 1))
    (data (i32.const 0) "ok")
    (data (i32.const 70000) "bad")
    (data (i32.const 4) "never")))",
             TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(mem->data()[0], 'o');
  EXPECT_EQ(mem->data()[1], 'k');
  EXPECT_EQ(mem->data()[4], 0);
}

// ---- Element segments

TEST_F(InstantiateTest, ActiveElemIsCopiedAndDropped) {
  Instance* inst = MustInstantiate(R"((module
    (table 4 funcref)
    (func $a) (func $b)
    (elem (i32.const 1) $a $b)
    (elem func $b)
    (elem declare func $a)))");
  ASSERT_NE(inst, nullptr);
  const TableInstance* t = inst->tables[0];
  ASSERT_EQ(t->size(), 4u);
  EXPECT_EQ(t->elems[0], kNullRef);
  EXPECT_EQ(t->elems[1], ToRef(inst->funcs[0]));
  EXPECT_EQ(t->elems[2], ToRef(inst->funcs[1]));
  EXPECT_EQ(t->elems[3], kNullRef);
  ASSERT_EQ(inst->elems.size(), 3u);
  EXPECT_TRUE(inst->elems[0].empty());   // active: dropped
  ASSERT_EQ(inst->elems[1].size(), 1u);  // passive: kept
  EXPECT_EQ(inst->elems[1][0], ToRef(inst->funcs[1]));
  EXPECT_TRUE(inst->elems[2].empty());  // declarative: dropped
}

TEST_F(InstantiateTest, ElemExpressionsAndOutOfBounds) {
  Instance* inst = MustInstantiate(R"((module
    (table 3 funcref)
    (func $f)
    (elem (i32.const 0) funcref (ref.func $f) (ref.null func))))");
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(inst->tables[0]->elems[0], ToRef(inst->funcs[0]));
  EXPECT_EQ(inst->tables[0]->elems[1], kNullRef);

  ExpectTrap(R"((module (table 2 funcref) (func $f) (elem (i32.const 1) $f $f)))",
             TrapCode::TableOutOfBounds);
  ExpectTrap(R"((module (table 2 funcref) (elem (i32.const 3))))", TrapCode::TableOutOfBounds);
  EXPECT_NE(MustInstantiate(R"((module (table 2 funcref) (elem (i32.const 2))))"), nullptr);
}

TEST_F(InstantiateTest, ElemTrapKeepsEarlierWritesInImportedTable) {
  DefineTable(2, std::nullopt);
  TableInstance* t = linker_.Lookup("host", "table")->table();
  ExpectTrap(R"((module (import "host" "table" (table 2 funcref)) (func $f)
    (elem (i32.const 0) $f)
    (elem (i32.const 1) $f $f)))",
             TrapCode::TableOutOfBounds);
  EXPECT_NE(t->elems[0], kNullRef);  // the failed module's function stays in the table
  EXPECT_EQ(t->elems[1], kNullRef);
}

TEST_F(InstantiateTest, ElemsBeforeData) {
  // The element trap happens first, so the data segment is never written.
  MemoryInstance* mem = DefineMemory(1, std::nullopt);
  ExpectTrap(R"((module (import "host" "memory" (memory 1)) (table 0 funcref) (func $f)
    (elem (i32.const 0) $f)
    (data (i32.const 0) "x")))",
             TrapCode::TableOutOfBounds);
  EXPECT_EQ(mem->data()[0], 0);
}

// ---- Constant expressions

TEST_F(InstantiateTest, GlobalInitialisers) {
  DefineGlobal(ValType::I32(), false, 100);
  Instance* inst = MustInstantiate(R"((module
    (import "host" "global" (global $imp i32))
    (global i32 (i32.const -1))
    (global i64 (i64.const -2))
    (global f32 (f32.const 1.5))
    (global f64 (f64.const -0.0))
    (global i32 (global.get $imp))
    (global v128 (v128.const i64x2 1 2))
    (global funcref (ref.func $f))
    (global externref (ref.null extern))
    (func $f)))");
  ASSERT_NE(inst, nullptr);
  const auto& g = inst->globals;
  ASSERT_EQ(g.size(), 9u);
  EXPECT_EQ(g[1]->value[0], 0xffffffffu);  // i32 slots are zero-extended
  EXPECT_EQ(g[2]->value[0], ~uint64_t{1});
  EXPECT_EQ(g[3]->value[0], 0x3fc00000u);
  EXPECT_EQ(g[4]->value[0], uint64_t{1} << 63);
  EXPECT_EQ(g[5]->value[0], 100u);
  EXPECT_EQ(g[6]->value[0], 1u);
  EXPECT_EQ(g[6]->value[1], 2u);
  EXPECT_EQ(g[7]->value[0], ToRef(inst->funcs[0]));
  EXPECT_EQ(g[8]->value[0], kNullRef);
}

TEST_F(InstantiateTest, ExtendedConstExpressions) {
  DefineGlobal(ValType::I32(), false, 10);
  Instance* inst = MustInstantiate(R"((module
    (import "host" "global" (global $base i32))
    (global i32 (i32.add (global.get $base) (i32.const 5)))
    (global i32 (i32.sub (i32.const 0) (i32.const 1)))
    (global i32 (i32.mul (i32.const 0x10000) (i32.const 0x10000)))
    (global i64 (i64.mul (i64.const 0x100000000) (i64.const 0x100000000)))
    (global i64 (i64.sub (i64.add (i64.const 7) (i64.const 3)) (i64.const 20)))
    (memory 1)
    (data (i32.add (global.get $base) (i32.const 2)) "z")))");
  ASSERT_NE(inst, nullptr);
  const auto& g = inst->globals;
  EXPECT_EQ(g[1]->value[0], 15u);
  EXPECT_EQ(g[2]->value[0], 0xffffffffu);
  EXPECT_EQ(g[3]->value[0], 0u);  // wraps
  EXPECT_EQ(g[4]->value[0], 0u);
  EXPECT_EQ(g[5]->value[0], static_cast<uint64_t>(int64_t{-10}));
  EXPECT_EQ(inst->memories[0]->data()[12], 'z');
}

TEST_F(InstantiateTest, ConstEvalRejectsNonConstantInstructions) {
  auto cm = Decode(R"((module (global i32 (i32.const 1))))");
  ASSERT_NE(cm, nullptr);
  // Hand-craft `i32.const 1; i32.const 2; i32.div_s; end` into a private copy of the bytes.
  Module copy = cm->module;
  const uint32_t at = static_cast<uint32_t>(copy.bytes.size());
  for (uint8_t b : {0x41, 0x01, 0x41, 0x02, 0x6d, 0x0b}) copy.bytes.push_back(b);
  Instance inst;
  auto r = EvalConstExpr(copy, ConstExpr{{at, 6}}, inst, store_);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("constant expression required"), std::string::npos);
  // Two values left on the stack.
  const uint32_t at2 = static_cast<uint32_t>(copy.bytes.size());
  for (uint8_t b : {0x41, 0x01, 0x41, 0x02, 0x0b}) copy.bytes.push_back(b);
  EXPECT_FALSE(EvalConstExpr(copy, ConstExpr{{at2, 5}}, inst, store_).has_value());
  // global.get out of range.
  const uint32_t at3 = static_cast<uint32_t>(copy.bytes.size());
  for (uint8_t b : {0x23, 0x05, 0x0b}) copy.bytes.push_back(b);
  EXPECT_FALSE(EvalConstExpr(copy, ConstExpr{{at3, 3}}, inst, store_).has_value());
}

TEST_F(InstantiateTest, TableInitialiserExpression) {
  Instance* inst = MustInstantiate(R"((module (func $f) (table 3 funcref (ref.func $f))))");
  ASSERT_NE(inst, nullptr);
  ASSERT_EQ(inst->tables[0]->size(), 3u);
  for (Ref r : inst->tables[0]->elems) EXPECT_EQ(r, ToRef(inst->funcs[0]));
}

// ---- Allocation, exports, limits

TEST_F(InstantiateTest, ExportsAndHostMemory) {
  Instance* inst = MustInstantiate(R"((module
    (func (export "f")) (table (export "t") 1 funcref) (memory (export "mem") 1)
    (global (export "g") (mut i32) (i32.const 3))))");
  ASSERT_NE(inst, nullptr);
  ASSERT_EQ(inst->exports.size(), 4u);
  EXPECT_EQ(inst->exports.at("f").func(), inst->funcs[0]);
  EXPECT_EQ(inst->exports.at("t").table(), inst->tables[0]);
  EXPECT_EQ(inst->exports.at("mem").memory(), inst->memories[0]);
  EXPECT_EQ(inst->exports.at("g").global(), inst->globals[0]);
  EXPECT_EQ(inst->host_memory, inst->memories[0]);  // no "memory" export: memory 0
  const FuncInstance* f = inst->funcs[0];
  EXPECT_EQ(f->instance, inst);
  EXPECT_FALSE(f->is_host());
  EXPECT_EQ(f->type_id, store_.InternFuncType(FuncType{}));

  Instance* none = MustInstantiate(R"((module))");
  ASSERT_NE(none, nullptr);
  EXPECT_EQ(none->host_memory, nullptr);
}

TEST_F(InstantiateTest, HostMemoryPrefersExportNamedMemory) {
  MemoryInstance* imported = DefineMemory(1, std::nullopt);
  auto cm = Decode(R"((module (import "host" "memory" (memory 1)) (memory 2)
    (export "memory" (memory 1))))");
  ASSERT_NE(cm, nullptr);
  // Two memories need multi-memory, which validation would check; decoding alone is enough.
  auto r = linker_.Instantiate(store_, cm);
  ASSERT_TRUE(r.has_value()) << r.error().Message();
  EXPECT_NE((*r)->host_memory, imported);
  EXPECT_EQ((*r)->host_memory, (*r)->memories[1]);
}

TEST_F(InstantiateTest, StoreLimitsApply) {
  StoreLimits limits;
  limits.max_memory_pages = 2;
  limits.max_table_entries = 100;
  Store small(limits);
  auto r = linker_.Instantiate(small, Decode(R"((module (memory 3)))"));
  ASSERT_FALSE(r.has_value());
  ASSERT_TRUE(r.error().is_error());
  EXPECT_EQ(r.error().error().phase, Phase::Instantiate);
  auto t = linker_.Instantiate(small, Decode(R"((module (table 101 funcref)))"));
  ASSERT_FALSE(t.has_value());
  EXPECT_TRUE(t.error().is_error());
  auto ok = linker_.Instantiate(small, Decode(R"((module (memory 2) (table 100 funcref)))"));
  ASSERT_TRUE(ok.has_value()) << ok.error().Message();
  EXPECT_EQ((*ok)->tables[0]->max_size, 100u);
  EXPECT_EQ((*ok)->memories[0]->max_pages(), 2u);
}

// ---- Start function (runs the interpreter)

TEST_F(InstantiateTest, StartFunctionRuns) {
  int calls = 0;
  linker_.DefineHostFunc(store_, "host", "tick", FuncType{{ValType::I32()}, {}},
                         [&calls](HostContext&, std::span<const uint64_t> args,
                                  std::span<uint64_t>) -> Expected<void, Trap> {
                           calls += static_cast<int>(args[0]);
                           return {};
                         });
  auto cm = Compile(R"((module
    (import "host" "tick" (func $tick (param i32)))
    (memory 1)
    (data (i32.const 0) "\01")
    (func $start
      (call $tick (i32.const 5))
      ;; reads what the data segment wrote: segments are initialised before start
      (i32.store8 (i32.const 1) (i32.add (i32.load8_u (i32.const 0)) (i32.const 1))))
    (start $start)))");
  ASSERT_NE(cm, nullptr);
  auto r = linker_.Instantiate(store_, cm);
  ASSERT_TRUE(r.has_value()) << r.error().Message();
  EXPECT_EQ(calls, 5);
  EXPECT_EQ((*r)->memories[0]->data()[1], 2);
}

TEST_F(InstantiateTest, StartFunctionTrap) {
  auto cm = Compile(R"((module (func $s unreachable) (start $s)))");
  ASSERT_NE(cm, nullptr);
  auto r = linker_.Instantiate(store_, cm);
  ASSERT_FALSE(r.has_value());
  ASSERT_TRUE(r.error().is_trap());
  EXPECT_EQ(r.error().trap().code, TrapCode::Unreachable);
  EXPECT_EQ(r.error().Message(), "unreachable");
}

}  // namespace
}  // namespace wr::interp
