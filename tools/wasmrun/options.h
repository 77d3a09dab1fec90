// Command-line options of `wasmrun [run]` (CLI11). Options stand before the module; every word
// after it is the guest's (a `--` right after the module is dropped), as with wasmtime: CLI11
// parses argv only up to the module. Parsing is the only place that throws (CLI11's
// ParseError), and it is caught inside ParseOptions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wr::cli {

// The process exit statuses of usage errors; ParseOptions and the subcommands return them.
inline constexpr int kExitUsage = 2;

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

// Parses argv[first..argc) (first is 1, or 2 after the `run` subcommand). Returns the options,
// or the process exit status to end with right away (0 after --help/--version, 2 after one
// line about a bad flag and a pointer to --help).
struct ParseOutcome {
  std::optional<Options> options;
  int exit_code = 0;
};
ParseOutcome ParseOptions(int argc, char** argv, int first);

// Prints "wasmrun: MESSAGE" and the pointer to --help on stderr; returns kExitUsage.
int UsageError(const std::string& message);

}  // namespace wr::cli
