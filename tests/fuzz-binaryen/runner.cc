#include "fuzz-binaryen/runner.h"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <span>
#include <string_view>

#include "fuzz-binaryen/log_format.h"
#include "wasmrun/wasmrun.hpp"

namespace wr::fuzzb {
namespace {

using wasmrun::Func;
using wasmrun::FuncType;
using wasmrun::Trap;
using wasmrun::TrapKind;
using wasmrun::ValType;
using wasmrun::Value;

// The externref that stands for the JS Error that `throw(0)` throws in V8.
constexpr uint64_t kJsError = 0x6a73657272;  // "jserr"

// Outcome classes of a host boundary or a top-level call, as oracle.cjs's classify(). A host
// function can only report a HostError trap to the engine (the kind is not passed through), so
// the class travels in the message.
constexpr std::string_view kClassPrefix = "fuzzb-class:";

// The class of a trap, as oracle.cjs derives it from V8's message: coarse where V8 does not
// tell the spec's cases apart (one message for an integer overflow and a failed float
// conversion, one for a null entry and a signature mismatch in call_indirect).
const char* TrapClass(TrapKind k) {
  switch (k) {
    case TrapKind::Unreachable: return "trap unreachable";
    case TrapKind::IntegerDivideByZero: return "trap div0";
    case TrapKind::IntegerOverflow:
    case TrapKind::InvalidConversion: return "trap int-overflow";
    case TrapKind::MemoryOutOfBounds: return "trap memory";
    case TrapKind::TableOutOfBounds:
    case TrapKind::UndefinedElement: return "trap table";
    case TrapKind::UninitializedElement:
    case TrapKind::IndirectCallTypeMismatch: return "trap indirect";
    case TrapKind::NullReference: return "trap null";
    case TrapKind::CastFailure: return "trap cast";
    case TrapKind::ArrayOutOfBounds: return "trap array";
    default: return "trap host";
  }
}

std::string ClassOf(const Trap& t) {
  if (t.kind == TrapKind::HostError && t.message.rfind(kClassPrefix, 0) == 0) {
    return t.message.substr(kClassPrefix.size());
  }
  switch (t.kind) {
    case TrapKind::CallStackExhausted: return "stack";
    case TrapKind::ResourceExhausted: return "hostlimit";
    case TrapKind::UncaughtException: return "exception";
    default: return TrapClass(t.kind);
  }
}

Trap ClassTrap(const std::string& cls) {
  return Trap::Host(std::string(kClassPrefix) + cls);
}

// A value as oracle.cjs prints the JS value of the same wasm value.
std::string Format(const Value& v) {
  switch (v.type().kind()) {
    case ValType::Kind::I32: return FormatNumber(v.i32());
    case ValType::Kind::I64: return FormatI64(v.i64());
    case ValType::Kind::F32: return FormatNumber(static_cast<double>(v.f32()));
    case ValType::Kind::F64: return FormatNumber(v.f64());
    case ValType::Kind::V128: return "v128";
    case ValType::Kind::Ref:
      if (v.is_null()) return "null";
      if (v.func()) return "func";
      return v.externref() == kJsError ? "jserror" : "ref";
  }
  return "?";
}

// The helper module that provides what a host function cannot: the tags (wasmtag, jstag),
// `throw`, which must raise a wasm exception in its caller, log-anyref, whose parameter type
// the public API cannot name, and the imported externref globals (as in oracle.cjs: the
// payload of fuzz_shell.js, as an externalized i31).
std::string HelperWat(const std::vector<std::string>& globals) {
  std::string w =
      "(module\n"
      "  (import \"host\" \"jserror\" (func $jserror (result externref)))\n"
      "  (import \"host\" \"log-anyref\" (func $logany (param externref)))\n"
      "  (import \"host\" \"log-throw\" (func $logthrow (param i32)))\n"
      "  (tag $wasmtag (export \"wasmtag\") (param i32))\n"
      "  (tag $jstag (export \"jstag\") (param externref))\n"
      "  (func (export \"throw\") (param i32)\n"
      "    (call $logthrow (local.get 0))\n"
      "    (if (local.get 0) (then (throw $wasmtag (local.get 0))))\n"
      "    (throw $jstag (call $jserror)))\n"
      "  (func (export \"log-anyref\") (param anyref)\n"
      "    (call $logany (extern.convert_any (local.get 0))))\n";
  for (const std::string& g : globals) {
    std::string quoted;
    uint32_t payload = 0;
    for (char c : "__fuzz_import" + g) payload = (payload + static_cast<unsigned char>(c)) % 251;
    for (char c : g) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    w += "  (global (export \"" + quoted + "\") (ref extern) (extern.convert_any (ref.i31 " +
         "(i32.const " + std::to_string(payload) + "))))\n";
  }
  return w + ")\n";
}

class Runner {
 public:
  explicit Runner(const RunOptions& o) : opts_(o), engine_(MakeConfig()), store_(engine_) {}

