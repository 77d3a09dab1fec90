// wasm.h: vectors, type representations and module reflection.
#include <cstring>

#include "wasmh_test_util.h"

namespace {

using namespace wasmh_test;

TEST(WasmhVec, ByteVecNewCopyDelete) {
  wasm_byte_vec_t a;
  wasm_byte_vec_new(&a, 3, "abc");
  ASSERT_EQ(a.size, 3u);
  wasm_byte_vec_t b;
  wasm_byte_vec_copy(&b, &a);
  ASSERT_EQ(b.size, 3u);
  EXPECT_NE(a.data, b.data);
  EXPECT_EQ(std::memcmp(b.data, "abc", 3), 0);
  wasm_byte_vec_delete(&a);
  EXPECT_EQ(a.size, 0u);
  EXPECT_EQ(a.data, nullptr);
  wasm_byte_vec_delete(&b);
  wasm_byte_vec_t e;
  wasm_byte_vec_new_empty(&e);
  EXPECT_EQ(e.size, 0u);
  wasm_byte_vec_delete(&e);
  wasm_byte_vec_delete(nullptr);  // allowed: does nothing
}

TEST(WasmhVec, NameHelpersCountTheNul) {
  wasm_name_t n;
  wasm_name_new_from_string(&n, "hi");
  EXPECT_EQ(n.size, 2u);
  wasm_name_delete(&n);
  wasm_name_new_from_string_nt(&n, "hi");
  EXPECT_EQ(n.size, 3u);
  EXPECT_EQ(n.data[2], '\0');
  wasm_name_delete(&n);
}

TEST(WasmhVec, ValtypeVecCopyIsDeep) {
  wasm_valtype_t* ts[2] = {wasm_valtype_new_i64(), wasm_valtype_new_funcref()};
  wasm_valtype_vec_t a;
  wasm_valtype_vec_new(&a, 2, ts);
  wasm_valtype_vec_t b;
  wasm_valtype_vec_copy(&b, &a);
  ASSERT_EQ(b.size, 2u);
  EXPECT_NE(b.data[0], a.data[0]);
  EXPECT_EQ(wasm_valtype_kind(b.data[0]), WASM_I64);
  EXPECT_EQ(wasm_valtype_kind(b.data[1]), WASM_FUNCREF);
  wasm_valtype_vec_delete(&a);
  EXPECT_EQ(wasm_valtype_kind(b.data[1]), WASM_FUNCREF);  // b owns its own copies
  wasm_valtype_vec_delete(&b);
}

TEST(WasmhVec, UninitializedVecOfPointersStartsNull) {
  wasm_extern_vec_t v;
  wasm_extern_vec_new_uninitialized(&v, 4);
  ASSERT_EQ(v.size, 4u);
  for (size_t i = 0; i < v.size; ++i) EXPECT_EQ(v.data[i], nullptr);
  wasm_extern_vec_delete(&v);  // deleting null elements is allowed
  wasm_frame_vec_t f;
  wasm_frame_vec_new_empty(&f);
  wasm_frame_vec_t g;
  wasm_frame_vec_copy(&g, &f);
  EXPECT_EQ(g.size, 0u);
  wasm_frame_vec_delete(&f);
  wasm_frame_vec_delete(&g);
}

TEST(WasmhVec, ValVecCopyCopiesNumbers) {
  wasm_val_t vs[2] = {WASM_I32_VAL(7), WASM_F64_VAL(2.5)};
  wasm_val_vec_t a;
  wasm_val_vec_new(&a, 2, vs);
  wasm_val_vec_t b;
  wasm_val_vec_copy(&b, &a);
  EXPECT_EQ(b.data[0].kind, WASM_I32);
  EXPECT_EQ(b.data[0].of.i32, 7);
  EXPECT_EQ(b.data[1].of.f64, 2.5);
  wasm_val_vec_delete(&a);
  wasm_val_vec_delete(&b);
}

TEST(WasmhTypes, Valtypes) {
  const wasm_valkind_t kinds[] = {WASM_I32, WASM_I64,       WASM_F32,
                                  WASM_F64, WASM_EXTERNREF, WASM_FUNCREF};
  for (wasm_valkind_t k : kinds) {
    wasm_valtype_t* t = wasm_valtype_new(k);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(wasm_valtype_kind(t), k);
    wasm_valtype_t* c = wasm_valtype_copy(t);
    EXPECT_EQ(wasm_valtype_kind(c), k);
    EXPECT_EQ(wasm_valtype_is_ref(c), k >= WASM_EXTERNREF);
    wasm_valtype_delete(t);
    wasm_valtype_delete(c);
  }
  EXPECT_EQ(wasm_valtype_new(7), nullptr);
  EXPECT_EQ(wasm_valtype_new(200), nullptr);
  wasm_valtype_delete(nullptr);
}

TEST(WasmhTypes, Functype) {
  wasm_functype_t* f =
      wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_f32(), wasm_valtype_new_i64());
  ASSERT_EQ(wasm_functype_params(f)->size, 2u);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(f)->data[1]), WASM_F32);
  ASSERT_EQ(wasm_functype_results(f)->size, 1u);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_results(f)->data[0]), WASM_I64);
  wasm_functype_t* c = wasm_functype_copy(f);
  wasm_functype_delete(f);
  EXPECT_EQ(wasm_functype_params(c)->size, 2u);
  wasm_externtype_t* e = wasm_functype_as_externtype(c);
  EXPECT_EQ(wasm_externtype_kind(e), WASM_EXTERN_FUNC);
  EXPECT_EQ(wasm_externtype_as_functype(e), c);
  EXPECT_EQ(wasm_externtype_as_globaltype(e), nullptr);
  EXPECT_EQ(wasm_externtype_as_tabletype_const(e), nullptr);
  wasm_externtype_t* ec = wasm_externtype_copy(e);
  EXPECT_EQ(wasm_functype_results(wasm_externtype_as_functype_const(ec))->size, 1u);
  wasm_externtype_delete(ec);
  wasm_functype_delete(c);
}

