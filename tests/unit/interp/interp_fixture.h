// The fixture of the interpreter's end-to-end tests (interpreter_test.cc, the fused ops in
// interpreter_fusion_test.cc): WAT -> decoder -> CompileModule -> Linker::Instantiate -> Invoke.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <bit>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "binary/reader.h"
#include "compile/compiled_module.h"
#include "compile/features.h"
#include "interp/frame.h"
#include "interp/interpreter.h"
#include "interp/linker.h"
#include "runtime/store.h"
#include "text/wat.h"
#include "wat_module.h"

namespace wr::interp::testing_support {

using Values = std::vector<uint64_t>;

class InterpTest : public ::testing::Test {
 protected:
  explicit InterpTest(StoreLimits limits = {}) : store_(limits) {}

  // func_refs is on because the validator (as of writing) demands it for the (ref func)
  // element type that 3.0 gives to `(elem ... func $f)` segments.
  static valid::Options DefaultOptions() {
    valid::Options o;
    o.features.func_refs = true;
    return o;
  }

  Instance* Load(std::string_view wat, valid::Options options = DefaultOptions()) {
    auto m = wr::testing_support::ReadWat(wat);
    if (!m) return nullptr;
    auto cm = compile::CompileModule(std::move(m).value(), options);
    EXPECT_TRUE(cm.has_value()) << cm.error().ToString();
    if (!cm) return nullptr;
    auto inst = linker_.Instantiate(store_, *cm);
    EXPECT_TRUE(inst.has_value()) << inst.error().Message();
    return inst ? *inst : nullptr;
  }

  FuncInstance* Export(Instance* inst, const std::string& name) {
    auto it = inst->exports.find(name);
    if (it == inst->exports.end() || it->second.kind != ExternKind::Func) return nullptr;
    return it->second.func();
  }

  Expected<Values, Trap> Call(Instance* inst, const std::string& name, Values args = {}) {
    FuncInstance* f = Export(inst, name);
    if (!f) return Unexpected(Trap::Host("no export " + name));
    unsigned n = 0;
    for (const ValType& t : f->type->results) n += t.slots();
    Values results(n);
    auto r = Invoke(store_, f, args, results);
    if (!r) return Unexpected(std::move(r).error());
    return results;
  }

  // Runs an export expected to succeed with one result.
  uint64_t Run1(Instance* inst, const std::string& name, Values args = {}) {
    auto r = Call(inst, name, std::move(args));
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().Message());
    if (!r || r->empty()) return 0xdeadbeef;
    return (*r)[0];
  }

  // Runs an export expected to trap; returns the trap.
  Trap RunTrap(Instance* inst, const std::string& name, Values args = {}) {
    auto r = Call(inst, name, std::move(args));
    EXPECT_FALSE(r.has_value()) << "expected a trap from " << name;
    if (r) return Trap();
    return std::move(r).error();
  }

  // A trap with `code` whose backtrace is one frame, at wasm byte `offset` of the module.
  static ::testing::AssertionResult TrapsAt(const Trap& t, TrapCode code, uint32_t offset) {
    if (t.code != code) return ::testing::AssertionFailure() << "trap: " << t.Message();
    if (t.frames.size() != 1) {
      return ::testing::AssertionFailure() << t.frames.size() << " frames, not 1";
    }
    if (t.frames[0].offset != offset) {
      return ::testing::AssertionFailure()
             << "at offset " << t.frames[0].offset << ", not " << offset;
    }
    return ::testing::AssertionSuccess();
  }

  static uint64_t I32(int32_t v) { return static_cast<uint32_t>(v); }
  static uint64_t I64(int64_t v) { return static_cast<uint64_t>(v); }
  static uint64_t F32(float v) { return std::bit_cast<uint32_t>(v); }
  static uint64_t F64(double v) { return std::bit_cast<uint64_t>(v); }

  Store store_;
  Linker linker_;
};

}  // namespace wr::interp::testing_support
