/* wasm.h: the standard WebAssembly C API (github:WebAssembly/wasm-c-api), as wasmrun
 * implements it.
 *
 * The names, types, struct layouts and meaning of everything declared here are the standard's,
 * so a program written (and compiled) against the standard header links and runs against
 * libwasmrun unchanged. This file's text is wasmrun's own; it records wasmrun's answer wherever
 * the standard leaves the engine a choice.
 *
 * Ownership, as in the standard: a parameter or result marked `own` transfers ownership (the
 * receiver deletes it with the matching *_delete); everything else is borrowed. A vector's
 * *_delete deletes its elements too. Passing NULL where an object is expected is allowed only
 * for *_delete (which then does nothing) and where a comment below says so.
 *
 * wasmrun's choices (the standard leaves them open):
 *  - Engine and config: wasm_engine_new gives wasmrun's default configuration
 *    (wasmrun/wasmrun.hpp, Config). wasmrun/wasm_ext.h adds WASI, fuel, interruption and
 *    per-store limits.
 *  - Lifetimes: runtime objects (functions, globals, tables, memories, instances, foreign
 *    objects) belong to their store and live until it is deleted; a wasm_X_t is a handle to
 *    one. Deleting a handle never deletes the object, so handles, exports and values may be
 *    deleted in any order relative to each other, and handles may even be deleted after the
 *    store (but not used after it). Modules, traps and types are independent of any store.
 *  - Identity: wasm_X_same is true for two handles to the same object (copies made with
 *    wasm_X_copy, the same export read twice, a reference that went through wasm and back).
 *  - Host info: it belongs to the object, not the handle: every handle to an object sees
 *    the same info. A finalizer runs exactly once, when the object is freed: for objects of
 *    a store, when the store is deleted (in the order the infos were set); for a module or a
 *    trap, when its last handle is deleted. Replacing host info runs no finalizer for the old
 *    one. The env finalizer of wasm_func_new_with_env runs when its store is deleted.
 *  - References: any reference (foreign, func, global, table, memory, instance) may be passed
 *    as an externref; it comes back as a handle to the same object. Only a func (or null) may
 *    be passed where a funcref is expected. wasm_val_t.kind may be WASM_EXTERNREF or
 *    WASM_FUNCREF for either (the standard's WASM_REF_VAL always says EXTERNREF); the
 *    object decides.
 *  - Wrong types: wasm_func_call checks every argument against the parameter's type (and the
 *    argument count); a mismatch returns a trap and nothing runs. A host callback's
 *    results are checked the same way, and a mismatch traps in the guest.
 *    wasm_global_set, wasm_table_set and wasm_table_grow do nothing (return false) on a
 *    mismatch; constructors return NULL.
 *  - Traps: the message is NUL-terminated (the vector's size counts the NUL). For a trap from
 *    wasm, the message is wasmrun's ("unreachable", "integer divide by zero", ...); for a trap
 *    a host callback returns, the callback's message. wasm_trap_trace lists the wasm frames
 *    at the trap, innermost first; wasm_trap_origin is the innermost (NULL when there is
 *    none, as for a trap made by wasm_trap_new). A frame has the function's index in its
 *    module, module_offset (the instruction's byte offset in the module binary) and
 *    func_offset (module_offset minus the offset of the function's code entry); its instance
 *    is not recorded: wasm_frame_instance returns NULL.
 *  - Modules: wasm_module_serialize stores the module binary itself (wasmrun is an
 *    interpreter; there is no machine code to save); wasm_module_deserialize decodes and
 *    validates it again like wasm_module_new. wasm_module_share/obtain give the same compiled
 *    module to stores on other threads (each thread uses its own store); compiled modules
 *    are immutable and thread-safe.
 *  - Limits: wasm_limits_t holds 32-bit sizes; a 64-bit memory or table reports its sizes
 *    saturated to 0xffffffff, and a memory's size in 64 KiB pages.
 */
#ifndef WASM_H
#define WASM_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Marks the exported functions. libwasmrun defines it as the visibility attribute while it is
 * being built; users may predefine it. */
#ifndef WASM_API_EXTERN
#if defined(_WIN32) && !defined(__MINGW32__) && !defined(LIBWASM_STATIC)
#define WASM_API_EXTERN __declspec(dllimport)
#else
#define WASM_API_EXTERN
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Primitive types */

typedef char byte_t;
typedef float float32_t;
typedef double float64_t;

