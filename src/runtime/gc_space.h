// SmallObjectSpace: where the collector's small objects live (runtime/gc_heap.h decides when to
// collect and what is live; this file only hands out and takes back cells).
//
// Objects of at most kMaxSmallBytes are rounded up to a size class (16-byte steps to 256, then
// 64-byte steps to 512) and carved out of 32 KiB pages that hold cells of one class only. A
// class allocates from its free list (cells the last sweep found dead) and, when that is empty,
// by bumping a pointer through its newest page; only then does it need a new page, which is
// the only moment the heap's committed bytes grow.
//
// Why: binary-trees-like programs allocate and drop millions of 16-48 byte objects. One malloc
// and one free per object (the first collector) spent a quarter of the run time in glibc
// (_int_malloc, _int_free, chunk consolidation, malloc_usable_size for the accounting). Here an
// allocation is a pop or a bump, and the sweep walks each page's cells in address order and
// threads the dead ones onto the free list: no call per object. A page whose cells all died
// is kept in a pool of empty pages, for any class, up to a number the heap chooses (what it
// expects to allocate before its next collection); the rest go back to malloc. Handing pages
// back and taking them again each cycle cost more in page faults (glibc trims the top of its
// heap) than the whole sweep.
//
// A free cell is told apart from an object by GcObject::kFree in its header's gc bits; its
// second word links the free list, which is why the smallest cell is 16 bytes. Under
// AddressSanitizer everything of a free cell past its header is poisoned, so that a reference
// the collector wrongly thought dead still faults on its first field, as it did with free().
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/sanitizer.h"
#include "runtime/gc.h"

namespace wr {

class SmallObjectSpace {
 public:
  static constexpr uint64_t kPageBytes = 32 * 1024;
  static constexpr uint64_t kMaxSmallBytes = 512;
  static constexpr size_t kNumClasses = 16 + 4;

  // What sweeping found (cells are counted in their class's bytes).
  struct SweepResult {
    uint64_t live_objects = 0;
    uint64_t live_bytes = 0;
    uint64_t freed_objects = 0;
  };

  SmallObjectSpace() = default;
  ~SmallObjectSpace();
  SmallObjectSpace(const SmallObjectSpace&) = delete;
  SmallObjectSpace& operator=(const SmallObjectSpace&) = delete;

  static bool IsSmall(uint64_t bytes) { return bytes <= kMaxSmallBytes; }
  static size_t ClassOf(uint64_t bytes) {
    return bytes <= 256 ? (bytes <= 16 ? 0 : (bytes - 1) / 16) : 16 + (bytes - 257) / 64;
  }
  static uint64_t CellBytes(size_t cls) {
    return cls < 16 ? (cls + 1) * 16 : 256 + (cls - 15) * 64;
  }

  // A cell of class `cls` (uninitialized), or nullptr when the class needs a new page.
  void* TryAllocate(size_t cls) {
    Class& c = classes_[cls];
    if (c.free != nullptr) {
      char* p = static_cast<char*>(c.free);
      WR_UNPOISON(p, CellBytes(cls));  // the caller zeroes and constructs the whole cell
      c.free = *reinterpret_cast<void**>(p + kLinkOffset);
      return p;
    }
    if (c.bump != c.bump_end) {
      void* p = c.bump;
      c.bump += CellBytes(cls);
      return p;
    }
    return nullptr;
  }
  // Gives class `cls` a fresh page to bump through, from the pool of empty pages if it has one
  // (then *reused is set) or else from malloc; false when malloc has none.
  bool AddPage(size_t cls, bool* reused);
  bool HasEmptyPage() const { return empty_ != nullptr; }
  // Returns empty pages to malloc until at most `keep` remain; how many it returned.
  uint64_t ReleaseEmptyPages(uint64_t keep);

  // Frees every unmarked object, clears the marks of the others, rebuilds the free lists, and
  // moves pages with no live cell to the pool of empty pages.
  SweepResult Sweep();

  uint64_t pages() const { return pages_; }  // in use or empty, held from malloc

 private:
  struct Page {
    Page* next;
    uint32_t cls;
    uint32_t used;  // bytes of cells handed out at least once (bumped), from cells()
    char* cells() { return reinterpret_cast<char*>(this) + sizeof(Page); }
  };
  static_assert(sizeof(Page) == 16);
  static constexpr uint64_t kCellArea = kPageBytes - sizeof(Page);

  struct Class {
    Page* pages = nullptr;
    void* free = nullptr;
    Page* bump_page = nullptr;  // the newest page, bumped through from `bump` to `bump_end`
    char* bump = nullptr;
    char* bump_end = nullptr;
  };

  static constexpr uint64_t kLinkOffset = sizeof(GcObject);  // a free cell's list link
  static void Free(void* cell, uint64_t bytes, void*& list);

  std::array<Class, kNumClasses> classes_{};
  Page* empty_ = nullptr;  // the pool, linked through Page::next
  uint64_t empty_count_ = 0;
  uint64_t pages_ = 0;
};

// Dead large objects (malloc blocks of more than kMaxSmallBytes) kept for the next large
// allocations instead of going back to malloc at once, up to what the heap expects to allocate
// before its next collection. Freeing a collection's worth of garbage in one sweep made glibc
// coalesce it into the top of its heap and trim it (brk), and the next cycle faulted the same
// pages in again: string-building spent most of its time in page faults.
class LargeBlockCache {
 public:
  LargeBlockCache() = default;
  ~LargeBlockCache() { Trim(0); }
  LargeBlockCache(const LargeBlockCache&) = delete;
  LargeBlockCache& operator=(const LargeBlockCache&) = delete;

  // A cached block of at least `bytes` usable bytes (at most 4 times that), and its cost (as
  // given to Put) in *cost; nullptr if none.
  void* Take(uint64_t bytes, uint64_t* cost);
  // Keeps `block` (dead, of `usable` usable bytes; it cost `cost` against the budget).
  void Put(void* block, uint64_t usable, uint64_t cost);
  // Frees blocks until at most `keep` bytes of cost remain; the cost freed.
  uint64_t Trim(uint64_t keep);
  uint64_t bytes() const { return bytes_; }

 private:
  struct Block {
    void* p;
    uint64_t usable;
    uint64_t cost;
  };
  static unsigned Bucket(uint64_t n) { return 63u - static_cast<unsigned>(__builtin_clzll(n)); }
  std::array<std::vector<Block>, 64> buckets_;  // by floor(log2(usable))
  uint64_t bytes_ = 0;
};

}  // namespace wr
