// What a FuncListener sees: each checked instruction with the stacks before its effect,
// slot offsets (v128 = 2 slots), unknown operands in unreachable code, and MaxSlotHeight.
#include <gtest/gtest.h>

#include "test_module.h"

namespace wr::valid {
namespace {

using testing::Code;
using testing::ModuleBuilder;
using O = Opcode;

struct Event {
  Opcode op;
  uint32_t height;
  uint32_t slot_height;
  uint32_t control_depth;
  bool unreachable;
  std::vector<uint32_t> operand_slots;  // top first, up to 3
  std::vector<ValKind> operand_kinds;
  std::vector<bool> unknown;
};

class Recorder : public FuncListener {
 public:
  void BeginFunction(const FuncView& v) override {
    ++begins;
    frame_base = v.FrameBase();
    for (uint32_t i = 0; i < v.num_locals(); ++i) {
      local_slots.push_back(v.LocalSlot(i));
      local_kinds.push_back(v.LocalType(i).kind);
    }
    begin_control_depth = v.ControlDepth();
  }
  void OnInstr(const binary::Instr& in, const FuncView& v) override {
    Event e{in.op, v.Height(), v.SlotHeight(), v.ControlDepth(), v.Unreachable(), {}, {}, {}};
    for (uint32_t d = 0; d < 3 && d < v.Height(); ++d) {
      e.operand_slots.push_back(v.OperandSlot(d));
      e.operand_kinds.push_back(v.Operand(d).kind);
      e.unknown.push_back(v.IsUnknown(d));
    }
    events.push_back(e);
  }
  Result<void> EndFunction(const FuncView& v) override {
    max_slot = v.MaxSlotHeight();
    end_height = v.Height();
    end_control_depth = v.ControlDepth();
    if (fail_end) return Unexpected(Error(Phase::Validate, 0, "listener says no"));
    return {};
  }

