/* wasmrun: the public C embedding API, a thin layer over the C++ API (wasmrun/wasmrun.hpp).
 *
 * Pure C (C99 or later; also compiles as C++). Everything is prefixed `wasmrun_`.
 *
 * Objects and who frees them:
 *
 *   wasmrun_engine_t       configuration (features, limits)   wasmrun_engine_new / _delete
 *   wasmrun_module_t       compiled module, immutable         wasmrun_module_new... / _delete
 *   wasmrun_store_t        owns every runtime object          wasmrun_store_new / _delete
 *   wasmrun_linker_t       names imports, instantiates        wasmrun_linker_new / _delete
 *   wasmrun_wasi_config_t  what a WASI guest may see          wasmrun_wasi_config_new / _delete
 *   wasmrun_interrupt_handle_t   stops a store's code         wasmrun_store_interrupt_handle /
 * _delete wasmrun_error_t        why a call failed                  returned by calls / _delete
 *   wasmrun_trap_t         why wasm stopped                   borrowed from an error, or made by
 *                                                             wasmrun_trap_new* / _delete
 *   wasmrun_resumable_t    a suspended call                   wasmrun_func_call_resumable /
 *                                                             wasmrun_resumable_delete
 *
 * Runtime objects (instances, functions, memories, globals, tables) are owned by their store
 * and live exactly as long as it. They are reached through small by-value handles
 * (wasmrun_instance_t, wasmrun_func_t, wasmrun_memory_t, wasmrun_global_t, wasmrun_table_t)
 * that are copied freely and never freed. A zero-initialised handle is the null handle; calls
 * given one fail cleanly. Using a handle after its store is deleted, or with another store, is
 * undefined (as in the C++ API).
 *
 * Errors: every call that can fail returns a `wasmrun_error_t*`, NULL on success; the caller
 * frees a non-NULL one with wasmrun_error_delete. A wasm trap during a call is an error of kind
 * WASMRUN_ERROR_TRAP whose trap is wasmrun_error_trap(). NULL or null-handle arguments give an
 * error of kind WASMRUN_ERROR_USAGE (calls that return no error return 0, NULL or false then),
 * never a crash. No C++ exception crosses this API.
 *
 * Strings passed in are NUL-terminated UTF-8 and copied when kept. Strings handed out are
 * NUL-terminated and borrowed: they live as long as the object they come from.
 *
 * Threads: an engine and a module may be used from any number of threads at once. A store and
 * everything in it (linker, handles) is used by one thread at a time, except for
 * wasmrun_interrupt_handle_interrupt, which may be called from any thread.
 *
 * Typical use (see examples/embed.c):
 *
 *   wasmrun_engine_t* engine = wasmrun_engine_new(NULL);
 *   wasmrun_module_t* module;
 *   wasmrun_error_t* err = wasmrun_module_from_wat(engine, text, strlen(text), &module);
 *   wasmrun_store_t* store = wasmrun_store_new(engine);
 *   wasmrun_linker_t* linker = wasmrun_linker_new(store);
 *   err = wasmrun_linker_define_host(linker, "env", "log", params, 2, NULL, 0, log_cb,
 *                                    NULL, NULL, NULL);
 *   wasmrun_instance_t instance;
 *   err = wasmrun_linker_instantiate(linker, module, &instance);
 *   wasmrun_func_t run;
 *   wasmrun_instance_get_func(&instance, "run", &run);
 *   wasmrun_val_t arg = {WASMRUN_I32}, result;
 *   arg.of.i32 = 20;
 *   err = wasmrun_func_call(&run, &arg, 1, &result, 1);
 */
#ifndef WASMRUN_WASMRUN_H_
#define WASMRUN_WASMRUN_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* Opaque objects (heap-allocated, freed with their _delete function)                          */

typedef struct wasmrun_engine wasmrun_engine_t;
typedef struct wasmrun_store wasmrun_store_t;
typedef struct wasmrun_interrupt_handle wasmrun_interrupt_handle_t;
typedef struct wasmrun_module wasmrun_module_t;
typedef struct wasmrun_linker wasmrun_linker_t;
typedef struct wasmrun_wasi_config wasmrun_wasi_config_t;
typedef struct wasmrun_error wasmrun_error_t;
typedef struct wasmrun_trap wasmrun_trap_t;
/** What a host function learns about its caller; valid only during the callback. */
typedef struct wasmrun_caller wasmrun_caller_t;

/* ------------------------------------------------------------------------------------------ */
/* Handles to runtime objects of a store (by value, never freed; see the top of this file)     */

/** An instance of a module. */
typedef struct wasmrun_instance {
  void* opaque[2];
} wasmrun_instance_t;
/** A function: a wasm function of some instance, or a host function. */
typedef struct wasmrun_func {
  void* opaque[2];
} wasmrun_func_t;
/** A linear memory. */
typedef struct wasmrun_memory {
  void* opaque[2];
} wasmrun_memory_t;
/** A global variable. */
typedef struct wasmrun_global {
  void* opaque[2];
} wasmrun_global_t;
/** A table of references. */
typedef struct wasmrun_table {
  void* opaque[2];
} wasmrun_table_t;
/** An exception tag. */
typedef struct wasmrun_tag {
  void* opaque[2];
} wasmrun_tag_t;

/* ------------------------------------------------------------------------------------------ */
/* Types and values                                                                           */

/** A kind of value: a number, v128, or a reference to one of WebAssembly 3.0's abstract
 * heap types (FUNCREF is a reference to func, ANYREF to any, NULLREF to none, ...). In a
 * wasmrun_valtype_t it is the heap type of a reference type; in a wasmrun_val_t it says what
 * the value is and which member of `of` holds it. CONCRETEREF appears only in types: a type
 * that the module defines. */
