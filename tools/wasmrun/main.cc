// wasmrun: load a module (binary or text), give it WASI preview1 with exactly the
// capabilities granted on the command line, and run _start or an --invoke'd export.
//
// Exit status: the guest's proc_exit code (0 when _start returns); 134 after a trap (message
// and wasm backtrace on stderr); 1 when the module cannot be read, decoded, validated or
// linked; 2 for bad flags.
//
// wasi-threads is on: a module importing wasi.thread-spawn gets it (wasi/threads.h), with at
// most --max-threads threads running at once. proc_exit or a trap in any thread ends the
// process (a trap with 134, after printing it), and so does the end of _start.
#include <fmt/core.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/impl.h"
#include "binary/reader.h"
#include "compile/compiled_module.h"
#include "compile/features.h"
#include "interp/interpreter.h"
#include "interp/linker.h"
#include "options.h"
#include "runtime/store.h"
#include "text/wat.h"
#include "values.h"
#include "wasi/ctx.h"
#include "wasi/preview0.h"
#include "wasi/preview1.h"
#include "wasi/threads.h"
#include "wasmrun/value.hpp"

namespace wr::cli {
namespace {

constexpr int kExitTrap = 134;
constexpr int kExitLoadError = 1;
constexpr int kExitUsage = 2;

int LoadError(const std::string& path, const std::string& message) {
  fmt::print(stderr, "wasmrun: {}: {}\n", path, message);
  return kExitLoadError;
}

bool ReadFile(const std::string& path, std::vector<uint8_t>& out, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    error = std::strerror(errno);
    return false;
  }
  // One read into a buffer of the file's size where it has one (a regular file); pipes and
  // the like grow the buffer as they go.
  struct stat st {};
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    out.reserve(static_cast<size_t>(st.st_size) + 1);  // + 1: room for the read that sees EOF
  }
  size_t n = 0;
  do {
    if (out.size() == out.capacity()) out.reserve(std::max<size_t>(65536, out.capacity() * 2));
    const size_t old = out.size();
    out.resize(out.capacity());
    n = std::fread(out.data() + old, 1, out.size() - old, f);
    out.resize(old + n);
  } while (n > 0);
  bool ok = std::ferror(f) == 0;
  if (!ok) error = std::strerror(errno);
  std::fclose(f);
  return ok;
}

bool IsBinary(const std::vector<uint8_t>& bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), "\0asm", 4) == 0;
}

// --no-debug-info: backtraces without source lines (read by every thread's trap report).
bool g_debug_info = true;

int ReportTrap(const Trap& trap) {
  std::fflush(stdout);
  // The public API's formatter; deep recursion would print thousands of identical lines:
  // show the innermost ones.
  constexpr size_t kMaxFrames = 32;
  const wasmrun::Trap shown = wasmrun::detail::ToPublic(trap, nullptr, g_debug_info);
  fmt::print(stderr, "wasmrun: trap: {}\n{}", shown.message,
             wasmrun::FormatBacktrace(shown, kMaxFrames));
  return kExitTrap;
}

// The guest's exit status as the process's: proc_exit codes are reported as POSIX does.
int ExitStatus(const Trap& trap) {
  return static_cast<int>(static_cast<uint32_t>(trap.exit_code) & 0xff);
}

