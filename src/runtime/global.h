// GlobalInstance instances. The value is kept as raw slots (two for v128) in the same encoding as
// the interpreter's frame slots (see host_func.h).
#pragma once

#include <cstdint>

#include "ir/types.h"

namespace wr {

struct GlobalInstance {
  GlobalType type;
  alignas(16) uint64_t value[2] = {0, 0};
};

}  // namespace wr