typedef uint8_t wasmrun_valkind_t;
enum wasmrun_valkind_enum {
  WASMRUN_I32 = 0,
  WASMRUN_I64 = 1,
  WASMRUN_F32 = 2,
  WASMRUN_F64 = 3,
  WASMRUN_V128 = 4,
  WASMRUN_FUNCREF = 5,
  WASMRUN_EXTERNREF = 6,
  WASMRUN_ANYREF = 7,
  WASMRUN_EQREF = 8,
  WASMRUN_I31REF = 9,
  WASMRUN_STRUCTREF = 10,
  WASMRUN_ARRAYREF = 11,
  WASMRUN_EXNREF = 12,
  WASMRUN_NULLREF = 13,
  WASMRUN_NULLFUNCREF = 14,
  WASMRUN_NULLEXTERNREF = 15,
  WASMRUN_NULLEXNREF = 16,
  WASMRUN_CONCRETEREF = 17
};

/** What a concrete heap type defines. */
enum wasmrun_defkind_enum { WASMRUN_DEF_FUNC = 0, WASMRUN_DEF_STRUCT = 1, WASMRUN_DEF_ARRAY = 2 };

/** A value type. For a number or v128 only `kind` matters. For a reference `kind` is its heap
 * type and `nullable` whether null is a value of it; a CONCRETEREF names type `type_index` of
 * the module it comes from, which defines a `def_kind`. wasmrun_valtype() makes the nullable
 * abstract ones (funcref, externref, anyref, ...). */
typedef struct wasmrun_valtype {
  wasmrun_valkind_t kind;
  bool nullable;
  uint8_t def_kind;    /**< CONCRETEREF: a wasmrun_defkind_enum */
  uint32_t type_index; /**< CONCRETEREF: the type's index in its module */
} wasmrun_valtype_t;

/** An externref: an opaque 64-bit host value, or null. A wasm value brought into the extern
 * hierarchy with extern.convert_any has no host value: `opaque` then refers to it (copy it as
 * it is). A host value handed out by a store keeps its `value` and also gets `opaque`. */
typedef struct wasmrun_externref {
  uint64_t value; /**< the host value; meaningful when non_null and has_value */
  bool non_null;  /**< false: the null externref (so a zeroed one is null) */
  bool has_value; /**< non-null with a host value (always, for refs made by the host) */
  void* opaque[2];
} wasmrun_externref_t;

/** Any other reference (of the any or exn hierarchy, including i31): opaque, copied as it is;
 * all zero is null. wasmrun_val_i31() makes an i31ref and wasmrun_val_i31_get() reads one.
 *
 * A reference to an object (a struct, array, exception, or an externref of a store) holds a
 * handle, never an address: the object stays alive, also across garbage collections, until
 * the value is given to wasmrun_val_release (or its store is deleted). Copies of the struct
 * share the handle. A released handle, or bits the API never handed out, are refused wherever
 * a value is taken (a USAGE error or a trap), never read as an object. The references among a
 * host function's parameters are released when the callback returns: to keep one, return it,
 * store it (in a global or table) or take a handle of its own with wasmrun_val_clone. */
typedef struct wasmrun_ref {
  void* opaque[2];
} wasmrun_ref_t;

/** A typed wasm value: `kind` says which member of `of` holds it. Floats travel as their bits
 * (NaN payloads survive). A funcref is a function handle of one store; the null handle is the
 * null funcref. A reference is checked against the declared type wherever it enters wasm
 * (call arguments, host function results, globals, tables): a mismatch is an error, never a
 * crash. */
typedef struct wasmrun_val {
  wasmrun_valkind_t kind;
  union {
    int32_t i32;
    int64_t i64;
    float f32;
    double f64;
    uint8_t v128[16];              /**< little-endian */
    wasmrun_func_t funcref;        /**< FUNCREF, NULLFUNCREF */
    wasmrun_externref_t externref; /**< EXTERNREF, NULLEXTERNREF */
    wasmrun_ref_t ref;             /**< every other reference kind */
  } of;
} wasmrun_val_t;

/** The nullable reference type of heap type `kind` (an abstract one), or the number or vector
 * type `kind`. */
wasmrun_valtype_t wasmrun_valtype(wasmrun_valkind_t kind);
/** An i31ref holding the low 31 bits of `value`. */
wasmrun_val_t wasmrun_val_i31(uint32_t value);
/** Stores the value of a non-null i31ref, sign-extended, in *out; false for any other value. */
bool wasmrun_val_i31_get(const wasmrun_val_t* value, int32_t* out);
/** Releases the handle of a reference to an object (see wasmrun_ref_t): afterwards the object
 * may be collected and neither `value` nor any copy of it may be used. True when a handle was
 * released; false for numbers, null, i31, function references, a handle already released and
 * one whose store has been deleted (which released it). */
bool wasmrun_val_release(const wasmrun_val_t* value);
/** A copy of `value` in *out with a handle of its own (released separately); for numbers,
 * null, i31 and function references a plain copy. False (and *out untouched) when `value`
 * holds a released or unknown handle. */
bool wasmrun_val_clone(const wasmrun_val_t* value, wasmrun_val_t* out);

/** What kind of entity an import or export is. */
typedef uint8_t wasmrun_externkind_t;
enum wasmrun_externkind_enum {
  WASMRUN_EXTERN_FUNC = 0,
  WASMRUN_EXTERN_TABLE = 1,
  WASMRUN_EXTERN_MEMORY = 2,
  WASMRUN_EXTERN_GLOBAL = 3,
  WASMRUN_EXTERN_TAG = 4
};

/** Size limits of a table (elements) or memory (pages). */
typedef struct wasmrun_limits {
  uint64_t min;
  uint64_t max; /**< meaningful when has_max */
  bool has_max;
} wasmrun_limits_t;

/** A function signature; the arrays are borrowed from the object that handed it out. */
typedef struct wasmrun_functype {
  const wasmrun_valtype_t* params;
  size_t num_params;
  const wasmrun_valtype_t* results;
  size_t num_results;
} wasmrun_functype_t;

/** The type of an import or export. Only the member matching `kind` is meaningful (a tag's
 * type is the function type of its payload, in `func`). */
