// The module reader: header, sections in order, then the cross-section checks.
//
// Reading follows the reference interpreter's structure so that malformed modules fail with the
// message the spec tests expect: one cursor runs over the whole input (a section is not a
// separate bounded stream), and after each section or function body the cursor must sit exactly
// at its declared end ("section size mismatch"). Lengths and counts must not exceed the bytes
// left in the input ("length out of bounds"). Running off the input is "unexpected end of section
// or function" (see FixEof).
#include "binary/reader.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "binary/instr_reader.h"
#include "common/byte_reader.h"
#include "common/prefault.h"
#include "ir/limits.h"

namespace wr::binary {

namespace {

constexpr uint32_t kMagic = 0x6d736100;  // "\0asm"
constexpr uint32_t kVersion = 1;
constexpr const char* kEof = "unexpected end of section or function";

enum SectionId : uint8_t {
  kCustom = 0,
  kType = 1,
  kImport = 2,
  kFunction = 3,
  kTable = 4,
  kMemory = 5,
  kGlobal = 6,
  kExport = 7,
  kStart = 8,
  kElem = 9,
  kCode = 10,
  kData = 11,
  kDataCount = 12,
  kTag = 13,
};

// Position of each non-custom section in the required order (tag between memory and global,
// data count before code).
unsigned OrderRank(uint8_t id) {
  switch (id) {
    case kType: return 1;
    case kImport: return 2;
    case kFunction: return 3;
    case kTable: return 4;
    case kMemory: return 5;
    case kTag: return 6;
    case kGlobal: return 7;
    case kExport: return 8;
    case kStart: return 9;
    case kElem: return 10;
    case kDataCount: return 11;
    case kCode: return 12;
    case kData: return 13;
    default: return 0;
  }
}

class ModuleReader {
 public:
  ModuleReader(Module& module, const ReadOptions& options)
      : m_(module), r_(module.bytes), options_(options) {}

  Result<void> Read();

 private:
  // A length or count (u32): no more than the bytes from its first byte to the end of input.
  Result<uint32_t> Len();
  // A count (Len) of at most `limit` things: "<what> exceeds limit <limit>" beyond it.
  Result<uint32_t> Count(const char* what, uint32_t limit);
  Result<std::string> Name();
  Result<uint32_t> Index() { return r_.VarU32(); }
  Result<uint8_t> ZeroByte();
  Unexpected<Error> FailAt(uint64_t offset, std::string msg) const {
    return r_.FailAt(offset, std::move(msg));
  }

  Result<void> ReadSection(uint8_t id, uint32_t size);
  Result<void> ReadCustom(uint32_t size);
  Result<void> ReadTypes();
  Result<void> ReadSubType(DefType& t);
  Result<void> ReadCompType(DefType& t);
  Result<FieldType> ReadFieldType();
  Result<void> ReadResultType(std::vector<ValType>& out, const char* what, uint32_t limit);
  Result<void> ReadImports();
  Result<void> ReadFunctions();
  Result<void> ReadTables();
  Result<void> ReadMemories();
  Result<void> ReadTags();
  Result<void> ReadGlobals();
  Result<void> ReadExports();
  Result<void> ReadStart();
  Result<void> ReadElems();
  Result<void> ReadElem(ElemSegment& seg);
  Result<void> ReadDataCount();
  Result<void> ReadCode();
  Result<void> ReadFunctionBody(Function& f);
  Result<void> ReadDatas();
  Result<void> DiagnoseMissingEnd(size_t code_start, size_t body_start, size_t body_end) const;
  Result<void> CheckDataCountPresent() const;

  Result<bool> ReadMutability();
  Result<Limits> ReadLimits(bool is_memory, uint32_t* page_size_log2);
  Result<TableType> ReadTableType();
  Result<MemoryType> ReadMemoryType();
  Result<GlobalType> ReadGlobalType();
  Result<TagType> ReadTagType();
  Result<ConstExpr> ReadConstExpr();

