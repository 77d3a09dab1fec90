#include "binary/reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "binary/writer.h"

namespace wr::binary {
namespace {

using Bytes = std::vector<uint8_t>;

// Builds a module: the header, then sections added in call order with correct sizes.
class ModuleBuilder {
 public:
  ModuleBuilder() { w_.Raw(std::string_view("\0asm\1\0\0\0", 8)); }
  ModuleBuilder& Section(uint8_t id, const Bytes& payload) {
    w_.U8(id);
    w_.VarU32(static_cast<uint32_t>(payload.size()));
    w_.Raw(payload);
    return *this;
  }
  ModuleBuilder& Custom(std::string_view name, const Bytes& payload) {
    Writer p;
    p.Name(name);
    p.Raw(payload);
    return Section(0, p.bytes());
  }
  ModuleBuilder& Raw(const Bytes& b) {
    w_.Raw(b);
    return *this;
  }
  const Bytes& bytes() const { return w_.bytes(); }
  size_t size() const { return w_.size(); }

 private:
  Writer w_;
};

Module ReadOk(const Bytes& bytes, const ReadOptions& options = {}) {
  auto r = ReadModule(bytes, options);
  EXPECT_TRUE(r.has_value()) << (r.has_value() ? "" : r.error().ToString());
  if (!r.has_value()) return Module();
  return std::move(r).value();
}

Error ReadErr(const Bytes& bytes, const ReadOptions& options = {}) {
  auto r = ReadModule(bytes, options);
  EXPECT_FALSE(r.has_value()) << "expected a decode error";
  if (r.has_value()) return Error();
  EXPECT_EQ(r.error().phase, Phase::Decode);
  return r.error();
}

#define EXPECT_ERR(bytes, msg, off)      \
  do {                                   \
    Error e_ = ReadErr(bytes);           \
    EXPECT_EQ(e_.message, msg);          \
    EXPECT_EQ(e_.offset, uint64_t{off}); \
  } while (0)

const Bytes kFuncTypeVoid = {0x01, 0x60, 0x00, 0x00};  // type section: one [] -> []

// ---- Header and section framing

TEST(Reader, EmptyModule) {
  Module m = ReadOk(ModuleBuilder().bytes());
  EXPECT_EQ(m.bytes.size(), 8u);
  EXPECT_TRUE(m.types.empty());
  EXPECT_EQ(m.num_funcs(), 0u);
}

TEST(Reader, Header) {
  EXPECT_ERR(Bytes{}, "unexpected end of section or function", 0);
  EXPECT_ERR((Bytes{0, 'a', 's'}), "unexpected end of section or function", 0);
  EXPECT_ERR((Bytes{0, 'a', 's', 'n', 1, 0, 0, 0}), "magic header not detected", 0);
  EXPECT_ERR((Bytes{0, 'a', 's', 'm', 1, 0, 0}), "unexpected end of section or function", 4);
  EXPECT_ERR((Bytes{0, 'a', 's', 'm', 2, 0, 0, 0}), "unknown binary version", 4);
  EXPECT_ERR((Bytes{0, 'a', 's', 'm', 0x0d, 0, 1, 0}), "unknown binary version", 4);
}

TEST(Reader, SectionIds) {
  EXPECT_ERR(ModuleBuilder().Raw({0x0e, 0x01, 0x00}).bytes(), "malformed section id", 8);
  EXPECT_ERR(ModuleBuilder().Raw({0x80, 0x01, 0x00}).bytes(), "malformed section id", 8);
}

TEST(Reader, SectionOrder) {
  // Function before type.
  auto b = ModuleBuilder().Section(3, {0x00}).Section(1, {0x00});
  EXPECT_ERR(b.bytes(), "unexpected content after last section", 11);
  // Duplicate section.
  b = ModuleBuilder().Section(1, {0x00}).Section(1, {0x00});
  EXPECT_ERR(b.bytes(), "unexpected content after last section", 11);
  // Data count must come before code; tag between memory and global.
  b = ModuleBuilder().Section(10, {0x00}).Section(12, {0x00});
  EXPECT_ERR(b.bytes(), "unexpected content after last section", 11);
  b = ModuleBuilder().Section(6, {0x00}).Section(13, {0x00});
  EXPECT_ERR(b.bytes(), "unexpected content after last section", 11);
  ReadOk(ModuleBuilder().Section(5, {0x00}).Section(13, {0x00}).Section(6, {0x00}).bytes());
  ReadOk(ModuleBuilder().Section(12, {0x00}).Section(10, {0x00}).Section(11, {0x00}).bytes());
  // Custom sections may appear anywhere, any number of times.
  Module m = ReadOk(ModuleBuilder()
                        .Custom("a", {1, 2})
                        .Section(1, {0x00})
                        .Custom("b", {})
                        .Custom("a", {3})
                        .bytes());
  ASSERT_EQ(m.customs.size(), 3u);
  EXPECT_EQ(m.customs[0].name, "a");
  EXPECT_EQ(m.customs[0].payload.size, 2u);
  EXPECT_EQ(m.Bytes(m.customs[0].payload)[1], 2);
  EXPECT_EQ(m.customs[2].payload.size, 1u);
}

TEST(Reader, SectionSizes) {
  // Size larger than the input.
  EXPECT_ERR(ModuleBuilder().Raw({0x01, 0x07, 0x01, 0x60, 0x00, 0x00}).bytes(),
             "length out of bounds", 9);
  // Content shorter than the declared size.
  EXPECT_ERR(ModuleBuilder().Section(1, {0x01, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00}).bytes(),
             "section size mismatch", 10);
  // Size field truncated.
  EXPECT_ERR(ModuleBuilder().Raw({0x01}).bytes(), "unexpected end of section or function", 9);
  // Custom section whose name runs past its size.
  EXPECT_ERR(ModuleBuilder().Raw({0x00, 0x01, 0x05, 'a', 'b', 'c', 'd', 'e'}).bytes(),
             "unexpected end of section or function", 16);
  // Custom section name with bad UTF-8.
  EXPECT_ERR(ModuleBuilder().Raw({0x00, 0x02, 0x01, 0xff}).bytes(), "malformed UTF-8 encoding", 10);
}

TEST(Reader, Leb128) {
  // Type count with a 6-byte u32 and with unused bits set.
  EXPECT_ERR(ModuleBuilder().Section(1, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00}).bytes(),
             "integer representation too long", 15);
  // "integer too large" names the offending byte itself, as the reference interpreter does.
  EXPECT_ERR(ModuleBuilder().Section(1, {0x80, 0x80, 0x80, 0x80, 0x10}).bytes(),
             "integer too large", 14);
}

TEST(Reader, HugeCountsFailBeforeAllocating) {
  // 2^32-1 functions, types, imports, globals in a few bytes.
  for (uint8_t id : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 13}) {
    Error e = ReadErr(ModuleBuilder().Section(id, {0xff, 0xff, 0xff, 0xff, 0x0f}).bytes());
    EXPECT_EQ(e.message, "length out of bounds") << int{id};
    EXPECT_EQ(e.offset, 10u);
  }
  // 2^32-1 local declarations.
  auto b = ModuleBuilder()
               .Section(1, kFuncTypeVoid)
               .Section(3, {0x01, 0x00})
               .Section(10, {0x01, 0x06, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x0b});
  EXPECT_ERR(b.bytes(), "length out of bounds", 22);
}

