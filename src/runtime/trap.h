// Trap: why wasm execution stopped abnormally, with the wasm call stack at that point.
//
// TrapCode::None means "no trap" so hot code can carry a TrapCode in a register and test it
// with one comparison. Exit is not an error: it is WASI proc_exit unwinding the guest with a
// status, which embedders and the CLI tell apart from real traps.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wr {

namespace compile {
struct CompiledModule;
}

enum class TrapCode : uint8_t {
  None = 0,
#define WR_TRAP(name, msg) name,
#include "runtime/traps.def"
#undef WR_TRAP
};

const char* TrapMessage(TrapCode code);

struct TrapFrame {
  uint32_t func_index = 0;  // in the defining module's function index space
  std::string func_name;    // from the name section; empty when unknown
  std::string module_name;  // from the name section; empty when unknown
  uint32_t offset = 0;      // byte offset of the trapping instruction in the module, if known
  uint32_t func_start = 0;  // byte offset of the function's code entry in the module, if known
  // The source position of `offset` (line 0: unknown). The interpreter leaves them empty
  // and sets `compiled`; the API fills them from the module's DWARF (debuginfo/) when asked,
  // which a trap that passes through a host function keeps.
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  // The module the function belongs to (for the lookup above); null when unknown.
  std::shared_ptr<const compile::CompiledModule> compiled;
};

struct Trap {
  TrapCode code = TrapCode::None;
  int32_t exit_code = 0;  // TrapCode::Exit only
  // HostError: the host's message. Other codes: context appended to the spec message (the
  // element index of "uninitialized element 2").
  std::string detail;
  std::vector<TrapFrame> frames;  // innermost first
  // UncaughtException: the exception object (an ExnObject of the store) when there is one:
  // one that left wasm, or one a host function throws into wasm. A GC object held only here:
  // whoever keeps the trap past the next allocation must root it first (the API pins it).
  uint64_t exception = 0;

  Trap() = default;
  explicit Trap(TrapCode c) : code(c) {}
  static Trap Exit(int32_t status) {
    Trap t(TrapCode::Exit);
    t.exit_code = status;
    return t;
  }
  static Trap Host(std::string message) {
    Trap t(TrapCode::HostError);
    t.detail = std::move(message);
    return t;
  }
  bool is_exit() const { return code == TrapCode::Exit; }
  // The spec message (plus detail), or the host's detail for HostError.
  std::string Message() const;
};

}  // namespace wr
