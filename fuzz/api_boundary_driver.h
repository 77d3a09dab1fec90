// The host boundary under random use: random values of random types passed to random exports,
// globals and tables of a module whose exports dereference what they get (struct.get,
// call_ref, i31.get_s, array.get). Whatever the input, nothing may crash (ASan proves no
// wrong value got through), every call the boundary accepts must have had arguments of the
// declared kind and nullability, and every value wasm hands out must be of its declared type.
//
// Shared by the libFuzzer target (fuzz_api.cc) and a unit test that replays pseudo-random
// inputs in every CI build.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace wasmrun::fuzz {

struct ApiBoundaryRun {
  std::string failure;  // empty, or the invariant that failed
  size_t accepted = 0;  // calls, sets and grows the boundary let through
  size_t refused = 0;   // ... and those it refused (a HostError naming the value)
};

// Runs one input.
ApiBoundaryRun RunApiBoundary(const uint8_t* data, size_t size);

}  // namespace wasmrun::fuzz
