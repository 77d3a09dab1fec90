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

#include <array>
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
struct InstancePreImpl;
struct ResumableImpl;
struct Access;
}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Engine

/// WebAssembly 3.0 features beyond 2.0, and the custom-page-sizes, wide-arithmetic, threads and
/// legacy exception-handling proposals, all on by default.
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
  bool wide_arithmetic = true;    ///< i64.add128, i64.sub128, i64.mul_wide_s/u (beyond 3.0)
  /// try, catch, catch_all, delegate, rethrow: the legacy exception handling that C++
  /// compilers still emit with -fwasm-exceptions (beyond 3.0, which has try_table)
  bool legacy_exceptions = true;
  bool threads = true;  ///< shared memories, atomics, wait/notify (threads proposal)
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

/// How much address space each linear memory reserves.
enum class MemoryReservation : uint8_t {
  /// Its whole possible size (declared maximum, capped by max_memory_pages; 4 GiB for most
  /// 32-bit memories), once: it never moves, but a process holds ~30,000 such memories.
  Maximum,
  /// Only its current size; growing past it moves the memory to a larger reservation (at
  /// least double). For hosts with many small plugins (100,000 live 1-page instances fit).
  /// Memory::data() may change after anything that grows the memory. Never for shared
  /// memories.
  Small,
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
  /// The address space each linear memory of the engine's stores reserves.
  MemoryReservation memory_reservation = MemoryReservation::Maximum;
  /// Fill TrapFrame::file, line and column from the module's DWARF line table when it has
  /// one. The table is decoded at the first trap that needs it (never at load) and kept
  /// with the module.
  bool debug_info = true;
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
  /// Compiles `bytes` in the format they hold: binary when they begin with the magic
  /// "\0asm"; text when their first token, after white space and comments, is "(". Anything
  /// else is a Decode error "not a WebAssembly module (binary or text)" (no bytes at all:
  /// "empty module"), so that an executable or a stray text file is not read as either.
  static Result<Module> FromBytes(const Engine& engine, std::span<const uint8_t> bytes);
  /// As above, taking the buffer over: a binary module keeps it instead of a copy (a large
  /// module is then never copied whole).
  static Result<Module> FromBytes(const Engine& engine, std::vector<uint8_t>&& bytes);
  /// Reads `path` (in one read for a regular file) and compiles it as FromBytes. I/O failures
  /// are ErrorKind::Io.
  static Result<Module> FromFile(const Engine& engine, const std::string& path);

  /// The module's imports, in order.
  std::vector<ImportType> imports() const;
  /// The module's exports, in order.
  std::vector<ExportType> exports() const;
  /// The module's name from its name section, or empty.
  std::string name() const;
  /// The payloads of its custom sections named `name`, in module order (a plugin's ABI
  /// version, say). The spans stay valid as long as any copy of this Module.
  std::vector<std::span<const uint8_t>> custom_sections(std::string_view name) const;

 private:
  friend struct detail::Access;
  std::shared_ptr<const detail::ModuleImpl> impl_;
};

// ---------------------------------------------------------------------------------------------
// Store

/// A store's say over its plugin's resources (Store::SetLimiter), beyond the engine-wide
/// ResourceLimits: asked before each memory or table of the store grows, and before each
/// instantiation. Every answer may deny. The default methods allow everything.
class ResourceLimiter {
 public:
  virtual ~ResourceLimiter() = default;
  /// A memory of the store grows from `current` to `desired` bytes; `maximum` is its own limit
  /// in bytes. At instantiation each memory the module defines is asked with current = 0.
  /// False denies: memory.grow gives -1, Memory::Grow fails, instantiation fails (Resource).
  virtual bool MemoryGrowing(uint64_t current, uint64_t desired, uint64_t maximum) {
    (void)current, (void)desired, (void)maximum;
    return true;
  }
  /// A table of the store grows from `current` to `desired` elements (current = 0 at
  /// instantiation); false denies as for memories (table.grow gives -1).
  virtual bool TableGrowing(uint64_t current, uint64_t desired, uint64_t maximum) {
    (void)current, (void)desired, (void)maximum;
    return true;
  }
  /// An instantiation would make the store hold `count` instances; false denies it (Resource).
  virtual bool InstanceCreating(uint64_t count) {
    (void)count;
    return true;
  }
};

