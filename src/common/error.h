// Error: what went wrong on a cold path (decode, validate, link, instantiate), and where.
// Messages use the spec test suite's wording where it has one ("unexpected end", "type
// mismatch", ...), because assert_malformed / assert_invalid compare against it.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "common/expected.h"

namespace wr {

enum class Phase : uint8_t { Decode, Validate, Link, Instantiate, Text, Io };

const char* PhaseName(Phase phase);

struct Error {
  static constexpr uint64_t kNoOffset = ~uint64_t{0};

  Phase phase = Phase::Decode;
  uint64_t offset = kNoOffset;  // byte offset in the module (or source line for text)
  std::string message;

  Error() = default;
  Error(Phase p, uint64_t off, std::string msg) : phase(p), offset(off), message(std::move(msg)) {}

  bool has_offset() const { return offset != kNoOffset; }
  // "decode error at offset 0x1a: unexpected end" style, for people.
  std::string ToString() const;
};

template <class T>
using Result = Expected<T, Error>;

inline Unexpected<Error> MakeError(Phase phase, uint64_t offset, std::string message) {
  return Unexpected<Error>(Error(phase, offset, std::move(message)));
}

}  // namespace wr
