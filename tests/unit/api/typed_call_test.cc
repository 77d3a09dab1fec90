// Typed and unchecked calls, DefineTyped of every value type, name shadowing, the Caller's
// conveniences, and fuel that fails loudly (issue 12).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <tuple>

#include "wasmrun/wasmrun.hpp"

namespace {

using wasmrun::Caller;
using wasmrun::Engine;
using wasmrun::ErrorKind;
using wasmrun::Func;
using wasmrun::FuncType;
using wasmrun::Linker;
using wasmrun::Module;
using wasmrun::Result;
using wasmrun::Store;
using wasmrun::Trap;
using wasmrun::TrapKind;
using wasmrun::ValType;
using wasmrun::Value;
using wasmrun::Vec128;

class TypedCallTest : public ::testing::Test {
 protected:
  wasmrun::Instance MustInstantiate(std::string_view wat) {
    auto m = Module::FromWat(engine_, wat);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().ToString());
    if (!m.ok()) return {};
    auto inst = linker_.Instantiate(*m);
    EXPECT_TRUE(inst.ok()) << (inst.ok() ? "" : inst.error().ToString());
    return inst.ok() ? *inst : wasmrun::Instance();
  }

  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
};

constexpr const char* kArith = R"wat((module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "divmod") (param i64 i64) (result i64 i64)
    (i64.div_u (local.get 0) (local.get 1)) (i64.rem_u (local.get 0) (local.get 1)))
  (func (export "mix") (param f32 f64 i32) (result f64)
    (f64.add (f64.add (f64.promote_f32 (local.get 0)) (local.get 1))
             (f64.convert_i32_s (local.get 2))))
  (func (export "swap") (param v128 i64) (result i64 v128) (local.get 1) (local.get 0))
  (func (export "nothing"))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "id_ref") (param funcref) (result funcref) (local.get 0))))wat";

TEST_F(TypedCallTest, TypedCallsOfEveryShape) {
  auto inst = MustInstantiate(kArith);
  auto add = inst.GetTypedFunc<int32_t(int32_t, int32_t)>("add");
  ASSERT_TRUE(add.ok()) << add.error().ToString();
  auto r = add->Call(40, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 42);
  EXPECT_EQ(*add->Call(INT32_MAX, 1), INT32_MIN);  // wraps as i32.add does

  auto divmod = inst.GetTypedFunc<std::tuple<int64_t, int64_t>(uint64_t, uint64_t)>("divmod");
  ASSERT_TRUE(divmod.ok()) << divmod.error().ToString();
  auto dm = divmod->Call(47, 5);
  ASSERT_TRUE(dm.ok());
  EXPECT_EQ(std::get<0>(*dm), 9);
  EXPECT_EQ(std::get<1>(*dm), 2);

  auto mix = inst.GetTypedFunc<double(float, double, int32_t)>("mix");
  ASSERT_TRUE(mix.ok()) << mix.error().ToString();
  EXPECT_EQ(*mix->Call(1.5f, 0.25, -3), -1.25);

  Vec128 v;
  for (int i = 0; i < 16; ++i) v.bytes[i] = static_cast<uint8_t>(i * 7);
  auto swap = inst.GetTypedFunc<std::tuple<int64_t, Vec128>(Vec128, int64_t)>("swap");
  ASSERT_TRUE(swap.ok()) << swap.error().ToString();
  auto sw = swap->Call(v, -9);
  ASSERT_TRUE(sw.ok());
  EXPECT_EQ(std::get<0>(*sw), -9);
  EXPECT_EQ(std::get<1>(*sw), v);

  auto nothing = inst.GetTypedFunc<void()>("nothing");
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->Call().ok());

  auto id = inst.GetTypedFunc<wasmrun::FuncRef(wasmrun::FuncRef)>("id_ref");
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  Func f = *inst.GetFunc("add");
  auto back = id->Call(wasmrun::FuncRef{Value::FromFunc(f)});
  ASSERT_TRUE(back.ok());
  ASSERT_TRUE(back->value.func().has_value());
  EXPECT_TRUE(*back->value.func() == f);
  // A reference argument is still checked at each call: an externref is not a funcref.
  auto bad = id->Call(wasmrun::FuncRef{Value::FromExtern(5)});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, TrapKind::HostError);
  EXPECT_NE(bad.error().message.find("argument 0"), std::string::npos) << bad.error().message;
}

