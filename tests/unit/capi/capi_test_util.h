// Helpers shared by the C API's gtest files (capi_*_test.cc).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "wasmrun/wasmrun.h"

namespace capi_test {

// Frees an error at the end of a statement and tells gtest what it said ("" for success).
inline std::string Describe(wasmrun_error_t* e) {
  std::string s = e == nullptr ? "" : wasmrun_error_describe(e);
  wasmrun_error_delete(e);
  return s;
}

inline wasmrun_val_t I32(int32_t v) {
  wasmrun_val_t x;
  std::memset(&x, 0, sizeof x);
  x.kind = WASMRUN_I32;
  x.of.i32 = v;
  return x;
}

}  // namespace capi_test

#define EXPECT_OK(expr) EXPECT_EQ(capi_test::Describe(expr), "")
#define ASSERT_OK(expr) ASSERT_EQ(capi_test::Describe(expr), "")
