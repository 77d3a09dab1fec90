// Config, engine and store; the store's registry of object identities; value conversions.
#include <cstring>

#include "wasmh/wasmh.h"

wasm_store_t::~wasm_store_t() {
  // The objects' finalizers run before the objects go (in creation order); handles that
  // outlive the store keep their Entity, but its finalizer has run.
  for (auto& e : entities) e->Finalize();
}

std::shared_ptr<wasmh::Entity> wasm_store_t::EntityOf(const void* key, wasmh::RefKind kind,
                                                      const wasmrun::Extern& ext,
                                                      const wasmrun::Instance& inst) {
  auto it = by_key.find(key);
  if (it != by_key.end()) return it->second;
  auto e = std::make_shared<wasmh::Entity>();
  e->kind = kind;
  e->ext = ext;
  e->instance = inst;
  entities.push_back(e);
  by_key.emplace(key, e);
  return e;
}

std::shared_ptr<wasmh::Entity> wasm_store_t::NewForeign() {
  auto e = std::make_shared<wasmh::Entity>();
  e->kind = wasmh::RefKind::Foreign;
  entities.push_back(e);
  by_key.emplace(e.get(), e);
  return e;
}

std::shared_ptr<wasmh::Entity> wasm_store_t::FromToken(uint64_t token) const {
  auto it = by_key.find(reinterpret_cast<const void*>(static_cast<uintptr_t>(token)));
  if (it == by_key.end() || it->second.get() != it->first) return nullptr;
  return it->second;
}

namespace wasmh {

namespace {

// The externref token of a store object: the address of its Entity, registered under that
// address too (so FromToken finds it).
uint64_t TokenOf(wasm_store_t* s, const std::shared_ptr<Entity>& e) {
  s->by_key.emplace(e.get(), e);
  return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(e.get()));
}

bool SameKind(wasm_valkind_t k, const wasmrun::ValType& t) {
  using K = wasmrun::ValType::Kind;
  switch (t.kind()) {
    case K::I32: return k == WASM_I32;
    case K::I64: return k == WASM_I64;
    case K::F32: return k == WASM_F32;
    case K::F64: return k == WASM_F64;
    case K::V128: return false;
    case K::Ref: return wasm_valkind_is_ref(k);
  }
  return false;
}

const char* KindName(wasm_valkind_t k) {
  switch (k) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_EXTERNREF: return "externref";
    case WASM_FUNCREF: return "funcref";
    default: return "an unknown kind";
  }
}

}  // namespace

Converted RefToValue(wasm_store_t* s, const wasm_ref_t* r, const wasmrun::ValType& want) {
  if (!want.is_ref()) return {std::nullopt, "a reference where a number is expected"};
  if (r == nullptr) {
    if (!want.nullable()) return {std::nullopt, "null for a non-nullable reference"};
    return {wasmrun::Value::Null(want), {}};
  }
  if (r->store != s) return {std::nullopt, "a reference of another store"};
  if (r->kind == RefKind::Other) return {static_cast<const OtherRef*>(r)->value, {}};
  switch (want.top()) {
    case wasmrun::HeapType::Func:
      if (r->kind != RefKind::Func) return {std::nullopt, "a non-function as a funcref"};
      return {wasmrun::Value::FromFunc(static_cast<const wasm_func_t*>(r)->func()), {}};
    case wasmrun::HeapType::Extern:
      if (r->kind == RefKind::Module || r->kind == RefKind::Trap) {
        return {std::nullopt, "a module or trap as an externref"};
      }
      return {wasmrun::Value::FromExtern(TokenOf(s, r->entity)), {}};
    default: return {std::nullopt, "a reference of a type wasm.h cannot make"};
  }
}

Converted ToValue(wasm_store_t* s, const wasm_val_t& v, const wasmrun::ValType& want) {
  if (!SameKind(v.kind, want)) {
    return {std::nullopt,
            std::string(KindName(v.kind)) + " for a parameter of type " + wasmrun::ToString(want)};
  }
  switch (v.kind) {
    case WASM_I32: return {wasmrun::Value::FromI32(v.of.i32), {}};
    case WASM_I64: return {wasmrun::Value::FromI64(v.of.i64), {}};
    case WASM_F32: return {wasmrun::Value::FromF32(v.of.f32), {}};
    case WASM_F64: return {wasmrun::Value::FromF64(v.of.f64), {}};
    default: return RefToValue(s, v.of.ref, want);
  }
}

wasm_ref_t* RefFromValue(wasm_store_t* s, const wasmrun::Value& v) {
  if (!v.type().is_ref() || v.is_null()) return nullptr;
  if (auto f = v.func()) return NewFunc(s, *f);
  if (auto token = v.externref()) {
    if (auto e = s->FromToken(*token)) {
      switch (e->kind) {
        case RefKind::Foreign: return new wasm_foreign_t(RefKind::Foreign, s, e);
        case RefKind::Instance: return new wasm_instance_t(s, e);
        case RefKind::Func:
        case RefKind::Global:
        case RefKind::Table:
        case RefKind::Memory: return NewExtern(s, e->ext);
        default: break;
      }
    }
  }
  return new OtherRef(s, std::make_shared<Entity>(), v);
}

wasm_val_t FromValue(wasm_store_t* s, const wasmrun::Value& v) {
  wasm_val_t r;
  r.kind = ValKindOf(v.type());
  r.of.i64 = 0;
  using K = wasmrun::ValType::Kind;
  switch (v.type().kind()) {
    case K::I32: r.of.i32 = v.i32(); break;
    case K::I64: r.of.i64 = v.i64(); break;
    case K::F32: r.of.f32 = v.f32(); break;
    case K::F64: r.of.f64 = v.f64(); break;
    case K::V128: break;
    case K::Ref: r.of.ref = RefFromValue(s, v); break;
  }
  return r;
}

}  // namespace wasmh

extern "C" {

wasm_config_t* wasm_config_new(void) {
  return new wasm_config_t;
}
void wasm_config_delete(wasm_config_t* c) {
  delete c;
}

wasm_engine_t* wasm_engine_new(void) {
  return new wasm_engine_t;
}
wasm_engine_t* wasm_engine_new_with_config(wasm_config_t* c) {
  auto* e = c == nullptr ? new wasm_engine_t : new wasm_engine_t{wasmrun::Engine(c->config)};
  delete c;
  return e;
}
void wasm_engine_delete(wasm_engine_t* e) {
  delete e;
}

wasm_store_t* wasm_store_new(wasm_engine_t* e) {
  if (e == nullptr) return nullptr;
  return new wasm_store_t(e->engine);
}
void wasm_store_delete(wasm_store_t* s) {
  delete s;
}

}  // extern "C"