/* Documents an ownership transfer; expands to nothing. */
#define own

/* Declares wasm_NAME_t as an opaque, owned type with its destructor. */
#define WASM_DECLARE_OWN(name)                    \
  typedef struct wasm_##name##_t wasm_##name##_t; \
  WASM_API_EXTERN void wasm_##name##_delete(own wasm_##name##_t*);

/* Declares wasm_NAME_vec_t, a counted array of wasm_NAME_t (ptr: `*` for arrays of pointers,
 * empty for arrays of values), and its functions: new_empty (size 0), new_uninitialized
 * (size n, elements unset), new (size n, takes ownership of the n elements), copy (deep copy)
 * and delete (deletes the elements, then the array). */
#define WASM_DECLARE_VEC(name, ptr)                                                      \
  typedef struct wasm_##name##_vec_t {                                                   \
    size_t size;                                                                         \
    wasm_##name##_t ptr* data;                                                           \
  } wasm_##name##_vec_t;                                                                 \
  WASM_API_EXTERN void wasm_##name##_vec_new_empty(own wasm_##name##_vec_t* out);        \
  WASM_API_EXTERN void wasm_##name##_vec_new_uninitialized(own wasm_##name##_vec_t* out, \
                                                           size_t size);                 \
  WASM_API_EXTERN void wasm_##name##_vec_new(own wasm_##name##_vec_t* out, size_t size,  \
                                             own wasm_##name##_t ptr const data[]);      \
  WASM_API_EXTERN void wasm_##name##_vec_copy(own wasm_##name##_vec_t* out,              \
                                              const wasm_##name##_vec_t* src);           \
  WASM_API_EXTERN void wasm_##name##_vec_delete(own wasm_##name##_vec_t* vec);

/* Byte vectors and names (UTF-8, not NUL-terminated unless said so). */
typedef byte_t wasm_byte_t;
WASM_DECLARE_VEC(byte, )

typedef wasm_byte_vec_t wasm_name_t;

#define wasm_name wasm_byte_vec
#define wasm_name_new wasm_byte_vec_new
#define wasm_name_new_empty wasm_byte_vec_new_empty
#define wasm_name_new_new_uninitialized wasm_byte_vec_new_uninitialized
#define wasm_name_copy wasm_byte_vec_copy
#define wasm_name_delete wasm_byte_vec_delete

/* A name holding the characters of `s`, without its NUL. */
static inline void wasm_name_new_from_string(own wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s), s);
}

/* A name holding the characters of `s` and its terminating NUL (as trap messages do). */
static inline void wasm_name_new_from_string_nt(own wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s) + 1, s);
}

/* ---------------------------------------------------------------------------------------------
 * Runtime environment */

/* Engine configuration: wasmrun's defaults (wasmrun/wasm_ext.h can change them). */
WASM_DECLARE_OWN(config)
WASM_API_EXTERN own wasm_config_t* wasm_config_new(void);

/* An engine: configuration shared by the modules and stores made with it. */
WASM_DECLARE_OWN(engine)
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new(void);
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new_with_config(own wasm_config_t* config);

/* A store: owns every runtime object made in it; used by one thread at a time. Deleting it
 * frees those objects and runs their finalizers. */
WASM_DECLARE_OWN(store)
WASM_API_EXTERN own wasm_store_t* wasm_store_new(wasm_engine_t* engine);

/* ---------------------------------------------------------------------------------------------
 * Type representations */

typedef uint8_t wasm_mutability_t;
enum wasm_mutability_enum {
  WASM_CONST,
  WASM_VAR,
};

/* Sizes of a table (elements) or memory (64 KiB pages); max == wasm_limits_max_default means
 * "no maximum". */
typedef struct wasm_limits_t {
  uint32_t min;
  uint32_t max;
} wasm_limits_t;

static const uint32_t wasm_limits_max_default = 0xffffffff;

/* Declares an owned type with vectors of pointers to it and a deep copy. */
#define WASM_DECLARE_TYPE(name) \
  WASM_DECLARE_OWN(name)        \
  WASM_DECLARE_VEC(name, *)     \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t*);

/* Value types. */
WASM_DECLARE_TYPE(valtype)

typedef uint8_t wasm_valkind_t;
enum wasm_valkind_enum {
  WASM_I32,
  WASM_I64,
  WASM_F32,
  WASM_F64,
  WASM_EXTERNREF = 128,
  WASM_FUNCREF,
};

