// Instructions: flat and folded forms, block structure, labels, locals and immediates.
// Opcodes and their immediate shapes come from ir/opcodes.def (LookupOpcodeText, ImmKind).
#include <string>
#include <utility>

#include "text/numbers.h"
#include "text/wat_parser.h"

namespace wr::text::internal {

namespace {

bool IsId(const Sexp& s) {
  return !s.is_list && s.tok.kind == TokKind::Id;
}

bool IsBlockOp(Opcode op) {
  return op == Opcode::Block || op == Opcode::Loop || op == Opcode::If || op == Opcode::TryTable ||
         op == Opcode::Try;
}

// Words that continue or close a block: only its parser may meet them.
bool IsBlockContinuation(Opcode op) {
  return op == Opcode::End || op == Opcode::Else || op == Opcode::Catch || op == Opcode::CatchAll ||
         op == Opcode::Delegate;
}

bool IsLegacyContinuation(const Sexp& s) {
  return s.IsKeyword("catch") || s.IsKeyword("catch_all") || s.IsKeyword("delegate");
}

// A lane value or index: any literal that is not an in-range N-bit integer is reported as
// out of range, as the spec tests expect ("i8 constant out of range" for a lane of 256).
Result<uint8_t> ParseShuffleLane(const Sexp& s) {
  if (s.is_list || (s.tok.kind != TokKind::Num && s.tok.kind != TokKind::Keyword)) {
    return Unexpect(s);
  }
  auto v = ParseNat(s.tok.text, 255);
  if (!v) return TextError(s.line, "i8 constant out of range");
  return static_cast<uint8_t>(*v);
}

// A lane index must be a plain natural number: a sign or a fraction makes the token
// unexpected, a too large value is out of range.
Result<uint8_t> ParseLaneIndex(const Sexp& s) {
  if (s.is_list || s.tok.kind != TokKind::Num) return Unexpect(s);
  auto v = ParseNat(s.tok.text, 255);
  if (!v) {
    if (v.error() == NumError::OutOfRange) return TextError(s.line, "i8 constant out of range");
    const char c = s.tok.text[0];
    return TextError(s.line, c == '+' || c == '-' || s.tok.text.find('.') != std::string_view::npos
                                 ? "unexpected token"
                                 : "unknown operator");
  }
  return static_cast<uint8_t>(*v);
}

}  // namespace

uint32_t NaturalAlignLog2(std::string_view m) {
  const size_t dot = m.find('.');
  const std::string_view type = m.substr(0, dot);
  std::string_view rest = m.substr(dot + 1);
  // "load8x8_s" etc. read 64 bits.
  if (rest.find('x') != std::string_view::npos) return 3;
  size_t i = rest.find_first_of("0123456789");
  if (i != std::string_view::npos) {
    uint32_t bits = 0;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') {
      bits = bits * 10 + static_cast<uint32_t>(rest[i] - '0');
      ++i;
    }
    switch (bits) {
      case 8: return 0;
      case 16: return 1;
      case 32: return 2;
      case 64: return 3;
      default: break;
    }
  }
  if (type == "i32" || type == "f32") return 2;
  if (type == "i64" || type == "f64") return 3;
  return 4;  // v128
}

Result<uint32_t> WatParser::ResolveLabel(const Sexp& s) {
  if (IsId(s)) {
    for (size_t i = labels_.size(); i-- > 0;) {
      if (labels_[i] == s.tok.value) return static_cast<uint32_t>(labels_.size() - 1 - i);
    }
    return TextError(s.line, "unknown label $" + s.tok.value);
  }
  return ParseU32(s);
}

Result<void> WatParser::CheckEndLabel(Cursor& c, const std::string& label) {
  if (c.AtAtom(TokKind::Id)) {
    const Sexp& id = c.Next();
    if (id.tok.value != label) return TextError(id.line, "mismatching label");
  }
  return {};
}

Result<void> WatParser::WriteBlockType(Cursor& c, binary::Writer& w) {
  WR_TRY(TypeUse use, ParseTypeUse(c, false));
  if (!use.index && use.sig.params.empty() && use.sig.results.size() <= 1) {
    if (use.sig.results.empty()) {
      w.U8(0x40);
    } else {
      w.ValueType(use.sig.results[0]);
    }
    return {};
  }
  WR_TRY(uint32_t idx, ResolveTypeUse(use));
  w.VarS64(idx);
  return {};
}

