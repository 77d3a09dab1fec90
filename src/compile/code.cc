// Op tables of the internal code: names, layouts, and the wasm <-> internal op mapping.
#include "compile/code.h"

#include <algorithm>
#include <array>

#include "compile/compiled_module.h"

namespace wr::compile {

namespace {

// An op's layout (code.def letters), stored inline so that the whole table is a constant:
// lowering and the slot pass look layouts up once per instruction.
struct Layout {
  char letters[12] = {};
  uint8_t size = 0;

  constexpr Layout() = default;
  constexpr Layout(std::string_view s) {  // NOLINT: converts code.def's string literals
    for (char c : s) letters[size++] = c;
  }
  constexpr void Add(char c, size_t n = 1) {
    for (size_t i = 0; i < n; ++i) letters[size++] = c;
  }
};

struct IOpInfo {
  std::string_view text;
  Layout layout;
  std::optional<Opcode> wasm;
};

// Layout of a generic wasm instruction: results, then params in stack order, as slots; then
// the immediates (memarg offset, lane, shuffle lanes). `sig` is the Sig's name in
// opcodes.def, RESULT_PARAMS (V for none): one slot per value type named.
constexpr Layout GenericLayout(std::string_view sig, ImmKind imm) {
  Layout layout;
  const size_t bar = sig.find('_');
  const std::string_view results = sig.substr(0, bar), params = sig.substr(bar + 1);
  auto count = [](std::string_view types) {  // each type name starts with I, F or V
    if (types == "V") return size_t{0};
    size_t n = 0;
    for (char c : types) n += c == 'I' || c == 'F' || c == 'V';
    return n;
  };
  layout.Add('S', count(results) + count(params));
  switch (imm) {
    case ImmKind::MemArg: layout.Add('I'); break;         // offset
    case ImmKind::MemArgLane: layout.Add('I', 2); break;  // offset, lane
    case ImmKind::Lane: layout.Add('I'); break;           // lane
    case ImmKind::Shuffle: layout.Add('I', 4); break;     // 16 lane bytes
    default: break;
  }
  return layout;
}

constexpr std::array<IOpInfo, kIOpCount> kTable = [] {
  std::array<IOpInfo, kIOpCount> t{};
  size_t i = 0;
#define WR_GEN_ENTRY(name, text, imm, sig) \
  t[i++] = IOpInfo{text, GenericLayout(#sig, ImmKind::imm), Opcode::name};
#define WR_OP(name, prefix, code, text, imm, sig, feature) \
  WR_IF_GENERIC(imm, sig, WR_GEN_ENTRY, name, text, imm, sig)
#include "ir/opcodes.def"
#undef WR_OP
#undef WR_GEN_ENTRY
#define WR_IOP(name, text, layout) t[i++] = IOpInfo{text, Layout(layout), std::nullopt};
#include "compile/code.def"
#undef WR_IOP
  return t;
}();

const std::array<IOpInfo, kIOpCount>& Table() {
  return kTable;
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
  if (i >= kIOpCount) return {};
  const Layout& l = kTable[i].layout;
  return std::string_view(l.letters, l.size);
}

uint32_t CompiledFunction::WasmOffset(uint32_t pc) const {
  // The last instruction that starts at or before pc.
  if (maps == nullptr) return 0;
  const auto& offsets = maps->offsets;
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
