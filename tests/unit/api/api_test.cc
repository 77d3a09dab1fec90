// The public embedding API, used exactly as an embedder would: only wasmrun/wasmrun.hpp.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

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

// The exported function `name`, or a null handle (whose Call fails cleanly) when missing.
Func Fn(const wasmrun::Instance& inst, std::string_view name) {
  auto f = inst.GetFunc(name);
  EXPECT_TRUE(f.has_value()) << "no export " << name;
  return f.value_or(Func());
}

class ApiTest : public ::testing::Test {
 protected:
  Module MustCompile(std::string_view wat) {
    auto m = Module::FromWat(engine_, wat);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().ToString());
    return m.ok() ? *m : Module();
  }
  wasmrun::Instance MustInstantiate(std::string_view wat) {
    auto inst = linker_.Instantiate(MustCompile(wat));
    EXPECT_TRUE(inst.ok()) << (inst.ok() ? "" : inst.error().ToString());
    return inst.ok() ? *inst : wasmrun::Instance();
  }

  Engine engine_;
  Store store_{engine_};
  Linker linker_{store_};
};

TEST_F(ApiTest, ImportsAndExportsWithTypes) {
  Module m = MustCompile(R"((module
    (import "env" "f" (func (param i32 f64) (result i64)))
    (import "env" "mem" (memory 1 2))
    (func (export "g") (param externref) (result funcref) (ref.null func))
    (table (export "t") 3 funcref)
    (global (export "gl") (mut f32) (f32.const 0))))");
  auto imports = m.imports();
  ASSERT_EQ(imports.size(), 2u);
  EXPECT_EQ(imports[0].module, "env");
  EXPECT_EQ(imports[0].name, "f");
  EXPECT_EQ(imports[0].type.kind, wasmrun::ExternKind::Func);
  EXPECT_EQ(imports[0].type.func, (FuncType{{ValType::I32, ValType::F64}, {ValType::I64}}));
  EXPECT_EQ(imports[1].type.kind, wasmrun::ExternKind::Memory);
  EXPECT_EQ(imports[1].type.memory.limits, (wasmrun::Limits{1, 2}));
  auto exports = m.exports();
  ASSERT_EQ(exports.size(), 3u);
  EXPECT_EQ(exports[0].name, "g");
  EXPECT_EQ(exports[0].type.func, (FuncType{{ValType::ExternRef}, {ValType::FuncRef}}));
  EXPECT_EQ(exports[1].type.table.limits.min, 3u);
  EXPECT_EQ(exports[2].type.global.type, ValType::F32);
  EXPECT_TRUE(exports[2].type.global.mut);
}

TEST_F(ApiTest, BadModulesGiveErrorsWithOffsets) {
  const uint8_t bad_version[] = {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00};
  auto d = Module::FromBinary(engine_, bad_version);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().kind, ErrorKind::Decode);
  EXPECT_TRUE(d.error().offset.has_value());

  const uint8_t truncated[] = {0x00, 0x61, 0x73};
  auto t = Module::FromBinary(engine_, truncated);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, ErrorKind::Decode);

  auto v = Module::FromWat(engine_, "(module (func (result i32) (i64.const 1)))");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::Validate);
  EXPECT_EQ(v.error().message.rfind("type mismatch", 0), 0u) << v.error().message;
  EXPECT_TRUE(v.error().offset.has_value());
  EXPECT_NE(v.error().ToString().find("offset"), std::string::npos);

  auto x = Module::FromWat(engine_, "(module (func (i32.bogus)))");
  ASSERT_FALSE(x.ok());
  EXPECT_EQ(x.error().kind, ErrorKind::Text);

  auto f = Module::FromFile(engine_, "/nonexistent/dir/x.wasm");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().kind, ErrorKind::Io);
}

TEST_F(ApiTest, CallExportedFunction) {
  auto inst = MustInstantiate(R"((module
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "mix") (param i64 f32 f64) (result f64 i64)
      (f64.add (f64.promote_f32 (local.get 1)) (local.get 2)) (local.get 0))))");
  auto add = inst.GetFunc("add");
  ASSERT_TRUE(add.has_value());
  EXPECT_EQ(add->type(), (FuncType{{ValType::I32, ValType::I32}, {ValType::I32}}));
  auto r = add->Call({Value::FromI32(2), Value::FromI32(-5)});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0], Value::FromI32(-3));

  auto mix = inst.GetFunc("mix");
  ASSERT_TRUE(mix.has_value());
  auto m = mix->Call({Value::FromI64(-1), Value::FromF32(0.5f), Value::FromF64(2.0)});
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].f64(), 2.5);
  EXPECT_EQ((*m)[1].i64(), -1);

  EXPECT_FALSE(inst.GetFunc("nope").has_value());
  EXPECT_FALSE(inst.GetMemory("add").has_value());  // wrong kind
}

