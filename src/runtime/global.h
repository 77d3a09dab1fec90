// GlobalInstance instances. The value is kept as raw slots (two for v128) in the same encoding as
// the interpreter's frame slots (see host_func.h).
#pragma once

#include <cstdint>

#include "ir/types.h"

namespace wr {

struct Module;
struct Instance;

struct GlobalInstance {
  GlobalType type;
  // The module whose type section the type indices in `type` refer to (typed references);
  // null for globals the host created, whose types must not use type indices.
  const Module* module = nullptr;
  // The defining instance, whose type_ids give the canonical ids of those indices (the host
  // boundary checks values against them); null for globals the host created.
  const Instance* instance = nullptr;
  alignas(16) uint64_t value[2] = {0, 0};
  // How many live instances import the global (see MemoryInstance::importers).
  uint32_t importers = 0;
};

}  // namespace wr
