// The host boundary: every value that enters wasm from the host is checked against its full
// declared type, and every value that leaves wasm keeps a precise type. Each test is a way a
// careless (or hostile) embedder could hand wasm something of the wrong type; before the
// checks, several of them crashed the process or leaked heap addresses to the guest.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace {

using wasmrun::Caller;
using wasmrun::DefKind;
using wasmrun::Engine;
using wasmrun::Func;
using wasmrun::FuncType;
using wasmrun::HeapType;
using wasmrun::Linker;
using wasmrun::Module;
using wasmrun::Result;
using wasmrun::Store;
using wasmrun::Trap;
using wasmrun::TrapKind;
using wasmrun::ValType;
using wasmrun::Value;

// A module with a struct type, a function type and exports that take and return references
// of every hierarchy.
constexpr const char* kTypes = R"((module
  (type $s (struct (field i32)))
  (type $t (sub (struct (field i32) (field i64))))
  (type $u (sub $t (struct (field i32) (field i64) (field f32))))
  (type $f (func (result i32)))
  (type $g (func (param i32) (result i32)))
  (func $seven (type $f) (i32.const 7))
  (func $inc (type $g) (i32.add (local.get 0) (i32.const 1)))
  (elem declare func $seven $inc)
  (func (export "make_s") (result (ref $s)) (struct.new $s (i32.const 42)))
  (func (export "make_u") (result (ref $u))
    (struct.new $u (i32.const 1) (i64.const 2) (f32.const 3)))
  (func (export "make_t") (result (ref $t)) (struct.new $t (i32.const 5) (i64.const 6)))
  (func (export "make_arr") (result (ref array)) (array.new_default $arr (i32.const 3)))
  (type $arr (array (mut i8)))
  (func (export "seven") (result (ref $f)) (ref.func $seven))
  (func (export "inc") (result (ref $g)) (ref.func $inc))
  (func (export "call_f") (param (ref $f)) (result i32) (call_ref $f (local.get 0)))
  (func (export "get_s") (param (ref $s)) (result i32) (struct.get $s 0 (local.get 0)))
  (func (export "get_t") (param (ref null $t)) (result i32)
    (if (result i32) (ref.is_null (local.get 0)) (then (i32.const -1))
      (else (struct.get $t 0 (local.get 0)))))
  (func (export "i31_s") (param (ref i31)) (result i32) (i31.get_s (local.get 0)))
  (func (export "ext") (param (ref extern)) (result i32) (i32.const 1))
  (func (export "any_id") (param anyref) (result anyref) (local.get 0))
  (func (export "eq_id") (param eqref) (result eqref) (local.get 0))
  (func (export "to_extern") (param anyref) (result externref)
    (extern.convert_any (local.get 0)))
  (func (export "to_any") (param externref) (result anyref) (any.convert_extern (local.get 0)))
  (func (export "make_i31") (param i32) (result i31ref) (ref.i31 (local.get 0)))
  (global (export "gs") (mut (ref null $s)) (ref.null $s))
  (global (export "gf") (mut (ref null $f)) (ref.null $f))
  (table (export "ts") 2 (ref null $s))
))";

class BoundaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = Module::FromWat(engine_, kTypes);
    ASSERT_TRUE(m.ok()) << m.error().ToString();
    auto inst = linker_.Instantiate(*m);
    ASSERT_TRUE(inst.ok()) << inst.error().ToString();
    inst_ = *inst;
  }
  Func Fn(std::string_view name) {
    auto f = inst_.GetFunc(name);
    EXPECT_TRUE(f.has_value()) << name;
    return f.value_or(Func());
  }
  Value One(std::string_view name, std::vector<Value> args = {}) {
    auto r = Fn(name).Call(args);
    EXPECT_TRUE(r.ok()) << name << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() && r->size() == 1 ? (*r)[0] : Value();
  }
  // Calls `name` with `args` and expects the boundary to refuse them: a HostError naming the
  // problem, before any wasm runs.
  void ExpectRefused(std::string_view name, std::vector<Value> args, std::string_view why) {
    auto r = Fn(name).Call(args);
    ASSERT_FALSE(r.ok()) << name << " accepted " << args[0].ToString();
    EXPECT_EQ(r.error().kind, TrapKind::HostError);
    EXPECT_NE(r.error().message.find(why), std::string::npos) << r.error().message;
  }

  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
  wasmrun::Instance inst_;
};