TEST_F(ApiTest, TypedFunctionReferencesRunByDefault) {
  auto inst = MustInstantiate(R"((module
    (type $binop (func (param i32 i32) (result i32)))
    (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
    (elem declare func $add)
    (func (export "apply") (param i32 i32 i32) (result i32)
      (call_ref $binop (local.get 0) (local.get 1)
        (if (result (ref null $binop)) (local.get 2)
          (then (ref.func $add)) (else (ref.null $binop)))))
    (func (export "nonnull") (param i32) (result i32)
      (block $null
        (return (ref.is_null (br_on_null $null
          (if (result (ref null $binop)) (local.get 0)
            (then (ref.func $add)) (else (ref.null $binop)))))))
      (i32.const -1))))");
  auto apply = Fn(inst, "apply");
  auto r = apply.Call({Value::FromI32(2), Value::FromI32(40), Value::FromI32(1)});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ((*r)[0], Value::FromI32(42));
  auto null_call = apply.Call({Value::FromI32(2), Value::FromI32(40), Value::FromI32(0)});
  ASSERT_FALSE(null_call.ok());
  EXPECT_EQ(null_call.error().kind, TrapKind::NullReference);
  auto nonnull = Fn(inst, "nonnull");
  EXPECT_EQ((*nonnull.Call({Value::FromI32(1)}))[0], Value::FromI32(0));
  EXPECT_EQ((*nonnull.Call({Value::FromI32(0)}))[0], Value::FromI32(-1));
}

TEST(ApiBudgets, FuelAndInterruptHandleBoundUntrustedCode) {
  wasmrun::Config config;
  config.interruptible = true;
  Engine engine(config);
  Store store(engine);
  Linker linker(store);
  auto m = Module::FromWat(engine, R"((module (func (export "spin") (loop $l (br $l)))))");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok()) << inst.error().ToString();
  Func spin = Fn(*inst, "spin");

  ASSERT_TRUE(store.SetFuel(10000).ok());
  EXPECT_EQ(store.fuel(), 10000u);
  auto r = spin.Call({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TrapKind::OutOfFuel);
  EXPECT_EQ(store.fuel(), 0u);

  ASSERT_TRUE(store.SetFuel(UINT64_MAX).ok());
  wasmrun::InterruptHandle handle = store.interrupt_handle();
  std::thread t([handle] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    handle.Interrupt();
  });
  auto i = spin.Call({});
  t.join();
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(i.error().kind, TrapKind::Interrupted);
  wasmrun::InterruptHandle().Interrupt();  // an empty handle does nothing
}

TEST_F(ApiTest, GcReferencesReachTheHostAsOpaqueValues) {
  auto inst = MustInstantiate(R"((module
    (type $s (struct (field i32)))
    (func (export "i31") (result anyref) (ref.i31 (i32.const 5)))
    (func (export "obj") (result (ref $s)) (struct.new $s (i32.const 1)))
    (func (export "ext") (result externref) (extern.convert_any (ref.i31 (i32.const 5))))))");
  for (const char* name : {"i31", "obj", "ext"}) {
    auto r = Fn(inst, name).Call({});
    ASSERT_TRUE(r.ok()) << name << ": " << r.error().ToString();
    ASSERT_EQ(r->size(), 1u);
    EXPECT_FALSE((*r)[0].func().has_value()) << name;  // not a function, and no crash
  }
}

TEST_F(ApiTest, WrongArgumentsAreReportedNotCrashed) {
  auto inst = MustInstantiate(R"((module (func (export "f") (param i32))))");
  auto f = inst.GetFunc("f");
  ASSERT_TRUE(f.has_value());
  auto few = f->Call({});
  ASSERT_FALSE(few.ok());
  EXPECT_EQ(few.error().kind, TrapKind::HostError);
  auto wrong = f->Call({Value::FromI64(1)});
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("argument 0"), std::string::npos);
  Func null_handle;
  EXPECT_FALSE(null_handle.valid());
  EXPECT_FALSE(null_handle.Call({}).ok());
}

