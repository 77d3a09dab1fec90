// Module and function validation: the spec's validation algorithm (document/core/valid).
//
// Errors are wr::Error with Phase::Validate, the offset of the offending instruction or
// section entry, and the spec test suite's wording ("type mismatch", "unknown local 3"...,
// matched by prefix by assert_invalid).
#pragma once

#include <cstdint>
#include <memory>

#include "common/error.h"
#include "ir/module.h"
#include "valid/listener.h"

namespace wr::valid {

struct Features {
  // WebAssembly 2.0 is always on. 3.0 features are accepted by the validator only when the
  // engine can run them; each flag is flipped on as its execution support lands.
  bool tail_call = false;
  bool exceptions = false;
  bool func_refs = false;  // typed function references
  bool gc = false;
  bool memory64 = false;
  bool multi_memory = false;
  bool extended_const = false;
  bool relaxed_simd = false;
  bool custom_page_sizes = false;
  bool wide_arithmetic = false;    // i64.add128, i64.sub128, i64.mul_wide_s/u
  bool legacy_exceptions = false;  // try, catch, catch_all, delegate, rethrow
  bool threads = false;            // shared memories and the atomic instructions (prefix 0xFE)
};

struct Options {
  Features features;
};

// Validates everything: types, imports, functions (bodies, with `listener` receiving every
// checked instruction of every defined function, in order), tables, memories, globals and
// constant expressions, exports, start, element and data segments.
Result<void> ValidateModule(const Module& module, const Options& options,
                            FuncListener* listener = nullptr);

// Validates one defined function's body (defined_index counts defined functions only), e.g.
// to lower it lazily. Assumes the rest of the module was validated.
Result<void> ValidateFunction(const Module& module, uint32_t defined_index, const Options& options,
                              FuncListener* listener = nullptr);

// Validates the bodies of one module one at a time, computing the per-module facts (canonical
// types, the functions ref.func may name) once and reusing the validator's stacks: for lazy
// lowering, where ValidateFunction's per-call setup would be repeated for every function.
// `module` must outlive the BodyValidator and should have passed ValidateModule.
class BodyValidator {
 public:
  static Result<std::unique_ptr<BodyValidator>> Create(const Module& module,
                                                       const Options& options);
  ~BodyValidator();
  Result<void> Validate(uint32_t defined_index, FuncListener* listener = nullptr);

 private:
  struct Impl;
  explicit BodyValidator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wr::valid