TEST_F(TypedCallTest, TypedLookupChecksTheSignatureOnce) {
  auto inst = MustInstantiate(kArith);
  auto wrong = inst.GetTypedFunc<int64_t(int32_t, int32_t)>("add");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::Usage);
  EXPECT_NE(wrong.error().message.find("not"), std::string::npos) << wrong.error().message;
  auto arity = inst.GetTypedFunc<int32_t(int32_t)>("add");
  EXPECT_FALSE(arity.ok());
  auto missing = inst.GetTypedFunc<void()>("no_such_export");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("no_such_export"), std::string::npos);
  auto null = Func().Typed<void()>();
  EXPECT_FALSE(null.ok());
}

TEST_F(TypedCallTest, TypedCallReturnsTraps) {
  auto inst = MustInstantiate(kArith);
  auto div = inst.GetTypedFunc<int32_t(int32_t, int32_t)>("div");
  ASSERT_TRUE(div.ok());
  auto r = div->Call(1, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TrapKind::IntegerDivideByZero);
  EXPECT_EQ(*div->Call(-9, 2), -4);  // the store goes on after a trap
}

TEST_F(TypedCallTest, CallerArraysAndUncheckedSlots) {
  auto inst = MustInstantiate(kArith);
  Func add = *inst.GetFunc("add");
  Value args[2] = {Value::FromI32(20), Value::FromI32(22)};
  Value results[1];
  ASSERT_TRUE(add.Call(args, results).ok());
  EXPECT_EQ(results[0].i32(), 42);
  EXPECT_EQ(results[0].type(), ValType::I32);
  // Wrong result count: refused before running.
  Value two[2];
  auto r = add.Call(args, two);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("results"), std::string::npos);
  // Wrong argument type: the checked path refuses it.
  Value bad[2] = {Value::FromI64(1), Value::FromI32(2)};
  EXPECT_FALSE(add.Call(bad, results).ok());

  EXPECT_EQ(add.slot_counts(), (std::pair<size_t, size_t>{2, 1}));
  EXPECT_EQ(inst.GetFunc("swap")->slot_counts(), (std::pair<size_t, size_t>{3, 3}));
  uint64_t in[2] = {0xffffffffu, 3}, out[1] = {0};
  ASSERT_TRUE(add.CallUnchecked(in, out).ok());
  EXPECT_EQ(out[0], 2u);  // i32 wraps; the high bits of the result slot are zero
  uint64_t short_in[1] = {1};
  auto wrong = add.CallUnchecked(short_in, out);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, TrapKind::HostError);
}

