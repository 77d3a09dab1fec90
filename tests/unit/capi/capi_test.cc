// The C API (wasmrun/wasmrun.h), used as a C embedder would, from C++ for gtest's sake.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>

#include "capi_test_util.h"
#include "wasmrun/wasmrun.h"

namespace {

using capi_test::Describe;
using capi_test::I32;

// Expects `expr` to fail with `kind`, and frees the error.
#define EXPECT_ERROR_KIND(expr, kind)                                          \
  do {                                                                         \
    wasmrun_error_t* err_ = (expr);                                            \
    EXPECT_NE(err_, nullptr);                                                  \
    EXPECT_EQ(wasmrun_error_kind(err_), kind) << wasmrun_error_describe(err_); \
    wasmrun_error_delete(err_);                                                \
  } while (0)

class CapiTest : public ::testing::Test {
 protected:
  void SetUp() override { Init(nullptr); }
  void TearDown() override { Reset(); }

  void Init(const wasmrun_config_t* config) {
    Reset();
    engine_ = wasmrun_engine_new(config);
    ASSERT_NE(engine_, nullptr);
    store_ = wasmrun_store_new(engine_);
    ASSERT_NE(store_, nullptr);
    linker_ = wasmrun_linker_new(store_);
    ASSERT_NE(linker_, nullptr);
  }
  void Reset() {
    for (wasmrun_module_t* m : modules_) wasmrun_module_delete(m);
    modules_.clear();
    wasmrun_linker_delete(linker_);
    wasmrun_store_delete(store_);
    wasmrun_engine_delete(engine_);
    linker_ = nullptr;
    store_ = nullptr;
    engine_ = nullptr;
  }

  wasmrun_module_t* Compile(const char* wat) {
    wasmrun_module_t* m = nullptr;
    EXPECT_OK(wasmrun_module_from_wat(engine_, wat, std::strlen(wat), &m));
    if (m != nullptr) modules_.push_back(m);
    return m;
  }
  wasmrun_instance_t Instantiate(const char* wat) {
    wasmrun_instance_t inst;
    std::memset(&inst, 0, sizeof inst);
    wasmrun_module_t* m = Compile(wat);
    if (m != nullptr) {
      EXPECT_OK(wasmrun_linker_instantiate(linker_, m, &inst));
    }
    return inst;
  }
  wasmrun_func_t Func(const wasmrun_instance_t& inst, const char* name) {
    wasmrun_func_t f;
    EXPECT_TRUE(wasmrun_instance_get_func(&inst, name, &f)) << name;
    return f;
  }

  wasmrun_engine_t* engine_ = nullptr;
  wasmrun_store_t* store_ = nullptr;
  wasmrun_linker_t* linker_ = nullptr;
  std::vector<wasmrun_module_t*> modules_;
};

TEST(CapiConfig, DefaultsMatchTheCppApiAndRoundTrip) {
  wasmrun_config_t c;
  wasmrun_config_init(&c);
  EXPECT_TRUE(c.features.tail_call);
  EXPECT_TRUE(c.features.gc);
  EXPECT_EQ(c.limits.max_call_depth, 10000u);
  EXPECT_FALSE(c.interruptible);
  c.interruptible = true;
  c.limits.max_memory_pages = 7;
  wasmrun_engine_t* e = wasmrun_engine_new(&c);
  ASSERT_NE(e, nullptr);
  wasmrun_config_t back;
  ASSERT_TRUE(wasmrun_engine_config(e, &back));
  EXPECT_TRUE(back.interruptible);
  EXPECT_EQ(back.limits.max_memory_pages, 7u);
  EXPECT_FALSE(wasmrun_engine_config(nullptr, &back));
  wasmrun_engine_delete(e);
}

TEST_F(CapiTest, TextAndBinaryErrorsCarryAnOffset) {
  wasmrun_module_t* m = reinterpret_cast<wasmrun_module_t*>(1);
  const char* bad = "(module\n (func (result i32)\n  (i32.bogus)))";
  wasmrun_error_t* e = wasmrun_module_from_wat(engine_, bad, std::strlen(bad), &m);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(m, nullptr);
  EXPECT_EQ(wasmrun_error_kind(e), WASMRUN_ERROR_TEXT);
  uint64_t line = 0;
  EXPECT_TRUE(wasmrun_error_offset(e, &line));
  EXPECT_EQ(line, 3u);
  EXPECT_NE(std::string(wasmrun_error_message(e)), "");
  EXPECT_EQ(wasmrun_error_trap(e), nullptr);
  wasmrun_error_delete(e);

  const uint8_t bytes[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 1};  // a truncated section
  e = wasmrun_module_new(engine_, bytes, sizeof bytes, &m);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(wasmrun_error_kind(e), WASMRUN_ERROR_DECODE);
  uint64_t offset = 0;
  EXPECT_TRUE(wasmrun_error_offset(e, &offset));
  EXPECT_GT(offset, 0u);
  wasmrun_error_delete(e);

  const char* invalid = "(module (func (result i32) (i64.const 0)))";
  EXPECT_ERROR_KIND(wasmrun_module_from_wat(engine_, invalid, std::strlen(invalid), &m),
                    WASMRUN_ERROR_VALIDATE);
  EXPECT_ERROR_KIND(wasmrun_module_from_file(engine_, "/nonexistent/x.wasm", &m), WASMRUN_ERROR_IO);
}

TEST_F(CapiTest, ListsImportsAndExports) {
  wasmrun_module_t* m = Compile(R"((module $demo
    (import "env" "f" (func (param i32 i64) (result f32)))
    (import "env" "mem" (memory 1 2))
    (import "env" "g" (global (mut i64)))
    (table (export "t") 3 funcref)
    (func (export "run"))))");
  ASSERT_NE(m, nullptr);
  // The text parser writes no name section, so the name is empty but never NULL.
  EXPECT_NE(wasmrun_module_name(m), nullptr);
  ASSERT_EQ(wasmrun_module_import_count(m), 3u);
  wasmrun_import_t imp;
  ASSERT_TRUE(wasmrun_module_import(m, 0, &imp));
  EXPECT_STREQ(imp.module, "env");
  EXPECT_STREQ(imp.name, "f");
  EXPECT_EQ(imp.type.kind, WASMRUN_EXTERN_FUNC);
  ASSERT_EQ(imp.type.func.num_params, 2u);
  EXPECT_EQ(imp.type.func.params[1].kind, WASMRUN_I64);
  ASSERT_EQ(imp.type.func.num_results, 1u);
  EXPECT_EQ(imp.type.func.results[0].kind, WASMRUN_F32);
  ASSERT_TRUE(wasmrun_module_import(m, 1, &imp));
  EXPECT_EQ(imp.type.kind, WASMRUN_EXTERN_MEMORY);
  EXPECT_EQ(imp.type.memory.limits.min, 1u);
  EXPECT_TRUE(imp.type.memory.limits.has_max);
  EXPECT_EQ(imp.type.memory.limits.max, 2u);
  ASSERT_TRUE(wasmrun_module_import(m, 2, &imp));
  EXPECT_EQ(imp.type.kind, WASMRUN_EXTERN_GLOBAL);
  EXPECT_EQ(imp.type.global.type.kind, WASMRUN_I64);
  EXPECT_TRUE(imp.type.global.is_mutable);
  EXPECT_FALSE(wasmrun_module_import(m, 3, &imp));