  std::vector<std::string> Run(const std::vector<uint8_t>& bytes) {
    auto module = wasmrun::Module::FromBinary(engine_, std::span<const uint8_t>(bytes));
    if (!module) {
      log_.push_back("compile error");
      return log_;
    }
    wasmrun::Linker linker(store_);
    if (!DefineImports(*module, linker)) return log_;
    auto instance = linker.Instantiate(*module);
    if (!instance) {
      const wasmrun::Error& e = instance.error();
      if (e.kind == wasmrun::ErrorKind::Trap && e.trap) {
        log_.push_back("instantiate " + ClassOf(*e.trap));
      } else if (e.kind == wasmrun::ErrorKind::Instantiate) {
        log_.push_back("instantiate hostlimit");
      } else {
        log_.push_back("instantiate error");
      }
      return log_;
    }
    log_.push_back("instantiate ok");
    const auto exports = module->exports();
    for (const auto& e : exports) exports_.push_back(instance->GetExport(e.name));
    if (auto t = instance->GetTable("table")) table_ = *t;

    for (size_t i = 0; i < exports.size(); ++i) {
      const auto& ext = exports_[i];
      if (!ext) continue;
      if (const auto* g = std::get_if<wasmrun::Global>(&*ext)) {
        log_.push_back("export " + exports[i].name);
        log_.push_back("global " + Format(g->Get()));
        continue;
      }
      const auto* f = std::get_if<Func>(&*ext);
      if (f == nullptr) continue;
      log_.push_back("export " + exports[i].name);
      std::string cls;
      auto results = CallWithNulls(*f, cls);
      if (!results) {
        log_.push_back(cls);
        if (cls == "stack" || cls == "hostlimit") break;  // not comparable beyond
        continue;
      }
      std::string line = "result";
      for (const Value& v : *results) line += " " + Shown(v);
      log_.push_back(line);
    }
    return log_;
  }

 private:
  static wasmrun::Config MakeConfig() {
    wasmrun::Config c;  // every 3.0 feature; the generator never emits relaxed SIMD
    return c;
  }

  void Log(std::string line) { log_.push_back(std::move(line)); }

  // A logged or returned value; off by one for an i32 in the self-test (RunOptions::perturb).
  std::string Shown(const Value& v) const {
    if (opts_.perturb && v.type() == ValType::I32) {
      return FormatNumber(static_cast<int32_t>(static_cast<uint32_t>(v.i32()) + 1));
    }
    return Format(v);
  }

  // Whether JS can call a function of type `type` with null for every argument: V8 throws a
  // TypeError before entering it when a parameter is i64 (null is no BigInt), v128, a
  // non-nullable reference or in the exception hierarchy, or a result is v128 or exnref.
  static bool JsCallable(const FuncType& type) {
    auto exn = [](const ValType& t) { return t.is_ref() && t.top() == wasmrun::HeapType::Exn; };
    for (const ValType& t : type.params) {
      if (t == ValType::I64 || t == ValType::V128 || exn(t) || (t.is_ref() && !t.nullable())) {
        return false;
      }
    }
    for (const ValType& t : type.results) {
      if (t == ValType::V128 || exn(t)) return false;
    }
    return true;
  }

  // Calls `f` as JS calls a function with null for every argument. Returns the results, or
  // nullopt with the outcome class in `cls`: "exception" for what JS rejects at the boundary
  // before the call, else the class of the trap.
  std::optional<std::vector<Value>> CallWithNulls(const Func& f, std::string& cls) {
    const FuncType type = f.type();
    if (!JsCallable(type)) {
      cls = "exception";
      return std::nullopt;
    }
    std::vector<Value> args;
    for (ValType t : type.params) args.push_back(Value::Zero(t));
    auto r = f.Call(std::span<const Value>(args));
    if (!r) {
      if (std::getenv("WASMRUN_FUZZB_DEBUG")) {
        std::fprintf(stderr, "call of %s failed: %s\n", wasmrun::ToString(type).c_str(),
                     r.error().ToString().c_str());
      }
      cls = ClassOf(r.error());
      return std::nullopt;
    }
    return std::move(r).value();
  }

