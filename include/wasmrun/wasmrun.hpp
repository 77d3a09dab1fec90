// wasmrun: the public C++ embedding API.
//
//   Engine   configuration shared by modules and stores (enabled features, resource limits)
//   Module   a decoded, validated and compiled module; immutable, cheap to copy, shareable
//   Store    owns every runtime object (instances, functions, memories, tables, globals);
//            all of them live exactly as long as their store
//   Linker   names host functions and other modules' exports, and instantiates modules
//   Instance an instantiated module; look its exports up by name
//   Func / Memory / Global / Table   handles to runtime objects of a store
//   Value    a typed wasm value;  Trap   why execution stopped
//
// Typical use (see examples/embed.cc):
//
//   wasmrun::Engine engine;
//   auto module = wasmrun::Module::FromWat(engine, "(module (func (export \"f\") ...))");
//   wasmrun::Store store(engine);
//   wasmrun::Linker linker(store);
//   linker.DefineFunc("env", "log", {{wasmrun::ValType::I32}, {}}, callback);
//   auto instance = linker.Instantiate(*module);
//   auto results = instance->GetFunc("f")->Call({wasmrun::Value::FromI32(1)});
//
// Conventions: nothing throws; every fallible call returns a Result. Handles are small
// values that refer into a Store; using one after its store is destroyed, or with another
// store, is undefined (calls check what they cheaply can and report ErrorKind::Usage).
// A Store and everything in it is used by one thread at a time.
//
// This header is self-contained: it includes only the standard library and wasmrun/*.hpp.
#pragma once

#include <atomic>
#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "wasmrun/result.hpp"
#include "wasmrun/types.hpp"

namespace wasmrun {

namespace detail {
struct StoreImpl;
struct ModuleImpl;
struct LinkerImpl;
struct Access;
}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Engine

/// WebAssembly 3.0 features beyond 2.0, and the custom-page-sizes and threads proposals, all on
/// by default.
/// A module using a disabled feature fails validation.
struct Features {
  bool tail_call = true;          ///< return_call*
  bool exceptions = true;         ///< try_table, throw, throw_ref, tags, exnref
  bool func_refs = true;          ///< typed function references: call_ref, br_on_null, ...
  bool gc = true;                 ///< structs, arrays, i31, casts (collected; see limits)
  bool memory64 = true;           ///< 64-bit memories and tables
  bool multi_memory = true;       ///< more than one memory
  bool extended_const = true;     ///< i32/i64 add, sub, mul in constant expressions
  bool relaxed_simd = true;       ///< relaxed SIMD instructions
  bool custom_page_sizes = true;  ///< memories with 1-byte pages (a proposal beyond 3.0)
  bool threads = true;            ///< shared memories, atomics, wait/notify (threads proposal)
};

/// Limits that keep untrusted code from exhausting the host.
struct ResourceLimits {
  uint32_t max_call_depth = 10000;          ///< wasm frames; deeper traps CallStackExhausted
  uint64_t max_stack_slots = 8u << 20;      ///< interpreter value stack, in 64-bit slots
  uint64_t max_memory_pages = 65536;        ///< per memory, in 64 KiB pages (4 GiB)
  uint64_t max_table_entries = 10'000'000;  ///< each table, and a store's tables together
  /// The live GC heap of a store (structs, arrays, exceptions, in real bytes): allocation
  /// collects first, and traps ResourceExhausted only if everything is still live.
  uint64_t max_gc_bytes = uint64_t{1} << 30;
};

/// Engine configuration.
struct Config {
  Features features;
  ResourceLimits limits;
  /// Compile every function entry and loop header with a check of the store's fuel and
  /// interrupt flag (Store::SetFuel, Store::interrupt_handle), so that the host can bound how
  /// long untrusted code runs. Off, code has no checks and runs a little faster, and only the
  /// limits above bound it. Bulk instructions also check the interrupt flag between 1 MiB
  /// chunks, so an interrupt can leave a fill or copy partly done.
  bool interruptible = false;
};

/// Configuration shared by the modules compiled and the stores created with it. Cheap to copy.
class Engine {
 public:
  /// An engine with the default configuration (2.0 features, default limits).
  Engine() = default;
  /// An engine with `config`.
  explicit Engine(Config config) : config_(std::move(config)) {}
  /// The configuration.
  const Config& config() const { return config_; }

