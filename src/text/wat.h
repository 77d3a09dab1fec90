// WebAssembly text format (WAT) -> binary module bytes.
//
// The parser emits the binary format through binary/writer.h, so a text module can never
// mean something a binary module could not: the result goes through the one binary decoder
// and validator like any other module. The parser resolves names (`$x`) and expands every
// abbreviation of the text format (inline imports/exports, inline type uses with implicit
// type definitions, inline elem/data, folded instructions); it does not validate: numeric
// indices are emitted as written, even when out of range.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace wr::text {

// Parses one module: either `(module $id? field*)` or the fields alone. `(module $id? binary
// "..."*)` is accepted too and yields the concatenated bytes. Errors have Phase::Text and
// the source line in Error::offset; their messages follow the spec tests' wording
// ("unexpected token", "unknown operator", "unknown label", "constant out of range", ...).
Result<std::vector<uint8_t>> ParseWat(std::string_view source);

}  // namespace wr::text
