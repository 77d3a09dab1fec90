#include "text/wast.h"

#include "text/lexer.h"
#include "text/numbers.h"
#include "text/wat.h"
#include "text/wat_parser.h"

namespace wr::text {

Result<std::vector<uint8_t>> ModuleSource::Encode() const {
  switch (form) {
    case Form::Quote: return ParseWat(quote);
    case Form::Binary: return bytes;
    case Form::Text:
      if (error) return Unexpected(*error);
      return bytes;
  }
  return bytes;
}

namespace {

using internal::Cursor;

Unexpected<Error> Bad(const Sexp& s, std::string what) {
  return TextError(s.line, "malformed script: " + what);
}

bool IsId(const Sexp& s) {
  return !s.is_list && s.tok.kind == TokKind::Id;
}
bool IsString(const Sexp& s) {
  return !s.is_list && s.tok.kind == TokKind::String;
}

std::optional<std::string> OptId(Cursor& c) {
  if (c.AtAtom(TokKind::Id)) return c.Next().tok.value;
  return std::nullopt;
}

// The annotations of the script being parsed (text::Annotation), for its text modules.
using Annotations = std::vector<Annotation>;

// (module $id? ...), (module definition $id? ...): text, binary or quote.
Result<ModuleSource> ParseModule(const Sexp& m, const Annotations& annotations) {
  ModuleSource src;
  src.line = m.line;
  Cursor c(m, 1);
  if (c.AtKeyword("definition")) {
    c.Next();
    src.is_definition = true;
  }
  src.name = OptId(c);
  if (c.AtKeyword("binary") || c.AtKeyword("quote")) {
    const bool binary = c.Next().tok.text == "binary";
    src.form = binary ? ModuleSource::Form::Binary : ModuleSource::Form::Quote;
    while (!c.Done()) {
      const Sexp& s = c.Next();
      if (!IsString(s)) return Bad(s, "expected a string");
      if (binary) {
        src.bytes.insert(src.bytes.end(), s.tok.value.begin(), s.tok.value.end());
      } else {
        src.quote += s.tok.value;
      }
    }
    return src;
  }
  std::vector<const Sexp*> fields;
  while (!c.Done()) fields.push_back(&c.Next());
  internal::WatParser parser;
  std::vector<const Annotation*> inside;
  for (const Annotation& a : annotations) {
    if (a.begin >= m.begin && a.end <= m.end) inside.push_back(&a);
  }
  parser.SetAnnotations(std::move(inside));
  auto bytes = parser.Parse(fields);
  if (bytes) {
    src.bytes = std::move(*bytes);
  } else {
    src.error = std::move(bytes).error();
  }
  return src;
}

Result<LaneShape> ParseShape(const Sexp& s) {
  if (s.IsKeyword("i8x16")) return LaneShape::I8x16;
  if (s.IsKeyword("i16x8")) return LaneShape::I16x8;
  if (s.IsKeyword("i32x4")) return LaneShape::I32x4;
  if (s.IsKeyword("i64x2")) return LaneShape::I64x2;
  if (s.IsKeyword("f32x4")) return LaneShape::F32x4;
  if (s.IsKeyword("f64x2")) return LaneShape::F64x2;
  return Bad(s, "expected a lane shape");
}

Result<uint64_t> ParseScalar(const Sexp& s, unsigned bits, bool is_float, NanPattern* nan) {
  if (s.is_list) return Bad(s, "expected a number");
  if (is_float && nan != nullptr) {
    if (s.tok.text == "nan:canonical") {
      *nan = NanPattern::Canonical;
      return 0;
    }
    if (s.tok.text == "nan:arithmetic") {
      *nan = NanPattern::Arithmetic;
      return 0;
    }
  }
  if (is_float) {
    if (bits == 32) {
      auto v = ParseF32(s.tok.text);
      if (!v) return Bad(s, "bad f32 literal");
      return *v;
    }
    auto v = ParseF64(s.tok.text);
    if (!v) return Bad(s, "bad f64 literal");
    return *v;
  }
  auto v = ParseIntBits(s.tok.text, bits);
  if (!v) return Bad(s, "bad integer literal");
  return *v;
}

Result<Value> ParseValue(const Sexp& s, bool result) {
  if (!s.is_list || s.items.empty()) return Bad(s, "expected a constant");
  const std::string_view head = s.Head();
  Cursor c(s, 1);
  Value v;
  auto one_arg = [&]() -> Result<const Sexp*> {
    if (s.items.size() != 2) return Bad(s, "expected one operand");
    return &s.items[1];
  };
  NanPattern* nan = result ? &v.nan : nullptr;
  if (head == "i32.const" || head == "i64.const" || head == "f32.const" || head == "f64.const") {
    WR_TRY(const Sexp* a, one_arg());
    const bool is64 = head[1] == '6';
    const bool is_float = head[0] == 'f';
    v.kind = is_float ? (is64 ? Value::Kind::F64 : Value::Kind::F32)
                      : (is64 ? Value::Kind::I64 : Value::Kind::I32);
    WR_TRY(v.bits, ParseScalar(*a, is64 ? 64 : 32, is_float, nan));
    return v;
  }
  if (head == "v128.const") {
    v.kind = Value::Kind::V128;
    if (c.Done()) return Bad(s, "expected a lane shape");
    WR_TRY(v.shape, ParseShape(c.Next()));
    static constexpr unsigned kLanes[] = {16, 8, 4, 2, 4, 2};
    static constexpr unsigned kBits[] = {8, 16, 32, 64, 32, 64};
    const auto shape_index = static_cast<unsigned>(v.shape);
    const unsigned lanes = kLanes[shape_index], bits = kBits[shape_index];
    const bool is_float = v.shape == LaneShape::F32x4 || v.shape == LaneShape::F64x2;
    if (s.items.size() != 2 + lanes) return Bad(s, "wrong number of lanes");
    for (unsigned i = 0; i < lanes; ++i) {
      NanPattern lane_nan = NanPattern::None;
      WR_TRY(uint64_t bits_value,
             ParseScalar(c.Next(), bits, is_float, result ? &lane_nan : nullptr));
      if (is_float) v.lane_nan[i] = lane_nan;
      for (unsigned b = 0; b < bits / 8; ++b) {
        v.v128.bytes[i * (bits / 8) + b] = static_cast<uint8_t>(bits_value >> (8 * b));
      }
    }
    return v;
  }
  if (head == "ref.null") {
    v.kind = Value::Kind::RefNull;
    if (c.Done()) {
      if (!result) return Bad(s, "ref.null needs a heap type");
      return v;
    }
    const Sexp& h = c.Next();
    v.has_heap = true;
    static constexpr std::pair<std::string_view, HeapKind> kHeaps[] = {
        {"func", HeapKind::Func},         {"extern", HeapKind::Extern},
        {"any", HeapKind::Any},           {"eq", HeapKind::Eq},
        {"i31", HeapKind::I31},           {"struct", HeapKind::Struct},
        {"array", HeapKind::Array},       {"exn", HeapKind::Exn},
        {"none", HeapKind::None},         {"nofunc", HeapKind::NoFunc},
        {"noextern", HeapKind::NoExtern}, {"noexn", HeapKind::NoExn},
    };
    for (const auto& [name, kind] : kHeaps) {
      if (h.IsKeyword(name)) {
        v.heap = kind;
        return v;
      }
    }
    v.heap = HeapKind::Index;
    if (IsId(h)) {
      v.heap_name = h.tok.value;
      return v;
    }
    if (!h.is_list && h.tok.kind == TokKind::Num) {
      auto idx = ParseNat(h.tok.text, UINT32_MAX);
      if (idx) {
        v.heap_index = static_cast<uint32_t>(*idx);
        return v;
      }
    }
    return Bad(h, "bad heap type");
  }
  if (head == "ref.extern" || head == "ref.host") {
    v.kind = head == "ref.extern" ? Value::Kind::RefExtern : Value::Kind::RefHost;
    if (c.Done()) {
      if (!result) return Bad(s, "expected a number");
      return v;
    }
    const Sexp& n = c.Next();
    if (n.is_list) return Bad(n, "expected a number");
    auto p = ParseNat(n.tok.text, UINT64_MAX);
    if (!p) return Bad(n, "expected a number");
    v.has_payload = true;
    v.payload = *p;
    return v;
  }
  if (!result) return Bad(s, "not an argument constant");
  static constexpr std::pair<std::string_view, Value::Kind> kRefs[] = {
      {"ref.func", Value::Kind::RefFunc},     {"ref.any", Value::Kind::RefAny},
      {"ref.eq", Value::Kind::RefEq},         {"ref.i31", Value::Kind::RefI31},
      {"ref.struct", Value::Kind::RefStruct}, {"ref.array", Value::Kind::RefArray},
      {"ref.exn", Value::Kind::RefExn},       {"ref", Value::Kind::RefNonNull},
  };
  for (const auto& [name, kind] : kRefs) {
    if (head == name) {
      v.kind = kind;
      return v;  // an operand (ref.func $f) is accepted and ignored: any of that kind matches
    }
  }
  if (head == "either") {
    v.kind = Value::Kind::Either;
    while (!c.Done()) {
      // Alternatives are plain results; no nested `either` (which also bounds recursion).
      if (c.Peek().IsListOf("either")) return Bad(c.Peek(), "nested either");
      WR_TRY(Value alt, ParseValue(c.Next(), true));
      v.either.push_back(std::move(alt));
    }
    return v;
  }
  return Bad(s, "unknown constant " + std::string(head));
}

Result<Action> ParseAction(const Sexp& s) {
  Action a;
  a.line = s.line;
  const std::string_view head = s.Head();
  if (head != "invoke" && head != "get") return Bad(s, "expected an action");
  a.kind = head == "invoke" ? Action::Kind::Invoke : Action::Kind::Get;
  Cursor c(s, 1);
  a.module = OptId(c);
  if (c.Done() || !IsString(c.Peek())) return Bad(s, "expected an export name");
  a.name = c.Next().tok.value;
  while (!c.Done()) {
    if (a.kind == Action::Kind::Get) return Bad(c.Peek(), "unexpected operand");
    WR_TRY(Value v, ParseValue(c.Next(), false));
    a.args.push_back(std::move(v));
  }
  return a;
}

// The failure text that ends an assertion.
Result<std::string> Message(Cursor& c, const Sexp& s) {
  if (c.Done() || !IsString(c.Peek())) return Bad(s, "expected a message");
  std::string m = c.Next().tok.value;
  if (!c.Done()) return Bad(c.Peek(), "unexpected item");
  return m;
}

Result<Command> ParseCommand(const Sexp& s, const Annotations& annotations);

// (thread $T? (shared (module $M))* cmd*) and (wait $T?).
Result<Command> ParseThreadCommand(const Sexp& s, Cursor& c, Command cmd,
                                   const Annotations& annotations) {
  cmd.thread_name = OptId(c);
  if (s.Head() == "wait") {
    cmd.kind = CommandKind::Wait;
    if (!c.Done()) return Bad(c.Peek(), "unexpected item");
    return cmd;
  }
  cmd.kind = CommandKind::Thread;
  while (!c.Done() && c.Peek().is_list && c.Peek().Head() == "shared") {
    const Sexp& shared = c.Next();
    Cursor sc(shared, 1);
    if (sc.Done() || !sc.Peek().is_list || sc.Peek().Head() != "module") {
      return Bad(shared, "expected (module $name)");
    }
    Cursor mc(sc.Next(), 1);
    std::optional<std::string> name = OptId(mc);
    if (!name || !mc.Done() || !sc.Done()) return Bad(shared, "expected (shared (module $name))");
    cmd.shared_modules.push_back(*name);
  }
  while (!c.Done()) {
    WR_TRY(Command sub, ParseCommand(c.Next(), annotations));
    cmd.thread_commands.push_back(std::move(sub));
  }
  return cmd;
}

Result<Command> ParseCommand(const Sexp& s, const Annotations& annotations) {
  Command cmd;
  cmd.line = s.line;
  if (!s.is_list || s.items.empty()) return Bad(s, "expected a command");
  const std::string_view head = s.Head();
  Cursor c(s, 1);
  if (head == "thread" || head == "wait")
    return ParseThreadCommand(s, c, std::move(cmd), annotations);
  if (head == "module") {
    if (c.AtKeyword("instance")) {
      c.Next();
      cmd.kind = CommandKind::ModuleInstance;
      cmd.instance_name = OptId(c);
      cmd.module_ref = OptId(c);
      if (!c.Done()) return Bad(c.Peek(), "unexpected item");
      return cmd;
    }
    cmd.kind = CommandKind::Module;
    WR_TRY(cmd.module, ParseModule(s, annotations));
    return cmd;
  }
  if (head == "register") {
    cmd.kind = CommandKind::Register;
    if (c.Done() || !IsString(c.Peek())) return Bad(s, "expected a name");
    cmd.register_name = c.Next().tok.value;
    cmd.module_ref = OptId(c);
    if (!c.Done()) return Bad(c.Peek(), "unexpected item");
    return cmd;
  }
  if (head == "invoke" || head == "get") {
    cmd.kind = CommandKind::Action;
    WR_TRY(cmd.action, ParseAction(s));
    return cmd;
  }
  auto module_assert = [&](CommandKind kind) -> Result<Command> {
    cmd.kind = kind;
    if (c.Done() || !c.Peek().IsListOf("module")) return Bad(s, "expected a module");
    WR_TRY(cmd.module, ParseModule(c.Next(), annotations));
    WR_TRY(cmd.message, Message(c, s));
    return cmd;
  };
  if (head == "assert_malformed") return module_assert(CommandKind::AssertMalformed);
  if (head == "assert_invalid") return module_assert(CommandKind::AssertInvalid);
  if (head == "assert_malformed_custom") {
    return module_assert(CommandKind::AssertMalformedCustom);
  }
  if (head == "assert_invalid_custom") return module_assert(CommandKind::AssertInvalidCustom);
  if (head == "assert_unlinkable") return module_assert(CommandKind::AssertUnlinkable);
  if (head == "assert_uninstantiable") return module_assert(CommandKind::AssertUninstantiable);
  if (head == "assert_trap" && c.AtList("module")) {
    return module_assert(CommandKind::AssertTrapModule);
  }
  if (head == "assert_return" || head == "assert_trap" || head == "assert_exhaustion" ||
      head == "assert_exception") {
    if (c.Done()) return Bad(s, "expected an action");
    WR_TRY(cmd.action, ParseAction(c.Next()));
    if (head == "assert_return") {
      cmd.kind = CommandKind::AssertReturn;
      while (!c.Done()) {
        WR_TRY(Value v, ParseValue(c.Next(), true));
        cmd.expected.push_back(std::move(v));
      }
      return cmd;
    }
    if (head == "assert_exception") {
      cmd.kind = CommandKind::AssertException;
      if (!c.Done()) return Bad(c.Peek(), "unexpected item");
      return cmd;
    }
    cmd.kind = head == "assert_trap" ? CommandKind::AssertTrap : CommandKind::AssertExhaustion;
    WR_TRY(cmd.message, Message(c, s));
    return cmd;
  }
  return Bad(s, "unknown command " + std::string(head));
}

// Whether `s` is a module field: a file of them is one inline module (the script grammar's
// inline_module), as in inline-module.wast.
bool IsModuleField(const Sexp& s) {
  static constexpr std::string_view kFields[] = {"type",  "rec",    "import", "func",
                                                 "table", "memory", "global", "export",
                                                 "start", "elem",   "data",   "tag"};
  if (!s.is_list || s.items.empty()) return false;
  for (std::string_view f : kFields) {
    if (s.Head() == f) return true;
  }
  return false;
}

}  // namespace

Result<Script> ParseWast(std::string_view source) {
  Annotations annotations;
  WR_TRY(std::vector<Sexp> top, ReadSexps(source, &annotations));
  if (!top.empty() && IsModuleField(top.front())) {
    std::string wrapped = "(module ";  // on the first line: line numbers stay right
    wrapped += source;
    wrapped += "\n)";
    return ParseWast(wrapped);
  }
  Script script;
  script.commands.reserve(top.size());
  for (const Sexp& s : top) {
    WR_TRY(Command cmd, ParseCommand(s, annotations));
    script.commands.push_back(std::move(cmd));
  }
  return script;
}

}  // namespace wr::text
