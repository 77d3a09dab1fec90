// `wasmrun [run]`: load a module, give it WASI preview1 with exactly the capabilities granted
// on the command line, and run _start or an --invoke'd export; all through the public API.
#pragma once

#include "options.h"
#include "wasmrun/wasmrun.hpp"

namespace wr::cli {

inline constexpr int kExitTrap = 134;
inline constexpr int kExitLoadError = 1;

// Reads `path` whole (a regular file in one read; pipes and the like as they come). False with
// the reason in `error`.
bool ReadFile(const std::string& path, std::vector<uint8_t>& out, std::string& error);

// Prints a trap and its wasm backtrace on stderr (after flushing stdout); returns kExitTrap.
int PrintTrap(const wasmrun::Trap& trap);

// Runs the program `o` describes. Once _start or the --invoke'd export has run, ends the
// process with its exit status (ExitProcess: nothing is torn down). Returns the exit status
// when it stops before that (a load error, a bad argument, a trap while instantiating); sets
// *threads when the module uses wasi-threads (threads may still run: end the process with
// ExitProcess).
int Run(const Options& o, bool* threads);

}  // namespace wr::cli
