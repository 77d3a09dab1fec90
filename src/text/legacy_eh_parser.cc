// Instructions: the legacy exception handling's blocks (github:WebAssembly/exception-handling,
// document/legacy/exceptions), folded
//   (try label? bt (do instr*) (catch x instr*)* (catch_all instr*)?)
//   (try label? bt (do instr*) (delegate l))
// and flat: try label? bt instr* (catch x instr*)* (catch_all instr*)? end, or ... delegate l.
// A delegate's label counts outside the try, so the try's own label is gone when it is read.
#include <string>
#include <utility>

#include "text/wat_parser.h"

namespace wr::text::internal {

Result<void> WatParser::ParseFoldedTry(const Sexp& list, binary::Writer& w) {
  Cursor c(list, 1);
  std::string label;
  if (c.AtAtom(TokKind::Id)) label = c.Next().tok.value;
  PlaceBranchHint(std::exchange(folded_hint_, std::nullopt), w.size());
  w.Op(Opcode::Try);
  WR_TRY_VOID(WriteBlockType(c, w));
  PushLabel(std::move(label));
  if (!c.AtList("do")) {
    return c.Done() ? TextError(c.line(), "unexpected token") : Unexpect(c.Peek());
  }
  {
    Cursor body(c.Next(), 1);
    WR_TRY_VOID(ParseInstrs(body, w));
    if (!body.Done()) return Unexpect(body.Peek());
  }
  if (c.AtList("delegate")) {
    const Sexp& d = c.Next();
    labels_.pop_back();
    Cursor dc(d, 1);
    WR_TRY_VOID(ParseOpImmediates(d.items[0], Opcode::Delegate, dc, w));
    if (!dc.Done()) return Unexpect(dc.Peek());
    if (!c.Done()) return Unexpect(c.Peek());
    return {};
  }
  while (c.AtList("catch")) {
    const Sexp& clause = c.Next();
    Cursor cc(clause, 1);
    WR_TRY_VOID(ParseOpImmediates(clause.items[0], Opcode::Catch, cc, w));
    WR_TRY_VOID(ParseInstrs(cc, w));
    if (!cc.Done()) return Unexpect(cc.Peek());
  }
  if (c.AtList("catch_all")) {
    Cursor cc(c.Next(), 1);
    w.Op(Opcode::CatchAll);
    WR_TRY_VOID(ParseInstrs(cc, w));
    if (!cc.Done()) return Unexpect(cc.Peek());
  }
  if (!c.Done()) return Unexpect(c.Peek());
  labels_.pop_back();
  w.Op(Opcode::End);
  return {};
}

Result<void> WatParser::ParseFlatLegacy(const Sexp& s, Cursor& c, binary::Writer& w,
                                        std::vector<FlatBlock>& open) {
  FlatBlock& top = open.back();
  // After catch_all nothing but end; delegate only straight after the body.
  if (top.op != Opcode::Try || top.seen_else || (s.tok.text == "delegate" && top.seen_catch)) {
    return TextError(s.line, "unexpected token");
  }
  if (s.tok.text == "delegate") {
    labels_.pop_back();
    open.pop_back();
    return ParseOpImmediates(s, Opcode::Delegate, c, w);
  }
  top.seen_catch = true;
  if (s.tok.text == "catch_all") {
    top.seen_else = true;
    w.Op(Opcode::CatchAll);
    return {};
  }
  return ParseOpImmediates(s, Opcode::Catch, c, w);
}

}  // namespace wr::text::internal
