// wasm.h: values, references with host info and finalizers, functions and calls (with wrong
// types), traps from callbacks, globals, tables, memories, instances, deletion order and
// modules shared across threads.
#include <atomic>
#include <cstring>
#include <thread>

#include "wasmh_test_util.h"

namespace {

using namespace wasmh_test;

int finalized = 0;
void* finalized_info = nullptr;
void Count(void* info) {
  ++finalized;
  finalized_info = info;
}

TEST(WasmhRef, ForeignHostInfoAndIdentity) {
  Env env;
  wasm_foreign_t* a = wasm_foreign_new(env.store);
  wasm_foreign_t* b = wasm_foreign_new(env.store);
  wasm_foreign_set_host_info(a, &finalized);
  wasm_foreign_t* a2 = wasm_foreign_copy(a);
  EXPECT_TRUE(wasm_foreign_same(a, a2));
  EXPECT_FALSE(wasm_foreign_same(a, b));
  EXPECT_EQ(wasm_foreign_get_host_info(a2), &finalized);  // the object's, shared by handles
  EXPECT_EQ(wasm_foreign_get_host_info(b), nullptr);
  wasm_ref_t* r = wasm_foreign_as_ref(a2);
  EXPECT_EQ(wasm_ref_as_foreign(r), a2);
  EXPECT_EQ(wasm_ref_as_func(r), nullptr);
  EXPECT_EQ(wasm_ref_as_trap_const(r), nullptr);
  EXPECT_TRUE(wasm_ref_same(r, wasm_foreign_as_ref_const(a)));
  EXPECT_TRUE(wasm_ref_same(nullptr, nullptr));
  EXPECT_FALSE(wasm_ref_same(r, nullptr));
  EXPECT_EQ(wasm_ref_get_host_info(r), &finalized);
  wasm_ref_t* rc = wasm_ref_copy(r);
  EXPECT_TRUE(wasm_ref_same(rc, r));
  wasm_ref_delete(rc);
  wasm_foreign_delete(a);
  wasm_foreign_delete(a2);
  wasm_foreign_delete(b);
  EXPECT_EQ(wasm_foreign_new(nullptr), nullptr);
}

TEST(WasmhRef, FinalizerRunsOnceWhenTheStoreIsDeleted) {
  finalized = 0;
  int marker = 0;
  {
    Env env;
    wasm_foreign_t* f = wasm_foreign_new(env.store);
    wasm_foreign_set_host_info_with_finalizer(f, &marker, Count);
    wasm_foreign_t* copy = wasm_foreign_copy(f);
    wasm_foreign_delete(f);
    wasm_foreign_delete(copy);
    EXPECT_EQ(finalized, 0);  // the object lives as long as its store
    wasm_store_delete(env.store);
    env.store = nullptr;
    EXPECT_EQ(finalized, 1);
    EXPECT_EQ(finalized_info, &marker);
  }
  EXPECT_EQ(finalized, 1);
}

TEST(WasmhRef, FinalizerOfAHandleThatOutlivesItsStoreRunsOnce) {
  finalized = 0;
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_foreign_t* f = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(f, nullptr, Count);
  wasm_store_delete(store);
  EXPECT_EQ(finalized, 1);
  wasm_foreign_delete(f);  // allowed after the store: runs nothing again
  EXPECT_EQ(finalized, 1);
  wasm_engine_delete(engine);
}

TEST(WasmhRef, TrapAndModuleFinalizersRunWithTheLastCopy) {
  Env env;
  finalized = 0;
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "boom");
  wasm_trap_t* t = wasm_trap_new(env.store, &msg);
  wasm_name_delete(&msg);
  wasm_trap_set_host_info_with_finalizer(t, nullptr, Count);
  wasm_trap_t* t2 = wasm_trap_copy(t);
  EXPECT_TRUE(wasm_trap_same(t, t2));
  EXPECT_EQ(Message(t2), "boom");
  EXPECT_EQ(wasm_trap_origin(t2), nullptr);  // made by the host: no frames
  wasm_frame_vec_t trace;
  wasm_trap_trace(t2, &trace);
  EXPECT_EQ(trace.size, 0u);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(t);
  EXPECT_EQ(finalized, 0);
  wasm_trap_delete(t2);
  EXPECT_EQ(finalized, 1);

