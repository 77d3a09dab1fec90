// Trap frames through the public API: source lines from a module's .debug_line (and
// Config::debug_info), names from the text format, and FormatBacktrace's one layout.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../debuginfo/dwarf_builder.h"
#include "wasmrun/wasmrun.hpp"

namespace {

using namespace wr::debuginfo::testing;

// A module whose one function, exported as "run", is `unreachable`, with a .debug_line unit
// placing it on /src/x.c line 42. Code section contents start at byte 29 (the function count),
// so the `unreachable` at module offset 32 has code address 3.
Bytes ModuleWithLines(const Bytes& debug_line) {
  Bytes m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,        // header
             0x01, 0x04, 0x01, 0x60, 0x00, 0x00,                    // type () -> ()
             0x03, 0x02, 0x01, 0x00,                                // func 0: type 0
             0x07, 0x07, 0x01, 0x03, 'r',  'u',  'n',  0x00, 0x00,  // export "run"
             0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b};             // code: unreachable
  const std::string name = ".debug_line";
  // (push_back, not insert: GCC 12 warns wrongly about inserting into an empty vector)
  Bytes custom;
  Uleb(custom, name.size());
  for (char c : name) custom.push_back(static_cast<uint8_t>(c));
  for (uint8_t b : debug_line) custom.push_back(b);
  m.push_back(0);
  Uleb(m, custom.size());
  for (uint8_t b : custom) m.push_back(b);
  return m;
}

Bytes LineTable42() {
  Program p;
  p.SetAddress(1).AdvanceLine(40).Copy();  // the function's start: line 41
  p.SetColumn(5).Special(2, 1);            // address 3, the unreachable: line 42, column 5
  p.AdvancePc(2).EndSequence();
  return UnitV4(4, {"/src"}, {{"x.c", 1}}, p);
}

wasmrun::Trap RunTrap(const Bytes& module, bool debug_info) {
  wasmrun::Config config;
  config.debug_info = debug_info;
  wasmrun::Engine engine(config);
  auto m = wasmrun::Module::FromBinary(engine, module);
  EXPECT_TRUE(m.ok()) << m.error().ToString();
  wasmrun::Store store(engine);
  wasmrun::Linker linker(store);
  auto inst = linker.Instantiate(*m);
  EXPECT_TRUE(inst.ok());
  auto r = inst->GetFunc("run")->Call({});
  EXPECT_FALSE(r.ok());
  return r.error();
}

TEST(Backtrace, SourceLineFromDebugLine) {
  const wasmrun::Trap t = RunTrap(ModuleWithLines(LineTable42()), true);
  ASSERT_EQ(t.frames.size(), 1u);
  EXPECT_EQ(t.frames[0].offset, 32u);
  EXPECT_EQ(t.frames[0].file, "/src/x.c");
  EXPECT_EQ(t.frames[0].line, 42u);
  EXPECT_EQ(t.frames[0].column, 5u);
  EXPECT_EQ(wasmrun::FormatBacktrace(t),
            "wasm backtrace:\n"
            "   0: 0x000020 - func[0]\n"
            "                    at /src/x.c:42:5\n");
  EXPECT_EQ(t.ToString(),
            "unreachable\n"
            "wasm backtrace:\n"
            "   0: 0x000020 - func[0]\n"
            "                    at /src/x.c:42:5");
}

TEST(Backtrace, DebugInfoOff) {
  const wasmrun::Trap t = RunTrap(ModuleWithLines(LineTable42()), false);
  ASSERT_EQ(t.frames.size(), 1u);
  EXPECT_EQ(t.frames[0].line, 0u);
  EXPECT_EQ(t.frames[0].file, "");
  EXPECT_EQ(wasmrun::FormatBacktrace(t), "wasm backtrace:\n   0: 0x000020 - func[0]\n");
}

TEST(Backtrace, BrokenDebugLineIsIgnored) {
  const Bytes good = LineTable42();
  for (size_t n = 0; n < good.size(); ++n) {
    Bytes cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
    const wasmrun::Trap t = RunTrap(ModuleWithLines(cut), true);
    ASSERT_EQ(t.frames.size(), 1u);
    EXPECT_EQ(t.frames[0].line, 0u) << "cut at " << n;
    EXPECT_EQ(t.message, "unreachable");
  }
}

TEST(Backtrace, NamesFromText) {
  wasmrun::Engine engine;
  auto m = wasmrun::Module::FromWat(engine, R"((module $mod
    (func $inner (unreachable))
    (func $outer (export "run") (call $inner))))");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->name(), "mod");
  wasmrun::Store store(engine);
  wasmrun::Linker linker(store);
  auto inst = linker.Instantiate(*m);
  ASSERT_TRUE(inst.ok());
  auto r = inst->GetFunc("run")->Call({});
  ASSERT_FALSE(r.ok());
  const wasmrun::Trap& t = r.error();
  ASSERT_EQ(t.frames.size(), 2u);
  EXPECT_EQ(t.frames[0].func_name, "inner");
  EXPECT_EQ(t.frames[0].module_name, "mod");
  EXPECT_EQ(t.frames[1].func_name, "outer");
  EXPECT_EQ(t.frames[0].line, 0u);  // no DWARF
}

TEST(Backtrace, FormatLayout) {
  wasmrun::Trap t;
  t.frames.resize(3);
  t.frames[0].func_name = "f";
  t.frames[0].module_name = "m";
  t.frames[0].offset = 0x1234;
  t.frames[0].file = "a.c";
  t.frames[0].line = 7;
  t.frames[1].func_index = 9;
  t.frames[1].offset = 0;  // unknown: the column keeps its shape
  t.frames[2].func_name = "g";
  t.frames[2].offset = 0xabcdef12;
  EXPECT_EQ(wasmrun::FormatBacktrace(t),
            "wasm backtrace:\n"
            "   0: 0x001234 - m!f\n"
            "                    at a.c:7\n"
            "   1: 0x000000 - func[9]\n"
            "   2: 0xabcdef12 - g\n");
  EXPECT_EQ(wasmrun::FormatBacktrace(t, 1),
            "wasm backtrace:\n"
            "   0: 0x001234 - m!f\n"
            "                    at a.c:7\n"
            "  ... 2 more frames\n");
  EXPECT_EQ(wasmrun::FormatBacktrace(wasmrun::Trap()), "");
}

}  // namespace
