// WasiCtx: everything one WASI guest may see of the host, and nothing more. A guest gets
// only the arguments, environment variables and directories put here (the CLI fills it
// from --env/--dir flags); stdio is the host's fds 0-2 unless replaced.
//
//   wasi::WasiCtx ctx;
//   ctx.set_args({"app.wasm", "x"});
//   ctx.set_env({"HOME=/"});
//   WR_TRY_VOID(ctx.PreopenDir("./data", "./data"));
//   WR_TRY_VOID(wasi::RegisterPreview1(linker, store, ctx));  // ctx must outlive the store
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "common/error.h"
#include "wasi/fd_table.h"
#include "wasi/memory_stream.h"

namespace wr::wasi {

class WasiCtx {
 public:
  // Stdio: guest fds 0, 1, 2 borrow the host's 0, 1, 2.
  WasiCtx();

  void set_args(std::vector<std::string> args) { args_ = std::move(args); }
  // Each entry is "NAME=VALUE", passed to the guest as is.
  void set_env(std::vector<std::string> env) { env_ = std::move(env); }
  const std::vector<std::string>& args() const { return args_; }
  const std::vector<std::string>& env() const { return env_; }

  // Opens the host directory `host_path` once (O_DIRECTORY) and grants it to the guest as a
  // preopen named `guest_name`, at the next free fd (3, 4, ... in call order). `read_only`:
  // nothing beneath it can be modified (Descriptor::read_only).
  Result<void> PreopenDir(const std::string& host_path, std::string guest_name,
                          bool read_only = false);

  // Replaces guest stdio fd `guest_fd` (0-2) with host descriptor `host_fd`, borrowed.
  void SetStdio(uint32_t guest_fd, int host_fd);
  // Replaces guest stdio fd `guest_fd` (0-2) with an in-memory stream (memory_stream.h).
  void SetStdioStream(uint32_t guest_fd, MemoryStream stream);

  FdTable& fds() { return fds_; }

  // wasi-threads: guests of several threads share one context. Every preview1 call but the
  // ones that may block for long without touching the fd table (poll_oneoff, sched_yield,
  // proc_exit) holds this lock, so the fd table is never used by two threads at once.
  std::mutex& mutex() { return mutex_; }

 private:
  std::mutex mutex_;
  std::vector<std::string> args_;
  std::vector<std::string> env_;
  FdTable fds_;
};

}  // namespace wr::wasi
