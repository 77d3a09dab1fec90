// The interpreter's stacks, kept per store between calls (Store::interp_state).
//
//   value stack (64-bit slots, reserved once with mmap, never moves):
//   | frame of f0 | frame of f1 ... | frame of fN |  free ...                |
//   ^ begin                          ^ fp          ^ fp + frame_slots         ^ end
//
// A callee's frame starts at its first argument, which is where the caller's operand stack
// held it, so frames overlap by the argument slots and calls copy nothing. The frame stack
// holds, per active call, where to resume the caller. An entry with ret_pc == nullptr marks
// the start of one Invoke (the host called in): returning to it ends that activation. `top` is
// the first free slot for a nested Invoke while a host function runs.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/exception.h"
#include "runtime/function.h"
#include "runtime/store.h"
#include "runtime/trap.h"

namespace wr::interp {

struct CallFrame {
  const uint32_t* ret_pc;  // where the caller continues; nullptr: back to the host
  uint64_t* fp;            // the caller's frame
  FuncInstance* func;      // the caller
};

// The CallFrames of the active calls, in a block reserved once for the store's deepest call
// stack (mmap: the kernel commits only the pages touched). Every push is preceded by a depth
// check (full(): the call path's, Invoke's) or made on an empty stack, so a push is a store
// and a pointer bump, with no capacity check or growth on the call path.
class FrameStack {
 public:
  FrameStack() = default;
  ~FrameStack();
  FrameStack(const FrameStack&) = delete;
  FrameStack& operator=(const FrameStack&) = delete;

  // Room for `max_frames` frames (0: full() from the start, so nothing may enter); false if
  // it could not be reserved.
  bool Reserve(uint32_t max_frames);
  bool reserved() const { return base_ != nullptr; }

  bool full() const { return top_ >= limit_; }
  void push_back(const CallFrame& f) { std::construct_at(top_++, f); }
  void pop_back() { --top_; }
  CallFrame& back() { return top_[-1]; }
  const CallFrame& back() const { return top_[-1]; }
  bool empty() const { return top_ == base_; }
  size_t size() const { return static_cast<size_t>(top_ - base_); }
  void clear() { top_ = base_; }
  const CallFrame* begin() const { return base_; }
  const CallFrame* end() const { return top_; }

 private:
  CallFrame* base_ = nullptr;
  CallFrame* top_ = nullptr;
  CallFrame* limit_ = nullptr;
  size_t bytes_ = 0;
};

// A frame stopped at a safepoint: its function, its slots, and the instruction it is in.
struct SuspendedFrame {
  const FuncInstance* fn = nullptr;
  const uint64_t* fp = nullptr;
  const uint32_t* pc = nullptr;
};

// A host function called from wasm, in progress: its caller, and the copy of its arguments
// the host sees (both roots for the collector while it runs).
struct HostCall {
  SuspendedFrame caller;
  const FuncInstance* callee;
  const uint64_t* args;
};

// A call suspended by a host function (resumable.cc): where its outermost activation stopped.
// The activation's CallFrames stay on InterpState::frames and its slots below them.
struct Suspension {
  bool active = false;
  FuncInstance* entry = nullptr;        // the function the host called
  uint64_t* entry_fp = nullptr;         // its frame: its results are at slot 0 when it returns
  FuncInstance* fn = nullptr;           // the frame stopped at the host call
  uint64_t* fp = nullptr;               //
  const uint32_t* call_pc = nullptr;    // its call instruction (a safepoint, for the collector)
  const uint32_t* resume_pc = nullptr;  // where it goes on (the call's return address)
  uint64_t* results = nullptr;          // where the host function's results go
  const FuncInstance* host = nullptr;   // the host function that suspended it
  bool tail = false;  // a return_call to the host: on resume the frame returns those results
};

// The interpreter's state is the store's GcRootSource (gc_roots.cc): every wasm frame is at a
// safepoint while a collection runs. Callers are at their calls (CallFrame, HostCall), the
// innermost frame at its allocation (`at`, set by the allocating handler around the call).
struct InterpState final : GcRootSource {
  explicit InterpState(const StoreLimits& limits);
  ~InterpState();
  InterpState(const InterpState&) = delete;
  InterpState& operator=(const InterpState&) = delete;

