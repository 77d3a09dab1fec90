/* async_host: an event-loop host on the C API's resumable calls. Each request runs in its own
 * plugin store; the plugin's "io_read" host function does not block: it records what to read
 * and suspends the guest (wasmrun_caller_suspend). The loop completes the reads in arrival
 * order, resumes each call with its data, and collects the results. Exits non-zero on any
 * mismatch, so ctest runs it as a test (example.async_host).
 *
 * Compiled as C99. */
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

static bool ok(wasmrun_error_t* err, int line) {
  if (err == NULL) return true;
  fprintf(stderr, "%s:%d: %s\n", __FILE__, line, wasmrun_error_describe(err));
  wasmrun_error_delete(err);
  ++failures;
  return false;
}
#define OK(expr) ok((expr), __LINE__)

/* handle(req): three reads, of keys req*10, req*10+1, req*10+2; returns the sum of the data. */
static const char kPlugin[] =
    "(module\n"
    "  (import \"host\" \"io_read\" (func $read (param i32) (result i32)))\n"
    "  (func (export \"handle\") (param $req i32) (result i32) (local $i i32) (local $sum i32)\n"
    "    (loop $next\n"
    "      (local.set $sum (i32.add (local.get $sum)\n"
    "        (call $read (i32.add (i32.mul (local.get $req) (i32.const 10)) (local.get $i)))))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br_if $next (i32.lt_u (local.get $i) (i32.const 3))))\n"
    "    (local.get $sum)))\n";

enum { kRequests = 8 };

/* One request in flight: its store, its suspended call and the key it waits for. */
struct request {
  int id;
  wasmrun_store_t* store;
  wasmrun_linker_t* linker;
  wasmrun_func_t handle;
  wasmrun_resumable_t* call;
  int32_t waiting_for;
  int reads;
};

/* The plugin's read: remembers the key and suspends; the loop supplies the data. */
static wasmrun_trap_t* io_read(void* data, wasmrun_caller_t* caller, const wasmrun_val_t* args,
                               size_t num_args, wasmrun_val_t* results, size_t num_results) {
  struct request* r = (struct request*)wasmrun_caller_data(caller);
  wasmrun_error_t* err;
  (void)data;
  (void)results;
  if (r == NULL || num_args != 1 || num_results != 1) return wasmrun_trap_new("io_read: misuse");
  err = wasmrun_caller_suspend(caller);
  if (err != NULL) {
    wasmrun_error_delete(err);
    return wasmrun_trap_new("io_read: cannot suspend");
  }
  r->waiting_for = args[0].of.i32;
  r->reads++;
  return NULL;
}

/* The "I/O": the data for a key. */
static int32_t DataFor(int32_t key) {
  return key * 2 + 1;
}

int main(void) {
  const wasmrun_valtype_t i32[1] = {{WASMRUN_I32}};
  wasmrun_engine_t* engine = wasmrun_engine_new(NULL);
  wasmrun_module_t* module = NULL;
  struct request reqs[kRequests];
  int queue[kRequests * 4];
  int head = 0, tail = 0, finished = 0, i;

  CHECK(engine != NULL);
  if (!OK(wasmrun_module_from_wat(engine, kPlugin, strlen(kPlugin), &module))) return 1;

  /* Start every request: each suspends at its first read. */
  for (i = 0; i < kRequests; ++i) {
    struct request* r = &reqs[i];
    wasmrun_instance_t instance;
    wasmrun_val_t arg, result;
    memset(r, 0, sizeof *r);
    r->id = i;
    r->store = wasmrun_store_new(engine);
    r->linker = wasmrun_linker_new(r->store);
    wasmrun_store_set_data(r->store, r);
    OK(wasmrun_linker_define_host(r->linker, "host", "io_read", i32, 1, i32, 1, io_read, NULL,
                                  NULL, NULL));
    if (!OK(wasmrun_linker_instantiate(r->linker, module, &instance))) return 1;
    CHECK(wasmrun_instance_get_func(&instance, "handle", &r->handle));
    memset(&arg, 0, sizeof arg);
    arg.kind = WASMRUN_I32;
    arg.of.i32 = i;
    if (!OK(wasmrun_func_call_resumable(&r->handle, &arg, 1, &result, 1, &r->call))) return 1;
    CHECK(r->call != NULL); /* suspended at its first read */
    CHECK(r->waiting_for == i * 10);
    queue[tail++] = i;
  }

  /* While suspended, the store refuses other calls into it. */
  {
    wasmrun_val_t arg, result;
    wasmrun_error_t* err;
    memset(&arg, 0, sizeof arg);
    arg.kind = WASMRUN_I32;
    err = wasmrun_func_call(&reqs[0].handle, &arg, 1, &result, 1);
    CHECK(err != NULL && strstr(wasmrun_error_message(err), "suspended call") != NULL);
    wasmrun_error_delete(err);
  }

  /* The event loop: complete reads in arrival order and resume. */
  while (head != tail) {
    struct request* r = &reqs[queue[head++]];
    wasmrun_val_t data, result;
    bool done = false;
    wasmrun_func_t host;
    CHECK(wasmrun_resumable_host_func(r->call, &host));
    memset(&data, 0, sizeof data);
    data.kind = WASMRUN_I32;
    data.of.i32 = DataFor(r->waiting_for);
    memset(&result, 0, sizeof result);
    if (!OK(wasmrun_resumable_resume(r->call, &data, 1, &result, 1, &done))) return 1;
    if (!done) {
      queue[tail++] = r->id; /* waiting for its next read */
      continue;
    }
    ++finished;
    CHECK(r->reads == 3);
    /* keys 10i, 10i+1, 10i+2 -> data 2k+1 each: 60i + 9 */
    CHECK(result.kind == WASMRUN_I32 && result.of.i32 == 60 * r->id + 9);
    wasmrun_resumable_delete(r->call);
    r->call = NULL;
  }
  CHECK(finished == kRequests);

  /* A call dropped while suspended frees its store for other calls. */
  {
    struct request* r = &reqs[0];
    wasmrun_val_t arg, result;
    wasmrun_resumable_t* call = NULL;
    memset(&arg, 0, sizeof arg);
    arg.kind = WASMRUN_I32;
    arg.of.i32 = 5;
    OK(wasmrun_func_call_resumable(&r->handle, &arg, 1, &result, 1, &call));
    CHECK(call != NULL);
    wasmrun_resumable_delete(call);
    r->reads = 0;
    OK(wasmrun_func_call_resumable(&r->handle, &arg, 1, &result, 1, &call));
    CHECK(call != NULL && r->waiting_for == 50);
    wasmrun_resumable_delete(call);
  }

  /* A plain call cannot suspend: io_read gets a USAGE error and traps. */
  {
    wasmrun_val_t arg, result;
    wasmrun_error_t* err;
    memset(&arg, 0, sizeof arg);
    arg.kind = WASMRUN_I32;
    err = wasmrun_func_call(&reqs[1].handle, &arg, 1, &result, 1);
    CHECK(err != NULL && strstr(wasmrun_error_message(err), "cannot suspend") != NULL);
    wasmrun_error_delete(err);
  }

  for (i = 0; i < kRequests; ++i) {
    wasmrun_linker_delete(reqs[i].linker);
    wasmrun_store_delete(reqs[i].store);
  }
  wasmrun_module_delete(module);
  wasmrun_engine_delete(engine);
  if (failures == 0) printf("async_host: %d requests, each suspended 3 times: ok\n", kRequests);
  return failures == 0 ? 0 : 1;
}
