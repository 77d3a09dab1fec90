// The subcommands of `wasmrun` besides running a module: validate, wat2wasm, objdump, wast.
// Each parses argv[2..argc) itself and returns the process exit status.
#pragma once

namespace wr::cli {

// `wasmrun validate FILE...`: 0 when every module is valid; 1 (each error, with its byte
// offset or source line, on stderr) otherwise.
int ValidateCommand(int argc, char** argv);
// `wasmrun wat2wasm FILE [-o OUT]`: the binary format of a text module (OUT defaults to FILE
// with .wasm for its extension).
int Wat2WasmCommand(int argc, char** argv);
// `wasmrun objdump FILE [--func F]`: the interpreter's internal code.
int ObjdumpCommand(int argc, char** argv);
// `wasmrun wast FILE...`: the spec-script runner (as wasmrun-spec).
int WastCommand(int argc, char** argv);

}  // namespace wr::cli