/* NULL for a kind outside wasm_valkind_enum. */
WASM_API_EXTERN own wasm_valtype_t* wasm_valtype_new(wasm_valkind_t kind);
WASM_API_EXTERN wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* type);

static inline bool wasm_valkind_is_num(wasm_valkind_t k) {
  return k < WASM_EXTERNREF;
}
static inline bool wasm_valkind_is_ref(wasm_valkind_t k) {
  return k >= WASM_EXTERNREF;
}
static inline bool wasm_valtype_is_num(const wasm_valtype_t* t) {
  return wasm_valkind_is_num(wasm_valtype_kind(t));
}
static inline bool wasm_valtype_is_ref(const wasm_valtype_t* t) {
  return wasm_valkind_is_ref(wasm_valtype_kind(t));
}

/* Function types: takes ownership of the vectors' contents (the vectors are left empty). */
WASM_DECLARE_TYPE(functype)
WASM_API_EXTERN own wasm_functype_t* wasm_functype_new(own wasm_valtype_vec_t* params,
                                                       own wasm_valtype_vec_t* results);
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* type);
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* type);

/* Global types. NULL if `content` is NULL or `mutability` is not a wasm_mutability_enum. */
WASM_DECLARE_TYPE(globaltype)
WASM_API_EXTERN own wasm_globaltype_t* wasm_globaltype_new(own wasm_valtype_t* content,
                                                           wasm_mutability_t mutability);
WASM_API_EXTERN const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* type);
WASM_API_EXTERN wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* type);

/* Table types. NULL if `element` is NULL or not a reference type. */
WASM_DECLARE_TYPE(tabletype)
WASM_API_EXTERN own wasm_tabletype_t* wasm_tabletype_new(own wasm_valtype_t* element,
                                                         const wasm_limits_t* limits);
WASM_API_EXTERN const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* type);
WASM_API_EXTERN const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* type);

/* Memory types (limits in 64 KiB pages). */
WASM_DECLARE_TYPE(memorytype)
WASM_API_EXTERN own wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits);
WASM_API_EXTERN const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* type);

/* External types: one of the four above. The as_ conversions view the same object (no
 * copy, no ownership change); converting to the wrong kind gives NULL. */
WASM_DECLARE_TYPE(externtype)

typedef uint8_t wasm_externkind_t;
enum wasm_externkind_enum {
  WASM_EXTERN_FUNC,
  WASM_EXTERN_GLOBAL,
  WASM_EXTERN_TABLE,
  WASM_EXTERN_MEMORY,
};

WASM_API_EXTERN wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* type);

