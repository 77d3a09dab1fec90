#include "valid/env.h"

#include "binary/instr_reader.h"
#include "ir/limits.h"

namespace wr::valid {

namespace {

bool IsAnyHierarchy(HeapKind h) {
  return h == HeapKind::Any || h == HeapKind::Eq || h == HeapKind::I31 || h == HeapKind::Struct ||
         h == HeapKind::Array || h == HeapKind::None;
}

}  // namespace

Result<void> ModuleEnv::Init() {
  WR_TRY_VOID(CheckTypes());
  CollectDeclaredFuncs();
  tables_.clear();
  for (uint32_t i = 0; i < module_.num_tables(); ++i) tables_.push_back(module_.TableTypeOf(i));
  memories_.clear();
  for (uint32_t i = 0; i < module_.num_memories(); ++i) {
    memories_.push_back(module_.MemoryTypeOf(i));
  }
  return {};
}

Result<void> ModuleEnv::CheckValType(const ValType& t, uint64_t offset, uint32_t num_types) const {
  if (t.kind == ValKind::V128 || t.kind != ValKind::Ref) return {};
  switch (t.heap) {
    case HeapKind::Func:
    case HeapKind::Extern: break;
    case HeapKind::Exn:
    case HeapKind::NoExn:
      if (!features_.exceptions) return Unsupported(offset, "exceptions");
      break;
    case HeapKind::Index:
      if (!features_.func_refs && !features_.gc) {
        return Unsupported(offset, "function-references");
      }
      if (t.index >= num_types) return Invalid(offset, "unknown type " + std::to_string(t.index));
      break;
    case HeapKind::NoFunc:
    case HeapKind::NoExtern:
      if (!features_.func_refs && !features_.gc) {
        return Unsupported(offset, "function-references");
      }
      break;
    default:
      if (!features_.gc) return Unsupported(offset, "gc");
      break;
  }
  if (!t.nullable && !features_.func_refs && !features_.gc) {
    return Unsupported(offset, "function-references");
  }
  return {};
}

// Types are checked one recursive group at a time: a group may refer to itself and to earlier
// groups; declared supertypes must come earlier (GC's rule) and must match structurally.
Result<void> ModuleEnv::CheckTypes() {
  const auto& types = module_.types;
  const uint32_t n = static_cast<uint32_t>(types.size());
  canon_.assign(n, 0);
  depth_.assign(n, 0);
  uint32_t i = 0;
  while (i < n) {
    const uint32_t size = types[i].rec_group_size == 0 ? 1 : types[i].rec_group_size;
    if (size > n - i) return Invalid(Error::kNoOffset, "unknown type");
    if (size > 1 && !features_.gc) return Unsupported(Error::kNoOffset, "gc");
    const uint32_t end = i + size;
    for (uint32_t t = i; t < end; ++t) {
      const DefType& dt = types[t];
      if (dt.kind != DefType::Kind::Func && !features_.gc) {
        return Unsupported(Error::kNoOffset, "gc");
      }
      if ((!dt.is_final || !dt.supertypes.empty()) && !features_.gc) {
        return Unsupported(Error::kNoOffset, "gc");
      }
      for (const ValType& p : dt.func.params) WR_TRY_VOID(CheckValType(p, Error::kNoOffset, end));
      for (const ValType& r : dt.func.results) WR_TRY_VOID(CheckValType(r, Error::kNoOffset, end));
      for (const FieldType& f : dt.fields) WR_TRY_VOID(CheckValType(f.type, Error::kNoOffset, end));
      if (dt.kind == DefType::Kind::Array && dt.fields.size() != 1) {
        return Invalid(Error::kNoOffset, "invalid array type");
      }
      if (dt.supertypes.size() > 1) return Invalid(Error::kNoOffset, "sub type");
      for (uint32_t s : dt.supertypes) {
        if (s >= t) return Invalid(Error::kNoOffset, "unknown type " + std::to_string(s));
        // The supertype comes earlier, so its depth is known and within the limit.
        depth_[t] = static_cast<uint8_t>(depth_[s] + 1);
        if (depth_[s] + 1u > limits::kMaxSubtypeDepth) {
          return Invalid(Error::kNoOffset,
                         "sub type " + std::to_string(t) + ": " +
                             limits::LimitMessage("subtype depth", limits::kMaxSubtypeDepth));
        }
      }
    }
    Canonicalize(i, size);
    for (uint32_t t = i; t < end; ++t) WR_TRY_VOID(CheckSubtype(t));
    i = end;
  }
  return {};
}

// A group's key encodes its types with references inside the group as relative positions and
// references outside as the canonical id of the target; equal keys mean equivalent groups.
void ModuleEnv::Canonicalize(uint32_t first, uint32_t size) {
  std::vector<uint64_t> key;
  auto add_type = [&](const ValType& t) {
    uint64_t v = static_cast<uint64_t>(t.kind) | (uint64_t{t.nullable} << 8) |
                 (static_cast<uint64_t>(t.heap) << 16);
    key.push_back(v);
    if (t.kind == ValKind::Ref && t.heap == HeapKind::Index) {
      if (t.index >= first && t.index < first + size) {
        key.push_back((uint64_t{1} << 40) | (t.index - first));
      } else {
        key.push_back(canon_[t.index]);
      }
    }
  };
  key.push_back(size);
  for (uint32_t t = first; t < first + size; ++t) {
    const DefType& dt = module_.types[t];
    key.push_back(static_cast<uint64_t>(dt.kind) | (uint64_t{dt.is_final} << 8));
    key.push_back(dt.supertypes.size());
    for (uint32_t s : dt.supertypes) add_type(ValType::RefIndex(s, false));
    key.push_back(dt.func.params.size());
    for (const ValType& p : dt.func.params) add_type(p);
    key.push_back(dt.func.results.size());
    for (const ValType& r : dt.func.results) add_type(r);
    key.push_back(dt.fields.size());
    for (const FieldType& f : dt.fields) {
      key.push_back(static_cast<uint64_t>(f.packed) | (uint64_t{f.mut} << 8));
      add_type(f.type);
    }
  }
  // Runs once per group; an ordered map bounds the cost whatever the keys (see env.h).
  auto [it, inserted] = groups_.emplace(std::move(key), first);
  for (uint32_t k = 0; k < size; ++k) canon_[first + k] = it->second + k;
}

Result<void> ModuleEnv::CheckSubtype(uint32_t t) {
  const DefType& dt = module_.types[t];
  for (uint32_t s : dt.supertypes) {
    const DefType& st = module_.types[s];
    bool ok = !st.is_final && st.kind == dt.kind;
    if (ok) {
      switch (dt.kind) {
        case DefType::Kind::Func: ok = FuncTypeMatches(dt.func, st.func); break;
        case DefType::Kind::Struct:
          ok = dt.fields.size() >= st.fields.size();
          for (size_t f = 0; ok && f < st.fields.size(); ++f) {
            ok = FieldMatches(dt.fields[f], st.fields[f]);
          }
          break;
        case DefType::Kind::Array: ok = FieldMatches(dt.fields[0], st.fields[0]); break;
      }
    }
    if (!ok) {
      return Invalid(Error::kNoOffset, "sub type " + std::to_string(t) +
                                           " does not match super type " + std::to_string(s));
    }
  }
  return {};
}

bool ModuleEnv::FieldMatches(const FieldType& sub, const FieldType& super) const {
  if (sub.mut != super.mut || sub.packed != super.packed) return false;
  if (sub.mut) return Matches(sub.type, super.type) && Matches(super.type, sub.type);
  return Matches(sub.type, super.type);
}

bool ModuleEnv::FuncTypeMatches(const FuncType& sub, const FuncType& super) const {
  if (sub.params.size() != super.params.size() || sub.results.size() != super.results.size()) {
    return false;
  }
  for (size_t i = 0; i < sub.params.size(); ++i) {
    if (!Matches(super.params[i], sub.params[i])) return false;  // contravariant
  }
  for (size_t i = 0; i < sub.results.size(); ++i) {
    if (!Matches(sub.results[i], super.results[i])) return false;
  }
  return true;
}

void ModuleEnv::CollectDeclaredFuncs() {
  declared_.assign(module_.num_funcs(), 0);
  auto mark = [&](uint32_t f) {
    if (f < declared_.size()) declared_[f] = 1;
  };
  // Decoding errors are ignored here: the same expressions are validated later.
  auto scan = [&](const ConstExpr& e) {
    if (e.code.offset + uint64_t{e.code.size} > module_.bytes.size()) return;
    binary::InstrReader reader(module_.Bytes(e.code), e.code.offset);
    binary::Instr instr;
    while (!reader.at_end()) {
      if (!reader.Next(instr)) return;
      if (instr.op == Opcode::RefFunc) mark(instr.index);
    }
  };
  for (const Export& e : module_.exports) {
    if (e.kind == ExternKind::Func) mark(e.index);
  }
  for (const ElemSegment& seg : module_.elems) {
    for (uint32_t f : seg.func_indices) mark(f);
    for (const ConstExpr& e : seg.exprs) scan(e);
  }
  for (const Global& g : module_.globals) scan(g.init);
  for (const Table& t : module_.tables) {
    if (t.init) scan(*t.init);
  }
}

HeapKind ModuleEnv::TopOf(const ValType& t) const {
  HeapKind h = t.heap;
  if (h == HeapKind::Index) {
    if (t.index < module_.types.size() && module_.types[t.index].kind != DefType::Kind::Func) {
      return HeapKind::Any;
    }
    return HeapKind::Func;
  }
  switch (h) {
    case HeapKind::Func:
    case HeapKind::NoFunc: return HeapKind::Func;
    case HeapKind::Extern:
    case HeapKind::NoExtern: return HeapKind::Extern;
    case HeapKind::Exn:
    case HeapKind::NoExn: return HeapKind::Exn;
    default: return HeapKind::Any;
  }
}

HeapKind ModuleEnv::BottomOf(const ValType& t) const {
  switch (TopOf(t)) {
    case HeapKind::Func: return HeapKind::NoFunc;
    case HeapKind::Extern: return HeapKind::NoExtern;
    case HeapKind::Exn: return HeapKind::NoExn;
    default: return HeapKind::None;
  }
}

bool ModuleEnv::TypeIndexMatches(uint32_t sub, uint32_t super) const {
  if (canon_[sub] == canon_[super]) return true;
  // Equivalent types have equivalent supertype chains, so equal depths: the only candidate
  // on sub's chain is its ancestor at super's depth. Reaching it takes fewer than
  // kMaxSubtypeDepth steps (Init checked every depth).
  const uint32_t want = depth_[super];
  uint32_t d = depth_[sub];
  if (d <= want) return false;
  for (; d > want; --d) sub = module_.types[sub].supertypes[0];
  return canon_[sub] == canon_[super];
}

bool ModuleEnv::HeapMatches(const ValType& sub, const ValType& super) const {
  const HeapKind a = sub.heap;
  const HeapKind b = super.heap;
  if (a == HeapKind::Index && b == HeapKind::Index) return TypeIndexMatches(sub.index, super.index);
  if (a != HeapKind::Index && a == b) return true;
  if (TopOf(sub) != TopOf(super)) return false;
  if (a == BottomOf(sub) && a != HeapKind::Index) return true;  // bottom <: everything in it
  if (a == HeapKind::Index) {
    const DefType::Kind k = module_.types[sub.index].kind;
    switch (b) {
      case HeapKind::Func: return k == DefType::Kind::Func;
      case HeapKind::Any:
      case HeapKind::Eq: return k != DefType::Kind::Func;
      case HeapKind::Struct: return k == DefType::Kind::Struct;
      case HeapKind::Array: return k == DefType::Kind::Array;
      default: return false;
    }
  }
  if (b == HeapKind::Index) return false;  // only bottoms and indices are below an index
  // Abstract, same hierarchy, a is not bottom.
  if (IsAnyHierarchy(a)) {
    if (b == HeapKind::Any) return true;
    if (b == HeapKind::Eq)
      return a == HeapKind::I31 || a == HeapKind::Struct || a == HeapKind::Array;
    return false;
  }
  return false;  // func/extern/exn: only top and bottom, handled above
}

bool ModuleEnv::RefMatches(const ValType& sub, const ValType& super) const {
  if (sub.nullable && !super.nullable) return false;
  return HeapMatches(sub, super);
}

}  // namespace wr::valid
