// Public descriptions of WebAssembly types (value, function, table, memory, global and
// external types), of imports and exports, and of traps.
//
// Part of the public embedding API: self-contained, includes only the standard library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wasmrun {

/// The heap type of a reference: one of WebAssembly 3.0's abstract heap types, or a type that
/// a module defines (Concrete). Each belongs to one of four hierarchies, whose tops are Func,
/// Extern, Any and Exn; the bottom of each (NoFunc, NoExtern, None, NoExn) has only null.
enum class HeapType : uint8_t {
  Func,
  NoFunc,
  Extern,
  NoExtern,
  Any,
  Eq,
  I31,
  Struct,
  Array,
  None,
  Exn,
  NoExn,
  Concrete,
};

/// What a concrete heap type is: a function, struct or array type.
enum class DefKind : uint8_t { Func, Struct, Array };

/// The top of `h`'s hierarchy (Func, Extern, Any or Exn); for Concrete, pass its DefKind.
HeapType TopOf(HeapType h, DefKind def = DefKind::Func);

/// A value type: a number, a vector, or a reference with its nullability and heap type.
/// A concrete heap type is named by its index in the module that declares it, so it is
/// meaningful only next to that module (a function's type, an import, an export).
class ValType {
 public:
  enum class Kind : uint8_t { I32, I64, F32, F64, V128, Ref };

  /// i32.
  constexpr ValType() = default;
  /// A reference to an abstract heap type (not Concrete).
  static constexpr ValType Ref(HeapType heap, bool nullable) {
    return ValType(Kind::Ref, nullable, heap, DefKind::Func, 0);
  }
  /// A reference to type `type_index` of a module, which defines a `def` type.
  static constexpr ValType RefConcrete(uint32_t type_index, DefKind def, bool nullable) {
    return ValType(Kind::Ref, nullable, HeapType::Concrete, def, type_index);
  }

  // Numbers, v128, and the nullable abstract references by their text-format names.
  static const ValType I32, I64, F32, F64, V128;
  static const ValType FuncRef, ExternRef, AnyRef, EqRef, I31Ref, StructRef, ArrayRef, ExnRef;
  static const ValType NullRef, NullFuncRef, NullExternRef, NullExnRef;

  constexpr Kind kind() const { return kind_; }
  constexpr bool is_ref() const { return kind_ == Kind::Ref; }
  /// References only: whether null is a value of this type.
  constexpr bool nullable() const { return nullable_; }
  /// References only: the heap type.
  constexpr HeapType heap() const { return heap_; }
  /// Concrete references only: the type's index in its module, and what it defines.
  constexpr uint32_t type_index() const { return index_; }
  constexpr DefKind def_kind() const { return def_; }
  /// References only: the top of the hierarchy (Func, Extern, Any or Exn).
  HeapType top() const { return TopOf(heap_, def_); }

  friend constexpr bool operator==(const ValType& a, const ValType& b) {
    if (a.kind_ != b.kind_) return false;
    if (a.kind_ != Kind::Ref) return true;
    if (a.nullable_ != b.nullable_ || a.heap_ != b.heap_) return false;
    return a.heap_ != HeapType::Concrete || (a.index_ == b.index_ && a.def_ == b.def_);
  }

 private:
  constexpr ValType(Kind k, bool nullable, HeapType heap, DefKind def, uint32_t index)
      : kind_(k), nullable_(nullable), heap_(heap), def_(def), index_(index) {}
  static constexpr ValType Num(Kind k) {
    return ValType(k, false, HeapType::Func, DefKind::Func, 0);
  }

  Kind kind_ = Kind::I32;
  bool nullable_ = false;
  HeapType heap_ = HeapType::Func;
  DefKind def_ = DefKind::Func;
  uint32_t index_ = 0;
};

