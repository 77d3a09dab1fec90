// The validator's fused path (fast_path.cc) must accept and reject exactly what the normal path
// does, with the same errors and offsets and the same frame size; it runs only when the
// listener ignores the instructions it checks (or there is no listener).
#include <gtest/gtest.h>

#include <array>

#include "test_module.h"

namespace wr::valid {
namespace {

using testing::Code;
using testing::ModuleBuilder;
using O = Opcode;

// Sees every instruction: the fused path stays off.
class SeesAll : public FuncListener {
 public:
  void OnInstr(const binary::Instr& in, const FuncView&) override { ops.push_back(in.op); }
  Result<void> EndFunction(const FuncView& v) override {
    max_slot = v.MaxSlotHeight();
    return {};
  }
  std::vector<Opcode> ops;
  uint32_t max_slot = 0;
};

// Ignores every opcode: the fused path checks what it can, OnInstr sees the rest.
class IgnoresAll : public SeesAll {
 public:
  const uint8_t* IgnoredOpcodes() const override {
    static const std::array<uint8_t, kOpcodeCount> table = [] {
      std::array<uint8_t, kOpcodeCount> t{};
      t.fill(1);
      return t;
    }();
    return table.data();
  }
};

struct Outcome {
  std::string message;
  uint64_t offset = 0;
  uint32_t max_slot = 0;
};

Outcome Run(const ModuleBuilder& b, FuncListener* listener, const SeesAll* rec) {
  auto r = b.Validate(testing::AllFeatures(), listener);
  Outcome o;
  o.message = testing::Msg(r);
  o.offset = r ? 0 : r.error().offset;
  o.max_slot = rec != nullptr && r ? rec->max_slot : 0;
  return o;
}

// Validates `body` as (func (param i32) (result i32) (local i64 f32 f64)) three ways and
// checks they agree; returns the outcome.
std::string Check(const Code& body, bool memory = true, IndexType it = IndexType::I32) {
  ModuleBuilder b;
  if (memory) b.Memory(1, it);
  b.Func({ValType::I32()}, {ValType::I32()}, body,
         {{1, ValType::I64()}, {1, ValType::F32()}, {1, ValType::F64()}});
  SeesAll all;
  IgnoresAll fused;
  const Outcome plain = Run(b, nullptr, nullptr);
  const Outcome slow = Run(b, &all, &all);
  const Outcome fast = Run(b, &fused, &fused);
  EXPECT_EQ(plain.message, slow.message);
  EXPECT_EQ(plain.offset, slow.offset);
  EXPECT_EQ(fast.message, slow.message);
  EXPECT_EQ(fast.offset, slow.offset);
  EXPECT_EQ(fast.max_slot, slow.max_slot);
  return slow.message;
}

TEST(FastPath, SkipsTheListenerOnlyForWhatItIgnores) {
  ModuleBuilder b;
  b.Memory();
  b.Func({ValType::I32()}, {ValType::I32()},
         Code()
             .Get(0)
             .I32(7)
             .Op(O::I32Add)
             .Op(O::I32Load)
             .Mem(2, 8)
             .Op(O::Block)
             .BlockEmpty()
             .End()
             .End());
  SeesAll all;
  IgnoresAll fused;
  ASSERT_TRUE(b.Validate({}, &all));
  ASSERT_TRUE(b.Validate({}, &fused));
  EXPECT_EQ(all.ops.size(), 7u);
  // local.get, i32.const, i32.add and i32.load were checked on the fused path; block and the
  // two ends are not on it and reach the listener.
  EXPECT_EQ(fused.ops, (std::vector<Opcode>{O::Block, O::End, O::End}));
  EXPECT_EQ(fused.max_slot, all.max_slot);
}

TEST(FastPath, AcceptsWhatTheNormalPathAccepts) {
  EXPECT_EQ(Check(Code().Get(0).I32(1).Op(O::I32Add).I32(-2000000000).Op(O::I32Mul).End()), "ok");
  EXPECT_EQ(Check(Code()
                      .I64(int64_t{1} << 62)  // a 9-byte LEB: still on the fused path
                      .Op(O::LocalTee)
                      .U32(1)
                      .Op(O::I64Const)
                      .S64(INT64_MIN)  // 10 bytes: the normal path
                      .Op(O::I64Add)
                      .Op(O::I32WrapI64)
                      .Op(O::LocalSet)
                      .U32(0)
                      .Op(O::F64Const)
                      .U8(0)
                      .U8(0)
                      .U8(0)
                      .U8(0)
                      .U8(0)
                      .U8(0)
                      .U8(0)
                      .U8(0)
                      .Op(O::Drop)
                      .Get(0)
                      .End()),
            "ok");
  EXPECT_EQ(Check(Code().Op(O::Unreachable).Op(O::I32Add).Op(O::I32Eqz).End()), "ok");
  EXPECT_EQ(Check(Code().I32(0).Get(0).Op(O::I32Store).Mem(2, 1u << 30).Get(0).End()), "ok");
  EXPECT_EQ(Check(Code().I64(0).Op(O::I32Load).Mem(2).End(), true, IndexType::I64), "ok");
}

TEST(FastPath, RejectsWithTheNormalPathsErrors) {
  EXPECT_NE(Check(Code().I64(1).Get(0).Op(O::I32Add).End()), "ok");           // operand types
  EXPECT_NE(Check(Code().I64(1).Op(O::LocalSet).U32(0).Get(0).End()), "ok");  // local type
  EXPECT_NE(Check(Code().Get(4).End()), "ok");                                // unknown local
  EXPECT_NE(Check(Code().Get(200).End()), "ok");                              // 2-byte index
  EXPECT_NE(Check(Code().Op(O::I32Add).End()), "ok");                         // empty stack
  EXPECT_NE(Check(Code().I32(0).Op(O::I32Load).Mem(3).End()), "ok");          // alignment
  EXPECT_NE(Check(Code().I32(0).Op(O::I32Load).Mem(2).End(), false), "ok");   // no memory
  EXPECT_NE(Check(Code().I32(0).Op(O::I32Load).Mem(2).End(), true, IndexType::I64), "ok");
  EXPECT_NE(Check(Code().Get(0).Op(O::I32Const).U8(0x80)), "ok");     // LEB cut by the end
  EXPECT_NE(Check(Code().Get(0).Op(O::F32Const).U8(0).U8(0)), "ok");  // f32 cut by the end
  EXPECT_NE(Check(Code().Get(0).Op(O::LocalGet)), "ok");              // index cut by the end
  EXPECT_NE(Check(Code().I32(0).Op(O::I32Load).U8(2)), "ok");         // memarg cut
  EXPECT_NE(Check(Code().Get(0).Get(0).End()), "ok");                 // too many results
}

}  // namespace
}  // namespace wr::valid
