// Element and data segments: explicit `(elem ...)` / `(data ...)` fields and the segments
// that inline `(table ... (elem ...))` abbreviations define.
#include <string>

#include "text/wat_parser.h"

namespace wr::text::internal {

namespace {

bool IsString(const Sexp& s) {
  return !s.is_list && s.tok.kind == TokKind::String;
}

void SkipId(Cursor& c) {
  if (c.AtAtom(TokKind::Id)) c.Next();
}

}  // namespace

Result<void> WatParser::ParseOffset(Cursor& c, binary::Writer& w) {
  if (c.AtList("offset")) {
    Cursor oc(c.Next(), 1);
    return ParseConstExpr(oc, w);
  }
  // A single folded instruction abbreviates `(offset instr)`.
  if (c.Done() || !c.Peek().is_list) return TextError(c.line(), "unexpected token");
  const Sexp& one = c.Next();
  binary::Writer tmp;
  Sexp wrapper;
  wrapper.is_list = true;
  wrapper.line = one.line;
  wrapper.items.push_back(one);
  Cursor oc(wrapper, 0);
  return ParseConstExpr(oc, w);
}

Result<void> WatParser::EmitElem(const Sexp& field) {
  ++emit_elems_;
  Cursor c(field, 1);
  SkipId(c);
  if (c.AtKeyword("declare")) {
    c.Next();
    return WriteElemSegment(c, std::nullopt, false, -1, nullptr, true);
  }
  int table = -1;
  bool active = false;
  if (c.AtList("table")) {
    const Sexp& t = c.Next();
    if (t.items.size() != 2) return TextError(t.line, "unexpected token");
    WR_TRY(uint32_t idx, ResolveIndex(t.items[1], tables_));
    table = static_cast<int>(idx);
    active = true;
  } else if (!c.Done() && IsIndexAtom(c.Peek()) && c.PeekAt(1) && c.PeekAt(1)->is_list) {
    WR_TRY(uint32_t idx, ResolveIndex(c.Next(), tables_));
    table = static_cast<int>(idx);
    active = true;
  } else if (!c.Done() && c.Peek().is_list && !c.AtList("ref") && !c.AtList("item")) {
    active = true;
  }
  if (!active) return WriteElemSegment(c, std::nullopt, false, -1, nullptr, false);
  binary::Writer offset;
  WR_TRY_VOID(ParseOffset(c, offset));
  // Bare function indices may follow the offset (MVP syntax).
  return WriteElemSegment(c, std::nullopt, /*allow_bare=*/true, table < 0 ? 0 : table,
                          &offset.bytes(), false, table < 0);
}

Result<void> WatParser::WriteElemSegment(Cursor& c, std::optional<ValType> given_type,
                                         bool allow_bare, int table,
                                         const std::vector<uint8_t>* offset, bool declare,
                                         bool implicit_table) {
  // Element list: `func funcidx*`, `reftype elemexpr*`, or (with allow_bare) `funcidx*`.
  bool func_indices = false;
  std::optional<ValType> type = given_type;
  if (!type) {
    if (c.AtKeyword("func")) {
      c.Next();
      func_indices = true;
    } else if (!c.Done() &&
               (c.Peek().is_list ? c.AtList("ref") : c.Peek().tok.kind == TokKind::Keyword)) {
      WR_TRY(ValType t, ParseRefType(c.Next()));
      type = t;
    } else if (allow_bare) {
      func_indices = true;
    } else if (!c.Done()) {
      return Unexpect(c.Peek());
    } else {
      func_indices = true;  // `(elem)`: an empty passive segment of funcs
    }
  } else {
    // Inline table elem: bare indices when the items are atoms.
    func_indices = c.Done() || !c.Peek().is_list;
  }
  std::vector<uint32_t> funcs;
  std::vector<std::vector<uint8_t>> exprs;
  while (!c.Done()) {
    const Sexp& item = c.Next();
    if (func_indices) {
      if (!IsIndexAtom(item)) return Unexpect(item);
      WR_TRY(uint32_t f, ResolveIndex(item, funcs_));
      funcs.push_back(f);
      continue;
    }
    binary::Writer e;
    if (item.IsListOf("item")) {
      Cursor ic(item, 1);
      WR_TRY_VOID(ParseConstExpr(ic, e));
    } else if (item.is_list) {
      Sexp wrapper;
      wrapper.is_list = true;
      wrapper.line = item.line;
      wrapper.items.push_back(item);
      Cursor ic(wrapper, 0);
      WR_TRY_VOID(ParseConstExpr(ic, e));
    } else {
      return Unexpect(item);
    }
    exprs.push_back(std::move(e.bytes()));
  }
  // An inline `(table (ref null $t) (elem $f ...))` takes the table's element type: the
  // function-index forms would type the segment (ref func), which is no subtype of a typed
  // table's element type, so write the indices as ref.func expressions instead.
  if (func_indices && given_type && given_type->heap != HeapKind::Func) {
    for (uint32_t f : funcs) {
      binary::Writer e;
      e.Op(Opcode::RefFunc);
      e.VarU32(f);
      e.Op(Opcode::End);
      exprs.push_back(std::move(e.bytes()));
    }
    funcs.clear();
    func_indices = false;
  }
  binary::Writer& w = elem_sec_.w;
  ++elem_sec_.count;
  const bool passive = offset == nullptr && !declare;
  // Forms 0 and 4 name no table (table 0) and imply funcref.
  const bool table0_default = offset != nullptr && (implicit_table || table == 0);
  if (func_indices) {
    if (offset != nullptr) {
      if (table0_default) {
        w.U8(0x00);
      } else {
        w.U8(0x02);
        w.VarU32(static_cast<uint32_t>(table));
      }
      w.Raw(*offset);
      if (!table0_default) w.U8(0x00);  // elemkind funcref
    } else {
      w.U8(passive ? 0x01 : 0x03);
      w.U8(0x00);
    }
    w.VarU32(static_cast<uint32_t>(funcs.size()));
    for (uint32_t f : funcs) w.VarU32(f);
    return {};
  }
  const ValType t = *type;
  if (offset != nullptr) {
    if (table0_default && t == ValType::FuncRef()) {
      w.U8(0x04);
      w.Raw(*offset);
    } else {
      w.U8(0x06);
      w.VarU32(static_cast<uint32_t>(table));
      w.Raw(*offset);
      w.ValueType(t);
    }
  } else {
    w.U8(passive ? 0x05 : 0x07);
    w.ValueType(t);
  }
  w.VarU32(static_cast<uint32_t>(exprs.size()));
  for (const auto& e : exprs) w.Raw(e);
  return {};
}

Result<void> WatParser::EmitData(const Sexp& field) {
  ++emit_datas_;
  Cursor c(field, 1);
  SkipId(c);
  std::optional<uint32_t> mem;
  bool active = false;
  if (c.AtList("memory")) {
    const Sexp& m = c.Next();
    if (m.items.size() != 2) return TextError(m.line, "unexpected token");
    WR_TRY(uint32_t idx, ResolveIndex(m.items[1], mems_));
    mem = idx;
    active = true;
  } else if (!c.Done() && IsIndexAtom(c.Peek()) && c.PeekAt(1) && c.PeekAt(1)->is_list) {
    WR_TRY(uint32_t idx, ResolveIndex(c.Next(), mems_));
    mem = idx;
    active = true;
  } else if (!c.Done() && c.Peek().is_list) {
    active = true;
  }
  binary::Writer& w = data_sec_.w;
  if (active) {
    if (mem.value_or(0) == 0) {
      w.U8(0x00);
    } else {
      w.U8(0x02);
      w.VarU32(*mem);
    }
    WR_TRY_VOID(ParseOffset(c, w));
  } else {
    w.U8(0x01);
  }
  std::string bytes;
  while (!c.Done()) {
    const Sexp& s = c.Next();
    if (!IsString(s)) return Unexpect(s);
    bytes += s.tok.value;
  }
  w.Name(bytes);
  ++data_sec_.count;
  return {};
}

}  // namespace wr::text::internal