inline constexpr ValType ValType::I32 = ValType::Num(ValType::Kind::I32);
inline constexpr ValType ValType::I64 = ValType::Num(ValType::Kind::I64);
inline constexpr ValType ValType::F32 = ValType::Num(ValType::Kind::F32);
inline constexpr ValType ValType::F64 = ValType::Num(ValType::Kind::F64);
inline constexpr ValType ValType::V128 = ValType::Num(ValType::Kind::V128);
inline constexpr ValType ValType::FuncRef = ValType::Ref(HeapType::Func, true);
inline constexpr ValType ValType::ExternRef = ValType::Ref(HeapType::Extern, true);
inline constexpr ValType ValType::AnyRef = ValType::Ref(HeapType::Any, true);
inline constexpr ValType ValType::EqRef = ValType::Ref(HeapType::Eq, true);
inline constexpr ValType ValType::I31Ref = ValType::Ref(HeapType::I31, true);
inline constexpr ValType ValType::StructRef = ValType::Ref(HeapType::Struct, true);
inline constexpr ValType ValType::ArrayRef = ValType::Ref(HeapType::Array, true);
inline constexpr ValType ValType::ExnRef = ValType::Ref(HeapType::Exn, true);
inline constexpr ValType ValType::NullRef = ValType::Ref(HeapType::None, true);
inline constexpr ValType ValType::NullFuncRef = ValType::Ref(HeapType::NoFunc, true);
inline constexpr ValType ValType::NullExternRef = ValType::Ref(HeapType::NoExtern, true);
inline constexpr ValType ValType::NullExnRef = ValType::Ref(HeapType::NoExn, true);

/// The text-format name of `t`: "i32", "funcref", "(ref any)", "(ref null 3)", ...
std::string ToString(ValType t);
/// The text-format name of `h` ("func", "any", ...; "concrete" for Concrete).
const char* ToString(HeapType h);

/// A function signature.
struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  friend bool operator==(const FuncType&, const FuncType&) = default;
};

/// "(i32, i64) -> (f32)" style, for messages.
std::string ToString(const FuncType& t);

/// Size limits of a table (in elements) or memory (in pages).
struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;  ///< absent: no declared maximum
  friend bool operator==(const Limits&, const Limits&) = default;
};

/// A table's element type and limits.
struct TableType {
  ValType element = ValType::FuncRef;
  Limits limits;
  bool is64 = false;  ///< indexed by i64 (table64)
};

/// A memory's limits (in pages) and shape.
struct MemoryType {
  Limits limits;
  bool is64 = false;           ///< indexed by i64 (memory64)
  bool shared = false;         ///< shared memory (threads)
  uint64_t page_size = 65536;  ///< bytes per page (custom-page-sizes allows 1)
};

/// A global's value type and mutability.
struct GlobalType {
  ValType type = ValType::I32;
  bool mut = false;
};

/// What kind of entity an import or export is.
enum class ExternKind : uint8_t { Func, Table, Memory, Global, Tag };

/// "func", "table", "memory", "global" or "tag".
const char* ToString(ExternKind k);

/// The type of an import or export. Only the member matching `kind` is meaningful (a tag's
/// type is reported as the function type of its payload, in `func`).
struct ExternType {
  ExternKind kind = ExternKind::Func;
  FuncType func;
  TableType table;
  MemoryType memory;
  GlobalType global;
};

/// One import of a module.
struct ImportType {
  std::string module;
  std::string name;
  ExternType type;
};

/// One export of a module.
struct ExportType {
  std::string name;
  ExternType type;
};

/// Why execution stopped abnormally.
enum class TrapKind : uint8_t {
  Unreachable,               ///< "unreachable"
  IntegerDivideByZero,       ///< "integer divide by zero"
  IntegerOverflow,           ///< "integer overflow"
  InvalidConversion,         ///< "invalid conversion to integer"
  MemoryOutOfBounds,         ///< "out of bounds memory access"
  TableOutOfBounds,          ///< "out of bounds table access"
  UndefinedElement,          ///< "undefined element"
  UninitializedElement,      ///< "uninitialized element"
  IndirectCallTypeMismatch,  ///< "indirect call type mismatch"
  CallStackExhausted,        ///< "call stack exhausted"
  NullReference,             ///< a null function, struct, array, i31 or other reference
  CastFailure,               ///< "cast failure"
  ArrayOutOfBounds,          ///< "out of bounds array access"
  UncaughtException,         ///< "uncaught exception"
  OutOfFuel,                 ///< the fuel budget ran out
  Interrupted,               ///< the embedder interrupted execution
  HostError,                 ///< a host function failed, or the API was misused
  Exit,                      ///< WASI proc_exit: not an error; see Trap::exit_code
  ResourceExhausted,         ///< a store limit was reached (ResourceLimits::max_gc_bytes)
  UnalignedAtomic,           ///< "unaligned atomic" (threads)
  ExpectedSharedMemory,      ///< "expected shared memory": memory.atomic.wait on an unshared one
};

}  // namespace wasmrun