  ASSERT_EQ(wasmrun_module_export_count(m), 2u);
  wasmrun_export_t exp;
  ASSERT_TRUE(wasmrun_module_export(m, 0, &exp));
  EXPECT_STREQ(exp.name, "t");
  EXPECT_EQ(exp.type.kind, WASMRUN_EXTERN_TABLE);
  EXPECT_EQ(exp.type.table.element.kind, WASMRUN_FUNCREF);
  EXPECT_TRUE(exp.type.table.element.nullable);
  EXPECT_EQ(exp.type.table.limits.min, 3u);
  ASSERT_TRUE(wasmrun_module_export(m, 1, &exp));
  EXPECT_STREQ(exp.name, "run");
  EXPECT_FALSE(wasmrun_module_export(m, 2, &exp));
}

struct LogState {
  std::string text;
  int calls = 0;
  int finalized = 0;
};

wasmrun_trap_t* LogCallback(void* data, wasmrun_caller_t* caller, const wasmrun_val_t* args,
                            size_t num_args, wasmrun_val_t* results, size_t num_results) {
  auto* state = static_cast<LogState*>(data);
  ++state->calls;
  if (num_args != 2 || num_results != 1) return wasmrun_trap_new("bad arity");
  wasmrun_memory_t mem;
  if (!wasmrun_caller_memory(caller, &mem)) return wasmrun_trap_new("no memory");
  char buf[64] = {};
  uint64_t ptr = static_cast<uint32_t>(args[0].of.i32);
  size_t len = static_cast<uint32_t>(args[1].of.i32);
  if (len >= sizeof buf) return wasmrun_trap_new("too long");
  wasmrun_error_t* e = wasmrun_memory_read(&mem, ptr, buf, len);
  if (e != nullptr) {
    wasmrun_trap_t* t = wasmrun_trap_new(wasmrun_error_message(e));
    wasmrun_error_delete(e);
    return t;
  }
  state->text = buf;
  results[0].of.i32 = static_cast<int32_t>(len);
  return nullptr;
}

void Finalize(void* data) {
  ++static_cast<LogState*>(data)->finalized;
}

TEST_F(CapiTest, HostFunctionReadsCallerMemoryAndIsFinalizedWithTheStore) {
  LogState state;
  const wasmrun_valtype_t params[] = {wasmrun_valtype(WASMRUN_I32), wasmrun_valtype(WASMRUN_I32)};
  const wasmrun_valtype_t results[] = {wasmrun_valtype(WASMRUN_I32)};
  wasmrun_func_t host;
  ASSERT_OK(wasmrun_linker_define_host(linker_, "env", "log", params, 2, results, 1, LogCallback,
                                       &state, Finalize, &host));
  size_t np = 0, nr = 0;
  wasmrun_valtype_t kinds[4];
  ASSERT_OK(wasmrun_func_type(&host, kinds, 4, &np, nullptr, 0, &nr));
  EXPECT_EQ(np, 2u);
  EXPECT_EQ(nr, 1u);
  EXPECT_EQ(kinds[1].kind, WASMRUN_I32);

  wasmrun_instance_t inst = Instantiate(R"((module
    (import "env" "log" (func $log (param i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 8) "hello")
    (func (export "run") (param i32) (result i32)
      (i32.store (i32.const 0) (local.get 0))
      (call $log (i32.const 8) (i32.const 5)))
    (func (export "bad") (result i32) (call $log (i32.const 65535) (i32.const 5)))))");
  wasmrun_func_t run = Func(inst, "run");
  wasmrun_val_t arg = I32(1234), res;
  ASSERT_OK(wasmrun_func_call(&run, &arg, 1, &res, 1));
  EXPECT_EQ(res.kind, WASMRUN_I32);
  EXPECT_EQ(res.of.i32, 5);
  EXPECT_EQ(state.text, "hello");

  wasmrun_memory_t mem;
  ASSERT_TRUE(wasmrun_instance_get_memory(&inst, "memory", &mem));
  ASSERT_EQ(wasmrun_memory_size(&mem), 65536u);
  int32_t stored;
  std::memcpy(&stored, wasmrun_memory_data(&mem), sizeof stored);
  EXPECT_EQ(stored, 1234);

  // An out-of-bounds guest pointer becomes the callback's trap, not a host crash.
  wasmrun_func_t bad = Func(inst, "bad");
  wasmrun_error_t* e = wasmrun_func_call(&bad, nullptr, 0, &res, 1);
  ASSERT_NE(e, nullptr);
  ASSERT_EQ(wasmrun_error_kind(e), WASMRUN_ERROR_TRAP);
  const wasmrun_trap_t* trap = wasmrun_error_trap(e);
  EXPECT_EQ(wasmrun_trap_kind(trap), WASMRUN_TRAP_HOST_ERROR);
  EXPECT_NE(std::string(wasmrun_trap_message(trap)), "");
  wasmrun_error_delete(e);

  EXPECT_EQ(state.finalized, 0);
  Reset();
  EXPECT_EQ(state.finalized, 1);
}

