// The name section the text format writes, read back by the binary decoder (round trips).
#include <gtest/gtest.h>

#include "binary/name_section.h"
#include "binary/reader.h"
#include "text/wat.h"

namespace wr {
namespace {

using binary::IndirectNameMap;
using binary::NameMap;
using binary::NameSection;

Module Load(std::string_view wat) {
  auto bytes = text::ParseWat(wat);
  EXPECT_TRUE(bytes) << bytes.error().ToString();
  auto m = binary::ReadModule(*bytes);
  EXPECT_TRUE(m) << m.error().ToString();
  return std::move(*m);
}

std::vector<const CustomSection*> NameSections(const Module& m) {
  std::vector<const CustomSection*> out;
  for (const CustomSection& c : m.customs) {
    if (c.name == "name") out.push_back(&c);
  }
  return out;
}

NameSection Names(const Module& m) {
  auto sections = NameSections(m);
  EXPECT_EQ(sections.size(), 1u);
  if (sections.empty()) return {};
  auto names =
      binary::DecodeNameSection(m.Bytes(sections[0]->payload), sections[0]->payload.offset);
  EXPECT_TRUE(names) << names.error().ToString();
  return names ? *names : NameSection();
}

TEST(TextNames, EveryKindRoundTrips) {
  const Module m = Load(R"((module $mod
    (type $sig (func (param i32)))
    (type $point (struct (field $x i32) (field $y i32)))
    (import "env" "f" (func $imported (type $sig)))
    (table $tab 1 funcref)
    (memory $mem 1)
    (global $g (mut i32) (i32.const 0))
    (tag $oops)
    (func $inner (param $a i32) (param i32) (local $tmp i64) (local f32)
      (block $outer
        (block
          (loop $again (br_if $again (local.get $a)))))
      (if $maybe (local.get 1) (then)))
    (func (export "anon"))
    (func $last)
    (elem $e func $inner)
    (data $d "x")))");
  const NameSection n = Names(m);
  EXPECT_EQ(n.module, "mod");
  EXPECT_EQ(n.functions, (NameMap{{0, "imported"}, {1, "inner"}, {3, "last"}}));
  EXPECT_EQ(n.locals, (IndirectNameMap{{1, {{0, "a"}, {2, "tmp"}}}}));
  // Labels are numbered in the order their blocks start: $outer 0, (unnamed) 1, $again 2,
  // $maybe 3.
  EXPECT_EQ(n.labels, (IndirectNameMap{{1, {{0, "outer"}, {2, "again"}, {3, "maybe"}}}}));
  EXPECT_EQ(n.types, (NameMap{{0, "sig"}, {1, "point"}}));
  EXPECT_EQ(n.fields, (IndirectNameMap{{1, {{0, "x"}, {1, "y"}}}}));
  EXPECT_EQ(n.tables, (NameMap{{0, "tab"}}));
  EXPECT_EQ(n.memories, (NameMap{{0, "mem"}}));
  EXPECT_EQ(n.globals, (NameMap{{0, "g"}}));
  EXPECT_EQ(n.tags, (NameMap{{0, "oops"}}));
  EXPECT_EQ(n.elems, (NameMap{{0, "e"}}));
  EXPECT_EQ(n.datas, (NameMap{{0, "d"}}));
  // What loading keeps for backtraces.
  EXPECT_EQ(m.module_name, "mod");
  EXPECT_EQ(m.func_names.size(), 3u);
  EXPECT_EQ(m.func_names.at(1), "inner");
  // Last: after the data section.
  EXPECT_EQ(m.customs.back().name, "name");
  EXPECT_GT(m.customs.back().payload.offset, m.datas.back().bytes.offset);
}

TEST(TextNames, NoNamesNoSection) {
  const Module m = Load("(module (func (export \"f\") (local i32) (block)))");
  EXPECT_TRUE(NameSections(m).empty());
}

TEST(TextNames, FlatBlocksAndLegacyTryAreNumberedToo) {
  const Module m = Load(R"((module (func $f
    block $a
      loop
        block $c end
      end
    end
    (try $t (do) (catch_all)))))");
  EXPECT_EQ(Names(m).labels, (IndirectNameMap{{0, {{0, "a"}, {2, "c"}, {3, "t"}}}}));
}

TEST(TextNames, NameAnnotationWins) {
  const Module m = Load(R"((module (@name "Module Name") $id
    (func $f (@name "the f"))
    (func (@name "no id"))))");
  const NameSection n = Names(m);
  EXPECT_EQ(n.module, "Module Name");
  EXPECT_EQ(n.functions, (NameMap{{0, "the f"}, {1, "no id"}}));
}

