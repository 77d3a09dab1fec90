// example_embed: the smallest useful host program on libwasmrun.
//
// It compiles a module (the text below, or a .wasm/.wat file given as argv[1] that imports
// and exports the same things), gives it one host function, instantiates it, calls an export
// and reads the guest's linear memory from the host.
//
//   $ example_embed
//   guest says: hello from wasm
//   run(20) = 21
//   memory[0..4) = 40
#include <cstdint>
#include <cstdio>
#include <string>

#include "wasmrun/wasmrun.hpp"

namespace {

// A guest that logs a string through the host, stores 2*x at address 0 and returns x+1.
constexpr const char* kGuest = R"((module
  (import "env" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wasm")
  (func (export "run") (param $x i32) (result i32)
    (call $log (i32.const 16) (i32.const 15))
    (i32.store (i32.const 0) (i32.mul (local.get $x) (i32.const 2)))
    (i32.add (local.get $x) (i32.const 1))))
)";

int Fail(const std::string& what) {
  std::fprintf(stderr, "example_embed: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  wasmrun::Config config;
  config.limits.max_memory_pages = 256;  // 16 MiB is plenty for this guest
  wasmrun::Engine engine(config);

  auto module = argc > 1 ? wasmrun::Module::FromFile(engine, argv[1])
                         : wasmrun::Module::FromWat(engine, kGuest);
  if (!module) return Fail(module.error().ToString());

  wasmrun::Store store(engine);
  wasmrun::Linker linker(store);

  // env.log(ptr, len): prints guest memory [ptr, ptr+len). Every guest pointer goes through a
  // bounds-checked read; a bad one becomes a trap in the guest, not a crash in the host.
  linker.DefineFunc(
      "env", "log", {{wasmrun::ValType::I32, wasmrun::ValType::I32}, {}},
      [](wasmrun::Caller& caller, std::span<const wasmrun::Value> args,
         std::span<wasmrun::Value>) -> wasmrun::Result<void, wasmrun::Trap> {
        auto memory = caller.memory();
        if (!memory) return wasmrun::Fail(wasmrun::Trap::Host("env.log: caller has no memory"));
        auto text = memory->ReadString(static_cast<uint32_t>(args[0].i32()),
                                       static_cast<uint32_t>(args[1].i32()));
        if (!text) return wasmrun::Fail(wasmrun::Trap::Host("env.log: " + text.error().message));
        std::printf("guest says: %s\n", text->c_str());
        return {};
      });

  auto instance = linker.Instantiate(*module);
  if (!instance) return Fail(instance.error().ToString());

  auto run = instance->GetFunc("run");
  if (!run) return Fail("the module has no exported function \"run\"");
  auto results = run->Call({wasmrun::Value::FromI32(20)});
  if (!results) return Fail("trap: " + results.error().ToString());
  std::printf("run(20) = %d\n", (*results)[0].i32());

  auto memory = instance->GetMemory("memory");
  if (!memory) return Fail("the module exports no memory");
  auto stored = memory->Read<int32_t>(0);
  if (!stored) return Fail(stored.error().ToString());
  std::printf("memory[0..4) = %d\n", *stored);
  return 0;
}
