// Helpers of the GC handlers (interpreter_gc.inc): casts, packed reads, segment decoding.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>

#include "ir/types.h"
#include "runtime/exception.h"
#include "runtime/function.h"
#include "runtime/gc.h"
#include "runtime/instance.h"
#include "runtime/ref_match.h"
#include "runtime/store.h"

namespace wr::interp {

// Whether `r` is a value of the reference type `heap` (code.def: HeapKind | nullable << 8;
// `type` the module type index for HeapKind::Index). Validation has put `r` in the same
// hierarchy as the target (see runtime/ref_match.h).
inline bool RefMatches(const Store& store, const Instance* inst, uint64_t r, uint32_t heap,
                       uint32_t type) {
  const auto kind = static_cast<HeapKind>(heap & 0xffu);
  return wr::RefMatches(store.types(), r, kind, (heap & 0x100u) != 0,
                        kind == HeapKind::Index ? inst->type_ids[type] : 0);
}

// A field or element read with a mode (code.def): narrows packed values.
inline uint64_t ReadPacked(uint64_t v, uint32_t mode) {
  switch (mode) {
    case 2: return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(v & 0xff)));
    case 3: return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(v & 0xffff)));
    case 4: return v & 0xff;
    case 5: return v & 0xffff;
    default: return v;
  }
}

inline unsigned ElemSlots(uint32_t mode) {
  return mode == 1 ? 2 : 1;
}

// Element i of `n` elements of `bytes` each (1, 2, 4, 8 or 16), little-endian, into slots.
inline void DecodeElement(const uint8_t* p, uint32_t bytes, uint64_t* out) {
  uint64_t lo = 0, hi = 0;
  std::memcpy(&lo, p, bytes < 8 ? bytes : 8);
  if (bytes == 16) std::memcpy(&hi, p + 8, 8);
  out[0] = lo;
  if (bytes == 16) out[1] = hi;
}

}  // namespace wr::interp
