/* example_embed_c: examples/embed.cc written against the C API (include/wasmrun/wasmrun.h).
 *
 * It compiles a module (the text below, or a .wasm/.wat file given as argv[1] that imports and
 * exports the same things), gives it one host function, instantiates it, calls an export and
 * reads the guest's linear memory from the host.
 *
 *   $ example_embed_c
 *   guest says: hello from wasm
 *   run(20) = 21
 *   memory[0..4) = 40
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "wasmrun/wasmrun.h"

/* A guest that logs a string through the host, stores 2*x at address 0 and returns x+1. */
static const char kGuest[] =
    "(module\n"
    "  (import \"env\" \"log\" (func $log (param i32 i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (data (i32.const 16) \"hello from wasm\")\n"
    "  (func (export \"run\") (param $x i32) (result i32)\n"
    "    (call $log (i32.const 16) (i32.const 15))\n"
    "    (i32.store (i32.const 0) (i32.mul (local.get $x) (i32.const 2)))\n"
    "    (i32.add (local.get $x) (i32.const 1))))\n";

/* env.log(ptr, len): prints guest memory [ptr, ptr+len). Every guest pointer goes through a
 * bounds-checked read; a bad one becomes a trap in the guest, not a crash in the host. */
static wasmrun_trap_t* log_callback(void* data, wasmrun_caller_t* caller, const wasmrun_val_t* args,
                                    size_t num_args, wasmrun_val_t* results, size_t num_results) {
  char text[256];
  uint32_t ptr = (uint32_t)args[0].of.i32;
  uint32_t len = (uint32_t)args[1].of.i32;
  wasmrun_memory_t memory;
  wasmrun_error_t* err;
  (void)data;
  (void)num_args;
  (void)results;
  (void)num_results;
  if (!wasmrun_caller_memory(caller, &memory)) return wasmrun_trap_new("env.log: no memory");
  if (len >= sizeof text) return wasmrun_trap_new("env.log: string too long");
  err = wasmrun_memory_read(&memory, ptr, text, len);
  if (err != NULL) {
    wasmrun_trap_t* trap = wasmrun_trap_new(wasmrun_error_message(err));
    wasmrun_error_delete(err);
    return trap;
  }
  text[len] = '\0';
  printf("guest says: %s\n", text);
  return NULL;
}

/* Prints and frees `err`; returns the exit status for it. */
static int fail(wasmrun_error_t* err, const char* what) {
  fprintf(stderr, "example_embed_c: %s\n", err != NULL ? wasmrun_error_describe(err) : what);
  wasmrun_error_delete(err);
  return 1;
}

int main(int argc, char** argv) {
  const wasmrun_valtype_t log_params[2] = {wasmrun_valtype(WASMRUN_I32), wasmrun_valtype(WASMRUN_I32)};
  wasmrun_config_t config;
  wasmrun_engine_t* engine;
  wasmrun_module_t* module = NULL;
  wasmrun_store_t* store = NULL;
  wasmrun_linker_t* linker = NULL;
  wasmrun_instance_t instance;
  wasmrun_func_t run;
  wasmrun_memory_t memory;
  wasmrun_val_t arg, result;
  wasmrun_error_t* err;
  int32_t stored = 0;
  int status = 1;

  wasmrun_config_init(&config);
  config.limits.max_memory_pages = 256; /* 16 MiB is plenty for this guest */
  engine = wasmrun_engine_new(&config);
  if (engine == NULL) return fail(NULL, "out of memory");

  err = argc > 1 ? wasmrun_module_from_file(engine, argv[1], &module)
                 : wasmrun_module_from_wat(engine, kGuest, strlen(kGuest), &module);
  if (err != NULL) {
    status = fail(err, NULL);
    goto done;
  }

  store = wasmrun_store_new(engine);
  linker = wasmrun_linker_new(store);
  if (store == NULL || linker == NULL) {
    status = fail(NULL, "out of memory");
    goto done;
  }
  err = wasmrun_linker_define_host(linker, "env", "log", log_params, 2, NULL, 0, log_callback, NULL,
                                   NULL, NULL);
  if (err == NULL) err = wasmrun_linker_instantiate(linker, module, &instance);
  if (err != NULL) {
    status = fail(err, NULL);
    goto done;
  }

  if (!wasmrun_instance_get_func(&instance, "run", &run)) {
    status = fail(NULL, "the module has no exported function \"run\"");
    goto done;
  }
  memset(&arg, 0, sizeof arg);
  arg.kind = WASMRUN_I32;
  arg.of.i32 = 20;
  err = wasmrun_func_call(&run, &arg, 1, &result, 1);
  if (err != NULL) {
    status = fail(err, NULL);
    goto done;
  }
  printf("run(20) = %d\n", (int)result.of.i32);

  if (!wasmrun_instance_get_memory(&instance, "memory", &memory)) {
    status = fail(NULL, "the module exports no memory");
    goto done;
  }
  err = wasmrun_memory_read(&memory, 0, &stored, sizeof stored);
  if (err != NULL) {
    status = fail(err, NULL);
    goto done;
  }
  printf("memory[0..4) = %d\n", (int)stored);
  status = 0;

done:
  /* Handles need no freeing: the instance, function and memory go with the store. */
  wasmrun_linker_delete(linker);
  wasmrun_store_delete(store);
  wasmrun_module_delete(module);
  wasmrun_engine_delete(engine);
  return status;
}
