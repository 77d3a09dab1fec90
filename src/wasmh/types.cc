// Type representations: valtype, functype, globaltype, tabletype, memorytype, externtype,
// importtype, exporttype, and their conversions to and from the C++ API's types.
#include <algorithm>
#include <cstring>

#include "wasmh/wasmh.h"

namespace wasmh {

namespace {

wasm_valtype_t* NewValType(wasm_valkind_t k) {
  return new wasm_valtype_t{k};
}

void CopyValTypes(wasm_valtype_vec_t* out, const wasm_valtype_vec_t& src) {
  wasm_valtype_vec_copy(out, &src);
}

void NewValTypes(wasm_valtype_vec_t* out, const std::vector<wasmrun::ValType>& ts) {
  wasm_valtype_vec_new_uninitialized(out, ts.size());
  for (size_t i = 0; i < out->size; ++i) out->data[i] = NewValType(ValKindOf(ts[i]));
}

bool IsValidKind(wasm_valkind_t k) {
  return k <= WASM_F64 || k == WASM_EXTERNREF || k == WASM_FUNCREF;
}

}  // namespace

wasm_valkind_t ValKindOf(const wasmrun::ValType& t) {
  using K = wasmrun::ValType::Kind;
  switch (t.kind()) {
    case K::I32: return WASM_I32;
    case K::I64: return WASM_I64;
    case K::F32: return WASM_F32;
    case K::F64: return WASM_F64;
    case K::V128: return 4;  // WASMRUN_V128 (wasmrun/wasm_ext.h)
    case K::Ref: break;
  }
  switch (t.top()) {
    case wasmrun::HeapType::Func: return WASM_FUNCREF;
    case wasmrun::HeapType::Extern: return WASM_EXTERNREF;
    case wasmrun::HeapType::Exn: return 131;  // WASMRUN_EXNREF
    default: return 130;                      // WASMRUN_ANYREF
  }
}

std::optional<wasmrun::ValType> ValTypeOf(wasm_valkind_t k) {
  switch (k) {
    case WASM_I32: return wasmrun::ValType::I32;
    case WASM_I64: return wasmrun::ValType::I64;
    case WASM_F32: return wasmrun::ValType::F32;
    case WASM_F64: return wasmrun::ValType::F64;
    case WASM_EXTERNREF: return wasmrun::ValType::ExternRef;
    case WASM_FUNCREF: return wasmrun::ValType::FuncRef;
    default: return std::nullopt;
  }
}

wasm_functype_t* NewFuncType(const wasmrun::FuncType& t) {
  auto* f = new wasm_functype_t;
  NewValTypes(&f->params, t.params);
  NewValTypes(&f->results, t.results);
  return f;
}

std::optional<wasmrun::FuncType> FuncTypeOf(const wasm_functype_t* t) {
  if (t == nullptr) return std::nullopt;
  wasmrun::FuncType r;
  for (size_t i = 0; i < t->params.size; ++i) {
    auto v = t->params.data[i] ? ValTypeOf(t->params.data[i]->kind) : std::nullopt;
    if (!v) return std::nullopt;
    r.params.push_back(*v);
  }
  for (size_t i = 0; i < t->results.size; ++i) {
    auto v = t->results.data[i] ? ValTypeOf(t->results.data[i]->kind) : std::nullopt;
    if (!v) return std::nullopt;
    r.results.push_back(*v);
  }
  return r;
}

wasm_limits_t LimitsOf(const wasmrun::Limits& l) {
  const uint64_t cap = wasm_limits_max_default;
  return {static_cast<uint32_t>(std::min(l.min, cap)),
          l.max ? static_cast<uint32_t>(std::min(*l.max, cap)) : wasm_limits_max_default};
}

wasmrun::Limits LimitsOf(const wasm_limits_t& l) {
  wasmrun::Limits r;
  r.min = l.min;
  if (l.max != wasm_limits_max_default) r.max = l.max;
  return r;
}

wasm_externtype_t* NewExternType(const wasmrun::ExternType& t) {
  switch (t.kind) {
    case wasmrun::ExternKind::Func: return NewFuncType(t.func);
    case wasmrun::ExternKind::Global: {
      auto* g = new wasm_globaltype_t;
      g->content = NewValType(ValKindOf(t.global.type));
      g->mutability = t.global.mut ? WASM_VAR : WASM_CONST;
      return g;
    }
    case wasmrun::ExternKind::Table: {
      auto* tt = new wasm_tabletype_t;
      tt->element = NewValType(ValKindOf(t.table.element));
      tt->limits = LimitsOf(t.table.limits);
      return tt;
    }
    case wasmrun::ExternKind::Memory: {
      auto* m = new wasm_memorytype_t;
      m->limits = LimitsOf(t.memory.limits);
      return m;
    }
    case wasmrun::ExternKind::Tag: break;
  }
  return nullptr;  // tags: wasm.h has no extern kind for them
}

void NewName(wasm_name_t* out, std::string_view s, bool nul) {
  wasm_byte_vec_new_uninitialized(out, s.size() + (nul ? 1 : 0));
  if (!s.empty()) std::memcpy(out->data, s.data(), s.size());
  if (nul) out->data[s.size()] = '\0';
}

std::string_view NameOf(const wasm_name_t* n) {
  if (n == nullptr || n->data == nullptr) return {};
  return std::string_view(n->data, n->size);
}

}  // namespace wasmh

