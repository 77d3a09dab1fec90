#include "runtime/store.h"

#include <algorithm>

namespace wr {

ExternObject* Store::ExternRef(uint64_t host_value) {
  auto& slot = externs_[host_value];
  if (!slot) slot = std::make_unique<ExternObject>(host_value);
  return slot.get();
}

namespace {
// What an object costs against max_gc_bytes: its slots and a fixed overhead, so that even
// empty structs cannot be allocated without bound.
constexpr uint64_t kGcObjectOverhead = 64;
}  // namespace

StructObject* Store::NewStruct(uint32_t type_id, std::vector<uint64_t> slots) {
  const uint64_t bytes = kGcObjectOverhead + slots.size() * sizeof(uint64_t);
  if (bytes > limits_.max_gc_bytes - std::min(gc_bytes_, limits_.max_gc_bytes)) return nullptr;
  gc_bytes_ += bytes;
  structs_.push_back(std::make_unique<StructObject>(type_id, std::move(slots)));
  return structs_.back().get();
}

ArrayObject* Store::NewArray(uint32_t type_id, uint32_t length, unsigned elem_slots) {
  const uint64_t bytes = kGcObjectOverhead + uint64_t{length} * elem_slots * sizeof(uint64_t);
  if (bytes > limits_.max_gc_bytes - std::min(gc_bytes_, limits_.max_gc_bytes)) return nullptr;
  gc_bytes_ += bytes;
  arrays_.push_back(std::make_unique<ArrayObject>(type_id, length, elem_slots));
  return arrays_.back().get();
}

}  // namespace wr
