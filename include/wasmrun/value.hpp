// Values that cross between the host and wasm, and traps: why wasm stopped.
//
// Part of the public embedding API: self-contained, includes only the standard library and
// wasmrun/types.hpp.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "wasmrun/types.hpp"

namespace wasmrun {

namespace detail {
struct StoreImpl;
struct Access;
// A pin that keeps a GC object (struct, array, exception) alive while a Value refers to it;
// shared by the copies of that Value.
struct HostRoot;
void Retain(HostRoot* root) noexcept;
void Release(HostRoot* root) noexcept;
}  // namespace detail

class Func;
class Tag;

// ---------------------------------------------------------------------------------------------
// Values

/// 128 bits of a v128 value, little-endian.
struct Vec128 {
  uint8_t bytes[16] = {};
  friend bool operator==(const Vec128& a, const Vec128& b) {
    return std::memcmp(a.bytes, b.bytes, 16) == 0;
  }
};

/// A typed wasm value. Floats are kept as their bits, so NaN payloads survive a round trip.
///
/// A reference is either made by the host (FromFunc, FromExtern, FromI31, the Null* values)
/// or handed out by a store (a call's results, a global, a table element). Its type() is what
/// the value is, as precisely as the API can say it without a module: the abstract heap type
/// of a non-null reference ((ref struct) for a struct of any type, (ref func) for a function),
/// and the type it was declared with for a null. Wherever a value enters wasm (call
/// arguments, host function results, Global::Set, Table::Set/Grow) it is checked against the
/// full declared type: hierarchy, nullability, heap type with subtyping (a function's
/// signature, a struct's or array's defined type) and the store it belongs to. A mismatch is
/// an error, never undefined behaviour. A reference of a store may only be passed back to
/// that store.
class Value {
 public:
  /// The i32 zero.
  Value() = default;
  Value(const Value& o) : type_(o.type_), lo_(o.lo_), hi_(o.hi_), store_(o.store_), root_(o.root_) {
    if (root_ != nullptr) detail::Retain(root_);
  }
  Value(Value&& o) noexcept
      : type_(o.type_), lo_(o.lo_), hi_(o.hi_), store_(o.store_), root_(o.root_) {
    o.root_ = nullptr;
  }
  Value& operator=(const Value& o) {
    if (o.root_ != nullptr) detail::Retain(o.root_);
    if (root_ != nullptr) detail::Release(root_);
    type_ = o.type_;
    lo_ = o.lo_;
    hi_ = o.hi_;
    store_ = o.store_;
    root_ = o.root_;
    return *this;
  }
  Value& operator=(Value&& o) noexcept {
    if (this != &o) {
      if (root_ != nullptr) detail::Release(root_);
      type_ = o.type_;
      lo_ = o.lo_;
      hi_ = o.hi_;
      store_ = o.store_;
      root_ = o.root_;
      o.root_ = nullptr;
    }
    return *this;
  }
  ~Value() {
    if (root_ != nullptr) detail::Release(root_);
  }