TEST_F(ApiTest, HostFunctionReceivesValuesAndCallerMemory) {
  std::string seen;
  linker_.DefineFunc("env", "log", {{ValType::I32, ValType::I32}, {ValType::I32}},
                     [&seen](Caller& caller, std::span<const Value> args,
                             std::span<Value> results) -> Result<void, Trap> {
                       auto mem = caller.memory();
                       if (!mem) return wasmrun::Fail(Trap::Host("no memory"));
                       auto s = mem->ReadString(static_cast<uint32_t>(args[0].i32()),
                                                static_cast<uint32_t>(args[1].i32()));
                       if (!s) return wasmrun::Fail(Trap::Host(s.error().message));
                       seen = *s;
                       results[0] = Value::FromI32(static_cast<int32_t>(s->size()));
                       return {};
                     });
  auto inst = MustInstantiate(R"((module
    (import "env" "log" (func $log (param i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 8) "hello")
    (func (export "run") (result i32) (call $log (i32.const 8) (i32.const 5)))
    (func (export "bad") (result i32) (call $log (i32.const 65530) (i32.const 100)))))");
  auto run = inst.GetFunc("run");
  ASSERT_TRUE(run.has_value());
  auto r = run->Call({});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ((*r)[0].i32(), 5);
  EXPECT_EQ(seen, "hello");

  // The host's bounds-checked read fails; its trap unwinds the guest.
  auto bad = Fn(inst, "bad").Call({});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, TrapKind::HostError);
  EXPECT_EQ(bad.error().message, "out of bounds memory access");
}

TEST_F(ApiTest, TypedHostFunctions) {
  linker_.DefineTyped("env", "mul", [](Caller&, int64_t a, int64_t b) { return a * b; });
  double last = 0;
  linker_.DefineTyped("env", "note", [&last](Caller&, double d) { last = d; });
  linker_.DefineTyped("env", "check", [](Caller&, int32_t x) -> Result<int32_t, Trap> {
    if (x < 0) return wasmrun::Fail(Trap::Host("negative"));
    return x + 1;
  });
  auto inst = MustInstantiate(R"((module
    (import "env" "mul" (func $mul (param i64 i64) (result i64)))
    (import "env" "note" (func $note (param f64)))
    (import "env" "check" (func $check (param i32) (result i32)))
    (func (export "run") (param i32) (result i64)
      (call $note (f64.const 1.25))
      (drop (call $check (local.get 0)))
      (call $mul (i64.const 6) (i64.const 7)))))");
  auto run = inst.GetFunc("run");
  ASSERT_TRUE(run.has_value());
  auto r = run->Call({Value::FromI32(1)});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ((*r)[0].i64(), 42);
  EXPECT_EQ(last, 1.25);
  auto t = run->Call({Value::FromI32(-1)});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message, "negative");
}

TEST_F(ApiTest, TrapsCarryKindMessageAndFrames) {
  auto inst = MustInstantiate(R"((module
    (func $inner (export "div") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
    (func (export "outer") (result i32) (call $inner (i32.const 0)))
    (memory 0)
    (func (export "oob") (result i32) (i32.load (i32.const 0)))))");
  auto r = Fn(inst, "outer").Call({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TrapKind::IntegerDivideByZero);
  EXPECT_EQ(r.error().message, "integer divide by zero");
  EXPECT_FALSE(r.error().is_exit());
  EXPECT_GE(r.error().frames.size(), 1u);

  auto oob = Fn(inst, "oob").Call({});
  ASSERT_FALSE(oob.ok());
  EXPECT_EQ(oob.error().kind, TrapKind::MemoryOutOfBounds);
  // The store stays usable after a trap.
  auto ok = Fn(inst, "div").Call({Value::FromI32(1)});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)[0].i32(), 1);
}

TEST_F(ApiTest, HostExitIsDistinguishable) {
  linker_.DefineFunc(
      "wasi", "exit", {{ValType::I32}, {}},
      [](Caller&, std::span<const Value> args, std::span<Value>) -> Result<void, Trap> {
        return wasmrun::Fail(Trap::ExitWith(args[0].i32()));
      });
  auto inst = MustInstantiate(R"((module (import "wasi" "exit" (func $exit (param i32)))
    (func (export "_start") (call $exit (i32.const 3)) unreachable)))");
  auto r = Fn(inst, "_start").Call({});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is_exit());
  EXPECT_EQ(r.error().exit_code, 3);
}

