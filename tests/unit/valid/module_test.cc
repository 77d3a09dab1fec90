// Module-level validation: limits, globals and constant expressions, exports, start, segments.
#include <gtest/gtest.h>

#include <optional>

#include "test_module.h"

namespace wr::valid {
namespace {

using testing::Code;
using testing::ModuleBuilder;
using testing::Msg;
using O = Opcode;

const ValType i32 = ValType::I32();

TEST(Module, MemoryLimits) {
  ModuleBuilder b;
  b.Memory(65536);
  EXPECT_EQ(Msg(b.Validate()), "ok");
  b.m.memories[0].type.limits.min = 65537;
  EXPECT_EQ(Msg(b.Validate()), "memory size must be at most 65536 pages (4GiB)");
  b.m.memories[0].type.limits.min = 2;
  b.m.memories[0].type.limits.max = 1;
  EXPECT_EQ(Msg(b.Validate()), "size minimum must not be greater than maximum");
  b.m.memories[0].type.limits.max = 0x100000000ull;
  EXPECT_EQ(Msg(b.Validate()).rfind("memory size", 0), 0u);
}

TEST(Module, TableLimits) {
  ModuleBuilder b;
  b.Table(ValType::FuncRef(), 0xffffffffull);
  EXPECT_EQ(Msg(b.Validate()), "ok");
  b.m.tables[0].type.limits.min = 0x100000000ull;
  EXPECT_EQ(Msg(b.Validate()).rfind("table size", 0), 0u);
  b.m.tables[0].type.limits.min = 3;
  b.m.tables[0].type.limits.max = 2;
  EXPECT_EQ(Msg(b.Validate()), "size minimum must not be greater than maximum");
}

TEST(Module, MultipleMemoriesNeedTheFeature) {
  ModuleBuilder b;
  b.Memory();
  b.Memory();
  EXPECT_EQ(Msg(b.Validate()), "multiple memories");
  Features f;
  f.multi_memory = true;
  EXPECT_EQ(Msg(b.Validate(f)), "ok");
}

TEST(Module, GlobalInitialisers) {
  {
    ModuleBuilder b;
    b.Global(i32, false, Code().I32(1).End());
    b.Global(i32, false, Code().Op(O::GlobalGet).U32(0).End());  // earlier immutable: ok
    EXPECT_EQ(Msg(b.Validate()), "ok");
  }
  {
    ModuleBuilder b;
    b.Global(i32, false, Code().Op(O::GlobalGet).U32(0).End());  // itself: not yet visible
    EXPECT_EQ(Msg(b.Validate()), "unknown global 0");
  }
  {
    ModuleBuilder b;
    b.ImportGlobal(i32, true);
    b.Global(i32, false, Code().Op(O::GlobalGet).U32(0).End());
    EXPECT_EQ(Msg(b.Validate()), "constant expression required");
  }
  {
    ModuleBuilder b;
    b.Global(i32, false, Code().I32(1).I32(2).Op(O::I32Add).End());
    EXPECT_EQ(Msg(b.Validate()), "constant expression required");
    Features f;
    f.extended_const = true;
    EXPECT_EQ(Msg(b.Validate(f)), "ok");
  }
  {
    ModuleBuilder b;
    b.Global(i32, false, Code().I32(1).Op(O::Nop).End());
    EXPECT_EQ(Msg(b.Validate()), "constant expression required");
  }
  {
    ModuleBuilder b;
    b.Global(i32, false, Code().I64(1).End());
    EXPECT_EQ(Msg(b.Validate()), "type mismatch: instruction requires [i32] but stack has [i64]");
  }
  {
    ModuleBuilder b;
    b.Global(i32, false, Code().End());
    EXPECT_EQ(Msg(b.Validate()).rfind("type mismatch", 0), 0u);
  }
  {
    ModuleBuilder b;
    b.Global(ValType::FuncRef(), false, Code().Op(O::RefFunc).U32(0).End());
    b.Func({}, {}, Code().End());
    // ref.func in a global initialiser declares the function for bodies too.
    b.Func({}, {}, Code().Op(O::RefFunc).U32(0).Op(O::Drop).End());
    EXPECT_EQ(Msg(b.Validate()), "ok");
  }
}

TEST(Module, Exports) {
  ModuleBuilder b;
  b.Func({}, {}, Code().End());
  b.Export("a", ExternKind::Func, 0);
  b.Export("b", ExternKind::Func, 0);
  EXPECT_EQ(Msg(b.Validate()), "ok");
  b.Export("a", ExternKind::Func, 0);
  EXPECT_EQ(Msg(b.Validate()), "duplicate export name");
  b.m.exports.pop_back();
  b.Export("g", ExternKind::Global, 0);
  EXPECT_EQ(Msg(b.Validate()), "unknown global 0");
  b.m.exports.back() = Export{"m", ExternKind::Memory, 0, 0};
  EXPECT_EQ(Msg(b.Validate()), "unknown memory 0");
  b.m.exports.back() = Export{"t", ExternKind::Table, 0, 0};
  EXPECT_EQ(Msg(b.Validate()), "unknown table 0");
  b.m.exports.back() = Export{"f", ExternKind::Func, 1, 0};
  EXPECT_EQ(Msg(b.Validate()), "unknown function 1");
}

TEST(Module, Start) {
  ModuleBuilder b;
  b.Func({}, {}, Code().End());
  b.Func({i32}, {}, Code().End());
  b.m.start = 0;
  EXPECT_EQ(Msg(b.Validate()), "ok");
  b.m.start = 1;
  EXPECT_EQ(Msg(b.Validate()), "start function");
  b.m.start = 2;
  EXPECT_EQ(Msg(b.Validate()), "unknown function 2");
}

TEST(Module, ElemAndDataSegments) {
  ModuleBuilder b;
  b.Func({}, {}, Code().End());
  ElemSegment e;
  e.mode = SegmentMode::Active;
  e.table_index = 0;
  e.offset = b.Expr(Code().I32(0).End());
  e.func_indices = {0};
  b.m.elems.push_back(e);
  EXPECT_EQ(Msg(b.Validate()), "unknown table 0");
  b.Table();
  EXPECT_EQ(Msg(b.Validate()), "ok");
  b.m.elems[0].func_indices = {3};
  EXPECT_EQ(Msg(b.Validate()), "unknown function 3");
  b.m.elems[0].func_indices = {0};
  b.m.elems[0].offset = b.Expr(Code().I64(0).End());
  EXPECT_EQ(Msg(b.Validate()).rfind("type mismatch", 0), 0u);
  b.m.elems[0].offset = b.Expr(Code().I32(0).End());
  // Elements as expressions.
  b.m.elems[0].func_indices.clear();
  b.m.elems[0].uses_exprs = true;
  b.m.elems[0].exprs = {b.Expr(Code().Op(O::RefFunc).U32(0).End()),
                        b.Expr(Code().Op(O::RefNull).Heap(ValType::FuncRef()).End())};
  EXPECT_EQ(Msg(b.Validate()), "ok");
  b.m.elems[0].exprs.push_back(b.Expr(Code().Op(O::RefNull).Heap(ValType::ExternRef()).End()));
  EXPECT_EQ(Msg(b.Validate()).rfind("type mismatch", 0), 0u);
  b.m.elems[0].exprs.pop_back();
  // An externref segment for a funcref table.
  b.m.elems[0].type = ValType::ExternRef();
  EXPECT_EQ(Msg(b.Validate()).rfind("type mismatch", 0), 0u);
  b.m.elems.clear();

  DataSegment d;
  d.mode = SegmentMode::Active;
  d.offset = b.Expr(Code().I32(0).End());
  b.m.datas.push_back(d);
  EXPECT_EQ(Msg(b.Validate()), "unknown memory 0");
  b.Memory();
  EXPECT_EQ(Msg(b.Validate()), "ok");
  b.m.datas[0].offset = b.Expr(Code().Op(O::GlobalGet).U32(0).End());
  EXPECT_EQ(Msg(b.Validate()), "unknown global 0");
}

TEST(Module, FunctionTypeIndex) {
  ModuleBuilder b;
  b.Func({}, {}, Code().End());
  b.m.functions[0].type_index = 5;
  EXPECT_EQ(Msg(b.Validate()), "unknown type 5");
  ModuleBuilder b2;
  b2.Import(ExternKind::Func, 3);
  EXPECT_EQ(Msg(b2.Validate()), "unknown type 3");
}

// Errors outside bodies point at the entry at fault (ir::Module records each entry's offset).
TEST(Module, EntryErrorsCarryTheEntryOffset) {
  auto offset_of = [](const Result<void>& r) {
    return r ? std::optional<uint64_t>() : std::optional<uint64_t>(r.error().offset);
  };
  {
    ModuleBuilder b;
    b.Memory();
    b.m.memories[0].type.limits.min = 2;
    b.m.memories[0].type.limits.max = 1;
    b.m.memories[0].at = 0x21;
    EXPECT_EQ(offset_of(b.Validate()), 0x21u);
  }
  {
    ModuleBuilder b;
    b.Table(ValType::FuncRef(), 1);
    b.m.tables[0].type.limits.min = 3;
    b.m.tables[0].type.limits.max = 2;
    b.m.tables[0].at = 0x33;
    EXPECT_EQ(offset_of(b.Validate()), 0x33u);
  }
  {
    ModuleBuilder b;
    b.m.exports.push_back(Export{"x", ExternKind::Func, 9, 0x40});
    EXPECT_EQ(Msg(b.Validate()), "unknown function 9");
    EXPECT_EQ(offset_of(b.Validate()), 0x40u);
  }
  {
    ModuleBuilder b;
    b.Memory();
    b.m.exports.push_back(Export{"m", ExternKind::Memory, 0, 0x50});
    b.m.exports.push_back(Export{"m", ExternKind::Memory, 0, 0x58});
    EXPECT_EQ(Msg(b.Validate()), "duplicate export name");
    EXPECT_EQ(offset_of(b.Validate()), 0x58u);  // the later of the two
  }
  {
    ModuleBuilder b;
    b.m.start = 4;
    b.m.start_at = 0x61;
    EXPECT_EQ(offset_of(b.Validate()), 0x61u);
  }
  {
    ModuleBuilder b;  // the second memory is the one too many
    b.Memory();
    b.Memory();
    b.m.memories[1].at = 0x70;
    EXPECT_EQ(Msg(b.Validate()), "multiple memories");
    EXPECT_EQ(offset_of(b.Validate()), 0x70u);
  }
}

}  // namespace
}  // namespace wr::valid
