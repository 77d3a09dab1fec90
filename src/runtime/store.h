// Store: owns every runtime object of a set of instances and frees them together. Objects
// never move (they are held by unique_ptr, alone or in blocks), so references and instance
// pointers stay valid for the store's lifetime.
//
// Threads: a store and everything in it (instances, functions, tables, globals, GC heap, type
// registry, interpreter state) is used by one thread at a time. What several threads may use
// at once: CompiledModules (compile/compiled_module.h) and shared memories, which a store only
// co-owns (runtime/shared_memory.h); each thread runs its own store.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "runtime/function.h"
#include "runtime/gc.h"
#include "runtime/gc_heap.h"
#include "runtime/global.h"
#include "runtime/instance.h"
#include "runtime/memory.h"
#include "runtime/object.h"
#include "runtime/table.h"
#include "runtime/type_registry.h"

namespace wr {

// Limits that keep untrusted code from exhausting the host.
struct StoreLimits {
  uint32_t max_call_depth = 10000;      // wasm frames; deeper -> "call stack exhausted"
  uint64_t max_stack_slots = 8u << 20;  // value stack, 64-bit slots (64 MiB)
  uint64_t max_memory_pages = 65536;    // per memory (64 KiB pages); 4 GiB
  // Memories reserve only what they use and move when they grow past it (MemoryInstance).
  bool small_memory_reservation = false;
  uint64_t max_table_entries = kMaxTableEntries;  // each table, and all tables together
  // Live structs, arrays and exception objects, all together, in the bytes they really take
  // (runtime/gc_heap.h); 1 GiB.
  uint64_t max_gc_bytes = uint64_t{1} << 30;
  // Collect at every allocation (tests); WASMRUN_GC_STRESS=1 in the environment turns it on too.
  bool gc_stress = false;
};

class Store {
 public:
  explicit Store(StoreLimits limits = {});
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const StoreLimits& limits() const { return limits_; }

  // Canonical type identity across the store's modules and host functions: the ids
  // FuncInstance::type_id, TagInstance::type_id and Instance::type_ids hold.
  TypeRegistry& types() { return types_; }
  const TypeRegistry& types() const { return types_; }
  // Canonical id of a standalone function type (a host function's; see TypeRegistry).
  uint32_t InternFuncType(const FuncType& type) { return types_.InternFunc(type); }

  FuncInstance* NewFunction() { return Own(functions_); }
  // `n` functions in one allocation (an instance's defined functions: one block rather than a
  // malloc each). Like every function, they live as long as the store.
  std::span<FuncInstance> NewFunctions(size_t n) {
    if (n == 0) return {};
    function_blocks_.push_back(std::make_unique<FuncInstance[]>(n));
    return {function_blocks_.back().get(), n};
  }
  // A table that draws its entries (initial ones with TakeTableEntries, growth by itself) from
  // the store's budget of limits().max_table_entries.
  TableInstance* NewTable() {
    TableInstance* t = Own(tables_);
    t->budget = &table_budget_;
    t->limiter = growth_limiter_;
    return t;
  }
  // Asked before each growth of the memories and tables made from now on (null: nobody).
  void set_growth_limiter(GrowthLimiter* limiter) { growth_limiter_ = limiter; }
  bool TakeTableEntries(uint64_t n) { return table_budget_.Take(n); }
  GlobalInstance* NewGlobal() { return Own(globals_); }
  TagInstance* NewTag() { return Own(tags_); }
  Instance* NewInstance() { return Own(instances_); }
  MemoryInstance* AddMemory(std::unique_ptr<MemoryInstance> m) {
    if (m->shared()) {  // owned through shared_ptr: other stores may import it (shared_memory.h)
      shared_memories_.push_back(std::shared_ptr<MemoryInstance>(std::move(m)));
      return shared_memories_.back().get();
    }
    m->set_limiter(growth_limiter_);
    memories_.push_back(std::move(m));
    return memories_.back().get();
  }
  // Keeps a shared memory (perhaps another store's) alive as long as this store: called for
  // each imported memory. Unshared memories belong to their store alone; nothing to do.
  void RetainMemory(MemoryInstance* m) {
    if (m->shared()) shared_memories_.push_back(m->shared_from_this());
  }
  // Interned: equal host values give the same reference.
  ExternObject* ExternRef(uint64_t host_value);

