// CompiledModule: a validated module plus the internal code of each defined function.
//
// Produced by CompileModule, which validates the whole module eagerly (the spec demands it) but
// lowers each function lazily, on its first call (EnsureLowered): start-up pays only for what
// a run needs. Apart from that one-time lowering, which is internally synchronized, it is
// immutable: instances of the same module share it (Instance::compiled keeps it alive,
// FuncInstance::code points into `funcs`). Threads: any number of threads (each with its own
// store) may run one CompiledModule at once; a lazily lowered function is published with a
// release store of `lowered`, read with acquire, and lowered under `lower_mutex` (never
// half-built).
//
// Frame layout of a compiled function (64-bit slots; a v128 takes two):
//
//   | params | declared locals | constants | (unread) | operand stack ...      |
//   0        num_param_slots   const_base  const_base + constants().size()   frame_slots
//
// (The lowering lays the operand stack out above every constant that entered the area; those
// that fusion folded into immediates are dropped from the constants afterwards, and their slots
// stay unused.)
// The caller writes the arguments into the first slots of the callee's frame (they are the
// top of its own operand stack, so nothing is copied); on entry the interpreter zeroes the
// declared locals and copies the constants to const_base (both from frame_init, one copy
// for the usual few locals). The constants sit below the operand stack
// because a callee's frame overlaps the top of its caller's. Results are returned in slots
// 0..num_result_slots-1, which is where the caller's operand stack expects them.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/prefault.h"
#include "debuginfo/module_lines.h"
#include "ir/module.h"
#include "valid/validator.h"

namespace wr::compile {

struct CompiledModule;

// Modules with at most this many bytes of function bodies are lowered during validation, in
// one pass: a small program runs most of its code, and a second pass per function would cost
// more than lowering what it never calls. Larger ones are lowered lazily.
inline constexpr uint64_t kEagerLoweringMaxCodeBytes = 64 * 1024;

struct CompileOptions {
  // Emit a check (IOp::Check) at every function entry and loop header: it traps when the
  // store's interrupt flag is set or its fuel runs out, so that an embedder can bound the time
  // untrusted code runs. Bulk ops (fill, copy, init, grow, array.new*) are then run out of
  // line (IOp::Metered), paying fuel in proportion to their length and checking the flag
  // between chunks. Without it the code has no checks and costs nothing extra.
  bool interruptible = false;
  // See kEagerLoweringMaxCodeBytes (tests pass 0 to force lazy lowering).
  uint64_t eager_lowering_max_code_bytes = kEagerLoweringMaxCodeBytes;
};

struct CompiledFunction {
  // Everything below `lowered` is filled when the function is lowered; read it only after
  // EnsureLowered succeeded (or `lowered` was seen true with acquire ordering).
  // (The fields are ordered so that none needs padding: a module's thousands of functions
  // each have one, lowered or not.)
  std::atomic<bool> lowered{false};
  bool result_refs = false;    // some result is a reference (the host entry marks it escaped)
  uint32_t defined_index = 0;  // among the module's defined functions
  const CompiledModule* owner = nullptr;

  uint32_t func_index = 0;  // in the module's function index space
  uint32_t type_index = 0;
  uint32_t num_param_slots = 0;
  uint32_t num_local_slots = 0;  // declared locals (zeroed on entry), after the params
  uint32_t num_result_slots = 0;
  uint32_t const_base = 0;     // first slot of the constant area (right after the locals)
  uint32_t frame_slots = 0;    // params + locals + constants + highest operand stack
  std::vector<uint32_t> code;  // internal code (compile/code.h)
  // What a call writes into the new frame above the arguments, in one copy: zeros for the
  // declared locals when there are at most kInitZeros of them (a larger run is zeroed apart),
  // then the constant area's initial contents. (While the function is lowered it holds the
  // constants only; Lowering::EndFunction puts the zeros in front.)
  std::vector<uint64_t> frame_init;
  static constexpr uint32_t kInitZeros = 16;
  // The declared locals' zeros at the start of frame_init.
  uint32_t init_zeros() const { return num_local_slots <= kInitZeros ? num_local_slots : 0; }
  // The constant area's initial contents (the end of frame_init).
  std::span<const uint64_t> constants() const {
    return std::span<const uint64_t>(frame_init).subspan(init_zeros());
  }

