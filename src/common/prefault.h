// Prefaulting: the pages of a large range about to be written whole, mapped in one system call
// instead of one page fault each. A fault costs a few microseconds on bare metal and more in a
// virtual machine (13 us measured on the development VM), so for start-up, where a module's
// arrays are allocated and filled once, the faults can cost more than the work.
#pragma once

#include <cstddef>
#include <memory>

namespace wr {

// Maps the whole pages inside [p, p + n) for writing when n is at least kPrefaultMinBytes.
// Only for memory that is written right away anyway: it adds nothing to the resident size.
// A no-op where the kernel cannot (Linux before 5.14, other systems).
inline constexpr size_t kPrefaultMinBytes = 64 * 1024;
void PrefaultForWrite(void* p, size_t n);

// std::allocator whose large arrays are prefaulted: for a vector sized once and filled at once.
template <class T>
struct PrefaultAllocator {
  using value_type = T;
  PrefaultAllocator() = default;
  template <class U>
  explicit PrefaultAllocator(const PrefaultAllocator<U>& /*other*/) {}
  T* allocate(size_t n) {
    T* p = std::allocator<T>().allocate(n);
    PrefaultForWrite(p, n * sizeof(T));
    return p;
  }
  void deallocate(T* p, size_t n) { std::allocator<T>().deallocate(p, n); }
  template <class U>
  bool operator==(const PrefaultAllocator<U>& /*other*/) const {
    return true;
  }
};

}  // namespace wr
