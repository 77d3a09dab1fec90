// Lowering of control flow: blocks, loops and ifs, branches with the copies their labels
// need, br_table, try_table; see lowering.h for the contract.
#include <algorithm>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "compile/lowering.h"

namespace wr::compile {

using valid::FuncView;

// ---- Branches

void Lowering::Bind(const Fixup& f) {
  code()[f.word] = static_cast<uint32_t>(code().size()) - f.base;
  MarkLabel();
}

// True when a branch to label `d`, with the label's values `extra` below the top, must copy
// them (or is a return, which always goes through the return sequence).
bool Lowering::NeedsCopies(const FuncView& v, uint32_t d, uint32_t extra) const {
  if (d == v.ControlDepth() - 1) return true;
  const valid::ControlFrame& f = v.Control(d);
  const auto types = f.LabelTypes();
  const auto n = static_cast<uint32_t>(types.size());
  uint32_t dst = f.slot_height;
  for (uint32_t i = 0; i < n; ++i) {
    if (Src(v, extra + n - 1 - i) != dst) return true;
    dst += types[i].slots();
  }
  return false;
}

// Copies the label values to the target's slots, then jumps (or returns). Leaves the stack
// model untouched: on br_if the copies run only on the taken path.
void Lowering::EmitBranch(const FuncView& v, uint32_t d, uint32_t extra) {
  const bool is_return = d == v.ControlDepth() - 1;
  const valid::ControlFrame& f = v.Control(d);
  const auto types = is_return ? std::span<const ValType>(v.func_type().results) : f.LabelTypes();
  const auto n = static_cast<uint32_t>(types.size());
  if (is_return && n == 1 && extra == 0 && cur_pending_ >= 0 && !IsLazy(0)) {
    // The previous instruction produced the result: let it write slot 0 directly.
    code()[static_cast<size_t>(cur_pending_)] = kFixedTag | 0;
    cur_pending_ = -1;
    Op(IOp::Return);
    return;
  }
  std::vector<uint32_t> srcs(n);
  for (uint32_t i = 0; i < n; ++i) srcs[i] = Src(v, extra + n - 1 - i);
  if (is_return && n > 1) {
    // Results go to slots 0..: a value read from a local or constant there could be
    // overwritten by an earlier result, so move such values to their own operand slots first.
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t own = v.OperandSlot(extra + n - 1 - i);
      const bool at_risk = srcs[i] & kConstTag ? frame_base_ < fn_->num_result_slots
                                               : srcs[i] < fn_->num_result_slots;
      if (srcs[i] != own && at_risk) {
        EmitCopy(own, srcs[i], types[i].slots());
        srcs[i] = own;
      }
    }
  }
  // Values move down (or stay): copying in increasing order never clobbers a later source.
  uint32_t dst = is_return ? 0 : f.slot_height;
  for (uint32_t i = 0; i < n; ++i) {
    EmitCopy(is_return ? (dst | kFixedTag) : dst, srcs[i], types[i].slots());
    dst += types[i].slots();
  }
  if (is_return) {
    EmitReturn();
  } else {
    EmitJump(IOp::Jump, std::nullopt, d);
  }
}

// `return`; `copy; return` -> `copy.return` when no branch lands between them (Fusable), so
// the copy runs exactly when the return does. Small functions end this way.
void Lowering::EmitReturn() {
  std::vector<uint32_t>& c = code();
  if (c.size() == last_op_ + 3 && c[last_op_] == static_cast<uint32_t>(IOp::Copy) &&
      Fusable(last_op_)) {
    c[last_op_] = static_cast<uint32_t>(IOp::CopyReturn);
    return;
  }
  Op(IOp::Return);
}