  // GC objects (runtime/gc.h, gc_heap.h): `type_id` canonical, `def` its definition; slots
  // zeroed unless `init` gives them. nullptr when the live heap, even after a collection,
  // would pass limits().max_gc_bytes. These are safepoints: they may collect, so every
  // reference the caller holds must be reachable from a root (for the interpreter: its
  // current frame published in its GcRootSource, see interp/gc_roots.cc).
  StructObject* NewStruct(uint32_t type_id, const DefType& def, std::span<const uint64_t> init);
  ArrayObject* NewArray(uint32_t type_id, const DefType& def, uint32_t length);
  ExnObject* NewException(const TagInstance* tag, std::span<const uint64_t> payload);

  // The collector: host pins, statistics, stress mode. See runtime/gc_heap.h.
  GcHeap& gc() { return heap_; }
  const GcHeap& gc() const { return heap_; }
  // Runs a collection now (no-op inside a NoGcScope). Every reference held outside the roots
  // (gc_heap.h) may be freed.
  void CollectGarbage();
  // The interpreter registers its stacks here (one source per store).
  void set_gc_root_source(GcRootSource* source) { root_source_ = source; }
  // While true (the default, until the public API pins what it holds), every GC reference the
  // engine hands to the host is kept for the store's lifetime (GcHeap::MarkHostEscaped).
  bool pin_host_refs_forever() const { return pin_host_refs_forever_; }
  void set_pin_host_refs_forever(bool on) { pin_host_refs_forever_ = on; }
  // Marks the GC references among `slots` (typed by `types`) as escaped to the host, when
  // pin_host_refs_forever().
  void HostEscape(std::span<const ValType> types, const uint64_t* slots);

  // No collection while one is alive (instantiation: objects of constant expressions are held
  // in C++ until they reach a global, table or segment).
  class NoGcScope {
   public:
    explicit NoGcScope(Store& s) : s_(s) { ++s_.no_gc_; }
    ~NoGcScope() { --s_.no_gc_; }
    NoGcScope(const NoGcScope&) = delete;
    NoGcScope& operator=(const NoGcScope&) = delete;

   private:
    Store& s_;
  };

  // Scratch space the interpreter keeps between calls (its value and frame stacks), so a
  // call from the host allocates nothing after the first.
  std::shared_ptr<void>& interp_state() { return interp_state_; }

 private:
  template <class T>
  T* Own(std::vector<std::unique_ptr<T>>& v) {
    v.push_back(std::make_unique<T>());
    return v.back().get();
  }

  StoreLimits limits_;
  TableEntryBudget table_budget_;
  GrowthLimiter* growth_limiter_ = nullptr;
  TypeRegistry types_;
  std::vector<std::unique_ptr<FuncInstance>> functions_;
  std::vector<std::unique_ptr<FuncInstance[]>> function_blocks_;  // NewFunctions
  std::vector<std::unique_ptr<TableInstance>> tables_;
  std::vector<std::unique_ptr<GlobalInstance>> globals_;
  std::vector<std::unique_ptr<TagInstance>> tags_;
  std::vector<std::unique_ptr<MemoryInstance>> memories_;
  std::vector<std::shared_ptr<MemoryInstance>> shared_memories_;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::unordered_map<uint64_t, std::unique_ptr<ExternObject>> externs_;
  // Collects when the heap asks for it before an allocation of `bytes`; true if it did.
  bool MaybeCollect(uint64_t bytes) {
    if (!heap_.ShouldCollect(bytes) || no_gc_ != 0) return false;
    CollectGarbage();
    return true;
  }
  // Runs `alloc` (a GcHeap::New*), collecting first when the heap asks for it, and once more
  // before giving up: the budget counts real block sizes, which only malloc knows, so an
  // allocation can fail where the estimate said it would fit.
  template <class Alloc>
  auto AllocateCollecting(uint64_t bytes, Alloc alloc) -> decltype(alloc());
  void TraceStoreRoots();

  GcHeap heap_;
  GcRootSource* root_source_ = nullptr;
  uint32_t no_gc_ = 0;
  bool pin_host_refs_forever_ = true;
  std::shared_ptr<void> interp_state_;
};

}  // namespace wr
