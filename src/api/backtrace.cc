// FormatBacktrace: the one layout of a trap's frames, shared by the wasmrun command and
// embedders. Every frame has the same columns, whatever stopped it (a trap instruction, a
// call, a fuel or interrupt check), so the lines can be read and parsed alike.
#include <algorithm>
#include <cstdio>
#include <string>

#include "wasmrun/value.hpp"

namespace wasmrun {

std::string FormatBacktrace(const Trap& trap, size_t max_frames) {
  if (trap.frames.empty()) return {};
  std::string s = "wasm backtrace:\n";
  const size_t shown = std::min(trap.frames.size(), max_frames);
  for (size_t i = 0; i < shown; ++i) {
    const TrapFrame& f = trap.frames[i];
    char head[48];
    std::snprintf(head, sizeof head, "  %2zu: 0x%06x - ", i, f.offset);
    s += head;
    if (!f.module_name.empty()) s += f.module_name + "!";
    s += f.func_name.empty() ? "func[" + std::to_string(f.func_index) + "]" : f.func_name;
    s += '\n';
    if (f.line != 0) {
      s += "                    at " + (f.file.empty() ? std::string("<unknown>") : f.file) + ":" +
           std::to_string(f.line);
      if (f.column != 0) s += ":" + std::to_string(f.column);
      s += '\n';
    }
  }
  if (shown < trap.frames.size()) {
    s += "  ... " + std::to_string(trap.frames.size() - shown) + " more frames\n";
  }
  return s;
}

}  // namespace wasmrun
