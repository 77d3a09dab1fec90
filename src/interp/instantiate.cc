#include "interp/instantiate.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compile/compiled_module.h"
#include "interp/const_eval.h"
#include "interp/drop.h"
#include "interp/interpreter.h"

namespace wr::interp {

namespace {

Unexpected<Error> Incompatible(const Import& import, const std::string& why) {
  return MakeError(
      Phase::Link, Error::kNoOffset,
      "incompatible import type for \"" + import.module + "\" \"" + import.name + "\": " + why);
}

// The abstract heap type a heap type sits under (its hierarchy's top).
HeapKind TopOf(HeapKind h) {
  switch (h) {
    case HeapKind::Func:
    case HeapKind::NoFunc: return HeapKind::Func;
    case HeapKind::Extern:
    case HeapKind::NoExtern: return HeapKind::Extern;
    case HeapKind::Exn:
    case HeapKind::NoExn: return HeapKind::Exn;
    case HeapKind::Index: return HeapKind::Index;  // unknown without the defining module
    default: return HeapKind::Any;
  }
}

bool IsBottom(HeapKind h) {
  return h == HeapKind::None || h == HeapKind::NoFunc || h == HeapKind::NoExtern ||
         h == HeapKind::NoExn;
}

bool HeapMatches(const ValType& actual, const ValType& wanted) {
  const HeapKind a = actual.heap;
  const HeapKind w = wanted.heap;
  if (a == HeapKind::Index || w == HeapKind::Index) {
    return a == w && actual.index == wanted.index;
  }
  if (a == w) return true;
  if (TopOf(a) != TopOf(w)) return false;
  if (IsBottom(a)) return true;    // the bottom type is below everything in its hierarchy
  if (w == TopOf(w)) return true;  // everything is below the top
  // Inside the any hierarchy: i31, struct and array are below eq.
  return w == HeapKind::Eq && (a == HeapKind::I31 || a == HeapKind::Struct || a == HeapKind::Array);
}

const DefType* DefAt(const Module* m, uint32_t index) {
  return m != nullptr && index < m->types.size() ? &m->types[index] : nullptr;
}

// Canonical id of type `index` of `m` in `store` (kNoType when out of range). `ids`, when
// given, are `m`'s canonical ids already computed.
uint32_t CanonicalId(Store& store, const Module& m, const std::vector<uint32_t>* ids,
                     uint32_t index) {
  if (ids == nullptr) {
    const std::vector<uint32_t> all = store.types().InternModule(m);
    return CanonicalId(store, m, &all, index);
  }
  return index < ids->size() ? (*ids)[index] : TypeRegistry::kNoType;
}

// Reference subtyping across modules: `actual` is written against the types of `am` (the
// extern's defining module), `wanted` against those of `wm` (the importer, whose canonical
// ids are `wm_ids`). Concrete types match when the actual one's canonical type is the wanted
// one or declares it as a (transitive) supertype.
bool ValTypeMatchesIn(Store& store, const ValType& a, const Module* am, const ValType& w,
                      const Module* wm, const std::vector<uint32_t>* wm_ids) {
  if (a.kind != w.kind) return false;
  if (a.kind != ValKind::Ref) return true;
  if (a.nullable && !w.nullable) return false;
  const bool a_index = a.heap == HeapKind::Index;
  const bool w_index = w.heap == HeapKind::Index;
  if (!a_index && !w_index) return HeapMatches(a, w);
  if (a_index && w_index) {
    const DefType* da = DefAt(am, a.index);
    const DefType* dw = DefAt(wm, w.index);
    if (da == nullptr || dw == nullptr) return false;
    if (da == dw) return true;
    const uint32_t wid = CanonicalId(store, *wm, wm_ids, w.index);
    const uint32_t aid = am == wm ? CanonicalId(store, *am, wm_ids, a.index)
                                  : CanonicalId(store, *am, nullptr, a.index);
    return store.types().IsSubtype(aid, wid);
  }
  if (a_index) {  // a concrete type below an abstract one
    const DefType* da = DefAt(am, a.index);
    if (da == nullptr) return false;
    switch (da->kind) {
      case DefType::Kind::Func: return w.heap == HeapKind::Func;
      case DefType::Kind::Struct:
        return w.heap == HeapKind::Struct || w.heap == HeapKind::Eq || w.heap == HeapKind::Any;
      case DefType::Kind::Array:
        return w.heap == HeapKind::Array || w.heap == HeapKind::Eq || w.heap == HeapKind::Any;
    }
    return false;
  }
  // An abstract type below a concrete one: only the bottom of the concrete type's hierarchy.
  const DefType* dw = DefAt(wm, w.index);
  if (dw == nullptr) return false;
  return dw->kind == DefType::Kind::Func ? a.heap == HeapKind::NoFunc : a.heap == HeapKind::None;
}

// Invariance (mutable globals, table elements): subtyping both ways.
bool ValTypeEqualIn(Store& store, const ValType& a, const Module* am, const ValType& w,
                    const Module* wm, const std::vector<uint32_t>* wm_ids) {
  // The reverse direction has the roles swapped: `am`'s ids are not at hand.
  return ValTypeMatchesIn(store, a, am, w, wm, wm_ids) &&
         ValTypeMatchesIn(store, w, wm, a, am, am == wm ? wm_ids : nullptr);
}

Result<void> MatchImportWithIds(Store& store, const Module& module,
                                const std::vector<uint32_t>& type_ids, const Import& import,
                                const Extern& ext);

// Whether `ext` belongs to a dropped instance (interp/drop.h): a linker may still name it.
bool DefinedByDroppedInstance(const Extern& ext) {
  const Instance* owner = nullptr;
  switch (ext.kind) {
    case ExternKind::Func: owner = ext.func()->instance; break;
    case ExternKind::Table: owner = ext.table()->instance; break;
    case ExternKind::Memory:  // a shared one is never freed (and other threads import it)
      if (!ext.memory()->shared()) owner = ext.memory()->owner();
      break;
    case ExternKind::Global: owner = ext.global()->instance; break;
    case ExternKind::Tag: break;  // identity only: nothing of it was freed
  }
  return owner != nullptr && owner->dropped;
}

// Largest element count a table of this index type may have, before the host cap.
uint64_t ArchMaxTableSize(const TableType& t) {
  return t.limits.index_type == IndexType::I64 ? std::numeric_limits<uint64_t>::max()
                                               : uint64_t{0xffffffff};
}

// Builds the instance step by step; Run() returns it or why it failed.
class Instantiator {
 public:
  Instantiator(Store& store, std::shared_ptr<const compile::CompiledModule> compiled,
               std::span<const Extern> imports)
      : store_(store), compiled_(std::move(compiled)), m_(compiled_->module), imports_(imports) {}

