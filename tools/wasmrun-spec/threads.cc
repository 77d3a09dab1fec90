// The `thread` and `wait` script commands (threads proposal):
//
//   (thread $T (shared (module $M))* cmd*)   runs cmd* on a new std::thread
//   (wait $T)                                joins $T and reports its assertions
//
// A thread gets a runner of its own, with a new store (one store is used by one thread at a
// time). The modules it shares are visible under their names: it may register them, so that its
// own modules import their exports (a shared memory, which then lives in both stores), but it
// may not invoke them, since they belong to the script's store.
#include <set>
#include <thread>

#include "runner.h"

namespace wr::spec {

struct ScriptRunner::Threads {
  struct Running {
    std::unique_ptr<ScriptRunner> runner;
    text::Script script;
    std::vector<Outcome> outcomes;
    std::thread thread;
  };
  std::map<std::string, std::unique_ptr<Running>> running;
  std::set<const Instance*> foreign;  // of this runner: instances shared by its parent

  ~Threads() {
    for (auto& [name, r] : running) {
      if (r->thread.joinable()) r->thread.join();
    }
  }
};

bool ScriptRunner::IsForeign(const Instance* inst) const {
  return threads_ != nullptr && threads_->foreign.count(inst) != 0;
}

Outcome ScriptRunner::Thread(const text::Command& cmd) {
  Outcome o;
  if (!threads_) threads_ = std::make_shared<Threads>();
  const std::string name = cmd.thread_name.value_or("");
  if (threads_->running.count(name)) {
    o.detail = "thread $" + name + " is already running";
    return o;
  }
  auto r = std::make_unique<Threads::Running>();
  r->runner = std::make_unique<ScriptRunner>(config_, verbose_);
  r->runner->threads_ = std::make_shared<Threads>();
  for (const std::string& m : cmd.shared_modules) {
    std::string error;
    Instance* inst = FindInstance(m, error);
    if (inst == nullptr) {
      o.detail = error;
      return o;
    }
    r->runner->named_[m] = inst;
    r->runner->threads_->foreign.insert(inst);
  }
  r->script.commands = cmd.thread_commands;
  Threads::Running* run = r.get();
  run->thread = std::thread([run] { run->outcomes = run->runner->Run(run->script); });
  threads_->running[name] = std::move(r);
  o.passed = true;
  return o;
}

Outcome ScriptRunner::Wait(const text::Command& cmd) {
  Outcome o;
  const std::string name = cmd.thread_name.value_or("");
  auto it = threads_ ? threads_->running.find(name) : decltype(threads_->running.end()){};
  if (!threads_ || it == threads_->running.end()) {
    o.detail = "unknown thread $" + name;
    return o;
  }
  it->second->thread.join();
  const std::unique_ptr<Threads::Running> run = std::move(it->second);
  threads_->running.erase(it);
  // The thread's passed and skipped assertions count in this script's totals; `wait` passes
  // if all of them passed (and fails once, naming the first failure, if not).
  const RunStats& s = run->runner->stats();
  stats_.passed += s.passed;
  stats_.skipped += s.skipped;
  for (const auto& [kind, n] : s.skipped_by_kind) stats_.skipped_by_kind[kind] += n;
  uint32_t failed = 0;
  for (const Outcome& t : run->outcomes) {
    if (t.passed) continue;
    if (failed++ == 0) {
      o.detail =
          "thread $" + name + ": line " + std::to_string(t.line) + ": " + t.what + ": " + t.detail;
    }
  }
  if (failed > 1) o.detail += " (and " + std::to_string(failed - 1) + " more)";
  o.passed = failed == 0;
  return o;
}

}  // namespace wr::spec