/// A ResourceLimiter with fixed caps per store (wasmtime's StoreLimits).
struct StoreLimits final : ResourceLimiter {
  uint64_t memory_bytes = UINT64_MAX;    ///< each memory's size
  uint64_t table_elements = UINT64_MAX;  ///< each table's size
  uint64_t instances = UINT64_MAX;       ///< instances made by the store's linkers
  bool MemoryGrowing(uint64_t, uint64_t desired, uint64_t) override {
    return desired <= memory_bytes;
  }
  bool TableGrowing(uint64_t, uint64_t desired, uint64_t) override {
    return desired <= table_elements;
  }
  bool InstanceCreating(uint64_t count) override { return count <= instances; }
};

/// Owns every runtime object created in it and frees them together. Movable, not copyable;
/// handles stay valid across a move of the Store object.
/// Interrupts the code running in one store, from any thread (see Store::interrupt_handle).
class InterruptHandle {
 public:
  InterruptHandle() = default;
  /// The store's running wasm traps with TrapKind::Interrupted at its next check (a function
  /// entry or loop iteration; code compiled with Config::interruptible), or its next call if
  /// none is running. The trap clears the request. Safe after the store is gone (no effect).
  /// Returns false, and requests nothing, when the store's engine is not interruptible: its
  /// code has no checks, so a running loop could not be stopped.
  bool Interrupt() const;

 private:
  friend struct detail::Access;
  std::shared_ptr<std::atomic<bool>> flag_;
  bool interruptible_ = false;
};

class Instance;

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
  /// not refill it. A Usage error when the engine is not interruptible (its code could not
  /// run out of fuel).
  Result<void> SetFuel(uint64_t fuel);
  /// The fuel left (UINT64_MAX/2 or more means unlimited).
  uint64_t fuel() const;
  /// Installs `limiter` (not owned; null removes it), which must outlive the store or be
  /// removed first. It applies at once to every growth of the store's memories and tables
  /// (not to shared memories) and to every later instantiation.
  void SetLimiter(ResourceLimiter* limiter);
  /// The number of live instances in this store: made by its linkers (also those whose start
  /// function trapped) and not dropped. The limiter's InstanceCreating counts the same way.
  uint64_t instance_count() const;
  /// Drops `instance` before the store, for a host that replaces plugins in a long-lived store.
  /// Freed at once: its linear memories (unless shared) and table entries, its segments, its
  /// exports, the GC references its globals hold; later, through the other handles: its
  /// functions trap (TrapKind::HostError, "instance dropped") when called from the host or from
  /// wasm, its memories and tables are empty and cannot grow, a linker definition naming one of
  /// its exports fails to link. Small records (the instance's and its functions', globals', tables'
  /// and memories': about 1 KB for a plugin of two functions) and the module's code stay until
  /// the store goes. A Usage error, changing nothing,
  /// for a null handle or one of another store, an instance already dropped, while a call into
  /// the store is running or suspended, or while a live instance imports something it defines.
  Result<void> DropInstance(const Instance& instance);
  /// Per-store user data for host functions (Caller::data()); the store does not own it.
  void SetData(void* data);
  /// The pointer given to SetData, or null.
  void* data() const;
  /// A handle that interrupts this store's running code from another thread.
  InterruptHandle interrupt_handle() const;

 private:
  friend struct detail::Access;
  std::unique_ptr<detail::StoreImpl> impl_;
};

// ---------------------------------------------------------------------------------------------
// Handles to runtime objects