// --timeout: a thread that sets the store's interrupt flag when the time is up, unless the run
// ended first.
class Watchdog {
 public:
  Watchdog(std::optional<double> seconds, std::shared_ptr<std::atomic<bool>> flag) {
    if (!seconds || !flag) return;
    const auto limit = std::chrono::duration<double>(*seconds);
    thread_ = std::thread([this, limit, flag] {
      std::unique_lock<std::mutex> lock(mutex_);
      if (!cv_.wait_for(lock, limit, [this] { return done_; })) flag->store(true);
    });
  }
  ~Watchdog() { Stop(); }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  void Stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

int Run(const Options& o, bool* spawned) {
  g_debug_info = !o.no_debug_info;
  std::vector<uint8_t> bytes;
  std::string io_error;
  if (!ReadFile(o.module_path, bytes, io_error)) {
    return LoadError(o.module_path, "cannot read module: " + io_error);
  }
  if (!IsBinary(bytes)) {
    std::string_view source(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    auto wasm = text::ParseWat(source);
    if (!wasm) return LoadError(o.module_path, wasm.error().ToString());
    bytes = std::move(*wasm);
  }
  auto module = binary::ReadModule(bytes);
  if (!module) return LoadError(o.module_path, module.error().ToString());
  valid::Options vopts;
  vopts.features = compile::SupportedFeatures();
  compile::CompileOptions copts;
  copts.interruptible = o.fuel.has_value() || o.timeout.has_value();  // checks only if asked
  auto compiled = compile::CompileModule(std::move(*module), vopts, copts);
  if (!compiled) return LoadError(o.module_path, compiled.error().ToString());

  StoreLimits limits;
  if (o.max_memory_pages != 0) limits.max_memory_pages = o.max_memory_pages;
  limits.small_memory_reservation = o.small_memory_reservation;
  if (o.max_stack != 0) limits.max_call_depth = o.max_stack;
  if (o.max_gc_bytes != 0) limits.max_gc_bytes = o.max_gc_bytes;
  Store store(limits);

  // Nothing of the host is visible unless granted: no environment, no directories.
  wasi::WasiCtx ctx;
  std::vector<std::string> guest_args;
  guest_args.push_back(o.module_path);
  if (!o.invoke) guest_args.insert(guest_args.end(), o.args.begin(), o.args.end());
  ctx.set_args(std::move(guest_args));
  ctx.set_env(o.env);
  for (const Preopen& d : o.dirs) {
    auto r = ctx.PreopenDir(d.host, d.guest, d.read_only);
    if (!r) {
      fmt::print(stderr, "wasmrun: --dir {}: {}\n", d.host, r.error().message);
      return kExitUsage;
    }
  }
  interp::Linker linker;
  auto reg = wasi::RegisterPreview1(linker, store, ctx, (*compiled)->module);
  if (reg) reg = wasi::RegisterPreview0(linker, store, ctx, (*compiled)->module);
  if (!reg) return LoadError(o.module_path, reg.error().ToString());
  std::shared_ptr<wasi::ThreadSpawner> threads;
  if (wasi::ThreadSpawner::Wants((*compiled)->module)) {
    wasi::ThreadSpawner::Config tc;
    if (o.max_threads != 0) tc.max_threads = o.max_threads;
    tc.limits = limits;
    tc.on_exit = [](const Trap& trap) {
      if (!trap.is_exit()) ReportTrap(trap);
    };
    threads = wasi::ThreadSpawner::Create(*compiled, ctx, std::move(tc));
    *spawned = true;  // conservatively: the start function may spawn
    auto defined = threads->DefineMain(linker, store);
    if (!defined) return LoadError(o.module_path, defined.error().ToString());
  }

  // The budgets cover the start function too.
  if (o.fuel) interp::SetFuel(store, *o.fuel);
  Watchdog watchdog(o.timeout, interp::InterruptFlag(store));
  auto inst = linker.Instantiate(store, *compiled);
  if (!inst) {
    const interp::InstantiateError& e = inst.error();
    if (e.is_trap()) {
      if (e.trap().is_exit()) return ExitStatus(e.trap());
      return ReportTrap(e.trap());
    }
    return LoadError(o.module_path, e.error().ToString());
  }
  Instance* instance = *inst;

  std::string entry = o.invoke.value_or("_start");
  auto ex = instance->exports.find(entry);
  if (ex == instance->exports.end() || ex->second.kind != ExternKind::Func) {
    if (!o.invoke) {
      // A module without _start has run its start function during instantiation.
      if (ex == instance->exports.end()) return 0;
    }
    return LoadError(o.module_path, fmt::format("no exported function \"{}\"", entry));
  }
  FuncInstance* func = ex->second.func();
  const FuncType& type = func->type;

  std::vector<uint64_t> args;
  if (o.invoke) {
    if (o.args.size() != type.params.size()) {
      fmt::print(stderr, "wasmrun: --invoke {}: expected {} argument(s), got {}\n", entry,
                 type.params.size(), o.args.size());
      return kExitUsage;
    }
    for (size_t i = 0; i < o.args.size(); ++i) {
      if (!ParseArg(type.params[i], o.args[i], args)) {
        fmt::print(stderr, "wasmrun: --invoke {}: bad argument {}: '{}'\n", entry, i + 1,
                   o.args[i]);
        return kExitUsage;
      }
    }
  } else if (!type.params.empty()) {
    return LoadError(o.module_path, "_start must take no parameters");
  }
  size_t result_slots = 0;
  for (const ValType& t : type.results) result_slots += SlotCount(t);
  std::vector<uint64_t> results(result_slots);

  auto r = interp::Invoke(store, func, args, results);
  watchdog.Stop();

  if (std::getenv("WASMRUN_GC_STATS") != nullptr) {
    fmt::print(stderr, "wasmrun: gc: {}\n", store.gc().stats().ToString());
  }
  if (!r) {
    if (r.error().is_exit()) return ExitStatus(r.error());
    return ReportTrap(r.error());
  }
  if (o.invoke) {
    size_t slot = 0;
    for (const ValType& t : type.results) {
      fmt::print("{}\n", FormatValue(t, results.data() + slot));
      slot += SlotCount(t);
    }
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace
}  // namespace wr::cli

int main(int argc, char** argv) {
  wr::cli::ParseOutcome parsed = wr::cli::ParseOptions(argc, argv);
  if (!parsed.options) return parsed.exit_code;
  bool spawned = false;
  const int status = wr::cli::Run(*parsed.options, &spawned);
  if (spawned) {
    // Threads the guest spawned may still run: the process ends here, as WASI's does when
    // _start returns, without destroying what they use (and after a thread that is ending
    // the process already).
    wr::wasi::ThreadSpawner::ExitProcess(status);
  }
  return status;
}
