// The C API (include/wasmrun/wasmrun.h) over the C++ API (include/wasmrun/wasmrun.hpp).
//
// Only the public C++ headers are used, so this layer cannot reach past what embedders of the
// C++ API can do. Every exported function catches every exception: a C caller cannot unwind
// through C++ frames, and bad_alloc is the only one the C++ API can raise.
//
// Runtime-object handles: the C handle structs are byte copies of the trivially copyable C++
// handles (wasmrun::Func and friends), so they are values the C side copies freely, with the
// C++ API's lifetime rule (valid while the store lives). An all-zero C handle is the null
// handle.
#include "capi/internal.h"

using namespace wrcapi;  // NOLINT: the helpers of this layer

namespace {

// ---- Host functions

// A C host function's callback and data; the finalizer runs when the last copy of the C++
// host function (held by the store) is gone.
class HostData {
 public:
  HostData(wasmrun_host_callback_t callback, void* data, wasmrun_finalizer_t finalizer)
      : callback_(callback), data_(data), finalizer_(finalizer) {}
  ~HostData() {
    if (finalizer_ != nullptr) finalizer_(data_);
  }
  HostData(const HostData&) = delete;
  HostData& operator=(const HostData&) = delete;

  wasmrun::Result<void, wasmrun::Trap> Call(wasmrun::Caller& caller,
                                            std::span<const wasmrun::Value> args,
                                            std::span<wasmrun::Value> results) const {
    // Most host functions take a handful of values; those need no allocation.
    constexpr size_t kInline = 16;
    wasmrun_val_t inline_vals[kInline];
    std::vector<wasmrun_val_t> heap_vals;
    wasmrun_val_t* vals = inline_vals;
    if (args.size() + results.size() > kInline) {
      heap_vals.resize(args.size() + results.size());
      vals = heap_vals.data();
    }
    wasmrun_val_t* c_args = vals;
    wasmrun_val_t* c_results = vals + args.size();
    for (size_t i = 0; i < args.size(); ++i) c_args[i] = ToC(args[i]);
    for (size_t i = 0; i < results.size(); ++i) c_results[i] = ToC(results[i]);

    wasmrun_caller_t c_caller{&caller};
    wasmrun_trap_t* trap =
        callback_(data_, &c_caller, c_args, args.size(), c_results, results.size());
    auto r = TakeResults(trap, c_results, results);
    // The parameters' handles were the callback's to use, not to keep (wasmrun_ref_t); the
    // results are converted first, as they may be parameters handed back.
    for (size_t i = 0; i < args.size(); ++i) Release(c_args[i]);
    return r;
  }

 private:
  static wasmrun::Result<void, wasmrun::Trap> TakeResults(wasmrun_trap_t* trap,
                                                          const wasmrun_val_t* c_results,
                                                          std::span<wasmrun::Value> results) {
    if (trap != nullptr) {
      wasmrun::Trap t = std::move(trap->trap);
      delete trap;
      return wasmrun::Fail(std::move(t));
    }
    for (size_t i = 0; i < results.size(); ++i) {
      auto v = ToCpp(c_results[i]);
      // The C++ API checks that each result keeps its type; what cannot even be converted (an
      // unknown kind, a released or forged reference) is reported here.
      if (!v) {
        return wasmrun::Fail(wasmrun::Trap::Host(
            "host function result " + std::to_string(i) +
            " is not a value (an unknown kind, or a reference the API did not hand out)"));
      }
      results[i] = *v;
    }
    return {};
  }

