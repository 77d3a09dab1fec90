// The log both sides of the binaryen differential fuzzer write, and how two logs compare.
// oracle.cjs writes V8's; runner.cc writes wasmrun's. README.md lists the lines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wr::fuzzb {

// A number as oracle.cjs prints a JS Number: integral values below 2^53 in decimal, "-0",
// "nan", anything else as "0x" and the bits of the double. i32 and f32 values convert to
// double exactly, so every side prints the same text for the same value.
std::string FormatNumber(double x);
// An i64 as JS prints a BigInt, with an "n" suffix.
std::string FormatI64(int64_t x);

// How two logs compare. A line "stack" or "hostlimit" (the call stack or a host resource ran
// out: the engines' limits differ, so what follows is not comparable) ends the comparison at
// the start of the export in which either side hit it; before that, lines must be equal.
struct Comparison {
  bool same = true;
  size_t first_difference = 0;  // line index, when !same
  size_t compared_lines = 0;    // lines compared (the comparable prefix)
  bool truncated = false;       // a "stack" or "hostlimit" line cut the comparison short
};
Comparison CompareLogs(const std::vector<std::string>& wasmrun, const std::vector<std::string>& v8);

}  // namespace wr::fuzzb
