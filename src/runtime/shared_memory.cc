#include "runtime/shared_memory.h"

#include <algorithm>
#include <chrono>

namespace wr {

uint32_t WaitQueue::Sleep(std::unique_lock<std::mutex>& lock, uint64_t addr, int64_t timeout_ns,
                          const std::atomic<bool>* interrupt) {
  Waiter self;
  std::list<Waiter*>& list = waiters_[addr];
  list.push_back(&self);
  const auto it = std::prev(list.end());
  // A deadline on the steady clock: spurious wake-ups do not extend the wait. No timeout, and
  // timeouts past ~292 years, saturate to the clock's end.
  using Clock = std::chrono::steady_clock;
  const auto now = Clock::now();
  const int64_t max_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::time_point::max() - now).count();
  const auto deadline =
      now + std::chrono::nanoseconds(timeout_ns < 0 ? max_ns : std::min(timeout_ns, max_ns));
  uint32_t result = kOk;
  while (!self.woken) {
    if (interrupt != nullptr && interrupt->load(std::memory_order_relaxed)) {
      result = kInterrupted;
      break;
    }
    const auto slice_end = Clock::now() + std::chrono::nanoseconds(kInterruptSliceNs);
    const auto until = interrupt != nullptr ? std::min(deadline, slice_end) : deadline;
    if (!self.cv.wait_until(lock, until, [&] { return self.woken; }) && until == deadline) {
      result = kTimedOut;
      break;
    }
  }
  if (self.woken) return kOk;  // a notify removed it from the queue
  list.erase(it);
  if (list.empty()) waiters_.erase(addr);
  return result;
}

uint32_t WaitQueue::Notify(uint64_t addr, uint32_t count) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto found = waiters_.find(addr);
  if (found == waiters_.end()) return 0;
  std::list<Waiter*>& list = found->second;
  uint32_t n = 0;
  while (n < count && !list.empty()) {
    Waiter* w = list.front();
    list.pop_front();
    w->woken = true;
    w->cv.notify_one();
    ++n;
  }
  if (list.empty()) waiters_.erase(found);
  return n;
}

uint32_t WaitQueue::Waiters(uint64_t addr) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto found = waiters_.find(addr);
  return found == waiters_.end() ? 0 : static_cast<uint32_t>(found->second.size());
}

}  // namespace wr
