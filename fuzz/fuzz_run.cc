// libFuzzer target: decode, compile, instantiate against stub imports, and call every exported
// function with zero arguments, under small limits. Nothing may crash, whatever the input;
// traps and errors are fine.
//
// Termination: the module is compiled interruptible and every export call gets a fuel budget,
// so loops and recursion end with "out of fuel" at the latest (the start function included).
// The 3.0 features the interpreter runs are enabled.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "binary/reader.h"
#include "compile/compiled_module.h"
#include "compile/features.h"
#include "interp/interpreter.h"
#include "interp/linker.h"
#include "runtime/memory.h"
#include "runtime/store.h"

namespace {

constexpr uint64_t kMaxPages = 4;  // 256 KiB per memory
constexpr uint64_t kMaxTableEntries = 4096;

// Per export call (and for the start function): about this many internal ops.
constexpr uint64_t kFuelPerCall = 200000;

// Defines a stub for each import: host functions that return zeros, fresh memories, tables
// and globals of exactly the imported type. Returns false when an import cannot be stubbed
// within the limits (the module is then not instantiated).
bool DefineStubs(wr::Store& store, wr::interp::Linker& linker, const wr::Module& m) {
  for (const wr::Import& imp : m.imports) {
    switch (imp.kind) {
      case wr::ExternKind::Func: {
        if (imp.type_index >= m.types.size()) return false;
        linker.DefineHostFunc(store, imp.module, imp.name, m.types[imp.type_index].func,
                              [](wr::HostContext&, std::span<const uint64_t>,
                                 std::span<uint64_t> results) -> wr::Expected<void, wr::Trap> {
                                for (uint64_t& r : results) r = 0;
                                return {};
                              });
        break;
      }
      case wr::ExternKind::Memory: {
        auto mem = wr::MemoryInstance::Create(imp.memory, kMaxPages);
        if (!mem.has_value()) return false;
        wr::MemoryInstance* p = store.AddMemory(std::move(*mem));
        linker.Define(imp.module, imp.name, wr::Extern{wr::ExternKind::Memory, p});
        break;
      }
      case wr::ExternKind::Table: {
        const wr::Limits& lim = imp.table.limits;
        if (lim.min > kMaxTableEntries) return false;
        wr::TableInstance* t = store.NewTable();
        t->type = imp.table;
        t->elems.resize(lim.min);
        t->max_size = lim.max && *lim.max < kMaxTableEntries ? *lim.max : kMaxTableEntries;
        if (imp.table.elem.is_ref() && !imp.table.elem.nullable && lim.min > 0) return false;
        linker.Define(imp.module, imp.name, wr::Extern{wr::ExternKind::Table, t});
        break;
      }
      case wr::ExternKind::Global: {
        if (imp.global.type.is_ref() && !imp.global.type.nullable) return false;
        wr::GlobalInstance* g = store.NewGlobal();
        g->type = imp.global;
        linker.Define(imp.module, imp.name, wr::Extern{wr::ExternKind::Global, g});
        break;
      }
      case wr::ExternKind::Tag: return false;
    }
  }
  return true;
}

unsigned Slots(const std::vector<wr::ValType>& types) {
  unsigned n = 0;
  for (const wr::ValType& t : types) n += t.slots();
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto decoded = wr::binary::ReadModule(std::span<const uint8_t>(data, size));
  if (!decoded.has_value()) return 0;
  wr::valid::Options options;
  options.features = wr::compile::SupportedFeatures();
  wr::compile::CompileOptions compile_options;
  compile_options.interruptible = true;
  auto compiled = wr::compile::CompileModule(std::move(*decoded), options, compile_options);
  if (!compiled.has_value()) return 0;
  const std::shared_ptr<const wr::compile::CompiledModule> cm = *compiled;
  const wr::Module& m = cm->module;

  wr::StoreLimits limits;
  limits.max_call_depth = 256;
  limits.max_stack_slots = 1u << 16;
  limits.max_memory_pages = kMaxPages;
  limits.max_table_entries = kMaxTableEntries;
  wr::Store store(limits);
  wr::interp::Linker linker;
  if (!DefineStubs(store, linker, m)) return 0;
  if (!wr::interp::SetFuel(store, kFuelPerCall)) return 0;
  auto inst = linker.Instantiate(store, cm);
  if (!inst.has_value()) return 0;

  for (const wr::Export& e : m.exports) {
    if (e.kind != wr::ExternKind::Func) continue;
    auto it = (*inst)->exports.find(e.name);
    if (it == (*inst)->exports.end()) __builtin_trap();  // every export must be bound
    wr::FuncInstance* f = it->second.func();
    std::vector<uint64_t> args(Slots(f->type.params), 0);
    std::vector<uint64_t> results(Slots(f->type.results), 0);
    wr::interp::SetFuel(store, kFuelPerCall);
    (void)wr::interp::Invoke(store, f, args, results);
  }
  return 0;
}
