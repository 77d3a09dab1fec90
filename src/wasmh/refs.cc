// What every reference type has (copy, same, host info, conversion to and from wasm_ref_t),
// foreign objects, values, and the conversions between externs and func/global/table/memory.
#include "wasmh/wasmh.h"

using wasmh::RefKind;

wasm_ref_t* wasm_extern_t::Clone() const {
  return wasmh::NewExtern(store, ext);
}
wasm_ref_t* wasm_instance_t::Clone() const {
  return new wasm_instance_t(store, entity);
}
wasm_ref_t* wasm_foreign_t::Clone() const {
  return new wasm_foreign_t(RefKind::Foreign, store, entity);
}
wasm_ref_t* OtherRef::Clone() const {
  return new OtherRef(store, entity, value);
}
wasm_ref_t* wasm_module_t::Clone() const {
  return new wasm_module_t(entity, module, binary);
}
wasm_ref_t* wasm_trap_t::Clone() const {
  return new wasm_trap_t(entity, body);
}

namespace wasmh {

namespace {

bool Same(const wasm_ref_t* a, const wasm_ref_t* b) {
  if (a == nullptr || b == nullptr) return a == b;
  if (a->kind == RefKind::Other && b->kind == RefKind::Other) {
    return static_cast<const OtherRef*>(a)->value == static_cast<const OtherRef*>(b)->value;
  }
  return a->entity == b->entity;
}

void SetHostInfo(wasm_ref_t* r, void* info, void (*finalizer)(void*)) {
  if (r == nullptr) return;
  r->entity->info = info;
  r->entity->finalizer = finalizer;
}

}  // namespace

}  // namespace wasmh

extern "C" {

// The functions of WASM_DECLARE_REF_BASE for `name`, whose objects are wasm_##name##_t.
#define WASMH_REF_BASE(name)                                                      \
  void wasm_##name##_delete(wasm_##name##_t* r) {                                 \
    delete r;                                                                     \
  }                                                                               \
  wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t* r) {                 \
    return r == nullptr ? nullptr : static_cast<wasm_##name##_t*>(r->Clone());    \
  }                                                                               \
  bool wasm_##name##_same(const wasm_##name##_t* a, const wasm_##name##_t* b) {   \
    return wasmh::Same(a, b);                                                     \
  }                                                                               \
  void* wasm_##name##_get_host_info(const wasm_##name##_t* r) {                   \
    return r == nullptr ? nullptr : r->entity->info;                              \
  }                                                                               \
  void wasm_##name##_set_host_info(wasm_##name##_t* r, void* info) {              \
    wasmh::SetHostInfo(r, info, nullptr);                                         \
  }                                                                               \
  void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t* r, void* info, \
                                                  void (*finalizer)(void*)) {     \
    wasmh::SetHostInfo(r, info, finalizer);                                       \
  }

// WASM_DECLARE_REF: the above plus the views as wasm_ref_t; `test` says whether a wasm_ref_t*
// `r` is one.
#define WASMH_REF(name, test)                                                         \
  WASMH_REF_BASE(name)                                                                \
  wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t* r) {                              \
    return r;                                                                         \
  }                                                                                   \
  const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t* r) {            \
    return r;                                                                         \
  }                                                                                   \
  wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t* r) {                                \
    return r != nullptr && (test) ? static_cast<wasm_##name##_t*>(r) : nullptr;       \
  }                                                                                   \
  const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t* r) {            \
    return r != nullptr && (test) ? static_cast<const wasm_##name##_t*>(r) : nullptr; \
  }

#define WASMH_IS_EXTERN                                                                   \
  (r->kind == RefKind::Func || r->kind == RefKind::Global || r->kind == RefKind::Table || \
   r->kind == RefKind::Memory)

WASMH_REF_BASE(ref)
WASMH_REF(trap, r->kind == RefKind::Trap)
WASMH_REF(foreign, r->kind == RefKind::Foreign)
WASMH_REF(module, r->kind == RefKind::Module)
WASMH_REF(func, r->kind == RefKind::Func)
WASMH_REF(global, r->kind == RefKind::Global)
WASMH_REF(table, r->kind == RefKind::Table)
WASMH_REF(memory, r->kind == RefKind::Memory)
WASMH_REF(extern, WASMH_IS_EXTERN)
WASMH_REF(instance, r->kind == RefKind::Instance)

// Foreign objects.

wasm_foreign_t* wasm_foreign_new(wasm_store_t* s) {
  if (s == nullptr) return nullptr;
  return new wasm_foreign_t(RefKind::Foreign, s, s->NewForeign());
}

// Values.

void wasm_val_delete(wasm_val_t* v) {
  if (v == nullptr || !wasm_valkind_is_ref(v->kind)) return;
  delete v->of.ref;
  v->of.ref = nullptr;
}

void wasm_val_copy(wasm_val_t* out, const wasm_val_t* src) {
  *out = *src;
  if (wasm_valkind_is_ref(src->kind) && src->of.ref != nullptr) out->of.ref = src->of.ref->Clone();
}

// Externs and their four kinds.

#define WASMH_EXTERN_AS(name, KIND)                                                            \
  wasm_extern_t* wasm_##name##_as_extern(wasm_##name##_t* x) {                                 \
    return x;                                                                                  \
  }                                                                                            \
  const wasm_extern_t* wasm_##name##_as_extern_const(const wasm_##name##_t* x) {               \
    return x;                                                                                  \
  }                                                                                            \
  wasm_##name##_t* wasm_extern_as_##name(wasm_extern_t* x) {                                   \
    return x != nullptr && x->kind == KIND ? static_cast<wasm_##name##_t*>(x) : nullptr;       \
  }                                                                                            \
  const wasm_##name##_t* wasm_extern_as_##name##_const(const wasm_extern_t* x) {               \
    return x != nullptr && x->kind == KIND ? static_cast<const wasm_##name##_t*>(x) : nullptr; \
  }
WASMH_EXTERN_AS(func, RefKind::Func)
WASMH_EXTERN_AS(global, RefKind::Global)
WASMH_EXTERN_AS(table, RefKind::Table)
WASMH_EXTERN_AS(memory, RefKind::Memory)

wasm_externkind_t wasm_extern_kind(const wasm_extern_t* x) {
  switch (x->kind) {
    case RefKind::Global: return WASM_EXTERN_GLOBAL;
    case RefKind::Table: return WASM_EXTERN_TABLE;
    case RefKind::Memory: return WASM_EXTERN_MEMORY;
    default: return WASM_EXTERN_FUNC;
  }
}

wasm_externtype_t* wasm_extern_type(const wasm_extern_t* x) {
  if (x == nullptr) return nullptr;
  switch (x->kind) {
    case RefKind::Func: return wasm_func_type(static_cast<const wasm_func_t*>(x));
    case RefKind::Global: return wasm_global_type(static_cast<const wasm_global_t*>(x));
    case RefKind::Table: return wasm_table_type(static_cast<const wasm_table_t*>(x));
    case RefKind::Memory: return wasm_memory_type(static_cast<const wasm_memory_t*>(x));
    default: return nullptr;
  }
}

}  // extern "C"
