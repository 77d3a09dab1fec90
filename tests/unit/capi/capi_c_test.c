/* capi_c_test: the C API from a program compiled as C99. Loads a WAT module, defines a host
 * function, calls an export and reads the guest's memory; exits non-zero on any mismatch. */
#include <stdio.h>
#include <string.h>

#include "wasmrun/wasmrun.h"

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

/* Reports and frees `err`; true if there was none. */
static bool ok(wasmrun_error_t* err, int line) {
  if (err == NULL) return true;
  fprintf(stderr, "%s:%d: %s\n", __FILE__, line, wasmrun_error_describe(err));
  wasmrun_error_delete(err);
  ++failures;
  return false;
}
#define OK(expr) ok((expr), __LINE__)

static const char kGuest[] =
    "(module\n"
    "  (import \"env\" \"add\" (func $add (param i32 i32) (result i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (func (export \"run\") (param $x i32) (result i32)\n"
    "    (i32.store (i32.const 16) (call $add (local.get $x) (i32.const 100)))\n"
    "    (i32.load (i32.const 16))))\n";

struct counter {
  int calls;
  int finalized;
};

static wasmrun_trap_t* add(void* data, wasmrun_caller_t* caller, const wasmrun_val_t* args,
                           size_t num_args, wasmrun_val_t* results, size_t num_results) {
  struct counter* c = (struct counter*)data;
  wasmrun_memory_t memory;
  c->calls++;
  if (num_args != 2 || num_results != 1) return wasmrun_trap_new("add: wrong arity");
  if (!wasmrun_caller_memory(caller, &memory)) return wasmrun_trap_new("add: no memory");
  results[0].of.i32 = args[0].of.i32 + args[1].of.i32;
  return NULL;
}

static void finalize(void* data) {
  ((struct counter*)data)->finalized++;
}

int main(void) {
  struct counter counter = {0, 0};
  const wasmrun_valtype_t params[2] = {{WASMRUN_I32}, {WASMRUN_I32}};
  const wasmrun_valtype_t results[1] = {{WASMRUN_I32}};
  wasmrun_config_t config;
  wasmrun_engine_t* engine;
  wasmrun_module_t* module = NULL;
  wasmrun_store_t* store;
  wasmrun_linker_t* linker;
  wasmrun_instance_t instance;
  wasmrun_func_t run;
  wasmrun_memory_t memory;
  wasmrun_val_t arg, result;
  int32_t stored = 0;

  wasmrun_config_init(&config);
  config.limits.max_memory_pages = 16;
  engine = wasmrun_engine_new(&config);
  CHECK(engine != NULL);
  if (!OK(wasmrun_module_from_wat(engine, kGuest, strlen(kGuest), &module))) return 1;
  store = wasmrun_store_new(engine);
  linker = wasmrun_linker_new(store);
  CHECK(store != NULL && linker != NULL);
  OK(wasmrun_linker_define_host(linker, "env", "add", params, 2, results, 1, add, &counter,
                                finalize, NULL));
  if (!OK(wasmrun_linker_instantiate(linker, module, &instance))) return 1;

  CHECK(wasmrun_instance_get_func(&instance, "run", &run));
  memset(&arg, 0, sizeof arg);
  arg.kind = WASMRUN_I32;
  arg.of.i32 = 23;
  if (OK(wasmrun_func_call(&run, &arg, 1, &result, 1))) {
    CHECK(result.kind == WASMRUN_I32);
    CHECK(result.of.i32 == 123);
  }
  CHECK(counter.calls == 1);

  CHECK(wasmrun_instance_get_memory(&instance, "memory", &memory));
  CHECK(wasmrun_memory_size(&memory) == 65536);
  OK(wasmrun_memory_read(&memory, 16, &stored, sizeof stored));
  CHECK(stored == 123);
  memcpy(&stored, wasmrun_memory_data(&memory) + 16, sizeof stored);
  CHECK(stored == 123);

  /* A call with a NULL function is an error, not a crash. */
  {
    wasmrun_error_t* err = wasmrun_func_call(NULL, NULL, 0, NULL, 0);
    CHECK(err != NULL && wasmrun_error_kind(err) == WASMRUN_ERROR_USAGE);
    wasmrun_error_delete(err);
  }

  wasmrun_linker_delete(linker);
  CHECK(counter.finalized == 0);
  wasmrun_store_delete(store);
  CHECK(counter.finalized == 1);
  wasmrun_module_delete(module);
  wasmrun_engine_delete(engine);
  if (failures == 0) printf("capi_c_test: ok\n");
  return failures == 0 ? 0 : 1;
}