// ---- Types

TEST(Reader, FuncTypes) {
  Module m = ReadOk(
      ModuleBuilder()
          .Section(1, {0x02, 0x60, 0x02, 0x7f, 0x7e, 0x01, 0x7d, 0x60, 0x01, 0x64, 0x00, 0x00})
          .bytes());
  ASSERT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.types[0].kind, DefType::Kind::Func);
  EXPECT_EQ(m.types[0].func.params, (std::vector<ValType>{ValType::I32(), ValType::I64()}));
  EXPECT_EQ(m.types[0].func.results, (std::vector<ValType>{ValType::F32()}));
  EXPECT_TRUE(m.types[0].is_final);
  EXPECT_EQ(m.types[0].rec_group, 0u);
  EXPECT_EQ(m.types[0].rec_group_size, 1u);
  EXPECT_EQ(m.types[1].func.params[0], ValType::RefIndex(0, false));
  EXPECT_EQ(m.types[1].rec_group, 1u);
}

TEST(Reader, RecGroupsAndGcTypes) {
  const Bytes types = {
      0x02,                                // two rec types
      0x4e, 0x02,                          // rec group of 2
      0x50, 0x00, 0x5f, 0x02,              //   sub (no supers) struct, 2 fields
      0x78, 0x01,                          //     (mut i8)
      0x63, 0x01, 0x00,                    //     (ref null 1), immutable
      0x4f, 0x01, 0x00, 0x5e, 0x77, 0x00,  //   sub final 0 (array i16)
      0x5e, 0x7c, 0x01,                    // array (mut f64), its own group
  };
  Module m = ReadOk(ModuleBuilder().Section(1, types).bytes());
  ASSERT_EQ(m.types.size(), 3u);
  const DefType& s = m.types[0];
  EXPECT_EQ(s.kind, DefType::Kind::Struct);
  EXPECT_FALSE(s.is_final);
  EXPECT_TRUE(s.supertypes.empty());
  ASSERT_EQ(s.fields.size(), 2u);
  EXPECT_EQ(s.fields[0].packed, FieldType::Packed::I8);
  EXPECT_TRUE(s.fields[0].mut);
  EXPECT_EQ(s.fields[1].type, ValType::RefIndex(1, true));
  EXPECT_FALSE(s.fields[1].mut);
  EXPECT_EQ(s.rec_group, 0u);
  EXPECT_EQ(s.rec_group_size, 2u);
  const DefType& a = m.types[1];
  EXPECT_EQ(a.kind, DefType::Kind::Array);
  EXPECT_TRUE(a.is_final);
  EXPECT_EQ(a.supertypes, (std::vector<uint32_t>{0}));
  EXPECT_EQ(a.fields[0].packed, FieldType::Packed::I16);
  EXPECT_EQ(a.rec_group, 0u);
  EXPECT_EQ(a.rec_group_size, 2u);
  EXPECT_EQ(m.types[2].fields[0].type, ValType::F64());
  EXPECT_EQ(m.types[2].rec_group, 2u);
  EXPECT_EQ(m.types[2].rec_group_size, 1u);
  // An empty rec group defines no type.
  EXPECT_TRUE(ReadOk(ModuleBuilder().Section(1, {0x01, 0x4e, 0x00}).bytes()).types.empty());
}

