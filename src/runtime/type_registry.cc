#include "runtime/type_registry.h"

#include <utility>

namespace wr {

namespace {

// How a key names a referenced type (see the header).
enum RefTag : uint32_t {
  kInGroup = 0,    // relative position inside the group being keyed
  kCanonical = 1,  // canonical id of an earlier type
  kUnresolved = 2  // an index with no meaning here (invalid, or a host type's index)
};

// Builds the key of one group of a module: `first`, `size` delimit it, `ids` holds the
// canonical ids of the module's earlier types. A null module is a host type's context.
class KeyBuilder {
 public:
  KeyBuilder(uint32_t first, uint32_t size, const std::vector<uint32_t>* ids)
      : first_(first), size_(size), ids_(ids) {}

  void Ref(uint32_t index) {
    if (ids_ != nullptr && index >= first_ && index - first_ < size_) {
      Push(kInGroup, index - first_);
    } else if (ids_ != nullptr && index < first_ && index < ids_->size()) {
      Push(kCanonical, (*ids_)[index]);
    } else {
      Push(kUnresolved, index);
    }
  }

  void Val(const ValType& t) {
    if (t.kind != ValKind::Ref) {
      // Only a reference's other fields mean anything (ValType's equality ignores them).
      key_.push_back(static_cast<uint32_t>(t.kind));
      return;
    }
    key_.push_back(static_cast<uint32_t>(t.kind) | (uint32_t{t.nullable} << 8) |
                   (static_cast<uint32_t>(t.heap) << 16));
    if (t.heap == HeapKind::Index) Ref(t.index);
  }

  void Type(const DefType& dt) {
    key_.push_back(static_cast<uint32_t>(dt.kind) | (uint32_t{dt.is_final} << 8));
    Count(dt.supertypes.size());
    for (uint32_t s : dt.supertypes) Ref(s);
    if (dt.kind == DefType::Kind::Func) {
      Func(dt.func);
      return;
    }
    Count(dt.fields.size());
    for (const FieldType& f : dt.fields) {
      key_.push_back(static_cast<uint32_t>(f.packed) | (uint32_t{f.mut} << 8));
      Val(f.type);
    }
  }

  void Func(const FuncType& f) {
    Count(f.params.size());
    for (const ValType& p : f.params) Val(p);
    Count(f.results.size());
    for (const ValType& r : f.results) Val(r);
  }

  void Count(size_t n) { key_.push_back(static_cast<uint32_t>(n)); }

  std::vector<uint32_t> Take() { return std::move(key_); }

 private:
  void Push(uint32_t tag, uint32_t value) {
    key_.push_back(tag);
    key_.push_back(value);
  }

  uint32_t first_;
  uint32_t size_;
  const std::vector<uint32_t>* ids_;
  std::vector<uint32_t> key_;
};

}  // namespace

std::vector<uint32_t> TypeRegistry::InternModule(const Module& m) {
  const auto n = static_cast<uint32_t>(m.types.size());
  std::vector<uint32_t> ids;
  ids.reserve(n);
  std::vector<uint32_t> supers;
  std::vector<bool> in_group;
  uint32_t first = 0;
  while (first < n) {
    uint32_t size = m.types[first].rec_group_size;
    // A group that does not fit is not from a valid module; keep going one type at a time.
    if (size == 0 || size > n - first) size = 1;
    KeyBuilder key(first, size, &ids);
    key.Count(size);
    supers.assign(size, kNoType);
    in_group.assign(size, false);
    for (uint32_t i = 0; i < size; ++i) {
      const DefType& dt = m.types[first + i];
      key.Type(dt);
      if (dt.supertypes.empty()) continue;
      const uint32_t s = dt.supertypes[0];  // at most one in 3.0
      if (s >= first && s - first < i) {
        supers[i] = s - first;
        in_group[i] = true;
      } else if (s < first) {
        supers[i] = ids[s];
      }
    }
    const uint32_t base = InternGroup(key.Take(), supers, in_group);
    for (uint32_t i = 0; i < size; ++i) ids.push_back(base + i);
    first += size;
  }
  return ids;
}

uint32_t TypeRegistry::InternFunc(const FuncType& type) {
  KeyBuilder key(0, 0, nullptr);
  key.Count(1);
  DefType dt;  // final, no supertypes: what `(type (func ...))` declares
  dt.func = type;
  key.Type(dt);
  return InternGroup(key.Take(), {kNoType}, {false});
}

uint32_t TypeRegistry::InternGroup(std::vector<uint32_t> key, const std::vector<uint32_t>& supers,
                                   const std::vector<bool>& in_group) {
  const auto base = static_cast<uint32_t>(types_.size());
  auto [it, inserted] = groups_.emplace(std::move(key), base);
  if (!inserted) return it->second;
  // A new group: its supertypes (by the key) are earlier groups' types or earlier types of
  // this group, so their displays are complete.
  for (size_t i = 0; i < supers.size(); ++i) {
    const auto self = static_cast<uint32_t>(base + i);
    uint32_t super = supers[i];
    if (super != kNoType && in_group[i]) super += base;
    TypeInfo info;
    info.display = displays_.size();
    // Validation bounds the depth; a deeper chain (an invalid module) is cut at the root here
    // rather than let displays grow with the square of the chain.
    if (super != kNoType && super < self && types_[super].depth < limits::kMaxSubtypeDepth) {
      const TypeInfo parent = types_[super];
      info.depth = parent.depth + 1;
      // By value: the insertion may reallocate displays_.
      for (uint32_t d = 0; d <= parent.depth; ++d) {
        const uint32_t ancestor = displays_[parent.display + d];
        displays_.push_back(ancestor);
      }
    }
    displays_.push_back(self);
    types_.push_back(info);
  }
  return base;
}

}  // namespace wr