typedef struct wasmrun_externtype {
  wasmrun_externkind_t kind;
  wasmrun_functype_t func;
  struct {
    wasmrun_valtype_t element;
    wasmrun_limits_t limits;
    bool is64; /**< indexed by i64 (table64) */
  } table;
  struct {
    wasmrun_limits_t limits;
    bool is64;          /**< indexed by i64 (memory64) */
    bool shared;        /**< shared memory (threads) */
    uint64_t page_size; /**< bytes per page */
  } memory;
  struct {
    wasmrun_valtype_t type;
    bool is_mutable;
  } global;
} wasmrun_externtype_t;

/** One import of a module; the strings and arrays are borrowed from the module. */
typedef struct wasmrun_import {
  const char* module;
  const char* name;
  wasmrun_externtype_t type;
} wasmrun_import_t;

/** One export of a module; the strings and arrays are borrowed from the module. */
typedef struct wasmrun_export {
  const char* name;
  wasmrun_externtype_t type;
} wasmrun_export_t;

/* ------------------------------------------------------------------------------------------ */
/* Errors                                                                                     */

/** Which stage produced an error. */
typedef uint8_t wasmrun_error_kind_t;
enum wasmrun_error_kind_enum {
  WASMRUN_ERROR_DECODE = 0,        /**< malformed binary module */
  WASMRUN_ERROR_VALIDATE = 1,      /**< invalid module */
  WASMRUN_ERROR_TEXT = 2,          /**< malformed text module (the offset is a source line) */
  WASMRUN_ERROR_LINK = 3,          /**< unresolved or incompatible import */
  WASMRUN_ERROR_INSTANTIATE = 4,   /**< a host limit during instantiation */
  WASMRUN_ERROR_TRAP = 5,          /**< wasm trapped (instantiation or a call); see error_trap */
  WASMRUN_ERROR_OUT_OF_BOUNDS = 6, /**< a host access to a memory or table out of its bounds */
  WASMRUN_ERROR_RESOURCE = 7,      /**< a memory or table could not grow */
  WASMRUN_ERROR_IO = 8,            /**< a file or directory could not be opened or read */
  WASMRUN_ERROR_USAGE = 9,         /**< the API was misused (NULL argument, wrong arity...) */
  WASMRUN_ERROR_OUT_OF_MEMORY = 10 /**< the host ran out of memory (C API only) */
};

/** The error's kind. WASMRUN_ERROR_USAGE for NULL. */
wasmrun_error_kind_t wasmrun_error_kind(const wasmrun_error_t* error);
/** The error's message (the spec test suite's wording where it has one). "" for NULL. */
const char* wasmrun_error_message(const wasmrun_error_t* error);
/** A one-line description for people ("decode error at offset 0x1a: unexpected end"), with the
 * trap's frames after it for a trap. "" for NULL. */
const char* wasmrun_error_describe(const wasmrun_error_t* error);
/** True if the error has a position, then stored in *offset (may be NULL): a byte offset in
 * the binary module (decode, validate) or a source line (text). */
bool wasmrun_error_offset(const wasmrun_error_t* error, uint64_t* offset);
/** The trap of a WASMRUN_ERROR_TRAP error, borrowed from the error; NULL for other kinds. */
const wasmrun_trap_t* wasmrun_error_trap(const wasmrun_error_t* error);
/** Frees an error. NULL is ignored. */
void wasmrun_error_delete(wasmrun_error_t* error);

/* ------------------------------------------------------------------------------------------ */
/* Traps                                                                                      */

/** Why wasm execution stopped. */
typedef uint8_t wasmrun_trap_kind_t;
enum wasmrun_trap_kind_enum {
  WASMRUN_TRAP_UNREACHABLE = 0,
  WASMRUN_TRAP_INTEGER_DIVIDE_BY_ZERO = 1,
  WASMRUN_TRAP_INTEGER_OVERFLOW = 2,
  WASMRUN_TRAP_INVALID_CONVERSION = 3,
  WASMRUN_TRAP_MEMORY_OUT_OF_BOUNDS = 4,
  WASMRUN_TRAP_TABLE_OUT_OF_BOUNDS = 5,
  WASMRUN_TRAP_UNDEFINED_ELEMENT = 6,
  WASMRUN_TRAP_UNINITIALIZED_ELEMENT = 7,
  WASMRUN_TRAP_INDIRECT_CALL_TYPE_MISMATCH = 8,
  WASMRUN_TRAP_CALL_STACK_EXHAUSTED = 9,
  WASMRUN_TRAP_NULL_REFERENCE = 10,
  WASMRUN_TRAP_CAST_FAILURE = 11,
  WASMRUN_TRAP_ARRAY_OUT_OF_BOUNDS = 12,
  WASMRUN_TRAP_UNCAUGHT_EXCEPTION = 13,
  WASMRUN_TRAP_OUT_OF_FUEL = 14, /**< the store's fuel ran out */
  WASMRUN_TRAP_INTERRUPTED = 15, /**< wasmrun_interrupt_handle_interrupt */
  WASMRUN_TRAP_HOST_ERROR = 16,  /**< a host function failed, or arguments did not match */
  WASMRUN_TRAP_EXIT = 17,        /**< WASI proc_exit: not an error; see wasmrun_trap_exit_code */
  WASMRUN_TRAP_RESOURCE_EXHAUSTED = 18,    /**< a store limit was reached (the GC heap) */
  WASMRUN_TRAP_UNALIGNED_ATOMIC = 19,      /**< "unaligned atomic" (threads) */
  WASMRUN_TRAP_EXPECTED_SHARED_MEMORY = 20 /**< memory.atomic.wait on an unshared memory */
};

/** One wasm frame of a trap's call stack. */
typedef struct wasmrun_frame {
  uint32_t func_index;   /**< in the defining module's function index space */
  const char* func_name; /**< from the name section, "" when unknown; borrowed from the trap */
  uint32_t offset;       /**< byte offset of the instruction in the module, 0 if unknown */
} wasmrun_frame_t;