template <class Sig>
class TypedFunc;
class ResumableCall;

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
  /// Calls the function with caller-provided arrays: the arguments are checked as above,
  /// `results` must have exactly one element per result (a HostError trap otherwise, before
  /// anything runs) and receives them. Allocates nothing when every value is a number or a
  /// vector and the arguments and results take at most 16 slots each.
  Result<void, Trap> Call(std::span<const Value> args, std::span<Value> results) const;
  /// UNCHECKED, for language bindings that check a signature once and then call often:
  /// arguments and results in the slot encoding (one uint64_t per number, i32 and f32 in the
  /// low 32 bits with the high bits zero, two per v128, low half first; references as the raw
  /// bits a previous unchecked call or RawSlots() produced in this store). Only the slot counts
  /// are checked (a HostError trap); the values are not: a reference slot that does not hold a
  /// reference of this store of the parameter's type is undefined behaviour. Reference results
  /// are not pinned: they stay valid while the store runs no wasm and no collection.
  Result<void, Trap> CallUnchecked(std::span<const uint64_t> args,
                                   std::span<uint64_t> results) const;
  /// The number of slots the function's parameters and results take in CallUnchecked.
  std::pair<size_t, size_t> slot_counts() const;
  /// The number of its parameters and of its results.
  std::pair<size_t, size_t> arity() const;
  /// A typed view of this function, e.g. Typed<int32_t(int32_t, int32_t)>(); its signature is
  /// checked here, once (a Usage error naming both types on a mismatch), so that its calls
  /// need no checks of number types and allocate nothing. See TypedFunc.
  template <class Sig>
  Result<TypedFunc<Sig>> Typed() const;
  /// Calls the function (arguments checked as Call checks them) so that a host function it
  /// calls directly may suspend it (Caller::Suspend): the result is then a ResumableCall
  /// waiting for that host function's results, to be resumed later, on this thread or another.
  /// Otherwise the ResumableCall holds the results (ResumableCall::results). While one call of
  /// a store is suspended, every other call into the store's wasm traps (HostError "the store
  /// has a suspended call"); the host may still read and write its memories, globals and
  /// tables. Only a call made from the host (not from inside a host function) can suspend.
  Result<ResumableCall, Trap> CallResumable(std::span<const Value> args) const;
  /// CallResumable with a braced list of arguments.
  Result<ResumableCall, Trap> CallResumable(std::initializer_list<Value> args) const;
  /// The function's name from its module's name section, or empty.
  std::string name() const;
  /// Same function of the same store.
  friend bool operator==(const Func& a, const Func& b) { return a.func_ == b.func_; }

 private:
  friend struct detail::Access;
  detail::StoreImpl* store_ = nullptr;
  void* func_ = nullptr;
};

/// A linear memory. Its base address never moves, even when it grows (unless its engine uses
/// MemoryReservation::Small: then read data() again after anything that may grow it), and
/// data() is only meaningful for size() bytes.
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
  /// The exported function `name` as a TypedFunc<Sig> (see Func::Typed): a Usage error when
  /// there is no such function or its signature is not Sig.
  template <class Sig>
  Result<TypedFunc<Sig>> GetTypedFunc(std::string_view name) const;
  /// All exports by name (in no particular order).
  std::vector<std::pair<std::string, Extern>> exports() const;
  /// The memory host functions called from this instance see: its export "memory", else its
  /// memory 0, else nullopt.
  std::optional<Memory> memory() const;
  /// True once Store::DropInstance dropped it: it has no exports and no memory then.
  bool dropped() const;

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
  /// The calling instance, or a null handle when the function was called from the host.
  Instance instance() const;
  /// The calling instance's export `name` (a plugin's "malloc"), or nullopt (also when the
  /// function was called from the host). The functions it gives may be called from here.
  std::optional<Extern> GetExport(std::string_view name) const;
  /// The calling instance's exported function `name`, or nullopt.
  std::optional<Func> GetFunc(std::string_view name) const;
  /// The calling instance's exported memory `name`, or nullopt.
  std::optional<Memory> GetMemory(std::string_view name) const;
  /// The calling instance's exported global `name`, or nullopt.
  std::optional<Global> GetGlobal(std::string_view name) const;
  /// The store's user data (Store::SetData), or null.
  void* data() const;
  /// The store's fuel left (see Store::fuel).
  uint64_t fuel() const;
  /// Sets the store's fuel, as Store::SetFuel (the running guest goes on with it).
  Result<void> SetFuel(uint64_t fuel) const;
  /// Suspends the calling guest when this host function returns successfully (its results
  /// are then ignored: ResumableCall::Resume supplies them). A Usage error, and nothing
  /// changes, unless the guest was started with Func::CallResumable and this host function
  /// was called by that call's own wasm activation (not from a nested host -> wasm call).
  Result<void> Suspend() const;

 private:
  friend struct detail::Access;
  Caller() = default;
  void* memory_ = nullptr;
  detail::StoreImpl* store_ = nullptr;
  void* instance_ = nullptr;
};

/// A call started with Func::CallResumable: finished (results()) or suspended by a host
/// function (suspended()), waiting for Resume with that function's results. Move-only.
/// Destroying it while suspended drops the call: its wasm frames are discarded (nothing more
/// runs) and the store can be called again. Fuel left and interrupt requests carry over to
/// the resumed execution. Safe to destroy after its store (then it does nothing).
class ResumableCall {
 public:
  ResumableCall();
  ~ResumableCall();
  ResumableCall(ResumableCall&&) noexcept;
  ResumableCall& operator=(ResumableCall&&) noexcept;
  ResumableCall(const ResumableCall&) = delete;
  ResumableCall& operator=(const ResumableCall&) = delete;

