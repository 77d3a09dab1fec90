#include "spectest.h"

#include <bit>
#include <string>

namespace wr::spec {

namespace {

GlobalInstance* ConstGlobal(Store& store, ValType type, uint64_t bits) {
  GlobalInstance* g = store.NewGlobal();
  g->type = GlobalType{type, false};
  g->value[0] = bits;
  return g;
}

}  // namespace

void DefineSpectest(interp::Linker& linker, Store& store) {
  const ValType i32 = ValType::I32(), i64 = ValType::I64(), f32 = ValType::F32(),
                f64 = ValType::F64();
  auto nop = [](HostContext&, std::span<const uint64_t>,
                std::span<uint64_t>) -> Expected<void, Trap> { return {}; };
  struct Print {
    const char* name;
    std::vector<ValType> params;
  };
  const Print prints[] = {
      {"print", {}},
      {"print_i32", {i32}},
      {"print_i64", {i64}},
      {"print_f32", {f32}},
      {"print_f64", {f64}},
      {"print_i32_f32", {i32, f32}},
      {"print_f64_f64", {f64, f64}},
  };
  for (const Print& p : prints) {
    linker.DefineHostFunc(store, "spectest", p.name, FuncType{p.params, {}}, nop);
  }

  auto define = [&](const char* name, ExternKind kind, void* ptr) {
    linker.Define("spectest", name, Extern{kind, ptr});
  };
  define("global_i32", ExternKind::Global, ConstGlobal(store, i32, 666));
  define("global_i64", ExternKind::Global, ConstGlobal(store, i64, 666));
  define("global_f32", ExternKind::Global,
         ConstGlobal(store, f32, std::bit_cast<uint32_t>(666.6f)));
  define("global_f64", ExternKind::Global, ConstGlobal(store, f64, std::bit_cast<uint64_t>(666.6)));

  TableInstance* table = store.NewTable();
  table->type.elem = ValType::FuncRef();
  table->type.limits.min = 10;
  table->type.limits.max = 20;
  table->max_size = 20;
  table->elems.assign(10, kNullRef);
  define("table", ExternKind::Table, table);

  TableInstance* table64 = store.NewTable();
  table64->type.elem = ValType::FuncRef();
  table64->type.limits = Limits{10, 20, IndexType::I64, false};
  table64->max_size = 20;
  table64->elems.assign(10, kNullRef);
  define("table64", ExternKind::Table, table64);

  MemoryType mem_type;
  mem_type.limits.min = 1;
  mem_type.limits.max = 2;
  if (auto mem = MemoryInstance::Create(mem_type, 0)) {
    define("memory", ExternKind::Memory, store.AddMemory(std::move(*mem)));
  }
  mem_type.limits.shared = true;  // threads: (memory 1 2 shared)
  if (auto mem = MemoryInstance::Create(mem_type, 0)) {
    define("shared_memory", ExternKind::Memory, store.AddMemory(std::move(*mem)));
  }
}

}  // namespace wr::spec
