// Implementation limits: how large a module may be in each dimension the core spec leaves to
// the implementation (document/core/appendix/implementation.rst). The values are the JS API's
// (https://webassembly.github.io/spec/js-api/#limits), which the browsers' engines implement,
// so a module that loads in a browser loads here and one that does not is rejected for the
// same reason.
//
// They exist so that time and memory stay linear in the size of the input: a count in a file
// never leads to work or an allocation that the file's bytes do not pay for. Exceeding one is
// an error naming the limit: "<what> exceeds limit <n>" (LimitMessage).
#pragma once

#include <cstdint>
#include <string>

namespace wr::limits {

inline constexpr uint32_t kMaxTypes = 1'000'000;      // defined types, all rec groups together
inline constexpr uint32_t kMaxRecGroups = 1'000'000;  // implied by kMaxTypes; the JS API says both
// Depth of a declared subtype chain; a type without a supertype has depth 0.
inline constexpr uint32_t kMaxSubtypeDepth = 63;
inline constexpr uint32_t kMaxFunctions = 1'000'000;  // defined (imports count as imports)
inline constexpr uint32_t kMaxImports = 1'000'000;
inline constexpr uint32_t kMaxExports = 1'000'000;
inline constexpr uint32_t kMaxGlobals = 1'000'000;
inline constexpr uint32_t kMaxTags = 1'000'000;
inline constexpr uint32_t kMaxTables = 100'000;
inline constexpr uint32_t kMaxMemories = 100'000;
inline constexpr uint32_t kMaxDataSegments = 100'000;
inline constexpr uint32_t kMaxElemSegments = 10'000'000;
inline constexpr uint32_t kMaxElemSegmentLength = 10'000'000;
inline constexpr uint32_t kMaxParams = 1'000;   // of a function type (and so of a block type)
inline constexpr uint32_t kMaxResults = 1'000;  // of a function type (and so of a block type)
inline constexpr uint32_t kMaxStructFields = 10'000;
inline constexpr uint32_t kMaxArrayNewFixed = 10'000;  // operands of array.new_fixed
// Locals of a function, its parameters included.
inline constexpr uint32_t kMaxLocals = 50'000;
inline constexpr uint32_t kMaxFunctionSize = 7'654'321;  // bytes of a body, locals included
// Not a JS API limit: the operand stack of a function may hold at most this many values. A
// valid body pushes at most one value per byte except for multi-value calls and blocks, which
// push up to kMaxResults per instruction; this bounds what those can make of a small body.
inline constexpr uint32_t kMaxOperandStack = 1'000'000;

inline std::string LimitMessage(const char* what, uint64_t limit) {
  return std::string(what) + " exceeds limit " + std::to_string(limit);
}

}  // namespace wr::limits
