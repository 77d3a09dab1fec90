#include "diff/op_table.h"

#include <cstdlib>
#include <string_view>

namespace wr::diff {
namespace {

bool Generatable(const OpInfo& info) {
  switch (info.feature) {
    case Feature::Mvp:
    case Feature::SignExt:
    case Feature::SatConv:
    case Feature::Simd: break;
    default: return false;
  }
  if (info.sig == Sig::Special || info.sig == Sig::V_V) return false;
  switch (info.imm) {
    case ImmKind::None:
    case ImmKind::I32:
    case ImmKind::I64:
    case ImmKind::F32:
    case ImmKind::F64:
    case ImmKind::V128:
    case ImmKind::Lane:
    case ImmKind::Shuffle:
    case ImmKind::MemArg:
    case ImmKind::MemArgLane: return true;
    default: return false;
  }
}

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

uint32_t TypeBytes(ValKind k) {
  switch (k) {
    case ValKind::I32:
    case ValKind::F32: return 4;
    case ValKind::I64:
    case ValKind::F64: return 8;
    default: return 16;
  }
}

// Bytes a memory instruction accesses, from its mnemonic: "i64.load32_u" -> 4,
// "v128.load8x8_s" -> 8, "v128.load16_lane" -> 2, "f64.store" -> 8.
uint32_t AccessBytes(std::string_view text, ValKind value_type) {
  size_t pos = text.find(".load");
  size_t skip = 5;
  if (pos == std::string_view::npos) {
    pos = text.find(".store");
    skip = 6;
  }
  std::string_view rest = text.substr(pos + skip);
  uint32_t bits = 0;
  size_t i = 0;
  while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') bits = bits * 10 + (rest[i++] - '0');
  if (bits == 0) return TypeBytes(value_type);
  if (i < rest.size() && rest[i] == 'x') {  // NxM: M lanes of N bits
    uint32_t count = 0;
    for (++i; i < rest.size() && rest[i] >= '0' && rest[i] <= '9'; ++i)
      count = count * 10 + (rest[i] - '0');
    bits *= count;
  }
  return bits / 8;
}

uint32_t ShapeLanes(std::string_view text) {
  if (StartsWith(text, "i8x16")) return 16;
  if (StartsWith(text, "i16x8")) return 8;
  if (StartsWith(text, "i32x4") || StartsWith(text, "f32x4")) return 4;
  return 2;  // i64x2, f64x2
}

bool IsFloat(ValKind k) {
  return k == ValKind::F32 || k == ValKind::F64;
}

GenOp::Canon CanonFor(const OpInfo& info, const SigTypes& sig) {
  const std::string_view t = info.text;
  if (EndsWith(t, ".abs") || EndsWith(t, ".neg") || EndsWith(t, ".copysign")) {
    return GenOp::Canon::None;  // sign-bit operations: exact on NaNs too
  }
  if (sig.num_results == 1 && IsFloat(sig.results[0])) {
    bool float_param = false;
    for (int i = 0; i < sig.num_params; ++i) float_param |= IsFloat(sig.params[i]);
    if (!float_param) return GenOp::Canon::None;  // consts, loads, int conversions, reinterpret
    return sig.results[0] == ValKind::F32 ? GenOp::Canon::F32 : GenOp::Canon::F64;
  }
  if (sig.num_results == 1 && sig.results[0] == ValKind::V128 &&
      (StartsWith(t, "f32x4.") || StartsWith(t, "f64x2."))) {
    for (std::string_view exact :
         {".splat", ".replace_lane", ".eq", ".ne", ".lt", ".gt", ".le", ".ge"}) {
      if (EndsWith(t, exact)) return GenOp::Canon::None;
    }
    return StartsWith(t, "f32x4.") ? GenOp::Canon::F32x4 : GenOp::Canon::F64x2;
  }
  return GenOp::Canon::None;
}

}  // namespace

const OpTable& OpTable::Get() {
  static const OpTable table;
  return table;
}

OpTable::OpTable() {
  for (uint32_t i = 0; i < kOpcodeCount; ++i) {
    const Opcode op = static_cast<Opcode>(i);
    const OpInfo& info = GetOpInfo(op);
    if (!Generatable(info)) continue;
    const SigTypes& sig = SigInfo(info.sig);
    GenOp g;
    g.op = op;
    g.imm = info.imm;
    g.num_params = sig.num_params;
    for (int p = 0; p < sig.num_params; ++p) g.params[p] = sig.params[p];
    g.has_result = sig.num_results == 1;
    g.result = sig.results[0];
    g.is_memory = info.imm == ImmKind::MemArg || info.imm == ImmKind::MemArgLane;
    if (g.is_memory) {
      // The value stored, or loaded: the result of a load, the last operand of a store.
      const ValKind value = g.has_result ? g.result : g.params[g.num_params - 1];
      g.access_bytes = AccessBytes(info.text, value);
      if (info.imm == ImmKind::MemArgLane) g.lanes = 16 / g.access_bytes;
    }
    if (info.imm == ImmKind::Lane) g.lanes = ShapeLanes(info.text);
    g.canon = CanonFor(info, sig);
    g.int_div = (g.result == ValKind::I32 || g.result == ValKind::I64) && g.has_result &&
                (info.text.find(".div_") != std::string_view::npos ||
                 info.text.find(".rem_") != std::string_view::npos);
    g.trapping_trunc = info.text.find(".trunc_f") != std::string_view::npos;
    ++all_;
    if (g.is_memory && !g.has_result) {
      stores_.push_back(g);
    } else if (g.is_memory) {
      loads_[Index(g.result)].push_back(g);
    } else if (g.has_result) {
      producers_[Index(g.result)].push_back(g);
    } else {
      std::abort();  // a fixed-signature instruction with no result that is not a store
    }
  }
}

}  // namespace wr::diff
