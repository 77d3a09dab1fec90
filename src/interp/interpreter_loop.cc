// The interpreter loop: one function, registers in locals, handlers in interpreter_*.inc.
//
// Dispatch: with WR_DISPATCH_GOTO each handler ends by jumping through a table of label
// addresses (computed goto); otherwise through one `switch`. The handler bodies are the same
// either way (WR_CASE / WR_NEXT).
//
// Invariants inside the loop:
//   pc    points at the op word of the instruction being executed (handlers advance it)
//   fp    the current frame (slot 0 = first parameter)
//   fn    the running FuncInstance; inst = fn->instance
//   mem_base/mem_size  memory 0 of inst; reloaded after every call, return and memory.grow
//                      (a callee or host may grow it, and a small reservation may move it)
// A trap jumps to `trap` with pc still at the trapping instruction.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "compile/code.h"
#include "compile/compiled_module.h"
#include "interp/frame.h"
#include "interp/gc_ops.h"
#include "interp/mem_access.h"
#include "interp/numerics.h"
#include "interp/simd.h"
#include "interp/slots.h"

namespace wr::interp {

using compile::CompiledFunction;
using compile::IOp;

namespace {

// Zeroes the callee's locals and copies its constant area in: one copy of frame_init (the
// locals' zeros, then the constants) for the usual few locals, as a plain loop (the file is
// compiled without -ftree-loop-distribute-patterns, which would turn it back into a call of
// memcpy, ~11% of a call-heavy run); the library only for large ones.
WR_ALWAYS_INLINE void EnterFrame(uint64_t* fp, const CompiledFunction* code) {
  uint64_t* dst = fp + code->num_param_slots;
  const uint32_t nlocals = code->num_local_slots;
  if (WR_UNLIKELY(nlocals > CompiledFunction::kInitZeros)) {
    std::memset(dst, 0, nlocals * sizeof(uint64_t));
    dst += nlocals;
  }
  const auto n = static_cast<uint32_t>(code->frame_init.size());
  const uint64_t* src = code->frame_init.data();
  if (WR_UNLIKELY(n > 2 * CompiledFunction::kInitZeros)) {
    std::memcpy(dst, src, n * sizeof(uint64_t));
  } else {
    for (uint32_t i = 0; i < n; ++i) dst[i] = src[i];
  }
}

// Whether a frame of `slots` slots at `frame` ends at or before `end`: as addresses (one add
// and a compare, where the distance in slots takes a subtract and a shift), in integers (a
// pointer past the stack's end would be undefined).
WR_ALWAYS_INLINE bool FrameFits(const uint64_t* frame, uint32_t slots, const uint64_t* end) {
  return reinterpret_cast<uintptr_t>(frame) + uintptr_t{slots} * sizeof(uint64_t) <=
         reinterpret_cast<uintptr_t>(end);
}

// call_indirect's checks: the element exists, is not null, and has the expected type.
WR_ALWAYS_INLINE bool ResolveIndirect(Store& store, Instance* inst, uint32_t type_index,
                                      uint32_t table, uint64_t i, FuncInstance** callee,
                                      TrapCode* code, Trap* out) {
  const TableInstance* t = inst->tables[table];
  if (WR_UNLIKELY(i >= t->elems.size())) {
    *code = TrapCode::UndefinedElement;
    return false;
  }
  const Ref r = t->elems[i];
  if (WR_UNLIKELY(r == kNullRef)) {
    *code = TrapCode::UninitializedElement;
    out->detail = std::to_string(i);  // the spec suite's "uninitialized element 2"
    return false;
  }
  auto* f = static_cast<FuncInstance*>(FromRef(r));
  if (WR_UNLIKELY(inst->type_ids.empty())) FillTypeIds(store, inst);
  // Equal ids are the common case; otherwise the callee's type may still be a declared
  // subtype of the expected one.
  const uint32_t want = inst->type_ids[type_index];
  if (WR_UNLIKELY(f->type_id != want) && !store.types().IsSubtype(f->type_id, want)) {
    *code = TrapCode::IndirectCallTypeMismatch;
    return false;
  }
  *callee = f;
  return true;
}

// A host function that failed with an exception (an API host throwing, or a nested call's
// uncaught exception passed on) throws it into wasm: takes it out of `trap` into `exn`.
bool TakeHostException(Trap* trap, ExnObject** exn) {
  if (trap->code != TrapCode::UncaughtException || trap->exception == kNullRef) return false;
  *exn = static_cast<ExnObject*>(FromRef(trap->exception));
  *trap = Trap();
  return true;
}

}  // namespace

bool Run(Store& store, InterpState& st, FuncInstance* fn, uint64_t* fp, Trap* out,
         const Suspension* resume) {
  const uint32_t* pc = fn->code->code.data();
  Instance* inst = fn->instance;
  MemoryInstance* mem0 = nullptr;
  uint8_t* mem_base = nullptr;
  uint64_t mem_size = 0;
  TrapCode trap_code = TrapCode::None;
  // Operands of the shared call path (do_call).
  FuncInstance* callee = nullptr;
  uint64_t* call_args = nullptr;
  const uint32_t* call_ret = nullptr;
  // The exception being thrown (do_throw).
  ExnObject* exn = nullptr;

#define WR_LOAD_INSTANCE()                                       \
  do {                                                           \
    inst = fn->instance;                                         \
    mem0 = inst->memories.empty() ? nullptr : inst->memories[0]; \
    mem_base = mem0 ? mem0->data() : nullptr;                    \
    mem_size = mem0 ? mem0->size() : 0;                          \
  } while (0)
#define WR_RELOAD_MEMORY()     \
  do {                         \
    if (mem0) {                \
      mem_base = mem0->data(); \
      mem_size = mem0->size(); \
    }                          \
  } while (0)
#define WR_TRAP(code)   \
  do {                  \
    trap_code = (code); \
    goto trap;          \
  } while (0)
#define WR_TRAP_IF(cond, code)            \
  do {                                    \
    if (WR_UNLIKELY(cond)) WR_TRAP(code); \
  } while (0)
#define S(i) (fp + pc[i])
#define U32(i) static_cast<uint32_t>(fp[pc[i]])
#define U64(i) (fp[pc[i]])

  WR_LOAD_INSTANCE();
  if (WR_UNLIKELY(resume != nullptr)) {
    // A suspended call goes on after its host call, whose results are in place. (Resume has
    // already returned from a frame that tail-called the host: a jump from here into
    // do_return made the compiler keep pc and fp out of registers in every handler, +50-100%
    // instructions on fib, memops and vm.)
    pc = resume->resume_pc;
  } else {
    EnterFrame(fp, fn->code);
  }

#if WR_DISPATCH_GOTO
#define WR_LABEL_ENTRY(name) &&L_##name,
  static const void* const kLabels[compile::kIOpCount] = {
#define WR_OP(name, prefix, code, text, imm, sig, feature) \
  WR_IF_GENERIC(imm, sig, WR_LABEL_ENTRY, name)
#include "ir/opcodes.def"
#undef WR_OP
#define WR_IOP(name, text, layout) &&L_##name,
#include "compile/code.def"
#undef WR_IOP
  };
#undef WR_LABEL_ENTRY
#define WR_CASE(name) L_##name:
#define WR_NEXT() goto* kLabels[*pc]
  WR_NEXT();
#else
#define WR_CASE(name) case IOp::name:
#define WR_NEXT() goto dispatch
dispatch:
  switch (static_cast<IOp>(*pc)) {
#endif

#include "interp/interpreter_control.inc"
#include "interp/interpreter_gc.inc"
#include "interp/interpreter_memory.inc"
#include "interp/interpreter_numeric.inc"

#if !WR_DISPATCH_GOTO
}
// Not reached: the lowering emits only known ops.
WR_TRAP(TrapCode::Unreachable);
#endif

do_call :
    // callee, call_args (its frame) and call_ret (where the caller continues) are set.
    if (callee->is_host()) {
  if (!CallHost(st, callee, {fn, fp, pc}, call_args, fp + fn->code->frame_slots, out)) {
    if (!TakeHostException(out, &exn)) goto trap_set;
    pc = call_ret - 1;  // thrown at the call: this frame's handlers around it may catch it
    goto do_throw;
  }
  if (WR_UNLIKELY(st.suspend_requested) && st.host_calls.empty()) {
    // The host function suspended the outermost activation (RequestSuspend): stop here.
    st.suspend_requested = false;
    st.suspension =
        Suspension{true, nullptr, nullptr, fn, fp, pc, call_ret, call_args, callee, false};
    return false;
  }
  pc = call_ret;
  WR_RELOAD_MEMORY();
  WR_NEXT();
}
{
  const CompiledFunction* code = callee->code;
  if (WR_UNLIKELY(!code->lowered.load(std::memory_order_acquire)) && !LowerCode(code, out)) {
    goto trap_set;
  }
  if (WR_UNLIKELY(!FrameFits(call_args, code->frame_slots, st.end) || st.frames.full())) {
    WR_TRAP(TrapCode::CallStackExhausted);
  }
  st.frames.push_back(CallFrame{call_ret, fp, fn});
  fp = call_args;
  fn = callee;
  if (fn->instance != inst) {
    WR_LOAD_INSTANCE();
  }
  EnterFrame(fp, code);
  pc = code->code.data();
  WR_NEXT();
}

do_tail_call :
    // callee and call_args are set; the callee replaces the current frame.
    if (callee->is_host()) {
  if (!CallHost(st, callee, {fn, fp, pc}, call_args, fp + fn->code->frame_slots, out)) {
    if (!TakeHostException(out, &exn)) goto trap_set;
    // A tail call has left this frame, and its try_table blocks with it: the caller catches.
    const CallFrame& frame = st.frames.back();
    if (frame.ret_pc == nullptr) {
      out->exception = ToRef(exn);
      WR_TRAP(TrapCode::UncaughtException);
    }
    pc = frame.ret_pc - 1;
    fp = frame.fp;
    fn = frame.func;
    st.frames.pop_back();
    goto do_throw;
  }
  if (WR_UNLIKELY(st.suspend_requested) && st.host_calls.empty()) {
    st.suspend_requested = false;
    st.suspension =
        Suspension{true, nullptr, nullptr, fn, fp, pc, nullptr, call_args, callee, true};
    return false;
  }
  std::memmove(fp, call_args, fn->code->num_result_slots * sizeof(uint64_t));
  WR_RELOAD_MEMORY();  // the host function may have grown (moved) it; do_return does not reload
  goto do_return;
}
{
  const CompiledFunction* code = callee->code;
  if (WR_UNLIKELY(!code->lowered.load(std::memory_order_acquire)) && !LowerCode(code, out)) {
    goto trap_set;
  }
  WR_TRAP_IF(!FrameFits(fp, code->frame_slots, st.end), TrapCode::CallStackExhausted);
  std::memmove(fp, call_args, code->num_param_slots * sizeof(uint64_t));
  fn = callee;
  EnterFrame(fp, code);
  pc = code->code.data();
  if (fn->instance != inst) {
    WR_LOAD_INSTANCE();
  }
  WR_NEXT();
}

do_return : {
  const CallFrame& frame = st.frames.back();
  if (WR_UNLIKELY(frame.ret_pc == nullptr)) {
    st.frames.pop_back();
    return true;
  }
  pc = frame.ret_pc;
  fp = frame.fp;
  fn = frame.func;
  st.frames.pop_back();
  // Within one instance the memory registers are already current: every way a callee can
  // grow (or, with small reservations, move) the memory reloads them where it happens
  // (memory.grow and its metered form, after each host call), and a callee in another
  // instance is left through the reload below.
  if (fn->instance != inst) {
    WR_LOAD_INSTANCE();
  }
  WR_NEXT();
}

do_throw :
    // exn is set; pc is at the throw (or, in callers, inside the call it unwinds through). Find
    // the innermost try_table handler around pc with a matching clause, frame by frame.
    for (;;) {
  const CompiledFunction* code = fn->code;
  const auto at = static_cast<uint32_t>(pc - code->code.data());
  for (size_t h = code->maps->handlers.size(); h-- > 0;) {
    const CompiledFunction::Handler& handler = code->maps->handlers[h];
    if (at < handler.begin || at >= handler.end) continue;
    if (handler.delegate != CompiledFunction::Handler::kNoDelegate) {
      h = handler.delegate;  // a legacy `delegate`: on with the handlers around its target
      continue;
    }
    for (uint32_t k = 0; k < handler.num_clauses; ++k) {
      using Kind = CompiledFunction::CatchClause::Kind;
      const CompiledFunction::CatchClause& clause = code->maps->clauses[handler.first_clause + k];
      const bool any = clause.kind == Kind::CatchAll || clause.kind == Kind::CatchAllRef ||
                       clause.kind == Kind::LegacyCatchAll;
      if (!any && fn->instance->tags[clause.tag] != exn->tag) continue;
      uint64_t* dst = fp + handler.base_slot;
      if (clause.kind == Kind::LegacyCatch || clause.kind == Kind::LegacyCatchAll) {
        *dst++ = ToRef(exn);  // kept for rethrow, below the payload
      }
      if (!any) dst = std::copy_n(exn->payload(), exn->num_slots, dst);
      if (clause.kind == Kind::CatchRef || clause.kind == Kind::CatchAllRef) *dst = ToRef(exn);
      pc = code->code.data() + clause.stub;
      if (fn->instance != inst) {
        WR_LOAD_INSTANCE();
      } else {
        WR_RELOAD_MEMORY();  // a callee it unwound through may have grown it
      }
      WR_NEXT();
    }
  }
  // Not caught in this frame: continue in the caller, at its call.
  const CallFrame& frame = st.frames.back();
  if (frame.ret_pc == nullptr) {
    out->exception = ToRef(exn);  // the host sees what was thrown (and may rethrow it)
    WR_TRAP(TrapCode::UncaughtException);
  }
  pc = frame.ret_pc - 1;
  fp = frame.fp;
  fn = frame.func;
  st.frames.pop_back();
}

trap : out->code = trap_code;
trap_set :
    // Innermost first: the trapping function, then each caller at its call instruction.
    AddTrapFrame(out, fn, pc);
while (st.frames.back().ret_pc != nullptr) {
  const CallFrame frame = st.frames.back();
  st.frames.pop_back();
  AddTrapFrame(out, frame.func, frame.ret_pc - 1);
}
st.frames.pop_back();
return false;

#undef WR_LOAD_INSTANCE
#undef WR_RELOAD_MEMORY
#undef WR_TRAP
#undef WR_TRAP_IF
#undef S
#undef U32
#undef U64
#undef WR_CASE
#undef WR_NEXT
}

}  // namespace wr::interp
