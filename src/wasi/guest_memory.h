// GuestMemory: the checked view of a guest's linear memory that every WASI function goes
// through. Every pointer and length the guest passes is checked here, in 64-bit arithmetic
// that cannot overflow, before anything is read, written or allocated; a bad one gives
// EFAULT (never a trap, never a host fault).
//
// Invariants: [base_, base_ + size_) is the guest memory for the duration of one host call
// (MemoryInstance's base never moves, and nothing grows the memory during a WASI call).
// A memory-less module gets size_ == 0, so every access fails with EFAULT.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/expected.h"
#include "wasi/abi.h"

struct iovec;

namespace wr::wasi {

// Guest structs are copied with memcpy, which is only right on a little-endian host (the
// only kind this project builds for); a big-endian port must swap here.
static_assert(std::endian::native == std::endian::little, "WASI guest ABI is little-endian");

template <class T>
using WasiResult = Expected<T, Errno>;

inline Unexpected<Errno> Fail(Errno e) {
  return Unexpected<Errno>(e);
}

// The most iovecs one call may pass (POSIX IOV_MAX on Linux); more is EINVAL, checked before
// any allocation.
inline constexpr uint32_t kMaxIovecs = 1024;
// Paths longer than this are ENAMETOOLONG before they are copied.
inline constexpr uint32_t kMaxPathLen = 65536;

class GuestMemory {
 public:
  GuestMemory(uint8_t* base, uint64_t size) : base_(base), size_(size) {}

  uint64_t size() const { return size_; }

  bool InBounds(uint64_t ptr, uint64_t len) const { return ptr <= size_ && len <= size_ - ptr; }

  // A host pointer to [ptr, ptr + len), or EFAULT.
  WasiResult<uint8_t*> Bytes(uint32_t ptr, uint64_t len) const {
    if (!InBounds(ptr, len)) return Fail(Errno::Fault);
    return base_ + ptr;
  }

  // Scalars and guest structs (abi.h), copied byte-wise: guest pointers need no alignment.
  template <class T>
  WasiResult<T> Load(uint32_t ptr) const {
    static_assert(std::is_trivially_copyable_v<T>);
    if (!InBounds(ptr, sizeof(T))) return Fail(Errno::Fault);
    T value;
    std::memcpy(&value, base_ + ptr, sizeof(T));
    return value;
  }

  template <class T>
  Errno Store(uint32_t ptr, const T& value) const {
    static_assert(std::is_trivially_copyable_v<T>);
    // Guest structs spell out their padding; no host bytes may leak through implicit padding.
    static_assert(std::has_unique_object_representations_v<T>);
    if (!InBounds(ptr, sizeof(T))) return Errno::Fault;
    std::memcpy(base_ + ptr, &value, sizeof(T));
    return Errno::Success;
  }

  // The guest string [ptr, ptr + len) (not NUL-terminated), for paths: ENAMETOOLONG above
  // kMaxPathLen, EFAULT out of bounds, EILSEQ when it contains a NUL byte (no host call could
  // see past it, so it could never name what the guest meant).
  WasiResult<std::string_view> Path(uint32_t ptr, uint32_t len) const;

  // Translates a guest iovec array into host iovecs, every buffer checked. EINVAL above
  // kMaxIovecs; EFAULT for any out-of-bounds array or buffer.
  WasiResult<std::vector<struct ::iovec>> Iovecs(uint32_t iovs_ptr, uint32_t iovs_len) const;

 private:
  uint8_t* base_;
  uint64_t size_;
};

}  // namespace wr::wasi

// In a function returning Errno: `WR_WASI_TRY(uint8_t* p, mem.Bytes(ptr, len));` returns the
// errno of a failed WasiResult.
#define WR_WASI_TRY_IMPL(tmp, decl, expr)   \
  auto tmp = (expr);                        \
  if (!tmp.has_value()) return tmp.error(); \
  decl = std::move(tmp).value()
#define WR_WASI_TRY(decl, expr) WR_WASI_TRY_IMPL(WR_CONCAT(wr_wasi_try_, __LINE__), decl, expr)
