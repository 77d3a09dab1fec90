// Invoke (the entry from the host) and the cold helpers of the interpreter loop.
#include "interp/interpreter.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

#include "common/compiler.h"
#include "compile/compiled_module.h"
#include "interp/drop.h"
#include "interp/frame.h"

namespace wr::interp {

InterpState::InterpState(const StoreLimits& limits) {
  const uint64_t slots = limits.max_stack_slots ? limits.max_stack_slots : 1;
  reserved_bytes = static_cast<size_t>(slots * sizeof(uint64_t));
  // Reserved lazily by the kernel: only the pages a program touches are committed.
  void* p = mmap(nullptr, reserved_bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p != MAP_FAILED) {
    begin = static_cast<uint64_t*>(p);
    end = begin + slots;
    top = begin;
  }
  frames.Reserve(limits.max_call_depth);
}

InterpState::~InterpState() {
  if (begin) munmap(begin, reserved_bytes);
}

bool FrameStack::Reserve(uint32_t max_frames) {
  bytes_ = size_t{std::max(max_frames, 1u)} * sizeof(CallFrame);  // mmap takes no length 0
  void* p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    bytes_ = 0;
    return false;
  }
  base_ = top_ = static_cast<CallFrame*>(p);
  limit_ = base_ + max_frames;
  return true;
}

FrameStack::~FrameStack() {
  if (base_ != nullptr) munmap(base_, bytes_);
}

InterpState* GetState(Store& store) {
  std::shared_ptr<void>& p = store.interp_state();
  if (!p) {
    auto st = std::make_shared<InterpState>(store.limits());
    st->store = &store;
    store.set_gc_root_source(st.get());
    p = std::move(st);
  }
  auto* st = static_cast<InterpState*>(p.get());
  return st->ok() ? st : nullptr;
}

namespace {

unsigned SlotCount(const std::vector<ValType>& types) {
  unsigned n = 0;
  for (const ValType& t : types) n += t.slots();
  return n;
}

}  // namespace

bool CallHost(InterpState& st, FuncInstance* callee, const SuspendedFrame& frame, uint64_t* args,
              uint64_t* frame_end, Trap* trap) {
  Instance* caller = frame.fn->instance;
  const unsigned num_args = SlotCount(callee->type->params);
  const unsigned num_results = SlotCount(callee->type->results);
  // Arguments and results share the caller's slots; the host sees a stable copy of the
  // arguments while it writes results.
  uint64_t small[16];
  std::vector<uint64_t> large;
  uint64_t* copy = small;
  if (num_args > 16) {
    large.assign(args, args + num_args);
    copy = large.data();
  } else {
    std::memcpy(small, args, num_args * sizeof(uint64_t));
  }
  uint64_t* saved_top = st.top;
  st.top = frame_end;  // a nested Invoke runs above the caller's frame
  st.store->HostEscape(callee->type->params, copy);
  if (st.host_calls.empty())
    st.native_base = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  st.host_calls.push_back(HostCall{frame, callee, copy});
  HostContext ctx;
  ctx.memory = caller ? caller->host_memory : nullptr;
  ctx.caller = caller;
  auto r = callee->host->fn(ctx, std::span<const uint64_t>(copy, num_args),
                            std::span<uint64_t>(args, num_results));
  st.host_calls.pop_back();
  st.top = saved_top;
  if (!r) {
    st.suspend_requested = false;  // a host function that asked to suspend, then failed
    *trap = std::move(r).error();
    if (trap->code == TrapCode::None) trap->code = TrapCode::HostError;
    return false;
  }
  return true;
}

void AddTrapFrame(Trap* trap, const FuncInstance* func, const uint32_t* pc) {
  TrapFrame frame;
  frame.func_index = func->func_index;
  if (func->instance && func->instance->module) {
    frame.compiled = func->instance->compiled;
    frame.module_name = func->instance->module->module_name;
    const auto& names = func->instance->module->func_names;
    if (auto it = names.find(func->func_index); it != names.end()) frame.func_name = it->second;
    const Module& m = *func->instance->module;
    const uint64_t defined = uint64_t{func->func_index} - m.num_imported_funcs;
    if (func->func_index >= m.num_imported_funcs && defined < m.functions.size()) {
      frame.func_start = m.functions[defined].body_start;
    }
  }
  if (func->code && pc) {
    frame.offset = func->code->WasmOffset(static_cast<uint32_t>(pc - func->code->code.data()));
  }
  trap->frames.push_back(std::move(frame));
}

void FillTypeIds(Store& store, Instance* instance) {
  instance->type_ids = store.types().InternModule(*instance->module);
}

bool LowerCode(const compile::CompiledFunction* code, Trap* trap) {
  if (code == &DroppedFunctionCode()) {
    trap->code = TrapCode::InstanceDropped;
    return false;
  }
  auto r = compile::EnsureLowered(*code);
  if (r) return true;
  trap->code = TrapCode::HostError;
  trap->detail = "cannot lower function: " + r.error().ToString();
  return false;
}

