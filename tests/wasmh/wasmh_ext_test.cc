// wasmrun/wasm_ext.h: WASI imports for a wasm.h module, fuel, interruption, per-store limits.
#include <unistd.h>

#include <chrono>
#include <thread>

#include "wasmh_test_util.h"
#include "wasmrun/wasm_ext.h"

namespace {

using namespace wasmh_test;

// Writes "hi\n" to fd 1 with fd_write, then exits with the number of arguments plus 40.
constexpr const char* kWasiGuest = R"((module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "host" "extra" (func $extra))
  (memory (export "memory") 1)
  (data (i32.const 16) "hi\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 3))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (call $args (i32.const 32) (i32.const 36)))
    (call $exit (i32.add (i32.load (i32.const 32)) (i32.const 40))))))";

wasm_trap_t* Nothing(const wasm_val_vec_t*, wasm_val_vec_t*) {
  return nullptr;
}

TEST(WasmhExt, WasiImportsArgsStdioAndExit) {
  Env env;
  wasm_module_t* m = Compile(env.store, kWasiGuest);
  ASSERT_NE(m, nullptr);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  wasmrun_ext_wasi_config_t* cfg = wasmrun_ext_wasi_config_new();
  wasmrun_ext_wasi_config_push_arg(cfg, "prog");
  wasmrun_ext_wasi_config_push_arg(cfg, "one");
  wasmrun_ext_wasi_config_push_env(cfg, "A=B");
  wasmrun_ext_wasi_config_set_stdio(cfg, 0, fds[1], 2);
  wasm_extern_vec_t imports;
  ASSERT_EQ(wasmrun_ext_wasi_imports(env.store, m, cfg, &imports), nullptr);
  wasmrun_ext_wasi_config_delete(cfg);
  ASSERT_EQ(imports.size, 4u);
  EXPECT_NE(imports.data[0], nullptr);
  EXPECT_NE(imports.data[2], nullptr);
  EXPECT_EQ(imports.data[3], nullptr);  // not WASI: the host fills it
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(wasm_instance_new(env.store, m, &imports, &trap), nullptr);  // still NULL
  ASSERT_NE(trap, nullptr);
  wasm_trap_delete(trap);
  wasm_functype_t* ft = wasm_functype_new_0_0();
  imports.data[3] = wasm_func_as_extern(wasm_func_new(env.store, ft, Nothing));
  wasm_functype_delete(ft);
  wasm_instance_t* inst = wasm_instance_new(env.store, m, &imports, &trap);
  ASSERT_NE(inst, nullptr);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  ASSERT_EQ(exports.size, 2u);
  wasm_trap_t* exit = wasm_func_call(wasm_extern_as_func(exports.data[1]), nullptr, nullptr);
  ASSERT_NE(exit, nullptr);
  int32_t status = 0;
  EXPECT_TRUE(wasmrun_ext_trap_exit_status(exit, &status));
  EXPECT_EQ(status, 42);  // two arguments
  wasm_trap_delete(exit);
  char buf[8] = {};
  close(fds[1]);
  EXPECT_EQ(read(fds[0], buf, sizeof buf), 3);
  EXPECT_EQ(std::string(buf), "hi\n");
  close(fds[0]);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_extern_vec_delete(&imports);
  wasm_module_delete(m);
}

TEST(WasmhExt, WasiPreopenThatCannotBeOpenedIsATrap) {
  Env env;
  wasm_module_t* m = Compile(env.store, kWasiGuest);
  wasmrun_ext_wasi_config_t* cfg = wasmrun_ext_wasi_config_new();
  wasmrun_ext_wasi_config_preopen_dir(cfg, "/nonexistent/wasmrun-test-dir", "/data");
  wasm_extern_vec_t imports;
  wasm_trap_t* t = wasmrun_ext_wasi_imports(env.store, m, cfg, &imports);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(imports.size, 0u);
  int32_t status;
  EXPECT_FALSE(wasmrun_ext_trap_exit_status(t, &status));
  wasm_trap_delete(t);
  wasmrun_ext_wasi_config_delete(cfg);
  wasm_module_delete(m);
}

constexpr const char* kSpin = "(module (func (export \"spin\") (loop $l (br $l))))";

struct Interruptible {
  Interruptible() {
    wasm_config_t* c = wasm_config_new();
    wasmrun_ext_config_set_interruptible(c, true);
    engine = wasm_engine_new_with_config(c);
    store = wasm_store_new(engine);
    module = Compile(store, kSpin);
    inst = wasm_instance_new(store, module, nullptr, nullptr);
    wasm_instance_exports(inst, &exports);
  }
  ~Interruptible() {
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(inst);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
  }
  Interruptible(const Interruptible&) = delete;
  Interruptible& operator=(const Interruptible&) = delete;
  const wasm_func_t* spin() const { return wasm_extern_as_func_const(exports.data[0]); }
  wasm_engine_t* engine;
  wasm_store_t* store;
  wasm_module_t* module;
  wasm_instance_t* inst;
  wasm_extern_vec_t exports;
};

