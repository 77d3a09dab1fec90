#include "options.h"

#include <fmt/core.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace wr::cli {

namespace {

// ---- Flag values. CLI11 hands every numeric flag over as text, and these turn it into a
// value or one line on stderr (the caller then exits with status 2): one place that decides
// what each flag accepts. Integers: decimal digits only (no sign, no fraction), within
// [min, max]; seconds: a finite decimal number within (0, kMaxSeconds].

bool Fail(std::string_view flag, std::string_view text, std::string_view expected) {
  UsageError(fmt::format("{}: bad value '{}': expected {}", flag, text, expected));
  return false;
}

bool ParseUnsigned(std::string_view flag, const std::string& text, uint64_t min, uint64_t max,
                   uint64_t* out) {
  const std::string expected = fmt::format("an integer from {} to {}", min, max);
  const bool digits =
      !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  uint64_t v = 0;
  if (!digits) return Fail(flag, text, expected);
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    return Fail(flag, text, expected);  // out of range, or past 2^64 - 1
  }
  *out = v;
  return true;
}

// The Watchdog waits with a duration<double> converted to the steady clock's nanoseconds
// (64-bit): 10^9 s keeps that far from overflow and is longer than anyone will wait.
constexpr double kMaxSeconds = 1e9;

bool ParseSeconds(std::string_view flag, const std::string& text, double* out) {
  constexpr std::string_view kExpected = "a number of seconds above 0, at most 1e9";
  double v = 0;
  // from_chars also reads "nan" and "inf", which isfinite then refuses.
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) ||
      !(v > 0) || v > kMaxSeconds) {
    return Fail(flag, text, kExpected);
  }
  *out = v;
  return true;
}

// HOST[::GUEST][:ro|:rw]; a bare HOST is offered under its own spelling, as wasmtime does.
// A trailing ":ro" makes the directory read-only and ":rw" (the default) says so explicitly;
// exactly one such suffix is taken off, so a guest name that really ends in ":ro" is written
// with ":rw" after it (HOST::/x:ro:rw). Neither part may be empty, and what is left may not
// end in ':' ("HOST::GUEST::ro" is refused rather than read as the guest name "GUEST:").
bool SplitDir(const std::string& spec, Preopen* out) {
  constexpr std::string_view kForm = "HOST[::GUEST][:ro]";
  std::string rest = spec;
  bool read_only = false;
  if (rest.ends_with(":ro")) {
    read_only = true;
    rest.resize(rest.size() - 3);
  } else if (rest.ends_with(":rw")) {
    rest.resize(rest.size() - 3);
  }
  const size_t sep = rest.find("::");
  *out = sep == std::string::npos ? Preopen{rest, rest, read_only}
                                  : Preopen{rest.substr(0, sep), rest.substr(sep + 2), read_only};
  if (out->host.empty()) return Fail("--dir", spec, fmt::format("a host directory: {}", kForm));
  if (out->guest.empty()) return Fail("--dir", spec, "a guest name after '::': HOST::GUEST");
  if (rest.back() == ':') {
    return Fail(
        "--dir", spec,
        fmt::format("{} (one ':' before ro; end with :rw to keep a name ending in :ro)", kForm));
  }
  return true;
}

constexpr const char* kExamples = R"(
Everything after the module is the guest's: its arguments (argv[1] on), or the values for
--invoke. Options go before the module.

Subcommands:
  wasmrun [run] [OPTIONS] MODULE [ARGS...]   run a WASI program, or --invoke an export
  wasmrun validate FILE...                   check modules; errors with their byte offset
  wasmrun wat2wasm FILE [-o OUT]             text format to binary
  wasmrun objdump FILE [--func F]            the interpreter's internal code
  wasmrun wast FILE...                       run spec test scripts
  (`wasmrun SUBCOMMAND --help` for each)