TEST(Reader, MalformedTypes) {
  EXPECT_ERR(ModuleBuilder().Section(1, {0x01, 0x61, 0x00, 0x00}).bytes(),
             "malformed definition type", 11);
  EXPECT_ERR(ModuleBuilder().Section(1, {0x01, 0x60, 0x01, 0x50, 0x00}).bytes(),
             "malformed reference type", 13);
  EXPECT_ERR(ModuleBuilder().Section(1, {0x01, 0x5e, 0x76, 0x00}).bytes(), "malformed storage type",
             12);
  EXPECT_ERR(ModuleBuilder().Section(1, {0x01, 0x5e, 0x7f, 0x02}).bytes(), "malformed mutability",
             13);
  EXPECT_ERR(ModuleBuilder().Section(1, {0x01, 0x60, 0x01, 0x64, 0x7f, 0x00}).bytes(),
             "malformed heap type", 14);
}

// ---- Imports

TEST(Reader, Imports) {
  Writer w;
  w.VarU32(5);
  w.Name("m"), w.Name("f"), w.U8(0), w.U8(0);                 // func type 0
  w.Name("m"), w.Name("t"), w.U8(1), w.U8(0x70), w.U8(0x05);  // table64 funcref 1..2
  w.U8(1), w.U8(2);
  w.Name("m"), w.Name("mem"), w.U8(2), w.U8(0x03), w.U8(1), w.U8(2);  // shared memory 1..2
  w.Name("m"), w.Name("g"), w.U8(3), w.U8(0x7e), w.U8(1);             // (mut i64)
  w.Name("m"), w.Name("e"), w.U8(4), w.U8(0), w.U8(0);                // tag type 0
  Module m = ReadOk(ModuleBuilder().Section(1, kFuncTypeVoid).Section(2, w.bytes()).bytes());
  ASSERT_EQ(m.imports.size(), 5u);
  EXPECT_EQ(m.num_imported_funcs, 1u);
  EXPECT_EQ(m.num_imported_tables, 1u);
  EXPECT_EQ(m.num_imported_memories, 1u);
  EXPECT_EQ(m.num_imported_globals, 1u);
  EXPECT_EQ(m.num_imported_tags, 1u);
  EXPECT_EQ(m.imports[0].module, "m");
  EXPECT_EQ(m.imports[0].name, "f");
  EXPECT_EQ(m.imports[1].table.limits.index_type, IndexType::I64);
  EXPECT_EQ(m.imports[1].table.limits.max, 2u);
  EXPECT_TRUE(m.imports[2].memory.limits.shared);
  EXPECT_EQ(m.imports[2].name, "mem");
  EXPECT_EQ(m.imports[3].global.type, ValType::I64());
  EXPECT_TRUE(m.imports[3].global.mut);
  EXPECT_EQ(m.imports[4].kind, ExternKind::Tag);
  EXPECT_EQ(m.TagTypeOf(0).type_index, 0u);
}

