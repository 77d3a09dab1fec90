// Internals of the public API (include/wasmrun/wasmrun.hpp): the pimpl structs behind the
// handles and the conversions between public and engine types. Not installed.
//
// Handle encoding: a public handle holds the engine object's address (FuncInstance*,
// MemoryInstance*, GlobalInstance*, TableInstance*, Instance*) as a void*, plus the owning
// StoreImpl for handles whose operations need the store (calls, reference conversion).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compile/compiled_module.h"
#include "interp/linker.h"
#include "runtime/store.h"
#include "runtime/trap.h"
#include "wasi/ctx.h"
#include "wasmrun/wasmrun.hpp"

namespace wasmrun::detail {

// What outlives a store for the pins of the Values that refer into it: a Value may be
// destroyed after its store, and then has nothing to unpin.
struct RootAnchor {
  wr::Store* store = nullptr;  // null once the store is gone
};

struct HostRoot {
  std::shared_ptr<RootAnchor> anchor;
  uint32_t id = 0;     // wr::GcHeap pin
  uint32_t count = 1;  // copies of the Value sharing the pin (one store, one thread at a time)
};

// The store's ResourceLimiter as the engine's GrowthLimiter (installed for the store's life;
// with no limiter it allows everything).
struct LimiterBridge final : wr::GrowthLimiter {
  ResourceLimiter* user = nullptr;
  bool MemoryGrowing(uint64_t current, uint64_t desired, uint64_t maximum) override {
    return user == nullptr || user->MemoryGrowing(current, desired, maximum);
  }
  bool TableGrowing(uint64_t current, uint64_t desired, uint64_t maximum) override {
    return user == nullptr || user->TableGrowing(current, desired, maximum);
  }
};

// The references a store has handed to bindings as plain words (Value::raw_ref, raw_refs.cc):
// each entry holds the Value (and so its pin) until released. A handle is the entry's index
// and generation; a released entry's generation moves on, so a stale handle finds nothing.
struct RawRefTable {
  struct Entry {
    std::optional<Value> value;
    uint32_t generation = 0;
  };
  std::vector<Entry> entries;
  std::vector<uint32_t> free;     // indices of released entries
  uint32_t first_generation = 0;  // differs between stores, so a handle rarely fits another
};

struct StoreImpl {
  explicit StoreImpl(const Config& c);
  ~StoreImpl();
  StoreImpl(const StoreImpl&) = delete;
  StoreImpl& operator=(const StoreImpl&) = delete;
  Config config;
  // Declared before `store` so that it is destroyed after it: WASI host functions in the
  // store point at these contexts.
  std::vector<std::shared_ptr<wr::wasi::WasiCtx>> wasi;  // shared: with wasi-threads' threads
  wr::Store store;
  std::shared_ptr<RootAnchor> roots = std::make_shared<RootAnchor>();
  void* user_data = nullptr;           // Store::SetData
  LimiterBridge limiter;               // asked by the store's memories and tables (nothing grows in
                                       // ~Store, so it may go first)
  uint64_t instances = 0;              // made by linkers (Store::instance_count)
  ResumableImpl* suspended = nullptr;  // the store's suspended call (resumable.cc), if any
  RawRefTable raw_refs;
};

// The slots values of `types` take on the interpreter's stack.
inline size_t SlotCount(const std::vector<wr::ValType>& types) {
  size_t n = 0;
  for (const wr::ValType& t : types) n += t.slots();
  return n;
}

// The module whose type indices `f`'s type refers to (null for a host function).
inline const wr::Module* ModuleOf(const wr::FuncInstance* f) {
  return f->instance != nullptr ? f->instance->module : nullptr;
}

// Whether `store` is a live StoreImpl (raw_refs.cc): a plain struct from a binding may carry
// the address of a store that is gone.
bool IsLiveStore(const void* store);
void RegisterStore(StoreImpl* s);    // from StoreImpl's constructor
void UnregisterStore(StoreImpl* s);  // and destructor

struct ModuleImpl {
  std::shared_ptr<const wr::compile::CompiledModule> compiled;
};

struct LinkerImpl {
  StoreImpl* store = nullptr;
  wr::interp::Linker linker;
  bool allow_shadowing = false;
};

// Builds and opens handles; the one friend of every public class.
struct Access {
  static void SetFlag(InterruptHandle& h, std::shared_ptr<std::atomic<bool>> flag,
                      bool interruptible) {
    h.flag_ = std::move(flag);
    h.interruptible_ = interruptible;
  }
  static Func MakeFunc(StoreImpl* s, wr::FuncInstance* f) {
    Func h;
    h.store_ = s;
    h.func_ = f;
    return h;
  }
  static Memory MakeMemory(wr::MemoryInstance* m) {
    Memory h;
    h.mem_ = m;
    return h;
  }
  static Global MakeGlobal(StoreImpl* s, wr::GlobalInstance* g) {
    Global h;
    h.store_ = s;
    h.global_ = g;
    return h;
  }
  static Table MakeTable(StoreImpl* s, wr::TableInstance* t) {
    Table h;
    h.store_ = s;
    h.table_ = t;
    return h;
  }
  static Tag MakeTag(StoreImpl* s, wr::TagInstance* t) {
    Tag h;
    h.store_ = s;
    h.tag_ = t;
    return h;
  }
  static wr::TagInstance* Get(const Tag& h) { return static_cast<wr::TagInstance*>(h.tag_); }
  static StoreImpl* StoreOf(const Tag& h) { return h.store_; }
  static Instance MakeInstance(StoreImpl* s, wr::Instance* i) {
    Instance h;
    h.store_ = s;
    h.inst_ = i;
    return h;
  }
  static Caller MakeCaller(StoreImpl* s, const wr::HostContext& ctx) {
    Caller c;
    c.memory_ = ctx.memory;
    c.store_ = s;
    c.instance_ = ctx.caller;
    return c;
  }
  static Module MakeModule(std::shared_ptr<const ModuleImpl> impl) {
    Module m;
    m.impl_ = std::move(impl);
    return m;
  }

