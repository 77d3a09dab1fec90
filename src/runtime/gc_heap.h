// GcHeap: allocation, accounting and mark-sweep collection of the store's GC objects
// (structs, arrays, exceptions; runtime/gc.h, exception.h).
//
// Allocation. Objects of at most 512 bytes live in size-class pages (runtime/gc_space.h: a pop
// from a free list or a pointer bump); larger ones (arrays mostly) are one malloc block each,
// kept in a vector for the sweep. What counts against the budget is what the heap really
// holds: whole 32 KiB pages, and for large objects the block's usable size plus malloc's chunk
// header and its entry in the vector. Budget = StoreLimits::max_gc_bytes, which bounds the
// heap: an allocation that would pass it first collects, and fails (the interpreter traps with
// GcHeapExhausted) only if it still would.
//
// Collection is precise and never runs inside an instruction: only at an allocation site (a
// safepoint, where the lowering recorded which frame slots hold references) or when the host
// asks (Store::CollectGarbage). The store's Collect marks from the roots
//   - globals, tables and element segments of the store,
//   - host pins (PinRef) and escaped objects (MarkHostEscaped),
//   - the registered GcRootSource: the interpreter's frames, through stack maps, and the
//     arguments of host calls in progress,
// follows references in objects by their layout (GcLayout; i31, function and extern
// references are not followed), then sweeps what was not reached.
//
// When to collect: when the bytes allocated since the last collection exceed the live bytes
// it left times kGrowthFactor (at least MinTrigger(): 2 MiB, or a quarter of a smaller
// budget), or when an allocation would pass the budget (the store collects and retries once).
// The floor is a trade: a collection marks the live set, so a small live set collected every
// few hundred KB spends its time marking; but the garbage of a cycle is reused by the next one
// while it is still in the CPU's caches only if the cycle is small (string-building with 40 KB
// arrays: 0.29 s at 2 MiB, 0.84 s at 8 MiB; binary-trees did not care between 1 and 8 MiB).
// Stress mode (StoreLimits::gc_stress, or WASMRUN_GC_STRESS=1 in the environment) collects at
// every allocation.
//
// Why mark-sweep over non-moving pages: objects never move, so references can stay raw
// pointers in untyped 64-bit slots, the interpreter needs no read or write barriers and no
// handle indirection, and host code may keep a pointer across a collection. Size-class pages
// make allocation nearly as cheap as a bump allocator, and the sweep walks memory in order
// without a call per object. The cost is a sweep proportional to the heap, not to the
// survivors. A copying nursery (generational) would make short-lived objects nearly free
// (collection proportional to survivors only) but needs either moving support (stack maps
// already name every reference slot, so frames could be updated; host pins would need
// handles) or a card-marking write barrier on struct.set/array.set and on
// table and global writes to find old-to-young pointers.
//
// Host references. A reference the host holds must be a root while held:
//   RootId id = store.gc().PinRef(ref);   // ref stays alive (and unmoved) ...
//   store.gc().PinnedRef(id);             // ... and can be read back ...
//   store.gc().UnpinRef(id);              // ... until unpinned.
// Pins are counted per id, not per object: pin twice, unpin twice. Until the public API holds
// pins, the engine marks every GC reference it hands to the host (Invoke results, host
// function arguments) as escaped: never freed while the store lives
// (Store::set_pin_host_refs_forever, on by default).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ir/types.h"
#include "runtime/exception.h"
#include "runtime/gc.h"
#include "runtime/gc_space.h"

namespace wr {

using RootId = uint32_t;

class GcHeap;

// Something outside the store that holds references (the interpreter's stacks): it reports
// each with GcHeap::Mark during a collection.
class GcRootSource {
 public:
  virtual void TraceRoots(GcHeap& heap) = 0;

 protected:
  ~GcRootSource() = default;
};

struct GcStats {
  uint64_t collections = 0;
  uint64_t allocated_bytes = 0;  // in total, accounted bytes
  uint64_t allocated_objects = 0;
  uint64_t freed_objects = 0;
  uint64_t live_bytes = 0;       // bytes the heap holds now: pages and large blocks (budgeted)
  uint64_t peak_bytes = 0;       // highest live_bytes seen
  uint64_t live_after_last = 0;  // bytes of the objects the last collection found live
  uint64_t total_pause_ns = 0;
  uint64_t max_pause_ns = 0;