TEST_F(TypedCallTest, DefineTypedEveryValueTypeAndManyResults) {
  int calls = 0;
  ASSERT_TRUE(
      linker_
          .DefineTyped("env", "split",
                       [&](Caller&, int64_t x) -> std::tuple<int32_t, int32_t, float> {
                         ++calls;
                         return {static_cast<int32_t>(x >> 32), static_cast<int32_t>(x), 0.5f};
                       })
          .valid());
  ASSERT_TRUE(linker_
                  .DefineTyped("env", "vec",
                               [](Caller&, Vec128 v, double d) -> Vec128 {
                                 v.bytes[0] = static_cast<uint8_t>(d);
                                 return v;
                               })
                  .valid());
  ASSERT_TRUE(linker_
                  .DefineTyped("env", "ext",
                               [](Caller&, wasmrun::ExternRef e) -> Result<int64_t, Trap> {
                                 auto v = e.value.externref();
                                 if (!v) return wasmrun::Fail(Trap::Host("null externref"));
                                 return static_cast<int64_t>(*v);
                               })
                  .valid());
  auto inst = MustInstantiate(R"wat((module
    (import "env" "split" (func $split (param i64) (result i32 i32 f32)))
    (import "env" "vec" (func $vec (param v128 f64) (result v128)))
    (import "env" "ext" (func $ext (param externref) (result i64)))
    (func (export "hi_lo") (param i64) (result i32 i32 f32) (call $split (local.get 0)))
    (func (export "vec0") (result i32)
      (i8x16.extract_lane_u 0 (call $vec (v128.const i64x2 0 0) (f64.const 77))))
    (func (export "ext") (param externref) (result i64) (call $ext (local.get 0)))))wat");
  auto hi_lo = inst.GetTypedFunc<std::tuple<int32_t, int32_t, float>(int64_t)>("hi_lo");
  ASSERT_TRUE(hi_lo.ok()) << hi_lo.error().ToString();
  auto r = hi_lo->Call((int64_t{7} << 32) | 9);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(*r, std::make_tuple(7, 9, 0.5f));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(*inst.GetTypedFunc<int32_t()>("vec0")->Call(), 77);
  auto ext = inst.GetTypedFunc<int64_t(wasmrun::ExternRef)>("ext");
  ASSERT_TRUE(ext.ok()) << ext.error().ToString();
  EXPECT_EQ(*ext->Call(wasmrun::ExternRef{Value::FromExtern(1234)}), 1234);
  auto null = ext->Call(wasmrun::ExternRef{});
  ASSERT_FALSE(null.ok());
  EXPECT_EQ(null.error().message, "null externref");
}

TEST_F(TypedCallTest, RedefiningIsAnErrorUnlessShadowingIsAllowed) {
  auto one = [](Caller&) -> int32_t { return 1; };
  auto two = [](Caller&) -> int32_t { return 2; };
  ASSERT_TRUE(linker_.DefineTyped("env", "f", one).valid());
  EXPECT_FALSE(linker_.DefineTyped("env", "f", two).valid());
  auto raw = linker_.DefineUnchecked("env", "f", FuncType{{}, {ValType::I32}},
                                     [](Caller&, std::span<const uint64_t>,
                                        std::span<uint64_t>) -> Result<void, Trap> { return {}; });
  ASSERT_FALSE(raw.ok());
  EXPECT_NE(raw.error().message.find("already defined"), std::string::npos);
  EXPECT_NE(raw.error().message.find("AllowShadowing"), std::string::npos);
  auto g = wasmrun::Global::New(store_, {ValType::I32, false}, Value::FromI32(3));
  ASSERT_TRUE(g.ok());
  auto d = linker_.Define("env", "f", *g);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().kind, ErrorKind::Usage);

  linker_.AllowShadowing(true);
  ASSERT_TRUE(linker_.DefineTyped("env", "f", two).valid());
  auto inst = MustInstantiate(R"wat((module (import "env" "f" (func $f (result i32)))
    (func (export "g") (result i32) (call $f))))wat");
  EXPECT_EQ(*inst.GetTypedFunc<int32_t()>("g")->Call(), 2);
}