  Module& m_;
  ByteReader r_;
  const ReadOptions& options_;
  std::vector<uint32_t> func_type_indices_;  // from the function section
  std::vector<Function> bodies_;             // from the code section; merged at the end
};

Error FixEof(Error e) {
  if (e.message == "unexpected end") e.message = kEof;
  return e;
}

Result<uint32_t> ModuleReader::Len() {
  const size_t start = r_.pos();
  WR_TRY(uint32_t n, r_.VarU32());
  if (n > r_.data().size() - start) return FailAt(start, "length out of bounds");
  return n;
}

Result<uint32_t> ModuleReader::Count(const char* what, uint32_t limit) {
  const size_t start = r_.pos();
  WR_TRY(uint32_t n, Len());
  if (n > limit) return FailAt(start, limits::LimitMessage(what, limit));
  return n;
}

Result<std::string> ModuleReader::Name() {
  const uint64_t start = r_.offset();
  WR_TRY(uint32_t n, Len());
  WR_TRY(auto bytes, r_.Bytes(n));
  if (!IsValidUtf8(bytes)) return FailAt(start, "malformed UTF-8 encoding");
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

Result<uint8_t> ModuleReader::ZeroByte() {
  WR_TRY(uint8_t b, r_.U8());
  if (b != 0) return FailAt(r_.offset() - 1, "zero byte expected");
  return b;
}

Result<void> ModuleReader::Read() {
  if (m_.bytes.size() > UINT32_MAX) return FailAt(0, "length out of bounds");
  WR_TRY(uint32_t magic, r_.U32Fixed());
  if (magic != kMagic) return FailAt(0, "magic header not detected");
  WR_TRY(uint32_t version, r_.U32Fixed());
  if (version != kVersion) return FailAt(4, "unknown binary version");

  unsigned last_rank = 0;
  while (!r_.at_end()) {
    const uint64_t id_offset = r_.offset();
    WR_TRY(uint8_t id, r_.U8());
    if (id > kTag) return FailAt(id_offset, "malformed section id");
    if (id != kCustom) {
      // A repeated or out-of-order section is where the reference decoder stops reading
      // sections, leaving it as trailing content.
      const unsigned rank = OrderRank(id);
      if (rank <= last_rank) return FailAt(id_offset, "unexpected content after last section");
      last_rank = rank;
    }
    WR_TRY(uint32_t size, Len());
    const size_t start = r_.pos();
    WR_TRY_VOID(ReadSection(id, size));
    if (r_.pos() != start + size) return FailAt(start, "section size mismatch");
  }

  if (func_type_indices_.size() != bodies_.size()) {
    return FailAt(r_.offset(), "function and code section have inconsistent lengths");
  }
  if (m_.data_count && *m_.data_count != m_.datas.size()) {
    return FailAt(r_.offset(), "data count and data section have inconsistent lengths");
  }
  if (!m_.data_count) WR_TRY_VOID(CheckDataCountPresent());
  m_.functions = std::move(bodies_);
  for (size_t i = 0; i < m_.functions.size(); ++i) {
    m_.functions[i].type_index = func_type_indices_[i];
  }
  return {};
}

Result<void> ModuleReader::ReadSection(uint8_t id, uint32_t size) {
  switch (id) {
    case kCustom: return ReadCustom(size);
    case kType: return ReadTypes();
    case kImport: return ReadImports();
    case kFunction: return ReadFunctions();
    case kTable: return ReadTables();
    case kMemory: return ReadMemories();
    case kTag: return ReadTags();
    case kGlobal: return ReadGlobals();
    case kExport: return ReadExports();
    case kStart: return ReadStart();
    case kElem: return ReadElems();
    case kDataCount: return ReadDataCount();
    case kCode: return ReadCode();
    case kData: return ReadDatas();
    default: return FailAt(r_.offset(), "malformed section id");
  }
}

Result<void> ModuleReader::ReadCustom(uint32_t size) {
  const size_t start = r_.pos();
  WR_TRY(std::string name, Name());
  const size_t used = r_.pos() - start;
  if (used > size) return FailAt(r_.offset(), kEof);  // the name runs past the section
  const size_t payload_size = size - used;
  const uint64_t payload_offset = r_.offset();
  WR_TRY_VOID(r_.Bytes(payload_size));
  CustomSection c;
  c.name = std::move(name);
  c.payload = {static_cast<uint32_t>(payload_offset), static_cast<uint32_t>(payload_size)};
  if (c.name == "name") ReadNameSection(m_, c.payload);
  m_.customs.push_back(std::move(c));
  return {};
}

// ---- Types

Result<void> ModuleReader::ReadResultType(std::vector<ValType>& out, const char* what,
                                          uint32_t limit) {
  WR_TRY(uint32_t n, Count(what, limit));
  out.reserve(n);  // n <= input size; ValType is small
  for (uint32_t i = 0; i < n; ++i) {
    WR_TRY(ValType t, ReadValType(r_));
    out.push_back(t);
  }
  return {};
}

Result<FieldType> ModuleReader::ReadFieldType() {
  FieldType f;
  const size_t start = r_.pos();
  auto t = ReadValType(r_);
  if (t.has_value()) {
    f.type = *t;
  } else {
    // Not a value type: a packed type, or else malformed.
    r_.set_pos(start);
    WR_TRY(uint8_t b, r_.U8());
    if (b == 0x78) {
      f.packed = FieldType::Packed::I8;
    } else if (b == 0x77) {
      f.packed = FieldType::Packed::I16;
    } else if (b & 0x80) {
      return r_.Fail("integer representation too long");
    } else {
      return FailAt(start, "malformed storage type");
    }
    f.type = ValType::I32();  // packed fields are read and written as i32
  }
  WR_TRY(f.mut, ReadMutability());
  return f;
}

Result<void> ModuleReader::ReadCompType(DefType& t) {
  WR_TRY(uint8_t b, r_.U8());
  switch (b) {
    case 0x60: {
      t.kind = DefType::Kind::Func;
      WR_TRY_VOID(ReadResultType(t.func.params, "number of params", limits::kMaxParams));
      return ReadResultType(t.func.results, "number of results", limits::kMaxResults);
    }
    case 0x5f: {
      t.kind = DefType::Kind::Struct;
      WR_TRY(uint32_t n, Count("number of struct fields", limits::kMaxStructFields));
      t.fields.reserve(n);
      for (uint32_t i = 0; i < n; ++i) {
        WR_TRY(FieldType f, ReadFieldType());
        t.fields.push_back(f);
      }
      return {};
    }
    case 0x5e: {
      t.kind = DefType::Kind::Array;
      WR_TRY(FieldType f, ReadFieldType());
      t.fields.push_back(f);
      return {};
    }
    default:
      if (b & 0x80) return r_.Fail("integer representation too long");
      return FailAt(r_.offset() - 1, "malformed definition type");
  }
}

Result<void> ModuleReader::ReadSubType(DefType& t) {
  if (!r_.at_end() && (r_.data()[r_.pos()] == 0x50 || r_.data()[r_.pos()] == 0x4f)) {
    WR_TRY(uint8_t b, r_.U8());
    t.is_final = (b == 0x4f);
    WR_TRY(uint32_t n, Len());
    t.supertypes.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      WR_TRY(uint32_t super, Index());
      t.supertypes.push_back(super);
    }
  }
  return ReadCompType(t);
}

Result<void> ModuleReader::ReadTypes() {
  WR_TRY(uint32_t n, Count("number of rec groups", limits::kMaxRecGroups));
  for (uint32_t i = 0; i < n; ++i) {
    const auto group_start = static_cast<uint32_t>(m_.types.size());
    const uint64_t group_at = r_.offset();
    uint32_t group_size = 1;
    if (!r_.at_end() && r_.data()[r_.pos()] == 0x4e) {
      r_.set_pos(r_.pos() + 1);
      WR_TRY(group_size, Len());
    }
    if (uint64_t{group_start} + group_size > limits::kMaxTypes) {
      return FailAt(group_at, limits::LimitMessage("number of types", limits::kMaxTypes));
    }
    for (uint32_t k = 0; k < group_size; ++k) {
      DefType t;
      WR_TRY_VOID(ReadSubType(t));
      t.rec_group = group_start;
      t.rec_group_size = group_size;
      m_.types.push_back(std::move(t));
    }
  }
  return {};
}

// ---- Imports and definitions

Result<bool> ModuleReader::ReadMutability() {
  WR_TRY(uint8_t b, r_.U8());
  if (b > 1) return FailAt(r_.offset() - 1, "malformed mutability");
  return b == 1;
}

Result<Limits> ModuleReader::ReadLimits(bool is_memory, uint32_t* page_size_log2) {
  // Flags: bit 0 max present, bit 1 shared, bit 2 64-bit index, bit 3 custom page size.
  WR_TRY(uint8_t flags, r_.U8());
  uint8_t allowed = 0x05;
  if (is_memory && options_.shared_memory) allowed |= 0x02;
  if (is_memory && options_.custom_page_sizes) allowed |= 0x08;
  if (flags & ~allowed) return FailAt(r_.offset() - 1, "malformed limits flags");
  Limits lim;
  lim.shared = (flags & 0x02) != 0;
  lim.index_type = (flags & 0x04) ? IndexType::I64 : IndexType::I32;
  WR_TRY(lim.min, r_.VarU64());
  if (flags & 0x01) {
    WR_TRY(uint64_t max, r_.VarU64());
    lim.max = max;
  }
  if (flags & 0x08) {
    const uint64_t at = r_.offset();
    WR_TRY(uint32_t log2, r_.VarU32());
    // Which sizes are allowed is for the validator; an exponent past 64 cannot even be a size.
    if (log2 > 64) return FailAt(at, "invalid custom page size");
    *page_size_log2 = log2;
  }
  return lim;
}

Result<TableType> ModuleReader::ReadTableType() {
  TableType t;
  WR_TRY(t.elem, ReadRefType(r_));
  WR_TRY(t.limits, ReadLimits(false, nullptr));
  return t;
}

Result<MemoryType> ModuleReader::ReadMemoryType() {
  MemoryType t;
  WR_TRY(t.limits, ReadLimits(true, &t.page_size_log2));
  return t;
}

Result<GlobalType> ModuleReader::ReadGlobalType() {
  GlobalType g;
  WR_TRY(g.type, ReadValType(r_));
  WR_TRY(g.mut, ReadMutability());
  return g;
}

Result<TagType> ModuleReader::ReadTagType() {
  WR_TRY_VOID(ZeroByte());  // the tag attribute: 0 = exception
  TagType t;
  WR_TRY(t.type_index, Index());
  return t;
}

Result<void> ModuleReader::ReadImports() {
  WR_TRY(uint32_t n, Count("number of imports", limits::kMaxImports));
  for (uint32_t i = 0; i < n; ++i) {
    Import imp;
    imp.at = static_cast<uint32_t>(r_.offset());
    WR_TRY(imp.module, Name());
    WR_TRY(imp.name, Name());
    WR_TRY(uint8_t kind, r_.U8());
    switch (kind) {
      case 0: {
        WR_TRY(imp.type_index, Index());
        break;
      }
      case 1: {
        WR_TRY(imp.table, ReadTableType());
        break;
      }
      case 2: {
        WR_TRY(imp.memory, ReadMemoryType());
        break;
      }
      case 3: {
        WR_TRY(imp.global, ReadGlobalType());
        break;
      }
      case 4: {
        WR_TRY(TagType t, ReadTagType());
        imp.type_index = t.type_index;
        break;
      }
      default: return FailAt(r_.offset() - 1, "malformed import kind");
    }
    imp.kind = static_cast<ExternKind>(kind);
    m_.imports.push_back(std::move(imp));
  }
  m_.IndexImports();
  return {};
}

Result<void> ModuleReader::ReadFunctions() {
  WR_TRY(uint32_t n, Count("number of functions", limits::kMaxFunctions));
  func_type_indices_.reserve(n);  // n <= input size; 4 bytes each
  for (uint32_t i = 0; i < n; ++i) {
    WR_TRY(uint32_t t, Index());
    func_type_indices_.push_back(t);
  }
  return {};
}

Result<void> ModuleReader::ReadTables() {
  WR_TRY(uint32_t n, Count("number of tables", limits::kMaxTables));
  for (uint32_t i = 0; i < n; ++i) {
    Table t;
    t.at = static_cast<uint32_t>(r_.offset());
    if (!r_.at_end() && r_.data()[r_.pos()] == 0x40) {
      // 0x40 0x00 tabletype expr: a table with an initialiser.
      const uint64_t at = r_.offset();
      r_.set_pos(r_.pos() + 1);
      WR_TRY(uint8_t zero, r_.U8());
      if (zero != 0) return FailAt(at, "malformed reference type");
      WR_TRY(t.type, ReadTableType());
      WR_TRY(t.init, ReadConstExpr());
    } else {
      WR_TRY(t.type, ReadTableType());
    }
    m_.tables.push_back(std::move(t));
  }
  return {};
}

Result<void> ModuleReader::ReadMemories() {
  WR_TRY(uint32_t n, Count("number of memories", limits::kMaxMemories));
  for (uint32_t i = 0; i < n; ++i) {
    Memory mem;
    mem.at = static_cast<uint32_t>(r_.offset());
    WR_TRY(mem.type, ReadMemoryType());
    m_.memories.push_back(mem);
  }
  return {};
}

Result<void> ModuleReader::ReadTags() {
  WR_TRY(uint32_t n, Count("number of tags", limits::kMaxTags));
  for (uint32_t i = 0; i < n; ++i) {
    Tag tag;
    tag.at = static_cast<uint32_t>(r_.offset());
    WR_TRY(tag.type, ReadTagType());
    m_.tags.push_back(tag);
  }
  return {};
}

Result<void> ModuleReader::ReadGlobals() {
  WR_TRY(uint32_t n, Count("number of globals", limits::kMaxGlobals));
  for (uint32_t i = 0; i < n; ++i) {
    Global g;
    WR_TRY(g.type, ReadGlobalType());
    WR_TRY(g.init, ReadConstExpr());
    m_.globals.push_back(g);
  }
  return {};
}

Result<void> ModuleReader::ReadExports() {
  WR_TRY(uint32_t n, Count("number of exports", limits::kMaxExports));
  for (uint32_t i = 0; i < n; ++i) {
    Export e;
    e.at = static_cast<uint32_t>(r_.offset());
    WR_TRY(e.name, Name());
    WR_TRY(uint8_t kind, r_.U8());
    if (kind > 4) return FailAt(r_.offset() - 1, "malformed export kind");
    e.kind = static_cast<ExternKind>(kind);
    WR_TRY(e.index, Index());
    m_.exports.push_back(std::move(e));
  }
  return {};
}

Result<void> ModuleReader::ReadStart() {
  m_.start_at = static_cast<uint32_t>(r_.offset());
  WR_TRY(uint32_t f, Index());
  m_.start = f;
  return {};
}

Result<void> ModuleReader::ReadDataCount() {
  const uint64_t at = r_.offset();
  WR_TRY(uint32_t n, r_.VarU32());
  if (n > limits::kMaxDataSegments) {
    return FailAt(at, limits::LimitMessage("number of data segments", limits::kMaxDataSegments));
  }
  m_.data_count = n;
  return {};
}

// ---- Constant expressions

// Decodes instructions up to the `end` that closes the expression (nested blocks included) and
// returns the span including that `end`. Nothing is checked beyond the binary format.
Result<ConstExpr> ModuleReader::ReadConstExpr() {
  const size_t start = r_.pos();
  InstrReader ir(r_.data().subspan(start), start);
  Instr instr;
  uint32_t depth = 0;
  for (;;) {
    if (ir.at_end()) return FailAt(ir.offset(), kEof);
    WR_TRY_VOID(ir.Next(instr));
    const Opcode op = instr.op;
    if (op == Opcode::Block || op == Opcode::Loop || op == Opcode::If || op == Opcode::TryTable ||
        op == Opcode::Try) {
      ++depth;
    } else if (op == Opcode::Else && depth == 0) {
      return FailAt(instr.offset, "END opcode expected");
    } else if (op == Opcode::Delegate && depth > 0) {  // closes a try
      --depth;
    } else if (op == Opcode::End) {
      if (depth == 0) break;
      --depth;
    }
  }
  const auto end = static_cast<size_t>(ir.offset());
  r_.set_pos(end);
  ConstExpr e;
  e.code = {static_cast<uint32_t>(start), static_cast<uint32_t>(end - start)};
  return e;
}

// ---- Element and data segments

Result<void> ModuleReader::ReadElem(ElemSegment& seg) {
  const uint64_t flags_at = r_.offset();
  seg.at = static_cast<uint32_t>(flags_at);
  WR_TRY(uint32_t flags, r_.VarU32());
  if (flags > 7) return FailAt(flags_at, "malformed elements segment kind");
  // Bit 0: passive or declarative (bit 1 picks declarative); else active, with an explicit
  // table index when bit 1 is set. Bit 2: expressions instead of function indices.
  const bool is_passive_or_decl = flags & 1;
  const bool has_table_or_decl = flags & 2;
  seg.uses_exprs = flags & 4;
  if (is_passive_or_decl) {
    seg.mode = has_table_or_decl ? SegmentMode::Declarative : SegmentMode::Passive;
  } else {
    seg.mode = SegmentMode::Active;
    if (has_table_or_decl) {
      WR_TRY(seg.table_index, Index());
    }
    WR_TRY(seg.offset, ReadConstExpr());
  }
  // Flags 0 and 4 have an implicit type; the others an elemkind (index forms) or a reftype.
  if (flags == 0) {
    seg.type = ValType::Ref(HeapKind::Func, false);
  } else if (flags == 4) {
    seg.type = ValType::FuncRef();
  } else if (!seg.uses_exprs) {
    WR_TRY(uint8_t kind, r_.U8());
    if (kind != 0) return FailAt(r_.offset() - 1, "malformed element kind");
    seg.type = ValType::Ref(HeapKind::Func, false);
  } else {
    WR_TRY(seg.type, ReadRefType(r_));
  }
  WR_TRY(uint32_t n, Count("length of an element segment", limits::kMaxElemSegmentLength));
  if (seg.uses_exprs) {
    seg.exprs.reserve(n);  // n <= input size; 8 bytes each
    for (uint32_t i = 0; i < n; ++i) {
      WR_TRY(ConstExpr e, ReadConstExpr());
      seg.exprs.push_back(e);
    }
  } else {
    seg.func_indices.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      WR_TRY(uint32_t f, Index());
      seg.func_indices.push_back(f);
    }
  }
  return {};
}

Result<void> ModuleReader::ReadElems() {
  WR_TRY(uint32_t n, Count("number of element segments", limits::kMaxElemSegments));
  for (uint32_t i = 0; i < n; ++i) {
    ElemSegment seg;
    WR_TRY_VOID(ReadElem(seg));
    m_.elems.push_back(std::move(seg));
  }
  return {};
}

Result<void> ModuleReader::ReadDatas() {
  WR_TRY(uint32_t n, Count("number of data segments", limits::kMaxDataSegments));
  for (uint32_t i = 0; i < n; ++i) {
    DataSegment seg;
    const uint64_t flags_at = r_.offset();
    WR_TRY(uint32_t flags, r_.VarU32());
    switch (flags) {
      case 0: {
        WR_TRY(seg.offset, ReadConstExpr());
        break;
      }
      case 1: seg.mode = SegmentMode::Passive; break;
      case 2: {
        WR_TRY(seg.memory_index, Index());
        WR_TRY(seg.offset, ReadConstExpr());
        break;
      }
      default: return FailAt(flags_at, "malformed data segment kind");
    }
    WR_TRY(uint32_t size, Len());
    const auto at = static_cast<uint32_t>(r_.pos());
    WR_TRY_VOID(r_.Bytes(size));
    seg.bytes = {at, size};
    m_.datas.push_back(seg);
  }
  return {};
}

// ---- Code

Result<void> ModuleReader::ReadFunctionBody(Function& f) {
  f.body_start = static_cast<uint32_t>(r_.pos());
  WR_TRY(uint32_t size, Count("function body size", limits::kMaxFunctionSize));
  const size_t start = r_.pos();
  const size_t end = start + size;

  const uint64_t locals_at = r_.offset();
  WR_TRY(uint32_t num_decls, Len());  // n <= input size; 12 bytes each
  f.first_local_decl = static_cast<uint32_t>(m_.local_decls.size());
  f.num_local_decls = num_decls;
  uint64_t total = 0;
  for (uint32_t i = 0; i < num_decls; ++i) {
    LocalDecl d;
    WR_TRY(d.count, r_.VarU32());
    WR_TRY(d.type, ReadValType(r_));
    total += d.count;  // at most 2^32 * 2^32: cannot wrap
    m_.local_decls.push_back(d);
  }
  // Beyond 2^32-1 the spec says "too many locals"; beyond the implementation limit, the
  // message says so too (the parameters are counted by the validator).
  if (total > UINT32_MAX) return FailAt(locals_at, "too many locals");
  if (total > limits::kMaxLocals) {
    return FailAt(locals_at, "too many locals: " +
                                 limits::LimitMessage("number of locals", limits::kMaxLocals));
  }
  f.num_locals = total;
  if (r_.pos() > end) return FailAt(start, "section size mismatch");

  // The body must end with `end`. Its instructions are decoded by the validator; here only the
  // last byte is looked at, and a body without it is explained by DiagnoseMissingEnd.
  if (end == r_.pos() || end > r_.data().size() || r_.data()[end - 1] != 0x0b) {
    return DiagnoseMissingEnd(r_.pos(), start, end);
  }
  f.body = {static_cast<uint32_t>(r_.pos()), static_cast<uint32_t>(end - r_.pos())};
  r_.set_pos(end);
  return {};
}

// A body whose last byte is not `end` is malformed. To report it as the reference decoder does
// (the spec tests expect its messages), decode as it does: on past the body's declared end, up to
// the `end` that closes the body, then compare the position with the declared end. Only malformed
// bodies come here.
Result<void> ModuleReader::DiagnoseMissingEnd(size_t code_start, size_t body_start,
                                              size_t body_end) const {
  const auto data = r_.data();
  InstrReader ir(data.subspan(code_start), code_start);
  Instr instr;
  // One entry per open block: true for an `if` that has not seen its `else`.
  std::vector<bool> open_ifs;
  for (;;) {
    const auto pos = static_cast<size_t>(ir.offset());
    if (pos >= data.size()) return FailAt(data.size(), kEof);
    const uint8_t b = data[pos];
    if (b == 0x05 && (open_ifs.empty() || !open_ifs.back())) {
      return FailAt(pos, "END opcode expected");
    }
    WR_TRY_VOID(ir.Next(instr));
    switch (instr.op) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::TryTable:
      case Opcode::Try: open_ifs.push_back(false); break;
      case Opcode::If: open_ifs.push_back(true); break;
      case Opcode::Else: open_ifs.back() = false; break;
      case Opcode::Delegate:  // closes a try
        if (!open_ifs.empty()) open_ifs.pop_back();
        break;
      case Opcode::End:
        if (open_ifs.empty()) {
          if (ir.offset() != body_end) return FailAt(body_start, "section size mismatch");
          return FailAt(ir.offset(), "END opcode expected");  // not reached: ends in `end`
        }
        open_ifs.pop_back();
        break;
      default: break;
    }
  }
}

