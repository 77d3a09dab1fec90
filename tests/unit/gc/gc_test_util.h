// Shared fixture of the collector tests: a store with a chosen budget, a linker with a host
// function env.gc that collects (every wasm frame is then stopped at a call: a safepoint),
// and helpers to load WAT and call exports.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "binary/reader.h"
#include "compile/compiled_module.h"
#include "interp/interpreter.h"
#include "interp/linker.h"
#include "runtime/store.h"
#include "text/wat.h"
#include "wat_module.h"

namespace wr::gctest {

using Values = std::vector<uint64_t>;

inline StoreLimits Limits(uint64_t max_gc_bytes, bool stress = false) {
  StoreLimits l;
  l.max_gc_bytes = max_gc_bytes;
  l.gc_stress = stress;
  return l;
}

class GcTest : public ::testing::Test {
 protected:
  explicit GcTest(StoreLimits limits = Limits(64 << 20)) : store_(limits) {
    store_.set_pin_host_refs_forever(false);  // the tests pin by hand
    linker_.DefineHostFunc(store_, "env", "gc", FuncType{{}, {}},
                           [this](HostContext&, std::span<const uint64_t>,
                                  std::span<uint64_t>) -> Expected<void, Trap> {
                             store_.CollectGarbage();
                             return {};
                           });
  }

  Instance* Load(std::string_view wat) {
    auto m = wr::testing_support::ReadWat(wat);
    if (!m) return nullptr;
    valid::Options o;
    o.features.func_refs = o.features.gc = o.features.exceptions = o.features.tail_call = true;
    auto cm = compile::CompileModule(std::move(m).value(), o);
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
    auto r = interp::Invoke(store_, f, args, results);
    if (!r) return Unexpected(std::move(r).error());
    return results;
  }

  uint64_t Run1(Instance* inst, const std::string& name, Values args = {}) {
    auto r = Call(inst, name, std::move(args));
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().Message());
    if (!r || r->empty()) return 0xdeadbeef;
    return (*r)[0];
  }

  Store store_;
  interp::Linker linker_;
};

}  // namespace wr::gctest
