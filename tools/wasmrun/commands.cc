// The subcommands other than `run`: see commands.h. Each has its own CLI11 app, whose errors
// are one line and a pointer to its --help.
#include "commands.h"

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "options.h"
#include "run.h"
#include "wasmrun/wasmrun.hpp"
#ifdef WASMRUN_HAVE_WAST
#include "spec_main.h"
#endif

namespace wr::cli {
namespace {

// Parses argv[1..) as `wasmrun NAME ...` with `app`; nullopt when it parsed, else the exit
// status (0 after --help).
std::optional<int> Parse(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc - 1, argv + 1);  // argv[1], the subcommand, stands for the program name
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "{}: {}\nRun '{} --help' for the options.\n", app.get_name(), e.what(),
               app.get_name());
    return kExitUsage;
  }
  return std::nullopt;
}

// Reads and compiles `path` (binary or text); prints why not and returns nullopt.
std::optional<wasmrun::Module> Load(const std::string& path) {
  std::vector<uint8_t> bytes;
  std::string io_error;
  if (!ReadFile(path, bytes, io_error)) {
    fmt::print(stderr, "wasmrun: {}: cannot read module: {}\n", path, io_error);
    return std::nullopt;
  }
  auto m = wasmrun::Module::FromBytes(wasmrun::Engine(), std::move(bytes));
  if (!m) {
    fmt::print(stderr, "wasmrun: {}: {}\n", path, m.error().ToString());
    return std::nullopt;
  }
  return std::move(*m);
}

}  // namespace

int ValidateCommand(int argc, char** argv) {
  CLI::App app{
      "wasmrun validate: decode and validate modules (binary or text); prints nothing "
      "for a valid one, the error with its byte offset (text: line) for another",
      "wasmrun validate"};
  std::vector<std::string> files;
  app.add_option("files", files, "the modules")->required();
  app.footer("\nExit status: 0 when every module is valid, 1 otherwise, 2 for bad usage.");
  if (auto status = Parse(app, argc, argv)) return *status;
  int status = 0;
  for (const std::string& f : files) {
    if (!Load(f)) status = kExitLoadError;
  }
  return status;
}

int Wat2WasmCommand(int argc, char** argv) {
  CLI::App app{"wasmrun wat2wasm: the binary format of a module in the text format",
               "wasmrun wat2wasm"};
  std::string in, out;
  app.add_option("file", in, "the text module (.wat)")->required();
  app.add_option("-o,--output", out, "where to write it (default: FILE with the extension .wasm)")
      ->type_name("OUT");
  if (auto status = Parse(app, argc, argv)) return *status;
  std::vector<uint8_t> bytes;
  std::string io_error;
  if (!ReadFile(in, bytes, io_error)) {
    fmt::print(stderr, "wasmrun: {}: cannot read: {}\n", in, io_error);
    return kExitLoadError;
  }
  auto wasm = wasmrun::WatToBinary(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  if (!wasm) {
    fmt::print(stderr, "wasmrun: {}: {}\n", in, wasm.error().ToString());
    return kExitLoadError;
  }
  // What the text front end accepts but the validator would not is reported, not written.
  if (auto m = wasmrun::Module::FromBinary(wasmrun::Engine(), *wasm); !m) {
    fmt::print(stderr, "wasmrun: {}: {}\n", in, m.error().ToString());
    return kExitLoadError;
  }
  if (out.empty()) {
    const size_t dot = in.rfind('.');
    const size_t slash = in.rfind('/');
    const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
    out = (has_ext ? in.substr(0, dot) : in) + ".wasm";
  }
  std::FILE* f = out == "-" ? stdout : std::fopen(out.c_str(), "wb");
  if (f == nullptr) {
    fmt::print(stderr, "wasmrun: {}: cannot write: {}\n", out, std::strerror(errno));
    return kExitLoadError;
  }
  const bool written = std::fwrite(wasm->data(), 1, wasm->size(), f) == wasm->size();
  const bool closed = f == stdout ? std::fflush(f) == 0 : std::fclose(f) == 0;
  if (!written || !closed) {
    fmt::print(stderr, "wasmrun: {}: cannot write: {}\n", out, std::strerror(errno));
    return kExitLoadError;
  }
  return 0;
}

int ObjdumpCommand(int argc, char** argv) {
  CLI::App app{"wasmrun objdump: the interpreter's internal code for a module's functions",
               "wasmrun objdump"};
  std::string path, func;
  app.add_option("module", path, "the module (.wasm, or .wat text)")->required();
  app.add_option("--func", func, "only this function: an index or an export name");
  if (auto status = Parse(app, argc, argv)) return *status;
  std::optional<wasmrun::Module> m = Load(path);
  if (!m) return kExitLoadError;
  auto text = wasmrun::DisassembleInternalCode(*m, func);
  if (!text) {
    fmt::print(stderr, "wasmrun objdump: {}\n", text.error().message);
    return kExitLoadError;
  }
  std::fputs(text->c_str(), stdout);
  return 0;
}

int WastCommand(int argc, char** argv) {
#ifdef WASMRUN_HAVE_WAST
  return wr::spec::Main("wasmrun wast", argc - 1, argv + 1);
#else
  (void)argc, (void)argv;
  fmt::print(stderr, "wasmrun: this build has no spec-script runner (tools/wasmrun-spec)\n");
  return kExitUsage;
#endif
}

}  // namespace wr::cli
