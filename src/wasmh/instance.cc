// Module instances: instantiation with positional imports, and exports in module order.
#include "wasmh/wasmh.h"

extern "C" {

wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module,
                                   const wasm_extern_vec_t* imports, wasm_trap_t** trap) {
  if (trap != nullptr) *trap = nullptr;
  auto fail = [trap](std::string message) -> wasm_instance_t* {
    if (trap != nullptr) *trap = wasmh::NewTrap(std::move(message));
    return nullptr;
  };
  if (store == nullptr || module == nullptr) return fail("wasm_instance_new: null store or module");
  std::vector<wasmrun::Extern> externs;
  const size_t n = imports == nullptr ? 0 : imports->size;
  externs.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const wasm_extern_t* x = imports->data[i];
    if (x == nullptr) return fail("import " + std::to_string(i) + " is null");
    if (x->store != store) return fail("import " + std::to_string(i) + " is of another store");
    externs.push_back(x->ext);
  }
  auto r = wasmrun::InstantiateWithImports(store->store, module->module, externs);
  if (!r) {
    const wasmrun::Error& e = r.error();
    if (trap != nullptr) {
      *trap = e.trap ? wasmh::NewTrap(*e.trap) : wasmh::NewTrap(e.message);
    }
    return nullptr;
  }
  auto entity = store->EntityOf(wasmrun::IdentityOf(*r), wasmh::RefKind::Instance, {}, *r);
  entity->module = module->module;
  return new wasm_instance_t(store, std::move(entity));
}

void wasm_instance_exports(const wasm_instance_t* instance, wasm_extern_vec_t* out) {
  const wasmh::Entity& e = *instance->entity;
  std::vector<wasm_extern_t*> list;
  for (const wasmrun::ExportType& x : e.module.exports()) {
    auto ext = e.instance.GetExport(x.name);
    if (!ext) continue;
    if (wasm_extern_t* h = wasmh::NewExtern(instance->store, *ext)) list.push_back(h);
  }
  wasm_extern_vec_new(out, list.size(), list.data());
}

}  // extern "C"
