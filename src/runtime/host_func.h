// The host-function contract: how native code (WASI, the spec test harness, embedders) is
// called from wasm.
//
// Arguments and results are raw 64-bit slots typed by the function's signature:
//   i32: low 32 bits (upper bits zero)   i64: all 64 bits
//   f32: IEEE bits in the low 32 bits    f64: IEEE bits
//   v128: two consecutive slots (low, high)    references: the engine's Ref bits (0 = null)
// A host function returns nothing on success (results filled in) or a Trap, which unwinds
// the guest (TrapCode::Exit for WASI proc_exit). Host functions never throw.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "common/expected.h"
#include "ir/types.h"
#include "runtime/trap.h"

namespace wr {

class MemoryInstance;
struct Instance;

struct HostContext {
  // The calling instance's memory: its export named "memory" if any, else memory 0; null
  // when it has none or the call did not come from wasm. Its base never moves (see
  // runtime/memory.h) but its size may change if the host grows it.
  MemoryInstance* memory = nullptr;
  Instance* caller = nullptr;
};

using HostFunc = std::function<Expected<void, Trap>(
    HostContext& ctx, std::span<const uint64_t> args, std::span<uint64_t> results)>;

}  // namespace wr
