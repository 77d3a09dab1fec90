// Internal: the module parser shared by module_parser.cc (fields and sections),
// segment_parser.cc (elem and data segments),
// type_parser.cc (value/heap/defined types, type uses) and instr_parser.cc (instructions).
//
// Two passes over the module's fields:
//  1. Scan: allocate an index to every definition in each index space (imports first, as
//     the text format requires imports to precede definitions) and record its name; encode
//     the explicitly defined types (which may name each other, so their names come first).
//  2. Emit: encode every field into its section, in text order. Inline type uses that match
//     no explicit type append implicit function types after the explicit ones, in the order
//     they occur, as the spec's abbreviation rules say.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "binary/name_section.h"
#include "binary/writer.h"
#include "common/error.h"
#include "ir/types.h"
#include "text/lexer.h"

namespace wr::text::internal {

// Flat block nesting (`block block ... end end`) is parsed without recursion; this bounds
// the label stack (a linear label search stays cheap).
inline constexpr size_t kMaxFlatDepth = 100000;
// Folded instructions are parsed recursively; this bounds their nesting.
inline constexpr uint32_t kMaxFoldedDepth = 1000;

// Walks the items of one list.
class Cursor {
 public:
  Cursor(const Sexp& list, size_t start) : list_(&list), pos_(start) {}
  bool Done() const { return pos_ >= list_->items.size(); }
  const Sexp& Peek() const { return list_->items[pos_]; }
  const Sexp* PeekAt(size_t k) const {
    return pos_ + k < list_->items.size() ? &list_->items[pos_ + k] : nullptr;
  }
  const Sexp& Next() { return list_->items[pos_++]; }
  // Line of the current item, or of the list when at its end (for error messages).
  uint32_t line() const { return Done() ? list_->line : Peek().line; }
  bool AtList(std::string_view head) const { return !Done() && Peek().IsListOf(head); }
  bool AtKeyword(std::string_view kw) const { return !Done() && Peek().IsKeyword(kw); }
  bool AtAtom(TokKind kind) const { return !Done() && !Peek().is_list && Peek().tok.kind == kind; }

 private:
  const Sexp* list_;
  size_t pos_;
};

struct IndexSpace {
  IndexSpace(const char* k, const char* w) : kind(k), what(w) {}
  const char* kind;  // "func" -> "duplicate func"
  const char* what;  // "function" -> "unknown function"
  std::unordered_map<std::string, uint32_t> names;
  uint32_t count = 0;
};

// A type use: `(type x)?` `(param ...)*` `(result ...)*`.
struct TypeUse {
  std::optional<uint32_t> index;
  bool has_inline = false;
  FuncType sig;
  std::vector<std::string> param_names;  // one per param; "" when unnamed
  uint32_t line = 0;
};

// What the parser knows about each explicitly defined type.
struct TypeInfo {
  bool is_func = false;
  bool plain_func = false;  // final, no supertypes, alone in its rec group: matches a type use
  FuncType sig;
  std::unordered_map<std::string, uint32_t> field_names;
};

struct Section {
  binary::Writer w;
  uint32_t count = 0;
};

class WatParser {
 public:
  Result<std::vector<uint8_t>> Parse(const std::vector<const Sexp*>& fields);

  // ---- type_parser.cc
  Result<ValType> ParseValType(const Sexp& s);
  Result<ValType> ParseRefType(const Sexp& s);  // a reference type only
  // A heap type: returns a Ref ValType (nullable) carrying the heap kind / index.
  Result<ValType> ParseHeapType(const Sexp& s);
  Result<TypeUse> ParseTypeUse(Cursor& c, bool allow_names);
  // The type index a type use denotes, appending an implicit type when needed.
  Result<uint32_t> ResolveTypeUse(const TypeUse& use);
  uint32_t FindOrAddFuncType(const FuncType& sig);
  Result<void> ScanTypeNames(const Sexp& field);
  Result<void> EncodeTypeField(const Sexp& field);  // `type` or `rec`

