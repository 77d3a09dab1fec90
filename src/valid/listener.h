// The contract between validation and everything that consumes a validated function body.
//
// The validator walks each function body once. After checking an instruction -- and BEFORE
// applying its effect to the operand and control stacks -- it calls
// FuncListener::OnInstr(instr, view). The view shows the stacks as they are before the
// instruction, which is exactly what a lowering pass needs: the operands are the top values,
// each with its type and its slot offset in the frame.
//
// Slots: the interpreter's frame is an array of 64-bit slots; a v128 takes two, everything else
// one. The frame layout is [params][declared locals][operand stack], so the local at index i
// lives at LocalSlot(i) and the operand stack starts at slot FrameBase() (= total slots of
// params and locals). Slot offsets reported here are frame-relative.
//
//   frame:  | p0 | p1 (v128) ... | l0 | l1 | ... | op0 | op1 | ... |
//           0                                    ^ FrameBase()   ^ SlotHeight()
//
// In unreachable code (after br, return, unreachable, throw, ...) the validator keeps checking
// with a polymorphic stack: popped operands may have unknown type (IsUnknown). A lowering pass
// emits nothing while Unreachable() is true, but still tracks block structure (block, loop,
// if, else, try_table, end) because those events arrive in unreachable code too.
#pragma once

#include <cstdint>
#include <span>

#include "binary/instr_reader.h"
#include "common/error.h"
#include "ir/module.h"
#include "ir/types.h"

namespace wr::valid {

// One entry of the validator's control stack.
struct ControlFrame {
  Opcode opcode = Opcode::Block;     // Block, Loop, If, Else (in the else arm), TryTable,
                                     // Try (legacy, in its body), Catch / CatchAll (in a
                                     // legacy catch clause: slot_height holds the caught
                                     // exnref, the clause's values start one slot above);
                                     // End marks the function's own frame (depth = last)
  std::span<const ValType> params;   // block type parameters
  std::span<const ValType> results;  // block type results
  uint32_t height = 0;               // operand stack height (values) at entry, params excluded
  uint32_t slot_height = 0;          // the same in slots (frame-relative, includes FrameBase())
  bool unreachable = false;          // the rest of this frame is unreachable code
  bool dead = false;                 // entered in unreachable code (or inside such a frame):
                                     // a lowering emits nothing for its instructions

  // The types a branch to this frame's label carries: params for a loop, results otherwise.
  std::span<const ValType> LabelTypes() const { return opcode == Opcode::Loop ? params : results; }
};

// Read-only view of the validator's state, valid during the listener call only.
class FuncView {
 public:
  virtual ~FuncView() = default;

  virtual const Module& module() const = 0;
  virtual uint32_t func_index() const = 0;  // in the function index space
  virtual const FuncType& func_type() const = 0;

  // Params then declared locals.
  virtual uint32_t num_locals() const = 0;
  virtual ValType LocalType(uint32_t local_index) const = 0;
  virtual uint32_t LocalSlot(uint32_t local_index) const = 0;
  virtual uint32_t FrameBase() const = 0;  // slots taken by params and locals

  // Operand stack (depth 0 = top). IsUnknown: a polymorphic value in unreachable code.
  virtual uint32_t Height() const = 0;      // number of values
  virtual uint32_t SlotHeight() const = 0;  // frame-relative slot just above the top value
  virtual ValType Operand(uint32_t depth) const = 0;
  virtual bool IsUnknown(uint32_t depth) const = 0;
  virtual uint32_t OperandSlot(uint32_t depth) const = 0;  // frame-relative slot of the value

  // Control stack (depth 0 = innermost; ControlDepth()-1 = the function frame).
  virtual uint32_t ControlDepth() const = 0;
  virtual const ControlFrame& Control(uint32_t depth) const = 0;
  bool Unreachable() const { return Control(0).unreachable; }
  // The current instruction is never executed: it follows a branch in its block, or its block
  // was entered in unreachable code. A lowering emits code exactly when this is false.
  bool Dead() const {
    const ControlFrame& c = Control(0);
    return c.unreachable || c.dead;
  }

  // Highest SlotHeight() reached so far in this function (final at EndFunction).
  virtual uint32_t MaxSlotHeight() const = 0;
};

// Receives the checked instructions of each function. All methods have empty defaults, so a
// plain FuncListener is the "validate only" listener.
class FuncListener {
 public:
  virtual ~FuncListener() = default;
  virtual void BeginFunction(const FuncView& /*view*/) {}
  // `instr` passed validation; `view` shows the state before its effect.
  virtual void OnInstr(const binary::Instr& /*instr*/, const FuncView& /*view*/) {}
  // A table indexed by Opcode (kOpcodeCount entries), nonzero for the opcodes whose OnInstr
  // does nothing whatever the state, or nullptr (the default: every instruction matters). The
  // validator checks those instructions on a fused decode-and-check path that builds no Instr
  // and does not call OnInstr. Return a table with static storage whose contents never change:
  // a validator caches what it derives from it by its address.
  virtual const uint8_t* IgnoredOpcodes() const { return nullptr; }
  // Called after the function's final `end` was checked. A listener that failed (e.g. a body
  // too large for its internal code) reports it here, which fails validation of the module.
  // The view then still has the function's frame (ControlDepth() == 1, not unreachable) and
  // the stack holds exactly the function's results.
  virtual Result<void> EndFunction(const FuncView& /*view*/) { return {}; }
};

}  // namespace wr::valid