  wasm_module_t* m = Compile(env.store, "(module)");
  ASSERT_NE(m, nullptr);
  wasm_module_set_host_info_with_finalizer(m, nullptr, Count);
  wasm_module_t* m2 = wasm_module_copy(m);
  wasm_module_delete(m);
  EXPECT_EQ(finalized, 1);
  EXPECT_TRUE(wasm_ref_as_module(wasm_module_as_ref(m2)) == m2);
  wasm_module_delete(m2);
  EXPECT_EQ(finalized, 2);
}

TEST(WasmhVal, CopyAndDeleteReferences) {
  Env env;
  wasm_foreign_t* f = wasm_foreign_new(env.store);
  wasm_val_t v = WASM_REF_VAL(wasm_foreign_as_ref(f));
  wasm_val_t c;
  wasm_val_copy(&c, &v);
  EXPECT_NE(c.of.ref, v.of.ref);
  EXPECT_TRUE(wasm_ref_same(c.of.ref, v.of.ref));
  wasm_val_delete(&c);
  wasm_val_delete(&v);  // deletes f's handle
  wasm_val_t n = WASM_I64_VAL(5);
  wasm_val_delete(&n);  // numbers own nothing
  EXPECT_EQ(n.of.i64, 5);
  wasm_val_t null = WASM_INIT_VAL;
  wasm_val_copy(&c, &null);
  EXPECT_EQ(c.of.ref, nullptr);
  wasm_val_delete(&c);
}

// Host functions.

int calls = 0;
wasm_trap_t* AddOne(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  ++calls;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + 1;
  return nullptr;
}

wasm_trap_t* Fail(void* env, const wasm_val_vec_t*, wasm_val_vec_t*) {
  wasm_message_t m;
  wasm_name_new_from_string_nt(&m, "host says no");
  wasm_trap_t* t = wasm_trap_new(static_cast<wasm_store_t*>(env), &m);
  wasm_name_delete(&m);
  return t;
}

wasm_trap_t* WrongResult(const wasm_val_vec_t*, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_F64;  // declared i32
  results->data[0].of.f64 = 1.0;
  return nullptr;
}

TEST(WasmhFunc, HostFunctionTypeArityAndCall) {
  Env env;
  wasm_functype_t* ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new(env.store, ft, AddOne);
  wasm_functype_delete(ft);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(wasm_func_param_arity(f), 1u);
  EXPECT_EQ(wasm_func_result_arity(f), 1u);
  wasm_functype_t* got = wasm_func_type(f);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(got)->data[0]), WASM_I32);
  wasm_functype_delete(got);
  wasm_externtype_t* et = wasm_extern_type(wasm_func_as_extern_const(f));
  EXPECT_EQ(wasm_externtype_kind(et), WASM_EXTERN_FUNC);
  wasm_externtype_delete(et);

  wasm_val_t a[1] = {WASM_I32_VAL(41)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a);
  wasm_val_vec_t results = WASM_ARRAY_VEC(r);
  EXPECT_EQ(wasm_func_call(f, &args, &results), nullptr);
  EXPECT_EQ(r[0].kind, WASM_I32);
  EXPECT_EQ(r[0].of.i32, 42);
  wasm_func_delete(f);
}

