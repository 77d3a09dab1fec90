// Number literals of the text format: integers (decimal or hex, `_` separators, optional
// sign) and floats (decimal, hex, inf, nan, nan:0x...), converted to exact bit patterns.
//
// Malformed literals and out-of-range values are told apart, because the spec tests expect
// "unknown operator" for the first and "constant out of range" for the second.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/expected.h"

namespace wr::text {

enum class NumError : uint8_t { Malformed, OutOfRange };

template <class T>
using NumResult = Expected<T, NumError>;

// An unsigned literal (no sign) no larger than `max`.
NumResult<uint64_t> ParseNat(std::string_view text, uint64_t max);

// An N-bit integer (N = 8, 16, 32 or 64): unsigned without a sign (0 .. 2^N-1), signed with
// one (-2^(N-1) .. 2^(N-1)-1). Returns the two's-complement bits in the low N bits.
NumResult<uint64_t> ParseIntBits(std::string_view text, unsigned bits);

// Float literals, correctly rounded (round to nearest, ties to even). A finite literal that
// rounds to infinity is out of range; NaN payloads must fit the significand and be nonzero.
NumResult<uint32_t> ParseF32(std::string_view text);
NumResult<uint64_t> ParseF64(std::string_view text);

}  // namespace wr::text