TEST_F(ApiTest, MemoryAccess) {
  auto inst = MustInstantiate(R"((module (memory (export "memory") 1 3)
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))))");
  auto mem = inst.GetMemory("memory");
  ASSERT_TRUE(mem.has_value());
  EXPECT_EQ(inst.memory(), mem);
  EXPECT_EQ(mem->size(), 65536u);
  EXPECT_EQ(mem->pages(), 1u);
  ASSERT_TRUE(mem->Write<uint32_t>(100, 0xdeadbeef).ok());
  auto r = Fn(inst, "load").Call({Value::FromI32(100)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(static_cast<uint32_t>((*r)[0].i32()), 0xdeadbeefu);
  EXPECT_EQ(mem->data()[100], 0xef);

  auto edge = mem->Read<uint32_t>(65532);
  EXPECT_TRUE(edge.ok());
  auto past = mem->Read<uint32_t>(65533);
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().kind, ErrorKind::OutOfBounds);
  const uint8_t bytes[4] = {1, 2, 3, 4};
  EXPECT_FALSE(mem->Write(~uint64_t{0} - 1, bytes).ok());  // offset + size overflows
  EXPECT_FALSE(mem->ReadString(65536, 1).ok());
  EXPECT_TRUE(mem->ReadString(65536, 0).ok());

  auto grown = mem->Grow(2);
  ASSERT_TRUE(grown.ok());
  EXPECT_EQ(*grown, 1u);
  EXPECT_EQ(mem->pages(), 3u);
  EXPECT_EQ(mem->type().limits.min, 3u);
  auto too_far = mem->Grow(1);
  ASSERT_FALSE(too_far.ok());
  EXPECT_EQ(too_far.error().kind, ErrorKind::Resource);
  EXPECT_TRUE(mem->Read<uint64_t>(3 * 65536 - 8).ok());
}

TEST_F(ApiTest, GlobalsAndTables) {
  auto inst = MustInstantiate(R"((module
    (global (export "c") i32 (i32.const 5))
    (global (export "v") (mut i64) (i64.const 1))
    (table (export "t") 2 funcref)
    (func $seven (export "seven") (result i32) (i32.const 7))
    (elem (i32.const 1) $seven)
    (func (export "getv") (result i64) (global.get 1))))");
  auto c = inst.GetGlobal("c");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->Get(), Value::FromI32(5));
  EXPECT_FALSE(c->Set(Value::FromI32(6)).ok());
  auto v = inst.GetGlobal("v");
  ASSERT_TRUE(v.has_value());
  EXPECT_FALSE(v->Set(Value::FromI32(6)).ok());  // wrong type
  ASSERT_TRUE(v->Set(Value::FromI64(-9)).ok());
  auto got = Fn(inst, "getv").Call({});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((*got)[0].i64(), -9);

  auto t = inst.GetTable("t");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->size(), 2u);
  auto e0 = t->Get(0);
  ASSERT_TRUE(e0.ok());
  EXPECT_TRUE(e0->is_null());
  auto e1 = t->Get(1);
  ASSERT_TRUE(e1.ok());
  auto fn = e1->func();
  ASSERT_TRUE(fn.has_value());
  EXPECT_EQ(*fn, Fn(inst, "seven"));
  auto called = fn->Call({});
  ASSERT_TRUE(called.ok());
  EXPECT_EQ((*called)[0].i32(), 7);
  EXPECT_FALSE(t->Get(2).ok());
  EXPECT_FALSE(t->Set(0, Value::FromI32(1)).ok());
  ASSERT_TRUE(t->Set(0, Value::FromFunc(*fn)).ok());
  auto grown = t->Grow(3, Value::NullFuncRef());
  ASSERT_TRUE(grown.ok());
  EXPECT_EQ(*grown, 2u);
  EXPECT_EQ(t->size(), 5u);
}

