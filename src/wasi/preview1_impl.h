// Preview1: the ABI glue of the 46 preview1 functions (preview1.def), split by family over
// host_args.cc (args, environ, clocks, random, proc, sched), host_fd.cc (fd_*),
// host_path.cc (path_*) and host_poll.cc (poll_oneoff, sock_*).
//
// Contract of every method: its arguments are the raw wasm values (i32 as uint32_t, i64 as
// uint64_t) exactly as the guest passed them; it validates every one (fd, rights, flags,
// pointers through GuestMemory) and returns an Errno, never traps, never throws, never
// reads or writes outside guest memory. Only proc_exit returns a Trap (TrapCode::Exit).
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/trap.h"
#include "wasi/ctx.h"
#include "wasi/guest_memory.h"
#include "wasi/memory_stream.h"

namespace wr::wasi {

class Preview1 {
 public:
  using M = const GuestMemory&;
  explicit Preview1(WasiCtx& ctx) : ctx_(ctx) {}

  // clang-format off
  Errno ArgsGet(M m, uint32_t argv, uint32_t argv_buf);
  Errno ArgsSizesGet(M m, uint32_t argc_out, uint32_t buf_size_out);
  Errno EnvironGet(M m, uint32_t environ, uint32_t environ_buf);
  Errno EnvironSizesGet(M m, uint32_t count_out, uint32_t buf_size_out);
  Errno ClockResGet(M m, uint32_t id, uint32_t res_out);
  Errno ClockTimeGet(M m, uint32_t id, uint64_t precision, uint32_t time_out);
  Errno FdAdvise(M m, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice);
  Errno FdAllocate(M m, uint32_t fd, uint64_t offset, uint64_t len);
  Errno FdClose(M m, uint32_t fd);
  Errno FdDatasync(M m, uint32_t fd);
  Errno FdFdstatGet(M m, uint32_t fd, uint32_t stat_out);
  Errno FdFdstatSetFlags(M m, uint32_t fd, uint32_t flags);
  Errno FdFdstatSetRights(M m, uint32_t fd, uint64_t base, uint64_t inheriting);
  Errno FdFilestatGet(M m, uint32_t fd, uint32_t stat_out);
  Errno FdFilestatSetSize(M m, uint32_t fd, uint64_t size);
  Errno FdFilestatSetTimes(M m, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst_flags);
  Errno FdPread(M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset, uint32_t nread_out);
  Errno FdPrestatGet(M m, uint32_t fd, uint32_t prestat_out);
  Errno FdPrestatDirName(M m, uint32_t fd, uint32_t path, uint32_t path_len);
  Errno FdPwrite(M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset, uint32_t nwritten_out);
  Errno FdRead(M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_out);
  Errno FdReaddir(M m, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie, uint32_t bufused_out);
  Errno FdRenumber(M m, uint32_t fd, uint32_t to);
  Errno FdSeek(M m, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset_out);
  Errno FdSync(M m, uint32_t fd);
  Errno FdTell(M m, uint32_t fd, uint32_t offset_out);
  Errno FdWrite(M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten_out);
  Errno PathCreateDirectory(M m, uint32_t fd, uint32_t path, uint32_t path_len);
  Errno PathFilestatGet(M m, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len, uint32_t stat_out);
  Errno PathFilestatSetTimes(M m, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len, uint64_t atim, uint64_t mtim, uint32_t fst_flags);
  Errno PathLink(M m, uint32_t old_fd, uint32_t old_flags, uint32_t old_path, uint32_t old_len, uint32_t new_fd, uint32_t new_path, uint32_t new_len);
  Errno PathOpen(M m, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len, uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags, uint32_t fd_out);
  Errno PathReadlink(M m, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf, uint32_t buf_len, uint32_t bufused_out);
  Errno PathRemoveDirectory(M m, uint32_t fd, uint32_t path, uint32_t path_len);
  Errno PathRename(M m, uint32_t fd, uint32_t old_path, uint32_t old_len, uint32_t new_fd, uint32_t new_path, uint32_t new_len);
  Errno PathSymlink(M m, uint32_t old_path, uint32_t old_len, uint32_t fd, uint32_t new_path, uint32_t new_len);
  Errno PathUnlinkFile(M m, uint32_t fd, uint32_t path, uint32_t path_len);
  Errno PollOneoff(M m, uint32_t in, uint32_t out, uint32_t nsubscriptions, uint32_t nevents_out);
  Trap ProcExit(M m, uint32_t code);
  Errno ProcRaise(M m, uint32_t sig);
  Errno SchedYield(M m);
  Errno RandomGet(M m, uint32_t buf, uint32_t buf_len);
  Errno SockAccept(M m, uint32_t fd, uint32_t flags, uint32_t fd_out);
  Errno SockRecv(M m, uint32_t fd, uint32_t ri_data, uint32_t ri_data_len, uint32_t ri_flags, uint32_t ro_datalen_out, uint32_t ro_flags_out);
  Errno SockSend(M m, uint32_t fd, uint32_t si_data, uint32_t si_data_len, uint32_t si_flags, uint32_t so_datalen_out);
  Errno SockShutdown(M m, uint32_t fd, uint32_t how);
  // clang-format on

  // wasi_unstable (preview 0, preview0.cc): the calls whose ABI differs from preview1's.
  // clang-format off
  Errno P0FdFdstatGet(M m, uint32_t fd, uint32_t stat_out);
  Errno P0FdFilestatGet(M m, uint32_t fd, uint32_t stat_out);
  Errno P0FdSeek(M m, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset_out);
  Errno P0PathFilestatGet(M m, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len, uint32_t stat_out);
  Errno P0PollOneoff(M m, uint32_t in, uint32_t out, uint32_t nsubscriptions, uint32_t nevents_out);
  // clang-format on

  WasiCtx& ctx() { return ctx_; }

 private:
  // The parts of fd_filestat_get, path_filestat_get and poll_oneoff that both ABIs share.
  WasiResult<Filestat> FdFilestat(uint32_t fd);
  // `stat_out`/`stat_size`: where the result will go, checked (EFAULT) before the host call.
  WasiResult<Filestat> PathFilestat(M m, uint32_t fd, uint32_t flags, uint32_t path,
                                    uint32_t path_len, uint32_t stat_out, uint32_t stat_size);
  // `subs` were read from guest memory; `out` holds room for subs.size() events.
  Errno PollSubscriptions(M m, std::vector<Subscription> subs, uint32_t out, uint32_t nevents_out);
  // fd_read/fd_write on in-memory stdio.
  Errno StreamReadWrite(M m, MemoryStream& stream, const std::vector<struct iovec>& v, bool write,
                        uint32_t count_out);
  // Shared by the fd_* and path_* families.
  Errno ReadWrite(M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, const uint64_t* offset,
                  bool write, uint32_t count_out);
  Errno SetTimes(int dirfd, const char* name, int at_flags, uint64_t atim, uint64_t mtim,
                 uint32_t fst_flags);
  // Resolves (fd, guest path) with the rights `rights` on fd.
  WasiResult<struct ResolvedPath> Resolve(M m, uint32_t fd, Rights rights, uint32_t path,
                                          uint32_t path_len, bool follow);

  WasiCtx& ctx_;
};

}  // namespace wr::wasi
