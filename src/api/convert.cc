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

const char* ToString(ValType t) {
  switch (t) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "?";
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
  for (const TrapFrame& f : frames) {
    s += "\n  at ";
    s += f.func_name.empty() ? "func[" + std::to_string(f.func_index) + "]" : f.func_name;
    if (f.offset != 0) {
      char buf[32];
      std::snprintf(buf, sizeof buf, " (offset 0x%x)", f.offset);
      s += buf;
    }
  }
  return s;
}

std::string Value::ToString() const {
  std::string s = wasmrun::ToString(type_);
  s += ':';
  char buf[64];
  switch (type_) {
    case ValType::I32: return s + std::to_string(i32());
    case ValType::I64: return s + std::to_string(i64());
    case ValType::F32:
      std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(f32()));
      return s + buf;
    case ValType::F64: std::snprintf(buf, sizeof buf, "%.17g", f64()); return s + buf;
    case ValType::V128:
      std::snprintf(buf, sizeof buf, "0x%016llx%016llx", static_cast<unsigned long long>(hi_),
                    static_cast<unsigned long long>(lo_));
      return s + buf;
    case ValType::FuncRef:
    case ValType::ExternRef:
      if (is_null()) return s + "null";
      std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(lo_));
      return s + buf;
  }
  return s;
}

namespace detail {

namespace {
bool InFuncHierarchy(wr::HeapKind h) {
  return h == wr::HeapKind::Func || h == wr::HeapKind::NoFunc || h == wr::HeapKind::Index;
}
}  // namespace

ValType ToPublic(const wr::ValType& t) {
  switch (t.kind) {
    case wr::ValKind::I32: return ValType::I32;
    case wr::ValKind::I64: return ValType::I64;
    case wr::ValKind::F32: return ValType::F32;
    case wr::ValKind::F64: return ValType::F64;
    case wr::ValKind::V128: return ValType::V128;
    case wr::ValKind::Ref: return InFuncHierarchy(t.heap) ? ValType::FuncRef : ValType::ExternRef;
  }
  return ValType::I32;
}

wr::ValType ToEngine(ValType t) {
  switch (t) {
    case ValType::I32: return wr::ValType::I32();
    case ValType::I64: return wr::ValType::I64();
    case ValType::F32: return wr::ValType::F32();
    case ValType::F64: return wr::ValType::F64();
    case ValType::V128: return wr::ValType::V128();
    case ValType::FuncRef: return wr::ValType::FuncRef();
    case ValType::ExternRef: return wr::ValType::ExternRef();
  }
  return wr::ValType::I32();
}

FuncType ToPublic(const wr::FuncType& t) {
  FuncType r;
  for (const auto& p : t.params) r.params.push_back(ToPublic(p));
  for (const auto& p : t.results) r.results.push_back(ToPublic(p));
  return r;
}

wr::FuncType ToEngine(const FuncType& t) {
  wr::FuncType r;
  for (ValType p : t.params) r.params.push_back(ToEngine(p));
  for (ValType p : t.results) r.results.push_back(ToEngine(p));
  return r;
}

TableType ToPublic(const wr::TableType& t) {
  TableType r;
  r.element = ToPublic(t.elem);
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

GlobalType ToPublic(const wr::GlobalType& t) {
  return {ToPublic(t.type), t.mut};
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
  }
  return TrapKind::HostError;
}
}  // namespace

Trap ToPublic(const wr::Trap& t) {
  Trap r;
  r.kind = KindOf(t.code);
  r.message = t.Message();
  r.exit_code = t.exit_code;
  for (const wr::TrapFrame& f : t.frames) r.frames.push_back({f.func_index, f.func_name, f.offset});
  return r;
}

wr::Trap ToEngine(const Trap& t) {
  if (t.kind == TrapKind::Exit) return wr::Trap::Exit(t.exit_code);
  // Only host errors and exits originate in host functions; anything else a host function
  // reports is passed on as a host error carrying its message.
  return wr::Trap::Host(t.message.empty() ? "host function failed" : t.message);
}

Error UsageError(std::string message) {
  Error e;
  e.kind = ErrorKind::Usage;
  e.message = std::move(message);
  return e;
}

Error TrapError(const wr::Trap& t) {
  Error e;
  e.kind = ErrorKind::Trap;
  e.trap = ToPublic(t);
  e.message = e.trap->message;
  return e;
}

}  // namespace detail
}  // namespace wasmrun