Result<void> WatParser::WriteCatches(Cursor& c, binary::Writer& w) {
  binary::Writer body;
  uint32_t count = 0;
  for (;;) {
    uint8_t kind;
    if (c.AtList("catch")) {
      kind = 0;
    } else if (c.AtList("catch_ref")) {
      kind = 1;
    } else if (c.AtList("catch_all")) {
      kind = 2;
    } else if (c.AtList("catch_all_ref")) {
      kind = 3;
    } else {
      break;
    }
    const Sexp& clause = c.Next();
    const size_t want = kind < 2 ? 3 : 2;
    if (clause.items.size() != want) return TextError(clause.line, "unexpected token");
    body.U8(kind);
    if (kind < 2) {
      WR_TRY(uint32_t tag, ResolveIndex(clause.items[1], tags_));
      body.VarU32(tag);
    }
    WR_TRY(uint32_t label, ResolveLabel(clause.items[want - 1]));
    body.VarU32(label);
    ++count;
  }
  w.VarU32(count);
  w.Raw(body.bytes());
  return {};
}

Result<void> WatParser::WriteMemArg(const Sexp& head, Opcode op, Cursor& c, binary::Writer& w) {
  const bool has_lane = GetOpInfo(op).imm == ImmKind::MemArgLane;
  uint32_t mem = 0;
  if (c.AtAtom(TokKind::Id)) {
    WR_TRY(mem, ResolveIndex(c.Next(), mems_));
  } else if (c.AtAtom(TokKind::Num)) {
    // For lane instructions a lone number is the lane; a memory index is followed by more.
    const Sexp* next = c.PeekAt(1);
    const bool more =
        next != nullptr && !next->is_list &&
        (next->tok.kind == TokKind::Num ||
         (next->tok.kind == TokKind::Keyword &&
          (next->tok.text.starts_with("offset=") || next->tok.text.starts_with("align="))));
    if (!has_lane || more) {
      WR_TRY(mem, ResolveIndex(c.Next(), mems_));
    }
  }
  uint64_t offset = 0;
  uint32_t align = GetOpInfo(op).imm == ImmKind::AtomicArg ? AtomicAccessLog2(op)
                                                           : NaturalAlignLog2(head.tok.text);
  if (c.AtAtom(TokKind::Keyword) && c.Peek().tok.text.starts_with("offset=")) {
    const Sexp& s = c.Next();
    auto v = ParseNat(s.tok.text.substr(7), UINT64_MAX);
    if (!v) {
      return TextError(s.line, v.error() == NumError::Malformed ? "unknown operator"
                                                                : "i64 constant out of range");
    }
    offset = *v;
  }
  if (c.AtAtom(TokKind::Keyword) && c.Peek().tok.text.starts_with("align=")) {
    const Sexp& s = c.Next();
    auto v = ParseNat(s.tok.text.substr(6), UINT64_MAX);
    if (!v) {
      return TextError(s.line, v.error() == NumError::Malformed ? "unknown operator"
                                                                : "i64 constant out of range");
    }
    if (*v == 0 || (*v & (*v - 1)) != 0) {
      return TextError(s.line, "alignment must be a power of two");
    }
    align = 0;
    while ((uint64_t{1} << align) != *v) ++align;
  }
  w.Op(op);
  w.VarU32(mem != 0 ? (align | 0x40) : align);
  if (mem != 0) w.VarU32(mem);
  w.VarU64(offset);
  if (has_lane) {
    if (c.Done()) return TextError(c.line(), "unexpected token");
    WR_TRY(uint8_t lane, ParseLaneIndex(c.Next()));
    w.U8(lane);
  }
  return {};
}

