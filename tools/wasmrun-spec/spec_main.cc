// The spec-script runner's command line, shared by `wasmrun-spec` and `wasmrun wast`: runs
// WebAssembly spec test scripts (.wast) and checks them against the list of known failures. Prints
// each unexpected result with file, line, command and expected vs actual, then `N passed, N failed,
// N skipped` over all assertions run.
//
// Exit status: 0 when every failure is listed in --expected-failures and no listed assertion
// passes; 1 otherwise; 2 for bad usage or an unreadable file.
#include "spec_main.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "expected_failures.h"
#include "runner.h"
#include "text/wast.h"

namespace {

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// Every feature of WebAssembly 3.0 is on: the suite's root is 3.0.
wr::spec::RunnerConfig Config30() {
  wr::spec::RunnerConfig c;
  wr::valid::Features& f = c.options.features;
  f.tail_call = f.exceptions = f.func_refs = f.gc = true;
  f.memory64 = f.multi_memory = f.extended_const = f.relaxed_simd = true;
  return c;
}

// Turns on feature `name` ("all" for every one); false for an unknown name.
bool Enable(wr::spec::RunnerConfig& c, std::string_view name) {
  wr::valid::Features& f = c.options.features;
  const bool all = name == "all";
  bool known = all;
  auto flag = [&](std::string_view n, bool& field) {
    if (all || name == n) field = known = true;
  };
  flag("tail-call", f.tail_call);
  flag("exceptions", f.exceptions);
  flag("func-refs", f.func_refs);
  flag("gc", f.gc);
  flag("memory64", f.memory64);
  flag("multi-memory", f.multi_memory);
  flag("extended-const", f.extended_const);
  flag("relaxed-simd", f.relaxed_simd);
  flag("custom-page-sizes", f.custom_page_sizes);
  flag("wide-arithmetic", f.wide_arithmetic);
  flag("legacy-exceptions", f.legacy_exceptions);
  flag("threads", c.shared_memory);
  flag("threads", f.threads);
  return known;
}

// A proposal's folder turns its feature on by default (.../proposals/NAME/file.wast), and
// legacy/ the legacy exception handling.
void EnableForFolder(wr::spec::RunnerConfig& c, const std::filesystem::path& path) {
  const std::filesystem::path dir = path.parent_path();
  if (dir.parent_path().filename() == "proposals") Enable(c, dir.filename().string());
  if (dir.filename() == "legacy") Enable(c, "legacy-exceptions");
}

// The name a file has in expected-failures: its name, under its folder for the folders beyond
// the suite's root (proposals/threads/memory.wast is not memory.wast).
std::string ListingName(const std::filesystem::path& path) {
  const std::filesystem::path dir = path.parent_path();
  const std::string name = path.filename().string();
  if (dir.parent_path().filename() == "proposals") {
    return "proposals/" + dir.filename().string() + "/" + name;
  }
  if (dir.filename() == "legacy" || dir.filename() == "custom") {
    return dir.filename().string() + "/" + name;
  }
  return name;
}

}  // namespace

namespace wr::spec {

int Main(const std::string& program, int argc, char** argv) {
  CLI::App app{"Runs WebAssembly spec test scripts (.wast)", program};
  std::vector<std::string> files;
  std::string expected_path;
  bool update = false;
  bool verbose = false;
  app.add_option("files", files, "the .wast scripts")->required()->check(CLI::ExistingFile);
  app.add_option("--expected-failures", expected_path,
                 "known failing assertions, one `file.wast:LINE reason` per line");
  app.add_flag("--update-expected-failures", update,
               "rewrite the entries of these files in --expected-failures to what fails now");
  app.add_flag("-v,--verbose", verbose, "print every failure, listed or not");
  bool lazy = false;
  app.add_flag("--lazy-lowering", lazy,
               "lower every function at its first call, as in a module of over 64 KiB of code "
               "(validation then takes the validator's fused path)");
  std::vector<std::string> enabled;
  app.add_option("--enable", enabled,
                 "turn on a feature beyond 3.0 (custom-page-sizes, threads, wide-arithmetic, "
                 "legacy-exceptions) or `all`; "
                 "repeatable. A file under proposals/NAME/ has feature NAME on by default");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const CLI::ParseError& e) {
    // One line and a pointer to --help (CLI11's own exit codes are not ours).
    fmt::print(stderr, "{}: {}\nRun '{} --help' for the options.\n", program, e.what(), program);
    return 2;
  }
  wr::spec::RunnerConfig base = Config30();
  base.lazy_lowering = lazy;
  for (const std::string& name : enabled) {
    if (!Enable(base, name)) {
      fmt::print(stderr, "{}: unknown feature '{}'\n", program, name);
      return 2;
    }
  }
  if (update && expected_path.empty()) {
    fmt::print(stderr, "{}: --update-expected-failures needs --expected-failures\n", program);
    return 2;
  }