TEST(Reader, MalformedImports) {
  Writer w;
  w.VarU32(1), w.Name("m"), w.Name("f"), w.U8(5), w.U8(0);
  EXPECT_ERR(ModuleBuilder().Section(2, w.bytes()).bytes(), "malformed import kind", 15);
  Writer tag;
  tag.VarU32(1), tag.Name("m"), tag.Name("f"), tag.U8(4), tag.U8(1), tag.U8(0);
  EXPECT_ERR(ModuleBuilder().Section(2, tag.bytes()).bytes(), "zero byte expected", 16);
  // Invalid UTF-8 in the module name: offset of its length.
  EXPECT_ERR(ModuleBuilder().Section(2, {0x01, 0x01, 0xc0, 0x00, 0x00, 0x00}).bytes(),
             "malformed UTF-8 encoding", 11);
  // A name longer than the input.
  EXPECT_ERR(ModuleBuilder().Section(2, {0x01, 0x20, 'a'}).bytes(), "length out of bounds", 11);
  // Two imports declared, one given.
  Writer two;
  two.VarU32(2), two.Name("m"), two.Name("f"), two.U8(0), two.U8(0);
  Error e = ReadErr(ModuleBuilder().Section(2, two.bytes()).bytes());
  EXPECT_EQ(e.message, "unexpected end of section or function");
}

// ---- Tables, memories, globals, tags

TEST(Reader, Tables) {
  const Bytes tables = {
      0x03, 0x70, 0x00, 0x01,              // funcref, min 1
      0x6f, 0x05, 0x02, 0x03,              // externref, table64, 2..3
      0x40, 0x00, 0x64, 0x70, 0x00, 0x01,  // (ref func) 1 with an init expression
      0xd2, 0x00, 0x0b,                    //   ref.func 0 end
  };
  Module m = ReadOk(ModuleBuilder().Section(4, tables).bytes());
  ASSERT_EQ(m.tables.size(), 3u);
  EXPECT_EQ(m.tables[0].type.elem, ValType::FuncRef());
  EXPECT_EQ(m.tables[0].type.limits.min, 1u);
  EXPECT_FALSE(m.tables[0].type.limits.max.has_value());
  EXPECT_FALSE(m.tables[0].init.has_value());
  EXPECT_EQ(m.tables[1].type.limits.index_type, IndexType::I64);
  EXPECT_EQ(m.tables[1].type.limits.max, 3u);
  EXPECT_EQ(m.tables[2].type.elem, ValType::Ref(HeapKind::Func, false));
  ASSERT_TRUE(m.tables[2].init.has_value());
  EXPECT_EQ(m.tables[2].init->code.offset, 24u);
  EXPECT_EQ(m.tables[2].init->code.size, 3u);
  // Shared tables and page sizes do not exist.
  EXPECT_ERR(ModuleBuilder().Section(4, {0x01, 0x70, 0x02, 0x00}).bytes(), "malformed limits flags",
             12);
  EXPECT_ERR(ModuleBuilder().Section(4, {0x01, 0x70, 0x08, 0x00}).bytes(), "malformed limits flags",
             12);
  EXPECT_ERR(ModuleBuilder().Section(4, {0x01, 0x7f, 0x00, 0x00}).bytes(),
             "malformed reference type", 11);
}

TEST(Reader, Memories) {
  const Bytes mems = {
      0x06, 0x00, 0x01,                    // 1
      0x01, 0x01, 0x02,                    // 1..2
      0x03, 0x01, 0x02,                    // shared 1..2
      0x04, 0x80, 0x80, 0x80, 0x80, 0x10,  // i64, min 2^32
      0x08, 0x00, 0x00,                    // min 0, page size 2^0
      0x09, 0x00, 0x05, 0x10,              // 0..5, page size 2^16
  };
  Module m = ReadOk(ModuleBuilder().Section(5, mems).bytes());
  ASSERT_EQ(m.memories.size(), 6u);
  EXPECT_EQ(m.memories[0].type.limits.min, 1u);
  EXPECT_EQ(m.memories[0].type.page_size_log2, 16u);
  EXPECT_EQ(m.memories[1].type.limits.max, 2u);
  EXPECT_TRUE(m.memories[2].type.limits.shared);
  EXPECT_EQ(m.memories[3].type.limits.index_type, IndexType::I64);
  EXPECT_EQ(m.memories[3].type.limits.min, uint64_t{1} << 32);
  EXPECT_EQ(m.memories[4].type.page_size_log2, 0u);
  EXPECT_EQ(m.memories[5].type.limits.max, 5u);
  EXPECT_EQ(m.memories[5].type.page_size_log2, 16u);

  EXPECT_ERR(ModuleBuilder().Section(5, {0x01, 0x10, 0x00}).bytes(), "malformed limits flags", 11);
  EXPECT_ERR(ModuleBuilder().Section(5, {0x01, 0x08, 0x00, 0x41}).bytes(),
             "invalid custom page size", 13);
  // Without the custom-page-sizes proposal, flag 0x08 is malformed (the core binary.wast).
  ReadOptions core;
  core.custom_page_sizes = false;
  core.shared_memory = false;
  Error e = ReadErr(ModuleBuilder().Section(5, {0x01, 0x08, 0x00}).bytes(), core);
  EXPECT_EQ(e.message, "malformed limits flags");
  EXPECT_EQ(e.offset, 11u);
  e = ReadErr(ModuleBuilder().Section(5, {0x01, 0x03, 0x00, 0x01}).bytes(), core);
  EXPECT_EQ(e.message, "malformed limits flags");
  // Limits are u64 in the binary format.
  EXPECT_ERR(ModuleBuilder()
                 .Section(5, {0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                              0x80, 0x00})
                 .bytes(),
             "integer representation too long", 22);
}

