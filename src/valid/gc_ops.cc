// FuncValidator: GC instructions (structs, arrays, i31, casts, extern/any conversion).
#include <string>

#include "ir/limits.h"
#include "valid/func_validator.h"

namespace wr::valid {

namespace {

// The type of a field's value on the stack: packed i8/i16 are read and written as i32.
ValType Unpacked(const FieldType& f) {
  return f.packed == FieldType::Packed::None ? f.type : ValType::I32();
}

bool IsNumOrVec(const FieldType& f) {
  return f.packed != FieldType::Packed::None || !f.type.is_ref();
}

}  // namespace

const DefType* FuncValidator::GetDefType(uint32_t index, DefType::Kind kind,
                                         uint64_t offset) const {
  if (index >= module_.types.size()) {
    return FailPtr(offset, "unknown type " + std::to_string(index));
  }
  const DefType& dt = module_.types[index];
  if (dt.kind != kind) {
    return FailPtr(offset, std::string("type mismatch: type ") + std::to_string(index) +
                               (kind == DefType::Kind::Struct ? " is not a struct type"
                                                              : " is not an array type"));
  }
  return &dt;
}

bool FuncValidator::StepGc(const binary::Instr& in) {
  const uint64_t off = in.offset;
  switch (in.op) {
    case Opcode::StructNew:
    case Opcode::StructNewDefault:
    case Opcode::StructGet:
    case Opcode::StructGetS:
    case Opcode::StructGetU:
    case Opcode::StructSet: return StepStruct(in);
    case Opcode::RefTest:
    case Opcode::RefTestNull:
    case Opcode::RefCast:
    case Opcode::RefCastNull:
    case Opcode::BrOnCast:
    case Opcode::BrOnCastFail: return StepCast(in);
    case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny: {
      const bool to_any = in.op == Opcode::AnyConvertExtern;
      const ValType from = ValType::Ref(to_any ? HeapKind::Extern : HeapKind::Any, true);
      WR_VTRY(CheckTop1(from, off));
      const Value* v = Peek(0);
      const bool nullable = v == nullptr || v->unknown || v->type.nullable;
      Emit(in);
      Pop(1);
      Push(ValType::Ref(to_any ? HeapKind::Any : HeapKind::Extern, nullable));
      return true;
    }
    case Opcode::RefI31:
      WR_VTRY(CheckTop1(ValType::I32(), off));
      Emit(in);
      Pop(1);
      Push(ValType::Ref(HeapKind::I31, false));
      return true;
    case Opcode::I31GetS:
    case Opcode::I31GetU:
      WR_VTRY(CheckTop1(ValType::Ref(HeapKind::I31, true), off));
      Emit(in);
      Pop(1);
      Push(ValType::I32());
      return true;
    default: return StepArray(in);
  }
}

bool FuncValidator::StepStruct(const binary::Instr& in) {
  const uint64_t off = in.offset;
  const DefType* dt = GetDefType(in.index, DefType::Kind::Struct, off);
  if (dt == nullptr) return false;
  const ValType ref = ValType::RefIndex(in.index, true);
  switch (in.op) {
    case Opcode::StructNew: {
      scratch_.clear();
      for (const FieldType& f : dt->fields) scratch_.push_back(Unpacked(f));
      WR_VTRY(CheckTop(scratch_, off));
      Emit(in);
      Pop(static_cast<uint32_t>(dt->fields.size()));
      Push(ValType::RefIndex(in.index, false));
      return true;
    }
    case Opcode::StructNewDefault:
      for (const FieldType& f : dt->fields) {
        if (!f.type.defaultable()) return Fail(off, "field type is not defaultable");
      }
      Emit(in);
      Push(ValType::RefIndex(in.index, false));
      return true;
    default: break;
  }
  if (in.index2 >= dt->fields.size()) {
    return Fail(off, "unknown field " + std::to_string(in.index2));
  }
  const FieldType& field = dt->fields[in.index2];
  const bool packed = field.packed != FieldType::Packed::None;
  if (in.op == Opcode::StructSet) {
    if (!field.mut) return Fail(off, "immutable field");
    const ValType types[2] = {ref, Unpacked(field)};
    WR_VTRY(CheckTop(types, off));
    Emit(in);
    Pop(2);
    return true;
  }
  if (packed != (in.op != Opcode::StructGet)) {
    return Fail(off, packed ? "type mismatch: packed field requires struct.get_s/_u"
                            : "type mismatch: struct.get_s/_u requires a packed field");
  }
  WR_VTRY(CheckTop1(ref, off));
  const ValType t = Unpacked(field);
  Emit(in);
  Pop(1);
  Push(t);
  return true;
}

bool FuncValidator::StepArray(const binary::Instr& in) {
  const uint64_t off = in.offset;
  const ValType i32 = ValType::I32();
  if (in.op == Opcode::ArrayLen) {
    WR_VTRY(CheckTop1(ValType::Ref(HeapKind::Array, true), off));
    Emit(in);
    Pop(1);
    Push(i32);
    return true;
  }
  const DefType* dt = GetDefType(in.index, DefType::Kind::Array, off);
  if (dt == nullptr) return false;
  const FieldType& elem = dt->fields[0];
  const ValType et = Unpacked(elem);
  const ValType ref = ValType::RefIndex(in.index, true);
  const ValType new_ref = ValType::RefIndex(in.index, false);
  const bool writes = in.op == Opcode::ArraySet || in.op == Opcode::ArrayFill ||
                      in.op == Opcode::ArrayCopy || in.op == Opcode::ArrayInitData ||
                      in.op == Opcode::ArrayInitElem;
  if (writes && !elem.mut) return Fail(off, "immutable array");
  const bool data = in.op == Opcode::ArrayNewData || in.op == Opcode::ArrayInitData;
  const bool elems = in.op == Opcode::ArrayNewElem || in.op == Opcode::ArrayInitElem;
  if (data) {
    if (!IsNumOrVec(elem)) return Fail(off, "array type is not numeric or vector");
    if (!module_.data_count) return FailDecode(off, "data count section required");
    WR_VTRY(CheckData(in.index2, off));
  }
  if (elems) {
    WR_VTRY(CheckElem(in.index2, off));
    if (!env_.Matches(module_.elems[in.index2].type, elem.type) || IsNumOrVec(elem)) {
      return Fail(off, "type mismatch: elem segment does not match the array type");
    }
  }
  ValType types[5];
  uint32_t n = 0;
  bool push_new = false, push_elem = false;
  switch (in.op) {
    case Opcode::ArrayNew:
      types[n++] = et;
      types[n++] = i32;
      push_new = true;
      break;
    case Opcode::ArrayNewDefault:
      if (!elem.type.defaultable()) return Fail(off, "array type is not defaultable");
      types[n++] = i32;
      push_new = true;
      break;
    case Opcode::ArrayNewFixed: {
      // n copies of the element type; checked without building a list of them.
      const uint32_t count = in.index2;
      if (count > limits::kMaxArrayNewFixed) {
        return Fail(off, "array.new_fixed: " +
                             limits::LimitMessage("number of operands", limits::kMaxArrayNewFixed));
      }
      if (count > Available() && !ctrl_.back().c.unreachable) {
        return Fail(
            off, "type mismatch: array.new_fixed requires " + std::to_string(count) + " operands");
      }
      for (uint32_t d = 0; d < count && d < Available(); ++d) WR_VTRY(CheckTop1(et, off, d));
      Emit(in);
      Pop(count);
      Push(new_ref);
      return true;
    }
    case Opcode::ArrayNewData:
    case Opcode::ArrayNewElem:
      types[n++] = i32;
      types[n++] = i32;
      push_new = true;
      break;
    case Opcode::ArrayGet:
    case Opcode::ArrayGetS:
    case Opcode::ArrayGetU: {
      const bool packed = elem.packed != FieldType::Packed::None;
      if (packed != (in.op != Opcode::ArrayGet)) {
        return Fail(off, packed ? "type mismatch: packed array requires array.get_s/_u"
                                : "type mismatch: array.get_s/_u requires a packed array");
      }
      types[n++] = ref;
      types[n++] = i32;
      push_elem = true;
      break;
    }
    case Opcode::ArraySet:
      types[n++] = ref;
      types[n++] = i32;
      types[n++] = et;
      break;
    case Opcode::ArrayFill:
      types[n++] = ref, types[n++] = i32, types[n++] = et, types[n++] = i32;
      break;
    case Opcode::ArrayCopy: {
      const DefType* src = GetDefType(in.index2, DefType::Kind::Array, off);
      if (src == nullptr) return false;
      const FieldType& se = src->fields[0];
      if (se.packed != elem.packed || !env_.Matches(se.type, elem.type)) {
        return Fail(off, "array types do not match");
      }
      types[n++] = ref, types[n++] = i32, types[n++] = ValType::RefIndex(in.index2, true);
      types[n++] = i32, types[n++] = i32;
      break;
    }
    case Opcode::ArrayInitData:
    case Opcode::ArrayInitElem:
      types[n++] = ref, types[n++] = i32, types[n++] = i32, types[n++] = i32;
      break;
    default: return Fail(off, "unsupported instruction " + std::string(OpcodeText(in.op)));
  }
  WR_VTRY(CheckTop(std::span<const ValType>(types, n), off));
  Emit(in);
  Pop(n);
  if (push_new) Push(new_ref);
  if (push_elem) Push(et);
  return true;
}

// ref.test, ref.cast, br_on_cast, br_on_cast_fail: the target type must be in the operand's
// hierarchy; br_on_cast's label gets the cast type, the fallthrough the rest (and vice versa
// for br_on_cast_fail).
bool FuncValidator::StepCast(const binary::Instr& in) {
  const uint64_t off = in.offset;
  WR_VTRY(env_.CheckValType(in.type, off));
  const bool is_br = in.op == Opcode::BrOnCast || in.op == Opcode::BrOnCastFail;
  if (!is_br) {
    const ValType top = ValType::Ref(env_.TopOf(in.type), true);
    WR_VTRY(CheckTop1(top, off));
    Emit(in);
    Pop(1);
    const bool is_test = in.op == Opcode::RefTest || in.op == Opcode::RefTestNull;
    Push(is_test ? ValType::I32() : in.type);
    return true;
  }
  WR_VTRY(env_.CheckValType(in.type2, off));
  const ValType& rt1 = in.type;
  const ValType& rt2 = in.type2;
  if (!env_.Matches(rt2, rt1)) {
    return Fail(
        off, "type mismatch: cast type " + ToString(rt2) + " is not a subtype of " + ToString(rt1));
  }
  const Frame* f = Label(in.index, off);
  if (f == nullptr) return false;
  auto labels = f->c.LabelTypes();
  ValType diff = rt1;  // rt1 minus rt2
  if (rt2.nullable) diff.nullable = false;
  const ValType to_label = in.op == Opcode::BrOnCast ? rt2 : diff;
  const ValType fallthrough = in.op == Opcode::BrOnCast ? diff : rt2;
  if (labels.empty() || !env_.Matches(to_label, labels.back())) {
    return Fail(off, "type mismatch: " + std::string(OpcodeText(in.op)) + " label requires " +
                         (labels.empty() ? std::string("no values") : ToString(labels.back())));
  }
  labels = labels.first(labels.size() - 1);
  WR_VTRY(CheckTop1(rt1, off));
  WR_VTRY(CheckTop(labels, {}, off, 1));
  Emit(in);
  Pop(1);
  Pop(static_cast<uint32_t>(labels.size()));
  Push(labels);
  Push(fallthrough);
  return true;
}

}  // namespace wr::valid
