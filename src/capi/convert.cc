// The C API's errors and its conversions between C and C++ types, values and configuration.
#include "capi/internal.h"

using wasmrun::ErrorKind;
using wasmrun::ExternKind;
using wasmrun::TrapKind;
using wasmrun::ValType;

static_assert(WASMRUN_EXTERN_FUNC == static_cast<int>(ExternKind::Func) &&
              WASMRUN_EXTERN_TABLE == static_cast<int>(ExternKind::Table) &&
              WASMRUN_EXTERN_MEMORY == static_cast<int>(ExternKind::Memory) &&
              WASMRUN_EXTERN_GLOBAL == static_cast<int>(ExternKind::Global) &&
              WASMRUN_EXTERN_TAG == static_cast<int>(ExternKind::Tag));
static_assert(WASMRUN_ERROR_DECODE == static_cast<int>(ErrorKind::Decode) &&
              WASMRUN_ERROR_VALIDATE == static_cast<int>(ErrorKind::Validate) &&
              WASMRUN_ERROR_TEXT == static_cast<int>(ErrorKind::Text) &&
              WASMRUN_ERROR_LINK == static_cast<int>(ErrorKind::Link) &&
              WASMRUN_ERROR_INSTANTIATE == static_cast<int>(ErrorKind::Instantiate) &&
              WASMRUN_ERROR_TRAP == static_cast<int>(ErrorKind::Trap) &&
              WASMRUN_ERROR_OUT_OF_BOUNDS == static_cast<int>(ErrorKind::OutOfBounds) &&
              WASMRUN_ERROR_RESOURCE == static_cast<int>(ErrorKind::Resource) &&
              WASMRUN_ERROR_IO == static_cast<int>(ErrorKind::Io) &&
              WASMRUN_ERROR_USAGE == static_cast<int>(ErrorKind::Usage));
static_assert(
    WASMRUN_TRAP_UNREACHABLE == static_cast<int>(TrapKind::Unreachable) &&
    WASMRUN_TRAP_INTEGER_DIVIDE_BY_ZERO == static_cast<int>(TrapKind::IntegerDivideByZero) &&
    WASMRUN_TRAP_INTEGER_OVERFLOW == static_cast<int>(TrapKind::IntegerOverflow) &&
    WASMRUN_TRAP_INVALID_CONVERSION == static_cast<int>(TrapKind::InvalidConversion) &&
    WASMRUN_TRAP_MEMORY_OUT_OF_BOUNDS == static_cast<int>(TrapKind::MemoryOutOfBounds) &&
    WASMRUN_TRAP_TABLE_OUT_OF_BOUNDS == static_cast<int>(TrapKind::TableOutOfBounds) &&
    WASMRUN_TRAP_UNDEFINED_ELEMENT == static_cast<int>(TrapKind::UndefinedElement) &&
    WASMRUN_TRAP_UNINITIALIZED_ELEMENT == static_cast<int>(TrapKind::UninitializedElement) &&
    WASMRUN_TRAP_INDIRECT_CALL_TYPE_MISMATCH ==
        static_cast<int>(TrapKind::IndirectCallTypeMismatch) &&
    WASMRUN_TRAP_CALL_STACK_EXHAUSTED == static_cast<int>(TrapKind::CallStackExhausted) &&
    WASMRUN_TRAP_NULL_REFERENCE == static_cast<int>(TrapKind::NullReference) &&
    WASMRUN_TRAP_CAST_FAILURE == static_cast<int>(TrapKind::CastFailure) &&
    WASMRUN_TRAP_ARRAY_OUT_OF_BOUNDS == static_cast<int>(TrapKind::ArrayOutOfBounds) &&
    WASMRUN_TRAP_UNCAUGHT_EXCEPTION == static_cast<int>(TrapKind::UncaughtException) &&
    WASMRUN_TRAP_OUT_OF_FUEL == static_cast<int>(TrapKind::OutOfFuel) &&
    WASMRUN_TRAP_INTERRUPTED == static_cast<int>(TrapKind::Interrupted) &&
    WASMRUN_TRAP_HOST_ERROR == static_cast<int>(TrapKind::HostError) &&
    WASMRUN_TRAP_EXIT == static_cast<int>(TrapKind::Exit) &&
    WASMRUN_TRAP_RESOURCE_EXHAUSTED == static_cast<int>(TrapKind::ResourceExhausted) &&
    WASMRUN_TRAP_UNALIGNED_ATOMIC == static_cast<int>(TrapKind::UnalignedAtomic) &&
    WASMRUN_TRAP_EXPECTED_SHARED_MEMORY == static_cast<int>(TrapKind::ExpectedSharedMemory));

