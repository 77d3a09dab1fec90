// GcHeap: allocation, accounting and mark-sweep collection of the store's GC objects
// (structs, arrays, exceptions; runtime/gc.h, exception.h).
//
// Allocation. Each object is one malloc block (header, fields, slots inline); the heap keeps a
// vector of every object for the sweep. What an object costs against the budget is what it
// really takes: the block's usable size plus the allocator's chunk header, plus its entry in
// the object vector. Budget = StoreLimits::max_gc_bytes, which bounds the live heap: an
// allocation that would pass it first collects, and fails (the interpreter traps with
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
// it left times kGrowthFactor (at least kMinTrigger), or when the budget would be passed. A
// collection costs about live (mark) + live + garbage (sweep), so collecting after F x live
// of new allocation costs about (2 + F) / F per allocated byte's worth of live data: F = 2
// halves the mark work of F = 1 for a heap of at most 3x the live set.
// Stress mode (StoreLimits::gc_stress, or WASMRUN_GC_STRESS=1 in the environment) collects at
// every allocation.
//
// Why malloc and mark-sweep: objects never move, so references can stay raw pointers in
// untyped 64-bit slots, the interpreter needs no read or write barriers and no handle
// indirection, and host code may keep a pointer across a collection. glibc's allocator is a
// size-class free-list allocator already (tcache and fastbins per 16-byte class), reuses a freed
// block for the next object of its size, and tells the usable size of each block, which makes
// the accounting exact. The cost is a sweep that touches every object and no bump-pointer
// allocation. A copying nursery (generational) would make short-lived objects nearly free
// (allocation by bump, collection proportional to survivors only) but needs either moving
// support (stack maps already name every reference slot, so frames could be updated; host
// pins would need handles) or a card-marking write barrier on struct.set/array.set and on
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

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ir/types.h"
#include "runtime/exception.h"
#include "runtime/gc.h"

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
  uint64_t live_bytes = 0;       // accounted bytes now (live + not yet collected)
  uint64_t peak_bytes = 0;       // highest live_bytes seen
  uint64_t live_after_last = 0;  // what the last collection left
  uint64_t total_pause_ns = 0;
  uint64_t max_pause_ns = 0;

  // One line: "collections=N pause_total_ms=... pause_max_ms=... allocated_mb=... ...".
  std::string ToString() const;
};

class GcHeap {
 public:
  static constexpr double kGrowthFactor = 2.0;
  static constexpr uint64_t kMinTrigger = uint64_t{1} << 20;

  GcHeap(uint64_t max_bytes, bool stress);
  ~GcHeap();
  GcHeap(const GcHeap&) = delete;
  GcHeap& operator=(const GcHeap&) = delete;

  // The layout of canonical type `id`, registered on first use from its definition.
  const GcLayout* Layout(uint32_t id, const DefType& def);

  // Whether an allocation of `bytes` (ObjectBytes) should collect first.
  bool ShouldCollect(uint64_t bytes) const {
    return stress_ || since_last_ + bytes > trigger_ || stats_.live_bytes + bytes > max_bytes_;
  }
  static uint64_t StructBytes(const GcLayout& l) { return sizeof(StructObject) + l.num_slots * 8; }
  static uint64_t ArrayBytes(uint64_t length, unsigned elem_slots) {
    return sizeof(ArrayObject) + length * elem_slots * 8;
  }
  static uint64_t ExnBytes(uint64_t slots) { return sizeof(ExnObject) + slots * 8; }

  // New objects, slots zeroed; nullptr when they would pass the budget (no collection here:
  // the store's New* decide that).
  StructObject* NewStruct(uint32_t id, const GcLayout& layout);
  ArrayObject* NewArray(uint32_t id, uint32_t length, unsigned elem_slots);
  ExnObject* NewException(const TagInstance* tag, uint32_t slots);

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
  size_t object_count() const { return objects_.size(); }

 private:
  void* Allocate(uint64_t bytes);
  void Trace(GcObject* o);
  void Free(GcObject* o);

  uint64_t max_bytes_;
  bool stress_;
  std::vector<GcObject*> objects_;
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
