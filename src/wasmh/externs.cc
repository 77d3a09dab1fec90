// Global, table and memory instances, and handles to store objects.
#include <algorithm>

#include "wasmh/wasmh.h"

namespace wasmh {

namespace {

template <class H, class C>
C* NewHandle(wasm_store_t* s, const H& h, RefKind kind) {
  wasmrun::Extern ext = h;
  return new C(kind, s, s->EntityOf(wasmrun::IdentityOf(h), kind, ext), ext);
}

}  // namespace

wasm_func_t* NewFunc(wasm_store_t* s, const wasmrun::Func& f) {
  return NewHandle<wasmrun::Func, wasm_func_t>(s, f, RefKind::Func);
}
wasm_global_t* NewGlobal(wasm_store_t* s, const wasmrun::Global& g) {
  return NewHandle<wasmrun::Global, wasm_global_t>(s, g, RefKind::Global);
}
wasm_table_t* NewTable(wasm_store_t* s, const wasmrun::Table& t) {
  return NewHandle<wasmrun::Table, wasm_table_t>(s, t, RefKind::Table);
}
wasm_memory_t* NewMemory(wasm_store_t* s, const wasmrun::Memory& m) {
  return NewHandle<wasmrun::Memory, wasm_memory_t>(s, m, RefKind::Memory);
}

wasm_extern_t* NewExtern(wasm_store_t* s, const wasmrun::Extern& e) {
  if (const auto* f = std::get_if<wasmrun::Func>(&e)) return NewFunc(s, *f);
  if (const auto* g = std::get_if<wasmrun::Global>(&e)) return NewGlobal(s, *g);
  if (const auto* t = std::get_if<wasmrun::Table>(&e)) return NewTable(s, *t);
  if (const auto* m = std::get_if<wasmrun::Memory>(&e)) return NewMemory(s, *m);
  return nullptr;
}

}  // namespace wasmh

using namespace wasmh;

extern "C" {

// Globals.

wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type,
                               const wasm_val_t* init) {
  if (store == nullptr || type == nullptr || type->content == nullptr || init == nullptr) {
    return nullptr;
  }
  auto vt = ValTypeOf(type->content->kind);
  if (!vt) return nullptr;
  auto v = ToValue(store, *init, *vt);
  if (!v.value) return nullptr;
  auto g = wasmrun::Global::New(store->store, {*vt, type->mutability == WASM_VAR}, *v.value);
  if (!g) return nullptr;
  return NewGlobal(store, *g);
}

wasm_globaltype_t* wasm_global_type(const wasm_global_t* global) {
  wasmrun::ExternType t;
  t.kind = wasmrun::ExternKind::Global;
  t.global = global->global().type();
  return static_cast<wasm_globaltype_t*>(NewExternType(t));
}

void wasm_global_get(const wasm_global_t* global, wasm_val_t* out) {
  *out = FromValue(global->store, global->global().Get());
}

void wasm_global_set(wasm_global_t* global, const wasm_val_t* value) {
  if (global == nullptr || value == nullptr) return;
  const wasmrun::GlobalType t = global->global().type();
  if (!t.mut) return;
  auto v = ToValue(global->store, *value, t.type);
  if (v.value) (void)global->global().Set(*v.value);
}

// Tables.

wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type, wasm_ref_t* init) {
  if (store == nullptr || type == nullptr || type->element == nullptr) return nullptr;
  auto et = ValTypeOf(type->element->kind);
  if (!et || !et->is_ref()) return nullptr;
  auto v = RefToValue(store, init, *et);
  if (!v.value) return nullptr;
  wasmrun::TableType tt;
  tt.element = *et;
  tt.limits = LimitsOf(type->limits);
  auto t = wasmrun::Table::New(store->store, tt, *v.value);
  if (!t) return nullptr;
  return NewTable(store, *t);
}

wasm_tabletype_t* wasm_table_type(const wasm_table_t* table) {
  wasmrun::ExternType t;
  t.kind = wasmrun::ExternKind::Table;
  t.table = table->table().type();
  return static_cast<wasm_tabletype_t*>(NewExternType(t));
}

wasm_ref_t* wasm_table_get(const wasm_table_t* table, wasm_table_size_t index) {
  auto v = table->table().Get(index);
  if (!v) return nullptr;
  return RefFromValue(table->store, *v);
}

bool wasm_table_set(wasm_table_t* table, wasm_table_size_t index, wasm_ref_t* ref) {
  if (table == nullptr) return false;
  auto v = RefToValue(table->store, ref, table->table().type().element);
  return v.value && table->table().Set(index, *v.value).ok();
}

wasm_table_size_t wasm_table_size(const wasm_table_t* table) {
  return static_cast<wasm_table_size_t>(std::min<uint64_t>(table->table().size(), UINT32_MAX));
}

bool wasm_table_grow(wasm_table_t* table, wasm_table_size_t delta, wasm_ref_t* init) {
  if (table == nullptr) return false;
  auto v = RefToValue(table->store, init, table->table().type().element);
  return v.value && table->table().Grow(delta, *v.value).ok();
}

// Memories.

wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  if (store == nullptr || type == nullptr) return nullptr;
  wasmrun::MemoryType mt;
  mt.limits = LimitsOf(type->limits);
  auto m = wasmrun::Memory::New(store->store, mt);
  if (!m) return nullptr;
  return NewMemory(store, *m);
}

wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* memory) {
  wasmrun::ExternType t;
  t.kind = wasmrun::ExternKind::Memory;
  t.memory = memory->memory().type();
  return static_cast<wasm_memorytype_t*>(NewExternType(t));
}

byte_t* wasm_memory_data(wasm_memory_t* memory) {
  return reinterpret_cast<byte_t*>(memory->memory().data());
}

size_t wasm_memory_data_size(const wasm_memory_t* memory) {
  return memory->memory().size();
}

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* memory) {
  return static_cast<wasm_memory_pages_t>(std::min<uint64_t>(memory->memory().pages(), UINT32_MAX));
}

bool wasm_memory_grow(wasm_memory_t* memory, wasm_memory_pages_t delta) {
  return memory != nullptr && memory->memory().Grow(delta).ok();
}

}  // extern "C"