  // try_table handlers, innermost last among those that nest (search from the back). A
  // throw at code position p (or a call at p that an exception unwinds through) is caught by
  // a handler with begin <= p < end whose clause matches: the payload is written to slots
  // base_slot.. (then the exnref, for the _ref clauses) and execution goes on at the stub.
  //
  // Legacy try blocks (try ... catch ... end) are handlers too: their body is the range, their
  // clauses are LegacyCatch / LegacyCatchAll, which write the exnref at base_slot and the
  // payload after it (the catch clause keeps the exception there for `rethrow`), and the stub
  // is the clause's code itself. A `try ... delegate` is a handler without clauses whose
  // `delegate` names where the search goes on: handlers[delegate - 1] and those before it, or
  // the caller for 0.
  struct CatchClause {
    enum class Kind : uint8_t {
      Catch,
      CatchRef,
      CatchAll,
      CatchAllRef,
      LegacyCatch,
      LegacyCatchAll
    };
    Kind kind = Kind::Catch;
    uint32_t tag = 0;   // in the module's tag index space (Catch, CatchRef)
    uint32_t stub = 0;  // code position of the copies and jump to the clause's label
  };
  struct Handler {
    uint32_t begin = 0, end = 0;
    uint32_t base_slot = 0;
    uint32_t first_clause = 0, num_clauses = 0;  // in `clauses`
    static constexpr uint32_t kNoDelegate = UINT32_MAX;
    uint32_t delegate = kNoDelegate;
  };

  // Stack maps for the collector (compile/stack_maps.cc). A safepoint is an instruction at
  // which a collection may run: an allocation (struct.new*, array.new*, throw) or a call
  // (every callee may allocate). For each, the frame slots of the operand stack that hold
  // references to possibly collected objects while it runs: for an allocation its operands
  // and everything below them, for a call only what lies below its arguments (those belong to
  // the callee's frame). Safepoints without such slots are left out. Reference-typed params
  // and locals (`ref_locals`) are live at every safepoint. Looked up only during a collection.
  struct Safepoint {
    uint32_t pos = 0;           // code position of the instruction's op word
    uint32_t first = 0, n = 0;  // in safepoint_slots
  };
  // The reference slots of the frame while it is stopped inside the instruction that covers
  // code position `pos` (a safepoint: its op word or, for a caller, any word of its call).
  std::span<const uint32_t> StackMapAt(uint32_t pos) const;

  // What only exception handling, the collector and trap backtraces read, apart: a module's
  // thousands of functions of which few ever run then take 104 bytes each rather than 248.
  // Allocated by the lowering (null until then).
  struct Maps {
    std::vector<Handler> handlers;
    std::vector<CatchClause> clauses;
    std::vector<Safepoint> safepoints;  // sorted by pos
    std::vector<uint32_t> safepoint_slots;
    std::vector<uint32_t> ref_locals;
    // (code position, module byte offset) of each instruction, sorted by code position: maps
    // a trapping pc back to the wasm instruction for trap backtraces.
    std::vector<std::pair<uint32_t, uint32_t>> offsets;
  };
  std::unique_ptr<Maps> maps;

  // The wasm byte offset of the instruction at code position `pc`, or 0 when unknown.
  uint32_t WasmOffset(uint32_t pc) const;
};

struct CompiledModule {
  Module module;
  valid::Options options;
  CompileOptions compile_options;
  // One per defined function (module.functions); sized once, never reallocated (the entries
  // are not movable and FuncInstance::code points at them).
  // Prefaulted: written whole at once (a module may have thousands of functions).
  std::vector<CompiledFunction, PrefaultAllocator<CompiledFunction>> funcs;

  // Lazy lowering state (EnsureLowered): re-validates one body with the lowering listener.
  mutable std::mutex lower_mutex;
  mutable std::unique_ptr<valid::BodyValidator> body_validator;

  // Source lines of trap backtraces: .debug_line, decoded at the first lookup.
  debuginfo::ModuleLines lines;
};

// Validates `module` completely. Whether each body can be lowered (no instruction the
// interpreter does not run yet, frame within limits) is checked in the same pass, so that
// lowering later cannot fail; the lowering itself waits for EnsureLowered.
Result<std::shared_ptr<const CompiledModule>> CompileModule(
    Module module, const valid::Options& options, const CompileOptions& compile_options = {});

// Lowers `func` unless it already is. Thread-safe; cheap once lowered. Fails only if the
// lowering hits a case CompileModule's screen did not rule out (a bug).
Result<void> EnsureLowered(const CompiledFunction& func);

// Human-readable listing of a function's internal code, for debugging and tests.
std::string Disassemble(const CompiledFunction& func);

}  // namespace wr::compile
