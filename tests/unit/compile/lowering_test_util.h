// Helpers of the lowering tests: a WAT module through the real decoder, validator and
// lowering, and the code lines of a function's listing.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "binary/reader.h"
#include "compile/code.h"
#include "compile/compiled_module.h"
#include "compile/lowering.h"
#include "text/wat.h"
#include "wat_module.h"

namespace wr::compile::testing_support {

inline std::shared_ptr<const CompiledModule> Compile(std::string_view wat) {
  auto m = wr::testing_support::ReadWat(wat);
  if (!m) return nullptr;
  auto cm = CompileModule(std::move(m).value(), valid::Options{});
  EXPECT_TRUE(cm.has_value()) << cm.error().ToString();
  if (!cm) return nullptr;
  for (const CompiledFunction& f : (*cm)->funcs) {
    auto lowered = EnsureLowered(f);
    EXPECT_TRUE(lowered.has_value()) << lowered.error().ToString();
  }
  return *cm;
}

// The constant area's initial contents, to compare with a vector.
inline std::vector<uint64_t> Constants(const CompiledFunction& f) {
  const std::span<const uint64_t> c = f.constants();
  return std::vector<uint64_t>(c.begin(), c.end());
}

// The code lines of function 0's listing (without the header and constants).
inline std::string Code(std::string_view wat, size_t func = 0) {
  auto cm = Compile(wat);
  if (!cm || func >= cm->funcs.size()) return "<no code>";
  std::string listing = Disassemble(cm->funcs[func]);
  std::string out;
  size_t pos = 0;
  while (pos < listing.size()) {
    size_t eol = listing.find('\n', pos);
    std::string line = listing.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.rfind("  0", 0) == 0 || line.rfind("  1", 0) == 0) out += line.substr(2) + "\n";
  }
  return out;
}

}  // namespace wr::compile::testing_support