Result<void> WatParser::WriteV128Const(const Sexp& head, Cursor& c, binary::Writer& w) {
  if (!c.AtAtom(TokKind::Keyword)) {
    return c.Done() ? TextError(head.line, "unexpected token") : Unexpect(c.Peek());
  }
  const Sexp& shape = c.Next();
  const std::string_view sh = shape.tok.text;
  unsigned lanes, bits;
  bool is_float = false;
  if (sh == "i8x16") {
    lanes = 16, bits = 8;
  } else if (sh == "i16x8") {
    lanes = 8, bits = 16;
  } else if (sh == "i32x4") {
    lanes = 4, bits = 32;
  } else if (sh == "i64x2") {
    lanes = 2, bits = 64;
  } else if (sh == "f32x4") {
    lanes = 4, bits = 32, is_float = true;
  } else if (sh == "f64x2") {
    lanes = 2, bits = 64, is_float = true;
  } else {
    return TextError(shape.line, "unexpected token");
  }
  // Count the lane literals only: in flat code the next instruction's keyword follows them.
  auto is_lane_literal = [](const Sexp* s) {
    if (s == nullptr || s->is_list) return false;
    if (s->tok.kind == TokKind::Num) return true;
    if (s->tok.kind == TokKind::String || s->tok.kind == TokKind::Id) return false;
    // Instructions are keywords, which start with a lowercase letter; of the literals only inf
    // and nan do. Anything else ("0x", ".0", "-_1") is a literal, malformed or not.
    std::string_view t = s->tok.text;
    if (t.empty()) return false;
    if (t[0] < 'a' || t[0] > 'z') return true;
    return t == "inf" || t.starts_with("nan");
  };
  unsigned present = 0;
  while (is_lane_literal(c.PeekAt(present))) ++present;
  if (present != lanes) return TextError(shape.line, "wrong number of lane literals");
  w.Op(Opcode::V128Const);
  for (unsigned i = 0; i < lanes; ++i) {
    const Sexp& lit = c.Next();
    if (lit.tok.kind != TokKind::Num && lit.tok.kind != TokKind::Keyword) return Unexpect(lit);
    uint64_t value;
    NumError err = NumError::Malformed;
    bool ok;
    if (is_float && bits == 32) {
      auto v = ParseF32(lit.tok.text);
      ok = v.has_value();
      if (ok)
        value = *v;
      else
        err = v.error();
    } else if (is_float) {
      auto v = ParseF64(lit.tok.text);
      ok = v.has_value();
      if (ok)
        value = *v;
      else
        err = v.error();
    } else {
      auto v = ParseIntBits(lit.tok.text, bits);
      ok = v.has_value();
      if (ok)
        value = *v;
      else
        err = v.error();
    }
    if (!ok) {
      if (err == NumError::OutOfRange) return TextError(lit.line, "constant out of range");
      return TextError(lit.line, "unknown operator");
    }
    for (unsigned b = 0; b < bits / 8; ++b) w.U8(static_cast<uint8_t>(value >> (8 * b)));
  }
  return {};
}

