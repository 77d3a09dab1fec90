#include "values.h"

#include <fmt/format.h>

#include <bit>
#include <cstring>

#include "runtime/object.h"

namespace wr::spec {

namespace {

bool IsCanonicalNan32(uint32_t b) {
  return (b & 0x7fffffffu) == 0x7fc00000u;
}
bool IsArithmeticNan32(uint32_t b) {
  return (b & 0x7fc00000u) == 0x7fc00000u;
}
bool IsCanonicalNan64(uint64_t b) {
  return (b & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
}
bool IsArithmeticNan64(uint64_t b) {
  return (b & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
}

bool MatchF32(text::NanPattern nan, uint32_t expected_bits, uint32_t actual) {
  switch (nan) {
    case text::NanPattern::Canonical: return IsCanonicalNan32(actual);
    case text::NanPattern::Arithmetic: return IsArithmeticNan32(actual);
    case text::NanPattern::None: return actual == expected_bits;
  }
  return false;
}

bool MatchF64(text::NanPattern nan, uint64_t expected_bits, uint64_t actual) {
  switch (nan) {
    case text::NanPattern::Canonical: return IsCanonicalNan64(actual);
    case text::NanPattern::Arithmetic: return IsArithmeticNan64(actual);
    case text::NanPattern::None: return actual == expected_bits;
  }
  return false;
}

bool MatchV128(const text::Value& e, const uint64_t* slots) {
  V128 actual = V128::FromU64(slots[0], slots[1]);
  switch (e.shape) {
    case text::LaneShape::F32x4:
      for (unsigned i = 0; i < 4; ++i) {
        if (!MatchF32(e.lane_nan[i], e.v128.Lane<uint32_t>(i), actual.Lane<uint32_t>(i))) {
          return false;
        }
      }
      return true;
    case text::LaneShape::F64x2:
      for (unsigned i = 0; i < 2; ++i) {
        if (!MatchF64(e.lane_nan[i], e.v128.Lane<uint64_t>(i), actual.Lane<uint64_t>(i))) {
          return false;
        }
      }
      return true;
    default: return actual == e.v128;
  }
}

// Host payloads of ref.extern and ref.host live in separate namespaces of the store's
// interned extern objects.
constexpr uint64_t kHostTag = uint64_t{1} << 63;

}  // namespace

bool ArgToSlots(const text::Value& v, Store& store, std::vector<uint64_t>& out) {
  using K = text::Value::Kind;
  switch (v.kind) {
    case K::I32:
    case K::F32: out.push_back(v.bits & 0xffffffffu); return true;
    case K::I64:
    case K::F64: out.push_back(v.bits); return true;
    case K::V128:
      out.push_back(v.v128.Lo());
      out.push_back(v.v128.Hi());
      return true;
    case K::RefNull: out.push_back(kNullRef); return true;
    case K::RefExtern: out.push_back(ToRef(store.ExternRef(v.payload))); return true;
    case K::RefHost: out.push_back(ToRef(store.ExternRef(v.payload | kHostTag))); return true;
    default: return false;
  }
}

bool Matches(const text::Value& e, const ValType& type, const uint64_t* slots) {
  using K = text::Value::Kind;
  const uint64_t s = slots[0];
  switch (e.kind) {
    case K::I32: return type.kind == ValKind::I32 && (s & 0xffffffffu) == (e.bits & 0xffffffffu);
    case K::I64: return type.kind == ValKind::I64 && s == e.bits;
    case K::F32:
      return type.kind == ValKind::F32 &&
             MatchF32(e.nan, static_cast<uint32_t>(e.bits), static_cast<uint32_t>(s));
    case K::F64: return type.kind == ValKind::F64 && MatchF64(e.nan, e.bits, s);
    case K::V128: return type.kind == ValKind::V128 && MatchV128(e, slots);
    case K::Either:
      for (const text::Value& alt : e.either) {
        if (Matches(alt, type, slots)) return true;
      }
      return false;
    default: break;
  }
  // References.
  if (type.kind != ValKind::Ref) return false;
  const Object* obj = FromRef(s);
  switch (e.kind) {
    case K::RefNull: return obj == nullptr;
    case K::RefNonNull: return obj != nullptr;
    case K::RefFunc: return obj != nullptr && obj->kind == ObjectKind::Function;
    case K::RefExtern:
    case K::RefHost: {
      if (obj == nullptr || obj->kind != ObjectKind::Extern) return false;
      if (!e.has_payload) return true;
      const uint64_t want = e.kind == K::RefHost ? (e.payload | kHostTag) : e.payload;
      return static_cast<const ExternObject*>(obj)->host_value == want;
    }
    default: return false;  // GC references: not supported yet
  }
}

std::string FormatResult(const ValType& type, const uint64_t* slots) {
  const uint64_t s = slots[0];
  switch (type.kind) {
    case ValKind::I32: return fmt::format("i32:{}", static_cast<int32_t>(s));
    case ValKind::I64: return fmt::format("i64:{}", static_cast<int64_t>(s));
    case ValKind::F32:
      return fmt::format("f32:{} (0x{:08x})", std::bit_cast<float>(static_cast<uint32_t>(s)),
                         static_cast<uint32_t>(s));
    case ValKind::F64: return fmt::format("f64:{} (0x{:016x})", std::bit_cast<double>(s), s);
    case ValKind::V128: return fmt::format("v128:0x{:016x}{:016x}", slots[1], slots[0]);
    case ValKind::Ref: {
      const Object* obj = FromRef(s);
      if (!obj) return "ref.null";
      if (obj->kind == ObjectKind::Extern) {
        return fmt::format("ref.extern {}", static_cast<const ExternObject*>(obj)->host_value);
      }
      return "ref.func";
    }
  }
  return "?";
}

std::string FormatExpected(const text::Value& v) {
  using K = text::Value::Kind;
  auto nan = [](text::NanPattern p) {
    return p == text::NanPattern::Canonical ? "nan:canonical" : "nan:arithmetic";
  };
  switch (v.kind) {
    case K::I32: return fmt::format("i32:{}", static_cast<int32_t>(v.bits));
    case K::I64: return fmt::format("i64:{}", static_cast<int64_t>(v.bits));
    case K::F32:
      if (v.nan != text::NanPattern::None) return std::string("f32:") + nan(v.nan);
      return fmt::format("f32:{} (0x{:08x})", std::bit_cast<float>(static_cast<uint32_t>(v.bits)),
                         static_cast<uint32_t>(v.bits));
    case K::F64:
      if (v.nan != text::NanPattern::None) return std::string("f64:") + nan(v.nan);
      return fmt::format("f64:{} (0x{:016x})", std::bit_cast<double>(v.bits), v.bits);
    case K::V128: return fmt::format("v128:0x{:016x}{:016x}", v.v128.Hi(), v.v128.Lo());
    case K::RefNull: return "ref.null";
    case K::RefExtern:
      return v.has_payload ? fmt::format("ref.extern {}", v.payload) : "ref.extern";
    case K::RefHost: return fmt::format("ref.host {}", v.payload);
    case K::RefFunc: return "ref.func";
    case K::Either: {
      std::string s = "either(";
      for (size_t i = 0; i < v.either.size(); ++i) {
        if (i) s += " | ";
        s += FormatExpected(v.either[i]);
      }
      return s + ")";
    }
    default: return "ref";
  }
}

}  // namespace wr::spec
