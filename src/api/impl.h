// Internals of the public API (include/wasmrun/wasmrun.hpp): the pimpl structs behind the
// handles and the conversions between public and engine types. Not installed.
//
// Handle encoding: a public handle holds the engine object's address (FuncInstance*,
// MemoryInstance*, GlobalInstance*, TableInstance*, Instance*) as a void*, plus the owning
// StoreImpl for handles whose operations need the store (calls, reference conversion).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compile/compiled_module.h"
#include "interp/linker.h"
#include "runtime/store.h"
#include "runtime/trap.h"
#include "wasi/ctx.h"
#include "wasmrun/wasmrun.hpp"

namespace wasmrun::detail {

struct StoreImpl {
  explicit StoreImpl(const Config& c);
  Config config;
  // Declared before `store` so that it is destroyed after it: WASI host functions in the
  // store point at these contexts.
  std::vector<std::unique_ptr<wr::wasi::WasiCtx>> wasi;
  wr::Store store;
};

struct ModuleImpl {
  std::shared_ptr<const wr::compile::CompiledModule> compiled;
};

struct LinkerImpl {
  StoreImpl* store = nullptr;
  wr::interp::Linker linker;
};

// Builds and opens handles; the one friend of every public class.
struct Access {
  static void SetFlag(InterruptHandle& h, std::shared_ptr<std::atomic<bool>> flag) {
    h.flag_ = std::move(flag);
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
  static Instance MakeInstance(StoreImpl* s, wr::Instance* i) {
    Instance h;
    h.store_ = s;
    h.inst_ = i;
    return h;
  }
  static Caller MakeCaller(wr::MemoryInstance* m) {
    Caller c;
    c.memory_ = m;
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

  // Value <-> slot encoding (runtime/host_func.h). ToSlots writes 1 slot (2 for v128) and
  // fails for a funcref of another store.
  static bool ToSlots(StoreImpl& s, const Value& v, uint64_t* out);
  static Value FromSlots(StoreImpl& s, ValType t, const uint64_t* in);
  static StoreImpl* StoreOf(const Value& v) { return v.store_; }
};

// Type conversions. Engine reference types map to the nearest public one (func hierarchy ->
// FuncRef, everything else -> ExternRef).
ValType ToPublic(const wr::ValType& t);
wr::ValType ToEngine(ValType t);
FuncType ToPublic(const wr::FuncType& t);
wr::FuncType ToEngine(const FuncType& t);
TableType ToPublic(const wr::TableType& t);
MemoryType ToPublic(const wr::MemoryType& t);
GlobalType ToPublic(const wr::GlobalType& t);
ExternKind ToPublic(wr::ExternKind k);
Error ToPublic(const wr::Error& e);
Trap ToPublic(const wr::Trap& t);
wr::Trap ToEngine(const Trap& t);
Error UsageError(std::string message);
Error TrapError(const wr::Trap& t);

}  // namespace wasmrun::detail
