#include "values.h"

#include <fmt/format.h>

#include <bit>
#include <cstring>

#include "runtime/gc.h"
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
    // (ref.host N) is host value N seen from the any hierarchy: the same reference, whose
    // static type differs (any.convert_extern keeps the bits).
    case K::RefHost: out.push_back(ToRef(store.ExternRef(v.payload))); return true;
    default: return false;
  }
}

std::optional<ValType> ArgType(const text::Value& v) {
  using K = text::Value::Kind;
  switch (v.kind) {
    case K::I32: return ValType::I32();
    case K::I64: return ValType::I64();
    case K::F32: return ValType::F32();
    case K::F64: return ValType::F64();
    case K::V128: return ValType::V128();
    case K::RefNull:
      if (!v.has_heap) return std::nullopt;
      if (v.heap == HeapKind::Index) {
        if (!v.heap_name.empty()) return std::nullopt;  // $name: no module to resolve it in
        return ValType::RefIndex(v.heap_index, true);
      }
      return ValType::Ref(v.heap, true);
    case K::RefExtern: return ValType::Ref(HeapKind::Extern, false);
    case K::RefHost: return ValType::Ref(HeapKind::Any, false);
    default: return std::nullopt;
  }
}

// The reference interpreter's assert_ref_pat (interpreter/script/run.ml), over the engine's
// values: a value is what its bits point to, in the hierarchy its static type says.
bool Matches(const text::Value& e, const ValType& type, HeapKind top, const uint64_t* slots) {
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
        if (Matches(alt, type, top, slots)) return true;
      }
      return false;
    default: break;
  }
  if (type.kind != ValKind::Ref) return false;
  // Every null matches (ref.null) and (ref.null ht) alike, as in the reference runner.
  if (s == kNullRef) return e.kind == K::RefNull;
  const bool external = top == HeapKind::Extern;  // wrapped by extern.convert_any
  const bool i31 = IsI31(s);
  const Object* obj = i31 ? nullptr : FromRef(s);
  auto is = [&](ObjectKind k) { return obj != nullptr && obj->kind == k; };
  auto host_value = [&]() -> std::optional<uint64_t> {
    if (!is(ObjectKind::Extern)) return std::nullopt;
    return static_cast<const ExternObject*>(obj)->host_value;
  };
  switch (e.kind) {
    case K::RefNull: return false;
    case K::RefNonNull: return true;
    case K::RefFunc: return top == HeapKind::Func;
    case K::RefAny: return top != HeapKind::Func;
    case K::RefEq: return !external && (i31 || is(ObjectKind::Struct) || is(ObjectKind::Array));
    case K::RefI31: return !external && i31;
    case K::RefStruct: return !external && is(ObjectKind::Struct);
    case K::RefArray: return !external && is(ObjectKind::Array);
    case K::RefExn: return top == HeapKind::Exn;
    case K::RefExtern:
      // (ref.extern) is any reference; (ref.extern N) is host value N in the extern hierarchy.
      if (!e.has_payload) return true;
      return external && host_value() == e.payload;
    case K::RefHost: return !external && top == HeapKind::Any && host_value() == e.payload;
    default: return false;
  }
}

std::string FormatResult(const ValType& type, HeapKind top, const uint64_t* slots) {
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
      if (s == kNullRef) return "ref.null";
      std::string what = "ref";
      if (IsI31(s)) {
        what = fmt::format("ref.i31 {}", I31Unsigned(s));
      } else {
        const Object* obj = FromRef(s);
        switch (obj->kind) {
          case ObjectKind::Extern:
            return fmt::format("{} {}", top == HeapKind::Extern ? "ref.extern" : "ref.host",
                               static_cast<const ExternObject*>(obj)->host_value);
          case ObjectKind::Function: return "ref.func";
          case ObjectKind::Exception: return "ref.exn";
          case ObjectKind::Struct: what = "ref.struct"; break;
          case ObjectKind::Array: what = "ref.array"; break;
        }
      }
      // A GC value converted with extern.convert_any shows inside (ref.extern ...).
      return top == HeapKind::Extern ? "ref.extern (" + what + ")" : what;
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
    case K::RefAny: return "ref.any";
    case K::RefEq: return "ref.eq";
    case K::RefI31: return "ref.i31";
    case K::RefStruct: return "ref.struct";
    case K::RefArray: return "ref.array";
    case K::RefExn: return "ref.exn";
    case K::RefNonNull: return "ref";
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
