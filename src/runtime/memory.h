// MemoryInstance: one linear memory instance.
//
// By default the whole range the memory may ever grow to (its declared maximum, capped by the
// host's limit) is reserved once with mmap(PROT_NONE); Grow() only commits more of it with
// mprotect. So the base address never moves, and host functions may hold pointers into memory
// for the duration of a call. Fresh pages come from the kernel zeroed, as wasm requires.
// With a small reservation (`small_reservation`, never for a shared memory) only the current
// size is reserved, and a growth past it moves the memory to a larger reservation (at least
// double): many more memories fit in the address space, and data() must be read again after
// anything that may grow the memory (the interpreter reloads it after every call, return and
// memory.grow).
//
// Every access is still bounds-checked explicitly by its user (interpreter, WASI): the
// reservation is for address stability, not for guard-page tricks.
//
// A shared memory (threads) is owned through std::shared_ptr and may be used by several stores
// on several threads at once: see runtime/shared_memory.h. Its size is read with an acquire
// load and grown under a lock, so size(), pages(), InBounds() and Grow() are thread safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "common/error.h"
#include "ir/types.h"
#include "runtime/limiter.h"

namespace wr {

struct Instance;
struct SharedMemoryState;

class MemoryInstance : public std::enable_shared_from_this<MemoryInstance> {
 public:
  // `max_pages_cap` is the host's limit on this memory's size in 64 KiB pages, whatever the
  // memory's own page size (a limit in bytes; 0 = none beyond the index type's architectural
  // limit). Fails if the initial size exceeds the cap or the
  // address space cannot be reserved.
  static Result<std::unique_ptr<MemoryInstance>> Create(const MemoryType& type,
                                                        uint64_t max_pages_cap,
                                                        bool small_reservation = false);
  ~MemoryInstance();
  MemoryInstance(const MemoryInstance&) = delete;
  MemoryInstance& operator=(const MemoryInstance&) = delete;

  uint8_t* data() const { return base_; }
  // bytes, always a multiple of the page size
  uint64_t size() const { return size_.load(std::memory_order_acquire); }
  uint64_t pages() const { return size() >> type_.page_size_log2; }
  uint64_t page_size() const { return uint64_t{1} << type_.page_size_log2; }
  // The largest number of pages Grow() may reach (declared max, architectural and host caps).
  uint64_t max_pages() const { return max_pages_; }
  const MemoryType& type() const { return type_; }

  // Grows by `delta` pages; returns the old size in pages, or -1 (and changes nothing) when
  // the result would pass max_pages() or the memory cannot be committed.
  int64_t Grow(uint64_t delta);

  // Asked before each growth (null: nobody); see runtime/limiter.h.
  void set_limiter(GrowthLimiter* limiter) { limiter_ = limiter; }

  // True when [offset, offset + len) lies inside the memory, without overflow.
  bool InBounds(uint64_t offset, uint64_t len) const {
    const uint64_t size = this->size();
    return offset <= size && len <= size - offset;
  }

  // About to write all of [offset, offset + len) (in bounds), e.g. a data segment: its pages
  // are mapped in one call if it is large (common/prefault.h).
  void PrepareWrite(uint64_t offset, uint64_t len) const;

  // The instance that defined the memory (null: the host made it), and how many live
  // instances import it: a dropped instance's memory is released when none does
  // (interp/drop.h). One thread at a time, as the store; never counted for a shared memory,
  // which other stores' threads import and which a drop does not free.
  const Instance* owner() const { return owner_; }
  void set_owner(const Instance* owner) { owner_ = owner; }
  uint32_t importers = 0;
  // Unmaps the memory: it is empty from then on and cannot grow, and every access traps as
  // out of bounds. For an unshared memory whose instance was dropped, when no live instance
  // uses it; host handles to it see the empty memory.
  void Release();

  // Shared memories only (type().limits.shared): the grow lock and the wait queue.
  bool shared() const { return shared_ != nullptr; }
  SharedMemoryState* shared_state() const { return shared_.get(); }

 private:
  MemoryInstance() = default;
  // Moves the memory to a new reservation of at least `need` bytes (small reservations only).
  bool Move(uint64_t need);
  // Gives the reservation back: to the pool of whole reservations (memory.cc), else munmap.
  void Unmap();
  MemoryType type_;
  uint8_t* base_ = nullptr;
  std::atomic<uint64_t> size_{0};
  uint64_t max_pages_ = 0;
  uint64_t reserved_ = 0;  // bytes reserved with mmap
  GrowthLimiter* limiter_ = nullptr;
  const Instance* owner_ = nullptr;
  bool moves_ = false;  // a small reservation: Grow may move the memory
  std::unique_ptr<SharedMemoryState> shared_;
};

}  // namespace wr