WASM_API_EXTERN wasm_externtype_t* wasm_functype_as_externtype(wasm_functype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_globaltype_as_externtype(wasm_globaltype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_tabletype_as_externtype(wasm_tabletype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_memorytype_as_externtype(wasm_memorytype_t*);

WASM_API_EXTERN wasm_functype_t* wasm_externtype_as_functype(wasm_externtype_t*);
WASM_API_EXTERN wasm_globaltype_t* wasm_externtype_as_globaltype(wasm_externtype_t*);
WASM_API_EXTERN wasm_tabletype_t* wasm_externtype_as_tabletype(wasm_externtype_t*);
WASM_API_EXTERN wasm_memorytype_t* wasm_externtype_as_memorytype(wasm_externtype_t*);

WASM_API_EXTERN const wasm_externtype_t* wasm_functype_as_externtype_const(const wasm_functype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_globaltype_as_externtype_const(
    const wasm_globaltype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_tabletype_as_externtype_const(
    const wasm_tabletype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_memorytype_as_externtype_const(
    const wasm_memorytype_t*);

WASM_API_EXTERN const wasm_functype_t* wasm_externtype_as_functype_const(const wasm_externtype_t*);
WASM_API_EXTERN const wasm_globaltype_t* wasm_externtype_as_globaltype_const(
    const wasm_externtype_t*);
WASM_API_EXTERN const wasm_tabletype_t* wasm_externtype_as_tabletype_const(
    const wasm_externtype_t*);
WASM_API_EXTERN const wasm_memorytype_t* wasm_externtype_as_memorytype_const(
    const wasm_externtype_t*);

/* Import types: takes ownership of the names' bytes and of the type. */
WASM_DECLARE_TYPE(importtype)
WASM_API_EXTERN own wasm_importtype_t* wasm_importtype_new(own wasm_name_t* module,
                                                           own wasm_name_t* name,
                                                           own wasm_externtype_t* type);
WASM_API_EXTERN const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* type);
WASM_API_EXTERN const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* type);
WASM_API_EXTERN const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* type);

/* Export types. */
WASM_DECLARE_TYPE(exporttype)
WASM_API_EXTERN own wasm_exporttype_t* wasm_exporttype_new(own wasm_name_t* name,
                                                           own wasm_externtype_t* type);
WASM_API_EXTERN const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* type);
WASM_API_EXTERN const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* type);

/* ---------------------------------------------------------------------------------------------
 * Runtime values */

struct wasm_ref_t;

/* A value: a number, or a reference (of.ref: an owned handle, NULL for the null reference). */
typedef struct wasm_val_t {
  wasm_valkind_t kind;
  union {
    int32_t i32;
    int64_t i64;
    float32_t f32;
    float64_t f64;
    struct wasm_ref_t* ref;
  } of;
} wasm_val_t;

/* Deletes a reference value's handle (numbers own nothing). */
WASM_API_EXTERN void wasm_val_delete(own wasm_val_t* v);
/* A copy of `src`; a reference gets a new handle to the same object. */
WASM_API_EXTERN void wasm_val_copy(own wasm_val_t* out, const wasm_val_t* src);

WASM_DECLARE_VEC(val, )

/* ---------------------------------------------------------------------------------------------
 * References
 *
 * Every reference type has: copy (a new handle to the same object), same (the same object;
 * NULL equals only NULL), host info get/set (on the object; see the top of this file), and
 * conversions to and from wasm_ref_t that view the same handle (NULL for the wrong kind). */

#define WASM_DECLARE_REF_BASE(name)                                                             \
  WASM_DECLARE_OWN(name)                                                                        \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t*);              \
  WASM_API_EXTERN bool wasm_##name##_same(const wasm_##name##_t*, const wasm_##name##_t*);      \
  WASM_API_EXTERN void* wasm_##name##_get_host_info(const wasm_##name##_t*);                    \
  WASM_API_EXTERN void wasm_##name##_set_host_info(wasm_##name##_t*, void* info);               \
  WASM_API_EXTERN void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t*, void* info, \
                                                                  void (*finalizer)(void*));

#define WASM_DECLARE_REF(name)                                                          \
  WASM_DECLARE_REF_BASE(name)                                                           \
  WASM_API_EXTERN wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t*);                   \
  WASM_API_EXTERN wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t*);                     \
  WASM_API_EXTERN const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t*); \
  WASM_API_EXTERN const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t*);

/* A reference that can be handed to another thread: share makes a store-independent,
 * thread-safe token, obtain turns it into a handle in a store of the current thread. */
#define WASM_DECLARE_SHARABLE_REF(name)                                                    \
  WASM_DECLARE_REF(name)                                                                   \
  WASM_DECLARE_OWN(shared_##name)                                                          \
  WASM_API_EXTERN own wasm_shared_##name##_t* wasm_##name##_share(const wasm_##name##_t*); \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_obtain(wasm_store_t*,                 \
                                                            const wasm_shared_##name##_t*);

WASM_DECLARE_REF_BASE(ref)

/* ---------------------------------------------------------------------------------------------
 * Frames and traps */

WASM_DECLARE_OWN(frame)
WASM_DECLARE_VEC(frame, *)
WASM_API_EXTERN own wasm_frame_t* wasm_frame_copy(const wasm_frame_t* frame);

/* NULL: wasmrun does not record a frame's instance. */
WASM_API_EXTERN struct wasm_instance_t* wasm_frame_instance(const wasm_frame_t* frame);
WASM_API_EXTERN uint32_t wasm_frame_func_index(const wasm_frame_t* frame);
WASM_API_EXTERN size_t wasm_frame_func_offset(const wasm_frame_t* frame);
WASM_API_EXTERN size_t wasm_frame_module_offset(const wasm_frame_t* frame);

/* A trap message: NUL-terminated (the size counts the NUL). */
typedef wasm_name_t wasm_message_t;

WASM_DECLARE_REF(trap)

/* A trap with `message` (copied; a missing NUL is added), for a host callback to return.
 * `store` may be NULL. */
WASM_API_EXTERN own wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t* message);
WASM_API_EXTERN void wasm_trap_message(const wasm_trap_t* trap, own wasm_message_t* out);
WASM_API_EXTERN own wasm_frame_t* wasm_trap_origin(const wasm_trap_t* trap);
WASM_API_EXTERN void wasm_trap_trace(const wasm_trap_t* trap, own wasm_frame_vec_t* out);

