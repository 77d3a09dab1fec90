// GC objects (WebAssembly 3.0 structs and arrays, and exception objects) and i31 references.
//
// Every collected object is one block: an 8-byte header (GcObject), the kind's fields, then
// its value slots, inline. Fields and elements are kept one 64-bit slot per value (a v128
// takes two), whatever their storage type: a packed i8/i16 field holds the full i32 it was
// given, and struct.get_s/_u and array.get_s/_u narrow it when read, which is the same as
// narrowing on write. The store's GcHeap (runtime/gc_heap.h) allocates and collects them.
//
// An i31 reference is not an object: its slot holds (value << 1) | 1. Objects are at least
// 8-byte aligned, so bit 0 tells the two apart, and null (0) is neither. Function and extern
// references point to objects the store owns for its lifetime (FuncInstance, ExternObject):
// they are never collected, so the collector checks the kind before it follows a reference.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/object.h"

namespace wr {

struct TagInstance;

// The header of a collected object. Layout: kind (1 byte), gc bits (1), type id (4).
struct GcObject : Object {
  GcObject(ObjectKind k, uint32_t id) : Object(k), type_id(id) {}
  static constexpr uint8_t kMarked = 1;   // reached in the current collection
  static constexpr uint8_t kEscaped = 2;  // handed to the host without a pin: never freed
  static constexpr uint8_t kFree = 4;     // a free cell of the small-object space, not an object
  uint8_t gc_bits = 0;
  uint32_t type_id;  // canonical (TypeRegistry), for casts and for the layout (GcLayout)
};
static_assert(sizeof(GcObject) == 8);

inline constexpr bool IsCollected(ObjectKind k) {
  return k == ObjectKind::Struct || k == ObjectKind::Array || k == ObjectKind::Exception;
}

// Where the references are in an object of one type: what tracing follows.
struct GcLayout {
  uint32_t num_slots = 0;      // structs: all fields
  unsigned elem_slots = 1;     // arrays: slots per element
  bool elem_is_ref = false;    // arrays: elements are references
  std::vector<uint32_t> refs;  // structs: slots holding references
};

// Slots follow the object's own fields, 8-byte aligned.
template <class Self>
inline uint64_t* TrailingSlots(Self* self) {
  static_assert(sizeof(Self) % 8 == 0);
  return reinterpret_cast<uint64_t*>(reinterpret_cast<char*>(self) + sizeof(Self));
}

struct StructObject : GcObject {
  explicit StructObject(uint32_t id) : GcObject(ObjectKind::Struct, id) {}
  uint64_t* slots() { return TrailingSlots(this); }  // a field's slot offset comes from its type
  const uint64_t* slots() const { return TrailingSlots(const_cast<StructObject*>(this)); }
};
static_assert(sizeof(StructObject) == 8);

struct ArrayObject : GcObject {
  ArrayObject(uint32_t id, uint32_t n) : GcObject(ObjectKind::Array, id), length(n) {}
  uint32_t length;
  uint32_t unused = 0;
  uint64_t* slots() { return TrailingSlots(this); }  // element i at slots()[i * elem_slots]
  const uint64_t* slots() const { return TrailingSlots(const_cast<ArrayObject*>(this)); }
};
static_assert(sizeof(ArrayObject) == 16);

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

// The collected object `r` refers to, or nullptr (null, i31, function, extern).
inline GcObject* CollectedObject(Ref r) {
  if (r == kNullRef || IsI31(r)) return nullptr;
  Object* o = FromRef(r);
  return IsCollected(o->kind) ? static_cast<GcObject*>(o) : nullptr;
}

}  // namespace wr
