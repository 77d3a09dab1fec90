// wasi-threads: the "wasi" "thread-spawn" import (github:WebAssembly/wasi-threads).
//
//   thread-spawn(start_arg: i32) -> i32   a new thread id (1 .. 0x1FFFFFFF), or negative on
//                                         error (-6, EAGAIN: the limit of threads is reached)
//
// Each new thread is a new instance of the same module in a store of its own, on a std::thread
// of its own; it imports the same shared memory (and the same WASI context) and runs the
// export `wasi_thread_start(tid, start_arg)`. When that returns, the thread ends. proc_exit
// from any thread, or a trap in any thread, ends the process: ThreadSpawner calls its
// `on_exit` callback, which must not return (the CLI prints a trap, flushes and _Exits).
//
// What is shared between the threads: the CompiledModule (immutable; lazily lowered
// functions are published with release/acquire, compile/compiled_module.h), the shared
// memories the module imports (runtime/shared_memory.h), and the WasiCtx (its calls serialise
// on WasiCtx::mutex). What is not: each thread has its own Store (with its own type registry,
// GC heap and interpreter stack), Linker and Instance; none of those may be used by two
// threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "compile/compiled_module.h"
#include "interp/linker.h"
#include "runtime/store.h"
#include "runtime/trap.h"
#include "wasi/ctx.h"

namespace wr::wasi {

inline constexpr const char* kThreadsModule = "wasi";
inline constexpr uint32_t kDefaultMaxThreads = 64;

class ThreadSpawner : public std::enable_shared_from_this<ThreadSpawner> {
 public:
  struct Config {
    uint32_t max_threads = kDefaultMaxThreads;  // spawned threads running at once
    StoreLimits limits;                         // for each thread's store
    // A thread ended the process: its trap (is_exit() for proc_exit). Must not return.
    // Unset: a trap is printed on stderr ("wasmrun: trap: MESSAGE").
    std::function<void(const Trap&)> on_exit;
    std::shared_ptr<void> keepalive;  // held as long as any thread runs (e.g. the WasiCtx)
  };

  // `module` is what every thread instantiates; `ctx` must outlive every thread (the CLI's
  // lives until the process exits).
  static std::shared_ptr<ThreadSpawner> Create(
      std::shared_ptr<const compile::CompiledModule> module, WasiCtx& ctx, Config config);

  // Whether `module` uses wasi-threads (imports wasi.thread-spawn or a shared memory).
  static bool Wants(const Module& module);

  // Defines, for the main instance in `store`: wasi.thread-spawn, and each shared memory the
  // module imports (created here, in `store`, at its declared minimum). Call once.
  Result<void> DefineMain(interp::Linker& linker, Store& store);

  // Threads spawned so far.
  uint32_t spawned() const { return spawned_.load(); }
  // Threads running now.
  uint32_t running() const { return running_.load(); }

  // Flushes stdio and ends the process with `status`, at once (std::_Exit: threads still
  // running are not unwound). The first thread to end the process wins; any other waits.
  [[noreturn]] static void ExitProcess(int status);

 private:
  ThreadSpawner(std::shared_ptr<const compile::CompiledModule> module, WasiCtx& ctx, Config config);
  // The imports every thread shares: thread-spawn in `store`, and the memories.
  void DefineShared(interp::Linker& linker, Store& store);
  int32_t Spawn(uint32_t start_arg);
  void RunThread(uint32_t tid, uint32_t start_arg);
  [[noreturn]] void Exit(const Trap& trap);

  struct SharedImport {
    std::string module, name;
    MemoryInstance* memory;
    std::shared_ptr<MemoryInstance> ref;
  };

  std::shared_ptr<const compile::CompiledModule> module_;
  WasiCtx& ctx_;
  Config config_;
  std::vector<SharedImport> memories_;
  std::atomic<uint32_t> next_tid_{1};
  std::atomic<uint32_t> spawned_{0};
  std::atomic<uint32_t> running_{0};
};

}  // namespace wr::wasi
