// libFuzzer target: decode, validate and compile a module. Whatever the input, none of the
// three may crash, hang or allocate without bound; each may fail with an error.
//
// Invariants checked beyond "no crash":
// - validation alone (null listener) and CompileModule (validation + lowering in one pass)
//   agree on whether the module is valid: the listener must not change the verdict;
// - every error has a message, and validation errors are Validate or (for malformed bodies,
//   which are decoded during validation) Decode errors;
// - a compiled module has one compiled function per defined function.
// The module is also validated with every 3.0 feature the validator knows turned on, since
// those paths take the same untrusted bytes once an embedder enables them.
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

#include "binary/reader.h"
#include "compile/compiled_module.h"
#include "valid/validator.h"

namespace {

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

wr::valid::Options AllFeatures() {
  wr::valid::Options o;
  o.features.tail_call = true;
  o.features.exceptions = true;
  o.features.func_refs = true;
  o.features.gc = true;
  o.features.memory64 = true;
  o.features.multi_memory = true;
  o.features.extended_const = true;
  o.features.relaxed_simd = true;
  o.features.custom_page_sizes = true;
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto decoded = wr::binary::ReadModule(std::span<const uint8_t>(data, size));
  if (!decoded.has_value()) {
    Check(!decoded.error().message.empty());
    return 0;
  }
  const wr::Module& module = *decoded;

  const wr::valid::Options defaults;
  auto valid = wr::valid::ValidateModule(module, defaults);
  if (!valid.has_value()) {
    Check(!valid.error().message.empty());
    // Bodies are decoded while they are validated, so malformed code ("illegal opcode")
    // surfaces here as a Decode error.
    Check(valid.error().phase == wr::Phase::Validate || valid.error().phase == wr::Phase::Decode);
  }

  auto compiled = wr::compile::CompileModule(module, defaults);
  Check(compiled.has_value() == valid.has_value());
  if (compiled.has_value()) {
    Check((*compiled)->funcs.size() == module.functions.size());
  } else {
    Check(!compiled.error().message.empty());
  }

  // A module valid under 2.0 stays valid with more features on (they only add instructions
  // and types); the reverse does not hold.
  auto valid_all = wr::valid::ValidateModule(module, AllFeatures());
  if (valid.has_value()) Check(valid_all.has_value());
  return 0;
}
