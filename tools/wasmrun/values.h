// --invoke results as text (the arguments are read by wasmrun::ParseValue).
//
// Output format (one result per line): integers in signed decimal; floats in the shortest
// decimal that reads back to the same value, with inf, -inf, nan (canonical) and
// nan:0x<payload> as in the text format; v128 as `i32x4` and four hex lanes; references as
// what they are (ref.null, ref.func, ref.extern, ref.struct, ref.array, ref.i31 N, ref.exn),
// never where they live.
#pragma once

#include <cstdint>
#include <string>

#include "wasmrun/wasmrun.hpp"

namespace wr::cli {

std::string FormatF32(uint32_t bits);
std::string FormatF64(uint64_t bits);
std::string FormatValue(const wasmrun::Value& v);

}  // namespace wr::cli
