#include "runtime/shared_memory.h"

#include <algorithm>
#include <chrono>

namespace wr {

uint32_t WaitQueue::Sleep(std::unique_lock<std::mutex>& lock, uint64_t addr, int64_t timeout_ns) {
  Waiter self;
  std::list<Waiter*>& list = waiters_[addr];
  list.push_back(&self);
  const auto it = std::prev(list.end());
  bool woken;
  if (timeout_ns < 0) {
    self.cv.wait(lock, [&] { return self.woken; });
    woken = true;
  } else {
    // A deadline on the steady clock: spurious wake-ups do not extend the wait. Timeouts past
    // ~292 years saturate.
    const auto now = std::chrono::steady_clock::now();
    const auto max_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::time_point::max() - now)
                            .count();
    const auto deadline = now + std::chrono::nanoseconds(std::min<int64_t>(timeout_ns, max_ns));
    woken = self.cv.wait_until(lock, deadline, [&] { return self.woken; });
  }
  if (!woken) {
    // Timed out: still queued (a notify removes the waiters it wakes).
    list.erase(it);
    if (list.empty()) waiters_.erase(addr);
    return kTimedOut;
  }
  return kOk;
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