Examples:
  wasmrun hello.wasm
  wasmrun --dir . sqlite3.wasm :memory: -json "select 1"
  wasmrun --dir ./data::/data --env HOME=/data app.wasm --verbose
  wasmrun --invoke add math.wat 1 2
  wasmrun --invoke dot vec.wat "1 2 3 4" "0x10,0,0,-1"   (v128: four i32 lanes)
  wasmrun --fuel 1000000 --timeout 2.5 untrusted.wasm

Exit status: the guest's proc_exit code (0 when _start returns); 134 after a trap; 1 when the
module cannot be read, decoded, validated or linked; 2 for bad options. See docs/CLI.md.
)";

// Where the module stands in argv[first..argc): the first word that is neither an option
// nor the value of one (an option of the app that takes a value takes the next word, unless
// written --opt=value), or the word after a `--`. argc when there is none.
int ModulePosition(const CLI::App& app, int argc, char** argv, int first) {
  int i = first;
  while (i < argc) {
    const std::string_view word = argv[i];
    if (word == "--") return i + 1;
    if (word.size() < 2 || word[0] != '-') return i;
    ++i;
    if (word.find('=') != std::string_view::npos) continue;
    for (const CLI::Option* opt : app.get_options()) {
      if (opt->check_name(std::string(word)) && opt->get_expected_min() > 0) {
        ++i;  // its value (CLI11 then refuses one that looks like an option)
        break;
      }
    }
  }
  return argc;
}

}  // namespace

int UsageError(const std::string& message) {
  fmt::print(stderr, "wasmrun: {}\nRun 'wasmrun --help' for the options.\n", message);
  return kExitUsage;
}

