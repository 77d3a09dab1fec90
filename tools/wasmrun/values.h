// --invoke values: command-line text -> argument slots, result slots -> text.
//
// Output format (one result per line): integers in signed decimal; floats in the shortest
// decimal that reads back to the same value, with inf, -inf, nan (canonical) and
// nan:0x<payload> as in the text format; v128 as `i32x4` and four hex lanes; references as
// ref.null, ref.func or ref.extern.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/types.h"

namespace wr::cli {

// Appends the slots for `text` read as a value of `type` (integers in decimal or hex,
// optionally signed; floats in any text-format spelling; v128 as four i32 lanes separated by
// spaces or commas; references only as "null"). Returns false when it does not parse.
bool ParseArg(const ValType& type, std::string_view text, std::vector<uint64_t>& slots);

std::string FormatF32(uint32_t bits);
std::string FormatF64(uint64_t bits);
// Formats the value of `type` starting at slots[0] (two slots for v128).
std::string FormatValue(const ValType& type, const uint64_t* slots);

// Number of slots a value of `type` occupies.
inline size_t SlotCount(const ValType& type) {
  return type.kind == ValKind::V128 ? 2 : 1;
}

}  // namespace wr::cli
