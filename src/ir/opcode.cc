#include "ir/opcode.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

namespace wr {

// constexpr so that the decode tables below are built at compile time (no guard on each lookup).
constexpr OpInfo kOpInfo[kOpcodeCount] = {
#define WR_OP(name, prefix, code, text, imm, sig, feature) \
  {prefix, code, text, ImmKind::imm, Sig::sig, Feature::feature},
#include "ir/opcodes.def"
#undef WR_OP
};

namespace {

constexpr ValKind I32 = ValKind::I32, I64 = ValKind::I64, F32 = ValKind::F32, F64 = ValKind::F64,
                  V128 = ValKind::V128, VNone = ValKind::I32;

constexpr SigTypes MakeSig(std::initializer_list<ValKind> results,
                           std::initializer_list<ValKind> params) {
  SigTypes s{};
  s.num_results = static_cast<uint8_t>(results.size());
  s.results[0] = s.results[1] = VNone;
  unsigned i = 0;
  for (ValKind r : results) s.results[i++] = r;
  s.num_params = static_cast<uint8_t>(params.size());
  i = 0;
  for (ValKind p : params) s.params[i++] = p;
  return s;
}

}  // namespace

// Indexed by Sig; the order must follow the enum.
// clang-format off
const SigTypes kSigTypes[] = {
    MakeSig({}, {}),  // Special (unused)
    MakeSig({}, {}),  // V_V
    MakeSig({I32}, {}), MakeSig({I64}, {}), MakeSig({F32}, {}), MakeSig({F64}, {}),
    MakeSig({V128}, {}),
    MakeSig({I32}, {I32}), MakeSig({I32}, {I64}), MakeSig({I32}, {F32}), MakeSig({I32}, {F64}),
    MakeSig({I32}, {V128}),
    MakeSig({I64}, {I32}), MakeSig({I64}, {I64}), MakeSig({I64}, {F32}), MakeSig({I64}, {F64}),
    MakeSig({I64}, {V128}),
    MakeSig({F32}, {I32}), MakeSig({F32}, {I64}), MakeSig({F32}, {F32}), MakeSig({F32}, {F64}),
    MakeSig({F32}, {V128}),
    MakeSig({F64}, {I32}), MakeSig({F64}, {I64}), MakeSig({F64}, {F32}), MakeSig({F64}, {F64}),
    MakeSig({F64}, {V128}),
    MakeSig({V128}, {I32}), MakeSig({V128}, {I64}), MakeSig({V128}, {F32}),
    MakeSig({V128}, {F64}), MakeSig({V128}, {V128}),
    MakeSig({I32}, {I32, I32}), MakeSig({I32}, {I64, I64}), MakeSig({I32}, {F32, F32}),
    MakeSig({I32}, {F64, F64}),
    MakeSig({I64}, {I64, I64}), MakeSig({F32}, {F32, F32}), MakeSig({F64}, {F64, F64}),
    MakeSig({}, {I32, I32}), MakeSig({}, {I32, I64}), MakeSig({}, {I32, F32}),
    MakeSig({}, {I32, F64}), MakeSig({}, {I32, V128}),
    MakeSig({V128}, {V128, V128}), MakeSig({V128}, {V128, I32}), MakeSig({V128}, {V128, I64}),
    MakeSig({V128}, {V128, F32}), MakeSig({V128}, {V128, F64}), MakeSig({V128}, {I32, V128}),
    MakeSig({V128}, {V128, V128, V128}),
    MakeSig({I64, I64}, {I64, I64}), MakeSig({I64, I64}, {I64, I64, I64, I64}),
    MakeSig({I32}, {I32, I32, I64}), MakeSig({I32}, {I32, I64, I64}), MakeSig({I64}, {I32, I64}),
    MakeSig({I32}, {I32, I32, I32}), MakeSig({I64}, {I32, I64, I64}),
};
// clang-format on
static_assert(std::size(kSigTypes) == static_cast<size_t>(Sig::I64_I32I64I64) + 1);

namespace {

// Dense decode tables per prefix, built at compile time.
struct DecodeTables {
  // Entries are whole optionals (see DecodeOpcode).
  std::optional<Opcode> none;
  std::array<std::optional<Opcode>, 256> single{};
  std::array<std::optional<Opcode>, 32> gc{};
  std::array<std::optional<Opcode>, 32> misc{};
  std::array<std::optional<Opcode>, 0x114> simd{};
  std::array<std::optional<Opcode>, 0x50> atomic{};
  constexpr DecodeTables() {
    for (uint32_t i = 0; i < kOpcodeCount; ++i) {
      const OpInfo& info = kOpInfo[i];
      const auto idx = static_cast<Opcode>(i);
      switch (info.prefix) {
        case 0x00: single[info.code] = idx; break;
        case 0xfb: gc[info.code] = idx; break;
        case 0xfc: misc[info.code] = idx; break;
        case 0xfd: simd[info.code] = idx; break;
        case 0xfe: atomic[info.code] = idx; break;
      }
    }
  }
};

constexpr DecodeTables kTables;

const DecodeTables& Tables() {
  return kTables;
}

template <size_t N>
const std::optional<Opcode>* Look(const std::array<std::optional<Opcode>, N>& table, uint32_t code,
                                  const std::optional<Opcode>* none) {
  return code < N ? &table[code] : none;
}

}  // namespace

constexpr std::array<uint16_t, 256> kSingleByteOpcode = [] {
  std::array<uint16_t, 256> t{};
  for (uint32_t b = 0; b < 256; ++b) {
    t[b] = kTables.single[b] ? static_cast<uint16_t>(*kTables.single[b]) : kNoOpcode;
  }
  return t;
}();

std::optional<Opcode> DecodeOpcode(uint8_t prefix, uint32_t code) {
  const DecodeTables& t = Tables();
  // Select the entry, then copy it once: building or merging optionals per branch made GCC
  // store the value and the flag separately and reload them as one word, a store-forwarding
  // stall on every decoded instruction (a fifth of module load time).
  const std::optional<Opcode>* e = &t.none;
  switch (prefix) {
    case 0x00: e = Look(t.single, code, e); break;
    case 0xfb: e = Look(t.gc, code, e); break;
    case 0xfc: e = Look(t.misc, code, e); break;
    case 0xfd: e = Look(t.simd, code, e); break;
    case 0xfe: e = Look(t.atomic, code, e); break;
    default: break;
  }
  return *e;
}

namespace {

// The access width of an atomic instruction, from its mnemonic: the number after "load",
// "store", "rmw" or "wait" in bits, else the width of its type ("i32.atomic.load" reads 4 bytes,
// memory.atomic.notify names an i32).
constexpr uint32_t AtomicLog2FromText(std::string_view text) {
  uint32_t bits = 0;
  size_t i = text.find("atomic.");
  for (i = i == std::string_view::npos ? text.size() : i; i < text.size(); ++i) {
    if (text[i] >= '0' && text[i] <= '9') {
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        bits = bits * 10 + static_cast<uint32_t>(text[i] - '0');
        ++i;
      }
      break;
    }
  }
  if (bits == 0) bits = text.starts_with("i64.") ? 64 : 32;
  return bits == 8 ? 0 : bits == 16 ? 1 : bits == 32 ? 2 : 3;
}

constexpr std::array<uint8_t, kOpcodeCount> kAtomicLog2 = [] {
  std::array<uint8_t, kOpcodeCount> t{};
  for (uint32_t i = 0; i < kOpcodeCount; ++i) {
    if (kOpInfo[i].imm == ImmKind::AtomicArg) {
      t[i] = static_cast<uint8_t>(AtomicLog2FromText(kOpInfo[i].text));
    }
  }
  return t;
}();

static_assert(AtomicLog2FromText("i32.atomic.rmw8.add_u") == 0);
static_assert(AtomicLog2FromText("i64.atomic.rmw.cmpxchg") == 3);
static_assert(AtomicLog2FromText("i64.atomic.load32_u") == 2);
static_assert(AtomicLog2FromText("memory.atomic.notify") == 2);
static_assert(AtomicLog2FromText("memory.atomic.wait64") == 3);

}  // namespace

uint32_t AtomicAccessLog2(Opcode op) {
  return kAtomicLog2[static_cast<uint16_t>(op)];
}

std::optional<Opcode> LookupOpcodeText(std::string_view text) {
  struct Entry {
    std::string_view text;
    uint16_t op;
  };
  static const std::vector<Entry> sorted = [] {
    std::vector<Entry> v;
    v.reserve(kOpcodeCount);
    for (uint32_t i = 0; i < kOpcodeCount; ++i) {
      v.push_back({kOpInfo[i].text, static_cast<uint16_t>(i)});
    }
    // Stable: of two opcodes sharing a mnemonic, the first in the table wins.
    std::stable_sort(v.begin(), v.end(),
                     [](const Entry& a, const Entry& b) { return a.text < b.text; });
    return v;
  }();
  auto it = std::lower_bound(sorted.begin(), sorted.end(), text,
                             [](const Entry& e, std::string_view t) { return e.text < t; });
  if (it == sorted.end() || it->text != text) return std::nullopt;
  return static_cast<Opcode>(it->op);
}

}  // namespace wr