ParseOutcome ParseOptions(int argc, char** argv, int first) {
  CLI::App app{"wasmrun: run a WebAssembly module (WASI preview1 program or --invoke an export)",
               "wasmrun"};
  Options o;
  std::vector<std::string> dirs;
  std::vector<std::string> env;
  std::optional<std::string> invoke, max_memory, max_stack, max_gc_heap, fuel, timeout;
  std::optional<std::string> max_threads;
  bool version = false;
  app.add_option("module", o.module_path, "the module to run (.wasm, or .wat text)")->required();
  // Documentation only: the words after the module never reach CLI11 (see ModulePosition).
  std::vector<std::string> args_help;
  app.add_option("args", args_help, "the guest's arguments (or the values for --invoke)");
  app.add_option("--dir", dirs,
                 "preopen host directory HOST for the guest, as GUEST if given; :ro: read-only")
      ->type_name("HOST[::GUEST][:ro]")
      ->allow_extra_args(false)  // one value per --dir: the module may follow
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--env", env, "give the guest NAME=VALUE, or NAME with the host's value")
      ->type_name("NAME[=VALUE]")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  bool inherit_env = false;
  app.add_flag("--inherit-env", inherit_env,
               "give the guest the host's whole environment (--env adds to it or overrides)");
  app.add_option("--invoke", invoke, "call export FUNC with ARGS instead of _start")
      ->type_name("FUNC");
  // Numeric values are taken as text and checked below (ParseUnsigned, ParseSeconds).
  app.add_option("--max-memory", max_memory, "largest memory, in 64 KiB pages (1 to 65536)")
      ->type_name("PAGES");
  app.add_flag("--small-memory-reservation", o.small_memory_reservation,
               "reserve only the address space a memory uses (it moves when it grows)");
  app.add_option("--max-stack", max_stack, "deepest wasm call stack, in frames (1 to 1000000)")
      ->type_name("N");
  app.add_option("--max-gc-heap", max_gc_heap, "largest live GC heap, in bytes (1 to 2^40)")
      ->type_name("BYTES");
  app.add_option("--fuel", fuel,
                 "stop the guest (trap) after about N instructions (bulk ops: 1 per 64 bytes)")
      ->type_name("N");
  app.add_option("--timeout", timeout, "stop the guest (trap) after SECONDS (above 0, up to 1e9)")
      ->type_name("SECONDS");
  app.add_option("--max-threads", max_threads,
                 "wasi-threads (on by default): at most N threads spawned by the guest running "
                 "at once (1 to 4096; default 64); thread-spawn fails past that")
      ->type_name("N");
  app.add_flag("--no-debug-info", o.no_debug_info,
               "backtraces without source lines, even when the module has DWARF (.debug_line)");
  app.add_flag("-V,--version", version, "print the version and exit");
  app.footer(kExamples);

  // CLI11 sees the words up to the module; the rest is the guest's.
  const int module_at = ModulePosition(app, argc, argv, first);
  std::vector<char*> words{argv[0]};
  for (int i = first; i < argc && i <= module_at; ++i) words.push_back(argv[i]);
  if (module_at < argc) {
    int g = module_at + 1;
    if (g < argc && std::string_view(argv[g]) == "--") ++g;  // wasmrun m.wasm -- args: dropped
    o.args.assign(argv + g, argv + argc);
  }
  try {
    app.parse(static_cast<int>(words.size()), words.data());
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return {std::nullopt, 0};
  } catch (const CLI::ParseError& e) {
    if (version) {  // -V alone: the missing MODULE does not matter
      fmt::print("wasmrun {}\n", WASMRUN_VERSION);
      return {std::nullopt, 0};
    }
    return {std::nullopt, UsageError(e.what())};
  }
  if (version) {
    fmt::print("wasmrun {}\n", WASMRUN_VERSION);
    return {std::nullopt, 0};
  }
  const ParseOutcome bad{std::nullopt, 2};
  uint64_t n = 0;
  if (max_memory) {
    if (!ParseUnsigned("--max-memory", *max_memory, 1, 65536, &n)) return bad;
    o.max_memory_pages = n;
  }
  if (max_stack) {
    if (!ParseUnsigned("--max-stack", *max_stack, 1, 1000000, &n)) return bad;
    o.max_stack = static_cast<uint32_t>(n);
  }
  if (max_gc_heap) {
    if (!ParseUnsigned("--max-gc-heap", *max_gc_heap, 1, uint64_t{1} << 40, &n)) return bad;
    o.max_gc_bytes = n;
  }
  if (max_threads) {
    if (!ParseUnsigned("--max-threads", *max_threads, 1, 4096, &n)) return bad;
    o.max_threads = static_cast<uint32_t>(n);
  }
  if (fuel) {
    if (!ParseUnsigned("--fuel", *fuel, 0, UINT64_MAX, &n)) return bad;
    o.fuel = n;
  }
  if (timeout) {
    double seconds = 0;
    if (!ParseSeconds("--timeout", *timeout, &seconds)) return bad;
    o.timeout = seconds;
  }
  for (const std::string& d : dirs) {
    if (!SplitDir(d, &o.dirs.emplace_back())) return bad;
  }
  if (inherit_env) {
    for (char** e = environ; *e != nullptr; ++e) o.env.emplace_back(*e);
  }
  for (const std::string& e : env) {
    if (e.empty() || e.front() == '=') {
      Fail("--env", e, "NAME=VALUE or NAME");
      return bad;
    }
    std::string entry;
    if (e.find('=') != std::string::npos) {
      entry = e;
    } else if (const char* v = std::getenv(e.c_str())) {
      entry = e + "=" + v;
    } else {
      continue;  // NAME that the host does not have: nothing to give
    }
    // A later definition of a name replaces an earlier one (--inherit-env --env HOME=/x).
    const std::string_view name = std::string_view(entry).substr(0, entry.find('=') + 1);
    auto same = std::find_if(o.env.begin(), o.env.end(),
                             [&](const std::string& x) { return x.starts_with(name); });
    if (same != o.env.end()) {
      *same = std::move(entry);
    } else {
      o.env.push_back(std::move(entry));
    }
  }
  if (invoke) {
    if (invoke->empty()) {
      Fail("--invoke", *invoke, "the name of an exported function");
      return bad;
    }
    o.invoke = *invoke;
  }
  return {std::move(o), 0};
}

}  // namespace wr::cli
