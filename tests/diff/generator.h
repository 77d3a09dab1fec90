// Random program generator for differential testing: valid modules of numeric code.
//
// Each module has 2..N functions with numeric (and, inside, v128) locals, structured control
// flow (blocks, if/else, loops with bounded trip counts, br_if, br_table, return), select,
// calls to later functions only, direct or through a funcref table (so the call graph is
// acyclic; indirect calls sometimes trap on a type mismatch or a missing slot), loads and
// stores on a one-page
// memory, globals, and memory.size/grow/fill/copy. Instructions come from ir/opcodes.def
// (see op_table.h). A fuel global, decremented on every function entry and loop iteration,
// makes every call end (by trapping "unreachable" when it runs out).
//
// Determinism: float arithmetic whose NaN results the spec leaves open (payload and sign) is
// followed by a canonicalisation (x == x ? x : canonical NaN), so that every value in the
// program is bit-for-bit defined and engines can be compared on all results. Exported
// functions have JS-compatible signatures: i32/i64/f32/f64 parameters; results of those
// types, or a v128 returned as its two i64 lanes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/types.h"

namespace wr::diff {

struct GenOptions {
  uint32_t max_funcs = 6;     // functions per module (at least 2)
  uint32_t max_stmts = 8;     // statements per block
  uint32_t max_depth = 5;     // expression and block nesting
  uint32_t max_instrs = 600;  // rough instruction budget per function
  uint32_t fuel = 2000;       // function entries + loop iterations per call
  bool simd = true;           // v128 code
};

struct ExportedFunc {
  std::string name;
  std::vector<ValKind> params;
  std::vector<ValKind> results;
  bool folded_v128 = false;  // results are the two i64 lanes of a v128
};

struct GeneratedModule {
  std::vector<uint8_t> bytes;
  std::vector<ExportedFunc> exports;
};

GeneratedModule Generate(uint64_t seed, const GenOptions& options = {});

// The canonical NaNs the generator produces (positive, quiet, zero payload).
inline constexpr uint32_t kCanonNanF32 = 0x7fc00000u;
inline constexpr uint64_t kCanonNanF64 = 0x7ff8000000000000ull;

}  // namespace wr::diff
