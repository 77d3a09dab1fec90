/* bench/embed: the C API's calls of a trivial export, checked (wasmrun_func_call) and
 * unchecked (wasmrun_func_call_unchecked). Called from embed_bench.cc. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "wasmrun/wasmrun.h"

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Calls `add` of `wat` n times each way; stores ns per call in out[0] (checked) and out[1]
 * (unchecked, or -1 when the C API has none). Returns 0 on success. */
int wr_bench_c_calls(const char* wat, long n, double out[2]) {
  wasmrun_config_t config;
  wasmrun_engine_t* engine;
  wasmrun_module_t* module = NULL;
  wasmrun_store_t* store;
  wasmrun_linker_t* linker;
  wasmrun_instance_t instance;
  wasmrun_func_t add;
  wasmrun_error_t* err;
  wasmrun_val_t args[2], result;
  int32_t sum = 0;
  long i;
  double t0;

  wasmrun_config_init(&config);
  engine = wasmrun_engine_new(&config);
  err = wasmrun_module_from_wat(engine, wat, strlen(wat), &module);
  if (err != NULL) {
    fprintf(stderr, "%s\n", wasmrun_error_describe(err));
    return 1;
  }
  store = wasmrun_store_new(engine);
  linker = wasmrun_linker_new(store);
  if (wasmrun_linker_instantiate(linker, module, &instance) != NULL) return 1;
  if (!wasmrun_instance_get_func(&instance, "add", &add)) return 1;

  args[0].kind = WASMRUN_I32;
  args[1].kind = WASMRUN_I32;
  args[1].of.i32 = 1;
  t0 = now_seconds();
  for (i = 0; i < n; ++i) {
    args[0].of.i32 = (int32_t)i;
    err = wasmrun_func_call(&add, args, 2, &result, 1);
    if (err != NULL) return 1;
    sum += result.of.i32;
  }
  out[0] = (now_seconds() - t0) * 1e9 / (double)n;

#ifndef WR_BENCH_BASELINE
  {
    uint64_t in[2] = {0, 1}, res[1] = {0};
    t0 = now_seconds();
    for (i = 0; i < n; ++i) {
      in[0] = (uint32_t)i;
      err = wasmrun_func_call_unchecked(&add, in, 2, res, 1);
      if (err != NULL) return 1;
      sum += (int32_t)(uint32_t)res[0];
    }
    out[1] = (now_seconds() - t0) * 1e9 / (double)n;
  }
#else
  out[1] = -1;
#endif
  if (sum == 12345) printf(" ");  /* keeps the calls observable */
  wasmrun_linker_delete(linker);
  wasmrun_store_delete(store);
  wasmrun_module_delete(module);
  wasmrun_engine_delete(engine);
  return 0;
}