/** A trap a host function returns to abort the guest with `message` (kind HOST_ERROR). The
 * caller owns it: return it from a host callback, or free it with wasmrun_trap_delete. NULL
 * when out of memory (or `message` is NULL). */
wasmrun_trap_t* wasmrun_trap_new(const char* message);
/** A trap a host function returns to end the guest like WASI proc_exit(status) (kind EXIT).
 * Owned by the caller, as wasmrun_trap_new. */
wasmrun_trap_t* wasmrun_trap_new_exit(int32_t status);
/** Frees a trap made by wasmrun_trap_new*. NULL is ignored. Never pass a borrowed trap (from
 * wasmrun_error_trap). */
void wasmrun_trap_delete(wasmrun_trap_t* trap);
/** The trap's kind. WASMRUN_TRAP_HOST_ERROR for NULL. */
wasmrun_trap_kind_t wasmrun_trap_kind(const wasmrun_trap_t* trap);
/** The trap's message ("integer divide by zero", a host function's text...). "" for NULL. */
const char* wasmrun_trap_message(const wasmrun_trap_t* trap);
/** True for WASI proc_exit (kind EXIT), then the status is stored in *code (may be NULL). */
bool wasmrun_trap_exit_code(const wasmrun_trap_t* trap, int32_t* code);
/** The number of wasm frames of the call stack at the trap (0 for NULL). */
size_t wasmrun_trap_frame_count(const wasmrun_trap_t* trap);
/** Stores frame `index` (0 is the innermost) in *frame; false if out of range or NULL. */
bool wasmrun_trap_frame(const wasmrun_trap_t* trap, size_t index, wasmrun_frame_t* frame);

/* ------------------------------------------------------------------------------------------ */
/* Engine                                                                                     */

/** WebAssembly 3.0 features beyond 2.0 (see wasmrun::Features). */
typedef struct wasmrun_features {
  bool tail_call;         /**< return_call* */
  bool exceptions;        /**< try_table, throw, throw_ref, tags, exnref */
  bool func_refs;         /**< typed function references */
  bool gc;                /**< GC structs, arrays, i31, casts (no collector yet) */
  bool memory64;          /**< 64-bit memories and tables */
  bool multi_memory;      /**< more than one memory */
  bool extended_const;    /**< add, sub, mul in constant expressions */
  bool relaxed_simd;      /**< relaxed SIMD instructions */
  bool custom_page_sizes; /**< memories with 1-byte pages */
  bool wide_arithmetic;   /**< i64.add128, i64.sub128, i64.mul_wide_s/u */
  bool legacy_exceptions; /**< try, catch, catch_all, delegate, rethrow (legacy EH) */
  bool threads;           /**< shared memories, atomics, wait/notify */
} wasmrun_features_t;

/** Limits that keep untrusted code from exhausting the host. */
typedef struct wasmrun_limits_config {
  uint32_t max_call_depth;    /**< wasm frames; deeper traps CALL_STACK_EXHAUSTED */
  uint64_t max_stack_slots;   /**< interpreter value stack, in 64-bit slots */
  uint64_t max_memory_pages;  /**< per memory, in 64 KiB pages */
  uint64_t max_table_entries; /**< per table */
  uint64_t max_gc_bytes;      /**< GC structs and arrays of a store, together */
} wasmrun_limits_config_t;

/** Engine configuration. Fill it with wasmrun_config_init, then change what you need. */
typedef struct wasmrun_config {
  wasmrun_features_t features;
  wasmrun_limits_config_t limits;
  /** Compile function entries and loop headers with a check of the store's fuel and interrupt
   * flag, so that the host can bound how long untrusted code runs (wasmrun_store_set_fuel,
   * wasmrun_store_interrupt_handle). Off, code runs a little faster and is bounded only by the
   * limits. */
  bool interruptible;
} wasmrun_config_t;

/** Sets *config to the defaults (those of the C++ wasmrun::Config). NULL is ignored. */
void wasmrun_config_init(wasmrun_config_t* config);

/** A new engine with `config` (copied), or the defaults when `config` is NULL. NULL when out of
 * memory. Modules and stores made with it may outlive it. */
wasmrun_engine_t* wasmrun_engine_new(const wasmrun_config_t* config);
/** Stores the engine's configuration in *config; false if an argument is NULL. */
bool wasmrun_engine_config(const wasmrun_engine_t* engine, wasmrun_config_t* config);
/** Frees an engine. NULL is ignored. */
void wasmrun_engine_delete(wasmrun_engine_t* engine);

/* ------------------------------------------------------------------------------------------ */
/* Modules                                                                                    */

/** Decodes, validates and compiles the binary module bytes[0, size) (copied as needed). On
 * success stores a new module in *out (free it with wasmrun_module_delete); on failure leaves
 * *out NULL and returns a DECODE or VALIDATE error with the byte offset of the problem. */
wasmrun_error_t* wasmrun_module_new(const wasmrun_engine_t* engine, const uint8_t* bytes,
                                    size_t size, wasmrun_module_t** out);
/** As wasmrun_module_new, from text[0, size) in the text format (WAT); TEXT errors carry the
 * source line as their offset. */
wasmrun_error_t* wasmrun_module_from_wat(const wasmrun_engine_t* engine, const char* text,
                                         size_t size, wasmrun_module_t** out);
/** As wasmrun_module_new, from the file at `path`: the text format unless it starts with the
 * binary magic. IO error if it cannot be read. */
wasmrun_error_t* wasmrun_module_from_file(const wasmrun_engine_t* engine, const char* path,
                                          wasmrun_module_t** out);
