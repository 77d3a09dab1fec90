// The dynamic type test of a reference: is the value in slot bits `r` a value of a reference
// type? ref.test, ref.cast, br_on_cast and the host boundary all ask it.
#pragma once

#include <cstdint>

#include "ir/types.h"
#include "runtime/function.h"
#include "runtime/gc.h"
#include "runtime/object.h"
#include "runtime/type_registry.h"

namespace wr {

// Whether `r` is a value of (ref null? heap), where for HeapKind::Index `canonical_id` is the
// type's canonical id in `types`. The caller guarantees that `r` belongs to `heap`'s
// hierarchy (validation does inside wasm; the API checks it at the boundary), so only the
// object's kind and defined type need checking.
inline bool RefMatches(const TypeRegistry& types, Ref r, HeapKind heap, bool nullable,
                       uint32_t canonical_id) {
  if (r == kNullRef) return nullable;
  if (IsI31(r)) {  // an i31, or one converted to the extern hierarchy
    return heap == HeapKind::Any || heap == HeapKind::Eq || heap == HeapKind::I31 ||
           heap == HeapKind::Extern;
  }
  const Object* o = FromRef(r);
  switch (heap) {
    case HeapKind::Any:
    case HeapKind::Extern:
    case HeapKind::Func:
    case HeapKind::Exn: return true;
    case HeapKind::Eq: return o->kind == ObjectKind::Struct || o->kind == ObjectKind::Array;
    case HeapKind::Struct: return o->kind == ObjectKind::Struct;
    case HeapKind::Array: return o->kind == ObjectKind::Array;
    case HeapKind::I31:
    case HeapKind::None:
    case HeapKind::NoFunc:
    case HeapKind::NoExtern:
    case HeapKind::NoExn: return false;
    case HeapKind::Index: {
      uint32_t id;
      if (o->kind == ObjectKind::Struct || o->kind == ObjectKind::Array) {
        id = static_cast<const GcObject*>(o)->type_id;
      } else if (o->kind == ObjectKind::Function) {
        id = static_cast<const FuncInstance*>(o)->type_id;
      } else {
        return false;
      }
      return id == canonical_id || types.IsSubtype(id, canonical_id);
    }
  }
  return false;
}

}  // namespace wr
