// What a shared memory (threads proposal) has beyond an ordinary MemoryInstance: the lock that
// makes memory.grow atomic with respect to other threads, and the wait queue of
// memory.atomic.wait32/64 and memory.atomic.notify.
//
// Ownership. A shared MemoryInstance is owned through std::shared_ptr (it derives from
// enable_shared_from_this): the store that creates it holds one reference, and every store
// whose instances import it takes another (Store::RetainMemory). So the memory outlives any
// one store's use of it and may be imported by instances in different stores on different
// threads. It is reserved at its maximum (a shared memory must declare one) and so never
// moves; growing commits more of the reservation under SharedMemoryState::grow_mutex and
// then publishes the new size with a release store, which readers see with an acquire load.
//
// Thread safety: everything here may be used from any number of threads at once.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <mutex>
#include <unordered_map>

namespace wr {

// A futex-like wait queue keyed by address: waiters on one address are woken in FIFO order.
// A waiting thread sleeps on its own condition variable; nothing busy-waits.
class WaitQueue {
 public:
  // The results of memory.atomic.wait32/64.
  static constexpr uint32_t kOk = 0;        // woken by a notify
  static constexpr uint32_t kNotEqual = 1;  // the value was not the expected one
  static constexpr uint32_t kTimedOut = 2;  // the timeout expired
  // Not a result wasm sees: `interrupt` was set while waiting (the caller traps).
  static constexpr uint32_t kInterrupted = 3;

  // How often a waiter looks at its interrupt flag. Setting the flag cannot wake the waiter
  // (it belongs to the store, not to this queue), so a wait is cut into slices this long:
  // an interrupted wait ends within one slice, and a slice costs one wake-up of a thread
  // that has nothing to do.
  static constexpr int64_t kInterruptSliceNs = 20'000'000;

  // Sleeps on `addr` while not notified, not interrupted and the timeout (in nanoseconds,
  // negative = none) has not expired, provided `still_expected()` holds when called under
  // the queue's lock (which notify takes too, so a store followed by a notify cannot slip
  // between the check and the sleep). `still_expected` must be an atomic load and compare.
  // `interrupt` (may be null) is the waiting store's interrupt flag.
  template <class Check>
  uint32_t Wait(uint64_t addr, Check still_expected, int64_t timeout_ns,
                const std::atomic<bool>* interrupt) {
    std::unique_lock<std::mutex> lock(mu_);
    if (!still_expected()) return kNotEqual;
    return Sleep(lock, addr, timeout_ns, interrupt);
  }

  // Wakes up to `count` threads waiting on `addr`, oldest first; returns how many.
  uint32_t Notify(uint64_t addr, uint32_t count);

  // Threads waiting on `addr` now (for tests).
  uint32_t Waiters(uint64_t addr);

 private:
  struct Waiter {
    std::condition_variable cv;
    bool woken = false;
  };
  uint32_t Sleep(std::unique_lock<std::mutex>& lock, uint64_t addr, int64_t timeout_ns,
                 const std::atomic<bool>* interrupt);

  std::mutex mu_;
  std::unordered_map<uint64_t, std::list<Waiter*>> waiters_;
};

struct SharedMemoryState {
  std::mutex grow_mutex;
  WaitQueue waiters;
};

}  // namespace wr