/** Frees a module. Instances made from it are not affected. NULL is ignored. */
void wasmrun_module_delete(wasmrun_module_t* module);
/** The module's name from its name section, or "" (also for NULL). */
const char* wasmrun_module_name(const wasmrun_module_t* module);
/** The number of imports (0 for NULL). */
size_t wasmrun_module_import_count(const wasmrun_module_t* module);
/** Stores import `index` (in order) in *out; false if out of range or an argument is NULL. */
bool wasmrun_module_import(const wasmrun_module_t* module, size_t index, wasmrun_import_t* out);
/** The number of exports (0 for NULL). */
size_t wasmrun_module_export_count(const wasmrun_module_t* module);
/** Stores export `index` (in order) in *out; false if out of range or an argument is NULL. */
bool wasmrun_module_export(const wasmrun_module_t* module, size_t index, wasmrun_export_t* out);
/** The number of custom sections named `name` (0 if an argument is NULL). */
size_t wasmrun_module_custom_section_count(const wasmrun_module_t* module, const char* name);
/** Stores the payload of the `index`-th custom section named `name` (in module order) in
 * *data and *size; the bytes stay valid as long as the module. False (and *data NULL, *size 0
 * where given) if out of range or an argument is NULL. */
bool wasmrun_module_custom_section(const wasmrun_module_t* module, const char* name, size_t index,
                                   const uint8_t** data, size_t* size);

/* ------------------------------------------------------------------------------------------ */
/* Stores                                                                                     */

/** A new store with `engine`'s limits, or NULL (engine NULL, or out of memory). Deleting it
 * frees every runtime object in it and runs the finalizers of its host functions. */
wasmrun_store_t* wasmrun_store_new(const wasmrun_engine_t* engine);
/** Frees a store and everything in it; delete its linkers first. NULL is ignored. */
void wasmrun_store_delete(wasmrun_store_t* store);
/** Sets the fuel of code compiled with `interruptible`: each function entry and loop iteration
 * takes about the number of instructions it covers, and execution traps OUT_OF_FUEL when none
 * is left. Unlimited until set; calls from the host do not refill it. A USAGE error when the
 * engine is not `interruptible`. */
wasmrun_error_t* wasmrun_store_set_fuel(wasmrun_store_t* store, uint64_t fuel);
/** The fuel left (UINT64_MAX/2 or more means unlimited; 0 for NULL). */
uint64_t wasmrun_store_fuel(const wasmrun_store_t* store);
/** Sets the store's user data, which host functions read with wasmrun_caller_data; the store
 * does not own it. NULL store is ignored. */
void wasmrun_store_set_data(wasmrun_store_t* store, void* data);
/** The store's user data (NULL when unset or for a NULL store). */
void* wasmrun_store_data(const wasmrun_store_t* store);
/** Drops `instance` before its store (Store::DropInstance in wasmrun.hpp), for a host that
 * replaces plugins in a long-lived store: its memories (unless shared), table entries and
 * segments are freed at once; its functions then trap (HOST_ERROR, "instance dropped") when
 * called, its memories and tables are empty, and it has no exports. An error of kind USAGE,
 * changing nothing, for NULL, another store's instance, one already dropped, while a call into
 * the store runs or is suspended, or while a live instance imports something it defines. */
wasmrun_error_t* wasmrun_store_drop_instance(wasmrun_store_t* store,
                                             const wasmrun_instance_t* instance);
/** A new handle that interrupts this store's running code from any thread; NULL if `store`
 * is NULL or out of memory. The caller frees it; it may outlive the store (then it does
 * nothing). */
wasmrun_interrupt_handle_t* wasmrun_store_interrupt_handle(const wasmrun_store_t* store);
/** Makes the store's running wasm trap INTERRUPTED at its next check (code compiled with
 * `interruptible`), or its next call if none is running; the trap clears the request. Safe from
 * any thread, and after the store is gone. Returns false, and requests nothing, for NULL or
 * when the engine is not `interruptible` (its code could not be stopped). */
bool wasmrun_interrupt_handle_interrupt(const wasmrun_interrupt_handle_t* handle);
/** Frees an interrupt handle. NULL is ignored. */
void wasmrun_interrupt_handle_delete(wasmrun_interrupt_handle_t* handle);

/* ------------------------------------------------------------------------------------------ */
/* Linking and instantiation                                                                  */

/** A host function. `args` holds `num_args` values typed per its signature; `results` holds
 * `num_results` values pre-set to zeros of the result types, each of which it may overwrite
 * with a value of the same kind. Returns NULL on success, or a trap (from wasmrun_trap_new*,
 * ownership passes to the library) that unwinds the guest. It must not unwind the C++ stack
 * (no longjmp out of it, no C++ exception). */
typedef wasmrun_trap_t* (*wasmrun_host_callback_t)(void* data, wasmrun_caller_t* caller,
                                                   const wasmrun_val_t* args, size_t num_args,
                                                   wasmrun_val_t* results, size_t num_results);
/** Frees a host function's `data`. */
typedef void (*wasmrun_finalizer_t)(void* data);

/** Stores in *out the memory of the instance that called the host function (its export
 * "memory", else its memory 0); false when it has none, the function was called from the
 * host, or an argument is NULL. Guest pointers must be bounds-checked against its size. */
bool wasmrun_caller_memory(const wasmrun_caller_t* caller, wasmrun_memory_t* out);
/** Stores the calling instance in *out; false when the function was called from the host. */
bool wasmrun_caller_instance(const wasmrun_caller_t* caller, wasmrun_instance_t* out);
/** Stores the calling instance's exported function `name` in *out (a plugin's "malloc", which
 * may be called from the host function); false when there is none. */
bool wasmrun_caller_get_func(const wasmrun_caller_t* caller, const char* name, wasmrun_func_t* out);
/** Stores the calling instance's exported memory `name` in *out; false when there is none. */
bool wasmrun_caller_get_memory(const wasmrun_caller_t* caller, const char* name,
                               wasmrun_memory_t* out);
/** The user data of the caller's store (wasmrun_store_set_data), or NULL. */
void* wasmrun_caller_data(const wasmrun_caller_t* caller);
/** Suspends the calling guest when this host callback returns NULL (its results are ignored:
 * wasmrun_resumable_resume supplies them). A USAGE error, and nothing changes, unless the guest
 * was started with wasmrun_func_call_resumable and this callback was called by that call's own
 * wasm activation (not from a nested host -> wasm call). */