TEST(WasmhFunc, WrongArgumentsTrapAndNothingRuns) {
  Env env;
  wasm_functype_t* ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new(env.store, ft, AddOne);
  wasm_functype_delete(ft);
  calls = 0;
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(r);
  {
    wasm_val_t a[1] = {WASM_F64_VAL(1.5)};  // f64 for an i32
    wasm_val_vec_t args = WASM_ARRAY_VEC(a);
    wasm_trap_t* t = wasm_func_call(f, &args, &results);
    ASSERT_NE(t, nullptr);
    EXPECT_NE(Message(t).find("argument 0"), std::string::npos) << Message(t);
    wasm_trap_delete(t);
  }
  {
    wasm_foreign_t* fo = wasm_foreign_new(env.store);
    wasm_val_t a[1] = {WASM_REF_VAL(wasm_foreign_as_ref(fo))};  // a reference for an i32
    wasm_val_vec_t args = WASM_ARRAY_VEC(a);
    wasm_trap_t* t = wasm_func_call(f, &args, &results);
    ASSERT_NE(t, nullptr);
    wasm_trap_delete(t);
    wasm_foreign_delete(fo);
  }
  {
    wasm_val_vec_t none = WASM_EMPTY_VEC;  // too few arguments
    wasm_trap_t* t = wasm_func_call(f, &none, &results);
    ASSERT_NE(t, nullptr);
    wasm_trap_delete(t);
    t = wasm_func_call(f, nullptr, &results);
    ASSERT_NE(t, nullptr);
    wasm_trap_delete(t);
  }
  EXPECT_EQ(calls, 0);
  wasm_func_delete(f);
}

TEST(WasmhFunc, FuncrefParameterRejectsANonFunction) {
  Env env;
  wasm_module_t* m = Compile(env.store, R"((module
    (func (export "isnull") (param funcref) (result i32) (ref.is_null (local.get 0)))))");
  ASSERT_NE(m, nullptr);
  wasm_instance_t* inst = wasm_instance_new(env.store, m, nullptr, nullptr);
  ASSERT_NE(inst, nullptr);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  const wasm_func_t* isnull = wasm_extern_as_func_const(exports.data[0]);
  wasm_foreign_t* fo = wasm_foreign_new(env.store);
  wasm_val_t a[1] = {WASM_REF_VAL(wasm_foreign_as_ref(fo))};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a);
  wasm_val_vec_t results = WASM_ARRAY_VEC(r);
  wasm_trap_t* t = wasm_func_call(isnull, &args, &results);
  ASSERT_NE(t, nullptr);  // a foreign object is no funcref
  wasm_trap_delete(t);
  a[0].of.ref = wasm_func_as_ref(const_cast<wasm_func_t*>(isnull));  // a function is one
  EXPECT_EQ(wasm_func_call(isnull, &args, &results), nullptr);
  EXPECT_EQ(r[0].of.i32, 0);
  a[0].of.ref = nullptr;
  EXPECT_EQ(wasm_func_call(isnull, &args, &results), nullptr);
  EXPECT_EQ(r[0].of.i32, 1);
  wasm_foreign_delete(fo);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
}

