#include "values.h"

#include <fmt/core.h>

#include <bit>
#include <cstring>

#include "runtime/gc.h"
#include "text/numbers.h"

namespace wr::cli {

namespace {

std::optional<uint64_t> ParseInt(std::string_view text, unsigned bits) {
  auto r = text::ParseIntBits(text, bits);
  if (!r) return std::nullopt;
  return *r;
}

// A reference result, in the spec scripts' terms (ref.func, ref.struct, ref.i31 N, ...): what
// it is, never where it lives.
std::string FormatRef(const ValType& type, Ref r) {
  if (r == kNullRef) return "ref.null";
  if (type.heap == HeapKind::Extern || type.heap == HeapKind::NoExtern) return "ref.extern";
  if (IsI31(r)) return fmt::format("ref.i31 {}", static_cast<int32_t>(I31Signed(r)));
  switch (FromRef(r)->kind) {
    case ObjectKind::Function: return "ref.func";
    case ObjectKind::Struct: return "ref.struct";
    case ObjectKind::Array: return "ref.array";
    case ObjectKind::Exception: return "ref.exn";
    case ObjectKind::Extern: return "ref.any";  // a host value brought in with any.convert_extern
  }
  return "ref";
}

}  // namespace

bool ParseArg(const ValType& type, std::string_view text, std::vector<uint64_t>& slots) {
  switch (type.kind) {
    case ValKind::I32: {
      auto v = ParseInt(text, 32);
      if (!v) return false;
      slots.push_back(*v & 0xffffffffu);
      return true;
    }
    case ValKind::I64: {
      auto v = ParseInt(text, 64);
      if (!v) return false;
      slots.push_back(*v);
      return true;
    }
    case ValKind::F32: {
      auto v = text::ParseF32(text);
      if (!v) return false;
      slots.push_back(*v);
      return true;
    }
    case ValKind::F64: {
      auto v = text::ParseF64(text);
      if (!v) return false;
      slots.push_back(*v);
      return true;
    }
    case ValKind::V128: {
      uint32_t lanes[4];
      size_t n = 0;
      size_t pos = 0;
      while (pos <= text.size() && n < 5) {
        size_t end = text.find_first_of(" ,", pos);
        if (end == std::string_view::npos) end = text.size();
        if (end > pos) {
          if (n == 4) return false;
          auto v = ParseInt(text.substr(pos, end - pos), 32);
          if (!v) return false;
          lanes[n++] = static_cast<uint32_t>(*v);
        }
        pos = end + 1;
      }
      if (n != 4) return false;
      slots.push_back(uint64_t{lanes[0]} | (uint64_t{lanes[1]} << 32));
      slots.push_back(uint64_t{lanes[2]} | (uint64_t{lanes[3]} << 32));
      return true;
    }
    case ValKind::Ref:
      // Only null can be written on a command line, and only where the type admits it.
      if ((text != "null" && text != "ref.null") || !type.nullable) return false;
      slots.push_back(0);
      return true;
  }
  return false;
}

std::string FormatF32(uint32_t bits) {
  bool neg = (bits >> 31) != 0;
  uint32_t exp = (bits >> 23) & 0xff;
  uint32_t frac = bits & 0x7fffff;
  if (exp == 0xff) {
    if (frac == 0) return neg ? "-inf" : "inf";
    std::string s = neg ? "-nan" : "nan";
    if (frac != 0x400000) s += fmt::format(":0x{:x}", frac);
    return s;
  }
  return fmt::format("{}", std::bit_cast<float>(bits));
}

std::string FormatF64(uint64_t bits) {
  bool neg = (bits >> 63) != 0;
  uint64_t exp = (bits >> 52) & 0x7ff;
  uint64_t frac = bits & 0xfffffffffffffull;
  if (exp == 0x7ff) {
    if (frac == 0) return neg ? "-inf" : "inf";
    std::string s = neg ? "-nan" : "nan";
    if (frac != 0x8000000000000ull) s += fmt::format(":0x{:x}", frac);
    return s;
  }
  return fmt::format("{}", std::bit_cast<double>(bits));
}

std::string FormatValue(const ValType& type, const uint64_t* slots) {
  switch (type.kind) {
    case ValKind::I32:
      return fmt::format("{}", static_cast<int32_t>(static_cast<uint32_t>(slots[0])));
    case ValKind::I64: return fmt::format("{}", static_cast<int64_t>(slots[0]));
    case ValKind::F32: return FormatF32(static_cast<uint32_t>(slots[0]));
    case ValKind::F64: return FormatF64(slots[0]);
    case ValKind::V128:
      return fmt::format("i32x4 0x{:08x} 0x{:08x} 0x{:08x} 0x{:08x}",
                         static_cast<uint32_t>(slots[0]), static_cast<uint32_t>(slots[0] >> 32),
                         static_cast<uint32_t>(slots[1]), static_cast<uint32_t>(slots[1] >> 32));
    case ValKind::Ref: return FormatRef(type, slots[0]);
  }
  return "?";
}

}  // namespace wr::cli
