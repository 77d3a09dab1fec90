#include "options.h"

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>

namespace wr::cli {

namespace {

// HOST[::GUEST]; a bare HOST is offered under its own spelling, as wasmtime does.
Preopen SplitDir(const std::string& spec) {
  size_t sep = spec.find("::");
  if (sep == std::string::npos) return {spec, spec};
  return {spec.substr(0, sep), spec.substr(sep + 2)};
}

}  // namespace

ParseOutcome ParseOptions(int argc, char** argv) {
  CLI::App app{"wasmrun: run a WebAssembly module (WASI preview1 program or --invoke an export)",
               "wasmrun"};
  Options o;
  std::vector<std::string> dirs;
  std::vector<std::string> env;
  std::string invoke;
  bool version = false;
  app.add_option("module", o.module_path, "the module to run (.wasm, or .wat text)")->required();
  app.add_option("args", o.args, "arguments for the guest (or for --invoke), after --");
  app.add_option("--dir", dirs, "preopen host directory HOST for the guest, as GUEST if given")
      ->type_name("HOST[::GUEST]")
      ->allow_extra_args(false)  // one value per --dir: the module may follow
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--env", env, "give the guest NAME=VALUE, or NAME with the host's value")
      ->type_name("NAME[=VALUE]")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--invoke", invoke, "call export FUNC with ARGS instead of _start")
      ->type_name("FUNC");
  app.add_option("--max-memory", o.max_memory_pages, "largest memory, in 64 KiB pages")
      ->type_name("PAGES")
      ->check(CLI::Range(uint64_t{1}, uint64_t{65536}));
  app.add_option("--max-stack", o.max_stack, "deepest wasm call stack, in frames")
      ->type_name("N")
      ->check(CLI::Range(uint32_t{1}, uint32_t{1000000}));
  app.add_option("--max-gc-heap", o.max_gc_bytes, "largest live GC heap (structs, arrays)")
      ->type_name("BYTES")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  app.add_option("--fuel", o.fuel, "stop the guest (trap) after about N instructions")
      ->type_name("N");
  app.add_option("--timeout", o.timeout, "stop the guest (trap) after SECONDS")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.0, 1e9));
  app.add_flag("-V,--version", version, "print the version and exit");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return {std::nullopt, 0};
  } catch (const CLI::ParseError& e) {
    if (version) {  // -V alone: the missing MODULE does not matter
      fmt::print("wasmrun {}\n", WASMRUN_VERSION);
      return {std::nullopt, 0};
    }
    fmt::print(stderr, "wasmrun: {}\n{}", e.what(), app.help());
    return {std::nullopt, 2};
  }
  if (version) {
    fmt::print("wasmrun {}\n", WASMRUN_VERSION);
    return {std::nullopt, 0};
  }
  for (const std::string& d : dirs) o.dirs.push_back(SplitDir(d));
  for (const std::string& e : env) {
    if (e.empty() || e.front() == '=') {
      fmt::print(stderr, "wasmrun: --env: bad variable '{}'\n{}", e, app.help());
      return {std::nullopt, 2};
    }
    if (e.find('=') != std::string::npos) {
      o.env.push_back(e);
    } else if (const char* v = std::getenv(e.c_str())) {
      o.env.push_back(e + "=" + v);
    }
  }
  if (!invoke.empty()) o.invoke = invoke;
  return {std::move(o), 0};
}

}  // namespace wr::cli
