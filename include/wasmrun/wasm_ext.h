/* wasmrun's extensions to the standard C API (wasm.h): WASI preview1 imports for a module,
 * fuel, interruption from another thread, and resource limits per store.
 *
 * Everything here works on wasm.h's objects; names start with wasmrun_ext_ to keep them apart
 * from the standard's and from wasmrun.h's. Functions that can fail return an owned wasm_trap_t*
 * whose message says why (NULL on success), since wasm.h has no error type.
 */
#ifndef WASMRUN_WASM_EXT_H
#define WASMRUN_WASM_EXT_H

#include "wasm.h"

#ifdef __cplusplus
extern "C" {
#endif

#define own /* ownership transfer, as in wasm.h */

/* Value kinds wasmrun reports for types the standard has no kind for (wasm_valtype_kind of a
 * module's import or export, wasm_val_t.kind of a value read from wasm). Values of these kinds
 * cannot be passed in through wasm.h: a call with such a parameter traps. */
enum wasmrun_ext_valkind_enum {
  WASMRUN_V128 = 4,     /* v128 (the value reads as zero) */
  WASMRUN_ANYREF = 130, /* a reference of the any hierarchy (GC: any, eq, i31, struct, array) */
  WASMRUN_EXNREF = 131, /* an exception reference */
};

/* ---------------------------------------------------------------------------------------------
 * Configuration and limits */

/* Limits that keep untrusted code from exhausting the host (wasmrun::ResourceLimits). */
typedef struct wasmrun_ext_limits_t {
  uint32_t max_call_depth;    /* wasm frames */
  uint64_t max_stack_slots;   /* interpreter value stack, in 64-bit slots */
  uint64_t max_memory_pages;  /* per memory, in 64 KiB pages */
  uint64_t max_table_entries; /* each table, and a store's tables together */
  uint64_t max_gc_bytes;      /* live GC heap of a store */
} wasmrun_ext_limits_t;

/* The default limits. */
WASM_API_EXTERN void wasmrun_ext_limits_default(wasmrun_ext_limits_t* out);

/* Sets the limits of the stores of engines made with `config`. */
WASM_API_EXTERN void wasmrun_ext_config_set_limits(wasm_config_t* config,
                                                   const wasmrun_ext_limits_t* limits);
/* Compiles code with checks of fuel and of the interrupt flag (off by default): needed for
 * wasmrun_ext_store_set_fuel and wasmrun_ext_interrupt to stop running wasm. */
WASM_API_EXTERN void wasmrun_ext_config_set_interruptible(wasm_config_t* config, bool on);

/* A store of `engine` with its own `limits` instead of the engine's. */
WASM_API_EXTERN own wasm_store_t* wasmrun_ext_store_new_with_limits(
    wasm_engine_t* engine, const wasmrun_ext_limits_t* limits);

/* ---------------------------------------------------------------------------------------------
 * Fuel and interruption (code compiled with wasmrun_ext_config_set_interruptible) */

/* Gives the store `fuel` units (about one per instruction); running out traps with
 * "out of fuel". Unlimited until set. False (and nothing set) when the engine's code does not
 * check fuel (not interruptible): fuel is never silently ignored. */
WASM_API_EXTERN bool wasmrun_ext_store_set_fuel(wasm_store_t* store, uint64_t fuel);
/* The fuel left (UINT64_MAX/2 or more: unlimited). */
WASM_API_EXTERN uint64_t wasmrun_ext_store_fuel(const wasm_store_t* store);

/* Drops `instance` before its store (wasmrun::Store::DropInstance), for a host that replaces
 * plugins in a long-lived store: its memories, table entries and segments are freed at once;
 * its functions (wasm_func_t handles too) then trap with "instance dropped", its memories and
 * tables are empty. wasm_instance_delete only deletes a handle; this frees the instance.
 * NULL on success, else an owned trap saying why nothing was dropped (already dropped, a call
 * running, or a live instance imports something it defines). */
WASM_API_EXTERN own wasm_trap_t* wasmrun_ext_instance_drop(wasm_instance_t* instance);

/* A handle that stops the store's running wasm from any thread: the running call traps with
 * "interrupted" at its next check (or the next call, if none is running). The handle may
 * outlive the store (then interrupting does nothing). */
typedef struct wasmrun_ext_interrupt_handle_t wasmrun_ext_interrupt_handle_t;
WASM_API_EXTERN own wasmrun_ext_interrupt_handle_t* wasmrun_ext_store_interrupt_handle(
    const wasm_store_t* store);
/* False when the store's engine is not interruptible (nothing would stop). */
WASM_API_EXTERN bool wasmrun_ext_interrupt(const wasmrun_ext_interrupt_handle_t* handle);
WASM_API_EXTERN void wasmrun_ext_interrupt_handle_delete(
    own wasmrun_ext_interrupt_handle_t* handle);

/* ---------------------------------------------------------------------------------------------
 * WASI preview1 */

/* What a WASI guest may see of the host: nothing beyond what is added here. */
typedef struct wasmrun_ext_wasi_config_t wasmrun_ext_wasi_config_t;
WASM_API_EXTERN own wasmrun_ext_wasi_config_t* wasmrun_ext_wasi_config_new(void);
WASM_API_EXTERN void wasmrun_ext_wasi_config_delete(own wasmrun_ext_wasi_config_t* config);
/* Appends to the guest's argv (conventionally the program name first). */
WASM_API_EXTERN void wasmrun_ext_wasi_config_push_arg(wasmrun_ext_wasi_config_t* config,
                                                      const char* arg);
/* Appends an environment entry "NAME=VALUE". */
WASM_API_EXTERN void wasmrun_ext_wasi_config_push_env(wasmrun_ext_wasi_config_t* config,
                                                      const char* entry);
/* Grants the host directory `host_path` to the guest as `guest_path` (fds 3, 4, ... in
 * order); it is opened when the imports are built. */
WASM_API_EXTERN void wasmrun_ext_wasi_config_preopen_dir(wasmrun_ext_wasi_config_t* config,
                                                         const char* host_path,
                                                         const char* guest_path);
/* The host descriptors behind the guest's fds 0, 1, 2 (borrowed, not closed; default 0, 1, 2). */
WASM_API_EXTERN void wasmrun_ext_wasi_config_set_stdio(wasmrun_ext_wasi_config_t* config,
                                                       int stdin_fd, int stdout_fd, int stderr_fd);

/* As wasmrun_ext_wasi_config_preopen_dir, read-only: nothing beneath it can be changed, and
 * every write, create, rename, link, symlink, unlink, truncate or set-times there fails with
 * the WASI errno EPERM (63). */
WASM_API_EXTERN void wasmrun_ext_wasi_config_preopen_dir_read_only(
    wasmrun_ext_wasi_config_t* config, const char* host_path, const char* guest_path);
/* Guest fd 0 reads data[0, size) (copied), then end of file, instead of a host descriptor. */
WASM_API_EXTERN void wasmrun_ext_wasi_config_set_stdin_bytes(wasmrun_ext_wasi_config_t* config,
                                                             const uint8_t* data, size_t size);

/* A bounded in-memory buffer for a guest's stdout or stderr: at its limit a guest write stores
 * what fits and reports that shorter count; a write when nothing fits fails with EFBIG (22).
 * Thread-safe; deleting the handle does not take the buffer from configs it was given to. */
typedef struct wasmrun_ext_wasi_output_t wasmrun_ext_wasi_output_t;
WASM_API_EXTERN own wasmrun_ext_wasi_output_t* wasmrun_ext_wasi_output_new(size_t limit);
WASM_API_EXTERN void wasmrun_ext_wasi_output_delete(own wasmrun_ext_wasi_output_t* output);
/* The bytes written so far, and a copy of the first min(size, capacity) of them. */
WASM_API_EXTERN size_t wasmrun_ext_wasi_output_size(const wasmrun_ext_wasi_output_t* output);
WASM_API_EXTERN size_t wasmrun_ext_wasi_output_copy(const wasmrun_ext_wasi_output_t* output,
                                                    uint8_t* buf, size_t capacity);
/* Whether a guest write was cut short or refused at the limit. */
WASM_API_EXTERN bool wasmrun_ext_wasi_output_truncated(const wasmrun_ext_wasi_output_t* output);
WASM_API_EXTERN void wasmrun_ext_wasi_output_clear(wasmrun_ext_wasi_output_t* output);
/* Guest fd `guest_fd` (1 or 2) writes into `output`; false for another fd or NULL. */
WASM_API_EXTERN bool wasmrun_ext_wasi_config_set_output_buffer(
    wasmrun_ext_wasi_config_t* config, int guest_fd, const wasmrun_ext_wasi_output_t* output);
/* Guest fd `guest_fd` (1 or 2) calls `callback(env, data, size)` with each write (all of it
 * counts as written; a callback wins over a buffer). It runs on the guest's thread with the
 * WASI state locked, so it must not call into that guest's WASI again; `env` must outlive the
 * store. False for another fd or NULL. */
typedef void (*wasmrun_ext_wasi_write_callback_t)(void* env, const uint8_t* data, size_t size);
WASM_API_EXTERN bool wasmrun_ext_wasi_config_set_output_callback(
    wasmrun_ext_wasi_config_t* config, int guest_fd, wasmrun_ext_wasi_write_callback_t callback,
    void* env);

/* Builds the imports of `module` for wasm_instance_new in `store`: every import of
 * "wasi_snapshot_preview1" (or of "wasi_unstable", WASI preview 0) gets the WASI function (its
 * state lives as long as the store), and every other import is left NULL in `out` for the host to
 * fill before instantiating. Returns NULL on success, else a trap saying why (a preopened directory
 * cannot be opened); `out` is then empty. A guest's proc_exit(n) ends its call with a trap for
 * which wasmrun_ext_trap_exit_status gives n. */
WASM_API_EXTERN own wasm_trap_t* wasmrun_ext_wasi_imports(wasm_store_t* store,
                                                          const wasm_module_t* module,
                                                          const wasmrun_ext_wasi_config_t* config,
                                                          own wasm_extern_vec_t* out);

/* True if `trap` is a WASI proc_exit (or a host's exit), with the status in *status. */
WASM_API_EXTERN bool wasmrun_ext_trap_exit_status(const wasm_trap_t* trap, int32_t* status);

#undef own

#ifdef __cplusplus
}  // extern "C"
#endif

#endif /* WASMRUN_WASM_EXT_H */
