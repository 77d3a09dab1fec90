// Modules: compile, validate, reflect, serialize (the binary) and share across threads.
#include "wasmh/wasmh.h"

namespace {

std::span<const uint8_t> BytesOf(const wasm_byte_vec_t* v) {
  if (v == nullptr || v->data == nullptr) return {};
  return {reinterpret_cast<const uint8_t*>(v->data), v->size};
}

wasm_module_t* NewModule(wasmrun::Module m, std::shared_ptr<const std::vector<uint8_t>> binary) {
  auto e = std::make_shared<wasmh::Entity>();
  e->kind = wasmh::RefKind::Module;
  return new wasm_module_t(std::move(e), std::move(m), std::move(binary));
}

// wasm.h cannot name tags: they are left out of the import and export lists.
bool Expressible(const wasmrun::ExternType& t) {
  return t.kind != wasmrun::ExternKind::Tag;
}

}  // namespace

extern "C" {

wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  if (store == nullptr || binary == nullptr) return nullptr;
  auto bytes = BytesOf(binary);
  auto m = wasmrun::Module::FromBinary(store->engine, bytes);
  if (!m) return nullptr;
  return NewModule(std::move(*m),
                   std::make_shared<const std::vector<uint8_t>>(bytes.begin(), bytes.end()));
}

bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  if (store == nullptr || binary == nullptr) return false;
  return wasmrun::Module::FromBinary(store->engine, BytesOf(binary)).ok();
}

void wasm_module_imports(const wasm_module_t* module, wasm_importtype_vec_t* out) {
  std::vector<wasm_importtype_t*> list;
  for (const wasmrun::ImportType& i : module->module.imports()) {
    if (!Expressible(i.type)) continue;
    auto* t = new wasm_importtype_t;
    wasmh::NewName(&t->module, i.module);
    wasmh::NewName(&t->name, i.name);
    t->type = wasmh::NewExternType(i.type);
    list.push_back(t);
  }
  wasm_importtype_vec_new(out, list.size(), list.data());
}

void wasm_module_exports(const wasm_module_t* module, wasm_exporttype_vec_t* out) {
  std::vector<wasm_exporttype_t*> list;
  for (const wasmrun::ExportType& x : module->module.exports()) {
    if (!Expressible(x.type)) continue;
    auto* t = new wasm_exporttype_t;
    wasmh::NewName(&t->name, x.name);
    t->type = wasmh::NewExternType(x.type);
    list.push_back(t);
  }
  wasm_exporttype_vec_new(out, list.size(), list.data());
}

void wasm_module_serialize(const wasm_module_t* module, wasm_byte_vec_t* out) {
  const auto& b = *module->binary;
  wasm_byte_vec_new(out, b.size(), reinterpret_cast<const wasm_byte_t*>(b.data()));
}

wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* serialized) {
  return wasm_module_new(store, serialized);
}

wasm_shared_module_t* wasm_module_share(const wasm_module_t* module) {
  if (module == nullptr) return nullptr;
  return new wasm_shared_module_t{module->module, module->binary};
}

wasm_module_t* wasm_module_obtain(wasm_store_t* store, const wasm_shared_module_t* shared) {
  if (store == nullptr || shared == nullptr) return nullptr;
  return NewModule(shared->module, shared->binary);
}

void wasm_shared_module_delete(wasm_shared_module_t* shared) {
  delete shared;
}

}  // extern "C"