TEST_F(CapiTest, FailedDefinitionRunsTheFinalizerAtOnce) {
  LogState state;
  const wasmrun_valtype_t bad_kind[] = {wasmrun_valtype(42)};
  EXPECT_ERROR_KIND(wasmrun_linker_define_host(linker_, "env", "f", bad_kind, 1, nullptr, 0,
                                               LogCallback, &state, Finalize, nullptr),
                    WASMRUN_ERROR_USAGE);
  EXPECT_EQ(state.finalized, 1);
  EXPECT_ERROR_KIND(wasmrun_linker_define_host(nullptr, "env", "f", nullptr, 0, nullptr, 0,
                                               LogCallback, &state, Finalize, nullptr),
                    WASMRUN_ERROR_USAGE);
  EXPECT_EQ(state.finalized, 2);
  EXPECT_ERROR_KIND(wasmrun_linker_define_host(linker_, "env", "f", nullptr, 0, nullptr, 0, nullptr,
                                               &state, Finalize, nullptr),
                    WASMRUN_ERROR_USAGE);
  EXPECT_EQ(state.finalized, 3);
}

wasmrun_trap_t* ExitCallback(void*, wasmrun_caller_t*, const wasmrun_val_t*, size_t, wasmrun_val_t*,
                             size_t) {
  return wasmrun_trap_new_exit(7);
}

TEST_F(CapiTest, TrapsHaveKindMessageFramesAndExitCodes) {
  ASSERT_OK(wasmrun_linker_define_host(linker_, "env", "quit", nullptr, 0, nullptr, 0, ExitCallback,
                                       nullptr, nullptr, nullptr));
  wasmrun_instance_t inst = Instantiate(R"((module
    (import "env" "quit" (func $quit))
    (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
    (func (export "div") (param i32) (result i32) (call $inner (local.get 0)))
    (func (export "quit") (call $quit))))");
  wasmrun_func_t div = Func(inst, "div");
  wasmrun_val_t arg = I32(0), res;
  wasmrun_error_t* e = wasmrun_func_call(&div, &arg, 1, &res, 1);
  ASSERT_NE(e, nullptr);
  const wasmrun_trap_t* trap = wasmrun_error_trap(e);
  ASSERT_NE(trap, nullptr);
  EXPECT_EQ(wasmrun_trap_kind(trap), WASMRUN_TRAP_INTEGER_DIVIDE_BY_ZERO);
  EXPECT_STREQ(wasmrun_trap_message(trap), "integer divide by zero");
  EXPECT_FALSE(wasmrun_trap_exit_code(trap, nullptr));
  ASSERT_GE(wasmrun_trap_frame_count(trap), 2u);
  wasmrun_frame_t frame;
  ASSERT_TRUE(wasmrun_trap_frame(trap, 0, &frame));
  ASSERT_NE(frame.func_name, nullptr);
  EXPECT_STREQ(frame.func_name, "inner");  // the text format writes a name section
  EXPECT_EQ(frame.func_index, 1u);
  EXPECT_FALSE(wasmrun_trap_frame(trap, 99, &frame));
  EXPECT_NE(std::string(wasmrun_error_describe(e)).find(" - inner"), std::string::npos);
  wasmrun_error_delete(e);

  wasmrun_func_t quit = Func(inst, "quit");
  e = wasmrun_func_call(&quit, nullptr, 0, nullptr, 0);
  ASSERT_NE(e, nullptr);
  int32_t code = -1;
  EXPECT_TRUE(wasmrun_trap_exit_code(wasmrun_error_trap(e), &code));
  EXPECT_EQ(code, 7);
  wasmrun_error_delete(e);

  // A trap the host made and did not hand over is freed by the host.
  wasmrun_trap_t* own = wasmrun_trap_new("mine");
  EXPECT_EQ(wasmrun_trap_kind(own), WASMRUN_TRAP_HOST_ERROR);
  EXPECT_STREQ(wasmrun_trap_message(own), "mine");
  wasmrun_trap_delete(own);
}

