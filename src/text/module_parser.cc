// Module fields and sections; the entry point ParseWat.
#include <algorithm>
#include <string>

#include "text/numbers.h"
#include "text/wat.h"
#include "text/wat_parser.h"

namespace wr::text {
namespace internal {

namespace {

bool IsId(const Sexp& s) {
  return !s.is_list && s.tok.kind == TokKind::Id;
}
bool IsString(const Sexp& s) {
  return !s.is_list && s.tok.kind == TokKind::String;
}

void SkipId(Cursor& c) {
  if (c.AtAtom(TokKind::Id)) c.Next();
}

// Skips `(export ...)*` and reports whether an `(import ...)` follows.
bool HasInlineImport(const Sexp& field) {
  Cursor c(field, 1);
  SkipId(c);
  while (c.AtList("export")) c.Next();
  return c.AtList("import");
}

void WriteSection(binary::Writer& out, uint8_t id, const Section& s, bool always = false) {
  if (s.count == 0 && !always) return;
  out.U8(id);
  const size_t mark = out.BeginSized();
  out.VarU32(s.count);
  out.Raw(s.w.bytes());
  out.EndSized(mark);
}

}  // namespace

Result<uint32_t> WatParser::ParseU32(const Sexp& s) {
  if (s.is_list || s.tok.kind != TokKind::Num) return Unexpect(s);
  auto v = ParseNat(s.tok.text, UINT32_MAX);
  if (!v) {
    return TextError(
        s.line, v.error() == NumError::Malformed ? "unknown operator" : "constant out of range");
  }
  return static_cast<uint32_t>(*v);
}

Result<uint32_t> WatParser::ResolveIndex(const Sexp& s, const IndexSpace& space) {
  if (IsId(s)) {
    auto it = space.names.find(s.tok.value);
    if (it == space.names.end()) {
      return TextError(s.line, std::string("unknown ") + space.what + " $" + s.tok.value);
    }
    return it->second;
  }
  return ParseU32(s);
}

Result<void> WatParser::Bind(IndexSpace& space, const std::string& name, uint32_t index,
                             uint32_t line) {
  if (!space.names.emplace(name, index).second) {
    return TextError(line, std::string("duplicate ") + space.kind);
  }
  return {};
}

Result<std::string> WatParser::ParseName(const Sexp& s) {
  if (!IsString(s)) return Unexpect(s);
  if (!IsValidUtf8(s.tok.value)) return TextError(s.line, "malformed UTF-8 encoding");
  return s.tok.value;
}

Result<void> WatParser::ScanImportOrder(const Sexp& field, bool is_import, const char* def_kind) {
  if (is_import) {
    if (first_def_ != nullptr)
      return TextError(field.line, std::string("import after ") + first_def_);
  } else if (first_def_ == nullptr) {
    first_def_ = def_kind;
  }
  return {};
}

Result<void> WatParser::ScanField(const Sexp& field) {
  const std::string_view head = field.Head();
  auto bind_next = [&](IndexSpace& space, const Sexp& list) -> Result<uint32_t> {
    const uint32_t idx = space.count++;
    if (list.items.size() >= 2 && IsId(list.items[1])) WR_TRY_VOID(Bind(space, list.items[1], idx));
    return idx;
  };
  if (head == "type" || head == "rec") return EncodeTypeField(field);
  if (head == "func" || head == "table" || head == "memory" || head == "global" || head == "tag") {
    IndexSpace& space = head == "func"     ? funcs_
                        : head == "table"  ? tables_
                        : head == "memory" ? mems_
                        : head == "global" ? globals_
                                           : tags_;
    WR_TRY(uint32_t idx, bind_next(space, field));
    (void)idx;
    const bool imported = HasInlineImport(field);
    WR_TRY_VOID(ScanImportOrder(field, imported, head == "func" ? "function" : space.kind));
    if (!imported && (head == "table" || head == "memory")) {
      // Inline `(elem ...)` / `(data ...)` define a segment right here.
      for (const Sexp& item : field.items) {
        if (head == "table" && item.IsListOf("elem")) ++elems_.count;
        if (head == "memory" && item.IsListOf("data")) ++datas_.count;
      }
    }
    return {};
  }
  if (head == "import") {
    if (field.items.size() != 4 || !IsString(field.items[1]) || !IsString(field.items[2])) {
      return TextError(field.line, "unexpected token");
    }
    const Sexp& desc = field.items[3];
    const std::string_view kind = desc.Head();
    IndexSpace* space = kind == "func"     ? &funcs_
                        : kind == "table"  ? &tables_
                        : kind == "memory" ? &mems_
                        : kind == "global" ? &globals_
                        : kind == "tag"    ? &tags_
                                           : nullptr;
    if (space == nullptr)
      return Unexpect(desc.is_list && !desc.items.empty() ? desc.items[0] : desc);
    WR_TRY_VOID(ScanImportOrder(field, true, nullptr));
    WR_TRY(uint32_t idx, bind_next(*space, desc));
    (void)idx;
    return {};
  }
  if (head == "elem") {
    WR_TRY(uint32_t idx, bind_next(elems_, field));
    (void)idx;
    return {};
  }
  if (head == "data") {
    WR_TRY(uint32_t idx, bind_next(datas_, field));
    (void)idx;
    return {};
  }
  if (head == "export" || head == "start") return {};
  if (!field.is_list) return Unexpect(field);
  return Unexpect(field.items.empty() ? field : field.items[0]);
}

Result<void> WatParser::EmitInlineExports(Cursor& c, ExternKind kind, uint32_t index) {
  while (c.AtList("export")) {
    const Sexp& e = c.Next();
    if (e.items.size() != 2 || !IsString(e.items[1])) return TextError(e.line, "unexpected token");
    WR_TRY(std::string name, ParseName(e.items[1]));
    export_sec_.w.Name(name);
    export_sec_.w.U8(static_cast<uint8_t>(kind));
    export_sec_.w.VarU32(index);
    ++export_sec_.count;
  }
  return {};
}

Result<bool> WatParser::EmitInlineImport(Cursor& c, ExternKind kind) {
  if (!c.AtList("import")) return false;
  const Sexp& imp = c.Next();
  if (imp.items.size() != 3 || !IsString(imp.items[1]) || !IsString(imp.items[2])) {
    return TextError(imp.line, "unexpected token");
  }
  WR_TRY(std::string module, ParseName(imp.items[1]));
  WR_TRY(std::string name, ParseName(imp.items[2]));
  import_sec_.w.Name(module);
  import_sec_.w.Name(name);
  ++import_sec_.count;
  WR_TRY_VOID(EmitImportDesc(c, kind, imp.line));
  return true;
}

Result<void> WatParser::EmitImportDesc(Cursor& c, ExternKind kind, uint32_t line) {
  binary::Writer& w = import_sec_.w;
  w.U8(static_cast<uint8_t>(kind));
  switch (kind) {
    case ExternKind::Func:
    case ExternKind::Tag: {
      if (kind == ExternKind::Tag) w.U8(0x00);
      WR_TRY(TypeUse use, ParseTypeUse(c, true));
      WR_TRY(uint32_t idx, ResolveTypeUse(use));
      w.VarU32(idx);
      break;
    }
    case ExternKind::Table: WR_TRY_VOID(WriteTableType(c, w)); break;
    case ExternKind::Memory: WR_TRY_VOID(WriteMemoryType(c, w)); break;
    case ExternKind::Global: WR_TRY_VOID(WriteGlobalType(c, w)); break;
  }
  if (!c.Done()) return Unexpect(c.Peek());
  (void)line;
  return {};
}

Result<void> WatParser::ParseLimits(Cursor& c, bool is64, Limits& out, bool is_memory) {
  (void)is_memory;
  auto nat = [&](const Sexp& s) -> Result<uint64_t> {
    if (s.is_list || s.tok.kind != TokKind::Num) return Unexpect(s);
    auto v = ParseNat(s.tok.text, UINT64_MAX);
    if (!v) {
      return TextError(s.line, v.error() == NumError::Malformed ? "unknown operator"
                                                                : "i64 constant out of range");
    }
    return *v;
  };
  out.index_type = is64 ? IndexType::I64 : IndexType::I32;
  if (!c.AtAtom(TokKind::Num)) return TextError(c.line(), "unexpected token");
  WR_TRY(uint64_t min, nat(c.Next()));
  out.min = min;
  if (c.AtAtom(TokKind::Num)) {
    WR_TRY(uint64_t max, nat(c.Next()));
    out.max = max;
  }
  return {};
}

namespace {
void WriteLimits(binary::Writer& w, const Limits& l, std::optional<uint32_t> page_log2) {
  uint8_t flags = l.max ? 1 : 0;
  if (l.shared) flags |= 2;
  if (l.index_type == IndexType::I64) flags |= 4;
  if (page_log2) flags |= 8;
  w.U8(flags);
  w.VarU64(l.min);
  if (l.max) w.VarU64(*l.max);
  if (page_log2) w.VarU32(*page_log2);
}

bool AtAddrType(const Cursor& c, bool& is64) {
  if (c.AtKeyword("i64")) {
    is64 = true;
    return true;
  }
  if (c.AtKeyword("i32")) {
    is64 = false;
    return true;
  }
  return false;
}
}  // namespace

Result<void> WatParser::WriteTableType(Cursor& c, binary::Writer& w) {
  bool is64 = false;
  if (AtAddrType(c, is64)) c.Next();
  Limits limits;
  WR_TRY_VOID(ParseLimits(c, is64, limits, false));
  if (c.Done()) return TextError(c.line(), "unexpected token");
  WR_TRY(ValType t, ParseRefType(c.Next()));
  w.ValueType(t);
  WriteLimits(w, limits, std::nullopt);
  return {};
}

Result<void> WatParser::WriteMemoryType(Cursor& c, binary::Writer& w) {
  bool is64 = false;
  if (AtAddrType(c, is64)) c.Next();
  Limits limits;
  WR_TRY_VOID(ParseLimits(c, is64, limits, true));
  if (c.AtKeyword("shared")) {
    c.Next();
    limits.shared = true;
  } else if (c.AtKeyword("unshared")) {
    c.Next();
  }
  std::optional<uint32_t> page_log2;
  if (c.AtList("pagesize")) {
    WR_TRY(page_log2, ParsePageSize(c.Next()));
  }
  WriteLimits(w, limits, page_log2);
  return {};
}

Result<uint32_t> WatParser::ParsePageSize(const Sexp& p) {
  if (p.items.size() != 2) return TextError(p.line, "unexpected token");
  WR_TRY(uint32_t size, ParseU32(p.items[1]));
  if (size == 0 || (size & (size - 1)) != 0) return TextError(p.line, "invalid custom page size");
  uint32_t log2 = 0;
  while ((uint32_t{1} << log2) != size) ++log2;
  return log2;
}

Result<void> WatParser::WriteGlobalType(Cursor& c, binary::Writer& w) {
  if (c.Done()) return TextError(c.line(), "unexpected token");
  const Sexp& s = c.Next();
  if (s.IsListOf("mut")) {
    if (s.items.size() != 2) return TextError(s.line, "unexpected token");
    WR_TRY(ValType t, ParseValType(s.items[1]));
    w.ValueType(t);
    w.U8(1);
  } else {
    WR_TRY(ValType t, ParseValType(s));
    w.ValueType(t);
    w.U8(0);
  }
  return {};
}

Result<void> WatParser::EmitFunc(const Sexp& field) {
  const uint32_t index = emit_funcs_++;
  if (auto it = annotated_func_names_.find(field.begin); it != annotated_func_names_.end()) {
    func_names_by_index_[index] = std::move(it->second);
  }
  Cursor c(field, 1);
  SkipId(c);
  WR_TRY_VOID(EmitInlineExports(c, ExternKind::Func, index));
  WR_TRY(bool imported, EmitInlineImport(c, ExternKind::Func));
  if (imported) return {};
  WR_TRY(TypeUse use, ParseTypeUse(c, true));
  WR_TRY(uint32_t type_index, ResolveTypeUse(use));
  func_sec_.w.VarU32(type_index);
  ++func_sec_.count;
  binary::Writer body;
  WR_TRY_VOID(BeginFuncHints(field));
  WR_TRY_VOID(ParseFuncBody(c, use, type_index, body));
  NameFunctionBody(index);
  WR_TRY_VOID(EndFuncHints(index));
  code_sec_.w.VarU32(static_cast<uint32_t>(body.size()));
  code_sec_.w.Raw(body.bytes());
  ++code_sec_.count;
  return {};
}

Result<void> WatParser::EmitTable(const Sexp& field) {
  const uint32_t index = emit_tables_++;
  Cursor c(field, 1);
  SkipId(c);
  WR_TRY_VOID(EmitInlineExports(c, ExternKind::Table, index));
  WR_TRY(bool imported, EmitInlineImport(c, ExternKind::Table));
  if (imported) return {};
  bool is64 = false;
  const Sexp* after_addr = AtAddrType(c, is64) ? c.PeekAt(1) : c.PeekAt(0);
  if (after_addr != nullptr &&
      !(IsIndexAtom(*after_addr) && after_addr->tok.kind == TokKind::Num)) {
    // `addrtype? reftype (elem ...)`: the table's size is the number of elements.
    if (c.AtKeyword("i64") || c.AtKeyword("i32")) c.Next();
    WR_TRY(ValType t, ParseRefType(c.Next()));
    if (!c.AtList("elem")) return TextError(c.line(), "unexpected token");
    const Sexp& elem = c.Next();
    if (!c.Done()) return Unexpect(c.Peek());
    Cursor ec(elem, 1);
    binary::Writer seg;
    const uint32_t n = static_cast<uint32_t>(elem.items.size() - 1);
    // Offset 0 in the table's address type.
    binary::Writer offset;
    offset.Op(is64 ? Opcode::I64Const : Opcode::I32Const);
    offset.U8(0);
    offset.Op(Opcode::End);
    WR_TRY_VOID(WriteElemSegment(ec, t, /*bare_funcs=*/true, static_cast<int>(index),
                                 &offset.bytes(), false));
    Limits limits;
    limits.min = n;
    limits.max = n;
    limits.index_type = is64 ? IndexType::I64 : IndexType::I32;
    table_sec_.w.ValueType(t);
    WriteLimits(table_sec_.w, limits, std::nullopt);
    ++table_sec_.count;
    return {};
  }
  binary::Writer type;
  WR_TRY_VOID(WriteTableType(c, type));
  if (c.Done()) {
    table_sec_.w.Raw(type.bytes());
  } else {
    table_sec_.w.U8(0x40);
    table_sec_.w.U8(0x00);
    table_sec_.w.Raw(type.bytes());
    WR_TRY_VOID(ParseConstExpr(c, table_sec_.w));
  }
  ++table_sec_.count;
  return {};
}

Result<void> WatParser::EmitMemory(const Sexp& field) {
  const uint32_t index = emit_mems_++;
  Cursor c(field, 1);
  SkipId(c);
  WR_TRY_VOID(EmitInlineExports(c, ExternKind::Memory, index));
  WR_TRY(bool imported, EmitInlineImport(c, ExternKind::Memory));
  if (imported) return {};
  bool is64 = false;
  size_t k = AtAddrType(c, is64) ? 1 : 0;
  std::optional<uint32_t> page_log2;
  if (c.PeekAt(k) != nullptr && c.PeekAt(k)->IsListOf("pagesize") && c.PeekAt(k + 1) != nullptr &&
      c.PeekAt(k + 1)->IsListOf("data")) {
    WR_TRY(page_log2, ParsePageSize(*c.PeekAt(k)));
    ++k;
  }
  const Sexp* after_addr = c.PeekAt(k);
  if (after_addr != nullptr && after_addr->IsListOf("data")) {
    for (size_t i = 0; i < k; ++i) c.Next();
    const Sexp& data = c.Next();
    if (!c.Done()) return Unexpect(c.Peek());
    std::string bytes;
    for (size_t i = 1; i < data.items.size(); ++i) {
      if (!IsString(data.items[i])) return Unexpect(data.items[i]);
      bytes += data.items[i].tok.value;
    }
    const uint64_t page_size = uint64_t{1} << page_log2.value_or(16);
    const uint64_t pages = (bytes.size() + page_size - 1) / page_size;
    Limits limits;
    limits.min = pages;
    limits.max = pages;
    limits.index_type = is64 ? IndexType::I64 : IndexType::I32;
    WriteLimits(mem_sec_.w, limits, page_log2);
    ++mem_sec_.count;
    binary::Writer& d = data_sec_.w;
    if (index == 0) {
      d.U8(0x00);
    } else {
      d.U8(0x02);
      d.VarU32(index);
    }
    d.Op(is64 ? Opcode::I64Const : Opcode::I32Const);
    d.U8(0);
    d.Op(Opcode::End);
    d.Name(bytes);
    ++data_sec_.count;
    ++emit_datas_;
    return {};
  }
  WR_TRY_VOID(WriteMemoryType(c, mem_sec_.w));
  if (!c.Done()) return Unexpect(c.Peek());
  ++mem_sec_.count;
  return {};
}

Result<void> WatParser::EmitGlobal(const Sexp& field) {
  const uint32_t index = emit_globals_++;
  Cursor c(field, 1);
  SkipId(c);
  WR_TRY_VOID(EmitInlineExports(c, ExternKind::Global, index));
  WR_TRY(bool imported, EmitInlineImport(c, ExternKind::Global));
  if (imported) return {};
  WR_TRY_VOID(WriteGlobalType(c, global_sec_.w));
  WR_TRY_VOID(ParseConstExpr(c, global_sec_.w));
  ++global_sec_.count;
  return {};
}

Result<void> WatParser::EmitTag(const Sexp& field) {
  const uint32_t index = emit_tags_++;
  Cursor c(field, 1);
  SkipId(c);
  WR_TRY_VOID(EmitInlineExports(c, ExternKind::Tag, index));
  WR_TRY(bool imported, EmitInlineImport(c, ExternKind::Tag));
  if (imported) return {};
  WR_TRY(TypeUse use, ParseTypeUse(c, true));
  WR_TRY(uint32_t type_index, ResolveTypeUse(use));
  if (!c.Done()) return Unexpect(c.Peek());
  tag_sec_.w.U8(0x00);
  tag_sec_.w.VarU32(type_index);
  ++tag_sec_.count;
  return {};
}

Result<void> WatParser::EmitImport(const Sexp& field) {
  const Sexp& desc = field.items[3];
  const std::string_view kind = desc.Head();
  ExternKind k = ExternKind::Func;
  if (kind == "func") {
    k = ExternKind::Func;
    ++emit_funcs_;
  } else if (kind == "table") {
    k = ExternKind::Table;
    ++emit_tables_;
  } else if (kind == "memory") {
    k = ExternKind::Memory;
    ++emit_mems_;
  } else if (kind == "global") {
    k = ExternKind::Global;
    ++emit_globals_;
  } else {
    k = ExternKind::Tag;
    ++emit_tags_;
  }
  WR_TRY(std::string module, ParseName(field.items[1]));
  WR_TRY(std::string name, ParseName(field.items[2]));
  import_sec_.w.Name(module);
  import_sec_.w.Name(name);
  ++import_sec_.count;
  Cursor c(desc, 1);
  SkipId(c);
  return EmitImportDesc(c, k, desc.line);
}

Result<void> WatParser::EmitExport(const Sexp& field) {
  if (field.items.size() != 3 || !IsString(field.items[1]) || !field.items[2].is_list) {
    return TextError(field.line, "unexpected token");
  }
  const Sexp& desc = field.items[2];
  const std::string_view kind = desc.Head();
  if (desc.items.size() != 2) return TextError(desc.line, "unexpected token");
  ExternKind k;
  const IndexSpace* space;
  if (kind == "func") {
    k = ExternKind::Func, space = &funcs_;
  } else if (kind == "table") {
    k = ExternKind::Table, space = &tables_;
  } else if (kind == "memory") {
    k = ExternKind::Memory, space = &mems_;
  } else if (kind == "global") {
    k = ExternKind::Global, space = &globals_;
  } else if (kind == "tag") {
    k = ExternKind::Tag, space = &tags_;
  } else {
    return Unexpect(desc.items.empty() ? desc : desc.items[0]);
  }
  WR_TRY(uint32_t idx, ResolveIndex(desc.items[1], *space));
  WR_TRY(std::string name, ParseName(field.items[1]));
  export_sec_.w.Name(name);
  export_sec_.w.U8(static_cast<uint8_t>(k));
  export_sec_.w.VarU32(idx);
  ++export_sec_.count;
  return {};
}

Result<void> WatParser::EmitStart(const Sexp& field) {
  if (field.items.size() != 2) return TextError(field.line, "unexpected token");
  if (start_) return TextError(field.line, "multiple start sections");
  WR_TRY(uint32_t idx, ResolveIndex(field.items[1], funcs_));
  start_ = idx;
  return {};
}

Result<void> WatParser::EmitField(const Sexp& field) {
  const std::string_view head = field.Head();
  if (head == "type" || head == "rec") return {};
  if (head == "func") return EmitFunc(field);
  if (head == "table") return EmitTable(field);
  if (head == "memory") return EmitMemory(field);
  if (head == "global") return EmitGlobal(field);
  if (head == "tag") return EmitTag(field);
  if (head == "import") return EmitImport(field);
  if (head == "export") return EmitExport(field);
  if (head == "start") return EmitStart(field);
  if (head == "elem") return EmitElem(field);
  if (head == "data") return EmitData(field);
  return TextError(field.line, "unexpected token");
}

Result<std::vector<uint8_t>> WatParser::Parse(const std::vector<const Sexp*>& fields) {
  for (const Sexp* f : fields) {
    if (!f->is_list) return Unexpect(*f);
    const std::string_view head = f->Head();
    if (head == "type" || head == "rec") WR_TRY_VOID(ScanTypeNames(*f));
  }
  for (const Sexp* f : fields) WR_TRY_VOID(ScanField(*f));
  WR_TRY_VOID(ReadAnnotations(fields));
  for (const Sexp* f : fields) WR_TRY_VOID(EmitField(*f));

  binary::Writer out;
  static constexpr uint8_t kHeader[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  out.Raw(kHeader);
  Section types = std::move(type_sec_);
  for (const FuncType& sig : implicit_types_) {
    types.w.U8(0x60);
    types.w.VarU32(static_cast<uint32_t>(sig.params.size()));
    for (const ValType& t : sig.params) types.w.ValueType(t);
    types.w.VarU32(static_cast<uint32_t>(sig.results.size()));
    for (const ValType& t : sig.results) types.w.ValueType(t);
    ++types.count;
  }
  // Each section with the custom sections placed before and after it (annotations.cc).
  auto section = [&](uint8_t id, const Section& s) {
    WriteCustoms(out, id, false);
    WriteSection(out, id, s);
    WriteCustoms(out, id, true);
  };
  section(1, types);
  section(2, import_sec_);
  section(3, func_sec_);
  section(4, table_sec_);
  section(5, mem_sec_);
  section(13, tag_sec_);
  section(6, global_sec_);
  section(7, export_sec_);
  WriteCustoms(out, 8, false);
  if (start_) {
    out.U8(8);
    const size_t mark = out.BeginSized();
    out.VarU32(*start_);
    out.EndSized(mark);
  }
  WriteCustoms(out, 8, true);
  section(9, elem_sec_);
  WriteCustoms(out, 12, false);
  if (uses_data_count_) {
    out.U8(12);
    const size_t mark = out.BeginSized();
    out.VarU32(data_sec_.count);
    out.EndSized(mark);
  }
  WriteCustoms(out, 12, true);
  section(10, code_sec_);
  section(11, data_sec_);
  WriteNameSection(out);
  return std::move(out.bytes());
}

}  // namespace internal

Result<std::vector<uint8_t>> ParseWat(std::string_view source) {
  std::vector<Annotation> annotations;
  WR_TRY(std::vector<Sexp> top, ReadSexps(source, &annotations));
  std::vector<const Sexp*> fields;
  std::vector<const Annotation*> inside;
  for (const Annotation& a : annotations) {
    if (top.size() != 1 || !top[0].IsListOf("module") ||
        (a.begin >= top[0].begin && a.end <= top[0].end)) {
      inside.push_back(&a);
    }
  }
  if (top.size() == 1 && top[0].IsListOf("module")) {
    const Sexp& m = top[0];
    size_t i = 1;
    if (i < m.items.size() && !m.items[i].is_list && m.items[i].tok.kind == TokKind::Id) ++i;
    if (i < m.items.size() && m.items[i].IsKeyword("binary")) {
      std::vector<uint8_t> bytes;
      for (++i; i < m.items.size(); ++i) {
        if (m.items[i].is_list || m.items[i].tok.kind != TokKind::String) {
          return TextError(m.items[i].line, "unexpected token");
        }
        bytes.insert(bytes.end(), m.items[i].tok.value.begin(), m.items[i].tok.value.end());
      }
      return bytes;
    }
    for (; i < m.items.size(); ++i) fields.push_back(&m.items[i]);
  } else {
    for (const Sexp& s : top) fields.push_back(&s);
  }
  internal::WatParser parser;
  parser.SetAnnotations(std::move(inside));
  if (top.size() == 1 && top[0].IsListOf("module") && top[0].items.size() > 1 &&
      !top[0].items[1].is_list && top[0].items[1].tok.kind == TokKind::Id) {
    parser.SetModuleId(top[0].items[1].tok.value);
  }
  return parser.Parse(fields);
}

}  // namespace wr::text
