// GC references through the C API (wasmrun/wasmrun.h): a reference the API hands out is a
// handle that keeps its object alive until wasmrun_val_release, and nothing but a live handle
// of a live store is ever taken back as an object.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "capi_test_util.h"
#include "wasmrun/wasmrun.h"

namespace {

constexpr const char* kModule = R"((module
  (type $s (struct (field i32)))
  (import "env" "keep" (func $keep (param anyref)))
  (func (export "make") (param i32) (result anyref) (struct.new $s (local.get 0)))
  (func (export "get") (param anyref) (result i32)
    (struct.get $s 0 (ref.cast (ref $s) (local.get 0))))
  (func (export "pass") (param i32) (call $keep (struct.new $s (local.get 0))))
  ;; Allocates `n` structs of 8 fields and drops them: garbage that forces collections.
  (type $big (struct (field i64 i64 i64 i64 i64 i64 i64 i64)))
  (func (export "churn") (param $n i32)
    (loop $l
      (drop (struct.new_default $big))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
))";

// What the host function "keep" saw: its parameter as given, and a clone of it.
struct Kept {
  wasmrun_val_t param;
  wasmrun_val_t clone;
  bool cloned = false;
};

wasmrun_trap_t* Keep(void* data, wasmrun_caller_t*, const wasmrun_val_t* args, size_t,
                     wasmrun_val_t*, size_t) {
  auto* kept = static_cast<Kept*>(data);
  kept->param = args[0];
  kept->cloned = wasmrun_val_clone(&args[0], &kept->clone);
  return nullptr;
}

using capi_test::I32;

// One store with kModule instantiated, its GC heap limited to 1 MiB.
class CapiGcRefsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wasmrun_config_t c;
    wasmrun_config_init(&c);
    c.limits.max_gc_bytes = 1 << 20;
    engine_ = wasmrun_engine_new(&c);
    store_ = wasmrun_store_new(engine_);
    linker_ = wasmrun_linker_new(store_);
    ASSERT_NE(linker_, nullptr);
    wasmrun_valtype_t anyref = wasmrun_valtype(WASMRUN_ANYREF);
    ASSERT_EQ(Take(wasmrun_linker_define_host(linker_, "env", "keep", &anyref, 1, nullptr, 0, Keep,
                                              &kept_, nullptr, nullptr)),
              "");
    ASSERT_EQ(Take(wasmrun_module_from_wat(engine_, kModule, std::strlen(kModule), &module_)), "");
    ASSERT_EQ(Take(wasmrun_linker_instantiate(linker_, module_, &inst_)), "");
  }
  void TearDown() override {
    wasmrun_module_delete(module_);
    wasmrun_linker_delete(linker_);
    wasmrun_store_delete(store_);
    wasmrun_engine_delete(engine_);
  }

  static std::string Take(wasmrun_error_t* e) { return capi_test::Describe(e); }
  wasmrun_func_t Func(const char* name) const {
    wasmrun_func_t f;
    EXPECT_TRUE(wasmrun_instance_get_func(&inst_, name, &f)) << name;
    return f;
  }
  // make(n): a new struct holding n, as a handle.
  wasmrun_val_t Make(int32_t n) const {
    wasmrun_val_t arg = I32(n), out;
    std::memset(&out, 0, sizeof out);
    wasmrun_func_t f = Func("make");
    EXPECT_EQ(Take(wasmrun_func_call(&f, &arg, 1, &out, 1)), "");
    EXPECT_EQ(out.kind, WASMRUN_STRUCTREF);  // the reference's precise heap type
    return out;
  }
  // get(v): the struct's field, or the error's kind (as a negative number).
  int64_t Get(const wasmrun_val_t& v) const {
    wasmrun_val_t out = I32(0);
    wasmrun_func_t f = Func("get");
    wasmrun_error_t* e = wasmrun_func_call(&f, &v, 1, &out, 1);
    if (e != nullptr) {
      const int64_t kind = -static_cast<int64_t>(wasmrun_error_kind(e));
      wasmrun_error_delete(e);
      return kind;
    }
    return out.of.i32;
  }
  void Churn() const {
    wasmrun_val_t n = I32(100000);
    wasmrun_func_t f = Func("churn");
    EXPECT_EQ(Take(wasmrun_func_call(&f, &n, 1, nullptr, 0)), "");
  }

  static constexpr int64_t kUsage = -int64_t{WASMRUN_ERROR_USAGE};
  Kept kept_;
  wasmrun_engine_t* engine_ = nullptr;
  wasmrun_store_t* store_ = nullptr;
  wasmrun_linker_t* linker_ = nullptr;
  wasmrun_module_t* module_ = nullptr;
  wasmrun_instance_t inst_;
};

TEST_F(CapiGcRefsTest, AHeldHandleSurvivesCollections) {
  wasmrun_val_t v = Make(42);
  Churn();  // collects many times; under ASan a freed struct would be reported
  EXPECT_EQ(Get(v), 42);
  EXPECT_TRUE(wasmrun_val_release(&v));
  EXPECT_FALSE(wasmrun_val_release(&v));  // once only
}

