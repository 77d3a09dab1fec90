#include "runtime/store.h"

#include <cstdlib>
#include <cstring>

namespace wr {

namespace {

bool StressFromEnvironment() {
  const char* v = std::getenv("WASMRUN_GC_STRESS");
  return v != nullptr && *v != '\0' && std::strcmp(v, "0") != 0;
}

}  // namespace

Store::Store(StoreLimits limits)
    : limits_(limits),
      table_budget_{limits.max_table_entries},
      heap_(limits.max_gc_bytes, limits.gc_stress || StressFromEnvironment()) {}

ExternObject* Store::ExternRef(uint64_t host_value) {
  auto& slot = externs_[host_value];
  if (!slot) slot = std::make_unique<ExternObject>(host_value);
  return slot.get();
}

}  // namespace wr
