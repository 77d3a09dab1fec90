// wasmrun's extensions for wasm.h users (include/wasmrun/wasm_ext.h): limits, fuel,
// interruption and WASI imports.
#include <algorithm>
#include <cstring>

#include "wasmh/wasmh.h"
#include "wasmrun/wasm_ext.h"

struct wasmrun_ext_interrupt_handle_t {
  wasmrun::InterruptHandle handle;
};

struct wasmrun_ext_wasi_config_t {
  wasmrun::WasiConfig config;
};

struct wasmrun_ext_wasi_output_t {
  wasmrun::WasiOutputBuffer buffer;
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

wasm_trap_t* wasmrun_ext_instance_drop(wasm_instance_t* instance) {
  if (instance == nullptr || instance->store == nullptr || instance->entity == nullptr) {
    return wasmh::NewTrap("wasmrun_ext_instance_drop: null instance");
  }
  auto ok = instance->store->store.DropInstance(instance->entity->instance);
  if (!ok) return wasmh::NewTrap(ok.error().ToString());
  return nullptr;
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

void wasmrun_ext_wasi_config_preopen_dir_read_only(wasmrun_ext_wasi_config_t* config,
                                                   const char* host_path, const char* guest_path) {
  if (config == nullptr || host_path == nullptr || guest_path == nullptr) return;
  config->config.preopens.push_back({host_path, guest_path, true});
}

void wasmrun_ext_wasi_config_set_stdin_bytes(wasmrun_ext_wasi_config_t* config, const uint8_t* data,
                                             size_t size) {
  if (config == nullptr || (data == nullptr && size != 0)) return;
  config->config.stdin_bytes.emplace(data, data + size);
}

wasmrun_ext_wasi_output_t* wasmrun_ext_wasi_output_new(size_t limit) {
  return new wasmrun_ext_wasi_output_t{wasmrun::WasiOutputBuffer(limit)};
}

void wasmrun_ext_wasi_output_delete(wasmrun_ext_wasi_output_t* output) {
  delete output;
}

size_t wasmrun_ext_wasi_output_size(const wasmrun_ext_wasi_output_t* output) {
  return output == nullptr ? 0 : output->buffer.size();
}

size_t wasmrun_ext_wasi_output_copy(const wasmrun_ext_wasi_output_t* output, uint8_t* buf,
                                    size_t capacity) {
  if (output == nullptr || (buf == nullptr && capacity != 0)) return 0;
  const std::vector<uint8_t> bytes = output->buffer.contents();
  const size_t n = std::min(bytes.size(), capacity);
  if (n != 0) std::memcpy(buf, bytes.data(), n);
  return n;
}

bool wasmrun_ext_wasi_output_truncated(const wasmrun_ext_wasi_output_t* output) {
  return output != nullptr && output->buffer.truncated();
}

void wasmrun_ext_wasi_output_clear(wasmrun_ext_wasi_output_t* output) {
  if (output != nullptr) output->buffer.Clear();
}

bool wasmrun_ext_wasi_config_set_output_buffer(wasmrun_ext_wasi_config_t* config, int guest_fd,
                                               const wasmrun_ext_wasi_output_t* output) {
  if (config == nullptr || output == nullptr || (guest_fd != 1 && guest_fd != 2)) return false;
  (guest_fd == 1 ? config->config.stdout_buffer : config->config.stderr_buffer) = output->buffer;
  return true;
}

bool wasmrun_ext_wasi_config_set_output_callback(wasmrun_ext_wasi_config_t* config, int guest_fd,
                                                 wasmrun_ext_wasi_write_callback_t callback,
                                                 void* env) {
  if (config == nullptr || callback == nullptr || (guest_fd != 1 && guest_fd != 2)) return false;
  (guest_fd == 1 ? config->config.stdout_callback : config->config.stderr_callback) =
      [callback, env](std::span<const uint8_t> data) { callback(env, data.data(), data.size()); };
  return true;
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
  const auto imports = module->module.imports();
  wasmrun::WasiConfig wasi = config->config;
  wasi.preview0 = std::any_of(imports.begin(), imports.end(), [](const wasmrun::ImportType& i) {
    return i.module == "wasi_unstable";
  });
  wasmrun::Linker linker(store->store);
  auto ok = linker.DefineWasi(wasi);
  if (!ok) return wasmh::NewTrap(ok.error().ToString());
  std::vector<wasm_extern_t*> list;
  for (const wasmrun::ImportType& i : imports) {
    if (i.type.kind == wasmrun::ExternKind::Tag) continue;  // as wasm_module_imports
    wasm_extern_t* e = nullptr;
    if (i.module == "wasi_snapshot_preview1" || i.module == "wasi_unstable") {
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
