// References as plain words, for bindings that cannot hold a C++ Value (the C API's
// wasmrun_val_t): Value::raw_ref, FromRawRef and ReleaseRawRef.
//
// A raw reference never carries an object's address: a host could hand back any bits, and an
// address would then be trusted as an object of any type, or one already collected. An object
// reference is instead a handle to an entry of its store's RawRefTable, which holds the Value
// (and so pins the object for the collector) until the binding releases it:
//
//   bits = generation << 32 | index << 2 | 0b10
//
// Null is 0 and an i31 value keeps its own bits (low bit 1): neither needs an entry. Every
// handle is checked on the way back: the store must be live, the entry in range, its
// generation current, and the reference in the hierarchy the binding says it is.
#include <atomic>
#include <mutex>
#include <unordered_set>

#include "api/impl.h"
#include "runtime/gc.h"

namespace wasmrun {

using detail::StoreImpl;

namespace {

constexpr uint64_t kHandleTag = 2;
constexpr uint64_t kTagMask = 3;
constexpr uint32_t kMaxEntries = uint32_t{1} << 30;  // what the index bits hold

// Every live StoreImpl. Consulted only when a raw reference comes back from a binding.
struct LiveStores {
  std::mutex mu;
  std::unordered_set<const void*> set;
};
LiveStores& Live() {
  static LiveStores* live = new LiveStores;  // never destroyed: stores may outlive statics
  return *live;
}

// The entry a handle names, or null.
detail::RawRefTable::Entry* Lookup(StoreImpl& s, uint64_t bits) {
  if ((bits & kTagMask) != kHandleTag) return nullptr;
  const uint64_t index = (bits & 0xffffffffu) >> 2;
  const auto generation = static_cast<uint32_t>(bits >> 32);
  auto& entries = s.raw_refs.entries;
  if (index >= entries.size()) return nullptr;
  detail::RawRefTable::Entry& e = entries[index];
  if (!e.value || e.generation != generation) return nullptr;
  return &e;
}

}  // namespace

namespace detail {

bool IsLiveStore(const void* store) {
  LiveStores& live = Live();
  std::lock_guard lock(live.mu);
  return live.set.contains(store);
}

void RegisterStore(StoreImpl* s) {
  // Stores start their generations apart, so that a handle of a dead store whose address a
  // new store reuses is unlikely to name one of the new store's entries (and if it does, it
  // names a live object of that store, checked for its hierarchy like any other).
  static std::atomic<uint32_t> next{1};
  s->raw_refs.first_generation = next.fetch_add(0x10000, std::memory_order_relaxed);
  LiveStores& live = Live();
  std::lock_guard lock(live.mu);
  live.set.insert(s);
}

void UnregisterStore(StoreImpl* s) {
  LiveStores& live = Live();
  std::lock_guard lock(live.mu);
  live.set.erase(s);
}

}  // namespace detail

Value::RawRef Value::raw_ref() const {
  if (!type_.is_ref() || is_null() || store_ == nullptr || wr::IsI31(lo_)) return {lo_, store_};
  detail::RawRefTable& t = store_->raw_refs;
  uint32_t index;
  if (!t.free.empty()) {
    index = t.free.back();
    t.free.pop_back();
  } else {
    if (t.entries.size() >= kMaxEntries) return {};  // a billion unreleased: hand out null
    index = static_cast<uint32_t>(t.entries.size());
    t.entries.push_back({std::nullopt, t.first_generation});
  }
  detail::RawRefTable::Entry& e = t.entries[index];
  e.value = *this;
  return {uint64_t{e.generation} << 32 | uint64_t{index} << 2 | kHandleTag, store_};
}

std::optional<Value> Value::FromRawRef(ValType t, RawRef r) {
  if (!t.is_ref()) return std::nullopt;
  if (r.bits == 0) return Value(ValType::Ref(t.heap(), true), 0);  // null
  if (wr::IsI31(r.bits)) {
    if (t.top() != HeapType::Any) return std::nullopt;
    Value v(ValType::Ref(HeapType::I31, false), r.bits);
    v.hi_ = 1;
    return v;
  }
  if (r.store == nullptr || !detail::IsLiveStore(r.store)) return std::nullopt;
  auto* s = static_cast<StoreImpl*>(r.store);
  const detail::RawRefTable::Entry* e = Lookup(*s, r.bits);
  if (e == nullptr || e->value->type().top() != t.top()) return std::nullopt;
  return *e->value;
}

bool Value::ReleaseRawRef(RawRef r) {
  if (r.store == nullptr || !detail::IsLiveStore(r.store)) return false;
  auto* s = static_cast<StoreImpl*>(r.store);
  detail::RawRefTable::Entry* e = Lookup(*s, r.bits);
  if (e == nullptr) return false;
  e->value.reset();
  ++e->generation;
  s->raw_refs.free.push_back(static_cast<uint32_t>(e - s->raw_refs.entries.data()));
  return true;
}

}  // namespace wasmrun
