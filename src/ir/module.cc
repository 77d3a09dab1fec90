#include "ir/module.h"

namespace wr {

void Module::IndexImports() {
  for (auto& v : import_index_) v.clear();
  for (uint32_t i = 0; i < imports.size(); ++i) {
    import_index_[static_cast<unsigned>(imports[i].kind)].push_back(i);
  }
  num_imported_funcs = size32(import_index_[0]);
  num_imported_tables = size32(import_index_[1]);
  num_imported_memories = size32(import_index_[2]);
  num_imported_globals = size32(import_index_[3]);
  num_imported_tags = size32(import_index_[4]);
}

const Import* Module::NthImport(ExternKind kind, uint32_t n) const {
  const auto& idx = import_index_[static_cast<unsigned>(kind)];
  if (n >= idx.size()) return nullptr;
  return &imports[idx[n]];
}

uint32_t Module::FuncTypeIndex(uint32_t func_index) const {
  if (func_index < num_imported_funcs) return NthImport(ExternKind::Func, func_index)->type_index;
  return functions[func_index - num_imported_funcs].type_index;
}

TableType Module::TableTypeOf(uint32_t i) const {
  if (i < num_imported_tables) return NthImport(ExternKind::Table, i)->table;
  return tables[i - num_imported_tables].type;
}

MemoryType Module::MemoryTypeOf(uint32_t i) const {
  if (i < num_imported_memories) return NthImport(ExternKind::Memory, i)->memory;
  return memories[i - num_imported_memories].type;
}

GlobalType Module::GlobalTypeOf(uint32_t i) const {
  if (i < num_imported_globals) return NthImport(ExternKind::Global, i)->global;
  return globals[i - num_imported_globals].type;
}

TagType Module::TagTypeOf(uint32_t i) const {
  if (i < num_imported_tags) return {NthImport(ExternKind::Tag, i)->type_index};
  return tags[i - num_imported_tags].type;
}

}  // namespace wr
