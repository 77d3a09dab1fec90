#include "interp/drop.h"

#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "compile/compiled_module.h"
#include "interp/frame.h"

namespace wr::interp {

namespace {

// The imported entries lead each index space.
template <class T>
std::span<T* const> Imported(const std::vector<T*>& space, uint32_t count) {
  return std::span<T* const>(space).first(std::min<size_t>(count, space.size()));
}
template <class T>
std::span<T* const> Defined(const std::vector<T*>& space, uint32_t count) {
  return std::span<T* const>(space).subspan(std::min<size_t>(count, space.size()));
}

// Shared memories are left out of the counts: other stores, on other threads, import them
// (wasi-threads), and a drop never frees them.
bool Counted(const MemoryInstance* m) {
  return !m->shared();
}
template <class T>
bool Counted(const T*) {
  return true;
}

template <class T>
bool AnyImported(std::span<T* const> defined) {
  for (const T* x : defined) {
    if (Counted(x) && x->importers != 0) return true;
  }
  return false;
}

template <class T>
void CountImporters(std::span<T* const> imported, int delta) {
  for (T* x : imported) {
    if (Counted(x)) x->importers += static_cast<uint32_t>(delta);
  }
}

}  // namespace

const compile::CompiledFunction& DroppedFunctionCode() {
  // Never lowered: `lowered` stays false, so every call takes the path that lowers first.
  static const compile::CompiledFunction code;
  return code;
}

void LinkImports(Instance& instance) {
  const Module& m = *instance.module;
  CountImporters(Imported(instance.funcs, m.num_imported_funcs), 1);
  CountImporters(Imported(instance.tables, m.num_imported_tables), 1);
  CountImporters(Imported(instance.memories, m.num_imported_memories), 1);
  CountImporters(Imported(instance.globals, m.num_imported_globals), 1);
  instance.linked = true;
}

const char* DropInstance(Store& store, Instance& instance) {
  if (instance.dropped) return "the instance was already dropped";
  if (const auto* st = static_cast<const InterpState*>(store.interp_state().get());
      st != nullptr && (!st->frames.empty() || st->suspension.active)) {
    return "a call into the store is running or suspended";
  }
  const Module& m = *instance.module;
  const auto funcs = Defined(instance.funcs, m.num_imported_funcs);
  const auto tables = Defined(instance.tables, m.num_imported_tables);
  const auto memories = Defined(instance.memories, m.num_imported_memories);
  const auto globals = Defined(instance.globals, m.num_imported_globals);
  if (AnyImported(funcs) || AnyImported(tables) || AnyImported(memories) || AnyImported(globals)) {
    return "a live instance imports something the instance defines: drop that one first";
  }
  instance.dropped = true;
  if (instance.linked) {
    CountImporters(Imported(instance.funcs, m.num_imported_funcs), -1);
    CountImporters(Imported(instance.tables, m.num_imported_tables), -1);
    CountImporters(Imported(instance.memories, m.num_imported_memories), -1);
    CountImporters(Imported(instance.globals, m.num_imported_globals), -1);
    instance.linked = false;
  }
  for (FuncInstance* f : funcs) f->code = &DroppedFunctionCode();
  for (TableInstance* t : tables) t->Release();
  for (MemoryInstance* mem : memories) {
    if (!mem->shared()) mem->Release();
  }
  // References the globals hold would keep GC objects alive for the store's life (globals are
  // roots); numbers cost nothing and stay for the host handles that read them.
  for (GlobalInstance* g : globals) {
    if (g->type.type.is_ref()) g->value[0] = kNullRef;
  }
  std::vector<std::vector<Ref>>().swap(instance.elems);
  std::vector<std::span<const uint8_t>>().swap(instance.datas);
  std::unordered_map<std::string, Extern>().swap(instance.exports);
  instance.host_memory = nullptr;
  return nullptr;
}

}  // namespace wr::interp
