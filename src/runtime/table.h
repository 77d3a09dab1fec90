// TableInstance instances: a vector of references with limits.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/types.h"
#include "runtime/limiter.h"
#include "runtime/object.h"

namespace wr {

struct Module;
struct Instance;

// The entries all the tables of a store may hold together (StoreLimits::max_table_entries).
// Each table is capped too, but a module may declare 100,000 tables within that cap that
// together would ask for terabytes.
struct TableEntryBudget {
  uint64_t left = 0;
  bool Take(uint64_t n) {
    if (n > left) return false;
    left -= n;
    return true;
  }
};

struct TableInstance {
  TableType type;
  // The module whose type section the type indices in `type.elem` refer to (typed
  // references); null for tables the host created.
  const Module* module = nullptr;
  // The defining instance, whose type_ids give the canonical ids of those indices (the host
  // boundary checks values against them); null for tables the host created.
  const Instance* instance = nullptr;
  std::vector<Ref> elems;
  uint64_t max_size = 0;               // declared max capped by the host limit
  TableEntryBudget* budget = nullptr;  // the store's (Store::NewTable sets it)
  GrowthLimiter* limiter = nullptr;    // asked before each growth (runtime/limiter.h)

  // How many live instances import the table (see MemoryInstance::importers).
  uint32_t importers = 0;

  uint64_t size() const { return elems.size(); }
  // Frees the entries (back to the store's budget): the table is empty from then on and
  // cannot grow. For a dropped instance's table that no live instance uses (interp/drop.h).
  void Release() {
    if (budget != nullptr) budget->left += elems.size();
    std::vector<Ref>().swap(elems);
    max_size = 0;
  }
  // Grows by `delta` entries set to `init`; returns the old size or -1 (nothing changed).
  int64_t Grow(uint64_t delta, Ref init) {
    const uint64_t old = elems.size();
    if (delta > max_size - old) return -1;
    if (limiter != nullptr && !limiter->TableGrowing(old, old + delta, max_size)) return -1;
    if (budget != nullptr && !budget->Take(delta)) return -1;
    elems.resize(old + delta, init);
    return static_cast<int64_t>(old);
  }
};

// Hard cap on table sizes whatever the module declares, so a hostile module cannot make the
// host allocate unbounded memory (10M entries = 80 MB).
inline constexpr uint64_t kMaxTableEntries = 10'000'000;

}  // namespace wr
