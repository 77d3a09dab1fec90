// WebAssembly 3.0 features: each is rejected with "unsupported feature: ..." while its flag is
// off, and checked per the spec when it is on.
#include <gtest/gtest.h>

#include "test_module.h"

namespace wr::valid {
namespace {

using testing::AllFeatures;
using testing::Code;
using testing::ModuleBuilder;
using testing::Msg;
using O = Opcode;

const ValType i32 = ValType::I32();
const ValType i64 = ValType::I64();

bool IsUnsupported(const Result<void>& r) {
  return !r && r.error().message.rfind("unsupported feature: ", 0) == 0;
}

TEST(Features, TailCall) {
  ModuleBuilder b;
  b.Func({}, {i32}, Code().I32(1).End());                    // 0
  b.Func({}, {i32}, Code().Op(O::ReturnCall).U32(0).End());  // 1
  EXPECT_TRUE(IsUnsupported(b.Validate()));
  Features f;
  f.tail_call = true;
  EXPECT_EQ(Msg(b.Validate(f)), "ok");
  b.Func({}, {i64}, Code().Op(O::ReturnCall).U32(0).End());  // result mismatch
  EXPECT_EQ(Msg(b.Validate(f)).rfind("type mismatch", 0), 0u);
  b.m.functions.pop_back();
  b.Table();
  b.Func({}, {i32}, Code().I32(0).Op(O::ReturnCallIndirect).U32(0).U32(0).End());
  EXPECT_EQ(Msg(b.Validate(f)), "ok");
}

TEST(Features, Memory64) {
  ModuleBuilder b;
  b.Memory(1, IndexType::I64);
  b.Func({}, {},
         Code()
             .I64(0)
             .Op(O::I32Load)
             .Mem(2, 0x100000000ull)
             .Op(O::Drop)
             .Op(O::MemorySize)
             .U32(0)
             .Op(O::MemoryGrow)
             .U32(0)
             .Op(O::Drop)
             .End());
  EXPECT_EQ(Msg(b.Validate()), "unsupported feature: memory64");
  Features f;
  f.memory64 = true;
  EXPECT_EQ(Msg(b.Validate(f)), "ok");
  b.m.functions[0].body = b.Put(Code().I32(0).Op(O::I32Load).Mem(2).Op(O::Drop).End());
  EXPECT_EQ(Msg(b.Validate(f)), "type mismatch: instruction requires [i64] but stack has [i32]");
  b.m.memories[0].type.limits.min = (uint64_t{1} << 48) + 1;
  EXPECT_EQ(Msg(b.Validate(f)).rfind("memory size", 0), 0u);
  // table64: i64 indices for table instructions.
  ModuleBuilder t;
  t.Table(ValType::FuncRef(), 1, IndexType::I64);
  t.Func({}, {}, Code().I64(0).Op(O::TableGet).U32(0).Op(O::Drop).End());
  EXPECT_TRUE(IsUnsupported(t.Validate()));
  EXPECT_EQ(Msg(t.Validate(f)), "ok");
}

TEST(Features, MultiMemoryCopyBetweenIndexTypes) {
  ModuleBuilder b;
  b.Memory(1, IndexType::I64);
  b.Memory(1, IndexType::I32);
  Features f;
  f.memory64 = f.multi_memory = true;
  // memory.copy 0 1: dst i64, src i32, length i32.
  b.Func({}, {}, Code().I64(0).I32(0).I32(0).Op(O::MemoryCopy).U32(0).U32(1).End());
  EXPECT_EQ(Msg(b.Validate(f)), "ok");
  b.m.functions[0].body = b.Put(Code().I64(0).I32(0).I64(0).Op(O::MemoryCopy).U32(0).U32(1).End());
  EXPECT_EQ(Msg(b.Validate(f)).rfind("type mismatch", 0), 0u);
  // memarg with an explicit memory index (flag bit 6).
  b.m.functions[0].body =
      b.Put(Code().I32(0).Op(O::I32Load).U32(0x40 | 2).U32(1).U64(0).Op(O::Drop).End());
  EXPECT_EQ(Msg(b.Validate(f)), "ok");
  b.m.functions[0].body =
      b.Put(Code().I32(0).Op(O::I32Load).U32(0x40 | 2).U32(2).U64(0).Op(O::Drop).End());
  EXPECT_EQ(Msg(b.Validate(f)), "unknown memory 2");
}

TEST(Features, CustomPageSizes) {
  ModuleBuilder b;
  b.Memory(1);
  b.m.memories[0].type.page_size_log2 = 0;
  EXPECT_TRUE(IsUnsupported(b.Validate()));
  Features f;
  f.custom_page_sizes = true;
  EXPECT_EQ(Msg(b.Validate(f)), "ok");
  b.m.memories[0].type.page_size_log2 = 2;
  EXPECT_EQ(Msg(b.Validate(f)), "invalid custom page size");
}

TEST(Features, RelaxedSimd) {
  ModuleBuilder b;
  b.Func({}, {}, Code().V128().V128().Op(O::I8x16RelaxedSwizzle).Op(O::Drop).End());
  EXPECT_EQ(Msg(b.Validate()), "unsupported feature: relaxed-simd");
  Features f;
  f.relaxed_simd = true;
  EXPECT_EQ(Msg(b.Validate(f)), "ok");
}

TEST(Features, FunctionReferences) {
  const ValType ref0 = ValType::RefIndex(0, false);
  const ValType ref0_null = ValType::RefIndex(0, true);
  ModuleBuilder b;
  b.Type({i32}, {i32});  // type 0
  b.Func({ref0_null}, {i32}, Code().I32(1).Get(0).Op(O::CallRef).U32(0).End());
  EXPECT_TRUE(IsUnsupported(b.Validate()));
  Features f;
  f.func_refs = true;
  EXPECT_EQ(Msg(b.Validate(f)), "ok");

  auto body = [&](std::vector<ValType> params, std::vector<ValType> results, const Code& c,
                  std::vector<LocalDecl> locals = {}) {
    ModuleBuilder m;
    m.Type({i32}, {i32});
    m.Func(std::move(params), std::move(results), c, std::move(locals));
    return Msg(m.Validate(f));
  };
  EXPECT_EQ(body({ref0_null}, {ref0}, Code().Get(0).Op(O::RefAsNonNull).End()), "ok");
  EXPECT_EQ(body({ref0_null}, {ref0}, Code().Get(0).End()),
            "type mismatch: instruction requires [(ref 0)] but stack has [(ref null 0)]");
  // Subtyping: (ref 0) <: (ref null 0) <: funcref.
  EXPECT_EQ(body({ref0}, {ValType::FuncRef()}, Code().Get(0).End()), "ok");
  EXPECT_EQ(body({ValType::FuncRef()}, {ref0_null}, Code().Get(0).End()).rfind("type mismatch", 0),
            0u);
  // br_on_null: falls through with a non-null reference.
  EXPECT_EQ(body({ref0_null}, {ref0},
                 Code()
                     .Op(O::Block)
                     .BlockEmpty()
                     .Get(0)
                     .Op(O::BrOnNull)
                     .U32(0)
                     .Op(O::Return)
                     .End()
                     .Op(O::Unreachable)
                     .End()),
            "ok");
  // br_on_non_null: the label receives the reference.
  EXPECT_EQ(body({ref0_null}, {ref0},
                 Code()
                     .Op(O::Block)
                     .Type(ref0)
                     .Get(0)
                     .Op(O::BrOnNonNull)
                     .U32(0)
                     .Op(O::Unreachable)
                     .End()
                     .End()),
            "ok");
  EXPECT_EQ(body({ref0_null}, {},
                 Code().Op(O::Block).BlockEmpty().Get(0).Op(O::BrOnNonNull).U32(0).End().End())
                .rfind("type mismatch", 0),
            0u);
  // Non-defaultable locals must be set before use; the effect ends with the block.
  EXPECT_EQ(
      body({ref0}, {}, Code().Get(0).Op(O::LocalSet).U32(1).Get(1).Op(O::Drop).End(), {{1, ref0}}),
      "ok");
  EXPECT_EQ(body({}, {}, Code().Get(0).Op(O::Drop).End(), {{1, ref0}}), "uninitialized local");
  EXPECT_EQ(body({ref0}, {},
                 Code()
                     .Op(O::Block)
                     .BlockEmpty()
                     .Get(0)
                     .Op(O::LocalSet)
                     .U32(1)
                     .End()
                     .Get(1)
                     .Op(O::Drop)
                     .End(),
                 {{1, ref0}}),
            "uninitialized local");
  // ref.func has the function's exact type when typed references are on.
  ModuleBuilder m;
  m.Type({i32}, {i32});
  m.Func(0, Code().Get(0).End());
  m.Export("f", ExternKind::Func, 0);
  m.Func({}, {ref0}, Code().Op(O::RefFunc).U32(0).End());
  EXPECT_EQ(Msg(m.Validate(f)), "ok");
}

TEST(Features, Exceptions) {
  ModuleBuilder b;
  b.Type({i32}, {});  // type 0: the tag's
  b.m.tags.push_back(Tag{TagType{0}, 0});
  b.Func({}, {}, Code().I32(1).Op(O::Throw).U32(0).End());
  EXPECT_TRUE(IsUnsupported(b.Validate()));
  Features f;
  f.exceptions = true;
  EXPECT_EQ(Msg(b.Validate(f)), "ok");
  b.m.functions[0].body = b.Put(Code().I64(1).Op(O::Throw).U32(0).End());
  EXPECT_EQ(Msg(b.Validate(f)), "type mismatch: instruction requires [i32] but stack has [i64]");
  b.m.functions[0].body = b.Put(Code().Op(O::Throw).U32(1).End());
  EXPECT_EQ(Msg(b.Validate(f)), "unknown tag 1");
  // try_table: catch 0 delivers [i32] to the enclosing block (result i32).
  b.m.functions[0] = Function{};
  b.m.functions.clear();
  b.Func({}, {i32},
         Code()
             .Op(O::Block)
             .Type(i32)
             .Op(O::TryTable)
             .BlockEmpty()
             .U32(1)
             .U8(0)
             .U32(0)
             .U32(0)
             .End()
             .I32(0)
             .End()
             .End());
  EXPECT_EQ(Msg(b.Validate(f)), "ok");
  // catch_all to a label expecting i32: mismatch.
  b.m.functions.clear();
  b.Func({}, {i32},
         Code()
             .Op(O::Block)
             .Type(i32)
             .Op(O::TryTable)
             .BlockEmpty()
             .U32(1)
             .U8(2)
             .U32(0)
             .End()
             .I32(0)
             .End()
             .End());
  EXPECT_EQ(Msg(b.Validate(f)).rfind("type mismatch", 0), 0u);
  // catch_all_ref delivers an exnref; throw_ref rethrows it.
  b.m.functions.clear();
  b.Func({}, {},
         Code()
             .Op(O::Block)
             .Type(ValType::Ref(HeapKind::Exn, true))
             .Op(O::TryTable)
             .BlockEmpty()
             .U32(1)
             .U8(3)
             .U32(0)
             .End()
             .Op(O::Return)
             .End()
             .Op(O::ThrowRef)
             .End());
  EXPECT_EQ(Msg(b.Validate(f)), "ok");
  // Tags with results are invalid.
  const uint32_t bad = b.Type({}, {i32});
  b.m.tags.push_back(Tag{TagType{bad}, 0});
  EXPECT_EQ(Msg(b.Validate(f)), "non-empty tag result type");
}

TEST(Features, GcInstructionsGated) {
  ModuleBuilder b;
  b.Func({}, {},
         Code().Op(O::RefNull).Heap(ValType::FuncRef()).Op(O::RefAsNonNull).Op(O::Drop).End());
  EXPECT_EQ(Msg(b.Validate()), "unsupported feature: function-references");
  ModuleBuilder g;
  g.Func({}, {}, Code().I32(0).Op(O::RefI31).Op(O::Drop).End());
  EXPECT_EQ(Msg(g.Validate()), "unsupported feature: gc");
  ModuleBuilder s;
  DefType st;
  st.kind = DefType::Kind::Struct;
  s.m.types.push_back(st);
  EXPECT_EQ(Msg(s.Validate()), "unsupported feature: gc");
}

TEST(Features, AllOnStillValidates2_0) {
  ModuleBuilder b;
  b.Memory();
  b.Func({i32}, {i32}, Code().Get(0).Op(O::I32Load).Mem(2).End());
  EXPECT_EQ(Msg(b.Validate(AllFeatures())), "ok");
}

}  // namespace
}  // namespace wr::valid