TEST(TextNames, OwnNameSectionIsKeptAlone) {
  // (@custom "name" ...) is the module's name section: no second one is added.
  const Module m = Load(R"((module (@custom "name" "\00\02\01m") (func $f)))");
  ASSERT_EQ(NameSections(m).size(), 1u);
  EXPECT_EQ(m.module_name, "m");
  EXPECT_TRUE(m.func_names.empty());
}

TEST(TextNames, NamesDoNotChangeTheModule) {
  // The same module with and without names: every byte before the name section is equal.
  auto named = text::ParseWat(R"((module $m (func $a (param $p i32) (block $b))
                                   (func $c (call $a (i32.const 1)))))");
  auto plain = text::ParseWat("(module (func (param i32) (block)) (func (call 0 (i32.const 1))))");
  ASSERT_TRUE(named && plain);
  ASSERT_GT(named->size(), plain->size());
  EXPECT_TRUE(std::equal(plain->begin(), plain->end(), named->begin()));
}

// ---- The encoder and decoder alone

TEST(NameSectionCodec, KnownBytes) {
  NameSection n;
  n.module = "m";
  n.functions = {{0, "f"}, {2, "g"}};
  n.locals = {{2, {{1, "x"}}}};
  const std::vector<uint8_t> expected = {
      0, 2, 1, 'm',                       // module
      1, 7, 2, 0,   1, 'f', 2, 1,   'g',  // functions
      2, 6, 1, 2,   1, 1,   1, 'x',       // locals: func 2, local 1
  };
  EXPECT_EQ(binary::EncodeNameSection(n), expected);
  auto back = binary::DecodeNameSection(expected);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->module, "m");
  EXPECT_EQ(back->functions, n.functions);
  EXPECT_EQ(back->locals, n.locals);
}

TEST(NameSectionCodec, AllSubsectionsRoundTrip) {
  NameSection n;
  n.module = "";
  n.functions = {{1, "f"}};
  n.locals = {{0, {{0, "p"}}}, {3, {{1, "q"}, {5, "r"}}}};
  n.labels = {{1, {{0, "l"}}}};
  n.types = {{0, "t"}};
  n.tables = {{0, "tb"}};
  n.memories = {{1, "mm"}};
  n.globals = {{7, "gg"}};
  n.elems = {{2, "ee"}};
  n.datas = {{3, "dd"}};
  n.fields = {{0, {{0, "a"}, {1, "b"}}}};
  n.tags = {{4, "tt"}};
  auto back = binary::DecodeNameSection(binary::EncodeNameSection(n));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->module, n.module);
  EXPECT_EQ(back->functions, n.functions);
  EXPECT_EQ(back->locals, n.locals);
  EXPECT_EQ(back->labels, n.labels);
  EXPECT_EQ(back->types, n.types);
  EXPECT_EQ(back->tables, n.tables);
  EXPECT_EQ(back->memories, n.memories);
  EXPECT_EQ(back->globals, n.globals);
  EXPECT_EQ(back->elems, n.elems);
  EXPECT_EQ(back->datas, n.datas);
  EXPECT_EQ(back->fields, n.fields);
  EXPECT_EQ(back->tags, n.tags);
}

TEST(NameSectionCodec, MalformedPayloads) {
  auto fails = [](std::vector<uint8_t> b, std::string_view why) {
    auto r = binary::DecodeNameSection(b);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find(why), std::string::npos) << r.error().ToString();
  };
  fails({1, 1, 0, 0, 2, 1, 'm'}, "subsection out of order");
  fails({1, 7, 2, 2, 1, 'f', 1, 1, 'g'}, "out of order");         // indices 2 then 1
  fails({1, 7, 2, 2, 1, 'f', 2, 1, 'g'}, "out of order");         // duplicate index
  fails({0, 3, 1, 'm', 0}, "section size mismatch");              // a byte left over
  fails({2, 4, 0x80, 0x80, 0x80, 0x08}, "length out of bounds");  // 2^24 functions
  fails({0, 9, 1, 'm'}, "");                                      // past the payload
  // Unknown subsections are skipped.
  auto r = binary::DecodeNameSection(std::vector<uint8_t>{0, 2, 1, 'm', 40, 1, 0xff});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->module, "m");
}

}  // namespace
}  // namespace wr
