// Immediate readers of the validator's fast paths (fast_path.cc, quick_check.cc): each takes
// only encodings that cannot be malformed or out of range (a LEB128 short enough that no bit
// can overflow) and returns 0 for anything else, which the caller leaves to the normal path's
// decoder and its errors.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/compiler.h"
#include "ir/types.h"

namespace wr::valid {

// The length of a LEB128 that ends within `max` bytes, else 0.
WR_ALWAYS_INLINE size_t ShortLeb(const uint8_t* p, size_t avail, size_t max) {
  const size_t n = avail < max ? avail : max;
  for (size_t i = 0; i < n; ++i) {
    if (p[i] < 0x80) return i + 1;
  }
  return 0;
}

// The length of an i32.const (i64.const) immediate: a LEB128 of at most 4 (9) bytes, which
// cannot overflow, or of 5 (10) bytes whose last byte holds only the sign extension of the
// value's top bit (0x00-0x07 or 0x78-0x7f; 0x00 or 0x7f). Else 0: the decoder reports it.
WR_ALWAYS_INLINE size_t ConstLeb(const uint8_t* p, size_t avail, size_t max_short) {
  const size_t n = ShortLeb(p, avail, max_short);
  if (WR_LIKELY(n != 0) || avail <= max_short || p[max_short] >= 0x80) return n;
  const uint8_t last = p[max_short];
  const bool ok = max_short == 4 ? (last < 0x08 || last >= 0x78) : (last == 0x00 || last == 0x7f);
  return ok ? max_short + 1 : 0;
}

// A LEB128 u32 of at most 4 bytes (below 2^28, so never out of range): its length, else 0.
WR_ALWAYS_INLINE size_t ShortU32(const uint8_t* p, size_t avail, uint32_t* value) {
  const size_t n = avail < 4 ? avail : 4;
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    v |= uint32_t{p[i] & 0x7fu} << (7 * i);
    if (p[i] < 0x80) {
      *value = v;
      return i + 1;
    }
  }
  return 0;
}

// A block type the fused path takes: empty (0x40) or one numeric type. Else false.
WR_ALWAYS_INLINE bool SimpleBlockType(uint8_t b, ValType* type, bool* has_type) {
  *has_type = true;
  switch (b) {
    case 0x40: *has_type = false; return true;
    case 0x7f: *type = ValType::I32(); return true;
    case 0x7e: *type = ValType::I64(); return true;
    case 0x7d: *type = ValType::F32(); return true;
    case 0x7c: *type = ValType::F64(); return true;
    default: return false;
  }
}

// The index of local.get/set/tee at p[0]: a LEB128 of one or two bytes; its length + 1 (the
// opcode), else 0.
WR_ALWAYS_INLINE size_t LocalIndex(const uint8_t* p, size_t avail, uint32_t* index) {
  if (WR_LIKELY(avail >= 2 && p[1] < 0x80)) {
    *index = p[1];
    return 2;
  }
  if (avail >= 3 && p[1] >= 0x80 && p[2] < 0x80) {
    *index = (p[1] & 0x7fu) | (uint32_t{p[2]} << 7);
    return 3;
  }
  return 0;
}

}  // namespace wr::valid