  Expected<Instance*, InstantiateError> Run() {
    if (imports_.size() != m_.imports.size()) {
      return Unexpected(
          InstantiateError(Error(Phase::Link, Error::kNoOffset,
                                 "unknown import: expected " + std::to_string(m_.imports.size()) +
                                     " imports, got " + std::to_string(imports_.size()))));
    }
    // Canonical type ids first: import matching, functions and tags use them.
    std::vector<uint32_t> type_ids = store_.types().InternModule(m_);
    for (size_t i = 0; i < imports_.size(); ++i) {
      auto ok = MatchImportWithIds(store_, m_, type_ids, m_.imports[i], imports_[i]);
      if (!ok) return Unexpected(InstantiateError(std::move(ok).error()));
    }
    inst_ = store_.NewInstance();
    inst_->compiled = compiled_;
    inst_->module = &m_;
    inst_->type_ids = std::move(type_ids);
    {
      // Objects that constant expressions create are held in C++ until they reach a global,
      // table or segment: no collection until then.
      const Store::NoGcScope no_gc(store_);
      if (auto ok = Allocate(); !ok) return Unexpected(InstantiateError(std::move(ok).error()));
      BuildExports();
      if (auto ok = InitSegments(); !ok) return Unexpected(InstantiateError(std::move(ok).error()));
    }
    if (m_.start) {
      if (*m_.start >= inst_->funcs.size()) {
        return Unexpected(
            InstantiateError(Error(Phase::Instantiate, Error::kNoOffset, "unknown function")));
      }
      auto ok = Invoke(store_, inst_->funcs[*m_.start], {}, {});
      if (!ok) return Unexpected(InstantiateError(std::move(ok).error()));
    }
    LinkImports(*inst_);
    return inst_;
  }

 private:
  Unexpected<Error> Fail(std::string msg) const {
    return MakeError(Phase::Instantiate, Error::kNoOffset, std::move(msg));
  }

  Result<const FuncType*> FuncTypeAt(uint32_t type_index) const {
    if (type_index >= m_.types.size() || m_.types[type_index].kind != DefType::Kind::Func) {
      return Fail("unknown function type " + std::to_string(type_index));
    }
    return &m_.types[type_index].func;
  }

