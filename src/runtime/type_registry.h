// TypeRegistry: store-wide identity of defined types (WebAssembly 3.0 iso-recursive types,
// document/core/valid/conventions.rst "Rolling and Unrolling", valid/matching.rst).
//
// Two defined types are the same type exactly when their recursive groups are equivalent and
// they sit at the same position in them. Groups are compared by a key: each type's kind,
// finality, declared supertypes and field/param/result types, where a reference to a type of
// the same group is its relative position and a reference to an earlier type is that type's
// canonical id. Equal keys mean equivalent groups, so interning the key gives every defined
// type a canonical id (consecutive within a group) that is equal across modules exactly when
// the types are equivalent. Subtyping between defined types follows the declared supertypes,
// so each id also records its canonical supertype chain (a "display": its ancestors from the
// root down to itself, at most limits::kMaxSubtypeDepth + 1 of them) and IsSubtype is one
// lookup: `super` is an ancestor of `sub` exactly when it sits in sub's display at super's
// depth. Displays share one array, so memory is linear in the number of types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "ir/limits.h"
#include "ir/module.h"
#include "ir/types.h"

namespace wr {

class TypeRegistry {
 public:
  static constexpr uint32_t kNoType = 0xffffffff;

  // Canonical id of each of `m`'s types, by type index. `m` should be valid (supertypes and
  // references outside a group point to earlier types); an invalid reference still gets an
  // id, just one no valid type shares.
  std::vector<uint32_t> InternModule(const Module& m);

  // Canonical id of a function type standing alone: a final type without supertypes in a
  // group of its own, which is what a module's `(type (func ...))` is. Host functions use
  // it. Type indices in `type` have no module to resolve against and match nothing else.
  uint32_t InternFunc(const FuncType& type);

  // Whether `sub` matches `super` (equal, or `super` is on `sub`'s declared supertype chain).
  bool IsSubtype(uint32_t sub, uint32_t super) const {
    if (sub == super) return true;
    if (sub >= types_.size() || super >= types_.size()) return false;
    const TypeInfo& s = types_[sub];
    const uint32_t depth = types_[super].depth;
    return depth < s.depth && displays_[s.display + depth] == super;
  }

  // Number of canonical types so far.
  size_t size() const { return types_.size(); }

 private:
  // Interns a group whose key is `key`; `supers[i]` gives the canonical supertype of the
  // group's i-th type, as a relative position (`in_group[i]`) or a canonical id, kNoType for
  // none. Returns the id of the group's first type.
  uint32_t InternGroup(std::vector<uint32_t> key, const std::vector<uint32_t>& supers,
                       const std::vector<bool>& in_group);

  struct TypeInfo {
    size_t display = 0;  // where its display starts in displays_
    uint32_t depth = 0;  // number of supertypes above it (its display has depth + 1 entries)
  };

  // Ordered: O(log n) key comparisons whatever the keys, where a hash table's worst case (keys
  // from modules, chosen to collide) is quadratic.
  std::map<std::vector<uint32_t>, uint32_t> groups_;
  std::vector<TypeInfo> types_;     // per canonical id
  std::vector<uint32_t> displays_;  // every id's display, root first, itself last
};

}  // namespace wr
