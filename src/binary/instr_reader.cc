// InstrReader: one instruction at a time, immediates decoded by the opcode's ImmKind.
//
// Only the binary format is checked here. Vector counts (br_table targets, select types,
// try_table catches) are compared with the bytes that remain before anything is reserved, since
// every element takes at least one byte: a body cannot make the reader allocate more than its
// own size.
#include "binary/instr_reader.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace wr::binary {

namespace {

// The reference interpreter reports running out of bytes inside a section or body with this
// wording; the spec tests match it by prefix, so it also satisfies "unexpected end".
constexpr const char* kEof = "unexpected end of section or function";

Error FixEof(Error e) {
  if (e.message == "unexpected end") e.message = kEof;
  return e;
}

std::string Hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02x", v);
  return buf;
}

// Reads a vector count whose elements take at least `min_elem_bytes` each, checking it against
// the remaining bytes so that the caller may reserve it.
Result<uint32_t> ReadCount(ByteReader& r, size_t min_elem_bytes) {
  const uint64_t start = r.offset();
  WR_TRY(uint32_t n, r.VarU32());
  if (n > r.remaining() / min_elem_bytes) return r.FailAt(start, "length out of bounds");
  return n;
}

}  // namespace

InstrReader::InstrReader(std::span<const uint8_t> code, uint64_t base_offset)
    : reader_(code, base_offset) {}

Result<void> InstrReader::Next(Instr& out) {
  if (WR_LIKELY(DecodeFast(out))) return {};
  auto result = Decode(out);
  if (!result.has_value()) return Unexpected(FixEof(std::move(result).error()));
  return result;
}

bool InstrReader::ReadSlow(Instr& out) {
  auto result = Decode(out);
  if (WR_LIKELY(result.has_value())) return true;
  error_ = FixEof(std::move(result).error());
  return false;
}

bool InstrReader::DecodeFast(Instr& out) {
  ByteReader& r = reader_;
  const size_t start = r.pos();
  if (WR_UNLIKELY(r.at_end())) return false;
  const uint16_t code = kSingleByteOpcode[r.data()[start]];
  if (WR_UNLIKELY(code == kNoOpcode)) return false;  // a prefix or an illegal opcode
  out.op = static_cast<Opcode>(code);
  out.offset = static_cast<uint32_t>(r.offset());
  out.br_table = {};
  out.select_types = {};
  out.catches = {};
  r.set_pos(start + 1);
  bool ok = true;
  switch (GetOpInfo(out.op).imm) {
    case ImmKind::None: return true;

    case ImmKind::Label:
    case ImmKind::Func:
    case ImmKind::Local:
    case ImmKind::Global:
    case ImmKind::Table:
    case ImmKind::Mem:
    case ImmKind::Elem:
    case ImmKind::Data:
    case ImmKind::Type:
    case ImmKind::Tag: ok = r.TryVarU32(out.index); break;

    case ImmKind::CallIndirect:
    case ImmKind::TableInit:
    case ImmKind::TableCopy:
    case ImmKind::MemInit:
    case ImmKind::MemCopy:
    case ImmKind::TypeField:
    case ImmKind::TypeType:
    case ImmKind::TypeData:
    case ImmKind::TypeElem:
    case ImmKind::TypeCount: ok = r.TryVarU32(out.index) && r.TryVarU32(out.index2); break;

    case ImmKind::BlockType: {
      // The empty block type and the number and vector types are one byte each; type indices
      // and reference types go the slow way.
      const uint8_t b = r.at_end() ? 0 : r.data()[r.pos()];
      BlockTypeImm bt;
      switch (b) {
        case 0x40: break;
        case 0x7f: bt.type = ValType::I32(); break;
        case 0x7e: bt.type = ValType::I64(); break;
        case 0x7d: bt.type = ValType::F32(); break;
        case 0x7c: bt.type = ValType::F64(); break;
        case 0x7b: bt.type = ValType::V128(); break;
        default: r.set_pos(start); return false;
      }
      bt.kind = b == 0x40 ? BlockTypeImm::Kind::Empty : BlockTypeImm::Kind::Value;
      out.block = bt;
      r.set_pos(r.pos() + 1);
      return true;
    }

    case ImmKind::MemArg: {
      uint32_t flags;
      ok = r.TryVarU32(flags) && flags < 0x80;
      if (!ok) break;
      out.mem.align_log2 = flags & 0x3f;
      out.mem.memory = 0;
      if (flags & 0x40) ok = r.TryVarU32(out.mem.memory);
      ok = ok && r.TryVarU64(out.mem.offset);
      break;
    }

    case ImmKind::I32: {
      int32_t v = 0;
      ok = r.TryVarS32(v);
      out.bits = static_cast<uint64_t>(static_cast<int64_t>(v));
      break;
    }
    case ImmKind::I64: {
      int64_t v = 0;
      ok = r.TryVarS64(v);
      out.bits = static_cast<uint64_t>(v);
      break;
    }
    case ImmKind::F32: {
      ok = r.remaining() >= 4;
      if (!ok) break;
      uint32_t v;
      std::memcpy(&v, r.data().data() + r.pos(), 4);
      out.bits = v;
      r.set_pos(r.pos() + 4);
      break;
    }
    case ImmKind::F64: {
      ok = r.remaining() >= 8;
      if (!ok) break;
      std::memcpy(&out.bits, r.data().data() + r.pos(), 8);
      r.set_pos(r.pos() + 8);
      break;
    }

    case ImmKind::BrTable: {
      uint32_t n;
      // As ReadCount: n targets plus the default, one byte each at least.
      ok = r.TryVarU32(n) && n <= r.remaining();
      if (!ok) break;
      targets_.clear();
      targets_.reserve(size_t{n} + 1);
      for (uint64_t i = 0; ok && i <= n; ++i) {
        uint32_t target = 0;
        ok = r.TryVarU32(target);
        targets_.push_back(target);
      }
      out.br_table = targets_;
      break;
    }

    default: ok = false; break;
  }
  if (WR_UNLIKELY(!ok)) r.set_pos(start);
  return ok;
}