TEST(WasmhExt, FuelStopsAnEndlessLoop) {
  Interruptible w;
  ASSERT_TRUE(wasmrun_ext_store_set_fuel(w.store, 10000));
  EXPECT_EQ(wasmrun_ext_store_fuel(w.store), 10000u);
  wasm_trap_t* t = wasm_func_call(w.spin(), nullptr, nullptr);
  ASSERT_NE(t, nullptr);
  EXPECT_NE(Message(t).find("fuel"), std::string::npos) << Message(t);
  EXPECT_LT(wasmrun_ext_store_fuel(w.store), 10000u);
  wasm_trap_delete(t);
}

TEST(WasmhExt, FuelAndInterruptRefuseAnEngineThatDoesNotCheck) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  EXPECT_FALSE(wasmrun_ext_store_set_fuel(store, 10));
  wasmrun_ext_interrupt_handle_t* h = wasmrun_ext_store_interrupt_handle(store);
  EXPECT_FALSE(wasmrun_ext_interrupt(h));
  wasmrun_ext_interrupt_handle_delete(h);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

TEST(WasmhExt, InterruptFromAnotherThread) {
  Interruptible w;
  wasmrun_ext_interrupt_handle_t* h = wasmrun_ext_store_interrupt_handle(w.store);
  std::thread stopper([h] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_TRUE(wasmrun_ext_interrupt(h));
  });
  wasm_trap_t* t = wasm_func_call(w.spin(), nullptr, nullptr);
  stopper.join();
  ASSERT_NE(t, nullptr);
  EXPECT_NE(Message(t).find("interrupt"), std::string::npos) << Message(t);
  wasm_trap_delete(t);
  wasmrun_ext_interrupt_handle_delete(h);
}

TEST(WasmhExt, LimitsPerStore) {
  Env env;
  wasmrun_ext_limits_t lim;
  wasmrun_ext_limits_default(&lim);
  EXPECT_GT(lim.max_memory_pages, 2u);
  lim.max_memory_pages = 2;
  wasm_store_t* small = wasmrun_ext_store_new_with_limits(env.engine, &lim);
  ASSERT_NE(small, nullptr);
  wasm_limits_t three = {3, wasm_limits_max_default};
  wasm_memorytype_t* mt = wasm_memorytype_new(&three);
  EXPECT_EQ(wasm_memory_new(small, mt), nullptr);       // past this store's limit
  wasm_memory_t* big = wasm_memory_new(env.store, mt);  // another store's default limit
  EXPECT_NE(big, nullptr);
  wasm_memory_delete(big);
  wasm_memorytype_delete(mt);
  wasm_limits_t one = {1, wasm_limits_max_default};
  mt = wasm_memorytype_new(&one);
  wasm_memory_t* m = wasm_memory_new(small, mt);
  wasm_memorytype_delete(mt);
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(wasm_memory_grow(m, 1));
  EXPECT_FALSE(wasm_memory_grow(m, 1));
  wasm_memory_delete(m);
  wasm_store_delete(small);

  wasm_config_t* c = wasm_config_new();
  wasmrun_ext_config_set_limits(c, &lim);
  wasm_engine_t* e = wasm_engine_new_with_config(c);
  wasm_store_t* s = wasm_store_new(e);
  mt = wasm_memorytype_new(&three);
  EXPECT_EQ(wasm_memory_new(s, mt), nullptr);  // the engine's limit
  wasm_memorytype_delete(mt);
  wasm_store_delete(s);
  wasm_engine_delete(e);
}

}  // namespace

namespace {

TEST(WasmhExt, InstanceDropFreesItsMemoryAndItsFunctionsTrap) {
  Env env;
  wasm_module_t* module = Compile(env.store, R"((module
    (memory (export "memory") 1)
    (func (export "five") (result i32) (i32.const 5))))");
  ASSERT_NE(module, nullptr);
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(env.store, module, &imports, nullptr);
  ASSERT_NE(instance, nullptr);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  ASSERT_EQ(exports.size, 2u);
  wasm_memory_t* memory = wasm_extern_as_memory(exports.data[0]);
  wasm_func_t* five = wasm_extern_as_func(exports.data[1]);
  EXPECT_EQ(wasm_memory_data_size(memory), 65536u);

  EXPECT_EQ(wasmrun_ext_instance_drop(instance), nullptr);
  EXPECT_EQ(wasm_memory_data_size(memory), 0u);
  wasm_val_t result[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(result);
  wasm_trap_t* trap = wasm_func_call(five, &args, &results);
  ASSERT_NE(trap, nullptr);
  EXPECT_NE(Message(trap).find("instance dropped"), std::string::npos) << Message(trap);
  wasm_trap_delete(trap);
  wasm_trap_t* again = wasmrun_ext_instance_drop(instance);
  ASSERT_NE(again, nullptr);
  EXPECT_NE(Message(again).find("already dropped"), std::string::npos) << Message(again);
  wasm_trap_delete(again);
  wasm_trap_t* null = wasmrun_ext_instance_drop(nullptr);
  EXPECT_NE(null, nullptr);
  wasm_trap_delete(null);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
}

}  // namespace