 private:
  Config config_;
};

// ---------------------------------------------------------------------------------------------
// Module

/// A decoded, validated and compiled module. Immutable; copies share the compiled code, and
/// one Module may be instantiated any number of times in any number of stores.
class Module {
 public:
  /// Decodes, validates and compiles a binary module. Errors are Decode or Validate with the
  /// byte offset of the problem.
  static Result<Module> FromBinary(const Engine& engine, std::span<const uint8_t> bytes);
  /// Parses a module in the text format (WAT), then as FromBinary. Text errors carry the
  /// source line in `offset`.
  static Result<Module> FromWat(const Engine& engine, std::string_view text);
  /// Reads `path` and compiles it: the text format if it does not start with the binary
  /// magic "\0asm", else the binary format. I/O failures are ErrorKind::Io.
  static Result<Module> FromFile(const Engine& engine, const std::string& path);

  /// The module's imports, in order.
  std::vector<ImportType> imports() const;
  /// The module's exports, in order.
  std::vector<ExportType> exports() const;
  /// The module's name from its name section, or empty.
  std::string name() const;

 private:
  friend struct detail::Access;
  std::shared_ptr<const detail::ModuleImpl> impl_;
};

// ---------------------------------------------------------------------------------------------
// Store

/// Owns every runtime object created in it and frees them together. Movable, not copyable;
/// handles stay valid across a move of the Store object.
/// Interrupts the code running in one store, from any thread (see Store::interrupt_handle).
class InterruptHandle {
 public:
  InterruptHandle() = default;
  /// The store's running wasm traps with TrapKind::Interrupted at its next check (a function
  /// entry or loop iteration; code compiled with Config::interruptible), or its next call if
  /// none is running. The trap clears the request. Safe after the store is gone (no effect).
  void Interrupt() const;

 private:
  friend struct detail::Access;
  std::shared_ptr<std::atomic<bool>> flag_;
};

class Store {
 public:
  /// A store with `engine`'s resource limits.
  explicit Store(const Engine& engine);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Fuel for code compiled with Config::interruptible: each function entry and loop
  /// iteration takes about the number of instructions it covers, and execution traps with
  /// TrapKind::OutOfFuel when none is left. A bulk instruction (memory, table and array
  /// fill/copy/init/grow, array.new*) also costs 1 per 64 bytes it writes, rounded up (8 per
  /// table reference or array slot; 1024 per 64 KiB page grown), all taken before it writes
  /// anything: when less is left it traps with OutOfFuel and writes nothing. A function entry
  /// also pays 1 per 8 slots of locals it zeroes. Unlimited until set; calls from the host do
  /// not refill it.
  void SetFuel(uint64_t fuel);
  /// The fuel left (UINT64_MAX/2 or more means unlimited).
  uint64_t fuel() const;
  /// A handle that interrupts this store's running code from another thread.
  InterruptHandle interrupt_handle() const;

 private:
  friend struct detail::Access;
  std::unique_ptr<detail::StoreImpl> impl_;
};

// ---------------------------------------------------------------------------------------------
// Handles to runtime objects

/// A function of a store: a wasm function of some instance, or a host function.
class Func {
 public:
  /// A null handle; only valid() may be called on it.
  Func() = default;
  /// False for a null handle.
  bool valid() const { return func_ != nullptr; }
  /// The function's signature.
  FuncType type() const;
  /// Calls the function. Each argument is checked against its parameter's full type (see
  /// Value); a mismatch is a HostError trap naming the argument, and nothing runs. Returns the
  /// results in order, or the trap that stopped execution (with the wasm frames at that point).
  Result<std::vector<Value>, Trap> Call(std::span<const Value> args) const;
  /// Calls the function with a braced list of arguments.
  Result<std::vector<Value>, Trap> Call(std::initializer_list<Value> args) const {
    return Call(std::span<const Value>(args.begin(), args.size()));
  }
  /// The function's name from its module's name section, or empty.
  std::string name() const;
  /// Same function of the same store.
  friend bool operator==(const Func& a, const Func& b) { return a.func_ == b.func_; }

