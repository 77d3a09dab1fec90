// Which words are keywords of the text and script formats, to word errors as the reference
// interpreter does: its lexer knows every keyword, and reports any other word as an
// "unknown operator" while a known keyword in the wrong place is an "unexpected token".
#include <algorithm>
#include <array>
#include <string_view>

#include "ir/opcode.h"
#include "text/numbers.h"
#include "text/wat_parser.h"

namespace wr::text::internal {

namespace {

// Sorted; checked by std::binary_search.
constexpr std::array<std::string_view, 96> kKeywords = {
    "any",
    "anyref",
    "array",
    "arrayref",
    "assert_exception",
    "assert_exhaustion",
    "assert_invalid",
    "assert_malformed",
    "assert_return",
    "assert_trap",
    "assert_unlinkable",
    "binary",
    "block",
    "catch",
    "catch_all",
    "catch_all_ref",
    "catch_ref",
    "declare",
    "definition",
    "do",
    "either",
    "elem",
    "else",
    "end",
    "eq",
    "eqref",
    "exn",
    "exnref",
    "export",
    "extern",
    "externref",
    "f32",
    "f32x4",
    "f64",
    "f64x2",
    "field",
    "final",
    "func",
    "funcref",
    "get",
    "global",
    "i16",
    "i16x8",
    "i31",
    "i31ref",
    "i32",
    "i32x4",
    "i64",
    "i64x2",
    "i8",
    "i8x16",
    "if",
    "import",
    "inf",
    "input",
    "instance",
    "invoke",
    "item",
    "local",
    "loop",
    "memory",
    "module",
    "mut",
    "nan",
    "nan:arithmetic",
    "nan:canonical",
    "noexn",
    "noextern",
    "nofunc",
    "none",
    "null",
    "nullexnref",
    "nullexternref",
    "nullfuncref",
    "nullref",
    "offset",
    "output",
    "pagesize",
    "param",
    "quote",
    "rec",
    "ref",
    "register",
    "result",
    "script",
    "shared",
    "start",
    "struct",
    "structref",
    "sub",
    "table",
    "tag",
    "then",
    "try_table",
    "type",
    "v128",
};

bool IsKnownKeyword(std::string_view word) {
  if (std::binary_search(kKeywords.begin(), kKeywords.end(), word)) return true;
  if (word.starts_with("offset=") || word.starts_with("align=")) return true;
  return LookupOpcodeText(word).has_value();
}

}  // namespace

Unexpected<Error> Unexpect(const Sexp& s) {
  if (!s.is_list) {
    if (s.tok.kind == TokKind::Reserved) return TextError(s.line, "unknown operator");
    if (s.tok.kind == TokKind::Num) {
      // A number-like token that is no valid literal is a reserved token to the spec.
      const auto as_int = ParseIntBits(s.tok.text, 64);
      const auto as_float = ParseF64(s.tok.text);
      if (!as_int && as_int.error() == NumError::Malformed && !as_float &&
          as_float.error() == NumError::Malformed) {
        return TextError(s.line, "unknown operator");
      }
    }
    if (s.tok.kind == TokKind::Keyword && !IsKnownKeyword(s.tok.text)) {
      return TextError(s.line, "unknown operator " + std::string(s.tok.text));
    }
  }
  return TextError(s.line, "unexpected token");
}

}  // namespace wr::text::internal