Result<void> WatParser::ParseOpImmediates(const Sexp& head, Opcode op, Cursor& c,
                                          binary::Writer& w) {
  const ImmKind imm = GetOpInfo(op).imm;
  auto need = [&]() -> Result<const Sexp*> {
    if (c.Done()) return TextError(c.line(), "unexpected token");
    if (c.Peek().is_list) return Unexpect(c.Peek());
    return &c.Next();
  };
  auto index = [&](const IndexSpace& space) -> Result<uint32_t> {
    WR_TRY(const Sexp* s, need());
    return ResolveIndex(*s, space);
  };
  auto opt_index = [&](const IndexSpace& space) -> Result<uint32_t> {
    if (!c.Done() && IsIndexAtom(c.Peek())) return ResolveIndex(c.Next(), space);
    return 0u;
  };
  auto number_error = [&](const Sexp& s, NumError e) {
    if (e == NumError::OutOfRange) return TextError(s.line, "constant out of range");
    return Unexpect(s);
  };
  switch (imm) {
    case ImmKind::None:
      if (op == Opcode::Select && c.AtList("result")) {
        std::vector<ValType> types;
        while (c.AtList("result")) {
          const Sexp& r = c.Next();
          for (size_t i = 1; i < r.items.size(); ++i) {
            WR_TRY(ValType t, ParseValType(r.items[i]));
            types.push_back(t);
          }
        }
        w.Op(Opcode::SelectT);
        w.VarU32(static_cast<uint32_t>(types.size()));
        for (const ValType& t : types) w.ValueType(t);
        return {};
      }
      w.Op(op);
      return {};
    case ImmKind::Label: {
      WR_TRY(const Sexp* s, need());
      WR_TRY(uint32_t l, ResolveLabel(*s));
      w.Op(op);
      w.VarU32(l);
      return {};
    }
    case ImmKind::BrTable: {
      std::vector<uint32_t> targets;
      while (!c.Done() && IsIndexAtom(c.Peek())) {
        WR_TRY(uint32_t l, ResolveLabel(c.Next()));
        targets.push_back(l);
      }
      if (targets.empty()) {
        return c.Done() ? TextError(c.line(), "unexpected token") : Unexpect(c.Peek());
      }
      w.Op(op);
      w.VarU32(static_cast<uint32_t>(targets.size() - 1));
      for (uint32_t t : targets) w.VarU32(t);
      return {};
    }
    case ImmKind::Func: {
      WR_TRY(uint32_t f, index(funcs_));
      w.Op(op);
      w.VarU32(f);
      return {};
    }
    case ImmKind::CallIndirect: {
      WR_TRY(uint32_t table, opt_index(tables_));
      WR_TRY(TypeUse use, ParseTypeUse(c, false));
      WR_TRY(uint32_t type, ResolveTypeUse(use));
      w.Op(op);
      w.VarU32(type);
      w.VarU32(table);
      return {};
    }
    case ImmKind::Local: {
      WR_TRY(uint32_t l, index(locals_));
      w.Op(op);
      w.VarU32(l);
      return {};
    }
    case ImmKind::Global: {
      WR_TRY(uint32_t g, index(globals_));
      w.Op(op);
      w.VarU32(g);
      return {};
    }
    case ImmKind::Table: {
      WR_TRY(uint32_t t, opt_index(tables_));
      w.Op(op);
      w.VarU32(t);
      return {};
    }
    case ImmKind::Mem: {
      WR_TRY(uint32_t m, opt_index(mems_));
      w.Op(op);
      w.VarU32(m);
      return {};
    }
    case ImmKind::MemArg:
    case ImmKind::AtomicArg:
    case ImmKind::MemArgLane: return WriteMemArg(head, op, c, w);
    case ImmKind::Fence:
      w.Op(op);
      w.U8(0);
      return {};
    case ImmKind::I32:
    case ImmKind::I64: {
      WR_TRY(const Sexp* s, need());
      if (s->tok.kind != TokKind::Num) return Unexpect(*s);
      auto v = ParseIntBits(s->tok.text, imm == ImmKind::I32 ? 32 : 64);
      if (!v) return number_error(*s, v.error());
      w.Op(op);
      if (imm == ImmKind::I32) {
        w.VarS32(static_cast<int32_t>(static_cast<uint32_t>(*v)));
      } else {
        w.VarS64(static_cast<int64_t>(*v));
      }
      return {};
    }
    case ImmKind::F32: {
      WR_TRY(const Sexp* s, need());
      if (s->tok.kind != TokKind::Num && s->tok.kind != TokKind::Keyword) return Unexpect(*s);
      auto v = ParseF32(s->tok.text);
      if (!v) return number_error(*s, v.error());
      w.Op(op);
      w.F32Bits(*v);
      return {};
    }
    case ImmKind::F64: {
      WR_TRY(const Sexp* s, need());
      if (s->tok.kind != TokKind::Num && s->tok.kind != TokKind::Keyword) return Unexpect(*s);
      auto v = ParseF64(s->tok.text);
      if (!v) return number_error(*s, v.error());
      w.Op(op);
      w.F64Bits(*v);
      return {};
    }
    case ImmKind::V128: return WriteV128Const(head, c, w);
    case ImmKind::Lane: {
      WR_TRY(const Sexp* s, need());
      WR_TRY(uint8_t lane, ParseLaneIndex(*s));
      w.Op(op);
      w.U8(lane);
      return {};
    }
    case ImmKind::Shuffle: {
      uint8_t lanes[16];
      for (auto& lane : lanes) {
        if (c.Done() || c.Peek().is_list) return TextError(c.line(), "invalid lane length");
        WR_TRY(lane, ParseShuffleLane(c.Next()));
      }
      if (!c.Done() && !c.Peek().is_list) return TextError(c.line(), "invalid lane length");
      w.Op(op);
      for (uint8_t lane : lanes) w.U8(lane);
      return {};
    }
    case ImmKind::SelectT: return TextError(head.line, "unknown operator");
    case ImmKind::HeapType: {
      if (c.Done()) return TextError(c.line(), "unexpected token");
      if (op == Opcode::RefNull) {
        WR_TRY(ValType t, ParseHeapType(c.Next()));
        w.Op(op);
        w.HeapType(t);
        return {};
      }
      WR_TRY(ValType t, ParseRefType(c.Next()));
      if (t.nullable) op = op == Opcode::RefTest ? Opcode::RefTestNull : Opcode::RefCastNull;
      w.Op(op);
      w.HeapType(t);
      return {};
    }
    case ImmKind::Elem: {
      WR_TRY(uint32_t e, index(elems_));
      w.Op(op);
      w.VarU32(e);
      return {};
    }
    case ImmKind::Data: {
      WR_TRY(uint32_t d, index(datas_));
      uses_data_count_ = true;
      w.Op(op);
      w.VarU32(d);
      return {};
    }
    case ImmKind::TableInit:
    case ImmKind::MemInit: {
      const bool is_table = imm == ImmKind::TableInit;
      uint32_t target = 0;
      if (!c.Done() && IsIndexAtom(c.Peek()) && c.PeekAt(1) && IsIndexAtom(*c.PeekAt(1))) {
        WR_TRY(target, ResolveIndex(c.Next(), is_table ? tables_ : mems_));
      }
      WR_TRY(uint32_t seg, index(is_table ? elems_ : datas_));
      if (!is_table) uses_data_count_ = true;
      w.Op(op);
      w.VarU32(seg);
      w.VarU32(target);
      return {};
    }
    case ImmKind::TableCopy:
    case ImmKind::MemCopy: {
      const IndexSpace& space = imm == ImmKind::TableCopy ? tables_ : mems_;
      uint32_t dst = 0, src = 0;
      if (!c.Done() && IsIndexAtom(c.Peek())) {
        WR_TRY(dst, ResolveIndex(c.Next(), space));
        WR_TRY(src, index(space));
      }
      w.Op(op);
      w.VarU32(dst);
      w.VarU32(src);
      return {};
    }
    case ImmKind::Type: {
      WR_TRY(uint32_t t, index(types_));
      w.Op(op);
      w.VarU32(t);
      return {};
    }
    case ImmKind::TypeField: {
      WR_TRY(uint32_t t, index(types_));
      WR_TRY(const Sexp* f, need());
      uint32_t field;
      if (IsId(*f)) {
        const TypeInfo* info = t < type_info_.size() ? &type_info_[t] : nullptr;
        auto it = info ? info->field_names.find(f->tok.value) : decltype(info->field_names.end()){};
        if (info == nullptr || it == info->field_names.end()) {
          return TextError(f->line, "unknown field $" + f->tok.value);
        }
        field = it->second;
      } else {
        WR_TRY(field, ParseU32(*f));
      }
      w.Op(op);
      w.VarU32(t);
      w.VarU32(field);
      return {};
    }
    case ImmKind::TypeType:
    case ImmKind::TypeData:
    case ImmKind::TypeElem:
    case ImmKind::TypeCount: {
      WR_TRY(uint32_t t, index(types_));
      uint32_t second;
      if (imm == ImmKind::TypeType) {
        WR_TRY(second, index(types_));
      } else if (imm == ImmKind::TypeData) {
        WR_TRY(second, index(datas_));
        uses_data_count_ = true;
      } else if (imm == ImmKind::TypeElem) {
        WR_TRY(second, index(elems_));
      } else {
        WR_TRY(const Sexp* s, need());
        WR_TRY(second, ParseU32(*s));
      }
      w.Op(op);
      w.VarU32(t);
      w.VarU32(second);
      return {};
    }
    case ImmKind::BrOnCast: {
      WR_TRY(const Sexp* l, need());
      WR_TRY(uint32_t label, ResolveLabel(*l));
      if (c.Done()) return TextError(c.line(), "unexpected token");
      WR_TRY(ValType t1, ParseRefType(c.Next()));
      if (c.Done()) return TextError(c.line(), "unexpected token");
      WR_TRY(ValType t2, ParseRefType(c.Next()));
      w.Op(op);
      w.U8(static_cast<uint8_t>((t1.nullable ? 1 : 0) | (t2.nullable ? 2 : 0)));
      w.VarU32(label);
      w.HeapType(t1);
      w.HeapType(t2);
      return {};
    }
    case ImmKind::Tag: {
      WR_TRY(uint32_t t, index(tags_));
      w.Op(op);
      w.VarU32(t);
      return {};
    }
    case ImmKind::BlockType:
    case ImmKind::TryTable: break;
  }
  return TextError(head.line, "unexpected token");
}

