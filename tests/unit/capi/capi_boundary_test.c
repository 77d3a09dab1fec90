/* capi_boundary_test: the host boundary through the C API, from a C99 program. Every value a C
 * host hands to wasm is checked against the declared type; references of every hierarchy
 * come back out (a struct is no longer reported as null) and can be passed back in. Exits
 * non-zero on any mismatch. */
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

/* Expects `err` to be a HOST_ERROR trap (the boundary refused an argument) and frees it. */
static void refused(wasmrun_error_t* err, int line) {
  if (err == NULL) {
    fprintf(stderr, "%s:%d: a mismatched value was accepted\n", __FILE__, line);
    ++failures;
    return;
  }
  if (wasmrun_error_kind(err) != WASMRUN_ERROR_TRAP ||
      wasmrun_trap_kind(wasmrun_error_trap(err)) != WASMRUN_TRAP_HOST_ERROR) {
    fprintf(stderr, "%s:%d: wrong failure: %s\n", __FILE__, line, wasmrun_error_describe(err));
    ++failures;
  }
  wasmrun_error_delete(err);
}
#define REFUSED(expr) refused((expr), __LINE__)

static const char kGuest[] =
    "(module\n"
    "  (type $s (struct (field i32)))\n"
    "  (type $f (func (result i32)))\n"
    "  (type $g (func (param i32) (result i32)))\n"
    "  (func $seven (type $f) (i32.const 7))\n"
    "  (func $inc (type $g) (i32.add (local.get 0) (i32.const 1)))\n"
    "  (elem declare func $seven $inc)\n"
    "  (func (export \"make_s\") (result (ref $s)) (struct.new $s (i32.const 42)))\n"
    "  (func (export \"seven\") (result (ref $f)) (ref.func $seven))\n"
    "  (func (export \"inc\") (result (ref $g)) (ref.func $inc))\n"
    "  (func (export \"call_f\") (param (ref $f)) (result i32) (call_ref $f (local.get 0)))\n"
    "  (func (export \"get_s\") (param (ref $s)) (result i32) (struct.get $s 0 (local.get 0)))\n"
    "  (func (export \"i31\") (param (ref i31)) (result i32) (i31.get_s (local.get 0)))\n"
    "  (func (export \"ext\") (param (ref extern)) (result i32) (i32.const 1))\n"
    "  (func (export \"to_extern\") (param anyref) (result externref)\n"
    "    (extern.convert_any (local.get 0)))\n"
    "  (func (export \"to_any\") (param externref) (result anyref)\n"
    "    (any.convert_extern (local.get 0))))\n";

static wasmrun_instance_t instance;

static wasmrun_func_t fn(const char* name) {
  wasmrun_func_t f;
  memset(&f, 0, sizeof f);
  CHECK(wasmrun_instance_get_func(&instance, name, &f));
  return f;
}

/* Calls a one-result export with no arguments. */
static wasmrun_val_t make(const char* name) {
  wasmrun_func_t f = fn(name);
  wasmrun_val_t out;
  memset(&out, 0, sizeof out);
  OK(wasmrun_func_call(&f, NULL, 0, &out, 1));
  return out;
}

/* Calls a one-argument, one-result export. */
static wasmrun_error_t* call1(const char* name, wasmrun_val_t arg, wasmrun_val_t* out) {
  wasmrun_func_t f = fn(name);
  return wasmrun_func_call(&f, &arg, 1, out, 1);
}

static wasmrun_trap_t* ignore(void* data, wasmrun_caller_t* caller, const wasmrun_val_t* args,
                              size_t num_args, wasmrun_val_t* results, size_t num_results) {
  (void)data, (void)caller, (void)args, (void)num_args, (void)results, (void)num_results;
  return NULL;
}

