// Binding of Preview1 methods to host functions, shared by preview1.cc (wasi_snapshot_preview1)
// and preview0.cc (wasi_unstable): a .def row's signature string gives the FuncType, and
// MethodMatches checks at compile time that the method's C++ parameters agree with it.
#pragma once

#include <algorithm>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "interp/linker.h"
#include "runtime/memory.h"
#include "wasi/preview1_impl.h"

namespace wr::wasi::binding {

// Which functions a registration for one importing module defines: those it imports from
// `module` (wasi_snapshot_preview1 or wasi_unstable).
class ImportedFrom {
 public:
  ImportedFrom(const Module& importer, std::string_view module) {
    for (const Import& im : importer.imports) {
      if (im.kind == ExternKind::Func && im.module == module) names_.push_back(im.name);
    }
  }
  bool operator()(std::string_view name) const {
    return std::find(names_.begin(), names_.end(), name) != names_.end();
  }

 private:
  std::vector<std::string_view> names_;
};

inline FuncType TypeFromSig(std::string_view params, std::string_view results) {
  FuncType t;
  for (char c : params) t.params.push_back(c == 'I' ? ValType::I64() : ValType::I32());
  for (char c : results) t.results.push_back(c == 'I' ? ValType::I64() : ValType::I32());
  return t;
}

// Compile-time check that a method's C++ parameters match the .def signature string.
template <class... A>
constexpr bool ParamsMatch(std::string_view sig) {
  if (sig.size() != sizeof...(A)) return false;
  constexpr char kLetters[] = {(std::is_same_v<A, uint64_t> ? 'I' : 'i')..., '\0'};
  constexpr bool kAllInts = ((std::is_same_v<A, uint32_t> || std::is_same_v<A, uint64_t>)&&...);
  return kAllInts && sig == std::string_view(kLetters, sizeof...(A));
}

template <class R, class... A>
constexpr bool MethodMatches(R (Preview1::*)(const GuestMemory&, A...), std::string_view params,
                             std::string_view results) {
  bool result_ok = std::is_same_v<R, Errno> ? results == "i" : results.empty();
  return result_ok && ParamsMatch<A...>(params);
}

template <class R, class... A, size_t... I>
Expected<void, Trap> CallImpl(R (Preview1::*method)(const GuestMemory&, A...), Preview1& self,
                              const GuestMemory& mem, std::span<const uint64_t> args,
                              std::span<uint64_t> results, std::index_sequence<I...>) {
  // i32 arguments arrive zero-extended in their slot; the cast keeps the low 32 bits.
  if constexpr (std::is_same_v<R, Trap>) {
    return Unexpected<Trap>((self.*method)(mem, static_cast<A>(args[I])...));
  } else {
    Errno e = (self.*method)(mem, static_cast<A>(args[I])...);
    results[0] = static_cast<uint64_t>(e);
    return {};
  }
}

// `lock`: the context's mutex, held for the call (WasiCtx::mutex), or null.
template <class R, class... A>
HostFunc Bind(R (Preview1::*method)(const GuestMemory&, A...), std::shared_ptr<Preview1> self,
              std::mutex* lock) {
  return [method, self, lock](HostContext& hc, std::span<const uint64_t> args,
                              std::span<uint64_t> results) -> Expected<void, Trap> {
    GuestMemory mem =
        hc.memory ? GuestMemory(hc.memory->data(), hc.memory->size()) : GuestMemory(nullptr, 0);
    std::unique_lock<std::mutex> held;
    if (lock != nullptr) held = std::unique_lock<std::mutex>(*lock);
    return CallImpl(method, *self, mem, args, results, std::index_sequence_for<A...>{});
  };
}

// The calls that may block for long and do not use the fd table run without the lock.
inline bool Unlocked(std::string_view name) {
  return name == "poll_oneoff" || name == "sched_yield" || name == "proc_exit";
}

// One row of a .def table: the import's name and signature, and how to bind its method.
struct Row {
  std::string_view name;
  std::string_view params, results;
  HostFunc (*bind)(std::shared_ptr<Preview1> self, std::mutex* lock);
};

// The rows of a .def file, WR_WASI_FN(name, method, params, results) each.
#define WR_WASI_BINDING_ROW(name, method, params, results)                                    \
  binding::Row{#name, params, results, [](std::shared_ptr<Preview1> self, std::mutex* lock) { \
                 return binding::Bind(&Preview1::method, std::move(self), lock);              \
               }},

// Defines, as `module`.name, the rows for which `wanted(name)` holds, all sharing one Preview1
// over `ctx`.
template <class Wanted>
void Register(interp::Linker& linker, Store& store, WasiCtx& ctx, std::string_view module,
              std::span<const Row> rows, Wanted wanted) {
  auto self = std::make_shared<Preview1>(ctx);
  for (const Row& row : rows) {
    if (!wanted(row.name)) continue;
    linker.DefineHostFunc(store, std::string(module), std::string(row.name),
                          TypeFromSig(row.params, row.results),
                          row.bind(self, Unlocked(row.name) ? nullptr : &ctx.mutex()));
  }
}

}  // namespace wr::wasi::binding
