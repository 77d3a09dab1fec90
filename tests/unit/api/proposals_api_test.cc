// The proposals beyond 3.0 through the public API only: wide arithmetic and the legacy
// exception handling are on by default (C++ and C), run, and each can be switched off.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wasmrun/wasmrun.h"
#include "wasmrun/wasmrun.hpp"

namespace {

using wasmrun::Config;
using wasmrun::Engine;
using wasmrun::Linker;
using wasmrun::Module;
using wasmrun::Store;
using wasmrun::Value;

constexpr const char* kWide = R"((module
  (func (export "mul") (param i64 i64) (result i64 i64)
    (i64.mul_wide_u (local.get 0) (local.get 1))))
)";

constexpr const char* kLegacy = R"((module
  (tag $e (param i32))
  (func $thrower (param i32) (throw $e (local.get 0)))
  (func (export "f") (param i32) (result i32)
    (try (result i32)
      (do (try (do (call $thrower (local.get 0))) (delegate 0)) (i32.const 0))
      (catch $e (i32.const 1) (i32.add)))))
)";

TEST(ProposalsApi, OnByDefaultAndRunning) {
  Engine engine;
  EXPECT_TRUE(engine.config().features.wide_arithmetic);
  EXPECT_TRUE(engine.config().features.legacy_exceptions);
  Store store(engine);
  Linker linker(store);
  auto wide = Module::FromWat(engine, kWide);
  ASSERT_TRUE(wide.ok()) << wide.error().ToString();
  auto inst = linker.Instantiate(*wide);
  ASSERT_TRUE(inst.ok());
  auto r = inst->GetFunc("mul")->Call({Value::FromI64(-1), Value::FromI64(2)});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].i64(), -2);  // 2^65 - 2: low half
  EXPECT_EQ((*r)[1].i64(), 1);   // high half

  auto legacy = Module::FromWat(engine, kLegacy);
  ASSERT_TRUE(legacy.ok()) << legacy.error().ToString();
  auto inst2 = linker.Instantiate(*legacy);
  ASSERT_TRUE(inst2.ok());
  auto r2 = inst2->GetFunc("f")->Call({Value::FromI32(41)});
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ((*r2)[0].i32(), 42);
}

TEST(ProposalsApi, EachCanBeSwitchedOff) {
  Config no_wide;
  no_wide.features.wide_arithmetic = false;
  Engine e1(no_wide);
  auto m1 = Module::FromWat(e1, kWide);
  ASSERT_FALSE(m1.ok());
  EXPECT_NE(m1.error().message.find("wide-arithmetic"), std::string::npos) << m1.error().message;
  EXPECT_TRUE(Module::FromWat(e1, kLegacy).ok());

  Config no_legacy;
  no_legacy.features.legacy_exceptions = false;
  Engine e2(no_legacy);
  auto m2 = Module::FromWat(e2, kLegacy);
  ASSERT_FALSE(m2.ok());
  EXPECT_NE(m2.error().message.find("legacy-exceptions"), std::string::npos) << m2.error().message;
  EXPECT_TRUE(Module::FromWat(e2, kWide).ok());
}

TEST(ProposalsApi, TheCApiHasTheSwitchesToo) {
  wasmrun_config_t c;
  wasmrun_config_init(&c);
  EXPECT_TRUE(c.features.wide_arithmetic);
  EXPECT_TRUE(c.features.legacy_exceptions);
  c.features.legacy_exceptions = false;
  wasmrun_engine_t* e = wasmrun_engine_new(&c);
  ASSERT_NE(e, nullptr);
  wasmrun_config_t back;
  ASSERT_TRUE(wasmrun_engine_config(e, &back));
  EXPECT_FALSE(back.features.legacy_exceptions);
  EXPECT_TRUE(back.features.wide_arithmetic);
  wasmrun_engine_delete(e);
}

}  // namespace
