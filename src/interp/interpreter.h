// The interpreter: runs compiled functions (compile/compiled_module.h) on a store.
//
// Invoke calls a function instance, wasm or host, with arguments and results in the slot
// encoding of runtime/host_func.h (a v128 takes two slots). Traps come back as values. It is
// re-entrant: a host function called from wasm may call Invoke again on the same store; the
// nested activation runs above the caller's frames on the same interpreter stack, and call
// depth and stack slots are bounded by store.limits() (TrapCode::CallStackExhausted).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>

#include "common/expected.h"
#include "runtime/function.h"
#include "runtime/store.h"
#include "runtime/trap.h"

namespace wr::interp {

Expected<void, Trap> Invoke(Store& store, FuncInstance* func, std::span<const uint64_t> args,
                            std::span<uint64_t> results);

// Resumable calls. InvokeResumable is Invoke for an outermost call (none in progress on the
// store) that a host function it calls directly may suspend (RequestSuspend, then return
// success): the call then returns Suspended and the store keeps its interpreter stack as it
// was. Resume writes that host function's results and goes on until the call finishes,
// suspends again or traps. While a call is suspended every other call into the store's wasm
// is refused (kStoreSuspended); DropSuspended abandons it and frees its stack.
enum class CallStatus : uint8_t { Finished, Suspended };
inline constexpr const char* kStoreSuspended =
    "the store has a suspended call: resume or drop it before calling into the store again";
Expected<CallStatus, Trap> InvokeResumable(Store& store, FuncInstance* func,
                                           std::span<const uint64_t> args,
                                           std::span<uint64_t> results);
Expected<CallStatus, Trap> Resume(Store& store, std::span<const uint64_t> host_results,
                                  std::span<uint64_t> results);
void DropSuspended(Store& store);
// The host function that suspended the store's call, or null.
const FuncInstance* SuspendedHost(Store& store);
// From a host function: asks to suspend the call when the function returns successfully.
// Null when granted, else why not (not called from wasm; the call was not started resumable;
// a host frame between this function and the outermost activation).
const char* RequestSuspend(Store& store);

// Budgets for code compiled with CompileOptions::interruptible (other code ignores them).
// Fuel: each function entry and loop iteration costs about the number of internal ops it
// covers; at zero, execution traps with OutOfFuel. A bulk op (memory, table and array fill,
// copy, init, grow, array.new*) also costs 1 per 64 bytes it writes, rounded up (8 bytes per
// table reference or array slot), taken whole before it writes anything: if the fuel left is
// less, it traps with OutOfFuel and writes nothing (interpreter_bulk.cc). A function entry
// also pays 1 per 8 whole slots of locals and constants it zeroes or copies. Unlimited until
// set. False if the store's interpreter state cannot be created.
bool SetFuel(Store& store, uint64_t fuel);
uint64_t GetFuel(Store& store);
// The flag that interrupts the store's running code: setting it (from any thread) makes the
// next check trap with Interrupted, which clears it. The pointer stays valid after the store
// is gone. Null if the store's interpreter state cannot be created.
std::shared_ptr<std::atomic<bool>> InterruptFlag(Store& store);

}  // namespace wr::interp
