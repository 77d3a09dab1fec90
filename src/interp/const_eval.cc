#include "interp/const_eval.h"

#include <span>
#include <string>
#include <vector>

#include "binary/instr_reader.h"
#include "ir/opcode.h"
#include "runtime/gc.h"
#include "runtime/object.h"

namespace wr::interp {

namespace {

// Constant expressions are tiny; a depth bound keeps a hostile unvalidated one from
// allocating without limit.
constexpr size_t kMaxConstStack = 1024;

uint64_t Wrap32(uint64_t v) {
  return v & 0xffffffffu;
}

}  // namespace

Result<ConstValue> EvalConstExpr(const Module& module, const ConstExpr& expr, const Instance& inst,
                                 Store& store) {
  const uint64_t base = expr.code.offset;
  if (uint64_t{expr.code.offset} + expr.code.size > module.bytes.size()) {
    return MakeError(Phase::Instantiate, base, "constant expression out of range");
  }
  binary::InstrReader reader(module.Bytes(expr.code), base);
  std::vector<ConstValue> stack;
  binary::Instr in;
  auto fail = [&](const std::string& msg) { return MakeError(Phase::Instantiate, in.offset, msg); };
  while (!reader.at_end()) {
    WR_TRY_VOID(reader.Next(in));
    if (in.op == Opcode::End) {
      if (stack.size() != 1) return fail("type mismatch in constant expression");
      return stack.back();
    }
    if (stack.size() >= kMaxConstStack) return fail("constant expression too deep");
    ConstValue v;
    switch (in.op) {
      case Opcode::I32Const: v.slots[0] = Wrap32(in.bits); break;
      case Opcode::I64Const:
      case Opcode::F64Const: v.slots[0] = in.bits; break;
      case Opcode::F32Const: v.slots[0] = Wrap32(in.bits); break;
      case Opcode::V128Const:
        v.slots[0] = in.v128.Lo();
        v.slots[1] = in.v128.Hi();
        break;
      case Opcode::RefNull: v.slots[0] = kNullRef; break;
      case Opcode::RefFunc:
        if (in.index >= inst.funcs.size() || inst.funcs[in.index] == nullptr) {
          return fail("unknown function " + std::to_string(in.index));
        }
        v.slots[0] = ToRef(inst.funcs[in.index]);
        break;
      case Opcode::GlobalGet: {
        if (in.index >= inst.globals.size() || inst.globals[in.index] == nullptr) {
          return fail("unknown global " + std::to_string(in.index));
        }
        const GlobalInstance* g = inst.globals[in.index];
        v.slots[0] = g->value[0];
        v.slots[1] = g->value[1];
        break;
      }
      case Opcode::I32Add:
      case Opcode::I32Sub:
      case Opcode::I32Mul:
      case Opcode::I64Add:
      case Opcode::I64Sub:
      case Opcode::I64Mul: {
        if (stack.size() < 2) return fail("type mismatch in constant expression");
        // Unsigned arithmetic wraps by definition, which is exactly wasm's semantics.
        const uint64_t b = stack.back().slots[0];
        stack.pop_back();
        const uint64_t a = stack.back().slots[0];
        stack.pop_back();
        uint64_t r = 0;
        switch (in.op) {
          case Opcode::I32Add:
          case Opcode::I64Add: r = a + b; break;
          case Opcode::I32Sub:
          case Opcode::I64Sub: r = a - b; break;
          default: r = a * b; break;
        }
        const bool is32 =
            in.op == Opcode::I32Add || in.op == Opcode::I32Sub || in.op == Opcode::I32Mul;
        v.slots[0] = is32 ? Wrap32(r) : r;
        break;
      }
      // GC. The validator has checked the types and counts.
      case Opcode::RefI31:
        if (stack.empty()) return fail("type mismatch in constant expression");
        v.slots[0] = MakeI31(static_cast<uint32_t>(stack.back().slots[0]));
        stack.pop_back();
        break;
      case Opcode::AnyConvertExtern:
      case Opcode::ExternConvertAny:
        if (stack.empty()) return fail("type mismatch in constant expression");
        v = stack.back();  // the same bits in both hierarchies
        stack.pop_back();
        break;
      case Opcode::StructNew:
      case Opcode::StructNewDefault:
      case Opcode::ArrayNew:
      case Opcode::ArrayNewDefault:
      case Opcode::ArrayNewFixed: {
        if (in.index >= module.types.size() || in.index >= inst.type_ids.size()) {
          return fail("unknown type " + std::to_string(in.index));
        }
        const DefType& t = module.types[in.index];
        const uint32_t id = inst.type_ids[in.index];
        const bool is_struct = in.op == Opcode::StructNew || in.op == Opcode::StructNewDefault;
        if (t.kind != (is_struct ? DefType::Kind::Struct : DefType::Kind::Array) ||
            (t.fields.empty() && !is_struct)) {
          return fail("type mismatch in constant expression");
        }
        // Operands popped from the stack: the fields, or (value, length), or the elements.
        size_t pops = 0;
        if (in.op == Opcode::StructNew) pops = t.fields.size();
        if (in.op == Opcode::ArrayNew) pops = 2;
        if (in.op == Opcode::ArrayNewDefault) pops = 1;
        if (in.op == Opcode::ArrayNewFixed) pops = in.index2;
        if (stack.size() < pops) return fail("type mismatch in constant expression");
        const std::span<const ConstValue> args(stack.data() + stack.size() - pops, pops);
        Object* obj = nullptr;
        if (is_struct) {
          std::vector<uint64_t> slots;
          for (size_t i = 0; i < t.fields.size(); ++i) {
            const unsigned n = t.fields[i].type.slots();
            for (unsigned k = 0; k < n; ++k) slots.push_back(pops ? args[i].slots[k] : 0);
          }
          obj = store.NewStruct(id, t, slots);
        } else {
          const unsigned es = t.fields[0].type.slots();
          const uint64_t n =
              in.op == Opcode::ArrayNewFixed ? pops : static_cast<uint32_t>(args.back().slots[0]);
          ArrayObject* a =
              n > UINT32_MAX ? nullptr : store.NewArray(id, t, static_cast<uint32_t>(n));
          if (a != nullptr) {
            for (uint64_t i = 0; i < n; ++i) {
              const ConstValue& e = in.op == Opcode::ArrayNewFixed ? args[i]
                                    : in.op == Opcode::ArrayNew    ? args[0]
                                                                   : ConstValue{};
              for (unsigned k = 0; k < es; ++k) a->slots()[i * es + k] = e.slots[k];
            }
          }
          obj = a;
        }
        if (obj == nullptr) return fail("GC heap limit reached in constant expression");
        stack.resize(stack.size() - pops);
        v.slots[0] = ToRef(obj);
        break;
      }
      default:
        return fail("constant expression required (unsupported instruction " +
                    std::string(OpcodeText(in.op)) + ")");
    }
    stack.push_back(v);
  }
  return MakeError(Phase::Instantiate, reader.offset(), "unexpected end of constant expression");
}

}  // namespace wr::interp