  /// True while the call waits for Resume.
  bool suspended() const;
  /// The host function that suspended the call (a null handle when it is not suspended).
  Func host_function() const;
  /// The call's results once it finished; empty before.
  const std::vector<Value>& results() const;
  /// Goes on with the suspended call: `host_results` are the suspending host function's
  /// results (checked as a host function's results are). Returns when the call finishes,
  /// suspends again (suspended() stays true, host_function() may change) or traps (the trap;
  /// the call is then over). A HostError trap, and nothing runs, when the call is not
  /// suspended, its store is gone or a result does not match.
  Result<void, Trap> Resume(std::span<const Value> host_results);
  /// Resume with a braced list of results.
  Result<void, Trap> Resume(std::initializer_list<Value> host_results) {
    return Resume(std::span<const Value>(host_results.begin(), host_results.size()));
  }
  /// Drops a suspended call now (as the destructor does); no effect otherwise.
  void Drop();

 private:
  friend struct detail::Access;
  std::unique_ptr<detail::ResumableImpl> impl_;
};

inline Result<ResumableCall, Trap> Func::CallResumable(std::initializer_list<Value> args) const {
  return CallResumable(std::span<const Value>(args.begin(), args.size()));
}

/// A host function: reads `args` (typed per its FuncType), writes every one of `results`
/// (pre-set to zero values of the result types; each must keep its type), and returns
/// success or a Trap that unwinds the guest (Trap::Host(msg), Trap::ExitWith(status)).
using HostFunction = std::function<Result<void, Trap>(Caller& caller, std::span<const Value> args,
                                                      std::span<Value> results)>;

/// A host function on raw slots (the encoding of Func::CallUnchecked): reads `args`, writes
/// every one of `results` (pre-set to zero). UNCHECKED: what it writes enters wasm as it is,
/// so a result slot of a reference type must hold a reference of this store of that type.
using UncheckedHostFunction = std::function<Result<void, Trap>(
    Caller& caller, std::span<const uint64_t> args, std::span<uint64_t> results)>;

/// A module whose imports were resolved against a linker once (Linker::InstantiatePre), ready
/// to be instantiated any number of times in that linker's store without looking anything up
/// again. It refers to the definitions, not the linker: it stays usable after the linker is
/// gone, while the store lives.
class InstancePre {
 public:
  /// A null handle.
  InstancePre() = default;
  /// A new instance, as Linker::Instantiate gives (its start function runs; Trap errors).
  Result<Instance> Instantiate() const;

 private:
  friend class Linker;
  std::shared_ptr<const detail::InstancePreImpl> impl_;
};

/// Where a guest's stdout or stderr goes when it stays in memory: a buffer the host reads
/// after (or during) the run, bounded so that a guest cannot grow host memory without limit.
/// A handle: copies share one buffer; thread-safe.
///
/// At the limit: a guest write that does not fit whole stores the bytes that fit and reports
/// that shorter count (a short write, as POSIX write(2) does near a size limit); a write when
/// nothing fits fails with EFBIG. truncated() then says that bytes were refused.
class WasiOutputBuffer {
 public:
  static constexpr size_t kDefaultLimit = size_t{1} << 20;  ///< 1 MiB
  /// An empty buffer holding at most `limit` bytes.
  explicit WasiOutputBuffer(size_t limit = kDefaultLimit);

  size_t limit() const;
  /// A copy of the bytes written so far.
  std::vector<uint8_t> contents() const;
  /// The same, as text.
  std::string str() const;
  size_t size() const;
  /// Whether a guest write was cut short or refused at the limit.
  bool truncated() const;
  /// Empties the buffer (and clears truncated()), making room again.
  void Clear();
  /// Appends what fits below the limit of `data`; returns how many bytes were taken.
  size_t Append(std::span<const uint8_t> data);

 private:
  struct State;
  std::shared_ptr<State> state_;
};

/// Called with the bytes of each guest write to stdout/stderr (the guest is told they were all
/// written). It runs on the guest's thread with the WASI state locked: it must not call into
/// this store's WASI guest again.
using WasiWriteCallback = std::function<void(std::span<const uint8_t> data)>;

