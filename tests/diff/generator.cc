#include "diff/generator.h"

#include <string>

#include "binary/writer.h"
#include "diff/func_gen.h"

namespace wr::diff {
namespace {

constexpr uint32_t kDataBytes = 512;  // random bytes at address 0 for loads to find

ValKind ScalarKind(Rng& rng) {
  return static_cast<ValKind>(rng.Below(4));
}

FuncPlan PlanFunction(Rng& rng, bool exported, const GenOptions& opts) {
  FuncPlan f;
  f.exported = exported;
  for (uint32_t n = rng.Below(5); n > 0; --n) {
    f.params.push_back(!exported && opts.simd && rng.Chance(15) ? ValKind::V128 : ScalarKind(rng));
  }
  const uint32_t r = rng.Below(100);
  if (r < 5) {
    // no results
  } else if (r < 20 && opts.simd) {
    f.folded_v128 = true;
    f.results = {ValKind::I64, ValKind::I64};
  } else if (r < 30) {
    f.results = {ScalarKind(rng), ScalarKind(rng)};
  } else if (!exported && opts.simd && r < 45) {
    f.results = {ValKind::V128};
  } else {
    f.results = {ScalarKind(rng)};
  }
  return f;
}

void WriteConst(binary::Writer& w, ValKind k, Rng& rng) {
  switch (k) {
    case ValKind::I32:
      w.Op(Opcode::I32Const);
      w.VarS32(static_cast<int32_t>(InterestingI32(rng)));
      break;
    case ValKind::I64:
      w.Op(Opcode::I64Const);
      w.VarS64(static_cast<int64_t>(InterestingI64(rng)));
      break;
    case ValKind::F32:
      w.Op(Opcode::F32Const);
      w.F32Bits(InterestingF32(rng));
      break;
    case ValKind::F64:
      w.Op(Opcode::F64Const);
      w.F64Bits(InterestingF64(rng));
      break;
    default:
      w.Op(Opcode::V128Const);
      w.Bytes16(InterestingV128(rng));
      break;
  }
}

}  // namespace

GeneratedModule Generate(uint64_t seed, const GenOptions& options) {
  Rng rng(seed);
  ModulePlan plan;
  plan.options = &options;
  const uint32_t num_funcs = 2 + rng.Below(options.max_funcs > 2 ? options.max_funcs - 1 : 1);
  for (uint32_t i = 0; i < num_funcs; ++i) {
    plan.funcs.push_back(PlanFunction(rng, i == 0 || rng.Chance(70), options));
  }
  plan.globals.push_back(ValKind::I32);  // fuel
  const uint32_t kinds = options.simd ? 5 : 4;
  for (uint32_t k = 0; k < kinds; ++k) {
    for (uint32_t n = 1 + rng.Below(2); n > 0; --n) plan.globals.push_back(static_cast<ValKind>(k));
  }

  binary::Writer w;
  w.Raw(std::string_view("\0asm\1\0\0\0", 8));

  // Type section: one type per function.
  w.U8(1);
  size_t mark = w.BeginSized();
  w.VarU32(num_funcs);
  for (const FuncPlan& f : plan.funcs) {
    w.U8(0x60);
    w.VarU32(static_cast<uint32_t>(f.params.size()));
    for (ValKind k : f.params) w.ValueType(ValType{k});
    w.VarU32(static_cast<uint32_t>(f.results.size()));
    for (ValKind k : f.results) w.ValueType(ValType{k});
  }
  w.EndSized(mark);

  // Function section.
  w.U8(3);
  mark = w.BeginSized();
  w.VarU32(num_funcs);
  for (uint32_t i = 0; i < num_funcs; ++i) w.VarU32(i);
  w.EndSized(mark);

  // Table section: a funcref table with exactly one slot per function (see the elements).
  w.U8(4);
  mark = w.BeginSized();
  w.VarU32(1);
  w.U8(0x70);
  w.U8(1);
  w.VarU32(num_funcs);
  w.VarU32(num_funcs);
  w.EndSized(mark);

  // Memory section: one page, growable to two.
  w.U8(5);
  mark = w.BeginSized();
  w.VarU32(1);
  w.U8(1);
  w.VarU32(1);
  w.VarU32(2);
  w.EndSized(mark);

  // Global section: fuel, then mutable globals with random initial values.
  w.U8(6);
  mark = w.BeginSized();
  w.VarU32(static_cast<uint32_t>(plan.globals.size()));
  for (size_t g = 0; g < plan.globals.size(); ++g) {
    w.ValueType(ValType{plan.globals[g]});
    w.U8(1);  // mutable
    if (g == 0) {
      w.Op(Opcode::I32Const);
      w.VarS32(static_cast<int32_t>(options.fuel));
    } else {
      WriteConst(w, plan.globals[g], rng);
    }
    w.Op(Opcode::End);
  }
  w.EndSized(mark);

  // Export section.
  GeneratedModule out;
  for (uint32_t i = 0; i < num_funcs; ++i) {
    const FuncPlan& f = plan.funcs[i];
    if (!f.exported) continue;
    out.exports.push_back(
        ExportedFunc{"f" + std::to_string(i), f.params, f.results, f.folded_v128});
  }
  w.U8(7);
  mark = w.BeginSized();
  w.VarU32(static_cast<uint32_t>(out.exports.size()));
  for (const ExportedFunc& e : out.exports) {
    w.Name(e.name);
    w.U8(0);  // func
    w.VarU32(static_cast<uint32_t>(std::stoul(e.name.substr(1))));
  }
  w.EndSized(mark);

  // Element section: slot i holds function i, in either encoding: function indices
  // (flags 0) or one `ref.func i` expression per slot (flags 4).
  const bool elem_exprs = rng.Chance(50);
  w.U8(9);
  mark = w.BeginSized();
  w.VarU32(1);
  w.U8(elem_exprs ? 4 : 0);
  w.Op(Opcode::I32Const);
  w.VarS32(0);
  w.Op(Opcode::End);
  w.VarU32(num_funcs);
  for (uint32_t i = 0; i < num_funcs; ++i) {
    if (elem_exprs) w.Op(Opcode::RefFunc);
    w.VarU32(i);
    if (elem_exprs) w.Op(Opcode::End);
  }
  w.EndSized(mark);

  // Code section.
  w.U8(10);
  mark = w.BeginSized();
  w.VarU32(num_funcs);
  for (uint32_t i = 0; i < num_funcs; ++i) {
    binary::Writer body;
    GenerateBody(plan, i, rng, body);
    w.VarU32(static_cast<uint32_t>(body.size()));
    w.Raw(body.bytes());
  }
  w.EndSized(mark);

  // Data section: random bytes at address 0.
  w.U8(11);
  mark = w.BeginSized();
  w.VarU32(1);
  w.U8(0);
  w.Op(Opcode::I32Const);
  w.VarS32(0);
  w.Op(Opcode::End);
  w.VarU32(kDataBytes);
  for (uint32_t i = 0; i < kDataBytes; ++i) w.U8(static_cast<uint8_t>(rng.Next()));
  w.EndSized(mark);

  out.bytes = std::move(w.bytes());
  return out;
}

}  // namespace wr::diff