 private:
  friend struct detail::Access;
  detail::StoreImpl* store_ = nullptr;
  void* func_ = nullptr;
};

/// A linear memory. Its base address never moves, even when it grows, but data() is only
/// meaningful for size() bytes.
class Memory {
 public:
  /// A null handle; only valid() may be called on it.
  Memory() = default;
  /// A memory created by the host in `store`, zero-filled; Resource error past the store's
  /// page limit or when the address space cannot be reserved.
  static Result<Memory> New(Store& store, MemoryType type);
  /// False for a null handle.
  bool valid() const { return mem_ != nullptr; }
  /// The memory's type; limits.min is the current size in pages.
  MemoryType type() const;
  /// The memory's bytes (size() of them).
  uint8_t* data() const;
  /// Current size in bytes.
  uint64_t size() const;
  /// Current size in pages.
  uint64_t pages() const;
  /// Grows by `delta` pages (zero-filled); returns the old size in pages, or a Resource
  /// error when the declared maximum or the host limit would be passed.
  Result<uint64_t> Grow(uint64_t delta) const;

  /// Copies size(out) bytes at `offset` into `out`; OutOfBounds error if any is outside.
  Result<void> Read(uint64_t offset, std::span<uint8_t> out) const;
  /// Copies `in` to `offset`; OutOfBounds error (and nothing written) if any is outside.
  Result<void> Write(uint64_t offset, std::span<const uint8_t> in) const;
  /// Reads a trivially copyable T (little-endian, unaligned) at `offset`.
  template <class T>
  Result<T> Read(uint64_t offset) const {
    static_assert(std::is_trivially_copyable_v<T>);
    T v{};
    auto r = Read(offset, std::span<uint8_t>(reinterpret_cast<uint8_t*>(&v), sizeof(T)));
    if (!r) return Fail(std::move(r).error());
    return v;
  }
  /// Writes a trivially copyable T (little-endian, unaligned) at `offset`.
  template <class T>
  Result<void> Write(uint64_t offset, const T& v) const {
    static_assert(std::is_trivially_copyable_v<T>);
    return Write(offset, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(&v), sizeof(T)));
  }
  /// Reads `len` bytes at `offset` as a string (no encoding check).
  Result<std::string> ReadString(uint64_t offset, uint64_t len) const;

  /// Same memory.
  friend bool operator==(const Memory& a, const Memory& b) { return a.mem_ == b.mem_; }

 private:
  friend struct detail::Access;
  void* mem_ = nullptr;
};

/// A global variable.
class Global {
 public:
  /// A null handle; only valid() may be called on it.
  Global() = default;
  /// A global created by the host in `store`, holding `init` (checked against `type` as
  /// Global::Set checks). Usage error for a concrete type (no module to resolve it in).
  static Result<Global> New(Store& store, GlobalType type, const Value& init);
  /// False for a null handle.
  bool valid() const { return global_ != nullptr; }
  /// The global's type.
  GlobalType type() const;
  /// The current value.
  Value Get() const;
  /// Sets the value; a Usage error if the global is immutable or `v` is not of its type
  /// (checked as call arguments are).
  Result<void> Set(const Value& v) const;

 private:
  friend struct detail::Access;
  detail::StoreImpl* store_ = nullptr;
  void* global_ = nullptr;
};

/// A table of references.
class Table {
 public:
  /// A null handle; only valid() may be called on it.
  Table() = default;
  /// A table created by the host in `store`, of type.limits.min elements set to `init`
  /// (checked against type.element). Usage error for a concrete element type, Resource error
  /// past the store's table limit.
  static Result<Table> New(Store& store, TableType type, const Value& init);
  /// False for a null handle.
  bool valid() const { return table_ != nullptr; }
  /// The table's type; limits.min is the current size.
  TableType type() const;
  /// Current number of elements.
  uint64_t size() const;
  /// The element at `index`; OutOfBounds error past the end.
  Result<Value> Get(uint64_t index) const;
  /// Sets the element at `index`; OutOfBounds past the end, Usage for a wrong value type.
  Result<void> Set(uint64_t index, const Value& v) const;
  /// Grows by `delta` elements set to `init`; returns the old size, or a Resource error.
  Result<uint64_t> Grow(uint64_t delta, const Value& init) const;

