// Internals of the C API (src/capi): the opaque objects behind the C handles, the error and
// exception guards, and the conversions between C and C++ types and values (convert.cc).
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "wasmrun/wasmrun.h"
#include "wasmrun/wasmrun.hpp"

using wasmrun::ErrorKind;
using wasmrun::ExternKind;
using wasmrun::TrapKind;
using wasmrun::ValType;

// ---- The opaque objects

struct wasmrun_engine {
  wasmrun::Engine engine;
};

struct wasmrun_store {
  wasmrun::Store store;
};

struct wasmrun_interrupt_handle {
  wasmrun::InterruptHandle handle;
};

// The types of one import's or export's function type, kept so that wasmrun_functype_t can
// point at them for as long as the module lives.
struct KindLists {
  std::vector<wasmrun_valtype_t> params;
  std::vector<wasmrun_valtype_t> results;
};

struct wasmrun_module {
  wasmrun::Module module;
  // Computed once: the C API hands out pointers into them, and a module is immutable and
  // may be read from several threads.
  std::string name;
  std::vector<wasmrun::ImportType> imports;
  std::vector<wasmrun::ExportType> exports;
  std::vector<KindLists> import_kinds;
  std::vector<KindLists> export_kinds;
};

struct wasmrun_linker {
  wasmrun::Linker linker;
};

struct wasmrun_wasi_config {
  wasmrun::WasiConfig config;
};

struct wasmrun_wasi_output {
  wasmrun::WasiOutputBuffer buffer;
};

struct wasmrun_trap {
  wasmrun::Trap trap;
};

struct wasmrun_error {
  wasmrun::Error error;  // its `trap` is moved to `trap` below
  std::string described;
  std::unique_ptr<wasmrun_trap> trap;
};

struct wasmrun_caller {
  wasmrun::Caller* caller;
};

namespace wrcapi {

// Errors (convert.cc).
wasmrun_error_t* OutOfMemory() noexcept;
bool IsOutOfMemory(const wasmrun_error_t* e);
wasmrun_error_t* MakeError(wasmrun::Error e) noexcept;
wasmrun_error_t* Usage(std::string message) noexcept;
wasmrun_error_t* TrapError(wasmrun::Trap trap) noexcept;

// Types, values and configuration between C and C++ (convert.cc).
std::optional<wasmrun::HeapType> HeapOf(wasmrun_valkind_t k);
wasmrun_valkind_t KindOf(wasmrun::HeapType h);
wasmrun_valtype_t ToC(ValType t);
// nullopt for an unknown kind or a CONCRETEREF.
std::optional<ValType> ToCpp(const wasmrun_valtype_t& t);
// nullopt for an unknown kind, and for a reference that is not one the API handed out (a
// released, forged or foreign one; see Value::FromRawRef).
std::optional<wasmrun::Value> ToCpp(const wasmrun_val_t& v);
// A reference to an object gets a handle that holds it until wasmrun_val_release (Release).
wasmrun_val_t ToC(const wasmrun::Value& v);
// Ends the handle of a reference `v` holds: false when it holds none (or no longer).
bool Release(const wasmrun_val_t& v);
wasmrun_config_t ToC(const wasmrun::Config& c);
wasmrun::Config ToCpp(const wasmrun_config_t& c);
KindLists KindsOf(const wasmrun::FuncType& t);
wasmrun_limits_t ToC(const wasmrun::Limits& l);
wasmrun_externtype_t ToC(const wasmrun::ExternType& t, const KindLists& kinds);
wasmrun_error_t* NewModule(wasmrun::Result<wasmrun::Module> r, wasmrun_module_t** out);

// Runs `body` (which returns wasmrun_error_t*) with every exception turned into an error.
template <class F>
wasmrun_error_t* Guard(F&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return OutOfMemory();
  } catch (const std::exception& e) {
    return Usage(std::string("internal error: ") + e.what());
  } catch (...) {
    return Usage("internal error");
  }
}

// Runs `body` (which returns R) with every exception turned into `fallback`.
template <class R, class F>
R GuardValue(R fallback, F&& body) noexcept {
  try {
    return body();
  } catch (...) {
    return fallback;
  }
}

// ---- Handles

template <class C, class H>
C ToC(const H& h) {
  static_assert(std::is_trivially_copyable_v<H> && sizeof(H) <= sizeof(C) &&
                alignof(H) <= alignof(C));
  C c;
  std::memset(&c, 0, sizeof c);
  std::memcpy(&c, &h, sizeof h);
  return c;
}

// The C++ handle behind `c`; the null handle for NULL or an all-zero `c`.
template <class H, class C>
H FromC(const C* c) {
  static_assert(std::is_trivially_copyable_v<H> && sizeof(H) <= sizeof(C));
  H h{};
  if (c == nullptr) return h;
  static constexpr C kZero{};
  if (std::memcmp(c, &kZero, sizeof(C)) == 0) return h;
  // Trivially copyable, and the bytes came from an H (ToC): a byte copy restores it.
  std::memcpy(static_cast<void*>(&h), c, sizeof h);
  return h;
}

}  // namespace wrcapi
