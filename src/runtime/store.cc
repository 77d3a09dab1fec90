#include "runtime/store.h"

namespace wr {

namespace {
std::vector<ValKind> Kinds(const std::vector<ValType>& v) {
  std::vector<ValKind> k;
  k.reserve(v.size());
  for (const ValType& t : v) k.push_back(t.kind);
  return k;
}
}  // namespace

uint32_t Store::InternFuncType(const FuncType& type) {
  auto& bucket = type_buckets_[{Kinds(type.params), Kinds(type.results)}];
  for (uint32_t id : bucket) {
    if (*types_[id] == type) return id;
  }
  const auto id = static_cast<uint32_t>(types_.size());
  types_.push_back(std::make_unique<FuncType>(type));
  bucket.push_back(id);
  return id;
}

ExternObject* Store::ExternRef(uint64_t host_value) {
  auto& slot = externs_[host_value];
  if (!slot) slot = std::make_unique<ExternObject>(host_value);
  return slot.get();
}

}  // namespace wr