 private:
  friend struct detail::Access;
  detail::StoreImpl* store_ = nullptr;
  void* table_ = nullptr;
};

/// An exception tag: the identity that try_table's catch clauses match, with the types of the
/// values an exception of it carries.
class Tag {
 public:
  /// A null handle; only valid() may be called on it.
  Tag() = default;
  /// A tag created by the host in `store` whose exceptions carry values of types `params`
  /// (numbers, vectors, abstract references). A new tag is distinct from every other, even of
  /// the same type. Usage error for a concrete type.
  static Result<Tag> New(Store& store, std::vector<ValType> params);
  /// False for a null handle.
  bool valid() const { return tag_ != nullptr; }
  /// The types of the values its exceptions carry (as a function type's params; no results).
  FuncType type() const;
  /// A new exception of this tag carrying `args` (checked against type()), as an exnref: a
  /// host function throws it with Trap::Throw. Resource error past the GC budget.
  Result<Value> NewException(std::span<const Value> args) const;
  /// Same tag.
  friend bool operator==(const Tag& a, const Tag& b) { return a.tag_ == b.tag_; }

 private:
  friend struct detail::Access;
  detail::StoreImpl* store_ = nullptr;
  void* tag_ = nullptr;
};

/// Anything an import can be satisfied with or an export can name.
using Extern = std::variant<Func, Table, Memory, Global, Tag>;

// ---------------------------------------------------------------------------------------------
// Instances and linking

/// An instantiated module, owned by its store.
class Instance {
 public:
  /// A null handle; only valid() may be called on it.
  Instance() = default;
  /// False for a null handle.
  bool valid() const { return inst_ != nullptr; }
  /// The export named `name`, or nullopt.
  std::optional<Extern> GetExport(std::string_view name) const;
  /// The exported function `name`, or nullopt (also when `name` is not a function).
  std::optional<Func> GetFunc(std::string_view name) const;
  /// The exported memory `name`, or nullopt.
  std::optional<Memory> GetMemory(std::string_view name) const;
  /// The exported global `name`, or nullopt.
  std::optional<Global> GetGlobal(std::string_view name) const;
  /// The exported table `name`, or nullopt.
  std::optional<Table> GetTable(std::string_view name) const;
  /// All exports by name (in no particular order).
  std::vector<std::pair<std::string, Extern>> exports() const;
  /// The memory host functions called from this instance see: its export "memory", else its
  /// memory 0, else nullopt.
  std::optional<Memory> memory() const;

 private:
  friend struct detail::Access;
  detail::StoreImpl* store_ = nullptr;
  void* inst_ = nullptr;
};

/// What a host function receives about its caller.
class Caller {
 public:
  /// The calling instance's memory (its export "memory", else memory 0), or nullopt when it
  /// has none or the function was called directly from the host.
  std::optional<Memory> memory() const;

 private:
  friend struct detail::Access;
  Caller() = default;
  void* memory_ = nullptr;
};

/// A host function: reads `args` (typed per its FuncType), writes every one of `results`
/// (pre-set to zero values of the result types; each must keep its type), and returns
/// success or a Trap that unwinds the guest (Trap::Host(msg), Trap::ExitWith(status)).
using HostFunction = std::function<Result<void, Trap>(Caller& caller, std::span<const Value> args,
                                                      std::span<Value> results)>;

/// What a WASI preview1 guest may see of the host: nothing beyond what is listed here.
struct WasiConfig {
  /// A host directory granted to the guest under a guest-visible name.
  struct Preopen {
    std::string host_path;   ///< opened once, when DefineWasi is called
    std::string guest_path;  ///< the name the guest sees (e.g. "." or "/data")
  };
  std::vector<std::string> args;  ///< the guest's argv, conventionally the program name first
  std::vector<std::string> env;   ///< "NAME=VALUE" entries, passed as they are
  std::vector<Preopen> preopens;  ///< granted directories, at guest fds 3, 4, ... in order
  int stdin_fd = 0;               ///< host descriptor behind guest fd 0 (borrowed, not closed)
  int stdout_fd = 1;              ///< host descriptor behind guest fd 1 (borrowed)
  int stderr_fd = 2;              ///< host descriptor behind guest fd 2 (borrowed)
};

