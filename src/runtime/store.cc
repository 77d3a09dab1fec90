#include "runtime/store.h"

namespace wr {

ExternObject* Store::ExternRef(uint64_t host_value) {
  auto& slot = externs_[host_value];
  if (!slot) slot = std::make_unique<ExternObject>(host_value);
  return slot.get();
}

}  // namespace wr
