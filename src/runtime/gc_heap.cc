#include "runtime/gc_heap.h"

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

namespace wr {

namespace {

// glibc's chunk header: a block of usable size u takes u + 8 bytes of the heap.
constexpr uint64_t kChunkOverhead = 8;
constexpr uint64_t kPageCost = SmallObjectSpace::kPageBytes + kChunkOverhead;

}  // namespace

std::string GcStats::ToString() const {
  auto ms = [](uint64_t ns) { return std::to_string(static_cast<double>(ns) / 1e6); };
  auto mb = [](uint64_t b) { return std::to_string(static_cast<double>(b) / (1 << 20)); };
  return "collections=" + std::to_string(collections) + " pause_total_ms=" + ms(total_pause_ns) +
         " pause_max_ms=" + ms(max_pause_ns) + " allocated_mb=" + mb(allocated_bytes) +
         " objects=" + std::to_string(allocated_objects) + " peak_mb=" + mb(peak_bytes) +
         " live_after_last_mb=" + mb(live_after_last);
}

GcHeap::GcHeap(uint64_t max_bytes, bool stress)
    : max_bytes_(max_bytes), stress_(stress), trigger_(MinTrigger()) {}

GcHeap::~GcHeap() {
  for (GcObject* o : objects_) std::free(o);
}

const GcLayout* GcHeap::AddLayout(uint32_t id, const DefType& def) {
  if (id >= layouts_.size()) layouts_.resize(id + 1);
  auto l = std::make_unique<GcLayout>();
  if (def.kind == DefType::Kind::Array && !def.fields.empty()) {
    l->elem_slots = def.fields[0].type.slots();
    l->elem_is_ref = def.fields[0].type.is_ref();
  } else {
    for (const FieldType& f : def.fields) {
      if (f.type.is_ref()) l->refs.push_back(l->num_slots);
      l->num_slots += f.type.slots();
    }
  }
  layouts_[id] = std::move(l);
  return layouts_[id].get();
}

void* GcHeap::Allocate(uint64_t bytes) {
  void* p = nullptr;
  if (SmallObjectSpace::IsSmall(bytes)) {
    const size_t cls = SmallObjectSpace::ClassOf(bytes);
    p = small_.TryAllocate(cls);
    if (p == nullptr) {
      // A pooled empty page is already counted; a new one must fit.
      if (!small_.HasEmptyPage() && stats_.live_bytes + kPageCost > max_bytes_) {
        ReleaseCaches();  // cached large blocks give way
        if (stats_.live_bytes + kPageCost > max_bytes_) return nullptr;
      }
      bool reused = false;
      if (!small_.AddPage(cls, &reused)) return nullptr;
      if (!reused) {
        stats_.live_bytes += kPageCost;
        stats_.peak_bytes = std::max(stats_.peak_bytes, stats_.live_bytes);
      }
      p = small_.TryAllocate(cls);
    }
    ++small_objects_;
    const uint64_t cell = SmallObjectSpace::CellBytes(cls);
    since_last_ += cell;
    stats_.allocated_bytes += cell;
  } else {
    p = AllocateLarge(bytes);
    if (p == nullptr) return nullptr;
  }
  ++stats_.allocated_objects;
  return p;
}

void* GcHeap::AllocateLarge(uint64_t bytes) {
  // Cheap reject first: the request alone (the chunk is larger) cannot fit.
  if (bytes > max_bytes_) return nullptr;
  const size_t old_cap = objects_.capacity();
  uint64_t vec_growth = 0;
  if (objects_.size() == old_cap) vec_growth = std::max<size_t>(old_cap, 64) * sizeof(GcObject*);
  // A cached dead block is already counted: only the vector may grow.
  uint64_t cost = 0;
  void* p =
      stats_.live_bytes + vec_growth <= max_bytes_ ? large_cache_.Take(bytes, &cost) : nullptr;
  if (p == nullptr) {
    // Pooled pages and cached blocks give way to a large object that would not fit beside
    // them.
    if (stats_.live_bytes + bytes + (bytes >> 4) + 64 + vec_growth > max_bytes_) ReleaseCaches();
    if (stats_.live_bytes > max_bytes_ - bytes) return nullptr;
    p = std::malloc(static_cast<size_t>(bytes));
    if (p == nullptr) return nullptr;
    cost = malloc_usable_size(p) + kChunkOverhead;
    if (stats_.live_bytes + cost + vec_growth > max_bytes_) {
      std::free(p);
      return nullptr;
    }
    stats_.live_bytes += cost;
  }
  objects_.push_back(static_cast<GcObject*>(p));
  const uint64_t vec_cost = (objects_.capacity() - old_cap) * sizeof(GcObject*);
  stats_.live_bytes += vec_cost;
  since_last_ += cost;
  stats_.allocated_bytes += cost;
  stats_.peak_bytes = std::max(stats_.peak_bytes, stats_.live_bytes);
  return p;
}

namespace {

// Few slots as a rule (a struct's fields, an exception's payload): a plain loop, which beats
// calls to memmove and memset at these sizes.
void InitSlots(uint64_t* slots, size_t n, std::span<const uint64_t> init) {
  const size_t m = std::min(n, init.size());
  for (size_t i = 0; i < m; ++i) slots[i] = init[i];
  for (size_t i = m; i < n; ++i) slots[i] = 0;
}

}  // namespace

StructObject* GcHeap::NewStruct(uint32_t id, const GcLayout& layout,
                                std::span<const uint64_t> init) {
  void* p = Allocate(StructBytes(layout));
  if (p == nullptr) return nullptr;
  auto* s = new (p) StructObject(id);
  InitSlots(s->slots(), layout.num_slots, init);
  return s;
}

ArrayObject* GcHeap::NewArray(uint32_t id, uint32_t length, unsigned elem_slots) {
  void* p = Allocate(ArrayBytes(length, elem_slots));
  if (p == nullptr) return nullptr;
  auto* a = new (p) ArrayObject(id, length);
  std::memset(a->slots(), 0, static_cast<size_t>(length) * elem_slots * 8);
  return a;
}

ExnObject* GcHeap::NewException(const TagInstance* tag, std::span<const uint64_t> payload) {
  void* p = Allocate(ExnBytes(payload.size()));
  if (p == nullptr) return nullptr;
  auto* e = new (p) ExnObject(tag, static_cast<uint32_t>(payload.size()));
  InitSlots(e->payload(), payload.size(), payload);
  return e;
}

RootId GcHeap::PinRef(Ref r) {
  if (!free_pins_.empty()) {
    const RootId id = free_pins_.back();
    free_pins_.pop_back();
    pins_[id] = r;
    return id;
  }
  pins_.push_back(r);
  return static_cast<RootId>(pins_.size() - 1);
}

void GcHeap::UnpinRef(RootId id) {
  pins_[id] = kNullRef;
  free_pins_.push_back(id);
}

void GcHeap::MarkHostEscaped(Ref r) {
  GcObject* o = CollectedObject(r);
  if (o == nullptr || (o->gc_bits & GcObject::kEscaped)) return;
  o->gc_bits |= GcObject::kEscaped;
  escaped_.push_back(o);
}

void GcHeap::BeginCollection() {
  started_ = std::chrono::steady_clock::now();
  for (Ref r : pins_) Mark(r);
  for (GcObject* o : escaped_) Mark(ToRef(o));
}

void GcHeap::Trace(GcObject* o) {
  switch (o->kind) {
    case ObjectKind::Struct: {
      const uint64_t* s = static_cast<StructObject*>(o)->slots();
      for (uint32_t off : layouts_[o->type_id]->refs) Mark(s[off]);
      return;
    }
    case ObjectKind::Array: {
      auto* a = static_cast<ArrayObject*>(o);
      if (layouts_[o->type_id]->elem_is_ref) MarkSlots(a->slots(), a->length);
      return;
    }
    case ObjectKind::Exception: {
      auto* e = static_cast<ExnObject*>(o);
      const uint64_t* p = e->payload();
      for (const ValType& t : e->tag->type.params) {
        if (t.is_ref()) Mark(*p);
        p += t.slots();
      }
      return;
    }
    default: return;
  }
}

void GcHeap::FinishCollection() {
  while (!mark_stack_.empty()) {
    GcObject* o = mark_stack_.back();
    mark_stack_.pop_back();
    Trace(o);
  }
  const SmallObjectSpace::SweepResult small = small_.Sweep();
  small_objects_ = small.live_objects;
  stats_.freed_objects += small.freed_objects;
  live_object_bytes_ = small.live_bytes;
  SweepLarge();
  stats_.live_after_last = live_object_bytes_;
  since_last_ = 0;
  trigger_ = std::max<uint64_t>(
      static_cast<uint64_t>(static_cast<double>(live_object_bytes_) * kGrowthFactor), MinTrigger());
  // Keep the empty pages and dead large blocks that the allocation until the next collection
  // will want again.
  ReleasePages(trigger_ / SmallObjectSpace::kPageBytes);
  stats_.live_bytes -= std::min(large_cache_.Trim(trigger_), stats_.live_bytes);
  const auto ns = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                            std::chrono::steady_clock::now() - started_)
                                            .count());
  ++stats_.collections;
  stats_.total_pause_ns += ns;
  stats_.max_pause_ns = std::max(stats_.max_pause_ns, ns);
}

