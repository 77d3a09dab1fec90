// wasmrun/wasm_ext.h's WASI extras for hosts: read-only preopens, in-memory stdio, and
// wasi_unstable imports filled by wasmrun_ext_wasi_imports.
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>

#include "wasmh_test_util.h"
#include "wasmrun/wasm_ext.h"

namespace {

using namespace wasmh_test;

// Echoes up to 16 bytes of stdin to stdout (preview 0's fd_read/fd_write), makes directory
// "made" under fd 3 (preview1) and keeps that errno at 200, and writes "E" to stderr.
constexpr const char* kGuest = R"((module
  (import "wasi_unstable" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory"
    (func $mkdir (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "E")
  (data (i32.const 80) "made")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 16))
    (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
    (i32.store (i32.const 4) (i32.load (i32.const 16)))
    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
    (i32.store (i32.const 200) (call $mkdir (i32.const 3) (i32.const 80) (i32.const 4)))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 1))
    (drop (call $write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 16))))))";

void Collect(void* env, const uint8_t* data, size_t size) {
  static_cast<std::string*>(env)->append(reinterpret_cast<const char*>(data), size);
}

TEST(WasmhWasiHost, ReadOnlyPreopenMemoryStdioAndPreview0) {
  char tmpl[] = "/tmp/wasmrun-wasmh-ro-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  Env env;
  wasm_module_t* m = Compile(env.store, kGuest);
  ASSERT_NE(m, nullptr);
  wasmrun_ext_wasi_config_t* cfg = wasmrun_ext_wasi_config_new();
  wasmrun_ext_wasi_config_preopen_dir_read_only(cfg, tmpl, "/ro");
  const char in[] = "from the host";
  wasmrun_ext_wasi_config_set_stdin_bytes(cfg, reinterpret_cast<const uint8_t*>(in), 13);
  wasmrun_ext_wasi_output_t* out = wasmrun_ext_wasi_output_new(8);
  ASSERT_TRUE(wasmrun_ext_wasi_config_set_output_buffer(cfg, 1, out));
  EXPECT_FALSE(wasmrun_ext_wasi_config_set_output_buffer(cfg, 0, out));
  std::string errs;
  ASSERT_TRUE(wasmrun_ext_wasi_config_set_output_callback(cfg, 2, Collect, &errs));
  EXPECT_FALSE(wasmrun_ext_wasi_config_set_output_callback(cfg, 2, nullptr, &errs));
  wasm_extern_vec_t imports;
  ASSERT_EQ(wasmrun_ext_wasi_imports(env.store, m, cfg, &imports), nullptr);
  wasmrun_ext_wasi_config_delete(cfg);
  ASSERT_EQ(imports.size, 3u);
  for (size_t i = 0; i < imports.size; ++i) EXPECT_NE(imports.data[i], nullptr) << i;
  wasm_trap_t* trap = nullptr;
  wasm_instance_t* inst = wasm_instance_new(env.store, m, &imports, &trap);
  ASSERT_NE(inst, nullptr);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  ASSERT_EQ(exports.size, 2u);
  EXPECT_EQ(wasm_func_call(wasm_extern_as_func(exports.data[1]), nullptr, nullptr), nullptr);
  const byte_t* mem = wasm_memory_data(wasm_extern_as_memory(exports.data[0]));
  uint32_t mkdir_errno;
  std::memcpy(&mkdir_errno, mem + 200, 4);
  EXPECT_EQ(mkdir_errno, 63u);  // EPERM
  EXPECT_FALSE(std::filesystem::exists(std::string(tmpl) + "/made"));
  char buf[16] = {};
  EXPECT_EQ(wasmrun_ext_wasi_output_size(out), 8u);  // "from the host" cut at the limit
  EXPECT_TRUE(wasmrun_ext_wasi_output_truncated(out));
  EXPECT_EQ(wasmrun_ext_wasi_output_copy(out, reinterpret_cast<uint8_t*>(buf), sizeof buf), 8u);
  EXPECT_EQ(std::string(buf), "from the");
  EXPECT_EQ(errs, "E");
  wasmrun_ext_wasi_output_clear(out);
  EXPECT_EQ(wasmrun_ext_wasi_output_size(out), 0u);
  wasmrun_ext_wasi_output_delete(out);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_extern_vec_delete(&imports);
  wasm_module_delete(m);
  std::filesystem::remove_all(tmpl);
}

}  // namespace
