// The C API (include/wasmrun/wasmrun.h) over the C++ API (include/wasmrun/wasmrun.hpp).
//
// Only the public C++ headers are used, so this layer cannot reach past what embedders of the
// C++ API can do. Every exported function catches every exception: a C caller cannot unwind
// through C++ frames, and bad_alloc is the only one the C++ API can raise.
//
// Runtime-object handles: the C handle structs are byte copies of the trivially copyable C++
// handles (wasmrun::Func and friends), so they are values the C side copies freely, with the
// C++ API's lifetime rule (valid while the store lives). An all-zero C handle is the null
// handle.
#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "wasmrun/wasmrun.h"
#include "wasmrun/wasmrun.hpp"

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

// ---- The opaque objects

struct wasmrun_engine {
  wasmrun::Engine engine;
};

struct wasmrun_store {
  wasmrun::Store store;
};

struct wasmrun_interrupt_handle {
  wasmrun::InterruptHandle handle;
};

// The types of one import's or export's function type, kept so that wasmrun_functype_t can
// point at them for as long as the module lives.
struct KindLists {
  std::vector<wasmrun_valtype_t> params;
  std::vector<wasmrun_valtype_t> results;
};

struct wasmrun_module {
  wasmrun::Module module;
  // Computed once: the C API hands out pointers into them, and a module is immutable and
  // may be read from several threads.
  std::string name;
  std::vector<wasmrun::ImportType> imports;
  std::vector<wasmrun::ExportType> exports;
  std::vector<KindLists> import_kinds;
  std::vector<KindLists> export_kinds;
};

struct wasmrun_linker {
  wasmrun::Linker linker;
};

struct wasmrun_wasi_config {
  wasmrun::WasiConfig config;
};

struct wasmrun_trap {
  wasmrun::Trap trap;
};

struct wasmrun_error {
  wasmrun::Error error;  // its `trap` is moved to `trap` below
  std::string described;
  std::unique_ptr<wasmrun_trap> trap;
};

struct wasmrun_caller {
  wasmrun::Caller* caller;
};

namespace {

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

// Runs `body` (which returns wasmrun_error_t*) with every exception turned into an error.
template <class F>
wasmrun_error_t* Guard(F&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return OutOfMemory();
  } catch (const std::exception& e) {
    return Usage(std::string("internal error: ") + e.what());
  } catch (...) {
    return Usage("internal error");
  }
}

// Runs `body` (which returns R) with every exception turned into `fallback`.
template <class R, class F>
R GuardValue(R fallback, F&& body) noexcept {
  try {
    return body();
  } catch (...) {
    return fallback;
  }
}

// ---- Handles

template <class C, class H>
C ToC(const H& h) {
  static_assert(std::is_trivially_copyable_v<H> && sizeof(H) <= sizeof(C) &&
                alignof(H) <= alignof(C));
  C c;
  std::memset(&c, 0, sizeof c);
  std::memcpy(&c, &h, sizeof h);
  return c;
}

