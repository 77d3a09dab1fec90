// `wasmrun [run]`: see run.h.
//
// Exit status: the guest's proc_exit code (0 when _start returns); 134 after a trap (message
// and wasm backtrace on stderr); 1 when the module cannot be read, decoded, validated or
// linked; 2 for bad flags.
//
// wasi-threads is on: a module importing wasi.thread-spawn gets it, with at most --max-threads
// threads running at once. proc_exit or a trap in any thread ends the process (a trap with
// 134, after printing it), and so does the end of _start.
#include "run.h"

#include <fmt/core.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "values.h"

namespace wr::cli {
namespace {

int LoadError(const std::string& path, const std::string& message) {
  fmt::print(stderr, "wasmrun: {}: {}\n", path, message);
  return kExitLoadError;
}

// An instantiation error, with the flags that help when address space ran out.
int InstantiateError(const std::string& path, const wasmrun::Error& e) {
  LoadError(path, e.ToString());
  if (e.kind == wasmrun::ErrorKind::Instantiate &&
      e.message.find("address space") != std::string::npos) {
    fmt::print(stderr,
               "wasmrun: hint: --small-memory-reservation makes each memory reserve only what "
               "it uses; --max-memory PAGES caps what a memory may grow to (and reserves)\n");
  }
  return kExitLoadError;
}

// The guest's exit status as the process's: proc_exit codes are reported as POSIX does.
int ExitStatus(const wasmrun::Trap& trap) {
  return static_cast<int>(static_cast<uint32_t>(trap.exit_code) & 0xff);
}

// --timeout: a thread that interrupts the store when the time is up, unless the run ended
// first.
class Watchdog {
 public:
  Watchdog(std::optional<double> seconds, wasmrun::InterruptHandle handle) {
    if (!seconds) return;
    const auto limit = std::chrono::duration<double>(*seconds);
    thread_ = std::thread([this, limit, handle] {
      std::unique_lock<std::mutex> lock(mutex_);
      if (!cv_.wait_for(lock, limit, [this] { return done_; })) handle.Interrupt();
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

wasmrun::Config EngineConfig(const Options& o) {
  wasmrun::Config c;
  c.interruptible = o.fuel.has_value() || o.timeout.has_value();  // checks only if asked
  if (o.max_memory_pages != 0) c.limits.max_memory_pages = o.max_memory_pages;
  if (o.small_memory_reservation) c.memory_reservation = wasmrun::MemoryReservation::Small;
  if (o.max_stack != 0) c.limits.max_call_depth = o.max_stack;
  if (o.max_gc_bytes != 0) c.limits.max_gc_bytes = o.max_gc_bytes;
  c.debug_info = !o.no_debug_info;
  return c;
}

}  // namespace

namespace {

// Maps the pages of a large buffer about to be filled in one call, not one page fault each
// (a fault costs microseconds, 13 on the development VM: a 1 MB module took ~250 of them;
// the library does the same for the arrays it fills, src/common/prefault.h).
void PrefaultBuffer(uint8_t* p, size_t n) {
#ifdef MADV_POPULATE_WRITE
  constexpr uintptr_t kPage = 4096;
  if (n < 16 * kPage) return;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(p) + kPage - 1) & ~(kPage - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(p) + n) & ~(kPage - 1);
  if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
#else
  (void)p;
  (void)n;
#endif
}

}  // namespace

bool ReadFile(const std::string& path, std::vector<uint8_t>& out, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    error = std::strerror(errno);
    return false;
  }
  // One read into a buffer of the file's size where it has one (a regular file); pipes and
  // the like grow the buffer as they go.
  struct stat st {};
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    std::fclose(f);
    error = std::strerror(EISDIR);
    return false;
  }
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    out.reserve(static_cast<size_t>(st.st_size) + 1);  // + 1: room for the read that sees EOF
    PrefaultBuffer(out.data(), out.capacity());
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

int PrintTrap(const wasmrun::Trap& trap) {
  std::fflush(stdout);
  // Deep recursion would print thousands of identical lines: the innermost 32 frames.
  fmt::print(stderr, "wasmrun: trap: {}\n{}", trap.message, wasmrun::FormatBacktrace(trap, 32));
  return kExitTrap;
}

int Run(const Options& o, bool* threads) {
  std::vector<uint8_t> bytes;
  std::string io_error;
  if (!ReadFile(o.module_path, bytes, io_error)) {
    return LoadError(o.module_path, "cannot read module: " + io_error);
  }
  const wasmrun::Engine engine(EngineConfig(o));
  auto module = wasmrun::Module::FromBytes(engine, std::move(bytes));
  if (!module) return LoadError(o.module_path, module.error().ToString());

  wasmrun::Store store(engine);
  wasmrun::Linker linker(store);
  // Nothing of the host is visible unless granted: no environment, no directories.
  wasmrun::WasiConfig wasi;
  wasi.args.push_back(o.module_path);
  if (!o.invoke) wasi.args.insert(wasi.args.end(), o.args.begin(), o.args.end());
  wasi.env = o.env;
  for (const Preopen& d : o.dirs) {
    wasmrun::WasiConfig::Preopen& p = wasi.preopens.emplace_back();
    p.host_path = d.host;
    p.guest_path = d.guest;
    p.read_only = d.read_only;
  }
  wasi.preview0 = true;  // only what the module imports from wasi_unstable is defined
  if (auto r = linker.DefineWasi(wasi, *module); !r) {
    if (r.error().kind == wasmrun::ErrorKind::Io) {  // a preopen that cannot be opened
      return UsageError(fmt::format("--dir: {}", r.error().message));
    }
    return LoadError(o.module_path, r.error().ToString());
  }
  if (wasmrun::UsesWasiThreads(*module)) {
    *threads = true;  // conservatively: the start function may spawn
    auto defined = linker.DefineWasiThreads(*module, o.max_threads != 0 ? o.max_threads : 64,
                                            [](const wasmrun::Trap& trap) {
                                              if (!trap.is_exit()) PrintTrap(trap);
                                            });
    if (!defined) return LoadError(o.module_path, defined.error().ToString());
  }

  // The budgets cover the start function too.
  if (o.fuel) {
    if (auto r = store.SetFuel(*o.fuel); !r) return LoadError(o.module_path, r.error().ToString());
  }
  Watchdog watchdog(o.timeout, store.interrupt_handle());
  auto inst = linker.Instantiate(*module);
  if (!inst) {
    const wasmrun::Error& e = inst.error();
    if (e.trap) {
      if (e.trap->is_exit()) return ExitStatus(*e.trap);
      return PrintTrap(*e.trap);
    }
    return InstantiateError(o.module_path, e);
  }

  const std::string entry = o.invoke.value_or("_start");
  std::optional<wasmrun::Extern> ex = inst->GetExport(entry);
  if (!ex || !std::holds_alternative<wasmrun::Func>(*ex)) {
    // A module without _start has run its start function during instantiation.
    if (!o.invoke && !ex) return 0;
    return LoadError(o.module_path, fmt::format("no exported function \"{}\"", entry));
  }
  const wasmrun::Func func = std::get<wasmrun::Func>(*ex);
  const wasmrun::FuncType type = func.type();

  std::vector<wasmrun::Value> args;
  if (o.invoke) {
    if (o.args.size() != type.params.size()) {
      return UsageError(fmt::format("--invoke {}: expected {} argument(s), got {}", entry,
                                    type.params.size(), o.args.size()));
    }
    for (size_t i = 0; i < o.args.size(); ++i) {
      std::optional<wasmrun::Value> v = wasmrun::ParseValue(type.params[i], o.args[i]);
      if (!v) {
        return UsageError(
            fmt::format("--invoke {}: bad argument {}: '{}' is not a value of type {}", entry,
                        i + 1, o.args[i], ToString(type.params[i])));
      }
      args.push_back(std::move(*v));
    }
  } else if (!type.params.empty()) {
    return LoadError(o.module_path, "_start must take no parameters");
  }
  std::vector<wasmrun::Value> results(type.results.size());
  auto r = func.Call(args, results);
  watchdog.Stop();

  if (std::getenv("WASMRUN_GC_STATS") != nullptr) {
    fmt::print(stderr, "wasmrun: gc: {}\n", wasmrun::GcStatsLine(store));
  }
  int status = 0;
  if (!r) {
    status = r.error().is_exit() ? ExitStatus(r.error()) : PrintTrap(r.error());
  } else if (o.invoke) {
    for (const wasmrun::Value& v : results) fmt::print("{}\n", FormatValue(v));
  }
  // The guest has run: the process ends here (stdio flushed), without destroying the instance,
  // the store and the module. The kernel takes their memory back at once, where destructors
  // would free a large module's thousands of per-function records one by one.
  wasmrun::ExitProcess(status);
}

}  // namespace wr::cli