Result<void> InstrReader::Decode(Instr& out) {
  ByteReader& r = reader_;
  out.offset = static_cast<uint32_t>(r.offset());
  out.br_table = {};
  out.select_types = {};
  out.catches = {};

  WR_TRY(uint8_t b, r.U8());
  std::optional<Opcode> op;
  if (b == 0xfb || b == 0xfc || b == 0xfd || b == 0xfe) {
    WR_TRY(uint32_t code, r.VarU32());
    op = DecodeOpcode(b, code);
    if (!op) return r.FailAt(out.offset, "illegal opcode " + Hex(b) + " " + Hex(code));
  } else {
    op = DecodeOpcode(0, b);
    if (!op) return r.FailAt(out.offset, "illegal opcode " + Hex(b));
  }
  out.op = *op;

  switch (GetOpInfo(out.op).imm) {
    case ImmKind::None: break;

    case ImmKind::BlockType: {
      WR_TRY(out.block, ReadBlockType(r));
      break;
    }

    case ImmKind::Label:
    case ImmKind::Func:
    case ImmKind::Local:
    case ImmKind::Global:
    case ImmKind::Table:
    case ImmKind::Mem:
    case ImmKind::Elem:
    case ImmKind::Data:
    case ImmKind::Type:
    case ImmKind::Tag: {
      WR_TRY(out.index, r.VarU32());
      break;
    }

    case ImmKind::CallIndirect:  // typeidx tableidx
    case ImmKind::TableInit:     // elemidx tableidx
    case ImmKind::TableCopy:     // dst src
    case ImmKind::MemInit:       // dataidx memidx
    case ImmKind::MemCopy:       // dst src
    case ImmKind::TypeField:
    case ImmKind::TypeType:
    case ImmKind::TypeData:
    case ImmKind::TypeElem:
    case ImmKind::TypeCount: {
      WR_TRY(out.index, r.VarU32());
      WR_TRY(out.index2, r.VarU32());
      break;
    }

    case ImmKind::BrTable: {
      // n targets plus the default, one byte each at least.
      WR_TRY(uint32_t n, ReadCount(r, 1));
      targets_.clear();
      targets_.reserve(size_t{n} + 1);
      for (uint64_t i = 0; i <= n; ++i) {
        WR_TRY(uint32_t target, r.VarU32());
        targets_.push_back(target);
      }
      out.br_table = targets_;
      break;
    }

    case ImmKind::Fence: {
      const uint64_t at = r.offset();
      WR_TRY(uint8_t zero, r.U8());
      if (zero != 0) return r.FailAt(at, "malformed atomic.fence: expected a zero byte");
      break;
    }

    case ImmKind::MemArg:
    case ImmKind::AtomicArg:
    case ImmKind::MemArgLane: {
      const uint64_t flags_at = r.offset();
      WR_TRY(uint32_t flags, r.VarU32());
      // Bits 0-5: alignment exponent; bit 6: a memory index follows; anything above is malformed.
      if (flags >= 0x80) return r.FailAt(flags_at, "malformed memop flags");
      out.mem.align_log2 = flags & 0x3f;
      out.mem.memory = 0;
      if (flags & 0x40) {
        WR_TRY(out.mem.memory, r.VarU32());
      }
      WR_TRY(out.mem.offset, r.VarU64());
      if (GetOpInfo(out.op).imm == ImmKind::MemArgLane) {
        WR_TRY(out.lane, r.U8());
      }
      break;
    }

    case ImmKind::I32: {
      WR_TRY(int32_t v, r.VarS32());
      out.bits = static_cast<uint64_t>(static_cast<int64_t>(v));
      break;
    }
    case ImmKind::I64: {
      WR_TRY(int64_t v, r.VarS64());
      out.bits = static_cast<uint64_t>(v);
      break;
    }
    case ImmKind::F32: {
      WR_TRY(uint32_t v, r.U32Fixed());
      out.bits = v;
      break;
    }
    case ImmKind::F64: {
      WR_TRY(out.bits, r.U64Fixed());
      break;
    }
    case ImmKind::V128: {
      WR_TRY(auto bytes, r.Bytes(16));
      std::memcpy(out.v128.bytes, bytes.data(), 16);
      break;
    }
    case ImmKind::Lane: {
      // A lane index is a plain byte (spec: Blaneidx ::= l:Bbyte), not a LEB128; values past the
      // lane count are the validator's "invalid lane index".
      WR_TRY(out.lane, r.U8());
      break;
    }
    case ImmKind::Shuffle: {
      for (unsigned i = 0; i < 16; ++i) {
        WR_TRY(out.v128.bytes[i], r.U8());
      }
      break;
    }

    case ImmKind::SelectT: {
      WR_TRY(uint32_t n, ReadCount(r, 1));
      types_.clear();
      types_.reserve(n);
      for (uint32_t i = 0; i < n; ++i) {
        WR_TRY(ValType t, ReadValType(r));
        types_.push_back(t);
      }
      out.select_types = types_;
      break;
    }

    case ImmKind::HeapType: {
      WR_TRY(out.type, ReadHeapType(r));
      // ref.null and the *Null casts take a nullable reference; ref.test / ref.cast a non-null one.
      out.type.nullable = out.op == Opcode::RefNull || out.op == Opcode::RefTestNull ||
                          out.op == Opcode::RefCastNull;
      break;
    }

    case ImmKind::BrOnCast: {
      const uint64_t flags_at = r.offset();
      WR_TRY(uint8_t flags, r.U8());
      if (flags & 0xfc) return r.FailAt(flags_at, "malformed br_on_cast flags");
      WR_TRY(out.index, r.VarU32());
      WR_TRY(out.type, ReadHeapType(r));
      out.type.nullable = (flags & 1) != 0;
      WR_TRY(out.type2, ReadHeapType(r));
      out.type2.nullable = (flags & 2) != 0;
      break;
    }

    case ImmKind::TryTable: {
      WR_TRY(out.block, ReadBlockType(r));
      // Each catch clause takes at least two bytes (kind, label).
      WR_TRY(uint32_t n, ReadCount(r, 2));
      catches_.clear();
      catches_.reserve(n);
      for (uint32_t i = 0; i < n; ++i) {
        const uint64_t kind_at = r.offset();
        WR_TRY(uint8_t kind, r.U8());
        if (kind > 3) return r.FailAt(kind_at, "malformed catch clause");
        CatchClause c;
        c.kind = static_cast<CatchClause::Kind>(kind);
        if (c.kind == CatchClause::Kind::Catch || c.kind == CatchClause::Kind::CatchRef) {
          WR_TRY(c.tag, r.VarU32());
        }
        WR_TRY(c.label, r.VarU32());
        catches_.push_back(c);
      }
      out.catches = catches_;
      break;
    }
  }
  return {};
}

}  // namespace wr::binary
