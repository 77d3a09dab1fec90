// Lowering of validated function bodies to internal code; see lowering.h for the contract.
// Control flow (blocks, branches, br_table, try_table) is in lowering_control.cc, the peephole
// fusions in lowering_fusion.cc, the GC instructions in lowering_gc.cc.
#include "compile/lowering.h"

#include <string>
#include <utility>

namespace wr::compile {

using valid::FuncView;

bool Lowering::Lowers(Opcode op) {
  switch (op) {
    // Structural.
    case Opcode::Block:
    case Opcode::TryTable:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::Else:
    case Opcode::End:
    case Opcode::Try:
    case Opcode::Catch:
    case Opcode::CatchAll:
    case Opcode::Delegate:
    // The cases of Lower().
    case Opcode::Rethrow:
    case Opcode::Nop:
    case Opcode::Unreachable:
    case Opcode::Throw:
    case Opcode::ThrowRef:
    case Opcode::Br:
    case Opcode::BrIf:
    case Opcode::BrTable:
    case Opcode::Return:
    case Opcode::Call:
    case Opcode::ReturnCall:
    case Opcode::CallIndirect:
    case Opcode::ReturnCallIndirect:
    case Opcode::CallRef:
    case Opcode::ReturnCallRef:
    case Opcode::RefAsNonNull:
    case Opcode::BrOnNull:
    case Opcode::BrOnNonNull:
    case Opcode::Drop:
    case Opcode::Select:
    case Opcode::SelectT:
    case Opcode::LocalGet:
    case Opcode::LocalSet:
    case Opcode::LocalTee:
    case Opcode::GlobalGet:
    case Opcode::GlobalSet:
    case Opcode::I32Const:
    case Opcode::I64Const:
    case Opcode::F32Const:
    case Opcode::F64Const:
    case Opcode::V128Const:
    case Opcode::RefNull:
    case Opcode::RefIsNull:
    case Opcode::RefFunc:
    case Opcode::TableGet:
    case Opcode::TableSet:
    case Opcode::TableSize:
    case Opcode::MemorySize:
    case Opcode::TableGrow:
    case Opcode::MemoryGrow:
    case Opcode::TableFill:
    case Opcode::MemoryFill:
    case Opcode::TableCopy:
    case Opcode::TableInit:
    case Opcode::MemoryCopy:
    case Opcode::MemoryInit:
    case Opcode::ElemDrop:
    case Opcode::DataDrop:
    // GC (LowerGc).
    case Opcode::StructNew:
    case Opcode::StructNewDefault:
    case Opcode::StructGet:
    case Opcode::StructGetS:
    case Opcode::StructGetU:
    case Opcode::StructSet:
    case Opcode::ArrayNew:
    case Opcode::ArrayNewDefault:
    case Opcode::ArrayNewFixed:
    case Opcode::ArrayNewData:
    case Opcode::ArrayNewElem:
    case Opcode::ArrayGet:
    case Opcode::ArrayGetS:
    case Opcode::ArrayGetU:
    case Opcode::ArraySet:
    case Opcode::ArrayLen:
    case Opcode::ArrayFill:
    case Opcode::ArrayCopy:
    case Opcode::ArrayInitData:
    case Opcode::ArrayInitElem:
    case Opcode::RefI31:
    case Opcode::I31GetS:
    case Opcode::I31GetU:
    case Opcode::RefEq:
    case Opcode::RefTest:
    case Opcode::RefTestNull:
    case Opcode::RefCast:
    case Opcode::RefCastNull:
    case Opcode::BrOnCast:
    case Opcode::BrOnCastFail:
    case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny:
    // Threads (LowerAtomic, and the fence).
    case Opcode::AtomicFence: return true;
    default:
      if (GetOpInfo(op).imm == ImmKind::AtomicArg) return true;
      return GenericIOp(op).has_value();  // LowerGeneric
  }
}

Error Lowering::UnsupportedError(const binary::Instr& instr) {
  return Error(Phase::Validate, instr.offset,
               "not supported by the interpreter: " + std::string(OpcodeText(instr.op)));
}

void Lowering::BeginFunction(const FuncView& v) {
  fn_->code.clear();
  fn_->frame_init.clear();
  fn_->maps = std::make_unique<CompiledFunction::Maps>();
  BeginStackMaps(v);
  fn_->num_param_slots = 0;
  fn_->num_result_slots = 0;
  const Module& m = v.module();
  fn_->func_index = v.func_index();
  fn_->type_index = m.FuncTypeIndex(v.func_index());
  const FuncType& type = v.func_type();
  for (const ValType& t : type.params) fn_->num_param_slots += t.slots();
  fn_->result_refs = false;
  for (const ValType& t : type.results) {
    fn_->num_result_slots += t.slots();
    fn_->result_refs |= t.is_ref();
  }
  fn_->num_local_slots = v.FrameBase() - fn_->num_param_slots;
  frame_base_ = v.FrameBase();
  shadow_.clear();
  ctrl_.clear();
  ctrl_.emplace_back();  // the function's own frame
  dead_ = 0;
  loops_open_ = 0;
  legacy_catches_open_ = 0;
  pending_dst_ = -1;
  last_op_ = prev_op_ = label_pos_ = 0;
  fresh_const_.reset();
  last_fresh_const_.reset();
  const_index_.clear();
  v128_consts_.clear();
  error_.reset();
  if (v.FrameBase() >= kFixedTag) {
    error_ = Error(Phase::Validate, Error::kNoOffset, "function has too many locals");
  }
  num_ops_ = 0;
  // What the entry check reports as its place when it traps (out of fuel, interrupted): the
  // function's first instruction, not whatever the previous function ended with.
  cur_offset_ = 0;
  if (v.func_index() >= m.num_imported_funcs &&
      v.func_index() - m.num_imported_funcs < m.functions.size()) {
    cur_offset_ = m.functions[v.func_index() - m.num_imported_funcs].body.offset;
  }
  if (interruptible_) entry_check_ = EmitCheck();
}

uint32_t Lowering::EmitCheck() {
  Op(IOp::Check);
  const auto word = static_cast<uint32_t>(code().size());
  W(num_ops_);  // where the region starts; PatchCheck turns it into the region's size
  return word;
}

void Lowering::Unsupported(const binary::Instr& instr) {
  if (!error_) error_ = UnsupportedError(instr);
}

// ---- Stack model

uint32_t Lowering::Src(const FuncView& v, uint32_t depth) const {
  const uint32_t s = shadow_[shadow_.size() - 1 - depth];
  return s == kOwn ? v.OperandSlot(depth) : s;
}

void Lowering::Materialize(const FuncView& v, uint32_t depth) {
  uint32_t& s = shadow_[shadow_.size() - 1 - depth];
  if (s == kOwn) return;
  EmitCopy(v.OperandSlot(depth), s, v.Operand(depth).slots());
  s = kOwn;
}

void Lowering::MaterializeAll(const FuncView& v, uint32_t skip_top) {
  for (uint32_t d = skip_top; d < shadow_.size(); ++d) Materialize(v, d);
}

// ---- Emission

void Lowering::Op(IOp op) {
  const auto pos = static_cast<uint32_t>(code().size());
  prev_op_ = last_op_;
  last_op_ = pos;
  ++num_ops_;
  fn_->maps->offsets.emplace_back(pos, cur_offset_);
  if (IsSafepoint(op)) RecordSafepoint(pos);
  code().push_back(static_cast<uint32_t>(op));
}

void Lowering::EmitCopy(uint32_t dst, uint32_t src, unsigned slots) {
  // A fixed destination equals an operand-stack source only until the final pass shifts the
  // source, so it can be skipped only for a source among the params and locals.
  if (dst & kFixedTag ? ((dst & ~kFixedTag) == src && src < frame_base_) : dst == src) return;
  std::vector<uint32_t>& c = code();
  if (slots == 1 && c.size() == last_op_ + 3 && c[last_op_] == static_cast<uint32_t>(IOp::Copy) &&
      Fusable(last_op_)) {
    c[last_op_] = static_cast<uint32_t>(IOp::CopyCopy);  // runs in order: the same as two copies
    W(dst);
    W(src);
    return;
  }
  Op(slots == 2 ? IOp::Copy2 : IOp::Copy);
  W(dst);
  W(src);
}

void Lowering::PushConst(const FuncView& v, uint64_t bits) {
  auto it = const_index_.find(bits);
  if (it == const_index_.end()) {
    if (fn_->frame_init.size() >= AreaLimit()) {
      // The area is full: this constant gets its own slot, written where it is pushed.
      Op(IOp::Const);
      pending_dst_ = static_cast<int64_t>(code().size());
      W(v.SlotHeight());
      W(static_cast<uint32_t>(bits));
      W(static_cast<uint32_t>(bits >> 32));
      Push();
      return;
    }
    it = const_index_.emplace(bits, static_cast<uint32_t>(fn_->frame_init.size())).first;
    fn_->frame_init.push_back(bits);
    fresh_const_ = it->second;
  }
  Push(kConstTag | it->second);
}

void Lowering::PushConstV128(const FuncView& v, uint64_t lo, uint64_t hi) {
  if (fn_->frame_init.size() + 2 > AreaLimit()) {
    Op(IOp::Const2);
    pending_dst_ = static_cast<int64_t>(code().size());
    W(v.SlotHeight());
    W(static_cast<uint32_t>(lo));
    W(static_cast<uint32_t>(lo >> 32));
    W(static_cast<uint32_t>(hi));
    W(static_cast<uint32_t>(hi >> 32));
    Push();
    return;
  }
  const auto index = static_cast<uint32_t>(fn_->frame_init.size());
  fn_->frame_init.push_back(lo);
  fn_->frame_init.push_back(hi);
  v128_consts_.push_back(index);
  Push(kConstTag | index);
}

// ---- Instructions

void Lowering::OnInstr(const binary::Instr& instr, const FuncView& v) {
  cur_offset_ = instr.offset;
  view_ = &v;
  last_fresh_const_ = fresh_const_;
  fresh_const_.reset();
  const int64_t pending = pending_dst_;
  cur_pending_ = pending;
  pending_dst_ = -1;
  shadow_.resize(v.Height(), kOwn);
  switch (instr.op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::Else:
    case Opcode::End:
    case Opcode::TryTable:
    case Opcode::Try:
    case Opcode::Catch:
    case Opcode::CatchAll:
    case Opcode::Delegate: Structural(instr, v); return;
    default: break;
  }
  if (!Emitting(v)) return;
  Lower(instr, v, pending);
}

void Lowering::LowerLocalSet(const binary::Instr& instr, const FuncView& v, int64_t pending) {
  const uint32_t local = v.LocalSlot(instr.index);
  const unsigned slots = v.LocalType(instr.index).slots();
  // Values below the top that still read this local must be copied out first.
  bool refs = false;
  for (uint32_t d = 1; d < shadow_.size(); ++d) {
    if (shadow_[shadow_.size() - 1 - d] == local) {
      Materialize(v, d);
      refs = true;
    }
  }
  if (!refs && pending >= 0 && !IsLazy(0)) {
    code()[static_cast<size_t>(pending)] = local;  // the producer writes the local directly
  } else {
    EmitCopy(local, Src(v, 0), slots);
  }
  Pop(1);
  if (instr.op == Opcode::LocalTee) Push(local);
}

void Lowering::Lower(const binary::Instr& instr, const FuncView& v, int64_t pending) {
  const Module& m = v.module();
  switch (instr.op) {
    case Opcode::Nop: return;
    case Opcode::Unreachable: Op(IOp::Unreachable); return;
    case Opcode::Br: EmitBranch(v, instr.index, 0); return;
    case Opcode::BrIf: {
      // A compare just before fuses with the jump, or with the skip over the copies.
      const bool copies = NeedsCopies(v, instr.index, 1);
      if (auto fused = FuseBranch(pending, !copies)) {
        FuseLoadBranch(&*fused);
        if (!copies) {
          FuseAddBranch(&*fused);
          LinkJump(*fused, instr.index);
        } else {
          EmitBranch(v, instr.index, 1);
          Bind(*fused);
        }
      } else {
        EmitCondBranch(v, Src(v, 0), IOp::JumpIf, IOp::JumpUnless, instr.index, 1);
      }
      Pop(1);
      return;
    }
    case Opcode::BrTable: LowerBrTable(instr, v); return;
    case Opcode::Return: EmitBranch(v, v.ControlDepth() - 1, 0); return;
    case Opcode::Call:
    case Opcode::ReturnCall: {
      const FuncType& ft = m.FuncTypeOf(instr.index);
      const auto n = static_cast<uint32_t>(ft.params.size());
      for (uint32_t d = 0; d < n; ++d) Materialize(v, d);
      const uint32_t base = n ? v.OperandSlot(n - 1) : v.SlotHeight();
      if (instr.op == Opcode::Call) {
        EmitCall(instr.index, base);
      } else {
        Op(IOp::ReturnCall);
        W(instr.index);
        W(base);
      }
      Pop(n);
      for (size_t i = 0; i < ft.results.size(); ++i) Push();
      return;
    }
    case Opcode::CallIndirect:
    case Opcode::ReturnCallIndirect: {
      const FuncType& ft = m.types[instr.index].func;
      const auto n = static_cast<uint32_t>(ft.params.size());
      const uint32_t index = Src(v, 0);
      for (uint32_t d = 1; d <= n; ++d) Materialize(v, d);
      const uint32_t base = v.OperandSlot(n);
      Op(instr.op == Opcode::CallIndirect ? IOp::CallIndirect : IOp::ReturnCallIndirect);
      W(instr.index);
      W(instr.index2);
      W(index);
      W(base);
      Pop(n + 1);
      for (size_t i = 0; i < ft.results.size(); ++i) Push();
      return;
    }
    case Opcode::CallRef:
    case Opcode::ReturnCallRef: {
      // Like call_indirect, with the function reference on top instead of a table index.
      const FuncType& ft = m.types[instr.index].func;
      const auto n = static_cast<uint32_t>(ft.params.size());
      const uint32_t ref = Src(v, 0);
      for (uint32_t d = 1; d <= n; ++d) Materialize(v, d);
      const uint32_t base = v.OperandSlot(n);
      Op(instr.op == Opcode::CallRef ? IOp::CallRef : IOp::ReturnCallRef);
      W(ref);
      W(base);
      Pop(n + 1);
      for (size_t i = 0; i < ft.results.size(); ++i) Push();
      return;
    }
    case Opcode::RefAsNonNull:
      Op(IOp::RefAsNonNull);
      pending_dst_ = static_cast<int64_t>(code().size());
      W(v.OperandSlot(0));
      W(Src(v, 0));
      Pop(1);
      Push();
      return;
    case Opcode::BrOnNull:
      // Null: branch with the values below the reference (which is dropped). Otherwise the
      // reference stays on the stack, as it is.
      EmitCondBranch(v, Src(v, 0), IOp::JumpUnless64, IOp::JumpIf64, instr.index, 1);
      return;
    case Opcode::BrOnNonNull:
      // Not null: branch with the reference as the label's last value. Otherwise drop it.
      EmitCondBranch(v, Src(v, 0), IOp::JumpIf64, IOp::JumpUnless64, instr.index, 0);
      Pop(1);
      return;
    case Opcode::Throw: {
      const FuncType& t = m.types[m.TagTypeOf(instr.index).type_index].func;
      const auto n = static_cast<uint32_t>(t.params.size());
      for (uint32_t d = 0; d < n; ++d) Materialize(v, d);  // the payload, contiguous
      Op(IOp::Throw);
      W(instr.index);
      W(n ? v.OperandSlot(n - 1) : v.SlotHeight());
      Pop(n);
      return;
    }
    case Opcode::ThrowRef:
      Op(IOp::ThrowRef);
      W(Src(v, 0));
      Pop(1);
      return;
    case Opcode::Rethrow:  // the exception that catch frame keeps at its entry slot
      Op(IOp::ThrowRef);
      W(v.Control(instr.index).slot_height);
      return;
    case Opcode::Drop: Pop(1); return;
    case Opcode::Select:
    case Opcode::SelectT: {
      if (FuseSelectEqz(v)) {
        FuseSelectAnd();
        return;
      }
      const uint32_t cond = Src(v, 0), b = Src(v, 1), a = Src(v, 2);
      const uint32_t dst = v.OperandSlot(2);
      Op(v.Operand(1).slots() == 2 ? IOp::Select2 : IOp::Select);
      pending_dst_ = static_cast<int64_t>(code().size());
      W(dst);
      W(a);
      W(b);
      W(cond);
      Pop(3);
      Push();
      FuseSelectAnd();
      return;
    }
    case Opcode::LocalGet: Push(v.LocalSlot(instr.index)); return;
    case Opcode::LocalSet:
    case Opcode::LocalTee: LowerLocalSet(instr, v, pending); return;
    case Opcode::GlobalGet: {
      const bool wide = m.GlobalTypeOf(instr.index).type.slots() == 2;
      Op(wide ? IOp::GlobalGet2 : IOp::GlobalGet);
      pending_dst_ = static_cast<int64_t>(code().size());
      W(v.SlotHeight());
      W(instr.index);
      Push();
      return;
    }
    case Opcode::GlobalSet: {
      const bool wide = m.GlobalTypeOf(instr.index).type.slots() == 2;
      Op(wide ? IOp::GlobalSet2 : IOp::GlobalSet);
      W(instr.index);
      W(Src(v, 0));
      Pop(1);
      return;
    }
    case Opcode::I32Const: PushConst(v, static_cast<uint32_t>(instr.bits)); return;
    case Opcode::I64Const:
    case Opcode::F32Const:
    case Opcode::F64Const: PushConst(v, instr.bits); return;
    case Opcode::V128Const: PushConstV128(v, instr.v128.Lo(), instr.v128.Hi()); return;
    case Opcode::RefNull: PushConst(v, 0); return;
    case Opcode::RefIsNull:
      Op(IOp::RefIsNull);
      W(v.OperandSlot(0));
      W(Src(v, 0));
      Pop(1);
      Push();
      return;
    case Opcode::RefFunc:
      Op(IOp::RefFunc);
      W(v.SlotHeight());
      W(instr.index);
      Push();
      return;
    case Opcode::TableGet:
      Op(IOp::TableGet);
      W(v.OperandSlot(0));
      W(instr.index);
      W(Src(v, 0));
      Pop(1);
      Push();
      return;
    case Opcode::TableSet:
      Op(IOp::TableSet);
      W(instr.index);
      W(Src(v, 1));
      W(Src(v, 0));
      Pop(2);
      return;
    case Opcode::TableSize:
    case Opcode::MemorySize:
      Op(instr.op == Opcode::TableSize ? IOp::TableSize : IOp::MemorySize);
      W(v.SlotHeight());
      W(instr.index);
      Push();
      return;
    case Opcode::TableGrow:
      BulkOp(IOp::TableGrow);
      W(v.OperandSlot(1));
      W(instr.index);
      W(Src(v, 1));
      W(Src(v, 0));
      Pop(2);
      Push();
      return;
    case Opcode::MemoryGrow:
      BulkOp(IOp::MemoryGrow);
      W(v.OperandSlot(0));
      W(instr.index);
      W(Src(v, 0));
      Pop(1);
      Push();
      return;
    case Opcode::TableFill:
    case Opcode::MemoryFill:
      BulkOp(instr.op == Opcode::TableFill ? IOp::TableFill : IOp::MemoryFill);
      W(instr.index);
      W(Src(v, 2));
      W(Src(v, 1));
      W(Src(v, 0));
      Pop(3);
      return;
    case Opcode::TableCopy:
    case Opcode::TableInit:
    case Opcode::MemoryCopy:
    case Opcode::MemoryInit: {
      const IOp op = instr.op == Opcode::TableCopy    ? IOp::TableCopy
                     : instr.op == Opcode::TableInit  ? IOp::TableInit
                     : instr.op == Opcode::MemoryCopy ? IOp::MemoryCopy
                                                      : IOp::MemoryInit;
      BulkOp(op);
      W(instr.index);
      W(instr.index2);
      W(Src(v, 2));
      W(Src(v, 1));
      W(Src(v, 0));
      Pop(3);
      return;
    }
    case Opcode::ElemDrop:
    case Opcode::DataDrop:
      Op(instr.op == Opcode::ElemDrop ? IOp::ElemDrop : IOp::DataDrop);
      W(instr.index);
      return;
    case Opcode::AtomicFence: Op(IOp::AtomicFence); return;
    default:
      if (GetOpInfo(instr.op).imm == ImmKind::AtomicArg) {
        LowerAtomic(instr, v);
      } else if (GetOpInfo(instr.op).feature == Feature::Gc) {
        LowerGc(instr, v);
      } else {
        LowerGeneric(instr, v);
      }
      return;
  }
}

// Every instruction with a simple signature: results then operands as slots, then the
// immediates, as GenericLayout (code.cc) describes.
void Lowering::LowerGeneric(const binary::Instr& instr, const FuncView& v) {
  const std::optional<IOp> iop = GenericIOp(instr.op);
  if (!iop) {
    Unsupported(instr);
    return;
  }
  const OpInfo& info = GetOpInfo(instr.op);
  if (info.imm == ImmKind::MemArg || info.imm == ImmKind::MemArgLane) {
    const Module& m = v.module();
    if (instr.mem.memory != 0 || m.MemoryTypeOf(0).limits.index_type != IndexType::I32 ||
        instr.mem.offset > 0xffffffffu) {
      LowerMemAccess(instr, v);
      return;
    }
  }
  const SigTypes& sig = SigInfo(info.sig);
  if (info.imm == ImmKind::MemArg && (FuseLoadAddress(instr, v) || FuseStoreAddress(instr, v) ||
                                      FuseOpStore(instr, v) || FuseReadModifyWrite(instr, v))) {
    return;
  }
  IOp op = *iop;
  if (op == IOp::I32Sub && NegateSubConstant()) op = IOp::I32Add;
  if (op == IOp::I32Add && (FuseAddShl(v) || FuseShlAddImm(v) || AddConstantToAddShl(v))) return;
  if (sig.num_params == 2 && sig.num_results == 1 && info.imm == ImmKind::None &&
      (FuseChain(op, v) || FuseLoadOp(op, v))) {
    return;
  }
  const uint32_t k = sig.num_params;
  const uint32_t dst = k ? v.OperandSlot(k - 1) : v.SlotHeight();
  Op(op);
  if (sig.num_results == 1) {
    pending_dst_ = static_cast<int64_t>(code().size());
    W(dst);
  } else if (sig.num_results == 2) {  // in the slots of the two bottom operands (one-slot i64s)
    W(dst);
    W(v.OperandSlot(k - 2));
  }
  for (uint32_t i = 0; i < k; ++i) W(Src(v, k - 1 - i));
  switch (info.imm) {
    case ImmKind::MemArg: W(static_cast<uint32_t>(instr.mem.offset)); break;
    case ImmKind::MemArgLane:
      W(static_cast<uint32_t>(instr.mem.offset));
      W(instr.lane);
      break;
    case ImmKind::Lane: W(instr.lane); break;
    case ImmKind::Shuffle:
      for (unsigned i = 0; i < 4; ++i) W(instr.v128.Lane<uint32_t>(i));
      break;
    default: break;
  }
  Pop(k);
  for (uint32_t i = 0; i < sig.num_results; ++i) Push();
}

// The out-of-line form of a load or store (IOp::MemAccess, see code.def).
void Lowering::LowerMemAccess(const binary::Instr& instr, const FuncView& v) {
  const SigTypes& sig = SigInfo(GetOpInfo(instr.op).sig);
  const uint32_t k = sig.num_params;
  Op(IOp::MemAccess);
  W(static_cast<uint32_t>(instr.op));
  W(instr.mem.memory);
  uint32_t slots = 0;
  if (sig.num_results) {
    pending_dst_ = static_cast<int64_t>(code().size());
    W(v.OperandSlot(k - 1));
    ++slots;
  }
  for (uint32_t i = 0; i < k; ++i, ++slots) W(Src(v, k - 1 - i));
  for (; slots < 3; ++slots) W(0);
  W(static_cast<uint32_t>(instr.mem.offset));
  W(static_cast<uint32_t>(instr.mem.offset >> 32));
  W(instr.lane);
  Pop(k);
  if (sig.num_results) Push();
}

// An atomic access (IOp::AtomicAccess, see code.def).
void Lowering::LowerAtomic(const binary::Instr& instr, const FuncView& v) {
  const SigTypes& sig = SigInfo(GetOpInfo(instr.op).sig);
  const uint32_t k = sig.num_params;
  Op(IOp::AtomicAccess);
  W(static_cast<uint32_t>(instr.op));
  W(instr.mem.memory);
  if (sig.num_results) {
    pending_dst_ = static_cast<int64_t>(code().size());
    W(v.OperandSlot(k - 1));
  } else {
    W(0);
  }
  uint32_t slots = 0;
  for (; slots < k; ++slots) W(Src(v, k - 1 - slots));
  for (; slots < 3; ++slots) W(0);
  W(static_cast<uint32_t>(instr.mem.offset));
  W(static_cast<uint32_t>(instr.mem.offset >> 32));
  Pop(k);
  if (sig.num_results) Push();
}

// The constant area keeps only the constants some instruction still reads from it, in their
// order: one folded into an immediate after it entered the area (`i32.const -1; i32.add` ->
// add_imm, a compare-and-branch's operand) would otherwise be copied into every frame of
// every call. Their slots stay in the frame (the operand stack above is laid out already),
// unwritten and unread. const_uses_ are the code words that read a constant (its tagged
// index).
void Lowering::CompactConstants(uint32_t base) {
  const std::vector<uint32_t>& uses = const_uses_;
  std::vector<uint32_t>& c = code();
  std::vector<uint64_t>& consts = fn_->frame_init;
  constexpr uint32_t kUnread = UINT32_MAX;
  const_remap_.assign(consts.size(), kUnread);
  for (uint32_t w : uses) const_remap_[c[w] & ~kConstTag] = 0;
  // A v128 constant is two slots read through its first.
  for (uint32_t first : v128_consts_) {
    if (const_remap_[first] != kUnread) const_remap_[first + 1] = 0;
  }
  uint32_t n = 0;
  for (size_t i = 0; i < consts.size(); ++i) {
    if (const_remap_[i] == kUnread) continue;
    const_remap_[i] = n;
    consts[n++] = consts[i];
  }
  consts.resize(n);
  for (uint32_t w : uses) c[w] = base + const_remap_[c[w] & ~kConstTag];
}

Result<void> Lowering::EndFunction(const FuncView& v) {
  if (error_) return Unexpected(*error_);
  if (interruptible_) PatchCheck(entry_check_);
  const uint64_t frame = uint64_t{v.MaxSlotHeight()} + fn_->frame_init.size();
  if (frame >= kFixedTag) {
    return MakeError(Phase::Validate, cur_offset_, "function frame too large");
  }
  // The constant area sits between the locals and the operand stack (a callee's frame starts
  // at its first argument, so anything above the operand stack would be overwritten): shift
  // operand slots up by the number of constants and resolve constant operands.
  const uint32_t base = v.FrameBase();
  const auto nconsts = static_cast<uint32_t>(fn_->frame_init.size());
  fn_->const_base = base;
  fn_->frame_slots = static_cast<uint32_t>(frame);
  for (CompiledFunction::Handler& h : fn_->maps->handlers) {
    if (h.base_slot >= base) h.base_slot += nconsts;
  }
  FinishStackMaps(base, nconsts);
  std::vector<uint32_t>& c = code();
  const_uses_.clear();
  for (uint32_t pos = 0; pos < c.size();) {
    if (c[pos] == static_cast<uint32_t>(IOp::I32Add)) {
      // With a constant operand (after every fusion has had its look at the add): the
      // immediate form, which reads the constant from the code instead of the frame.
      if (c[pos + 2] & kConstTag && !(c[pos + 3] & kConstTag)) std::swap(c[pos + 2], c[pos + 3]);
      if (c[pos + 3] & kConstTag) {
        c[pos] = static_cast<uint32_t>(IOp::I32AddImm);
        c[pos + 3] = static_cast<uint32_t>(fn_->frame_init[c[pos + 3] & ~kConstTag]);
      }
    }
    const auto op = static_cast<IOp>(c[pos]);
    uint32_t w = pos + 1;
    for (char l : IOpLayout(op)) {
      if (l == 'S') {
        if (c[w] & kConstTag) {
          const_uses_.push_back(w);
        } else if (c[w] & kFixedTag) {
          c[w] &= ~kFixedTag;
        } else if (c[w] >= base) {
          c[w] += nconsts;
        }
        ++w;
      } else if (l == 'T') {
        w += 1 + c[w] + 1;
      } else {
        ++w;
      }
    }
    pos = w;
  }
  CompactConstants(base);
  // frame_init held the constants only; a call writes the locals' zeros in the same copy.
  fn_->frame_init.insert(fn_->frame_init.begin(), fn_->init_zeros(), 0);
  if (interruptible_) {
    // Every call also zeroes the locals and copies the constant area, work no op counts: the
    // entry pays for it at the rate of bulk ops (interp/interpreter_bulk.cc), 1 fuel per 64
    // bytes, i.e. per 8 whole slots (a small frame is part of the call's own cost). Otherwise
    // a function with 100,000 locals would zero 800 KB per call for a few units of fuel.
    const uint64_t slots = uint64_t{fn_->num_local_slots} + fn_->constants().size();
    code()[entry_check_] += static_cast<uint32_t>(slots / 8);
  }
  return {};
}

}  // namespace wr::compile
