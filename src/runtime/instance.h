// Module instances: the runtime objects a module's index spaces resolve to, and the state of
// its element and data segments (which elem.drop / data.drop empty).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/module.h"
#include "runtime/function.h"
#include "runtime/global.h"
#include "runtime/memory.h"
#include "runtime/object.h"
#include "runtime/table.h"

namespace wr {

namespace compile {
struct CompiledModule;
}

// A tag instance (exceptions): identity plus its type.
struct TagInstance {
  FuncType type;
  uint32_t type_id = 0;  // canonical id (TypeRegistry) of its defined type
  // The module whose type section the type indices in `type` refer to; null for tags the
  // host created.
  const Module* module = nullptr;
};

// Something an import can be satisfied with / an export names.
struct Extern {
  ExternKind kind = ExternKind::Func;
  void* ptr =
      nullptr;  // FuncInstance*, TableInstance*, MemoryInstance*, GlobalInstance*, TagInstance*

  FuncInstance* func() const { return static_cast<FuncInstance*>(ptr); }
  TableInstance* table() const { return static_cast<TableInstance*>(ptr); }
  MemoryInstance* memory() const { return static_cast<MemoryInstance*>(ptr); }
  GlobalInstance* global() const { return static_cast<GlobalInstance*>(ptr); }
  TagInstance* tag() const { return static_cast<TagInstance*>(ptr); }
};

struct Instance {
  std::shared_ptr<const compile::CompiledModule> compiled;
  const Module* module = nullptr;  // owned by `compiled`

  // Index spaces: imports first, then definitions (owned by the store).
  std::vector<FuncInstance*> funcs;
  std::vector<TableInstance*> tables;
  std::vector<MemoryInstance*> memories;
  std::vector<GlobalInstance*> globals;
  std::vector<TagInstance*> tags;

  // Segment state. A dropped segment is empty.
  std::vector<std::vector<Ref>> elems;
  std::vector<std::span<const uint8_t>> datas;

  std::unordered_map<std::string, Extern> exports;

  // The memory host functions see (the export named "memory", else memory 0, else null).
  MemoryInstance* host_memory = nullptr;

  // Canonical type id (TypeRegistry::InternModule) of each module type index, for
  // call_indirect. Instantiation fills it; the interpreter fills it lazily when empty (an
  // instance built by hand).
  std::vector<uint32_t> type_ids;

  // Instantiation succeeded and the imports count this instance among their importers.
  bool linked = false;
  // Dropped before its store (interp/drop.h): its functions trap when called, its memories,
  // tables and segments are freed, its exports are gone.
  bool dropped = false;
};

}  // namespace wr