Result<void> WatParser::ParseFolded(const Sexp& list, binary::Writer& w) {
  // Folded instructions recurse once per level; bound it well below what the C++ stack
  // takes even in unoptimised and sanitizer builds. The work of each level is done in
  // helpers that are not on the recursion path, to keep the recursive frames small.
  if (folded_depth_ >= kMaxFoldedDepth) return TextError(list.line, "nesting too deep");
  if (list.items.empty()) return TextError(list.line, "unexpected token");
  const Sexp& head = list.items[0];
  if (head.is_list || head.tok.kind != TokKind::Keyword) return Unexpect(head);
  auto op = LookupOpcodeText(head.tok.text);
  if (!op || IsBlockContinuation(*op)) return Unexpect(head);
  // A branch hint before the list is the instruction's, whose opcode follows its operands.
  WR_TRY(std::optional<uint8_t> hint, TakeBranchHint(list.begin));
  const std::optional<uint8_t> outer_hint = std::exchange(folded_hint_, hint);
  ++folded_depth_;
  auto r = *op == Opcode::Try ? ParseFoldedTry(list, w)
           : IsBlockOp(*op)   ? ParseFoldedBlock(list, *op, w)
                              : ParseFoldedPlain(list, *op, w);
  --folded_depth_;
  folded_hint_ = outer_hint;
  return r;
}

