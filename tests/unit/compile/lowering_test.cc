// Lowering to internal code: operand folding, branch copies, br_table, dead code, the
// disassembler, lazy lowering. Modules come from WAT through the real decoder and validator.
// The fusions (superinstructions) are tested in lowering_fusion_test.cc.
#include "compile/lowering.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "compile/code.h"
#include "compile/compiled_module.h"
#include "lowering_test_util.h"

namespace wr::compile {
namespace {

using testing_support::Code;
using testing_support::Compile;
using testing_support::Constants;

TEST(CodeTable, GenericOpsRoundTrip) {
  auto add = GenericIOp(Opcode::I32Add);
  ASSERT_TRUE(add.has_value());
  EXPECT_EQ(IOpWasmOpcode(*add), Opcode::I32Add);
  EXPECT_EQ(IOpText(*add), "i32.add");
  EXPECT_EQ(IOpLayout(*add), "SSS");
  EXPECT_EQ(IOpLayout(*GenericIOp(Opcode::I32Load)), "SSI");
  EXPECT_EQ(IOpLayout(*GenericIOp(Opcode::I64Store)), "SSI");
  EXPECT_EQ(IOpLayout(*GenericIOp(Opcode::I8x16ReplaceLane)), "SSSI");
  EXPECT_FALSE(GenericIOp(Opcode::I32Const).has_value());
  EXPECT_FALSE(GenericIOp(Opcode::Block).has_value());
  EXPECT_FALSE(GenericIOp(Opcode::Nop).has_value());
  EXPECT_EQ(IOpLayout(IOp::JumpTable), "ST");
}

TEST(Lowering, ConstantAreaIsCappedAndFurtherConstantsGetConstOps) {
  // Every call copies the constant area into the new frame: 100 distinct constants must not
  // make it 100 slots (the huge-switch benchmark has tens of thousands).
  std::string wat = "(module (func (result i32) i32.const 0";
  for (int i = 1; i <= 100; ++i) wat += " i32.const " + std::to_string(i * 7) + " i32.add";
  wat += "))";
  auto cm = Compile(wat);
  ASSERT_TRUE(cm);
  const CompiledFunction& f = cm->funcs[0];
  EXPECT_LE(f.constants().size(), 64u);
  const std::string listing = Disassemble(f);
  EXPECT_NE(listing.find("const s"), std::string::npos) << listing;
}

TEST(Lowering, ConstantsInLoopsGetTheLargerAreaBudget) {
  // 100 constants inside a loop stay in the area (no const op runs per iteration); past
  // kMaxAreaConsts they spill too.
  std::string wat = "(module (func (result i32) (loop (result i32) i32.const 0";
  for (int i = 1; i <= 100; ++i) wat += " i32.const " + std::to_string(i * 7) + " i32.add";
  wat += ")))";
  auto cm = Compile(wat);
  ASSERT_TRUE(cm);
  EXPECT_EQ(cm->funcs[0].constants().size(), 101u);
  EXPECT_EQ(Disassemble(cm->funcs[0]).find("const s"), std::string::npos);
  std::string big = "(module (func (result i32) (loop (result i32) i32.const 0";
  for (int i = 1; i <= 300; ++i) big += " i32.const " + std::to_string(i * 7) + " i32.add";
  big += ")))";
  auto cm2 = Compile(big);
  ASSERT_TRUE(cm2);
  // The area filled up to kMaxAreaConsts (less what was folded into immediates afterwards),
  // and the rest are const ops.
  EXPECT_LE(cm2->funcs[0].constants().size(), 256u);
  EXPECT_GT(cm2->funcs[0].constants().size(), 250u);
  EXPECT_NE(Disassemble(cm2->funcs[0]).find("const s"), std::string::npos);
}

TEST(Lowering, LocalGetFoldsIntoOperandsAndResultGoesToSlotZero) {
  EXPECT_EQ(Code(R"((module (func (param i32 i32) (result i32)
                local.get 0 local.get 1 i32.add)))"),
            "0000: i32.add s0, s0, s1\n"
            "0004: return\n");
}

