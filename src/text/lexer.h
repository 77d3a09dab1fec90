// Lexer and S-expression reader for the WebAssembly text format (WAT and WAST).
//
// The text format is an S-expression language; reading it into a tree first gives the
// module parser free lookahead (inline imports/exports, folded instructions, abbreviations)
// without backtracking over tokens. Comments, whitespace and annotations `(@id ...)` are
// dropped here, so no later stage sees them.
//
// Lexical errors use the spec test suite's wording ("unclosed string", "illegal character",
// "malformed UTF-8 encoding", "empty identifier", "unclosed annotation", ...).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace wr::text {

enum class TokKind : uint8_t {
  Keyword,   // starts with a lowercase letter: "i32.add", "offset=4", "nan:0x1", "inf"
  Id,        // $name or $"name"; value() holds the name without '$'
  Num,       // starts with a digit, or a sign: a number literal, checked when parsed
  String,    // "..."; value() holds the decoded bytes
  Reserved,  // any other run of id characters; never valid where a token is expected
};

struct Token {
  TokKind kind = TokKind::Reserved;
  uint32_t line = 0;
  std::string_view text;  // the source text of the token (points into the source)
  std::string value;      // String: decoded bytes; Id: the name
};

// A node of the tree: an atom (one token) or a parenthesised list.
struct Sexp {
  bool is_list = false;
  uint32_t line = 0;
  uint32_t begin = 0, end = 0;  // source byte offsets: [begin, end) of the token or the list
  Token tok;                    // atom only
  std::vector<Sexp> items;      // list only

  bool IsKeyword(std::string_view kw) const {
    return !is_list && tok.kind == TokKind::Keyword && tok.text == kw;
  }
  // A list whose first item is the keyword `kw`: `(kw ...)`.
  bool IsListOf(std::string_view kw) const {
    return is_list && !items.empty() && items[0].IsKeyword(kw);
  }
  // The head keyword of a list, or "" when the list is empty or starts with a non-keyword.
  std::string_view Head() const {
    if (!is_list || items.empty() || items[0].is_list || items[0].tok.kind != TokKind::Keyword) {
      return {};
    }
    return items[0].tok.text;
  }
};

// An annotation that means something to the text format (annotations proposal): @custom,
// @name and @metadata.code.branch_hint. Where it stands is told by its source span, which
// the module parser compares with the spans of the module's fields and instructions, as the
// reference interpreter does.
struct Annotation {
  std::string id;           // "custom", "name", "metadata.code.branch_hint"
  std::vector<Sexp> items;  // the contents after the id
  uint32_t line = 0;
  uint32_t begin = 0, end = 0;
};

// Reads all top-level S-expressions of `source`. Atoms at top level are kept as atoms (the
// caller decides whether that is an error). Nesting deeper than kMaxDepth is rejected.
// Annotations are dropped from the tree; those of Annotation's ids go to `annotations`.
inline constexpr uint32_t kMaxDepth = 3000;
Result<std::vector<Sexp>> ReadSexps(std::string_view source,
                                    std::vector<Annotation>* annotations = nullptr);

// A message in the text phase at a source line: "unexpected token" etc.
Unexpected<Error> TextError(uint32_t line, std::string message);

// True when `s` is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

}  // namespace wr::text
