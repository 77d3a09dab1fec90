// Values, argument sets and result lines shared by both sides of the differential test.
//
// A result line is what one call produced, in a form both node and wasmrun print:
//   "ok"                            no results
//   "ok i32:0000002a f64:3ff0..."   results as type:hex bit patterns (big-endian hex)
//   "trap <spec message>"           e.g. "trap integer divide by zero"
//   "error <text>"                  anything else (a failed instantiation, a JS exception)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "diff/generator.h"

namespace wr::diff {

// One argument: its type and bits (JS-compatible types only).
struct Arg {
  ValKind kind = ValKind::I32;
  uint64_t bits = 0;
};

// One call of an exported function: what both engines are asked to do.
struct Call {
  std::string name;
  std::vector<ValKind> results;
  std::vector<Arg> args;
};

// "i32:0000002a", "f64:7ff8000000000000".
std::string FormatValue(ValKind kind, uint64_t bits);
const char* KindName(ValKind kind);

// `count` argument lists for `func`: all zeros first, then edge cases and random values.
std::vector<std::vector<Arg>> MakeArgSets(uint64_t seed, uint32_t export_index,
                                          const ExportedFunc& func, uint32_t count);

// True when wasmrun's result line `a` agrees with V8's `b` bit for bit, except that any NaN
// matches any NaN, and V8's one message for a failed float-to-int truncation matches both
// spec messages ("integer overflow", "invalid conversion to integer").
bool SameResult(const std::string& a, const std::string& b);

}  // namespace wr::diff