  // call-export / call-ref: an exception escaping the callee (or a callee JS cannot call)
  // becomes a trap; traps and exhausted limits pass through with their class.
  wasmrun::Result<void, Trap> CallNoCatch(const std::optional<Func>& f) {
    std::string cls = "exception";
    if (f && CallWithNulls(*f, cls)) return {};
    if (cls == "exception") {
      Log("host-exception-to-trap");
      cls = "trap unreachable";  // oracle.cjs traps by executing `unreachable`
    }
    return wasmrun::Fail(ClassTrap(cls));
  }

  // call-export-catch / call-ref-catch: 1 when an exception was caught.
  wasmrun::Result<int32_t, Trap> CallCatch(const std::optional<Func>& f) {
    std::string cls = "exception";
    if (f && CallWithNulls(*f, cls)) return 0;
    if (cls == "exception") return 1;
    return wasmrun::Fail(ClassTrap(cls));
  }

  std::optional<Func> ExportAt(int32_t index) const {
    if (index < 0 || static_cast<size_t>(index) >= exports_.size() || !exports_[index]) {
      return std::nullopt;
    }
    if (const auto* f = std::get_if<Func>(&*exports_[index])) return *f;
    return std::nullopt;
  }

  // table-get / table-set: an index outside the exported table is a trap (oracle.cjs).
  wasmrun::Result<uint64_t, Trap> TableIndex(int32_t index) {
    const uint64_t i = static_cast<uint32_t>(index);
    if (!table_.valid() || i >= table_.size()) {
      Log("host-exception-to-trap");
      return wasmrun::Fail(ClassTrap("trap unreachable"));
    }
    return i;
  }

  using Host = std::function<wasmrun::Result<void, Trap>(std::span<const Value>, std::span<Value>)>;

  void Define(wasmrun::Linker& linker, const std::string& module, const std::string& name,
              const FuncType& type, Host fn) {
    linker.DefineFunc(module, name, type,
                      [fn = std::move(fn)](wasmrun::Caller&, std::span<const Value> args,
                                           std::span<Value> results) { return fn(args, results); });
  }