using namespace wasmh;

wasm_functype_t::~wasm_functype_t() {
  wasm_valtype_vec_delete(&params);
  wasm_valtype_vec_delete(&results);
}

wasm_externtype_t* wasm_functype_t::Clone() const {
  auto* f = new wasm_functype_t;
  CopyValTypes(&f->params, params);
  CopyValTypes(&f->results, results);
  return f;
}

wasm_externtype_t* wasm_globaltype_t::Clone() const {
  auto* g = new wasm_globaltype_t;
  g->content = content ? new wasm_valtype_t{*content} : nullptr;
  g->mutability = mutability;
  return g;
}

wasm_externtype_t* wasm_tabletype_t::Clone() const {
  auto* t = new wasm_tabletype_t;
  t->element = element ? new wasm_valtype_t{*element} : nullptr;
  t->limits = limits;
  return t;
}

wasm_externtype_t* wasm_memorytype_t::Clone() const {
  auto* m = new wasm_memorytype_t;
  m->limits = limits;
  return m;
}

wasm_importtype_t::~wasm_importtype_t() {
  wasm_byte_vec_delete(&module);
  wasm_byte_vec_delete(&name);
  delete type;
}

wasm_exporttype_t::~wasm_exporttype_t() {
  wasm_byte_vec_delete(&name);
  delete type;
}

extern "C" {

// valtype

wasm_valtype_t* wasm_valtype_new(wasm_valkind_t kind) {
  return IsValidKind(kind) ? NewValType(kind) : nullptr;
}
void wasm_valtype_delete(wasm_valtype_t* t) {
  delete t;
}
wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* t) {
  return t == nullptr ? nullptr : new wasm_valtype_t{*t};
}
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* t) {
  return t->kind;
}

// functype

wasm_functype_t* wasm_functype_new(wasm_valtype_vec_t* params, wasm_valtype_vec_t* results) {
  auto* f = new wasm_functype_t;
  if (params != nullptr) {
    f->params = *params;
    *params = {0, nullptr};
  }
  if (results != nullptr) {
    f->results = *results;
    *results = {0, nullptr};
  }
  return f;
}
void wasm_functype_delete(wasm_functype_t* t) {
  delete t;
}
wasm_functype_t* wasm_functype_copy(const wasm_functype_t* t) {
  return t == nullptr ? nullptr : static_cast<wasm_functype_t*>(t->Clone());
}
const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* t) {
  return &t->params;
}
const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* t) {
  return &t->results;
}

// globaltype

wasm_globaltype_t* wasm_globaltype_new(wasm_valtype_t* content, wasm_mutability_t mutability) {
  if (content == nullptr || mutability > WASM_VAR) {
    delete content;
    return nullptr;
  }
  auto* g = new wasm_globaltype_t;
  g->content = content;
  g->mutability = mutability;
  return g;
}
void wasm_globaltype_delete(wasm_globaltype_t* t) {
  delete t;
}
wasm_globaltype_t* wasm_globaltype_copy(const wasm_globaltype_t* t) {
  return t == nullptr ? nullptr : static_cast<wasm_globaltype_t*>(t->Clone());
}
const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* t) {
  return t->content;
}
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* t) {
  return t->mutability;
}

// tabletype

wasm_tabletype_t* wasm_tabletype_new(wasm_valtype_t* element, const wasm_limits_t* limits) {
  if (element == nullptr || !wasm_valkind_is_ref(element->kind) || limits == nullptr) {
    delete element;
    return nullptr;
  }
  auto* t = new wasm_tabletype_t;
  t->element = element;
  t->limits = *limits;
  return t;
}
void wasm_tabletype_delete(wasm_tabletype_t* t) {
  delete t;
}
wasm_tabletype_t* wasm_tabletype_copy(const wasm_tabletype_t* t) {
  return t == nullptr ? nullptr : static_cast<wasm_tabletype_t*>(t->Clone());
}
const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* t) {
  return t->element;
}
const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* t) {
  return &t->limits;
}

