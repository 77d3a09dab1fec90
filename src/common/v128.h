// V128: the 128-bit SIMD value, as 16 little-endian bytes. Lanes are read and written with
// memcpy (see Lane/SetLane) so that no type punning is undefined behaviour.
#pragma once

#include <cstdint>
#include <cstring>

namespace wr {

struct alignas(16) V128 {
  uint8_t bytes[16] = {};

  template <class T>
  T Lane(unsigned i) const {
    T v;
    std::memcpy(&v, bytes + i * sizeof(T), sizeof(T));
    return v;
  }
  template <class T>
  void SetLane(unsigned i, T v) {
    std::memcpy(bytes + i * sizeof(T), &v, sizeof(T));
  }
  uint64_t Lo() const { return Lane<uint64_t>(0); }
  uint64_t Hi() const { return Lane<uint64_t>(1); }
  static V128 FromU64(uint64_t lo, uint64_t hi) {
    V128 v;
    v.SetLane<uint64_t>(0, lo);
    v.SetLane<uint64_t>(1, hi);
    return v;
  }
  friend bool operator==(const V128& a, const V128& b) {
    return std::memcmp(a.bytes, b.bytes, 16) == 0;
  }
};
static_assert(sizeof(V128) == 16);

}  // namespace wr