TEST(Reader, GlobalsAndConstExprs) {
  const Bytes globals = {
      0x03, 0x7f, 0x00, 0x41, 0x2a, 0x0b,              // i32 = 42
      0x7e, 0x01, 0x02, 0x40, 0x0b, 0x42, 0x01, 0x0b,  // mut i64 = block end i64.const 1 end
      0x63, 0x70, 0x00, 0xd0, 0x70, 0x0b,              // funcref = ref.null func
  };
  Module m = ReadOk(ModuleBuilder().Section(6, globals).bytes());
  ASSERT_EQ(m.globals.size(), 3u);
  EXPECT_EQ(m.globals[0].init.code.offset, 13u);
  EXPECT_EQ(m.globals[0].init.code.size, 3u);
  EXPECT_EQ(m.Bytes(m.globals[0].init.code).back(), 0x0b);
  EXPECT_TRUE(m.globals[1].type.mut);
  EXPECT_EQ(m.globals[1].init.code.size, 6u);  // the nested block's end does not end it
  EXPECT_EQ(m.globals[2].type.type, ValType::FuncRef());

  EXPECT_ERR(ModuleBuilder().Section(6, {0x01, 0x7f, 0x02, 0x41, 0x00, 0x0b}).bytes(),
             "malformed mutability", 12);
  // An expression without `end`, followed by another section.
  auto b = ModuleBuilder().Section(6, {0x01, 0x7f, 0x00, 0x41, 0x00}).Section(10, {0x00});
  EXPECT_ERR(b.bytes(), "unexpected end of section or function", 18);
  EXPECT_ERR(ModuleBuilder().Section(6, {0x01, 0x7f, 0x00, 0xf3, 0x0b}).bytes(),
             "illegal opcode f3", 13);
  EXPECT_ERR(ModuleBuilder().Section(6, {0x01, 0x7f, 0x00, 0x05, 0x0b}).bytes(),
             "END opcode expected", 13);
}

TEST(Reader, Tags) {
  Module m = ReadOk(ModuleBuilder()
                        .Section(1, kFuncTypeVoid)
                        .Section(13, {0x02, 0x00, 0x00, 0x00, 0x00})
                        .bytes());
  ASSERT_EQ(m.tags.size(), 2u);
  EXPECT_EQ(m.num_tags(), 2u);
  EXPECT_ERR(ModuleBuilder().Section(13, {0x01, 0x01, 0x00}).bytes(), "zero byte expected", 11);
}

// ---- Exports, start

TEST(Reader, ExportsAndStart) {
  Writer w;
  w.VarU32(2), w.Name("run"), w.U8(0), w.U8(3), w.Name("ex"), w.U8(4), w.U8(1);
  Module m = ReadOk(ModuleBuilder().Section(7, w.bytes()).Section(8, {0x07}).bytes());
  ASSERT_EQ(m.exports.size(), 2u);
  EXPECT_EQ(m.exports[0].name, "run");
  EXPECT_EQ(m.exports[0].kind, ExternKind::Func);
  EXPECT_EQ(m.exports[0].index, 3u);
  EXPECT_EQ(m.exports[1].kind, ExternKind::Tag);
  EXPECT_EQ(m.start, 7u);
  Writer bad;
  bad.VarU32(1), bad.Name("x"), bad.U8(5), bad.U8(0);
  EXPECT_ERR(ModuleBuilder().Section(7, bad.bytes()).bytes(), "malformed export kind", 13);
}

// ---- Element and data segments

