// The C API's WASI extras for hosts and module custom sections (wasmrun/wasmrun.h only).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "capi_test_util.h"
#include "wasmrun/wasmrun.h"

namespace {

using capi_test::Describe;

struct Env {
  Env() {
    engine = wasmrun_engine_new(nullptr);
    store = wasmrun_store_new(engine);
    linker = wasmrun_linker_new(store);
  }
  ~Env() {
    wasmrun_linker_delete(linker);
    wasmrun_store_delete(store);
    wasmrun_engine_delete(engine);
  }
  // Instantiates `wat`, runs _start, returns memory[200..216) as u32s.
  std::vector<uint32_t> Run(const char* wat) {
    wasmrun_module_t* m = nullptr;
    EXPECT_EQ(Describe(wasmrun_module_from_wat(engine, wat, std::strlen(wat), &m)), "");
    if (m == nullptr) return {};
    wasmrun_instance_t inst;
    std::string err = Describe(wasmrun_linker_instantiate(linker, m, &inst));
    wasmrun_module_delete(m);
    EXPECT_EQ(err, "");
    if (!err.empty()) return {};
    wasmrun_func_t start;
    EXPECT_TRUE(wasmrun_instance_get_func(&inst, "_start", &start));
    EXPECT_EQ(Describe(wasmrun_func_call(&start, nullptr, 0, nullptr, 0)), "");
    wasmrun_memory_t mem;
    EXPECT_TRUE(wasmrun_instance_get_memory(&inst, "memory", &mem));
    std::vector<uint32_t> words(4);
    std::memcpy(words.data(), wasmrun_memory_data(&mem) + 200, 16);
    return words;
  }
  wasmrun_engine_t* engine;
  wasmrun_store_t* store;
  wasmrun_linker_t* linker;
};

// Reads up to 32 bytes of stdin, writes them to stdout twice and "E" to stderr; memory 200..:
// the errnos of the two stdout writes and their counts.
constexpr const char* kEcho = R"((module
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "E")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 32))
    (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
    (i32.store (i32.const 4) (i32.load (i32.const 16)))
    (i32.store (i32.const 200) (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 208)))
    (i32.store (i32.const 204) (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 212)))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 1))
    (drop (call $write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 16))))))";

void Collect(void* env, const uint8_t* data, size_t size) {
  static_cast<std::string*>(env)->append(reinterpret_cast<const char*>(data), size);
}

TEST(CapiWasiHost, StdinBytesOutputBufferAndCallback) {
  Env env;
  wasmrun_wasi_config_t* cfg = wasmrun_wasi_config_new();
  const char in[] = "abcdef";
  ASSERT_OK(wasmrun_wasi_config_set_stdin_bytes(cfg, reinterpret_cast<const uint8_t*>(in), 6));
  wasmrun_wasi_output_t* out = wasmrun_wasi_output_new(10);
  ASSERT_OK(wasmrun_wasi_config_set_output_buffer(cfg, 1, out));
  std::string errs;
  ASSERT_OK(wasmrun_wasi_config_set_output_callback(cfg, 2, Collect, &errs));
  // Misuse: other fds, NULLs.
  EXPECT_NE(Describe(wasmrun_wasi_config_set_output_buffer(cfg, 0, out)), "");
  EXPECT_NE(Describe(wasmrun_wasi_config_set_output_callback(cfg, 3, Collect, &errs)), "");
  EXPECT_NE(Describe(wasmrun_wasi_config_set_output_buffer(cfg, 1, nullptr)), "");
  EXPECT_NE(Describe(wasmrun_wasi_config_set_stdin_bytes(nullptr, nullptr, 0)), "");
  ASSERT_OK(wasmrun_linker_define_wasi(env.linker, cfg));
  wasmrun_wasi_config_delete(cfg);
  std::vector<uint32_t> w = env.Run(kEcho);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[0], 0u);
  EXPECT_EQ(w[1], 0u);
  EXPECT_EQ(w[2], 6u);
  EXPECT_EQ(w[3], 4u);  // the 10-byte limit: a short write
  EXPECT_EQ(wasmrun_wasi_output_size(out), 10u);
  EXPECT_TRUE(wasmrun_wasi_output_truncated(out));
  char buf[16] = {};
  EXPECT_EQ(wasmrun_wasi_output_copy(out, reinterpret_cast<uint8_t*>(buf), 4), 4u);
  EXPECT_EQ(std::string(buf), "abcd");
  EXPECT_EQ(wasmrun_wasi_output_copy(out, reinterpret_cast<uint8_t*>(buf), sizeof buf), 10u);
  EXPECT_EQ(std::string(buf, 10), "abcdefabcd");
  EXPECT_EQ(errs, "E");
  wasmrun_wasi_output_clear(out);
  EXPECT_EQ(wasmrun_wasi_output_size(out), 0u);
  EXPECT_FALSE(wasmrun_wasi_output_truncated(out));
  wasmrun_wasi_output_delete(out);
  EXPECT_EQ(wasmrun_wasi_output_size(nullptr), 0u);
}