/* ---------------------------------------------------------------------------------------------
 * Foreign objects: host objects with an identity (and host info), passed to wasm as
 * externref. */

WASM_DECLARE_REF(foreign)
WASM_API_EXTERN own wasm_foreign_t* wasm_foreign_new(wasm_store_t* store);

/* ---------------------------------------------------------------------------------------------
 * Modules */

WASM_DECLARE_SHARABLE_REF(module)

/* Decodes, validates and compiles `binary`; NULL if it is not a valid module. */
WASM_API_EXTERN own wasm_module_t* wasm_module_new(wasm_store_t* store,
                                                   const wasm_byte_vec_t* binary);
WASM_API_EXTERN bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary);

WASM_API_EXTERN void wasm_module_imports(const wasm_module_t* module,
                                         own wasm_importtype_vec_t* out);
WASM_API_EXTERN void wasm_module_exports(const wasm_module_t* module,
                                         own wasm_exporttype_vec_t* out);

/* The module's binary (see the top of this file); deserialize validates it again. */
WASM_API_EXTERN void wasm_module_serialize(const wasm_module_t* module, own wasm_byte_vec_t* out);
WASM_API_EXTERN own wasm_module_t* wasm_module_deserialize(wasm_store_t* store,
                                                           const wasm_byte_vec_t* serialized);

/* ---------------------------------------------------------------------------------------------
 * Function instances */

WASM_DECLARE_REF(func)

/* A host function's body: reads `args` (typed per its functype), writes every element of
 * `results` (pre-sized, pre-set to zeros of the result types), and returns NULL, or an owned
 * trap that aborts the calling wasm. */
typedef own wasm_trap_t* (*wasm_func_callback_t)(const wasm_val_vec_t* args,
                                                 own wasm_val_vec_t* results);
typedef own wasm_trap_t* (*wasm_func_callback_with_env_t)(void* env, const wasm_val_vec_t* args,
                                                          wasm_val_vec_t* results);

WASM_API_EXTERN own wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type,
                                               wasm_func_callback_t callback);
/* `finalizer` (may be NULL) is called with `env` once, when the store is deleted. */
WASM_API_EXTERN own wasm_func_t* wasm_func_new_with_env(wasm_store_t* store,
                                                        const wasm_functype_t* type,
                                                        wasm_func_callback_with_env_t callback,
                                                        void* env, void (*finalizer)(void*));

WASM_API_EXTERN own wasm_functype_t* wasm_func_type(const wasm_func_t* func);
WASM_API_EXTERN size_t wasm_func_param_arity(const wasm_func_t* func);
WASM_API_EXTERN size_t wasm_func_result_arity(const wasm_func_t* func);

/* Calls `func`. `args` must hold exactly its parameters (checked before anything runs; NULL
 * means none) and `results` room for exactly its results (checked after the call returns, so
 * a trapping call reports its own trap; NULL means none); the results are written into
 * results->data (owned by the caller). Returns NULL on success, else an owned trap. */
WASM_API_EXTERN own wasm_trap_t* wasm_func_call(const wasm_func_t* func, const wasm_val_vec_t* args,
                                                wasm_val_vec_t* results);

/* ---------------------------------------------------------------------------------------------
 * Global instances */

WASM_DECLARE_REF(global)

/* NULL if `init` is not of the type's value type. */
WASM_API_EXTERN own wasm_global_t* wasm_global_new(wasm_store_t* store,
                                                   const wasm_globaltype_t* type,
                                                   const wasm_val_t* init);
WASM_API_EXTERN own wasm_globaltype_t* wasm_global_type(const wasm_global_t* global);
WASM_API_EXTERN void wasm_global_get(const wasm_global_t* global, own wasm_val_t* out);
/* Does nothing if the global is immutable or `value` is of the wrong type. */
WASM_API_EXTERN void wasm_global_set(wasm_global_t* global, const wasm_val_t* value);

/* ---------------------------------------------------------------------------------------------
 * Table instances */

WASM_DECLARE_REF(table)

typedef uint32_t wasm_table_size_t;

/* `init` (NULL: the null reference) fills the initial elements. */
WASM_API_EXTERN own wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type,
                                                 wasm_ref_t* init);