namespace wrcapi {

// ---- Errors

// Returned when even an error cannot be allocated; wasmrun_error_delete never frees it.
wasmrun_error_t* OutOfMemory() noexcept {
  // "out of memory" fits std::string's inline buffer, so building it does not allocate.
  static wasmrun_error_t error = [] {
    wasmrun_error_t e;
    e.error.kind = ErrorKind::Usage;
    e.error.message = "out of memory";
    e.described = "out of memory";
    return e;
  }();
  return &error;
}

bool IsOutOfMemory(const wasmrun_error_t* e) {
  return e == OutOfMemory();
}

wasmrun_error_t* MakeError(wasmrun::Error e) noexcept {
  try {
    auto out = std::make_unique<wasmrun_error_t>();
    if (e.kind == ErrorKind::Trap && e.trap) {
      out->described = std::string(wasmrun::ToString(e.kind)) + " error: " + e.trap->ToString();
      out->trap = std::make_unique<wasmrun_trap_t>(wasmrun_trap_t{std::move(*e.trap)});
      e.trap.reset();
    } else {
      out->described = e.ToString();
    }
    out->error = std::move(e);
    return out.release();
  } catch (...) {
    return OutOfMemory();
  }
}

wasmrun_error_t* Usage(std::string message) noexcept {
  try {
    wasmrun::Error e;
    e.kind = ErrorKind::Usage;
    e.message = std::move(message);
    return MakeError(std::move(e));
  } catch (...) {
    return OutOfMemory();
  }
}

wasmrun_error_t* TrapError(wasmrun::Trap trap) noexcept {
  try {
    wasmrun::Error e;
    e.kind = ErrorKind::Trap;
    e.message = trap.message;
    e.trap = std::move(trap);
    return MakeError(std::move(e));
  } catch (...) {
    return OutOfMemory();
  }
}

// ---- Types and values

// The C kinds of reference types, by public heap type.
constexpr struct {
  wasmrun_valkind_t kind;
  wasmrun::HeapType heap;
} kRefKinds[] = {
    {WASMRUN_FUNCREF, wasmrun::HeapType::Func},
    {WASMRUN_EXTERNREF, wasmrun::HeapType::Extern},
    {WASMRUN_ANYREF, wasmrun::HeapType::Any},
    {WASMRUN_EQREF, wasmrun::HeapType::Eq},
    {WASMRUN_I31REF, wasmrun::HeapType::I31},
    {WASMRUN_STRUCTREF, wasmrun::HeapType::Struct},
    {WASMRUN_ARRAYREF, wasmrun::HeapType::Array},
    {WASMRUN_EXNREF, wasmrun::HeapType::Exn},
    {WASMRUN_NULLREF, wasmrun::HeapType::None},
    {WASMRUN_NULLFUNCREF, wasmrun::HeapType::NoFunc},
    {WASMRUN_NULLEXTERNREF, wasmrun::HeapType::NoExtern},
    {WASMRUN_NULLEXNREF, wasmrun::HeapType::NoExn},
    {WASMRUN_CONCRETEREF, wasmrun::HeapType::Concrete},
};

std::optional<wasmrun::HeapType> HeapOf(wasmrun_valkind_t k) {
  for (const auto& r : kRefKinds) {
    if (r.kind == k) return r.heap;
  }
  return std::nullopt;
}

wasmrun_valkind_t KindOf(wasmrun::HeapType h) {
  for (const auto& r : kRefKinds) {
    if (r.heap == h) return r.kind;
  }
  return WASMRUN_ANYREF;
}

wasmrun_valtype_t ToC(ValType t) {
  wasmrun_valtype_t out;
  std::memset(&out, 0, sizeof out);
  switch (t.kind()) {
    case ValType::Kind::I32: out.kind = WASMRUN_I32; return out;
    case ValType::Kind::I64: out.kind = WASMRUN_I64; return out;
    case ValType::Kind::F32: out.kind = WASMRUN_F32; return out;
    case ValType::Kind::F64: out.kind = WASMRUN_F64; return out;
    case ValType::Kind::V128: out.kind = WASMRUN_V128; return out;
    case ValType::Kind::Ref: break;
  }
  out.kind = KindOf(t.heap());
  out.nullable = t.nullable();
  if (t.heap() == wasmrun::HeapType::Concrete) {
    out.def_kind = static_cast<uint8_t>(t.def_kind());
    out.type_index = t.type_index();
  }
  return out;
}

// The C++ type of `t`, or nullopt for an unknown kind (or any CONCRETEREF: host-made types
// cannot name a module's types).
std::optional<ValType> ToCpp(const wasmrun_valtype_t& t) {
  switch (t.kind) {
    case WASMRUN_I32: return ValType::I32;
    case WASMRUN_I64: return ValType::I64;
    case WASMRUN_F32: return ValType::F32;
    case WASMRUN_F64: return ValType::F64;
    case WASMRUN_V128: return ValType::V128;
    default: break;
  }
  auto heap = HeapOf(t.kind);
  if (!heap || *heap == wasmrun::HeapType::Concrete) return std::nullopt;
  return ValType::Ref(*heap, t.nullable);
}

namespace {

// The two words of a reference in a C struct: its store and its handle (or i31 bits).
wasmrun::Value::RawRef RawOf(void* const (&opaque)[2]) {
  wasmrun::Value::RawRef raw;
  std::memcpy(&raw.bits, &opaque[1], sizeof raw.bits);
  raw.store = opaque[0];
  return raw;
}

}  // namespace

bool Release(const wasmrun_val_t& v) {
  switch (v.kind) {
    case WASMRUN_I32:
    case WASMRUN_I64:
    case WASMRUN_F32:
    case WASMRUN_F64:
    case WASMRUN_V128:
    case WASMRUN_FUNCREF:
    case WASMRUN_NULLFUNCREF:
    case WASMRUN_NULLEXTERNREF:
    case WASMRUN_CONCRETEREF: return false;
    case WASMRUN_EXTERNREF: return wasmrun::Value::ReleaseRawRef(RawOf(v.of.externref.opaque));
    default: return HeapOf(v.kind) && wasmrun::Value::ReleaseRawRef(RawOf(v.of.ref.opaque));
  }
}

// The C++ value of `v`, or nullopt for an unknown kind or a reference not handed out.
std::optional<wasmrun::Value> ToCpp(const wasmrun_val_t& v) {
  using wasmrun::Value;
  switch (v.kind) {
    case WASMRUN_I32: return Value::FromI32(v.of.i32);
    case WASMRUN_I64: return Value::FromI64(v.of.i64);
    case WASMRUN_F32: {
      uint32_t bits;
      std::memcpy(&bits, &v.of.f32, sizeof bits);
      return Value::FromF32Bits(bits);
    }
    case WASMRUN_F64: {
      uint64_t bits;
      std::memcpy(&bits, &v.of.f64, sizeof bits);
      return Value::FromF64Bits(bits);
    }
    case WASMRUN_V128: {
      wasmrun::Vec128 x;
      std::memcpy(x.bytes, v.of.v128, sizeof x.bytes);
      return Value::FromV128(x);
    }
    case WASMRUN_FUNCREF: return Value::FromFunc(FromC<wasmrun::Func>(&v.of.funcref));
    case WASMRUN_NULLFUNCREF: return Value::Null(ValType::NullFuncRef);
    case WASMRUN_NULLEXTERNREF: return Value::Null(ValType::NullExternRef);
    case WASMRUN_EXTERNREF: {
      const wasmrun_externref_t& x = v.of.externref;
      if (!x.non_null) return Value::NullExternRef();
      if (x.opaque[0] == nullptr && x.opaque[1] == nullptr) return Value::FromExtern(x.value);
      return Value::FromRawRef(ValType::Ref(wasmrun::HeapType::Extern, false), RawOf(x.opaque));
    }
    case WASMRUN_CONCRETEREF: return std::nullopt;
    default: {
      auto heap = HeapOf(v.kind);
      if (!heap) return std::nullopt;
      return Value::FromRawRef(ValType::Ref(*heap, true), RawOf(v.of.ref.opaque));
    }
  }
}

wasmrun_val_t ToC(const wasmrun::Value& v) {
  wasmrun_val_t out;
  std::memset(&out, 0, sizeof out);
  const ValType t = v.type();
  switch (t.kind()) {
    case ValType::Kind::I32:
      out.kind = WASMRUN_I32;
      out.of.i32 = v.i32();
      return out;
    case ValType::Kind::I64:
      out.kind = WASMRUN_I64;
      out.of.i64 = v.i64();
      return out;
    case ValType::Kind::F32: {
      out.kind = WASMRUN_F32;
      uint32_t bits = v.f32_bits();
      std::memcpy(&out.of.f32, &bits, sizeof bits);
      return out;
    }
    case ValType::Kind::F64: {
      out.kind = WASMRUN_F64;
      uint64_t bits = v.f64_bits();
      std::memcpy(&out.of.f64, &bits, sizeof bits);
      return out;
    }
    case ValType::Kind::V128: {
      out.kind = WASMRUN_V128;
      wasmrun::Vec128 x = v.v128();
      std::memcpy(out.of.v128, x.bytes, sizeof x.bytes);
      return out;
    }
    case ValType::Kind::Ref: break;
  }
  out.kind = KindOf(t.heap());
  if (v.is_null()) return out;  // every member all zero: null
  const wasmrun::HeapType top = t.top();
  if (top == wasmrun::HeapType::Func) {
    if (auto f = v.func()) out.of.funcref = ToC<wasmrun_func_t>(*f);
    return out;
  }
  const wasmrun::Value::RawRef raw = v.raw_ref();
  if (top == wasmrun::HeapType::Extern) {
    out.of.externref.non_null = true;
    if (auto x = v.externref()) {
      out.of.externref.value = *x;
      out.of.externref.has_value = true;
    }
    if (raw.store != nullptr) {  // handed out by a store: its identity travels too
      out.of.externref.opaque[0] = raw.store;
      std::memcpy(&out.of.externref.opaque[1], &raw.bits, sizeof raw.bits);
    }
    return out;
  }
  out.of.ref.opaque[0] = raw.store;
  std::memcpy(&out.of.ref.opaque[1], &raw.bits, sizeof raw.bits);
  return out;
}

// ---- Configuration

// Every field of the configuration, named alike in the C and C++ structs: one list serves
// both directions.
// clang-format off
#define WR_CONFIG_FIELDS(X)                                                 \
  X(features.tail_call) X(features.exceptions) X(features.func_refs)        \
  X(features.gc) X(features.memory64) X(features.multi_memory)              \
  X(features.extended_const) X(features.relaxed_simd)                       \
  X(features.custom_page_sizes)                                             \
  X(features.wide_arithmetic) X(features.legacy_exceptions)                 \
  X(features.threads)                                                       \
  X(limits.max_call_depth) X(limits.max_stack_slots)                        \
  X(limits.max_memory_pages) X(limits.max_table_entries)                    \
  X(limits.max_gc_bytes)                                                    \
  X(interruptible)
// clang-format on
#define WR_COPY_FIELD(field) out.field = c.field;

wasmrun_config_t ToC(const wasmrun::Config& c) {
  wasmrun_config_t out;
  std::memset(&out, 0, sizeof out);
  WR_CONFIG_FIELDS(WR_COPY_FIELD)
  return out;
}

wasmrun::Config ToCpp(const wasmrun_config_t& c) {
  wasmrun::Config out;
  WR_CONFIG_FIELDS(WR_COPY_FIELD)
  return out;
}

#undef WR_COPY_FIELD
#undef WR_CONFIG_FIELDS

// ---- Types

KindLists KindsOf(const wasmrun::FuncType& t) {
  KindLists k;
  for (ValType v : t.params) k.params.push_back(ToC(v));
  for (ValType v : t.results) k.results.push_back(ToC(v));
  return k;
}

wasmrun_limits_t ToC(const wasmrun::Limits& l) {
  wasmrun_limits_t out;
  out.min = l.min;
  out.max = l.max.value_or(0);
  out.has_max = l.max.has_value();
  return out;
}

wasmrun_externtype_t ToC(const wasmrun::ExternType& t, const KindLists& kinds) {
  wasmrun_externtype_t out;
  std::memset(&out, 0, sizeof out);
  out.kind = static_cast<wasmrun_externkind_t>(t.kind);
  out.func.params = kinds.params.data();
  out.func.num_params = kinds.params.size();
  out.func.results = kinds.results.data();
  out.func.num_results = kinds.results.size();
  out.table.element = ToC(t.table.element);
  out.table.limits = ToC(t.table.limits);
  out.table.is64 = t.table.is64;
  out.memory.limits = ToC(t.memory.limits);
  out.memory.is64 = t.memory.is64;
  out.memory.shared = t.memory.shared;
  out.memory.page_size = t.memory.page_size;
  out.global.type = ToC(t.global.type);
  out.global.is_mutable = t.global.mut;
  return out;
}

wasmrun_error_t* NewModule(wasmrun::Result<wasmrun::Module> r, wasmrun_module_t** out) {
  if (!r) return MakeError(std::move(r).error());
  auto m = std::make_unique<wasmrun_module_t>();
  m->module = std::move(*r);
  m->name = m->module.name();
  m->imports = m->module.imports();
  m->exports = m->module.exports();
  for (const auto& i : m->imports) m->import_kinds.push_back(KindsOf(i.type.func));
  for (const auto& e : m->exports) m->export_kinds.push_back(KindsOf(e.type.func));
  *out = m.release();
  return nullptr;
}

}  // namespace wrcapi
