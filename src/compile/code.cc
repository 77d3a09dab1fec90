// Op tables of the internal code: names, layouts, and the wasm <-> internal op mapping.
#include "compile/code.h"

#include <algorithm>
#include <array>

#include "compile/compiled_module.h"

namespace wr::compile {

namespace {

struct IOpInfo {
  std::string_view text;
  std::string layout;
  std::optional<Opcode> wasm;
};

// Layout of a generic wasm instruction: results, then params in stack order, as slots; then
// the immediates (memarg offset, lane, shuffle lanes).
std::string GenericLayout(Opcode op) {
  const OpInfo& info = GetOpInfo(op);
  const SigTypes& sig = SigInfo(info.sig);
  std::string layout(sig.num_results + sig.num_params, 'S');
  switch (info.imm) {
    case ImmKind::MemArg: layout += "I"; break;       // offset
    case ImmKind::MemArgLane: layout += "II"; break;  // offset, lane
    case ImmKind::Lane: layout += "I"; break;         // lane
    case ImmKind::Shuffle: layout += "IIII"; break;   // 16 lane bytes
    default: break;
  }
  return layout;
}

const std::array<IOpInfo, kIOpCount>& Table() {
  static const std::array<IOpInfo, kIOpCount> table = [] {
    std::array<IOpInfo, kIOpCount> t{};
    size_t i = 0;
#define WR_GEN_ENTRY(name) \
  t[i++] = IOpInfo{GetOpInfo(Opcode::name).text, GenericLayout(Opcode::name), Opcode::name};
#define WR_OP(name, prefix, code, text, imm, sig, feature) \
  WR_IF_GENERIC(imm, sig, WR_GEN_ENTRY, name)
#include "ir/opcodes.def"
#undef WR_OP
#undef WR_GEN_ENTRY
#define WR_IOP(name, text, layout) t[i++] = IOpInfo{text, layout, std::nullopt};
#include "compile/code.def"
#undef WR_IOP
    return t;
  }();
  return table;
}

constexpr uint32_t kNone = ~0u;

#define WR_GEN_YES(name) static_cast<uint32_t>(IOp::name),
#define WR_GEN_NO(name) kNone,
constexpr uint32_t kGeneric[kOpcodeCount] = {
#define WR_OP(name, prefix, code, text, imm, sig, feature) \
  WR_IF_GENERIC_ELSE(imm, sig, WR_GEN_YES, WR_GEN_NO, name)
#include "ir/opcodes.def"
#undef WR_OP
};
#undef WR_GEN_YES
#undef WR_GEN_NO

}  // namespace

std::optional<IOp> GenericIOp(Opcode op) {
  const uint32_t v = kGeneric[static_cast<uint16_t>(op)];
  if (v == kNone) return std::nullopt;
  return static_cast<IOp>(v);
}

std::optional<Opcode> IOpWasmOpcode(IOp op) {
  const auto i = static_cast<uint32_t>(op);
  return i < kIOpCount ? Table()[i].wasm : std::nullopt;
}

std::string_view IOpText(IOp op) {
  const auto i = static_cast<uint32_t>(op);
  return i < kIOpCount ? Table()[i].text : std::string_view("<bad op>");
}

std::string_view IOpLayout(IOp op) {
  const auto i = static_cast<uint32_t>(op);
  return i < kIOpCount ? std::string_view(Table()[i].layout) : std::string_view();
}

uint32_t CompiledFunction::WasmOffset(uint32_t pc) const {
  // The last instruction that starts at or before pc.
  auto it = std::upper_bound(offsets.begin(), offsets.end(), pc,
                             [](uint32_t p, const auto& e) { return p < e.first; });
  if (it == offsets.begin()) return 0;
  return std::prev(it)->second;
}

}  // namespace wr::compile

namespace wr::compile {

uint32_t InstrSize(const uint32_t* code, uint32_t pos) {
  uint32_t size = 1;
  for (char c : IOpLayout(static_cast<IOp>(code[pos]))) {
    if (c == 'T') {
      size += 1 + code[pos + size] + 1;  // count, then count + 1 targets
    } else {
      size += 1;
    }
  }
  return size;
}

}  // namespace wr::compile