TEST(Lowering, ConstantsLiveInTheConstantArea) {
  auto cm = Compile(R"((module (func (param i32) (result i32)
                local.get 0 i32.const 42 i32.mul i32.const 42 i32.rotl)))");
  ASSERT_TRUE(cm);
  const CompiledFunction& f = cm->funcs[0];
  ASSERT_EQ(f.constants().size(), 1u);  // deduplicated
  EXPECT_EQ(f.constants()[0], 42u);
  EXPECT_EQ(f.const_base, 1u);   // right after the parameter
  EXPECT_EQ(f.frame_slots, 4u);  // param, constant, two operand slots
  EXPECT_EQ(Code(R"((module (func (param i32) (result i32)
                local.get 0 i32.const 42 i32.mul i32.const 42 i32.rotl)))"),
            "0000: i32.mul s2, s0, c0\n"
            "0004: i32.rotl s0, s2, c0\n"
            "0008: return\n");
}

TEST(Lowering, LocalSetRetargetsTheProducer) {
  EXPECT_EQ(Code(R"((module (func (param i32) (result i32) (local i32)
                local.get 0 i32.const 1 i32.add local.set 1 local.get 1)))"),
            "0000: i32.add_imm s1, s0, 1\n"
            "0004: copy.return s0, s1\n");
}

TEST(Lowering, LocalSetMaterializesPendingReadsOfThatLocal) {
  // The first local.get 0 must be copied out before local.set 0 overwrites it.
  EXPECT_EQ(Code(R"((module (func (param i32) (result i32)
                local.get 0 i32.const 5 local.set 0 local.get 0 i32.sub)))"),
            "0000: copy.copy s2, s0, s0, c0\n"
            "0005: i32.sub s0, s2, s0\n"
            "0009: return\n");
}

TEST(Lowering, BranchCopiesValuesToTheLabel) {
  const std::string code = Code(R"((module (func (param i32) (result i32)
      (block (result i32) local.get 0 local.get 0 br_if 0 drop i32.const 3))))");
  // br_if with a value to move: skip over the copy when not taken.
  EXPECT_NE(code.find("jump_unless s0"), std::string::npos) << code;
  EXPECT_NE(code.find("copy.jump s2, s0"), std::string::npos) << code;
  EXPECT_NE(code.find("copy s2, c0"), std::string::npos) << code;
}

TEST(Lowering, BrIfWithoutCopiesIsOneJump) {
  EXPECT_EQ(Code(R"((module (func (param i32)
                (block local.get 0 br_if 0) )))"),
            "0000: jump_if s0, @0003\n"
            "0003: return\n");
}

TEST(Lowering, BrTableIsAJumpTable) {
  const std::string code = Code(R"((module (func (param i32) (result i32)
      (block (block (block local.get 0 br_table 0 1 2 2))
        i32.const 10 return)
      i32.const 20)))");
  EXPECT_NE(code.find("jump_table s0, [@"), std::string::npos) << code;
}

TEST(Lowering, UnreachableCodeEmitsNothing) {
  EXPECT_EQ(Code(R"((module (func (param i32) (result i32)
                i32.const 1 return i32.const 2 i32.const 3 i32.add
                (block (result i32) i32.const 4) i32.add)))"),
            "0000: copy.return s0, c0\n");
}

TEST(Lowering, LoopBranchesBackward) {
  const std::string code = Code(R"((module (func (param i32) (result i32)
      (loop local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0) local.get 0)))");
  // i32.sub by a constant is lowered as i32.add of its negation (-1, in place of 1), with the
  // constant in the code (i32.add_imm).
  EXPECT_NE(code.find("i32.add_imm s0, s0, 4294967295"), std::string::npos) << code;
  EXPECT_NE(code.find("jump_if s0, @0000"), std::string::npos) << code;
}