  // ---- instr_parser.cc
  Result<void> ParseFolded(const Sexp& list, binary::Writer& w);
  Result<void> ParseFoldedPlain(const Sexp& list, Opcode op, binary::Writer& w);
  Result<void> ParseFoldedBlock(const Sexp& list, Opcode op, binary::Writer& w);
  struct FlatBlock {
    Opcode op;
    bool seen_else;  // if: its else; try: its catch_all
    std::string label;
    bool seen_catch = false;  // try: a catch or catch_all
  };
  // ---- legacy_eh_parser.cc
  Result<void> ParseFoldedTry(const Sexp& list, binary::Writer& w);
  // A flat catch, catch_all or delegate (`s`) of the innermost open block.
  Result<void> ParseFlatLegacy(const Sexp& s, Cursor& c, binary::Writer& w,
                               std::vector<FlatBlock>& open);
  // One flat instruction at `c`, or the `block`/`end`/`else` of a flat block in `open`.
  Result<void> ParseFlat(Cursor& c, binary::Writer& w, std::vector<FlatBlock>& open);
  // Writes the opcode and its immediates, read from `c`.
  Result<void> ParseOpImmediates(const Sexp& head, Opcode op, Cursor& c, binary::Writer& w);
  Result<void> WriteBlockType(Cursor& c, binary::Writer& w);
  Result<void> WriteCatches(Cursor& c, binary::Writer& w);
  Result<uint32_t> ResolveLabel(const Sexp& s);
  Result<void> WriteMemArg(const Sexp& head, Opcode op, Cursor& c, binary::Writer& w);
  Result<void> WriteV128Const(const Sexp& head, Cursor& c, binary::Writer& w);
  Result<void> CheckEndLabel(Cursor& c, const std::string& label);
  // Instructions until the end of the cursor, or a flat `end` / `else` (left unconsumed).
  Result<void> ParseInstrs(Cursor& c, binary::Writer& w);
  // A constant expression (instructions then `end`).
  Result<void> ParseConstExpr(Cursor& c, binary::Writer& w);
  // A function body's locals and instructions; params come from the type use.
  Result<void> ParseFuncBody(Cursor& c, const TypeUse& use, uint32_t type_index, binary::Writer& w);

  // ---- module_parser.cc helpers shared with the others
  Result<uint32_t> ResolveIndex(const Sexp& s, const IndexSpace& space);
  Result<uint32_t> ParseU32(const Sexp& s);
  bool IsIndexAtom(const Sexp& s) const {
    return !s.is_list && (s.tok.kind == TokKind::Id || s.tok.kind == TokKind::Num);
  }
  Result<void> Bind(IndexSpace& space, const Sexp& id_atom, uint32_t index) {
    return Bind(space, id_atom.tok.value, index, id_atom.line);
  }
  Result<void> Bind(IndexSpace& space, const std::string& name, uint32_t index, uint32_t line);

  IndexSpace types_{"type", "type"}, funcs_{"func", "function"}, tables_{"table", "table"},
      mems_{"memory", "memory"}, globals_{"global", "global"}, tags_{"tag", "tag"},
      elems_{"elem", "elem segment"}, datas_{"data", "data segment"}, locals_{"local", "local"};
  std::vector<TypeInfo> type_info_;  // explicit types
  std::vector<FuncType> implicit_types_;
  // Function type (binary-encoded) -> the type index a type use of it denotes.
  std::unordered_map<std::string, uint32_t> sig_index_;
  bool sig_index_built_ = false;
  // ---- annotations.cc: @custom, @name, @metadata.code.branch_hint (annotations proposal)
  // The annotations inside the module being parsed (see Annotation); set before Parse.
  void SetAnnotations(std::vector<const Annotation*> annotations) {
    annotations_ = std::move(annotations);
  }
  Result<void> ReadAnnotations(const std::vector<const Sexp*>& fields);
  // Branch hints: those of the function whose body is parsed now, in source order.
  struct BranchHint {
    uint32_t begin = 0, end = 0, line = 0;
    uint8_t value = 0;
    bool placed = false;
  };
  // The hint (at most one: two are a duplicate) that precedes an instruction starting at
  // source offset `begin` and follows every earlier instruction.
  Result<std::optional<uint8_t>> TakeBranchHint(uint32_t begin);
  // Records a hint for the instruction whose opcode is written at body offset `offset`.
  void PlaceBranchHint(std::optional<uint8_t> hint, size_t offset) {
    if (hint) func_hints_.push_back({static_cast<uint32_t>(offset), *hint});
  }
  // The custom sections placed before (or after) section `id` in the binary (0: first).
  void WriteCustoms(binary::Writer& out, uint8_t section_id, bool after) const;

  std::vector<std::string> labels_;  // innermost last; "" for unnamed
  // Opens a block's label, numbering it for the name section's label names.
  void PushLabel(std::string label);
  bool uses_data_count_ = false;
  uint32_t folded_depth_ = 0;  // memory.init / data.drop etc. need the datacount section

