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

/// The type of a Value. Reference types are the two nullable abstract ones the embedding API
/// can represent; typed references (3.0) are reported as the nearest of them.
enum class ValType : uint8_t { I32, I64, F32, F64, V128, FuncRef, ExternRef };

/// The text-format name of `t` ("i32", "funcref", ...).
const char* ToString(ValType t);

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
};

/// One wasm frame of a trap's call stack.
struct TrapFrame {
  uint32_t func_index = 0;  ///< in the defining module's function index space
  std::string func_name;    ///< from the module's name section; empty when unknown
  uint32_t offset = 0;      ///< byte offset of the instruction in the module, 0 if unknown
};

/// Wasm execution stopped abnormally (or the guest called WASI proc_exit).
struct Trap {
  TrapKind kind = TrapKind::HostError;
  /// The spec test suite's message ("integer divide by zero"...) or a host function's text.
  std::string message;
  /// The status passed to proc_exit; meaningful only when kind == TrapKind::Exit.
  int32_t exit_code = 0;
  /// The wasm call stack at the trap, innermost first (may be empty).
  std::vector<TrapFrame> frames;

  /// True for WASI proc_exit, which embedders usually treat as normal termination.
  bool is_exit() const { return kind == TrapKind::Exit; }

  /// A trap a host function returns to abort the guest with `message`.
  static Trap Host(std::string message) {
    Trap t;
    t.kind = TrapKind::HostError;
    t.message = std::move(message);
    return t;
  }
  /// A trap a host function returns to end the guest like proc_exit(status).
  static Trap ExitWith(int32_t status) {
    Trap t;
    t.kind = TrapKind::Exit;
    t.exit_code = status;
    t.message = "exit with status " + std::to_string(status);
    return t;
  }

  /// The message followed by the frames, one per line, for people.
  std::string ToString() const;
};

}  // namespace wasmrun