  Result<void> Allocate() {
    // Imports fill the front of each index space, in import order.
    for (size_t i = 0; i < m_.imports.size(); ++i) {
      const Extern& e = imports_[i];
      switch (e.kind) {
        case ExternKind::Func: inst_->funcs.push_back(e.func()); break;
        case ExternKind::Table: inst_->tables.push_back(e.table()); break;
        case ExternKind::Memory:
          inst_->memories.push_back(e.memory());
          store_.RetainMemory(e.memory());
          break;
        case ExternKind::Global: inst_->globals.push_back(e.global()); break;
        case ExternKind::Tag: inst_->tags.push_back(e.tag()); break;
      }
    }
    // Functions first: constant expressions may take their references (ref.func).
    if (compiled_->funcs.size() != m_.functions.size()) {
      return Fail("compiled module does not match its module");
    }
    inst_->funcs.reserve(inst_->funcs.size() + m_.functions.size());
    const std::span<FuncInstance> funcs = store_.NewFunctions(m_.functions.size());
    for (size_t i = 0; i < m_.functions.size(); ++i) {
      WR_TRY(const FuncType* type, FuncTypeAt(m_.functions[i].type_index));
      FuncInstance* f = &funcs[i];
      f->type = type;
      f->type_id = inst_->type_ids[m_.functions[i].type_index];
      f->instance = inst_;
      f->func_index = static_cast<uint32_t>(inst_->funcs.size());
      f->code = &compiled_->funcs[i];
      inst_->funcs.push_back(f);
    }
    // Globals in order: each initialiser sees the imports and the globals before it.
    for (const Global& g : m_.globals) {
      WR_TRY(ConstValue v, EvalConstExpr(m_, g.init, *inst_, store_));
      GlobalInstance* gi = store_.NewGlobal();
      gi->type = g.type;
      gi->module = &m_;
      gi->instance = inst_;
      gi->value[0] = v.slots[0];
      gi->value[1] = v.slots[1];
      inst_->globals.push_back(gi);
    }
    const uint64_t table_cap = store_.limits().max_table_entries;
    for (const Table& t : m_.tables) {
      const uint64_t max = std::min({t.type.limits.max.value_or(ArchMaxTableSize(t.type)),
                                     ArchMaxTableSize(t.type), table_cap});
      if (t.type.limits.min > max) {
        return Fail("table size " + std::to_string(t.type.limits.min) + " exceeds the limit of " +
                    std::to_string(max) + " entries");
      }
      Ref init = kNullRef;
      if (t.init) {
        WR_TRY(ConstValue v, EvalConstExpr(m_, *t.init, *inst_, store_));
        init = v.slots[0];
      }
      if (!store_.TakeTableEntries(t.type.limits.min)) {
        return Fail("tables exceed the store's limit of " + std::to_string(table_cap) +
                    " entries in all");
      }
      TableInstance* ti = store_.NewTable();
      ti->type = t.type;
      ti->module = &m_;
      ti->instance = inst_;
      ti->max_size = max;
      ti->elems.assign(t.type.limits.min, init);
      inst_->tables.push_back(ti);
    }
    for (const Memory& mem : m_.memories) {
      WR_TRY(auto created, MemoryInstance::Create(mem.type, store_.limits().max_memory_pages,
                                                  store_.limits().small_memory_reservation));
      created->set_owner(inst_);
      inst_->memories.push_back(store_.AddMemory(std::move(created)));
    }
    for (const Tag& tag : m_.tags) {
      WR_TRY(const FuncType* type, FuncTypeAt(tag.type.type_index));
      TagInstance* t = store_.NewTag();
      t->type = *type;
      t->type_id = inst_->type_ids[tag.type.type_index];
      t->module = &m_;
      inst_->tags.push_back(t);
    }
    // Segment contents: element references are evaluated now (spec: before allocation of
    // the module instance proper), data segments are views of the module's bytes, which the
    // instance keeps alive through `compiled`.
    inst_->elems.resize(m_.elems.size());
    for (size_t i = 0; i < m_.elems.size(); ++i) {
      const ElemSegment& seg = m_.elems[i];
      std::vector<Ref>& out = inst_->elems[i];
      out.reserve(seg.size());
      if (seg.uses_exprs) {
        for (const ConstExpr& e : seg.exprs) {
          WR_TRY(ConstValue v, EvalConstExpr(m_, e, *inst_, store_));
          out.push_back(v.slots[0]);
        }
      } else {
        for (uint32_t fi : seg.func_indices) {
          if (fi >= inst_->funcs.size()) return Fail("unknown function " + std::to_string(fi));
          out.push_back(ToRef(inst_->funcs[fi]));
        }
      }
    }
    inst_->datas.reserve(m_.datas.size());
    for (const DataSegment& seg : m_.datas) {
      if (uint64_t{seg.bytes.offset} + seg.bytes.size > m_.bytes.size()) {
        return Fail("data segment out of range of the module");
      }
      inst_->datas.push_back(m_.Bytes(seg.bytes));
    }
    return {};
  }