TEST(WasmhFunc, TrapInsideCallbackHasMessageOriginAndTrace) {
  Env env;
  finalized = 0;
  wasm_functype_t* ft = wasm_functype_new_0_0();
  wasm_func_t* fail = wasm_func_new_with_env(env.store, ft, Fail, env.store, Count);
  wasm_functype_delete(ft);
  wasm_module_t* m = Compile(env.store, R"((module
    (import "" "fail" (func $fail))
    (func $inner (call $fail))
    (func (export "outer") (call $inner))))");
  ASSERT_NE(m, nullptr);
  wasm_extern_t* im[1] = {wasm_func_as_extern(fail)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(im);
  wasm_instance_t* inst = wasm_instance_new(env.store, m, &imports, nullptr);
  ASSERT_NE(inst, nullptr);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  wasm_trap_t* t = wasm_func_call(wasm_extern_as_func(exports.data[0]), nullptr, nullptr);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(Message(t), "host says no");
  wasm_frame_t* origin = wasm_trap_origin(t);
  ASSERT_NE(origin, nullptr);
  EXPECT_EQ(wasm_frame_func_index(origin), 1u);  // $inner, innermost wasm frame
  EXPECT_GT(wasm_frame_module_offset(origin), wasm_frame_func_offset(origin));
  EXPECT_GT(wasm_frame_func_offset(origin), 0u);
  EXPECT_EQ(wasm_frame_instance(origin), nullptr);
  wasm_frame_t* oc = wasm_frame_copy(origin);
  EXPECT_EQ(wasm_frame_module_offset(oc), wasm_frame_module_offset(origin));
  wasm_frame_delete(oc);
  wasm_frame_delete(origin);
  wasm_frame_vec_t trace;
  wasm_trap_trace(t, &trace);
  ASSERT_EQ(trace.size, 2u);
  EXPECT_EQ(wasm_frame_func_index(trace.data[0]), 1u);
  EXPECT_EQ(wasm_frame_func_index(trace.data[1]), 2u);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(t);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_func_delete(fail);
  EXPECT_EQ(finalized, 0);
  void* env_pointer = env.store;
  wasm_store_delete(env.store);  // the env finalizer runs with the store, given the env
  env.store = nullptr;
  EXPECT_EQ(finalized, 1);
  EXPECT_EQ(finalized_info, env_pointer);
}

TEST(WasmhFunc, WrongResultFromCallbackTrapsInTheGuest) {
  Env env;
  wasm_functype_t* ft = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new(env.store, ft, WrongResult);
  wasm_functype_delete(ft);
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(r);
  wasm_trap_t* t = wasm_func_call(f, nullptr, &results);
  ASSERT_NE(t, nullptr);
  EXPECT_NE(Message(t).find("result 0"), std::string::npos) << Message(t);
  wasm_trap_delete(t);
  wasm_func_delete(f);
}

// Globals, tables, memories.

TEST(WasmhGlobal, NewGetSetAndWrongTypes) {
  Env env;
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t wrong = WASM_I32_VAL(1);
  EXPECT_EQ(wasm_global_new(env.store, gt, &wrong), nullptr);
  wasm_val_t init = WASM_I64_VAL(-3);
  wasm_global_t* g = wasm_global_new(env.store, gt, &init);
  wasm_globaltype_delete(gt);
  ASSERT_NE(g, nullptr);
  wasm_val_t v;
  wasm_global_get(g, &v);
  EXPECT_EQ(v.kind, WASM_I64);
  EXPECT_EQ(v.of.i64, -3);
  wasm_val_t nv = WASM_I64_VAL(99);
  wasm_global_set(g, &nv);
  wasm_global_set(g, &wrong);  // ignored: wrong type
  wasm_global_get(g, &v);
  EXPECT_EQ(v.of.i64, 99);
  wasm_globaltype_t* t = wasm_global_type(g);
  EXPECT_EQ(wasm_globaltype_mutability(t), WASM_VAR);
  wasm_globaltype_delete(t);

  wasm_globaltype_t* ct = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_CONST);
  wasm_val_t f = WASM_F32_VAL(1.5f);
  wasm_global_t* c = wasm_global_new(env.store, ct, &f);
  wasm_globaltype_delete(ct);
  wasm_val_t f2 = WASM_F32_VAL(2.5f);
  wasm_global_set(c, &f2);  // ignored: immutable
  wasm_global_get(c, &v);
  EXPECT_EQ(v.of.f32, 1.5f);
  EXPECT_TRUE(wasm_global_same(g, wasm_extern_as_global(wasm_global_as_extern(g))));
  EXPECT_FALSE(wasm_global_same(g, c));
  wasm_global_delete(c);
  wasm_global_delete(g);
}