TEST_F(BoundaryTest, ValuesLeavingWasmKeepTheirPreciseType) {
  EXPECT_EQ(One("make_s").type(), ValType::Ref(HeapType::Struct, false));
  EXPECT_EQ(One("make_arr").type(), ValType::Ref(HeapType::Array, false));
  EXPECT_EQ(One("seven").type(), ValType::Ref(HeapType::Func, false));
  EXPECT_EQ(One("make_i31", {Value::FromI32(-5)}).type(), ValType::Ref(HeapType::I31, false));
  EXPECT_EQ(One("make_i31", {Value::FromI32(-5)}).i31_s(), -5);
  EXPECT_EQ(One("make_i31", {Value::FromI32(-5)}).i31_u(), 0x7ffffffbu);
  // A struct is a struct, not a funcref or an externref (what the API used to report).
  Value s = One("make_s");
  EXPECT_FALSE(s.is_null());
  EXPECT_FALSE(s.func().has_value());
  EXPECT_FALSE(s.externref().has_value());
  EXPECT_EQ(s.ToString(), "(ref struct):object");  // never an address
}

TEST_F(BoundaryTest, ExportTypesNameConcreteTypesAndNullability) {
  FuncType t = Fn("get_s").type();
  ASSERT_EQ(t.params.size(), 1u);
  EXPECT_EQ(t.params[0], ValType::RefConcrete(0, DefKind::Struct, false));
  EXPECT_EQ(ToString(t.params[0]), "(ref 0)");
  EXPECT_EQ(Fn("call_f").type().params[0], ValType::RefConcrete(3, DefKind::Func, false));
  EXPECT_EQ(Fn("get_t").type().params[0].top(), HeapType::Any);
  EXPECT_EQ(Fn("ext").type().params[0], ValType::Ref(HeapType::Extern, false));
  EXPECT_EQ(Fn("make_i31").type().results[0], ValType::I31Ref);
  EXPECT_EQ(ToString(ValType::I31Ref), "i31ref");
  EXPECT_EQ(ToString(ValType::Ref(HeapType::Any, false)), "(ref any)");
  EXPECT_EQ(inst_.GetGlobal("gs")->type().type, ValType::RefConcrete(0, DefKind::Struct, true));
}

TEST_F(BoundaryTest, StructForAFunctionParameterIsRefused) {
  // Used to be accepted, and call_ref then executed the struct (SIGSEGV).
  ExpectRefused("call_f", {One("make_s")}, "(ref struct)");
}

TEST_F(BoundaryTest, FunctionForAStructParameterIsRefused) {
  // Used to be accepted, and struct.get read the function object as a struct.
  ExpectRefused("get_s", {One("seven")}, "(ref func)");
  ExpectRefused("get_s", {One("make_arr")}, "(ref array)");
}

TEST_F(BoundaryTest, HostExternrefForAnI31ParameterIsRefused) {
  // Used to be accepted, and i31.get_s returned bits of a heap address.
  ExpectRefused("i31_s", {Value::FromExtern(12345)}, "(ref extern)");
  EXPECT_EQ(One("i31_s", {Value::FromI31(0x7fffffffu)}).i32(), -1);
  EXPECT_EQ(One("i31_s", {One("make_i31", {Value::FromI32(77)})}).i32(), 77);
}

TEST_F(BoundaryTest, FunctionOfTheWrongSignatureIsRefused) {
  // (i32) -> i32 where () -> i32 is expected.
  ExpectRefused("call_f", {One("inc")}, "(ref 3)");
  EXPECT_EQ(One("call_f", {One("seven")}).i32(), 7);
}

TEST_F(BoundaryTest, NullForANonNullableParameterIsRefused) {
  ExpectRefused("ext", {Value::NullExternRef()}, "null");
  ExpectRefused("get_s", {Value::Null(ValType::StructRef)}, "null");
  EXPECT_EQ(One("ext", {Value::FromExtern(1)}).i32(), 1);
  EXPECT_EQ(One("get_t", {Value::Null(ValType::StructRef)}).i32(), -1);
}

TEST_F(BoundaryTest, NullOfAnotherHierarchyIsRefused) {
  // A null funcref is not a null structref: the spec's ref.null carries its heap type.
  ExpectRefused("get_t", {Value::NullFuncRef()}, "funcref");
  ExpectRefused("any_id", {Value::NullExternRef()}, "externref");
}