  // One line: "collections=N pause_total_ms=... pause_max_ms=... allocated_mb=... ...".
  std::string ToString() const;
};

class GcHeap {
 public:
  static constexpr double kGrowthFactor = 2.0;
  static constexpr uint64_t kMinTrigger = uint64_t{2} << 20;
  uint64_t MinTrigger() const { return std::min(kMinTrigger, max_bytes_ / 4); }

  GcHeap(uint64_t max_bytes, bool stress);
  ~GcHeap();
  GcHeap(const GcHeap&) = delete;
  GcHeap& operator=(const GcHeap&) = delete;

  // The layout of canonical type `id`, registered on first use from its definition.
  const GcLayout* Layout(uint32_t id, const DefType& def) {
    if (id < layouts_.size() && layouts_[id]) [[likely]]
      return layouts_[id].get();
    return AddLayout(id, def);
  }

  // Whether an allocation of `bytes` (ObjectBytes) should collect first.
  bool ShouldCollect(uint64_t bytes) const { return stress_ || since_last_ + bytes > trigger_; }
  static uint64_t StructBytes(const GcLayout& l) { return sizeof(StructObject) + l.num_slots * 8; }
  static uint64_t ArrayBytes(uint64_t length, unsigned elem_slots) {
    return sizeof(ArrayObject) + length * elem_slots * 8;
  }
  static uint64_t ExnBytes(uint64_t slots) { return sizeof(ExnObject) + slots * 8; }

  // New objects, their slots copied from `init`/`payload` or zeroed past its end; nullptr when
  // they would pass the budget (no collection here: the store's New* decide that).
  StructObject* NewStruct(uint32_t id, const GcLayout& layout, std::span<const uint64_t> init);
  ArrayObject* NewArray(uint32_t id, uint32_t length, unsigned elem_slots);
  ExnObject* NewException(const TagInstance* tag, std::span<const uint64_t> payload);

  // Host roots (see the file comment).
  RootId PinRef(Ref r);
  void UnpinRef(RootId id);
  Ref PinnedRef(RootId id) const { return pins_[id]; }
  void MarkHostEscaped(Ref r);

  // Collection steps (Store::Collect runs them): Begin, Mark every root, Finish.
  void BeginCollection();
  void Mark(Ref r) {
    if (GcObject* o = CollectedObject(r); o && !(o->gc_bits & GcObject::kMarked)) {
      o->gc_bits |= GcObject::kMarked;
      mark_stack_.push_back(o);
    }
  }
  void MarkSlots(const uint64_t* slots, size_t n) {
    for (size_t i = 0; i < n; ++i) Mark(slots[i]);
  }
  void FinishCollection();

  bool stress() const { return stress_; }
  void set_stress(bool on) { stress_ = on; }
  uint64_t max_bytes() const { return max_bytes_; }
  const GcStats& stats() const { return stats_; }
  size_t object_count() const { return small_objects_ + objects_.size(); }

 private:
  const GcLayout* AddLayout(uint32_t id, const DefType& def);
  void* Allocate(uint64_t bytes);  // uninitialized
  void* AllocateLarge(uint64_t bytes);
  void SweepLarge();
  void ReleasePages(uint64_t keep);  // returns pooled empty pages to malloc
  void ReleaseCaches();              // pooled pages and cached large blocks, all
  void Trace(GcObject* o);

  uint64_t max_bytes_;
  bool stress_;
  SmallObjectSpace small_;
  uint64_t small_objects_ = 0;      // live or not yet swept, in small_
  uint64_t live_object_bytes_ = 0;  // what the last collection found live (cells and blocks)
  std::vector<GcObject*> objects_;  // the large objects
  LargeBlockCache large_cache_;     // dead large objects' blocks, for reuse
  std::vector<std::unique_ptr<GcLayout>> layouts_;  // by canonical type id
  std::vector<GcObject*> mark_stack_;
  std::vector<Ref> pins_;
  std::vector<RootId> free_pins_;
  std::vector<GcObject*> escaped_;
  uint64_t since_last_ = 0;  // accounted bytes allocated since the last collection
  uint64_t trigger_;
  std::chrono::steady_clock::time_point started_;
  GcStats stats_;
};

}  // namespace wr