int main(void) {
  wasmrun_engine_t* engine = wasmrun_engine_new(NULL);
  wasmrun_store_t* store = wasmrun_store_new(engine);
  wasmrun_linker_t* linker = wasmrun_linker_new(store);
  wasmrun_module_t* module = NULL;
  wasmrun_val_t s, seven, inc, out, x;
  wasmrun_valtype_t params[1];
  size_t np = 0;
  wasmrun_func_t f;
  int32_t i = 0;
  if (!OK(wasmrun_module_from_wat(engine, kGuest, strlen(kGuest), &module))) return 1;
  if (!OK(wasmrun_linker_instantiate(linker, module, &instance))) return 1;

  /* Types name concrete types, nullability and what they define. */
  f = fn("call_f");
  OK(wasmrun_func_type(&f, params, 1, &np, NULL, 0, NULL));
  CHECK(np == 1);
  CHECK(params[0].kind == WASMRUN_CONCRETEREF && !params[0].nullable &&
        params[0].def_kind == WASMRUN_DEF_FUNC && params[0].type_index == 1);
  f = fn("ext");
  OK(wasmrun_func_type(&f, params, 1, &np, NULL, 0, NULL));
  CHECK(params[0].kind == WASMRUN_EXTERNREF && !params[0].nullable);

  /* A struct comes out as a non-null STRUCTREF and goes back in. */
  s = make("make_s");
  CHECK(s.kind == WASMRUN_STRUCTREF);
  CHECK(s.of.ref.opaque[0] != NULL);
  if (OK(call1("get_s", s, &out))) CHECK(out.of.i32 == 42);

  /* The mismatches, each refused before any wasm runs. */
  seven = make("seven");
  inc = make("inc");
  CHECK(seven.kind == WASMRUN_FUNCREF);
  REFUSED(call1("call_f", s, &out));     /* a struct for a function */
  REFUSED(call1("get_s", seven, &out));  /* a function for a struct */
  REFUSED(call1("call_f", inc, &out));   /* (i32) -> i32 for () -> i32 */
  memset(&x, 0, sizeof x);
  x.kind = WASMRUN_EXTERNREF;
  x.of.externref.non_null = true;
  x.of.externref.has_value = true;
  x.of.externref.value = 12345;
  REFUSED(call1("i31", x, &out));  /* a host externref for an i31 */
  if (OK(call1("ext", x, &out))) CHECK(out.of.i32 == 1);
  x.of.externref.non_null = false;
  REFUSED(call1("ext", x, &out)); /* null for (ref extern) */
  memset(&x, 0, sizeof x);
  x.kind = WASMRUN_STRUCTREF;
  REFUSED(call1("get_s", x, &out)); /* a null struct for (ref $s) */
  x.kind = 200; /* no such kind */
  {
    wasmrun_error_t* err = call1("get_s", x, &out);
    CHECK(err != NULL && wasmrun_error_kind(err) == WASMRUN_ERROR_USAGE);
    wasmrun_error_delete(err);
  }
  if (OK(call1("call_f", seven, &out))) CHECK(out.of.i32 == 7);

  /* i31 values from the host. */
  x = wasmrun_val_i31(0x7fffffff);
  CHECK(wasmrun_val_i31_get(&x, &i) && i == -1);
  if (OK(call1("i31", x, &out))) CHECK(out.of.i32 == -1);
  CHECK(!wasmrun_val_i31_get(&s, &i));

  /* A struct converted to externref has no host value, and round-trips to the struct. */
  if (OK(call1("to_extern", s, &x))) {
    CHECK(x.kind == WASMRUN_EXTERNREF && x.of.externref.non_null && !x.of.externref.has_value);
    REFUSED(call1("get_s", x, &out));
    if (OK(call1("to_any", x, &out))) {
      CHECK(out.kind == WASMRUN_STRUCTREF);
      if (OK(call1("get_s", out, &out))) CHECK(out.of.i32 == 42);
    }
  }

  /* Host functions cannot name a module's types. */
  params[0].kind = WASMRUN_CONCRETEREF;
  params[0].nullable = true;
  params[0].type_index = 0;
  {
    wasmrun_error_t* err =
        wasmrun_linker_define_host(linker, "env", "f", params, 1, NULL, 0, ignore, NULL, NULL, NULL);
    CHECK(err != NULL && wasmrun_error_kind(err) == WASMRUN_ERROR_USAGE);
    wasmrun_error_delete(err);
  }
  params[0] = wasmrun_valtype(WASMRUN_ANYREF);
  CHECK(params[0].nullable);
  OK(wasmrun_linker_define_host(linker, "env", "g", params, 1, NULL, 0, ignore, NULL, NULL, NULL));

  /* Host-created globals are checked like global.set; host tags link and match. */
  {
    wasmrun_global_t g;
    wasmrun_tag_t tag;
    wasmrun_module_t* user = NULL;
    wasmrun_instance_t inst;
    wasmrun_func_t run;
    wasmrun_valtype_t i32 = wasmrun_valtype(WASMRUN_I32);
    static const char kUser[] =
        "(module (import \"host\" \"e\" (tag $e (param i32)))\n"
        "  (import \"host\" \"g\" (global $g i31ref))\n"
        "  (func (export \"run\") (result i32)\n"
        "    (block $h (result i32)\n"
        "      (try_table (catch $e $h) (throw $e (i31.get_s (global.get $g))))\n"
        "      (i32.const -1))))\n";
    wasmrun_error_t* err = wasmrun_global_new(store, wasmrun_valtype(WASMRUN_I31REF), false, &s, &g);
    CHECK(err != NULL && wasmrun_error_kind(err) == WASMRUN_ERROR_USAGE); /* a struct */
    wasmrun_error_delete(err);
    x = wasmrun_val_i31(17);
    OK(wasmrun_global_new(store, wasmrun_valtype(WASMRUN_I31REF), false, &x, &g));
    OK(wasmrun_tag_new(store, &i32, 1, &tag));
    OK(wasmrun_linker_define_tag(linker, "host", "e", &tag));
    OK(wasmrun_linker_define_global(linker, "host", "g", &g));
    if (OK(wasmrun_module_from_wat(engine, kUser, strlen(kUser), &user)) &&
        OK(wasmrun_linker_instantiate(linker, user, &inst)) &&
        wasmrun_instance_get_func(&inst, "run", &run)) {
      if (OK(wasmrun_func_call(&run, NULL, 0, &out, 1))) CHECK(out.of.i32 == 17);
    }
    wasmrun_module_delete(user);
  }

  wasmrun_module_delete(module);
  wasmrun_linker_delete(linker);
  wasmrun_store_delete(store);
  wasmrun_engine_delete(engine);
  if (failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("capi_boundary_test: all checks passed\n");
  return 0;
}