TEST_F(CapiTest, ValuesOfEveryKindRoundTrip) {
  wasmrun_instance_t inst = Instantiate(R"((module
    (func $f (export "f") (param i32) (result i32) (local.get 0))
    (func (export "id") (param i64 f32 f64 v128 funcref externref)
                        (result i64 f32 f64 v128 funcref externref)
      (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4) (local.get 5))))");
  wasmrun_func_t id = Func(inst, "id");
  wasmrun_func_t f = Func(inst, "f");
  wasmrun_val_t args[6];
  std::memset(args, 0, sizeof args);
  args[0].kind = WASMRUN_I64;
  args[0].of.i64 = -5000000000LL;
  args[1].kind = WASMRUN_F32;
  const uint32_t nan_bits = 0x7fa00001;  // a NaN with a payload
  std::memcpy(&args[1].of.f32, &nan_bits, 4);
  args[2].kind = WASMRUN_F64;
  args[2].of.f64 = 2.5;
  args[3].kind = WASMRUN_V128;
  for (int i = 0; i < 16; ++i) args[3].of.v128[i] = static_cast<uint8_t>(i * 3);
  args[4].kind = WASMRUN_FUNCREF;
  args[4].of.funcref = f;
  args[5].kind = WASMRUN_EXTERNREF;
  args[5].of.externref.value = 0xfeedULL;
  args[5].of.externref.non_null = true;
  wasmrun_val_t out[6];
  ASSERT_OK(wasmrun_func_call(&id, args, 6, out, 6));
  EXPECT_EQ(out[0].kind, WASMRUN_I64);
  EXPECT_EQ(out[0].of.i64, -5000000000LL);
  uint32_t bits;
  std::memcpy(&bits, &out[1].of.f32, 4);
  EXPECT_EQ(bits, nan_bits);
  EXPECT_EQ(out[2].of.f64, 2.5);
  EXPECT_EQ(std::memcmp(out[3].of.v128, args[3].of.v128, 16), 0);
  EXPECT_EQ(out[4].kind, WASMRUN_FUNCREF);
  EXPECT_EQ(out[5].of.externref.value, 0xfeedULL);
  EXPECT_TRUE(out[5].of.externref.non_null);
  // The funcref that came back is the same function and can be called.
  wasmrun_val_t a = I32(9), r;
  ASSERT_OK(wasmrun_func_call(&out[4].of.funcref, &a, 1, &r, 1));
  EXPECT_EQ(r.of.i32, 9);

  // Null references: the null func handle and a zeroed externref.
  std::memset(&args[4].of, 0, sizeof args[4].of);
  std::memset(&args[5].of, 0, sizeof args[5].of);
  ASSERT_OK(wasmrun_func_call(&id, args, 6, out, 6));
  wasmrun_func_t null_func;
  std::memset(&null_func, 0, sizeof null_func);
  EXPECT_EQ(std::memcmp(&out[4].of.funcref, &null_func, sizeof null_func), 0);
  EXPECT_FALSE(out[5].of.externref.non_null);

  // Mismatched arguments trap; a wrong result count is a usage error before anything runs.
  EXPECT_ERROR_KIND(wasmrun_func_call(&id, args, 2, out, 6), WASMRUN_ERROR_TRAP);
  EXPECT_ERROR_KIND(wasmrun_func_call(&id, args, 6, out, 1), WASMRUN_ERROR_USAGE);
  args[0].kind = 200;
  EXPECT_ERROR_KIND(wasmrun_func_call(&id, args, 6, out, 6), WASMRUN_ERROR_USAGE);
}

