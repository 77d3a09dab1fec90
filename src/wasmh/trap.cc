// Traps and their frames.
#include "wasmh/wasmh.h"

namespace wasmh {

wasm_trap_t* NewTrap(std::string message, std::vector<wasm_frame_t> frames) {
  auto body = std::make_shared<TrapBody>();
  body->message = std::move(message);
  body->frames = std::move(frames);
  auto e = std::make_shared<Entity>();
  e->kind = RefKind::Trap;
  return new wasm_trap_t(std::move(e), std::move(body));
}

wasm_trap_t* NewTrap(const wasmrun::Trap& t) {
  std::vector<wasm_frame_t> frames;
  frames.reserve(t.frames.size());
  for (const wasmrun::TrapFrame& f : t.frames) {
    frames.push_back({f.func_index, f.func_offset, f.offset});
  }
  wasm_trap_t* trap = NewTrap(t.message, std::move(frames));
  if (t.is_exit()) {
    auto body = std::make_shared<TrapBody>(*trap->body);
    body->exit_status = t.exit_code;
    trap->body = std::move(body);
  }
  return trap;
}

}  // namespace wasmh

extern "C" {

wasm_trap_t* wasm_trap_new(wasm_store_t*, const wasm_message_t* message) {
  std::string_view m = wasmh::NameOf(message);
  // The message is NUL-terminated; keep what comes before the first NUL.
  if (auto nul = m.find('\0'); nul != std::string_view::npos) m = m.substr(0, nul);
  return wasmh::NewTrap(std::string(m));
}

void wasm_trap_message(const wasm_trap_t* trap, wasm_message_t* out) {
  wasmh::NewName(out, trap->body->message, /*nul=*/true);
}

wasm_frame_t* wasm_trap_origin(const wasm_trap_t* trap) {
  if (trap->body->frames.empty()) return nullptr;
  return new wasm_frame_t(trap->body->frames.front());
}

void wasm_trap_trace(const wasm_trap_t* trap, wasm_frame_vec_t* out) {
  const auto& frames = trap->body->frames;
  wasm_frame_vec_new_uninitialized(out, frames.size());
  for (size_t i = 0; i < out->size; ++i) out->data[i] = new wasm_frame_t(frames[i]);
}

void wasm_frame_delete(wasm_frame_t* f) {
  delete f;
}
wasm_frame_t* wasm_frame_copy(const wasm_frame_t* f) {
  return f == nullptr ? nullptr : new wasm_frame_t(*f);
}
wasm_instance_t* wasm_frame_instance(const wasm_frame_t*) {
  return nullptr;
}
uint32_t wasm_frame_func_index(const wasm_frame_t* f) {
  return f->func_index;
}
size_t wasm_frame_func_offset(const wasm_frame_t* f) {
  return f->func_offset;
}
size_t wasm_frame_module_offset(const wasm_frame_t* f) {
  return f->module_offset;
}

}  // extern "C"
