#include "text/wast.h"

#include <gtest/gtest.h>

namespace wr::text {
namespace {

constexpr std::string_view kScript = R"wast(
(module $M (func (export "f") (param i32) (result i32) (local.get 0)))
(register "m" $M)
(invoke "f" (i32.const 1))
(assert_return (invoke $M "f" (i32.const -1)) (i32.const 0xffffffff))
(assert_return (invoke "g" (f32.const 1.5) (ref.null extern) (ref.extern 7))
  (f32.const nan:canonical) (f64.const nan:arithmetic) (ref.null) (ref.func) (ref.extern))
(assert_return (invoke "v")
  (v128.const f32x4 nan:canonical 1.0 -0 nan:arithmetic)
  (either (i32.const 1) (i32.const 2)))
(assert_trap (invoke "t") "integer divide by zero")
(assert_exhaustion (invoke "r") "call stack exhausted")
(assert_exception (invoke "x"))
(assert_malformed (module quote "(func" " i32.foo)") "unknown operator")
(assert_malformed (module (func i32.bar)) "unknown operator")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_unlinkable (module (import "x" "y" (func))) "unknown import")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(module binary "\00asm" "\01\00\00\00")
(module definition $D (func))
(module instance $I $D)
(get $M "glob")
(wait $T)
(thread $T (invoke "x"))
)wast";

TEST(Wast, ParsesEveryCommandKind) {
  auto r = ParseWast(kScript);
  ASSERT_TRUE(r) << r.error().ToString();
  const auto& c = r->commands;
  ASSERT_EQ(c.size(), 20u);

  EXPECT_EQ(c[0].kind, CommandKind::Module);
  EXPECT_EQ(c[0].line, 2u);
  EXPECT_EQ(c[0].module.name, "M");
  auto m0 = c[0].module.Encode();
  ASSERT_TRUE(m0);
  EXPECT_GT(m0->size(), 8u);

  EXPECT_EQ(c[1].kind, CommandKind::Register);
  EXPECT_EQ(c[1].register_name, "m");
  EXPECT_EQ(c[1].module_ref, "M");

  EXPECT_EQ(c[2].kind, CommandKind::Action);
  EXPECT_EQ(c[2].action.name, "f");
  ASSERT_EQ(c[2].action.args.size(), 1u);
  EXPECT_EQ(c[2].action.args[0].kind, Value::Kind::I32);
  EXPECT_EQ(c[2].action.args[0].bits, 1u);

  EXPECT_EQ(c[3].kind, CommandKind::AssertReturn);
  EXPECT_EQ(c[3].action.module, "M");
  EXPECT_EQ(c[3].action.args[0].bits, 0xffffffffu);
  EXPECT_EQ(c[3].expected[0].bits, 0xffffffffu);

  const auto& a = c[4];
  ASSERT_EQ(a.action.args.size(), 3u);
  EXPECT_EQ(a.action.args[0].bits, 0x3fc00000u);
  EXPECT_EQ(a.action.args[1].kind, Value::Kind::RefNull);
  EXPECT_EQ(a.action.args[1].heap, HeapKind::Extern);
  EXPECT_EQ(a.action.args[2].kind, Value::Kind::RefExtern);
  EXPECT_EQ(a.action.args[2].payload, 7u);
  ASSERT_EQ(a.expected.size(), 5u);
  EXPECT_EQ(a.expected[0].nan, NanPattern::Canonical);
  EXPECT_EQ(a.expected[1].kind, Value::Kind::F64);
  EXPECT_EQ(a.expected[1].nan, NanPattern::Arithmetic);
  EXPECT_FALSE(a.expected[2].has_heap);
  EXPECT_EQ(a.expected[3].kind, Value::Kind::RefFunc);
  EXPECT_FALSE(a.expected[4].has_payload);

  const auto& v = c[5].expected;
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].shape, LaneShape::F32x4);
  EXPECT_EQ(v[0].lane_nan[0], NanPattern::Canonical);
  EXPECT_EQ(v[0].lane_nan[1], NanPattern::None);
  EXPECT_EQ(v[0].v128.Lane<uint32_t>(1), 0x3f800000u);
  EXPECT_EQ(v[0].v128.Lane<uint32_t>(2), 0x80000000u);
  EXPECT_EQ(v[0].lane_nan[3], NanPattern::Arithmetic);
  EXPECT_EQ(v[1].kind, Value::Kind::Either);
  ASSERT_EQ(v[1].either.size(), 2u);
  EXPECT_EQ(v[1].either[1].bits, 2u);

  EXPECT_EQ(c[6].kind, CommandKind::AssertTrap);
  EXPECT_EQ(c[6].message, "integer divide by zero");
  EXPECT_EQ(c[7].kind, CommandKind::AssertExhaustion);
  EXPECT_EQ(c[8].kind, CommandKind::AssertException);

  EXPECT_EQ(c[9].kind, CommandKind::AssertMalformed);
  EXPECT_EQ(c[9].module.form, ModuleSource::Form::Quote);
  EXPECT_EQ(c[9].module.quote, "(func i32.foo)");
  auto bad = c[9].module.Encode();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().phase, Phase::Text);
  EXPECT_EQ(bad.error().message, "unknown operator i32.foo");

  // A malformed text (non-quote) module is kept as an error, not a script failure.
  EXPECT_EQ(c[10].kind, CommandKind::AssertMalformed);
  ASSERT_TRUE(c[10].module.error.has_value());
  EXPECT_FALSE(c[10].module.Encode());

  EXPECT_EQ(c[11].kind, CommandKind::AssertInvalid);
  EXPECT_TRUE(c[11].module.Encode());
  EXPECT_EQ(c[12].kind, CommandKind::AssertUnlinkable);
  EXPECT_EQ(c[13].kind, CommandKind::AssertTrapModule);
  EXPECT_EQ(c[14].module.form, ModuleSource::Form::Binary);
  EXPECT_EQ(c[14].module.bytes.size(), 8u);
  EXPECT_TRUE(c[15].module.is_definition);
  EXPECT_EQ(c[15].module.name, "D");
  EXPECT_EQ(c[16].kind, CommandKind::ModuleInstance);
  EXPECT_EQ(c[16].instance_name, "I");
  EXPECT_EQ(c[16].module_ref, "D");
  EXPECT_EQ(c[17].action.kind, Action::Kind::Get);
  // thread / wait (threads proposal).
  EXPECT_EQ(c[18].kind, CommandKind::Wait);
  EXPECT_EQ(c[18].thread_name, "T");
  EXPECT_EQ(c[19].kind, CommandKind::Thread);
  EXPECT_EQ(c[19].thread_name, "T");
  ASSERT_EQ(c[19].thread_commands.size(), 1u);
  EXPECT_EQ(c[19].thread_commands[0].kind, CommandKind::Action);
  EXPECT_EQ(c[19].thread_commands[0].action.name, "x");
}