// `call func, base`; `copy; call` and `copy.copy; call` -> one op when no branch lands between
// them (Fusable): the copies are mostly the call's arguments moving into place. The fused op
// is the call for everything that looks at one: its safepoint, and its wasm offset for
// backtraces (the copies cannot trap).
void Lowering::EmitCall(uint32_t func, uint32_t base) {
  std::vector<uint32_t>& c = code();
  const auto last = c.size() > last_op_ ? static_cast<IOp>(c[last_op_]) : IOp::Call;
  if (Fusable(last_op_) && ((last == IOp::Copy && c.size() == last_op_ + 3) ||
                            (last == IOp::CopyCopy && c.size() == last_op_ + 5))) {
    c[last_op_] = static_cast<uint32_t>(last == IOp::Copy ? IOp::CopyCall : IOp::CopyCopyCall);
    W(func);
    W(base);
    auto& offsets = fn_->maps->offsets;
    if (!offsets.empty() && offsets.back().first == last_op_) offsets.back().second = cur_offset_;
    RecordSafepoint(last_op_);
    return;
  }
  Op(IOp::Call);
  W(func);
  W(base);
}

// A conditional branch on slot `cond` to label `d`: `taken` jumps when the branch is taken,
// `not_taken` is its opposite. When the label's values (all but the top `extra`) must move,
// the copies run only on the taken path: `not_taken` skips over them.
void Lowering::EmitCondBranch(const FuncView& v, uint32_t cond, IOp taken, IOp not_taken,
                              uint32_t d, uint32_t extra) {
  if (!NeedsCopies(v, d, extra)) {
    EmitJump(taken, cond, d);
    return;
  }
  const auto pos = static_cast<uint32_t>(code().size());
  Op(not_taken);
  W(cond);
  const Fixup skip{static_cast<uint32_t>(code().size()), pos};
  W(0);
  EmitBranch(v, d, extra);
  Bind(skip);
}

// Emits `op [cond] target` to the label of frame `d` (not the function frame).
void Lowering::EmitJump(IOp op, std::optional<uint32_t> cond, uint32_t d) {
  std::vector<uint32_t>& c = code();
  if (op == IOp::Jump && c.size() > last_op_ && Fusable(last_op_)) {
    // `copy; jump` and `copy.copy; jump` -> one op, the jump's target last: no branch lands
    // between them (Fusable), so the copies run exactly when the jump does.
    const auto last = static_cast<IOp>(c[last_op_]);
    if ((last == IOp::Copy && c.size() == last_op_ + 3) ||
        (last == IOp::CopyCopy && c.size() == last_op_ + 5)) {
      c[last_op_] = static_cast<uint32_t>(last == IOp::Copy ? IOp::CopyJump : IOp::CopyCopyJump);
      const auto word = static_cast<uint32_t>(c.size());
      W(0);
      LinkJump(Fixup{word, last_op_}, d);
      return;
    }
  }
  const auto pos = static_cast<uint32_t>(c.size());
  Op(op);
  if (cond) W(*cond);
  const auto word = static_cast<uint32_t>(code().size());
  W(0);
  LinkJump(Fixup{word, pos}, d);
}

void Lowering::LinkJump(const Fixup& f, uint32_t d) {
  Ctrl& c = CtrlAt(d);
  if (c.is_loop) {
    const uint32_t at = PastRedundantCopies(f.base, c.loop_start);
    code()[DropCopiesDeadAt(f, at)] = at - f.base;
  } else {
    c.fixups.push_back(f);
  }
}

