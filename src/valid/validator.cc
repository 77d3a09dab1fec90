// Module validation: everything outside function bodies (imports, tables, memories, globals,
// tags, exports, start, segments, constant expressions), then each body through FuncValidator.
//
// Errors in declarations carry the byte offset of the offending entry (an import, table,
// memory, tag, export or element segment: ir::Module records where each begins), or of the
// constant expression at fault.
#include "valid/validator.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "valid/env.h"
#include "valid/func_validator.h"

namespace wr::valid {

namespace {

constexpr uint64_t kNoOff = Error::kNoOffset;

class ModuleValidator {
 public:
  ModuleValidator(const Module& m, const Options& o) : m_(m), env_(m, o.features), fv_(env_) {}

  Result<void> Run(FuncListener* listener) {
    WR_TRY_VOID(env_.Init());
    WR_TRY_VOID(CheckImports());
    for (const Function& f : m_.functions) {
      if (!env_.IsFuncType(f.type_index)) {
        return Invalid(f.body_start, "unknown type " + std::to_string(f.type_index));
      }
    }
    WR_TRY_VOID(CheckTables());
    WR_TRY_VOID(CheckMemories());
    WR_TRY_VOID(CheckGlobals());
    for (const Tag& t : m_.tags) WR_TRY_VOID(CheckTag(t.type, t.at));
    WR_TRY_VOID(CheckExports());
    WR_TRY_VOID(CheckStart());
    WR_TRY_VOID(CheckElems());
    WR_TRY_VOID(CheckDatas());
    for (uint32_t i = 0; i < m_.functions.size(); ++i) {
      WR_TRY_VOID(fv_.ValidateFunction(i, listener));
    }
    return {};
  }

 private:
  const Features& features() const { return env_.features(); }

  Result<void> CheckLimits(const Limits& l, uint64_t range, const std::string& size_msg,
                           uint64_t at) const {
    if (l.min > range || (l.max && *l.max > range)) return Invalid(at, size_msg);
    if (l.max && l.min > *l.max) {
      return Invalid(at, "size minimum must not be greater than maximum");
    }
    return {};
  }

  Result<void> CheckTableType(const TableType& t, uint64_t at) const {
    WR_TRY_VOID(env_.CheckValType(t.elem, at));
    if (!t.elem.is_ref()) return Invalid(at, "malformed reference type");
    if (t.limits.index_type == IndexType::I64) {
      if (!features().memory64) return ModuleEnv::Unsupported(at, "memory64");
      return CheckLimits(t.limits, ~uint64_t{0}, "table size", at);
    }
    return CheckLimits(t.limits, 0xffffffffu, "table size must be at most 2^32-1", at);
  }

  Result<void> CheckMemoryType(const MemoryType& t, uint64_t at) const {
    if (t.page_size_log2 != 16) {
      if (!features().custom_page_sizes) {
        return ModuleEnv::Unsupported(at, "custom-page-sizes");
      }
      if (t.page_size_log2 != 0) return Invalid(at, "invalid custom page size");
    }
    if (t.limits.shared) {
      if (!features().threads) return ModuleEnv::Unsupported(at, "threads");
      if (!t.limits.max) return Invalid(at, "shared memory must have maximum");
    }
    const bool is64 = t.limits.index_type == IndexType::I64;
    if (is64 && !features().memory64) return ModuleEnv::Unsupported(at, "memory64");
    // The byte size must fit the index type: 2^32 or 2^64 bytes.
    const uint32_t bits = (is64 ? 64 : 32) - t.page_size_log2;
    uint64_t range = bits >= 64 ? ~uint64_t{0} : uint64_t{1} << bits;
    // 32-bit limits are u32: 65536 pages of 64 KiB (4 GiB) but at most 2^32-1 1-byte pages.
    if (!is64 && range > 0xffffffffu) range = 0xffffffffu;
    std::string msg;
    if (!is64 && t.page_size_log2 == 16) {
      msg = "memory size must be at most 65536 pages (4GiB)";
    } else {
      msg = "memory size must be at most " + std::to_string(range) + " pages";
    }
    return CheckLimits(t.limits, range, msg, at);
  }