TEST_F(CapiTest, GlobalsMemoriesAndTables) {
  wasmrun_instance_t inst = Instantiate(R"((module
    (global (export "counter") (mut i32) (i32.const 3))
    (global (export "pi") f64 (f64.const 3.25))
    (memory (export "mem") 1 3)
    (table (export "tab") 2 10 funcref)
    (func (export "f"))))");
  wasmrun_global_t counter, pi;
  ASSERT_TRUE(wasmrun_instance_get_global(&inst, "counter", &counter));
  ASSERT_TRUE(wasmrun_instance_get_global(&inst, "pi", &pi));
  EXPECT_FALSE(wasmrun_instance_get_global(&inst, "mem", &pi));  // not a global
  ASSERT_TRUE(wasmrun_instance_get_global(&inst, "pi", &pi));
  wasmrun_valtype_t kind;
  bool mut = false;
  ASSERT_OK(wasmrun_global_type(&counter, &kind, &mut));
  EXPECT_EQ(kind.kind, WASMRUN_I32);
  EXPECT_TRUE(mut);
  wasmrun_val_t v;
  ASSERT_OK(wasmrun_global_get(&counter, &v));
  EXPECT_EQ(v.of.i32, 3);
  v = I32(11);
  ASSERT_OK(wasmrun_global_set(&counter, &v));
  ASSERT_OK(wasmrun_global_get(&counter, &v));
  EXPECT_EQ(v.of.i32, 11);
  EXPECT_ERROR_KIND(wasmrun_global_set(&pi, &v), WASMRUN_ERROR_USAGE);  // immutable

  wasmrun_memory_t mem;
  ASSERT_TRUE(wasmrun_instance_get_memory(&inst, "mem", &mem));
  EXPECT_EQ(wasmrun_memory_pages(&mem), 1u);
  uint64_t old = 0;
  ASSERT_OK(wasmrun_memory_grow(&mem, 2, &old));
  EXPECT_EQ(old, 1u);
  EXPECT_EQ(wasmrun_memory_size(&mem), 3u * 65536);
  EXPECT_ERROR_KIND(wasmrun_memory_grow(&mem, 1, &old), WASMRUN_ERROR_RESOURCE);
  const char msg[] = "abc";
  ASSERT_OK(wasmrun_memory_write(&mem, 100, msg, 3));
  EXPECT_EQ(std::memcmp(wasmrun_memory_data(&mem) + 100, "abc", 3), 0);
  char buf[4];
  EXPECT_ERROR_KIND(wasmrun_memory_read(&mem, 3 * 65536 - 2, buf, 4), WASMRUN_ERROR_OUT_OF_BOUNDS);
  EXPECT_ERROR_KIND(wasmrun_memory_write(&mem, UINT64_MAX, buf, 4), WASMRUN_ERROR_OUT_OF_BOUNDS);

  wasmrun_table_t tab;
  ASSERT_TRUE(wasmrun_instance_get_table(&inst, "tab", &tab));
  EXPECT_EQ(wasmrun_table_size(&tab), 2u);
  wasmrun_val_t ref;
  std::memset(&ref, 0, sizeof ref);
  ref.kind = WASMRUN_FUNCREF;
  ref.of.funcref = Func(inst, "f");
  ASSERT_OK(wasmrun_table_set(&tab, 1, &ref));
  wasmrun_val_t got;
  ASSERT_OK(wasmrun_table_get(&tab, 1, &got));
  EXPECT_EQ(got.kind, WASMRUN_FUNCREF);
  EXPECT_EQ(std::memcmp(&got.of.funcref, &ref.of.funcref, sizeof ref.of.funcref), 0);
  EXPECT_ERROR_KIND(wasmrun_table_get(&tab, 2, &got), WASMRUN_ERROR_OUT_OF_BOUNDS);
  EXPECT_ERROR_KIND(wasmrun_table_set(&tab, 0, &v), WASMRUN_ERROR_USAGE);  // an i32
  ASSERT_OK(wasmrun_table_grow(&tab, 3, &ref, &old));
  EXPECT_EQ(old, 2u);
  EXPECT_EQ(wasmrun_table_size(&tab), 5u);
  EXPECT_ERROR_KIND(wasmrun_table_grow(&tab, 100, &ref, &old), WASMRUN_ERROR_RESOURCE);
}

TEST_F(CapiTest, LinkingBetweenInstances) {
  wasmrun_instance_t lib = Instantiate(R"((module
    (memory (export "mem") 1)
    (global (export "g") i32 (i32.const 42))
    (table (export "t") 1 funcref)
    (func (export "get") (result i32) (i32.const 5))))");
  ASSERT_OK(wasmrun_linker_define_instance(linker_, "lib", &lib));
  wasmrun_func_t get = Func(lib, "get");
  ASSERT_OK(wasmrun_linker_define_func(linker_, "alias", "get", &get));
  wasmrun_memory_t mem;
  ASSERT_TRUE(wasmrun_instance_get_memory(&lib, "mem", &mem));
  ASSERT_OK(wasmrun_linker_define_memory(linker_, "alias", "mem", &mem));
  wasmrun_global_t g;
  ASSERT_TRUE(wasmrun_instance_get_global(&lib, "g", &g));
  ASSERT_OK(wasmrun_linker_define_global(linker_, "alias", "g", &g));
  wasmrun_table_t t;
  ASSERT_TRUE(wasmrun_instance_get_table(&lib, "t", &t));
  ASSERT_OK(wasmrun_linker_define_table(linker_, "alias", "t", &t));
  wasmrun_instance_t app = Instantiate(R"((module
    (import "lib" "get" (func $a (result i32)))
    (import "alias" "get" (func $b (result i32)))
    (import "alias" "mem" (memory 1))
    (import "alias" "g" (global $g i32))
    (import "alias" "t" (table 1 funcref))
    (func (export "sum") (result i32)
      (i32.add (i32.add (call $a) (call $b)) (global.get $g)))))");
  wasmrun_func_t sum = Func(app, "sum");
  wasmrun_val_t r;
  ASSERT_OK(wasmrun_func_call(&sum, nullptr, 0, &r, 1));
  EXPECT_EQ(r.of.i32, 52);
  wasmrun_memory_t seen;
  EXPECT_TRUE(wasmrun_instance_memory(&app, &seen));
  EXPECT_EQ(wasmrun_memory_data(&seen), wasmrun_memory_data(&mem));

  wasmrun_module_t* missing = Compile("(module (import \"nope\" \"f\" (func)))");
  wasmrun_instance_t inst;
  EXPECT_ERROR_KIND(wasmrun_linker_instantiate(linker_, missing, &inst), WASMRUN_ERROR_LINK);
  wasmrun_module_t* traps = Compile("(module (func $s unreachable) (start $s))");
  wasmrun_error_t* e = wasmrun_linker_instantiate(linker_, traps, &inst);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(wasmrun_error_kind(e), WASMRUN_ERROR_TRAP);
  EXPECT_EQ(wasmrun_trap_kind(wasmrun_error_trap(e)), WASMRUN_TRAP_UNREACHABLE);
  wasmrun_error_delete(e);
}

constexpr const char* kLoop = R"((module
  (func (export "spin") (loop $l (br $l)))))";

