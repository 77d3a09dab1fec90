#include "runtime/gc_space.h"

#include <cstdlib>

#include "common/sanitizer.h"

namespace wr {

namespace {

template <class Page>
void FreePages(Page* p) {
  while (p != nullptr) {
    Page* next = p->next;
    std::free(p);
    p = next;
  }
}

}  // namespace

SmallObjectSpace::~SmallObjectSpace() {
  for (Class& c : classes_) FreePages(c.pages);
  FreePages(empty_);
}

uint64_t SmallObjectSpace::ReleaseEmptyPages(uint64_t keep) {
  uint64_t released = 0;
  while (empty_count_ > keep) {
    Page* p = empty_;
    empty_ = p->next;
    --empty_count_;
    WR_UNPOISON(p, kPageBytes);
    std::free(p);
    --pages_;
    ++released;
  }
  return released;
}

void SmallObjectSpace::Free(void* cell, uint64_t bytes, void*& list) {
  static_cast<GcObject*>(cell)->gc_bits = GcObject::kFree;
  WR_UNPOISON(static_cast<char*>(cell) + kLinkOffset, 8);
  *reinterpret_cast<void**>(static_cast<char*>(cell) + kLinkOffset) = list;
  WR_POISON(static_cast<char*>(cell) + kLinkOffset, bytes - kLinkOffset);
  list = cell;
}

bool SmallObjectSpace::AddPage(size_t cls, bool* reused) {
  void* mem = empty_;
  *reused = mem != nullptr;
  if (mem != nullptr) {
    empty_ = empty_->next;
    --empty_count_;
    WR_UNPOISON(mem, kPageBytes);
  } else {
    mem = std::malloc(kPageBytes);
    if (mem == nullptr) return false;
    ++pages_;
  }
  Class& c = classes_[cls];
  if (c.bump_page != nullptr)
    c.bump_page->used = static_cast<uint32_t>(c.bump - c.bump_page->cells());
  auto* page = static_cast<Page*>(mem);
  page->next = c.pages;
  page->cls = static_cast<uint32_t>(cls);
  page->used = 0;
  c.pages = page;
  const uint64_t cell = CellBytes(cls);
  c.bump_page = page;
  c.bump = page->cells();
  c.bump_end = c.bump + (kCellArea / cell) * cell;
  return true;
}

SmallObjectSpace::SweepResult SmallObjectSpace::Sweep() {
  SweepResult r;
  for (size_t cls = 0; cls < kNumClasses; ++cls) {
    Class& c = classes_[cls];
    const uint64_t cell = CellBytes(cls);
    if (c.bump_page != nullptr)
      c.bump_page->used = static_cast<uint32_t>(c.bump - c.bump_page->cells());
    c.free = nullptr;
    Page** link = &c.pages;
    while (Page* page = *link) {
      void* page_free = nullptr;
      void* page_free_tail = nullptr;
      uint64_t live = 0;
      char* const begin = page->cells();
      char* const end = begin + page->used;
      for (char* p = begin; p != end; p += cell) {
        auto* o = reinterpret_cast<GcObject*>(p);
        if (o->gc_bits & GcObject::kFree) {
          // Already free: relink (its link word is rewritten below).
        } else if (o->gc_bits & GcObject::kMarked) {
          o->gc_bits = static_cast<uint8_t>(o->gc_bits & ~GcObject::kMarked);
          ++live;
          continue;
        } else {
          ++r.freed_objects;
        }
        Free(p, cell, page_free);
        if (page_free_tail == nullptr) page_free_tail = p;
      }
      if (live == 0 && page != c.bump_page) {
        *link = page->next;
        page->next = empty_;
        empty_ = page;
        ++empty_count_;
        WR_POISON(page->cells(), kCellArea);
        continue;
      }
      if (page_free != nullptr) {
        WR_UNPOISON(static_cast<char*>(page_free_tail) + kLinkOffset, 8);
        *reinterpret_cast<void**>(static_cast<char*>(page_free_tail) + kLinkOffset) = c.free;
        WR_POISON(static_cast<char*>(page_free_tail) + kLinkOffset, 8);
        c.free = page_free;
      }
      r.live_objects += live;
      r.live_bytes += live * cell;
      link = &page->next;
    }
  }
  return r;
}

void* LargeBlockCache::Take(uint64_t bytes, uint64_t* cost) {
  const unsigned k = Bucket(bytes);
  // Its own bucket holds blocks of [2^k, 2^(k+1)): look at a few for one that fits; any block
  // of the next bucket fits.
  std::vector<Block>& own = buckets_[k];
  for (size_t i = own.size(), looked = 0; i > 0 && looked < 8; --i, ++looked) {
    if (own[i - 1].usable >= bytes) {
      const Block b = own[i - 1];
      own[i - 1] = own.back();
      own.pop_back();
      bytes_ -= b.cost;
      *cost = b.cost;
      WR_UNPOISON(b.p, b.usable);
      return b.p;
    }
  }
  if (k + 1 < buckets_.size() && !buckets_[k + 1].empty()) {
    const Block b = buckets_[k + 1].back();
    buckets_[k + 1].pop_back();
    bytes_ -= b.cost;
    *cost = b.cost;
    WR_UNPOISON(b.p, b.usable);
    return b.p;
  }
  return nullptr;
}

void LargeBlockCache::Put(void* block, uint64_t usable, uint64_t cost) {
  buckets_[Bucket(usable)].push_back({block, usable, cost});
  bytes_ += cost;
  WR_POISON(block, usable);
}

uint64_t LargeBlockCache::Trim(uint64_t keep) {
  uint64_t freed = 0;
  for (size_t k = buckets_.size(); k > 0 && bytes_ > keep; --k) {
    std::vector<Block>& b = buckets_[k - 1];
    while (!b.empty() && bytes_ > keep) {
      WR_UNPOISON(b.back().p, b.back().usable);
      std::free(b.back().p);
      bytes_ -= b.back().cost;
      freed += b.back().cost;
      b.pop_back();
    }
    if (b.empty()) std::vector<Block>().swap(b);
  }
  return freed;
}

}  // namespace wr
