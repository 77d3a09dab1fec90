// ModuleEnv: what every body and constant-expression check needs to know about the module,
// computed once per module: feature flags, canonical type ids (iso-recursive type equivalence),
// the set of "declared" functions that ref.func may name, and the subtyping relation.
//
// Contract: Init() must succeed before anything else is used. Init() assumes nothing about the
// type section beyond what the decoder guarantees (it bounds-checks every type index itself).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/error.h"
#include "ir/module.h"
#include "valid/validator.h"

namespace wr::valid {

// Builds a Phase::Validate error.
inline Unexpected<Error> Invalid(uint64_t offset, std::string message) {
  return MakeError(Phase::Validate, offset, std::move(message));
}

class ModuleEnv {
 public:
  ModuleEnv(const Module& module, const Features& features)
      : module_(module), features_(features) {}

  // Checks the type section (indices, feature gates, declared subtypes) and computes canonical
  // type ids and the declared-function set.
  Result<void> Init();

  const Module& module() const { return module_; }
  const Features& features() const { return features_; }

  // ref.func may only name functions declared in elems, exports or global initialisers
  // (and, in 3.0, table initialisers).
  bool IsDeclaredFunc(uint32_t func_index) const {
    return func_index < declared_.size() && declared_[func_index] != 0;
  }

  // Subtyping: `sub` <: `super` (value types; references by nullability and heap type).
  bool Matches(const ValType& sub, const ValType& super) const {
    if (sub.kind != super.kind) return false;
    return sub.kind != ValKind::Ref || RefMatches(sub, super);
  }
  bool RefMatches(const ValType& sub, const ValType& super) const;
  bool HeapMatches(const ValType& sub, const ValType& super) const;
  // Defined type `sub` is (declared, transitively) a subtype of or equivalent to `super`.
  bool TypeIndexMatches(uint32_t sub, uint32_t super) const;
  bool TypesEquivalent(uint32_t a, uint32_t b) const { return canon_[a] == canon_[b]; }
  bool FuncTypeMatches(const FuncType& sub, const FuncType& super) const;

  // The hierarchy's top for a reference heap type (func, extern, any or exn).
  HeapKind TopOf(const ValType& ref) const;
  HeapKind BottomOf(const ValType& ref) const;

  // A value type in a declaration or immediate: its feature is enabled and its type index (if
  // any) exists. `num_types` bounds the type index (rec groups may refer forward in the group).
  Result<void> CheckValType(const ValType& t, uint64_t offset) const {
    return CheckValType(t, offset, static_cast<uint32_t>(module_.types.size()));
  }
  Result<void> CheckValType(const ValType& t, uint64_t offset, uint32_t num_types) const;

  // Tables and memories of the index spaces (imports first), cached for O(1) access.
  const std::vector<TableType>& tables() const { return tables_; }
  const std::vector<MemoryType>& memories() const { return memories_; }

  bool IsFuncType(uint32_t type_index) const {
    return type_index < module_.types.size() &&
           module_.types[type_index].kind == DefType::Kind::Func;
  }

  // Each disabled feature's error: "unsupported feature: <name>".
  static Unexpected<Error> Unsupported(uint64_t offset, const char* feature) {
    return Invalid(offset, std::string("unsupported feature: ") + feature);
  }

 private:
  Result<void> CheckTypes();
  Result<void> CheckSubtype(uint32_t type_index);
  void Canonicalize(uint32_t first, uint32_t size);
  void CollectDeclaredFuncs();
  bool FieldMatches(const FieldType& sub, const FieldType& super) const;

  const Module& module_;
  const Features& features_;
  std::vector<uint8_t> declared_;  // per function index: 1 if declared
  std::vector<uint32_t> canon_;    // per type index: the representative of its equivalence class
  std::vector<uint8_t> depth_;     // per type index: its subtype depth (<= kMaxSubtypeDepth)
  // Group key -> first type of its class. Ordered: O(log n) comparisons whatever the keys,
  // where a hash table's worst case (keys from the file, chosen to collide) is quadratic.
  std::map<std::vector<uint64_t>, uint32_t> groups_;
  std::vector<TableType> tables_;
  std::vector<MemoryType> memories_;
};

}  // namespace wr::valid