  wr::spec::ExpectedFailures expected;
  if (!expected_path.empty() && !update) {
    auto loaded = wr::spec::ExpectedFailures::Load(expected_path);
    if (!loaded) {
      fmt::print(stderr, "{}: {}\n", program, loaded.error().message);
      return 2;
    }
    expected = std::move(*loaded);
  }

  uint32_t passed = 0, failed = 0, skipped = 0, unexpected = 0, stale = 0;
  std::map<std::string, uint32_t> skipped_by_kind;
  for (const std::string& path : files) {
    const std::string file = ListingName(path);
    std::string source;
    if (!ReadFile(path, source)) {
      fmt::print(stderr, "{}: cannot read {}\n", program, path);
      return 2;
    }
    std::map<uint32_t, std::string> failures;  // line -> reason
    auto script = wr::text::ParseWast(source);
    if (!script) {
      // A script we cannot parse counts as one failed assertion at the error's line.
      const uint32_t line =
          script.error().has_offset() ? static_cast<uint32_t>(script.error().offset) : 0;
      fmt::print("{}:{}: script does not parse: {}\n", path, line, script.error().message);
      failures[line] = "text";
      ++failed;
    } else {
      wr::spec::RunnerConfig config = base;
      EnableForFolder(config, path);
      wr::spec::ScriptRunner runner(config, verbose);
      for (const auto& o : runner.Run(*script)) {
        const bool listed = expected.Contains(file, o.line);
        if (!o.passed) {
          failures[o.line] = o.reason;
          if (!listed || verbose) {
            fmt::print("{}:{}: {}: {}{}\n", path, o.line, o.what, o.detail,
                       listed ? " (expected failure)" : "");
          }
        }
      }
      passed += runner.stats().passed;
      failed += runner.stats().failed;
      skipped += runner.stats().skipped;
      for (const auto& [kind, n] : runner.stats().skipped_by_kind) skipped_by_kind[kind] += n;
    }
    if (update) {
      auto r = wr::spec::ExpectedFailures::Update(expected_path, file, failures);
      if (!r) {
        fmt::print(stderr, "{}: {}\n", program, r.error().message);
        return 2;
      }
      continue;
    }
    for (const auto& [line, reason] : failures) {
      if (!expected.Contains(file, line)) ++unexpected;
    }
    for (uint32_t line : expected.LinesFor(file)) {
      if (!failures.count(line)) {
        fmt::print("{}:{}: listed in expected-failures but passes now: remove it\n", path, line);
        ++stale;
      }
    }
  }

  if (skipped != 0) {
    std::string kinds;
    for (const auto& [kind, n] : skipped_by_kind) {
      kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", kind, n);
    }
    fmt::print("skipped (not run by this runner yet): {}\n", kinds);
  }
  if (!update && failed) {
    fmt::print("({} failures not in expected-failures, {} listed but passing)\n", unexpected,
               stale);
  }
  fmt::print("{} passed, {} failed, {} skipped\n", passed, failed, skipped);
  return (unexpected || stale) ? 1 : 0;
}

}  // namespace wr::spec