TEST(WasmhTable, NewGetSetGrowAndWrongTypes) {
  Env env;
  wasm_limits_t lim = {2, 4};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_externref(), &lim);
  wasm_table_t* t = wasm_table_new(env.store, tt, nullptr);
  wasm_tabletype_delete(tt);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(wasm_table_size(t), 2u);
  EXPECT_EQ(wasm_table_get(t, 0), nullptr);
  EXPECT_EQ(wasm_table_get(t, 7), nullptr);  // out of bounds
  wasm_foreign_t* fo = wasm_foreign_new(env.store);
  wasm_foreign_set_host_info(fo, &lim);
  EXPECT_TRUE(wasm_table_set(t, 1, wasm_foreign_as_ref(fo)));
  EXPECT_FALSE(wasm_table_set(t, 2, wasm_foreign_as_ref(fo)));
  wasm_ref_t* back = wasm_table_get(t, 1);
  ASSERT_NE(back, nullptr);
  EXPECT_TRUE(wasm_ref_same(back, wasm_foreign_as_ref(fo)));  // identity survives the table
  EXPECT_EQ(wasm_ref_get_host_info(back), &lim);
  wasm_ref_delete(back);
  EXPECT_TRUE(wasm_table_grow(t, 2, wasm_foreign_as_ref(fo)));
  EXPECT_EQ(wasm_table_size(t), 4u);
  EXPECT_FALSE(wasm_table_grow(t, 1, nullptr));  // past the maximum
  wasm_tabletype_t* got = wasm_table_type(t);
  EXPECT_EQ(wasm_tabletype_limits(got)->min, 4u);
  wasm_tabletype_delete(got);

  wasm_tabletype_t* ft = wasm_tabletype_new(wasm_valtype_new_funcref(), &lim);
  wasm_table_t* funcs = wasm_table_new(env.store, ft, nullptr);
  wasm_tabletype_delete(ft);
  EXPECT_FALSE(wasm_table_set(funcs, 0, wasm_foreign_as_ref(fo)));  // not a function
  wasm_functype_t* fty = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new(env.store, fty, AddOne);
  wasm_functype_delete(fty);
  EXPECT_TRUE(wasm_table_set(funcs, 0, wasm_func_as_ref(f)));
  wasm_ref_t* fr = wasm_table_get(funcs, 0);
  ASSERT_NE(wasm_ref_as_func(fr), nullptr);
  EXPECT_TRUE(wasm_func_same(wasm_ref_as_func(fr), f));
  wasm_ref_delete(fr);
  wasm_func_delete(f);
  wasm_table_delete(funcs);
  wasm_foreign_delete(fo);
  wasm_table_delete(t);
}

TEST(WasmhMemory, NewDataSizeGrow) {
  Env env;
  wasm_limits_t lim = {1, 2};
  wasm_memorytype_t* mt = wasm_memorytype_new(&lim);
  wasm_memory_t* m = wasm_memory_new(env.store, mt);
  wasm_memorytype_delete(mt);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(wasm_memory_size(m), 1u);
  EXPECT_EQ(wasm_memory_data_size(m), MEMORY_PAGE_SIZE);
  byte_t* data = wasm_memory_data(m);
  data[100] = 42;
  EXPECT_TRUE(wasm_memory_grow(m, 1));
  EXPECT_EQ(wasm_memory_size(m), 2u);
  EXPECT_EQ(wasm_memory_data(m)[100], 42);
  EXPECT_FALSE(wasm_memory_grow(m, 1));  // past the maximum
  wasm_memorytype_t* got = wasm_memory_type(m);
  EXPECT_EQ(wasm_memorytype_limits(got)->min, 2u);
  EXPECT_EQ(wasm_memorytype_limits(got)->max, 2u);
  wasm_memorytype_delete(got);
  wasm_extern_t* e = wasm_memory_as_extern(m);
  EXPECT_EQ(wasm_extern_kind(e), WASM_EXTERN_MEMORY);
  EXPECT_EQ(wasm_extern_as_memory(e), m);
  EXPECT_EQ(wasm_extern_as_table(e), nullptr);
  wasm_extern_t* ec = wasm_extern_copy(e);
  EXPECT_TRUE(wasm_extern_same(ec, e));
  wasm_extern_delete(ec);
  wasm_memory_delete(m);
}

