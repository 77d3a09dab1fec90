// The store's side of the collector: allocation entry points that collect first when the
// heap asks for it, and the roots the store itself holds (globals, tables, segments).
#include <algorithm>

#include "runtime/store.h"

namespace wr {

namespace {

// Whether values of type `t` can refer to collected objects: references outside the
// function hierarchy (a concrete type index may name a function type: checked via `m`).
bool MayHoldCollected(const ValType& t, const Module* m) {
  if (!t.is_ref()) return false;
  switch (t.heap) {
    case HeapKind::Func:
    case HeapKind::NoFunc: return false;
    case HeapKind::Index:
      return m == nullptr || t.index >= m->types.size() ||
             m->types[t.index].kind != DefType::Kind::Func;
    default: return true;
  }
}

}  // namespace

template <class Alloc>
auto Store::AllocateCollecting(uint64_t bytes, Alloc alloc) -> decltype(alloc()) {
  const bool collected = MaybeCollect(bytes);
  auto* p = alloc();
  if (p == nullptr && !collected && no_gc_ == 0) {
    CollectGarbage();
    p = alloc();
  }
  return p;
}

StructObject* Store::NewStruct(uint32_t type_id, const DefType& def,
                               std::span<const uint64_t> init) {
  const GcLayout* layout = heap_.Layout(type_id, def);
  return AllocateCollecting(GcHeap::StructBytes(*layout),
                            [&] { return heap_.NewStruct(type_id, *layout, init); });
}

ArrayObject* Store::NewArray(uint32_t type_id, const DefType& def, uint32_t length) {
  const GcLayout* layout = heap_.Layout(type_id, def);
  const uint64_t bytes = GcHeap::ArrayBytes(length, layout->elem_slots);
  if (bytes > heap_.max_bytes()) return nullptr;  // would not fit even in an empty heap
  return AllocateCollecting(bytes,
                            [&] { return heap_.NewArray(type_id, length, layout->elem_slots); });
}

ExnObject* Store::NewException(const TagInstance* tag, std::span<const uint64_t> payload) {
  return AllocateCollecting(GcHeap::ExnBytes(payload.size()),
                            [&] { return heap_.NewException(tag, payload); });
}

void Store::CollectGarbage() {
  if (no_gc_ != 0) return;
  heap_.BeginCollection();
  TraceStoreRoots();
  if (root_source_ != nullptr) root_source_->TraceRoots(heap_);
  heap_.FinishCollection();
}

void Store::TraceStoreRoots() {
  for (const auto& g : globals_) {
    if (MayHoldCollected(g->type.type, g->module)) heap_.Mark(g->value[0]);
  }
  for (const auto& t : tables_) {
    if (MayHoldCollected(t->type.elem, t->module))
      heap_.MarkSlots(t->elems.data(), t->elems.size());
  }
  for (const auto& inst : instances_) {
    for (const std::vector<Ref>& seg : inst->elems) heap_.MarkSlots(seg.data(), seg.size());
  }
}

void Store::HostEscape(std::span<const ValType> types, const uint64_t* slots) {
  if (!pin_host_refs_forever_) return;
  for (const ValType& t : types) {
    if (t.is_ref()) heap_.MarkHostEscaped(*slots);
    slots += t.slots();
  }
}

}  // namespace wr