namespace {

Expected<void, Trap> CountMismatch() {
  return Unexpected(Trap::Host("Invoke: argument or result count does not match the type"));
}

}  // namespace

namespace {

// The trap of an outermost activation, moved out of the state's scratch Trap.
WR_NOINLINE Expected<void, Trap> TakeTrap(InterpState& st) {
  Trap trap = std::move(st.trap);
  st.trap = Trap();
  return Unexpected(std::move(trap));
}

// Every call Invoke's fast path does not take: host functions, the first call (lowering,
// state), nested calls from host functions, wrong counts, a full stack.
WR_NOINLINE Expected<void, Trap> InvokeSlow(Store& store, FuncInstance* func,
                                            std::span<const uint64_t> args,
                                            std::span<uint64_t> results) {
  if (func->is_host()) {
    if (args.size() != SlotCount(func->type->params) ||
        results.size() != SlotCount(func->type->results)) {
      return CountMismatch();
    }
    HostContext ctx;
    return func->host->fn(ctx, args, results);
  }
  // The host's entry: every embedder call comes through here, so the common case (lowered
  // code, state made, a few slots) touches no vector of types and calls nothing but Run.
  const compile::CompiledFunction& code = *func->code;
  if (!code.lowered.load(std::memory_order_acquire)) [[unlikely]] {
    if (Trap trap; !LowerCode(&code, &trap)) return Unexpected(std::move(trap));
  }
  // The slot counts are the lowering's (it runs on first call).
  if (args.size() != code.num_param_slots || results.size() != code.num_result_slots) {
    return CountMismatch();
  }
  std::shared_ptr<void>& state = store.interp_state();
  InterpState* st = state ? static_cast<InterpState*>(state.get()) : GetState(store);
  if (st == nullptr || !st->ok()) [[unlikely]] {
    return Unexpected(Trap::Host("cannot reserve the interpreter stack"));
  }
  uint64_t* fp = st->top;
  if (static_cast<uint64_t>(st->end - fp) < code.frame_slots || st->frames.full()) [[unlikely]] {
    return Unexpected(Trap(TrapCode::CallStackExhausted));
  }
  for (size_t i = 0; i < args.size(); ++i) fp[i] = args[i];
  // The outermost activation traps into the state's scratch Trap (no Trap to build and destroy
  // per call); a nested one (a host function calling in) into its own, since the scratch may
  // be its caller's.
  std::optional<Trap> nested;
  Trap* out = &st->trap;
  if (!st->frames.empty()) [[unlikely]] {
    if (st->suspension.active) return Unexpected(Trap::Host(kStoreSuspended));
    // A host function calling back in: each nesting takes native stack (Run's frame, the
    // host's own), so their depth is bounded by bytes, not only by wasm frames.
    const auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    if (!st->host_calls.empty() && st->native_base > here &&
        st->native_base - here > InterpState::kNativeReentryBudget) {
      return Unexpected(Trap(TrapCode::CallStackExhausted));
    }
    out = &nested.emplace();
  }
  st->frames.push_back(CallFrame{nullptr, nullptr, nullptr});
  // Run pops the activation's frames, the sentinel included, however it ends.
  const bool ok = Run(store, *st, func, fp, out, nullptr);
  st->top = fp;
  if (!ok) [[unlikely]] {
    Trap trap = std::move(*out);
    *out = Trap();
    return Unexpected(std::move(trap));
  }
  for (size_t i = 0; i < results.size(); ++i) results[i] = fp[i];
  if (code.result_refs) store.HostEscape(func->type->results, results.data());
  return {};
}

}  // namespace

Expected<void, Trap> Invoke(Store& store, FuncInstance* func, std::span<const uint64_t> args,
                            std::span<uint64_t> results) {
  // The host's entry: every embedder call comes through here. The common case (an outermost
  // call of lowered wasm code, the state made, the counts right, room on the stack) checks
  // exactly what InvokeSlow checks, builds no Trap and calls nothing but Run.
  const compile::CompiledFunction* code = func->code;
  auto* st = static_cast<InterpState*>(store.interp_state().get());
  if (code == nullptr || st == nullptr || !st->ok() || !st->frames.empty() ||
      !code->lowered.load(std::memory_order_acquire) || args.size() != code->num_param_slots ||
      results.size() != code->num_result_slots ||
      static_cast<uint64_t>(st->end - st->top) < code->frame_slots || st->frames.full())
      [[unlikely]] {
    return InvokeSlow(store, func, args, results);
  }
  uint64_t* fp = st->top;
  for (size_t i = 0; i < args.size(); ++i) fp[i] = args[i];
  st->frames.push_back(CallFrame{nullptr, nullptr, nullptr});
  // Run pops the activation's frames, the sentinel included, however it ends.
  if (!Run(store, *st, func, fp, &st->trap, nullptr)) [[unlikely]] {
    st->top = fp;
    return TakeTrap(*st);
  }
  for (size_t i = 0; i < results.size(); ++i) results[i] = fp[i];
  if (code->result_refs) [[unlikely]] {
    store.HostEscape(func->type->results, results.data());
  }
  return {};
}

}  // namespace wr::interp
