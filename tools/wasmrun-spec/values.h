// Conversions between script values (text::Value) and interpreter slots, and the matching of
// results against assert_return patterns (NaN classes, per-lane v128 patterns, references,
// `either`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/types.h"
#include "runtime/store.h"
#include "text/wast.h"

namespace wr::spec {

// Appends the slots of `v` (an argument) to `out`; false when `v` cannot be an argument.
bool ArgToSlots(const text::Value& v, Store& store, std::vector<uint64_t>& out);

// The type of argument `v` as the reference interpreter gives it (Value.type_of_value): a
// number's type, (ref null ht) for (ref.null ht), (ref extern) for (ref.extern N), (ref any)
// for (ref.host N). Nullopt for a pattern that is no value, or a null of a named type.
std::optional<ValType> ArgType(const text::Value& v);

// Does the result of type `type`, held in `slots`, match `expected`? `top` is the top of
// `type`'s hierarchy for references (HeapKind::Func, Extern, Any or Exn): bits alone cannot
// tell an externref from an anyref holding the same host value.
bool Matches(const text::Value& expected, const ValType& type, HeapKind top, const uint64_t* slots);

// Text for failure messages.
std::string FormatResult(const ValType& type, HeapKind top, const uint64_t* slots);
std::string FormatExpected(const text::Value& v);

}  // namespace wr::spec
