// Which functions of a module JS can call with null for every argument, as fuzz_shell.js and
// oracle.cjs call them. V8 throws a TypeError before entering the function when a parameter
// is i64 (null is no BigInt), v128, a non-nullable reference or in the exception hierarchy
// (exnref), or a result is v128 or exnref.
//
// wasmrun's public API reports every reference type as funcref or externref (types.hpp), so
// this reads the full signatures from the module's type, import and function sections. Once
// Func::type() carries full reference types, this can be derived from it instead.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace wr::fuzzb {

// One flag per function index (imports first); nullopt if the sections cannot be read.
std::optional<std::vector<bool>> JsCallableFunctions(const std::vector<uint8_t>& module);

}  // namespace wr::fuzzb
