// Conversions between public and engine types, and the public ToString helpers.
#include <cstdio>
#include <string>

#include "api/impl.h"

namespace wasmrun {

const char* ToString(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Decode: return "decode";
    case ErrorKind::Validate: return "validation";
    case ErrorKind::Text: return "text";
    case ErrorKind::Link: return "link";
    case ErrorKind::Instantiate: return "instantiation";
    case ErrorKind::Trap: return "trap";
    case ErrorKind::OutOfBounds: return "out of bounds";
    case ErrorKind::Resource: return "resource";
    case ErrorKind::Io: return "i/o";
    case ErrorKind::Usage: return "usage";
  }
  return "unknown";
}

std::string Error::ToString() const {
  std::string s = wasmrun::ToString(kind);
  s += " error";
  if (offset) {
    if (kind == ErrorKind::Text) {
      s += " at line " + std::to_string(*offset);
    } else {
      char buf[32];
      std::snprintf(buf, sizeof buf, " at offset 0x%llx", static_cast<unsigned long long>(*offset));
      s += buf;
    }
  }
  return s + ": " + message;
}

HeapType TopOf(HeapType h, DefKind def) {
  switch (h) {
    case HeapType::Func:
    case HeapType::NoFunc: return HeapType::Func;
    case HeapType::Extern:
    case HeapType::NoExtern: return HeapType::Extern;
    case HeapType::Exn:
    case HeapType::NoExn: return HeapType::Exn;
    case HeapType::Concrete: return def == DefKind::Func ? HeapType::Func : HeapType::Any;
    case HeapType::Any:
    case HeapType::Eq:
    case HeapType::I31:
    case HeapType::Struct:
    case HeapType::Array:
    case HeapType::None: return HeapType::Any;
  }
  return HeapType::Any;
}

const char* ToString(HeapType h) {
  switch (h) {
    case HeapType::Func: return "func";
    case HeapType::NoFunc: return "nofunc";
    case HeapType::Extern: return "extern";
    case HeapType::NoExtern: return "noextern";
    case HeapType::Any: return "any";
    case HeapType::Eq: return "eq";
    case HeapType::I31: return "i31";
    case HeapType::Struct: return "struct";
    case HeapType::Array: return "array";
    case HeapType::None: return "none";
    case HeapType::Exn: return "exn";
    case HeapType::NoExn: return "noexn";
    case HeapType::Concrete: return "concrete";
  }
  return "?";
}

std::string ToString(ValType t) {
  switch (t.kind()) {
    case ValType::Kind::I32: return "i32";
    case ValType::Kind::I64: return "i64";
    case ValType::Kind::F32: return "f32";
    case ValType::Kind::F64: return "f64";
    case ValType::Kind::V128: return "v128";
    case ValType::Kind::Ref: break;
  }
  const HeapType h = t.heap();
  if (h != HeapType::Concrete && t.nullable()) {
    // The text format's shorthands: funcref, nullref, nullfuncref, ...
    switch (h) {
      case HeapType::None: return "nullref";
      case HeapType::NoFunc: return "nullfuncref";
      case HeapType::NoExtern: return "nullexternref";
      case HeapType::NoExn: return "nullexnref";
      default: return std::string(ToString(h)) + "ref";
    }
  }
  const std::string heap = h == HeapType::Concrete ? std::to_string(t.type_index()) : ToString(h);
  return std::string(t.nullable() ? "(ref null " : "(ref ") + heap + ")";
}

std::string ToString(const FuncType& t) {
  auto list = [](const std::vector<ValType>& v) {
    std::string s = "(";
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) s += ", ";
      s += ToString(v[i]);
    }
    return s + ")";
  };
  return list(t.params) + " -> " + list(t.results);
}

const char* ToString(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
    case ExternKind::Tag: return "tag";
  }
  return "?";
}

std::string Trap::ToString() const {
  std::string s = message;
  if (!frames.empty()) {
    s += '\n';
    s += FormatBacktrace(*this, frames.size());
    s.pop_back();  // the last frame's newline
  }
  return s;
}

