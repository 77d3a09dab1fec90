// wasmrun-objdump: lowers every function of a module (wasm or wat) and prints its internal
// code (compile/disassemble.cc), so that what the interpreter runs can be read and compared.
//
//   wasmrun-objdump module.wasm                 all defined functions
//   wasmrun-objdump module.wasm --func 12       function 12 of the function index space
//   wasmrun-objdump module.wasm --func main     the function exported as `main`
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "binary/reader.h"
#include "compile/compiled_module.h"
#include "compile/features.h"
#include "text/wat.h"

namespace {

using wr::compile::CompiledFunction;

int Fail(const std::string& what) {
  fmt::print(stderr, "wasmrun-objdump: {}\n", what);
  return 1;
}

// The function index `spec` names: a number, or the name of a function export.
bool ResolveFunc(const wr::Module& m, const std::string& spec, uint32_t* index) {
  for (const wr::Export& e : m.exports) {
    if (e.kind == wr::ExternKind::Func && e.name == spec) {
      *index = e.index;
      return true;
    }
  }
  if (spec.empty() || spec.find_first_not_of("0123456789") != std::string::npos) return false;
  *index = static_cast<uint32_t>(std::stoul(spec));
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"wasmrun-objdump: print the interpreter's internal code for a module"};
  std::string path, func;
  app.add_option("module", path, "the module (.wasm, or .wat text)")->required();
  app.add_option("--func", func, "only this function: an index or an export name");
  CLI11_PARSE(app, argc, argv);

  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(path + ": cannot read module: " + std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (bytes.size() < 4 || std::memcmp(bytes.data(), "\0asm", 4) != 0) {
    auto wasm = wr::text::ParseWat(
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    if (!wasm) return Fail(path + ": " + wasm.error().ToString());
    bytes = std::move(*wasm);
  }
  auto module = wr::binary::ReadModule(bytes);
  if (!module) return Fail(path + ": " + module.error().ToString());
  wr::valid::Options options;
  options.features = wr::compile::SupportedFeatures();
  auto compiled = wr::compile::CompileModule(std::move(*module), options);
  if (!compiled) return Fail(path + ": " + compiled.error().ToString());
  const wr::compile::CompiledModule& cm = **compiled;

  uint32_t only = 0;
  const bool one = !func.empty();
  if (one && !ResolveFunc(cm.module, func, &only)) return Fail("no function " + func);
  bool found = false;
  for (const CompiledFunction& f : cm.funcs) {
    const uint32_t index = cm.module.num_imported_funcs + f.defined_index;
    if (one && index != only) continue;
    found = true;
    auto lowered = wr::compile::EnsureLowered(f);
    if (!lowered) return Fail(lowered.error().ToString());
    auto name = cm.module.func_names.find(index);
    if (name != cm.module.func_names.end()) fmt::print("; {}\n", name->second);
    std::fputs(wr::compile::Disassemble(f).c_str(), stdout);
  }
  if (one && !found) return Fail("function " + func + " is imported or out of range");
  return 0;
}
