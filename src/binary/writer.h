// Writer: encoding primitives for the binary format, used by the text format (which emits
// binary so that text and binary go through one decoder and validator) and by tests that
// build modules by hand. Header-only; it checks nothing: it writes what it is given.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "common/v128.h"
#include "ir/opcode.h"
#include "ir/types.h"

namespace wr::binary {

class Writer {
 public:
  std::vector<uint8_t>& bytes() { return out_; }
  const std::vector<uint8_t>& bytes() const { return out_; }
  size_t size() const { return out_.size(); }

  void U8(uint8_t b) { out_.push_back(b); }
  void Raw(std::span<const uint8_t> b) { RawLe(b.data(), b.size()); }
  void Raw(std::string_view s) { RawLe(s.data(), s.size()); }
  void U32Fixed(uint32_t v) { RawLe(&v, 4); }
  void U64Fixed(uint64_t v) { RawLe(&v, 8); }
  void F32Bits(uint32_t bits) { U32Fixed(bits); }
  void F64Bits(uint64_t bits) { U64Fixed(bits); }
  void Bytes16(const V128& v) { Raw(std::span<const uint8_t>(v.bytes, 16)); }

  void VarU32(uint32_t v) { VarU64(v); }
  void VarU64(uint64_t v) {
    do {
      uint8_t b = v & 0x7f;
      v >>= 7;
      if (v) b |= 0x80;
      out_.push_back(b);
    } while (v);
  }
  void VarS32(int32_t v) { VarS64(v); }
  void VarS64(int64_t v) {
    for (;;) {
      uint8_t b = static_cast<uint8_t>(v) & 0x7f;
      // Arithmetic shift of a negative value is implementation-defined before C++20 and
      // well-defined (sign-propagating) since; we build with C++20.
      v >>= 7;
      const bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
      if (!done) b |= 0x80;
      out_.push_back(b);
      if (done) break;
    }
  }
  void Name(std::string_view s) {
    VarU32(static_cast<uint32_t>(s.size()));
    Raw(s);
  }

  // The opcode's encoding: one byte, or the prefix byte then the LEB128 sub-opcode.
  void Op(Opcode op) {
    const OpInfo& info = GetOpInfo(op);
    if (info.prefix == 0) {
      U8(static_cast<uint8_t>(info.code));
    } else {
      U8(info.prefix);
      VarU32(info.code);
    }
  }

  // Abstract heap types have fixed negative encodings; Index is an s33 type index.
  void HeapType(const ValType& t) {
    if (t.heap == HeapKind::Index) {
      VarS64(static_cast<int64_t>(t.index));
    } else {
      U8(AbstractHeapByte(t.heap));
    }
  }
  void ValueType(const ValType& t) {
    switch (t.kind) {
      case ValKind::I32: U8(0x7f); return;
      case ValKind::I64: U8(0x7e); return;
      case ValKind::F32: U8(0x7d); return;
      case ValKind::F64: U8(0x7c); return;
      case ValKind::V128: U8(0x7b); return;
      case ValKind::Ref: break;
    }
    if (t.nullable && t.heap != HeapKind::Index) {
      U8(AbstractHeapByte(t.heap));  // shorthand: funcref, externref, ...
      return;
    }
    U8(t.nullable ? 0x63 : 0x64);
    HeapType(t);
  }

  static uint8_t AbstractHeapByte(HeapKind h) {
    switch (h) {
      case HeapKind::Func: return 0x70;
      case HeapKind::Extern: return 0x6f;
      case HeapKind::Any: return 0x6e;
      case HeapKind::Eq: return 0x6d;
      case HeapKind::I31: return 0x6c;
      case HeapKind::Struct: return 0x6b;
      case HeapKind::Array: return 0x6a;
      case HeapKind::Exn: return 0x69;
      case HeapKind::NoExn: return 0x74;
      case HeapKind::NoFunc: return 0x73;
      case HeapKind::NoExtern: return 0x72;
      case HeapKind::None: return 0x71;
      case HeapKind::Index: break;
    }
    return 0x70;
  }

  // Starts a section or other size-prefixed region; returns a mark for EndSized().
  size_t BeginSized() {
    const size_t mark = out_.size();
    // Reserve 5 bytes for a padded u32 LEB size, patched in EndSized.
    for (int i = 0; i < 5; ++i) out_.push_back(0);
    return mark;
  }
  // Patches the size; uses the minimal LEB encoding by moving the payload.
  void EndSized(size_t mark) {
    const size_t payload = out_.size() - mark - 5;
    Writer tmp;
    tmp.VarU32(static_cast<uint32_t>(payload));
    const size_t len = tmp.size();
    std::memcpy(out_.data() + mark, tmp.out_.data(), len);
    if (len < 5) {
      out_.erase(out_.begin() + static_cast<std::ptrdiff_t>(mark + len),
                 out_.begin() + static_cast<std::ptrdiff_t>(mark + 5));
    }
  }

 private:
  // Appends n bytes. resize + memcpy rather than vector::insert: GCC 12 at -O3 reports a
  // false -Wstringop-overflow for insert into an empty vector.
  void RawLe(const void* p, size_t n) {
    if (n == 0) return;
    const size_t at = out_.size();
    out_.resize(at + n);
    std::memcpy(out_.data() + at, p, n);
  }
  std::vector<uint8_t> out_;
};

}  // namespace wr::binary