  Result<void> CheckTag(const TagType& t, uint64_t at) const {
    if (!features().exceptions) return ModuleEnv::Unsupported(at, "exceptions");
    if (!env_.IsFuncType(t.type_index)) {
      return Invalid(at, "unknown type " + std::to_string(t.type_index));
    }
    if (!m_.types[t.type_index].func.results.empty()) {
      return Invalid(at, "non-empty tag result type");
    }
    return {};
  }

  Result<void> CheckImports() const {
    for (const Import& imp : m_.imports) {
      switch (imp.kind) {
        case ExternKind::Func:
          if (!env_.IsFuncType(imp.type_index)) {
            return Invalid(imp.at, "unknown type " + std::to_string(imp.type_index));
          }
          break;
        case ExternKind::Table: WR_TRY_VOID(CheckTableType(imp.table, imp.at)); break;
        case ExternKind::Memory: WR_TRY_VOID(CheckMemoryType(imp.memory, imp.at)); break;
        case ExternKind::Global: WR_TRY_VOID(env_.CheckValType(imp.global.type, imp.at)); break;
        case ExternKind::Tag: WR_TRY_VOID(CheckTag(TagType{imp.type_index}, imp.at)); break;
      }
    }
    return {};
  }

  Result<void> CheckTables() {
    for (const Table& t : m_.tables) {
      WR_TRY_VOID(CheckTableType(t.type, t.at));
      if (t.init) {
        // Table initialisers see only imported globals (tables precede globals).
        WR_TRY_VOID(fv_.ValidateConstExpr(*t.init, t.type.elem, m_.num_imported_globals));
      } else if (!t.type.elem.defaultable()) {
        return Invalid(t.at, "type mismatch: table of non-nullable " + ToString(t.type.elem) +
                                 " requires an initialiser");
      }
    }
    return {};
  }

  Result<void> CheckMemories() const {
    if (m_.num_memories() > 1 && !features().multi_memory) {
      // The second memory, imported or defined, is the one too many.
      uint64_t at = kNoOff;
      uint32_t seen = 0;
      for (const Import& imp : m_.imports) {
        if (imp.kind == ExternKind::Memory && ++seen == 2) at = imp.at;
      }
      if (at == kNoOff && m_.memories.size() >= 2 - seen) at = m_.memories[1 - seen].at;
      return Invalid(at, "multiple memories");
    }
    for (const Memory& mem : m_.memories) WR_TRY_VOID(CheckMemoryType(mem.type, mem.at));
    return {};
  }

  Result<void> CheckGlobals() {
    for (uint32_t i = 0; i < m_.globals.size(); ++i) {
      const Global& g = m_.globals[i];
      WR_TRY_VOID(env_.CheckValType(g.type.type, g.init.code.offset));
      // A global's initialiser sees the imported globals and those defined before it.
      WR_TRY_VOID(fv_.ValidateConstExpr(g.init, g.type.type, m_.num_imported_globals + i));
    }
    return {};
  }

  Result<void> CheckExports() const {
    for (const Export& e : m_.exports) {
      uint32_t count = 0;
      const char* what = "";
      switch (e.kind) {
        case ExternKind::Func: count = m_.num_funcs(), what = "function"; break;
        case ExternKind::Table: count = m_.num_tables(), what = "table"; break;
        case ExternKind::Memory: count = m_.num_memories(), what = "memory"; break;
        case ExternKind::Global: count = m_.num_globals(), what = "global"; break;
        case ExternKind::Tag: count = m_.num_tags(), what = "tag"; break;
      }
      if (e.index >= count) {
        return Invalid(e.at, std::string("unknown ") + what + " " + std::to_string(e.index));
      }
    }
    // Names are distinct (checked after the indices, as the reference interpreter does). By
    // sorting: a hash set's worst case, names chosen to collide, is quadratic.
    // The error points at the later of the two entries.
    std::vector<std::pair<std::string_view, uint32_t>> names;
    names.reserve(m_.exports.size());
    for (const Export& e : m_.exports) names.emplace_back(e.name, e.at);
    std::sort(names.begin(), names.end());
    auto dup = std::adjacent_find(names.begin(), names.end(),
                                  [](const auto& a, const auto& b) { return a.first == b.first; });
    if (dup != names.end()) return Invalid(std::next(dup)->second, "duplicate export name");
    return {};
  }

