// Generates one function body of a differential-test module (see generator.h).
#pragma once

#include <cstdint>
#include <vector>

#include "binary/writer.h"
#include "diff/generator.h"
#include "diff/op_table.h"
#include "diff/rng.h"

namespace wr::diff {

// A function's signature as the generator plans it.
struct FuncPlan {
  std::vector<ValKind> params;
  std::vector<ValKind> results;
  bool exported = false;
  bool folded_v128 = false;  // results are [i64 i64], computed from one v128
};

// What the body generator knows of the module.
struct ModulePlan {
  std::vector<FuncPlan> funcs;
  std::vector<ValKind> globals;  // global 0 is the i32 fuel counter; all are mutable
  const GenOptions* options = nullptr;
};

// Writes the body of function `index` (local declarations, instructions, final end) to `out`.
void GenerateBody(const ModulePlan& module, uint32_t index, Rng& rng, binary::Writer& out);

}  // namespace wr::diff
