// wasm.h: every function of the macro-generated families, for every type that has them: the
// vector functions of each vector type, and copy/same/host info/ref conversions of each
// reference type (func, global, table, memory, extern, instance, foreign, module, trap).
#include "wasmh_test_util.h"

namespace {

using namespace wasmh_test;

int finalized = 0;
void Count(void*) {
  ++finalized;
}

// new_empty, new_uninitialized (elements null), new (takes `a` and `b`), copy (deep: new
// elements), delete (elements too) of the vector of `name`s.
#define CHECK_VEC(name, a, b)                   \
  {                                             \
    wasm_##name##_vec_t e, u, v, c;             \
    wasm_##name##_vec_new_empty(&e);            \
    EXPECT_EQ(e.size, 0u);                      \
    wasm_##name##_vec_new_uninitialized(&u, 3); \
    ASSERT_EQ(u.size, 3u);                      \
    EXPECT_EQ(u.data[2], nullptr);              \
    wasm_##name##_t* elems[2] = {a, b};         \
    wasm_##name##_vec_new(&v, 2, elems);        \
    ASSERT_EQ(v.size, 2u);                      \
    EXPECT_EQ(v.data[0], elems[0]);             \
    wasm_##name##_vec_copy(&c, &v);             \
    ASSERT_EQ(c.size, 2u);                      \
    EXPECT_NE(c.data[1], v.data[1]);            \
    EXPECT_NE(c.data[1], nullptr);              \
    wasm_##name##_vec_delete(&e);               \
    wasm_##name##_vec_delete(&u);               \
    wasm_##name##_vec_delete(&v);               \
    EXPECT_EQ(v.data, nullptr);                 \
    wasm_##name##_vec_delete(&c);               \
  }

TEST(WasmhFamilies, EveryVectorType) {
  wasm_limits_t lim = {1, 2};
  CHECK_VEC(valtype, wasm_valtype_new_i32(), wasm_valtype_new_f64());
  CHECK_VEC(functype, wasm_functype_new_0_0(), wasm_functype_new_0_0());
  CHECK_VEC(globaltype, wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST),
            wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR));
  CHECK_VEC(tabletype, wasm_tabletype_new(wasm_valtype_new_funcref(), &lim),
            wasm_tabletype_new(wasm_valtype_new_externref(), &lim));
  CHECK_VEC(memorytype, wasm_memorytype_new(&lim), wasm_memorytype_new(&lim));
  CHECK_VEC(externtype, wasm_memorytype_as_externtype(wasm_memorytype_new(&lim)),
            wasm_functype_as_externtype(wasm_functype_new_0_0()));
  wasm_name_t m1, n1, m2, n2;
  wasm_name_new_from_string(&m1, "m");
  wasm_name_new_from_string(&n1, "a");
  wasm_name_new_from_string(&m2, "m");
  wasm_name_new_from_string(&n2, "b");
  CHECK_VEC(
      importtype,
      wasm_importtype_new(&m1, &n1, wasm_functype_as_externtype(wasm_functype_new_0_0())),
      wasm_importtype_new(&m2, &n2, wasm_memorytype_as_externtype(wasm_memorytype_new(&lim))));
  wasm_name_new_from_string(&n1, "x");
  wasm_name_new_from_string(&n2, "y");
  CHECK_VEC(exporttype,
            wasm_exporttype_new(&n1, wasm_functype_as_externtype(wasm_functype_new_0_0())),
            wasm_exporttype_new(&n2, wasm_functype_as_externtype(wasm_functype_new_0_0())));

  Env env;
  wasm_module_t* mod = Compile(env.store, "(module (func (export \"f\") unreachable))");
  wasm_instance_t* inst = wasm_instance_new(env.store, mod, nullptr, nullptr);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), nullptr, nullptr);
  ASSERT_NE(trap, nullptr);
  CHECK_VEC(frame, wasm_trap_origin(trap), wasm_trap_origin(trap));
  wasm_memorytype_t* mt = wasm_memorytype_new(&lim);
  CHECK_VEC(extern, wasm_extern_copy(exports.data[0]),
            wasm_memory_as_extern(wasm_memory_new(env.store, mt)));
  wasm_memorytype_delete(mt);
  wasm_trap_delete(trap);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_module_delete(mod);

  wasm_val_vec_t e, u, v, c;
  wasm_val_vec_new_empty(&e);
  wasm_val_vec_new_uninitialized(&u, 2);
  EXPECT_EQ(u.size, 2u);
  wasm_val_t vals[2] = {WASM_I32_VAL(1),
                        WASM_REF_VAL(wasm_foreign_as_ref(wasm_foreign_new(env.store)))};
  wasm_val_vec_new(&v, 2, vals);
  wasm_val_vec_copy(&c, &v);
  EXPECT_NE(c.data[1].of.ref, v.data[1].of.ref);
  EXPECT_TRUE(wasm_ref_same(c.data[1].of.ref, v.data[1].of.ref));
  wasm_val_vec_delete(&e);
  wasm_val_vec_delete(&u);
  wasm_val_vec_delete(&v);
  wasm_val_vec_delete(&c);
}