TEST(Lowering, SubtractedConstantIsNegatedInPlace) {
  // The constant's only use is the sub (here folded into a load's address, which reads it
  // from the area): its area entry becomes -C; no slot is wasted on C.
  auto only = Compile(R"((module (memory 1) (func (param i32) (result i32)
      (i32.load (i32.sub (local.get 0) (i32.const 5))))))");
  ASSERT_TRUE(only);
  EXPECT_EQ(Constants(only->funcs[0]), (std::vector<uint64_t>{0xfffffffbu}));
  // 5 is used before as well: both stay.
  auto both = Compile(R"((module (memory 1) (func (param i32) (result i32)
      (i32.div_u (i32.const 5) (i32.load (i32.sub (local.get 0) (i32.const 5)))))))");
  ASSERT_TRUE(both);
  EXPECT_EQ(Constants(both->funcs[0]), (std::vector<uint64_t>{5u, 0xfffffffbu}));
  // Its own negation: nothing changes.
  auto self = Compile(R"((module (memory 1) (func (param i32) (result i32)
      (i32.load (i32.sub (local.get 0) (i32.const 0x80000000))))))");
  ASSERT_TRUE(self);
  EXPECT_EQ(Constants(self->funcs[0]), (std::vector<uint64_t>{0x80000000u}));
  // A plain sub becomes an add_imm of -C: nothing is left in the area.
  auto plain = Compile(R"((module (func (param i32) (result i32)
      (i32.sub (local.get 0) (i32.const 5)))))");
  ASSERT_TRUE(plain);
  EXPECT_EQ(Constants(plain->funcs[0]), (std::vector<uint64_t>{}));
}

TEST(Lowering, CallArgumentsAreMaterialized) {
  const std::string code = Code(R"((module
      (func $f (param i32 i32) (result i32) local.get 0)
      (func (param i32) (result i32) local.get 0 i32.const 2 call $f)))",
                                1);
  EXPECT_EQ(code,
            "0000: copy.copy.call s3, c0, s2, s0, 0, s2\n"
            "0007: copy.return s0, s2\n");
}

TEST(Lowering, CopiesInARowArePaired) {
  // Three copies: a pair, then a single one (fused with the call); a two-slot copy is never
  // paired.
  const std::string code = Code(R"((module
      (func $f (param i32 i32 i32) (result i32) local.get 0)
      (func (param i32 i32 i32) (result i32) local.get 2 local.get 1 local.get 0 call $f)))",
                                1);
  EXPECT_EQ(code,
            "0000: copy.copy s5, s0, s4, s1\n"
            "0005: copy.call s3, s2, 0, s3\n"
            "0010: copy.return s0, s3\n");
}

TEST(Lowering, CopiesAroundABranchTargetAreNotPaired) {
  // The loop's param is copied to its slot before the loop; the loop starts with another
  // copy (local.set). A branch back to the loop must run only the second: no pair.
  const std::string code = Code(R"((module (func (param i32 i32) (result i32)
      local.get 0
      (loop $l (param i32) (result i32)
        (local.set 1 (local.get 0))
        (br_if $l (local.get 1))))))");
  EXPECT_EQ(code,
            "0000: copy s2, s0\n"
            "0003: copy s1, s0\n"
            "0006: jump_if s1, @0003\n"
            "0009: copy.return s0, s2\n");
}

TEST(Lowering, InvalidModuleIsRejected) {
  auto bytes = text::ParseWat("(module (func (result i32) i64.const 1))");
  ASSERT_TRUE(bytes.has_value());
  auto m = binary::ReadModule(*bytes);
  ASSERT_TRUE(m.has_value());
  auto cm = CompileModule(std::move(m).value(), valid::Options{});
  ASSERT_FALSE(cm.has_value());
  EXPECT_EQ(cm.error().phase, Phase::Validate);
}

TEST(Lowering, FunctionsAreLoweredOnDemandOnly) {
  auto bytes = text::ParseWat(
      "(module (func (result i32) i32.const 1) (func (result i32) i32.const 2 i32.const 3 "
      "i32.add))");
  ASSERT_TRUE(bytes.has_value());
  auto m = binary::ReadModule(*bytes);
  ASSERT_TRUE(m.has_value());
  CompileOptions lazy;
  lazy.eager_lowering_max_code_bytes = 0;
  auto cm = CompileModule(std::move(m).value(), valid::Options{}, lazy);
  ASSERT_TRUE(cm.has_value());
  const CompiledFunction& f1 = (*cm)->funcs[1];
  EXPECT_FALSE(f1.lowered.load());
  EXPECT_TRUE(f1.code.empty());
  ASSERT_TRUE(EnsureLowered(f1).has_value());
  EXPECT_TRUE(f1.lowered.load());
  EXPECT_FALSE(f1.code.empty());
  EXPECT_FALSE((*cm)->funcs[0].lowered.load());
  const auto size = f1.code.size();
  ASSERT_TRUE(EnsureLowered(f1).has_value());  // idempotent
  EXPECT_EQ(f1.code.size(), size);
}