TEST_F(CapiGcRefsTest, AReleasedHandleIsRefusedNotRead) {
  wasmrun_val_t v = Make(1);
  wasmrun_val_t copy = v;  // copies share the handle
  ASSERT_TRUE(wasmrun_val_release(&v));
  Churn();
  EXPECT_EQ(Get(copy), kUsage);
  wasmrun_val_t clone;
  EXPECT_FALSE(wasmrun_val_clone(&copy, &clone));
}

TEST_F(CapiGcRefsTest, ForgedBitsAreRefused) {
  const wasmrun_val_t v = Make(7);
  auto with_bits = [&](uint64_t bits) {
    wasmrun_val_t x = v;
    std::memcpy(&x.of.ref.opaque[1], &bits, sizeof bits);
    return x;
  };
  uint64_t bits;
  std::memcpy(&bits, &v.of.ref.opaque[1], sizeof bits);
  EXPECT_EQ(Get(with_bits(bits)), 7);                               // the handle as handed out
  EXPECT_EQ(Get(with_bits(bits ^ (uint64_t{1} << 32))), kUsage);    // another generation
  EXPECT_EQ(Get(with_bits(bits + (uint64_t{1000} << 2))), kUsage);  // an index never used
  // An object's address (8-aligned, as a pointer would be) is never taken for an object.
  EXPECT_EQ(Get(with_bits(reinterpret_cast<uintptr_t>(&kept_))), kUsage);
  // A store that is not one.
  wasmrun_val_t foreign = v;
  int not_a_store = 0;
  foreign.of.ref.opaque[0] = &not_a_store;
  EXPECT_EQ(Get(foreign), kUsage);
  EXPECT_FALSE(wasmrun_val_release(&foreign));
  // The same handle claimed for another hierarchy: refused, not reinterpreted.
  wasmrun_val_t as_exn = v;
  as_exn.kind = WASMRUN_EXNREF;
  wasmrun_val_t clone;
  EXPECT_FALSE(wasmrun_val_clone(&as_exn, &clone));
}

TEST_F(CapiGcRefsTest, ReleasedObjectsAreCollected) {
  // 200,000 structs, each released at once: if release kept anything, the 1 MiB heap would
  // fill up and allocation would trap.
  for (int i = 0; i < 200000; ++i) {
    wasmrun_val_t v = Make(i);
    ASSERT_EQ(v.kind, WASMRUN_STRUCTREF) << "after " << i;
    ASSERT_TRUE(wasmrun_val_release(&v));
  }
}

TEST_F(CapiGcRefsTest, HandlesNotReleasedKeepTheirObjects) {
  wasmrun_func_t make = Func("make");
  for (int i = 0; i < 200000; ++i) {
    wasmrun_val_t arg = I32(i), out;
    wasmrun_error_t* e = wasmrun_func_call(&make, &arg, 1, &out, 1);
    if (e != nullptr) {
      ASSERT_EQ(wasmrun_error_kind(e), WASMRUN_ERROR_TRAP) << wasmrun_error_describe(e);
      EXPECT_EQ(wasmrun_trap_kind(wasmrun_error_trap(e)), WASMRUN_TRAP_RESOURCE_EXHAUSTED);
      wasmrun_error_delete(e);
      EXPECT_GT(i, 1000);
      return;
    }
  }
  FAIL() << "200,000 held structs fit in a 1 MiB heap";
}

TEST_F(CapiGcRefsTest, CallbackParametersLastForTheCallUnlessCloned) {
  wasmrun_val_t n = I32(5);
  wasmrun_func_t pass = Func("pass");
  ASSERT_EQ(Take(wasmrun_func_call(&pass, &n, 1, nullptr, 0)), "");
  ASSERT_TRUE(kept_.cloned);
  Churn();
  EXPECT_EQ(Get(kept_.param), kUsage);  // released when the callback returned
  EXPECT_EQ(Get(kept_.clone), 5);
  EXPECT_TRUE(wasmrun_val_release(&kept_.clone));
}

TEST_F(CapiGcRefsTest, AHandleOfADeletedStoreIsRefused) {
  wasmrun_val_t stale;
  {
    wasmrun_store_t* other = wasmrun_store_new(engine_);
    wasmrun_linker_t* linker = wasmrun_linker_new(other);
    wasmrun_valtype_t anyref = wasmrun_valtype(WASMRUN_ANYREF);
    Kept kept;
    ASSERT_EQ(Take(wasmrun_linker_define_host(linker, "env", "keep", &anyref, 1, nullptr, 0, Keep,
                                              &kept, nullptr, nullptr)),
              "");
    wasmrun_instance_t inst;
    ASSERT_EQ(Take(wasmrun_linker_instantiate(linker, module_, &inst)), "");
    wasmrun_func_t make;
    ASSERT_TRUE(wasmrun_instance_get_func(&inst, "make", &make));
    wasmrun_val_t arg = I32(3);
    ASSERT_EQ(Take(wasmrun_func_call(&make, &arg, 1, &stale, 1)), "");
    wasmrun_linker_delete(linker);
    wasmrun_store_delete(other);
  }
  EXPECT_EQ(Get(stale), kUsage);  // under ASan: no read of the deleted store
  EXPECT_FALSE(wasmrun_val_release(&stale));
}

}  // namespace
