// Lowering of the legacy exception-handling instructions (try, catch, catch_all, delegate;
// rethrow is in Lower()) onto the handlers of try_table (compiled_module.h).
//
// try bt body (catch x c1)* (catch_all c2)? end:
//   body            the handler's range; a throw in it that a clause matches writes the
//                   exnref at the try's entry slot, the payload above it, and goes on at
//   jump end        the clause's own code (the stub is the clause)
//   c1; copies, jump end   a clause's values sit one slot above the frame's (the exnref slot,
//   ...                    see valid/legacy_eh.cc): its results move down at its end
//   c2; copies
// end:
// try bt body delegate l: the body is a handler without clauses that sends the search on to
// the innermost handler around label l (the body of a try or try_table), or to the caller.
#include "compile/lowering.h"

namespace wr::compile {

using valid::FuncView;

void Lowering::BeginLegacyTry(const binary::Instr& instr, const FuncView& v, Ctrl* c) {
  // Everything below the try must sit in its own slot: a clause starts from the stack as it
  // was at the try, not from what the body materialized before it threw.
  MaterializeAll(v);
  uint32_t num_params = 0;
  if (instr.block.kind == binary::BlockTypeImm::Kind::TypeIndex) {
    num_params = static_cast<uint32_t>(v.module().types[instr.block.type_index].func.params.size());
  }
  CompiledFunction::Handler h;
  h.base_slot = num_params ? v.OperandSlot(num_params - 1) : v.SlotHeight();
  MarkLabel();
  h.begin = static_cast<uint32_t>(code().size());
  c->handler = static_cast<int32_t>(fn_->maps->handlers.size());
  c->legacy_try = c->in_try_body = true;
  fn_->maps->handlers.push_back(h);
}

// The end of a catch clause's code, reached by falling through: its results move down from
// one slot above the frame's entry slot to it.
void Lowering::EndLegacyCatchClause(const FuncView& v) {
  const valid::ControlFrame& f = v.Control(0);
  MaterializeAll(v);
  const auto n = static_cast<uint32_t>(f.results.size());
  uint32_t dst = f.slot_height;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t depth = n - 1 - i;
    const unsigned slots = v.Operand(depth).slots();
    EmitCopy(dst, v.OperandSlot(depth), slots);  // increasing order: sources are above
    dst += slots;
  }
}

void Lowering::LegacyCatch(const binary::Instr& instr, const FuncView& v) {
  Ctrl& c = ctrl_.back();
  const valid::ControlFrame& f = v.Control(0);
  if (!c.dead) {
    if (!v.Unreachable()) {  // the body or the previous clause falls through to the end
      if (c.in_try_body) {
        MaterializeAll(v);
      } else {
        EndLegacyCatchClause(v);
      }
      EmitJump(IOp::Jump, std::nullopt, 0);
    }
    if (c.in_try_body) {
      fn_->maps->handlers[static_cast<size_t>(c.handler)].end =
          static_cast<uint32_t>(code().size());
      c.in_try_body = false;
      ++legacy_catches_open_;
    }
    MarkLabel();
    CompiledFunction::CatchClause clause;
    using Kind = CompiledFunction::CatchClause::Kind;
    clause.kind = instr.op == Opcode::Catch ? Kind::LegacyCatch : Kind::LegacyCatchAll;
    clause.tag = instr.op == Opcode::Catch ? instr.index : 0;
    clause.stub = static_cast<uint32_t>(code().size());
    c.legacy_clauses.push_back(clause);
  }
  shadow_.resize(f.height);
  if (instr.op == Opcode::Catch) {
    const Module& m = v.module();
    const FuncType& t = m.types[m.TagTypeOf(instr.index).type_index].func;
    for (size_t i = 0; i < t.params.size(); ++i) Push();
  }
}

void Lowering::FinishLegacyTry(Ctrl& c) {
  CompiledFunction::Handler& h = fn_->maps->handlers[static_cast<size_t>(c.handler)];
  if (c.in_try_body) {
    h.end = static_cast<uint32_t>(code().size());  // no clause
  } else {
    --legacy_catches_open_;
  }
  h.first_clause = static_cast<uint32_t>(fn_->maps->clauses.size());
  h.num_clauses = static_cast<uint32_t>(c.legacy_clauses.size());
  fn_->maps->clauses.insert(fn_->maps->clauses.end(), c.legacy_clauses.begin(),
                            c.legacy_clauses.end());
}

void Lowering::LegacyDelegate(const binary::Instr& instr, const FuncView& v) {
  Ctrl& c = ctrl_.back();
  const valid::ControlFrame& f = v.Control(0);
  if (c.dead) {
    --dead_;
  } else {
    if (!v.Unreachable()) MaterializeAll(v);
    CompiledFunction::Handler& h = fn_->maps->handlers[static_cast<size_t>(c.handler)];
    h.end = static_cast<uint32_t>(code().size());
    h.first_clause = static_cast<uint32_t>(fn_->maps->clauses.size());
    // Label l counts outside the try: frame depth l + 1. The first frame from there outward
    // whose handler covers the code there (a try body, a try_table) takes the search over.
    uint32_t target = 0;  // the caller
    for (size_t i = ctrl_.size() - 2 - instr.index + 1; i-- > 0;) {
      const Ctrl& o = ctrl_[i];
      if (o.handler >= 0 && (!o.legacy_try || o.in_try_body)) {
        target = static_cast<uint32_t>(o.handler) + 1;
        break;
      }
    }
    h.delegate = target;
    for (const Fixup& fx : c.fixups) Bind(fx);
  }
  ctrl_.pop_back();
  shadow_.resize(f.height);
  for (size_t i = 0; i < f.results.size(); ++i) Push();
}

}  // namespace wr::compile
