// The validator's three ways through a body -- the quick check (quick_check.cc), the fused path
// (fast_path.cc) and the normal path (Step()) -- and checks that they agree, shared by the
// tests of the first two.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <initializer_list>
#include <string>
#include <vector>

#include "test_module.h"

namespace wr::valid::paths {

using testing::Code;
using testing::ModuleBuilder;

// Sees every instruction: the quick check and the fused path stay off.
class SeesAll : public FuncListener {
 public:
  void OnInstr(const binary::Instr& in, const FuncView&) override { ops.push_back(in.op); }
  Result<void> EndFunction(const FuncView& v) override {
    max_slot = v.MaxSlotHeight();
    return {};
  }
  std::vector<Opcode> ops;
  uint32_t max_slot = 0;
};

// A table for IgnoredOpcodes(): every opcode but `seen`.
inline std::array<uint8_t, kOpcodeCount> IgnoreAllBut(std::initializer_list<Opcode> seen) {
  std::array<uint8_t, kOpcodeCount> t{};
  t.fill(1);
  for (Opcode op : seen) t[static_cast<uint16_t>(op)] = 0;
  return t;
}

// Ignores every opcode: the quick check takes the bodies it can whole (OnInstr sees nothing
// of them), the fused path checks what it can of the others, OnInstr sees the rest.
class IgnoresAll : public SeesAll {
 public:
  const uint8_t* IgnoredOpcodes() const override {
    static const std::array<uint8_t, kOpcodeCount> table = IgnoreAllBut({});
    return table.data();
  }
};

// Ignores every opcode but `nop`, which the quick check takes: the fused path without it.
class IgnoresAllButNop : public SeesAll {
 public:
  const uint8_t* IgnoredOpcodes() const override {
    static const std::array<uint8_t, kOpcodeCount> table = IgnoreAllBut({Opcode::Nop});
    return table.data();
  }
};

struct Outcome {
  std::string message;
  uint64_t offset = 0;
  uint32_t max_slot = 0;
};

inline Outcome RunWith(const ModuleBuilder& b, FuncListener* listener, const SeesAll* rec) {
  auto r = b.Validate(testing::AllFeatures(), listener);
  Outcome o;
  o.message = testing::Msg(r);
  o.offset = r ? 0 : r.error().offset;
  o.max_slot = rec != nullptr && r ? rec->max_slot : 0;
  return o;
}

// What the module around the function under test has besides it.
struct Env {
  bool memory = true;
  IndexType index_type = IndexType::I32;  // of the memory and the table
  bool table = true;                      // table 0
  ValType table_elem = ValType::FuncRef();
};

// Validates `body` as function 0, (func (param i32) (result i32) (local i64 f32 f64)), four
// ways (no listener; a listener that sees everything, so only the normal path runs; one that
// ignores everything, so the quick check and the fused path run; one that keeps the quick
// check off) and checks they agree; returns the outcome. Type 0 is the function's type, type 1 is
// [i64 f64] -> [f32]; function 1 has type 1. Global 0 is a mutable i32, global 1 an immutable
// i64.
inline ModuleBuilder CheckModule(const Code& body, const Env& env) {
  ModuleBuilder b;
  if (env.memory) b.Memory(1, env.index_type);
  if (env.table) b.Table(env.table_elem, 1, env.index_type);
  b.Global(ValType::I32(), true, Code().I32(0).End());
  b.Global(ValType::I64(), false, Code().I64(0).End());
  b.Func({ValType::I32()}, {ValType::I32()}, body,
         {{1, ValType::I64()}, {1, ValType::F32()}, {1, ValType::F64()}});
  b.Func({ValType::I64(), ValType::F64()}, {ValType::F32()}, Code().F32().End());
  return b;
}

inline std::string Check(const Code& body, const Env& env) {
  const ModuleBuilder b = CheckModule(body, env);
  SeesAll all;
  IgnoresAll quick;
  IgnoresAllButNop fused;
  const Outcome plain = RunWith(b, nullptr, nullptr);
  const Outcome slow = RunWith(b, &all, &all);
  const Outcome fast = RunWith(b, &quick, &quick);
  const Outcome fused_only = RunWith(b, &fused, &fused);
  for (const Outcome* o : {&plain, &fast, &fused_only}) {
    EXPECT_EQ(o->message, slow.message);
    EXPECT_EQ(o->offset, slow.offset);
  }
  EXPECT_EQ(fast.max_slot, slow.max_slot);
  EXPECT_EQ(fused_only.max_slot, slow.max_slot);
  return slow.message;
}

inline std::string Check(const Code& body, bool memory = true, IndexType it = IndexType::I32) {
  return Check(body, Env{memory, it});
}

// Whether the quick check took function 0 of CheckModule(body, env) whole: the listener that
// ignores everything then saw none of its instructions (the fused path leaves the function's
// own end to the normal path, which shows it).
inline bool TakenWhole(const Code& body, const Env& env = {}) {
  const ModuleBuilder b = CheckModule(body, env);
  IgnoresAll quick;
  if (!b.Validate(testing::AllFeatures(), &quick)) return false;
  return quick.ops.empty();  // (function 1, `f32.const 0; end`, is always taken whole)
}

}  // namespace wr::valid::paths