wasmrun_error_t* wasmrun_caller_suspend(const wasmrun_caller_t* caller);

/** A new linker that defines names in `store` and instantiates modules there; NULL if `store`
 * is NULL or out of memory. It must be deleted before its store. */
wasmrun_linker_t* wasmrun_linker_new(wasmrun_store_t* store);
/** Frees a linker; what it instantiated stays in the store. NULL is ignored. */
void wasmrun_linker_delete(wasmrun_linker_t* linker);
/** Whether defining a (module, name) that is already defined replaces it (true) or is a USAGE
 * error (false, the default). NULL is ignored. */
void wasmrun_linker_allow_shadowing(wasmrun_linker_t* linker, bool allow);

/** Creates a host function with signature (params) -> (results) in the linker's store and
 * defines it as `module`.`name` (replacing an earlier definition). The types are numbers,
 * v128 or abstract references (USAGE error for CONCRETEREF: a type index means nothing
 * without its module). The callback's results are checked against them like call arguments.
 * `callback` receives `data` on every call. `finalizer` (may be NULL) is called with `data` exactly
 * once: when the store is deleted, or before this call returns if it fails. Stores the function in
 * *out if `out` is not NULL. */
wasmrun_error_t* wasmrun_linker_define_host(wasmrun_linker_t* linker, const char* module,
                                            const char* name, const wasmrun_valtype_t* params,
                                            size_t num_params, const wasmrun_valtype_t* results,
                                            size_t num_results, wasmrun_host_callback_t callback,
                                            void* data, wasmrun_finalizer_t finalizer,
                                            wasmrun_func_t* out);
/** Defines `module`.`name` as `func`, which must belong to the linker's store. */
wasmrun_error_t* wasmrun_linker_define_func(wasmrun_linker_t* linker, const char* module,
                                            const char* name, const wasmrun_func_t* func);
/** Defines `module`.`name` as `memory`, which must belong to the linker's store. */
wasmrun_error_t* wasmrun_linker_define_memory(wasmrun_linker_t* linker, const char* module,
                                              const char* name, const wasmrun_memory_t* memory);
/** Defines `module`.`name` as `global`, which must belong to the linker's store. */
wasmrun_error_t* wasmrun_linker_define_global(wasmrun_linker_t* linker, const char* module,
                                              const char* name, const wasmrun_global_t* global);
/** Defines `module`.`name` as `table`, which must belong to the linker's store. */
wasmrun_error_t* wasmrun_linker_define_table(wasmrun_linker_t* linker, const char* module,
                                             const char* name, const wasmrun_table_t* table);
/** Defines `module`.`name` as `tag`, which must belong to the linker's store. */
wasmrun_error_t* wasmrun_linker_define_tag(wasmrun_linker_t* linker, const char* module,
                                           const char* name, const wasmrun_tag_t* tag);
/** Defines every export of `instance` (of the linker's store) under `module`. */
wasmrun_error_t* wasmrun_linker_define_instance(wasmrun_linker_t* linker, const char* module,
                                                const wasmrun_instance_t* instance);
/** Defines the WASI preview1 functions ("wasi_snapshot_preview1".*) with the capabilities in
 * `config` (copied; NULL grants nothing: no args, env or directories, stdio 0/1/2). The WASI
 * state lives as long as the store. IO error if a preopened directory cannot be opened. A
 * guest's proc_exit(n) ends the call with a trap of kind EXIT and exit code n. */
wasmrun_error_t* wasmrun_linker_define_wasi(wasmrun_linker_t* linker,
                                            const wasmrun_wasi_config_t* config);
/** Instantiates `module`: resolves its imports against the definitions (LINK errors),
 * initialises its tables and memories and runs its start function (TRAP errors). Stores the
 * instance in *out (the null handle on failure). */
wasmrun_error_t* wasmrun_linker_instantiate(const wasmrun_linker_t* linker,
                                            const wasmrun_module_t* module,
                                            wasmrun_instance_t* out);

/* ------------------------------------------------------------------------------------------ */
/* WASI configuration: nothing of the host is visible to a guest unless granted here          */

/** A new, empty WASI configuration (no args, env or directories; stdio on host fds 0, 1, 2),
 * or NULL when out of memory. */
wasmrun_wasi_config_t* wasmrun_wasi_config_new(void);
/** Frees a WASI configuration (linkers keep what they copied). NULL is ignored. */
void wasmrun_wasi_config_delete(wasmrun_wasi_config_t* config);
/** Appends `arg` to the guest's argv (conventionally the program name first). */
wasmrun_error_t* wasmrun_wasi_config_push_arg(wasmrun_wasi_config_t* config, const char* arg);
/** Appends a "NAME=VALUE" entry to the guest's environment, as it is. */
wasmrun_error_t* wasmrun_wasi_config_push_env(wasmrun_wasi_config_t* config, const char* entry);
/** Grants the host directory `host_path` to the guest under the name `guest_path` (e.g. "." or
 * "/data"); directories get guest fds 3, 4, ... in order. Opened by wasmrun_linker_define_wasi. */
wasmrun_error_t* wasmrun_wasi_config_preopen_dir(wasmrun_wasi_config_t* config,
                                                 const char* host_path, const char* guest_path);
/** The host descriptors behind guest fds 0, 1 and 2 (borrowed, never closed by wasmrun). */
wasmrun_error_t* wasmrun_wasi_config_set_stdio(wasmrun_wasi_config_t* config, int stdin_fd,
                                               int stdout_fd, int stderr_fd);
/** As wasmrun_wasi_config_preopen_dir, read-only: nothing beneath it can be changed, and
 * every write, create, rename, link, symlink, unlink, truncate or set-times there fails with
 * the WASI errno EPERM (63) (docs/WASI.md). */
wasmrun_error_t* wasmrun_wasi_config_preopen_dir_read_only(wasmrun_wasi_config_t* config,
                                                           const char* host_path,
                                                           const char* guest_path);
