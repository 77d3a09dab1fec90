#include "text/numbers.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace wr::text {

namespace {

bool IsDigit(char c, bool hex) {
  if (c >= '0' && c <= '9') return true;
  return hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

unsigned DigitVal(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  return static_cast<unsigned>(c - 'A' + 10);
}

// Consumes `digit (_? digit)*` from text[pos]; appends the digits (without `_`) to `out`.
// Returns false when there is no digit or an underscore is misplaced.
bool ScanDigits(std::string_view text, size_t& pos, bool hex, std::string* out) {
  if (pos >= text.size() || !IsDigit(text[pos], hex)) return false;
  while (pos < text.size()) {
    const char c = text[pos];
    if (IsDigit(c, hex)) {
      if (out) *out += c;
      ++pos;
    } else if (c == '_') {
      if (pos + 1 >= text.size() || !IsDigit(text[pos + 1], hex)) return false;
      ++pos;
    } else {
      break;
    }
  }
  return true;
}

// nat without sign: decimal or 0x-hex. Sets `overflow` when the value exceeds 2^64-1.
bool ParseMagnitude(std::string_view text, uint64_t& value, bool& overflow) {
  bool hex = false;
  size_t pos = 0;
  if (text.size() >= 2 && text[0] == '0' && text[1] == 'x') {
    hex = true;
    pos = 2;
  }
  std::string digits;
  if (!ScanDigits(text, pos, hex, &digits) || pos != text.size()) return false;
  value = 0;
  overflow = false;
  const uint64_t base = hex ? 16 : 10;
  for (char c : digits) {
    const uint64_t d = DigitVal(c);
    if (value > (UINT64_MAX - d) / base) overflow = true;
    value = value * base + d;
  }
  return true;
}

}  // namespace

NumResult<uint64_t> ParseNat(std::string_view text, uint64_t max) {
  uint64_t value;
  bool overflow;
  if (!ParseMagnitude(text, value, overflow)) return Unexpected(NumError::Malformed);
  if (overflow || value > max) return Unexpected(NumError::OutOfRange);
  return value;
}

NumResult<uint64_t> ParseIntBits(std::string_view text, unsigned bits) {
  bool neg = false, has_sign = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    has_sign = true;
    neg = text[0] == '-';
    text.remove_prefix(1);
  }
  uint64_t value;
  bool overflow;
  if (!ParseMagnitude(text, value, overflow)) return Unexpected(NumError::Malformed);
  if (overflow) return Unexpected(NumError::OutOfRange);
  const uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  const uint64_t half = uint64_t{1} << (bits - 1);
  if (!has_sign) {
    if (value > mask) return Unexpected(NumError::OutOfRange);
    return value;
  }
  if (neg) {
    if (value > half) return Unexpected(NumError::OutOfRange);
    return (~value + 1) & mask;  // two's complement negation, wrapping in unsigned
  }
  if (value >= half) return Unexpected(NumError::OutOfRange);
  return value;
}

namespace {

// Parses a float literal into its sign and a cleaned string that strtod/strtof accept
// ("1.5e3", "0x1.8p3"), or recognizes inf / nan / nan:0x.
struct FloatParts {
  bool neg = false;
  enum Kind { Finite, Inf, Nan, NanPayload } kind = Finite;
  uint64_t payload = 0;
  std::string clean;
};

bool SplitFloat(std::string_view text, FloatParts& out) {
  size_t pos = 0;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    out.neg = text[0] == '-';
    pos = 1;
  }
  std::string_view rest = text.substr(pos);
  if (rest == "inf") {
    out.kind = FloatParts::Inf;
    return true;
  }
  if (rest == "nan") {
    out.kind = FloatParts::Nan;
    return true;
  }
  if (rest.substr(0, 6) == "nan:0x") {
    out.kind = FloatParts::NanPayload;
    size_t p = 6;
    std::string digits;
    if (!ScanDigits(rest, p, true, &digits) || p != rest.size()) return false;
    uint64_t v = 0;
    for (char c : digits) {
      if (v >> 60) {
        v = ~uint64_t{0};  // saturate; rejected as out of range by the caller
        break;
      }
      v = v * 16 + DigitVal(c);
    }
    out.payload = v;
    return true;
  }
  bool hex = false;
  if (rest.size() >= 2 && rest[0] == '0' && rest[1] == 'x') {
    hex = true;
    out.clean = "0x";
    pos += 2;
  }
  if (!ScanDigits(text, pos, hex, &out.clean)) return false;
  if (pos < text.size() && text[pos] == '.') {
    out.clean += '.';
    ++pos;
    if (pos < text.size() && IsDigit(text[pos], hex)) {
      if (!ScanDigits(text, pos, hex, &out.clean)) return false;
    }
  }
  if (pos < text.size() &&
      (hex ? (text[pos] == 'p' || text[pos] == 'P') : (text[pos] == 'e' || text[pos] == 'E'))) {
    out.clean += hex ? 'p' : 'e';
    ++pos;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) out.clean += text[pos++];
    if (!ScanDigits(text, pos, false, &out.clean)) return false;
  }
  if (hex && out.clean.find('p') == std::string::npos) out.clean += "p0";
  return pos == text.size();
}

template <class Bits, class Float, int kMantBits>
NumResult<Bits> ParseFloat(std::string_view text) {
  FloatParts parts;
  if (!SplitFloat(text, parts)) return Unexpected(NumError::Malformed);
  const Bits sign = parts.neg ? Bits{1} << (sizeof(Bits) * 8 - 1) : 0;
  const Bits exp_mask =
      static_cast<Bits>(((Bits{1} << (sizeof(Bits) * 8 - 1)) - 1) & ~((Bits{1} << kMantBits) - 1));
  const Bits mant_mask = (Bits{1} << kMantBits) - 1;
  switch (parts.kind) {
    case FloatParts::Inf: return static_cast<Bits>(sign | exp_mask);
    case FloatParts::Nan: return static_cast<Bits>(sign | exp_mask | (Bits{1} << (kMantBits - 1)));
    case FloatParts::NanPayload:
      if (parts.payload == 0 || parts.payload > mant_mask) return Unexpected(NumError::OutOfRange);
      return static_cast<Bits>(sign | exp_mask | static_cast<Bits>(parts.payload));
    case FloatParts::Finite: break;
  }
  // glibc's strtof/strtod round decimal and hex input correctly (to nearest, ties to
  // even) straight to the target precision, so there is no double rounding for f32. The
  // cleaned string is plain ASCII without locale-dependent characters except '.', which
  // every locale we run under (the default "C" locale) accepts.
  errno = 0;
  Float f;
  if constexpr (sizeof(Float) == 4) {
    f = std::strtof(parts.clean.c_str(), nullptr);
  } else {
    f = std::strtod(parts.clean.c_str(), nullptr);
  }
  if (std::isinf(f)) return Unexpected(NumError::OutOfRange);
  Bits bits;
  std::memcpy(&bits, &f, sizeof bits);
  return static_cast<Bits>(bits | sign);
}

}  // namespace

NumResult<uint32_t> ParseF32(std::string_view text) {
  return ParseFloat<uint32_t, float, 23>(text);
}

NumResult<uint64_t> ParseF64(std::string_view text) {
  return ParseFloat<uint64_t, double, 52>(text);
}

}  // namespace wr::text