std::string Value::ToString() const {
  std::string s = wasmrun::ToString(type_);
  s += ':';
  char buf[64];
  switch (type_.kind()) {
    case ValType::Kind::I32: return s + std::to_string(i32());
    case ValType::Kind::I64: return s + std::to_string(i64());
    case ValType::Kind::F32:
      std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(f32()));
      return s + buf;
    case ValType::Kind::F64: std::snprintf(buf, sizeof buf, "%.17g", f64()); return s + buf;
    case ValType::Kind::V128:
      std::snprintf(buf, sizeof buf, "0x%016llx%016llx", static_cast<unsigned long long>(hi_),
                    static_cast<unsigned long long>(lo_));
      return s + buf;
    case ValType::Kind::Ref: break;
  }
  // Never an address: that would tell the guest's embedder where the store's objects live.
  if (is_null()) return s + "null";
  if (auto host = externref()) {
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(*host));
    return s + buf;
  }
  if (auto v = i31_s()) return s + std::to_string(*v);
  return s + "object";
}

namespace detail {

namespace {

// The public and engine heap types name the same things in a different order.
HeapType ToPublicHeap(wr::HeapKind h) {
  switch (h) {
    case wr::HeapKind::Func: return HeapType::Func;
    case wr::HeapKind::Extern: return HeapType::Extern;
    case wr::HeapKind::Any: return HeapType::Any;
    case wr::HeapKind::Eq: return HeapType::Eq;
    case wr::HeapKind::I31: return HeapType::I31;
    case wr::HeapKind::Struct: return HeapType::Struct;
    case wr::HeapKind::Array: return HeapType::Array;
    case wr::HeapKind::Exn: return HeapType::Exn;
    case wr::HeapKind::None: return HeapType::None;
    case wr::HeapKind::NoFunc: return HeapType::NoFunc;
    case wr::HeapKind::NoExtern: return HeapType::NoExtern;
    case wr::HeapKind::NoExn: return HeapType::NoExn;
    case wr::HeapKind::Index: return HeapType::Concrete;
  }
  return HeapType::Any;
}

}  // namespace

wr::HeapKind ToEngine(HeapType h) {
  switch (h) {
    case HeapType::Func: return wr::HeapKind::Func;
    case HeapType::NoFunc: return wr::HeapKind::NoFunc;
    case HeapType::Extern: return wr::HeapKind::Extern;
    case HeapType::NoExtern: return wr::HeapKind::NoExtern;
    case HeapType::Any: return wr::HeapKind::Any;
    case HeapType::Eq: return wr::HeapKind::Eq;
    case HeapType::I31: return wr::HeapKind::I31;
    case HeapType::Struct: return wr::HeapKind::Struct;
    case HeapType::Array: return wr::HeapKind::Array;
    case HeapType::None: return wr::HeapKind::None;
    case HeapType::Exn: return wr::HeapKind::Exn;
    case HeapType::NoExn: return wr::HeapKind::NoExn;
    case HeapType::Concrete: return wr::HeapKind::Index;
  }
  return wr::HeapKind::Any;
}

ValType ToPublic(const wr::ValType& t, const wr::Module* m) {
  switch (t.kind) {
    case wr::ValKind::I32: return ValType::I32;
    case wr::ValKind::I64: return ValType::I64;
    case wr::ValKind::F32: return ValType::F32;
    case wr::ValKind::F64: return ValType::F64;
    case wr::ValKind::V128: return ValType::V128;
    case wr::ValKind::Ref: break;
  }
  if (t.heap != wr::HeapKind::Index) return ValType::Ref(ToPublicHeap(t.heap), t.nullable);
  DefKind def = DefKind::Func;
  if (m != nullptr && t.index < m->types.size()) {
    switch (m->types[t.index].kind) {
      case wr::DefType::Kind::Func: def = DefKind::Func; break;
      case wr::DefType::Kind::Struct: def = DefKind::Struct; break;
      case wr::DefType::Kind::Array: def = DefKind::Array; break;
    }
  }
  return ValType::RefConcrete(t.index, def, t.nullable);
}

std::optional<wr::ValType> ToEngine(ValType t) {
  switch (t.kind()) {
    case ValType::Kind::I32: return wr::ValType::I32();
    case ValType::Kind::I64: return wr::ValType::I64();
    case ValType::Kind::F32: return wr::ValType::F32();
    case ValType::Kind::F64: return wr::ValType::F64();
    case ValType::Kind::V128: return wr::ValType::V128();
    case ValType::Kind::Ref: break;
  }
  if (t.heap() == HeapType::Concrete) return std::nullopt;  // no module to resolve it in
  return wr::ValType::Ref(ToEngine(t.heap()), t.nullable());
}

FuncType ToPublic(const wr::FuncType& t, const wr::Module* m) {
  FuncType r;
  for (const auto& p : t.params) r.params.push_back(ToPublic(p, m));
  for (const auto& p : t.results) r.results.push_back(ToPublic(p, m));
  return r;
}

std::optional<wr::FuncType> ToEngine(const FuncType& t) {
  wr::FuncType r;
  for (ValType p : t.params) {
    auto e = ToEngine(p);
    if (!e) return std::nullopt;
    r.params.push_back(*e);
  }
  for (ValType p : t.results) {
    auto e = ToEngine(p);
    if (!e) return std::nullopt;
    r.results.push_back(*e);
  }
  return r;
}

TableType ToPublic(const wr::TableType& t, const wr::Module* m) {
  TableType r;
  r.element = ToPublic(t.elem, m);
  r.limits = {t.limits.min, t.limits.max};
  r.is64 = t.limits.index_type == wr::IndexType::I64;
  return r;
}

MemoryType ToPublic(const wr::MemoryType& t) {
  MemoryType r;
  r.limits = {t.limits.min, t.limits.max};
  r.is64 = t.limits.index_type == wr::IndexType::I64;
  r.shared = t.limits.shared;
  r.page_size = uint64_t{1} << t.page_size_log2;
  return r;
}

GlobalType ToPublic(const wr::GlobalType& t, const wr::Module* m) {
  return {ToPublic(t.type, m), t.mut};
}

ExternKind ToPublic(wr::ExternKind k) {
  switch (k) {
    case wr::ExternKind::Func: return ExternKind::Func;
    case wr::ExternKind::Table: return ExternKind::Table;
    case wr::ExternKind::Memory: return ExternKind::Memory;
    case wr::ExternKind::Global: return ExternKind::Global;
    case wr::ExternKind::Tag: return ExternKind::Tag;
  }
  return ExternKind::Func;
}

Error ToPublic(const wr::Error& e) {
  Error r;
  switch (e.phase) {
    case wr::Phase::Decode: r.kind = ErrorKind::Decode; break;
    case wr::Phase::Validate: r.kind = ErrorKind::Validate; break;
    case wr::Phase::Link: r.kind = ErrorKind::Link; break;
    case wr::Phase::Instantiate: r.kind = ErrorKind::Instantiate; break;
    case wr::Phase::Text: r.kind = ErrorKind::Text; break;
    case wr::Phase::Io: r.kind = ErrorKind::Io; break;
  }
  r.message = e.message;
  if (e.has_offset()) r.offset = e.offset;
  return r;
}

namespace {
TrapKind KindOf(wr::TrapCode c) {
  switch (c) {
    case wr::TrapCode::None: return TrapKind::HostError;
    case wr::TrapCode::Unreachable: return TrapKind::Unreachable;
    case wr::TrapCode::IntegerDivideByZero: return TrapKind::IntegerDivideByZero;
    case wr::TrapCode::IntegerOverflow: return TrapKind::IntegerOverflow;
    case wr::TrapCode::InvalidConversion: return TrapKind::InvalidConversion;
    case wr::TrapCode::MemoryOutOfBounds: return TrapKind::MemoryOutOfBounds;
    case wr::TrapCode::TableOutOfBounds: return TrapKind::TableOutOfBounds;
    case wr::TrapCode::UndefinedElement: return TrapKind::UndefinedElement;
    case wr::TrapCode::UninitializedElement: return TrapKind::UninitializedElement;
    case wr::TrapCode::IndirectCallTypeMismatch: return TrapKind::IndirectCallTypeMismatch;
    case wr::TrapCode::CallStackExhausted: return TrapKind::CallStackExhausted;
    case wr::TrapCode::NullFunctionReference:
    case wr::TrapCode::NullReference:
    case wr::TrapCode::NullExceptionReference:
    case wr::TrapCode::NullStructReference:
    case wr::TrapCode::NullArrayReference:
    case wr::TrapCode::NullI31Reference: return TrapKind::NullReference;
    case wr::TrapCode::CastFailure: return TrapKind::CastFailure;
    case wr::TrapCode::ArrayOutOfBounds: return TrapKind::ArrayOutOfBounds;
    case wr::TrapCode::UncaughtException: return TrapKind::UncaughtException;
    case wr::TrapCode::OutOfFuel: return TrapKind::OutOfFuel;
    case wr::TrapCode::GcHeapExhausted: return TrapKind::ResourceExhausted;
    case wr::TrapCode::Interrupted: return TrapKind::Interrupted;
    case wr::TrapCode::HostError: return TrapKind::HostError;
    case wr::TrapCode::Exit: return TrapKind::Exit;
    case wr::TrapCode::UnalignedAtomic: return TrapKind::UnalignedAtomic;
    case wr::TrapCode::ExpectedSharedMemory: return TrapKind::ExpectedSharedMemory;
    case wr::TrapCode::InstanceDropped: return TrapKind::HostError;  // the host's doing
  }
  return TrapKind::HostError;
}
}  // namespace

Trap ToPublic(const wr::Trap& t, StoreImpl* s) {
  return ToPublic(t, s, s == nullptr || s->config.debug_info);
}

Trap ToPublic(const wr::Trap& t, StoreImpl* s, bool debug_info) {
  Trap r;
  if (t.code == wr::TrapCode::UncaughtException && t.exception != wr::kNullRef && s != nullptr) {
    r.exception =
        Access::FromSlots(*s, wr::ValType::Ref(wr::HeapKind::Exn, false), nullptr, &t.exception);
  }
  r.kind = KindOf(t.code);
  r.message = t.Message();
  r.exit_code = t.exit_code;
  r.frames.reserve(t.frames.size());
  for (const wr::TrapFrame& f : t.frames) {
    TrapFrame p;
    p.func_index = f.func_index;
    p.func_name = f.func_name;
    p.module_name = f.module_name;
    p.offset = f.offset;
    p.func_offset = f.offset >= f.func_start && f.func_start != 0 ? f.offset - f.func_start : 0;
    p.file = f.file;
    p.line = f.line;
    p.column = f.column;
    if (debug_info && p.line == 0 && f.compiled != nullptr && f.offset != 0) {
      if (auto loc = f.compiled->lines.Lookup(f.compiled->module, f.offset)) {
        p.file = std::move(loc->file);
        p.line = loc->line;
        p.column = loc->column;
      }
    }
    r.frames.push_back(std::move(p));
  }
  return r;
}

wr::Trap ToEngine(const Trap& t, StoreImpl* s) {
  if (t.kind == TrapKind::Exit) return wr::Trap::Exit(t.exit_code);
  if (t.kind == TrapKind::UncaughtException && t.exception) {
    // A host function throws: the exception must be an exnref of this store.
    uint64_t bits = 0;
    if (auto why = Access::ToSlots(*s, *t.exception, wr::ValType::Ref(wr::HeapKind::Exn, false),
                                   nullptr, &bits)) {
      return wr::Trap::Host("host function threw " + *why);
    }
    wr::Trap r(wr::TrapCode::UncaughtException);
    r.exception = bits;
    return r;
  }
  if (t.kind == TrapKind::HostError) {
    return wr::Trap::Host(t.message.empty() ? "host function failed" : t.message);
  }
  // A trap that a host function passes on (typically from a nested call into wasm) keeps its
  // kind, its message and its frames; the frames of the outer activation are appended
  // below them as it unwinds. Several engine codes share a public kind (the null
  // references): the message tells which.
  wr::Trap r;
  r.code = wr::TrapCode::HostError;
  constexpr int kCodes = 0
#define WR_TRAP(name, msg) +1
#include "runtime/traps.def"
#undef WR_TRAP
      ;
  for (int c = 1; c <= kCodes; ++c) {
    const auto code = static_cast<wr::TrapCode>(c);
    if (KindOf(code) != t.kind) continue;
    const std::string_view msg = wr::TrapMessage(code);
    if (r.code == wr::TrapCode::HostError) r.code = code;  // the kind's first code, at least
    if (t.message.starts_with(msg)) {
      r.code = code;
      r.detail = t.message.size() > msg.size() ? t.message.substr(msg.size() + 1) : "";
      break;
    }
  }
  if (r.code == wr::TrapCode::HostError) r.detail = t.message;
  for (const TrapFrame& f : t.frames) {
    wr::TrapFrame e;
    e.func_index = f.func_index;
    e.func_name = f.func_name;
    e.module_name = f.module_name;
    e.offset = f.offset;
    e.func_start = f.func_offset != 0 && f.offset >= f.func_offset ? f.offset - f.func_offset : 0;
    e.file = f.file;
    e.line = f.line;
    e.column = f.column;
    r.frames.push_back(std::move(e));
  }
  return r;
}

Error UsageError(std::string message) {
  Error e;
  e.kind = ErrorKind::Usage;
  e.message = std::move(message);
  return e;
}

Error TrapError(const wr::Trap& t, StoreImpl* s) {
  Error e;
  e.kind = ErrorKind::Trap;
  e.trap = ToPublic(t, s);
  e.message = e.trap->message;
  return e;
}

}  // namespace detail
}  // namespace wasmrun
