// Conversions between script values (text::Value) and interpreter slots, and the matching of
// results against assert_return patterns (NaN classes, per-lane v128 patterns, references,
// `either`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/types.h"
#include "runtime/store.h"
#include "text/wast.h"

namespace wr::spec {

// Appends the slots of `v` (an argument) to `out`; false when `v` cannot be an argument.
bool ArgToSlots(const text::Value& v, Store& store, std::vector<uint64_t>& out);

// Does the result of type `type`, held in `slots`, match `expected`?
bool Matches(const text::Value& expected, const ValType& type, const uint64_t* slots);

// Text for failure messages.
std::string FormatResult(const ValType& type, const uint64_t* slots);
std::string FormatExpected(const text::Value& v);

}  // namespace wr::spec