Result<void> ModuleReader::ReadCode() {
  m_.code_section_offset = static_cast<uint32_t>(r_.offset());
  WR_TRY(uint32_t n, Count("number of functions", limits::kMaxFunctions));
  // n <= input size; prefaulted as far as the bytes left can hold bodies (3 bytes at least
  // each), so that a count the section cannot back costs no memory.
  bodies_.reserve(n);
  PrefaultForWrite(bodies_.data(), std::min<size_t>(n, r_.remaining() / 3) * sizeof(Function));
  // Bodies usually declare one to a few runs of locals: room for one each, the rest by growth,
  // and no spare capacity kept.
  m_.local_decls.reserve(std::min<size_t>(n, r_.remaining() / 3));
  for (uint32_t i = 0; i < n; ++i) {
    Function f;
    WR_TRY_VOID(ReadFunctionBody(f));
    bodies_.push_back(std::move(f));
  }
  m_.local_decls.shrink_to_fit();
  return {};
}

// Without a data count section, no function may refer to a data segment (memory.init,
// data.drop, array.new_data, array.init_data). Bodies are decoded only if they contain the
// byte pair of one of those opcodes, so modules that do not use them pay one byte scan.
Result<void> ModuleReader::CheckDataCountPresent() const {
  for (const Function& f : bodies_) {
    const auto body = m_.Bytes(f.body);
    // memchr (libc's vectorized search) for the prefix bytes, which C code seldom holds:
    // cheaper than a compare of every byte pair.
    const auto has_pair = [&](uint8_t prefix, uint8_t a, uint8_t b) {
      const uint8_t* const end = body.data() + body.size();
      for (const uint8_t* p = body.data(); p + 1 < end; ++p) {
        p = static_cast<const uint8_t*>(std::memchr(p, prefix, static_cast<size_t>(end - p - 1)));
        if (p == nullptr) return false;
        if (p[1] == a || p[1] == b) return true;
      }
      return false;
    };
    if (!has_pair(0xfc, 0x08, 0x09) && !has_pair(0xfb, 0x09, 0x12)) continue;
    InstrReader ir(body, f.body.offset);
    Instr instr;
    while (!ir.at_end()) {
      // A malformed body is the validator's to report; stop looking at it.
      if (!ir.Next(instr).has_value()) break;
      if (instr.op == Opcode::MemoryInit || instr.op == Opcode::DataDrop ||
          instr.op == Opcode::ArrayNewData || instr.op == Opcode::ArrayInitData) {
        return FailAt(r_.offset(), "data count section required");
      }
    }
  }
  return {};
}

}  // namespace

Result<Module> ReadModule(std::span<const uint8_t> bytes) {
  return ReadModule(bytes, ReadOptions{});
}

Result<Module> ReadModule(std::span<const uint8_t> bytes, const ReadOptions& options) {
  return ReadModule(std::vector<uint8_t>(bytes.begin(), bytes.end()), options);
}

Result<Module> ReadModule(std::vector<uint8_t>&& bytes, const ReadOptions& options) {
  Module m;
  m.bytes = std::move(bytes);
  ModuleReader reader(m, options);
  auto r = reader.Read();
  if (!r.has_value()) return Unexpected(FixEof(std::move(r).error()));
  return m;
}

}  // namespace wr::binary