TEST(WasmhTypes, GlobalTableMemoryTypes) {
  wasm_globaltype_t* g = wasm_globaltype_new(wasm_valtype_new_f64(), WASM_VAR);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(g)), WASM_F64);
  EXPECT_EQ(wasm_globaltype_mutability(g), WASM_VAR);
  EXPECT_EQ(wasm_externtype_kind(wasm_globaltype_as_externtype_const(g)), WASM_EXTERN_GLOBAL);
  wasm_globaltype_t* gc = wasm_globaltype_copy(g);
  wasm_globaltype_delete(g);
  EXPECT_EQ(wasm_globaltype_mutability(gc), WASM_VAR);
  wasm_globaltype_delete(gc);
  EXPECT_EQ(wasm_globaltype_new(wasm_valtype_new_i32(), 5), nullptr);
  EXPECT_EQ(wasm_globaltype_new(nullptr, WASM_CONST), nullptr);

  wasm_limits_t lim = {2, 10};
  wasm_tabletype_t* t = wasm_tabletype_new(wasm_valtype_new_funcref(), &lim);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(wasm_tabletype_limits(t)->min, 2u);
  EXPECT_EQ(wasm_tabletype_limits(t)->max, 10u);
  EXPECT_EQ(wasm_valtype_kind(wasm_tabletype_element(t)), WASM_FUNCREF);
  wasm_externtype_t* te = wasm_tabletype_as_externtype(t);
  EXPECT_EQ(wasm_externtype_as_tabletype(te), t);
  wasm_tabletype_delete(wasm_tabletype_copy(t));
  wasm_tabletype_delete(t);
  EXPECT_EQ(wasm_tabletype_new(wasm_valtype_new_i32(), &lim), nullptr);  // not a reference

  wasm_limits_t open = {1, wasm_limits_max_default};
  wasm_memorytype_t* m = wasm_memorytype_new(&open);
  EXPECT_EQ(wasm_memorytype_limits(m)->max, wasm_limits_max_default);
  EXPECT_EQ(wasm_externtype_as_memorytype_const(wasm_memorytype_as_externtype_const(m)), m);
  wasm_memorytype_t* mc = wasm_memorytype_copy(m);
  EXPECT_EQ(wasm_memorytype_limits(mc)->min, 1u);
  wasm_memorytype_delete(m);
  wasm_memorytype_delete(mc);
}

TEST(WasmhTypes, ImportAndExportTypes) {
  wasm_name_t mod, name, ename;
  wasm_name_new_from_string(&mod, "env");
  wasm_name_new_from_string(&name, "f");
  wasm_importtype_t* i =
      wasm_importtype_new(&mod, &name, wasm_functype_as_externtype(wasm_functype_new_0_0()));
  EXPECT_EQ(std::string(wasm_importtype_module(i)->data, wasm_importtype_module(i)->size), "env");
  EXPECT_EQ(std::string(wasm_importtype_name(i)->data, wasm_importtype_name(i)->size), "f");
  EXPECT_EQ(wasm_externtype_kind(wasm_importtype_type(i)), WASM_EXTERN_FUNC);
  wasm_importtype_t* ic = wasm_importtype_copy(i);
  wasm_importtype_delete(i);
  EXPECT_EQ(wasm_importtype_name(ic)->size, 1u);
  wasm_importtype_delete(ic);

  wasm_name_new_from_string(&ename, "mem");
  wasm_limits_t lim = {1, 2};
  wasm_exporttype_t* e =
      wasm_exporttype_new(&ename, wasm_memorytype_as_externtype(wasm_memorytype_new(&lim)));
  EXPECT_EQ(std::string(wasm_exporttype_name(e)->data, wasm_exporttype_name(e)->size), "mem");
  EXPECT_EQ(wasm_externtype_kind(wasm_exporttype_type(e)), WASM_EXTERN_MEMORY);
  wasm_exporttype_t* ec = wasm_exporttype_copy(e);
  wasm_exporttype_delete(e);
  EXPECT_EQ(
      wasm_memorytype_limits(wasm_externtype_as_memorytype_const(wasm_exporttype_type(ec)))->max,
      2u);
  wasm_exporttype_delete(ec);
}

