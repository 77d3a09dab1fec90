#include "text/wat.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/lexer.h"

namespace wr::text {
namespace {

using Bytes = std::vector<uint8_t>;

const Bytes kHeader = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

Bytes Wat(std::string_view src) {
  auto r = ParseWat(src);
  EXPECT_TRUE(r) << src << "\n" << (r ? "" : r.error().ToString());
  return r ? *r : Bytes{};
}

std::string ErrorOf(std::string_view src) {
  auto r = ParseWat(src);
  return r ? std::string("<ok>") : r.error().message;
}

Bytes Module(std::initializer_list<Bytes> sections) {
  Bytes out = kHeader;
  for (const Bytes& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

// The payload of section `id` (without id and size); empty when absent.
Bytes Section(const Bytes& m, uint8_t id) {
  size_t p = 8;
  while (p < m.size()) {
    const uint8_t sid = m[p++];
    uint32_t size = 0, shift = 0;
    while (true) {
      const uint8_t b = m[p++];
      size |= uint32_t{b & 0x7fu} << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    if (sid == id)
      return Bytes(m.begin() + static_cast<long>(p), m.begin() + static_cast<long>(p + size));
    p += size;
  }
  return {};
}

// The body of the only function (after its size), from the code section.
Bytes Body(const Bytes& m) {
  Bytes code = Section(m, 10);
  if (code.size() < 2) return {};
  return Bytes(code.begin() + 2, code.end());  // count (1) and size (< 128)
}

TEST(Wat, EmptyModule) {
  EXPECT_EQ(Wat("(module)"), kHeader);
  EXPECT_EQ(Wat(""), kHeader);
  // The module's $id is its name in the name section (the last section; names.cc).
  EXPECT_EQ(Wat("(module $m)"),
            Module({{0x00, 0x09, 0x04, 'n', 'a', 'm', 'e', 0x00, 0x02, 0x01, 'm'}}));
}

TEST(Wat, SimpleFunction) {
  const Bytes expected = Module({
      {0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f},
      {0x03, 0x02, 0x01, 0x00},
      {0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00},
      {0x0a, 0x06, 0x01, 0x04, 0x00, 0x20, 0x00, 0x0b},
  });
  // Then the name section: local 0 of function 0 is "x".
  Bytes named_x = expected;
  for (uint8_t b :
       Bytes{0x00, 0x0d, 0x04, 'n', 'a', 'm', 'e', 0x02, 0x06, 0x01, 0x00, 0x01, 0x00, 0x01, 'x'}) {
    named_x.push_back(b);
  }
  EXPECT_EQ(Wat("(module (func (export \"f\") (param $x i32) (result i32) local.get $x))"),
            named_x);
  // Fields without the module wrapper, explicit type, folded form; names: function 0 "f",
  // type 0 "t".
  Bytes named_f_t = expected;
  for (uint8_t b : Bytes{0x00, 0x11, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x04, 0x01, 0x00, 0x01, 'f',
                         0x04, 0x04, 0x01, 0x00, 0x01, 't'}) {
    named_f_t.push_back(b);
  }
  EXPECT_EQ(Wat("(type $t (func (param i32) (result i32)))"
                "(func $f (type $t) (param i32) (result i32) (local.get 0))"
                "(export \"f\" (func $f))"),
            named_f_t);
}

TEST(Wat, ImplicitTypesAreAppendedInOrder) {
  const Bytes m =
      Wat("(type $a (func))"
          "(func (param i64))"
          "(func)"
          "(func (type $a))"
          "(func (call_indirect (param f32) (f32.const 0) (i32.const 0)))"
          "(table 1 funcref)");
  // Types: [] -> [], then (i64) -> [], then (f32) -> [].
  EXPECT_EQ(Section(m, 1),
            (Bytes{0x03, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7e, 0x00, 0x60, 0x01, 0x7d, 0x00}));
  EXPECT_EQ(Section(m, 3), (Bytes{0x04, 0x01, 0x00, 0x00, 0x00}));
}

TEST(Wat, InlineImportsExportsAndIndexSpaces) {
  const Bytes m = Wat(
      "(func $imp (import \"m\" \"f\") (param i32))"
      "(global $g (import \"m\" \"g\") (mut i64))"
      "(memory (export \"mem\") 1 2)"
      "(func $local (export \"a\") (export \"b\") (call $imp (i32.const 7)) global.get $g drop)");
  EXPECT_EQ(Section(m, 2), (Bytes{0x02, 0x01, 'm', 0x01, 'f', 0x00, 0x00,  // func, type 0
                                  0x01, 'm', 0x01, 'g', 0x03, 0x7e, 0x01}));
  EXPECT_EQ(Section(m, 5), (Bytes{0x01, 0x01, 0x01, 0x02}));
  EXPECT_EQ(Section(m, 7), (Bytes{0x03, 0x03, 'm', 'e', 'm', 0x02, 0x00, 0x01, 'a', 0x00, 0x01,
                                  0x01, 'b', 0x00, 0x01}));
  EXPECT_EQ(Body(m), (Bytes{0x00, 0x41, 0x07, 0x10, 0x00, 0x23, 0x00, 0x1a, 0x0b}));
}

TEST(Wat, InlineElemAndData) {
  const Bytes m =
      Wat("(table funcref (elem $f $f))"
          "(memory (data \"ab\" \"c\"))"
          "(func $f)");
  EXPECT_EQ(Section(m, 4), (Bytes{0x01, 0x70, 0x01, 0x02, 0x02}));
  EXPECT_EQ(Section(m, 5), (Bytes{0x01, 0x01, 0x01, 0x01}));
  EXPECT_EQ(Section(m, 9), (Bytes{0x01, 0x00, 0x41, 0x00, 0x0b, 0x02, 0x00, 0x00}));
  EXPECT_EQ(Section(m, 11), (Bytes{0x01, 0x00, 0x41, 0x00, 0x0b, 0x03, 'a', 'b', 'c'}));
}

TEST(Wat, ElemAndDataSegmentForms) {
  const Bytes m =
      Wat("(table $t 1 funcref) (table $u 1 externref) (memory 1) (memory $m2 1)"
          "(func $f)"
          "(elem (i32.const 0) $f)"
          "(elem $p func $f)"
          "(elem declare func $f)"
          "(elem (table $u) (offset (i32.const 0)) externref (ref.null extern))"
          "(elem funcref (item ref.func $f) (ref.null func))"
          "(data (i32.const 1) \"x\")"
          "(data $d \"y\")"
          "(data (memory $m2) (i32.const 2) \"z\")");
  EXPECT_EQ(Section(m, 9),
            (Bytes{0x05, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00,                    // active table 0
                   0x01, 0x00, 0x01, 0x00,                                      // passive funcs
                   0x03, 0x00, 0x01, 0x00,                                      // declarative funcs
                   0x06, 0x01, 0x41, 0x00, 0x0b, 0x6f, 0x01, 0xd0, 0x6f, 0x0b,  // exprs, table 1
                   0x05, 0x70, 0x02, 0xd2, 0x00, 0x0b, 0xd0, 0x70, 0x0b}));     // passive exprs
  EXPECT_EQ(Section(m, 11), (Bytes{0x03, 0x00, 0x41, 0x01, 0x0b, 0x01, 'x', 0x01, 0x01, 'y', 0x02,
                                   0x01, 0x41, 0x02, 0x0b, 0x01, 'z'}));
}

TEST(Wat, GcTypes) {
  const Bytes m =
      Wat("(rec (type $s (struct (field $x (mut i32)) (field i64 (ref null $s))))"
          "     (type $a (sub (array i8))))"
          "(type $b (sub final $a (array i8)))"
          "(func (param (ref $s)) (result i64) (struct.get $s 1 (local.get 0)))"
          "(func (param (ref $s)) (result i32) (struct.get $s $x (local.get 0)))");
  EXPECT_EQ(Section(m, 1),
            (Bytes{0x04, 0x4e, 0x02, 0x5f, 0x03, 0x7f, 0x01, 0x7e, 0x00, 0x63, 0x00, 0x00,
                   0x50, 0x00, 0x5e, 0x78, 0x00, 0x4f, 0x01, 0x01, 0x5e, 0x78, 0x00, 0x60,
                   0x01, 0x64, 0x00, 0x01, 0x7e, 0x60, 0x01, 0x64, 0x00, 0x01, 0x7f}));
}

TEST(Wat, ReferenceInstructions) {
  const Bytes m =
      Wat("(func (param anyref) (result anyref)"
          "  (block $l (result anyref) (br_on_cast $l anyref (ref i31) (local.get 0))))");
  EXPECT_EQ(Body(m),
            (Bytes{0x00, 0x02, 0x6e, 0x20, 0x00, 0xfb, 0x18, 0x01, 0x00, 0x6e, 0x6c, 0x0b, 0x0b}));
  const Bytes t = Wat("(func (param anyref) (result i32) (ref.test (ref null i31) (local.get 0)))");
  EXPECT_EQ(Body(t), (Bytes{0x00, 0x20, 0x00, 0xfb, 0x15, 0x6c, 0x0b}));
}

TEST(Wat, ExceptionHandling) {
  const Bytes m =
      Wat("(tag $e (param i32))"
          "(func (result i32)"
          "  (block $h (result i32)"
          "    (try_table (catch $e $h) (throw $e (i32.const 1)))"
          "    (i32.const 0)))");
  EXPECT_EQ(Section(m, 13), (Bytes{0x01, 0x00, 0x00}));
  EXPECT_EQ(Body(m), (Bytes{0x00, 0x02, 0x7f, 0x1f, 0x40, 0x01, 0x00, 0x00, 0x00, 0x41, 0x01, 0x08,
                            0x00, 0x0b, 0x41, 0x00, 0x0b, 0x0b}));
}

TEST(Wat, MemoryImmediates) {
  const Bytes m =
      Wat("(memory 1) (memory $m i64 1)"
          "(func (drop (i32.load $m offset=8 align=2 (i64.const 0)))"
          "      (drop (i64.load (i32.const 0)))"
          "      (memory.copy $m 0 (i64.const 0) (i32.const 0) (i32.const 0)))");
  EXPECT_EQ(Section(m, 5), (Bytes{0x02, 0x00, 0x01, 0x04, 0x01}));
  EXPECT_EQ(Body(m),
            (Bytes{0x00, 0x42, 0x00, 0x28, 0x41, 0x01, 0x08, 0x1a, 0x41, 0x00, 0x29, 0x03, 0x00,
                   0x1a, 0x42, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0a, 0x01, 0x00, 0x0b}));
  EXPECT_EQ(ErrorOf("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))"),
            "alignment must be a power of two");
}

TEST(Wat, SimdImmediates) {
  const Bytes m =
      Wat("(func (result v128)"
          "  (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31"
          "    (v128.const i16x8 1 -1 3 4 5 6 7 0xffff) (v128.const f32x4 1 0 0 -0)))");
  EXPECT_EQ(
      Body(m),
      (Bytes{0x00, 0xfd, 0x0c, 1, 0,    0xff, 0xff, 3, 0, 4, 0, 5,  0,  6,  0,  7,  0,  0xff, 0xff,
             0xfd, 0x0c, 0,    0, 0x80, 0x3f, 0,    0, 0, 0, 0, 0,  0,  0,  0,  0,  0,  0x80, 0xfd,
             0x0d, 0,    1,    2, 3,    4,    5,    6, 7, 8, 9, 10, 11, 12, 13, 14, 31, 0x0b}));
  EXPECT_EQ(ErrorOf("(func (v128.const i32x4 1 2 3) drop)"), "wrong number of lane literals");
}

TEST(Wat, BlocksLabelsAndSelect) {
  const Bytes m = Wat(
      "(func (param i32) (result i32)"
      "  block $outer (result i32)"
      "    (if (result i32) (local.get 0) (then (br $outer (i32.const 1))) (else (i32.const 2)))"
      "    loop $l br_table $l $outer 0 end"
      "  end $outer"
      "  (select (result i32) (i32.const 1) (i32.const 2) (local.get 0)))");
  EXPECT_EQ(Body(m), (Bytes{0x00, 0x02, 0x7f, 0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x0c, 0x01, 0x05,
                            0x41, 0x02, 0x0b, 0x03, 0x40, 0x0e, 0x02, 0x00, 0x01, 0x00, 0x0b, 0x0b,
                            0x41, 0x01, 0x41, 0x02, 0x20, 0x00, 0x1c, 0x01, 0x7f, 0x0b}));
  // Multi-value block types use a (possibly implicit) type index.
  const Bytes mv =
      Wat("(func (block (param) (result i32 i32) (i32.const 1) (i32.const 2)) drop drop)");
  EXPECT_EQ(Section(mv, 1), (Bytes{0x02, 0x60, 0x00, 0x00, 0x60, 0x00, 0x02, 0x7f, 0x7f}));
}

TEST(Wat, Constants) {
  const Bytes m =
      Wat("(func (drop (i32.const 0xffff_ffff)) (drop (i64.const -0x8000_0000_0000_0000))"
          "      (drop (f32.const -nan:0x1)) (drop (f64.const 0x1p-1074)))");
  EXPECT_EQ(Body(m), (Bytes{0x00, 0x41, 0x7f, 0x1a, 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                            0x80, 0x80, 0x80, 0x7f, 0x1a, 0x43, 0x01, 0x00, 0x80, 0xff, 0x1a,
                            0x44, 0x01, 0,    0,    0,    0,    0,    0,    0,    0x1a, 0x0b}));
}

TEST(Wat, Memory64CustomPagesAndTableInit) {
  const Bytes m =
      Wat("(memory i64 2 3) (memory (pagesize 1) (data \"xyz\"))"
          "(table 2 (ref null func) (ref.func $f)) (func $f)");
  EXPECT_EQ(Section(m, 5), (Bytes{0x02, 0x05, 0x02, 0x03, 0x09, 0x03, 0x03, 0x00}));
  EXPECT_EQ(Section(m, 4), (Bytes{0x01, 0x40, 0x00, 0x70, 0x00, 0x02, 0xd2, 0x00, 0x0b}));
}

TEST(Wat, BinaryModuleForm) {
  EXPECT_EQ(Wat("(module $m binary \"\\00asm\" \"\\01\\00\\00\\00\")"), kHeader);
}

TEST(Wat, Errors) {
  EXPECT_EQ(ErrorOf("(func br $nope)"), "unknown label $nope");
  EXPECT_EQ(ErrorOf("(func block $a end $b)"), "mismatching label");
  EXPECT_EQ(ErrorOf("(func $f) (func $f)"), "duplicate func");
  EXPECT_EQ(ErrorOf("(func (param $x i32) (local $x i32))"), "duplicate local");
  EXPECT_EQ(ErrorOf("(func call $g)"), "unknown function $g");
  EXPECT_EQ(ErrorOf("(func global.get $g)"), "unknown global $g");
  EXPECT_EQ(ErrorOf("(func (type $t))"), "unknown type $t");
  EXPECT_EQ(ErrorOf("(type $t (func)) (func (type $t) (param i32))"), "inline function type");
  EXPECT_EQ(ErrorOf("(func) (import \"a\" \"b\" (func))"), "import after function");
  EXPECT_EQ(ErrorOf("(global i32 (i32.const 0)) (memory (import \"a\" \"b\") 1)"),
            "import after global");
  EXPECT_EQ(ErrorOf("(func i32.foo)"), "unknown operator i32.foo");
  EXPECT_EQ(ErrorOf("(func (i32.const))"), "unexpected token");
  EXPECT_EQ(ErrorOf("(func (i32.const 0x))"), "unknown operator");
  EXPECT_EQ(ErrorOf("(func (i32.const 4294967296))"), "constant out of range");
  EXPECT_EQ(ErrorOf("(func (f32.const 1e40))"), "constant out of range");
  EXPECT_EQ(ErrorOf("(func (param i32))(func (local.get 0) (param i32))"), "unexpected token");
  EXPECT_EQ(ErrorOf("(start 0) (start 0)"), "multiple start sections");
  EXPECT_EQ(ErrorOf("(func (export \"\\ff\"))"), "malformed UTF-8 encoding");
  EXPECT_EQ(ErrorOf("(type (struct (field $a i32) (field $a i32)))"), "duplicate field");
  EXPECT_EQ(ErrorOf("(memory (pagesize 3) 1)"), "unexpected token");
  EXPECT_EQ(ErrorOf("(memory 1 (pagesize 3))"), "invalid custom page size");
  EXPECT_EQ(ErrorOf("(func (i8x16.extract_lane_s 256 (v128.const i64x2 0 0)))"),
            "i8 constant out of range");
  EXPECT_EQ(ErrorOf("(func (result i32) (i32.const 0) end)"), "unexpected token");
  EXPECT_EQ(ErrorOf("(module (func) (func) (foo))"), "unknown operator foo");
}

TEST(Wat, NumericIndicesAreNotChecked) {
  // Out-of-range numeric indices are the validator's business, not the parser's.
  EXPECT_TRUE(ParseWat("(func (call 99) (drop (global.get 5)))"));
}

TEST(Wat, DeepNestingIsBoundedNotACrash) {
  // Flat nesting is parsed iteratively: deep is fine.
  std::string flat = "(func ";
  for (int i = 0; i < 20000; ++i) flat += "block ";
  for (int i = 0; i < 20000; ++i) flat += "end ";
  flat += ")";
  EXPECT_TRUE(ParseWat(flat));
  // Folded nesting recurses; it is bounded.
  for (const char* open : {"(block ", "(i32.eqz ", "(if (then "}) {
    for (int depth : {990, 1010}) {
      std::string folded = "(func ";
      for (int i = 0; i < depth; ++i) folded += open;
      folded += "(i32.const 0)";
      for (int i = 0; i < depth; ++i) folded += std::string_view(open) == "(if (then " ? "))" : ")";
      folded += ")";
      auto r = ParseWat(folded);
      if (depth < 1000) {
        EXPECT_TRUE(r) << r.error().ToString();
      } else {
        EXPECT_EQ(r ? "<ok>" : r.error().message, "nesting too deep");
      }
    }
  }
  std::string unclosed = "(func ";
  for (int i = 0; i < 5000; ++i) unclosed += "block ";
  unclosed += ")";
  EXPECT_EQ(ErrorOf(unclosed), "unexpected token");
}

}  // namespace
}  // namespace wr::text

namespace wr::text {
namespace {

// Flat v128.const: the lane count must stop at the next instruction, and a malformed lane
// literal still counts as a lane ("unknown operator", not "wrong number of lane literals").
TEST(WatFlat, V128ConstFollowedByAnInstruction) {
  auto ok = ParseWat("(module (func (result i32) v128.const i32x4 1 2 3 4 i32x4.extract_lane 2))");
  EXPECT_TRUE(ok.has_value()) << (ok ? "" : ok.error().message);
  auto few = ParseWat("(module (func v128.const i32x4 1 2 3 drop))");
  ASSERT_FALSE(few.has_value());
  EXPECT_EQ(few.error().message, "wrong number of lane literals");
  auto bad = ParseWat("(module (func (v128.const f32x4 .0 .0 .0 .0) drop))");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message.rfind("unknown operator", 0), 0u) << bad.error().message;
}

}  // namespace
}  // namespace wr::text
