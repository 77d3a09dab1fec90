// Value, heap and defined types, and type uses.
#include <string>
#include <string_view>

#include "text/wat_parser.h"

namespace wr::text::internal {

namespace {

struct NamedHeap {
  std::string_view name;
  HeapKind heap;
};
constexpr NamedHeap kHeapNames[] = {
    {"func", HeapKind::Func},     {"extern", HeapKind::Extern},     {"any", HeapKind::Any},
    {"eq", HeapKind::Eq},         {"i31", HeapKind::I31},           {"struct", HeapKind::Struct},
    {"array", HeapKind::Array},   {"exn", HeapKind::Exn},           {"none", HeapKind::None},
    {"nofunc", HeapKind::NoFunc}, {"noextern", HeapKind::NoExtern}, {"noexn", HeapKind::NoExn},
};
// Shorthands `funcref` = (ref null func), ...
constexpr NamedHeap kRefShorthands[] = {
    {"funcref", HeapKind::Func},
    {"externref", HeapKind::Extern},
    {"anyref", HeapKind::Any},
    {"eqref", HeapKind::Eq},
    {"i31ref", HeapKind::I31},
    {"structref", HeapKind::Struct},
    {"arrayref", HeapKind::Array},
    {"exnref", HeapKind::Exn},
    {"nullref", HeapKind::None},
    {"nullfuncref", HeapKind::NoFunc},
    {"nullexternref", HeapKind::NoExtern},
    {"nullexnref", HeapKind::NoExn},
};

void WriteStorage(binary::Writer& w, const FieldType& f) {
  switch (f.packed) {
    case FieldType::Packed::I8: w.U8(0x78); break;
    case FieldType::Packed::I16: w.U8(0x77); break;
    case FieldType::Packed::None: w.ValueType(f.type); break;
  }
  w.U8(f.mut ? 1 : 0);
}

}  // namespace

Result<ValType> WatParser::ParseHeapType(const Sexp& s) {
  if (!s.is_list && s.tok.kind == TokKind::Keyword) {
    for (const auto& h : kHeapNames) {
      if (s.tok.text == h.name) return ValType::Ref(h.heap, true);
    }
    return TextError(s.line, "unknown operator");
  }
  if (IsIndexAtom(s)) {
    WR_TRY(uint32_t idx, ResolveIndex(s, types_));
    return ValType::RefIndex(idx, true);
  }
  return Unexpect(s);
}

Result<ValType> WatParser::ParseRefType(const Sexp& s) {
  if (!s.is_list) {
    if (s.tok.kind == TokKind::Keyword) {
      for (const auto& h : kRefShorthands) {
        if (s.tok.text == h.name) return ValType::Ref(h.heap, true);
      }
    }
    return Unexpect(s);
  }
  if (!s.IsListOf("ref")) return Unexpect(s);
  Cursor c(s, 1);
  bool nullable = false;
  if (c.AtKeyword("null")) {
    c.Next();
    nullable = true;
  }
  if (c.Done()) return TextError(c.line(), "unexpected token");
  WR_TRY(ValType t, ParseHeapType(c.Next()));
  if (!c.Done()) return Unexpect(c.Peek());
  t.nullable = nullable;
  return t;
}

Result<ValType> WatParser::ParseValType(const Sexp& s) {
  if (!s.is_list && s.tok.kind == TokKind::Keyword) {
    const std::string_view t = s.tok.text;
    if (t == "i32") return ValType::I32();
    if (t == "i64") return ValType::I64();
    if (t == "f32") return ValType::F32();
    if (t == "f64") return ValType::F64();
    if (t == "v128") return ValType::V128();
  }
  return ParseRefType(s);
}

Result<TypeUse> WatParser::ParseTypeUse(Cursor& c, bool allow_names) {
  TypeUse use;
  use.line = c.line();
  if (c.AtList("type")) {
    const Sexp& t = c.Next();
    if (t.items.size() != 2) return TextError(t.line, "unexpected token");
    WR_TRY(uint32_t idx, ResolveIndex(t.items[1], types_));
    use.index = idx;
  }
  while (c.AtList("param")) {
    const Sexp& p = c.Next();
    use.has_inline = true;
    if (p.items.size() >= 2 && !p.items[1].is_list && p.items[1].tok.kind == TokKind::Id) {
      if (!allow_names) return TextError(p.line, "unexpected token");
      if (p.items.size() != 3) return TextError(p.line, "unexpected token");
      WR_TRY(ValType t, ParseValType(p.items[2]));
      use.sig.params.push_back(t);
      use.param_names.push_back(p.items[1].tok.value);
      continue;
    }
    for (size_t i = 1; i < p.items.size(); ++i) {
      WR_TRY(ValType t, ParseValType(p.items[i]));
      use.sig.params.push_back(t);
      use.param_names.emplace_back();
    }
  }
  while (c.AtList("result")) {
    const Sexp& r = c.Next();
    use.has_inline = true;
    for (size_t i = 1; i < r.items.size(); ++i) {
      WR_TRY(ValType t, ParseValType(r.items[i]));
      use.sig.results.push_back(t);
    }
  }
  // A `param` after a `result` cannot belong to the type use.
  if (c.AtList("param")) return TextError(c.line(), "unexpected token");
  return use;
}

namespace {
// A function type as a hashable key: its binary encoding.
std::string SigKey(const FuncType& sig) {
  binary::Writer w;
  w.VarU32(static_cast<uint32_t>(sig.params.size()));
  for (const ValType& t : sig.params) w.ValueType(t);
  w.VarU32(static_cast<uint32_t>(sig.results.size()));
  for (const ValType& t : sig.results) w.ValueType(t);
  return std::string(w.bytes().begin(), w.bytes().end());
}
}  // namespace

uint32_t WatParser::FindOrAddFuncType(const FuncType& sig) {
  // Built on first use, after every explicit type is known: the smallest matching index
  // wins, then implicit types are added as they appear.
  if (!sig_index_built_) {
    for (uint32_t i = 0; i < type_info_.size(); ++i) {
      if (type_info_[i].plain_func) sig_index_.emplace(SigKey(type_info_[i].sig), i);
    }
    sig_index_built_ = true;
  }
  std::string key = SigKey(sig);
  auto it = sig_index_.find(key);
  if (it != sig_index_.end()) return it->second;
  implicit_types_.push_back(sig);
  const auto index = static_cast<uint32_t>(type_info_.size() + implicit_types_.size() - 1);
  sig_index_.emplace(std::move(key), index);
  return index;
}

Result<uint32_t> WatParser::ResolveTypeUse(const TypeUse& use) {
  if (!use.index) return FindOrAddFuncType(use.sig);
  const uint32_t idx = *use.index;
  if (use.has_inline) {
    const FuncType* declared = nullptr;
    if (idx < type_info_.size()) {
      if (type_info_[idx].is_func) declared = &type_info_[idx].sig;
    } else if (idx - type_info_.size() < implicit_types_.size()) {
      declared = &implicit_types_[idx - type_info_.size()];
    }
    if (declared == nullptr) return TextError(use.line, "unknown type");
    if (!(*declared == use.sig)) return TextError(use.line, "inline function type");
  }
  return idx;
}

Result<void> WatParser::ScanTypeNames(const Sexp& field) {
  auto one = [&](const Sexp& t) -> Result<void> {
    const uint32_t idx = types_.count++;
    if (t.items.size() >= 2 && !t.items[1].is_list && t.items[1].tok.kind == TokKind::Id) {
      WR_TRY_VOID(Bind(types_, t.items[1], idx));
    }
    return {};
  };
  if (field.Head() == "type") return one(field);
  for (size_t i = 1; i < field.items.size(); ++i) {
    if (!field.items[i].IsListOf("type")) return Unexpect(field.items[i]);
    WR_TRY_VOID(one(field.items[i]));
  }
  return {};
}

Result<void> WatParser::EncodeTypeField(const Sexp& field) {
  const bool is_rec = field.Head() == "rec";
  std::vector<const Sexp*> defs;
  if (is_rec) {
    for (size_t i = 1; i < field.items.size(); ++i) defs.push_back(&field.items[i]);
  } else {
    defs.push_back(&field);
  }
  binary::Writer& w = type_sec_.w;
  ++type_sec_.count;
  if (is_rec) {
    w.U8(0x4e);
    w.VarU32(static_cast<uint32_t>(defs.size()));
  }
  for (const Sexp* def : defs) {
    Cursor c(*def, 1);
    TypeInfo info;
    if (c.AtAtom(TokKind::Id)) c.Next();
    if (c.Done() || !c.Peek().is_list) return TextError(c.line(), "unexpected token");
    const Sexp* comp = &c.Next();
    if (!c.Done()) return Unexpect(c.Peek());
    bool is_final = true;
    std::vector<uint32_t> supers;
    if (comp->IsListOf("sub")) {
      Cursor sc(*comp, 1);
      is_final = false;
      if (sc.AtKeyword("final")) {
        sc.Next();
        is_final = true;
      }
      while (!sc.Done() && IsIndexAtom(sc.Peek())) {
        WR_TRY(uint32_t s, ResolveIndex(sc.Next(), types_));
        supers.push_back(s);
      }
      if (sc.Done() || !sc.Peek().is_list) return TextError(sc.line(), "unexpected token");
      comp = &sc.Next();
      if (!sc.Done()) return Unexpect(sc.Peek());
    }
    if (!is_final || !supers.empty()) {
      w.U8(is_final ? 0x4f : 0x50);
      w.VarU32(static_cast<uint32_t>(supers.size()));
      for (uint32_t s : supers) w.VarU32(s);
    }
    const std::string_view head = comp->Head();
    Cursor cc(*comp, 1);
    if (head == "func") {
      WR_TRY(TypeUse use, ParseTypeUse(cc, true));
      if (use.index) return TextError(comp->line, "unexpected token");
      if (!cc.Done()) return Unexpect(cc.Peek());
      info.is_func = true;
      info.plain_func = is_final && supers.empty() && defs.size() == 1;
      info.sig = use.sig;
      w.U8(0x60);
      w.VarU32(static_cast<uint32_t>(use.sig.params.size()));
      for (const ValType& t : use.sig.params) w.ValueType(t);
      w.VarU32(static_cast<uint32_t>(use.sig.results.size()));
      for (const ValType& t : use.sig.results) w.ValueType(t);
    } else if (head == "struct" || head == "array") {
      std::vector<FieldType> fields;
      auto parse_field = [&](const Sexp& s) -> Result<FieldType> {
        FieldType f;
        const Sexp* st = &s;
        if (s.IsListOf("mut")) {
          if (s.items.size() != 2) return TextError(s.line, "unexpected token");
          f.mut = true;
          st = &s.items[1];
        }
        if (st->IsKeyword("i8")) {
          f.packed = FieldType::Packed::I8;
        } else if (st->IsKeyword("i16")) {
          f.packed = FieldType::Packed::I16;
        } else {
          WR_TRY(ValType t, ParseValType(*st));
          f.type = t;
        }
        return f;
      };
      if (head == "array") {
        if (cc.Done()) return TextError(cc.line(), "unexpected token");
        const Sexp& s = cc.Next();
        if (!cc.Done()) return Unexpect(cc.Peek());
        WR_TRY(FieldType f,
               parse_field(s.IsListOf("field") && s.items.size() == 2 ? s.items[1] : s));
        fields.push_back(f);
        w.U8(0x5e);
      } else {
        while (!cc.Done()) {
          const Sexp& fl = cc.Next();
          if (!fl.IsListOf("field")) return Unexpect(fl);
          size_t i = 1;
          if (fl.items.size() >= 2 && !fl.items[1].is_list && fl.items[1].tok.kind == TokKind::Id) {
            if (fl.items.size() != 3) return TextError(fl.line, "unexpected token");
            const auto idx = static_cast<uint32_t>(fields.size());
            if (!info.field_names.emplace(fl.items[1].tok.value, idx).second) {
              return TextError(fl.line, "duplicate field");
            }
            i = 2;
          }
          for (; i < fl.items.size(); ++i) {
            WR_TRY(FieldType f, parse_field(fl.items[i]));
            fields.push_back(f);
          }
        }
        w.U8(0x5f);
        w.VarU32(static_cast<uint32_t>(fields.size()));
      }
      for (const FieldType& f : fields) WriteStorage(w, f);
    } else {
      return Unexpect(comp->is_list && !comp->items.empty() ? comp->items[0] : *comp);
    }
    type_info_.push_back(std::move(info));
  }
  return {};
}

}  // namespace wr::text::internal