// A loop's back edge from `copy.jump` or `copy.copy.jump` at `jump` often lands on the copy
// that undoes its own: LLVM moves a value into a phi's local before the back edge and out of
// it again at the loop's head (`copy s3, s7; jump @head` ... `head: copy s7, s3`). Returns the
// position past the copies at `head` that cannot change any slot after the jump's copies ran:
// those whose two slots the jump's copies leave equal. The back edge lands there; every other
// way into the loop still runs them. The landing position becomes a label.
uint32_t Lowering::PastRedundantCopies(uint32_t jump, uint32_t head) {
  std::vector<uint32_t>& c = code();
  const auto jump_op = static_cast<IOp>(c[jump]);
  if (jump_op != IOp::CopyJump && jump_op != IOp::CopyCopyJump) return head;
  const uint32_t copies = jump_op == IOp::CopyJump ? 1 : 2;
  // Whether slots `a` and `b` hold equal values after the jump's copies: one copy made them
  // equal and no later copy wrote either.
  const auto equal_after_jump = [&](uint32_t a, uint32_t b) {
    for (uint32_t i = copies; i-- > 0;) {
      const uint32_t dst = c[jump + 1 + 2 * i], src = c[jump + 2 + 2 * i];
      if ((dst == a && src == b) || (dst == b && src == a)) return true;
      if (dst == a || dst == b) return false;
    }
    return false;
  };
  uint32_t at = head;
  while (at < jump) {
    const auto op = static_cast<IOp>(c[at]);
    const uint32_t n = op == IOp::Copy ? 1 : op == IOp::CopyCopy ? 2 : 0;
    if (n == 0) break;
    bool redundant = true;
    for (uint32_t i = 0; i < n && redundant; ++i) {
      redundant = equal_after_jump(c[at + 1 + 2 * i], c[at + 2 + 2 * i]);
    }
    if (!redundant) break;
    at += 1 + 2 * n;
  }
  label_pos_ = std::max(label_pos_, at);
  return at;
}

// Whether frame slot `slot` is written before it is read on the straight-line path from code
// position `at` (up to `end`): then a value copied into it just before a jump to `at` is never
// seen. Conservative: only ops whose reads and write are known here (copies and the generic
// one-result scalar ops such as i32.add, none of which can branch, throw or be a safepoint)
// are walked; any other op, or reaching `end`, counts as a read.
bool Lowering::SlotDeadAt(uint32_t slot, uint32_t at, uint32_t end) {
  const std::vector<uint32_t>& c = code();
  for (int steps = 0; steps < 8 && at < end; ++steps) {
    const auto op = static_cast<IOp>(c[at]);
    uint32_t reads[4];
    uint32_t num_reads = 0;
    uint32_t write = 0;
    if (op == IOp::Copy) {
      write = c[at + 1];
      reads[num_reads++] = c[at + 2];
    } else if (op == IOp::CopyCopy) {  // two copies in order: the first's write comes first
      if (c[at + 2] == slot) return false;
      if (c[at + 1] == slot) return true;
      write = c[at + 3];
      reads[num_reads++] = c[at + 4];
    } else if (const std::optional<Opcode> wasm = IOpWasmOpcode(op)) {
      const OpInfo& info = GetOpInfo(*wasm);
      if (info.sig == Sig::Special || info.imm != ImmKind::None) return false;
      const SigTypes& types = SigInfo(info.sig);
      if (types.num_results != 1 || types.results[0] == ValKind::V128) return false;
      for (uint32_t i = 0; i < types.num_params; ++i) {
        if (types.params[i] == ValKind::V128) return false;
        reads[num_reads++] = c[at + 2 + i];
      }
      write = c[at + 1];
    } else {
      return false;
    }
    for (uint32_t i = 0; i < num_reads; ++i) {
      if (reads[i] == slot) return false;
    }
    if (write == slot) return true;
    at += InstrSize(c.data(), at);
  }
  return false;
}

