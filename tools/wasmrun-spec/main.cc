// wasmrun-spec: runs WebAssembly spec test scripts (.wast) and checks them against the list of
// known failures. Prints each unexpected result with file, line, command and expected vs
// actual, then `N passed, N failed, N skipped` over all assertions run.
//
// Exit status: 0 when every failure is listed in --expected-failures and no listed assertion
// passes; 1 otherwise; 2 for bad usage or an unreadable file.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
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

// The suite is WebAssembly 3.0, so every 3.0 feature is validated; a module that uses an
// instruction the interpreter cannot run yet fails when it is lowered ("... not supported by
// the interpreter"), and its assertions are listed in spec-tests/expected-failures.
wr::valid::Options EngineOptions() {
  wr::valid::Options options;
  wr::valid::Features& f = options.features;
  f.tail_call = f.exceptions = f.func_refs = f.gc = true;
  f.memory64 = f.multi_memory = f.extended_const = f.relaxed_simd = true;
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Runs WebAssembly spec test scripts (.wast)"};
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
  CLI11_PARSE(app, argc, argv);
  if (update && expected_path.empty()) {
    fmt::print(stderr, "wasmrun-spec: --update-expected-failures needs --expected-failures\n");
    return 2;
  }

  wr::spec::ExpectedFailures expected;
  if (!expected_path.empty() && !update) {
    auto loaded = wr::spec::ExpectedFailures::Load(expected_path);
    if (!loaded) {
      fmt::print(stderr, "wasmrun-spec: {}\n", loaded.error().message);
      return 2;
    }
    expected = std::move(*loaded);
  }

  uint32_t passed = 0, failed = 0, skipped = 0, unexpected = 0, stale = 0, mismatches = 0;
  for (const std::string& path : files) {
    const std::string file = std::filesystem::path(path).filename().string();
    std::string source;
    if (!ReadFile(path, source)) {
      fmt::print(stderr, "wasmrun-spec: cannot read {}\n", path);
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
      wr::spec::ScriptRunner runner(EngineOptions(), verbose);
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
      mismatches += runner.stats().message_mismatches;
    }
    if (update) {
      auto r = wr::spec::ExpectedFailures::Update(expected_path, file, failures);
      if (!r) {
        fmt::print(stderr, "wasmrun-spec: {}\n", r.error().message);
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

  fmt::print("{} passed, {} failed, {} skipped\n", passed, failed, skipped);
  if (!update && (failed || mismatches)) {
    fmt::print(
        "({} failures not in expected-failures, {} listed but passing, {} rejections "
        "with a different message)\n",
        unexpected, stale, mismatches);
  }
  return (unexpected || stale) ? 1 : 0;
}
