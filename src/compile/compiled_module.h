// CompiledModule: a validated module plus the internal code of each defined function.
//
// Produced once by CompileModule (validation and lowering in one pass over every body) and
// then immutable: instances of the same module share it (Instance::compiled keeps it alive,
// FuncInstance::code points into `funcs`).
//
// Frame layout of a compiled function (64-bit slots; a v128 takes two):
//
//   | params | declared locals | constants | operand stack ...        |
//   0        num_param_slots   const_base  const_base + consts.size()  frame_slots
//
// The caller writes the arguments into the first slots of the callee's frame (they are the
// top of its own operand stack, so nothing is copied); on entry the interpreter zeroes the
// declared locals and copies `consts` to const_base. The constants sit below the operand stack
// because a callee's frame overlaps the top of its caller's. Results are returned in slots
// 0..num_result_slots-1, which is where the caller's operand stack expects them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "ir/module.h"
#include "valid/validator.h"

namespace wr::compile {

struct CompiledFunction {
  uint32_t func_index = 0;  // in the module's function index space
  uint32_t type_index = 0;
  uint32_t num_param_slots = 0;
  uint32_t num_local_slots = 0;  // declared locals (zeroed on entry), after the params
  uint32_t num_result_slots = 0;
  uint32_t const_base = 0;       // first slot of the constant area (right after the locals)
  uint32_t frame_slots = 0;      // params + locals + constants + highest operand stack
  std::vector<uint32_t> code;    // internal code (compile/code.h)
  std::vector<uint64_t> consts;  // initial contents of the constant area

  // (code position, module byte offset) of each instruction, sorted by code position: maps
  // a trapping pc back to the wasm instruction for trap backtraces.
  std::vector<std::pair<uint32_t, uint32_t>> offsets;

  // The wasm byte offset of the instruction at code position `pc`, or 0 when unknown.
  uint32_t WasmOffset(uint32_t pc) const;
};

struct CompiledModule {
  Module module;
  std::vector<CompiledFunction> funcs;  // one per defined function (module.functions)
};

// Validates `module` and lowers every function body in the same pass.
Result<std::shared_ptr<const CompiledModule>> CompileModule(Module module,
                                                            const valid::Options& options);

// Human-readable listing of a function's internal code, for debugging and tests.
std::string Disassemble(const CompiledFunction& func);

}  // namespace wr::compile
