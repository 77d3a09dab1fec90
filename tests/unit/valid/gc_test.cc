// GC: declared subtyping, iso-recursive type equivalence, struct/array/i31/cast instructions.
#include <gtest/gtest.h>

#include "test_module.h"

namespace wr::valid {
namespace {

using testing::Code;
using testing::ModuleBuilder;
using testing::Msg;
using O = Opcode;

const ValType i32 = ValType::I32();

Features Gc() {
  Features f;
  f.gc = f.func_refs = true;
  return f;
}

DefType Struct(std::vector<FieldType> fields, bool is_final = true,
               std::vector<uint32_t> supers = {}) {
  DefType t;
  t.kind = DefType::Kind::Struct;
  t.fields = std::move(fields);
  t.is_final = is_final;
  t.supertypes = std::move(supers);
  return t;
}
DefType Array(FieldType elem) {
  DefType t;
  t.kind = DefType::Kind::Array;
  t.fields = {elem};
  return t;
}
FieldType Field(ValType t, bool mut, FieldType::Packed p = FieldType::Packed::None) {
  FieldType f;
  f.type = t;
  f.mut = mut;
  f.packed = p;
  return f;
}

TEST(Gc, Structs) {
  ModuleBuilder b;
  b.m.types.push_back(Struct({Field(i32, true), Field(i32, false, FieldType::Packed::I8)}));
  const ValType ref = ValType::RefIndex(0, false);
  b.Func({}, {ref}, Code().I32(1).I32(2).Op(O::StructNew).U32(0).End());
  EXPECT_EQ(Msg(b.Validate(Gc())), "ok");
  b.m.functions.clear();
  b.Func({ref}, {i32}, Code().Get(0).Op(O::StructGetS).U32(0).U32(1).End());
  EXPECT_EQ(Msg(b.Validate(Gc())), "ok");
  b.m.functions.clear();
  b.Func({ref}, {i32}, Code().Get(0).Op(O::StructGet).U32(0).U32(1).End());
  EXPECT_EQ(Msg(b.Validate(Gc())).rfind("type mismatch", 0), 0u);  // packed needs get_s/_u
  b.m.functions.clear();
  b.Func({ref}, {}, Code().Get(0).I32(5).Op(O::StructSet).U32(0).U32(1).End());
  EXPECT_EQ(Msg(b.Validate(Gc())), "immutable field");
  b.m.functions.clear();
  b.Func({ref}, {}, Code().Get(0).I32(5).Op(O::StructSet).U32(0).U32(0).End());
  EXPECT_EQ(Msg(b.Validate(Gc())), "ok");
  b.m.functions.clear();
  b.Func({ref}, {i32}, Code().Get(0).Op(O::StructGet).U32(0).U32(2).End());
  EXPECT_EQ(Msg(b.Validate(Gc())), "unknown field 2");
}

TEST(Gc, Arrays) {
  ModuleBuilder b;
  b.m.types.push_back(Array(Field(i32, false)));
  const ValType ref = ValType::RefIndex(0, false);
  b.Func({}, {ref}, Code().I32(7).I32(3).Op(O::ArrayNew).U32(0).End());
  EXPECT_EQ(Msg(b.Validate(Gc())), "ok");
  b.m.functions.clear();
  b.Func({ref}, {}, Code().Get(0).I32(0).I32(1).Op(O::ArraySet).U32(0).End());
  EXPECT_EQ(Msg(b.Validate(Gc())), "immutable array");
  b.m.functions.clear();
  b.Func({}, {ref}, Code().I32(1).I32(2).I32(3).Op(O::ArrayNewFixed).U32(0).U32(3).End());
  EXPECT_EQ(Msg(b.Validate(Gc())), "ok");
  b.m.functions.clear();
  b.Func({ref}, {i32}, Code().Get(0).Op(O::ArrayLen).End());
  EXPECT_EQ(Msg(b.Validate(Gc())), "ok");
}

TEST(Gc, DeclaredSubtypes) {
  ModuleBuilder b;
  b.m.types.push_back(Struct({Field(i32, false)}, /*is_final=*/false));
  b.m.types.push_back(Struct({Field(i32, false), Field(i32, true)}, true, {0}));
  EXPECT_EQ(Msg(b.Validate(Gc())), "ok");
  // (ref 1) <: (ref 0) <: structref <: eqref <: anyref.
  b.Func({ValType::RefIndex(1, false)}, {ValType::Ref(HeapKind::Any, true)}, Code().Get(0).End());
  EXPECT_EQ(Msg(b.Validate(Gc())), "ok");
  b.m.types[0].is_final = true;
  EXPECT_EQ(Msg(b.Validate(Gc())), "sub type 1 does not match super type 0");
  b.m.types[0].is_final = false;
  b.m.types[1].fields[0] = Field(ValType::I64(), false);
  EXPECT_EQ(Msg(b.Validate(Gc())), "sub type 1 does not match super type 0");
  EXPECT_EQ(Msg(b.Validate()), "unsupported feature: gc");
}

TEST(Gc, EquivalentTypesAreInterchangeable) {
  ModuleBuilder b;
  b.m.types.push_back(Array(Field(i32, true)));   // 0
  b.m.types.push_back(Array(Field(i32, true)));   // 1: the same type
  b.m.types.push_back(Array(Field(i32, false)));  // 2: different
  b.Func({ValType::RefIndex(0, false)}, {ValType::RefIndex(1, false)}, Code().Get(0).End());
  EXPECT_EQ(Msg(b.Validate(Gc())), "ok");
  b.Func({ValType::RefIndex(0, false)}, {ValType::RefIndex(2, false)}, Code().Get(0).End());
  EXPECT_EQ(Msg(b.Validate(Gc())).rfind("type mismatch", 0), 0u);
}

TEST(Gc, CastsAndI31) {
  const ValType anyref = ValType::Ref(HeapKind::Any, true);
  const ValType i31 = ValType::Ref(HeapKind::I31, false);
  ModuleBuilder b;
  b.Func({anyref}, {i31}, Code().Get(0).Op(O::RefCast).Heap(i31).End());
  EXPECT_EQ(Msg(b.Validate(Gc())), "ok");
  b.m.functions.clear();
  b.Func({ValType::FuncRef()}, {i31}, Code().Get(0).Op(O::RefCast).Heap(i31).End());
  EXPECT_EQ(Msg(b.Validate(Gc())).rfind("type mismatch", 0), 0u);
  b.m.functions.clear();
  b.Func({}, {i32}, Code().I32(5).Op(O::RefI31).Op(O::I31GetS).End());
  EXPECT_EQ(Msg(b.Validate(Gc())), "ok");
  // br_on_cast 0 anyref (ref i31): the label gets (ref i31), the fallthrough anyref.
  b.m.functions.clear();
  b.Func({anyref}, {i31},
         Code()
             .Op(O::Block)
             .Type(i31)
             .Get(0)
             .Op(O::BrOnCast)
             .U8(1)
             .U32(0)
             .Heap(anyref)
             .Heap(i31)
             .Op(O::Drop)
             .Op(O::Unreachable)
             .End()
             .End());
  EXPECT_EQ(Msg(b.Validate(Gc())), "ok");
  // br_on_cast_fail 0 anyref (ref i31): the label gets anyref, which (ref i31) does not accept.
  b.m.functions.clear();
  b.Func({anyref}, {i31},
         Code()
             .Op(O::Block)
             .Type(i31)
             .Get(0)
             .Op(O::BrOnCastFail)
             .U8(1)
             .U32(0)
             .Heap(anyref)
             .Heap(i31)
             .End()
             .End());
  EXPECT_EQ(Msg(b.Validate(Gc())).rfind("type mismatch", 0), 0u);
}

}  // namespace
}  // namespace wr::valid