WASM_API_EXTERN own wasm_tabletype_t* wasm_table_type(const wasm_table_t* table);
/* NULL for a null element or an index out of bounds. */
WASM_API_EXTERN own wasm_ref_t* wasm_table_get(const wasm_table_t* table, wasm_table_size_t index);
/* False (and nothing changed) out of bounds or for a reference of the wrong type. */
WASM_API_EXTERN bool wasm_table_set(wasm_table_t* table, wasm_table_size_t index, wasm_ref_t* ref);
WASM_API_EXTERN wasm_table_size_t wasm_table_size(const wasm_table_t* table);
WASM_API_EXTERN bool wasm_table_grow(wasm_table_t* table, wasm_table_size_t delta,
                                     wasm_ref_t* init);

/* ---------------------------------------------------------------------------------------------
 * Memory instances */

WASM_DECLARE_REF(memory)

typedef uint32_t wasm_memory_pages_t;

static const size_t MEMORY_PAGE_SIZE = 0x10000;

WASM_API_EXTERN own wasm_memory_t* wasm_memory_new(wasm_store_t* store,
                                                   const wasm_memorytype_t* type);
WASM_API_EXTERN own wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* memory);
/* The first byte; the address stays the same when the memory grows. */
WASM_API_EXTERN byte_t* wasm_memory_data(wasm_memory_t* memory);
WASM_API_EXTERN size_t wasm_memory_data_size(const wasm_memory_t* memory);
WASM_API_EXTERN wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* memory);
/* False (and nothing changed) past the maximum or the host's limit. */
WASM_API_EXTERN bool wasm_memory_grow(wasm_memory_t* memory, wasm_memory_pages_t delta);

/* ---------------------------------------------------------------------------------------------
 * Externals: a func, global, table or memory. The as_ conversions view the same handle; the
 * wrong kind gives NULL. */

WASM_DECLARE_REF(extern)
WASM_DECLARE_VEC(extern, *)

WASM_API_EXTERN wasm_externkind_t wasm_extern_kind(const wasm_extern_t* ext);
WASM_API_EXTERN own wasm_externtype_t* wasm_extern_type(const wasm_extern_t* ext);

WASM_API_EXTERN wasm_extern_t* wasm_func_as_extern(wasm_func_t*);
WASM_API_EXTERN wasm_extern_t* wasm_global_as_extern(wasm_global_t*);
WASM_API_EXTERN wasm_extern_t* wasm_table_as_extern(wasm_table_t*);
WASM_API_EXTERN wasm_extern_t* wasm_memory_as_extern(wasm_memory_t*);

WASM_API_EXTERN wasm_func_t* wasm_extern_as_func(wasm_extern_t*);
WASM_API_EXTERN wasm_global_t* wasm_extern_as_global(wasm_extern_t*);
WASM_API_EXTERN wasm_table_t* wasm_extern_as_table(wasm_extern_t*);
WASM_API_EXTERN wasm_memory_t* wasm_extern_as_memory(wasm_extern_t*);

