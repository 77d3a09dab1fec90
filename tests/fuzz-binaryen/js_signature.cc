#include "fuzz-binaryen/js_signature.h"

namespace wr::fuzzb {
namespace {

// Reads bytes; past the end (a malformed module) it returns zeros and remembers that.
class Reader {
 public:
  Reader(const uint8_t* p, const uint8_t* end) : p_(p), end_(end) {}
  bool done() const { return p_ >= end_ || bad_; }
  bool bad() const { return bad_; }
  void Fail() { bad_ = true; }
  uint8_t Byte() {
    if (p_ >= end_) {
      bad_ = true;
      return 0;
    }
    return *p_++;
  }
  uint8_t Peek() {
    if (p_ >= end_) {
      bad_ = true;
      return 0;
    }
    return *p_;
  }
  uint64_t U() {
    uint64_t r = 0;
    for (int shift = 0; shift < 64 && !bad_; shift += 7) {
      const uint8_t b = Byte();
      r |= uint64_t{b & 0x7fu} << shift;
      if (!(b & 0x80)) return r;
    }
    bad_ = true;
    return 0;
  }
  // A count of items, each at least one byte long.
  uint64_t Count() {
    const uint64_t n = U();
    if (n > static_cast<uint64_t>(end_ - p_)) {
      bad_ = true;
      return 0;
    }
    return n;
  }
  void Skip(uint64_t n) {
    if (n > static_cast<uint64_t>(end_ - p_)) {
      bad_ = true;
      return;
    }
    p_ += n;
  }
  const uint8_t* pos() const { return p_; }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
  bool bad_ = false;
};

// What matters of a value type for a call from JS with null arguments.
struct JsType {
  bool i64 = false;
  bool v128 = false;
  bool ref = false;
  bool nullable = false;
  bool exn = false;  // exnref or nullexnref
};

// A heap type: an abstract one (a negative s33, one byte) or a type index (skipped).
bool HeapIsExn(Reader& r) {
  const uint8_t b = r.Peek();
  if (b >= 0x40 && b < 0x80) {  // a one-byte negative s33: abstract
    r.Byte();
    return b == 0x69 || b == 0x74;  // exn, noexn
  }
  r.U();  // a type index
  return false;
}

JsType ValueType(Reader& r) {
  JsType t;
  const uint8_t b = r.Byte();
  switch (b) {
    case 0x7f:
    case 0x7d:
    case 0x7c:
    case 0x78:  // i8, i16: storage types of fields
    case 0x77: return t;
    case 0x7e: t.i64 = true; return t;
    case 0x7b: t.v128 = true; return t;
    case 0x63:
    case 0x64:
      t.ref = true;
      t.nullable = b == 0x63;
      if (r.Peek() == 0x62) r.Byte();  // exact (custom descriptors)
      t.exn = HeapIsExn(r);
      return t;
    default:
      if (b >= 0x65 && b <= 0x75) {  // a shorthand for a nullable abstract reference
        t.ref = true;
        t.nullable = true;
        t.exn = b == 0x69 || b == 0x74;
        return t;
      }
      r.Fail();
      return t;
  }
}

struct Sig {
  bool is_func = false;
  bool callable = false;
};

Sig CompositeType(Reader& r) {
  Sig s;
  const uint8_t form = r.Byte();
  if (form == 0x60) {
    s.is_func = true;
    s.callable = true;
    for (uint64_t n = r.Count(); n > 0; --n) {
      const JsType t = ValueType(r);
      if (t.i64 || t.v128 || t.exn || (t.ref && !t.nullable)) s.callable = false;
    }
    for (uint64_t n = r.Count(); n > 0; --n) {
      const JsType t = ValueType(r);
      if (t.v128 || t.exn) s.callable = false;
    }
  } else if (form == 0x5f) {
    for (uint64_t n = r.Count(); n > 0; --n) {
      ValueType(r);
      r.Byte();  // mutability
    }
  } else if (form == 0x5e) {
    ValueType(r);
    r.Byte();
  } else if (form == 0x5d) {
    r.U();  // cont $ft
  } else {
    r.Fail();
  }
  return s;
}

Sig SubType(Reader& r) {
  const uint8_t b = r.Peek();
  if (b == 0x50 || b == 0x4f) {
    r.Byte();
    for (uint64_t n = r.Count(); n > 0; --n) r.U();
  }
  while (r.Peek() == 0x4d || r.Peek() == 0x4c) {  // describes / descriptor
    r.Byte();
    r.U();
  }
  return CompositeType(r);
}

void Limits(Reader& r) {
  const uint8_t flags = r.Byte();
  r.U();
  if (flags & 1) r.U();
  if (flags & 8) r.U();  // custom page size
}

}  // namespace

std::optional<std::vector<bool>> JsCallableFunctions(const std::vector<uint8_t>& module) {
  if (module.size() < 8) return std::nullopt;
  {
    Reader r(module.data() + 8, module.data() + module.size());
    std::vector<Sig> types;
    std::vector<bool> funcs;
    auto func_of = [&](uint64_t type_index) {
      funcs.push_back(type_index < types.size() && types[type_index].callable);
    };
    while (!r.done()) {
      const uint8_t id = r.Byte();
      const uint64_t size = r.U();
      const uint8_t* start = r.pos();
      r.Skip(size);
      Reader s(start, start + size);
      if (id == 1) {
        for (uint64_t n = s.Count(); n > 0; --n) {
          if (s.Peek() == 0x4e) {
            s.Byte();
            for (uint64_t m = s.Count(); m > 0; --m) types.push_back(SubType(s));
          } else {
            types.push_back(SubType(s));
          }
        }
      } else if (id == 2) {
        for (uint64_t n = s.Count(); n > 0; --n) {
          s.Skip(s.U());
          s.Skip(s.U());
          switch (s.Byte()) {
            case 0x00: func_of(s.U()); break;
            case 0x01:
              ValueType(s);
              Limits(s);
              break;
            case 0x02: Limits(s); break;
            case 0x03:
              ValueType(s);
              s.Byte();
              break;
            case 0x04:
              s.Byte();
              s.U();
              break;
            default: return std::nullopt;
          }
        }
        if (s.bad()) return std::nullopt;
      } else if (id == 3) {
        for (uint64_t n = s.Count(); n > 0; --n) func_of(s.U());
      }
      if (s.bad()) return std::nullopt;
    }
    if (r.bad()) return std::nullopt;
    return funcs;
  }
}

}  // namespace wr::fuzzb