  bool ok() const { return begin != nullptr && frames.reserved(); }

  uint64_t* begin = nullptr;
  uint64_t* end = nullptr;
  uint64_t* top = nullptr;
  size_t reserved_bytes = 0;
  FrameStack frames;       // room for StoreLimits::max_call_depth frames: full() is the limit
  Store* store = nullptr;  // the owner (host calls mark escaping references through it)
  // GC roots beyond `frames` (see above).
  SuspendedFrame at;
  std::vector<HostCall> host_calls;
  // The native stack address at the outermost host call (set while host_calls is empty). A
  // host function that calls back into wasm nests Run on the C stack (wasm-to-wasm calls do
  // not): nested activations are refused past kNativeReentryBudget bytes below it.
  uintptr_t native_base = 0;
  static constexpr uintptr_t kNativeReentryBudget = uintptr_t{2} << 20;
  // What IOp::Check and IOp::Metered test (code compiled interruptible): the interrupt flag,
  // shared with the embedder's handles (another thread may set it at any time), and the fuel
  // left.
  std::shared_ptr<std::atomic<bool>> interrupt = std::make_shared<std::atomic<bool>>(false);
  int64_t fuel = INT64_MAX;
  // Where the outermost activation's trap is written (Invoke moves it out and resets it).
  Trap trap;
  // Resumable calls (resumable.cc): the outermost activation was started resumable; a host
  // function it called asked to suspend it; the suspended call.
  bool resumable = false;
  bool suspend_requested = false;
  Suspension suspension;

  void TraceRoots(GcHeap& heap) override;
};

// The store's interpreter state, created on first use; nullptr if its stack cannot be
// reserved.
InterpState* GetState(Store& store);

}  // namespace wr::interp

namespace wr::interp {

// The interpreter loop (interpreter_loop.cc): runs `func`, whose frame at `fp` holds the
// arguments, until the activation's sentinel frame (already pushed) is returned to. Returns
// false with *trap filled (code and frames, innermost first) when execution trapped; the
// activation's frames are popped either way. With `resume`, goes on with a suspended call
// (its host function's results already written) instead of entering `func`. Returns false
// with trap->code still None when a host function suspended the call (st.suspension is set,
// the frames stay).
bool Run(Store& store, InterpState& st, FuncInstance* func, uint64_t* fp, Trap* trap,
         const Suspension* resume);

// Cold helpers of the loop (interpreter.cc).
bool CallHost(InterpState& st, FuncInstance* callee, const SuspendedFrame& caller, uint64_t* args,
              uint64_t* frame_end, Trap* trap);
void AddTrapFrame(Trap* trap, const FuncInstance* func, const uint32_t* pc);
// Lowers a function on its first call (compile::EnsureLowered); false with *trap filled if
// that failed, which CompileModule's screen rules out.
bool LowerCode(const compile::CompiledFunction* code, Trap* trap);
void FillTypeIds(Store& store, Instance* instance);
// IOp::MemAccess (interpreter_mem_slow.cc): returns the trap, or TrapCode::None.
TrapCode SlowMemAccess(Instance* inst, uint64_t* fp, const uint32_t* pc);
// IOp::AtomicAccess (interpreter_atomic.cc): an atomic access, wait or notify; `pc` at its op
// word. May block (memory.atomic.wait32/64) until notified, timed out, or `interrupt` (the
// store's flag) is set: then it clears the flag and traps with Interrupted.
TrapCode AtomicAccess(Instance* inst, uint64_t* fp, const uint32_t* pc,
                      std::atomic<bool>* interrupt);
// atomic.fence: a sequentially consistent fence.
void AtomicFence();
// IOp::Metered (interpreter_bulk.cc): runs the bulk op at `pc` (the word after the Metered)
// under the fuel and interrupt budgets. Returns the trap, or TrapCode::None with *next set to
// the instruction after the bulk op.
TrapCode RunMetered(Store& store, InterpState& st, Instance* inst, uint64_t* fp, const uint32_t* pc,
                    const uint32_t** next);

}  // namespace wr::interp
