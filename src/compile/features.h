// The proposals beyond WebAssembly 2.0 that the interpreter runs. The CLI and the embedding
// API validate with these by default, so a module that validates also runs: all of
// WebAssembly 3.0, custom page sizes, wide arithmetic, legacy exceptions and threads.
#pragma once

#include "valid/validator.h"

namespace wr::compile {

inline valid::Features SupportedFeatures() {
  valid::Features f;
  f.tail_call = true;
  f.memory64 = true;
  f.multi_memory = true;
  f.extended_const = true;
  f.relaxed_simd = true;
  f.func_refs = true;
  f.exceptions = true;
  f.gc = true;
  f.custom_page_sizes = true;
  f.wide_arithmetic = true;
  f.legacy_exceptions = true;
  f.threads = true;
  return f;
}

}  // namespace wr::compile
