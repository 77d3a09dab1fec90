// Helpers for the wasm.h unit tests: modules from the text format, and RAII for the C objects.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/wat.h"
#include "wasm.h"

namespace wasmh_test {

// The binary of a text module (the test fails if it does not parse).
inline std::vector<uint8_t> Wat(std::string_view text) {
  auto bytes = wr::text::ParseWat(text);
  EXPECT_TRUE(bytes.has_value()) << (bytes.has_value() ? "" : bytes.error().message);
  return bytes.has_value() ? *bytes : std::vector<uint8_t>{};
}

// A borrowed byte vector over `bytes`.
inline wasm_byte_vec_t View(const std::vector<uint8_t>& bytes) {
  return {bytes.size(), reinterpret_cast<wasm_byte_t*>(const_cast<uint8_t*>(bytes.data()))};
}

inline wasm_module_t* Compile(wasm_store_t* store, std::string_view text) {
  auto bytes = Wat(text);
  wasm_byte_vec_t v = View(bytes);
  return wasm_module_new(store, &v);
}

// An engine and a store, deleted in the right order.
struct Env {
  Env() : engine(wasm_engine_new()), store(wasm_store_new(engine)) {}
  ~Env() {
    if (store != nullptr) wasm_store_delete(store);
    wasm_engine_delete(engine);
  }
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;
  wasm_engine_t* engine;
  wasm_store_t* store;
};

inline std::string Message(const wasm_trap_t* trap) {
  wasm_message_t m;
  wasm_trap_message(trap, &m);
  std::string s(m.data, m.size);
  wasm_byte_vec_delete(&m);
  if (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

}  // namespace wasmh_test