// copy + same, host info (set, get through another handle, with finalizer), and the views
// as wasm_ref_t (const and not) for a `name` object `obj`; `other` is a different object of
// another reference type (so wasm_ref_as_##name of it is NULL).
#define CHECK_REF(name, obj, other)                                          \
  {                                                                          \
    wasm_##name##_t* o = obj;                                                \
    ASSERT_NE(o, nullptr);                                                   \
    wasm_##name##_t* c = wasm_##name##_copy(o);                              \
    EXPECT_TRUE(wasm_##name##_same(o, c));                                   \
    static int info;                                                         \
    wasm_##name##_set_host_info(o, &info);                                   \
    EXPECT_EQ(wasm_##name##_get_host_info(c), &info);                        \
    wasm_##name##_set_host_info_with_finalizer(c, &info, Count);             \
    wasm_ref_t* r = wasm_##name##_as_ref(o);                                 \
    EXPECT_EQ(wasm_ref_as_##name(r), o);                                     \
    EXPECT_EQ(wasm_ref_as_##name##_const(wasm_##name##_as_ref_const(c)), c); \
    EXPECT_EQ(wasm_ref_get_host_info(r), &info);                             \
    EXPECT_EQ(wasm_ref_as_##name(other), nullptr);                           \
    EXPECT_EQ(wasm_ref_as_##name##_const(other), nullptr);                   \
    wasm_##name##_delete(c);                                                 \
    wasm_##name##_delete(o);                                                 \
  }

TEST(WasmhFamilies, EveryReferenceType) {
  finalized = 0;
  {
    Env env;
    wasm_limits_t lim = {1, 2};
    wasm_foreign_t* foreign = wasm_foreign_new(env.store);
    wasm_ref_t* fref = wasm_foreign_as_ref(foreign);
    wasm_module_t* mod = Compile(env.store, R"((module (func (export "f") unreachable)
      (global (export "g") i32 (i32.const 0)) (table (export "t") 1 funcref)
      (memory (export "m") 1)))");
    wasm_instance_t* inst = wasm_instance_new(env.store, mod, nullptr, nullptr);
    wasm_extern_vec_t ex;
    wasm_instance_exports(inst, &ex);
    ASSERT_EQ(ex.size, 4u);
    wasm_ref_t* mref = wasm_module_as_ref(mod);

    CHECK_REF(func, wasm_func_copy(wasm_extern_as_func(ex.data[0])), fref);
    CHECK_REF(global, wasm_global_copy(wasm_extern_as_global(ex.data[1])), fref);
    CHECK_REF(table, wasm_table_copy(wasm_extern_as_table(ex.data[2])), fref);
    CHECK_REF(memory, wasm_memory_copy(wasm_extern_as_memory(ex.data[3])), fref);
    CHECK_REF(extern, wasm_extern_copy(ex.data[1]), fref);
    CHECK_REF(instance, wasm_instance_copy(inst), fref);
    CHECK_REF(foreign, wasm_foreign_copy(foreign), mref);
    CHECK_REF(module, wasm_module_copy(mod), fref);
    wasm_message_t msg;
    wasm_name_new_from_string_nt(&msg, "t");
    CHECK_REF(trap, wasm_trap_new(env.store, &msg), fref);
    wasm_name_delete(&msg);
    EXPECT_EQ(finalized, 1);  // the trap's: its last handle is gone
    EXPECT_TRUE(wasm_module_same(mod, mod));

    // The extern views of each kind, const and not.
    EXPECT_EQ(
        wasm_extern_as_global_const(wasm_global_as_extern_const(wasm_extern_as_global(ex.data[1]))),
        wasm_extern_as_global(ex.data[1]));
    EXPECT_EQ(
        wasm_extern_as_table_const(wasm_table_as_extern_const(wasm_extern_as_table(ex.data[2]))),
        wasm_extern_as_table(ex.data[2]));
    EXPECT_EQ(wasm_table_as_extern(wasm_extern_as_table(ex.data[2])), ex.data[2]);
    EXPECT_EQ(
        wasm_extern_as_memory_const(wasm_memory_as_extern_const(wasm_extern_as_memory(ex.data[3]))),
        wasm_extern_as_memory(ex.data[3]));
    EXPECT_EQ(wasm_extern_as_func_const(wasm_func_as_extern_const(wasm_extern_as_func(ex.data[0]))),
              wasm_extern_as_func(ex.data[0]));
    EXPECT_EQ(wasm_extern_as_memory_const(ex.data[0]), nullptr);
    EXPECT_EQ(wasm_ref_as_extern(wasm_extern_as_ref(ex.data[0])), ex.data[0]);
    EXPECT_EQ(wasm_ref_as_extern_const(wasm_extern_as_ref_const(ex.data[0])), ex.data[0]);
    EXPECT_EQ(wasm_ref_as_global(wasm_global_as_ref(wasm_extern_as_global(ex.data[1]))),
              wasm_extern_as_global(ex.data[1]));
    EXPECT_EQ(wasm_ref_as_table_const(wasm_table_as_ref_const(wasm_extern_as_table(ex.data[2]))),
              wasm_extern_as_table(ex.data[2]));
    EXPECT_EQ(wasm_ref_as_memory(wasm_memory_as_ref(wasm_extern_as_memory(ex.data[3]))),
              wasm_extern_as_memory(ex.data[3]));
    EXPECT_EQ(wasm_ref_as_func_const(wasm_func_as_ref_const(wasm_extern_as_func(ex.data[0]))),
              wasm_extern_as_func(ex.data[0]));
    // wasm_ref_t's own host info with a finalizer (the foreign object's).
    wasm_ref_set_host_info_with_finalizer(fref, nullptr, Count);
    wasm_extern_vec_delete(&ex);
    wasm_instance_delete(inst);
    wasm_module_delete(mod);  // the module's finalizer
    EXPECT_EQ(finalized, 2);
    wasm_foreign_delete(foreign);
    (void)lim;
  }
  // Then the store's objects, each once: func, global (its extern handle set the same
  // object's info), table, memory, instance, foreign (whose info was set twice).
  EXPECT_EQ(finalized, 2 + 6);
}

TEST(WasmhFamilies, ExterntypeViews) {
  wasm_limits_t lim = {1, 2};
  wasm_globaltype_t* g = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  EXPECT_EQ(wasm_externtype_as_globaltype(wasm_globaltype_as_externtype(g)), g);
  wasm_tabletype_t* t = wasm_tabletype_new(wasm_valtype_new_funcref(), &lim);
  EXPECT_EQ(wasm_externtype_as_tabletype_const(wasm_tabletype_as_externtype_const(t)), t);
  wasm_memorytype_t* m = wasm_memorytype_new(&lim);
  EXPECT_EQ(wasm_externtype_as_memorytype(wasm_memorytype_as_externtype(m)), m);
  EXPECT_EQ(wasm_externtype_as_memorytype(wasm_globaltype_as_externtype(g)), nullptr);
  wasm_functype_t* f = wasm_functype_new_0_0();
  EXPECT_EQ(wasm_externtype_as_functype_const(wasm_functype_as_externtype_const(f)), f);
  wasm_functype_delete(f);
  wasm_memorytype_delete(m);
  wasm_tabletype_delete(t);
  wasm_globaltype_delete(g);
}

}  // namespace
