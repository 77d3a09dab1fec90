#include "values.h"

#include <fmt/core.h>

#include <bit>

namespace wr::cli {

namespace {

using wasmrun::HeapType;
using wasmrun::ValType;
using wasmrun::Value;

// A reference result, in the spec scripts' terms: what it is, never where it lives.
std::string FormatRef(const Value& v) {
  if (v.is_null()) return "ref.null";
  if (auto i31 = v.i31_s()) return fmt::format("ref.i31 {}", *i31);
  const ValType t = v.type();
  switch (t.heap()) {
    case HeapType::Extern:
    case HeapType::NoExtern: return "ref.extern";
    case HeapType::Func:
    case HeapType::NoFunc: return "ref.func";
    case HeapType::Struct: return "ref.struct";
    case HeapType::Array: return "ref.array";
    case HeapType::Exn:
    case HeapType::NoExn: return "ref.exn";
    case HeapType::Any: return "ref.any";  // a host value brought in with any.convert_extern
    case HeapType::Concrete:
      switch (t.def_kind()) {
        case wasmrun::DefKind::Func: return "ref.func";
        case wasmrun::DefKind::Struct: return "ref.struct";
        case wasmrun::DefKind::Array: return "ref.array";
      }
      break;
    default: break;  // eq, i31 (handled above), none
  }
  return "ref.any";
}

}  // namespace

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

std::string FormatValue(const Value& v) {
  switch (v.type().kind()) {
    case ValType::Kind::I32: return fmt::format("{}", v.i32());
    case ValType::Kind::I64: return fmt::format("{}", v.i64());
    case ValType::Kind::F32: return FormatF32(v.f32_bits());
    case ValType::Kind::F64: return FormatF64(v.f64_bits());
    case ValType::Kind::V128: {
      const wasmrun::Vec128 x = v.v128();
      uint32_t lanes[4];
      for (int i = 0; i < 4; ++i) {
        lanes[i] = static_cast<uint32_t>(x.bytes[4 * i]) | (uint32_t{x.bytes[4 * i + 1]} << 8) |
                   (uint32_t{x.bytes[4 * i + 2]} << 16) | (uint32_t{x.bytes[4 * i + 3]} << 24);
      }
      return fmt::format("i32x4 0x{:08x} 0x{:08x} 0x{:08x} 0x{:08x}", lanes[0], lanes[1], lanes[2],
                         lanes[3]);
    }
    case ValType::Kind::Ref: return FormatRef(v);
  }
  return "?";
}

}  // namespace wr::cli