  int begins = 0;
  uint32_t frame_base = 0, begin_control_depth = 0, max_slot = 0, end_height = 0;
  uint32_t end_control_depth = 0;
  bool fail_end = false;
  std::vector<uint32_t> local_slots;
  std::vector<ValKind> local_kinds;
  std::vector<Event> events;
};

TEST(Listener, SlotsForLocalsAndOperands) {
  ModuleBuilder b;
  const ValType v128 = ValType::V128();
  // (param v128 i32) (local i64 v128) (result i32)
  b.Func({v128, ValType::I32()}, {ValType::I32()},
         Code().Get(0).Get(1).Get(2).Op(O::Drop).Op(O::Drop).Op(O::Drop).Get(1).End(),
         {{1, ValType::I64()}, {1, v128}});
  Recorder rec;
  ASSERT_TRUE(b.Validate({}, &rec));
  EXPECT_EQ(rec.begins, 1);
  EXPECT_EQ(rec.local_slots, (std::vector<uint32_t>{0, 2, 3, 4}));
  EXPECT_EQ(rec.frame_base, 6u);
  EXPECT_EQ(rec.begin_control_depth, 1u);
  ASSERT_EQ(rec.events.size(), 8u);
  // Before the first drop: v128 at 6..7, i32 at 8, i64 at 9; heights before the effect.
  const Event& drop1 = rec.events[3];
  EXPECT_EQ(drop1.op, O::Drop);
  EXPECT_EQ(drop1.height, 3u);
  EXPECT_EQ(drop1.slot_height, 10u);
  EXPECT_EQ(drop1.operand_slots, (std::vector<uint32_t>{9, 8, 6}));
  EXPECT_EQ(drop1.operand_kinds, (std::vector<ValKind>{ValKind::I64, ValKind::I32, ValKind::V128}));
  const Event& drop3 = rec.events[5];
  EXPECT_EQ(drop3.slot_height, 8u);  // only the v128 left: 6 + 2
  EXPECT_EQ(rec.events[0].height, 0u);
  EXPECT_EQ(rec.events[0].slot_height, 6u);
  EXPECT_EQ(rec.max_slot, 10u);
  EXPECT_EQ(rec.end_height, 1u);  // the result, after the final end
  EXPECT_EQ(rec.end_control_depth, 1u);
  EXPECT_EQ(rec.events.back().op, O::End);
}

TEST(Listener, BlocksAndUnreachableCode) {
  ModuleBuilder b;
  b.Type({ValType::I32()}, {ValType::I32()});
  // i32.const 1; block (type 0) [i32]->[i32]; unreachable; i32.add; end; end
  b.Func({}, {ValType::I32()},
         Code().I32(1).Op(O::Block).S32(0).Op(O::Unreachable).Op(O::I32Add).End().End());
  Recorder rec;
  ASSERT_TRUE(b.Validate({}, &rec));
  ASSERT_EQ(rec.events.size(), 6u);
  const Event& block = rec.events[1];
  EXPECT_EQ(block.op, O::Block);
  EXPECT_EQ(block.control_depth, 1u);
  const Event& unreachable = rec.events[2];
  EXPECT_EQ(unreachable.control_depth, 2u);
  EXPECT_FALSE(unreachable.unreachable);
  EXPECT_EQ(unreachable.height, 1u);  // the block's param is on the stack
  const Event& add = rec.events[3];
  EXPECT_TRUE(add.unreachable);
  EXPECT_EQ(add.height, 0u);  // operands come from the polymorphic stack
  const Event& inner_end = rec.events[4];
  EXPECT_TRUE(inner_end.unreachable);
  EXPECT_EQ(inner_end.height, 1u);  // the add's i32 result
  EXPECT_EQ(inner_end.operand_kinds, (std::vector<ValKind>{ValKind::I32}));
  const Event& outer_end = rec.events[5];
  EXPECT_FALSE(outer_end.unreachable);
  EXPECT_EQ(outer_end.control_depth, 1u);
  EXPECT_EQ(outer_end.height, 1u);
}

TEST(Listener, UnknownOperandsAfterSelect) {
  ModuleBuilder b;
  b.Func({}, {}, Code().Op(O::Unreachable).Op(O::Select).Op(O::Drop).End());
  Recorder rec;
  ASSERT_TRUE(b.Validate({}, &rec));
  ASSERT_EQ(rec.events.size(), 4u);
  EXPECT_EQ(rec.events[2].op, O::Drop);
  ASSERT_EQ(rec.events[2].height, 1u);
  EXPECT_TRUE(rec.events[2].unknown[0]);  // select of two unknowns gives an unknown
}

TEST(Listener, ControlFramesExposeTypesAndHeights) {
  class FrameCheck : public FuncListener {
   public:
    void OnInstr(const binary::Instr& in, const FuncView& v) override {
      if (in.op == O::Br) {
        const ControlFrame& loop = v.Control(0);
        seen_loop = loop.opcode == O::Loop && loop.params.size() == 1 && loop.results.empty() &&
                    loop.LabelTypes().size() == 1 && loop.height == 0 && loop.slot_height == 1;
        const ControlFrame& fn = v.Control(1);
        seen_fn = fn.opcode == O::End && fn.results.size() == 1;
      }
      if (in.op == O::I32Const && v.ControlDepth() == 2) {
        seen_inline =
            v.Control(0).results.size() == 1 && v.Control(0).results[0].kind == ValKind::F32;
      }
    }
    bool seen_loop = false, seen_fn = false, seen_inline = false;
  };
  ModuleBuilder b;
  b.Type({ValType::V128()}, {});
  // (param i32) (result i32): v128.const; loop (type 0) br 0 end; block (result f32) i32.const..
  b.Func({ValType::I32()}, {ValType::I32()},
         Code()
             .V128()
             .Op(O::Loop)
             .S32(0)
             .Op(O::Br)
             .U32(0)
             .End()
             .Op(O::Block)
             .Type(ValType::F32())
             .I32(0)
             .Op(O::Drop)
             .F32()
             .End()
             .Op(O::Drop)
             .Get(0)
             .End());
  FrameCheck fc;
  ASSERT_TRUE(b.Validate({}, &fc)) << b.Validate().error().message;
  EXPECT_TRUE(fc.seen_loop);
  EXPECT_TRUE(fc.seen_fn);
  EXPECT_TRUE(fc.seen_inline);
}

TEST(Listener, EndFunctionFailureFailsValidation) {
  ModuleBuilder b;
  b.Func({}, {}, Code().End());
  Recorder rec;
  rec.fail_end = true;
  auto r = b.Validate({}, &rec);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "listener says no");
}

TEST(Listener, ValidateFunctionAlone) {
  ModuleBuilder b;
  b.Func({}, {}, Code().End());
  b.Func({ValType::I64()}, {}, Code().Get(0).Op(O::Drop).End());
  Recorder rec;
  ASSERT_TRUE(ValidateFunction(b.m, 1, Options{}, &rec));
  EXPECT_EQ(rec.events.size(), 3u);
  EXPECT_EQ(rec.local_kinds, (std::vector<ValKind>{ValKind::I64}));
  EXPECT_FALSE(ValidateFunction(b.m, 2, Options{}));
}

TEST(Listener, BodyValidatorReusesState) {
  ModuleBuilder b;
  b.Func({}, {}, Code().End());
  b.Func({ValType::I64()}, {}, Code().Get(0).Op(O::Drop).End());
  b.Func({}, {}, Code().I32(0).End());
  auto bv = BodyValidator::Create(b.m, Options{});
  ASSERT_TRUE(bv);
  Recorder rec;
  ASSERT_TRUE((*bv)->Validate(1, &rec));
  EXPECT_EQ(rec.events.size(), 3u);
  EXPECT_TRUE((*bv)->Validate(0));
  auto bad = (*bv)->Validate(2);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "type mismatch: block requires [] but stack has [i32]");
  EXPECT_FALSE((*bv)->Validate(3));
  EXPECT_TRUE((*bv)->Validate(1));  // still usable after a failure
}

TEST(Listener, DeepNestingReallocatesFramesSafely) {
  // Many nested blocks with inline result types: spans into frames must survive growth.
  ModuleBuilder b;
  Code c;
  const int depth = 200;
  for (int i = 0; i < depth; ++i) c.Op(O::Block).Type(ValType::I64());
  c.I64(1);
  for (int i = 0; i < depth; ++i) c.End();
  c.Op(O::Drop).End();
  b.Func({}, {}, c);
  EXPECT_TRUE(b.Validate());
}

}  // namespace
}  // namespace wr::valid
