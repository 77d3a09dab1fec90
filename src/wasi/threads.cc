#include "wasi/threads.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <system_error>
#include <thread>

#include "interp/interpreter.h"
#include "runtime/memory.h"
#include "wasi/preview0.h"
#include "wasi/preview1.h"

namespace wr::wasi {

namespace {

constexpr int32_t kErrAgain = -6;         // -EAGAIN (WASI errno 6)
constexpr uint32_t kMaxTid = 0x1FFFFFFF;  // thread ids are positive and leave the top bits free

}  // namespace

std::shared_ptr<ThreadSpawner> ThreadSpawner::Create(
    std::shared_ptr<const compile::CompiledModule> module, WasiCtx& ctx, Config config) {
  return std::shared_ptr<ThreadSpawner>(
      new ThreadSpawner(std::move(module), ctx, std::move(config)));
}

ThreadSpawner::ThreadSpawner(std::shared_ptr<const compile::CompiledModule> module, WasiCtx& ctx,
                             Config config)
    : module_(std::move(module)), ctx_(ctx), config_(std::move(config)) {}

bool ThreadSpawner::Wants(const Module& module) {
  for (const Import& im : module.imports) {
    if (im.kind == ExternKind::Func && im.module == kThreadsModule && im.name == "thread-spawn") {
      return true;
    }
    if (im.kind == ExternKind::Memory && im.memory.limits.shared) return true;
  }
  return false;
}

Result<void> ThreadSpawner::DefineMain(interp::Linker& linker, Store& store) {
  for (const Import& im : module_->module.imports) {
    if (im.kind != ExternKind::Memory || !im.memory.limits.shared) continue;
    WR_TRY(auto created, MemoryInstance::Create(im.memory, store.limits().max_memory_pages));
    MemoryInstance* m = store.AddMemory(std::move(created));
    memories_.push_back({im.module, im.name, m, m->shared_from_this()});
  }
  DefineShared(linker, store);
  return {};
}

void ThreadSpawner::DefineShared(interp::Linker& linker, Store& store) {
  std::shared_ptr<ThreadSpawner> self = shared_from_this();
  FuncType type{{ValType::I32()}, {ValType::I32()}};
  linker.DefineHostFunc(store, kThreadsModule, "thread-spawn", type,
                        [self](HostContext&, std::span<const uint64_t> args,
                               std::span<uint64_t> results) -> Expected<void, Trap> {
                          const int32_t tid = self->Spawn(static_cast<uint32_t>(args[0]));
                          results[0] = static_cast<uint32_t>(tid);
                          return {};
                        });
  for (const SharedImport& m : memories_) {
    linker.Define(m.module, m.name, Extern{ExternKind::Memory, m.memory});
  }
}

int32_t ThreadSpawner::Spawn(uint32_t start_arg) {
  uint32_t n = running_.load();
  do {
    if (n >= config_.max_threads) return kErrAgain;
  } while (!running_.compare_exchange_weak(n, n + 1));
  const uint32_t tid = next_tid_.fetch_add(1);
  if (tid > kMaxTid) {
    running_.fetch_sub(1);
    return kErrAgain;
  }
  std::shared_ptr<ThreadSpawner> self = shared_from_this();
  try {
    std::thread([self, tid, start_arg] { self->RunThread(tid, start_arg); }).detach();
  } catch (const std::system_error&) {  // the host cannot create another thread
    running_.fetch_sub(1);
    return kErrAgain;
  }
  spawned_.fetch_add(1);
  return static_cast<int32_t>(tid);
}

void ThreadSpawner::RunThread(uint32_t tid, uint32_t start_arg) {
  {
    Store store(config_.limits);
    interp::Linker linker;
    auto reg = RegisterPreview1(linker, store, ctx_, module_->module);
    if (reg) reg = RegisterPreview0(linker, store, ctx_, module_->module);
    if (!reg) Exit(Trap::Host("thread " + std::to_string(tid) + ": " + reg.error().ToString()));
    DefineShared(linker, store);
    auto inst = linker.Instantiate(store, module_);
    if (!inst) {
      if (inst.error().is_trap()) Exit(inst.error().trap());
      Exit(Trap::Host("thread " + std::to_string(tid) +
                      ": cannot instantiate: " + inst.error().error().ToString()));
    }
    auto ex = (*inst)->exports.find("wasi_thread_start");
    if (ex == (*inst)->exports.end() || ex->second.kind != ExternKind::Func) {
      Exit(Trap::Host("thread " + std::to_string(tid) + ": no exported wasi_thread_start"));
    }
    FuncInstance* start = ex->second.func();
    const FuncType& t = *start->type;
    if (t.params.size() != 2 || t.params[0] != ValType::I32() || t.params[1] != ValType::I32() ||
        !t.results.empty()) {
      Exit(Trap::Host("thread " + std::to_string(tid) +
                      ": wasi_thread_start must have type [i32 i32] -> []"));
    }
    const uint64_t args[2] = {tid, start_arg};
    auto r = interp::Invoke(store, start, args, {});
    if (!r) Exit(r.error());
  }
  running_.fetch_sub(1);
}

namespace {
std::mutex g_exit_mutex;  // held by the thread that ends the process, never released
}  // namespace

void ThreadSpawner::ExitProcess(int status) {
  g_exit_mutex.lock();
  std::fflush(nullptr);
  std::_Exit(status);
}

void ThreadSpawner::Exit(const Trap& trap) {
  g_exit_mutex.lock();
  if (config_.on_exit) {
    config_.on_exit(trap);
  } else if (!trap.is_exit()) {
    std::fflush(stdout);
    std::fprintf(stderr, "wasmrun: trap: %s\n", trap.Message().c_str());
  }
  std::fflush(nullptr);
  std::_Exit(trap.is_exit() ? static_cast<int>(static_cast<uint32_t>(trap.exit_code) & 0xff) : 134);
}

}  // namespace wr::wasi
