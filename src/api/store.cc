// wasmrun::Store, Linker, Instance and Caller.
#include <memory>
#include <vector>

#include "api/impl.h"
#include "interp/drop.h"
#include "interp/interpreter.h"
#include "wasi/preview0.h"
#include "wasi/preview1.h"
#include "wasi/threads.h"

namespace wasmrun {

using detail::Access;
using detail::StoreImpl;

namespace {

wr::StoreLimits LimitsFor(const Config& c) {
  wr::StoreLimits l;
  l.max_call_depth = c.limits.max_call_depth;
  l.max_stack_slots = c.limits.max_stack_slots;
  l.max_memory_pages = c.limits.max_memory_pages;
  l.max_table_entries = c.limits.max_table_entries;
  l.max_gc_bytes = c.limits.max_gc_bytes;
  l.small_memory_reservation = c.memory_reservation == MemoryReservation::Small;
  return l;
}

std::optional<Extern> ToPublicExtern(StoreImpl* s, const wr::Extern& e) {
  switch (e.kind) {
    case wr::ExternKind::Func: return Extern(Access::MakeFunc(s, e.func()));
    case wr::ExternKind::Table: return Extern(Access::MakeTable(s, e.table()));
    case wr::ExternKind::Memory: return Extern(Access::MakeMemory(e.memory()));
    case wr::ExternKind::Global: return Extern(Access::MakeGlobal(s, e.global()));
    case wr::ExternKind::Tag: return Extern(Access::MakeTag(s, e.tag()));
  }
  return std::nullopt;
}

}  // namespace

detail::StoreImpl::StoreImpl(const Config& c) : config(c), store(LimitsFor(c)) {
  roots->store = &store;
  store.set_growth_limiter(&limiter);
  // Every GC reference the API hands out is held by a Value, which pins it (boundary.cc), or
  // by the entry raw_ref() made for it (raw_refs.cc); so the engine need not keep everything
  // it hands out forever.
  store.set_pin_host_refs_forever(false);
  RegisterStore(this);
}

detail::StoreImpl::~StoreImpl() {
  UnregisterStore(this);
  roots->store = nullptr;
  if (suspended != nullptr) suspended->store = nullptr;  // the handle outlives the store
}

// ---- Store

Store::Store(const Engine& engine) : impl_(std::make_unique<StoreImpl>(engine.config())) {}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

Result<void> detail::SetStoreFuel(StoreImpl& s, uint64_t fuel) {
  if (!s.config.interruptible) {
    return Fail(
        UsageError("SetFuel: fuel needs an engine with Config::interruptible = true (code compiled "
                   "without it has no fuel checks)"));
  }
  if (!wr::interp::SetFuel(s.store, fuel)) {
    Error e;
    e.kind = ErrorKind::Resource;
    e.message = "SetFuel: cannot reserve the interpreter stack";
    return Fail(std::move(e));
  }
  return {};
}

Result<void> Store::SetFuel(uint64_t fuel) {
  return detail::SetStoreFuel(*impl_, fuel);
}

uint64_t Store::fuel() const {
  return wr::interp::GetFuel(impl_->store);
}

void Store::SetLimiter(ResourceLimiter* limiter) {
  impl_->limiter.user = limiter;
}

uint64_t Store::instance_count() const {
  return impl_->instances;
}

Result<void> Store::DropInstance(const Instance& instance) {
  wr::Instance* inst = Access::Get(instance);
  if (inst == nullptr) return Fail(detail::UsageError("DropInstance: a null instance"));
  if (Access::StoreOf(instance) != impl_.get()) {
    return Fail(detail::UsageError("DropInstance: the instance belongs to another store"));
  }
  if (const char* why = wr::interp::DropInstance(impl_->store, *inst)) {
    return Fail(detail::UsageError(std::string("DropInstance: ") + why));
  }
  if (impl_->instances > 0) --impl_->instances;
  return {};
}

Result<void> detail::BeforeInstantiate(StoreImpl& s, const wr::Module& m) {
  ResourceLimiter* l = s.limiter.user;
  if (l == nullptr) return {};
  auto denied = [](std::string what) {
    Error e;
    e.kind = ErrorKind::Resource;
    e.message = "instantiation denied by the store's ResourceLimiter: " + what;
    return Fail(std::move(e));
  };
  if (!l->InstanceCreating(s.instances + 1)) {
    return denied("instance " + std::to_string(s.instances + 1));
  }
  for (const wr::Memory& mem : m.memories) {
    const unsigned log2 = mem.type.page_size_log2;
    auto bytes = [&](uint64_t pages) {
      return pages > (UINT64_MAX >> log2) ? UINT64_MAX : pages << log2;
    };
    const uint64_t max = bytes(mem.type.limits.max.value_or(UINT64_MAX));
    if (!l->MemoryGrowing(0, bytes(mem.type.limits.min), max)) {
      return denied("a memory of " + std::to_string(mem.type.limits.min) + " pages");
    }
  }
  for (const wr::Table& t : m.tables) {
    if (!l->TableGrowing(0, t.type.limits.min, t.type.limits.max.value_or(UINT64_MAX))) {
      return denied("a table of " + std::to_string(t.type.limits.min) + " elements");
    }
  }
  return {};
}

void Store::SetData(void* data) {
  impl_->user_data = data;
}

void* Store::data() const {
  return impl_->user_data;
}

InterruptHandle Store::interrupt_handle() const {
  InterruptHandle h;
  Access::SetFlag(h, wr::interp::InterruptFlag(impl_->store), impl_->config.interruptible);
  return h;
}

bool InterruptHandle::Interrupt() const {
  if (!interruptible_) return false;
  if (flag_) flag_->store(true, std::memory_order_relaxed);
  return true;
}

// ---- Instance

std::optional<Extern> Instance::GetExport(std::string_view name) const {
  const wr::Instance* inst = Access::Get(*this);
  if (inst == nullptr) return std::nullopt;
  auto it = inst->exports.find(std::string(name));
  if (it == inst->exports.end()) return std::nullopt;
  return ToPublicExtern(store_, it->second);
}

namespace {
template <class T>
std::optional<T> ExportAs(const Instance& inst, std::string_view name) {
  auto e = inst.GetExport(name);
  if (!e || !std::holds_alternative<T>(*e)) return std::nullopt;
  return std::get<T>(*e);
}
}  // namespace

std::optional<Func> Instance::GetFunc(std::string_view name) const {
  return ExportAs<Func>(*this, name);
}
std::optional<Memory> Instance::GetMemory(std::string_view name) const {
  return ExportAs<Memory>(*this, name);
}
std::optional<Global> Instance::GetGlobal(std::string_view name) const {
  return ExportAs<Global>(*this, name);
}
std::optional<Table> Instance::GetTable(std::string_view name) const {
  return ExportAs<Table>(*this, name);
}

std::vector<std::pair<std::string, Extern>> Instance::exports() const {
  std::vector<std::pair<std::string, Extern>> out;
  const wr::Instance* inst = Access::Get(*this);
  if (inst == nullptr) return out;
  for (const auto& [name, ext] : inst->exports) {
    if (auto e = ToPublicExtern(store_, ext)) out.emplace_back(name, *e);
  }
  return out;
}

bool Instance::dropped() const {
  const wr::Instance* inst = Access::Get(*this);
  return inst != nullptr && inst->dropped;
}

std::optional<Memory> Instance::memory() const {
  const wr::Instance* inst = Access::Get(*this);
  if (inst == nullptr || inst->host_memory == nullptr) return std::nullopt;
  return Access::MakeMemory(inst->host_memory);
}

// ---- Caller

std::optional<Memory> Caller::memory() const {
  if (memory_ == nullptr) return std::nullopt;
  return Access::MakeMemory(static_cast<wr::MemoryInstance*>(memory_));
}

Instance Caller::instance() const {
  if (instance_ == nullptr) return Instance();
  return Access::MakeInstance(store_, static_cast<wr::Instance*>(instance_));
}

std::optional<Extern> Caller::GetExport(std::string_view name) const {
  return instance().GetExport(name);
}
std::optional<Func> Caller::GetFunc(std::string_view name) const {
  return instance().GetFunc(name);
}
std::optional<Memory> Caller::GetMemory(std::string_view name) const {
  return instance().GetMemory(name);
}
std::optional<Global> Caller::GetGlobal(std::string_view name) const {
  return instance().GetGlobal(name);
}

void* Caller::data() const {
  return store_ != nullptr ? store_->user_data : nullptr;
}

uint64_t Caller::fuel() const {
  return store_ != nullptr ? wr::interp::GetFuel(store_->store) : 0;
}

Result<void> Caller::SetFuel(uint64_t fuel) const {
  if (store_ == nullptr) return Fail(detail::UsageError("SetFuel: no store"));
  return detail::SetStoreFuel(*store_, fuel);
}

// ---- Linker

Linker::Linker(Store& store) : impl_(std::make_unique<detail::LinkerImpl>()) {
  impl_->store = Access::Get(store);
}
Linker::~Linker() = default;
Linker::Linker(Linker&&) noexcept = default;
Linker& Linker::operator=(Linker&&) noexcept = default;

void Linker::AllowShadowing(bool allow) {
  impl_->allow_shadowing = allow;
}

namespace {

Result<void> CheckFree(const detail::LinkerImpl& l, std::string_view module,
                       std::string_view name) {
  if (l.allow_shadowing || l.linker.Lookup(module, name) == nullptr) return {};
  return Fail(detail::UsageError("\"" + std::string(module) + "\" \"" + std::string(name) +
                                 "\" is already defined (Linker::AllowShadowing allows replacing "
                                 "it)"));
}

}  // namespace

Result<Func> Linker::DefineUnchecked(std::string module, std::string name, FuncType type,
                                     UncheckedHostFunction fn) {
  StoreImpl* s = impl_->store;
  if (auto ok = CheckFree(*impl_, module, name); !ok) return Fail(std::move(ok).error());
  std::optional<wr::FuncType> engine_type = detail::ToEngine(type);
  if (!engine_type) {
    return Fail(
        detail::UsageError("a host function cannot have a concrete type: " + ToString(type)));
  }
  auto callback = std::make_shared<UncheckedHostFunction>(std::move(fn));
  wr::HostFunc host = [s, callback](wr::HostContext& ctx, std::span<const uint64_t> args,
                                    std::span<uint64_t> out) -> wr::Expected<void, wr::Trap> {
    Caller caller = Access::MakeCaller(s, ctx);
    auto r = (*callback)(caller, args, out);
    if (!r) [[unlikely]] {
      return wr::Unexpected(detail::ToEngine(r.error(), s));
    }
    return {};
  };
  wr::FuncInstance* f = impl_->linker.DefineHostFunc(s->store, std::move(module), std::move(name),
                                                     *std::move(engine_type), std::move(host));
  return Access::MakeFunc(s, f);
}

Func Linker::DefineFunc(std::string module, std::string name, FuncType type, HostFunction fn) {
  StoreImpl* s = impl_->store;
  if (!CheckFree(*impl_, module, name)) return Func();
  std::optional<wr::FuncType> engine_type = detail::ToEngine(type);
  if (!engine_type) return Func();  // a concrete type: no module to resolve it in
  auto callback = std::make_shared<HostFunction>(std::move(fn));
  wr::HostFunc host = [s, callback, params = engine_type->params, results = engine_type->results](
                          wr::HostContext& ctx, std::span<const uint64_t> args,
                          std::span<uint64_t> out_slots) -> wr::Expected<void, wr::Trap> {
    std::vector<Value> in;
    in.reserve(params.size());
    size_t k = 0;
    for (const wr::ValType& t : params) {
      in.push_back(Access::FromSlots(*s, t, nullptr, &args[k]));
      k += t.slots();
    }
    std::vector<Value> out;
    out.reserve(results.size());
    for (const wr::ValType& t : results) {
      out.push_back(Value::Zero(detail::ToPublic(t, nullptr)));
    }
    Caller caller = Access::MakeCaller(s, ctx);
    auto r = (*callback)(caller, in, out);
    if (!r) return wr::Unexpected(detail::ToEngine(r.error(), s));
    // The host's results enter wasm: checked like call arguments, all before any is written.
    uint64_t checked[2];
    for (size_t i = 0; i < out.size(); ++i) {
      if (auto why = Access::ToSlots(*s, out[i], results[i], nullptr, checked)) {
        return wr::Unexpected(
            wr::Trap::Host("host function result " + std::to_string(i) + ": " + *why));
      }
    }
    k = 0;
    for (size_t i = 0; i < out.size(); ++i) {
      Access::ToSlots(*s, out[i], results[i], nullptr, &out_slots[k]);
      k += results[i].slots();
    }
    return {};
  };
  wr::FuncInstance* f = impl_->linker.DefineHostFunc(s->store, std::move(module), std::move(name),
                                                     *std::move(engine_type), std::move(host));
  return Access::MakeFunc(s, f);
}

Result<void> Linker::Define(std::string module, std::string name, const Extern& ext) {
  StoreImpl* s = impl_->store;
  wr::Extern e;
  bool same_store = true;
  if (const auto* f = std::get_if<Func>(&ext)) {
    e = {wr::ExternKind::Func, Access::Get(*f)};
    same_store = Access::StoreOf(*f) == s;
  } else if (const auto* t = std::get_if<Table>(&ext)) {
    e = {wr::ExternKind::Table, Access::Get(*t)};
    same_store = Access::StoreOf(*t) == s;
  } else if (const auto* m = std::get_if<Memory>(&ext)) {
    e = {wr::ExternKind::Memory, Access::Get(*m)};
  } else if (const auto* g = std::get_if<Global>(&ext)) {
    e = {wr::ExternKind::Global, Access::Get(*g)};
    same_store = Access::StoreOf(*g) == s;
  } else if (const auto* t = std::get_if<Tag>(&ext)) {
    e = {wr::ExternKind::Tag, Access::Get(*t)};
    same_store = Access::StoreOf(*t) == s;
  }
  if (e.ptr == nullptr) return Fail(detail::UsageError("cannot define a null handle"));
  if (!same_store) return Fail(detail::UsageError("extern belongs to another store"));
  if (auto ok = CheckFree(*impl_, module, name); !ok) return ok;
  impl_->linker.Define(std::move(module), std::move(name), e);
  return {};
}

namespace {

// DefineWasi: every preview1 function, or (`importer` set) those it imports.
Result<void> DefineWasiFor(detail::LinkerImpl& impl, const WasiConfig& config,
                           const wr::Module* importer) {
  StoreImpl* s = impl.store;
  auto ctx = std::make_unique<wr::wasi::WasiCtx>();
  ctx->set_args(config.args);
  ctx->set_env(config.env);
  ctx->SetStdio(0, config.stdin_fd);
  ctx->SetStdio(1, config.stdout_fd);
  ctx->SetStdio(2, config.stderr_fd);
  detail::ApplyWasiStdio(config, *ctx);
  for (const WasiConfig::Preopen& p : config.preopens) {
    auto ok = ctx->PreopenDir(p.host_path, p.guest_path, p.read_only);
    if (!ok) {
      Error e = detail::ToPublic(ok.error());
      e.kind = ErrorKind::Io;
      return Fail(std::move(e));
    }
  }
  auto ok = importer != nullptr ? wr::wasi::RegisterPreview1(impl.linker, s->store, *ctx, *importer)
                                : wr::wasi::RegisterPreview1(impl.linker, s->store, *ctx);
  if (ok && config.preview0) {
    ok = importer != nullptr ? wr::wasi::RegisterPreview0(impl.linker, s->store, *ctx, *importer)
                             : wr::wasi::RegisterPreview0(impl.linker, s->store, *ctx);
  }
  if (!ok) return Fail(detail::ToPublic(ok.error()));
  s->wasi.push_back(std::move(ctx));
  return {};
}

}  // namespace

Result<void> Linker::DefineWasi(const WasiConfig& config) {
  return DefineWasiFor(*impl_, config, nullptr);
}

Result<void> Linker::DefineWasi(const WasiConfig& config, const Module& importer) {
  const detail::ModuleImpl* m = Access::Get(importer);
  if (m == nullptr || !m->compiled) return Fail(detail::UsageError("DefineWasi: a null module"));
  return DefineWasiFor(*impl_, config, &m->compiled->module);
}

Result<void> Linker::DefineWasiThreads(const Module& module, uint32_t max_threads,
                                       std::function<void(const Trap&)> on_exit) {
  StoreImpl* s = impl_->store;
  if (s->wasi.empty()) return Fail(detail::UsageError("DefineWasiThreads needs DefineWasi first"));
  if (max_threads == 0) return Fail(detail::UsageError("max_threads must be at least 1"));
  const detail::ModuleImpl* m = Access::Get(module);
  if (m == nullptr || !m->compiled) {
    return Fail(detail::UsageError("cannot define threads for a null module"));
  }
  const std::shared_ptr<const wr::compile::CompiledModule>& compiled = m->compiled;
  wr::wasi::ThreadSpawner::Config tc;
  tc.max_threads = max_threads;
  tc.limits = s->store.limits();
  tc.keepalive = s->wasi.back();
  if (on_exit) {
    tc.on_exit = [on_exit = std::move(on_exit)](const wr::Trap& t) {
      on_exit(detail::ToPublic(t, nullptr));  // no store: an uncaught exception's value is left out
    };
  }
  auto spawner = wr::wasi::ThreadSpawner::Create(compiled, *s->wasi.back(), std::move(tc));
  auto ok = spawner->DefineMain(impl_->linker, s->store);
  if (!ok) return Fail(detail::ToPublic(ok.error()));
  return {};
}

Result<void> Linker::DefineInstance(const std::string& module_name, const Instance& instance) {
  const wr::Instance* inst = Access::Get(instance);
  if (inst == nullptr) return Fail(detail::UsageError("cannot define a null instance"));
  if (Access::StoreOf(instance) != impl_->store) {
    return Fail(detail::UsageError("instance belongs to another store"));
  }
  for (const auto& [name, ext] : inst->exports) {
    if (auto ok = CheckFree(*impl_, module_name, name); !ok) return ok;
  }
  impl_->linker.DefineInstance(module_name, *inst);
  return {};
}

std::optional<Extern> Linker::Get(std::string_view module, std::string_view name) const {
  const wr::Extern* e = impl_->linker.Lookup(module, name);
  if (e == nullptr) return std::nullopt;
  return ToPublicExtern(impl_->store, *e);
}

Result<Instance> Linker::Instantiate(const Module& module) const {
  const detail::ModuleImpl* m = Access::Get(module);
  if (m == nullptr) return Fail(detail::UsageError("cannot instantiate an empty Module"));
  if (auto ok = detail::BeforeInstantiate(*impl_->store, m->compiled->module); !ok) {
    return Fail(std::move(ok).error());
  }
  auto r = impl_->linker.Instantiate(impl_->store->store, m->compiled);
  if (r || r.error().is_trap()) ++impl_->store->instances;  // kept even when start trapped
  if (!r) {
    const auto& err = r.error();
    return Fail(err.is_trap() ? detail::TrapError(err.trap(), impl_->store)
                              : detail::ToPublic(err.error()));
  }
  return Access::MakeInstance(impl_->store, *r);
}

}  // namespace wasmrun