  Result<void> CheckStart() const {
    if (!m_.start) return {};
    const uint32_t f = *m_.start;
    if (f >= m_.num_funcs()) return Invalid(m_.start_at, "unknown function " + std::to_string(f));
    const FuncType& ft = m_.FuncTypeOf(f);
    if (!ft.params.empty() || !ft.results.empty()) return Invalid(m_.start_at, "start function");
    return {};
  }

  Result<void> CheckElems() {
    for (const ElemSegment& seg : m_.elems) {
      // Segments of function indices are typed (ref func) by the 3.0 binary format itself,
      // so that implicit type needs no typed-function-references feature.
      const bool implicit_func_type =
          !seg.uses_exprs && seg.type == ValType::Ref(HeapKind::Func, false);
      if (!implicit_func_type) WR_TRY_VOID(env_.CheckValType(seg.type, seg.at));
      if (seg.mode == SegmentMode::Active) {
        if (seg.table_index >= m_.num_tables()) {
          return Invalid(seg.at, "unknown table " + std::to_string(seg.table_index));
        }
        const TableType tt = m_.TableTypeOf(seg.table_index);
        if (!env_.Matches(seg.type, tt.elem)) {
          return Invalid(seg.at, "type mismatch: elem segment of " + ToString(seg.type) +
                                     " for a table of " + ToString(tt.elem));
        }
        const ValType it = tt.limits.index_type == IndexType::I64 ? ValType::I64() : ValType::I32();
        WR_TRY_VOID(fv_.ValidateConstExpr(seg.offset, it, m_.num_globals()));
      }
      for (uint32_t f : seg.func_indices) {
        if (f >= m_.num_funcs()) return Invalid(seg.at, "unknown function " + std::to_string(f));
      }
      for (const ConstExpr& e : seg.exprs) {
        WR_TRY_VOID(fv_.ValidateConstExpr(e, seg.type, m_.num_globals()));
      }
    }
    return {};
  }

  Result<void> CheckDatas() {
    for (const DataSegment& seg : m_.datas) {
      if (seg.mode != SegmentMode::Active) continue;
      if (seg.memory_index >= m_.num_memories()) {
        return Invalid(seg.offset.code.offset,
                       "unknown memory " + std::to_string(seg.memory_index));
      }
      const MemoryType mt = m_.MemoryTypeOf(seg.memory_index);
      const ValType it = mt.limits.index_type == IndexType::I64 ? ValType::I64() : ValType::I32();
      WR_TRY_VOID(fv_.ValidateConstExpr(seg.offset, it, m_.num_globals()));
    }
    return {};
  }

  const Module& m_;
  ModuleEnv env_;
  FuncValidator fv_;
};

}  // namespace

Result<void> ValidateModule(const Module& module, const Options& options, FuncListener* listener) {
  ModuleValidator v(module, options);
  return v.Run(listener);
}

Result<void> ValidateFunction(const Module& module, uint32_t defined_index, const Options& options,
                              FuncListener* listener) {
  if (defined_index >= module.functions.size()) {
    return Invalid(Error::kNoOffset, "unknown function " + std::to_string(defined_index));
  }
  ModuleEnv env(module, options.features);
  WR_TRY_VOID(env.Init());
  FuncValidator fv(env);
  return fv.ValidateFunction(defined_index, listener);
}

struct BodyValidator::Impl {
  Impl(const Module& m, const Options& o) : options(o), env(m, options.features), fv(env) {}
  Options options;  // env keeps a reference to options.features
  ModuleEnv env;
  FuncValidator fv;
};

BodyValidator::BodyValidator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BodyValidator::~BodyValidator() = default;

Result<std::unique_ptr<BodyValidator>> BodyValidator::Create(const Module& module,
                                                             const Options& options) {
  auto impl = std::make_unique<Impl>(module, options);
  WR_TRY_VOID(impl->env.Init());
  return std::unique_ptr<BodyValidator>(new BodyValidator(std::move(impl)));
}

Result<void> BodyValidator::Validate(uint32_t defined_index, FuncListener* listener) {
  if (defined_index >= impl_->env.module().functions.size()) {
    return Invalid(Error::kNoOffset, "unknown function " + std::to_string(defined_index));
  }
  return impl_->fv.ValidateFunction(defined_index, listener);
}

}  // namespace wr::valid
