// WASI for hosts through the public C++ API (wasmrun/wasmrun.hpp only): in-memory stdin,
// stdout/stderr into bounded buffers and callbacks, read-only preopens, wasi_unstable.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace {

using wasmrun::Engine;
using wasmrun::Linker;
using wasmrun::Module;
using wasmrun::Store;

// Copies stdin to stdout in 5-byte reads, writes "err!" to stderr, and stores at 200.. the
// results of three more writes of 8 bytes to stdout (errno, count) for the limit tests.
constexpr const char* kCat = R"((module
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "err!")
  (data (i32.const 80) "12345678")
  (func $write8 (param $slot i32)
    (i32.store (i32.const 8) (i32.const 80))
    (i32.store (i32.const 12) (i32.const 8))
    (i32.store (local.get $slot) (call $write (i32.const 1) (i32.const 8) (i32.const 1)
                                              (i32.add (local.get $slot) (i32.const 4)))))
  (func (export "_start")
    (loop $again
      (i32.store (i32.const 0) (i32.const 1024))
      (i32.store (i32.const 4) (i32.const 5))
      (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
      (if (i32.load (i32.const 16))
        (then
          (i32.store (i32.const 4) (i32.load (i32.const 16)))
          (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 20)))
          (br $again))))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 4))
    (drop (call $write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 20)))
    (call $write8 (i32.const 200))
    (call $write8 (i32.const 208))
    (call $write8 (i32.const 216)))))";

struct GuestRun {
  std::vector<uint32_t> words;  // memory[200..224) as u32s after the run
};

GuestRun RunGuest(const wasmrun::WasiConfig& config, const char* wat = kCat) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  auto ok = linker.DefineWasi(config);
  EXPECT_TRUE(ok.ok()) << (ok.ok() ? "" : ok.error().ToString());
  auto m = Module::FromWat(engine, wat);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().ToString());
  if (!m.ok()) return {};
  auto inst = linker.Instantiate(*m);
  EXPECT_TRUE(inst.ok()) << (inst.ok() ? "" : inst.error().ToString());
  if (!inst.ok()) return {};
  auto r = inst->GetFunc("_start")->Call({});
  EXPECT_TRUE(r.ok() || r.error().is_exit()) << (r.ok() ? "" : r.error().ToString());
  GuestRun run;
  auto mem = inst->GetMemory("memory");
  if (mem) {
    const uint8_t* base = mem->data();
    for (uint32_t off = 200; off < 224; off += 4) {
      uint32_t w;
      std::memcpy(&w, base + off, 4);
      run.words.push_back(w);
    }
  }
  return run;
}

std::vector<uint8_t> Bytes(const std::string& s) {
  return {s.begin(), s.end()};
}

TEST(WasiHostApi, StdinBytesAndOutputBuffers) {
  wasmrun::WasiConfig config;
  config.stdin_bytes = Bytes("hello, in-memory world");
  wasmrun::WasiOutputBuffer out, err;
  config.stdout_buffer = out;
  config.stderr_buffer = err;
  GuestRun run = RunGuest(config);
  ASSERT_EQ(run.words.size(), 6u);
  EXPECT_EQ(out.str(), "hello, in-memory world123456781234567812345678");
  EXPECT_EQ(err.str(), "err!");
  EXPECT_FALSE(out.truncated());
  EXPECT_EQ(run.words[0], 0u);
  EXPECT_EQ(run.words[1], 8u);
}

TEST(WasiHostApi, OutputBufferLimitGivesAShortWriteThenEfbig) {
  wasmrun::WasiConfig config;
  config.stdin_bytes = Bytes("abcdef");  // 6 bytes, then three writes of 8 into a 20-byte buffer
  wasmrun::WasiOutputBuffer out(20);
  config.stdout_buffer = out;
  GuestRun run = RunGuest(config);
  ASSERT_EQ(run.words.size(), 6u);
  EXPECT_EQ(run.words[0], 0u);  // 6 + 8 = 14
  EXPECT_EQ(run.words[1], 8u);
  EXPECT_EQ(run.words[2], 0u);  // short write: 6 of 8 fit
  EXPECT_EQ(run.words[3], 6u);
  EXPECT_EQ(run.words[4], 22u);  // EFBIG: nothing fits
  EXPECT_EQ(out.size(), 20u);
  EXPECT_EQ(out.str(), "abcdef12345678123456");
  EXPECT_TRUE(out.truncated());
  out.Clear();
  EXPECT_EQ(out.size(), 0u);
  EXPECT_FALSE(out.truncated());
}