  /// An i32.
  static Value FromI32(int32_t v) { return Value(ValType::I32, static_cast<uint32_t>(v)); }
  /// An i64.
  static Value FromI64(int64_t v) { return Value(ValType::I64, static_cast<uint64_t>(v)); }
  /// An f32.
  static Value FromF32(float v) { return FromF32Bits(std::bit_cast<uint32_t>(v)); }
  /// An f32 from its IEEE 754 bits.
  static Value FromF32Bits(uint32_t bits) { return Value(ValType::F32, bits); }
  /// An f64.
  static Value FromF64(double v) { return FromF64Bits(std::bit_cast<uint64_t>(v)); }
  /// An f64 from its IEEE 754 bits.
  static Value FromF64Bits(uint64_t bits) { return Value(ValType::F64, bits); }
  /// A v128.
  static Value FromV128(const Vec128& v) {
    Value r(ValType::V128, 0);
    std::memcpy(&r.lo_, v.bytes, 8);
    std::memcpy(&r.hi_, v.bytes + 8, 8);
    return r;
  }
  /// A non-null funcref to `f`, of type (ref func) (a null handle gives the null funcref).
  static Value FromFunc(const Func& f);
  /// The null funcref.
  static Value NullFuncRef() { return Null(ValType::FuncRef); }
  /// A non-null externref carrying an opaque host value, of type (ref extern).
  static Value FromExtern(uint64_t host_value) {
    Value r(ValType::Ref(HeapType::Extern, false), host_value);
    r.hi_ = 1;
    return r;
  }
  /// The null externref.
  static Value NullExternRef() { return Null(ValType::ExternRef); }
  /// An i31ref holding the low 31 bits of `v`, of type (ref i31).
  static Value FromI31(uint32_t v) {
    Value r(ValType::Ref(HeapType::I31, false), (uint64_t{v & 0x7fffffffu} << 1) | 1);
    r.hi_ = 1;
    return r;
  }
  /// The null reference of a nullable reference type `t` (its type is `t`).
  static Value Null(ValType t) { return Value(t, 0); }
  /// The zero value of a number or vector type, the null reference of a reference type.
  static Value Zero(ValType t) { return Value(t, 0); }

  /// The value's type (see the class comment for references).
  ValType type() const { return type_; }

  /// The i32; requires type() == I32.
  int32_t i32() const { return static_cast<int32_t>(static_cast<uint32_t>(lo_)); }
  /// The i64; requires type() == I64.
  int64_t i64() const { return static_cast<int64_t>(lo_); }
  /// The f32; requires type() == F32.
  float f32() const { return std::bit_cast<float>(f32_bits()); }
  /// The f32's bits; requires type() == F32.
  uint32_t f32_bits() const { return static_cast<uint32_t>(lo_); }
  /// The f64; requires type() == F64.
  double f64() const { return std::bit_cast<double>(lo_); }
  /// The f64's bits; requires type() == F64.
  uint64_t f64_bits() const { return lo_; }
  /// The v128; requires type() == V128.
  Vec128 v128() const {
    Vec128 v;
    std::memcpy(v.bytes, &lo_, 8);
    std::memcpy(v.bytes + 8, &hi_, 8);
    return v;
  }
  /// True for a null reference of any type.
  bool is_null() const { return type_.is_ref() && hi_ == 0; }
  /// The function of a non-null funcref, else nullopt.
  std::optional<Func> func() const;
  /// The host value of a non-null externref made by FromExtern (also after a trip through
  /// wasm), else nullopt (a wasm value converted with extern.convert_any has none).
  std::optional<uint64_t> externref() const;
  /// The value of a non-null i31ref, sign-extended from 31 bits, else nullopt.
  std::optional<int32_t> i31_s() const;
  /// The value of a non-null i31ref, zero-extended from 31 bits, else nullopt.
  std::optional<uint32_t> i31_u() const;
  /// A non-null exnref's tag, else nullopt.
  std::optional<Tag> exception_tag() const;
  /// A non-null exnref's values (typed by its tag), else empty.
  std::vector<Value> exception_args() const;

  /// Same type and the same bits or object (floats compare by bits: NaN == the same NaN,
  /// 0.0 != -0.0).
  friend bool operator==(const Value& a, const Value& b) {
    return a.type_ == b.type_ && a.lo_ == b.lo_ && a.hi_ == b.hi_ && a.store_ == b.store_;
  }

  /// "i32:42", "f64:1.5", "funcref:null", "(ref struct):object" style, for messages and
  /// tests. References never print an address (an externref prints its host value).
  std::string ToString() const;

