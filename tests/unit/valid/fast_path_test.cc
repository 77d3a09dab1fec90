// The validator's fused path (fast_path.cc) must accept and reject exactly what the normal path
// does, with the same errors and offsets and the same frame size; it runs only when the
// listener ignores the instructions it checks (or there is no listener).
#include <gtest/gtest.h>

#include <array>

#include "validation_paths.h"

namespace wr::valid {
namespace {

using namespace paths;  // NOLINT: the shared checks
using O = Opcode;

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
  IgnoresAllButNop fused;  // (the quick check off: it would take the whole body)
  ASSERT_TRUE(b.Validate({}, &all));
  ASSERT_TRUE(b.Validate({}, &fused));
  EXPECT_EQ(all.ops.size(), 7u);
  // Everything up to the function's own end was checked on the fused path; that end is left
  // to the normal path, which shows it to the listener.
  EXPECT_EQ(fused.ops, (std::vector<Opcode>{O::End}));
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
                      .Bytes({0, 0, 0, 0, 0, 0, 0, 0})
                      .Op(O::Drop)
                      .Get(0)
                      .End()),
            "ok");
  EXPECT_EQ(Check(Code().Op(O::Unreachable).Op(O::I32Add).Op(O::I32Eqz).End()), "ok");
  EXPECT_EQ(Check(Code().I32(0).Get(0).Op(O::I32Store).Mem(2, 1u << 30).Get(0).End()), "ok");
  EXPECT_EQ(Check(Code().I64(0).Op(O::I32Load).Mem(2).End(), true, IndexType::I64), "ok");
}

// Structured control, calls, globals, drop and select: on the fused path when the operands are
// known values of numeric types, else on the normal path, with the same outcome either way.
TEST(FastPath, AcceptsControlAsTheNormalPathDoes) {
  const uint8_t i32 = 0x7f, i64 = 0x7e, f32 = 0x7d, f64 = 0x7c;
  // block (result i32) / loop / if-else with results, br, br_if, end.
  EXPECT_EQ(Check(Code()
                      .Op(O::Block)
                      .U8(i32)
                      .Op(O::Loop)
                      .BlockEmpty()
                      .Get(0)
                      .Op(O::BrIf)
                      .U32(0)
                      .End()
                      .Get(0)
                      .Op(O::If)
                      .U8(i64)
                      .I64(1)
                      .Op(O::Else)
                      .I64(2)
                      .End()
                      .Op(O::Drop)
                      .I32(5)
                      .Get(0)
                      .Op(O::BrIf)
                      .U32(0)
                      .Op(O::Br)
                      .U32(0)
                      .End()
                      .End()),
            "ok");
  // if without else and no result; f32/f64 block results; return.
  EXPECT_EQ(Check(Code()
                      .Get(0)
                      .Op(O::If)
                      .BlockEmpty()
                      .I32(1)
                      .Op(O::Return)
                      .End()
                      .Op(O::Block)
                      .U8(f32)
                      .F32()
                      .End()
                      .Op(O::Drop)
                      .Op(O::Block)
                      .U8(f64)
                      .I64(0)
                      .Op(O::F64ReinterpretI64)
                      .End()
                      .Op(O::Drop)
                      .Get(0)
                      .End()),
            "ok");
  // br_table to labels of one i32 value and of none.
  EXPECT_EQ(Check(Code()
                      .Op(O::Block)
                      .U8(i32)
                      .I32(7)
                      .Get(0)
                      .Op(O::BrTable)
                      .U32(2)
                      .U32(0)
                      .U32(0)
                      .U32(0)
                      .End()
                      .End()),
            "ok");
  EXPECT_EQ(Check(Code()
                      .Op(O::Block)
                      .BlockEmpty()
                      .Op(O::Block)
                      .BlockEmpty()
                      .Get(0)
                      .Op(O::BrTable)
                      .U32(3)
                      .U32(0)
                      .U32(1)
                      .U32(0)
                      .U32(1)
                      .End()
                      .End()
                      .Get(0)
                      .End()),
            "ok");
  // call (function 1 and itself), call_indirect, global.get/set, drop, select.
  EXPECT_EQ(Check(Code()
                      .I64(1)
                      .I64(2)
                      .Op(O::F64ReinterpretI64)
                      .Op(O::Call)
                      .U32(1)
                      .Op(O::Drop)
                      .Get(0)
                      .Op(O::Call)
                      .U32(0)
                      .Get(0)
                      .Op(O::CallIndirect)
                      .U32(0)
                      .U32(0)
                      .Get(0)
                      .Op(O::I32Add)
                      .Op(O::GlobalSet)
                      .U32(0)
                      .Op(O::GlobalGet)
                      .U32(1)
                      .Op(O::Drop)
                      .Op(O::GlobalGet)
                      .U32(0)
                      .Get(0)
                      .Get(0)
                      .Op(O::Select)
                      .End()),
            "ok");
  // The longest constants: 5-byte i32 and 10-byte i64 encodings that are in range.
  EXPECT_EQ(Check(Code()
                      .Op(O::I32Const)
                      .Bytes({0xff, 0xff, 0xff, 0xff, 0x07})
                      .Op(O::I32Const)
                      .Bytes({0x80, 0x80, 0x80, 0x80, 0x78})
                      .Op(O::I32Add)
                      .Op(O::I64Const)
                      .Bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f})
                      .Op(O::Drop)
                      .End()),
            "ok");
  // Unreachable code after a branch inside a block, and a block entered in it.
  EXPECT_EQ(Check(Code()
                      .Op(O::Block)
                      .BlockEmpty()
                      .Op(O::Br)
                      .U32(0)
                      .Op(O::I32Add)
                      .Op(O::Drop)
                      .Op(O::Block)
                      .U8(i32)
                      .I32(1)
                      .End()
                      .Op(O::Drop)
                      .End()
                      .Get(0)
                      .End()),
            "ok");
  (void)i64;
}