/** Guest fd 0 reads data[0, size) (copied), then end of file, instead of a host descriptor. */
wasmrun_error_t* wasmrun_wasi_config_set_stdin_bytes(wasmrun_wasi_config_t* config,
                                                     const uint8_t* data, size_t size);
/** Also defines "wasi_unstable".* (WASI preview 0, from older toolchains) on the same state. */
wasmrun_error_t* wasmrun_wasi_config_set_preview0(wasmrun_wasi_config_t* config, bool on);

/** A bounded in-memory buffer for a guest's stdout or stderr (wasmrun::WasiOutputBuffer): at
 * its limit a guest write stores what fits and reports that shorter count; a write when
 * nothing fits fails with EFBIG (22). Thread-safe. */
typedef struct wasmrun_wasi_output wasmrun_wasi_output_t;
/** A new empty buffer of at most `limit` bytes, or NULL when out of memory. */
wasmrun_wasi_output_t* wasmrun_wasi_output_new(size_t limit);
/** Frees the handle; configurations and stores it was given to keep the buffer. NULL is
 * ignored. */
void wasmrun_wasi_output_delete(wasmrun_wasi_output_t* output);
/** The number of bytes written so far (0 for NULL). */
size_t wasmrun_wasi_output_size(const wasmrun_wasi_output_t* output);
/** Copies the first min(size, capacity) bytes into buf; returns that count. */
size_t wasmrun_wasi_output_copy(const wasmrun_wasi_output_t* output, uint8_t* buf, size_t capacity);
/** Whether a guest write was cut short or refused at the limit. */
bool wasmrun_wasi_output_truncated(const wasmrun_wasi_output_t* output);
/** Empties the buffer and clears the truncated flag. */
void wasmrun_wasi_output_clear(wasmrun_wasi_output_t* output);
/** Guest fd `guest_fd` (1 or 2) writes into `output` instead of a host descriptor. */
wasmrun_error_t* wasmrun_wasi_config_set_output_buffer(wasmrun_wasi_config_t* config, int guest_fd,
                                                       const wasmrun_wasi_output_t* output);
/** Called with the bytes of each guest write (all of them count as written). It runs on the
 * guest's thread with the WASI state locked: it must not call into that guest's WASI again.
 * `env` must stay valid as long as the store. */
typedef void (*wasmrun_wasi_write_callback_t)(void* env, const uint8_t* data, size_t size);
/** Guest fd `guest_fd` (1 or 2) calls `callback` instead of writing to a host descriptor
 * (a callback wins over a buffer for the same fd). */
wasmrun_error_t* wasmrun_wasi_config_set_output_callback(wasmrun_wasi_config_t* config,
                                                         int guest_fd,
                                                         wasmrun_wasi_write_callback_t callback,
                                                         void* env);

/* ------------------------------------------------------------------------------------------ */
/* Instances                                                                                  */

/** Stores the exported function `name` in *out; false (and the null handle) if there is no
 * such function export or an argument is NULL. */
bool wasmrun_instance_get_func(const wasmrun_instance_t* instance, const char* name,
                               wasmrun_func_t* out);
/** Stores the exported memory `name` in *out; false as wasmrun_instance_get_func. */
bool wasmrun_instance_get_memory(const wasmrun_instance_t* instance, const char* name,
                                 wasmrun_memory_t* out);
/** Stores the exported global `name` in *out; false as wasmrun_instance_get_func. */
bool wasmrun_instance_get_global(const wasmrun_instance_t* instance, const char* name,
                                 wasmrun_global_t* out);
/** Stores the exported table `name` in *out; false as wasmrun_instance_get_func. */
bool wasmrun_instance_get_table(const wasmrun_instance_t* instance, const char* name,
                                wasmrun_table_t* out);
/** Stores in *out the memory host functions called from this instance see (its export
 * "memory", else its memory 0); false when it has none. */
bool wasmrun_instance_memory(const wasmrun_instance_t* instance, wasmrun_memory_t* out);

/* ------------------------------------------------------------------------------------------ */
/* Functions                                                                                  */

/** Calls `func` with args[0, num_args), each checked against its parameter's full type
 * (else a trap of kind HOST_ERROR naming the argument, and nothing runs). On success stores its
 * results in results[0, num_results); num_results must be its number of results (USAGE error
 * otherwise, before anything runs). A trap is returned as a TRAP error. */
wasmrun_error_t* wasmrun_func_call(const wasmrun_func_t* func, const wasmrun_val_t* args,
                                   size_t num_args, wasmrun_val_t* results, size_t num_results);
/** UNCHECKED, for bindings that check a signature once (wasmrun_func_type) and then call often:
 * arguments and results as raw 64-bit slots (i32 and f32 in the low 32 bits with the high bits
 * zero, i64 and f64 whole, a v128 as two slots, low half first). Only the slot counts are
 * checked (wasmrun_func_slot_counts; a trap of kind HOST_ERROR otherwise); the values are not:
 * a slot of a reference parameter must hold the bits of a reference of this store of that
 * type that an earlier unchecked call returned, anything else is undefined behaviour.
 * Reference results are not kept alive. Allocates nothing unless it traps. */
wasmrun_error_t* wasmrun_func_call_unchecked(const wasmrun_func_t* func, const uint64_t* args,
                                             size_t num_args, uint64_t* results,
                                             size_t num_results);
/** A call started with wasmrun_func_call_resumable that a host function suspended
 * (wasmrun_caller_suspend); owned by the caller (wasmrun_resumable_delete). */
typedef struct wasmrun_resumable wasmrun_resumable_t;
/** wasmrun_func_call, except that a host function the call's wasm calls directly may suspend
 * it (wasmrun_caller_suspend). Then *suspended receives a handle to resume it later (on this
 * thread or another) and `results` are not written; otherwise *suspended is NULL and the
 * results are stored. While a call of a store is suspended, every other call into the store's
 * wasm traps (HOST_ERROR "the store has a suspended call"). */
