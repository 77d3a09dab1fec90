#include "text/lexer.h"

#include <utility>

namespace wr::text {

Unexpected<Error> TextError(uint32_t line, std::string message) {
  return MakeError(Phase::Text, line, std::move(message));
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<uint8_t>(s[i]);
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((b0 & 0xe0) == 0xc0) {
      len = 2;
      cp = b0 & 0x1f;
    } else if ((b0 & 0xf0) == 0xe0) {
      len = 3;
      cp = b0 & 0x0f;
    } else if ((b0 & 0xf8) == 0xf0) {
      len = 4;
      cp = b0 & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto b = static_cast<uint8_t>(s[i + k]);
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    static constexpr uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return false;
    i += len;
  }
  return true;
}

namespace {

bool IsIdChar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '/':
    case ':':
    case '<':
    case '=':
    case '>':
    case '?':
    case '@':
    case '\\':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~': return true;
    default: return false;
  }
}

// Characters that may appear in a reserved token besides idchars and strings (`;` only
// when it does not start a `;;` comment; callers check the next character).
bool IsReservedChar(char c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == ';';
}

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

enum class Raw : uint8_t { LParen, RParen, Atom, Eof };

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}

  // The next raw token, with annotations and comments skipped.
  Result<Raw> Next(Token& tok) {
    for (;;) {
      WR_TRY_VOID(SkipSpace());
      if (pos_ >= src_.size()) return Raw::Eof;
      const char c = src_[pos_];
      if (c == '(' && Peek(1) == '@' && !in_annotation_) {
        WR_TRY_VOID(SkipAnnotation());
        continue;
      }
      tok_line_ = line_;
      if (c == '(') {
        ++pos_;
        return Raw::LParen;
      }
      if (c == ')') {
        ++pos_;
        return Raw::RParen;
      }
      WR_TRY_VOID(ReadAtom(tok));
      return Raw::Atom;
    }
  }
  uint32_t line() const { return line_; }
  uint32_t tok_line() const { return tok_line_; }
  size_t pos() const { return pos_; }
  std::vector<Annotation>& annotations() { return annotations_; }

 private:
  char Peek(size_t k) const { return pos_ + k < src_.size() ? src_[pos_ + k] : '\0'; }

  // True when the character at pos_ extends the current token (no separator follows).
  bool ContinuesToken() const {
    if (pos_ >= src_.size()) return false;
    const char c = src_[pos_];
    return IsIdChar(c) || c == '"' || (IsReservedChar(c) && !(c == ';' && Peek(1) == ';'));
  }

  Unexpected<Error> Fail(std::string msg) const { return TextError(line_, std::move(msg)); }

  // Error for a byte that may not appear outside strings and comments.
  Unexpected<Error> BadChar(size_t at) const {
    const auto b = static_cast<uint8_t>(src_[at]);
    if (b >= 0x80) {
      // Distinguish a well-formed non-ASCII character from broken UTF-8.
      size_t end = at + 1;
      while (end < src_.size() && (static_cast<uint8_t>(src_[end]) & 0xc0) == 0x80) ++end;
      if (!IsValidUtf8(src_.substr(at, end - at))) return Fail("malformed UTF-8 encoding");
    }
    return Fail("illegal character");
  }

  Result<void> SkipSpace() {
    while (pos_ < src_.size()) {
      const char c = src_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '\n') {
        ++pos_;
        ++line_;
      } else if (c == ';' && Peek(1) == ';') {
        const size_t start = pos_;
        // A line comment ends at a newline: LF, CR, or CRLF (3.0 text format, "newline").
        while (pos_ < src_.size() && src_[pos_] != '\n' && src_[pos_] != '\r') ++pos_;
        if (!IsValidUtf8(src_.substr(start, pos_ - start))) return Fail("malformed UTF-8 encoding");
      } else if (c == '(' && Peek(1) == ';') {
        WR_TRY_VOID(SkipBlockComment());
      } else {
        break;
      }
    }
    return {};
  }

  Result<void> SkipBlockComment() {
    const size_t start = pos_;
    pos_ += 2;
    uint32_t depth = 1;
    while (depth > 0) {
      if (pos_ >= src_.size()) return Fail("unclosed comment");
      const char c = src_[pos_];
      if (c == '(' && Peek(1) == ';') {
        ++depth;
        pos_ += 2;
      } else if (c == ';' && Peek(1) == ')') {
        --depth;
        pos_ += 2;
      } else {
        if (c == '\n') ++line_;
        ++pos_;
      }
    }
    if (!IsValidUtf8(src_.substr(start, pos_ - start))) return Fail("malformed UTF-8 encoding");
    return {};
  }

  // `(@id ...)`: skipped with its balanced contents, which must still be valid tokens. The
  // contents of the annotations the text format gives a meaning are kept (annotations()).
  Result<void> SkipAnnotation() {
    const size_t begin = pos_;
    const uint32_t begin_line = line_;
    pos_ += 2;
    std::string_view id;
    if (pos_ < src_.size() && src_[pos_] == '"') {
      std::string name;
      WR_TRY(bool ok, ReadString(name));
      if (!ok || name.empty()) return Fail("empty annotation id");
      if (!IsValidUtf8(name)) return Fail("malformed UTF-8 encoding");
    } else {
      const size_t start = pos_;
      while (pos_ < src_.size() && IsIdChar(src_[pos_])) ++pos_;
      if (pos_ == start) return Fail("empty annotation id");
      id = src_.substr(start, pos_ - start);
    }
    const bool keep = id == "custom" || id == "name" || id == "metadata.code.branch_hint";
    // Inside an annotation, `(@...` is an ordinary paren and a reserved token.
    in_annotation_ = true;
    std::vector<Sexp> open(1);  // the annotation's own list, then nested ones
    Token tok;
    while (!open.empty()) {
      auto r = Next(tok);
      if (!r) in_annotation_ = false;
      if (!r) return Unexpected(std::move(r).error());
      switch (*r) {
        case Raw::LParen: {
          if (open.size() >= kMaxDepth) return Fail("nesting too deep");
          Sexp list;
          list.is_list = true;
          list.line = tok_line_;
          list.begin = static_cast<uint32_t>(pos_ - 1);
          open.push_back(std::move(list));
          break;
        }
        case Raw::RParen: {
          Sexp done = std::move(open.back());
          open.pop_back();
          done.end = static_cast<uint32_t>(pos_);
          if (!open.empty()) {
            open.back().items.push_back(std::move(done));
          } else if (keep) {
            Annotation a;
            a.id = std::string(id);
            a.items = std::move(done.items);
            a.line = begin_line;
            a.begin = static_cast<uint32_t>(begin);
            a.end = static_cast<uint32_t>(pos_);
            annotations_.push_back(std::move(a));
          }
          break;
        }
        case Raw::Atom: {
          Sexp atom;
          atom.line = tok.line;
          atom.end = static_cast<uint32_t>(pos_);
          atom.begin = static_cast<uint32_t>(pos_ - tok.text.size());
          atom.tok = std::move(tok);
          open.back().items.push_back(std::move(atom));
          break;
        }
        case Raw::Eof: in_annotation_ = false; return Fail("unclosed annotation");
      }
    }
    in_annotation_ = false;
    return {};
  }

  // Reads a string literal starting at '"' into `out` (decoded). Returns false (not an
  // error) when the literal is unterminated or holds a character a string may not: the
  // caller picks the message. Malformed escapes and bad UTF-8 are errors.
  Result<bool> ReadString(std::string& out) {
    ++pos_;  // opening quote
    const size_t start = pos_;
    for (;;) {
      if (pos_ >= src_.size()) return false;
      const char c = src_[pos_];
      const auto b = static_cast<uint8_t>(c);
      if (c == '"') break;
      if (b < 0x20 || b == 0x7f) return false;
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      const char e = Peek(1);
      pos_ += 2;
      switch (e) {
        case 't': out += '\t'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case '"': out += '"'; break;
        case '\'': out += '\''; break;
        case '\\': out += '\\'; break;
        case 'u': {
          if (Peek(0) != '{') return Fail("illegal escape");
          ++pos_;
          uint32_t cp = 0;
          size_t digits = 0;
          while (pos_ < src_.size() && src_[pos_] != '}') {
            const int h = HexVal(src_[pos_]);
            if (h < 0) {
              if (src_[pos_] == '_' && digits > 0 && HexVal(Peek(1)) >= 0) {
                ++pos_;
                continue;
              }
              return Fail("illegal escape");
            }
            cp = cp * 16 + static_cast<uint32_t>(h);
            if (cp > 0x10ffff) return Fail("illegal escape");
            ++digits;
            ++pos_;
          }
          if (pos_ >= src_.size() || digits == 0) return Fail("illegal escape");
          ++pos_;  // '}'
          if (cp >= 0xd800 && cp < 0xe000) return Fail("illegal escape");
          AppendUtf8(out, cp);
          break;
        }
        default: {
          const int h1 = HexVal(e), h2 = HexVal(Peek(0));
          if (h1 < 0 || h2 < 0) return Fail("illegal escape");
          ++pos_;
          out += static_cast<char>(h1 * 16 + h2);
        }
      }
    }
    if (!IsValidUtf8(src_.substr(start, pos_ - start))) return Fail("malformed UTF-8 encoding");
    ++pos_;  // closing quote
    return true;
  }

  Result<void> ReadAtom(Token& tok) {
    const size_t start = pos_;
    tok = Token{};
    tok.line = line_;
    const char first = src_[pos_];
    if (first == '"') {
      std::string value;
      WR_TRY(bool ok, ReadString(value));
      if (!ok)
        return Fail(pos_ >= src_.size() || src_[pos_] == '\n' ? "unclosed string"
                                                              : "illegal character");
      if (ContinuesToken()) {
        WR_TRY_VOID(ReadRun());
        tok.kind = TokKind::Reserved;
      } else {
        tok.kind = TokKind::String;
        tok.value = std::move(value);
      }
      tok.text = src_.substr(start, pos_ - start);
      return {};
    }
    if (first == '$') {
      ++pos_;
      if (Peek(0) == '"') {
        std::string name;
        WR_TRY(bool ok, ReadString(name));
        if (!ok || name.empty()) return Fail("empty identifier");
        if (!IsValidUtf8(name)) return Fail("malformed UTF-8 encoding");
        if (ContinuesToken()) {
          WR_TRY_VOID(ReadRun());
          tok.kind = TokKind::Reserved;
        } else {
          tok.kind = TokKind::Id;
          tok.value = std::move(name);
        }
        tok.text = src_.substr(start, pos_ - start);
        return {};
      }
      if (pos_ >= src_.size() || !IsIdChar(src_[pos_])) return Fail("empty identifier");
    }
    if (!IsIdChar(first) && !IsReservedChar(first)) return BadChar(pos_);
    WR_TRY(bool plain, ReadRun());
    tok.text = src_.substr(start, pos_ - start);
    if (!plain) {
      tok.kind = TokKind::Reserved;
    } else if (first == '$') {
      tok.kind = TokKind::Id;
      tok.value = std::string(tok.text.substr(1));
    } else if (first >= 'a' && first <= 'z') {
      tok.kind = TokKind::Keyword;
    } else if ((first >= '0' && first <= '9') || first == '+' || first == '-') {
      tok.kind = TokKind::Num;
    } else {
      tok.kind = TokKind::Reserved;
    }
    return {};
  }

  // Consumes a maximal run of token characters; true when it was made of idchars only.
  Result<bool> ReadRun() {
    bool plain = true;
    while (pos_ < src_.size()) {
      const char c = src_[pos_];
      if (IsIdChar(c)) {
        ++pos_;
      } else if (IsReservedChar(c) && !(c == ';' && Peek(1) == ';')) {
        plain = false;
        ++pos_;
      } else if (c == '"') {
        plain = false;
        std::string ignored;
        WR_TRY(bool ok, ReadString(ignored));
        if (!ok) return Fail("unclosed string");
      } else {
        break;
      }
    }
    if (pos_ < src_.size()) {
      // A token must end at whitespace, a paren or a comment; anything else is illegal.
      const auto b = static_cast<uint8_t>(src_[pos_]);
      if (b >= 0x80 || (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f) {
        return BadChar(pos_);
      }
    }
    return plain;
  }

  std::string_view src_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t tok_line_ = 1;
  bool in_annotation_ = false;
  std::vector<Annotation> annotations_;
};

}  // namespace