TEST(WasiHostApi, OutputCallbacksSeeEachWrite) {
  wasmrun::WasiConfig config;
  config.stdin_bytes = Bytes("0123456789ab");
  std::vector<std::string> writes;
  std::string errs;
  config.stdout_callback = [&](std::span<const uint8_t> d) {
    writes.emplace_back(d.begin(), d.end());
  };
  config.stderr_callback = [&](std::span<const uint8_t> d) { errs.append(d.begin(), d.end()); };
  wasmrun::WasiOutputBuffer unused;
  config.stdout_buffer = unused;  // the callback wins
  GuestRun run = RunGuest(config);
  ASSERT_EQ(writes.size(), 6u);
  EXPECT_EQ(writes[0], "01234");
  EXPECT_EQ(writes[1], "56789");
  EXPECT_EQ(writes[2], "ab");
  EXPECT_EQ(writes[3], "12345678");
  EXPECT_EQ(errs, "err!");
  EXPECT_EQ(unused.size(), 0u);
}

TEST(WasiHostApi, ReadOnlyPreopen) {
  char tmpl[] = "/tmp/wasmrun-ro-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  { std::ofstream(dir + "/keep.txt") << "kept"; }
  wasmrun::WasiConfig config;
  config.preopens.push_back({dir, "/data", true});
  // path_create_directory("made"), path_unlink_file("keep.txt"), and a read of keep.txt.
  GuestRun run = RunGuest(config, R"((module
    (import "wasi_snapshot_preview1" "path_create_directory"
      (func $mkdir (param i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_unlink_file"
      (func $unlink (param i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_open"
      (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 0) "made")
    (data (i32.const 16) "keep.txt")
    (func (export "_start")
      (i32.store (i32.const 200) (call $mkdir (i32.const 3) (i32.const 0) (i32.const 4)))
      (i32.store (i32.const 204) (call $unlink (i32.const 3) (i32.const 16) (i32.const 8)))
      (i32.store (i32.const 208) (call $open (i32.const 3) (i32.const 0) (i32.const 16)
        (i32.const 8) (i32.const 0) (i64.const 0x3fffffff) (i64.const 0) (i32.const 0)
        (i32.const 100)))
      (i32.store (i32.const 32) (i32.const 300))
      (i32.store (i32.const 36) (i32.const 4))
      (i32.store (i32.const 212) (call $read (i32.load (i32.const 100)) (i32.const 32)
        (i32.const 1) (i32.const 216)))
      (i32.store (i32.const 220) (i32.load (i32.const 300))))))");
  ASSERT_EQ(run.words.size(), 6u);
  EXPECT_EQ(run.words[0], 63u);  // EPERM
  EXPECT_EQ(run.words[1], 63u);
  EXPECT_EQ(run.words[2], 0u);  // opened (read-only)
  EXPECT_EQ(run.words[3], 0u);
  EXPECT_EQ(run.words[4], 4u);
  EXPECT_EQ(run.words[5], 0x7470656bu);  // "kept"
  EXPECT_FALSE(std::filesystem::exists(dir + "/made"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/keep.txt"));
  std::filesystem::remove_all(dir);
}

TEST(WasiHostApi, Preview0OnlyWhenAskedFor) {
  constexpr const char* kP0 = R"((module
    (import "wasi_unstable" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "p0\n")
    (func (export "_start")
      (i32.store (i32.const 0) (i32.const 16))
      (i32.store (i32.const 4) (i32.const 3))
      (i32.store (i32.const 200) (call $write (i32.const 1) (i32.const 0) (i32.const 1)
                                              (i32.const 204))))))";
  Engine engine;
  {
    Store store(engine);
    Linker linker(store);
    ASSERT_TRUE(linker.DefineWasi({}).ok());
    auto m = Module::FromWat(engine, kP0);
    ASSERT_TRUE(m.ok());
    EXPECT_FALSE(linker.Instantiate(*m).ok());  // wasi_unstable is not defined
  }
  wasmrun::WasiConfig config;
  config.preview0 = true;
  wasmrun::WasiOutputBuffer out;
  config.stdout_buffer = out;
  GuestRun run = RunGuest(config, kP0);
  ASSERT_EQ(run.words.size(), 6u);
  EXPECT_EQ(run.words[0], 0u);
  EXPECT_EQ(run.words[1], 3u);
  EXPECT_EQ(out.str(), "p0\n");
}

}  // namespace
