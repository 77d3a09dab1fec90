// The spec-script runner's command line (`wasmrun-spec`, `wasmrun wast`): parses argv
// (argv[0] is skipped), runs the scripts, prints failures and totals. Returns the exit status:
// 0 when every failure is a listed one, 1 otherwise, 2 for bad usage or an unreadable file.
// `program` names the command in usage and messages.
#pragma once

#include <string>

namespace wr::spec {

int Main(const std::string& program, int argc, char** argv);

}  // namespace wr::spec
