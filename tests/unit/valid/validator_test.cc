// Function-body validation: each instruction group, the polymorphic stack, and the spec test
// suite's error wording (assert_invalid matches by prefix).
#include <gtest/gtest.h>

#include <functional>

#include "test_module.h"

namespace wr::valid {
namespace {

using testing::Code;
using testing::ModuleBuilder;
using testing::Msg;
using O = Opcode;

const ValType i32 = ValType::I32();
const ValType i64 = ValType::I64();
const ValType f32 = ValType::F32();
const ValType v128 = ValType::V128();
const ValType funcref = ValType::FuncRef();
const ValType externref = ValType::ExternRef();

struct Case {
  std::vector<ValType> params;
  std::vector<ValType> results;
  std::vector<LocalDecl> locals;
  Features features;
  std::function<void(ModuleBuilder&)> setup;
};

std::string Check(const Case& c, const Code& code) {
  ModuleBuilder b;
  if (c.setup) c.setup(b);
  b.Func(c.params, c.results, code, c.locals);
  return Msg(b.Validate(c.features));
}
std::string Check(const Code& code) {
  return Check(Case{}, code);
}
std::string Check(std::vector<ValType> params, std::vector<ValType> results, const Code& code) {
  Case c;
  c.params = std::move(params);
  c.results = std::move(results);
  return Check(c, code);
}

void WithMemory(ModuleBuilder& b) {
  b.Memory();
}

TEST(Valid, EmptyAndSimple) {
  EXPECT_EQ(Check(Code().End()), "ok");
  EXPECT_EQ(Check({i32, i32}, {i32}, Code().Get(0).Get(1).Op(O::I32Add).End()), "ok");
  EXPECT_EQ(Check({i32, i64}, {i32}, Code().Get(0).Get(1).Op(O::I32Add).End()),
            "type mismatch: instruction requires [i32 i32] but stack has [i32 i64]");
  EXPECT_EQ(Check({}, {i32}, Code().End()),
            "type mismatch: instruction requires [i32] but stack has []");
  EXPECT_EQ(Check(Code().I32(1).End()), "type mismatch: block requires [] but stack has [i32]");
  EXPECT_EQ(Check(Code().Op(O::I32Add).End()),
            "type mismatch: instruction requires [i32 i32] but stack has []");
}

TEST(Valid, ErrorOffsetIsTheInstruction) {
  ModuleBuilder b;
  const uint32_t f = b.Func({}, {}, Code().I32(1).I64(2).Op(O::I32Add).Op(O::Drop).End());
  auto r = b.Validate();
  ASSERT_FALSE(r);
  // i32.const 1 (2 bytes) + i64.const 2 (2 bytes): the add is at body + 4.
  EXPECT_EQ(r.error().offset, b.m.functions[f].body.offset + 4u);
  EXPECT_EQ(r.error().phase, Phase::Validate);
}

TEST(Valid, Locals) {
  Case c{{i32}, {}, {{2, i64}}, {}, {}};
  EXPECT_EQ(Check(c, Code().Get(2).Op(O::Drop).End()), "ok");
  EXPECT_EQ(Check(c, Code().Get(3).Op(O::Drop).End()), "unknown local 3");
  EXPECT_EQ(Check(c, Code().I64(1).Op(O::LocalSet).U32(1).End()), "ok");
  EXPECT_EQ(Check(c, Code().I32(1).Op(O::LocalSet).U32(1).End()),
            "type mismatch: instruction requires [i64] but stack has [i32]");
  EXPECT_EQ(Check(c, Code().I32(1).Op(O::LocalTee).U32(0).Op(O::Drop).End()), "ok");
}

TEST(Valid, Globals) {
  auto setup = [](ModuleBuilder& b) {
    b.Global(i32, false, Code().I32(0).End());
    b.Global(i32, true, Code().I32(0).End());
  };
  Case c{{}, {}, {}, {}, setup};
  EXPECT_EQ(Check(c, Code().Op(O::GlobalGet).U32(0).Op(O::Drop).End()), "ok");
  EXPECT_EQ(Check(c, Code().Op(O::GlobalGet).U32(2).Op(O::Drop).End()), "unknown global 2");
  EXPECT_EQ(Check(c, Code().I32(1).Op(O::GlobalSet).U32(1).End()), "ok");
  EXPECT_EQ(Check(c, Code().I32(1).Op(O::GlobalSet).U32(0).End()).rfind("immutable global", 0), 0u);
}

TEST(Valid, BlocksAndMultiValue) {
  EXPECT_EQ(Check({}, {i32}, Code().Op(O::Block).Type(i32).I32(1).End().End()), "ok");
  EXPECT_EQ(Check({}, {i32}, Code().Op(O::Block).Type(i32).End().End()),
            "type mismatch: instruction requires [i32] but stack has []");
  // Block with params via a type index: [i32 i32] -> [i32].
  Case c{{}, {i32}, {}, {}, [](ModuleBuilder& b) { b.Type({i32, i32}, {i32}); }};
  EXPECT_EQ(Check(c, Code().I32(1).I32(2).Op(O::Block).S32(0).Op(O::I32Add).End().End()), "ok");
  EXPECT_EQ(Check(c, Code().I32(1).Op(O::Block).S32(0).Op(O::I32Add).End().End()),
            "type mismatch: instruction requires [i32 i32] but stack has [i32]");
  EXPECT_EQ(Check(c, Code().I32(1).I32(2).Op(O::Loop).S32(0).Op(O::I32Add).End().End()), "ok");
  EXPECT_EQ(Check(c, Code().Op(O::Block).S32(7).End().End()), "unknown type 7");
  // Block values cannot reach outside.
  EXPECT_EQ(Check({}, {i32}, Code().I32(1).Op(O::Block).BlockEmpty().Op(O::Drop).End().End()),
            "type mismatch: drop requires a value but stack has []");
}

TEST(Valid, IfElse) {
  EXPECT_EQ(
      Check({}, {i32}, Code().I32(1).Op(O::If).Type(i32).I32(2).Op(O::Else).I32(3).End().End()),
      "ok");
  EXPECT_EQ(Check({}, {i32}, Code().I32(1).Op(O::If).Type(i32).I32(2).End().End())
                .rfind("type mismatch", 0),
            0u);
  EXPECT_EQ(Check(Code().Op(O::If).BlockEmpty().End().End()),
            "type mismatch: instruction requires [i32] but stack has []");
  EXPECT_EQ(
      Check({}, {i32}, Code().I32(1).Op(O::If).Type(i32).I32(2).Op(O::Else).F32().End().End()),
      "type mismatch: instruction requires [i32] but stack has [f32]");
}

TEST(Valid, Branches) {
  EXPECT_EQ(Check(Code().Op(O::Br).U32(0).End()), "ok");
  EXPECT_EQ(Check(Code().Op(O::Br).U32(1).End()), "unknown label");
  EXPECT_EQ(
      Check({}, {i32}, Code().Op(O::Block).Type(i32).I32(1).I32(0).Op(O::BrIf).U32(0).End().End()),
      "ok");
  EXPECT_EQ(Check({}, {i32}, Code().Op(O::Block).Type(i32).I32(0).Op(O::BrIf).U32(0).End().End()),
            "type mismatch: instruction requires [i32 i32] but stack has [i32]");
  // br_table: all targets must agree in arity.
  EXPECT_EQ(
      Check(
          Code().Op(O::Block).BlockEmpty().I32(0).Op(O::BrTable).U32(1).U32(0).U32(1).End().End()),
      "ok");
  EXPECT_EQ(Check({}, {i32},
                  Code()
                      .Op(O::Block)
                      .BlockEmpty()
                      .I32(1)
                      .I32(0)
                      .Op(O::BrTable)
                      .U32(1)
                      .U32(0)
                      .U32(1)
                      .End()
                      .I32(0)
                      .End())
                .rfind("type mismatch", 0),
            0u);
  EXPECT_EQ(Check(Code().I32(0).Op(O::BrTable).U32(1).U32(0).U32(5).End()), "unknown label");
  // Loop labels take the loop's params.
  Case c{{}, {}, {}, {}, [](ModuleBuilder& b) { b.Type({i32}, {}); }};
  EXPECT_EQ(Check(c, Code().I32(1).Op(O::Loop).S32(0).Op(O::Br).U32(0).End().End()), "ok");
  EXPECT_EQ(Check({}, {i32}, Code().I32(1).Op(O::Return).End()), "ok");
  EXPECT_EQ(Check({}, {i32}, Code().Op(O::Return).End()),
            "type mismatch: instruction requires [i32] but stack has []");
}

TEST(Valid, UnreachableIsPolymorphic) {
  EXPECT_EQ(Check({}, {i32}, Code().Op(O::Unreachable).End()), "ok");
  EXPECT_EQ(Check({}, {i32}, Code().Op(O::Unreachable).Op(O::I32Add).End()), "ok");
  EXPECT_EQ(Check({}, {i32}, Code().Op(O::Unreachable).Op(O::Select).End()), "ok");
  EXPECT_EQ(Check(Code().Op(O::Unreachable).Op(O::Drop).Op(O::Drop).End()), "ok");
  EXPECT_EQ(Check({}, {i32}, Code().Op(O::Unreachable).I64(0).End()),
            "type mismatch: instruction requires [i32] but stack has [i64]");
  EXPECT_EQ(Check({}, {i32}, Code().Op(O::Unreachable).I64(0).Op(O::I32Add).End()),
            "type mismatch: instruction requires [i32 i32] but stack has [i64]");
  // Values pushed after unreachable still count.
  EXPECT_EQ(Check(Code().Op(O::Br).U32(0).I32(1).End()),
            "type mismatch: block requires [] but stack has [i32]");
  // Unreachability ends with the block.
  EXPECT_EQ(Check({}, {i32}, Code().Op(O::Block).BlockEmpty().Op(O::Unreachable).End().End()),
            "type mismatch: instruction requires [i32] but stack has []");
  // br_table in unreachable code with labels of different types but the same arity.
  EXPECT_EQ(Check({}, {i32},
                  Code()
                      .Op(O::Block)
                      .Type(f32)
                      .Op(O::Unreachable)
                      .Op(O::BrTable)
                      .U32(1)
                      .U32(0)
                      .U32(1)
                      .End()
                      .Op(O::Drop)
                      .I32(0)
                      .End()),
            "ok");
}

TEST(Valid, Select) {
  EXPECT_EQ(Check({}, {i32}, Code().I32(1).I32(2).I32(0).Op(O::Select).End()), "ok");
  EXPECT_EQ(
      Check({}, {i32}, Code().I32(1).I64(2).I32(0).Op(O::Select).End()).rfind("type mismatch", 0),
      0u);
  Case refs{{funcref, funcref}, {funcref}, {}, {}, {}};
  EXPECT_EQ(Check(refs, Code().Get(0).Get(1).I32(0).Op(O::Select).End()).rfind("type mismatch", 0),
            0u);
  EXPECT_EQ(Check(refs, Code().Get(0).Get(1).I32(0).Op(O::SelectT).U32(1).Type(funcref).End()),
            "ok");
  EXPECT_EQ(Check(refs, Code().Get(0).Get(1).I32(0).Op(O::SelectT).U32(0).End()),
            "invalid result arity");
  EXPECT_EQ(
      Check(refs,
            Code().Get(0).Get(1).I32(0).Op(O::SelectT).U32(2).Type(funcref).Type(funcref).End()),
      "invalid result arity");
  Case vec{{v128, v128}, {v128}, {}, {}, {}};
  EXPECT_EQ(Check(vec, Code().Get(0).Get(1).I32(0).Op(O::Select).End()), "ok");
}

TEST(Valid, Calls) {
  Case c{{}, {i32}, {}, {}, [](ModuleBuilder& b) {
           b.Func({i32}, {i32}, Code().Get(0).End());  // function 0
           b.Table();
         }};
  EXPECT_EQ(Check(c, Code().I32(1).Op(O::Call).U32(0).End()), "ok");
  EXPECT_EQ(Check(c, Code().Op(O::Call).U32(0).End()),
            "type mismatch: instruction requires [i32] but stack has []");
  EXPECT_EQ(Check(c, Code().I32(1).Op(O::Call).U32(9).End()), "unknown function 9");
  EXPECT_EQ(Check(c, Code().I32(1).I32(0).Op(O::CallIndirect).U32(0).U32(0).End()), "ok");
  EXPECT_EQ(Check(c, Code().I32(1).I32(0).Op(O::CallIndirect).U32(5).U32(0).End()),
            "unknown type 5");
  EXPECT_EQ(Check(c, Code().I32(1).I32(0).Op(O::CallIndirect).U32(0).U32(1).End()),
            "unknown table 1");
  Case ext{{}, {}, {}, {}, [](ModuleBuilder& b) { b.Table(externref); }};
  EXPECT_EQ(
      Check(ext, Code().I32(0).Op(O::CallIndirect).U32(0).U32(0).End()).rfind("type mismatch", 0),
      0u);
}

TEST(Valid, MemoryInstructions) {
  Case c{{}, {}, {}, {}, WithMemory};
  EXPECT_EQ(Check(c, Code().I32(0).Op(O::I32Load).Mem(2).Op(O::Drop).End()), "ok");
  EXPECT_EQ(Check(c, Code().I32(0).Op(O::I32Load).Mem(3).Op(O::Drop).End()),
            "alignment must not be larger than natural");
  EXPECT_EQ(Check(c, Code().I32(0).Op(O::I64Load8U).Mem(1).Op(O::Drop).End()),
            "alignment must not be larger than natural");
  EXPECT_EQ(Check(c, Code().I32(0).Op(O::V128Load).Mem(4).Op(O::Drop).End()), "ok");
  EXPECT_EQ(Check(c, Code().I32(0).Op(O::V128Load8x8S).Mem(4).Op(O::Drop).End()),
            "alignment must not be larger than natural");
  EXPECT_EQ(Check(c, Code().I32(0).Op(O::I32Load).Mem(2, 0x100000000ull).Op(O::Drop).End()),
            "offset out of range");
  EXPECT_EQ(Check(c, Code().I64(0).Op(O::I32Load).Mem(2).Op(O::Drop).End()),
            "type mismatch: instruction requires [i32] but stack has [i64]");
  EXPECT_EQ(Check(c, Code().I32(0).I64(1).Op(O::I64Store).Mem(3).End()), "ok");
  EXPECT_EQ(Check(c, Code().I32(0).I32(1).Op(O::I64Store).Mem(3).End()),
            "type mismatch: instruction requires [i32 i64] but stack has [i32 i32]");
  EXPECT_EQ(Check(Code().I32(0).Op(O::I32Load).Mem(2).Op(O::Drop).End()), "unknown memory 0");
  EXPECT_EQ(Check(c, Code()
                         .Op(O::MemorySize)
                         .U32(0)
                         .I32(1)
                         .Op(O::MemoryGrow)
                         .U32(0)
                         .Op(O::Drop)
                         .Op(O::Drop)
                         .End()),
            "ok");
  EXPECT_EQ(Check(c, Code().Op(O::MemorySize).U32(1).Op(O::Drop).End()), "unknown memory 1");
  EXPECT_EQ(Check(c, Code().I32(0).I32(0).I32(0).Op(O::MemoryCopy).U32(0).U32(0).End()), "ok");
  EXPECT_EQ(Check(c, Code().I32(0).I32(0).I32(0).Op(O::MemoryFill).U32(0).End()), "ok");
}

TEST(Valid, DataSegmentsNeedDataCount) {
  auto setup = [](ModuleBuilder& b) {
    b.Memory();
    DataSegment d;
    d.mode = SegmentMode::Passive;
    b.m.datas.push_back(d);
  };
  Case c{{}, {}, {}, {}, setup};
  auto r = Check(c, Code().I32(0).I32(0).I32(0).Op(O::MemoryInit).U32(0).U32(0).End());
  EXPECT_EQ(r, "data count section required");
  EXPECT_EQ(Check(c, Code().Op(O::DataDrop).U32(0).End()), "data count section required");
  c.setup = [&](ModuleBuilder& b) {
    setup(b);
    b.m.data_count = 1;
  };
  EXPECT_EQ(Check(c, Code().I32(0).I32(0).I32(0).Op(O::MemoryInit).U32(0).U32(0).End()), "ok");
  EXPECT_EQ(Check(c, Code().Op(O::DataDrop).U32(1).End()), "unknown data segment 1");
}

TEST(Valid, SimdLanes) {
  Case c{{}, {}, {}, {}, WithMemory};
  EXPECT_EQ(Check(c, Code().V128().Op(O::I8x16ExtractLaneS).U8(15).Op(O::Drop).End()), "ok");
  EXPECT_EQ(Check(c, Code().V128().Op(O::I8x16ExtractLaneS).U8(16).Op(O::Drop).End()),
            "invalid lane index");
  EXPECT_EQ(Check(c, Code().V128().Op(O::F64x2ExtractLane).U8(2).Op(O::Drop).End()),
            "invalid lane index");
  EXPECT_EQ(Check(c, Code().V128().I64(0).Op(O::I64x2ReplaceLane).U8(1).Op(O::Drop).End()), "ok");
  EXPECT_EQ(Check(c, Code().V128().I32(0).Op(O::I64x2ReplaceLane).U8(1).Op(O::Drop).End()),
            "type mismatch: instruction requires [v128 i64] but stack has [v128 i32]");
  Code shuffle;
  shuffle.V128().V128().Op(O::I8x16Shuffle);
  for (int i = 0; i < 16; ++i) shuffle.U8(static_cast<uint8_t>(i * 2));
  EXPECT_EQ(Check(c, Code(shuffle).Op(O::Drop).End()), "ok");
  Code bad;
  bad.V128().V128().Op(O::I8x16Shuffle);
  for (int i = 0; i < 16; ++i) bad.U8(i == 3 ? 32 : 0);
  EXPECT_EQ(Check(c, bad.Op(O::Drop).End()), "invalid lane index");
  EXPECT_EQ(Check(c, Code().I32(0).V128().Op(O::V128Load32Lane).Mem(2).U8(3).Op(O::Drop).End()),
            "ok");
  EXPECT_EQ(Check(c, Code().I32(0).V128().Op(O::V128Load32Lane).Mem(2).U8(4).Op(O::Drop).End()),
            "invalid lane index");
  EXPECT_EQ(Check(c, Code().I32(0).V128().Op(O::V128Store16Lane).Mem(2).U8(0).End()),
            "alignment must not be larger than natural");
}

TEST(Valid, Tables) {
  Case c{{}, {}, {}, {}, [](ModuleBuilder& b) {
           b.Table(funcref);
           b.Table(externref);
           ElemSegment e;
           e.mode = SegmentMode::Passive;
           b.m.elems.push_back(e);
         }};
  EXPECT_EQ(Check(c, Code().I32(0).Op(O::TableGet).U32(0).Op(O::Drop).End()), "ok");
  EXPECT_EQ(Check(c, Code().I32(0).Op(O::TableGet).U32(2).Op(O::Drop).End()), "unknown table 2");
  EXPECT_EQ(Check(c, Code().I32(0).Op(O::RefNull).Heap(externref).Op(O::TableSet).U32(1).End()),
            "ok");
  EXPECT_EQ(Check(c, Code().I32(0).Op(O::RefNull).Heap(funcref).Op(O::TableSet).U32(1).End()),
            "type mismatch: instruction requires [i32 externref] but stack has [i32 funcref]");
  EXPECT_EQ(Check(c, Code()
                         .Op(O::RefNull)
                         .Heap(funcref)
                         .I32(1)
                         .Op(O::TableGrow)
                         .U32(0)
                         .Op(O::Drop)
                         .Op(O::TableSize)
                         .U32(1)
                         .Op(O::Drop)
                         .End()),
            "ok");
  EXPECT_EQ(Check(c, Code().I32(0).I32(0).I32(0).Op(O::TableInit).U32(0).U32(0).End()), "ok");
  EXPECT_EQ(Check(c, Code().I32(0).I32(0).I32(0).Op(O::TableInit).U32(0).U32(1).End())
                .rfind("type mismatch", 0),
            0u);
  EXPECT_EQ(Check(c, Code().I32(0).I32(0).I32(0).Op(O::TableInit).U32(4).U32(0).End()),
            "unknown elem segment 4");
  EXPECT_EQ(Check(c, Code().Op(O::ElemDrop).U32(0).End()), "ok");
  EXPECT_EQ(Check(c, Code().I32(0).I32(0).I32(0).Op(O::TableCopy).U32(1).U32(0).End())
                .rfind("type mismatch", 0),
            0u);
  EXPECT_EQ(Check(c, Code().I32(0).I32(0).I32(0).Op(O::TableCopy).U32(0).U32(0).End()), "ok");
}

TEST(Valid, References) {
  Case c{{}, {}, {}, {}, [](ModuleBuilder& b) { b.Func({}, {}, Code().End()); }};
  EXPECT_EQ(Check(c, Code().Op(O::RefFunc).U32(0).Op(O::Drop).End()),
            "undeclared function reference");
  c.setup = [](ModuleBuilder& b) {
    b.Func({}, {}, Code().End());
    b.Export("f", ExternKind::Func, 0);
  };
  EXPECT_EQ(Check(c, Code().Op(O::RefFunc).U32(0).Op(O::Drop).End()), "ok");
  EXPECT_EQ(Check(c, Code().Op(O::RefFunc).U32(7).Op(O::Drop).End()), "unknown function 7");
  EXPECT_EQ(Check({}, {i32}, Code().Op(O::RefNull).Heap(externref).Op(O::RefIsNull).End()), "ok");
  EXPECT_EQ(Check({}, {i32}, Code().I32(0).Op(O::RefIsNull).End()).rfind("type mismatch", 0), 0u);
}

TEST(Valid, MissingOrExtraEnd) {
  // A body without its final end, followed by more bytes: the reference decoder's wording.
  ModuleBuilder b;
  b.Func({}, {}, Code().I32(0).Op(O::Drop));
  b.Put(Code().Op(O::Nop));
  auto r = b.Validate();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "END opcode expected");
  EXPECT_EQ(r.error().phase, Phase::Decode);
  // ... at the end of the input.
  ModuleBuilder b1;
  b1.Func({}, {}, Code().Op(O::Block).BlockEmpty().End());
  EXPECT_EQ(Msg(b1.Validate()), "unexpected end of section or function");
  ModuleBuilder b2;
  b2.Func({}, {}, Code().End().Op(O::Nop));
  EXPECT_FALSE(b2.Validate());
}

}  // namespace
}  // namespace wr::valid
