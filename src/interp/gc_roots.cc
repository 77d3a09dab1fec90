// The interpreter's GC roots (InterpState::TraceRoots, frame.h): every wasm frame on the
// store's stack, read through the stack maps of its function (compiled_module.h), and the
// arguments of the host calls in progress.
//
// Each frame is stopped at a safepoint: a caller inside its call instruction (CallFrame
// ret_pc - 1, or a HostCall's pc), the innermost frame at its allocation (`at`). Only slots
// the maps name are read, so integers and stale slots never keep anything alive.
#include "compile/compiled_module.h"
#include "interp/frame.h"

namespace wr::interp {

namespace {

void TraceFrame(GcHeap& heap, const FuncInstance* fn, const uint64_t* fp, const uint32_t* pc) {
  const compile::CompiledFunction& code = *fn->code;
  for (uint32_t s : code.maps->ref_locals) heap.Mark(fp[s]);
  for (uint32_t s : code.StackMapAt(static_cast<uint32_t>(pc - code.code.data()))) {
    heap.Mark(fp[s]);
  }
}

}  // namespace

void InterpState::TraceRoots(GcHeap& heap) {
  for (const CallFrame& f : frames) {
    if (f.ret_pc != nullptr) TraceFrame(heap, f.func, f.fp, f.ret_pc - 1);
  }
  for (const HostCall& h : host_calls) {
    TraceFrame(heap, h.caller.fn, h.caller.fp, h.caller.pc);
    const uint64_t* a = h.args;
    for (const ValType& t : h.callee->type->params) {
      if (t.is_ref()) heap.Mark(*a);
      a += t.slots();
    }
  }
  if (at.fn != nullptr) TraceFrame(heap, at.fn, at.fp, at.pc);
  if (suspension.active) {
    // The frame stopped at its host call; the host function's results are not written yet.
    TraceFrame(heap, suspension.fn, suspension.fp, suspension.call_pc);
  }
}

}  // namespace wr::interp
