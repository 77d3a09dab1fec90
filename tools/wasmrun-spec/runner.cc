#include "runner.h"

#include <fmt/format.h>

#include <cstdio>

#include "binary/reader.h"
#include "compile/compiled_module.h"
#include "interp/interpreter.h"
#include "ir/opcode.h"
#include "spectest.h"
#include "values.h"

namespace wr::spec {

namespace {

std::string Quote(const std::string& s) {
  return "\"" + s + "\"";
}

std::string Describe(const text::Command& cmd) {
  using CK = text::CommandKind;
  auto action = [&] {
    const auto& a = cmd.action;
    return fmt::format("({} {}{})", a.kind == text::Action::Kind::Invoke ? "invoke" : "get",
                       a.module ? "$" + *a.module + " " : "", Quote(a.name));
  };
  switch (cmd.kind) {
    case CK::Module: return "module";
    case CK::ModuleInstance: return "module instance";
    case CK::Register: return "register " + Quote(cmd.register_name);
    case CK::Action: return action();
    case CK::AssertReturn: return "assert_return " + action();
    case CK::AssertTrap: return "assert_trap " + action();
    case CK::AssertTrapModule: return "assert_trap (module)";
    case CK::AssertExhaustion: return "assert_exhaustion " + action();
    case CK::AssertException: return "assert_exception " + action();
    case CK::AssertInvalid: return "assert_invalid";
    case CK::AssertMalformed: return "assert_malformed";
    case CK::AssertMalformedCustom: return "assert_malformed_custom";
    case CK::AssertInvalidCustom: return "assert_invalid_custom";
    case CK::AssertUnlinkable: return "assert_unlinkable";
    case CK::AssertUninstantiable: return "assert_uninstantiable";
    case CK::Thread: return "thread $" + cmd.thread_name.value_or("");
    case CK::Wait: return "wait $" + cmd.thread_name.value_or("");
    case CK::Unsupported: return cmd.head;
  }
  return "?";
}

const char* FeatureName(Feature f) {
  switch (f) {
    case Feature::Gc: return "gc";
    case Feature::Exceptions: return "exceptions";
    case Feature::FuncRefs: return "func-refs";
    case Feature::TailCall: return "tail-call";
    case Feature::RelaxedSimd: return "relaxed-simd";
    case Feature::Simd: return "simd";
    case Feature::RefTypes: return "ref-types";
    case Feature::BulkMemory: return "bulk-memory";
    default: return "bug";
  }
}

// A one-word guess at what a failure needs: the feature of an instruction the interpreter
// cannot run yet ("... not supported by the interpreter: ref.eq"), else "bug".
std::string ReasonFrom(const std::string& message) {
  const std::string marker = "not supported by the interpreter: ";
  const size_t at = message.find(marker);
  if (at != std::string::npos) {
    std::string op = message.substr(at + marker.size());
    op = op.substr(0, op.find_first_of(" \n"));
    if (auto code = LookupOpcodeText(op)) return FeatureName(GetOpInfo(*code).feature);
  }
  if (message.find("table64") != std::string::npos) return "memory64";
  return "bug";
}

// The reference interpreter's rule: the expected text is a prefix of the engine's message.
bool MessageMatches(const std::string& expected, const std::string& actual) {
  return actual.compare(0, expected.size(), expected) == 0;
}

}  // namespace

// A module that loaded (compiled; instantiated unless it is a definition).
struct ScriptRunner::LoadedModule {
  std::shared_ptr<const compile::CompiledModule> compiled;
  Instance* instance = nullptr;
};

struct ScriptRunner::ActionResult {
  bool ok = false;       // ran to completion
  bool trapped = false;  // ran and trapped (then `trap` is set)
  Trap trap;
  std::string error;           // could not run (no such module or export, bad args)
  std::vector<ValType> types;  // result types
  std::vector<HeapKind> tops;  // for references: the top of each result's hierarchy
  std::vector<uint64_t> slots;
};

ScriptRunner::ScriptRunner(RunnerConfig config, bool verbose)
    : options_(config.options),
      verbose_(verbose),
      store_(std::make_unique<Store>()),
      config_(config) {
  read_options_.custom_page_sizes = options_.features.custom_page_sizes;
  read_options_.shared_memory = config.shared_memory;
  DefineSpectest(linker_, *store_);
}

std::vector<Outcome> ScriptRunner::Run(const text::Script& script) {
  std::vector<Outcome> outcomes;
  for (const text::Command& cmd : script.commands) {
    if (cmd.kind == text::CommandKind::Unsupported) {
      ++stats_.skipped;
      ++stats_.skipped_by_kind[cmd.head];
      continue;
    }
    Outcome o = RunCommand(cmd);
    o.line = cmd.line;
    if (o.what.empty()) o.what = Describe(cmd);
    if (!o.passed && o.reason.empty()) {
      // Commands that failed because their module did not load share its reason.
      const bool follow_on = o.detail.find("no module instantiated") != std::string::npos ||
                             o.detail.find("unknown module") != std::string::npos;
      o.reason = follow_on ? last_module_reason_ : ReasonFrom(o.detail);
    }
    if (!o.passed && cmd.kind == text::CommandKind::Module) last_module_reason_ = o.reason;
    (o.passed ? stats_.passed : stats_.failed)++;
    outcomes.push_back(std::move(o));
  }
  return outcomes;
}

Outcome ScriptRunner::RunCommand(const text::Command& cmd) {
  using CK = text::CommandKind;
  switch (cmd.kind) {
    case CK::Module: return Module(cmd);
    case CK::ModuleInstance: return ModuleInstance(cmd);
    case CK::Register: return Register(cmd);
    case CK::Action: return PlainAction(cmd);
    case CK::AssertReturn: return AssertReturn(cmd);
    case CK::AssertTrap: return AssertTrap(cmd, false);
    case CK::AssertExhaustion: return AssertTrap(cmd, true);
    case CK::AssertException: return AssertException(cmd);
    case CK::AssertInvalid:
    case CK::AssertMalformed: return AssertRejected(cmd);
    case CK::AssertMalformedCustom:
    case CK::AssertInvalidCustom: return AssertCustomRejected(cmd);
    case CK::AssertTrapModule:
    case CK::AssertUnlinkable:
    case CK::AssertUninstantiable: return AssertModuleFails(cmd);
    case CK::Thread: return Thread(cmd);
    case CK::Wait: return Wait(cmd);
    case CK::Unsupported: break;
  }
  return Outcome{};
}

namespace {

// Encode + decode + validate/compile; the error's phase says which stage failed.
Result<std::shared_ptr<const compile::CompiledModule>> CompileSource(
    const text::ModuleSource& src, const valid::Options& options,
    const binary::ReadOptions& read_options, bool lazy_lowering) {
  WR_TRY(auto bytes, src.Encode());
  WR_TRY(Module module, binary::ReadModule(bytes, read_options));
  compile::CompileOptions compile_options;
  if (lazy_lowering) compile_options.eager_lowering_max_code_bytes = 0;
  return compile::CompileModule(std::move(module), options, compile_options);
}

}  // namespace

Outcome ScriptRunner::Module(const text::Command& cmd) {
  Outcome o;
  auto compiled = CompileSource(cmd.module, options_, read_options_, config_.lazy_lowering);
  if (!compiled) {
    o.detail = compiled.error().ToString();
    if (cmd.module.name) named_.erase(*cmd.module.name);
    latest_ = nullptr;
    return o;
  }
  if (cmd.module.is_definition) {
    definitions_[cmd.module.name.value_or("")] = *compiled;
    o.passed = true;
    return o;
  }
  auto inst = linker_.Instantiate(*store_, *compiled);
  if (!inst) {
    o.detail = "instantiation failed: " + inst.error().Message();
    if (cmd.module.name) named_.erase(*cmd.module.name);
    latest_ = nullptr;
    return o;
  }
  latest_ = *inst;
  if (cmd.module.name) named_[*cmd.module.name] = latest_;
  definitions_[cmd.module.name.value_or("")] = *compiled;
  o.passed = true;
  return o;
}

Outcome ScriptRunner::ModuleInstance(const text::Command& cmd) {
  Outcome o;
  auto it = definitions_.find(cmd.module_ref.value_or(""));
  if (it == definitions_.end()) {
    o.detail = "unknown module definition";
    return o;
  }
  auto inst = linker_.Instantiate(*store_, it->second);
  if (!inst) {
    o.detail = "instantiation failed: " + inst.error().Message();
    return o;
  }
  latest_ = *inst;
  if (cmd.instance_name) named_[*cmd.instance_name] = latest_;
  o.passed = true;
  return o;
}

Outcome ScriptRunner::Register(const text::Command& cmd) {
  Outcome o;
  std::string error;
  Instance* inst = FindInstance(cmd.module_ref, error);
  if (!inst) {
    o.detail = error;
    return o;
  }
  linker_.DefineInstance(cmd.register_name, *inst);
  o.passed = true;
  return o;
}

Instance* ScriptRunner::FindInstance(const std::optional<std::string>& name, std::string& error) {
  if (!name) {
    if (!latest_) error = "no module instantiated";
    return latest_;
  }
  auto it = named_.find(*name);
  if (it == named_.end()) {
    error = "unknown module $" + *name;
    return nullptr;
  }
  return it->second;
}

const valid::ModuleEnv& ScriptRunner::EnvFor(const wr::Module* m) {
  if (m == nullptr) m = &empty_module_;
  auto& env = envs_[m];
  if (!env) {
    env = std::make_unique<valid::ModuleEnv>(*m, options_.features);
    (void)env->Init();  // the module validated already
  }
  return *env;
}

ScriptRunner::ActionResult ScriptRunner::RunAction(const text::Action& action) {
  ActionResult r;
  Instance* inst = FindInstance(action.module, r.error);
  if (!inst) return r;
  if (IsForeign(inst)) {
    r.error = "a thread cannot invoke a shared module (it belongs to another thread's store)";
    return r;
  }
  auto exp = inst->exports.find(action.name);
  if (exp == inst->exports.end()) {
    r.error = "unknown export " + Quote(action.name);
    return r;
  }
  auto tops_of = [&](const wr::Module* m) {
    const valid::ModuleEnv& env = EnvFor(m);
    for (const ValType& t : r.types) r.tops.push_back(t.is_ref() ? env.TopOf(t) : HeapKind::Any);
  };
  if (action.kind == text::Action::Kind::Get) {
    if (exp->second.kind != ExternKind::Global) {
      r.error = "export is not a global";
      return r;
    }
    const GlobalInstance* g = exp->second.global();
    r.types = {g->type.type};
    r.slots = {g->value[0], g->value[1]};
    tops_of(g->module);
    r.ok = true;
    return r;
  }
  if (exp->second.kind != ExternKind::Func) {
    r.error = "export is not a function";
    return r;
  }
  FuncInstance* f = exp->second.func();
  const wr::Module* m = f->instance != nullptr ? f->instance->module : nullptr;
  // As the reference runner: the arguments must be as many as the parameters, and each of a
  // type that matches its parameter's; otherwise the script itself is wrong.
  if (action.args.size() != f->type->params.size()) {
    r.error = fmt::format("wrong number of arguments: {} for {} parameters", action.args.size(),
                          f->type->params.size());
    return r;
  }
  std::vector<uint64_t> args;
  for (size_t i = 0; i < action.args.size(); ++i) {
    const text::Value& v = action.args[i];
    const std::optional<ValType> type = ArgType(v);
    if (!type || !EnvFor(m).Matches(*type, f->type->params[i])) {
      r.error = fmt::format("wrong type of argument {}: {} for a parameter of type {}", i,
                            FormatExpected(v), ToString(f->type->params[i]));
      return r;
    }
    if (!ArgToSlots(v, *store_, args)) {
      r.error = "unsupported argument " + FormatExpected(v);
      return r;
    }
  }
  size_t result_slots = 0;
  for (const ValType& t : f->type->results) result_slots += t.slots();
  r.types = f->type->results;
  tops_of(m);
  r.slots.assign(result_slots + 1, 0);  // +1: never an empty span
  auto result = interp::Invoke(*store_, f, args, std::span(r.slots.data(), result_slots));
  if (!result) {
    r.trapped = true;
    r.trap = std::move(result).error();
    return r;
  }
  r.ok = true;
  return r;
}

Outcome ScriptRunner::PlainAction(const text::Command& cmd) {
  Outcome o;
  ActionResult r = RunAction(cmd.action);
  if (r.ok) {
    o.passed = true;
  } else {
    o.detail = r.trapped ? "trap: " + r.trap.Message() : r.error;
  }
  return o;
}

Outcome ScriptRunner::AssertReturn(const text::Command& cmd) {
  Outcome o;
  ActionResult r = RunAction(cmd.action);
  if (!r.ok) {
    o.detail = r.trapped ? "trap: " + r.trap.Message() : r.error;
    return o;
  }
  if (r.types.size() != cmd.expected.size()) {
    o.detail = fmt::format("expected {} results, got {}", cmd.expected.size(), r.types.size());
    return o;
  }
  size_t slot = 0;
  std::string got, want;
  bool all = true;
  for (size_t i = 0; i < r.types.size(); ++i) {
    const uint64_t* s = r.slots.data() + slot;
    if (!Matches(cmd.expected[i], r.types[i], r.tops[i], s)) all = false;
    if (i) {
      got += ' ';
      want += ' ';
    }
    got += FormatResult(r.types[i], r.tops[i], s);
    want += FormatExpected(cmd.expected[i]);
    slot += r.types[i].slots();
  }
  o.passed = all;
  if (!all) o.detail = "expected " + want + ", got " + got;
  return o;
}

Outcome ScriptRunner::AssertTrap(const text::Command& cmd, bool exhaustion) {
  Outcome o;
  ActionResult r = RunAction(cmd.action);
  if (!r.trapped) {
    o.detail = r.ok ? "expected trap \"" + cmd.message + "\", returned normally" : r.error;
    return o;
  }
  const std::string actual = r.trap.Message();
  // Traps, stack exhaustion and uncaught exceptions are three outcomes, not one.
  if (exhaustion && r.trap.code != TrapCode::CallStackExhausted) {
    o.detail = "expected stack exhaustion, got trap: " + actual;
    return o;
  }
  if (!exhaustion && r.trap.code == TrapCode::CallStackExhausted) {
    o.detail = "expected trap \"" + cmd.message + "\", got stack exhaustion";
    return o;
  }
  if (!exhaustion && r.trap.code == TrapCode::UncaughtException) {
    o.detail = "expected trap \"" + cmd.message + "\", got an uncaught exception";
    return o;
  }
  // The expected text is a prefix of (or equal to) the engine's message.
  if (actual.compare(0, cmd.message.size(), cmd.message) != 0) {
    o.detail = "expected trap \"" + cmd.message + "\", got \"" + actual + "\"";
    return o;
  }
  o.passed = true;
  return o;
}

Outcome ScriptRunner::AssertException(const text::Command& cmd) {
  Outcome o;
  ActionResult r = RunAction(cmd.action);
  if (r.trapped && r.trap.code == TrapCode::UncaughtException) {
    o.passed = true;
  } else {
    o.detail = r.trapped ? "expected an exception, got trap: " + r.trap.Message()
                         : (r.ok ? "expected an exception, returned normally" : r.error);
  }
  return o;
}

namespace {

// The verdict on a module that was rejected, as `expected` ("malformed", "invalid", ...):
// at the right stage, and with the expected message as a prefix of the engine's.
Outcome Rejection(const text::Command& cmd, std::string_view expected, bool right_stage,
                  const Error& e) {
  Outcome o;
  if (!right_stage) {
    o.detail = fmt::format("expected {} \"{}\", but the {} stage rejected it: {}", expected,
                           cmd.message, PhaseName(e.phase), e.message);
  } else if (!MessageMatches(cmd.message, e.message)) {
    o.detail = fmt::format("expected \"{}\", got \"{}\"", cmd.message, e.message);
  } else {
    o.passed = true;
  }
  return o;
}

}  // namespace

Outcome ScriptRunner::AssertRejected(const text::Command& cmd) {
  Outcome o;
  auto compiled = CompileSource(cmd.module, options_, read_options_, config_.lazy_lowering);
  if (compiled) {
    o.detail = "module was accepted, expected \"" + cmd.message + "\"";
    return o;
  }
  // As the reference interpreter: a malformed module is one the text parser or the decoder
  // rejects, an invalid one is one the validator rejects; rejection at another stage fails.
  const Error& e = compiled.error();
  const bool malformed = cmd.kind == text::CommandKind::AssertMalformed;
  const bool right_stage =
      malformed ? (e.phase == Phase::Text || e.phase == Phase::Decode) : e.phase == Phase::Validate;
  return Rejection(cmd, malformed ? "malformed" : "invalid", right_stage, e);
}

// The annotations proposal: assert_malformed_custom passes only when the text stage rejects
// the module's annotations; assert_invalid_custom only when the text and the binary are fine
// and the check of the custom sections the annotations made rejects them.
Outcome ScriptRunner::AssertCustomRejected(const text::Command& cmd) {
  Outcome o;
  const bool malformed = cmd.kind == text::CommandKind::AssertMalformedCustom;
  auto bytes = cmd.module.Encode();
  Result<void> checked;
  if (bytes) {
    auto module = binary::ReadModule(*bytes, read_options_);
    checked =
        module ? valid::CheckCustomSections(*module) : Result<void>(Unexpected(module.error()));
  }
  if (bytes && checked) {
    o.detail = "module was accepted, expected \"" + cmd.message + "\"";
    return o;
  }
  const Error& e = bytes ? checked.error() : bytes.error();
  const bool right_stage = malformed ? !bytes : (bytes && e.phase == Phase::Validate);
  return Rejection(cmd, malformed ? "custom malformed" : "custom invalid", right_stage, e);
}

Outcome ScriptRunner::AssertModuleFails(const text::Command& cmd) {
  using CK = text::CommandKind;
  Outcome o;
  auto compiled = CompileSource(cmd.module, options_, read_options_, config_.lazy_lowering);
  if (!compiled) {
    o.detail = "module did not compile: " + compiled.error().ToString();
    return o;
  }
  auto inst = linker_.Instantiate(*store_, *compiled);
  if (inst) {
    o.detail = "module instantiated, expected \"" + cmd.message + "\"";
    return o;
  }
  const interp::InstantiateError& err = inst.error();
  const bool want_trap = cmd.kind != CK::AssertUnlinkable;
  if (want_trap != err.is_trap()) {
    o.detail = fmt::format("expected {} \"{}\", got {}", want_trap ? "a trap" : "a link error",
                           cmd.message, err.Message());
    return o;
  }
  if (want_trap) {
    const std::string actual = err.Message();
    if (actual.compare(0, cmd.message.size(), cmd.message) != 0) {
      o.detail = "expected trap \"" + cmd.message + "\", got \"" + actual + "\"";
      return o;
    }
  } else if (!MessageMatches(cmd.message, err.Message())) {
    o.detail = fmt::format("expected link error \"{}\", got \"{}\"", cmd.message, err.Message());
    return o;
  }
  o.passed = true;
  return o;
}

}  // namespace wr::spec