TEST_F(CapiTest, FuelBoundsAnInterruptibleStore) {
  wasmrun_config_t c;
  wasmrun_config_init(&c);
  c.interruptible = true;
  Init(&c);
  wasmrun_instance_t inst = Instantiate(kLoop);
  ASSERT_OK(wasmrun_store_set_fuel(store_, 10000));
  EXPECT_EQ(wasmrun_store_fuel(store_), 10000u);
  wasmrun_func_t spin = Func(inst, "spin");
  wasmrun_error_t* e = wasmrun_func_call(&spin, nullptr, 0, nullptr, 0);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(wasmrun_trap_kind(wasmrun_error_trap(e)), WASMRUN_TRAP_OUT_OF_FUEL);
  wasmrun_error_delete(e);
  EXPECT_LT(wasmrun_store_fuel(store_), 10000u);
}

TEST_F(CapiTest, InterruptFromAnotherThread) {
  wasmrun_config_t c;
  wasmrun_config_init(&c);
  c.interruptible = true;
  Init(&c);
  wasmrun_instance_t inst = Instantiate(kLoop);
  wasmrun_interrupt_handle_t* handle = wasmrun_store_interrupt_handle(store_);
  ASSERT_NE(handle, nullptr);
  std::thread stopper([handle] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    wasmrun_interrupt_handle_interrupt(handle);
  });
  wasmrun_func_t spin = Func(inst, "spin");
  wasmrun_error_t* e = wasmrun_func_call(&spin, nullptr, 0, nullptr, 0);
  stopper.join();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(wasmrun_trap_kind(wasmrun_error_trap(e)), WASMRUN_TRAP_INTERRUPTED);
  wasmrun_error_delete(e);
  Reset();
  wasmrun_interrupt_handle_interrupt(handle);  // the store is gone: no effect
  wasmrun_interrupt_handle_delete(handle);
}

TEST_F(CapiTest, WasiExitCodeAndArgs) {
  wasmrun_wasi_config_t* wasi = wasmrun_wasi_config_new();
  ASSERT_NE(wasi, nullptr);
  ASSERT_OK(wasmrun_wasi_config_push_arg(wasi, "prog"));
  ASSERT_OK(wasmrun_wasi_config_push_arg(wasi, "x"));
  ASSERT_OK(wasmrun_wasi_config_push_env(wasi, "A=B"));
  ASSERT_OK(wasmrun_wasi_config_set_stdio(wasi, 0, 1, 2));
  ASSERT_OK(wasmrun_linker_define_wasi(linker_, wasi));
  wasmrun_wasi_config_delete(wasi);
  wasmrun_instance_t inst = Instantiate(R"((module
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (func (export "_start")
      (drop (call $sizes (i32.const 0) (i32.const 4)))
      (call $exit (i32.add (i32.const 40) (i32.load (i32.const 0)))))))");
  wasmrun_func_t start = Func(inst, "_start");
  wasmrun_error_t* e = wasmrun_func_call(&start, nullptr, 0, nullptr, 0);
  ASSERT_NE(e, nullptr);
  int32_t code = 0;
  EXPECT_TRUE(wasmrun_trap_exit_code(wasmrun_error_trap(e), &code));
  EXPECT_EQ(code, 42);  // 40 + argc
  wasmrun_error_delete(e);

  wasmrun_wasi_config_t* bad = wasmrun_wasi_config_new();
  ASSERT_OK(wasmrun_wasi_config_preopen_dir(bad, "/nonexistent/dir", "."));
  EXPECT_ERROR_KIND(wasmrun_linker_define_wasi(linker_, bad), WASMRUN_ERROR_IO);
  wasmrun_wasi_config_delete(bad);
}

