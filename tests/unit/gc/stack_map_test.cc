// The lowering records stack maps (compiled_module.h): reference-typed params and locals, and
// per safepoint the operand slots holding references, without call arguments and without
// values of other types.
#include <gtest/gtest.h>

#include "compile/code.h"
#include "gc_test_util.h"

namespace wr::gctest {
namespace {

TEST(StackMapTest, RecordsReferenceSlotsAtSafepoints) {
  auto bytes = text::ParseWat(R"((module
    (type $box (struct (field i32)))
    (func $f (param anyref) (result anyref) (local.get 0))
    (func (param i64 (ref null $box)) (local i32 funcref eqref)
      (struct.new $box (i32.const 1))
      (i64.const 5)
      (call $f (local.get 1))
      (drop) (drop) (drop))))");
  ASSERT_TRUE(bytes.has_value());
  auto m = binary::ReadModule(*bytes);
  ASSERT_TRUE(m.has_value());
  valid::Options o;
  o.features.func_refs = o.features.gc = true;
  auto cm = compile::CompileModule(std::move(m).value(), o);
  ASSERT_TRUE(cm.has_value()) << cm.error().ToString();
  const compile::CompiledFunction& fn = (*cm)->funcs[1];
  ASSERT_TRUE(compile::EnsureLowered(fn).has_value());
  SCOPED_TRACE(compile::Disassemble(fn));
  // Slots: i64 0, (ref null $box) 1, i32 2, funcref 3 (never a collected object), eqref 4.
  EXPECT_EQ(fn.maps->ref_locals, (std::vector<uint32_t>{1, 4}));
  // Safepoints: struct.new (no reference operands: no entry) and the call, where the new
  // struct sits below the argument. The argument's copy is fused with the call (copy.call
  // dst, src, func, first arg): the fused op is the safepoint.
  ASSERT_EQ(fn.maps->safepoints.size(), 1u);
  const uint32_t pos = fn.maps->safepoints[0].pos;
  ASSERT_EQ(fn.code[pos], static_cast<uint32_t>(compile::IOp::CopyCall));
  const uint32_t arg = fn.code[pos + 4];
  for (uint32_t word = pos; word < pos + 5; ++word) {  // any word of the call finds it
    const auto map = fn.StackMapAt(word);
    ASSERT_EQ(map.size(), 1u) << word;
    EXPECT_GE(map[0], fn.const_base + fn.constants().size());  // an operand slot
    EXPECT_LT(map[0], arg);                                    // below the arguments
  }
  EXPECT_TRUE(fn.StackMapAt(pos + 5).empty());  // past the call
}

}  // namespace
}  // namespace wr::gctest
