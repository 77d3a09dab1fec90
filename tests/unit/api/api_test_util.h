// Helpers shared by the C++ API's gtest files.
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "wasmrun/wasmrun.hpp"

namespace api_test {

// The module of `wat` (the test fails, and a null Module comes back, if it does not compile).
inline wasmrun::Module MustCompile(const wasmrun::Engine& engine, std::string_view wat) {
  auto m = wasmrun::Module::FromWat(engine, wat);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().ToString());
  return m.ok() ? *m : wasmrun::Module();
}

}  // namespace api_test
