// InstrReader: decodes one instruction at a time from a function body or constant
// expression into an Instr (opcode + decoded immediates). It checks only the binary format
// (known opcode, well-formed LEB128 and immediates, "illegal opcode", "unexpected end"...);
// whether indices exist and types match is the validator's job.
//
// Instr is filled in place and reused: spans inside it (br_table targets, select types,
// try_table catches) stay valid only until the next call to Next().
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/byte_reader.h"
#include "common/error.h"
#include "common/v128.h"
#include "ir/module.h"
#include "ir/opcode.h"
#include "ir/types.h"

namespace wr::binary {

struct MemArg {
  uint32_t align_log2 = 0;  // as encoded (the validator checks it against the natural alignment)
  uint32_t memory = 0;      // memory index (multi-memory: flag bit 6 of the align field)
  uint64_t offset = 0;      // u64 in the binary format (memory64); u32-range checked by validator
};

struct BlockTypeImm {
  enum class Kind : uint8_t { Empty, Value, TypeIndex };
  Kind kind = Kind::Empty;
  ValType type;             // Kind::Value
  uint32_t type_index = 0;  // Kind::TypeIndex
};

struct CatchClause {
  enum class Kind : uint8_t { Catch = 0, CatchRef = 1, CatchAll = 2, CatchAllRef = 3 };
  Kind kind = Kind::Catch;
  uint32_t tag = 0;  // Catch, CatchRef
  uint32_t label = 0;
};

struct Instr {
  Opcode op = Opcode::Nop;
  uint32_t offset = 0;  // absolute byte offset of the opcode in the module

  // Immediates; which fields are meaningful depends on GetOpInfo(op).imm:
  //   index:  Label, Func, Local, Global, Table, Mem, Elem, Data, Type, Tag; the first index of
  //           CallIndirect (type), TableInit (elem), TableCopy (dst table), MemInit (data),
  //           MemCopy (dst memory), TypeField/TypeType/TypeData/TypeElem/TypeCount (type),
  //           BrOnCast (label)
  //   index2: CallIndirect (table), TableInit (table), TableCopy (src table), MemInit (memory),
  //           MemCopy (src memory), TypeField (field), TypeType (src type), TypeData (data),
  //           TypeElem (elem), TypeCount (count)
  uint32_t index = 0;
  uint32_t index2 = 0;
  uint8_t lane = 0;    // Lane, MemArgLane
  MemArg mem;          // MemArg, MemArgLane
  BlockTypeImm block;  // BlockType, TryTable
  uint64_t bits = 0;   // I32/I64: the value (sign-extended to 64); F32/F64: raw IEEE bits
  V128 v128;           // V128: the constant; Shuffle: the 16 lane indices
  ValType type;        // HeapType: (ref null? ht) (RefNull: nullable; RefTest/RefCast:
                       // non-null, RefTestNull/RefCastNull: nullable); BrOnCast: source
  ValType type2;       // BrOnCast: target type
  std::span<const uint32_t> br_table;     // BrTable: the targets, then the default last
  std::span<const ValType> select_types;  // SelectT
  std::span<const CatchClause> catches;   // TryTable
};

class InstrReader {
 public:
  // Reads the instructions in `code` (absolute offset `base_offset` in the module).
  // `module` supplies nothing but is kept for future encodings that depend on it.
  InstrReader(std::span<const uint8_t> code, uint64_t base_offset);

  bool at_end() const { return reader_.at_end(); }
  // Position in `code`, for a caller that checks some instructions straight from the bytes.
  size_t pos() const { return reader_.pos(); }
  void set_pos(size_t pos) { reader_.set_pos(pos); }
  uint64_t offset() const { return reader_.offset(); }

  // Decodes the next instruction into `out`. Errors use the spec wording: "illegal opcode"
  // (also for an unknown prefixed sub-opcode), "unexpected end", "integer too large",
  // "integer representation too long", "malformed reference type", "malformed memop flags", ...
  Result<void> Next(Instr& out);

  // Next() for hot loops, without building a Result per instruction: false on error, which
  // TakeError() then returns (the same error Next() would have).
  bool Read(Instr& out) {
    if (WR_LIKELY(DecodeFast(out))) return true;
    return ReadSlow(out);
  }
  Error TakeError() { return std::move(error_); }

 private:
  Result<void> Decode(Instr& out);  // Next() without the end-of-input wording fix-up
  // The common instructions (unprefixed, with none or simple immediates) without Result
  // plumbing. Returns false, with the cursor back at the instruction, for anything else and for
  // every malformed encoding; Decode() then decodes it again and reports the error.
  bool DecodeFast(Instr& out);
  bool ReadSlow(Instr& out);

  ByteReader reader_;
  std::vector<uint32_t> targets_;
  std::vector<ValType> types_;
  std::vector<CatchClause> catches_;
  Error error_;  // Read()'s last error
};

// Shared by the module reader and the instruction reader: value types, heap types,
// reference types, with 3.0 encodings (0x63/0x64 prefixes, type indices as s33 heap types).
Result<ValType> ReadValType(ByteReader& r);
Result<ValType> ReadRefType(ByteReader& r);
// A heap type as it appears after ref.null / in ref types: abstract (negative s33) or index.
// Returns (ref null ht) so the caller can adjust nullability.
Result<ValType> ReadHeapType(ByteReader& r);
Result<BlockTypeImm> ReadBlockType(ByteReader& r);

}  // namespace wr::binary