TEST_F(TypedCallTest, CallerFindsExportsAndStoreData) {
  int plugin_state = 0;
  store_.SetData(&plugin_state);
  // A host function that asks the guest to allocate (its "malloc") and writes into the block.
  linker_.DefineTyped("env", "give", [](Caller& caller, int32_t len) -> Result<int32_t, Trap> {
    auto* state = static_cast<int*>(caller.data());
    if (state == nullptr) return wasmrun::Fail(Trap::Host("no store data"));
    ++*state;
    auto malloc = caller.GetFunc("malloc");
    if (!malloc) return wasmrun::Fail(Trap::Host("no malloc"));
    auto typed = malloc->Typed<int32_t(int32_t)>();
    if (!typed) return wasmrun::Fail(Trap::Host(typed.error().message));
    auto ptr = typed->Call(len);
    if (!ptr) return wasmrun::Fail(std::move(ptr).error());
    auto mem = caller.GetMemory("memory");
    if (!mem) return wasmrun::Fail(Trap::Host("no memory"));
    for (int32_t i = 0; i < len; ++i) {
      if (!mem->Write<uint8_t>(static_cast<uint64_t>(*ptr + i), static_cast<uint8_t>('a' + i))) {
        return wasmrun::Fail(Trap::Host("write"));
      }
    }
    if (!caller.instance().valid()) return wasmrun::Fail(Trap::Host("no instance"));
    if (caller.GetExport("nope").has_value()) return wasmrun::Fail(Trap::Host("nope"));
    return *ptr;
  });
  auto inst = MustInstantiate(R"wat((module
    (import "env" "give" (func $give (param i32) (result i32)))
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 100))
    (func (export "malloc") (param i32) (result i32)
      (global.get $heap) (global.set $heap (i32.add (global.get $heap) (local.get 0))))
    (func (export "run") (result i32) (i32.load8_u offset=2 (call $give (i32.const 4))))))wat");
  auto run = inst.GetTypedFunc<int32_t()>("run");
  ASSERT_TRUE(run.ok());
  auto r = run->Call();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(*r, 'c');
  EXPECT_EQ(plugin_state, 1);
  EXPECT_EQ(*inst.GetTypedFunc<int32_t(int32_t)>("malloc")->Call(0), 104);
  EXPECT_EQ(store_.data(), &plugin_state);
}

TEST_F(TypedCallTest, CallerFromTheHostHasNoInstance) {
  Func f = linker_.DefineTyped("env", "probe", [](Caller& caller) -> int32_t {
    return (caller.instance().valid() ? 1 : 0) + (caller.GetFunc("x").has_value() ? 2 : 0) +
           (caller.data() == nullptr ? 4 : 0);
  });
  auto typed = f.Typed<int32_t()>();
  ASSERT_TRUE(typed.ok());
  EXPECT_EQ(*typed->Call(), 4);
}

TEST(FuelTest, FuelOnANonInterruptibleEngineIsAnError) {
  Engine engine;  // not interruptible
  Store store(engine);
  auto r = store.SetFuel(100);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
  EXPECT_NE(r.error().message.find("interruptible"), std::string::npos);
  EXPECT_FALSE(store.interrupt_handle().Interrupt());

  wasmrun::Config config;
  config.interruptible = true;
  Engine engine2(config);
  Store store2(engine2);
  EXPECT_TRUE(store2.SetFuel(100).ok());
  EXPECT_EQ(store2.fuel(), 100u);
  EXPECT_TRUE(store2.interrupt_handle().Interrupt());
}

TEST(FuelTest, CallerSetsFuel) {
  wasmrun::Config config;
  config.interruptible = true;
  Engine engine(config);
  Store store(engine);
  Linker linker(store);
  ASSERT_TRUE(store.SetFuel(1'000'000).ok());
  linker.DefineTyped("env", "starve", [](Caller& caller) -> Result<void, Trap> {
    if (caller.fuel() == 0) return wasmrun::Fail(Trap::Host("no fuel seen"));
    auto r = caller.SetFuel(50);
    if (!r) return wasmrun::Fail(Trap::Host(r.error().message));
    return {};
  });
  auto m = Module::FromWat(engine, R"wat((module (import "env" "starve" (func $s))
    (func (export "spin") (call $s) (loop $l (br $l)))))wat");
  ASSERT_TRUE(m.ok());
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok());
  auto r = inst->GetTypedFunc<void()>("spin")->Call();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TrapKind::OutOfFuel);
}

}  // namespace