TEST(WasmhModule, ReflectsImportsAndExports) {
  Env env;
  wasm_module_t* m = Compile(env.store, R"((module
    (import "a" "f" (func (param i32) (result f64)))
    (import "a" "g" (global (mut i64)))
    (import "b" "t" (table 1 5 externref))
    (import "b" "m" (memory 2))
    (func (export "h") (result i32) (i32.const 1))
    (global (export "c") f32 (f32.const 0))))");
  ASSERT_NE(m, nullptr);
  wasm_importtype_vec_t imports;
  wasm_module_imports(m, &imports);
  ASSERT_EQ(imports.size, 4u);
  const wasm_externtype_t* f = wasm_importtype_type(imports.data[0]);
  ASSERT_EQ(wasm_externtype_kind(f), WASM_EXTERN_FUNC);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_results(wasm_externtype_as_functype_const(f))->data[0]),
            WASM_F64);
  const wasm_globaltype_t* g =
      wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[1]));
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(wasm_globaltype_mutability(g), WASM_VAR);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(g)), WASM_I64);
  const wasm_tabletype_t* t =
      wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[2]));
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(wasm_valtype_kind(wasm_tabletype_element(t)), WASM_EXTERNREF);
  EXPECT_EQ(wasm_tabletype_limits(t)->max, 5u);
  const wasm_memorytype_t* mt =
      wasm_externtype_as_memorytype_const(wasm_importtype_type(imports.data[3]));
  ASSERT_NE(mt, nullptr);
  EXPECT_EQ(wasm_memorytype_limits(mt)->min, 2u);
  EXPECT_EQ(wasm_memorytype_limits(mt)->max, wasm_limits_max_default);
  EXPECT_EQ(std::string(wasm_importtype_module(imports.data[2])->data, 1), "b");
  wasm_importtype_vec_delete(&imports);

  wasm_exporttype_vec_t exports;
  wasm_module_exports(m, &exports);
  ASSERT_EQ(exports.size, 2u);
  EXPECT_EQ(std::string(wasm_exporttype_name(exports.data[0])->data, 1), "h");
  EXPECT_EQ(wasm_externtype_kind(wasm_exporttype_type(exports.data[1])), WASM_EXTERN_GLOBAL);
  wasm_exporttype_vec_t copy;
  wasm_exporttype_vec_copy(&copy, &exports);
  wasm_exporttype_vec_delete(&exports);
  EXPECT_EQ(copy.size, 2u);
  wasm_exporttype_vec_delete(&copy);
  wasm_module_delete(m);
}

TEST(WasmhModule, ValidateNewSerialize) {
  Env env;
  auto good = Wat("(module (func (export \"f\")))");
  wasm_byte_vec_t gv = View(good);
  EXPECT_TRUE(wasm_module_validate(env.store, &gv));
  std::vector<uint8_t> bad = {0, 'a', 's', 'm', 1, 0, 0, 0, 0xff};
  wasm_byte_vec_t bv = View(bad);
  EXPECT_FALSE(wasm_module_validate(env.store, &bv));
  EXPECT_EQ(wasm_module_new(env.store, &bv), nullptr);
  EXPECT_EQ(wasm_module_new(env.store, nullptr), nullptr);
  EXPECT_FALSE(wasm_module_validate(env.store, nullptr));

  wasm_module_t* m = wasm_module_new(env.store, &gv);
  ASSERT_NE(m, nullptr);
  wasm_byte_vec_t ser;
  wasm_module_serialize(m, &ser);
  ASSERT_EQ(ser.size, good.size());  // the binary itself (see wasm.h)
  EXPECT_EQ(std::memcmp(ser.data, good.data(), good.size()), 0);
  wasm_module_t* d = wasm_module_deserialize(env.store, &ser);
  ASSERT_NE(d, nullptr);
  wasm_exporttype_vec_t exports;
  wasm_module_exports(d, &exports);
  EXPECT_EQ(exports.size, 1u);
  wasm_exporttype_vec_delete(&exports);
  ser.data[0] = 'X';  // deserialize validates again
  EXPECT_EQ(wasm_module_deserialize(env.store, &ser), nullptr);
  wasm_byte_vec_delete(&ser);
  wasm_module_delete(d);
  wasm_module_delete(m);
}

}  // namespace