// Instances.

TEST(WasmhInstance, ImportsByPositionAndLinkErrors) {
  Env env;
  wasm_module_t* m = Compile(env.store, R"((module
    (import "x" "f" (func $f (param i32) (result i32)))
    (import "x" "g" (global $g i32))
    (func (export "run") (result i32) (call $f (global.get $g)))
    (memory (export "mem") 1)))");
  ASSERT_NE(m, nullptr);
  wasm_functype_t* ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new(env.store, ft, AddOne);
  wasm_functype_delete(ft);
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t gv = WASM_I32_VAL(10);
  wasm_global_t* g = wasm_global_new(env.store, gt, &gv);
  wasm_globaltype_delete(gt);

  wasm_trap_t* trap = nullptr;
  wasm_extern_t* swapped[2] = {wasm_global_as_extern(g), wasm_func_as_extern(f)};
  wasm_extern_vec_t bad = WASM_ARRAY_VEC(swapped);
  EXPECT_EQ(wasm_instance_new(env.store, m, &bad, &trap), nullptr);
  ASSERT_NE(trap, nullptr);
  EXPECT_NE(Message(trap).find("incompatible import type"), std::string::npos) << Message(trap);
  wasm_trap_delete(trap);
  EXPECT_EQ(wasm_instance_new(env.store, m, nullptr, &trap), nullptr);  // too few
  ASSERT_NE(trap, nullptr);
  wasm_trap_delete(trap);
  EXPECT_EQ(wasm_instance_new(env.store, m, nullptr, nullptr), nullptr);  // trap may be NULL

  wasm_extern_t* good[2] = {wasm_func_as_extern(f), wasm_global_as_extern(g)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(good);
  wasm_instance_t* inst = wasm_instance_new(env.store, m, &imports, &trap);
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(trap, nullptr);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  ASSERT_EQ(exports.size, 2u);
  EXPECT_EQ(wasm_extern_kind(exports.data[0]), WASM_EXTERN_FUNC);
  EXPECT_EQ(wasm_extern_kind(exports.data[1]), WASM_EXTERN_MEMORY);
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(r);
  EXPECT_EQ(wasm_func_call(wasm_extern_as_func(exports.data[0]), nullptr, &results), nullptr);
  EXPECT_EQ(r[0].of.i32, 11);
  // The same export read twice is the same object.
  wasm_extern_vec_t again;
  wasm_instance_exports(inst, &again);
  EXPECT_TRUE(wasm_extern_same(again.data[1], exports.data[1]));
  wasm_instance_t* ic = wasm_instance_copy(inst);
  EXPECT_TRUE(wasm_instance_same(ic, inst));
  EXPECT_EQ(wasm_ref_as_instance(wasm_instance_as_ref(ic)), ic);
  wasm_instance_delete(ic);
  wasm_extern_vec_delete(&again);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_func_delete(f);
  wasm_global_delete(g);
  wasm_module_delete(m);
}

TEST(WasmhInstance, StartFunctionTrap) {
  Env env;
  wasm_module_t* m = Compile(env.store, "(module (func $s unreachable) (start $s))");
  ASSERT_NE(m, nullptr);
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(wasm_instance_new(env.store, m, nullptr, &trap), nullptr);
  ASSERT_NE(trap, nullptr);
  EXPECT_EQ(Message(trap), "unreachable");
  wasm_frame_t* origin = wasm_trap_origin(trap);
  ASSERT_NE(origin, nullptr);
  EXPECT_EQ(wasm_frame_func_index(origin), 0u);
  wasm_frame_delete(origin);
  wasm_trap_delete(trap);
  wasm_module_delete(m);
}

