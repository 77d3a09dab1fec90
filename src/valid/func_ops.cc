// FuncValidator: simple (Sig-driven) instructions incl. memory and SIMD, variables, memory and
// table instructions, references, and the index checks they share.
#include <algorithm>
#include <string>

#include "valid/func_validator.h"

namespace wr::valid {

namespace {

ValType KindType(ValKind k) {
  return ValType{k};
}

}  // namespace

uint32_t NaturalAlignLog2(Opcode op) {
  switch (op) {
    case Opcode::I32Load8S:
    case Opcode::I32Load8U:
    case Opcode::I64Load8S:
    case Opcode::I64Load8U:
    case Opcode::I32Store8:
    case Opcode::I64Store8:
    case Opcode::V128Load8Splat:
    case Opcode::V128Load8Lane:
    case Opcode::V128Store8Lane: return 0;
    case Opcode::I32Load16S:
    case Opcode::I32Load16U:
    case Opcode::I64Load16S:
    case Opcode::I64Load16U:
    case Opcode::I32Store16:
    case Opcode::I64Store16:
    case Opcode::V128Load16Splat:
    case Opcode::V128Load16Lane:
    case Opcode::V128Store16Lane: return 1;
    case Opcode::I32Load:
    case Opcode::F32Load:
    case Opcode::I32Store:
    case Opcode::F32Store:
    case Opcode::I64Load32S:
    case Opcode::I64Load32U:
    case Opcode::I64Store32:
    case Opcode::V128Load32Splat:
    case Opcode::V128Load32Zero:
    case Opcode::V128Load32Lane:
    case Opcode::V128Store32Lane: return 2;
    case Opcode::I64Load:
    case Opcode::F64Load:
    case Opcode::I64Store:
    case Opcode::F64Store:
    case Opcode::V128Load8x8S:
    case Opcode::V128Load8x8U:
    case Opcode::V128Load16x4S:
    case Opcode::V128Load16x4U:
    case Opcode::V128Load32x2S:
    case Opcode::V128Load32x2U:
    case Opcode::V128Load64Splat:
    case Opcode::V128Load64Zero:
    case Opcode::V128Load64Lane:
    case Opcode::V128Store64Lane: return 3;
    default:  // v128.load, v128.store
      return 4;
  }
}

namespace {

// Lanes of the shape named by the mnemonic's prefix ("i8x16.extract_lane_s" -> 16).
uint32_t LaneCount(Opcode op) {
  const std::string_view text = OpcodeText(op);
  if (text.starts_with("i8x16")) return 16;
  if (text.starts_with("i16x8")) return 8;
  if (text.starts_with("i32x4") || text.starts_with("f32x4")) return 4;
  return 2;
}

}  // namespace

// ---- Index checks

bool FuncValidator::CheckLocal(uint32_t index, uint64_t offset) const {
  if (index >= num_locals_) return Fail(offset, "unknown local " + std::to_string(index));
  return true;
}

bool FuncValidator::CheckFunc(uint32_t index, uint64_t offset) const {
  if (index >= module_.num_funcs())
    return Fail(offset, "unknown function " + std::to_string(index));
  if (!env_.IsFuncType(module_.FuncTypeIndex(index))) {
    return Fail(offset, "unknown type " + std::to_string(module_.FuncTypeIndex(index)));
  }
  return true;
}

bool FuncValidator::CheckGlobal(uint32_t index, uint64_t offset) const {
  const uint32_t limit = mode_ == Mode::Const ? visible_globals_ : module_.num_globals();
  if (index >= limit) return Fail(offset, "unknown global " + std::to_string(index));
  return true;
}

const TableType* FuncValidator::GetTable(uint32_t index, uint64_t offset) const {
  if (index >= env_.tables().size()) {
    return FailPtr(offset, "unknown table " + std::to_string(index));
  }
  return &env_.tables()[index];
}

const MemoryType* FuncValidator::GetMemory(uint32_t index, uint64_t offset) const {
  if (index >= env_.memories().size()) {
    return FailPtr(offset, "unknown memory " + std::to_string(index));
  }
  return &env_.memories()[index];
}

const FuncType* FuncValidator::GetFuncType(uint32_t type_index, uint64_t offset) const {
  if (!env_.IsFuncType(type_index))
    return FailPtr(offset, "unknown type " + std::to_string(type_index));
  return &module_.types[type_index].func;
}

bool FuncValidator::CheckData(uint32_t index, uint64_t offset) const {
  // Bodies come before the data section, hence the data count section (checked by caller).
  const uint32_t count = module_.data_count ? *module_.data_count : 0;
  if (index >= count) return Fail(offset, "unknown data segment " + std::to_string(index));
  return true;
}

bool FuncValidator::CheckElem(uint32_t index, uint64_t offset) const {
  if (index >= module_.elems.size()) {
    return Fail(offset, "unknown elem segment " + std::to_string(index));
  }
  return true;
}

const FuncType* FuncValidator::GetTagType(uint32_t index, uint64_t offset) const {
  if (index >= module_.num_tags()) return FailPtr(offset, "unknown tag " + std::to_string(index));
  const uint32_t type_index = module_.TagTypeOf(index).type_index;
  return GetFuncType(type_index, offset);
}

// ---- Simple instructions: operand and result kinds from opcodes.def's Sig column

bool FuncValidator::StepSimple(const binary::Instr& in, const OpInfo& info) {
  const SigTypes& sig = SigInfo(info.sig);
  const uint32_t np = sig.num_params;
  ValKind kinds[SigTypes::kMaxParams];
  std::copy_n(sig.params, SigTypes::kMaxParams, kinds);
  switch (info.imm) {
    case ImmKind::MemArg:
    case ImmKind::MemArgLane: {
      const MemoryType* mt = GetMemory(in.mem.memory, in.offset);
      if (mt == nullptr) return false;
      if (in.mem.align_log2 > NaturalAlignLog2(in.op)) {
        return Fail(in.offset, "alignment must not be larger than natural");
      }
      if (mt->limits.index_type == IndexType::I32 && in.mem.offset > 0xffffffffu) {
        return Fail(in.offset, "offset out of range");
      }
      if (info.imm == ImmKind::MemArgLane && in.lane >= (16u >> NaturalAlignLog2(in.op))) {
        return Fail(in.offset, "invalid lane index");
      }
      kinds[0] = IndexValType(mt->limits.index_type).kind;  // the address
      break;
    }
    case ImmKind::AtomicArg: {
      const MemoryType* mt = GetMemory(in.mem.memory, in.offset);
      if (mt == nullptr) return false;
      if (in.mem.align_log2 != AtomicAccessLog2(in.op)) {
        return Fail(in.offset, "alignment must be exactly natural");
      }
      if (mt->limits.index_type == IndexType::I32 && in.mem.offset > 0xffffffffu) {
        return Fail(in.offset, "offset out of range");
      }
      kinds[0] = IndexValType(mt->limits.index_type).kind;  // the address
      break;
    }
    case ImmKind::Lane:
      if (in.lane >= LaneCount(in.op)) return Fail(in.offset, "invalid lane index");
      break;
    case ImmKind::Shuffle:
      for (uint8_t lane : in.v128.bytes) {
        if (lane >= 32) return Fail(in.offset, "invalid lane index");
      }
      break;
    default: break;
  }
  // Fast path: the operands are known values of exactly the wanted kinds (a Sig has no
  // reference types, so matching is kind equality). Anything else -- too few values,
  // unknown values of unreachable code, a mismatch -- goes through CheckTop below.
  if (WR_LIKELY(Available() >= np)) {
    const Value* top = vals_.data() + vals_.size() - np;
    bool ok = true;
    for (uint32_t i = 0; i < np; ++i) ok &= !top[i].unknown && top[i].type.kind == kinds[i];
    if (WR_LIKELY(ok)) {
      Emit(in);
      Pop(np);
      for (uint32_t i = 0; i < sig.num_results; ++i) Push(KindType(sig.results[i]));
      return true;
    }
  }
  ValType params[SigTypes::kMaxParams];
  for (unsigned i = 0; i < np; ++i) params[i] = KindType(kinds[i]);
  WR_VTRY(CheckTop(std::span<const ValType>(params, np), in.offset));
  Emit(in);
  Pop(np);
  for (uint32_t i = 0; i < sig.num_results; ++i) Push(KindType(sig.results[i]));
  return true;
}

// ---- Variables

bool FuncValidator::StepVariable(const binary::Instr& in) {
  const uint64_t off = in.offset;
  switch (in.op) {
    case Opcode::LocalGet: {
      if (WR_LIKELY(in.index < dense_local_types_.size())) {
        const ValType t = dense_local_types_[in.index];
        Emit(in);
        Push(t);
        return true;
      }
      WR_VTRY(CheckLocal(in.index, off));
      const LocalRun& r = FindRun(in.index);
      if (!LocalInitialized(r, in.index)) return Fail(off, "uninitialized local");
      const ValType t = r.type;
      Emit(in);
      Push(t);
      return true;
    }
    case Opcode::LocalSet:
    case Opcode::LocalTee: {
      if (WR_LIKELY(in.index < dense_local_types_.size() && Available() != 0)) {
        // A known numeric or vector operand of the local's kind: no subtyping to check, and
        // local.tee leaves the stack as it was.
        const ValKind k = dense_local_types_[in.index].kind;
        const Value& v = vals_.back();
        if (WR_LIKELY(k != ValKind::Ref && !v.unknown && v.type.kind == k)) {
          Emit(in);
          if (in.op == Opcode::LocalSet) Pop(1);
          return true;
        }
      }
      WR_VTRY(CheckLocal(in.index, off));
      const LocalRun& r = FindRun(in.index);
      const ValType t = r.type;
      WR_VTRY(CheckTop1(t, off));
      Emit(in);
      Pop(1);
      MarkLocalInit(r, in.index);
      if (in.op == Opcode::LocalTee) Push(t);
      return true;
    }
    case Opcode::GlobalGet: {
      WR_VTRY(CheckGlobal(in.index, off));
      const GlobalType gt = module_.GlobalTypeOf(in.index);
      if (mode_ == Mode::Const && gt.mut) return Fail(off, "constant expression required");
      Emit(in);
      Push(gt.type);
      return true;
    }
    case Opcode::GlobalSet: {
      WR_VTRY(CheckGlobal(in.index, off));
      const GlobalType gt = module_.GlobalTypeOf(in.index);
      if (!gt.mut) return Fail(off, "immutable global " + std::to_string(in.index));
      WR_VTRY(CheckTop1(gt.type, off));
      Emit(in);
      Pop(1);
      return true;
    }
    default: return Fail(off, "unsupported instruction");
  }
}

// ---- Memory

bool FuncValidator::StepMemory(const binary::Instr& in) {
  const uint64_t off = in.offset;
  const ValType i32 = ValType::I32();
  switch (in.op) {
    case Opcode::MemorySize:
    case Opcode::MemoryGrow: {
      const MemoryType* mt = GetMemory(in.index, off);
      if (mt == nullptr) return false;
      const ValType it = IndexValType(mt->limits.index_type);
      if (in.op == Opcode::MemoryGrow) WR_VTRY(CheckTop1(it, off));
      Emit(in);
      if (in.op == Opcode::MemoryGrow) Pop(1);
      Push(it);
      return true;
    }
    case Opcode::MemoryInit: {
      if (!module_.data_count) return FailDecode(off, "data count section required");
      const MemoryType* mt = GetMemory(in.index2, off);
      if (mt == nullptr) return false;
      WR_VTRY(CheckData(in.index, off));
      const ValType types[3] = {IndexValType(mt->limits.index_type), i32, i32};
      WR_VTRY(CheckTop(types, off));
      Emit(in);
      Pop(3);
      return true;
    }
    case Opcode::DataDrop:
      if (!module_.data_count) return FailDecode(off, "data count section required");
      WR_VTRY(CheckData(in.index, off));
      Emit(in);
      return true;
    case Opcode::MemoryCopy: {
      const MemoryType* dst = GetMemory(in.index, off);
      if (dst == nullptr) return false;
      const MemoryType* src = GetMemory(in.index2, off);
      if (src == nullptr) return false;
      const bool both64 =
          dst->limits.index_type == IndexType::I64 && src->limits.index_type == IndexType::I64;
      const ValType types[3] = {IndexValType(dst->limits.index_type),
                                IndexValType(src->limits.index_type),
                                both64 ? ValType::I64() : i32};
      WR_VTRY(CheckTop(types, off));
      Emit(in);
      Pop(3);
      return true;
    }
    case Opcode::MemoryFill: {
      const MemoryType* mt = GetMemory(in.index, off);
      if (mt == nullptr) return false;
      const ValType it = IndexValType(mt->limits.index_type);
      const ValType types[3] = {it, i32, it};
      WR_VTRY(CheckTop(types, off));
      Emit(in);
      Pop(3);
      return true;
    }
    default: return Fail(off, "unsupported instruction");
  }
}

// ---- Tables

bool FuncValidator::StepTable(const binary::Instr& in) {
  const uint64_t off = in.offset;
  const ValType i32 = ValType::I32();
  switch (in.op) {
    case Opcode::TableGet:
    case Opcode::TableSet:
    case Opcode::TableSize:
    case Opcode::TableGrow:
    case Opcode::TableFill: {
      const TableType* tt = GetTable(in.index, off);
      if (tt == nullptr) return false;
      const ValType it = IndexValType(tt->limits.index_type);
      ValType types[3];
      uint32_t n = 0;
      bool push_elem = false, push_index = false;
      switch (in.op) {
        case Opcode::TableGet:
          types[n++] = it;
          push_elem = true;
          break;
        case Opcode::TableSet:
          types[n++] = it;
          types[n++] = tt->elem;
          break;
        case Opcode::TableSize: push_index = true; break;
        case Opcode::TableGrow:
          types[n++] = tt->elem;
          types[n++] = it;
          push_index = true;
          break;
        default:
          types[n++] = it;
          types[n++] = tt->elem;
          types[n++] = it;
          break;  // fill
      }
      WR_VTRY(CheckTop(std::span<const ValType>(types, n), off));
      Emit(in);
      Pop(n);
      if (push_elem) Push(tt->elem);
      if (push_index) Push(it);
      return true;
    }
    case Opcode::TableInit: {
      const TableType* tt = GetTable(in.index2, off);
      if (tt == nullptr) return false;
      WR_VTRY(CheckElem(in.index, off));
      const ValType et = module_.elems[in.index].type;
      if (!env_.Matches(et, tt->elem)) {
        return Fail(off, "type mismatch: table.init of " + ToString(et) + " into a table of " +
                             ToString(tt->elem));
      }
      const ValType types[3] = {IndexValType(tt->limits.index_type), i32, i32};
      WR_VTRY(CheckTop(types, off));
      Emit(in);
      Pop(3);
      return true;
    }
    case Opcode::ElemDrop:
      WR_VTRY(CheckElem(in.index, off));
      Emit(in);
      return true;
    case Opcode::TableCopy: {
      const TableType* dst = GetTable(in.index, off);
      if (dst == nullptr) return false;
      const TableType* src = GetTable(in.index2, off);
      if (src == nullptr) return false;
      if (!env_.Matches(src->elem, dst->elem)) {
        return Fail(off, "type mismatch: table.copy of " + ToString(src->elem) +
                             " into a table of " + ToString(dst->elem));
      }
      const bool both64 =
          dst->limits.index_type == IndexType::I64 && src->limits.index_type == IndexType::I64;
      const ValType types[3] = {IndexValType(dst->limits.index_type),
                                IndexValType(src->limits.index_type),
                                both64 ? ValType::I64() : i32};
      WR_VTRY(CheckTop(types, off));
      Emit(in);
      Pop(3);
      return true;
    }
    default: return Fail(off, "unsupported instruction");
  }
}

// ---- References

bool FuncValidator::StepRef(const binary::Instr& in) {
  const uint64_t off = in.offset;
  const bool poly = ctrl_.back().c.unreachable;
  switch (in.op) {
    case Opcode::RefNull:
      WR_VTRY(env_.CheckValType(in.type, off));
      Emit(in);
      Push(in.type);
      return true;

    case Opcode::RefFunc: {
      WR_VTRY(CheckFunc(in.index, off));
      if (mode_ == Mode::Function && !env_.IsDeclaredFunc(in.index)) {
        return Fail(off, "undeclared function reference");
      }
      const Features& f = env_.features();
      const ValType t = (f.func_refs || f.gc)
                            ? ValType::RefIndex(module_.FuncTypeIndex(in.index), false)
                            : ValType::FuncRef();
      Emit(in);
      Push(t);
      return true;
    }

    case Opcode::RefEq: {
      const ValType eq = ValType::Ref(HeapKind::Eq, true);
      const ValType types[2] = {eq, eq};
      WR_VTRY(CheckTop(types, off));
      Emit(in);
      Pop(2);
      Push(ValType::I32());
      return true;
    }

    case Opcode::RefIsNull:
    case Opcode::RefAsNonNull: {
      const Value* v = Peek(0);
      if ((v == nullptr && !poly) || (v != nullptr && !v->unknown && !v->type.is_ref())) {
        return Fail(off,
                    "type mismatch: " + std::string(OpcodeText(in.op)) + " requires a reference");
      }
      const bool known = v != nullptr && !v->unknown;
      ValType t = known ? v->type : ValType::I32();
      t.nullable = false;
      Emit(in);
      Pop(1);
      if (in.op == Opcode::RefIsNull) {
        Push(ValType::I32());
      } else if (known) {
        Push(t);
      } else {
        PushUnknown();
      }
      return true;
    }

    case Opcode::BrOnNull:
    case Opcode::BrOnNonNull: {
      const Frame* f = Label(in.index, off);
      if (f == nullptr) return false;
      auto labels = f->c.LabelTypes();
      const Value* v = Peek(0);
      if ((v == nullptr && !poly) || (v != nullptr && !v->unknown && !v->type.is_ref())) {
        return Fail(off,
                    "type mismatch: " + std::string(OpcodeText(in.op)) + " requires a reference");
      }
      const bool known = v != nullptr && !v->unknown;
      ValType t = known ? v->type : ValType::I32();
      t.nullable = false;
      if (in.op == Opcode::BrOnNonNull) {
        // The label receives the non-null reference as its last value.
        if (labels.empty() || !labels.back().is_ref() ||
            (known && !env_.Matches(t, labels.back()))) {
          return Fail(off, "type mismatch: br_on_non_null label requires " +
                               std::string(labels.empty() ? "no values" : ToString(labels.back())));
        }
        labels = labels.first(labels.size() - 1);
      }
      WR_VTRY(CheckTop(labels, {}, off, 1));
      Emit(in);
      Pop(1);
      Pop(static_cast<uint32_t>(labels.size()));
      Push(labels);
      if (in.op == Opcode::BrOnNull) {
        if (known) {
          Push(t);
        } else {
          PushUnknown();
        }
      }
      return true;
    }

    default: return Fail(off, "unsupported instruction");
  }
}

}  // namespace wr::valid