  void BuildExports() {
    for (const Export& ex : m_.exports) {
      Extern e;
      e.kind = ex.kind;
      switch (ex.kind) {
        case ExternKind::Func:
          if (ex.index < inst_->funcs.size()) e.ptr = inst_->funcs[ex.index];
          break;
        case ExternKind::Table:
          if (ex.index < inst_->tables.size()) e.ptr = inst_->tables[ex.index];
          break;
        case ExternKind::Memory:
          if (ex.index < inst_->memories.size()) e.ptr = inst_->memories[ex.index];
          break;
        case ExternKind::Global:
          if (ex.index < inst_->globals.size()) e.ptr = inst_->globals[ex.index];
          break;
        case ExternKind::Tag:
          if (ex.index < inst_->tags.size()) e.ptr = inst_->tags[ex.index];
          break;
      }
      if (e.ptr != nullptr) inst_->exports[ex.name] = e;
    }
    auto it = inst_->exports.find("memory");
    if (it != inst_->exports.end() && it->second.kind == ExternKind::Memory) {
      inst_->host_memory = it->second.memory();
    } else if (!inst_->memories.empty()) {
      inst_->host_memory = inst_->memories[0];
    }
  }

  // Steps 4-5: what the spec expresses as table.init/elem.drop and memory.init/data.drop
  // instruction sequences, applied one segment at a time so a trap keeps earlier writes.
  Expected<void, InstantiateError> InitSegments() {
    for (size_t i = 0; i < m_.elems.size(); ++i) {
      const ElemSegment& seg = m_.elems[i];
      if (seg.mode == SegmentMode::Passive) continue;
      if (seg.mode == SegmentMode::Active) {
        if (seg.table_index >= inst_->tables.size()) {
          return Unexpected(
              InstantiateError(Error(Phase::Instantiate, Error::kNoOffset, "unknown table")));
        }
        auto off = EvalConstExpr(m_, seg.offset, *inst_, store_);
        if (!off) return Unexpected(InstantiateError(std::move(off).error()));
        TableInstance* table = inst_->tables[seg.table_index];
        const uint64_t d = off->slots[0];
        const std::vector<Ref>& src = inst_->elems[i];
        if (d > table->size() || src.size() > table->size() - d) {
          return Unexpected(InstantiateError(Trap(TrapCode::TableOutOfBounds)));
        }
        std::copy(src.begin(), src.end(), table->elems.begin() + static_cast<ptrdiff_t>(d));
      }
      inst_->elems[i] = {};  // elem.drop (active and declarative)
    }
    for (size_t i = 0; i < m_.datas.size(); ++i) {
      const DataSegment& seg = m_.datas[i];
      if (seg.mode != SegmentMode::Active) continue;
      if (seg.memory_index >= inst_->memories.size()) {
        return Unexpected(
            InstantiateError(Error(Phase::Instantiate, Error::kNoOffset, "unknown memory")));
      }
      auto off = EvalConstExpr(m_, seg.offset, *inst_, store_);
      if (!off) return Unexpected(InstantiateError(std::move(off).error()));
      MemoryInstance* mem = inst_->memories[seg.memory_index];
      const uint64_t d = off->slots[0];
      const std::span<const uint8_t> src = inst_->datas[i];
      if (!mem->InBounds(d, src.size())) {
        return Unexpected(InstantiateError(Trap(TrapCode::MemoryOutOfBounds)));
      }
      if (!src.empty()) {
        mem->PrepareWrite(d, src.size());
        std::memcpy(mem->data() + d, src.data(), src.size());
      }
      inst_->datas[i] = {};  // data.drop
    }
    return {};
  }

