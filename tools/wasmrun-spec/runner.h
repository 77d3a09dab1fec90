// Runs one .wast script against the engine and counts its assertions.
//
// Every command but the unsupported ones is an assertion: a module must load (decode,
// validate, compile, link, instantiate), an action must not trap, and each assert_* must
// hold. A command that fails is reported with the file, line, command and expected vs actual.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "binary/reader.h"
#include "interp/linker.h"
#include "runtime/store.h"
#include "text/wast.h"
#include "valid/custom_sections.h"
#include "valid/env.h"
#include "valid/validator.h"

namespace wr::spec {

struct Outcome {
  uint32_t line = 0;
  bool passed = false;
  std::string what;    // the command, e.g. "assert_return (invoke \"f\")"
  std::string detail;  // why it failed
  std::string reason;  // a one-word guess at the cause, for expected-failures
};

struct RunStats {
  uint32_t passed = 0;
  uint32_t failed = 0;
  uint32_t skipped = 0;
  std::map<std::string, uint32_t> skipped_by_kind;  // command keyword -> count
};

// What the engine accepts: the validator's features, and the binary encodings of proposals
// (custom page sizes, shared memories) that the decoder otherwise rejects as malformed.
struct RunnerConfig {
  valid::Options options;
  bool shared_memory = false;
  // Lower every function at its first call, as a module of over 64 KiB of code is: validation
  // then runs with the lowering's screen only, on the validator's fused path, and each body is
  // validated again when it is lowered.
  bool lazy_lowering = false;
};

class ScriptRunner {
 public:
  explicit ScriptRunner(RunnerConfig config, bool verbose);

  // Runs `script` (parsed from `file`) and returns one outcome per assertion.
  std::vector<Outcome> Run(const text::Script& script);
  const RunStats& stats() const { return stats_; }

 private:
  struct LoadedModule;
  struct ActionResult;

  Outcome RunCommand(const text::Command& cmd);
  Outcome Module(const text::Command& cmd);
  Outcome ModuleInstance(const text::Command& cmd);
  Outcome Register(const text::Command& cmd);
  Outcome AssertReturn(const text::Command& cmd);
  Outcome AssertTrap(const text::Command& cmd, bool exhaustion);
  Outcome AssertException(const text::Command& cmd);
  Outcome AssertRejected(const text::Command& cmd);
  Outcome AssertCustomRejected(const text::Command& cmd);
  Outcome AssertModuleFails(const text::Command& cmd);
  Outcome PlainAction(const text::Command& cmd);
  // threads.cc: `thread` runs its commands on a std::thread with a runner (and store) of its
  // own; `wait` joins it and reports its assertions.
  struct Threads;
  Outcome Thread(const text::Command& cmd);
  Outcome Wait(const text::Command& cmd);
  bool IsForeign(const Instance* inst) const;

  ActionResult RunAction(const text::Action& action);
  // Subtyping and hierarchies for types of `m` (an empty module for host functions).
  const valid::ModuleEnv& EnvFor(const wr::Module* m);
  Instance* FindInstance(const std::optional<std::string>& name, std::string& error);

  valid::Options options_;
  binary::ReadOptions read_options_;
  bool verbose_;
  std::unique_ptr<Store> store_;
  interp::Linker linker_;
  std::map<std::string, Instance*> named_;
  std::map<std::string, std::shared_ptr<const compile::CompiledModule>> definitions_;
  Instance* latest_ = nullptr;
  std::string last_module_reason_ = "bug";
  std::map<const wr::Module*, std::unique_ptr<valid::ModuleEnv>> envs_;
  wr::Module empty_module_;
  RunStats stats_;
  RunnerConfig config_;
  std::shared_ptr<Threads> threads_;  // created by the first `thread`; joins them all when gone
};

}  // namespace wr::spec