TEST(CapiWasiHost, ReadOnlyPreopenAndPreview0) {
  char tmpl[] = "/tmp/wasmrun-capi-ro-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  Env env;
  wasmrun_wasi_config_t* cfg = wasmrun_wasi_config_new();
  ASSERT_OK(wasmrun_wasi_config_preopen_dir_read_only(cfg, tmpl, "/ro"));
  ASSERT_OK(wasmrun_wasi_config_set_preview0(cfg, true));
  EXPECT_NE(Describe(wasmrun_wasi_config_preopen_dir_read_only(cfg, nullptr, "/x")), "");
  ASSERT_OK(wasmrun_linker_define_wasi(env.linker, cfg));
  wasmrun_wasi_config_delete(cfg);
  // Through wasi_unstable (preview 0), on the same WASI state as preview1.
  std::vector<uint32_t> w = env.Run(R"((module
    (import "wasi_unstable" "path_create_directory" (func $mkdir (param i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_create_directory"
      (func $mkdir1 (param i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 0) "made")
    (func (export "_start")
      (i32.store (i32.const 200) (call $mkdir (i32.const 3) (i32.const 0) (i32.const 4)))
      (i32.store (i32.const 204) (call $mkdir1 (i32.const 3) (i32.const 0) (i32.const 4))))))");
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[0], 63u);  // EPERM
  EXPECT_EQ(w[1], 63u);
  EXPECT_FALSE(std::filesystem::exists(std::string(tmpl) + "/made"));
  std::filesystem::remove_all(tmpl);
}

TEST(CapiWasiHost, ModuleCustomSections) {
  // (module) with custom sections "abi" = "v1", "other" = "x", "abi" = "" in that order.
  const uint8_t bytes[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,       //
                           0x00, 0x06, 0x03, 'a',  'b',  'i',  'v',  '1',        //
                           0x00, 0x07, 0x05, 'o',  't',  'h',  'e',  'r',  'x',  //
                           0x00, 0x04, 0x03, 'a',  'b',  'i'};
  wasmrun_engine_t* engine = wasmrun_engine_new(nullptr);
  wasmrun_module_t* m = nullptr;
  ASSERT_OK(wasmrun_module_new(engine, bytes, sizeof bytes, &m));
  EXPECT_EQ(wasmrun_module_custom_section_count(m, "abi"), 2u);
  EXPECT_EQ(wasmrun_module_custom_section_count(m, "other"), 1u);
  EXPECT_EQ(wasmrun_module_custom_section_count(m, "none"), 0u);
  const uint8_t* data = nullptr;
  size_t size = 99;
  ASSERT_TRUE(wasmrun_module_custom_section(m, "abi", 0, &data, &size));
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(data), size), "v1");
  ASSERT_TRUE(wasmrun_module_custom_section(m, "abi", 1, &data, &size));
  EXPECT_EQ(size, 0u);
  ASSERT_TRUE(wasmrun_module_custom_section(m, "other", 0, &data, &size));
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(data), size), "x");
  EXPECT_FALSE(wasmrun_module_custom_section(m, "abi", 2, &data, &size));
  EXPECT_EQ(data, nullptr);
  EXPECT_EQ(size, 0u);
  EXPECT_FALSE(wasmrun_module_custom_section(m, nullptr, 0, &data, &size));
  EXPECT_FALSE(wasmrun_module_custom_section(nullptr, "abi", 0, &data, &size));
  EXPECT_FALSE(wasmrun_module_custom_section(m, "abi", 0, nullptr, &size));
  EXPECT_EQ(wasmrun_module_custom_section_count(nullptr, "abi"), 0u);
  EXPECT_EQ(wasmrun_module_custom_section_count(m, nullptr), 0u);
  wasmrun_module_delete(m);
  wasmrun_engine_delete(engine);
}

}  // namespace
