// Runtime objects the host creates itself: globals, tables, memories and tags, to hand to
// modules as imports (a host-provided memory, a tag shared between modules).
#include <algorithm>

#include "api/impl.h"

namespace wasmrun {

using detail::Access;
using detail::StoreImpl;

namespace {

Error Resource(std::string message) {
  Error e;
  e.kind = ErrorKind::Resource;
  e.message = std::move(message);
  return e;
}

}  // namespace

Result<Global> Global::New(Store& store, GlobalType type, const Value& init) {
  StoreImpl* s = Access::Get(store);
  std::optional<wr::ValType> t = detail::ToEngine(type.type);
  if (!t) return Fail(detail::UsageError("a host global cannot have a concrete type"));
  uint64_t slots[2] = {0, 0};
  if (auto why = Access::ToSlots(*s, init, *t, nullptr, slots)) {
    return Fail(detail::UsageError("global initial value: " + *why));
  }
  wr::GlobalInstance* g = s->store.NewGlobal();
  g->type = {*t, type.mut};
  g->value[0] = slots[0];
  g->value[1] = slots[1];
  return Access::MakeGlobal(s, g);
}

Result<Table> Table::New(Store& store, TableType type, const Value& init) {
  StoreImpl* s = Access::Get(store);
  std::optional<wr::ValType> elem = detail::ToEngine(type.element);
  if (!elem || !elem->is_ref()) {
    return Fail(detail::UsageError("a host table needs an abstract reference element type"));
  }
  uint64_t slot[2] = {0, 0};
  if (auto why = Access::ToSlots(*s, init, *elem, nullptr, slot)) {
    return Fail(detail::UsageError("table initial value: " + *why));
  }
  const uint64_t cap = s->store.limits().max_table_entries;
  const uint64_t max = std::min(type.limits.max.value_or(cap), cap);
  if (type.limits.max && *type.limits.max < type.limits.min) {
    return Fail(detail::UsageError("table maximum below its minimum"));
  }
  if (type.limits.min > max) {
    return Fail(Resource("table size " + std::to_string(type.limits.min) +
                         " exceeds the limit of " + std::to_string(max) + " entries"));
  }
  if (!s->store.TakeTableEntries(type.limits.min)) {
    return Fail(
        Resource("tables exceed the store's limit of " + std::to_string(cap) + " entries in all"));
  }
  wr::TableInstance* t = s->store.NewTable();
  t->type.elem = *elem;
  t->type.limits.min = type.limits.min;
  t->type.limits.max = type.limits.max;
  t->type.limits.index_type = type.is64 ? wr::IndexType::I64 : wr::IndexType::I32;
  t->max_size = max;
  t->elems.assign(type.limits.min, slot[0]);
  return Access::MakeTable(s, t);
}

Result<Memory> Memory::New(Store& store, MemoryType type) {
  StoreImpl* s = Access::Get(store);
  if (type.page_size != 1 && type.page_size != wr::kWasmPageSize) {
    return Fail(detail::UsageError("a memory's page size is 1 or 65536 bytes"));
  }
  if (type.limits.max && *type.limits.max < type.limits.min) {
    return Fail(detail::UsageError("memory maximum below its minimum"));
  }
  if (type.shared && !type.limits.max) {
    return Fail(detail::UsageError("a shared memory needs a maximum"));
  }
  wr::MemoryType t;
  t.limits.min = type.limits.min;
  t.limits.max = type.limits.max;
  t.limits.index_type = type.is64 ? wr::IndexType::I64 : wr::IndexType::I32;
  t.limits.shared = type.shared;
  t.page_size_log2 = type.page_size == 1 ? 0 : 16;
  auto created = wr::MemoryInstance::Create(t, s->store.limits().max_memory_pages,
                                            s->store.limits().small_memory_reservation);
  if (!created) return Fail(Resource(created.error().message));
  return Access::MakeMemory(s->store.AddMemory(std::move(created).value()));
}

Result<Tag> Tag::New(Store& store, std::vector<ValType> params) {
  StoreImpl* s = Access::Get(store);
  wr::FuncType type;
  for (ValType p : params) {
    std::optional<wr::ValType> t = detail::ToEngine(p);
    if (!t) return Fail(detail::UsageError("a host tag cannot carry a concrete type"));
    type.params.push_back(*t);
  }
  wr::TagInstance* tag = s->store.NewTag();
  tag->type_id = s->store.InternFuncType(type);
  tag->type = std::move(type);
  return Access::MakeTag(s, tag);
}

Result<Value> Tag::NewException(std::span<const Value> args) const {
  wr::TagInstance* tag = Access::Get(*this);
  StoreImpl* s = Access::StoreOf(*this);
  if (tag == nullptr || s == nullptr) return Fail(detail::UsageError("a null tag"));
  const std::vector<wr::ValType>& params = tag->type.params;
  if (args.size() != params.size()) {
    return Fail(detail::UsageError("the tag carries " + std::to_string(params.size()) +
                                   " values, not " + std::to_string(args.size())));
  }
  std::vector<uint64_t> payload;
  for (size_t i = 0; i < args.size(); ++i) {
    uint64_t slots[2] = {0, 0};
    // Values of a concrete type (a module's tag) have no instance to resolve it in here: the
    // check refuses them, never passes them unchecked.
    if (auto why = Access::ToSlots(*s, args[i], params[i], nullptr, slots)) {
      return Fail(detail::UsageError("exception value " + std::to_string(i) + ": " + *why));
    }
    payload.insert(payload.end(), slots, slots + params[i].slots());
  }
  // The arguments are Values, which keep any GC object they hold alive across a collection
  // this allocation may run.
  wr::ExnObject* exn = s->store.NewException(tag, payload);
  if (exn == nullptr) return Fail(Resource("GC heap limit reached"));
  const uint64_t bits = wr::ToRef(exn);
  return Access::FromSlots(*s, wr::ValType::Ref(wr::HeapKind::Exn, false), nullptr, &bits);
}

FuncType Tag::type() const {
  const wr::TagInstance* t = Access::Get(*this);
  return detail::ToPublic(t->type, t->module);
}

}  // namespace wasmrun
