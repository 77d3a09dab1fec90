// Function instances: wasm functions (code compiled from a module, bound to an instance) and
// host functions (a HostFunc). Both are Objects so that funcref values can point at them.
#pragma once

#include <cstdint>
#include <memory>

#include "ir/types.h"
#include "runtime/host_func.h"
#include "runtime/object.h"

namespace wr {

namespace compile {
struct CompiledFunction;
}
struct Instance;

struct FuncInstance : Object {
  FuncInstance() : Object(ObjectKind::Function) {}

  // The function's type: a wasm function's points into its module (which the defining
  // instance keeps for the store's life), a host function's at `host->type`. Not a copy: an
  // instance of a module with thousands of functions would allocate two vectors for each.
  const FuncType* type = nullptr;
  // Canonical id of the function's defined type in the store's TypeRegistry: equal ids mean
  // equivalent types (iso-recursive identity); call_indirect also accepts a declared
  // subtype of the type it expects (TypeRegistry::IsSubtype).
  uint32_t type_id = 0;

  // Wasm functions.
  Instance* instance = nullptr;  // the defining instance
  uint32_t func_index = 0;       // index in the defining module's function index space
  // How many live instances import the function (see MemoryInstance::importers).
  uint32_t importers = 0;
  const compile::CompiledFunction* code = nullptr;

  // Host functions: the type and the callable, apart, since most functions are wasm ones
  // (a FuncInstance is 56 bytes rather than 128; a module's thousands of them add up).
  struct Host {
    FuncType type;
    HostFunc fn;
  };
  std::unique_ptr<Host> host;

  bool is_host() const { return code == nullptr; }
};

}  // namespace wr