// (op immediates folded*): the operands' code first, then the instruction.
Result<void> WatParser::ParseFoldedPlain(const Sexp& list, Opcode op, binary::Writer& w) {
  Cursor c(list, 1);
  binary::Writer instr;
  if (auto r = ParseOpImmediates(list.items[0], op, c, instr); !r) return r;
  while (!c.Done()) {
    const Sexp& operand = c.Next();
    if (operand.is_list) {
      if (auto r = ParseFolded(operand, w); !r) return r;
    } else {
      return Unexpect(operand);
    }
  }
  PlaceBranchHint(std::exchange(folded_hint_, std::nullopt), w.size());
  w.Raw(instr.bytes());
  return {};
}

// (block label? bt instr*), (loop ...), (try_table label? bt catch* instr*), and
// (if label? bt folded* (then instr*) (else instr*)?).
Result<void> WatParser::ParseFoldedBlock(const Sexp& list, Opcode op, binary::Writer& w) {
  Cursor c(list, 1);
  std::string label;
  if (c.AtAtom(TokKind::Id)) label = c.Next().tok.value;
  binary::Writer type;
  WR_TRY_VOID(WriteBlockType(c, type));
  if (op == Opcode::TryTable) WR_TRY_VOID(WriteCatches(c, type));
  if (op == Opcode::If) {
    while (!c.Done() && !c.AtList("then")) {
      const Sexp& cond = c.Next();
      if (!cond.is_list) return Unexpect(cond);
      WR_TRY_VOID(ParseFolded(cond, w));
    }
    if (!c.AtList("then")) return TextError(c.line(), "unexpected token");
  }
  PlaceBranchHint(std::exchange(folded_hint_, std::nullopt), w.size());
  w.Op(op);
  w.Raw(type.bytes());
  PushLabel(std::move(label));
  if (op != Opcode::If) {
    WR_TRY_VOID(ParseInstrs(c, w));
  } else {
    Cursor tc(c.Next(), 1);
    WR_TRY_VOID(ParseInstrs(tc, w));
    if (!tc.Done()) return Unexpect(tc.Peek());
    if (c.AtList("else")) {
      Cursor ec(c.Next(), 1);
      w.Op(Opcode::Else);
      WR_TRY_VOID(ParseInstrs(ec, w));
      if (!ec.Done()) return Unexpect(ec.Peek());
    }
  }
  if (!c.Done()) return Unexpect(c.Peek());
  labels_.pop_back();
  w.Op(Opcode::End);
  return {};
}

Result<void> WatParser::ParseInstrs(Cursor& c, binary::Writer& w) {
  // Flat blocks (`block ... end`) nest without nesting lists; they are tracked on an
  // explicit stack so that deep flat nesting costs no C++ stack.
  std::vector<FlatBlock> open;
  while (!c.Done()) {
    const Sexp& s = c.Peek();
    if (s.is_list) {
      c.Next();
      if (auto r = ParseFolded(s, w); !r) return r;
      continue;
    }
    if (s.IsKeyword("end") || s.IsKeyword("else") || IsLegacyContinuation(s)) {
      if (open.empty()) return {};  // the caller's `end` / `else` / `catch` ...
    }
    if (auto r = ParseFlat(c, w, open); !r) return r;
  }
  if (!open.empty()) return TextError(c.line(), "unexpected token");  // missing `end`
  return {};
}

