// The C API's WASI extras for hosts (read-only preopens, in-memory stdio, preview 0) and module
// custom sections: include/wasmrun/wasmrun.h over the C++ API, as capi.cc.
#include <algorithm>
#include <cstring>

#include "capi/internal.h"

using namespace wrcapi;  // NOLINT: the helpers of this layer

namespace {

wasmrun_error_t* CheckOutputFd(const char* fn, const wasmrun_wasi_config_t* config, int guest_fd) {
  if (config == nullptr) return Usage(std::string(fn) + ": config is NULL");
  if (guest_fd != 1 && guest_fd != 2) return Usage(std::string(fn) + ": guest_fd must be 1 or 2");
  return nullptr;
}

}  // namespace

extern "C" {

// ---- Module custom sections

size_t wasmrun_module_custom_section_count(const wasmrun_module_t* module, const char* name) {
  if (module == nullptr || name == nullptr) return 0;
  return GuardValue<size_t>(0, [&] { return module->module.custom_sections(name).size(); });
}

bool wasmrun_module_custom_section(const wasmrun_module_t* module, const char* name, size_t index,
                                   const uint8_t** data, size_t* size) {
  if (data != nullptr) *data = nullptr;
  if (size != nullptr) *size = 0;
  if (module == nullptr || name == nullptr || data == nullptr || size == nullptr) return false;
  return GuardValue<bool>(false, [&] {
    const auto sections = module->module.custom_sections(name);
    if (index >= sections.size()) return false;
    *data = sections[index].data();
    *size = sections[index].size();
    return true;
  });
}

// ---- WASI: read-only preopens, in-memory stdio, preview 0

wasmrun_error_t* wasmrun_wasi_config_preopen_dir_read_only(wasmrun_wasi_config_t* config,
                                                           const char* host_path,
                                                           const char* guest_path) {
  return Guard([&]() -> wasmrun_error_t* {
    const char* fn = "wasmrun_wasi_config_preopen_dir_read_only";
    if (config == nullptr) return Usage(std::string(fn) + ": config is NULL");
    if (host_path == nullptr) return Usage(std::string(fn) + ": host_path is NULL");
    if (guest_path == nullptr) return Usage(std::string(fn) + ": guest_path is NULL");
    config->config.preopens.push_back({host_path, guest_path, true});
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_wasi_config_set_stdin_bytes(wasmrun_wasi_config_t* config,
                                                     const uint8_t* data, size_t size) {
  return Guard([&]() -> wasmrun_error_t* {
    if (config == nullptr) return Usage("wasmrun_wasi_config_set_stdin_bytes: config is NULL");
    if (data == nullptr && size != 0) {
      return Usage("wasmrun_wasi_config_set_stdin_bytes: data is NULL");
    }
    config->config.stdin_bytes.emplace(data, data + size);
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_wasi_config_set_preview0(wasmrun_wasi_config_t* config, bool on) {
  if (config == nullptr) return Usage("wasmrun_wasi_config_set_preview0: config is NULL");
  config->config.preview0 = on;
  return nullptr;
}

wasmrun_wasi_output_t* wasmrun_wasi_output_new(size_t limit) {
  return GuardValue<wasmrun_wasi_output_t*>(
      nullptr, [&] { return new wasmrun_wasi_output_t{wasmrun::WasiOutputBuffer(limit)}; });
}

void wasmrun_wasi_output_delete(wasmrun_wasi_output_t* output) {
  delete output;
}

size_t wasmrun_wasi_output_size(const wasmrun_wasi_output_t* output) {
  return output == nullptr ? 0 : output->buffer.size();
}

size_t wasmrun_wasi_output_copy(const wasmrun_wasi_output_t* output, uint8_t* buf,
                                size_t capacity) {
  if (output == nullptr || (buf == nullptr && capacity != 0)) return 0;
  return GuardValue<size_t>(0, [&] {
    const std::vector<uint8_t> bytes = output->buffer.contents();
    const size_t n = std::min(bytes.size(), capacity);
    if (n != 0) std::memcpy(buf, bytes.data(), n);
    return n;
  });
}

bool wasmrun_wasi_output_truncated(const wasmrun_wasi_output_t* output) {
  return output != nullptr && output->buffer.truncated();
}

void wasmrun_wasi_output_clear(wasmrun_wasi_output_t* output) {
  if (output != nullptr) output->buffer.Clear();
}

wasmrun_error_t* wasmrun_wasi_config_set_output_buffer(wasmrun_wasi_config_t* config, int guest_fd,
                                                       const wasmrun_wasi_output_t* output) {
  return Guard([&]() -> wasmrun_error_t* {
    const char* fn = "wasmrun_wasi_config_set_output_buffer";
    if (wasmrun_error_t* e = CheckOutputFd(fn, config, guest_fd)) return e;
    if (output == nullptr) return Usage(std::string(fn) + ": output is NULL");
    (guest_fd == 1 ? config->config.stdout_buffer : config->config.stderr_buffer) = output->buffer;
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_wasi_config_set_output_callback(wasmrun_wasi_config_t* config,
                                                         int guest_fd,
                                                         wasmrun_wasi_write_callback_t callback,
                                                         void* env) {
  return Guard([&]() -> wasmrun_error_t* {
    const char* fn = "wasmrun_wasi_config_set_output_callback";
    if (wasmrun_error_t* e = CheckOutputFd(fn, config, guest_fd)) return e;
    if (callback == nullptr) return Usage(std::string(fn) + ": callback is NULL");
    (guest_fd == 1 ? config->config.stdout_callback : config->config.stderr_callback) =
        [callback, env](std::span<const uint8_t> data) { callback(env, data.data(), data.size()); };
    return nullptr;
  });
}

}  // extern "C"