// The copies of `copy.jump` / `copy.copy.jump` at f.base (the last op emitted) whose slot is
// dead where the jump lands (`at`; SlotDeadAt) are dropped, and the op shrinks to what is left:
// an interpreter's dispatch loop (vm: `copy.copy.jump s3, s7, s1, s8` back to a head that sets
// s3 to the switch's default result before reading it) then moves one value, or none.
// Returns where the jump's target word now is (the caller writes it).
uint32_t Lowering::DropCopiesDeadAt(const Fixup& f, uint32_t at) {
  std::vector<uint32_t>& c = code();
  const uint32_t jump = f.base;
  const auto op = static_cast<IOp>(c[jump]);
  const uint32_t n = op == IOp::CopyJump ? 1 : op == IOp::CopyCopyJump ? 2 : 0;
  if (n == 0 || f.word + 1 != c.size() || f.word != jump + 1 + 2 * n) return f.word;
  uint32_t kept[4];
  uint32_t num_kept = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t dst = c[jump + 1 + 2 * i], src = c[jump + 2 + 2 * i];
    // A later copy reading this one's slot needs it, dead at `at` or not.
    const bool read_later = i == 0 && n == 2 && c[jump + 4] == dst;
    if (!read_later && SlotDeadAt(dst, at, jump)) continue;
    kept[num_kept++] = dst;
    kept[num_kept++] = src;
  }
  if (num_kept == 2 * n) return f.word;
  c[jump] = static_cast<uint32_t>(num_kept == 0   ? IOp::Jump
                                  : num_kept == 2 ? IOp::CopyJump
                                                  : IOp::CopyCopyJump);
  c.resize(jump + 1);
  for (uint32_t i = 0; i < num_kept; ++i) c.push_back(kept[i]);
  c.push_back(0);  // the target
  return static_cast<uint32_t>(c.size() - 1);
}

// ---- Structured instructions

void Lowering::Structural(const binary::Instr& instr, const FuncView& v) {
  switch (instr.op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::TryTable:
    case Opcode::Try: {
      Ctrl c;
      if (!Emitting(v)) {
        c.dead = true;
        ++dead_;
        ctrl_.push_back(std::move(c));
        return;
      }
      if (instr.op == Opcode::TryTable) {
        BeginTryTable(instr, v, &c);
        ctrl_.push_back(std::move(c));
        return;
      }
      if (instr.op == Opcode::Try) {
        BeginLegacyTry(instr, v, &c);
        ctrl_.push_back(std::move(c));
        return;
      }
      if (instr.op == Opcode::If) {
        const uint32_t cond = Src(v, 0);
        MaterializeAll(v, 1);
        c.else_fixup = FuseBranch(cur_pending_, false);
        if (c.else_fixup) FuseLoadBranch(&*c.else_fixup);
        if (!c.else_fixup) {
          const auto pos = static_cast<uint32_t>(code().size());
          Op(IOp::JumpUnless);
          W(cond);
          c.else_fixup = Fixup{static_cast<uint32_t>(code().size()), pos};
          W(0);
        }
        Pop(1);
      } else {
        MaterializeAll(v);
      }
      if (instr.op == Opcode::Loop) {
        c.is_loop = true;
        ++loops_open_;
        c.loop_start = static_cast<uint32_t>(code().size());
        MarkLabel();
        if (interruptible_) c.check = EmitCheck();  // every back edge lands on it
      }
      ctrl_.push_back(std::move(c));
      return;
    }
    case Opcode::Else: {
      Ctrl& c = ctrl_.back();
      const valid::ControlFrame& f = v.Control(0);
      if (!c.dead) {
        if (!v.Unreachable()) {
          MaterializeAll(v);
          EmitJump(IOp::Jump, std::nullopt, 0);
        }
        if (c.else_fixup) Bind(*c.else_fixup);
        c.else_fixup.reset();
      }
      shadow_.resize(f.height);
      for (size_t i = 0; i < f.params.size(); ++i) Push();
      return;
    }
    case Opcode::Catch:
    case Opcode::CatchAll: LegacyCatch(instr, v); return;
    case Opcode::Delegate: LegacyDelegate(instr, v); return;
    case Opcode::End: {
      Ctrl& c = ctrl_.back();
      const valid::ControlFrame& f = v.Control(0);
      const bool is_func = v.ControlDepth() == 1;
      if (c.dead) {
        --dead_;
      } else {
        if (!v.Unreachable()) {
          if (is_func) {
            EmitBranch(v, 0, 0);  // the return sequence handles lazy values itself
          } else if (c.legacy_try && !c.in_try_body) {
            EndLegacyCatchClause(v);
          } else {
            MaterializeAll(v);
          }
        }
        if (c.legacy_try) {
          FinishLegacyTry(c);
        } else if (c.handler >= 0) {
          fn_->maps->handlers[static_cast<size_t>(c.handler)].end =
              static_cast<uint32_t>(code().size());
        }
        if (c.else_fixup) Bind(*c.else_fixup);
        for (const Fixup& fx : c.fixups) Bind(fx);
      }
      if (c.is_loop) --loops_open_;
      if (c.check) PatchCheck(*c.check);
      ctrl_.pop_back();
      shadow_.resize(f.height);
      for (size_t i = 0; i < f.results.size(); ++i) Push();
      return;
    }
    default: return;
  }
}

