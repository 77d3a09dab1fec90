// Dropping an instance before its store: what a host that replaces plugins in a long-lived
// store needs, so that memory does not grow with every replacement.
//
// What a drop frees: the instance's own linear memories (unless shared: other stores may hold
// them) and table entries, its element segments, its exports, the GC references its globals
// hold. What stays until the store goes: small records (the instance, its functions, globals,
// tables and memories as empty shells), because other instances' tables, globals, GC objects
// and the host's handles may still point at them, and the module's code (shared with the
// Module). Every path to the freed parts is closed:
//   - its functions trap with "instance dropped" when called, from the host or from wasm (a
//     funcref in another instance's table): their code is replaced by one that never lowers;
//   - its memories and tables are empty and cannot grow: host handles see size 0;
//   - its exports are gone, and a linker definition that still names one fails to link.
//
// Refused, leaving everything as it was, while a call into the store is running or suspended
// (frames may use the instance) and while a live instance imports something the instance
// defines (it uses those objects directly); drop the importer first.
#pragma once

#include "runtime/instance.h"
#include "runtime/store.h"

namespace wr::compile {
struct CompiledFunction;
}

namespace wr::interp {

// Counts `instance` among the importers of what it imports (Instantiate, once it succeeded).
void LinkImports(Instance& instance);

// Null when `instance` (of `store`) was dropped, else why not.
const char* DropInstance(Store& store, Instance& instance);

// The code every function of a dropped instance is given: LowerCode reports it as
// TrapCode::InstanceDropped.
const compile::CompiledFunction& DroppedFunctionCode();

}  // namespace wr::interp
