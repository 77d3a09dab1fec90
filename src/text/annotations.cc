// The annotations the text format gives a meaning (the annotations proposal, as the reference
// interpreter's custom handlers read them): (@custom "name" place? "bytes"*) makes a custom
// section, (@name "n") names the module, a function or a tag, and
// (@metadata.code.branch_hint "\00" | "\01") before an instruction makes an entry of the
// metadata.code.branch_hint section. Where an annotation stands is told by source offsets:
// the lexer keeps each one's span (lexer.h), and fields and instructions have theirs.
#include <algorithm>
#include <string>

#include "text/wat_parser.h"

namespace wr::text::internal {

namespace {

bool Inside(const Annotation& a, const Sexp& s) {
  return a.begin >= s.begin && a.end <= s.end;
}

bool IsString(const Sexp& s) {
  return !s.is_list && s.tok.kind == TokKind::String;
}

// Section ids in binary order, with the names a placement uses.
struct SectionName {
  std::string_view name;
  uint8_t id;
};
constexpr SectionName kSections[] = {
    {"type", 1},       {"import", 2}, {"func", 3},   {"table", 4}, {"memory", 5},
    {"tag", 13},       {"global", 6}, {"export", 7}, {"start", 8}, {"elem", 9},
    {"datacount", 12}, {"code", 10},  {"data", 11},
};

Unexpected<Error> CustomError(uint32_t line, std::string_view what) {
  return TextError(line, "@custom annotation: " + std::string(what));
}

// (@custom name place? content*): name a string, place (before|after section), content
// strings. Not inside any module field.
Result<void> ParseCustom(const Annotation& a, const std::vector<const Sexp*>& fields,
                         std::string& name, std::string& content, uint8_t& section, bool& after) {
  size_t i = 0;
  if (i >= a.items.size() || !IsString(a.items[i])) {
    return CustomError(a.line, "missing section name");
  }
  name = a.items[i++].tok.value;
  if (!IsValidUtf8(name)) return CustomError(a.line, "malformed UTF-8 encoding");
  section = 11;  // (after last): after the data section
  after = true;
  if (i < a.items.size() && a.items[i].is_list) {
    const Sexp& p = a.items[i++];
    if (p.items.empty() || !(p.items[0].IsKeyword("before") || p.items[0].IsKeyword("after"))) {
      return CustomError(p.line, "malformed placement");
    }
    after = p.items[0].IsKeyword("after");
    if (p.items.size() < 2 || p.items[1].is_list) {
      return CustomError(p.line, "malformed section kind");
    }
    const Sexp& kind = p.items[1];
    bool known = false;
    if (kind.IsKeyword("first") || kind.IsKeyword("last")) {
      known = true;
      section = kind.IsKeyword("first") ? 1 : 11;
    }
    for (const SectionName& s : kSections) {
      if (kind.IsKeyword(s.name)) {
        known = true;
        section = s.id;
      }
    }
    if (!known) return CustomError(kind.line, "malformed section kind");
    if (p.items.size() > 2) return CustomError(p.items[2].line, "unexpected token");
  }
  content.clear();
  while (i < a.items.size() && IsString(a.items[i])) content += a.items[i++].tok.value;
  if (i < a.items.size()) return CustomError(a.items[i].line, "unexpected token");
  for (const Sexp* f : fields) {
    if (Inside(a, *f)) return TextError(a.line, "misplaced @custom annotation");
  }
  return {};
}

// (@name "n") before the module's fields (the module), or first in a func or tag field.
// `named`: the field it names, or null for the module.
Result<void> CheckName(const Annotation& a, const std::vector<const Sexp*>& fields,
                       bool& module_named, std::vector<uint32_t>& named_fields,
                       const Sexp*& named) {
  named = nullptr;
  if (a.items.empty() || !IsString(a.items[0])) {
    return TextError(a.line, "@name annotation: string expected");
  }
  if (!IsValidUtf8(a.items[0].tok.value)) return TextError(a.line, "malformed UTF-8 encoding");
  if (a.items.size() > 1) return TextError(a.items[1].line, "@name annotation: unexpected token");
  if (fields.empty() || a.end <= fields.front()->begin) {
    if (module_named) return TextError(a.line, "@name annotation: multiple module names");
    module_named = true;
    return {};
  }
  for (const Sexp* f : fields) {
    if (!f->is_list || !Inside(a, *f)) continue;
    const std::string_view head = f->Head();
    if (head != "func" && head != "tag") break;
    // Before everything but the keyword, the $id and inline exports/imports.
    for (size_t k = 1; k < f->items.size(); ++k) {
      const Sexp& item = f->items[k];
      if (item.begin >= a.end) break;
      const bool id = !item.is_list && item.tok.kind == TokKind::Id;
      if (!id && !item.IsListOf("export") && !item.IsListOf("import")) {
        return TextError(a.line, "@name annotation: misplaced annotation");
      }
    }
    if (std::find(named_fields.begin(), named_fields.end(), f->begin) != named_fields.end()) {
      return TextError(a.line, "@name annotation: multiple function names");
    }
    named_fields.push_back(f->begin);
    named = f;
    return {};
  }
  return TextError(a.line, "misplaced @name annotation");
}

}  // namespace

Result<void> WatParser::ReadAnnotations(const std::vector<const Sexp*>& fields) {
  bool module_named = false;
  std::vector<uint32_t> named_fields;
  for (const Annotation* a : annotations_) {
    if (a->id == "custom") {
      CustomSec c;
      WR_TRY_VOID(ParseCustom(*a, fields, c.name, c.content, c.section, c.after));
      customs_.push_back(std::move(c));
    } else if (a->id == "name") {
      const Sexp* named = nullptr;
      WR_TRY_VOID(CheckName(*a, fields, module_named, named_fields, named));
      if (named == nullptr) {
        annotated_module_name_ = a->items[0].tok.value;
      } else if (named->Head() == "func") {
        annotated_func_names_[named->begin] = a->items[0].tok.value;
      }
    } else {  // metadata.code.branch_hint
      std::string payload;
      for (const Sexp& item : a->items) {
        if (!IsString(item)) {
          return TextError(item.line, "@metadata.code.branch_hint annotation: unexpected token");
        }
        payload += item.tok.value;
      }
      const Sexp* func = nullptr;
      for (const Sexp* f : fields) {
        if (f->IsListOf("func") && Inside(*a, *f)) func = f;
      }
      if (func == nullptr) {
        return TextError(a->line, "@metadata.code.branch_hint annotation: not in a function");
      }
      if (payload.size() != 1 || static_cast<uint8_t>(payload[0]) > 1) {
        return TextError(a->line, "@metadata.code.branch_hint annotation: invalid hint value");
      }
      hints_by_func_[func->begin].push_back(
          {a->begin, a->end, a->line, static_cast<uint8_t>(payload[0]), false});
    }
  }
  return {};
}

Result<void> WatParser::BeginFuncHints(const Sexp& field) {
  auto it = hints_by_func_.find(field.begin);
  cur_hints_ = it == hints_by_func_.end() ? nullptr : &it->second;
  next_hint_ = 0;
  func_hints_.clear();
  folded_hint_.reset();
  return {};
}

Result<std::optional<uint8_t>> WatParser::TakeBranchHint(uint32_t begin) {
  using Hint = std::optional<uint8_t>;
  if (cur_hints_ == nullptr || next_hint_ >= cur_hints_->size()) return Hint();
  std::vector<BranchHint>& hints = *cur_hints_;
  if (hints[next_hint_].end > begin) return Hint();
  BranchHint& h = hints[next_hint_++];
  if (next_hint_ < hints.size() && hints[next_hint_].end <= begin) {
    return TextError(hints[next_hint_].line,
                     "@metadata.code.branch_hint annotation: duplicate annotation");
  }
  h.placed = true;
  return Hint(h.value);
}

Result<void> WatParser::EndFuncHints(uint32_t func_index) {
  if (cur_hints_ != nullptr) {
    for (const BranchHint& h : *cur_hints_) {
      if (!h.placed) {
        return TextError(h.line, "@metadata.code.branch_hint annotation: invalid placement");
      }
    }
  }
  cur_hints_ = nullptr;
  if (func_hints_.empty()) return {};
  // funcidx, vec(offset, 1, hint): the offsets from the start of the body (its locals).
  binary::Writer& w = branch_hint_sec_;
  w.VarU32(func_index);
  w.VarU32(static_cast<uint32_t>(func_hints_.size()));
  for (const auto& [offset, value] : func_hints_) {
    w.VarU32(offset);
    w.VarU32(1);
    w.U8(value);
  }
  ++branch_hint_funcs_;
  func_hints_.clear();
  return {};
}

void WatParser::WriteCustoms(binary::Writer& out, uint8_t section_id, bool after) const {
  auto write = [&out](std::string_view name, std::span<const uint8_t> content) {
    out.U8(0);
    const size_t mark = out.BeginSized();
    out.VarU32(static_cast<uint32_t>(name.size()));
    out.Raw(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(name.data()), name.size()));
    out.Raw(content);
    out.EndSized(mark);
  };
  if (!after && section_id == 10 && branch_hint_funcs_ != 0) {  // before the code section
    binary::Writer sec;
    sec.VarU32(branch_hint_funcs_);
    sec.Raw(branch_hint_sec_.bytes());
    write("metadata.code.branch_hint", sec.bytes());
  }
  for (const CustomSec& c : customs_) {
    if (c.section != section_id || c.after != after) continue;
    write(c.name, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(c.content.data()),
                                           c.content.size()));
  }
}

}  // namespace wr::text::internal