// memorytype

wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits) {
  if (limits == nullptr) return nullptr;
  auto* m = new wasm_memorytype_t;
  m->limits = *limits;
  return m;
}
void wasm_memorytype_delete(wasm_memorytype_t* t) {
  delete t;
}
wasm_memorytype_t* wasm_memorytype_copy(const wasm_memorytype_t* t) {
  return t == nullptr ? nullptr : static_cast<wasm_memorytype_t*>(t->Clone());
}
const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* t) {
  return &t->limits;
}

// externtype

void wasm_externtype_delete(wasm_externtype_t* t) {
  delete t;
}
wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t* t) {
  return t == nullptr ? nullptr : t->Clone();
}
wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* t) {
  return t->kind;
}

wasm_externtype_t* wasm_functype_as_externtype(wasm_functype_t* t) {
  return t;
}
wasm_externtype_t* wasm_globaltype_as_externtype(wasm_globaltype_t* t) {
  return t;
}
wasm_externtype_t* wasm_tabletype_as_externtype(wasm_tabletype_t* t) {
  return t;
}
wasm_externtype_t* wasm_memorytype_as_externtype(wasm_memorytype_t* t) {
  return t;
}
const wasm_externtype_t* wasm_functype_as_externtype_const(const wasm_functype_t* t) {
  return t;
}
const wasm_externtype_t* wasm_globaltype_as_externtype_const(const wasm_globaltype_t* t) {
  return t;
}
const wasm_externtype_t* wasm_tabletype_as_externtype_const(const wasm_tabletype_t* t) {
  return t;
}
const wasm_externtype_t* wasm_memorytype_as_externtype_const(const wasm_memorytype_t* t) {
  return t;
}

#define WASMH_EXTERNTYPE_AS(name, KIND)                                                        \
  wasm_##name##_t* wasm_externtype_as_##name(wasm_externtype_t* t) {                           \
    return t != nullptr && t->kind == KIND ? static_cast<wasm_##name##_t*>(t) : nullptr;       \
  }                                                                                            \
  const wasm_##name##_t* wasm_externtype_as_##name##_const(const wasm_externtype_t* t) {       \
    return t != nullptr && t->kind == KIND ? static_cast<const wasm_##name##_t*>(t) : nullptr; \
  }
WASMH_EXTERNTYPE_AS(functype, WASM_EXTERN_FUNC)
WASMH_EXTERNTYPE_AS(globaltype, WASM_EXTERN_GLOBAL)
WASMH_EXTERNTYPE_AS(tabletype, WASM_EXTERN_TABLE)
WASMH_EXTERNTYPE_AS(memorytype, WASM_EXTERN_MEMORY)

// importtype

wasm_importtype_t* wasm_importtype_new(wasm_name_t* module, wasm_name_t* name,
                                       wasm_externtype_t* type) {
  auto* i = new wasm_importtype_t;
  if (module != nullptr) {
    i->module = *module;
    *module = {0, nullptr};
  }
  if (name != nullptr) {
    i->name = *name;
    *name = {0, nullptr};
  }
  i->type = type;
  return i;
}
void wasm_importtype_delete(wasm_importtype_t* t) {
  delete t;
}
wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t* t) {
  if (t == nullptr) return nullptr;
  auto* i = new wasm_importtype_t;
  wasm_byte_vec_copy(&i->module, &t->module);
  wasm_byte_vec_copy(&i->name, &t->name);
  i->type = wasm_externtype_copy(t->type);
  return i;
}
const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* t) {
  return &t->module;
}
const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* t) {
  return &t->name;
}
const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* t) {
  return t->type;
}

// exporttype

wasm_exporttype_t* wasm_exporttype_new(wasm_name_t* name, wasm_externtype_t* type) {
  auto* e = new wasm_exporttype_t;
  if (name != nullptr) {
    e->name = *name;
    *name = {0, nullptr};
  }
  e->type = type;
  return e;
}
void wasm_exporttype_delete(wasm_exporttype_t* t) {
  delete t;
}
wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t* t) {
  if (t == nullptr) return nullptr;
  auto* e = new wasm_exporttype_t;
  wasm_byte_vec_copy(&e->name, &t->name);
  e->type = wasm_externtype_copy(t->type);
  return e;
}
const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* t) {
  return &t->name;
}
const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* t) {
  return t->type;
}

}  // extern "C"