TEST_F(CapiTest, NullArgumentsAreErrorsNotCrashes) {
  wasmrun_module_t* m = nullptr;
  EXPECT_ERROR_KIND(wasmrun_module_new(nullptr, nullptr, 0, &m), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_module_new(engine_, nullptr, 5, &m), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_module_new(engine_, nullptr, 0, nullptr), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_module_new(engine_, nullptr, 0, &m), WASMRUN_ERROR_DECODE);
  EXPECT_ERROR_KIND(wasmrun_module_from_wat(engine_, nullptr, 3, &m), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_module_from_file(engine_, nullptr, &m), WASMRUN_ERROR_USAGE);
  EXPECT_EQ(wasmrun_store_new(nullptr), nullptr);
  EXPECT_EQ(wasmrun_linker_new(nullptr), nullptr);
  EXPECT_EQ(wasmrun_store_interrupt_handle(nullptr), nullptr);
  EXPECT_ERROR_KIND(wasmrun_store_set_fuel(nullptr, 1), WASMRUN_ERROR_USAGE);
  EXPECT_EQ(wasmrun_store_fuel(nullptr), 0u);
  EXPECT_EQ(wasmrun_module_import_count(nullptr), 0u);
  EXPECT_STREQ(wasmrun_module_name(nullptr), "");
  EXPECT_ERROR_KIND(wasmrun_linker_instantiate(linker_, nullptr, nullptr), WASMRUN_ERROR_USAGE);
  wasmrun_instance_t inst;
  EXPECT_ERROR_KIND(wasmrun_linker_instantiate(nullptr, nullptr, &inst), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_linker_define_wasi(nullptr, nullptr), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_linker_define_instance(linker_, "m", &inst), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_linker_define_func(linker_, "m", nullptr, nullptr),
                    WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_wasi_config_push_arg(nullptr, "x"), WASMRUN_ERROR_USAGE);

  // Null handles (zeroed) and NULL pointers to handles.
  wasmrun_func_t f;
  std::memset(&f, 0, sizeof f);
  EXPECT_FALSE(wasmrun_instance_get_func(&inst, "x", &f));
  EXPECT_FALSE(wasmrun_instance_get_func(nullptr, "x", &f));
  EXPECT_FALSE(wasmrun_instance_get_func(&inst, nullptr, &f));
  EXPECT_FALSE(wasmrun_instance_get_func(&inst, "x", nullptr));
  EXPECT_FALSE(wasmrun_instance_memory(nullptr, nullptr));
  EXPECT_ERROR_KIND(wasmrun_func_call(&f, nullptr, 0, nullptr, 0), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_func_call(nullptr, nullptr, 0, nullptr, 0), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_func_type(nullptr, nullptr, 0, nullptr, nullptr, 0, nullptr),
                    WASMRUN_ERROR_USAGE);
  wasmrun_memory_t mem;
  std::memset(&mem, 0, sizeof mem);
  EXPECT_EQ(wasmrun_memory_data(&mem), nullptr);
  EXPECT_EQ(wasmrun_memory_size(nullptr), 0u);
  EXPECT_EQ(wasmrun_memory_pages(&mem), 0u);
  EXPECT_ERROR_KIND(wasmrun_memory_grow(&mem, 1, nullptr), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_memory_read(nullptr, 0, nullptr, 0), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_memory_write(&mem, 0, "x", 1), WASMRUN_ERROR_USAGE);
  EXPECT_FALSE(wasmrun_caller_memory(nullptr, &mem));
  wasmrun_global_t g;
  std::memset(&g, 0, sizeof g);
  wasmrun_val_t v = I32(0);
  EXPECT_ERROR_KIND(wasmrun_global_get(&g, &v), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_global_set(nullptr, &v), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_global_type(&g, nullptr, nullptr), WASMRUN_ERROR_USAGE);
  wasmrun_table_t t;
  std::memset(&t, 0, sizeof t);
  EXPECT_EQ(wasmrun_table_size(&t), 0u);
  EXPECT_ERROR_KIND(wasmrun_table_get(&t, 0, &v), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_table_set(&t, 0, &v), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_table_grow(&t, 0, &v, nullptr), WASMRUN_ERROR_USAGE);

  // Accessors of NULL errors and traps, and deleting NULL, are harmless.
  EXPECT_EQ(wasmrun_error_kind(nullptr), WASMRUN_ERROR_USAGE);
  EXPECT_STREQ(wasmrun_error_message(nullptr), "");
  EXPECT_FALSE(wasmrun_error_offset(nullptr, nullptr));
  EXPECT_EQ(wasmrun_trap_frame_count(nullptr), 0u);
  EXPECT_EQ(wasmrun_trap_new(nullptr), nullptr);
  wasmrun_error_delete(nullptr);
  wasmrun_trap_delete(nullptr);
  wasmrun_module_delete(nullptr);
  wasmrun_linker_delete(nullptr);
  wasmrun_store_delete(nullptr);
  wasmrun_engine_delete(nullptr);
  wasmrun_wasi_config_delete(nullptr);
  wasmrun_interrupt_handle_delete(nullptr);
  wasmrun_interrupt_handle_interrupt(nullptr);
}

// ---- Issue 12: calls without allocation, the Caller, store data, shadowing, loud fuel.

// A host function that finds the calling plugin's "malloc" and the store's data.
wasmrun_trap_t* GiveCallback(void*, wasmrun_caller_t* caller, const wasmrun_val_t* args, size_t,
                             wasmrun_val_t* results, size_t) {
  int* counter = static_cast<int*>(wasmrun_caller_data(caller));
  if (counter == nullptr) return wasmrun_trap_new("no store data");
  ++*counter;
  wasmrun_func_t malloc_fn;
  if (!wasmrun_caller_get_func(caller, "malloc", &malloc_fn)) return wasmrun_trap_new("no malloc");
  wasmrun_memory_t mem;
  if (!wasmrun_caller_get_memory(caller, "memory", &mem)) return wasmrun_trap_new("no memory");
  wasmrun_instance_t inst;
  if (!wasmrun_caller_instance(caller, &inst)) return wasmrun_trap_new("no instance");
  uint64_t in[1] = {static_cast<uint32_t>(args[0].of.i32)}, out[1] = {0};
  wasmrun_error_t* e = wasmrun_func_call_unchecked(&malloc_fn, in, 1, out, 1);
  if (e != nullptr) {
    wasmrun_error_delete(e);
    return wasmrun_trap_new("malloc failed");
  }
  results[0].kind = WASMRUN_I32;
  results[0].of.i32 = static_cast<int32_t>(out[0]);
  return nullptr;
}