/// Resolves imports by (module, name) and instantiates modules in one store. Definitions are
/// the store's objects, so a Linker must not outlive its Store. Redefining a name replaces
/// the earlier definition.
class Linker {
 public:
  /// A linker for `store`, which must outlive it.
  explicit Linker(Store& store);
  ~Linker();
  Linker(Linker&&) noexcept;
  Linker& operator=(Linker&&) noexcept;
  Linker(const Linker&) = delete;
  Linker& operator=(const Linker&) = delete;

  /// Creates a host function with signature `type` in the store and defines it as
  /// `module`.`name`. Returns the function, or a null handle when `type` names a concrete
  /// heap type (host functions take numbers, vectors and abstract references: a type index
  /// means nothing without its module). The callback's arguments have the declared types;
  /// its results are checked against them like call arguments, and a mismatch traps.
  Func DefineFunc(std::string module, std::string name, FuncType type, HostFunction fn);

  /// Defines a host function from a callable with a C++ signature R(Caller&, Args...), where
  /// each Arg is int32_t, int64_t, float or double and R is void, one of those, or
  /// Result<one of those (or void), Trap>.
  template <class F>
  Func DefineTyped(std::string module, std::string name, F fn);

  /// Defines `module`.`name` as `ext`, which must belong to this linker's store (Usage error
  /// otherwise, or for a null handle).
  Result<void> Define(std::string module, std::string name, const Extern& ext);

  /// Defines the WASI preview1 functions ("wasi_snapshot_preview1".*) for guests of this
  /// linker's store, with the capabilities in `config`; the WASI state lives as long as the
  /// store. Io error if a preopened directory cannot be opened. A guest's proc_exit(n) ends
  /// the call with a Trap for which is_exit() holds and exit_code == n.
  Result<void> DefineWasi(const WasiConfig& config);

  /// wasi-threads, for guests of `module` (call after DefineWasi, whose WASI state the threads
  /// share): defines "wasi"."thread-spawn" and creates, in this store, each shared memory the
  /// module imports. Each spawned thread is a new instance of `module` in a store of its own on
  /// a std::thread of its own, importing the same memory and running its export
  /// wasi_thread_start(tid, arg); at most `max_threads` run at once (thread-spawn returns a
  /// negative code past that). proc_exit in a spawned thread ends the process with its status;
  /// a trap in one prints "wasmrun: trap: ..." on stderr and ends the process with status 134.
  /// Threads are not stopped when the main instance's code returns: keep the process (and
  /// the Module) until they are done; they keep the WASI state and the memory alive.
  /// What may be shared between threads: Engine, Module (compiled code, lazily lowered
  /// functions), and shared memories. What may not: a Store and everything in it (Linker,
  /// Instance, handles), which one thread uses at a time.
  Result<void> DefineWasiThreads(const Module& module, uint32_t max_threads = 64);

  /// Defines every export of `instance` under `module_name` (the spec harness's `register`).
  Result<void> DefineInstance(const std::string& module_name, const Instance& instance);

  /// The definition of `module`.`name`, or nullopt.
  std::optional<Extern> Get(std::string_view module, std::string_view name) const;

  /// Instantiates `module`: resolves its imports against the definitions (Link errors:
  /// "unknown import", "incompatible import type"), initialises its tables and memories and
  /// runs its start function (Trap errors, with `error().trap` set; the store keeps what was
  /// written to imported tables and memories before the trap, as the spec requires).
  Result<Instance> Instantiate(const Module& module) const;

 private:
  friend struct detail::Access;
  std::unique_ptr<detail::LinkerImpl> impl_;
};

// ---------------------------------------------------------------------------------------------
// Implementation of the typed helpers (header-only because they are templates).