TEST_F(BoundaryTest, SubtypesAreAcceptedAndSupertypesRefused) {
  // $u is declared a subtype of $t; $s is unrelated.
  EXPECT_EQ(One("get_t", {One("make_u")}).i32(), 1);
  EXPECT_EQ(One("get_t", {One("make_t")}).i32(), 5);
  ExpectRefused("get_t", {One("make_s")}, "(ref struct)");
  ExpectRefused("get_s", {One("make_t")}, "(ref struct)");
}

TEST_F(BoundaryTest, NumbersForReferencesAndReferencesForNumbersAreRefused) {
  ExpectRefused("get_s", {Value::FromI32(0)}, "i32");
  ExpectRefused("make_i31", {One("make_s")}, "(ref struct)");
  ExpectRefused("make_i31", {Value::FromI64(1)}, "i64");
}

TEST_F(BoundaryTest, ReferencesOfAnotherStoreAreRefused) {
  Store other(engine_);
  Linker other_linker(other);
  auto m = Module::FromWat(engine_, kTypes);
  ASSERT_TRUE(m.ok());
  auto inst = other_linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok());
  auto foreign = inst->GetFunc("make_s")->Call({});
  ASSERT_TRUE(foreign.ok());
  ExpectRefused("get_s", {(*foreign)[0]}, "another store");
  auto foreign_f = inst->GetFunc("seven")->Call({});
  ASSERT_TRUE(foreign_f.ok());
  ExpectRefused("call_f", {(*foreign_f)[0]}, "another store");
}

TEST_F(BoundaryTest, AbstractParametersTakeEveryValueOfTheirHierarchy) {
  Value s = One("make_s");
  Value back = One("any_id", {s});
  EXPECT_EQ(back, s);  // the same object
  EXPECT_EQ(One("get_s", {back}).i32(), 42);
  EXPECT_EQ(One("eq_id", {Value::FromI31(9)}).i31_s(), 9);
  ExpectRefused("eq_id", {One("seven")}, "(ref func)");
}

TEST_F(BoundaryTest, ConversionsBetweenAnyAndExternKeepIdentityAndHideAddresses) {
  Value s = One("make_s");
  Value as_extern = One("to_extern", {s});
  EXPECT_EQ(as_extern.type(), ValType::Ref(HeapType::Extern, false));
  EXPECT_FALSE(as_extern.externref().has_value());  // no host value: and no address either
  // It cannot go where a struct is expected without converting back...
  ExpectRefused("get_s", {as_extern}, "(ref extern)");
  // ...and converting back gives the struct.
  Value again = One("to_any", {as_extern});
  EXPECT_EQ(One("get_s", {again}).i32(), 42);
  // A host value brought into the any hierarchy is (ref any), keeps its host value on the
  // way back, and is not an eqref.
  Value host_any = One("to_any", {Value::FromExtern(99)});
  EXPECT_EQ(host_any.type(), ValType::Ref(HeapType::Any, false));
  ExpectRefused("eq_id", {host_any}, "eqref");
  EXPECT_EQ(One("to_extern", {host_any}).externref(), 99u);
}

TEST_F(BoundaryTest, GlobalsAndTablesCheckWhatTheHostStores) {
  auto gs = inst_.GetGlobal("gs");
  auto gf = inst_.GetGlobal("gf");
  auto ts = inst_.GetTable("ts");
  ASSERT_TRUE(gs && gf && ts);
  EXPECT_FALSE(gs->Set(One("seven")).ok());
  EXPECT_FALSE(gs->Set(One("make_t")).ok());
  EXPECT_FALSE(gs->Set(Value::FromI32(1)).ok());
  EXPECT_FALSE(gs->Set(Value::NullFuncRef()).ok());
  ASSERT_TRUE(gs->Set(One("make_s")).ok());
  EXPECT_EQ(gs->Get().type(), ValType::Ref(HeapType::Struct, false));
  EXPECT_TRUE(gs->Set(Value::Null(ValType::NullRef)).ok());
  EXPECT_TRUE(gs->Get().is_null());
  EXPECT_FALSE(gf->Set(One("inc")).ok());
  EXPECT_TRUE(gf->Set(One("seven")).ok());
  EXPECT_FALSE(ts->Set(0, One("make_arr")).ok());
  EXPECT_FALSE(ts->Grow(1, One("seven")).ok());
  EXPECT_EQ(ts->size(), 2u);
  ASSERT_TRUE(ts->Set(1, One("make_s")).ok());
  EXPECT_EQ(One("get_s", {*ts->Get(1)}).i32(), 42);
}