TEST(WasmhLifetime, StoreDeletedBeforeHandles) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* m = Compile(store, R"((module (func (export "f")) (global (export "g") i32
    (i32.const 0)) (table (export "t") 1 funcref) (memory (export "m") 1)))");
  ASSERT_NE(m, nullptr);
  wasm_instance_t* inst = wasm_instance_new(store, m, nullptr, nullptr);
  ASSERT_NE(inst, nullptr);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  ASSERT_EQ(exports.size, 4u);
  wasm_foreign_t* fo = wasm_foreign_new(store);
  wasm_store_delete(store);  // handles may be deleted after their store
  wasm_foreign_delete(fo);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_module_delete(m);  // modules do not depend on a store
  wasm_engine_delete(engine);
  SUCCEED();
}

TEST(WasmhLifetime, ModuleDeletedBeforeItsInstance) {
  Env env;
  wasm_module_t* m = Compile(env.store, "(module (func (export \"f\") (result i32) i32.const 3))");
  wasm_instance_t* inst = wasm_instance_new(env.store, m, nullptr, nullptr);
  wasm_module_delete(m);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  ASSERT_EQ(exports.size, 1u);
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(r);
  EXPECT_EQ(wasm_func_call(wasm_extern_as_func(exports.data[0]), nullptr, &results), nullptr);
  EXPECT_EQ(r[0].of.i32, 3);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
}

TEST(WasmhLifetime, NullArgumentsWhereAllowed) {
  wasm_config_delete(nullptr);
  wasm_engine_delete(nullptr);
  wasm_store_delete(nullptr);
  wasm_module_delete(nullptr);
  wasm_func_delete(nullptr);
  wasm_trap_delete(nullptr);
  wasm_val_vec_delete(nullptr);
  EXPECT_EQ(wasm_store_new(nullptr), nullptr);
  EXPECT_EQ(wasm_ref_copy(nullptr), nullptr);
  EXPECT_EQ(wasm_ref_get_host_info(nullptr), nullptr);
  wasm_engine_t* e = wasm_engine_new_with_config(wasm_config_new());
  ASSERT_NE(e, nullptr);
  wasm_engine_delete(e);
}

// Threads: one module shared by stores on several threads.

TEST(WasmhThreads, ShareAndObtain) {
  Env env;
  wasm_module_t* m = Compile(env.store, R"((module (func (export "sum") (param i32) (result i32)
    (local i32) (loop $l (local.set 1 (i32.add (local.get 1) (local.get 0)))
    (local.tee 0 (i32.sub (local.get 0) (i32.const 1))) (br_if $l)) (local.get 1))))");
  ASSERT_NE(m, nullptr);
  wasm_shared_module_t* shared = wasm_module_share(m);
  wasm_module_delete(m);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      wasm_store_t* store = wasm_store_new(env.engine);
      wasm_module_t* local = wasm_module_obtain(store, shared);
      wasm_instance_t* inst = wasm_instance_new(store, local, nullptr, nullptr);
      wasm_extern_vec_t exports;
      wasm_instance_exports(inst, &exports);
      wasm_val_t a[1] = {WASM_I32_VAL(100 + i)};
      wasm_val_t r[1] = {WASM_INIT_VAL};
      wasm_val_vec_t args = WASM_ARRAY_VEC(a);
      wasm_val_vec_t results = WASM_ARRAY_VEC(r);
      if (wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results) == nullptr &&
          r[0].of.i32 == (100 + i) * (101 + i) / 2) {
        ++ok;
      }
      wasm_extern_vec_delete(&exports);
      wasm_instance_delete(inst);
      wasm_module_delete(local);
      wasm_store_delete(store);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 4);
  EXPECT_EQ(wasm_module_obtain(env.store, nullptr), nullptr);
  wasm_shared_module_delete(shared);
}

}  // namespace
