// Exception objects: what `throw` creates and an exnref points to.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/instance.h"
#include "runtime/object.h"

namespace wr {

struct ExnObject : Object {
  ExnObject(const TagInstance* t, std::vector<uint64_t> values)
      : Object(ObjectKind::Exception), tag(t), payload(std::move(values)) {}
  const TagInstance* tag;         // identity decides which catch clauses match
  std::vector<uint64_t> payload;  // the tag's parameters, in slots (a v128 takes two)
  // Set once an exnref to it was handed to wasm (catch_ref, catch_all_ref): from then on it
  // may be referenced from anywhere and lives as long as the store. An exception caught
  // without a reference is freed at once, so throw/catch loops do not accumulate objects.
  bool escaped = false;
};

}  // namespace wr