  Store& store_;
  std::shared_ptr<const compile::CompiledModule> compiled_;
  const Module& m_;
  std::span<const Extern> imports_;
  Instance* inst_ = nullptr;
};

}  // namespace

bool LimitsMatch(uint64_t actual_min, const std::optional<uint64_t>& actual_max,
                 const Limits& wanted) {
  if (actual_min < wanted.min) return false;
  if (!wanted.max) return true;
  return actual_max.has_value() && *actual_max <= *wanted.max;
}

bool ValTypeMatches(const ValType& actual, const ValType& wanted) {
  if (actual.kind != wanted.kind) return false;
  if (actual.kind != ValKind::Ref) return true;
  if (actual.nullable && !wanted.nullable) return false;
  return HeapMatches(actual, wanted);
}

Result<void> MatchImport(Store& store, const Module& module, const Import& import,
                         const Extern& ext) {
  return MatchImportWithIds(store, module, store.types().InternModule(module), import, ext);
}

namespace {

Result<void> MatchImportWithIds(Store& store, const Module& module,
                                const std::vector<uint32_t>& type_ids, const Import& import,
                                const Extern& ext) {
  if (ext.ptr == nullptr) return Incompatible(import, "undefined extern");
  if (ext.kind != import.kind) {
    return Incompatible(
        import, std::string("expected ") + ToString(import.kind) + ", got " + ToString(ext.kind));
  }
  if (DefinedByDroppedInstance(ext)) return Incompatible(import, "its instance was dropped");
  auto func_type_id = [&](uint32_t type_index) -> std::optional<uint32_t> {
    if (type_index >= module.types.size() || module.types[type_index].kind != DefType::Kind::Func ||
        type_index >= type_ids.size()) {
      return std::nullopt;
    }
    return type_ids[type_index];
  };
  switch (import.kind) {
    case ExternKind::Func: {
      // A function may be imported at any supertype of its own type.
      const auto id = func_type_id(import.type_index);
      if (!id || !store.types().IsSubtype(ext.func()->type_id, *id)) {
        return Incompatible(import, "function type");
      }
      return {};
    }
    case ExternKind::Tag: {
      // Tag types must be equivalent (subtypes both ways), i.e. the same canonical type.
      const auto id = func_type_id(import.type_index);
      if (!id || *id != ext.tag()->type_id) return Incompatible(import, "tag type");
      return {};
    }
    case ExternKind::Table: {
      const TableInstance* t = ext.table();
      const TableType& want = import.table;
      // Table element types are invariant: the importer may both read and write them.
      if (!ValTypeEqualIn(store, t->type.elem, t->module, want.elem, &module, &type_ids)) {
        return Incompatible(import, "table element type");
      }
      if (t->type.limits.index_type != want.limits.index_type) {
        return Incompatible(import, "table index type");
      }
      if (!LimitsMatch(t->size(), t->type.limits.max, want.limits)) {
        return Incompatible(import, "table limits");
      }
      return {};
    }
    case ExternKind::Memory: {
      const MemoryInstance* mem = ext.memory();
      const MemoryType& have = mem->type();
      const MemoryType& want = import.memory;
      if (have.limits.index_type != want.limits.index_type) {
        return Incompatible(import, "memory index type");
      }
      if (have.page_size_log2 != want.page_size_log2) {
        return Incompatible(import, "memory page size");
      }
      if (have.limits.shared != want.limits.shared) return Incompatible(import, "memory sharing");
      if (!LimitsMatch(mem->pages(), have.limits.max, want.limits)) {
        return Incompatible(import, "memory limits");
      }
      return {};
    }
    case ExternKind::Global: {
      const GlobalInstance* g = ext.global();
      const GlobalType& have = g->type;
      const GlobalType& want = import.global;
      if (have.mut != want.mut) return Incompatible(import, "global mutability");
      // Mutable globals are invariant (read and written through the import); immutable
      // ones covariant.
      const bool ok =
          want.mut ? ValTypeEqualIn(store, have.type, g->module, want.type, &module, &type_ids)
                   : ValTypeMatchesIn(store, have.type, g->module, want.type, &module, &type_ids);
      if (!ok) return Incompatible(import, "global type");
      return {};
    }
  }
  return Incompatible(import, "unknown extern kind");
}

}  // namespace

Expected<Instance*, InstantiateError> Instantiate(
    Store& store, std::shared_ptr<const compile::CompiledModule> module,
    std::span<const Extern> imports) {
  if (!module) {
    return Unexpected(InstantiateError(Error(Phase::Instantiate, Error::kNoOffset, "no module")));
  }
  Instantiator inst(store, std::move(module), imports);
  return inst.Run();
}

}  // namespace wr::interp
