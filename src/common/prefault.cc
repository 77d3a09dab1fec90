#include "common/prefault.h"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace wr {

void PrefaultForWrite(void* p, size_t n) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  if (n < kPrefaultMinBytes) return;
  constexpr uintptr_t kPage = 4096;  // the smallest page size; larger pages are multiples
  const auto begin = (reinterpret_cast<uintptr_t>(p) + kPage - 1) & ~(kPage - 1);
  const auto end = (reinterpret_cast<uintptr_t>(p) + n) & ~(kPage - 1);
  if (end <= begin) return;
  // EINVAL on a kernel without it: the pages then fault in one at a time, as without this.
  (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
#else
  (void)p;
  (void)n;
#endif
}

}  // namespace wr
