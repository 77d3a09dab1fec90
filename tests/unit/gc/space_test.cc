// The small-object space on its own: size classes, bump and free-list allocation, what a sweep
// keeps, frees and pools, and the heap's accounting of pages against the budget.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <vector>

#include "runtime/gc_heap.h"
#include "runtime/gc_space.h"

namespace wr {
namespace {

using Space = SmallObjectSpace;

GcLayout Slots(uint32_t n) {
  GcLayout l;
  l.num_slots = n;
  return l;
}

TEST(SmallObjectSpaceTest, SizeClassesRoundUpToTheNextCell) {
  for (uint64_t bytes = 1; bytes <= Space::kMaxSmallBytes; ++bytes) {
    const size_t cls = Space::ClassOf(bytes);
    ASSERT_LT(cls, Space::kNumClasses) << bytes;
    const uint64_t cell = Space::CellBytes(cls);
    EXPECT_GE(cell, bytes) << bytes;
    EXPECT_GE(cell, 16u) << bytes;  // room for the header and the free-list link
    if (cls > 0) {
      EXPECT_LT(Space::CellBytes(cls - 1), bytes) << bytes;  // the smallest that fits
    }
  }
  EXPECT_EQ(Space::CellBytes(Space::kNumClasses - 1), Space::kMaxSmallBytes);
  EXPECT_FALSE(Space::IsSmall(Space::kMaxSmallBytes + 1));
}

// Allocates `n` 24-byte structs (class of 32-byte cells) with distinct type ids.
std::vector<GcObject*> AllocateStructs(Space& space, size_t cls, size_t n) {
  std::vector<GcObject*> objs;
  for (size_t i = 0; i < n; ++i) {
    void* p = space.TryAllocate(cls);
    if (p == nullptr) {
      bool reused = false;
      if (!space.AddPage(cls, &reused)) return objs;
      p = space.TryAllocate(cls);
    }
    objs.push_back(new (p) StructObject(static_cast<uint32_t>(i)));
  }
  return objs;
}

TEST(SmallObjectSpaceTest, CellsAreDistinctAndPagesFillBeforeANewOne) {
  Space space;
  const size_t cls = Space::ClassOf(24);
  EXPECT_EQ(space.TryAllocate(cls), nullptr);  // no page yet
  const size_t per_page = (Space::kPageBytes - 16) / Space::CellBytes(cls);
  auto objs = AllocateStructs(space, cls, per_page + 1);
  ASSERT_EQ(objs.size(), per_page + 1);
  EXPECT_EQ(space.pages(), 2u);
  std::set<GcObject*> distinct(objs.begin(), objs.end());
  EXPECT_EQ(distinct.size(), objs.size());
  for (GcObject* o : objs) EXPECT_EQ(reinterpret_cast<uintptr_t>(o) % 8, 0u);
}

TEST(SmallObjectSpaceTest, SweepFreesTheUnmarkedAndReusesTheirCells) {
  Space space;
  const size_t cls = Space::ClassOf(24);
  auto objs = AllocateStructs(space, cls, 100);
  std::set<GcObject*> dead;
  for (size_t i = 0; i < objs.size(); ++i) {
    if (i % 3 == 0) {
      objs[i]->gc_bits |= GcObject::kMarked;
    } else {
      dead.insert(objs[i]);
    }
  }
  const Space::SweepResult r = space.Sweep();
  EXPECT_EQ(r.live_objects, 34u);
  EXPECT_EQ(r.freed_objects, 66u);
  EXPECT_EQ(r.live_bytes, 34u * Space::CellBytes(cls));
  for (size_t i = 0; i < objs.size(); i += 3) {
    EXPECT_EQ(objs[i]->gc_bits & GcObject::kMarked, 0) << "marks are cleared";
    EXPECT_EQ(objs[i]->type_id, i) << "survivors are untouched";
  }
  // The next 66 allocations are exactly the dead cells, before any fresh bump cell.
  std::set<GcObject*> reused;
  for (int i = 0; i < 66; ++i) reused.insert(static_cast<GcObject*>(space.TryAllocate(cls)));
  EXPECT_EQ(reused, dead);
  // A second sweep with nothing marked frees the 34 survivors and the 66 now-allocated cells
  // are unmarked too; cells already free are not counted again.
  for (GcObject* o : reused) new (o) StructObject(0);
  const Space::SweepResult r2 = space.Sweep();
  EXPECT_EQ(r2.freed_objects, 100u);
  EXPECT_EQ(r2.live_objects, 0u);
}

TEST(SmallObjectSpaceTest, EmptyPagesArePooledThenReleased) {
  Space space;
  const size_t small = Space::ClassOf(16);
  const size_t big = Space::ClassOf(512);
  const size_t per_page = (Space::kPageBytes - 16) / 16;
  auto objs = AllocateStructs(space, small, 3 * per_page);  // 3 pages, all dead after sweep
  ASSERT_EQ(space.pages(), 3u);
  space.Sweep();
  EXPECT_EQ(space.pages(), 3u);  // 2 pooled, the newest kept for bumping
  EXPECT_TRUE(space.HasEmptyPage());
  // Another class takes a pooled page instead of a new one.
  bool reused = false;
  ASSERT_TRUE(space.AddPage(big, &reused));
  EXPECT_TRUE(reused);
  EXPECT_EQ(space.pages(), 3u);
  EXPECT_EQ(space.ReleaseEmptyPages(0), 1u);
  EXPECT_EQ(space.pages(), 2u);
  EXPECT_FALSE(space.HasEmptyPage());
}

TEST(GcHeapTest, PagesCountAgainstTheBudgetAndASmallBudgetStillCollects) {
  // A budget of 4 pages: allocation fails once a fifth page would be needed.
  const uint64_t page_cost = Space::kPageBytes + 8;
  GcHeap heap(4 * page_cost, /*stress=*/false);
  const GcLayout layout = Slots(2);
  uint64_t n = 0;
  while (heap.NewStruct(1, layout, {}) != nullptr) ++n;
  const uint64_t per_page = (Space::kPageBytes - 16) / 32;
  EXPECT_EQ(n, 4 * per_page);
  EXPECT_EQ(heap.stats().live_bytes, 4 * page_cost);
  EXPECT_LE(heap.stats().peak_bytes, heap.max_bytes());
  // Nothing is a root: a collection frees everything, and the cells are allocatable again
  // without a new page.
  heap.BeginCollection();
  heap.FinishCollection();
  EXPECT_EQ(heap.object_count(), 0u);
  EXPECT_EQ(heap.stats().live_after_last, 0u);
  for (uint64_t i = 0; i < n; ++i) ASSERT_NE(heap.NewStruct(1, layout, {}), nullptr) << i;
  EXPECT_LE(heap.stats().live_bytes, 4 * page_cost);
}

TEST(GcHeapTest, PooledPagesGiveWayToALargeObject) {
  const uint64_t page_cost = Space::kPageBytes + 8;
  GcHeap heap(8 * page_cost, /*stress=*/false);
  const GcLayout layout = Slots(2);
  while (heap.NewStruct(1, layout, {}) != nullptr) {
  }
  heap.BeginCollection();
  heap.FinishCollection();  // all dead: pages pooled (the budget is small, so few are kept)
  // An array of 6 pages' worth fits only if the pool goes back to malloc.
  const uint32_t len = static_cast<uint32_t>(6 * Space::kPageBytes / 8);
  EXPECT_NE(heap.NewArray(2, len, 1), nullptr);
  EXPECT_LE(heap.stats().live_bytes, heap.max_bytes());
}

TEST(GcHeapTest, NewObjectsCopyTheirInitAndZeroTheRest) {
  GcHeap heap(1 << 20, false);
  const GcLayout layout = Slots(3);
  const uint64_t init[] = {7, 9};
  // Dirty a cell first, so that zeroing is observable on reuse.
  StructObject* s = heap.NewStruct(1, layout, std::span<const uint64_t>(init));
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->slots()[0], 7u);
  EXPECT_EQ(s->slots()[1], 9u);
  EXPECT_EQ(s->slots()[2], 0u);
  s->slots()[2] = 42;
  heap.BeginCollection();
  heap.FinishCollection();
  StructObject* t = heap.NewStruct(1, layout, {});
  ASSERT_EQ(t, s);  // the freed cell comes back first
  EXPECT_EQ(t->slots()[0], 0u);
  EXPECT_EQ(t->slots()[1], 0u);
  EXPECT_EQ(t->slots()[2], 0u);
  EXPECT_EQ(t->gc_bits, 0);
}

TEST(LargeBlockCacheTest, TakesABlockThatFitsAndTrimsToWhatItKeeps) {
  LargeBlockCache cache;
  void* a = std::malloc(3000);
  void* b = std::malloc(5000);
  cache.Put(a, 3000, 3008);
  cache.Put(b, 5000, 5008);
  EXPECT_EQ(cache.bytes(), 8016u);
  uint64_t cost = 0;
  EXPECT_EQ(cache.Take(20000, &cost), nullptr);  // nothing large enough
  EXPECT_EQ(cache.Take(2500, &cost), a);         // its own bucket: 2048..4095
  EXPECT_EQ(cost, 3008u);
  EXPECT_EQ(cache.Take(2500, &cost), b);  // the next bucket fits any request of this one
  EXPECT_EQ(cache.Take(2500, &cost), nullptr);
  EXPECT_EQ(cache.bytes(), 0u);
  cache.Put(a, 3000, 3008);
  cache.Put(b, 5000, 5008);
  EXPECT_EQ(cache.Trim(4000), 5008u);  // the largest go first
  EXPECT_EQ(cache.bytes(), 3008u);
  EXPECT_EQ(cache.Take(3001, &cost), nullptr);  // a is too small for this
  // The destructor frees what is left (LeakSanitizer would say otherwise).
}

TEST(GcHeapTest, DeadLargeObjectsAreReusedAndGiveWayUnderTheBudget) {
  GcHeap heap(1 << 20, false);
  ArrayObject* a = heap.NewArray(1, 1000, 1);  // 8 KB: a large object
  ASSERT_NE(a, nullptr);
  a->slots()[5] = 99;
  const uint64_t held = heap.stats().live_bytes;
  heap.BeginCollection();
  heap.FinishCollection();
  EXPECT_EQ(heap.object_count(), 0u);
  EXPECT_EQ(heap.stats().live_bytes, held);  // kept for reuse, still counted
  ArrayObject* b = heap.NewArray(1, 900, 1);
  EXPECT_EQ(b, a);  // the same block, with no new memory
  EXPECT_EQ(b->length, 900u);
  EXPECT_EQ(b->slots()[5], 0u);  // zeroed
  EXPECT_EQ(heap.stats().live_bytes, held);
  heap.BeginCollection();
  heap.FinishCollection();
  // An array that fits the budget only without the cached block: the cache gives way.
  const uint32_t len = static_cast<uint32_t>((heap.max_bytes() - 16) / 8 - 512);
  EXPECT_NE(heap.NewArray(1, len, 1), nullptr);
}

#ifdef WR_HAVE_ASAN
// A reference the collector wrongly freed must still fault on its first field, as it did when
// every object was its own malloc block.
TEST(SmallObjectSpaceDeathTest, AFreedCellIsPoisonedPastItsHeader) {
  GcHeap heap(1 << 20, false);
  StructObject* s = heap.NewStruct(1, Slots(2), {});
  ASSERT_NE(s, nullptr);
  heap.BeginCollection();
  heap.FinishCollection();
  EXPECT_DEATH(
      {
        volatile uint64_t v = s->slots()[0];
        static_cast<void>(v);
      },
      "use-after-poison");
}
#endif

}  // namespace
}  // namespace wr