wasmrun_error_t* wasmrun_func_call_resumable(const wasmrun_func_t* func, const wasmrun_val_t* args,
                                             size_t num_args, wasmrun_val_t* results,
                                             size_t num_results, wasmrun_resumable_t** suspended);
/** Resumes `call` with the suspending host function's results (checked against its result
 * types: a HOST_ERROR trap, and the call stays suspended). Stores true in *finished (may be
 * NULL) and the call's results in results[0, num_results) when it finished, false when it
 * suspended again. A TRAP error when it trapped (the call is then over). */
wasmrun_error_t* wasmrun_resumable_resume(wasmrun_resumable_t* call,
                                          const wasmrun_val_t* host_results,
                                          size_t num_host_results, wasmrun_val_t* results,
                                          size_t num_results, bool* finished);
/** The host function that suspended `call`; false when it is not suspended. */
bool wasmrun_resumable_host_func(const wasmrun_resumable_t* call, wasmrun_func_t* out);
/** Frees `call`; a call still suspended is dropped (its wasm frames discarded, the store
 * callable again). NULL is ignored. Safe after the store is gone. */
void wasmrun_resumable_delete(wasmrun_resumable_t* call);

/** Stores the number of slots of the function's parameters and results (for
 * wasmrun_func_call_unchecked) in *num_params and *num_results (each may be NULL); false for a
 * NULL or null handle. */
bool wasmrun_func_slot_counts(const wasmrun_func_t* func, size_t* num_params, size_t* num_results);
/** The function's signature: stores its parameter and result counts in *num_params and
 * *num_results (each may be NULL), and copies up to params_cap and results_cap types into
 * `params` and `results` (each may be NULL when its cap is 0). */
wasmrun_error_t* wasmrun_func_type(const wasmrun_func_t* func, wasmrun_valtype_t* params,
                                   size_t params_cap, size_t* num_params,
                                   wasmrun_valtype_t* results, size_t results_cap,
                                   size_t* num_results);

/* ------------------------------------------------------------------------------------------ */
/* Memories                                                                                   */

/** The memory's bytes: wasmrun_memory_size of them. The base address never moves, even when
 * the memory grows. NULL for a NULL or null handle. */
uint8_t* wasmrun_memory_data(const wasmrun_memory_t* memory);
/** The current size in bytes (0 for NULL). */
uint64_t wasmrun_memory_size(const wasmrun_memory_t* memory);
/** The current size in pages (0 for NULL). */
uint64_t wasmrun_memory_pages(const wasmrun_memory_t* memory);
/** Grows the memory by `delta` zero-filled pages; stores the old size in pages in *old_pages
 * (may be NULL). RESOURCE error when the declared maximum or the host limit would be passed. */
wasmrun_error_t* wasmrun_memory_grow(const wasmrun_memory_t* memory, uint64_t delta,
                                     uint64_t* old_pages);
/** Copies `size` bytes at `offset` to `out`; OUT_OF_BOUNDS error if any is outside. */
wasmrun_error_t* wasmrun_memory_read(const wasmrun_memory_t* memory, uint64_t offset, void* out,
                                     size_t size);
/** Copies `size` bytes from `in` to `offset`; OUT_OF_BOUNDS error (nothing written) if any is
 * outside. */
wasmrun_error_t* wasmrun_memory_write(const wasmrun_memory_t* memory, uint64_t offset,
                                      const void* in, size_t size);

/* ------------------------------------------------------------------------------------------ */
/* Globals                                                                                    */

/** Stores the global's value type in *type and its mutability in *is_mutable (each may be
 * NULL). */
wasmrun_error_t* wasmrun_global_type(const wasmrun_global_t* global, wasmrun_valtype_t* type,
                                     bool* is_mutable);
/** Creates a global in `store` of type `type` (mutable if `is_mutable`) holding `init`
 * (checked against the type; USAGE error on a mismatch or a CONCRETEREF type). */
wasmrun_error_t* wasmrun_global_new(wasmrun_store_t* store, wasmrun_valtype_t type, bool is_mutable,
                                    const wasmrun_val_t* init, wasmrun_global_t* out);
/** Stores the global's current value in *out. */
wasmrun_error_t* wasmrun_global_get(const wasmrun_global_t* global, wasmrun_val_t* out);
/** Sets the global; USAGE error if it is immutable or `value` is not of its type. */
wasmrun_error_t* wasmrun_global_set(const wasmrun_global_t* global, const wasmrun_val_t* value);

/* ------------------------------------------------------------------------------------------ */
/* Tables                                                                                     */

/** The current number of elements (0 for NULL). */
uint64_t wasmrun_table_size(const wasmrun_table_t* table);
/** Stores the element at `index` in *out; OUT_OF_BOUNDS error past the end. */
wasmrun_error_t* wasmrun_table_get(const wasmrun_table_t* table, uint64_t index,
                                   wasmrun_val_t* out);
/** Sets the element at `index`; OUT_OF_BOUNDS past the end, USAGE for a value not of the
 * table's element type. */
wasmrun_error_t* wasmrun_table_set(const wasmrun_table_t* table, uint64_t index,
                                   const wasmrun_val_t* value);
/** Grows the table by `delta` elements set to `init`; stores the old size in *old_size (may be
 * NULL). RESOURCE error when the maximum or the host limit would be passed. */
wasmrun_error_t* wasmrun_table_grow(const wasmrun_table_t* table, uint64_t delta,
                                    const wasmrun_val_t* init, uint64_t* old_size);

/* ------------------------------------------------------------------------------------------ */
/* Tags                                                                                       */

/** Creates an exception tag in `store` whose exceptions carry values of types
 * params[0, num_params) (numbers, v128, abstract references); a new tag is distinct from
 * every other. Modules import it to throw and catch the same exceptions. */
wasmrun_error_t* wasmrun_tag_new(wasmrun_store_t* store, const wasmrun_valtype_t* params,
                                 size_t num_params, wasmrun_tag_t* out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASMRUN_WASMRUN_H_ */