/// What a WASI preview1 guest may see of the host: nothing beyond what is listed here.
struct WasiConfig {
  /// A host directory granted to the guest under a guest-visible name.
  struct Preopen {
    std::string host_path;   ///< opened once, when DefineWasi is called
    std::string guest_path;  ///< the name the guest sees (e.g. "." or "/data")
    /// Nothing beneath it can be changed: its rights exclude every modifying right, and every
    /// write, create, rename, link, symlink, unlink, truncate or set-times beneath it fails
    /// with EPERM (docs/WASI.md).
    bool read_only = false;
  };
  std::vector<std::string> args;  ///< the guest's argv, conventionally the program name first
  std::vector<std::string> env;   ///< "NAME=VALUE" entries, passed as they are
  std::vector<Preopen> preopens;  ///< granted directories, at guest fds 3, 4, ... in order
  int stdin_fd = 0;               ///< host descriptor behind guest fd 0 (borrowed, not closed)
  int stdout_fd = 1;              ///< host descriptor behind guest fd 1 (borrowed)
  int stderr_fd = 2;              ///< host descriptor behind guest fd 2 (borrowed)
  /// In-memory stdio, each replacing its *_fd when set. stdin_bytes: guest fd 0 reads these
  /// bytes, then end of file. A callback wins over a buffer for the same stream.
  std::optional<std::vector<uint8_t>> stdin_bytes;
  std::optional<WasiOutputBuffer> stdout_buffer;
  std::optional<WasiOutputBuffer> stderr_buffer;
  WasiWriteCallback stdout_callback;
  WasiWriteCallback stderr_callback;
  /// Also define "wasi_unstable".* (WASI preview 0, from older toolchains) on the same state,
  /// with its ABI differences translated (docs/WASI.md).
  bool preview0 = false;
};

/// Resolves imports by (module, name) and instantiates modules in one store. Definitions are
/// the store's objects, so a Linker must not outlive its Store. Defining a (module, name) that
/// is already defined is an error (Usage: "already defined"; a null Func from DefineFunc and
/// DefineTyped) unless AllowShadowing(true) was called, which makes it replace the earlier
/// definition.
class Linker {
 public:
  /// A linker for `store`, which must outlive it.
  explicit Linker(Store& store);
  ~Linker();
  Linker(Linker&&) noexcept;
  Linker& operator=(Linker&&) noexcept;
  Linker(const Linker&) = delete;
  Linker& operator=(const Linker&) = delete;

  /// Whether defining a (module, name) that is already defined replaces it (true) or is an
  /// error (false, the default).
  void AllowShadowing(bool allow);

  /// Creates a host function with signature `type` in the store and defines it as
  /// `module`.`name`. Returns the function, or a null handle when `type` names a concrete
  /// heap type (host functions take numbers, vectors and abstract references: a type index
  /// means nothing without its module) or the name is already defined (see AllowShadowing).
  /// The callback's arguments have the declared types; its results are checked against them
  /// like call arguments, and a mismatch traps.
  Func DefineFunc(std::string module, std::string name, FuncType type, HostFunction fn);

  /// As DefineFunc, on raw slots (see UncheckedHostFunction); Usage error for a concrete type
  /// or a name already defined.
  Result<Func> DefineUnchecked(std::string module, std::string name, FuncType type,
                               UncheckedHostFunction fn);

  /// Defines a host function from a callable with a C++ signature R(Caller&, Args...): each
  /// Arg is a typed-call type (int32_t, uint32_t, int64_t, uint64_t, float, double, Vec128, or
  /// TypedRef<H> for the nullable reference types (ref null H), e.g. FuncRef, ExternRef), and
  /// R is void, one of those, a std::tuple of them (several results), or Result<any of
  /// those, Trap>. Functions of numbers and vectors only run on raw slots (no allocation per
  /// call); references go through the checked path of DefineFunc. A null handle as
  /// DefineFunc.
  template <class F>
  Func DefineTyped(std::string module, std::string name, F fn);

  /// Defines `module`.`name` as `ext`, which must belong to this linker's store (Usage error
  /// otherwise, or for a null handle).
  Result<void> Define(std::string module, std::string name, const Extern& ext);