  static wr::FuncInstance* Get(const Func& h) { return static_cast<wr::FuncInstance*>(h.func_); }
  static StoreImpl* StoreOf(const Func& h) { return h.store_; }
  static wr::MemoryInstance* Get(const Memory& h) {
    return static_cast<wr::MemoryInstance*>(h.mem_);
  }
  static wr::GlobalInstance* Get(const Global& h) {
    return static_cast<wr::GlobalInstance*>(h.global_);
  }
  static StoreImpl* StoreOf(const Global& h) { return h.store_; }
  static wr::TableInstance* Get(const Table& h) {
    return static_cast<wr::TableInstance*>(h.table_);
  }
  static StoreImpl* StoreOf(const Table& h) { return h.store_; }
  static wr::Instance* Get(const Instance& h) { return static_cast<wr::Instance*>(h.inst_); }
  static StoreImpl* StoreOf(const Instance& h) { return h.store_; }
  static const ModuleImpl* Get(const Module& m) { return m.impl_.get(); }
  static StoreImpl* Get(Store& s) { return s.impl_.get(); }
  static LinkerImpl* Get(Linker& l) { return l.impl_.get(); }

  // The host boundary (boundary.cc). ToSlots checks `v` against the declared type `want`
  // (hierarchy, nullability, heap type with subtyping, store) and writes its slot encoding
  // (runtime/host_func.h: 1 slot, 2 for v128); type indices in `want` are resolved through
  // `owner`'s canonical ids (null: `want` has none). On a mismatch it writes nothing and
  // returns why. FromSlots gives the value in `in` of declared type `t` (type indices in `t`
  // are `m`'s).
  static std::optional<std::string> ToSlots(StoreImpl& s, const Value& v, const wr::ValType& want,
                                            const wr::Instance* owner, uint64_t* out);
  static Value FromSlots(StoreImpl& s, const wr::ValType& t, const wr::Module* m,
                         const uint64_t* in);
  static StoreImpl* StoreOf(const Value& v) { return v.store_; }
  static ResumableImpl* Get(const ResumableCall& c) { return c.impl_.get(); }
  static ResumableCall MakeResumable(std::unique_ptr<ResumableImpl> impl);
};

// A ResumableCall's state (resumable.cc).
struct ResumableImpl {
  StoreImpl* store = nullptr;         // null once the store is gone
  wr::FuncInstance* entry = nullptr;  // the function the host called
  bool suspended = false;
  std::vector<Value> results;
};

// Type conversions. Type indices in engine types are resolved in `m` (the module that declares
// them; null when there are none). Public concrete types cannot be converted without their
// module: ToEngine gives nullopt for them.
wr::HeapKind ToEngine(HeapType h);
ValType ToPublic(const wr::ValType& t, const wr::Module* m);
std::optional<wr::ValType> ToEngine(ValType t);
FuncType ToPublic(const wr::FuncType& t, const wr::Module* m);
std::optional<wr::FuncType> ToEngine(const FuncType& t);
TableType ToPublic(const wr::TableType& t, const wr::Module* m);
MemoryType ToPublic(const wr::MemoryType& t);
GlobalType ToPublic(const wr::GlobalType& t, const wr::Module* m);
ExternKind ToPublic(wr::ExternKind k);
Error ToPublic(const wr::Error& e);
// `s`: the store whose exception the trap may carry.
Trap ToPublic(const wr::Trap& t, StoreImpl* s);
// As above; debug_info: fill the frames' source positions from the modules' DWARF (the
// store's Config::debug_info above; null store: on).
Trap ToPublic(const wr::Trap& t, StoreImpl* s, bool debug_info);
// `s`: the store of the host function that returns `t` (a thrown exception must be its).
wr::Trap ToEngine(const Trap& t, StoreImpl* s);
Error UsageError(std::string message);
// Decodes, validates and compiles a binary module, keeping `bytes` (module.cc).
Result<Module> CompileBinary(const Engine& engine, std::vector<uint8_t>&& bytes);
// Store::SetFuel and Caller::SetFuel: a Usage error when the engine is not interruptible.
Result<void> SetStoreFuel(StoreImpl& s, uint64_t fuel);
// Asks the store's limiter about one more instance of `m` and its memories and tables.
Result<void> BeforeInstantiate(StoreImpl& s, const wr::Module& m);
Error TrapError(const wr::Trap& t, StoreImpl* s);

// Puts WasiConfig's in-memory stdio (stdin_bytes, the output buffers and callbacks) into
// `ctx` (wasi_stdio.cc).
void ApplyWasiStdio(const WasiConfig& config, wr::wasi::WasiCtx& ctx);

}  // namespace wasmrun::detail
