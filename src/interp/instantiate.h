// Module instantiation (document/core/exec/modules.rst, "Instantiation", WebAssembly 3.0).
//
//   CompiledModule + one Extern per import
//     1. import matching: each extern's type must match its import's type     -> Error (Link)
//     2. allocation: functions, globals (initialisers evaluated in order, each seeing the
//        imports and earlier globals), tables (initial value from their initialiser or
//        null), memories, tags; element segments' references and data segments' bytes
//     3. exports, and the memory host functions see
//     4. active element segments -> tables, then active data segments -> memories, in
//        order; a segment out of bounds traps and leaves earlier writes in place  -> Trap
//     5. active and declarative element segments and active data segments are dropped
//     6. the start function, if any, runs                                          -> Trap
//
// Contract: the module was validated (CompileModule does so), which is what lets this code
// index types, functions and globals without re-checking them as type errors; indices are
// still range-checked so that a broken module gives an Error, never a crash.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "common/error.h"
#include "interp/linker.h"
#include "ir/module.h"
#include "ir/types.h"
#include "runtime/instance.h"
#include "runtime/store.h"

namespace wr::compile {
struct CompiledModule;
}

namespace wr::interp {

// Instantiates `module` in `store` with `imports` (one per module import, in order).
Expected<Instance*, InstantiateError> Instantiate(
    Store& store, std::shared_ptr<const compile::CompiledModule> module,
    std::span<const Extern> imports);

// Import matching (document/core/valid/matching.rst, "External Types"). `import` belongs to
// `module`; `ext` must be owned by `store` (function and tag types are compared by canonical
// id). Fails with Phase::Link "incompatible import type" and a detail.
Result<void> MatchImport(Store& store, const Module& module, const Import& import,
                         const Extern& ext);

// Limits subtyping: an extern of current size `actual_min` and maximum `actual_max` may
// satisfy `wanted` when actual_min >= wanted.min and, if wanted has a maximum, the extern has
// one no greater. (Index types are compared by the caller.)
bool LimitsMatch(uint64_t actual_min, const std::optional<uint64_t>& actual_max,
                 const Limits& wanted);

// Value subtyping for the types an import can carry: numeric and vector types by equality;
// references by nullability and heap type (the abstract hierarchies func/extern/any/exn with
// their bottom types). Without the modules that give type indices a meaning, concrete types
// match only the same index; MatchImport resolves them through the defining modules
// (GlobalInstance::module, TableInstance::module) instead.
bool ValTypeMatches(const ValType& actual, const ValType& wanted);

}  // namespace wr::interp