TEST(Wast, UnknownCommandsAreErrorsNotSkips) {
  auto r = ParseWast("(module)\n(assert_suspension (invoke \"s\") \"suspended\")\n");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("unknown command assert_suspension"), std::string::npos);
}

TEST(Wast, AFileOfModuleFieldsIsOneInlineModule) {
  auto r = ParseWast("(func) (memory 0)\n(func (export \"f\"))\n");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->commands.size(), 1u);
  EXPECT_EQ(r->commands[0].kind, CommandKind::Module);
  EXPECT_EQ(r->commands[0].line, 1u);
  EXPECT_TRUE(r->commands[0].module.Encode());
}

TEST(Wast, MalformedScriptsFail) {
  EXPECT_FALSE(ParseWast("(assert_return (invoke \"f\" (i32.const nope)))"));
  EXPECT_FALSE(ParseWast("(invoke \"f\" (ref.func))"));     // result-only pattern as argument
  EXPECT_FALSE(ParseWast("(assert_trap (invoke \"f\"))"));  // no message
  EXPECT_FALSE(ParseWast("(module"));
}

TEST(Wast, ThreadSharesModulesAndNestsCommands) {
  auto r = ParseWast(
      "(module $M (memory 1 1 shared))\n"
      "(thread $T1 (shared (module $M)) (register \"m\" $M) (module) (invoke \"f\"))\n"
      "(wait $T1)\n");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  const auto& c = r->commands;
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[1].kind, CommandKind::Thread);
  ASSERT_EQ(c[1].shared_modules.size(), 1u);
  EXPECT_EQ(c[1].shared_modules[0], "M");
  ASSERT_EQ(c[1].thread_commands.size(), 3u);
  EXPECT_EQ(c[1].thread_commands[0].kind, CommandKind::Register);
  EXPECT_EQ(c[1].thread_commands[1].kind, CommandKind::Module);
  EXPECT_EQ(c[2].kind, CommandKind::Wait);
  EXPECT_EQ(c[2].thread_name, "T1");
  // A malformed shared clause and an argument to wait are script errors.
  EXPECT_FALSE(ParseWast("(thread $T (shared (func $M)))"));
  EXPECT_FALSE(ParseWast("(wait $T 1)"));
}

}  // namespace
}  // namespace wr::text