  bool DefineImports(const wasmrun::Module& module, wasmrun::Linker& linker) {
    const auto imports = module.imports();
    std::vector<std::string> globals;
    for (const auto& imp : imports) {
      if (imp.module == "__fuzz_import" && imp.type.kind == wasmrun::ExternKind::Global) {
        globals.push_back(imp.name);
      }
    }
    // The helper instance, in the same store.
    wasmrun::Linker helper_linker(store_);
    Define(helper_linker, "host", "jserror", {{}, {ValType::ExternRef}},
           [](std::span<const Value>, std::span<Value> out) -> wasmrun::Result<void, Trap> {
             out[0] = Value::FromExtern(kJsError);
             return {};
           });
    Define(helper_linker, "host", "log-anyref", {{ValType::ExternRef}, {}},
           [this](std::span<const Value> in, std::span<Value>) -> wasmrun::Result<void, Trap> {
             Log("log " + Format(in[0]));
             return {};
           });
    Define(helper_linker, "host", "log-throw", {{ValType::I32}, {}},
           [this](std::span<const Value> in, std::span<Value>) -> wasmrun::Result<void, Trap> {
             Log("throw " + std::to_string(in[0].i32()));
             return {};
           });
    auto helper_module = wasmrun::Module::FromWat(engine_, HelperWat(globals));
    if (!helper_module) {
      Log("harness error helper: " + helper_module.error().ToString());
      return false;
    }
    auto helper = helper_linker.Instantiate(*helper_module);
    if (!helper) {
      Log("harness error helper: " + helper.error().ToString());
      return false;
    }
    (void)linker.DefineInstance("fuzzing-support", *helper);
    (void)linker.DefineInstance("__fuzz_import", *helper);

    for (const auto& imp : imports) {
      if (imp.module == "__fuzz_import" || imp.type.kind != wasmrun::ExternKind::Func) {
        continue;
      }
      const FuncType& type = imp.type.func;
      const std::string& n = imp.name;
      if (imp.module == "env" && n == "setTempRet0") {
        Define(linker, imp.module, n, type, [this](std::span<const Value> in, std::span<Value>) {
          temp_ret0_ = in[0].i32();
          return wasmrun::Result<void, Trap>();
        });
        continue;
      }
      if (imp.module == "env" && n == "getTempRet0") {
        Define(linker, imp.module, n, type, [this](std::span<const Value>, std::span<Value> out) {
          out[0] = Value::FromI32(temp_ret0_);
          return wasmrun::Result<void, Trap>();
        });
        continue;
      }
      if (imp.module != "fuzzing-support") {
        Log("unknown import " + imp.module + " " + n);
        return false;
      }
      if (n == "throw" || n == "log-anyref") continue;  // the helper's
      if (n.rfind("log-", 0) == 0 && n != "log-branch") {
        Define(linker, imp.module, n, type, [this](std::span<const Value> in, std::span<Value>) {
          std::string line = "log";
          for (const Value& v : in) line += " " + Shown(v);
          Log(line);
          return wasmrun::Result<void, Trap>();
        });
      } else if (n == "log-branch") {
        Define(linker, imp.module, n, type,
               [this](std::span<const Value> in, std::span<Value> out) {
                 Log("log-branch " + std::to_string(in[0].i32()) + " " +
                     std::to_string(in[1].i32()) + " " + std::to_string(in[2].i32()));
                 out[0] = in[0];
                 return wasmrun::Result<void, Trap>();
               });
      } else if (n == "call-export") {
        Define(linker, imp.module, n, type, [this](std::span<const Value> in, std::span<Value>) {
          Log("call-export " + std::to_string(in[0].i32()));
          return CallNoCatch(ExportAt(in[0].i32()));
        });
      } else if (n == "call-export-catch") {
        Define(
            linker, imp.module, n, type,
            [this](std::span<const Value> in, std::span<Value> out) -> wasmrun::Result<void, Trap> {
              Log("call-export-catch " + std::to_string(in[0].i32()));
              auto r = CallCatch(ExportAt(in[0].i32()));
              if (!r) return wasmrun::Fail(std::move(r).error());
              out[0] = Value::FromI32(*r);
              return {};
            });
      } else if (n == "call-ref") {
        Define(linker, imp.module, n, type, [this](std::span<const Value> in, std::span<Value>) {
          Log("call-ref " + Format(in[0]));
          return CallNoCatch(in[0].func());
        });
      } else if (n == "call-ref-catch") {
        Define(
            linker, imp.module, n, type,
            [this](std::span<const Value> in, std::span<Value> out) -> wasmrun::Result<void, Trap> {
              Log("call-ref-catch " + Format(in[0]));
              auto r = CallCatch(in[0].func());
              if (!r) return wasmrun::Fail(std::move(r).error());
              out[0] = Value::FromI32(*r);
              return {};
            });
      } else if (n == "table-get") {
        Define(
            linker, imp.module, n, type,
            [this](std::span<const Value> in, std::span<Value> out) -> wasmrun::Result<void, Trap> {
              Log("table-get " + std::to_string(in[0].i32()));
              auto i = TableIndex(in[0].i32());
              if (!i) return wasmrun::Fail(std::move(i).error());
              auto v = table_.Get(*i);
              if (!v) return wasmrun::Fail(Trap::Host("table-get: " + v.error().ToString()));
              out[0] = *v;
              return {};
            });
      } else if (n == "table-set") {
        Define(linker, imp.module, n, type,
               [this](std::span<const Value> in, std::span<Value>) -> wasmrun::Result<void, Trap> {
                 Log("table-set " + std::to_string(in[0].i32()) + " " + Format(in[1]));
                 auto i = TableIndex(in[0].i32());
                 if (!i) return wasmrun::Fail(std::move(i).error());
                 auto ok = table_.Set(*i, in[1]);
                 if (!ok) return wasmrun::Fail(Trap::Host("table-set: " + ok.error().ToString()));
                 return {};
               });
      } else if (n == "sleep") {
        Define(linker, imp.module, n, type,
               [this](std::span<const Value> in, std::span<Value> out) {
                 Log("sleep " + std::to_string(in[0].i32()) + " " + std::to_string(in[1].i32()));
                 out[0] = in[1];
                 return wasmrun::Result<void, Trap>();
               });
      } else {
        Log("unknown import " + imp.module + " " + n);
        return false;
      }
    }
    return true;
  }

  RunOptions opts_;
  wasmrun::Engine engine_;
  wasmrun::Store store_;
  std::vector<std::string> log_;
  std::vector<std::optional<wasmrun::Extern>> exports_;
  wasmrun::Table table_;
  int32_t temp_ret0_ = 0;
};

}  // namespace

std::vector<std::string> RunInWasmrun(const std::vector<uint8_t>& bytes, const RunOptions& o) {
  Runner runner(o);
  return runner.Run(bytes);
}

}  // namespace wr::fuzzb
