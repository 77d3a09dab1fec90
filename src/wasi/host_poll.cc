// poll_oneoff and sock_*.
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>

#include "wasi/errno_map.h"
#include "wasi/preview1_impl.h"

namespace wr::wasi {
namespace {

bool HostClock(uint32_t id, clockid_t* out) {
  switch (id) {
    case kClockRealtime: *out = CLOCK_REALTIME; return true;
    case kClockMonotonic: *out = CLOCK_MONOTONIC; return true;
    default: return false;  // CPU-time clocks cannot be waited on
  }
}

uint64_t NowNs(clockid_t clk) {
  struct timespec ts;
  ::clock_gettime(clk, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

// Bytes available for reading on `host` (0 when unknown).
uint64_t ReadableBytes(int host) {
  struct stat st;
  if (::fstat(host, &st) == 0 && S_ISREG(st.st_mode)) {
    off_t pos = ::lseek(host, 0, SEEK_CUR);
    return (pos >= 0 && st.st_size > pos) ? static_cast<uint64_t>(st.st_size - pos) : 0;
  }
  int n = 0;
  if (::ioctl(host, FIONREAD, &n) == 0 && n > 0) return static_cast<uint64_t>(n);
  return 0;
}

struct Pending {
  Subscription sub;
  std::optional<Errno> error;            // set: the event is reported at once with this error
  uint64_t timeout_ns = 0;               // clocks: relative timeout
  int poll_index = -1;                   // fd subscriptions: index in the pollfd array
  std::optional<uint64_t> ready_nbytes;  // set: ready at once (in-memory stdio)
};

}  // namespace

Errno Preview1::PollOneoff(M m, uint32_t in, uint32_t out, uint32_t nsubscriptions,
                           uint32_t nevents_out) {
  if (nsubscriptions == 0) return Errno::Inval;
  // Bounds first: the host allocations below are then proportional to guest memory.
  if (!m.InBounds(in, uint64_t{nsubscriptions} * sizeof(Subscription)) ||
      !m.InBounds(out, uint64_t{nsubscriptions} * sizeof(Event)) || !m.InBounds(nevents_out, 4)) {
    return Errno::Fault;
  }
  std::vector<Subscription> list(nsubscriptions);
  for (uint32_t i = 0; i < nsubscriptions; ++i) {
    list[i] = *m.Load<Subscription>(in + i * static_cast<uint32_t>(sizeof(Subscription)));
  }
  return PollSubscriptions(m, std::move(list), out, nevents_out);
}

Errno Preview1::PollSubscriptions(M m, std::vector<Subscription> list, uint32_t out,
                                  uint32_t nevents_out) {
  const size_t nsubscriptions = list.size();
  std::vector<Pending> subs(nsubscriptions);
  std::vector<struct pollfd> pfds;
  std::optional<uint64_t> min_timeout;
  bool immediate = false;
  for (size_t i = 0; i < nsubscriptions; ++i) {
    Pending& p = subs[i];
    p.sub = list[i];
    switch (p.sub.tag) {
      case kEventClock: {
        clockid_t clk;
        if (!HostClock(p.sub.u.id, &clk)) {
          p.error = Errno::Inval;
          immediate = true;
          break;
        }
        uint64_t timeout = p.sub.u.timeout;
        if (p.sub.u.flags & kSubclockAbstime) {
          uint64_t now = NowNs(clk);
          timeout = timeout > now ? timeout - now : 0;
        }
        p.timeout_ns = timeout;
        if (!min_timeout || timeout < *min_timeout) min_timeout = timeout;
        break;
      }
      case kEventFdRead:
      case kEventFdWrite: {
        // poll_oneoff runs without the context's lock (it may sleep): take it for the table.
        std::unique_lock<std::mutex> lock(ctx_.mutex());
        auto d = ctx_.fds().Get(p.sub.u.id, kRightPollFdReadwrite);
        if (!d) {
          p.error = d.error();
          immediate = true;
          break;
        }
        if ((*d)->stream) {  // in-memory stdio never blocks
          const MemoryStream& st = *(*d)->stream;
          p.ready_nbytes = p.sub.tag == kEventFdRead && st.is_input() ? st.available() : 0;
          immediate = true;
          break;
        }
        p.poll_index = static_cast<int>(pfds.size());
        short events = p.sub.tag == kEventFdRead ? POLLIN : POLLOUT;
        pfds.push_back({(*d)->host, events, 0});
        break;
      }
      default: return Errno::Inval;
    }
  }

  // Wait: not at all when something is already due, else until the earliest clock.
  uint64_t wait_ns = immediate ? 0 : min_timeout.value_or(UINT64_MAX);
  uint64_t start = NowNs(CLOCK_MONOTONIC);
  int ready = 0;
  for (;;) {
    uint64_t elapsed = NowNs(CLOCK_MONOTONIC) - start;
    uint64_t left =
        wait_ns == UINT64_MAX ? UINT64_MAX : (wait_ns > elapsed ? wait_ns - elapsed : 0);
    struct timespec ts;
    struct timespec* tsp = nullptr;
    if (left != UINT64_MAX) {
      ts.tv_sec = static_cast<time_t>(std::min<uint64_t>(left / 1000000000u, INT32_MAX));
      ts.tv_nsec = static_cast<long>(left % 1000000000u);
      tsp = &ts;
    }
    if (pfds.empty()) {
      if (tsp != nullptr && left > 0) ::nanosleep(tsp, nullptr);
      if (tsp == nullptr) return Errno::Inval;  // nothing could ever fire (unreachable)
      if (NowNs(CLOCK_MONOTONIC) - start >= wait_ns) break;
      continue;
    }
    ready = ::ppoll(pfds.data(), pfds.size(), tsp, nullptr);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return LastErrno();
    }
    break;
  }
  uint64_t elapsed = NowNs(CLOCK_MONOTONIC) - start;

  uint32_t nevents = 0;
  auto emit = [&](const Pending& p, Errno err, uint64_t nbytes, uint16_t flags) {
    Event ev{};
    ev.userdata = p.sub.userdata;
    ev.error = err;
    ev.type = p.sub.tag;
    ev.nbytes = nbytes;
    ev.flags = flags;
    (void)m.Store(out + nevents * static_cast<uint32_t>(sizeof(Event)), ev);
    ++nevents;
  };
  for (const Pending& p : subs) {
    if (p.error) {
      emit(p, *p.error, 0, 0);
    } else if (p.ready_nbytes) {
      emit(p, Errno::Success, *p.ready_nbytes, 0);
    } else if (p.sub.tag == kEventClock) {
      if (p.timeout_ns <= elapsed || (ready == 0 && !immediate && p.timeout_ns == wait_ns)) {
        emit(p, Errno::Success, 0, 0);
      }
    } else if (p.poll_index >= 0) {
      short rev = pfds[static_cast<size_t>(p.poll_index)].revents;
      if (rev == 0) continue;
      if (rev & POLLNVAL) {
        emit(p, Errno::Badf, 0, 0);
      } else {
        uint16_t flags = (rev & POLLHUP) ? kEventFdReadwriteHangup : 0;
        uint64_t nbytes = p.sub.tag == kEventFdRead ? ReadableBytes(pfds[p.poll_index].fd) : 0;
        emit(p, Errno::Success, nbytes, flags);
      }
    }
  }
  return m.Store<uint32_t>(nevents_out, nevents);
}

// ---- sockets: only descriptors the host handed over can be sockets (no sock_open in
// preview1); everything else is ENOTSOCK.

namespace {

WasiResult<Descriptor*> GetSocket(FdTable& fds, uint32_t fd) {
  WR_TRY(Descriptor * d, fds.Get(fd));
  struct stat st;
  if (::fstat(d->host, &st) != 0 || !S_ISSOCK(st.st_mode)) return Fail(Errno::Notsock);
  return d;
}

}  // namespace

Errno Preview1::SockAccept(M m, uint32_t fd, uint32_t flags, uint32_t fd_out) {
  WR_WASI_TRY(Descriptor * d, GetSocket(ctx_.fds(), fd));
  if (flags & ~uint32_t{kFdflagNonblock}) return Errno::Inval;
  if ((d->base & kRightSockAccept) == 0) return Errno::Notcapable;
  if (!m.InBounds(fd_out, 4)) return Errno::Fault;
  int host = ::accept4(d->host, nullptr, nullptr,
                       SOCK_CLOEXEC | ((flags & kFdflagNonblock) ? SOCK_NONBLOCK : 0));
  if (host < 0) return LastErrno();
  Descriptor nd;
  nd.owned = UniqueFd(host);
  nd.host = host;
  nd.type = Filetype::SocketStream;
  nd.base = kRightFdRead | kRightFdWrite | kRightPollFdReadwrite | kRightSockShutdown |
            kRightFdFdstatSetFlags | kRightFdFilestatGet;
  WR_WASI_TRY(uint32_t new_fd, ctx_.fds().Insert(std::move(nd)));
  return m.Store<uint32_t>(fd_out, new_fd);
}

Errno Preview1::SockRecv(M m, uint32_t fd, uint32_t ri_data, uint32_t ri_data_len,
                         uint32_t ri_flags, uint32_t ro_datalen_out, uint32_t ro_flags_out) {
  WR_WASI_TRY(Descriptor * d, GetSocket(ctx_.fds(), fd));
  if ((d->base & kRightFdRead) == 0) return Errno::Notcapable;
  if (ri_flags & ~uint32_t{kRiflagRecvPeek | kRiflagRecvWaitall}) return Errno::Inval;
  if (!m.InBounds(ro_datalen_out, 4) || !m.InBounds(ro_flags_out, 2)) return Errno::Fault;
  WR_WASI_TRY(std::vector<struct iovec> v, m.Iovecs(ri_data, ri_data_len));
  struct msghdr msg = {};
  msg.msg_iov = v.data();
  msg.msg_iovlen = v.size();
  int fl = ((ri_flags & kRiflagRecvPeek) ? MSG_PEEK : 0) |
           ((ri_flags & kRiflagRecvWaitall) ? MSG_WAITALL : 0);
  ssize_t n = ::recvmsg(d->host, &msg, fl);
  if (n < 0) return LastErrno();
  uint16_t ro = (msg.msg_flags & MSG_TRUNC) ? kRoflagRecvDataTruncated : 0;
  (void)m.Store<uint32_t>(ro_datalen_out, static_cast<uint32_t>(std::min<ssize_t>(n, UINT32_MAX)));
  return m.Store<uint16_t>(ro_flags_out, ro);
}

Errno Preview1::SockSend(M m, uint32_t fd, uint32_t si_data, uint32_t si_data_len,
                         uint32_t si_flags, uint32_t so_datalen_out) {
  WR_WASI_TRY(Descriptor * d, GetSocket(ctx_.fds(), fd));
  if ((d->base & kRightFdWrite) == 0) return Errno::Notcapable;
  if (si_flags != 0) return Errno::Inval;
  if (!m.InBounds(so_datalen_out, 4)) return Errno::Fault;
  WR_WASI_TRY(std::vector<struct iovec> v, m.Iovecs(si_data, si_data_len));
  struct msghdr msg = {};
  msg.msg_iov = v.data();
  msg.msg_iovlen = v.size();
  ssize_t n = ::sendmsg(d->host, &msg, MSG_NOSIGNAL);
  if (n < 0) return LastErrno();
  return m.Store<uint32_t>(so_datalen_out, static_cast<uint32_t>(std::min<ssize_t>(n, UINT32_MAX)));
}

Errno Preview1::SockShutdown(M /*m*/, uint32_t fd, uint32_t how) {
  WR_WASI_TRY(Descriptor * d, GetSocket(ctx_.fds(), fd));
  if ((d->base & kRightSockShutdown) == 0) return Errno::Notcapable;
  int host_how;
  switch (how) {
    case kSdflagRd: host_how = SHUT_RD; break;
    case kSdflagWr: host_how = SHUT_WR; break;
    case kSdflagRd | kSdflagWr: host_how = SHUT_RDWR; break;
    default: return Errno::Inval;
  }
  return ::shutdown(d->host, host_how) == 0 ? Errno::Success : LastErrno();
}

}  // namespace wr::wasi
