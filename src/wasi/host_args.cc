// args_*, environ_*, clock_*, random_get, proc_*, sched_yield.
#include <sched.h>
#include <sys/random.h>
#include <time.h>

#include <cerrno>
#include <cstring>

#include "wasi/errno_map.h"
#include "wasi/preview1_impl.h"

namespace wr::wasi {
namespace {

// Writes a NUL-separated string list: pointers at `ptrs`, bytes at `buf`. Every bound is
// checked before anything is written.
Errno WriteStringList(const GuestMemory& m, const std::vector<std::string>& list, uint32_t ptrs,
                      uint32_t buf) {
  uint64_t total = 0;
  for (const std::string& s : list) total += s.size() + 1;
  if (!m.InBounds(ptrs, uint64_t{4} * list.size()) || !m.InBounds(buf, total)) {
    return Errno::Fault;
  }
  uint64_t off = buf;
  for (size_t i = 0; i < list.size(); ++i) {
    // off < buf + total <= memory size <= 2^32, so it fits a guest pointer.
    Errno e = m.Store<uint32_t>(static_cast<uint32_t>(ptrs + 4 * i), static_cast<uint32_t>(off));
    if (e != Errno::Success) return e;
    uint8_t* dst = *m.Bytes(static_cast<uint32_t>(off), list[i].size() + 1);
    std::memcpy(dst, list[i].c_str(), list[i].size() + 1);
    off += list[i].size() + 1;
  }
  return Errno::Success;
}

Errno WriteSizes(const GuestMemory& m, const std::vector<std::string>& list, uint32_t count_out,
                 uint32_t size_out) {
  uint64_t total = 0;
  for (const std::string& s : list) total += s.size() + 1;
  if (list.size() > UINT32_MAX || total > UINT32_MAX) return Errno::Overflow;
  if (!m.InBounds(count_out, 4) || !m.InBounds(size_out, 4)) return Errno::Fault;
  (void)m.Store<uint32_t>(count_out, static_cast<uint32_t>(list.size()));
  (void)m.Store<uint32_t>(size_out, static_cast<uint32_t>(total));
  return Errno::Success;
}

bool HostClock(uint32_t id, clockid_t* out) {
  switch (id) {
    case kClockRealtime: *out = CLOCK_REALTIME; return true;
    case kClockMonotonic: *out = CLOCK_MONOTONIC; return true;
    case kClockProcessCputime: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case kClockThreadCputime: *out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
  }
}

uint64_t ToNanos(const struct timespec& ts) {
  if (ts.tv_sec < 0) return 0;
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

Errno Preview1::ArgsGet(M m, uint32_t argv, uint32_t argv_buf) {
  return WriteStringList(m, ctx_.args(), argv, argv_buf);
}

Errno Preview1::ArgsSizesGet(M m, uint32_t argc_out, uint32_t buf_size_out) {
  return WriteSizes(m, ctx_.args(), argc_out, buf_size_out);
}

Errno Preview1::EnvironGet(M m, uint32_t environ, uint32_t environ_buf) {
  return WriteStringList(m, ctx_.env(), environ, environ_buf);
}

Errno Preview1::EnvironSizesGet(M m, uint32_t count_out, uint32_t buf_size_out) {
  return WriteSizes(m, ctx_.env(), count_out, buf_size_out);
}

Errno Preview1::ClockResGet(M m, uint32_t id, uint32_t res_out) {
  clockid_t clk;
  if (!HostClock(id, &clk)) return Errno::Inval;
  struct timespec ts;
  if (::clock_getres(clk, &ts) != 0) return LastErrno();
  uint64_t res = ToNanos(ts);
  return m.Store<uint64_t>(res_out, res == 0 ? 1 : res);
}

Errno Preview1::ClockTimeGet(M m, uint32_t id, uint64_t /*precision*/, uint32_t time_out) {
  clockid_t clk;
  if (!HostClock(id, &clk)) return Errno::Inval;
  struct timespec ts;
  if (::clock_gettime(clk, &ts) != 0) return LastErrno();
  return m.Store<uint64_t>(time_out, ToNanos(ts));
}

Errno Preview1::RandomGet(M m, uint32_t buf, uint32_t buf_len) {
  WR_WASI_TRY(uint8_t * p, m.Bytes(buf, buf_len));
  size_t done = 0;
  while (done < buf_len) {
    ssize_t n = ::getrandom(p + done, buf_len - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return LastErrno();
    }
    done += static_cast<size_t>(n);
  }
  return Errno::Success;
}

Trap Preview1::ProcExit(M /*m*/, uint32_t code) {
  // The exit status is the guest's u32; the CLI reports it modulo 256 as POSIX exit does.
  return Trap::Exit(static_cast<int32_t>(code));
}

Errno Preview1::ProcRaise(M /*m*/, uint32_t /*sig*/) {
  // Signals do not exist for a WASI guest; wasmtime does not implement this either.
  return Errno::Nosys;
}

Errno Preview1::SchedYield(M /*m*/) {
  ::sched_yield();
  return Errno::Success;
}

}  // namespace wr::wasi
