// Lowering: the FuncListener that turns each validated function body into internal code.
//
// Contract: the validator calls OnInstr only for instructions that passed validation, with
// the stacks as they are before the instruction, so the lowering never re-checks types. It
// keeps, parallel to the validator's operand stack, where each value can be READ from:
//
//   own    the value sits in its own operand slot (view.OperandSlot(depth))
//   lazy   the value still lives elsewhere: a local's slot (folded local.get) or a constant
//          (kConstTag | index, placed in the frame's constant area at the end)
//
// Consumers read lazy values straight from where they live. A lazy value is copied into its
// own slot ("materialized") before anything could change what it reads or before control flow
// needs it in place:
//   - local.set/local.tee x materializes the values that read local x;
//   - block, loop, if, else and end materialize the whole stack, so that values below the
//     innermost block are always in their own slots and every control path agrees;
//   - calls materialize their arguments (the callee's frame starts at the first argument).
// Branches copy the label's values to the target's slots; br_if and br_table stubs do so only
// on the taken path, without changing what the fall-through path assumes.
// local.set right after an instruction that produced the top value retargets that
// instruction's destination to the local, saving the copy.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "compile/code.h"
#include "compile/compiled_module.h"
#include "valid/listener.h"

namespace wr::compile {

class Lowering final : public valid::FuncListener {
 public:
  // Lowers the next function body it is shown into `*target` (whose lowered fields it resets
  // first; `lowered` itself is the caller's to set).
  // `interruptible`: emit IOp::Check at the function entry and at each loop header
  // (CompileOptions::interruptible).
  explicit Lowering(CompiledFunction* target, bool interruptible = false)
      : fn_(target), interruptible_(interruptible) {}
  // Lowers the next body into `target` instead (one Lowering reused across functions keeps
  // its buffers).
  void Retarget(CompiledFunction* target) { fn_ = target; }

  // Whether the lowering handles `op` (in reachable code; dead code is skipped). The eager
  // screen in CompileModule uses this so that lazy lowering cannot fail later.
  static bool Lowers(Opcode op);
  // The error for an instruction the lowering does not handle.
  static Error UnsupportedError(const binary::Instr& instr);
  // Slots of the constant area. Every call copies the area into the new frame, so it is
  // capped; a constant met inside a loop may use the larger budget (it is read on every
  // iteration, where an IOp::Const would cost a dispatch each time), one in straight-line
  // code only the smaller one (a huge switch's cases must not make every call slow).
  static constexpr size_t kAreaConstsOutsideLoops = 64;
  static constexpr size_t kMaxAreaConsts = 256;

  void BeginFunction(const valid::FuncView& view) override;
  void OnInstr(const binary::Instr& instr, const valid::FuncView& view) override;
  Result<void> EndFunction(const valid::FuncView& view) override;

 private:
  static constexpr uint32_t kOwn = ~0u;

  struct Fixup {
    uint32_t word;  // code position of the offset word
    uint32_t base;  // the op word the offset is relative to
  };
  struct Ctrl {
    bool dead = false;  // entered in unreachable code: nothing inside is emitted
    bool is_loop = false;
    uint32_t loop_start = 0;
    std::vector<Fixup> fixups;        // forward branches to this label (end)
    std::optional<Fixup> else_fixup;  // if: the jump to the else arm
    int32_t handler = -1;             // try_table, legacy try: its entry in fn_->maps->handlers
    std::optional<uint32_t> check;    // loop: the cost word of its header's check
    // Legacy try: true while in its body (before the first catch); its clauses, appended to
    // fn_->maps->clauses at its end so that they are contiguous.
    bool legacy_try = false;
    bool in_try_body = false;
    std::vector<CompiledFunction::CatchClause> legacy_clauses;
  };
  // Live legacy try frames past their first catch (whose clauses hold an exnref slot).
  uint32_t legacy_catches_open_ = 0;

