// Lowering, part three: the GC instructions (structs, arrays, i31, casts); their internal ops
// and operand layouts are in code.def, their handlers in interp/interpreter_gc.inc.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <vector>

#include "compile/lowering.h"

namespace wr::compile {

using valid::FuncView;

namespace {

// A field's or element's read mode (code.def, GC ops) and its slots.
uint32_t ReadMode(const FieldType& f, Opcode op) {
  const bool is_signed = op == Opcode::StructGetS || op == Opcode::ArrayGetS;
  switch (f.packed) {
    case FieldType::Packed::I8: return is_signed ? 2 : 4;
    case FieldType::Packed::I16: return is_signed ? 3 : 5;
    case FieldType::Packed::None: break;
  }
  return f.type.slots() == 2 ? 1 : 0;
}

// Bytes an element takes in a data segment (array.new_data, array.init_data).
uint32_t StorageBytes(const FieldType& f) {
  switch (f.packed) {
    case FieldType::Packed::I8: return 1;
    case FieldType::Packed::I16: return 2;
    case FieldType::Packed::None: break;
  }
  switch (f.type.kind) {
    case ValKind::I32:
    case ValKind::F32: return 4;
    case ValKind::V128: return 16;
    default: return 8;
  }
}

// The array ops whose work is proportional to a length operand (Lowering::BulkOp).
bool IsBulk(IOp op) {
  switch (op) {
    case IOp::ArrayNew:
    case IOp::ArrayNewDefault:
    case IOp::ArrayNewData:
    case IOp::ArrayNewElem:
    case IOp::ArrayFill:
    case IOp::ArrayCopy:
    case IOp::ArrayInitData:
    case IOp::ArrayInitElem: return true;
    default: return false;
  }
}

uint32_t HeapWord(const ValType& t) {
  return static_cast<uint32_t>(t.heap) | (t.nullable ? 0x100u : 0u);
}

}  // namespace

void Lowering::LowerGc(const binary::Instr& instr, const FuncView& v) {
  const Module& m = v.module();
  auto fields = [&](uint32_t type) -> const std::vector<FieldType>& {
    return m.types[type].fields;
  };
  auto total_slots = [&](uint32_t type) {
    uint32_t n = 0;
    for (const FieldType& f : fields(type)) n += f.type.slots();
    return n;
  };
  // Emits `op dst, <words>` for an instruction that pops `pops` values and pushes one.
  auto produce = [&](IOp op, uint32_t pops, std::initializer_list<uint32_t> words) {
    const uint32_t dst = pops ? v.OperandSlot(pops - 1) : v.SlotHeight();
    if (IsBulk(op)) {
      BulkOp(op);
    } else {
      Op(op);
    }
    pending_dst_ = static_cast<int64_t>(code().size());
    W(dst);
    for (uint32_t w : words) W(w);
    Pop(pops);
    Push();
  };
  auto consume = [&](IOp op, uint32_t pops, std::initializer_list<uint32_t> words) {
    if (IsBulk(op)) {
      BulkOp(op);
    } else {
      Op(op);
    }
    for (uint32_t w : words) W(w);
    Pop(pops);
  };
  switch (instr.op) {
    case Opcode::StructNew: {
      const auto n = static_cast<uint32_t>(fields(instr.index).size());
      for (uint32_t d = 0; d < n; ++d) Materialize(v, d);  // the fields, contiguous
      const uint32_t first = n ? v.OperandSlot(n - 1) : v.SlotHeight();
      produce(IOp::StructNew, n, {instr.index, total_slots(instr.index), first});
      return;
    }
    case Opcode::StructNewDefault:
      produce(IOp::StructNewDefault, 0, {instr.index, total_slots(instr.index)});
      return;
    case Opcode::StructGet:
    case Opcode::StructGetS:
    case Opcode::StructGetU:
    case Opcode::StructSet: {
      const std::vector<FieldType>& fs = fields(instr.index);
      uint32_t offset = 0;
      for (uint32_t i = 0; i < instr.index2; ++i) offset += fs[i].type.slots();
      const FieldType& f = fs[instr.index2];
      if (instr.op == Opcode::StructSet) {
        consume(IOp::StructSet, 2, {Src(v, 1), offset, Src(v, 0), f.type.slots()});
      } else {
        produce(IOp::StructGet, 1, {Src(v, 0), offset, ReadMode(f, instr.op)});
      }
      return;
    }
    case Opcode::ArrayNew:
      produce(IOp::ArrayNew, 2,
              {instr.index, Src(v, 1), Src(v, 0), ReadMode(fields(instr.index)[0], instr.op)});
      return;
    case Opcode::ArrayNewDefault:
      produce(IOp::ArrayNewDefault, 1,
              {instr.index, Src(v, 0), ReadMode(fields(instr.index)[0], instr.op)});
      return;
    case Opcode::ArrayNewFixed: {
      const uint32_t n = instr.index2;
      for (uint32_t d = 0; d < n; ++d) Materialize(v, d);  // the elements, contiguous
      const uint32_t first = n ? v.OperandSlot(n - 1) : v.SlotHeight();
      produce(IOp::ArrayNewFixed, n,
              {instr.index, first, n, ReadMode(fields(instr.index)[0], instr.op)});
      return;
    }
    case Opcode::ArrayNewData:
      produce(
          IOp::ArrayNewData, 2,
          {instr.index, instr.index2, Src(v, 1), Src(v, 0), StorageBytes(fields(instr.index)[0])});
      return;
    case Opcode::ArrayNewElem:
      produce(IOp::ArrayNewElem, 2, {instr.index, instr.index2, Src(v, 1), Src(v, 0)});
      return;
    case Opcode::ArrayGet:
    case Opcode::ArrayGetS:
    case Opcode::ArrayGetU:
      produce(IOp::ArrayGet, 2, {Src(v, 1), Src(v, 0), ReadMode(fields(instr.index)[0], instr.op)});
      return;
    case Opcode::ArraySet:
      consume(IOp::ArraySet, 3,
              {Src(v, 2), Src(v, 1), Src(v, 0), ReadMode(fields(instr.index)[0], instr.op)});
      return;
    case Opcode::ArrayLen: produce(IOp::ArrayLen, 1, {Src(v, 0)}); return;
    case Opcode::ArrayFill:
      consume(
          IOp::ArrayFill, 4,
          {Src(v, 3), Src(v, 2), Src(v, 1), Src(v, 0), ReadMode(fields(instr.index)[0], instr.op)});
      return;
    case Opcode::ArrayCopy:
      consume(IOp::ArrayCopy, 5,
              {Src(v, 4), Src(v, 3), Src(v, 2), Src(v, 1), Src(v, 0),
               ReadMode(fields(instr.index)[0], instr.op)});
      return;
    case Opcode::ArrayInitData:
      consume(IOp::ArrayInitData, 4,
              {instr.index2, Src(v, 3), Src(v, 2), Src(v, 1), Src(v, 0),
               StorageBytes(fields(instr.index)[0])});
      return;
    case Opcode::ArrayInitElem:
      consume(IOp::ArrayInitElem, 4, {instr.index2, Src(v, 3), Src(v, 2), Src(v, 1), Src(v, 0)});
      return;
    case Opcode::RefI31: produce(IOp::RefI31, 1, {Src(v, 0)}); return;
    case Opcode::I31GetS: produce(IOp::I31GetS, 1, {Src(v, 0)}); return;
    case Opcode::I31GetU: produce(IOp::I31GetU, 1, {Src(v, 0)}); return;
    case Opcode::RefEq: produce(IOp::RefEq, 2, {Src(v, 1), Src(v, 0)}); return;
    case Opcode::RefTest:
    case Opcode::RefTestNull:
      produce(IOp::RefTest, 1, {Src(v, 0), HeapWord(instr.type), instr.type.index});
      return;
    case Opcode::RefCast:
    case Opcode::RefCastNull:
      produce(IOp::RefCast, 1, {Src(v, 0), HeapWord(instr.type), instr.type.index});
      return;
    case Opcode::BrOnCast:
    case Opcode::BrOnCastFail: {
      // The reference stays on the stack on both paths; the label takes it as its last value.
      const bool on_success = instr.op == Opcode::BrOnCast;
      const uint32_t ref = Src(v, 0);
      const uint32_t heap = HeapWord(instr.type2), type = instr.type2.index;
      auto emit = [&](IOp op) {
        const auto pos = static_cast<uint32_t>(code().size());
        Op(op);
        W(ref);
        W(heap);
        W(type);
        const Fixup f{static_cast<uint32_t>(code().size()), pos};
        W(0);
        return f;
      };
      if (!NeedsCopies(v, instr.index, 0)) {
        LinkJump(emit(on_success ? IOp::BrOnCast : IOp::BrOnCastFail), instr.index);
      } else {
        const Fixup skip = emit(on_success ? IOp::BrOnCastFail : IOp::BrOnCast);
        EmitBranch(v, instr.index, 0);
        Bind(skip);
      }
      return;
    }
    case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny:
      return;  // the same bits in both hierarchies: only the static type changes
    default: Unsupported(instr); return;
  }
}

}  // namespace wr::compile