Result<void> WatParser::ParseFlat(Cursor& c, binary::Writer& w, std::vector<FlatBlock>& open) {
  const Sexp& s = c.Next();
  if (s.tok.kind != TokKind::Keyword) return Unexpect(s);
  if (s.tok.text == "end" || s.tok.text == "else") {
    FlatBlock& top = open.back();
    WR_TRY_VOID(CheckEndLabel(c, top.label));
    if (s.tok.text == "else") {
      if (top.op != Opcode::If || top.seen_else) return TextError(s.line, "unexpected token");
      top.seen_else = true;
      w.Op(Opcode::Else);
      return {};
    }
    labels_.pop_back();
    open.pop_back();
    w.Op(Opcode::End);
    return {};
  }
  if (IsLegacyContinuation(s)) return ParseFlatLegacy(s, c, w, open);
  auto op = LookupOpcodeText(s.tok.text);
  if (!op) return Unexpect(s);
  WR_TRY(std::optional<uint8_t> hint, TakeBranchHint(s.begin));
  PlaceBranchHint(hint, w.size());
  if (!IsBlockOp(*op)) return ParseOpImmediates(s, *op, c, w);
  if (labels_.size() >= kMaxFlatDepth) return TextError(s.line, "nesting too deep");
  std::string label;
  if (c.AtAtom(TokKind::Id)) label = c.Next().tok.value;
  w.Op(*op);
  WR_TRY_VOID(WriteBlockType(c, w));
  if (*op == Opcode::TryTable) WR_TRY_VOID(WriteCatches(c, w));
  PushLabel(label);
  open.push_back({*op, false, std::move(label)});
  return {};
}

Result<void> WatParser::ParseConstExpr(Cursor& c, binary::Writer& w) {
  std::vector<std::string> saved = std::move(labels_);
  labels_.clear();
  locals_ = IndexSpace{"local", "local"};
  WR_TRY_VOID(ParseInstrs(c, w));
  if (!c.Done()) return Unexpect(c.Peek());
  labels_ = std::move(saved);
  w.Op(Opcode::End);
  return {};
}

Result<void> WatParser::ParseFuncBody(Cursor& c, const TypeUse& use, uint32_t type_index,
                                      binary::Writer& w) {
  locals_ = IndexSpace{"local", "local"};
  size_t num_params = 0;
  if (use.has_inline) {
    num_params = use.sig.params.size();
    for (size_t i = 0; i < use.param_names.size(); ++i) {
      if (!use.param_names[i].empty()) {
        WR_TRY_VOID(Bind(locals_, use.param_names[i], static_cast<uint32_t>(i), use.line));
      }
    }
  } else if (type_index < type_info_.size()) {
    num_params = type_info_[type_index].sig.params.size();
  } else if (type_index - type_info_.size() < implicit_types_.size()) {
    num_params = implicit_types_[type_index - type_info_.size()].params.size();
  }
  std::vector<ValType> locals;
  while (c.AtList("local")) {
    const Sexp& l = c.Next();
    if (l.items.size() >= 2 && IsId(l.items[1])) {
      if (l.items.size() != 3) return TextError(l.line, "unexpected token");
      WR_TRY_VOID(Bind(locals_, l.items[1], static_cast<uint32_t>(num_params + locals.size())));
      WR_TRY(ValType t, ParseValType(l.items[2]));
      locals.push_back(t);
      continue;
    }
    for (size_t i = 1; i < l.items.size(); ++i) {
      WR_TRY(ValType t, ParseValType(l.items[i]));
      locals.push_back(t);
    }
  }
  // Locals are run-length encoded: (count, type) for each run of equal types.
  binary::Writer runs;
  uint32_t num_runs = 0;
  for (size_t i = 0; i < locals.size();) {
    size_t j = i;
    while (j < locals.size() && locals[j] == locals[i]) ++j;
    runs.VarU32(static_cast<uint32_t>(j - i));
    runs.ValueType(locals[i]);
    ++num_runs;
    i = j;
  }
  w.VarU32(num_runs);
  w.Raw(runs.bytes());
  labels_.assign(1, std::string());
  func_labels_.clear();
  num_func_labels_ = 0;
  in_func_body_ = true;
  auto parsed = ParseInstrs(c, w);
  in_func_body_ = false;
  if (!parsed) return parsed;
  if (!c.Done()) return Unexpect(c.Peek());
  w.Op(Opcode::End);
  return {};
}

}  // namespace wr::text::internal