WASM_API_EXTERN const wasm_extern_t* wasm_func_as_extern_const(const wasm_func_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_global_as_extern_const(const wasm_global_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_table_as_extern_const(const wasm_table_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_memory_as_extern_const(const wasm_memory_t*);

WASM_API_EXTERN const wasm_func_t* wasm_extern_as_func_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_global_t* wasm_extern_as_global_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_table_t* wasm_extern_as_table_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_memory_t* wasm_extern_as_memory_const(const wasm_extern_t*);

/* ---------------------------------------------------------------------------------------------
 * Module instances */

WASM_DECLARE_REF(instance)

/* Instantiates `module` with `imports`, one per module import in order (imports may be NULL
 * when there are none). On failure returns NULL and, if `trap` is not NULL, stores an owned
 * trap saying why (a link error, or the start function's trap) in *trap. */
WASM_API_EXTERN own wasm_instance_t* wasm_instance_new(wasm_store_t* store,
                                                       const wasm_module_t* module,
                                                       const wasm_extern_vec_t* imports,
                                                       own wasm_trap_t** trap);
/* The instance's exports, in the module's export order. */
WASM_API_EXTERN void wasm_instance_exports(const wasm_instance_t* instance,
                                           own wasm_extern_vec_t* out);

/* ---------------------------------------------------------------------------------------------
 * Convenience */

#define WASM_EMPTY_VEC \
  { 0, NULL }
#define WASM_ARRAY_VEC(array) \
  { sizeof(array) / sizeof(*(array)), array }

static inline own wasm_valtype_t* wasm_valtype_new_i32(void) {
  return wasm_valtype_new(WASM_I32);
}
static inline own wasm_valtype_t* wasm_valtype_new_i64(void) {
  return wasm_valtype_new(WASM_I64);
}
static inline own wasm_valtype_t* wasm_valtype_new_f32(void) {
  return wasm_valtype_new(WASM_F32);
}
static inline own wasm_valtype_t* wasm_valtype_new_f64(void) {
  return wasm_valtype_new(WASM_F64);
}
static inline own wasm_valtype_t* wasm_valtype_new_externref(void) {
  return wasm_valtype_new(WASM_EXTERNREF);
}
static inline own wasm_valtype_t* wasm_valtype_new_funcref(void) {
  return wasm_valtype_new(WASM_FUNCREF);
}

/* Function types of up to three parameters and two results (P params, R results):
 * wasm_functype_new_P_R(params..., results...), taking ownership of the valtypes. */
static inline own wasm_functype_t* wasm_functype_new_from_arrays_(size_t np,
                                                                  own wasm_valtype_t** ps,
                                                                  size_t nr,
                                                                  own wasm_valtype_t** rs) {
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, np, ps);
  wasm_valtype_vec_new(&results, nr, rs);
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_0_0(void) {
  return wasm_functype_new_from_arrays_(0, NULL, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_1_0(own wasm_valtype_t* p) {
  wasm_valtype_t* ps[1] = {p};
  return wasm_functype_new_from_arrays_(1, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_2_0(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2) {
  wasm_valtype_t* ps[2] = {p1, p2};
  return wasm_functype_new_from_arrays_(2, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_3_0(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  return wasm_functype_new_from_arrays_(3, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_0_1(own wasm_valtype_t* r) {
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_new_from_arrays_(0, NULL, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_1_1(own wasm_valtype_t* p,
                                                         own wasm_valtype_t* r) {
  wasm_valtype_t* ps[1] = {p};
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_new_from_arrays_(1, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_2_1(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* r) {
  wasm_valtype_t* ps[2] = {p1, p2};
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_new_from_arrays_(2, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_3_1(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3,
                                                         own wasm_valtype_t* r) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_new_from_arrays_(3, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_0_2(own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_new_from_arrays_(0, NULL, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_1_2(own wasm_valtype_t* p,
                                                         own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[1] = {p};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_new_from_arrays_(1, ps, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_2_2(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[2] = {p1, p2};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_new_from_arrays_(2, ps, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_3_2(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3,
                                                         own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_new_from_arrays_(3, ps, 2, rs);
}

/* A pointer carried as an integer value of the pointer's width. */
static inline void wasm_val_init_ptr(own wasm_val_t* out, void* p) {
#if UINTPTR_MAX == UINT32_MAX
  out->kind = WASM_I32;
  out->of.i32 = (int32_t)(intptr_t)p;
#else
  out->kind = WASM_I64;
  out->of.i64 = (int64_t)(intptr_t)p;
#endif
}

static inline void* wasm_val_ptr(const wasm_val_t* val) {
#if UINTPTR_MAX == UINT32_MAX
  return (void*)(intptr_t)val->of.i32;
#else
  return (void*)(intptr_t)val->of.i64;
#endif
}

#define WASM_I32_VAL(i)                 \
  {                                     \
    .kind = WASM_I32, .of = {.i32 = i } \
  }
#define WASM_I64_VAL(i)                 \
  {                                     \
    .kind = WASM_I64, .of = {.i64 = i } \
  }
#define WASM_F32_VAL(z)                 \
  {                                     \
    .kind = WASM_F32, .of = {.f32 = z } \
  }
#define WASM_F64_VAL(z)                 \
  {                                     \
    .kind = WASM_F64, .of = {.f64 = z } \
  }
#define WASM_REF_VAL(r)                       \
  {                                           \
    .kind = WASM_EXTERNREF, .of = {.ref = r } \
  }
#define WASM_INIT_VAL                            \
  {                                              \
    .kind = WASM_EXTERNREF, .of = {.ref = NULL } \
  }

#undef own

#ifdef __cplusplus
}  // extern "C"
#endif

#endif /* WASM_H */