  bool Emitting(const valid::FuncView& v) const { return dead_ == 0 && !v.Unreachable(); }
  void Structural(const binary::Instr& instr, const valid::FuncView& v);
  void Lower(const binary::Instr& instr, const valid::FuncView& v, int64_t pending_dst);
  void LowerGeneric(const binary::Instr& instr, const valid::FuncView& v);
  void LowerGc(const binary::Instr& instr, const valid::FuncView& v);
  void LowerLocalSet(const binary::Instr& instr, const valid::FuncView& v, int64_t pending_dst);
  void LowerMemAccess(const binary::Instr& instr, const valid::FuncView& v);
  void LowerAtomic(const binary::Instr& instr, const valid::FuncView& v);
  bool FuseLoadAddress(const binary::Instr& instr, const valid::FuncView& v);
  bool FuseStoreAddress(const binary::Instr& instr, const valid::FuncView& v);
  bool FuseAddShl(const valid::FuncView& v);
  bool FuseAddImmIntoAddShl(uint32_t pos);
  // An `i32.add t, a, C` (C a constant) whose sum t the last op, at `pos`, reads: the op
  // before it, or the one before that with an op between that may run first. FindAddOfConstant
  // looks for it; RemoveAddOfConstant takes it out ([add][between][op] -> [between]) and
  // returns where the op's fused form goes, which keeps the op's entry in the offset map.
  struct AddOfConstant {
    uint32_t add, between, a, value;  // between == pos: nothing between
  };
  std::optional<AddOfConstant> FindAddOfConstant(uint32_t pos, uint32_t t);
  uint32_t RemoveAddOfConstant(const AddOfConstant& f, uint32_t pos);
  bool FuseShlAddImm(const valid::FuncView& v);
  bool AddConstantToAddShl(const valid::FuncView& v);
  bool FuseChain(IOp second, const valid::FuncView& v);
  bool FuseLoadOp(IOp second, const valid::FuncView& v);
  std::optional<uint32_t> ResultDepth(uint32_t t, const valid::FuncView& v) const;
  bool FuseOpStore(const binary::Instr& instr, const valid::FuncView& v);
  bool FuseReadModifyWrite(const binary::Instr& instr, const valid::FuncView& v);
  bool FuseSelectEqz(const valid::FuncView& v);
  bool NegateSubConstant();
  void FuseAddBranch(Fixup* branch);
  void LowerBrTable(const binary::Instr& instr, const valid::FuncView& v);
  void BeginTryTable(const binary::Instr& instr, const valid::FuncView& v, Ctrl* c);
  // Legacy exception handling (lowering_legacy_eh.cc).
  void BeginLegacyTry(const binary::Instr& instr, const valid::FuncView& v, Ctrl* c);
  void LegacyCatch(const binary::Instr& instr, const valid::FuncView& v);
  void LegacyDelegate(const binary::Instr& instr, const valid::FuncView& v);
  void EndLegacyCatchClause(const valid::FuncView& v);
  void FinishLegacyTry(Ctrl& c);

  // Stack model.
  uint32_t Src(const valid::FuncView& v, uint32_t depth) const;
  bool IsLazy(uint32_t depth) const { return shadow_[shadow_.size() - 1 - depth] != kOwn; }
  void Materialize(const valid::FuncView& v, uint32_t depth);
  void MaterializeAll(const valid::FuncView& v, uint32_t skip_top = 0);
  void Pop(uint32_t n) { shadow_.resize(shadow_.size() - n); }
  void Push(uint32_t src = kOwn) { shadow_.push_back(src); }

  // Emission.
  void Op(IOp op);
  // A bulk op (work proportional to an operand): preceded by IOp::Metered when interruptible,
  // so that fuel and the interrupt flag bound it; exactly Op(op) otherwise.
  void BulkOp(IOp op) {
    if (interruptible_) Op(IOp::Metered);
    Op(op);
  }
  void W(uint32_t word) { code().push_back(word); }
  void EmitCopy(uint32_t dst, uint32_t src, unsigned slots);
  // Pushes a constant: lazily, read from the frame's constant area, while the area has room;
  // then materialized by an IOp::Const into its own slot. Every call copies the area into the
  // new frame, so capping it keeps call cost independent of how many constants a body uses.
  void PushConst(const valid::FuncView& v, uint64_t bits);
  void PushConstV128(const valid::FuncView& v, uint64_t lo, uint64_t hi);
  size_t AreaLimit() const { return loops_open_ ? kMaxAreaConsts : kAreaConstsOutsideLoops; }
  bool NeedsCopies(const valid::FuncView& v, uint32_t d, uint32_t extra) const;
  void EmitBranch(const valid::FuncView& v, uint32_t d, uint32_t extra);
  void EmitJump(IOp op, std::optional<uint32_t> cond, uint32_t d);
  void EmitReturn();
  void EmitCall(uint32_t func, uint32_t base);
  void EmitCondBranch(const valid::FuncView& v, uint32_t cond, IOp taken, IOp not_taken, uint32_t d,
                      uint32_t extra);
  void Bind(const Fixup& f);
  // Records that a branch may land at the current position: no fusion may merge an op
  // emitted before it with one emitted after it.
  void MarkLabel() { label_pos_ = static_cast<uint32_t>(code().size()); }
  // Whether the op at `pos` can be rewritten into a fused op together with what follows it
  // (no branch lands after it).
  bool Fusable(uint32_t pos) const { return label_pos_ <= pos; }
  void LinkJump(const Fixup& f, uint32_t d);  // f's target is the label of frame `d`
  void FuseLoadBranch(Fixup* branch);
  void FuseSelectAnd();
  void FuseAddImmIntoReadModifyWrite(uint32_t pos);
  uint32_t PastRedundantCopies(uint32_t jump, uint32_t head);
  bool SlotDeadAt(uint32_t slot, uint32_t at, uint32_t end);
  uint32_t DropCopiesDeadAt(const Fixup& f, uint32_t at);
  // Turns the compare just emitted into a fused compare-and-branch that jumps when the
  // condition is `when`; returns its target word, or nullopt if the pattern does not apply.
  std::optional<Fixup> FuseBranch(int64_t pending, bool when);
  void Unsupported(const binary::Instr& instr);
  Ctrl& CtrlAt(uint32_t d) { return ctrl_[ctrl_.size() - 1 - d]; }
  std::vector<uint32_t>& code() { return fn_->code; }