// The C++ handle behind `c`; the null handle for NULL or an all-zero `c`.
template <class H, class C>
H FromC(const C* c) {
  static_assert(std::is_trivially_copyable_v<H> && sizeof(H) <= sizeof(C));
  H h{};
  if (c == nullptr) return h;
  static constexpr C kZero{};
  if (std::memcmp(c, &kZero, sizeof(C)) == 0) return h;
  // Trivially copyable, and the bytes came from an H (ToC): a byte copy restores it.
  std::memcpy(static_cast<void*>(&h), c, sizeof h);
  return h;
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

// The C++ value of `v`, or nullopt for an unknown kind.
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
      Value::RawRef raw;
      std::memcpy(&raw.bits, &x.opaque[1], sizeof raw.bits);
      raw.store = x.opaque[0];
      return Value::FromRawRef(ValType::Ref(wasmrun::HeapType::Extern, false), raw);
    }
    case WASMRUN_CONCRETEREF: return std::nullopt;
    default: {
      auto heap = HeapOf(v.kind);
      if (!heap) return std::nullopt;
      Value::RawRef raw;
      std::memcpy(&raw.bits, &v.of.ref.opaque[1], sizeof raw.bits);
      raw.store = v.of.ref.opaque[0];
      return Value::FromRawRef(ValType::Ref(*heap, raw.bits == 0), raw);
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
  X(features.custom_page_sizes) X(features.threads)                         \
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

// ---- Host functions

// A C host function's callback and data; the finalizer runs when the last copy of the C++
// host function (held by the store) is gone.
class HostData {
 public:
  HostData(wasmrun_host_callback_t callback, void* data, wasmrun_finalizer_t finalizer)
      : callback_(callback), data_(data), finalizer_(finalizer) {}
  ~HostData() {
    if (finalizer_ != nullptr) finalizer_(data_);
  }
  HostData(const HostData&) = delete;
  HostData& operator=(const HostData&) = delete;

  wasmrun::Result<void, wasmrun::Trap> Call(wasmrun::Caller& caller,
                                            std::span<const wasmrun::Value> args,
                                            std::span<wasmrun::Value> results) const {
    // Most host functions take a handful of values; those need no allocation.
    constexpr size_t kInline = 16;
    wasmrun_val_t inline_vals[kInline];
    std::vector<wasmrun_val_t> heap_vals;
    wasmrun_val_t* vals = inline_vals;
    if (args.size() + results.size() > kInline) {
      heap_vals.resize(args.size() + results.size());
      vals = heap_vals.data();
    }
    wasmrun_val_t* c_args = vals;
    wasmrun_val_t* c_results = vals + args.size();
    for (size_t i = 0; i < args.size(); ++i) c_args[i] = ToC(args[i]);
    for (size_t i = 0; i < results.size(); ++i) c_results[i] = ToC(results[i]);

    wasmrun_caller_t c_caller{&caller};
    wasmrun_trap_t* trap =
        callback_(data_, &c_caller, c_args, args.size(), c_results, results.size());
    if (trap != nullptr) {
      wasmrun::Trap t = std::move(trap->trap);
      delete trap;
      return wasmrun::Fail(std::move(t));
    }
    for (size_t i = 0; i < results.size(); ++i) {
      auto v = ToCpp(c_results[i]);
      // The C++ API checks that each result keeps its type; an unknown kind cannot even be
      // converted, so it is reported here.
      if (!v) return wasmrun::Fail(wasmrun::Trap::Host("host function returned an unknown kind"));
      results[i] = *v;
    }
    return {};
  }

 private:
  wasmrun_host_callback_t callback_;
  void* data_;
  wasmrun_finalizer_t finalizer_;
};

// Checks the arguments every define_* call shares.
wasmrun_error_t* CheckDefine(const char* fn, const wasmrun_linker_t* linker, const char* module,
                             const char* name) {
  if (linker == nullptr) return Usage(std::string(fn) + ": linker is NULL");
  if (module == nullptr) return Usage(std::string(fn) + ": module is NULL");
  if (name == nullptr) return Usage(std::string(fn) + ": name is NULL");
  return nullptr;
}

template <class H, class C>
wasmrun_error_t* DefineExtern(const char* fn, wasmrun_linker_t* linker, const char* module,
                              const char* name, const C* handle) {
  return Guard([&]() -> wasmrun_error_t* {
    if (auto* e = CheckDefine(fn, linker, module, name)) return e;
    H h = FromC<H>(handle);
    if (!h.valid()) return Usage(std::string(fn) + ": null handle");
    auto r = linker->linker.Define(module, name, wasmrun::Extern(h));
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

template <class H, class C>
bool GetExport(const wasmrun_instance_t* instance, const char* name, C* out,
               std::optional<H> (wasmrun::Instance::*get)(std::string_view) const) {
  if (out == nullptr) return false;
  std::memset(out, 0, sizeof *out);
  if (name == nullptr) return false;
  return GuardValue(false, [&] {
    auto inst = FromC<wasmrun::Instance>(instance);
    if (!inst.valid()) return false;
    auto h = (inst.*get)(name);
    if (!h) return false;
    *out = ToC<C>(*h);
    return true;
  });
}

}  // namespace

extern "C" {

// ---- Types and values

wasmrun_valtype_t wasmrun_valtype(wasmrun_valkind_t kind) {
  wasmrun_valtype_t t;
  std::memset(&t, 0, sizeof t);
  t.kind = kind;
  t.nullable = HeapOf(kind).has_value();
  return t;
}

wasmrun_val_t wasmrun_val_i31(uint32_t value) {
  return ToC(wasmrun::Value::FromI31(value));
}

bool wasmrun_val_i31_get(const wasmrun_val_t* value, int32_t* out) {
  if (value == nullptr || value->kind != WASMRUN_I31REF) return false;
  auto v = ToCpp(*value);
  auto i = v ? v->i31_s() : std::nullopt;
  if (!i) return false;
  if (out != nullptr) *out = *i;
  return true;
}

// ---- Errors

wasmrun_error_kind_t wasmrun_error_kind(const wasmrun_error_t* error) {
  if (error == nullptr) return WASMRUN_ERROR_USAGE;
  if (IsOutOfMemory(error)) return WASMRUN_ERROR_OUT_OF_MEMORY;
  return static_cast<wasmrun_error_kind_t>(error->error.kind);
}

const char* wasmrun_error_message(const wasmrun_error_t* error) {
  return error == nullptr ? "" : error->error.message.c_str();
}

const char* wasmrun_error_describe(const wasmrun_error_t* error) {
  return error == nullptr ? "" : error->described.c_str();
}

bool wasmrun_error_offset(const wasmrun_error_t* error, uint64_t* offset) {
  if (error == nullptr || !error->error.offset) return false;
  if (offset != nullptr) *offset = *error->error.offset;
  return true;
}

const wasmrun_trap_t* wasmrun_error_trap(const wasmrun_error_t* error) {
  return error == nullptr ? nullptr : error->trap.get();
}

void wasmrun_error_delete(wasmrun_error_t* error) {
  if (error == nullptr || IsOutOfMemory(error)) return;
  delete error;
}

// ---- Traps

wasmrun_trap_t* wasmrun_trap_new(const char* message) {
  if (message == nullptr) return nullptr;
  return GuardValue<wasmrun_trap_t*>(
      nullptr, [&] { return new wasmrun_trap_t{wasmrun::Trap::Host(message)}; });
}

wasmrun_trap_t* wasmrun_trap_new_exit(int32_t status) {
  return GuardValue<wasmrun_trap_t*>(
      nullptr, [&] { return new wasmrun_trap_t{wasmrun::Trap::ExitWith(status)}; });
}

void wasmrun_trap_delete(wasmrun_trap_t* trap) {
  delete trap;
}

wasmrun_trap_kind_t wasmrun_trap_kind(const wasmrun_trap_t* trap) {
  if (trap == nullptr) return WASMRUN_TRAP_HOST_ERROR;
  return static_cast<wasmrun_trap_kind_t>(trap->trap.kind);
}

const char* wasmrun_trap_message(const wasmrun_trap_t* trap) {
  return trap == nullptr ? "" : trap->trap.message.c_str();
}

bool wasmrun_trap_exit_code(const wasmrun_trap_t* trap, int32_t* code) {
  if (trap == nullptr || !trap->trap.is_exit()) return false;
  if (code != nullptr) *code = trap->trap.exit_code;
  return true;
}

size_t wasmrun_trap_frame_count(const wasmrun_trap_t* trap) {
  return trap == nullptr ? 0 : trap->trap.frames.size();
}

bool wasmrun_trap_frame(const wasmrun_trap_t* trap, size_t index, wasmrun_frame_t* frame) {
  if (trap == nullptr || frame == nullptr || index >= trap->trap.frames.size()) return false;
  const wasmrun::TrapFrame& f = trap->trap.frames[index];
  frame->func_index = f.func_index;
  frame->func_name = f.func_name.c_str();
  frame->offset = f.offset;
  return true;
}

// ---- Engine

void wasmrun_config_init(wasmrun_config_t* config) {
  if (config != nullptr) *config = ToC(wasmrun::Config());
}

wasmrun_engine_t* wasmrun_engine_new(const wasmrun_config_t* config) {
  return GuardValue<wasmrun_engine_t*>(nullptr, [&] {
    return new wasmrun_engine_t{
        wasmrun::Engine(config != nullptr ? ToCpp(*config) : wasmrun::Config())};
  });
}

bool wasmrun_engine_config(const wasmrun_engine_t* engine, wasmrun_config_t* config) {
  if (engine == nullptr || config == nullptr) return false;
  *config = ToC(engine->engine.config());
  return true;
}

void wasmrun_engine_delete(wasmrun_engine_t* engine) {
  delete engine;
}

// ---- Modules

wasmrun_error_t* wasmrun_module_new(const wasmrun_engine_t* engine, const uint8_t* bytes,
                                    size_t size, wasmrun_module_t** out) {
  return Guard([&]() -> wasmrun_error_t* {
    if (out == nullptr) return Usage("wasmrun_module_new: out is NULL");
    *out = nullptr;
    if (engine == nullptr) return Usage("wasmrun_module_new: engine is NULL");
    if (bytes == nullptr && size != 0) return Usage("wasmrun_module_new: bytes is NULL");
    static constexpr uint8_t kNone[1] = {0};
    std::span<const uint8_t> span(bytes != nullptr ? bytes : kNone, size);
    return NewModule(wasmrun::Module::FromBinary(engine->engine, span), out);
  });
}

wasmrun_error_t* wasmrun_module_from_wat(const wasmrun_engine_t* engine, const char* text,
                                         size_t size, wasmrun_module_t** out) {
  return Guard([&]() -> wasmrun_error_t* {
    if (out == nullptr) return Usage("wasmrun_module_from_wat: out is NULL");
    *out = nullptr;
    if (engine == nullptr) return Usage("wasmrun_module_from_wat: engine is NULL");
    if (text == nullptr && size != 0) return Usage("wasmrun_module_from_wat: text is NULL");
    std::string_view view = text != nullptr ? std::string_view(text, size) : std::string_view();
    return NewModule(wasmrun::Module::FromWat(engine->engine, view), out);
  });
}

wasmrun_error_t* wasmrun_module_from_file(const wasmrun_engine_t* engine, const char* path,
                                          wasmrun_module_t** out) {
  return Guard([&]() -> wasmrun_error_t* {
    if (out == nullptr) return Usage("wasmrun_module_from_file: out is NULL");
    *out = nullptr;
    if (engine == nullptr) return Usage("wasmrun_module_from_file: engine is NULL");
    if (path == nullptr) return Usage("wasmrun_module_from_file: path is NULL");
    return NewModule(wasmrun::Module::FromFile(engine->engine, path), out);
  });
}

void wasmrun_module_delete(wasmrun_module_t* module) {
  delete module;
}

const char* wasmrun_module_name(const wasmrun_module_t* module) {
  return module == nullptr ? "" : module->name.c_str();
}

size_t wasmrun_module_import_count(const wasmrun_module_t* module) {
  return module == nullptr ? 0 : module->imports.size();
}

bool wasmrun_module_import(const wasmrun_module_t* module, size_t index, wasmrun_import_t* out) {
  if (module == nullptr || out == nullptr || index >= module->imports.size()) return false;
  const wasmrun::ImportType& i = module->imports[index];
  out->module = i.module.c_str();
  out->name = i.name.c_str();
  out->type = ToC(i.type, module->import_kinds[index]);
  return true;
}

size_t wasmrun_module_export_count(const wasmrun_module_t* module) {
  return module == nullptr ? 0 : module->exports.size();
}

bool wasmrun_module_export(const wasmrun_module_t* module, size_t index, wasmrun_export_t* out) {
  if (module == nullptr || out == nullptr || index >= module->exports.size()) return false;
  const wasmrun::ExportType& e = module->exports[index];
  out->name = e.name.c_str();
  out->type = ToC(e.type, module->export_kinds[index]);
  return true;
}

// ---- Stores

wasmrun_store_t* wasmrun_store_new(const wasmrun_engine_t* engine) {
  if (engine == nullptr) return nullptr;
  return GuardValue<wasmrun_store_t*>(
      nullptr, [&] { return new wasmrun_store_t{wasmrun::Store(engine->engine)}; });
}

void wasmrun_store_delete(wasmrun_store_t* store) {
  delete store;
}

wasmrun_error_t* wasmrun_store_set_fuel(wasmrun_store_t* store, uint64_t fuel) {
  if (store == nullptr) return Usage("wasmrun_store_set_fuel: store is NULL");
  store->store.SetFuel(fuel);
  return nullptr;
}

uint64_t wasmrun_store_fuel(const wasmrun_store_t* store) {
  return store == nullptr ? 0 : store->store.fuel();
}

wasmrun_interrupt_handle_t* wasmrun_store_interrupt_handle(const wasmrun_store_t* store) {
  if (store == nullptr) return nullptr;
  return GuardValue<wasmrun_interrupt_handle_t*>(
      nullptr, [&] { return new wasmrun_interrupt_handle_t{store->store.interrupt_handle()}; });
}

void wasmrun_interrupt_handle_interrupt(const wasmrun_interrupt_handle_t* handle) {
  if (handle != nullptr) handle->handle.Interrupt();
}

void wasmrun_interrupt_handle_delete(wasmrun_interrupt_handle_t* handle) {
  delete handle;
}

// ---- Linking

bool wasmrun_caller_memory(const wasmrun_caller_t* caller, wasmrun_memory_t* out) {
  if (out == nullptr) return false;
  std::memset(out, 0, sizeof *out);
  if (caller == nullptr || caller->caller == nullptr) return false;
  auto m = caller->caller->memory();
  if (!m) return false;
  *out = ToC<wasmrun_memory_t>(*m);
  return true;
}

wasmrun_linker_t* wasmrun_linker_new(wasmrun_store_t* store) {
  if (store == nullptr) return nullptr;
  return GuardValue<wasmrun_linker_t*>(
      nullptr, [&] { return new wasmrun_linker_t{wasmrun::Linker(store->store)}; });
}

void wasmrun_linker_delete(wasmrun_linker_t* linker) {
  delete linker;
}

wasmrun_error_t* wasmrun_linker_define_host(wasmrun_linker_t* linker, const char* module,
                                            const char* name, const wasmrun_valtype_t* params,
                                            size_t num_params, const wasmrun_valtype_t* results,
                                            size_t num_results, wasmrun_host_callback_t callback,
                                            void* data, wasmrun_finalizer_t finalizer,
                                            wasmrun_func_t* out) {
  if (out != nullptr) std::memset(out, 0, sizeof *out);
  // Owning `data` first means every return below, error or not, settles the finalizer: it
  // runs here when the last reference goes, which is the store's when definition succeeds.
  std::shared_ptr<HostData> host;
  try {
    host = std::make_shared<HostData>(callback, data, finalizer);
  } catch (...) {
    if (finalizer != nullptr) finalizer(data);
    return OutOfMemory();
  }
  return Guard([&]() -> wasmrun_error_t* {
    const char* fn = "wasmrun_linker_define_host";
    if (auto* e = CheckDefine(fn, linker, module, name)) return e;
    if (callback == nullptr) return Usage(std::string(fn) + ": callback is NULL");
    if (params == nullptr && num_params != 0) return Usage(std::string(fn) + ": params is NULL");
    if (results == nullptr && num_results != 0) {
      return Usage(std::string(fn) + ": results is NULL");
    }
    wasmrun::FuncType type;
    for (size_t i = 0; i < num_params; ++i) {
      auto t = ToCpp(params[i]);
      if (!t)
        return Usage(std::string(fn) + ": parameter " + std::to_string(i) +
                     ": unknown kind or a concrete type");
      type.params.push_back(*t);
    }
    for (size_t i = 0; i < num_results; ++i) {
      auto t = ToCpp(results[i]);
      if (!t)
        return Usage(std::string(fn) + ": result " + std::to_string(i) +
                     ": unknown kind or a concrete type");
      type.results.push_back(*t);
    }
    wasmrun::Func f = linker->linker.DefineFunc(
        module, name, std::move(type),
        [host](wasmrun::Caller& caller, std::span<const wasmrun::Value> args,
               std::span<wasmrun::Value> res) -> wasmrun::Result<void, wasmrun::Trap> {
          try {
            return host->Call(caller, args, res);
          } catch (...) {
            // Only allocation can fail here; a trap without a message needs none.
            wasmrun::Trap t;
            t.kind = TrapKind::HostError;
            return wasmrun::Fail(std::move(t));
          }
        });
    if (out != nullptr) *out = ToC<wasmrun_func_t>(f);
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_linker_define_func(wasmrun_linker_t* linker, const char* module,
                                            const char* name, const wasmrun_func_t* func) {
  return DefineExtern<wasmrun::Func>("wasmrun_linker_define_func", linker, module, name, func);
}

wasmrun_error_t* wasmrun_linker_define_memory(wasmrun_linker_t* linker, const char* module,
                                              const char* name, const wasmrun_memory_t* memory) {
  return DefineExtern<wasmrun::Memory>("wasmrun_linker_define_memory", linker, module, name,
                                       memory);
}

wasmrun_error_t* wasmrun_linker_define_global(wasmrun_linker_t* linker, const char* module,
                                              const char* name, const wasmrun_global_t* global) {
  return DefineExtern<wasmrun::Global>("wasmrun_linker_define_global", linker, module, name,
                                       global);
}

wasmrun_error_t* wasmrun_linker_define_table(wasmrun_linker_t* linker, const char* module,
                                             const char* name, const wasmrun_table_t* table) {
  return DefineExtern<wasmrun::Table>("wasmrun_linker_define_table", linker, module, name, table);
}

wasmrun_error_t* wasmrun_linker_define_tag(wasmrun_linker_t* linker, const char* module,
                                           const char* name, const wasmrun_tag_t* tag) {
  return DefineExtern<wasmrun::Tag>("wasmrun_linker_define_tag", linker, module, name, tag);
}

wasmrun_error_t* wasmrun_linker_define_instance(wasmrun_linker_t* linker, const char* module,
                                                const wasmrun_instance_t* instance) {
  return Guard([&]() -> wasmrun_error_t* {
    const char* fn = "wasmrun_linker_define_instance";
    if (linker == nullptr) return Usage(std::string(fn) + ": linker is NULL");
    if (module == nullptr) return Usage(std::string(fn) + ": module is NULL");
    auto inst = FromC<wasmrun::Instance>(instance);
    if (!inst.valid()) return Usage(std::string(fn) + ": null instance");
    auto r = linker->linker.DefineInstance(module, inst);
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_linker_define_wasi(wasmrun_linker_t* linker,
                                            const wasmrun_wasi_config_t* config) {
  return Guard([&]() -> wasmrun_error_t* {
    if (linker == nullptr) return Usage("wasmrun_linker_define_wasi: linker is NULL");
    auto r = linker->linker.DefineWasi(config != nullptr ? config->config : wasmrun::WasiConfig());
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_linker_instantiate(const wasmrun_linker_t* linker,
                                            const wasmrun_module_t* module,
                                            wasmrun_instance_t* out) {
  return Guard([&]() -> wasmrun_error_t* {
    if (out == nullptr) return Usage("wasmrun_linker_instantiate: out is NULL");
    std::memset(out, 0, sizeof *out);
    if (linker == nullptr) return Usage("wasmrun_linker_instantiate: linker is NULL");
    if (module == nullptr) return Usage("wasmrun_linker_instantiate: module is NULL");
    auto r = linker->linker.Instantiate(module->module);
    if (!r) return MakeError(std::move(r).error());
    *out = ToC<wasmrun_instance_t>(*r);
    return nullptr;
  });
}

// ---- WASI configuration

wasmrun_wasi_config_t* wasmrun_wasi_config_new(void) {
  return GuardValue<wasmrun_wasi_config_t*>(nullptr, [] { return new wasmrun_wasi_config_t(); });
}

void wasmrun_wasi_config_delete(wasmrun_wasi_config_t* config) {
  delete config;
}

wasmrun_error_t* wasmrun_wasi_config_push_arg(wasmrun_wasi_config_t* config, const char* arg) {
  return Guard([&]() -> wasmrun_error_t* {
    if (config == nullptr) return Usage("wasmrun_wasi_config_push_arg: config is NULL");
    if (arg == nullptr) return Usage("wasmrun_wasi_config_push_arg: arg is NULL");
    config->config.args.emplace_back(arg);
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_wasi_config_push_env(wasmrun_wasi_config_t* config, const char* entry) {
  return Guard([&]() -> wasmrun_error_t* {
    if (config == nullptr) return Usage("wasmrun_wasi_config_push_env: config is NULL");
    if (entry == nullptr) return Usage("wasmrun_wasi_config_push_env: entry is NULL");
    config->config.env.emplace_back(entry);
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_wasi_config_preopen_dir(wasmrun_wasi_config_t* config,
                                                 const char* host_path, const char* guest_path) {
  return Guard([&]() -> wasmrun_error_t* {
    const char* fn = "wasmrun_wasi_config_preopen_dir";
    if (config == nullptr) return Usage(std::string(fn) + ": config is NULL");
    if (host_path == nullptr) return Usage(std::string(fn) + ": host_path is NULL");
    if (guest_path == nullptr) return Usage(std::string(fn) + ": guest_path is NULL");
    config->config.preopens.push_back({host_path, guest_path});
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_wasi_config_set_stdio(wasmrun_wasi_config_t* config, int stdin_fd,
                                               int stdout_fd, int stderr_fd) {
  if (config == nullptr) return Usage("wasmrun_wasi_config_set_stdio: config is NULL");
  config->config.stdin_fd = stdin_fd;
  config->config.stdout_fd = stdout_fd;
  config->config.stderr_fd = stderr_fd;
  return nullptr;
}

// ---- Instances

bool wasmrun_instance_get_func(const wasmrun_instance_t* instance, const char* name,
                               wasmrun_func_t* out) {
  return GetExport<wasmrun::Func>(instance, name, out, &wasmrun::Instance::GetFunc);
}

bool wasmrun_instance_get_memory(const wasmrun_instance_t* instance, const char* name,
                                 wasmrun_memory_t* out) {
  return GetExport<wasmrun::Memory>(instance, name, out, &wasmrun::Instance::GetMemory);
}

bool wasmrun_instance_get_global(const wasmrun_instance_t* instance, const char* name,
                                 wasmrun_global_t* out) {
  return GetExport<wasmrun::Global>(instance, name, out, &wasmrun::Instance::GetGlobal);
}

bool wasmrun_instance_get_table(const wasmrun_instance_t* instance, const char* name,
                                wasmrun_table_t* out) {
  return GetExport<wasmrun::Table>(instance, name, out, &wasmrun::Instance::GetTable);
}

bool wasmrun_instance_memory(const wasmrun_instance_t* instance, wasmrun_memory_t* out) {
  if (out == nullptr) return false;
  std::memset(out, 0, sizeof *out);
  auto inst = FromC<wasmrun::Instance>(instance);
  if (!inst.valid()) return false;
  auto m = inst.memory();
  if (!m) return false;
  *out = ToC<wasmrun_memory_t>(*m);
  return true;
}

// ---- Functions

wasmrun_error_t* wasmrun_func_call(const wasmrun_func_t* func, const wasmrun_val_t* args,
                                   size_t num_args, wasmrun_val_t* results, size_t num_results) {
  return Guard([&]() -> wasmrun_error_t* {
    auto f = FromC<wasmrun::Func>(func);
    if (!f.valid()) return Usage("wasmrun_func_call: func is NULL or a null handle");
    if (args == nullptr && num_args != 0) return Usage("wasmrun_func_call: args is NULL");
    if (results == nullptr && num_results != 0) {
      return Usage("wasmrun_func_call: results is NULL");
    }
    size_t arity = f.type().results.size();
    if (arity != num_results) {
      return Usage("wasmrun_func_call: the function has " + std::to_string(arity) +
                   " results, not " + std::to_string(num_results));
    }
    std::vector<wasmrun::Value> in;
    in.reserve(num_args);
    for (size_t i = 0; i < num_args; ++i) {
      auto v = ToCpp(args[i]);
      if (!v) return Usage("wasmrun_func_call: argument " + std::to_string(i) + " has no kind");
      in.push_back(*v);
    }
    auto r = f.Call(std::span<const wasmrun::Value>(in));
    if (!r) return TrapError(std::move(r).error());
    for (size_t i = 0; i < num_results; ++i) results[i] = ToC((*r)[i]);
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_func_type(const wasmrun_func_t* func, wasmrun_valtype_t* params,
                                   size_t params_cap, size_t* num_params,
                                   wasmrun_valtype_t* results, size_t results_cap,
                                   size_t* num_results) {
  return Guard([&]() -> wasmrun_error_t* {
    auto f = FromC<wasmrun::Func>(func);
    if (!f.valid()) return Usage("wasmrun_func_type: func is NULL or a null handle");
    if ((params == nullptr && params_cap != 0) || (results == nullptr && results_cap != 0)) {
      return Usage("wasmrun_func_type: an array is NULL but its capacity is not 0");
    }
    wasmrun::FuncType t = f.type();
    for (size_t i = 0; i < std::min(params_cap, t.params.size()); ++i) {
      params[i] = ToC(t.params[i]);
    }
    for (size_t i = 0; i < std::min(results_cap, t.results.size()); ++i) {
      results[i] = ToC(t.results[i]);
    }
    if (num_params != nullptr) *num_params = t.params.size();
    if (num_results != nullptr) *num_results = t.results.size();
    return nullptr;
  });
}

// ---- Memories

uint8_t* wasmrun_memory_data(const wasmrun_memory_t* memory) {
  auto m = FromC<wasmrun::Memory>(memory);
  return m.valid() ? m.data() : nullptr;
}

uint64_t wasmrun_memory_size(const wasmrun_memory_t* memory) {
  auto m = FromC<wasmrun::Memory>(memory);
  return m.valid() ? m.size() : 0;
}

uint64_t wasmrun_memory_pages(const wasmrun_memory_t* memory) {
  auto m = FromC<wasmrun::Memory>(memory);
  return m.valid() ? m.pages() : 0;
}

wasmrun_error_t* wasmrun_memory_grow(const wasmrun_memory_t* memory, uint64_t delta,
                                     uint64_t* old_pages) {
  return Guard([&]() -> wasmrun_error_t* {
    auto m = FromC<wasmrun::Memory>(memory);
    if (!m.valid()) return Usage("wasmrun_memory_grow: memory is NULL or a null handle");
    auto r = m.Grow(delta);
    if (!r) return MakeError(std::move(r).error());
    if (old_pages != nullptr) *old_pages = *r;
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_memory_read(const wasmrun_memory_t* memory, uint64_t offset, void* out,
                                     size_t size) {
  return Guard([&]() -> wasmrun_error_t* {
    auto m = FromC<wasmrun::Memory>(memory);
    if (!m.valid()) return Usage("wasmrun_memory_read: memory is NULL or a null handle");
    if (out == nullptr && size != 0) return Usage("wasmrun_memory_read: out is NULL");
    if (size == 0) return nullptr;
    auto r = m.Read(offset, std::span<uint8_t>(static_cast<uint8_t*>(out), size));
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_memory_write(const wasmrun_memory_t* memory, uint64_t offset,
                                      const void* in, size_t size) {
  return Guard([&]() -> wasmrun_error_t* {
    auto m = FromC<wasmrun::Memory>(memory);
    if (!m.valid()) return Usage("wasmrun_memory_write: memory is NULL or a null handle");
    if (in == nullptr && size != 0) return Usage("wasmrun_memory_write: in is NULL");
    if (size == 0) return nullptr;
    auto r = m.Write(offset, std::span<const uint8_t>(static_cast<const uint8_t*>(in), size));
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

// ---- Globals

wasmrun_error_t* wasmrun_global_type(const wasmrun_global_t* global, wasmrun_valtype_t* type,
                                     bool* is_mutable) {
  return Guard([&]() -> wasmrun_error_t* {
    auto g = FromC<wasmrun::Global>(global);
    if (!g.valid()) return Usage("wasmrun_global_type: global is NULL or a null handle");
    wasmrun::GlobalType t = g.type();
    if (type != nullptr) *type = ToC(t.type);
    if (is_mutable != nullptr) *is_mutable = t.mut;
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_global_new(wasmrun_store_t* store, wasmrun_valtype_t type, bool is_mutable,
                                    const wasmrun_val_t* init, wasmrun_global_t* out) {
  if (out != nullptr) std::memset(out, 0, sizeof *out);
  return Guard([&]() -> wasmrun_error_t* {
    if (store == nullptr || init == nullptr || out == nullptr) {
      return Usage("wasmrun_global_new: store, init or out is NULL");
    }
    auto t = ToCpp(type);
    if (!t) return Usage("wasmrun_global_new: unknown kind or a concrete type");
    auto v = ToCpp(*init);
    if (!v) return Usage("wasmrun_global_new: init has no kind");
    auto g = wasmrun::Global::New(store->store, {*t, is_mutable}, *v);
    if (!g) return MakeError(std::move(g).error());
    *out = ToC<wasmrun_global_t>(*g);
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_global_get(const wasmrun_global_t* global, wasmrun_val_t* out) {
  return Guard([&]() -> wasmrun_error_t* {
    auto g = FromC<wasmrun::Global>(global);
    if (!g.valid()) return Usage("wasmrun_global_get: global is NULL or a null handle");
    if (out == nullptr) return Usage("wasmrun_global_get: out is NULL");
    *out = ToC(g.Get());
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_global_set(const wasmrun_global_t* global, const wasmrun_val_t* value) {
  return Guard([&]() -> wasmrun_error_t* {
    auto g = FromC<wasmrun::Global>(global);
    if (!g.valid()) return Usage("wasmrun_global_set: global is NULL or a null handle");
    if (value == nullptr) return Usage("wasmrun_global_set: value is NULL");
    auto v = ToCpp(*value);
    if (!v) return Usage("wasmrun_global_set: the value has no kind");
    auto r = g.Set(*v);
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

// ---- Tables

uint64_t wasmrun_table_size(const wasmrun_table_t* table) {
  auto t = FromC<wasmrun::Table>(table);
  return t.valid() ? t.size() : 0;
}

wasmrun_error_t* wasmrun_table_get(const wasmrun_table_t* table, uint64_t index,
                                   wasmrun_val_t* out) {
  return Guard([&]() -> wasmrun_error_t* {
    auto t = FromC<wasmrun::Table>(table);
    if (!t.valid()) return Usage("wasmrun_table_get: table is NULL or a null handle");
    if (out == nullptr) return Usage("wasmrun_table_get: out is NULL");
    auto r = t.Get(index);
    if (!r) return MakeError(std::move(r).error());
    *out = ToC(*r);
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_table_set(const wasmrun_table_t* table, uint64_t index,
                                   const wasmrun_val_t* value) {
  return Guard([&]() -> wasmrun_error_t* {
    auto t = FromC<wasmrun::Table>(table);
    if (!t.valid()) return Usage("wasmrun_table_set: table is NULL or a null handle");
    if (value == nullptr) return Usage("wasmrun_table_set: value is NULL");
    auto v = ToCpp(*value);
    if (!v) return Usage("wasmrun_table_set: the value has no kind");
    auto r = t.Set(index, *v);
    if (!r) return MakeError(std::move(r).error());
    return nullptr;
  });
}

wasmrun_error_t* wasmrun_table_grow(const wasmrun_table_t* table, uint64_t delta,
                                    const wasmrun_val_t* init, uint64_t* old_size) {
  return Guard([&]() -> wasmrun_error_t* {
    auto t = FromC<wasmrun::Table>(table);
    if (!t.valid()) return Usage("wasmrun_table_grow: table is NULL or a null handle");
    if (init == nullptr) return Usage("wasmrun_table_grow: init is NULL");
    auto v = ToCpp(*init);
    if (!v) return Usage("wasmrun_table_grow: the value has no kind");
    auto r = t.Grow(delta, *v);
    if (!r) return MakeError(std::move(r).error());
    if (old_size != nullptr) *old_size = *r;
    return nullptr;
  });
}

// ---- Tags

wasmrun_error_t* wasmrun_tag_new(wasmrun_store_t* store, const wasmrun_valtype_t* params,
                                 size_t num_params, wasmrun_tag_t* out) {
  if (out != nullptr) std::memset(out, 0, sizeof *out);
  return Guard([&]() -> wasmrun_error_t* {
    if (store == nullptr || out == nullptr) return Usage("wasmrun_tag_new: store or out is NULL");
    if (params == nullptr && num_params != 0) return Usage("wasmrun_tag_new: params is NULL");
    std::vector<ValType> types;
    for (size_t i = 0; i < num_params; ++i) {
      auto t = ToCpp(params[i]);
      if (!t) return Usage("wasmrun_tag_new: unknown kind or a concrete type");
      types.push_back(*t);
    }
    auto tag = wasmrun::Tag::New(store->store, std::move(types));
    if (!tag) return MakeError(std::move(tag).error());
    *out = ToC<wasmrun_tag_t>(*tag);
    return nullptr;
  });
}

}  // extern "C"