TEST(Reader, ElementSegmentsAllEncodings) {
  const Bytes elems = {
      0x08, 0x00, 0x41, 0x00, 0x0b, 0x02, 0x00, 0x01,        // 0: active t0, funcs
      0x01, 0x00, 0x01, 0x02,                                // 1: passive, elemkind, funcs
      0x02, 0x01, 0x41, 0x01, 0x0b, 0x00, 0x01, 0x03,        // 2: active t1, elemkind, funcs
      0x03, 0x00, 0x00,                                      // 3: declarative, no funcs
      0x04, 0x41, 0x02, 0x0b, 0x01, 0xd2, 0x00, 0x0b,        // 4: active t0, exprs
      0x05, 0x6f, 0x01, 0xd0, 0x6f, 0x0b,                    // 5: passive externref, exprs
      0x06, 0x02, 0x41, 0x03, 0x0b, 0x70, 0x00,              // 6: active t2 funcref, none
      0x07, 0x70, 0x02, 0xd2, 0x01, 0x0b, 0xd0, 0x70, 0x0b,  // 7: declarative funcref, exprs
  };
  Module m = ReadOk(ModuleBuilder().Section(9, elems).bytes());
  ASSERT_EQ(m.elems.size(), 8u);
  const auto& e = m.elems;
  EXPECT_EQ(e[0].mode, SegmentMode::Active);
  EXPECT_EQ(e[0].table_index, 0u);
  EXPECT_EQ(e[0].offset.code.size, 3u);
  EXPECT_EQ(e[0].type, ValType::Ref(HeapKind::Func, false));
  EXPECT_FALSE(e[0].uses_exprs);
  EXPECT_EQ(e[0].func_indices, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(e[1].mode, SegmentMode::Passive);
  EXPECT_EQ(e[1].func_indices, (std::vector<uint32_t>{2}));
  EXPECT_EQ(e[2].mode, SegmentMode::Active);
  EXPECT_EQ(e[2].table_index, 1u);
  EXPECT_EQ(e[2].func_indices, (std::vector<uint32_t>{3}));
  EXPECT_EQ(e[3].mode, SegmentMode::Declarative);
  EXPECT_EQ(e[3].size(), 0u);
  EXPECT_EQ(e[4].mode, SegmentMode::Active);
  EXPECT_TRUE(e[4].uses_exprs);
  EXPECT_EQ(e[4].type, ValType::FuncRef());
  ASSERT_EQ(e[4].exprs.size(), 1u);
  EXPECT_EQ(e[4].exprs[0].code.size, 3u);
  EXPECT_EQ(e[5].mode, SegmentMode::Passive);
  EXPECT_EQ(e[5].type, ValType::ExternRef());
  EXPECT_EQ(e[6].table_index, 2u);
  EXPECT_EQ(e[6].size(), 0u);
  EXPECT_EQ(e[7].mode, SegmentMode::Declarative);
  EXPECT_EQ(e[7].size(), 2u);

  EXPECT_ERR(ModuleBuilder().Section(9, {0x01, 0x08, 0x00}).bytes(),
             "malformed elements segment kind", 11);
  EXPECT_ERR(ModuleBuilder().Section(9, {0x01, 0x01, 0x01, 0x00}).bytes(), "malformed element kind",
             12);
  EXPECT_ERR(ModuleBuilder().Section(9, {0x01, 0x05, 0x7f, 0x00}).bytes(),
             "malformed reference type", 12);
}

TEST(Reader, DataSegments) {
  const Bytes datas = {
      0x03, 0x00, 0x41, 0x00, 0x0b, 0x02, 'h', 'i',  // active m0
      0x01, 0x01, 'x',                               // passive
      0x02, 0x01, 0x41, 0x08, 0x0b, 0x00,            // active m1, empty
  };
  Module m = ReadOk(ModuleBuilder().Section(12, {0x03}).Section(11, datas).bytes());
  ASSERT_EQ(m.datas.size(), 3u);
  EXPECT_EQ(m.data_count, 3u);
  EXPECT_EQ(m.datas[0].mode, SegmentMode::Active);
  EXPECT_EQ(m.datas[0].bytes.size, 2u);
  EXPECT_EQ(m.Bytes(m.datas[0].bytes)[0], 'h');
  EXPECT_EQ(m.datas[1].mode, SegmentMode::Passive);
  EXPECT_EQ(m.datas[2].memory_index, 1u);
  EXPECT_EQ(m.datas[2].bytes.size, 0u);

  EXPECT_ERR(ModuleBuilder().Section(11, {0x01, 0x03, 0x00}).bytes(), "malformed data segment kind",
             11);
  EXPECT_ERR(ModuleBuilder().Section(12, {0x02}).Section(11, {0x01, 0x01, 0x00}).bytes(),
             "data count and data section have inconsistent lengths", 16);
  // Data bytes running past the input.
  Error e = ReadErr(ModuleBuilder().Raw({0x0b, 0x04, 0x01, 0x01, 0x03, 'a'}).bytes());
  EXPECT_EQ(e.message, "length out of bounds");
}

// ---- Code

Bytes OneFunction(const Bytes& body) {
  Writer w;
  w.VarU32(1);
  w.VarU32(static_cast<uint32_t>(body.size()));
  w.Raw(body);
  return w.bytes();
}

TEST(Reader, FunctionBodies) {
  auto b = ModuleBuilder()
               .Section(1, kFuncTypeVoid)
               .Section(3, {0x02, 0x00, 0x00})
               .Section(10, {0x02,                                            // two bodies
                             0x07, 0x02, 0x02, 0x7f, 0x01, 0x7e, 0x01, 0x0b,  // locals, nop end
                             0x02, 0x00, 0x0b});
  Module m = ReadOk(b.bytes());
  ASSERT_EQ(m.functions.size(), 2u);
  const Function& f = m.functions[0];
  EXPECT_EQ(f.type_index, 0u);
  const auto locals = m.LocalDeclsOf(f);
  ASSERT_EQ(locals.size(), 2u);
  EXPECT_EQ(locals[0].count, 2u);
  EXPECT_EQ(locals[0].type, ValType::I32());
  EXPECT_EQ(locals[1].type, ValType::I64());
  EXPECT_EQ(f.num_locals, 3u);
  // The second body declares none: its slice of the module's declarations is empty.
  EXPECT_EQ(m.functions[1].first_local_decl, 2u);
  EXPECT_TRUE(m.LocalDeclsOf(m.functions[1]).empty());
  EXPECT_EQ(m.local_decls.size(), 2u);
  EXPECT_EQ(f.body_start, 22u);
  EXPECT_EQ(f.body.offset, 28u);
  EXPECT_EQ(f.body.size, 2u);
  EXPECT_EQ(m.Bytes(f.body)[0], 0x01);
  EXPECT_EQ(m.functions[1].body.size, 1u);
  EXPECT_EQ(m.num_funcs(), 2u);
}

TEST(Reader, TooManyLocals) {
  auto b =
      ModuleBuilder()
          .Section(1, kFuncTypeVoid)
          .Section(3, {0x01, 0x00})
          .Section(10, OneFunction({0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x02, 0x7e, 0x0b}));
  EXPECT_ERR(b.bytes(), "too many locals", 22);
  // Up to the implementation limit of 50,000 is fine (run-length: nothing is allocated per
  // local); one more is too many, and the message names the limit.
  b = ModuleBuilder()
          .Section(1, kFuncTypeVoid)
          .Section(3, {0x01, 0x00})
          .Section(10, OneFunction({0x02, 0xcf, 0x86, 0x03, 0x7f, 0x01, 0x7e, 0x0b}));
  EXPECT_EQ(ReadOk(b.bytes()).functions[0].num_locals, 50'000u);
  b = ModuleBuilder()
          .Section(1, kFuncTypeVoid)
          .Section(3, {0x01, 0x00})
          .Section(10, OneFunction({0x02, 0xd0, 0x86, 0x03, 0x7f, 0x01, 0x7e, 0x0b}));
  EXPECT_ERR(b.bytes(), "too many locals: number of locals exceeds limit 50000", 22);
}

TEST(Reader, MissingEnd) {
  // Between two functions: the next body's size byte is read as an instruction.
  auto b =
      ModuleBuilder()
          .Section(1, kFuncTypeVoid)
          .Section(3, {0x02, 0x00, 0x00})
          .Section(10, {0x02, 0x04, 0x00, 0x41, 0x01, 0x1a, 0x05, 0x00, 0x41, 0x01, 0x1a, 0x0b});
  EXPECT_ERR(b.bytes(), "END opcode expected", 27);
  // At the end of the input.
  b = ModuleBuilder()
          .Section(1, kFuncTypeVoid)
          .Section(3, {0x01, 0x00})
          .Section(10, OneFunction({0x00, 0x41, 0x01, 0x1a}));
  EXPECT_ERR(b.bytes(), "unexpected end of section or function", 26);
  // Followed by a section starting with 0x0b, taken as the `end`.
  b = ModuleBuilder()
          .Section(1, kFuncTypeVoid)
          .Section(3, {0x01, 0x00})
          .Section(10, OneFunction({0x00, 0x41, 0x01, 0x1a}))
          .Section(11, {0x00});
  EXPECT_ERR(b.bytes(), "section size mismatch", 22);
}

TEST(Reader, FunctionAndCodeCounts) {
  auto b = ModuleBuilder().Section(1, kFuncTypeVoid).Section(3, {0x01, 0x00});
  EXPECT_ERR(b.bytes(), "function and code section have inconsistent lengths", 18);
  b = ModuleBuilder().Section(1, kFuncTypeVoid).Section(10, OneFunction({0x00, 0x0b}));
  EXPECT_ERR(b.bytes(), "function and code section have inconsistent lengths", 20);
}

TEST(Reader, DataCountRequired) {
  // memory.init 0 0 without a data count section.
  const Bytes body = {0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x00, 0x0b};
  auto b = ModuleBuilder()
               .Section(1, kFuncTypeVoid)
               .Section(3, {0x01, 0x00})
               .Section(5, {0x01, 0x00, 0x01})
               .Section(10, OneFunction(body))
               .Section(11, {0x01, 0x01, 0x00});
  EXPECT_ERR(b.bytes(), "data count section required", 44);
  // With it, fine.
  b = ModuleBuilder()
          .Section(1, kFuncTypeVoid)
          .Section(3, {0x01, 0x00})
          .Section(5, {0x01, 0x00, 0x01})
          .Section(12, {0x01})
          .Section(10, OneFunction(body))
          .Section(11, {0x01, 0x01, 0x00});
  ReadOk(b.bytes());
  // The bytes fc 08 inside an immediate are not memory.init.
  b = ModuleBuilder()
          .Section(1, kFuncTypeVoid)
          .Section(3, {0x01, 0x00})
          .Section(10, OneFunction({0x00, 0x44, 0xfc, 0x08, 0, 0, 0, 0, 0, 0, 0x1a, 0x0b}));
  ReadOk(b.bytes());
  // A prefix byte that does not start a pair (i32.const 124: 41 fc 00) is passed over, and the
  // data.drop (fc 09) after it, in the second body, is found.
  b = ModuleBuilder()
          .Section(1, kFuncTypeVoid)
          .Section(3, {0x02, 0x00, 0x00})
          .Section(5, {0x01, 0x00, 0x01})
          .Section(10, {0x02, 0x06, 0x00, 0x41, 0xfc, 0x00, 0x1a, 0x0b, 0x09, 0x00, 0x41, 0xfc,
                        0x00, 0x1a, 0xfc, 0x09, 0x00, 0x0b})
          .Section(11, {0x01, 0x01, 0x00});
  EXPECT_ERR(b.bytes(), "data count section required", b.bytes().size());
}

// ---- Name section

Bytes NameSection() {
  Writer w;
  w.U8(0);  // module name
  Writer mod;
  mod.Name("mymod");
  w.VarU32(static_cast<uint32_t>(mod.size()));
  w.Raw(mod.bytes());
  w.U8(1);  // function names
  Writer fn;
  fn.VarU32(2), fn.VarU32(0), fn.Name("first"), fn.VarU32(5), fn.Name("sixth");
  w.VarU32(static_cast<uint32_t>(fn.size()));
  w.Raw(fn.bytes());
  w.U8(2);  // local names: skipped
  w.VarU32(3), w.U8(0), w.U8(0), w.U8(0);
  return w.bytes();
}

TEST(Reader, NameSection) {
  Module m = ReadOk(ModuleBuilder().Custom("name", NameSection()).bytes());
  EXPECT_EQ(m.module_name, "mymod");
  ASSERT_EQ(m.func_names.size(), 2u);
  EXPECT_EQ(m.func_names.at(0), "first");
  EXPECT_EQ(m.func_names.at(5), "sixth");
  ASSERT_EQ(m.customs.size(), 1u);
  EXPECT_EQ(m.customs[0].name, "name");
}

TEST(Reader, MalformedNameSectionIsIgnored) {
  Bytes truncated = NameSection();
  truncated.resize(truncated.size() - 6);
  Module m = ReadOk(ModuleBuilder().Custom("name", truncated).bytes());
  EXPECT_TRUE(m.module_name.empty());
  EXPECT_TRUE(m.func_names.empty());
  // A huge function count, bad UTF-8, subsections out of order: all ignored.
  for (const Bytes& bad : {Bytes{0x01, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f},
                           Bytes{0x00, 0x02, 0x01, 0xff}, Bytes{0x01, 0x01, 0x00, 0x00, 0x00}}) {
    Module m2 = ReadOk(ModuleBuilder().Custom("name", bad).bytes());
    EXPECT_TRUE(m2.module_name.empty());
    EXPECT_TRUE(m2.func_names.empty());
  }
}

TEST(Reader, UnexpectedContentAfterLastSection) {
  auto b = ModuleBuilder().Section(11, {0x00}).Section(10, {0x00});
  EXPECT_ERR(b.bytes(), "unexpected content after last section", 11);
}

TEST(Reader, CopiesTheInput) {
  Bytes input = ModuleBuilder().Custom("c", {7}).bytes();
  Module m = ReadOk(input);
  input.assign(input.size(), 0);
  EXPECT_EQ(m.Bytes(m.customs[0].payload)[0], 7);
}

}  // namespace
}  // namespace wr::binary
