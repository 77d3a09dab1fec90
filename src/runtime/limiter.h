// GrowthLimiter: the embedder's say over a store's memories and tables (the API's
// ResourceLimiter). A memory or table that has one asks it before it grows, after its own
// checks (declared maximum, host caps); a denial makes the growth fail as if past the maximum
// (memory.grow and table.grow give -1). Never asked for shared memories, which grow on any
// thread.
#pragma once

#include <cstdint>

namespace wr {

struct GrowthLimiter {
  virtual ~GrowthLimiter() = default;
  // Sizes in bytes; `maximum` is the memory's own limit in bytes.
  virtual bool MemoryGrowing(uint64_t current, uint64_t desired, uint64_t maximum) = 0;
  // Sizes in elements.
  virtual bool TableGrowing(uint64_t current, uint64_t desired, uint64_t maximum) = 0;
};

}  // namespace wr
