// libFuzzer target: the host boundary of the public API under random values, types, exports,
// globals and tables (api_boundary_driver.h). A failed invariant aborts, like a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "api_boundary_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const wasmrun::fuzz::ApiBoundaryRun run = wasmrun::fuzz::RunApiBoundary(data, size);
  if (!run.failure.empty()) {
    std::fprintf(stderr, "api boundary invariant failed: %s\n", run.failure.c_str());
    std::abort();
  }
  return 0;
}
