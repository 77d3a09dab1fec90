// Linker: a namespace of named externs ("module" "name" -> function, table, memory, global,
// tag) that imports are resolved against, and the entry point that instantiates a compiled
// module against it.
//
// The linker holds only pointers; everything it names is owned by a Store, so a Linker must
// not outlive the store(s) its externs come from, and an instance may only import externs of
// the store it is instantiated in (the caller's responsibility; the engine cannot check it
// cheaply).
//
// Later definitions of the same (module, name) replace earlier ones: that is what the spec
// test harness's `register` needs, and it keeps the embedding API simple.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "common/error.h"
#include "common/expected.h"
#include "ir/types.h"
#include "runtime/host_func.h"
#include "runtime/instance.h"
#include "runtime/store.h"
#include "runtime/trap.h"

namespace wr::compile {
struct CompiledModule;
}

namespace wr::interp {

// Why instantiation failed: either linking (wr::Error with Phase::Link and the spec test
// suite's wording, "unknown import" / "incompatible import type", matched by assert_unlinkable)
// or a trap while initialising (a segment out of bounds, or the start function trapping;
// matched by assert_trap). An Error with Phase::Instantiate reports a host limit instead (a
// memory or table larger than the store allows). After a trap, the store keeps whatever the
// instantiation wrote into imported tables and memories before it, as the spec requires.
class InstantiateError {
 public:
  InstantiateError() = default;
  InstantiateError(Error error) : v_(std::move(error)) {}  // NOLINT: implicit
  InstantiateError(Trap trap) : v_(std::move(trap)) {}     // NOLINT: implicit

  bool is_trap() const { return v_.index() == 1; }
  bool is_error() const { return v_.index() == 0; }
  const Error& error() const { return std::get<0>(v_); }  // requires is_error()
  const Trap& trap() const { return std::get<1>(v_); }    // requires is_trap()
  // The error's message or the trap's spec message, for people and assert_* matching.
  std::string Message() const { return is_trap() ? trap().Message() : error().message; }

 private:
  std::variant<Error, Trap> v_;
};

class Linker {
 public:
  Linker() = default;

  // Defines (or redefines) `module`.`name` as `ext`. `ext.ptr` must be non-null and owned by a
  // store that outlives every instantiation through this linker.
  void Define(std::string module, std::string name, Extern ext);

  // Creates a host function in `store` with `type` (its canonical type id interned in the
  // store) and defines it as `module`.`name`. Returns the new function, owned by the store.
  FuncInstance* DefineHostFunc(Store& store, std::string module, std::string name, FuncType type,
                               HostFunc fn);

  // Defines every export of `inst` under `module_name` (the spec's `register`).
  void DefineInstance(const std::string& module_name, const Instance& inst);

  // The extern defined as `module`.`name`, or nullptr.
  const Extern* Lookup(std::string_view module, std::string_view name) const;

  // Instantiates `module` in `store` (document/core/exec/modules.rst, "Instantiation"):
  // resolves imports against this linker, allocates the module's functions, tables, memories,
  // globals and tags, initialises tables and memories from active segments, drops active and
  // declarative segments, and runs the start function. The module must have been validated
  // (CompileModule does that). On success the instance is owned by `store`.
  Expected<Instance*, InstantiateError> Instantiate(
      Store& store, std::shared_ptr<const compile::CompiledModule> module) const;

 private:
  // module name -> (field name -> extern); transparent comparators allow string_view lookup.
  std::map<std::string, std::map<std::string, Extern, std::less<>>, std::less<>> defs_;
};

}  // namespace wr::interp
