// Runtime objects that references point to, and the Ref encoding in interpreter slots.
//
// A reference value is a pointer to an Object (funcref -> FuncInstance, externref ->
// ExternObject, later GC structs/arrays/i31) stored in a 64-bit slot; null is 0. Every object
// begins with its kind so ref.test/ref.cast and the host can tell them apart.
#pragma once

#include <bit>
#include <cstdint>

namespace wr {

enum class ObjectKind : uint8_t { Function, Extern, Exception, Struct, Array };

struct Object {
  explicit Object(ObjectKind k) : kind(k) {}
  ObjectKind kind;
};

using Ref = uint64_t;  // slot bits of a reference; 0 = null
inline constexpr Ref kNullRef = 0;

inline Ref ToRef(const Object* o) {
  return reinterpret_cast<uintptr_t>(o);
}
inline Object* FromRef(Ref r) {
  return reinterpret_cast<Object*>(static_cast<uintptr_t>(r));
}

// An externref created by the host: an opaque 64-bit host value, interned per store so that
// equal host values give equal references.
struct ExternObject : Object {
  explicit ExternObject(uint64_t v) : Object(ObjectKind::Extern), host_value(v) {}
  uint64_t host_value;
};

}  // namespace wr
