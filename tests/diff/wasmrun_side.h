// The wasmrun side of the differential test, through the public API (libwasmrun).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "diff/values.h"

namespace wr::diff {

// Loads `bytes` and runs each call on a fresh instance; returns one result line per call
// (values.h). A module wasmrun rejects gives "error <reason>" for every call.
std::vector<std::string> RunInWasmrun(const std::vector<uint8_t>& bytes,
                                      const std::vector<Call>& calls);

}  // namespace wr::diff
