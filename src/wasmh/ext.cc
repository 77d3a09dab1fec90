// wasmrun's extensions for wasm.h users (include/wasmrun/wasm_ext.h): limits, fuel,
// interruption and WASI imports.
#include "wasmh/wasmh.h"
#include "wasmrun/wasm_ext.h"

struct wasmrun_ext_interrupt_handle_t {
  wasmrun::InterruptHandle handle;
};

struct wasmrun_ext_wasi_config_t {
  wasmrun::WasiConfig config;
};

namespace {

wasmrun::ResourceLimits LimitsOf(const wasmrun_ext_limits_t& l) {
  wasmrun::ResourceLimits r;
  r.max_call_depth = l.max_call_depth;
  r.max_stack_slots = l.max_stack_slots;
  r.max_memory_pages = l.max_memory_pages;
  r.max_table_entries = l.max_table_entries;
  r.max_gc_bytes = l.max_gc_bytes;
  return r;
}

}  // namespace

extern "C" {

void wasmrun_ext_limits_default(wasmrun_ext_limits_t* out) {
  const wasmrun::ResourceLimits d;
  *out = {d.max_call_depth, d.max_stack_slots, d.max_memory_pages, d.max_table_entries,
          d.max_gc_bytes};
}

void wasmrun_ext_config_set_limits(wasm_config_t* config, const wasmrun_ext_limits_t* limits) {
  if (config != nullptr && limits != nullptr) config->config.limits = LimitsOf(*limits);
}

void wasmrun_ext_config_set_interruptible(wasm_config_t* config, bool on) {
  if (config != nullptr) config->config.interruptible = on;
}

wasm_store_t* wasmrun_ext_store_new_with_limits(wasm_engine_t* engine,
                                                const wasmrun_ext_limits_t* limits) {
  if (engine == nullptr || limits == nullptr) return nullptr;
  wasmrun::Config c = engine->engine.config();
  c.limits = LimitsOf(*limits);
  return new wasm_store_t(wasmrun::Engine(std::move(c)));
}

bool wasmrun_ext_store_set_fuel(wasm_store_t* store, uint64_t fuel) {
  return store != nullptr && store->store.SetFuel(fuel).ok();
}

uint64_t wasmrun_ext_store_fuel(const wasm_store_t* store) {
  return store->store.fuel();
}

wasmrun_ext_interrupt_handle_t* wasmrun_ext_store_interrupt_handle(const wasm_store_t* store) {
  if (store == nullptr) return nullptr;
  return new wasmrun_ext_interrupt_handle_t{store->store.interrupt_handle()};
}

bool wasmrun_ext_interrupt(const wasmrun_ext_interrupt_handle_t* handle) {
  return handle != nullptr && handle->handle.Interrupt();
}

void wasmrun_ext_interrupt_handle_delete(wasmrun_ext_interrupt_handle_t* handle) {
  delete handle;
}

wasmrun_ext_wasi_config_t* wasmrun_ext_wasi_config_new(void) {
  return new wasmrun_ext_wasi_config_t;
}

void wasmrun_ext_wasi_config_delete(wasmrun_ext_wasi_config_t* config) {
  delete config;
}

void wasmrun_ext_wasi_config_push_arg(wasmrun_ext_wasi_config_t* config, const char* arg) {
  if (config != nullptr && arg != nullptr) config->config.args.emplace_back(arg);
}

void wasmrun_ext_wasi_config_push_env(wasmrun_ext_wasi_config_t* config, const char* entry) {
  if (config != nullptr && entry != nullptr) config->config.env.emplace_back(entry);
}

void wasmrun_ext_wasi_config_preopen_dir(wasmrun_ext_wasi_config_t* config, const char* host_path,
                                         const char* guest_path) {
  if (config == nullptr || host_path == nullptr || guest_path == nullptr) return;
  config->config.preopens.push_back({host_path, guest_path});
}

void wasmrun_ext_wasi_config_set_stdio(wasmrun_ext_wasi_config_t* config, int stdin_fd,
                                       int stdout_fd, int stderr_fd) {
  if (config == nullptr) return;
  config->config.stdin_fd = stdin_fd;
  config->config.stdout_fd = stdout_fd;
  config->config.stderr_fd = stderr_fd;
}

wasm_trap_t* wasmrun_ext_wasi_imports(wasm_store_t* store, const wasm_module_t* module,
                                      const wasmrun_ext_wasi_config_t* config,
                                      wasm_extern_vec_t* out) {
  wasm_extern_vec_new_empty(out);
  if (store == nullptr || module == nullptr || config == nullptr) {
    return wasmh::NewTrap("wasmrun_ext_wasi_imports: null store, module or config");
  }
  // The WASI functions are made in the store by a linker of its own; the module's imports
  // are then looked up in it by name, in order.
  wasmrun::Linker linker(store->store);
  auto ok = linker.DefineWasi(config->config);
  if (!ok) return wasmh::NewTrap(ok.error().ToString());
  const auto imports = module->module.imports();
  std::vector<wasm_extern_t*> list;
  for (const wasmrun::ImportType& i : imports) {
    if (i.type.kind == wasmrun::ExternKind::Tag) continue;  // as wasm_module_imports
    wasm_extern_t* e = nullptr;
    if (i.module == "wasi_snapshot_preview1") {
      if (auto ext = linker.Get(i.module, i.name)) e = wasmh::NewExtern(store, *ext);
    }
    list.push_back(e);
  }
  wasm_extern_vec_new(out, list.size(), list.data());
  return nullptr;
}

bool wasmrun_ext_trap_exit_status(const wasm_trap_t* trap, int32_t* status) {
  if (trap == nullptr || !trap->body->exit_status) return false;
  if (status != nullptr) *status = *trap->body->exit_status;
  return true;
}

}  // extern "C"
