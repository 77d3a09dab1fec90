// Store: owns every runtime object of a set of instances and frees them together. Objects
// never move (they are held by unique_ptr), so references and instance pointers stay valid
// for the store's lifetime.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "runtime/function.h"
#include "runtime/gc.h"
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
  uint64_t max_table_entries = kMaxTableEntries;
  uint64_t max_gc_bytes = uint64_t{1} << 30;  // structs and arrays, all together (1 GiB)
};

class Store {
 public:
  explicit Store(StoreLimits limits = {}) : limits_(limits) {}
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
  TableInstance* NewTable() { return Own(tables_); }
  GlobalInstance* NewGlobal() { return Own(globals_); }
  TagInstance* NewTag() { return Own(tags_); }
  Instance* NewInstance() { return Own(instances_); }
  MemoryInstance* AddMemory(std::unique_ptr<MemoryInstance> m) {
    memories_.push_back(std::move(m));
    return memories_.back().get();
  }
  // Interned: equal host values give the same reference.
  ExternObject* ExternRef(uint64_t host_value);

  // A GC object (runtime/gc.h) of `slots` value slots, owned by the store; nullptr when it
  // would take the store past limits().max_gc_bytes.
  StructObject* NewStruct(uint32_t type_id, std::vector<uint64_t> slots);
  ArrayObject* NewArray(uint32_t type_id, uint32_t length, unsigned elem_slots);

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
  TypeRegistry types_;
  std::vector<std::unique_ptr<FuncInstance>> functions_;
  std::vector<std::unique_ptr<TableInstance>> tables_;
  std::vector<std::unique_ptr<GlobalInstance>> globals_;
  std::vector<std::unique_ptr<TagInstance>> tags_;
  std::vector<std::unique_ptr<MemoryInstance>> memories_;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::unordered_map<uint64_t, std::unique_ptr<ExternObject>> externs_;
  // One list per type: objects have no virtual destructor (an Object is its kind, no vtable).
  std::vector<std::unique_ptr<StructObject>> structs_;
  std::vector<std::unique_ptr<ArrayObject>> arrays_;
  uint64_t gc_bytes_ = 0;
  std::shared_ptr<void> interp_state_;
};

}  // namespace wr
