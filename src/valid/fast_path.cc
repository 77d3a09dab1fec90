// FuncValidator's fused path: the instructions that make up most of a C program's code,
// decoded and checked in one step straight from the bytes, without an Instr, without Step()'s
// dispatch and without the listener's virtual call (only for a listener that ignores them):
// locals, constants, numeric operators, loads and stores, and the structured control of C code
// (blocks with no or one numeric result, branches, br_table, direct and indirect calls, drop,
// select, globals).
//
// Every case below accepts a strict subset of what Step() accepts and has exactly its effect
// on the stacks: the operands must be known values of the exact kinds (what StepSimple's own
// fast path requires), immediates must use encodings that cannot be malformed (a LEB128 short
// enough that no bit can overflow). Whatever it does not take -- a long or malformed encoding,
// a type error, values of unreachable code, the operand-stack limit -- stays in place for the
// normal path, so errors and their wording come from one place only.
#include <array>

#include "ir/limits.h"
#include "valid/fast_decode.h"
#include "valid/func_validator.h"

namespace wr::valid {

namespace {

enum class FastKind : uint8_t {
  None,
  LocalGet,
  LocalSet,
  LocalTee,
  Const,    // i32/i64.const: a LEB128 of at most max_leb bytes; f32/f64.const: fixed_len bytes
  Simple,   // no immediates, at most 2 params and 1 result
  Mem,      // load/store: memarg with alignment flags <= align_max, offset of <= 4 LEB bytes
  Control,  // FastControl(): block, loop, if, else, end, br*, call*, return, drop, select,
            // global.get/set
  // The commonest control instructions, checked in FastRun's loop itself in their usual
  // forms (else FastControl):
  Block,  // block and loop with an empty or one-numeric-value type
  End,    // the end of a block, loop or if with at most one numeric result
  Br,     // br to a label of at most one numeric value
  // Simple and Const cases of their own, for their frequency:
  Binary,    // Simple with 2 params and 1 result
  I32Const,  // i32.const
};

// 16 bytes (aligned): FastRun indexes the table by a shift.
struct alignas(16) FastOp {
  FastKind kind = FastKind::None;
  uint8_t np = 0;
  uint8_t nr = 0;
  uint8_t align_max = 0;  // Mem
  uint8_t max_leb = 0;    // Const: i32 4 (28 bits), i64 9 (63 bits): never too large
  uint8_t fixed_len = 0;  // Const: f32 4, f64 8
  ValKind params[2] = {};
  ValKind result = ValKind::I32;
};

std::array<FastOp, 256> BuildFastOps() {
  std::array<FastOp, 256> t{};
  {
    for (uint32_t b = 0; b < 256; ++b) {
      const uint16_t code = kSingleByteOpcode[b];
      if (code == kNoOpcode) continue;
      const auto op = static_cast<Opcode>(code);
      const OpInfo& info = GetOpInfo(op);
      if (info.feature >= Feature::RelaxedSimd) continue;  // Step() checks these features
      FastOp& f = t[b];
      switch (op) {
        case Opcode::LocalGet: f.kind = FastKind::LocalGet; continue;
        case Opcode::LocalSet: f.kind = FastKind::LocalSet; continue;
        case Opcode::LocalTee: f.kind = FastKind::LocalTee; continue;
        case Opcode::I32Const: f = {FastKind::I32Const, 0, 1, 0, 4, 0, {}, ValKind::I32}; continue;
        case Opcode::I64Const: f = {FastKind::Const, 0, 1, 0, 9, 0, {}, ValKind::I64}; continue;
        case Opcode::F32Const: f = {FastKind::Const, 0, 1, 0, 0, 4, {}, ValKind::F32}; continue;
        case Opcode::F64Const: f = {FastKind::Const, 0, 1, 0, 0, 8, {}, ValKind::F64}; continue;
        case Opcode::Block:
        case Opcode::Loop: f.kind = FastKind::Block; continue;
        case Opcode::End: f.kind = FastKind::End; continue;
        case Opcode::Br: f.kind = FastKind::Br; continue;
        case Opcode::If:
        case Opcode::Else:
        case Opcode::BrIf:
        case Opcode::BrTable:
        case Opcode::Return:
        case Opcode::Call:
        case Opcode::CallIndirect:
        case Opcode::Drop:
        case Opcode::Select:
        case Opcode::GlobalGet:
        case Opcode::GlobalSet: f.kind = FastKind::Control; continue;
        default: break;
      }
      if (info.sig == Sig::Special) continue;
      const SigTypes& sig = SigInfo(info.sig);
      if (sig.num_params > 2 || sig.num_results > 1) continue;
      bool one_slot = sig.num_results == 0 || sig.results[0] != ValKind::V128;
      for (uint32_t i = 0; i < sig.num_params; ++i) one_slot &= sig.params[i] != ValKind::V128;
      if (!one_slot) continue;  // FastRun's in-place result assumes one slot per value
      if (info.imm == ImmKind::None) {
        f.kind = sig.num_params == 2 && sig.num_results == 1 ? FastKind::Binary : FastKind::Simple;
      } else if (info.imm == ImmKind::MemArg) {
        f.kind = FastKind::Mem;
        f.align_max = static_cast<uint8_t>(NaturalAlignLog2(op));
      } else {
        continue;
      }
      f.np = sig.num_params;
      f.nr = sig.num_results;
      for (uint32_t i = 0; i < sig.num_params; ++i) f.params[i] = sig.params[i];
      if (sig.num_results != 0) f.result = sig.results[0];
    }
  }
  return t;
}

// Built before main: FastRun reads it for every instruction, without a guard check.
const std::array<FastOp, 256> kFastOps = BuildFastOps();

// IgnoredOpcodes() of "no listener": nothing to notify.
const uint8_t kNoListener = 0;

}  // namespace

bool FuncValidator::PrepareFast() {
  const uint8_t* ignored = &kNoListener;
  if (listener_ != nullptr) {
    ignored = listener_->IgnoredOpcodes();
    if (ignored == nullptr) return false;
  }
  if (ignored != fast_for_) {
    for (uint32_t b = 0; b < 256; ++b) {
      const bool handled = kFastOps[b].kind != FastKind::None;
      const bool enabled =
          handled && (ignored == &kNoListener || ignored[kSingleByteOpcode[b]] != 0);
      fast_kind_[b] = static_cast<uint8_t>(enabled ? kFastOps[b].kind : FastKind::None);
    }
    quick_ok_ = QuickCovers(ignored == &kNoListener ? nullptr : ignored);
    fast_for_ = ignored;
  }
  const auto& mems = env_.memories();
  fast_mem_ok_ = !mems.empty() && mems[0].limits.index_type == IndexType::I32;
  const auto& tables = env_.tables();
  fast_table_ok_ = !tables.empty() && tables[0].limits.index_type == IndexType::I32 &&
                   env_.Matches(tables[0].elem, ValType::FuncRef());
  return true;
}

WR_ALWAYS_INLINE bool FuncValidator::FastTopIs(std::span<const ValType> types,
                                               uint32_t skip) const {
  const auto n = static_cast<uint32_t>(types.size());
  if (Available() < n + skip) return false;
  const Value* top = vals_.data() + vals_.size() - skip - n;
  bool ok = true;
  for (uint32_t i = 0; i < n; ++i) {
    ok &= !top[i].unknown & (top[i].type.kind == types[i].kind) & !types[i].is_ref();
  }
  return ok;
}

size_t FuncValidator::FastControl(const uint8_t* p, size_t avail) {
  static constexpr ValType kI32[1] = {ValType::I32()};
  const auto op = static_cast<Opcode>(kSingleByteOpcode[p[0]]);
  switch (op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If: {
      ValType type;
      bool has_type = false;
      if (avail < 2 || !SimpleBlockType(p[1], &type, &has_type)) return 0;
      if (op == Opcode::If) {
        if (!FastTopIs(kI32, 0)) return 0;
        Pop(1);
      }
      PushFrame(op, {}, {}, has_type ? &type : nullptr);
      return 2;
    }
    case Opcode::Else: {
      Frame& f = ctrl_.back();
      if (f.c.opcode != Opcode::If || Available() != f.c.results.size() ||
          !FastTopIs(f.c.results, 0)) {
        return 0;
      }
      SetUnreachable();
      ResetLocalInits(f.init_log_size);
      f.c.opcode = Opcode::Else;
      f.c.unreachable = false;
      Push(f.c.params);
      return 1;
    }
    case Opcode::End: {
      // The function's own end is left to Step() (once per body).
      const Frame& f = ctrl_.back();
      if (ctrl_.size() == 1 || Available() != f.c.results.size() || !FastTopIs(f.c.results, 0)) {
        return 0;
      }
      if (f.c.opcode == Opcode::If && !(f.c.params.empty() && f.c.results.empty())) return 0;
      EndFrame();
      return 1;
    }
    case Opcode::Br:
    case Opcode::BrIf: {
      if (avail < 2 || p[1] >= 0x80 || p[1] >= ctrl_.size()) return 0;
      const auto types = ctrl_[ctrl_.size() - 1 - p[1]].c.LabelTypes();
      if (op == Opcode::Br) {
        if (!FastTopIs(types, 0)) return 0;
        SetUnreachable();
        return 2;
      }
      if (!FastTopIs(kI32, 0) || !FastTopIs(types, 1)) return 0;
      Pop(1);
      Pop(static_cast<uint32_t>(types.size()));
      Push(types);
      return 2;
    }
    case Opcode::BrTable: {
      uint32_t count = 0;
      const size_t n = ShortU32(p + 1, avail - 1, &count);
      // n targets and the default, one byte each: the fused path takes one-byte labels only.
      if (n == 0 || avail - 1 - n < uint64_t{count} + 1 || !FastTopIs(kI32, 0)) return 0;
      const uint8_t* labels = p + 1 + n;
      const size_t depth = ctrl_.size();
      if (labels[count] >= 0x80 || labels[count] >= depth) return 0;
      const auto want = ctrl_[depth - 1 - labels[count]].c.LabelTypes();
      // Labels of more than one value are left to Step(), which checks distinct lists once.
      if (want.size() > 1 || !FastTopIs(want, 1)) return 0;
      for (uint32_t i = 0; i < count; ++i) {
        if (labels[i] >= 0x80 || labels[i] >= depth) return 0;
        const auto types = ctrl_[depth - 1 - labels[i]].c.LabelTypes();
        if (types.size() != want.size() || !FastTopIs(types, 1)) return 0;
      }
      SetUnreachable();
      return 1 + n + count + 1;
    }
    case Opcode::Return:
      if (!FastTopIs(func_type_->results, 0)) return 0;
      SetUnreachable();
      return 1;
    case Opcode::Call:
    case Opcode::CallIndirect: {
      uint32_t index = 0;
      const size_t n = ShortU32(p + 1, avail - 1, &index);
      if (n == 0) return 0;
      size_t len = 1 + n;
      const FuncType* ft = nullptr;
      uint32_t skip = 0;
      if (op == Opcode::Call) {
        if (index >= module_.num_funcs()) return 0;
        const uint32_t type_index = module_.FuncTypeIndex(index);
        if (!env_.IsFuncType(type_index)) return 0;
        ft = &module_.types[type_index].func;
      } else {
        // Table 0 (a one-byte zero), of funcref with i32 indices.
        if (!fast_table_ok_ || len >= avail || p[len] != 0x00 || !env_.IsFuncType(index) ||
            !FastTopIs(kI32, 0)) {
          return 0;
        }
        ++len;
        ft = &module_.types[index].func;
        skip = 1;
      }
      if (!FastTopIs(ft->params, skip)) return 0;
      const size_t after = vals_.size() - skip - ft->params.size() + ft->results.size();
      if (after > limits::kMaxOperandStack) return 0;
      Pop(skip + static_cast<uint32_t>(ft->params.size()));
      Push(ft->results);
      return len;
    }
    case Opcode::Drop:
      if (Available() == 0) return 0;
      Pop(1);
      return 1;
    case Opcode::Select: {
      if (!FastTopIs(kI32, 0) || Available() < 3) return 0;
      const Value& a = vals_[vals_.size() - 2];
      const Value& b = vals_[vals_.size() - 3];
      if (a.unknown || b.unknown || a.type.is_ref() || !(a.type == b.type)) return 0;
      const ValType t = a.type;
      Pop(3);
      Push(t);
      return 1;
    }
    case Opcode::GlobalGet:
    case Opcode::GlobalSet: {
      uint32_t index = 0;
      const size_t n = ShortU32(p + 1, avail - 1, &index);
      if (n == 0 || index >= module_.num_globals()) return 0;
      const GlobalType gt = module_.GlobalTypeOf(index);
      if (op == Opcode::GlobalGet) {
        if (vals_.size() >= limits::kMaxOperandStack) return 0;
        Push(gt.type);
      } else {
        if (!gt.mut || !FastTopIs(std::span<const ValType>(&gt.type, 1), 0)) return 0;
        Pop(1);
      }
      return 1 + n;
    }
    default: return 0;
  }
}

size_t FuncValidator::FastRun(const uint8_t* code, size_t pos, size_t size) {
  // The loop keeps the operand stack's end, its frame's base, the slot heights and the code
  // cursor in locals, and writes them back only when it leaves (or calls FastControl, which
  // works on the members): stores to the stack would otherwise make the compiler reload the
  // members for every instruction. Pushes stay below `limit`, the end of the stack's storage
  // or the operand-stack limit: at the first the storage grows, at the second the path leaves
  // (Step() reports it).
  const uint8_t* const kinds = fast_kind_.data();
  const ValType* const dense = dense_local_types_.data();
  const size_t num_dense = dense_local_types_.size();
  const uint8_t* p = code + pos;
  const uint8_t* const end = code + size;
  Value* sp = nullptr;     // one past the top value
  Value* base = nullptr;   // the current frame's first value: Available() is sp - base
  Value* limit = nullptr;  // pushes need sp < limit
  uint32_t slot = 0;
  uint32_t max_slot = 0;
  const auto load = [&] {
    Value* const data = vals_.data();
    sp = vals_.end();
    base = data + ctrl_.back().c.height;
    const size_t room = static_cast<size_t>(vals_.capacity_end() - data);
    limit = data + (room < limits::kMaxOperandStack ? room : limits::kMaxOperandStack);
    slot = slot_height_;
    max_slot = max_slot_height_;
  };
  const auto store = [&] {
    vals_.set_end(sp);
    slot_height_ = slot;
    max_slot_height_ = max_slot;
  };
  const auto push = [&](const ValType& t) {
    // Field by field: a Value built whole goes through the stack (its padding).
    sp->type = t;
    sp->slot = slot;
    sp->unknown = false;
    ++sp;
    slot += t.slots();
    max_slot = slot > max_slot ? slot : max_slot;
  };
  // A known value of numeric type t (references are left to Step(), which knows subtyping).
  const auto known_num = [](const Value& v, const ValType& t) {
    return !v.unknown & (v.type.kind == t.kind) & !t.is_ref();
  };
  const auto known = [](const Value& v, ValKind k) { return !v.unknown & (v.type.kind == k); };
  load();
next:
  while (p < end) {
    const uint8_t b = p[0];
    switch (static_cast<FastKind>(kinds[b])) {
      case FastKind::LocalGet: {
        uint32_t index = 0;
        const size_t n = LocalIndex(p, static_cast<size_t>(end - p), &index);
        if (n == 0 || index >= num_dense) goto leave;
        if (sp == limit) goto grow;
        push(dense[index]);
        p += n;
        continue;
      }
      case FastKind::LocalSet:
      case FastKind::LocalTee: {
        uint32_t index = 0;
        const size_t n = LocalIndex(p, static_cast<size_t>(end - p), &index);
        if (n == 0 || index >= num_dense || sp == base) goto leave;
        const ValKind k = dense[index].kind;
        if (k == ValKind::Ref || !known(sp[-1], k)) goto leave;
        if (kinds[b] == static_cast<uint8_t>(FastKind::LocalSet)) {
          --sp;
          slot = sp->slot;
        }
        p += n;
        continue;
      }
      case FastKind::Block: {
        ValType type;
        bool has_type = false;
        if (end - p < 2 || !SimpleBlockType(p[1], &type, &has_type)) goto control;
        store();
        PushFrame(b == 0x03 ? Opcode::Loop : Opcode::Block, {}, {}, has_type ? &type : nullptr);
        base = sp;  // the new frame starts at the top (no parameters)
        p += 2;
        continue;
      }
      case FastKind::End: {
        // The function's own end is left to Step() (once per body).
        if (ctrl_.size() == 1) goto control;
        const Frame& f = ctrl_.back();
        const size_t nres = f.c.results.size();
        if (nres > 1 || sp - base != static_cast<ptrdiff_t>(nres)) goto control;
        if (f.c.opcode == Opcode::If && !(f.c.params.empty() && nres == 0)) goto control;
        const ValType result = nres != 0 ? f.c.results[0] : ValType{};
        if (nres != 0 && !known_num(sp[-1], result)) goto control;
        // EndFrame(): drop the frame's values, pop it, push its results from its entry slot.
        slot = f.c.slot_height;
        ResetLocalInits(f.init_log_size);
        ctrl_.pop_back();
        sp = base;
        base = vals_.data() + ctrl_.back().c.height;
        if (nres != 0) push(result);  // in the place of the value just dropped
        p += 1;
        continue;
      }
      case FastKind::Br: {
        if (end - p < 2 || p[1] >= 0x80 || p[1] >= ctrl_.size()) goto control;
        const auto types = ctrl_[ctrl_.size() - 1 - p[1]].c.LabelTypes();
        if (types.size() > 1 || sp - base < static_cast<ptrdiff_t>(types.size())) goto control;
        if (!types.empty() && !known_num(sp[-1], types[0])) goto control;
        // SetUnreachable().
        if (sp != base) slot = base->slot;
        sp = base;
        ctrl_.back().c.unreachable = true;
        p += 2;
        continue;
      }
      control:
      case FastKind::Control: {
        store();
        const size_t n = FastControl(p, static_cast<size_t>(end - p));
        load();
        if (n == 0) goto leave;
        p += n;
        continue;
      }
      case FastKind::Const: {
        const FastOp& f = kFastOps[b];
        size_t n = f.fixed_len;
        if (n == 0) {
          n = ConstLeb(p + 1, static_cast<size_t>(end - p) - 1, f.max_leb);
          if (n == 0) goto leave;
        } else if (static_cast<size_t>(end - p) - 1 < n) {
          goto leave;
        }
        if (sp == limit) goto grow;
        push(ValType{f.result});
        p += 1 + n;
        continue;
      }
      case FastKind::I32Const: {
        // A LEB128 of one to four bytes, read without a length check when five bytes follow.
        size_t n = 0;
        if (WR_LIKELY(end - p > 5)) {
          n = p[1] < 0x80 ? 1 : p[2] < 0x80 ? 2 : p[3] < 0x80 ? 3 : p[4] < 0x80 ? 4 : 0;
        }
        if (n == 0) n = ConstLeb(p + 1, static_cast<size_t>(end - p) - 1, 4);
        if (n == 0) goto leave;
        if (sp == limit) goto grow;
        push(ValType::I32());
        p += 1 + n;
        continue;
      }
      case FastKind::Binary: {
        const FastOp& f = kFastOps[b];
        if (sp - base < 2) goto leave;
        Value* const top = sp - 2;
        if (!(known(top[0], f.params[0]) & known(top[1], f.params[1]))) goto leave;
        // Pop(2) then Push(result), in place (as for Simple below).
        top[0].type = ValType{f.result};
        sp = top + 1;
        slot = top[0].slot + 1;
        p += 1;
        continue;
      }
      case FastKind::Simple:
      case FastKind::Mem: {
        const FastOp& f = kFastOps[b];
        const uint8_t* next = p + 1;
        if (f.kind == FastKind::Mem) {
          // Flags above align_max (<= 4) include no memory index (bit 6) and no LEB tail.
          if (!fast_mem_ok_ || end - p < 3 || p[1] > f.align_max) goto leave;
          const size_t n = ShortLeb(p + 2, static_cast<size_t>(end - p) - 2, 4);  // < 2^28
          if (n == 0) goto leave;
          next = p + 2 + n;
        }
        const uint32_t np = f.np;
        if (sp - base < np) goto leave;
        Value* const top = sp - np;
        if (np == 2) {
          if (!(known(top[0], f.params[0]) & known(top[1], f.params[1]))) goto leave;
        } else if (np == 1) {
          if (!known(top[0], f.params[0])) goto leave;
        }
        if (np != 0 && f.nr != 0) {
          // Pop(np) then Push(result), in place: the result takes the first operand's slot
          // (every type on this path takes one slot).
          top[0].type = ValType{f.result};
          sp = top + 1;
          slot = top[0].slot + 1;
        } else if (np != 0) {
          sp = top;
          slot = top[0].slot;
        } else if (f.nr != 0) {
          if (sp == limit) goto grow;
          push(ValType{f.result});
        }
        p = next;
        continue;
      }
      case FastKind::None: goto leave;
      default: __builtin_unreachable();  // fast_kind_ holds FastKind values only
    }
  }
  goto leave;
grow:
  // At the end of the storage: grow it and check the instruction at p again, unless the stack
  // is at its limit.
  if (static_cast<size_t>(sp - vals_.data()) >= limits::kMaxOperandStack) goto leave;
  store();
  vals_.Grow();
  load();
  goto next;
leave:
  store();
  return static_cast<size_t>(p - code);
}

}  // namespace wr::valid
