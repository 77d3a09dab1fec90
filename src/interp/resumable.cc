// Resumable calls (interpreter.h): an outermost call from the host that a host function it
// calls may suspend, and its resumption with that host function's results.
//
// The interpreter keeps its own frames (no C recursion for wasm->wasm calls), so a suspended
// call is just the store's interpreter stack left as it was: the activation's CallFrames, the
// value stack below `top`, and the frame stopped at the host call (InterpState::suspension).
#include <cstring>

#include "compile/compiled_module.h"
#include "interp/frame.h"
#include "interp/interpreter.h"

namespace wr::interp {

namespace {

unsigned SlotCount(const std::vector<ValType>& types) {
  unsigned n = 0;
  for (const ValType& t : types) n += t.slots();
  return n;
}

InterpState* ExistingState(Store& store) {
  auto* st = static_cast<InterpState*>(store.interp_state().get());
  return st != nullptr && st->ok() ? st : nullptr;
}

// After Run returned for the activation of `entry` at `entry_fp`: finished (results copied
// out), suspended (the state keeps the stack) or trapped.
Expected<CallStatus, Trap> Finish(Store& store, InterpState& st, bool ok, FuncInstance* entry,
                                  uint64_t* entry_fp, std::span<uint64_t> results) {
  if (ok) {
    st.resumable = false;
    st.top = entry_fp;
    for (size_t i = 0; i < results.size(); ++i) results[i] = entry_fp[i];
    if (entry->code->result_refs) store.HostEscape(entry->type->results, results.data());
    return CallStatus::Finished;
  }
  if (st.trap.code == TrapCode::None) {  // Run's "suspended"
    st.suspension.entry = entry;
    st.suspension.entry_fp = entry_fp;
    return CallStatus::Suspended;
  }
  st.resumable = false;
  st.top = entry_fp;
  Trap trap = std::move(st.trap);
  st.trap = Trap();
  return Unexpected(std::move(trap));
}

}  // namespace

Expected<CallStatus, Trap> InvokeResumable(Store& store, FuncInstance* func,
                                           std::span<const uint64_t> args,
                                           std::span<uint64_t> results) {
  InterpState* st = GetState(store);
  if (st != nullptr && st->suspension.active) {
    return Unexpected(Trap::Host(kStoreSuspended));
  }
  if (func->is_host() || st == nullptr || !st->frames.empty()) {
    // A host function has no wasm frames to keep, and a call from inside a host function is
    // not outermost: both run as plain calls, which nothing can suspend.
    auto r = Invoke(store, func, args, results);
    if (!r) return Unexpected(std::move(r).error());
    return CallStatus::Finished;
  }
  const compile::CompiledFunction& code = *func->code;
  if (!code.lowered.load(std::memory_order_acquire)) {
    if (Trap trap; !LowerCode(&code, &trap)) return Unexpected(std::move(trap));
  }
  if (args.size() != code.num_param_slots || results.size() != code.num_result_slots) {
    return Unexpected(Trap::Host("Invoke: argument or result count does not match the type"));
  }
  uint64_t* fp = st->top;
  if (static_cast<uint64_t>(st->end - fp) < code.frame_slots || st->frames.full()) {
    return Unexpected(Trap(TrapCode::CallStackExhausted));
  }
  for (size_t i = 0; i < args.size(); ++i) fp[i] = args[i];
  st->resumable = true;
  st->suspend_requested = false;
  st->frames.push_back(CallFrame{nullptr, nullptr, nullptr});
  const bool ok = Run(store, *st, func, fp, &st->trap, nullptr);
  return Finish(store, *st, ok, func, fp, results);
}

Expected<CallStatus, Trap> Resume(Store& store, std::span<const uint64_t> host_results,
                                  std::span<uint64_t> results) {
  InterpState* st = ExistingState(store);
  if (st == nullptr || !st->suspension.active) {
    return Unexpected(Trap::Host("resume: the store has no suspended call"));
  }
  const Suspension s = st->suspension;
  if (host_results.size() != SlotCount(s.host->type->results) ||
      results.size() != s.entry->code->num_result_slots) {
    return Unexpected(Trap::Host("resume: result count does not match the type"));
  }
  for (size_t i = 0; i < host_results.size(); ++i) s.results[i] = host_results[i];
  st->suspension = Suspension();
  st->resumable = true;
  st->suspend_requested = false;
  if (!s.tail) {
    const bool ok = Run(store, *st, s.fn, s.fp, &st->trap, &s);
    return Finish(store, *st, ok, s.entry, s.entry_fp, results);
  }
  // A return_call to the host: the frame returns the host's results to its caller, as the
  // loop's do_return would (kept out of the loop: see Run's entry).
  std::memmove(s.fp, s.results, s.fn->code->num_result_slots * sizeof(uint64_t));
  const CallFrame caller = st->frames.back();
  st->frames.pop_back();
  if (caller.ret_pc == nullptr) return Finish(store, *st, true, s.entry, s.entry_fp, results);
  Suspension at_caller = s;
  at_caller.fn = caller.func;
  at_caller.fp = caller.fp;
  at_caller.resume_pc = caller.ret_pc;
  at_caller.tail = false;
  const bool ok = Run(store, *st, caller.func, caller.fp, &st->trap, &at_caller);
  return Finish(store, *st, ok, s.entry, s.entry_fp, results);
}

void DropSuspended(Store& store) {
  InterpState* st = ExistingState(store);
  if (st == nullptr || !st->suspension.active) return;
  st->top = st->suspension.entry_fp;
  st->frames.clear();
  st->suspension = Suspension();
  st->resumable = false;
  st->suspend_requested = false;
}

const FuncInstance* SuspendedHost(Store& store) {
  InterpState* st = ExistingState(store);
  return st != nullptr && st->suspension.active ? st->suspension.host : nullptr;
}

const char* RequestSuspend(Store& store) {
  InterpState* st = ExistingState(store);
  if (st == nullptr || st->host_calls.empty()) {
    return "cannot suspend: the host function was not called from wasm";
  }
  if (!st->resumable) {
    return "cannot suspend: the call into wasm was not started as resumable "
           "(Func::CallResumable, wasmrun_func_call_resumable)";
  }
  if (st->host_calls.size() != 1) {
    return "cannot suspend: another host function is between this one and the resumable call "
           "(host -> wasm -> host -> wasm -> host); only a host function called by the "
           "outermost wasm activation can suspend";
  }
  st->suspend_requested = true;
  return nullptr;
}

}  // namespace wr::interp