// try_table: a jump over one stub per catch clause, then the body, whose code range the
// handler covers. The interpreter's unwinder writes the payload (and the exnref) at the
// try_table's base slot and jumps to the clause's stub, which moves them to the clause's
// label as a branch would. Clause labels are relative to the context outside the try_table,
// which is what the stacks are while this instruction is shown.
void Lowering::BeginTryTable(const binary::Instr& instr, const FuncView& v, Ctrl* c) {
  const Module& m = v.module();
  MaterializeAll(v);
  uint32_t num_params = 0;
  if (instr.block.kind == binary::BlockTypeImm::Kind::TypeIndex) {
    num_params = static_cast<uint32_t>(m.types[instr.block.type_index].func.params.size());
  }
  const uint32_t base = num_params ? v.OperandSlot(num_params - 1) : v.SlotHeight();
  const auto skip_pos = static_cast<uint32_t>(code().size());
  Op(IOp::Jump);
  const Fixup skip{static_cast<uint32_t>(code().size()), skip_pos};
  W(0);
  CompiledFunction::Handler h;
  h.base_slot = base;
  h.first_clause = static_cast<uint32_t>(fn_->maps->clauses.size());
  for (const binary::CatchClause& cc : instr.catches) {
    using K = binary::CatchClause::Kind;
    CompiledFunction::CatchClause clause;
    clause.kind = static_cast<CompiledFunction::CatchClause::Kind>(cc.kind);
    clause.tag = cc.tag;
    MarkLabel();
    clause.stub = static_cast<uint32_t>(code().size());
    fn_->maps->clauses.push_back(clause);
    // The values the clause delivers, in slots from `base`: the tag's params, then an exnref.
    std::vector<unsigned> sizes;
    if (cc.kind == K::Catch || cc.kind == K::CatchRef) {
      const FuncType& t = m.types[m.TagTypeOf(cc.tag).type_index].func;
      for (const ValType& p : t.params) sizes.push_back(p.slots());
    }
    if (cc.kind == K::CatchRef || cc.kind == K::CatchAllRef) sizes.push_back(1);
    const bool is_return = cc.label == v.ControlDepth() - 1;
    // Sources are at or above their destinations: copying in increasing order is safe.
    uint32_t src = base, dst = is_return ? 0 : v.Control(cc.label).slot_height;
    for (unsigned n : sizes) {
      EmitCopy(is_return ? (dst | kFixedTag) : dst, src, n);
      src += n;
      dst += n;
    }
    if (is_return) {
      EmitReturn();
    } else {
      EmitJump(IOp::Jump, std::nullopt, cc.label);
    }
  }
  h.num_clauses = static_cast<uint32_t>(fn_->maps->clauses.size()) - h.first_clause;
  Bind(skip);
  h.begin = static_cast<uint32_t>(code().size());
  c->handler = static_cast<int32_t>(fn_->maps->handlers.size());
  fn_->maps->handlers.push_back(h);
}

