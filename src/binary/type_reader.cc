// Value, heap, reference and block types in the binary format (WebAssembly 3.0).
//
// The grammar has alternatives that share a first byte (a block type is a type index, 0x40 or a
// value type; a heap type is a type index or an abstract type), so each reader follows the
// reference interpreter's order of alternatives and reports the error of the last one tried,
// which is the wording the spec tests expect.
#include "binary/instr_reader.h"

namespace wr::binary {

namespace {

// The abstract heap types, by their one-byte encoding (s7 values -0x0c..-0x17).
std::optional<HeapKind> AbstractHeap(uint8_t b) {
  switch (b) {
    case 0x74: return HeapKind::NoExn;
    case 0x73: return HeapKind::NoFunc;
    case 0x72: return HeapKind::NoExtern;
    case 0x71: return HeapKind::None;
    case 0x70: return HeapKind::Func;
    case 0x6f: return HeapKind::Extern;
    case 0x6e: return HeapKind::Any;
    case 0x6d: return HeapKind::Eq;
    case 0x6c: return HeapKind::I31;
    case 0x6b: return HeapKind::Struct;
    case 0x6a: return HeapKind::Array;
    case 0x69: return HeapKind::Exn;
    default: return std::nullopt;
  }
}

// Reads the one-byte s7 that starts a type; a set continuation bit means the s7 is longer than
// its one permitted byte.
Result<uint8_t> ReadS7Byte(ByteReader& r) {
  WR_TRY(uint8_t b, r.U8());
  if (b & 0x80) return r.Fail("integer representation too long");
  return b;
}

}  // namespace

Result<ValType> ReadHeapType(ByteReader& r) {
  const size_t start = r.pos();
  // A non-negative s33 is a type index (always < 2^32); otherwise the first byte must be one of
  // the abstract heap types.
  if (auto idx = r.VarS33(); idx.has_value() && *idx >= 0) {
    return ValType::RefIndex(static_cast<uint32_t>(*idx), true);
  }
  r.set_pos(start);
  WR_TRY(uint8_t b, ReadS7Byte(r));
  if (auto h = AbstractHeap(b)) return ValType::Ref(*h, true);
  return r.FailAt(r.offset() - 1, "malformed heap type");
}

Result<ValType> ReadRefType(ByteReader& r) {
  const uint64_t start = r.offset();
  WR_TRY(uint8_t b, ReadS7Byte(r));
  if (auto h = AbstractHeap(b)) return ValType::Ref(*h, true);
  if (b == 0x63 || b == 0x64) {
    WR_TRY(ValType t, ReadHeapType(r));
    t.nullable = (b == 0x63);
    return t;
  }
  return r.FailAt(start, "malformed reference type");
}

Result<ValType> ReadValType(ByteReader& r) {
  if (r.at_end()) return r.Fail("unexpected end");
  switch (r.data()[r.pos()]) {
    case 0x7f: r.set_pos(r.pos() + 1); return ValType::I32();
    case 0x7e: r.set_pos(r.pos() + 1); return ValType::I64();
    case 0x7d: r.set_pos(r.pos() + 1); return ValType::F32();
    case 0x7c: r.set_pos(r.pos() + 1); return ValType::F64();
    case 0x7b: r.set_pos(r.pos() + 1); return ValType::V128();
    default: return ReadRefType(r);
  }
}

Result<BlockTypeImm> ReadBlockType(ByteReader& r) {
  const size_t start = r.pos();
  BlockTypeImm bt;
  if (auto idx = r.VarS33(); idx.has_value() && *idx >= 0) {
    bt.kind = BlockTypeImm::Kind::TypeIndex;
    bt.type_index = static_cast<uint32_t>(*idx);
    return bt;
  }
  r.set_pos(start);
  if (!r.at_end() && r.data()[start] == 0x40) {
    r.set_pos(start + 1);
    bt.kind = BlockTypeImm::Kind::Empty;
    return bt;
  }
  WR_TRY(bt.type, ReadValType(r));
  bt.kind = BlockTypeImm::Kind::Value;
  return bt;
}

}  // namespace wr::binary