  /// Defines the WASI preview1 functions ("wasi_snapshot_preview1".*, and "wasi_unstable".*
  /// with WasiConfig::preview0) for guests of this
  /// linker's store, with the capabilities in `config`; the WASI state lives as long as the
  /// store. Io error if a preopened directory cannot be opened. A guest's proc_exit(n) ends
  /// the call with a Trap for which is_exit() holds and exit_code == n.
  Result<void> DefineWasi(const WasiConfig& config);
  /// As DefineWasi, but defines only the preview1 functions `importer` imports: a program
  /// run once (a command line) pays for the handful it uses, not all of them.
  Result<void> DefineWasi(const WasiConfig& config, const Module& importer);

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
  /// `on_exit`, when set, is called instead of that printing by the thread that ends the
  /// process, with its trap (is_exit() for proc_exit); the process ends when it returns. A
  /// command line prints the trap there as it prints the main thread's.
  Result<void> DefineWasiThreads(const Module& module, uint32_t max_threads = 64,
                                 std::function<void(const Trap&)> on_exit = {});

  /// Defines every export of `instance` under `module_name` (the spec harness's `register`).
  Result<void> DefineInstance(const std::string& module_name, const Instance& instance);

  /// The definition of `module`.`name`, or nullopt.
  std::optional<Extern> Get(std::string_view module, std::string_view name) const;

  /// Instantiates `module`: resolves its imports against the definitions (Link errors:
  /// "unknown import", "incompatible import type"), initialises its tables and memories and
  /// runs its start function (Trap errors, with `error().trap` set; the store keeps what was
  /// written to imported tables and memories before the trap, as the spec requires).
  Result<Instance> Instantiate(const Module& module) const;

  /// Resolves and checks `module`'s imports now (Link errors as Instantiate), for
  /// instantiating it many times (InstancePre::Instantiate).
  Result<InstancePre> InstantiatePre(const Module& module) const;

 private:
  friend struct detail::Access;
  std::unique_ptr<detail::LinkerImpl> impl_;
};

// ---------------------------------------------------------------------------------------------
// Support for the standard C API (include/wasm.h, src/wasmh), which names imports by position
// and compares objects by identity.

/// Instantiates `module` in `store` with `imports`, one per module import in import order
/// (not by name, as Linker does). Link errors as Linker::Instantiate; a Usage error for a null
/// handle or one of another store.
Result<Instance> InstantiateWithImports(Store& store, const Module& module,
                                        std::span<const Extern> imports);
/// An address identifying the runtime object a handle refers to: two handles to the same
/// object give the same address, handles to different live objects different ones. Null for
/// a null handle.
const void* IdentityOf(const Func& f);
const void* IdentityOf(const Global& g);
const void* IdentityOf(const Table& t);
const void* IdentityOf(const Memory& m);
const void* IdentityOf(const Instance& i);

// ---------------------------------------------------------------------------------------------
// Support for command-line tools: what the `wasmrun` command does beyond the calls above
// (it is a client of this header only), for embedders that want to do the same.

/// The binary encoding of a module in the text format (Text errors carry the source line).
Result<std::vector<uint8_t>> WatToBinary(std::string_view text);

/// Whether `module` uses wasi-threads: imports "wasi"."thread-spawn" or a shared memory (then
/// Linker::DefineWasiThreads is what it needs).
bool UsesWasiThreads(const Module& module);

/// A value of `type` read from command-line text, or nullopt when the text is not one:
///   i32, i64   decimal or 0x hex, optionally signed, `_` between digits; wraps modulo 2^N
///              (-1 and 0xffffffff are the same i32)
///   f32, f64   any text-format spelling: 1.5, -0x1p-3, inf, -inf, nan, nan:0x123
///   v128       four i32 lanes (as i32 above), separated by spaces or commas, lane 0 first
///   references only null (`null` or `ref.null`), and only for a nullable type
std::optional<Value> ParseValue(const ValType& type, std::string_view text);

/// The interpreter's internal code (the lowered form it runs) of `module`'s defined functions,
/// as text, for performance work and debugging. `func` selects one: a function index or the
/// name of a function export; empty selects all. A Usage error when it names none, or an
/// imported one. The format is not stable.
Result<std::string> DisassembleInternalCode(const Module& module, std::string_view func);

/// One line of the store's garbage-collector statistics (collections, pauses, bytes), for
/// benchmarks.
std::string GcStatsLine(Store& store);

/// Ends the process with `status` now, without unwinding (std::_Exit) after flushing stdio:
/// how a program using wasi-threads ends when its _start returns, while other threads may
/// still run. If a wasi-threads thread is already ending the process, waits for it (its status
/// wins).
[[noreturn]] void ExitProcess(int status);

}  // namespace wasmrun

// The typed-call templates (TypedFunc, Func::Typed, Linker::DefineTyped).
#include "wasmrun/typed_call.hpp"  // IWYU pragma: export
