// The annotations the text format gives a meaning: @custom sections where their placement
// puts them, @metadata.code.branch_hint entries at the offsets of their instructions, and the
// errors of misplaced or malformed ones; then the custom-section check of branch hints.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "binary/reader.h"
#include "text/wat.h"
#include "valid/custom_sections.h"

namespace wr::text {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Wat(std::string_view src) {
  auto r = ParseWat(src);
  EXPECT_TRUE(r) << src << "\n" << (r ? "" : r.error().ToString());
  return r ? *r : Bytes{};
}

std::string ErrorOf(std::string_view src) {
  auto r = ParseWat(src);
  return r ? std::string("<ok>") : r.error().message;
}

Bytes Custom(std::string_view name, std::string_view content) {
  Bytes b;
  b.push_back(0x00);
  b.push_back(static_cast<uint8_t>(1 + name.size() + content.size()));
  b.push_back(static_cast<uint8_t>(name.size()));
  for (char ch : name) b.push_back(static_cast<uint8_t>(ch));
  for (char ch : content) b.push_back(static_cast<uint8_t>(ch));
  return b;
}

// The ids of the module's sections in order, custom sections by name.
std::vector<std::string> SectionOrder(const Bytes& m) {
  std::vector<std::string> out;
  size_t p = 8;
  while (p < m.size()) {
    const uint8_t id = m[p++];
    const uint8_t size = m[p++];  // small modules: one-byte sizes
    out.push_back(id == 0 ? std::string(m.begin() + p + 1, m.begin() + p + 1 + m[p])
                          : std::to_string(id));
    p += size;
  }
  return out;
}

TEST(Annotations, CustomSectionsGoWhereTheirPlacementSays) {
  const Bytes m = Wat(R"((module
    (@custom "z" "1")
    (@custom "a" (before first) "2" "3")
    (type (func))
    (@custom "f" (after func) "4")
    (func (type 0))
    (@custom "c" (before code))
    (global i32 (i32.const 0))
    (@custom "last" (after last) ""))
  )");
  EXPECT_EQ(SectionOrder(m),
            (std::vector<std::string>{"a", "1", "3", "f", "6", "c", "10", "z", "last"}));
  // The contents are the concatenated strings.
  const Bytes a = Custom("a", "23");
  EXPECT_TRUE(std::search(m.begin(), m.end(), a.begin(), a.end()) != m.end());
}

TEST(Annotations, MalformedAndMisplacedOnesAreErrors) {
  EXPECT_EQ(ErrorOf("(@custom)"), "@custom annotation: missing section name");
  EXPECT_EQ(ErrorOf("(@custom \"x\" (before))"), "@custom annotation: malformed section kind");
  EXPECT_EQ(ErrorOf("(@custom \"x\" (next func))"), "@custom annotation: malformed placement");
  EXPECT_EQ(ErrorOf("(@custom \"x\" \"y\" z)"), "@custom annotation: unexpected token");
  EXPECT_EQ(ErrorOf("(global (@custom \"x\") i32 (i32.const 0))"), "misplaced @custom annotation");
  EXPECT_EQ(ErrorOf("(module (@name \"a\") (@name \"b\"))"),
            "@name annotation: multiple module names");
  EXPECT_EQ(ErrorOf("(module (global i32 (i32.const 0)) (@name \"a\"))"),
            "misplaced @name annotation");
  EXPECT_EQ(ErrorOf("(module (func $f (@name \"f\") (@name \"g\")))"),
            "@name annotation: multiple function names");
  EXPECT_EQ(Wat("(module $m (@name \"m\") (func $f (@name \"f\")) (tag (@name \"t\")))").empty(),
            false);
  EXPECT_EQ(ErrorOf("(func (@metadata.code.branch_hint \"\\02\") (if (i32.const 0) (then)))"),
            "@metadata.code.branch_hint annotation: invalid hint value");
  EXPECT_EQ(ErrorOf("(func (nop) (@metadata.code.branch_hint \"\\01\"))"),
            "@metadata.code.branch_hint annotation: invalid placement");
  EXPECT_EQ(ErrorOf("(func (@metadata.code.branch_hint \"\\01\") (@metadata.code.branch_hint "
                    "\"\\01\") (if (i32.const 0) (then)))"),
            "@metadata.code.branch_hint annotation: duplicate annotation");
  // Other annotations are still ignored wherever they are.
  EXPECT_FALSE(Wat("(module (func (@whatever 1 (2)) (nop (@x))))").empty());
}

TEST(Annotations, BranchHintsNameTheirInstructionsByOffset) {
  // Body: locals vec (offset 0), i32.const 1 (1-2), if (3) 0x40 end, then the folded if
  // whose condition comes first: i32.const 0 (6-7), if at offset 8.
  const Bytes m = Wat(R"((module
    (func
      i32.const 1
      (@metadata.code.branch_hint "\01") if end
      (@metadata.code.branch_hint "\00")
      (if (i32.const 0) (then))))
  )");
  const Bytes want = {0x01, 0x00, 0x02, 0x03, 0x01, 0x01, 0x08, 0x01, 0x00};
  const Bytes section = Custom("metadata.code.branch_hint", std::string(want.begin(), want.end()));
  EXPECT_TRUE(std::search(m.begin(), m.end(), section.begin(), section.end()) != m.end());
  auto module = binary::ReadModule(m);
  ASSERT_TRUE(module.has_value());
  EXPECT_TRUE(valid::CheckCustomSections(*module).has_value());
}

TEST(Annotations, TheCheckWantsIfOrBrIf) {
  auto module = binary::ReadModule(Wat(
      "(module (func (param i32) (local.get 0) (@metadata.code.branch_hint \"\\01\") (drop)))"));
  ASSERT_TRUE(module.has_value());
  auto r = valid::CheckCustomSections(*module);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "@metadata.code.branch_hint annotation: invalid target");
  module = binary::ReadModule(
      Wat("(module (func (block (br_if 0 (@metadata.code.branch_hint \"\\00\") (i32.const 1)))))"));
  ASSERT_TRUE(module.has_value());
  // The hint precedes i32.const (in source order), not the br_if around it.
  EXPECT_FALSE(valid::CheckCustomSections(*module).has_value());
}

}  // namespace
}  // namespace wr::text
