// Fuel and interruption: the budgets IOp::Check enforces (see interpreter.h).
#include <algorithm>
#include <cstdint>

#include "interp/frame.h"
#include "interp/interpreter.h"

namespace wr::interp {

bool SetFuel(Store& store, uint64_t fuel) {
  InterpState* st = GetState(store);
  if (!st) return false;
  st->fuel = static_cast<int64_t>(std::min<uint64_t>(fuel, INT64_MAX));
  return true;
}

uint64_t GetFuel(Store& store) {
  InterpState* st = GetState(store);
  return st ? static_cast<uint64_t>(st->fuel) : 0;
}

std::shared_ptr<std::atomic<bool>> InterruptFlag(Store& store) {
  InterpState* st = GetState(store);
  return st ? st->interrupt : nullptr;
}

}  // namespace wr::interp