Result<std::vector<Sexp>> ReadSexps(std::string_view source, std::vector<Annotation>* annotations) {
  Lexer lex(source);
  std::vector<Sexp> top;
  // Open lists, innermost last; each is moved into its parent when closed.
  std::vector<Sexp> stack;
  for (;;) {
    Token tok;
    WR_TRY(Raw raw, lex.Next(tok));
    switch (raw) {
      case Raw::LParen: {
        if (stack.size() >= kMaxDepth) return TextError(lex.tok_line(), "nesting too deep");
        Sexp list;
        list.is_list = true;
        list.line = lex.tok_line();
        list.begin = static_cast<uint32_t>(lex.pos() - 1);
        stack.push_back(std::move(list));
        break;
      }
      case Raw::RParen: {
        if (stack.empty()) return TextError(lex.tok_line(), "unexpected token )");
        Sexp done = std::move(stack.back());
        done.end = static_cast<uint32_t>(lex.pos());
        stack.pop_back();
        (stack.empty() ? top : stack.back().items).push_back(std::move(done));
        break;
      }
      case Raw::Atom: {
        Sexp atom;
        atom.line = tok.line;
        atom.end = static_cast<uint32_t>(lex.pos());
        atom.begin = static_cast<uint32_t>(lex.pos() - tok.text.size());
        atom.tok = std::move(tok);
        (stack.empty() ? top : stack.back().items).push_back(std::move(atom));
        break;
      }
      case Raw::Eof:
        if (!stack.empty()) return TextError(lex.line(), "unexpected end of input");
        if (annotations != nullptr) *annotations = std::move(lex.annotations());
        return top;
    }
  }
}

}  // namespace wr::text
