#include "text/lexer.h"

#include <gtest/gtest.h>

#include <string>

namespace wr::text {
namespace {

std::string ErrorOf(std::string_view src) {
  auto r = ReadSexps(src);
  return r ? std::string("<ok>") : r.error().message;
}

TEST(Lexer, TreeAndTokenKinds) {
  auto r = ReadSexps("(module $m (func \"a\\n\" 12 +3 i32.add @x))");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 1u);
  const Sexp& m = (*r)[0];
  ASSERT_TRUE(m.is_list);
  ASSERT_EQ(m.items.size(), 3u);
  EXPECT_TRUE(m.items[0].IsKeyword("module"));
  EXPECT_EQ(m.items[1].tok.kind, TokKind::Id);
  EXPECT_EQ(m.items[1].tok.value, "m");
  const Sexp& f = m.items[2];
  ASSERT_EQ(f.items.size(), 6u);
  EXPECT_EQ(f.items[1].tok.kind, TokKind::String);
  EXPECT_EQ(f.items[1].tok.value, "a\n");
  EXPECT_EQ(f.items[2].tok.kind, TokKind::Num);
  EXPECT_EQ(f.items[3].tok.kind, TokKind::Num);
  EXPECT_EQ(f.items[4].tok.kind, TokKind::Keyword);
  EXPECT_EQ(f.items[5].tok.kind, TokKind::Reserved);
}

TEST(Lexer, CommentsAndAnnotationsAreSkipped) {
  auto r =
      ReadSexps(";; line\n(a (; block (; nested ;) ;) b (@note x (y \"z)\") (@ w)) c)\n;; end");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 1u);
  const Sexp& a = (*r)[0];
  ASSERT_EQ(a.items.size(), 3u);
  EXPECT_TRUE(a.items[1].IsKeyword("b"));
  EXPECT_TRUE(a.items[2].IsKeyword("c"));
  EXPECT_EQ(a.items[2].line, 2u);
}

TEST(Lexer, StringEscapes) {
  auto r = ReadSexps(R"("\t\n\r\"\'\\\41\u{48}\u{20AC}")");
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ((*r)[0].tok.value, "\t\n\r\"'\\AH\xE2\x82\xAC");
}

TEST(Lexer, QuotedIdentifier) {
  auto r = ReadSexps(R"($"a b" $"\41")");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].tok.kind, TokKind::Id);
  EXPECT_EQ((*r)[0].tok.value, "a b");
  EXPECT_EQ((*r)[1].tok.value, "A");
}

TEST(Lexer, Errors) {
  EXPECT_EQ(ErrorOf("\"abc"), "unclosed string");
  EXPECT_EQ(ErrorOf("(a \x01)"), "illegal character");
  EXPECT_EQ(ErrorOf("(a \xff)"), "malformed UTF-8 encoding");
  EXPECT_EQ(ErrorOf("(a \xc3\xa4)"), "illegal character");  // valid UTF-8, not allowed here
  EXPECT_EQ(ErrorOf(";; \xff\n"), "malformed UTF-8 encoding");
  EXPECT_EQ(ErrorOf("(func $)"), "empty identifier");
  EXPECT_EQ(ErrorOf("(func $\"\")"), "empty identifier");
  EXPECT_EQ(ErrorOf("(@)"), "empty annotation id");
  EXPECT_EQ(ErrorOf("(@x (y)"), "unclosed annotation");
  EXPECT_EQ(ErrorOf("(; open"), "unclosed comment");
  EXPECT_EQ(ErrorOf("\"\\q\""), "illegal escape");
  EXPECT_EQ(ErrorOf("(a"), "unexpected end of input");
  EXPECT_EQ(ErrorOf(")"), "unexpected token )");
}

TEST(Lexer, DepthIsBounded) {
  std::string deep(kMaxDepth + 10, '(');
  deep += std::string(kMaxDepth + 10, ')');
  EXPECT_EQ(ErrorOf(deep), "nesting too deep");
  std::string ok(100, '(');
  ok += std::string(100, ')');
  EXPECT_EQ(ErrorOf(ok), "<ok>");
}

TEST(Lexer, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("abc\xE2\x82\xAC\xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
}

}  // namespace
}  // namespace wr::text