namespace detail {

template <class T>
struct TypedArg;
template <>
struct TypedArg<int32_t> {
  static constexpr ValType kType = ValType::I32;
  static int32_t Get(const Value& v) { return v.i32(); }
  static Value Make(int32_t x) { return Value::FromI32(x); }
};
template <>
struct TypedArg<int64_t> {
  static constexpr ValType kType = ValType::I64;
  static int64_t Get(const Value& v) { return v.i64(); }
  static Value Make(int64_t x) { return Value::FromI64(x); }
};
template <>
struct TypedArg<float> {
  static constexpr ValType kType = ValType::F32;
  static float Get(const Value& v) { return v.f32(); }
  static Value Make(float x) { return Value::FromF32(x); }
};
template <>
struct TypedArg<double> {
  static constexpr ValType kType = ValType::F64;
  static double Get(const Value& v) { return v.f64(); }
  static Value Make(double x) { return Value::FromF64(x); }
};

// Splits a host callable's return type R into its value type (void or a TypedArg type) and
// whether it is wrapped in a Result<., Trap>.
template <class R>
struct TypedRet {
  using Inner = R;
  static constexpr bool kIsResult = false;
};
template <class R>
struct TypedRet<Result<R, Trap>> {
  using Inner = R;
  static constexpr bool kIsResult = true;
};

template <class Sig>
struct CallableSig;
template <class C, class R, class... Args>
struct CallableSig<R (C::*)(Caller&, Args...) const> {
  using Ret = R;
  using ArgTuple = std::tuple<Args...>;
};
template <class C, class R, class... Args>
struct CallableSig<R (C::*)(Caller&, Args...)> : CallableSig<R (C::*)(Caller&, Args...) const> {};
template <class R, class... Args>
struct CallableSig<R (*)(Caller&, Args...)> {
  using Ret = R;
  using ArgTuple = std::tuple<Args...>;
};

template <class F, class = void>
struct CallableOf {
  using Sig = CallableSig<decltype(&F::operator())>;
};
template <class F>
struct CallableOf<F, std::enable_if_t<std::is_pointer_v<F>>> {
  using Sig = CallableSig<F>;
};

template <class R, class Tuple>
struct TypedThunk;
template <class R, class... Args>
struct TypedThunk<R, std::tuple<Args...>> {
  using Ret = TypedRet<R>;
  using Inner = typename Ret::Inner;

  static FuncType Type() {
    FuncType t{{TypedArg<std::decay_t<Args>>::kType...}, {}};
    if constexpr (!std::is_void_v<Inner>) t.results.push_back(TypedArg<Inner>::kType);
    return t;
  }

  template <class F, size_t... I>
  static Result<void, Trap> Call(F& fn, Caller& caller, std::span<const Value> args,
                                 std::span<Value> results, std::index_sequence<I...>) {
    if constexpr (Ret::kIsResult) {
      auto r = fn(caller, TypedArg<std::decay_t<Args>>::Get(args[I])...);
      if (!r) return Fail(std::move(r).error());
      if constexpr (!std::is_void_v<Inner>) results[0] = TypedArg<Inner>::Make(*r);
    } else if constexpr (std::is_void_v<Inner>) {
      fn(caller, TypedArg<std::decay_t<Args>>::Get(args[I])...);
    } else {
      results[0] = TypedArg<Inner>::Make(fn(caller, TypedArg<std::decay_t<Args>>::Get(args[I])...));
    }
    return {};
  }
};

}  // namespace detail

template <class F>
Func Linker::DefineTyped(std::string module, std::string name, F fn) {
  using Sig = typename detail::CallableOf<std::decay_t<F>>::Sig;
  using Thunk = detail::TypedThunk<typename Sig::Ret, typename Sig::ArgTuple>;
  constexpr size_t kArgs = std::tuple_size_v<typename Sig::ArgTuple>;
  return DefineFunc(std::move(module), std::move(name), Thunk::Type(),
                    [fn = std::move(fn)](Caller& caller, std::span<const Value> args,
                                         std::span<Value> results) mutable {
                      return Thunk::Call(fn, caller, args, results,
                                         std::make_index_sequence<kArgs>{});
                    });
}

}  // namespace wasmrun