TEST_F(CapiTest, UncheckedCallsCallerAndStoreData) {
  Init(nullptr);
  int counter = 0;
  wasmrun_store_set_data(store_, &counter);
  EXPECT_EQ(wasmrun_store_data(store_), &counter);
  const wasmrun_valtype_t i32 = wasmrun_valtype(WASMRUN_I32);
  ASSERT_OK(wasmrun_linker_define_host(linker_, "env", "give", &i32, 1, &i32, 1, GiveCallback,
                                       nullptr, nullptr, nullptr));
  // Defining the same name again is an error unless shadowing is allowed.
  EXPECT_ERROR_KIND(wasmrun_linker_define_host(linker_, "env", "give", &i32, 1, &i32, 1,
                                               GiveCallback, nullptr, nullptr, nullptr),
                    WASMRUN_ERROR_USAGE);
  wasmrun_linker_allow_shadowing(linker_, true);
  ASSERT_OK(wasmrun_linker_define_host(linker_, "env", "give", &i32, 1, &i32, 1, GiveCallback,
                                       nullptr, nullptr, nullptr));
  wasmrun_instance_t inst = Instantiate(R"((module
    (import "env" "give" (func $give (param i32) (result i32)))
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 64))
    (func (export "malloc") (param i32) (result i32)
      (global.get $heap) (global.set $heap (i32.add (global.get $heap) (local.get 0))))
    (func (export "run") (param i32) (result i32) (call $give (local.get 0)))
    (func (export "add") (param i32 i64) (result i64)
      (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))))");
  wasmrun_func_t run = Func(inst, "run");
  wasmrun_val_t arg, result;
  arg.kind = WASMRUN_I32;
  arg.of.i32 = 8;
  ASSERT_OK(wasmrun_func_call(&run, &arg, 1, &result, 1));
  EXPECT_EQ(result.of.i32, 64);
  ASSERT_OK(wasmrun_func_call(&run, &arg, 1, &result, 1));
  EXPECT_EQ(result.of.i32, 72);
  EXPECT_EQ(counter, 2);

  wasmrun_func_t add = Func(inst, "add");
  size_t np = 0, nr = 0;
  ASSERT_TRUE(wasmrun_func_slot_counts(&add, &np, &nr));
  EXPECT_EQ(np, 2u);
  EXPECT_EQ(nr, 1u);
  uint64_t in[2] = {static_cast<uint32_t>(-5), 7}, out[1] = {0};
  ASSERT_OK(wasmrun_func_call_unchecked(&add, in, 2, out, 1));
  EXPECT_EQ(static_cast<int64_t>(out[0]), 2);
  wasmrun_error_t* e = wasmrun_func_call_unchecked(&add, in, 1, out, 1);  // wrong slot count
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(wasmrun_trap_kind(wasmrun_error_trap(e)), WASMRUN_TRAP_HOST_ERROR);
  wasmrun_error_delete(e);
  EXPECT_ERROR_KIND(wasmrun_func_call_unchecked(nullptr, in, 2, out, 1), WASMRUN_ERROR_USAGE);
  EXPECT_FALSE(wasmrun_func_slot_counts(nullptr, &np, &nr));
  // Checked calls still refuse a wrong argument kind.
  wasmrun_val_t bad[2];
  bad[0].kind = WASMRUN_I64;
  bad[0].of.i64 = 1;
  bad[1].kind = WASMRUN_I64;
  bad[1].of.i64 = 1;
  e = wasmrun_func_call(&add, bad, 2, &result, 1);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(wasmrun_trap_kind(wasmrun_error_trap(e)), WASMRUN_TRAP_HOST_ERROR);
  wasmrun_error_delete(e);
  EXPECT_ERROR_KIND(wasmrun_func_call(&add, bad, 2, &result, 0), WASMRUN_ERROR_USAGE);
}

TEST_F(CapiTest, FuelOnANonInterruptibleEngineIsAnError) {
  Init(nullptr);
  EXPECT_ERROR_KIND(wasmrun_store_set_fuel(store_, 5), WASMRUN_ERROR_USAGE);
  wasmrun_interrupt_handle_t* h = wasmrun_store_interrupt_handle(store_);
  ASSERT_NE(h, nullptr);
  EXPECT_FALSE(wasmrun_interrupt_handle_interrupt(h));
  wasmrun_interrupt_handle_delete(h);
}

}  // namespace

TEST_F(CapiTest, DroppingAnInstanceFreesItAndClosesItsHandles) {
  wasmrun_instance_t lib = Instantiate(R"((module
    (memory (export "mem") 1)
    (func (export "get") (result i32) (i32.const 5))))");
  wasmrun_func_t get = Func(lib, "get");
  wasmrun_memory_t mem;
  ASSERT_TRUE(wasmrun_instance_get_memory(&lib, "mem", &mem));
  ASSERT_OK(wasmrun_linker_define_instance(linker_, "lib", &lib));
  wasmrun_instance_t app = Instantiate(R"((module
    (import "lib" "mem" (memory 1))
    (func (export "size") (result i32) (memory.size))))");
  // lib's memory is app's: refused until app goes.
  EXPECT_ERROR_KIND(wasmrun_store_drop_instance(store_, &lib), WASMRUN_ERROR_USAGE);
  ASSERT_OK(wasmrun_store_drop_instance(store_, &app));
  ASSERT_OK(wasmrun_store_drop_instance(store_, &lib));
  EXPECT_ERROR_KIND(wasmrun_store_drop_instance(store_, &lib), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_store_drop_instance(store_, nullptr), WASMRUN_ERROR_USAGE);
  EXPECT_ERROR_KIND(wasmrun_store_drop_instance(nullptr, &lib), WASMRUN_ERROR_USAGE);
  EXPECT_EQ(wasmrun_memory_size(&mem), 0u);
  wasmrun_func_t gone;
  EXPECT_FALSE(wasmrun_instance_get_func(&lib, "get", &gone));
  wasmrun_val_t r;
  wasmrun_error_t* e = wasmrun_func_call(&get, nullptr, 0, &r, 1);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(wasmrun_error_kind(e), WASMRUN_ERROR_TRAP);
  EXPECT_EQ(wasmrun_trap_kind(wasmrun_error_trap(e)), WASMRUN_TRAP_HOST_ERROR);
  EXPECT_NE(std::string(wasmrun_error_describe(e)).find("instance dropped"), std::string::npos);
  wasmrun_error_delete(e);
}