// A function with 300 i32 locals: indices past 127 take two LEB bytes.
TEST(FastPath, TwoByteLocalIndices) {
  for (const uint32_t index : {127u, 128u, 299u, 300u}) {
    SCOPED_TRACE(index);
    ModuleBuilder b;
    b.Func({}, {ValType::I32()}, Code().Op(O::LocalGet).U32(index).Op(O::LocalTee).U32(index).End(),
           {{300, ValType::I32()}});
    SeesAll all;
    IgnoresAll quick;
    IgnoresAllButNop fused;
    const Outcome slow = RunWith(b, &all, &all);
    for (FuncListener* l : std::initializer_list<FuncListener*>{&quick, &fused}) {
      const Outcome fast = RunWith(b, l, nullptr);
      EXPECT_EQ(fast.message, slow.message);
      EXPECT_EQ(fast.offset, slow.offset);
    }
    EXPECT_EQ(slow.message == "ok", index < 300);
  }
}

TEST(FastPath, RejectsControlWithTheNormalPathsErrors) {
  const uint8_t i32 = 0x7f, i64 = 0x7e;
  EXPECT_NE(Check(Code().Op(O::Br).U32(1).End()), "ok");  // label
  EXPECT_NE(Check(Code().Op(O::Block).U8(i32).I64(0).Op(O::Br).U32(0).End().End()), "ok");
  EXPECT_NE(Check(Code().Op(O::Block).U8(i32).I64(0).End().End()), "ok");              // result
  EXPECT_NE(Check(Code().Op(O::Block).U8(i32).End().End()), "ok");                     // missing
  EXPECT_NE(Check(Code().Op(O::Block).BlockEmpty().Get(0).End().Get(0).End()), "ok");  // extra
  EXPECT_NE(Check(Code().I64(0).Op(O::If).BlockEmpty().End().Get(0).End()), "ok");     // cond
  EXPECT_NE(Check(Code().Get(0).Op(O::If).U8(i32).I32(1).End().End()), "ok");          // no else
  EXPECT_NE(Check(Code().Op(O::Block).BlockEmpty().Op(O::Else).End().Get(0).End()), "ok");
  EXPECT_NE(Check(Code().Get(0).Op(O::If).U8(i32).I32(1).Op(O::Else).I64(1).End().End()), "ok");
  EXPECT_NE(Check(Code().Op(O::Block).U8(0x7b).End().Get(0).End()), "ok");  // v128: feature
  EXPECT_NE(Check(Code().Op(O::Block).U8(0x05).End().Get(0).End()), "ok");  // bad block type
  EXPECT_NE(Check(Code().I64(0).Op(O::BrIf).U32(0).End()), "ok");           // br_if cond
  EXPECT_NE(
      Check(Code().Get(0).Get(0).Op(O::BrIf).U32(0).Op(O::Drop).I64(0).Op(O::BrIf).U32(0).End()),
      "ok");
  EXPECT_NE(Check(Code()
                      .Op(O::Block)
                      .BlockEmpty()
                      .Get(0)
                      .Get(0)
                      .Op(O::BrTable)
                      .U32(1)
                      .U32(0)
                      .U32(1)  // arities differ
                      .End()
                      .Get(0)
                      .End()),
            "ok");
  EXPECT_NE(Check(Code().Get(0).Op(O::BrTable).U32(1).U32(0).U32(5).End()), "ok");  // label
  EXPECT_NE(Check(Code().Get(0).Op(O::BrTable).U32(3).U32(0).End()), "ok");         // cut short
  EXPECT_NE(Check(Code().I64(0).Op(O::Return).End()), "ok");                        // return type
  EXPECT_NE(Check(Code().Get(0).Op(O::Call).U32(2).End()), "ok");                   // unknown func
  EXPECT_NE(Check(Code().Get(0).Op(O::Call).U32(1).End()), "ok");                   // arguments
  EXPECT_NE(Check(Code().Get(0).Get(0).Op(O::CallIndirect).U32(9).U32(0).End()), "ok");  // type
  EXPECT_NE(Check(Code().Get(0).Get(0).Op(O::CallIndirect).U32(0).U32(1).End()), "ok");  // table
  EXPECT_NE(Check(Code().Get(0).Get(0).Op(O::CallIndirect).U32(0).U32(0).End(),
                  Env{true, IndexType::I32, false}),
            "ok");  // no table
  EXPECT_NE(Check(Code().Get(0).Get(0).Op(O::CallIndirect).U32(0).U32(0).End(),
                  Env{true, IndexType::I32, true, ValType::ExternRef()}),
            "ok");  // not a funcref table
  EXPECT_NE(Check(Code().Get(0).Get(0).Op(O::CallIndirect).U32(0).U32(0).End(),
                  Env{true, IndexType::I64, true}),
            "ok");  // a table64 takes an i64 index
  EXPECT_EQ(Check(Code().Get(0).I64(0).Op(O::CallIndirect).U32(0).U32(0).End(),
                  Env{true, IndexType::I64, true}),
            "ok");
  EXPECT_NE(Check(Code().I64(0).Op(O::GlobalSet).U32(1).Get(0).End()), "ok");  // immutable
  EXPECT_NE(Check(Code().I64(0).Op(O::GlobalSet).U32(0).Get(0).End()), "ok");  // type
  EXPECT_NE(Check(Code().Op(O::GlobalGet).U32(2).End()), "ok");                // unknown
  EXPECT_NE(Check(Code().Op(O::Drop).Get(0).End()), "ok");                     // empty
  EXPECT_NE(Check(Code().I64(0).Get(0).Get(0).Op(O::Select).End()), "ok");     // operands differ
  EXPECT_NE(Check(Code().Get(0).Get(0).I64(0).Op(O::Select).End()), "ok");     // condition
  // Out-of-range 5-byte i32 and 10-byte i64 constants.
  EXPECT_NE(Check(Code().Op(O::I32Const).Bytes({0xff, 0xff, 0xff, 0xff, 0x0f}).End()), "ok");
  EXPECT_NE(Check(Code().Op(O::I32Const).Bytes({0x80, 0x80, 0x80, 0x80, 0x70}).End()), "ok");
  EXPECT_NE(Check(Code()
                      .Op(O::I64Const)
                      .Bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01})
                      .Op(O::Drop)
                      .Get(0)
                      .End()),
            "ok");
  (void)i64;
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
