// Module: a decoded WebAssembly module as plain data, before validation.
//
// The Module owns a copy of the module's bytes; function bodies and constant expressions are
// spans (offset + size) into them, so decoding copies nothing per function and every later
// error can name an absolute byte offset. Index spaces (functions, tables, memories, globals,
// tags) start with the imports of that kind, in import order, then the definitions.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/types.h"

namespace wr {

// A range of the module's bytes.
struct ByteSpan {
  uint32_t offset = 0;
  uint32_t size = 0;
};

// A constant expression: instructions up to and including the final `end`.
struct ConstExpr {
  ByteSpan code;
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t type_index = 0;  // Func, Tag
  TableType table;          // Table
  MemoryType memory;        // Memory
  GlobalType global;        // Global
  uint32_t at = 0;          // byte offset of the entry in the module, for validation errors
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
  uint32_t at = 0;  // byte offset of the entry in the module, for validation errors
};

struct LocalDecl {
  uint32_t count = 0;
  ValType type;
};

// A function defined by the module (not imported).
struct Function {
  uint32_t type_index = 0;
  // The local declarations as written (run-length): Module::local_decls[first_local_decl ..
  // first_local_decl + num_local_decls), one array for the whole module rather than a vector
  // each (a module's thousands of functions would each make a heap block).
  uint32_t first_local_decl = 0;
  uint32_t num_local_decls = 0;
  uint32_t body_start = 0;  // offset of the body's size field, for error messages
  uint64_t num_locals = 0;  // sum of the declarations' counts, excluding params (<= 2^32-1)
  ByteSpan body;            // the instruction sequence after the locals, incl. final end
};

struct Table {
  TableType type;
  std::optional<ConstExpr> init;  // 3.0 table with an initialiser expression
  uint32_t at = 0;                // byte offset of the entry in the module, for validation errors
};

struct Memory {
  MemoryType type;
  uint32_t at = 0;  // byte offset of the entry in the module, for validation errors
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

struct Tag {
  TagType type;
  uint32_t at = 0;  // byte offset of the entry in the module, for validation errors
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t table_index = 0;
  ConstExpr offset;  // Active only
  ValType type = ValType::FuncRef();
  // Exactly one of these is used: plain function indices (the elemkind form) or one constant
  // expression per element.
  bool uses_exprs = false;
  std::vector<uint32_t> func_indices;
  std::vector<ConstExpr> exprs;
  uint32_t at = 0;  // byte offset of the entry in the module, for validation errors
  uint32_t size() const {
    return static_cast<uint32_t>(uses_exprs ? exprs.size() : func_indices.size());
  }
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t memory_index = 0;
  ConstExpr offset;  // Active only
  ByteSpan bytes;
};

struct CustomSection {
  std::string name;
  ByteSpan payload;
};

struct Module {
  // The module's bytes; spans above point into it.
  std::vector<uint8_t> bytes;

  std::vector<DefType> types;
  std::vector<Import> imports;
  std::vector<Function> functions;     // defined functions only
  std::vector<LocalDecl> local_decls;  // of all defined functions (Function::first_local_decl)
  std::vector<Table> tables;           // defined tables only
  std::vector<Memory> memories;        // defined memories only
  std::vector<Global> globals;         // defined globals only
  std::vector<Tag> tags;               // defined tags only
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  uint32_t start_at = 0;  // byte offset of the start section's function index
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> data_count;  // from the data count section
  std::vector<CustomSection> customs;
  // Byte offset of the code section's contents (its function count), 0 when it has none:
  // the origin of the code addresses in DWARF debug sections.
  uint32_t code_section_offset = 0;

  // From the "name" custom section (best effort: a malformed name section is ignored).
  std::string module_name;
  std::unordered_map<uint32_t, std::string> func_names;

  // Number of imports of each kind; index spaces start with them.
  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;
  uint32_t num_imported_tags = 0;

  uint32_t num_funcs() const { return num_imported_funcs + size32(functions); }
  uint32_t num_tables() const { return num_imported_tables + size32(tables); }
  uint32_t num_memories() const { return num_imported_memories + size32(memories); }
  uint32_t num_globals() const { return num_imported_globals + size32(globals); }
  uint32_t num_tags() const { return num_imported_tags + size32(tags); }

  std::span<const LocalDecl> LocalDeclsOf(const Function& f) const {
    return std::span<const LocalDecl>(local_decls).subspan(f.first_local_decl, f.num_local_decls);
  }

  std::span<const uint8_t> Bytes(ByteSpan s) const {
    return std::span<const uint8_t>(bytes).subspan(s.offset, s.size);
  }

  // Type index of function `func_index` in the function index space (imports first).
  uint32_t FuncTypeIndex(uint32_t func_index) const;
  const FuncType& FuncTypeOf(uint32_t func_index) const {
    return types[FuncTypeIndex(func_index)].func;
  }
  TableType TableTypeOf(uint32_t table_index) const;
  MemoryType MemoryTypeOf(uint32_t memory_index) const;
  GlobalType GlobalTypeOf(uint32_t global_index) const;
  TagType TagTypeOf(uint32_t tag_index) const;
  // The n-th import of `kind` (e.g. the 2nd imported global); nullptr when out of range.
  // O(1) after IndexImports().
  const Import* NthImport(ExternKind kind, uint32_t n) const;

  // Recomputes num_imported_* and the per-kind import index; the decoder calls it after the
  // import section, and anyone who edits `imports` by hand must call it too.
  void IndexImports();

 private:
  std::vector<uint32_t> import_index_[5];  // per ExternKind: n-th import of kind -> imports[i]

  template <class V>
  static uint32_t size32(const V& v) {
    return static_cast<uint32_t>(v.size());
  }
};

}  // namespace wr
