// Iso-recursive type identity (WebAssembly 3.0): the store's TypeRegistry gives equivalent
// defined types (same rec group structure, same position) the same canonical id across
// modules and host functions, records declared supertypes, and call_indirect, function and
// tag imports use those ids.
#include <gtest/gtest.h>

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "binary/reader.h"
#include "compile/compiled_module.h"
#include "interp/instantiate.h"
#include "interp/interpreter.h"
#include "interp/linker.h"
#include "runtime/store.h"
#include "runtime/type_registry.h"
#include "text/wat.h"
#include "wat_module.h"

namespace wr::interp {
namespace {

Module Decode(std::string_view wat) {
  auto m = wr::testing_support::ReadWat(wat);
  if (!m) return {};
  return std::move(m).value();
}

valid::Options Features() {
  valid::Options o;
  o.features.func_refs = true;
  o.features.gc = true;
  o.features.exceptions = true;  // for the tag tests
  return o;
}

TEST(TypeRegistryTest, SingletonFunctionTypesAreStructural) {
  TypeRegistry reg;
  const auto a = reg.InternModule(Decode("(module (type (func (param i32))) (type (func)))"));
  const auto b = reg.InternModule(Decode("(module (type (func)) (type (func (param i32))))"));
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(a[0], b[1]);
  EXPECT_EQ(a[1], b[0]);
  EXPECT_NE(a[0], a[1]);
  // A host function's type is a final singleton group, like `(type (func ...))`.
  EXPECT_EQ(reg.InternFunc(FuncType{{ValType::I32()}, {}}), a[0]);
  EXPECT_EQ(reg.InternFunc(FuncType{}), a[1]);
}

TEST(TypeRegistryTest, RecGroupPositionAndShapeMatter) {
  TypeRegistry reg;
  const auto a = reg.InternModule(Decode("(module (rec (type (func)) (type (struct))))"));
  const auto b = reg.InternModule(Decode("(module (rec (type (func)) (type (struct))))"));
  const auto c = reg.InternModule(Decode("(module (rec (type (struct)) (type (func))))"));
  const auto d = reg.InternModule(Decode("(module (rec (type (func))))"));
  const auto e = reg.InternModule(Decode("(module (rec (type (func)) (type (func))))"));
  EXPECT_EQ(a, b);
  EXPECT_NE(a[0], c[1]);
  EXPECT_NE(a[0], d[0]);
  EXPECT_NE(e[0], e[1]);                        // same structure, different positions
  EXPECT_EQ(d[0], reg.InternFunc(FuncType{}));  // `(rec (type (func)))` is `(type (func))`
}

TEST(TypeRegistryTest, RecursiveAndIndirectReferences) {
  TypeRegistry reg;
  const auto a = reg.InternModule(Decode(R"(
    (module
      (rec (type $t1 (func (result (ref null $t1)))))
      (rec (type $t2 (func (result (ref null $t2)))))
      (type $s0 (func (param i32)))
      (type $s1 (func (param (ref $s0))))
      (rec (type $u1 (func (param i32 (ref $u1))))
           (type $u2 (func (param i32 (ref $u3))))
           (type $u3 (func (param i32 (ref $u2))))))
  )"));
  const auto b = reg.InternModule(Decode(R"(
    (module
      (type $x (func (param f64)))
      (type $s0 (func (param i32)))
      (type $s1 (func (param (ref $s0))))
      (rec (type $t1 (func (result (ref null $t1)))))
      (rec (type $v1 (func (param i32 (ref $v1))))
           (type $v2 (func (param i32 (ref $v3))))
           (type $v3 (func (param i32 (ref $v2))))))
  )"));
  EXPECT_EQ(a[0], a[1]);  // the same recursive type, written twice
  EXPECT_EQ(a[0], b[3]);
  EXPECT_EQ(a[3], b[2]);  // references to earlier types compare by their identity
  EXPECT_EQ(a[4], b[4]);
  EXPECT_EQ(a[5], b[5]);
  EXPECT_EQ(a[6], b[6]);
  EXPECT_NE(a[5], a[6]);
}

TEST(TypeRegistryTest, SubtypeChains) {
  TypeRegistry reg;
  const auto a = reg.InternModule(Decode(R"(
    (module
      (type $t1 (sub (func)))
      (type $t2 (sub $t1 (func)))
      (type $t3 (sub $t2 (func)))
      (type $t4 (sub final (func)))
      (rec (type $r1 (sub (func))) (type $r2 (sub $r1 (func)))))
  )"));
  ASSERT_EQ(a.size(), 6u);
  EXPECT_NE(a[0], a[3]);  // finality is part of the type
  EXPECT_EQ(a[3], reg.InternFunc(FuncType{}));
  EXPECT_TRUE(reg.IsSubtype(a[2], a[0]));
  EXPECT_TRUE(reg.IsSubtype(a[2], a[1]));
  EXPECT_TRUE(reg.IsSubtype(a[1], a[1]));
  EXPECT_FALSE(reg.IsSubtype(a[0], a[1]));
  EXPECT_FALSE(reg.IsSubtype(a[2], a[3]));
  EXPECT_TRUE(reg.IsSubtype(a[5], a[4]));  // a supertype inside the same group
  EXPECT_FALSE(reg.IsSubtype(a[4], a[5]));
  EXPECT_FALSE(reg.IsSubtype(TypeRegistry::kNoType, a[0]));
  EXPECT_FALSE(reg.IsSubtype(a[0], TypeRegistry::kNoType));
}

class TypeIdentityRunTest : public ::testing::Test {
 protected:
  std::shared_ptr<const compile::CompiledModule> Compile(std::string_view wat) {
    auto cm = compile::CompileModule(Decode(wat), Features());
    EXPECT_TRUE(cm.has_value()) << cm.error().ToString();
    return cm ? *cm : nullptr;
  }
  Instance* Load(std::string_view wat) {
    auto cm = Compile(wat);
    if (!cm) return nullptr;
    auto inst = linker_.Instantiate(store_, cm);
    EXPECT_TRUE(inst.has_value()) << inst.error().Message();
    return inst ? *inst : nullptr;
  }
  bool Links(std::string_view wat) {
    auto cm = Compile(wat);
    return cm && linker_.Instantiate(store_, cm).has_value();
  }
  // Runs export `name`; "" when it returns, else the trap's message.
  std::string Run(Instance* inst, const std::string& name) {
    auto it = inst->exports.find(name);
    if (it == inst->exports.end()) return "no export";
    auto r = Invoke(store_, it->second.func(), {}, {});
    return r ? "" : r.error().Message();
  }

  Store store_;
  Linker linker_;
};

TEST_F(TypeIdentityRunTest, CallIndirectComparesRecGroups) {
  Instance* inst = Load(R"(
    (module
      (rec (type $f1 (func)) (type (struct)))
      (rec (type $f2 (func)) (type (struct)))
      (rec (type (struct)) (type $f3 (func)))
      (type $f4 (func))
      (table funcref (elem $g))
      (func $g (type $f1))
      (func (export "same") (call_indirect (type $f2) (i32.const 0)))
      (func (export "other_position") (call_indirect (type $f3) (i32.const 0)))
      (func (export "singleton") (call_indirect (type $f4) (i32.const 0))))
  )");
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(Run(inst, "same"), "");
  EXPECT_NE(Run(inst, "other_position").find("indirect call type mismatch"), std::string::npos);
  EXPECT_NE(Run(inst, "singleton").find("indirect call type mismatch"), std::string::npos);
}

TEST_F(TypeIdentityRunTest, CallIndirectAcceptsDeclaredSubtypes) {
  Instance* inst = Load(R"(
    (module
      (type $t1 (sub (func)))
      (type $t2 (sub $t1 (func)))
      (type $t3 (sub $t2 (func)))
      (type $t4 (sub final (func)))
      (func $f2 (type $t2))
      (func $f3 (type $t3))
      (table funcref (elem $f2 $f3))
      (func (export "up") (call_indirect (type $t1) (i32.const 1)))
      (func (export "exact") (call_indirect (type $t2) (i32.const 0)))
      (func (export "down") (call_indirect (type $t3) (i32.const 0)))
      (func (export "final") (call_indirect (type $t4) (i32.const 0))))
  )");
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(Run(inst, "up"), "");
  EXPECT_EQ(Run(inst, "exact"), "");
  EXPECT_NE(Run(inst, "down").find("indirect call type mismatch"), std::string::npos);
  EXPECT_NE(Run(inst, "final").find("indirect call type mismatch"), std::string::npos);
}

TEST_F(TypeIdentityRunTest, FunctionImportsMatchSupertypesAcrossModules) {
  Instance* m = Load(R"(
    (module
      (type $t0 (sub (func (result (ref null func)))))
      (rec (type $t1 (sub $t0 (func (result (ref null $t1))))))
      (func (export "f0") (type $t0) (ref.null func))
      (func (export "f1") (type $t1) (ref.null $t1)))
  )");
  ASSERT_NE(m, nullptr);
  linker_.DefineInstance("M", *m);
  constexpr std::string_view kTypes = R"(
      (type $t0 (sub (func (result (ref null func)))))
      (rec (type $t1 (sub $t0 (func (result (ref null $t1))))))
  )";
  auto importer = [&](std::string_view name, std::string_view type) {
    return "(module " + std::string(kTypes) + "(func (import \"M\" \"" + std::string(name) +
           "\") (type " + std::string(type) + ")))";
  };
  EXPECT_TRUE(Links(importer("f0", "$t0")));
  EXPECT_TRUE(Links(importer("f1", "$t0")));
  EXPECT_TRUE(Links(importer("f1", "$t1")));
  EXPECT_FALSE(Links(importer("f0", "$t1")));
}

TEST_F(TypeIdentityRunTest, TagImportsNeedTheSameType) {
  Instance* m = Load(R"(
    (module
      (rec (type $t1 (func)) (type $t2 (func)))
      (tag (export "tag") (type $t1)))
  )");
  ASSERT_NE(m, nullptr);
  linker_.DefineInstance("M", *m);
  EXPECT_TRUE(Links(
      R"((module (rec (type $t1 (func)) (type $t2 (func))) (tag (import "M" "tag") (type $t1))))"));
  EXPECT_FALSE(Links(
      R"((module (rec (type $t1 (func)) (type $t2 (func))) (tag (import "M" "tag") (type $t2))))"));
  EXPECT_FALSE(Links(R"((module (type $t (func)) (tag (import "M" "tag") (type $t))))"));
}

TEST_F(TypeIdentityRunTest, HostFunctionsAreSingletonFinalTypes) {
  linker_.DefineHostFunc(store_, "env", "f", FuncType{{ValType::I32()}, {}},
                         [](HostContext&, std::span<const uint64_t>,
                            std::span<uint64_t>) -> Expected<void, Trap> { return {}; });
  EXPECT_TRUE(Links(R"((module (import "env" "f" (func (param i32)))))"));
  EXPECT_FALSE(Links(R"((module (rec (type $t (func (param i32))) (type (struct)))
                                (import "env" "f" (func (type $t)))))"));
  EXPECT_FALSE(Links(R"((module (type $t (sub (func (param i32))))
                                (import "env" "f" (func (type $t)))))"));
}

}  // namespace
}  // namespace wr::interp