void GcHeap::ReleaseCaches() {
  ReleasePages(0);
  stats_.live_bytes -= std::min(large_cache_.Trim(0), stats_.live_bytes);
}

void GcHeap::ReleasePages(uint64_t keep) {
  const uint64_t released = small_.ReleaseEmptyPages(keep);
  stats_.live_bytes -= std::min(released * kPageCost, stats_.live_bytes);
}

void GcHeap::SweepLarge() {
  // Free the unmarked, compact the survivors, clear their marks.
  uint64_t freed_bytes = 0;
  size_t kept = 0;
  for (GcObject* o : objects_) {
    if (o->gc_bits & GcObject::kMarked) {
      o->gc_bits &= static_cast<uint8_t>(~GcObject::kMarked);
      objects_[kept++] = o;
      live_object_bytes_ += malloc_usable_size(o) + kChunkOverhead;
    } else {
      const uint64_t usable = malloc_usable_size(o);
      large_cache_.Put(o, usable, usable + kChunkOverhead);  // still held: not freed_bytes
      ++stats_.freed_objects;
    }
  }
  objects_.resize(kept);
  // The vector keeps the capacity of the largest heap; give most of it back when the heap
  // shrank a lot, so that its cost (accounted) follows the live set.
  if (objects_.capacity() > 4 * kept && objects_.capacity() > 65536) {
    const size_t old_cap = objects_.capacity();
    std::vector<GcObject*> v;
    v.reserve(std::max<size_t>(2 * kept, 1024));
    v.assign(objects_.begin(), objects_.end());
    objects_.swap(v);
    freed_bytes += (old_cap - objects_.capacity()) * sizeof(GcObject*);
  }
  stats_.live_bytes -= std::min(freed_bytes, stats_.live_bytes);
}

}  // namespace wr
