// Internals of the standard C API (include/wasm.h) on top of the C++ API (wasmrun.hpp).
//
// The C types are C++ structs here. Types form one hierarchy (wasm_externtype_t is the base of
// the four extern types) and references another (wasm_ref_t is the base of everything with
// host info; wasm_extern_t the base of func, global, table and memory), so the standard's
// as_ conversions are casts to the object's own class or a base of it, checked by kind.
//
// Identity and host info: an Entity is one object's identity. Objects of a store (functions,
// globals, tables, memories, instances, foreign objects) have one Entity each, kept by the
// store in creation order and found by the C++ handle's IdentityOf; every handle to the object
// shares it. The store runs the entities' finalizers when it is deleted. A module or trap has
// an Entity of its own, shared by its copies, whose finalizer runs with the last of them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "wasm.h"
#include "wasmrun/wasmrun.hpp"

namespace wasmh {

// What a reference handle is a handle to.
enum class RefKind : uint8_t {
  Func,
  Global,
  Table,
  Memory,
  Instance,
  Foreign,
  Module,
  Trap,
  Other
};

// One object's identity and host info.
struct Entity {
  Entity() = default;
  Entity(const Entity&) = delete;
  Entity& operator=(const Entity&) = delete;
  // Runs the finalizer if nobody has yet (objects without a store).
  ~Entity() { Finalize(); }
  void Finalize() {
    if (finalizer != nullptr) {
      auto* fin = finalizer;
      finalizer = nullptr;
      fin(info);
    }
  }
  RefKind kind = RefKind::Foreign;
  // The object, for store objects (to rebuild a handle from an externref).
  wasmrun::Extern ext;
  wasmrun::Instance instance;
  wasmrun::Module module;  // instances: their module (for the exports' order)
  void* info = nullptr;
  void (*finalizer)(void*) = nullptr;
};

}  // namespace wasmh

// ---------------------------------------------------------------------------------------------
// Runtime environment

struct wasm_config_t {
  wasmrun::Config config;
};

struct wasm_engine_t {
  wasmrun::Engine engine;
};

struct wasm_store_t {
  // The linker only makes host functions, each defined as "" "" over the last.
  explicit wasm_store_t(const wasmrun::Engine& e) : engine(e), store(e), linker(store) {
    linker.AllowShadowing(true);
  }
  ~wasm_store_t();
  wasm_store_t(const wasm_store_t&) = delete;
  wasm_store_t& operator=(const wasm_store_t&) = delete;

  // The entity of the store object `key` (IdentityOf of its handle), made on first use.
  std::shared_ptr<wasmh::Entity> EntityOf(const void* key, wasmh::RefKind kind,
                                          const wasmrun::Extern& ext,
                                          const wasmrun::Instance& inst = {});
  // A new foreign object's entity.
  std::shared_ptr<wasmh::Entity> NewForeign();
  // The entity an externref's host value names, or null if it names none of this store's.
  std::shared_ptr<wasmh::Entity> FromToken(uint64_t token) const;

  wasmrun::Engine engine;
  wasmrun::Store store;
  wasmrun::Linker linker;                                // makes host functions (wasm_func_new)
  std::vector<std::shared_ptr<wasmh::Entity>> entities;  // in creation order
  std::unordered_map<const void*, std::shared_ptr<wasmh::Entity>> by_key;
};

// ---------------------------------------------------------------------------------------------
// Types

struct wasm_valtype_t {
  wasm_valkind_t kind = WASM_I32;
};

struct wasm_externtype_t {
  explicit wasm_externtype_t(wasm_externkind_t k) : kind(k) {}
  virtual ~wasm_externtype_t() = default;
  wasm_externtype_t(const wasm_externtype_t&) = delete;
  wasm_externtype_t& operator=(const wasm_externtype_t&) = delete;
  virtual wasm_externtype_t* Clone() const = 0;
  wasm_externkind_t kind;
};