  // Stack maps (stack_maps.cc): Op() records one for a safepoint op, from the stacks as they
  // are before the instruction; EndFunction drops call arguments and shifts the slots.
  static bool IsSafepoint(IOp op) {
    switch (op) {
      case IOp::Call:
      case IOp::CopyCall:
      case IOp::CopyCopyCall:
      case IOp::CallIndirect:
      case IOp::CallRef:
      case IOp::ReturnCall:
      case IOp::ReturnCallIndirect:
      case IOp::ReturnCallRef:
      case IOp::Throw:
      case IOp::StructNew:
      case IOp::StructNewDefault:
      case IOp::ArrayNew:
      case IOp::ArrayNewDefault:
      case IOp::ArrayNewFixed:
      case IOp::ArrayNewData:
      case IOp::ArrayNewElem: return true;
      default: return false;
    }
  }
  void BeginStackMaps(const valid::FuncView& v);
  void RecordSafepoint(uint32_t pos);
  void FinishStackMaps(uint32_t base, uint32_t nconsts);
  void CompactConstants(uint32_t base);

  // Emits a Check whose cost is filled in when its region ends (PatchCheck): the number of
  // ops emitted in between, so a unit of fuel is about one executed op.
  uint32_t EmitCheck();
  void PatchCheck(uint32_t word) { code()[word] = num_ops_ - code()[word]; }

  CompiledFunction* fn_;
  const valid::FuncView* view_ = nullptr;  // of the instruction being lowered (stack maps)
  bool interruptible_ = false;
  uint32_t num_ops_ = 0;          // ops emitted in this function so far
  uint32_t entry_check_ = 0;      // cost word of the function entry's check, when emitted
  std::vector<uint32_t> shadow_;  // per operand (bottom first): kOwn or the slot to read
  std::vector<Ctrl> ctrl_;        // parallel to the validator's control stack (bottom first)
  uint32_t dead_ = 0;             // number of dead frames on ctrl_
  uint32_t loops_open_ = 0;       // live loop frames on ctrl_
  int64_t pending_dst_ = -1;      // dst word of the instruction that produced the top value
  int64_t cur_pending_ = -1;      // pending_dst_ as it was before the current instruction
  uint32_t last_op_ = 0;          // code position of the last op word emitted
  uint32_t prev_op_ = 0;          // and of the one before it
  uint32_t label_pos_ = 0;        // code position of the last branch target (MarkLabel)
  uint32_t cur_offset_ = 0;
  uint32_t frame_base_ = 0;
  std::unordered_map<uint64_t, uint32_t> const_index_;
  std::vector<uint32_t> v128_consts_;  // the first index of each v128 constant (two slots)
  std::vector<uint32_t> const_remap_;  // CompactConstants: old index -> new
  std::vector<uint32_t> const_uses_;   // EndFunction: the code words that read a constant
  // Constant-area entry created by the current / the previous instruction (NegateSubConstant).
  std::optional<uint32_t> fresh_const_, last_fresh_const_;
  std::optional<Error> error_;
};

}  // namespace wr::compile