void Lowering::LowerBrTable(const binary::Instr& instr, const FuncView& v) {
  const uint32_t index = Src(v, 0);
  const auto targets = instr.br_table;
  std::vector<uint32_t>& c = code();
  const uint32_t last = last_op_;
  uint32_t pos;
  if (!IsLazy(0) && cur_pending_ >= 0 &&
      static_cast<uint64_t>(cur_pending_) == uint64_t{last} + 1 && c.size() == last + 4 &&
      Fusable(last) && c[last + 1] == index &&
      (c[last] == static_cast<uint32_t>(IOp::I32Load) ||
       c[last] == static_cast<uint32_t>(IOp::I32And))) {
    // `i32.load t, addr, offset` or `i32.and t, a, b`, then the table on t, its only reader:
    // one op (the load's entry in the offset map stays: a trap is the load's).
    pos = last;
    const bool load = c[pos] == static_cast<uint32_t>(IOp::I32Load);
    const uint32_t prev = prev_op_;
    std::vector<std::pair<uint32_t, uint32_t>>& offsets = fn_->maps->offsets;
    const size_t n = offsets.size();
    if (load && prev + 5 == pos && c[prev] == static_cast<uint32_t>(IOp::I32AddShl) &&
        Fusable(prev) && c[prev + 1] == c[pos + 2] && n >= 2 && offsets[n - 1].first == pos &&
        offsets[n - 2].first == prev) {
      // The load's address is an i32.add_shl just computed, whose result is kept (it is
      // written as before, so it may have other readers): one op for the three. Its entry in
      // the offset map becomes the load's (the add cannot trap).
      const uint32_t offset = c[pos + 3];
      c.resize(pos);
      c[prev] = static_cast<uint32_t>(IOp::I32AddShlLoadJumpTable);
      W(offset);
      offsets[n - 2].second = offsets[n - 1].second;
      offsets.pop_back();
      pos = prev;
      last_op_ = prev;
    } else {
      c[pos] = static_cast<uint32_t>(load ? IOp::I32LoadJumpTable : IOp::I32AndJumpTable);
      c[pos + 1] = c[pos + 2];
      c[pos + 2] = c[pos + 3];
      c.pop_back();
    }
  } else if (c.size() == last + 4 && Fusable(last) &&
             c[last] == static_cast<uint32_t>(IOp::I32And) && c[last + 1] == index) {
    // `i32.and t, a, b` into a slot other code reads too (a local.tee), then the table on t:
    // one op that still writes t.
    pos = last;
    c[pos] = static_cast<uint32_t>(IOp::I32AndKeepJumpTable);
  } else {
    pos = static_cast<uint32_t>(c.size());
    Op(IOp::JumpTable);
    W(index);
  }
  W(static_cast<uint32_t>(targets.size() - 1));
  const auto first = static_cast<uint32_t>(code().size());
  for (size_t i = 0; i < targets.size(); ++i) W(0);
  // Targets that need copies go through a stub (one per distinct label) after the table.
  std::unordered_map<uint32_t, std::vector<uint32_t>> stubs;
  std::vector<uint32_t> stub_order;
  for (size_t i = 0; i < targets.size(); ++i) {
    const uint32_t d = targets[i];
    const auto word = static_cast<uint32_t>(first + i);
    if (NeedsCopies(v, d, 1)) {
      auto [it, inserted] = stubs.try_emplace(d);
      if (inserted) stub_order.push_back(d);
      it->second.push_back(word);
    } else {
      Ctrl& c = CtrlAt(d);
      if (c.is_loop) {
        code()[word] = c.loop_start - pos;
      } else {
        c.fixups.push_back({word, pos});
      }
    }
  }
  for (uint32_t d : stub_order) {
    MarkLabel();
    for (uint32_t word : stubs[d]) code()[word] = static_cast<uint32_t>(code().size()) - pos;
    EmitBranch(v, d, 1);
  }
}

}  // namespace wr::compile