  /// For language bindings (the C API) that carry references in plain structs: a reference
  /// as two words, and the value back from them. A plain struct cannot hold a GC root, so
  /// raw_ref() of a reference to an object of a store registers the value in that store's
  /// table of raw references and returns a handle to the entry (`bits` then never holds an
  /// address); the entry keeps the object alive until ReleaseRawRef or the store's end.
  /// Copies of a RawRef share its entry. Null references and i31 values need no entry.
  /// FromRawRef checks everything it is given: a released, forged or foreign handle, or one
  /// whose reference is not in the hierarchy of `t` (any, extern, exn, func), gives nullopt,
  /// never an object of the wrong type or a freed one. The value it returns has the type the
  /// reference had when it was registered, not `t`.
  struct RawRef {
    uint64_t bits = 0;
    void* store = nullptr;
  };
  RawRef raw_ref() const;
  static std::optional<Value> FromRawRef(ValType t, RawRef r);
  /// Ends the entry behind `r` (from raw_ref()): false when there is none (a null or i31
  /// reference, an entry already released, or a store that is gone).
  static bool ReleaseRawRef(RawRef r);

 private:
  friend struct detail::Access;
  Value(ValType t, uint64_t lo) : type_(t), lo_(lo) {}

  ValType type_ = ValType::I32;
  // Numbers: the bits. References: the engine's reference bits when store_ is set; a host
  // value (FromExtern) or i31 bits (FromI31) when it is not.
  uint64_t lo_ = 0;
  uint64_t hi_ = 0;                     // v128: the high half; references: 1 when non-null
  detail::StoreImpl* store_ = nullptr;  // references handed out by a store: that store
  detail::HostRoot* root_ = nullptr;    // GC objects: the pin that keeps them alive
};

// ---------------------------------------------------------------------------------------------
// Traps

/// One wasm frame of a trap's call stack.
struct TrapFrame {
  uint32_t func_index = 0;  ///< in the defining module's function index space
  std::string func_name;    ///< from the module's name section; empty when unknown
  uint32_t offset = 0;      ///< byte offset of the instruction in the module, 0 if unknown
  /// offset minus the byte offset of the function's code entry in the module, 0 if unknown
  uint32_t func_offset = 0;
  std::string module_name;  ///< from the module's name section; empty when unknown
  /// The instruction's source position, from the module's DWARF line table (.debug_line, as
  /// `clang -g` writes it) unless Config::debug_info is off; line 0 when unknown. Column 0:
  /// unknown (or the whole line).
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
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
  /// kind == UncaughtException: the exception (an exnref; see Value::exception_tag and
  /// exception_args) when wasm threw one that nothing caught. A host function that returns
  /// this trap, or Trap::Throw, throws the exception into its wasm caller, where try_table
  /// can catch it.
  std::optional<Value> exception;

  /// True for WASI proc_exit, which embedders usually treat as normal termination.
  bool is_exit() const { return kind == TrapKind::Exit; }

  /// A trap a host function returns to abort the guest with `message`.
  static Trap Host(std::string message) {
    Trap t;
    t.kind = TrapKind::HostError;
    t.message = std::move(message);
    return t;
  }
  /// A trap a host function returns to throw `exception` (an exnref of the caller's store,
  /// from Tag::NewException or a trap's `exception`) into its wasm caller.
  static Trap Throw(Value exception) {
    Trap t;
    t.kind = TrapKind::UncaughtException;
    t.message = "uncaught exception";
    t.exception = std::move(exception);
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

  /// The message followed by every frame, as FormatBacktrace lays them out, for people.
  std::string ToString() const;
};

/// The frames of `trap` for people, as the wasmrun command prints them after the message:
/// "wasm backtrace:", then per frame its index, the instruction's byte offset in the module
/// (0x000000 when unknown), module!function (or func[N] when unnamed), and when known its
/// source position on the next line ("at file:line:column"). At most `max_frames` frames,
/// the innermost ones, then a count of the others. Empty when the trap has no frames.
std::string FormatBacktrace(const Trap& trap, size_t max_frames = 32);

}  // namespace wasmrun