struct wasm_functype_t : wasm_externtype_t {
  wasm_functype_t() : wasm_externtype_t(WASM_EXTERN_FUNC) {}
  ~wasm_functype_t() override;
  wasm_externtype_t* Clone() const override;
  wasm_valtype_vec_t params{0, nullptr};
  wasm_valtype_vec_t results{0, nullptr};
};

struct wasm_globaltype_t : wasm_externtype_t {
  wasm_globaltype_t() : wasm_externtype_t(WASM_EXTERN_GLOBAL) {}
  ~wasm_globaltype_t() override { delete content; }
  wasm_externtype_t* Clone() const override;
  wasm_valtype_t* content = nullptr;
  wasm_mutability_t mutability = WASM_CONST;
};

struct wasm_tabletype_t : wasm_externtype_t {
  wasm_tabletype_t() : wasm_externtype_t(WASM_EXTERN_TABLE) {}
  ~wasm_tabletype_t() override { delete element; }
  wasm_externtype_t* Clone() const override;
  wasm_valtype_t* element = nullptr;
  wasm_limits_t limits{0, wasm_limits_max_default};
};

struct wasm_memorytype_t : wasm_externtype_t {
  wasm_memorytype_t() : wasm_externtype_t(WASM_EXTERN_MEMORY) {}
  wasm_externtype_t* Clone() const override;
  wasm_limits_t limits{0, wasm_limits_max_default};
};

struct wasm_importtype_t {
  ~wasm_importtype_t();
  wasm_name_t module{0, nullptr};
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
};

struct wasm_exporttype_t {
  ~wasm_exporttype_t();
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
};

// ---------------------------------------------------------------------------------------------
// References

struct wasm_ref_t {
  wasm_ref_t(wasmh::RefKind k, wasm_store_t* s, std::shared_ptr<wasmh::Entity> e)
      : kind(k), store(s), entity(std::move(e)) {}
  virtual ~wasm_ref_t() = default;
  wasm_ref_t(const wasm_ref_t&) = delete;
  wasm_ref_t& operator=(const wasm_ref_t&) = delete;
  // A new handle to the same object.
  virtual wasm_ref_t* Clone() const = 0;
  wasmh::RefKind kind;
  wasm_store_t* store;                    // null for modules and traps
  std::shared_ptr<wasmh::Entity> entity;  // identity and host info
};

// A func, global, table or memory.
struct wasm_extern_t : wasm_ref_t {
  wasm_extern_t(wasmh::RefKind k, wasm_store_t* s, std::shared_ptr<wasmh::Entity> e,
                wasmrun::Extern x)
      : wasm_ref_t(k, s, std::move(e)), ext(std::move(x)) {}
  wasm_ref_t* Clone() const override;
  wasmrun::Extern ext;
};

struct wasm_func_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  const wasmrun::Func& func() const { return std::get<wasmrun::Func>(ext); }
};
struct wasm_global_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  const wasmrun::Global& global() const { return std::get<wasmrun::Global>(ext); }
};
struct wasm_table_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  const wasmrun::Table& table() const { return std::get<wasmrun::Table>(ext); }
};
struct wasm_memory_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  const wasmrun::Memory& memory() const { return std::get<wasmrun::Memory>(ext); }
};

// The instance and its module are the entity's.
struct wasm_instance_t : wasm_ref_t {
  wasm_instance_t(wasm_store_t* s, std::shared_ptr<wasmh::Entity> e)
      : wasm_ref_t(wasmh::RefKind::Instance, s, std::move(e)) {}
  wasm_ref_t* Clone() const override;
};

struct wasm_foreign_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
  wasm_ref_t* Clone() const override;
};

// A reference from wasm that is none of the above (an externref that wasm made from an
// anyref, a GC reference): kept as the value itself, with an identity of its own.
struct OtherRef : wasm_ref_t {
  OtherRef(wasm_store_t* s, std::shared_ptr<wasmh::Entity> e, wasmrun::Value v)
      : wasm_ref_t(wasmh::RefKind::Other, s, std::move(e)), value(std::move(v)) {}
  wasm_ref_t* Clone() const override;
  wasmrun::Value value;
};

