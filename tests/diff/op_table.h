// The instructions the differential generator may emit "generically": every opcode of
// ir/opcodes.def with a fixed signature (its Sig column), from the features both wasmrun and
// V8 run deterministically (MVP, sign extension, saturating conversions, 128-bit SIMD).
// The table is expanded from opcodes.def at startup; no opcode is listed here by hand.
// Relaxed SIMD is left out on purpose: its results are implementation-defined.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "ir/opcode.h"
#include "ir/types.h"

namespace wr::diff {

struct GenOp {
  Opcode op = Opcode::Nop;
  ImmKind imm = ImmKind::None;
  uint8_t num_params = 0;
  ValKind params[3] = {};
  bool has_result = false;
  ValKind result = ValKind::I32;
  // Memory instructions (MemArg, MemArgLane): params[0] is the address.
  bool is_memory = false;
  uint32_t access_bytes = 0;  // bytes read or written; the natural alignment
  // Lane and MemArgLane: how many lanes the lane immediate selects from.
  uint32_t lanes = 0;
  // A float result (scalar, or f32x4/f64x2 lanes) whose NaNs may carry any payload and sign
  // (the spec lets engines differ there): the generator canonicalises it right away.
  enum class Canon : uint8_t { None, F32, F64, F32x4, F64x2 } canon = Canon::None;
  // Integer division or remainder: the generator usually keeps the divisor nonzero so that
  // the rest of the function still runs.
  bool int_div = false;
  // A float-to-int truncation that traps on NaN and out-of-range values: the generator
  // picks it less often, so that most calls get past it.
  bool trapping_trunc = false;
};

class OpTable {
 public:
  static const OpTable& Get();

  // Non-memory instructions producing one value of `k` (constants included).
  std::span<const GenOp> Producers(ValKind k) const { return producers_[Index(k)]; }
  // Loads producing `k`.
  std::span<const GenOp> Loads(ValKind k) const { return loads_[Index(k)]; }
  // Stores (all types).
  std::span<const GenOp> Stores() const { return stores_; }
  size_t size() const { return all_; }

 private:
  OpTable();
  static size_t Index(ValKind k) { return static_cast<size_t>(k); }

  std::vector<GenOp> producers_[5];
  std::vector<GenOp> loads_[5];
  std::vector<GenOp> stores_;
  size_t all_ = 0;
};

}  // namespace wr::diff
