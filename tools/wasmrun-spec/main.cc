// wasmrun-spec: runs WebAssembly spec test scripts (.wast); the same runner as `wasmrun wast`,
// kept as a program of its own for the spec-test targets of CI (spec-tests/CMakeLists.txt).
#include "spec_main.h"

int main(int argc, char** argv) {
  return wr::spec::Main("wasmrun-spec", argc, argv);
}