TEST_F(ApiTest, ValuesRoundTripBitExactly) {
  auto inst = MustInstantiate(R"((module
    (func (export "f32") (param f32) (result f32) (local.get 0))
    (func (export "ext") (param externref) (result externref) (local.get 0))
    (func (export "v128") (param v128) (result v128) (local.get 0))))");
  const Value nan = Value::FromF32Bits(0x7fa00001);  // a signalling NaN with a payload
  auto r = Fn(inst, "f32").Call({nan});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].f32_bits(), 0x7fa00001u);

  auto e = Fn(inst, "ext").Call({Value::FromExtern(12345)});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)[0].externref(), std::optional<uint64_t>(12345));
  auto n = Fn(inst, "ext").Call({Value::NullExternRef()});
  ASSERT_TRUE(n.ok());
  EXPECT_TRUE((*n)[0].is_null());

  wasmrun::Vec128 v;
  for (int i = 0; i < 16; ++i) v.bytes[i] = static_cast<uint8_t>(i * 3);
  auto w = Fn(inst, "v128").Call({Value::FromV128(v)});
  ASSERT_TRUE(w.ok());
  EXPECT_EQ((*w)[0].v128(), v);
}

TEST_F(ApiTest, LinkErrors) {
  auto unknown = linker_.Instantiate(MustCompile(R"((module (import "env" "f" (func))))"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::Link);
  EXPECT_EQ(unknown.error().message.rfind("unknown import", 0), 0u);

  linker_.DefineTyped("env", "f", [](Caller&, int32_t) {});
  auto wrong =
      linker_.Instantiate(MustCompile(R"((module (import "env" "f" (func (param i64)))))"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::Link);
  EXPECT_EQ(wrong.error().message.rfind("incompatible import type", 0), 0u);
}

TEST_F(ApiTest, InstantiationTrapIsReported) {
  auto r = linker_.Instantiate(MustCompile(R"((module (memory 1) (data (i32.const 65536) "x")))"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  ASSERT_TRUE(r.error().trap.has_value());
  EXPECT_EQ(r.error().trap->kind, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(r.error().message, "out of bounds memory access");
}

TEST_F(ApiTest, RegisterInstanceForAnotherModule) {
  auto lib = MustInstantiate(R"((module
    (memory (export "memory") 1)
    (func (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))))");
  ASSERT_TRUE(linker_.DefineInstance("lib", lib).ok());
  ASSERT_TRUE(linker_.Get("lib", "twice").has_value());
  auto app = MustInstantiate(R"((module
    (import "lib" "twice" (func $twice (param i32) (result i32)))
    (import "lib" "memory" (memory 1))
    (func (export "run") (result i32)
      (i32.store (i32.const 0) (call $twice (i32.const 21)))
      (i32.load (i32.const 0)))))");
  auto r = Fn(app, "run").Call({});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ((*r)[0].i32(), 42);
  auto lib_mem = lib.GetMemory("memory");
  ASSERT_TRUE(lib_mem.has_value());
  auto stored = lib_mem->Read<int32_t>(0);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, 42);  // the memory is shared

  // Externs of another store are refused.
  Store other(engine_);
  Linker other_linker(other);
  EXPECT_FALSE(other_linker.DefineInstance("lib", lib).ok());
  EXPECT_FALSE(other_linker.Define("x", "f", Fn(lib, "twice")).ok());
}

TEST_F(ApiTest, ResourceLimitsApply) {
  wasmrun::Config config;
  config.limits.max_memory_pages = 2;
  Engine small(config);
  Store store(small);
  Linker linker(store);
  auto m = Module::FromWat(small, "(module (memory 3))");
  ASSERT_TRUE(m.ok());
  auto r = linker.Instantiate(*m);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Instantiate);
}

TEST_F(ApiTest, WasiGuestWritesStdoutAndExits) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  wasmrun::WasiConfig wasi;
  wasi.args = {"guest"};
  wasi.stdout_fd = fileno(out);
  ASSERT_TRUE(linker_.DefineWasi(wasi).ok());
  auto inst = MustInstantiate(R"((module
    (import "wasi_snapshot_preview1" "fd_write"
      (func $fd_write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "hi from wasi\n")
    (func (export "_start")
      (i32.store (i32.const 0) (i32.const 16))
      (i32.store (i32.const 4) (i32.const 13))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (call $exit (i32.const 7)))))");
  auto r = Fn(inst, "_start").Call({});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is_exit());
  EXPECT_EQ(r.error().exit_code, 7);
  char buf[64] = {};
  std::rewind(out);
  const size_t n = std::fread(buf, 1, sizeof buf - 1, out);
  std::fclose(out);
  EXPECT_EQ(std::string(buf, n), "hi from wasi\n");

  wasmrun::WasiConfig bad;
  bad.preopens.push_back({"/nonexistent/wasmrun-test-dir", "/data"});
  auto e = linker_.DefineWasi(bad);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::Io);
}

}  // namespace