  wasmrun_host_callback_t callback_;
  void* data_;
  wasmrun_finalizer_t finalizer_;
};

// Checks the arguments every define_* call shares.
wasmrun_error_t* CheckDefine(const char* fn, const wasmrun_linker_t* linker, const char* module,
                             const char* name) {
  if (linker == nullptr) return Usage(std::string(fn) + ": linker is NULL");
  if (module == nullptr) return Usage(std::string(fn) + ": module is NULL");
  if (name == nullptr) return Usage(std::string(fn) + ": name is NULL");
  return nullptr;
}

template <class H, class C>
wasmrun_error_t* DefineExtern(const char* fn, wasmrun_linker_t* linker, const char* module,
                              const char* name, const C* handle) {
  return Guard([&]() -> wasmrun_error_t* {
    if (auto* e = CheckDefine(fn, linker, module, name)) return e;
    H h = FromC<H>(handle);
    if (!h.valid()) return Usage(std::string(fn) + ": null handle");
    auto r = linker->linker.Define(module, name, wasmrun::Extern(h));
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

template <class H, class C>
bool GetExport(const wasmrun_instance_t* instance, const char* name, C* out,
               std::optional<H> (wasmrun::Instance::*get)(std::string_view) const) {
  if (out == nullptr) return false;
  std::memset(out, 0, sizeof *out);
  if (name == nullptr) return false;
  return GuardValue(false, [&] {
    auto inst = FromC<wasmrun::Instance>(instance);
    if (!inst.valid()) return false;
    auto h = (inst.*get)(name);
    if (!h) return false;
    *out = ToC<C>(*h);
    return true;
  });
}

}  // namespace

extern "C" {

// ---- Types and values

wasmrun_valtype_t wasmrun_valtype(wasmrun_valkind_t kind) {
  wasmrun_valtype_t t;
  std::memset(&t, 0, sizeof t);
  t.kind = kind;
  t.nullable = HeapOf(kind).has_value();
  return t;
}

wasmrun_val_t wasmrun_val_i31(uint32_t value) {
  return ToC(wasmrun::Value::FromI31(value));
}

bool wasmrun_val_release(const wasmrun_val_t* value) {
  return value != nullptr && GuardValue(false, [&] { return Release(*value); });
}

bool wasmrun_val_clone(const wasmrun_val_t* value, wasmrun_val_t* out) {
  if (value == nullptr || out == nullptr) return false;
  return GuardValue(false, [&] {
    auto v = ToCpp(*value);
    if (!v) return false;
    *out = ToC(*v);
    return true;
  });
}

bool wasmrun_val_i31_get(const wasmrun_val_t* value, int32_t* out) {
  if (value == nullptr || value->kind != WASMRUN_I31REF) return false;
  auto v = ToCpp(*value);
  auto i = v ? v->i31_s() : std::nullopt;
  if (!i) return false;
  if (out != nullptr) *out = *i;
  return true;
}

// ---- Errors

wasmrun_error_kind_t wasmrun_error_kind(const wasmrun_error_t* error) {
  if (error == nullptr) return WASMRUN_ERROR_USAGE;
  if (IsOutOfMemory(error)) return WASMRUN_ERROR_OUT_OF_MEMORY;
  return static_cast<wasmrun_error_kind_t>(error->error.kind);
}

const char* wasmrun_error_message(const wasmrun_error_t* error) {
  return error == nullptr ? "" : error->error.message.c_str();
}

const char* wasmrun_error_describe(const wasmrun_error_t* error) {
  return error == nullptr ? "" : error->described.c_str();
}

bool wasmrun_error_offset(const wasmrun_error_t* error, uint64_t* offset) {
  if (error == nullptr || !error->error.offset) return false;
  if (offset != nullptr) *offset = *error->error.offset;
  return true;
}

const wasmrun_trap_t* wasmrun_error_trap(const wasmrun_error_t* error) {
  return error == nullptr ? nullptr : error->trap.get();
}

void wasmrun_error_delete(wasmrun_error_t* error) {
  if (error == nullptr || IsOutOfMemory(error)) return;
  delete error;
}

// ---- Traps

wasmrun_trap_t* wasmrun_trap_new(const char* message) {
  if (message == nullptr) return nullptr;
  return GuardValue<wasmrun_trap_t*>(
      nullptr, [&] { return new wasmrun_trap_t{wasmrun::Trap::Host(message)}; });
}

wasmrun_trap_t* wasmrun_trap_new_exit(int32_t status) {
  return GuardValue<wasmrun_trap_t*>(
      nullptr, [&] { return new wasmrun_trap_t{wasmrun::Trap::ExitWith(status)}; });
}

void wasmrun_trap_delete(wasmrun_trap_t* trap) {
  delete trap;
}

wasmrun_trap_kind_t wasmrun_trap_kind(const wasmrun_trap_t* trap) {
  if (trap == nullptr) return WASMRUN_TRAP_HOST_ERROR;
  return static_cast<wasmrun_trap_kind_t>(trap->trap.kind);
}

const char* wasmrun_trap_message(const wasmrun_trap_t* trap) {
  return trap == nullptr ? "" : trap->trap.message.c_str();
}

bool wasmrun_trap_exit_code(const wasmrun_trap_t* trap, int32_t* code) {
  if (trap == nullptr || !trap->trap.is_exit()) return false;
  if (code != nullptr) *code = trap->trap.exit_code;
  return true;
}

size_t wasmrun_trap_frame_count(const wasmrun_trap_t* trap) {
  return trap == nullptr ? 0 : trap->trap.frames.size();
}

bool wasmrun_trap_frame(const wasmrun_trap_t* trap, size_t index, wasmrun_frame_t* frame) {
  if (trap == nullptr || frame == nullptr || index >= trap->trap.frames.size()) return false;
  const wasmrun::TrapFrame& f = trap->trap.frames[index];
  frame->func_index = f.func_index;
  frame->func_name = f.func_name.c_str();
  frame->offset = f.offset;
  return true;
}

// ---- Engine

void wasmrun_config_init(wasmrun_config_t* config) {
  if (config != nullptr) *config = ToC(wasmrun::Config());
}

wasmrun_engine_t* wasmrun_engine_new(const wasmrun_config_t* config) {
  return GuardValue<wasmrun_engine_t*>(nullptr, [&] {
    return new wasmrun_engine_t{
        wasmrun::Engine(config != nullptr ? ToCpp(*config) : wasmrun::Config())};
  });
}

bool wasmrun_engine_config(const wasmrun_engine_t* engine, wasmrun_config_t* config) {
  if (engine == nullptr || config == nullptr) return false;
  *config = ToC(engine->engine.config());
  return true;
}

void wasmrun_engine_delete(wasmrun_engine_t* engine) {
  delete engine;
}

// ---- Modules

wasmrun_error_t* wasmrun_module_new(const wasmrun_engine_t* engine, const uint8_t* bytes,
                                    size_t size, wasmrun_module_t** out) {
  return Guard([&]() -> wasmrun_error_t* {
    if (out == nullptr) return Usage("wasmrun_module_new: out is NULL");
    *out = nullptr;
    if (engine == nullptr) return Usage("wasmrun_module_new: engine is NULL");
    if (bytes == nullptr && size != 0) return Usage("wasmrun_module_new: bytes is NULL");
    static constexpr uint8_t kNone[1] = {0};
    std::span<const uint8_t> span(bytes != nullptr ? bytes : kNone, size);
    return NewModule(wasmrun::Module::FromBinary(engine->engine, span), out);
  });
}

wasmrun_error_t* wasmrun_module_from_wat(const wasmrun_engine_t* engine, const char* text,
                                         size_t size, wasmrun_module_t** out) {
  return Guard([&]() -> wasmrun_error_t* {
    if (out == nullptr) return Usage("wasmrun_module_from_wat: out is NULL");
    *out = nullptr;
    if (engine == nullptr) return Usage("wasmrun_module_from_wat: engine is NULL");
    if (text == nullptr && size != 0) return Usage("wasmrun_module_from_wat: text is NULL");
    std::string_view view = text != nullptr ? std::string_view(text, size) : std::string_view();
    return NewModule(wasmrun::Module::FromWat(engine->engine, view), out);
  });
}

wasmrun_error_t* wasmrun_module_from_file(const wasmrun_engine_t* engine, const char* path,
                                          wasmrun_module_t** out) {
  return Guard([&]() -> wasmrun_error_t* {
    if (out == nullptr) return Usage("wasmrun_module_from_file: out is NULL");
    *out = nullptr;
    if (engine == nullptr) return Usage("wasmrun_module_from_file: engine is NULL");
    if (path == nullptr) return Usage("wasmrun_module_from_file: path is NULL");
    return NewModule(wasmrun::Module::FromFile(engine->engine, path), out);
  });
}

void wasmrun_module_delete(wasmrun_module_t* module) {
  delete module;
}

const char* wasmrun_module_name(const wasmrun_module_t* module) {
  return module == nullptr ? "" : module->name.c_str();
}

size_t wasmrun_module_import_count(const wasmrun_module_t* module) {
  return module == nullptr ? 0 : module->imports.size();
}

bool wasmrun_module_import(const wasmrun_module_t* module, size_t index, wasmrun_import_t* out) {
  if (module == nullptr || out == nullptr || index >= module->imports.size()) return false;
  const wasmrun::ImportType& i = module->imports[index];
  out->module = i.module.c_str();
  out->name = i.name.c_str();
  out->type = ToC(i.type, module->import_kinds[index]);
  return true;
}

size_t wasmrun_module_export_count(const wasmrun_module_t* module) {
  return module == nullptr ? 0 : module->exports.size();
}

bool wasmrun_module_export(const wasmrun_module_t* module, size_t index, wasmrun_export_t* out) {
  if (module == nullptr || out == nullptr || index >= module->exports.size()) return false;
  const wasmrun::ExportType& e = module->exports[index];
  out->name = e.name.c_str();
  out->type = ToC(e.type, module->export_kinds[index]);
  return true;
}

// ---- Stores

wasmrun_store_t* wasmrun_store_new(const wasmrun_engine_t* engine) {
  if (engine == nullptr) return nullptr;
  return GuardValue<wasmrun_store_t*>(
      nullptr, [&] { return new wasmrun_store_t{wasmrun::Store(engine->engine)}; });
}

void wasmrun_store_delete(wasmrun_store_t* store) {
  delete store;
}

wasmrun_error_t* wasmrun_store_set_fuel(wasmrun_store_t* store, uint64_t fuel) {
  if (store == nullptr) return Usage("wasmrun_store_set_fuel: store is NULL");
  auto r = store->store.SetFuel(fuel);
  if (!r) return MakeError(std::move(r).error());
  return nullptr;
}

wasmrun_error_t* wasmrun_store_drop_instance(wasmrun_store_t* store,
                                             const wasmrun_instance_t* instance) {
  if (store == nullptr) return Usage("wasmrun_store_drop_instance: store is NULL");
  auto r = store->store.DropInstance(FromC<wasmrun::Instance>(instance));
  if (!r) return MakeError(std::move(r).error());
  return nullptr;
}

uint64_t wasmrun_store_fuel(const wasmrun_store_t* store) {
  return store == nullptr ? 0 : store->store.fuel();
}

void wasmrun_store_set_data(wasmrun_store_t* store, void* data) {
  if (store != nullptr) store->store.SetData(data);
}

void* wasmrun_store_data(const wasmrun_store_t* store) {
  return store == nullptr ? nullptr : store->store.data();
}

void wasmrun_linker_allow_shadowing(wasmrun_linker_t* linker, bool allow) {
  if (linker != nullptr) linker->linker.AllowShadowing(allow);
}

wasmrun_interrupt_handle_t* wasmrun_store_interrupt_handle(const wasmrun_store_t* store) {
  if (store == nullptr) return nullptr;
  return GuardValue<wasmrun_interrupt_handle_t*>(
      nullptr, [&] { return new wasmrun_interrupt_handle_t{store->store.interrupt_handle()}; });
}

bool wasmrun_interrupt_handle_interrupt(const wasmrun_interrupt_handle_t* handle) {
  return handle != nullptr && handle->handle.Interrupt();
}

void wasmrun_interrupt_handle_delete(wasmrun_interrupt_handle_t* handle) {
  delete handle;
}

// ---- Linking

wasmrun_linker_t* wasmrun_linker_new(wasmrun_store_t* store) {
  if (store == nullptr) return nullptr;
  return GuardValue<wasmrun_linker_t*>(
      nullptr, [&] { return new wasmrun_linker_t{wasmrun::Linker(store->store)}; });
}

void wasmrun_linker_delete(wasmrun_linker_t* linker) {
  delete linker;
}

wasmrun_error_t* wasmrun_linker_define_host(wasmrun_linker_t* linker, const char* module,
                                            const char* name, const wasmrun_valtype_t* params,
                                            size_t num_params, const wasmrun_valtype_t* results,
                                            size_t num_results, wasmrun_host_callback_t callback,
                                            void* data, wasmrun_finalizer_t finalizer,
                                            wasmrun_func_t* out) {
  if (out != nullptr) std::memset(out, 0, sizeof *out);
  // Owning `data` first means every return below, error or not, settles the finalizer: it
  // runs here when the last reference goes, which is the store's when definition succeeds.
  std::shared_ptr<HostData> host;
  try {
    host = std::make_shared<HostData>(callback, data, finalizer);
  } catch (...) {
    if (finalizer != nullptr) finalizer(data);
    return OutOfMemory();
  }
  return Guard([&]() -> wasmrun_error_t* {
    const char* fn = "wasmrun_linker_define_host";
    if (auto* e = CheckDefine(fn, linker, module, name)) return e;
    if (callback == nullptr) return Usage(std::string(fn) + ": callback is NULL");
    if (params == nullptr && num_params != 0) return Usage(std::string(fn) + ": params is NULL");
    if (results == nullptr && num_results != 0) {
      return Usage(std::string(fn) + ": results is NULL");
    }
    wasmrun::FuncType type;
    for (size_t i = 0; i < num_params; ++i) {
      auto t = ToCpp(params[i]);
      if (!t)
        return Usage(std::string(fn) + ": parameter " + std::to_string(i) +
                     ": unknown kind or a concrete type");
      type.params.push_back(*t);
    }
    for (size_t i = 0; i < num_results; ++i) {
      auto t = ToCpp(results[i]);
      if (!t)
        return Usage(std::string(fn) + ": result " + std::to_string(i) +
                     ": unknown kind or a concrete type");
      type.results.push_back(*t);
    }
    wasmrun::Func f = linker->linker.DefineFunc(
        module, name, std::move(type),
        [host](wasmrun::Caller& caller, std::span<const wasmrun::Value> args,
               std::span<wasmrun::Value> res) -> wasmrun::Result<void, wasmrun::Trap> {
          try {
            return host->Call(caller, args, res);
          } catch (...) {
            // Only allocation can fail here; a trap without a message needs none.
            wasmrun::Trap t;
            t.kind = TrapKind::HostError;
            return wasmrun::Fail(std::move(t));
          }
        });
    if (!f.valid()) {
      // Types were checked above: the name is taken.
      return Usage(std::string("wasmrun_linker_define_host: \"") + module + "\" \"" + name +
                   "\" is already defined (wasmrun_linker_allow_shadowing allows replacing it)");
    }
    if (out != nullptr) *out = ToC<wasmrun_func_t>(f);
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_linker_define_func(wasmrun_linker_t* linker, const char* module,
                                            const char* name, const wasmrun_func_t* func) {
  return DefineExtern<wasmrun::Func>("wasmrun_linker_define_func", linker, module, name, func);
}

wasmrun_error_t* wasmrun_linker_define_memory(wasmrun_linker_t* linker, const char* module,
                                              const char* name, const wasmrun_memory_t* memory) {
  return DefineExtern<wasmrun::Memory>("wasmrun_linker_define_memory", linker, module, name,
                                       memory);
}

wasmrun_error_t* wasmrun_linker_define_global(wasmrun_linker_t* linker, const char* module,
                                              const char* name, const wasmrun_global_t* global) {
  return DefineExtern<wasmrun::Global>("wasmrun_linker_define_global", linker, module, name,
                                       global);
}

wasmrun_error_t* wasmrun_linker_define_table(wasmrun_linker_t* linker, const char* module,
                                             const char* name, const wasmrun_table_t* table) {
  return DefineExtern<wasmrun::Table>("wasmrun_linker_define_table", linker, module, name, table);
}

wasmrun_error_t* wasmrun_linker_define_tag(wasmrun_linker_t* linker, const char* module,
                                           const char* name, const wasmrun_tag_t* tag) {
  return DefineExtern<wasmrun::Tag>("wasmrun_linker_define_tag", linker, module, name, tag);
}

wasmrun_error_t* wasmrun_linker_define_instance(wasmrun_linker_t* linker, const char* module,
                                                const wasmrun_instance_t* instance) {
  return Guard([&]() -> wasmrun_error_t* {
    const char* fn = "wasmrun_linker_define_instance";
    if (linker == nullptr) return Usage(std::string(fn) + ": linker is NULL");
    if (module == nullptr) return Usage(std::string(fn) + ": module is NULL");
    auto inst = FromC<wasmrun::Instance>(instance);
    if (!inst.valid()) return Usage(std::string(fn) + ": null instance");
    auto r = linker->linker.DefineInstance(module, inst);
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_linker_define_wasi(wasmrun_linker_t* linker,
                                            const wasmrun_wasi_config_t* config) {
  return Guard([&]() -> wasmrun_error_t* {
    if (linker == nullptr) return Usage("wasmrun_linker_define_wasi: linker is NULL");
    auto r = linker->linker.DefineWasi(config != nullptr ? config->config : wasmrun::WasiConfig());
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_linker_instantiate(const wasmrun_linker_t* linker,
                                            const wasmrun_module_t* module,
                                            wasmrun_instance_t* out) {
  return Guard([&]() -> wasmrun_error_t* {
    if (out == nullptr) return Usage("wasmrun_linker_instantiate: out is NULL");
    std::memset(out, 0, sizeof *out);
    if (linker == nullptr) return Usage("wasmrun_linker_instantiate: linker is NULL");
    if (module == nullptr) return Usage("wasmrun_linker_instantiate: module is NULL");
    auto r = linker->linker.Instantiate(module->module);
    if (!r) return MakeError(std::move(r).error());
    *out = ToC<wasmrun_instance_t>(*r);
    return nullptr;
  });
}

// ---- WASI configuration

wasmrun_wasi_config_t* wasmrun_wasi_config_new(void) {
  return GuardValue<wasmrun_wasi_config_t*>(nullptr, [] { return new wasmrun_wasi_config_t(); });
}

void wasmrun_wasi_config_delete(wasmrun_wasi_config_t* config) {
  delete config;
}

wasmrun_error_t* wasmrun_wasi_config_push_arg(wasmrun_wasi_config_t* config, const char* arg) {
  return Guard([&]() -> wasmrun_error_t* {
    if (config == nullptr) return Usage("wasmrun_wasi_config_push_arg: config is NULL");
    if (arg == nullptr) return Usage("wasmrun_wasi_config_push_arg: arg is NULL");
    config->config.args.emplace_back(arg);
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_wasi_config_push_env(wasmrun_wasi_config_t* config, const char* entry) {
  return Guard([&]() -> wasmrun_error_t* {
    if (config == nullptr) return Usage("wasmrun_wasi_config_push_env: config is NULL");
    if (entry == nullptr) return Usage("wasmrun_wasi_config_push_env: entry is NULL");
    config->config.env.emplace_back(entry);
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_wasi_config_preopen_dir(wasmrun_wasi_config_t* config,
                                                 const char* host_path, const char* guest_path) {
  return Guard([&]() -> wasmrun_error_t* {
    const char* fn = "wasmrun_wasi_config_preopen_dir";
    if (config == nullptr) return Usage(std::string(fn) + ": config is NULL");
    if (host_path == nullptr) return Usage(std::string(fn) + ": host_path is NULL");
    if (guest_path == nullptr) return Usage(std::string(fn) + ": guest_path is NULL");
    config->config.preopens.push_back({host_path, guest_path});
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_wasi_config_set_stdio(wasmrun_wasi_config_t* config, int stdin_fd,
                                               int stdout_fd, int stderr_fd) {
  if (config == nullptr) return Usage("wasmrun_wasi_config_set_stdio: config is NULL");
  config->config.stdin_fd = stdin_fd;
  config->config.stdout_fd = stdout_fd;
  config->config.stderr_fd = stderr_fd;
  return nullptr;
}

// ---- Instances

bool wasmrun_instance_get_func(const wasmrun_instance_t* instance, const char* name,
                               wasmrun_func_t* out) {
  return GetExport<wasmrun::Func>(instance, name, out, &wasmrun::Instance::GetFunc);
}

bool wasmrun_instance_get_memory(const wasmrun_instance_t* instance, const char* name,
                                 wasmrun_memory_t* out) {
  return GetExport<wasmrun::Memory>(instance, name, out, &wasmrun::Instance::GetMemory);
}

bool wasmrun_instance_get_global(const wasmrun_instance_t* instance, const char* name,
                                 wasmrun_global_t* out) {
  return GetExport<wasmrun::Global>(instance, name, out, &wasmrun::Instance::GetGlobal);
}

bool wasmrun_instance_get_table(const wasmrun_instance_t* instance, const char* name,
                                wasmrun_table_t* out) {
  return GetExport<wasmrun::Table>(instance, name, out, &wasmrun::Instance::GetTable);
}

bool wasmrun_instance_memory(const wasmrun_instance_t* instance, wasmrun_memory_t* out) {
  if (out == nullptr) return false;
  std::memset(out, 0, sizeof *out);
  auto inst = FromC<wasmrun::Instance>(instance);
  if (!inst.valid()) return false;
  auto m = inst.memory();
  if (!m) return false;
  *out = ToC<wasmrun_memory_t>(*m);
  return true;
}

// ---- Memories

uint8_t* wasmrun_memory_data(const wasmrun_memory_t* memory) {
  auto m = FromC<wasmrun::Memory>(memory);
  return m.valid() ? m.data() : nullptr;
}

uint64_t wasmrun_memory_size(const wasmrun_memory_t* memory) {
  auto m = FromC<wasmrun::Memory>(memory);
  return m.valid() ? m.size() : 0;
}

uint64_t wasmrun_memory_pages(const wasmrun_memory_t* memory) {
  auto m = FromC<wasmrun::Memory>(memory);
  return m.valid() ? m.pages() : 0;
}

wasmrun_error_t* wasmrun_memory_grow(const wasmrun_memory_t* memory, uint64_t delta,
                                     uint64_t* old_pages) {
  return Guard([&]() -> wasmrun_error_t* {
    auto m = FromC<wasmrun::Memory>(memory);
    if (!m.valid()) return Usage("wasmrun_memory_grow: memory is NULL or a null handle");
    auto r = m.Grow(delta);
    if (!r) return MakeError(std::move(r).error());
    if (old_pages != nullptr) *old_pages = *r;
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_memory_read(const wasmrun_memory_t* memory, uint64_t offset, void* out,
                                     size_t size) {
  return Guard([&]() -> wasmrun_error_t* {
    auto m = FromC<wasmrun::Memory>(memory);
    if (!m.valid()) return Usage("wasmrun_memory_read: memory is NULL or a null handle");
    if (out == nullptr && size != 0) return Usage("wasmrun_memory_read: out is NULL");
    if (size == 0) return nullptr;
    auto r = m.Read(offset, std::span<uint8_t>(static_cast<uint8_t*>(out), size));
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_memory_write(const wasmrun_memory_t* memory, uint64_t offset,
                                      const void* in, size_t size) {
  return Guard([&]() -> wasmrun_error_t* {
    auto m = FromC<wasmrun::Memory>(memory);
    if (!m.valid()) return Usage("wasmrun_memory_write: memory is NULL or a null handle");
    if (in == nullptr && size != 0) return Usage("wasmrun_memory_write: in is NULL");
    if (size == 0) return nullptr;
    auto r = m.Write(offset, std::span<const uint8_t>(static_cast<const uint8_t*>(in), size));
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

// ---- Globals

wasmrun_error_t* wasmrun_global_type(const wasmrun_global_t* global, wasmrun_valtype_t* type,
                                     bool* is_mutable) {
  return Guard([&]() -> wasmrun_error_t* {
    auto g = FromC<wasmrun::Global>(global);
    if (!g.valid()) return Usage("wasmrun_global_type: global is NULL or a null handle");
    wasmrun::GlobalType t = g.type();
    if (type != nullptr) *type = ToC(t.type);
    if (is_mutable != nullptr) *is_mutable = t.mut;
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_global_new(wasmrun_store_t* store, wasmrun_valtype_t type, bool is_mutable,
                                    const wasmrun_val_t* init, wasmrun_global_t* out) {
  if (out != nullptr) std::memset(out, 0, sizeof *out);
  return Guard([&]() -> wasmrun_error_t* {
    if (store == nullptr || init == nullptr || out == nullptr) {
      return Usage("wasmrun_global_new: store, init or out is NULL");
    }
    auto t = ToCpp(type);
    if (!t) return Usage("wasmrun_global_new: unknown kind or a concrete type");
    auto v = ToCpp(*init);
    if (!v) return Usage("wasmrun_global_new: init has no kind");
    auto g = wasmrun::Global::New(store->store, {*t, is_mutable}, *v);
    if (!g) return MakeError(std::move(g).error());
    *out = ToC<wasmrun_global_t>(*g);
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_global_get(const wasmrun_global_t* global, wasmrun_val_t* out) {
  return Guard([&]() -> wasmrun_error_t* {
    auto g = FromC<wasmrun::Global>(global);
    if (!g.valid()) return Usage("wasmrun_global_get: global is NULL or a null handle");
    if (out == nullptr) return Usage("wasmrun_global_get: out is NULL");
    *out = ToC(g.Get());
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_global_set(const wasmrun_global_t* global, const wasmrun_val_t* value) {
  return Guard([&]() -> wasmrun_error_t* {
    auto g = FromC<wasmrun::Global>(global);
    if (!g.valid()) return Usage("wasmrun_global_set: global is NULL or a null handle");
    if (value == nullptr) return Usage("wasmrun_global_set: value is NULL");
    auto v = ToCpp(*value);
    if (!v) return Usage("wasmrun_global_set: the value has no kind");
    auto r = g.Set(*v);
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

// ---- Tables

uint64_t wasmrun_table_size(const wasmrun_table_t* table) {
  auto t = FromC<wasmrun::Table>(table);
  return t.valid() ? t.size() : 0;
}

wasmrun_error_t* wasmrun_table_get(const wasmrun_table_t* table, uint64_t index,
                                   wasmrun_val_t* out) {
  return Guard([&]() -> wasmrun_error_t* {
    auto t = FromC<wasmrun::Table>(table);
    if (!t.valid()) return Usage("wasmrun_table_get: table is NULL or a null handle");
    if (out == nullptr) return Usage("wasmrun_table_get: out is NULL");
    auto r = t.Get(index);
    if (!r) return MakeError(std::move(r).error());
    *out = ToC(*r);
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_table_set(const wasmrun_table_t* table, uint64_t index,
                                   const wasmrun_val_t* value) {
  return Guard([&]() -> wasmrun_error_t* {
    auto t = FromC<wasmrun::Table>(table);
    if (!t.valid()) return Usage("wasmrun_table_set: table is NULL or a null handle");
    if (value == nullptr) return Usage("wasmrun_table_set: value is NULL");
    auto v = ToCpp(*value);
    if (!v) return Usage("wasmrun_table_set: the value has no kind");
    auto r = t.Set(index, *v);
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_table_grow(const wasmrun_table_t* table, uint64_t delta,
                                    const wasmrun_val_t* init, uint64_t* old_size) {
  return Guard([&]() -> wasmrun_error_t* {
    auto t = FromC<wasmrun::Table>(table);
    if (!t.valid()) return Usage("wasmrun_table_grow: table is NULL or a null handle");
    if (init == nullptr) return Usage("wasmrun_table_grow: init is NULL");
    auto v = ToCpp(*init);
    if (!v) return Usage("wasmrun_table_grow: the value has no kind");
    auto r = t.Grow(delta, *v);
    if (!r) return MakeError(std::move(r).error());
    if (old_size != nullptr) *old_size = *r;
    return nullptr;
  });
}

// ---- Tags

wasmrun_error_t* wasmrun_tag_new(wasmrun_store_t* store, const wasmrun_valtype_t* params,
                                 size_t num_params, wasmrun_tag_t* out) {
  if (out != nullptr) std::memset(out, 0, sizeof *out);
  return Guard([&]() -> wasmrun_error_t* {
    if (store == nullptr || out == nullptr) return Usage("wasmrun_tag_new: store or out is NULL");
    if (params == nullptr && num_params != 0) return Usage("wasmrun_tag_new: params is NULL");
    std::vector<ValType> types;
    for (size_t i = 0; i < num_params; ++i) {
      auto t = ToCpp(params[i]);
      if (!t) return Usage("wasmrun_tag_new: unknown kind or a concrete type");
      types.push_back(*t);
    }
    auto tag = wasmrun::Tag::New(store->store, std::move(types));
    if (!tag) return MakeError(std::move(tag).error());
    *out = ToC<wasmrun_tag_t>(*tag);
    return nullptr;
  });
}

}  // extern "C"
