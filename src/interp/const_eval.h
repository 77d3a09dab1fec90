// Constant expressions (document/core/valid/instructions.rst "Constant Expressions";
// exec: evaluated in an auxiliary frame of the instance being built).
//
// Contract: the expression was validated, so it is a sequence of constant instructions that
// leaves exactly one value of the expected type. The evaluator still checks everything it
// relies on (stack depth, index ranges, known opcodes) and reports a clear Error instead of
// misbehaving if handed an unvalidated expression.
//
// Supported: i32/i64/f32/f64/v128.const, ref.null, ref.func, global.get, and the
// extended-const i32/i64 add, sub and mul (wrapping). GC's constant allocations (struct.new,
// array.new, ref.i31, any/extern.convert) are not supported yet.
#pragma once

#include <cstdint>

#include "common/error.h"
#include "ir/module.h"
#include "runtime/instance.h"
#include "runtime/store.h"

namespace wr::interp {

// A value in interpreter slot encoding (see runtime/host_func.h): one slot, two for v128.
struct ConstValue {
  uint64_t slots[2] = {0, 0};
};

// Evaluates `expr` of `module` against `inst`, whose `funcs` (for ref.func) and `globals` (for
// global.get) must already hold every entry the expression may name.
// Evaluates a validated constant expression of `module` in `inst` (its globals, functions and
// type ids so far). GC allocations (struct.new, array.new...) are made in `store`; a store
// over its GC budget makes evaluation fail.
Result<ConstValue> EvalConstExpr(const Module& module, const ConstExpr& expr, const Instance& inst,
                                 Store& store);

}  // namespace wr::interp