 private:
  // module_parser.cc
  Result<void> ScanField(const Sexp& field);
  Result<void> EmitField(const Sexp& field);
  Result<void> EmitFunc(const Sexp& field);
  Result<void> EmitTable(const Sexp& field);
  Result<void> EmitMemory(const Sexp& field);
  Result<void> EmitGlobal(const Sexp& field);
  Result<void> EmitTag(const Sexp& field);
  Result<void> EmitImport(const Sexp& field);
  Result<void> EmitExport(const Sexp& field);
  Result<void> EmitStart(const Sexp& field);
  Result<void> EmitElem(const Sexp& field);
  Result<void> EmitData(const Sexp& field);
  Result<void> EmitInlineExports(Cursor& c, ExternKind kind, uint32_t index);
  Result<bool> EmitInlineImport(Cursor& c, ExternKind kind);
  Result<void> EmitImportDesc(Cursor& c, ExternKind kind, uint32_t line);
  Result<void> ParseLimits(Cursor& c, bool is64, Limits& out, bool is_memory);
  Result<void> WriteTableType(Cursor& c, binary::Writer& w);
  Result<void> WriteMemoryType(Cursor& c, binary::Writer& w);
  Result<void> WriteGlobalType(Cursor& c, binary::Writer& w);
  Result<void> ParseOffset(Cursor& c, binary::Writer& w);
  // An element segment: the list at `c` (`func x*`, `reftype expr*`, or with allow_bare
  // `x*`), active on `table` at `offset` (an encoded const expr) when offset is non-null,
  // else passive or declarative. given_type: the inline-elem table's reference type.
  Result<void> WriteElemSegment(Cursor& c, std::optional<ValType> given_type, bool allow_bare,
                                int table, const std::vector<uint8_t>* offset, bool declare,
                                bool implicit_table = false);
  Result<void> ScanImportOrder(const Sexp& field, bool is_import, const char* def_kind);
  Result<std::string> ParseName(const Sexp& s);          // a string that must be valid UTF-8
  Result<uint32_t> ParsePageSize(const Sexp& pagesize);  // (pagesize N) -> log2 N

  // The name section (names.cc): $identifiers and @name annotations, for people.
  std::string module_id_;                                           // (module $id ...)
  std::optional<std::string> annotated_module_name_;                // (@name "...") of the module
  std::unordered_map<uint32_t, std::string> annotated_func_names_;  // by func field begin
  std::unordered_map<uint32_t, std::string> func_names_by_index_;   // the same, by index
  binary::NameSection names_;                                       // filled as fields are emitted
  binary::NameMap func_labels_;   // the function being parsed: (label number, name)
  uint32_t num_func_labels_ = 0;  // its labels so far
  bool in_func_body_ = false;
  void NameFunctionBody(uint32_t func_index);  // after its body: its locals and labels
  void WriteNameSection(binary::Writer& out);  // the section, last in the module

 public:
  void SetModuleId(std::string id) { module_id_ = std::move(id); }

 private:
  // Explicit type section: entries (rec groups count once).
  Section type_sec_, import_sec_, func_sec_, table_sec_, mem_sec_, tag_sec_, global_sec_,
      export_sec_, elem_sec_, code_sec_, data_sec_;
  uint32_t num_explicit_types_ = 0;
  std::optional<uint32_t> start_;
  uint32_t emit_funcs_ = 0, emit_tables_ = 0, emit_mems_ = 0, emit_globals_ = 0, emit_tags_ = 0,
           emit_elems_ = 0, emit_datas_ = 0;
  const char* first_def_ = nullptr;  // kind of the first non-import definition seen
  std::unordered_map<std::string, bool> export_names_;

  // Annotations (annotations.cc).
  struct CustomSec {
    std::string name;
    std::string content;
    uint8_t section = 0;  // placed relative to this section id (binary order, see .cc)
    bool after = true;
  };
  std::vector<const Annotation*> annotations_;
  std::vector<CustomSec> customs_;
  // Per func field (by its source begin): its branch hints.
  std::unordered_map<uint32_t, std::vector<BranchHint>> hints_by_func_;
  std::vector<BranchHint>* cur_hints_ = nullptr;  // the function being parsed
  size_t next_hint_ = 0;
  std::vector<std::pair<uint32_t, uint8_t>> func_hints_;  // (body offset, value) of it
  binary::Writer branch_hint_sec_;  // vec entries, counted in branch_hint_funcs_
  uint32_t branch_hint_funcs_ = 0;
  // A folded instruction's hint, placed when its opcode is written (after its operands).
  std::optional<uint8_t> folded_hint_;
  Result<void> BeginFuncHints(const Sexp& field);
  Result<void> EndFuncHints(uint32_t func_index);
};

// The error for a token that does not fit where it is: "unknown operator <word>" for a
// reserved token, a malformed number or a word that is no keyword of the language (as the
// reference lexer reports), else "unexpected token".
Unexpected<Error> Unexpect(const Sexp& s);

// Natural alignment (log2 bytes) of a load/store mnemonic ("i64.load32_u" -> 2).
uint32_t NaturalAlignLog2(std::string_view mnemonic);

}  // namespace wr::text::internal
