#include "runtime/memory.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/prefault.h"
#include "runtime/shared_memory.h"

namespace wr {

namespace {

// Architectural limits: 2^16 pages of 64 KiB for 32-bit memories (4 GiB), and for 64-bit
// memories 2^48 pages by the spec, far beyond any host; the host cap applies there.
uint64_t ArchMaxPages(const MemoryType& t) {
  const uint64_t bytes_limit =
      t.limits.index_type == IndexType::I64 ? (uint64_t{1} << 48) : (uint64_t{1} << 32);
  return bytes_limit >> t.page_size_log2;
}

constexpr uint64_t kHostPage = 4096;

uint64_t RoundToHostPage(uint64_t bytes) {
  return (bytes + kHostPage - 1) & ~(kHostPage - 1);
}

// Without a host cap we still refuse to reserve more than this much address space for one
// memory (64-bit memories with no maximum): 64 GiB.
constexpr uint64_t kDefaultReserveLimit = uint64_t{64} << 30;

// Whole reservations of memories that are gone, kept for the next memory of the same size.
// A fresh 4 GiB reservation costs more than its mmap: its first pages need new page tables
// (zeroed by the kernel) and its munmap frees them again. A reused one keeps its page tables;
// its pages were given back with MADV_DONTNEED, so they read as zero again (anonymous private
// memory is refilled with zeros on the next touch), as a new memory must.
class ReservationPool {
 public:
  // A reservation of exactly `bytes`, all PROT_NONE, or null.
  uint8_t* Take(uint64_t bytes) {
    const std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = free_.size(); i-- > 0;) {
      if (free_[i].second != bytes) continue;
      uint8_t* base = free_[i].first;
      free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(i));
      return base;
    }
    return nullptr;
  }
  // Keeps `base` (`bytes` reserved, the first `committed` of them readable and writable) for
  // Take; false when the caller must unmap it (the pool is full or the pages cannot be
  // dropped).
  bool Give(uint8_t* base, uint64_t bytes, uint64_t committed) {
    {
      const std::lock_guard<std::mutex> lock(mu_);
      if (free_.size() >= kMaxKept) return false;
    }
    if (committed > 0 && (madvise(base, committed, MADV_DONTNEED) != 0 ||
                          mprotect(base, committed, PROT_NONE) != 0)) {
      return false;
    }
    const std::lock_guard<std::mutex> lock(mu_);
    if (free_.size() >= kMaxKept) return false;
    free_.emplace_back(base, bytes);
    return true;
  }

 private:
  static constexpr size_t kMaxKept = 16;  // 16 x 4 GiB of address space, no memory
  std::mutex mu_;
  std::vector<std::pair<uint8_t*, uint64_t>> free_;
};

ReservationPool& Pool() {
  static ReservationPool* pool = new ReservationPool();  // never destroyed: memories may
  return *pool;                                          // outlive static destructors
}

}  // namespace

Result<std::unique_ptr<MemoryInstance>> MemoryInstance::Create(const MemoryType& type,
                                                               uint64_t max_pages_cap,
                                                               bool small_reservation) {
  std::unique_ptr<MemoryInstance> m(new MemoryInstance());
  m->type_ = type;
  const uint64_t page = uint64_t{1} << type.page_size_log2;
  uint64_t max_pages = ArchMaxPages(type);
  if (type.limits.max) max_pages = std::min(max_pages, *type.limits.max);
  if (max_pages_cap) {
    // The cap counts 64 KiB pages whatever this memory's page size: a limit in bytes.
    const unsigned shift = type.page_size_log2 < 16 ? 16 - type.page_size_log2 : 0;
    const uint64_t cap =
        max_pages_cap > (UINT64_MAX >> shift) ? UINT64_MAX : max_pages_cap << shift;
    max_pages = std::min(max_pages, cap);
  }
  max_pages = std::min(max_pages, kDefaultReserveLimit / page);
  if (type.limits.min > max_pages) {
    return MakeError(Phase::Instantiate, Error::kNoOffset,
                     "memory size " + std::to_string(type.limits.min) +
                         " pages exceeds the limit of " + std::to_string(max_pages) + " pages");
  }
  m->max_pages_ = max_pages;
  if (type.limits.shared) m->shared_ = std::make_unique<SharedMemoryState>();
  m->reserved_ = max_pages * page;
  m->moves_ = small_reservation && !type.limits.shared;
  if (m->moves_) {
    // What the memory starts with, in whole host pages (at least one).
    m->reserved_ =
        std::min(m->reserved_, std::max(RoundToHostPage(type.limits.min * page), kHostPage));
  }
  // A small reservation of a memory that starts non-empty is exactly its initial pages: map
  // them readable and writable at once (one system call per instantiation, not a reservation
  // and then a commit). The host limit on them was asked before instantiation.
  const bool commit_now = m->moves_ && type.limits.min > 0;
  if (m->reserved_ > 0 && !m->moves_ && !type.limits.shared) {
    m->base_ = Pool().Take(m->reserved_);
  }
  if (m->reserved_ > 0 && m->base_ == nullptr) {
    void* p = mmap(nullptr, m->reserved_, commit_now ? PROT_READ | PROT_WRITE : PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
      return MakeError(
          Phase::Instantiate, Error::kNoOffset,
          "cannot reserve " + std::to_string(m->reserved_) +
              " bytes of address space for a linear memory (too many live memories, or a low "
              "ulimit -v): an engine with Config::memory_reservation = "
              "MemoryReservation::Small (CLI: --small-memory-reservation) reserves only what "
              "each memory uses");
    }
    m->base_ = static_cast<uint8_t*>(p);
  }
  if (commit_now) {
    m->size_.store(type.limits.min * page, std::memory_order_release);
  } else if (type.limits.min > 0 && m->Grow(type.limits.min) < 0) {
    return MakeError(Phase::Instantiate, Error::kNoOffset,
                     "cannot commit the initial pages of a linear memory (too many live "
                     "memories: each takes two of the process's vm.max_map_count mappings; or a "
                     "low ulimit -v)");
  }
  return m;
}