TEST_F(BoundaryTest, HostFunctionsTakeAndReturnAnyAbstractType) {
  Store store(engine_);
  Linker linker(store);
  Value kept;
  Func host = linker.DefineFunc(
      "env", "keep", {{ValType::AnyRef}, {ValType::Ref(HeapType::Eq, false)}},
      [&](Caller&, std::span<const Value> args, std::span<Value> results) -> Result<void, Trap> {
        kept = args[0];
        results[0] = args[0].is_null() ? Value::FromI31(1) : args[0];
        return {};
      });
  ASSERT_TRUE(host.valid());
  auto m = Module::FromWat(engine_, R"((module
    (type $s (struct (field i32)))
    (import "env" "keep" (func $keep (param anyref) (result (ref eq))))
    (func (export "run") (result i32)
      (struct.get $s 0 (ref.cast (ref $s) (call $keep (struct.new $s (i32.const 11))))))
    (func (export "null") (result i32)
      (i31.get_u (ref.cast (ref i31) (call $keep (ref.null any)))))
  ))");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.error().ToString();
  auto r = inst->GetFunc("run")->Call({});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)[0].i32(), 11);
  EXPECT_EQ(kept.type(), ValType::Ref(HeapType::Struct, false));
  r = inst->GetFunc("null")->Call({});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)[0].i32(), 1);
  EXPECT_TRUE(kept.is_null());
}

TEST_F(BoundaryTest, HostFunctionResultsOfTheWrongTypeTrap) {
  Store store(engine_);
  Linker linker(store);
  Value bad;
  linker.DefineFunc(
      "env", "get", {{}, {ValType::Ref(HeapType::Struct, false)}},
      [&](Caller&, std::span<const Value>, std::span<Value> results) -> Result<void, Trap> {
        results[0] = bad;
        return {};
      });
  auto m = Module::FromWat(engine_, R"((module
    (type $s (struct (field i32)))
    (import "env" "get" (func $get (result (ref struct))))
    (func (export "run") (result i32) (struct.get $s 0 (ref.cast (ref $s) (call $get))))
    (func (export "make") (result (ref $s)) (struct.new $s (i32.const 3)))
  ))");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.error().ToString();
  Func run = *inst->GetFunc("run");
  for (Value v : {Value::FromI31(3), Value::FromExtern(3), Value::Null(ValType::StructRef),
                  Value::FromI32(3)}) {
    bad = v;
    auto r = run.Call({});
    ASSERT_FALSE(r.ok()) << v.ToString();
    EXPECT_EQ(r.error().kind, TrapKind::HostError);
    EXPECT_NE(r.error().message.find("host function result 0"), std::string::npos)
        << r.error().message;
  }
  bad = (*inst->GetFunc("make")->Call({}))[0];
  auto r = run.Call({});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)[0].i32(), 3);
}

TEST_F(BoundaryTest, HostFunctionsCannotNameConcreteTypes) {
  Store store(engine_);
  Linker linker(store);
  Func f = linker.DefineFunc(
      "env", "f", {{ValType::RefConcrete(0, DefKind::Struct, true)}, {}},
      [](Caller&, std::span<const Value>, std::span<Value>) -> Result<void, Trap> { return {}; });
  EXPECT_FALSE(f.valid());
  EXPECT_FALSE(linker.Get("env", "f").has_value());
}

TEST_F(BoundaryTest, TrapKindsSurviveANestedCall) {
  // host -> wasm "outer" -> host "bounce" -> wasm "inner", which divides by zero. The outer
  // caller sees the division trap, not a host error, with the frames of both activations.
  Store store(engine_);
  Linker linker(store);
  Func inner;
  linker.DefineFunc("env", "bounce", {{}, {}},
                    [&](Caller&, std::span<const Value>, std::span<Value>) -> Result<void, Trap> {
                      auto r = inner.Call({});
                      if (!r) return wasmrun::Fail(std::move(r).error());
                      return {};
                    });
  auto m = Module::FromWat(engine_, R"((module
    (import "env" "bounce" (func $bounce))
    (func $inner (export "inner") (drop (i32.div_s (i32.const 1) (i32.const 0))))
    (func $outer (export "outer") (call $bounce))
  ))");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok());
  inner = *inst->GetFunc("inner");
  auto r = inst->GetFunc("outer")->Call({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TrapKind::IntegerDivideByZero);
  EXPECT_EQ(r.error().message, "integer divide by zero");
  ASSERT_EQ(r.error().frames.size(), 2u);  // inner, then outer at its call
  EXPECT_EQ(r.error().frames[0].func_index, 1u);
  EXPECT_EQ(r.error().frames[1].func_index, 2u);
}

}  // namespace