struct wasm_module_t : wasm_ref_t {
  wasm_module_t(std::shared_ptr<wasmh::Entity> e, wasmrun::Module m,
                std::shared_ptr<const std::vector<uint8_t>> b)
      : wasm_ref_t(wasmh::RefKind::Module, nullptr, std::move(e)),
        module(std::move(m)),
        binary(std::move(b)) {}
  wasm_ref_t* Clone() const override;
  wasmrun::Module module;
  std::shared_ptr<const std::vector<uint8_t>> binary;  // what serialize returns
};

struct wasm_shared_module_t {
  wasmrun::Module module;
  std::shared_ptr<const std::vector<uint8_t>> binary;
};

struct wasm_frame_t {
  uint32_t func_index = 0;
  size_t func_offset = 0;
  size_t module_offset = 0;
};

// A trap's contents; shared by the copies of a trap.
namespace wasmh {
struct TrapBody {
  std::string message;  // without the NUL
  std::vector<wasm_frame_t> frames;
  std::optional<int32_t> exit_status;  // a WASI proc_exit (wasmrun_trap_exit_status)
};
}  // namespace wasmh

struct wasm_trap_t : wasm_ref_t {
  wasm_trap_t(std::shared_ptr<wasmh::Entity> e, std::shared_ptr<const wasmh::TrapBody> b)
      : wasm_ref_t(wasmh::RefKind::Trap, nullptr, std::move(e)), body(std::move(b)) {}
  wasm_ref_t* Clone() const override;
  std::shared_ptr<const wasmh::TrapBody> body;
};

namespace wasmh {

// Handles to store objects (new, owned by the caller).
wasm_func_t* NewFunc(wasm_store_t* s, const wasmrun::Func& f);
wasm_global_t* NewGlobal(wasm_store_t* s, const wasmrun::Global& g);
wasm_table_t* NewTable(wasm_store_t* s, const wasmrun::Table& t);
wasm_memory_t* NewMemory(wasm_store_t* s, const wasmrun::Memory& m);
// Func, Global, Table or Memory; null for a tag (which wasm.h cannot express).
wasm_extern_t* NewExtern(wasm_store_t* s, const wasmrun::Extern& e);

// A trap with `message` (and `frames`), owned by the caller.
wasm_trap_t* NewTrap(std::string message, std::vector<wasm_frame_t> frames = {});
wasm_trap_t* NewTrap(const wasmrun::Trap& t);

// Type conversions. ValKindOf: the wasm.h kind of a C++ value type (v128 and the references
// wasm.h has no kind for get the extension kinds of wasmrun/wasm_ext.h).
wasm_valkind_t ValKindOf(const wasmrun::ValType& t);
std::optional<wasmrun::ValType> ValTypeOf(wasm_valkind_t k);
wasm_functype_t* NewFuncType(const wasmrun::FuncType& t);
std::optional<wasmrun::FuncType> FuncTypeOf(const wasm_functype_t* t);
wasm_externtype_t* NewExternType(const wasmrun::ExternType& t);
wasm_limits_t LimitsOf(const wasmrun::Limits& l);
wasmrun::Limits LimitsOf(const wasm_limits_t& l);

// Values. ToValue: `v` as a value of type `want` for store `s`, or why it is not one.
struct Converted {
  std::optional<wasmrun::Value> value;
  std::string why;
};
Converted ToValue(wasm_store_t* s, const wasm_val_t& v, const wasmrun::ValType& want);
// The reference `r` (null: the null reference) as a value of type `want`.
Converted RefToValue(wasm_store_t* s, const wasm_ref_t* r, const wasmrun::ValType& want);
// A value of store `s` as a wasm_val_t (a reference gets a new handle).
wasm_val_t FromValue(wasm_store_t* s, const wasmrun::Value& v);
// A reference value as a new handle (null for the null reference).
wasm_ref_t* RefFromValue(wasm_store_t* s, const wasmrun::Value& v);

// A byte vector holding `s` (plus a NUL if `nul`).
void NewName(wasm_name_t* out, std::string_view s, bool nul = false);
std::string_view NameOf(const wasm_name_t* n);

}  // namespace wasmh
