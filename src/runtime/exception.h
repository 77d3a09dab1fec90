// Exception objects: what `throw` creates and an exnref points to. They are collected like
// structs (runtime/gc.h, gc_heap.h): the payload is traced by the tag's parameter types.
#pragma once

#include <cstdint>

#include "runtime/gc.h"
#include "runtime/instance.h"

namespace wr {

struct ExnObject : GcObject {
  ExnObject(const TagInstance* t, uint32_t n)
      : GcObject(ObjectKind::Exception, t->type_id), tag(t), num_slots(n) {}
  const TagInstance* tag;  // identity decides which catch clauses match
  uint32_t num_slots;      // the tag's parameters, in slots (a v128 takes two)
  uint32_t unused = 0;
  uint64_t* payload() { return TrailingSlots(this); }
  const uint64_t* payload() const { return TrailingSlots(const_cast<ExnObject*>(this)); }
};
static_assert(sizeof(ExnObject) == 24);

}  // namespace wr