bool MemoryInstance::Move(uint64_t need) {
  // At least double, so that a memory growing page by page moves O(log n) times.
  const uint64_t limit = RoundToHostPage(max_pages_ << type_.page_size_log2);
  const uint64_t want =
      std::min(limit, std::max(need, reserved_ > limit / 2 ? limit : reserved_ * 2));
  void* p = mmap(nullptr, want, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return false;
  auto* fresh = static_cast<uint8_t*>(p);
  const uint64_t used = RoundToHostPage(size_);
  if (used > 0) {
    if (mprotect(fresh, used, PROT_READ | PROT_WRITE) != 0) {
      munmap(fresh, want);
      return false;
    }
    std::memcpy(fresh, base_, size_);
  }
  if (base_ != nullptr) munmap(base_, reserved_);
  base_ = fresh;
  reserved_ = want;
  return true;
}

void MemoryInstance::Unmap() {
  if (base_ == nullptr) return;
  // Pooled: whole reservations of unshared memories (a shared one is reserved whole too, but
  // shared memories are few and owned across stores).
  if (moves_ || shared_ || !Pool().Give(base_, reserved_, RoundToHostPage(size()))) {
    munmap(base_, reserved_);
  }
}

void MemoryInstance::PrepareWrite(uint64_t offset, uint64_t len) const {
  if (base_ != nullptr) PrefaultForWrite(base_ + offset, static_cast<size_t>(len));
}

void MemoryInstance::Release() {
  Unmap();
  base_ = nullptr;
  reserved_ = 0;
  max_pages_ = 0;
  size_.store(0, std::memory_order_release);
}

MemoryInstance::~MemoryInstance() {
  Unmap();
}

int64_t MemoryInstance::Grow(uint64_t delta) {
  // Shared: one grower at a time, so that two threads' deltas both count.
  std::unique_lock<std::mutex> lock;
  if (shared_) lock = std::unique_lock<std::mutex>(shared_->grow_mutex);
  const uint64_t size = size_.load(std::memory_order_relaxed);
  const uint64_t old_pages = size >> type_.page_size_log2;
  if (delta > max_pages_ - old_pages) return -1;
  if (delta == 0) return static_cast<int64_t>(old_pages);
  const uint64_t new_size = (old_pages + delta) << type_.page_size_log2;
  if (limiter_ != nullptr) {
    const unsigned log2 = type_.page_size_log2;
    const uint64_t max_bytes = max_pages_ > (UINT64_MAX >> log2) ? UINT64_MAX : max_pages_ << log2;
    if (!limiter_->MemoryGrowing(size, new_size, max_bytes)) return -1;
  }
  // mprotect needs host-page granularity; wasm pages (64 KiB) are multiples of it, and for
  // custom page sizes smaller than a host page we commit whole host pages (still zero-filled).
  const uint64_t host_page = kHostPage;
  if (moves_ && RoundToHostPage(new_size) > reserved_ && !Move(RoundToHostPage(new_size))) {
    return -1;
  }
  const uint64_t from = size & ~(host_page - 1);
  const uint64_t to = std::min(reserved_, (new_size + host_page - 1) & ~(host_page - 1));
  if (to > from && mprotect(base_ + from, to - from, PROT_READ | PROT_WRITE) != 0) return -1;
  size_.store(new_size, std::memory_order_release);  // after the commit: readers may use it
  return static_cast<int64_t>(old_pages);
}

}  // namespace wr
