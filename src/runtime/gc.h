// GC objects (WebAssembly 3.0 structs and arrays) and i31 references.
//
// Fields and elements are kept one 64-bit slot per value (a v128 takes two), whatever their
// storage type: a packed i8/i16 field holds the full i32 it was given, and struct.get_s/_u and
// array.get_s/_u narrow it when read, which is the same as narrowing on write. There is no
// collector yet: the store owns every object until it is dropped, within
// StoreLimits::max_gc_bytes.
//
// An i31 reference is not an object: its slot holds (value << 1) | 1. Objects are at least
// 8-byte aligned, so bit 0 tells the two apart, and null (0) is neither.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/object.h"

namespace wr {

struct GcObject : Object {
  GcObject(ObjectKind k, uint32_t id) : Object(k), type_id(id) {}
  uint32_t type_id;  // canonical (TypeRegistry), for casts
};

struct StructObject : GcObject {
  StructObject(uint32_t id, std::vector<uint64_t> v)
      : GcObject(ObjectKind::Struct, id), slots(std::move(v)) {}
  std::vector<uint64_t> slots;  // fields in order; a field's slot offset comes from its type
};

struct ArrayObject : GcObject {
  ArrayObject(uint32_t id, uint32_t n, unsigned elem_slots)
      : GcObject(ObjectKind::Array, id), length(n), slots(uint64_t{n} * elem_slots, 0) {}
  uint32_t length;
  std::vector<uint64_t> slots;  // element i at slots[i * elem_slots]
};

inline constexpr bool IsI31(Ref r) {
  return (r & 1) != 0;
}
inline constexpr Ref MakeI31(uint32_t v) {
  return (uint64_t{v & 0x7fffffffu} << 1) | 1;
}
inline constexpr uint32_t I31Unsigned(Ref r) {
  return static_cast<uint32_t>(r >> 1) & 0x7fffffffu;
}
inline constexpr uint32_t I31Signed(Ref r) {
  const uint32_t u = I31Unsigned(r);
  return (u & 0x40000000u) ? (u | 0x80000000u) : u;  // bit 30 is the sign
}

// The object a non-null, non-i31 reference points to.
inline const Object* ObjectOf(Ref r) {
  return IsI31(r) ? nullptr : FromRef(r);
}

}  // namespace wr
