// Command-line options of `wasmrun` (CLI11). Parsing is the only place that throws (CLI11's
// ParseError), and it is caught inside ParseOptions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wr::cli {

struct Preopen {
  std::string host;
  std::string guest;
  bool read_only = false;  // a trailing ":ro"
};

struct Options {
  std::string module_path;
  std::vector<std::string> args;  // guest arguments (after the module), or --invoke values
  std::vector<Preopen> dirs;
  std::vector<std::string> env;  // NAME=VALUE, resolved against the host for bare NAMEs
  std::optional<std::string> invoke;
  uint64_t max_memory_pages = 0;          // 0 = the engine's default
  bool small_memory_reservation = false;  // memories reserve what they use, and move
  uint32_t max_stack = 0;                 // wasm call depth; 0 = the engine's default
  uint64_t max_gc_bytes = 0;              // live GC heap; 0 = the engine's default
  std::optional<uint64_t> fuel;           // trap with "out of fuel" after about this many ops
  std::optional<double> timeout;          // seconds; trap with "interrupted" after that long
  uint32_t max_threads = 0;               // wasi-threads: threads running at once; 0 = the default
  bool no_debug_info = false;             // backtraces without DWARF source lines
};

// Parses argv. Returns the options, or the process exit status to end with right away
// (0 after --help/--version, 2 after printing usage for bad flags).
struct ParseOutcome {
  std::optional<Options> options;
  int exit_code = 0;
};
ParseOutcome ParseOptions(int argc, char** argv);

}  // namespace wr::cli
