#include "diff/wasmrun_side.h"

#include <span>

#include "wasmrun/wasmrun.hpp"

namespace wr::diff {
namespace {

// The spec's trap messages, which is also what harness.cjs maps V8's messages to.
std::string TrapLine(const wasmrun::Trap& trap) {
  switch (trap.kind) {
    case wasmrun::TrapKind::Unreachable: return "trap unreachable";
    case wasmrun::TrapKind::IntegerDivideByZero: return "trap integer divide by zero";
    case wasmrun::TrapKind::IntegerOverflow: return "trap integer overflow";
    case wasmrun::TrapKind::InvalidConversion: return "trap invalid conversion to integer";
    case wasmrun::TrapKind::MemoryOutOfBounds: return "trap out of bounds memory access";
    case wasmrun::TrapKind::CallStackExhausted: return "trap call stack exhausted";
    case wasmrun::TrapKind::UndefinedElement: return "trap undefined element";
    case wasmrun::TrapKind::IndirectCallTypeMismatch: return "trap indirect call type mismatch";
    default: return "trap " + trap.message;
  }
}

wasmrun::Value ToValue(const Arg& a) {
  switch (a.kind) {
    case ValKind::I32: return wasmrun::Value::FromI32(static_cast<int32_t>(a.bits));
    case ValKind::I64: return wasmrun::Value::FromI64(static_cast<int64_t>(a.bits));
    case ValKind::F32: return wasmrun::Value::FromF32Bits(static_cast<uint32_t>(a.bits));
    default: return wasmrun::Value::FromF64Bits(a.bits);
  }
}

std::string Format(const wasmrun::Value& v) {
  switch (v.type().kind()) {
    case wasmrun::ValType::Kind::I32:
      return FormatValue(ValKind::I32, static_cast<uint32_t>(v.i32()));
    case wasmrun::ValType::Kind::I64:
      return FormatValue(ValKind::I64, static_cast<uint64_t>(v.i64()));
    case wasmrun::ValType::Kind::F32: return FormatValue(ValKind::F32, v.f32_bits());
    case wasmrun::ValType::Kind::F64: return FormatValue(ValKind::F64, v.f64_bits());
    default: return "unexpected:" + v.ToString();
  }
}

}  // namespace

std::vector<std::string> RunInWasmrun(const std::vector<uint8_t>& bytes,
                                      const std::vector<Call>& calls) {
  std::vector<std::string> lines;
  wasmrun::Engine engine;
  auto module = wasmrun::Module::FromBinary(engine, std::span<const uint8_t>(bytes));
  if (!module) {
    const std::string line = "error compile: " + module.error().ToString();
    lines.assign(calls.size(), line);
    return lines;
  }
  for (const Call& call : calls) {
    wasmrun::Store store(engine);
    wasmrun::Linker linker(store);
    auto instance = linker.Instantiate(*module);
    if (!instance) {
      lines.push_back("error instantiate: " + instance.error().ToString());
      continue;
    }
    auto func = instance->GetFunc(call.name);
    if (!func) {
      lines.push_back("error no export " + call.name);
      continue;
    }
    std::vector<wasmrun::Value> args;
    for (const Arg& a : call.args) args.push_back(ToValue(a));
    auto results = func->Call(std::span<const wasmrun::Value>(args));
    if (!results) {
      lines.push_back(TrapLine(results.error()));
      continue;
    }
    std::string line = "ok";
    for (const wasmrun::Value& v : *results) line += " " + Format(v);
    lines.push_back(line);
  }
  return lines;
}

}  // namespace wr::diff
