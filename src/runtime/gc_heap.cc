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
    : max_bytes_(max_bytes), stress_(stress), trigger_(kMinTrigger) {}

GcHeap::~GcHeap() {
  for (GcObject* o : objects_) std::free(o);
}

const GcLayout* GcHeap::Layout(uint32_t id, const DefType& def) {
  if (id < layouts_.size() && layouts_[id]) return layouts_[id].get();
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
  // Cheap reject first: the request alone (the chunk is larger) cannot fit.
  if (bytes > max_bytes_ || stats_.live_bytes > max_bytes_ - bytes) return nullptr;
  void* p = std::malloc(static_cast<size_t>(bytes));
  if (p == nullptr) return nullptr;
  const size_t old_cap = objects_.capacity();
  const uint64_t cost = malloc_usable_size(p) + kChunkOverhead;
  uint64_t vec_growth = 0;
  if (objects_.size() == old_cap) vec_growth = std::max<size_t>(old_cap, 64) * sizeof(GcObject*);
  if (stats_.live_bytes + cost + vec_growth > max_bytes_) {
    std::free(p);
    return nullptr;
  }
  objects_.push_back(static_cast<GcObject*>(p));
  const uint64_t vec_cost = (objects_.capacity() - old_cap) * sizeof(GcObject*);
  stats_.live_bytes += cost + vec_cost;
  since_last_ += cost;
  stats_.allocated_bytes += cost;
  ++stats_.allocated_objects;
  stats_.peak_bytes = std::max(stats_.peak_bytes, stats_.live_bytes);
  std::memset(p, 0, static_cast<size_t>(bytes));
  return p;
}

StructObject* GcHeap::NewStruct(uint32_t id, const GcLayout& layout) {
  void* p = Allocate(StructBytes(layout));
  return p ? new (p) StructObject(id) : nullptr;
}

ArrayObject* GcHeap::NewArray(uint32_t id, uint32_t length, unsigned elem_slots) {
  void* p = Allocate(ArrayBytes(length, elem_slots));
  return p ? new (p) ArrayObject(id, length) : nullptr;
}

ExnObject* GcHeap::NewException(const TagInstance* tag, uint32_t slots) {
  void* p = Allocate(ExnBytes(slots));
  return p ? new (p) ExnObject(tag, slots) : nullptr;
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
  // Sweep: free the unmarked, compact the survivors, clear their marks.
  uint64_t freed_bytes = 0;
  size_t kept = 0;
  for (GcObject* o : objects_) {
    if (o->gc_bits & GcObject::kMarked) {
      o->gc_bits &= static_cast<uint8_t>(~GcObject::kMarked);
      objects_[kept++] = o;
    } else {
      freed_bytes += malloc_usable_size(o) + kChunkOverhead;
      std::free(o);
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
  stats_.live_after_last = stats_.live_bytes;
  since_last_ = 0;
  trigger_ = std::max<uint64_t>(
      static_cast<uint64_t>(static_cast<double>(stats_.live_bytes) * kGrowthFactor), kMinTrigger);
  const auto ns = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                            std::chrono::steady_clock::now() - started_)
                                            .count());
  ++stats_.collections;
  stats_.total_pause_ns += ns;
  stats_.max_pause_ns = std::max(stats_.max_pause_ns, ns);
}

}  // namespace wr
