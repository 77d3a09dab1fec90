// GlobalInstance instances. The value is kept as raw slots (two for v128) in the same encoding as
// the interpreter's frame slots (see host_func.h).
#pragma once

#include <cstdint>

#include "ir/types.h"

namespace wr {

struct Module;

struct GlobalInstance {
  GlobalType type;
  // The module whose type section the type indices in `type` refer to (typed references);
  // null for globals the host created, whose types must not use type indices.
  const Module* module = nullptr;
  alignas(16) uint64_t value[2] = {0, 0};
};

}  // namespace wr
