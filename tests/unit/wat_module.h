// Shared by the unit tests: a WAT module through the real text parser and binary decoder,
// each failure reported as a test failure.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string_view>
#include <utility>

#include "binary/reader.h"
#include "ir/module.h"
#include "text/wat.h"

namespace wr::testing_support {

inline std::optional<Module> ReadWat(std::string_view wat) {
  auto bytes = text::ParseWat(wat);
  EXPECT_TRUE(bytes.has_value()) << bytes.error().ToString();
  if (!bytes) return std::nullopt;
  auto m = binary::ReadModule(*bytes);
  EXPECT_TRUE(m.has_value()) << m.error().ToString();
  if (!m) return std::nullopt;
  return std::move(m).value();
}

}  // namespace wr::testing_support
