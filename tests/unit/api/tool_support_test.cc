// The API's support for command-line tools: format detection (Module::FromBytes), WatToBinary,
// ParseValue, DisassembleInternalCode, DefineWasi for one importer. Uses only the public header.
#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace {

using wasmrun::Engine;
using wasmrun::ErrorKind;
using wasmrun::Module;
using wasmrun::ValType;

std::vector<uint8_t> Bytes(std::string_view s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

TEST(FromBytes, TextAfterWhiteSpaceAndComments) {
  auto m = Module::FromBytes(
      Engine(),
      Bytes(" \n;; a comment\n(; a (; nested ;) block ;)\t(module (func (export \"f\")))"));
  ASSERT_TRUE(m) << m.error().ToString();
  ASSERT_EQ(m->exports().size(), 1u);
}

TEST(FromBytes, Binary) {
  auto wasm = wasmrun::WatToBinary("(module (func (export \"g\")))");
  ASSERT_TRUE(wasm);
  ASSERT_GE(wasm->size(), 8u);
  EXPECT_EQ((*wasm)[0], 0);
  EXPECT_EQ((*wasm)[1], 'a');
  auto m = Module::FromBytes(Engine(), *wasm);
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(m->exports()[0].name, "g");
}

TEST(FromBytes, RefusesWhatIsNeither) {
  const std::string kNeither = "not a WebAssembly module (binary or text)";
  for (std::string_view input :
       {std::string_view("\x7f"
                         "ELF\x02\x01\x01",
                         7),
        std::string_view("hello world\n"), std::string_view("\0as", 3),
        std::string_view("  ;; only a comment\n"), std::string_view("(; unclosed")}) {
    auto m = Module::FromBytes(Engine(), Bytes(input));
    ASSERT_FALSE(m) << input;
    EXPECT_EQ(m.error().kind, ErrorKind::Decode);
    EXPECT_EQ(m.error().message, kNeither) << input;
  }
  auto empty = Module::FromBytes(Engine(), std::span<const uint8_t>());
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "empty module");
  // The overload that takes the buffer over says the same.
  auto moved = Module::FromBytes(Engine(), std::vector<uint8_t>{'x', 'y'});
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().message, kNeither);
}

TEST(FromBytes, TakingTheBufferOverGivesTheSameModule) {
  const std::string text = "(module (func (export \"f\") (result i32) (i32.const 7)))";
  auto binary = wasmrun::WatToBinary(text);
  ASSERT_TRUE(binary.ok());
  for (std::vector<uint8_t> bytes : {*binary, std::vector<uint8_t>(text.begin(), text.end())}) {
    auto m = Module::FromBytes(Engine(), std::move(bytes));
    ASSERT_TRUE(m.ok()) << m.error().ToString();
    ASSERT_EQ(m->exports().size(), 1u);
    EXPECT_EQ(m->exports()[0].name, "f");
  }
}

TEST(FromBytes, BadTextIsATextError) {
  auto m = Module::FromBytes(Engine(), Bytes("(module (func (i32.bogus)))"));
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind, ErrorKind::Text);
}

TEST(ParseValue, Numbers) {
  EXPECT_EQ(wasmrun::ParseValue(ValType::I32, "-1")->i32(), -1);
  EXPECT_EQ(wasmrun::ParseValue(ValType::I32, "0xffffffff")->i32(), -1);
  EXPECT_EQ(wasmrun::ParseValue(ValType::I64, "9223372036854775807")->i64(), INT64_MAX);
  EXPECT_EQ(wasmrun::ParseValue(ValType::F32, "1.5")->f32(), 1.5f);
  EXPECT_EQ(wasmrun::ParseValue(ValType::F64, "nan:0x1234")->f64_bits(), 0x7ff0000000001234u);
  EXPECT_FALSE(wasmrun::ParseValue(ValType::I32, "x"));
  EXPECT_FALSE(wasmrun::ParseValue(ValType::I32, "0x100000000"));
  EXPECT_FALSE(wasmrun::ParseValue(ValType::F64, ""));
}

TEST(ParseValue, V128LanesAndReferences) {
  auto v = wasmrun::ParseValue(ValType::V128, "1 2,0xdeadbeef -1");
  ASSERT_TRUE(v);
  const wasmrun::Vec128 bits = v->v128();
  EXPECT_EQ(bits.bytes[0], 1);
  EXPECT_EQ(bits.bytes[4], 2);
  EXPECT_EQ(bits.bytes[8], 0xef);
  EXPECT_EQ(bits.bytes[15], 0xff);
  EXPECT_FALSE(wasmrun::ParseValue(ValType::V128, "1 2 3"));
  EXPECT_FALSE(wasmrun::ParseValue(ValType::V128, "1 2 3 4 5"));
  EXPECT_TRUE(wasmrun::ParseValue(ValType::ExternRef, "null")->is_null());
  EXPECT_FALSE(wasmrun::ParseValue(ValType::Ref(wasmrun::HeapType::Extern, false), "null"));
  EXPECT_FALSE(wasmrun::ParseValue(ValType::ExternRef, "0"));
}

TEST(DisassembleInternalCode, OneFunctionOrAll) {
  auto m = Module::FromWat(Engine(), R"((module
    (func $a (export "a") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func $b (export "b") (result i64) (i64.const 7))))");
  ASSERT_TRUE(m);
  auto a = wasmrun::DisassembleInternalCode(*m, "a");
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_NE(a->find("i32.add"), std::string::npos);
  EXPECT_EQ(a->find("func 1:"), std::string::npos);
  auto all = wasmrun::DisassembleInternalCode(*m, "");
  ASSERT_TRUE(all);
  EXPECT_NE(all->find("func 1:"), std::string::npos);
  EXPECT_TRUE(wasmrun::DisassembleInternalCode(*m, "1"));
  EXPECT_FALSE(wasmrun::DisassembleInternalCode(*m, "2"));
  EXPECT_FALSE(wasmrun::DisassembleInternalCode(*m, "nope"));
  EXPECT_FALSE(wasmrun::DisassembleInternalCode(Module(), ""));
}

TEST(DefineWasi, OnlyWhatTheImporterImports) {
  Engine engine;
  auto m = Module::FromWat(engine, R"((module
    (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))))");
  ASSERT_TRUE(m);
  wasmrun::Store store(engine);
  wasmrun::Linker linker(store);
  ASSERT_TRUE(linker.DefineWasi(wasmrun::WasiConfig{}, *m));
  EXPECT_TRUE(linker.Get("wasi_snapshot_preview1", "proc_exit"));
  EXPECT_FALSE(linker.Get("wasi_snapshot_preview1", "fd_write"));
  EXPECT_TRUE(linker.Instantiate(*m));
  EXPECT_FALSE(wasmrun::UsesWasiThreads(*m));
}

}  // namespace