TEST(Lowering, InterruptibleCodeChecksAtEntryAndLoopHeaders) {
  const std::string wat = R"((module (func (param i32) (result i32)
      (loop $l (br_if $l (local.tee 0 (i32.add (local.get 0) (i32.const -1)))))
      (local.get 0))))";
  auto bytes = text::ParseWat(wat);
  ASSERT_TRUE(bytes.has_value());
  auto m = binary::ReadModule(*bytes);
  ASSERT_TRUE(m.has_value());
  CompileOptions co;
  co.interruptible = true;
  auto cm = CompileModule(std::move(m).value(), valid::Options{}, co);
  ASSERT_TRUE(cm.has_value());
  // The entry's check covers the whole body (4 ops); the loop's its own two; back edges land
  // on the loop's check.
  EXPECT_EQ(Disassemble((*cm)->funcs[0]).substr(Disassemble((*cm)->funcs[0]).find('\n') + 1),
            "  0000: check 4\n"
            "  0002: check 2\n"
            "  0004: i32.add_imm s0, s0, 4294967295\n"
            "  0008: jump_if s0, @0002\n"
            "  0011: return\n");
  // Not interruptible (the default): no checks.
  EXPECT_EQ(Code(wat).find("check"), std::string::npos);
}

TEST(Lowering, SmallModulesAreLoweredInTheValidationPassAlike) {
  // The same code whether lowered during validation (small module) or on demand.
  const std::string wat = R"((module (memory 1)
      (func $f (param i32 i32) (result i32)
        (loop $l (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 1)))
                                   (local.get 1))))
        (i32.load (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))))
      (func (param i32) (result i32) (call $f (local.get 0) (i32.const 7)))))";
  auto compile = [&](uint64_t eager_max) {
    auto bytes = text::ParseWat(wat);
    EXPECT_TRUE(bytes.has_value());
    auto m = binary::ReadModule(*bytes);
    EXPECT_TRUE(m.has_value());
    CompileOptions co;
    co.eager_lowering_max_code_bytes = eager_max;
    auto cm = CompileModule(std::move(m).value(), valid::Options{}, co);
    EXPECT_TRUE(cm.has_value());
    return std::move(cm).value();
  };
  auto eager = compile(kEagerLoweringMaxCodeBytes);
  auto lazy = compile(0);
  ASSERT_EQ(eager->funcs.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(eager->funcs[i].lowered.load());
    EXPECT_FALSE(lazy->funcs[i].lowered.load());
    ASSERT_TRUE(EnsureLowered(lazy->funcs[i]).has_value());
    EXPECT_EQ(Disassemble(eager->funcs[i]), Disassemble(lazy->funcs[i]));
    EXPECT_EQ(eager->funcs[i].maps->offsets, lazy->funcs[i].maps->offsets);
  }
}

TEST(Lowering, LowersEveryInstructionOfTheOpcodeTable) {
  // The interpreter runs all of WebAssembly 3.0: an opcode added to opcodes.def without a
  // lowering would make CompileModule reject modules with "not supported by the interpreter".
  std::string missing;
  for (uint32_t i = 0; i < kOpcodeCount; ++i) {
    const auto op = static_cast<Opcode>(i);
    if (!Lowering::Lowers(op)) missing += std::string(OpcodeText(op)) + " ";
  }
  EXPECT_EQ(missing, "");
}

TEST(Lowering, WasmOffsetsMapBack) {
  auto cm = Compile("(module (func (param i32) (result i32) local.get 0 i32.const 0 i32.div_u))");
  ASSERT_TRUE(cm);
  const CompiledFunction& f = cm->funcs[0];
  ASSERT_FALSE(f.maps->offsets.empty());
  EXPECT_GT(f.WasmOffset(0), 0u);
}

}  // namespace
}  // namespace wr::compile
