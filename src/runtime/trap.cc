#include "runtime/trap.h"

namespace wr {

const char* TrapMessage(TrapCode code) {
  switch (code) {
    case TrapCode::None: return "no trap";
#define WR_TRAP(name, msg) \
  case TrapCode::name:     \
    return msg;
#include "runtime/traps.def"
#undef WR_TRAP
  }
  return "unknown trap";
}

std::string Trap::Message() const {
  if (code == TrapCode::HostError && !detail.empty()) return detail;
  if (code == TrapCode::Exit) return "exit with status " + std::to_string(exit_code);
  std::string message = TrapMessage(code);
  if (!detail.empty()) message += " " + detail;
  return message;
}

}  // namespace wr
