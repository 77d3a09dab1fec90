// wasmrun: the command line. `wasmrun [run] [OPTIONS] MODULE [ARGS...]` runs a WASI program or
// --invoke's an export (run.cc); `validate`, `wat2wasm`, `objdump` and `wast` are the other
// subcommands (commands.cc). Everything here is a client of the public API
// (include/wasmrun/wasmrun.hpp); `wast` links the spec-script runner (tools/wasmrun-spec).
//
// A first word that names a subcommand is one: a module file named like a subcommand is run
// with `wasmrun ./validate` or `wasmrun run validate`.
#include <string_view>

#include "commands.h"
#include "options.h"
#include "run.h"
#include "wasmrun/wasmrun.hpp"

int main(int argc, char** argv) {
  if (argc >= 2) {
    const std::string_view sub = argv[1];
    if (sub == "validate") return wr::cli::ValidateCommand(argc, argv);
    if (sub == "wat2wasm") return wr::cli::Wat2WasmCommand(argc, argv);
    if (sub == "objdump") return wr::cli::ObjdumpCommand(argc, argv);
    if (sub == "wast") return wr::cli::WastCommand(argc, argv);
  }
  const int first = argc >= 2 && std::string_view(argv[1]) == "run" ? 2 : 1;
  wr::cli::ParseOutcome parsed = wr::cli::ParseOptions(argc, argv, first);
  if (!parsed.options) return parsed.exit_code;
  bool threads = false;
  const int status = wr::cli::Run(*parsed.options, &threads);
  if (threads) {
    // Threads the guest spawned may still run: the process ends here, as WASI's does when
    // _start returns, without destroying what they use (and after a thread that is ending
    // the process already).
    wasmrun::ExitProcess(status);
  }
  return status;
}
