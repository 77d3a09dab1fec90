#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

#include "ir/opcode.h"

namespace wr {
namespace {

// "i32.trunc_sat_f32_s" -> "I32TruncSatF32S": the naming rule every consumer relies on.
std::string PascalFromText(std::string_view text) {
  std::string out;
  bool upper = true;
  for (char c : text) {
    if (c == '.' || c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

const char* kNames[] = {
#define WR_OP(name, prefix, code, text, imm, sig, feature) #name,
#include "ir/opcodes.def"
#undef WR_OP
};

TEST(OpcodeTable, NamesFollowTheTextRule) {
  // Opcodes that share a mnemonic carry a suffix saying which variant they are.
  const std::set<std::string> variants = {"SelectT", "RefTestNull", "RefCastNull"};
  for (uint32_t i = 0; i < kOpcodeCount; ++i) {
    if (variants.count(kNames[i])) continue;
    EXPECT_EQ(PascalFromText(kOpInfo[i].text), kNames[i]);
  }
}

TEST(OpcodeTable, EncodingsAreUniqueAndDecodeBack) {
  std::set<std::pair<uint8_t, uint32_t>> seen;
  for (uint32_t i = 0; i < kOpcodeCount; ++i) {
    const OpInfo& info = kOpInfo[i];
    EXPECT_TRUE(seen.insert({info.prefix, info.code}).second) << info.text;
    auto op = DecodeOpcode(info.prefix, info.code);
    ASSERT_TRUE(op.has_value()) << info.text;
    EXPECT_EQ(static_cast<uint32_t>(*op), i);
  }
  EXPECT_FALSE(DecodeOpcode(0x00, 0xff).has_value());
  EXPECT_FALSE(DecodeOpcode(0xfd, 0x9a).has_value());
  EXPECT_FALSE(DecodeOpcode(0xfc, 0x1000).has_value());
  EXPECT_FALSE(DecodeOpcode(0x42, 0).has_value());
}

TEST(OpcodeTable, TextLookup) {
  for (uint32_t i = 0; i < kOpcodeCount; ++i) {
    auto op = LookupOpcodeText(kOpInfo[i].text);
    ASSERT_TRUE(op.has_value()) << kOpInfo[i].text;
    EXPECT_EQ(OpcodeText(*op), kOpInfo[i].text);
  }
  EXPECT_EQ(*LookupOpcodeText("select"), Opcode::Select);
  EXPECT_EQ(*LookupOpcodeText("ref.test"), Opcode::RefTest);
  EXPECT_FALSE(LookupOpcodeText("i32.bogus").has_value());
}

TEST(OpcodeTable, SimpleSignaturesMatchTheirMnemonic) {
  // A simple op's result type is named by its mnemonic's prefix for numeric families
  // (comparisons and tests give i32).
  for (uint32_t i = 0; i < kOpcodeCount; ++i) {
    const OpInfo& info = kOpInfo[i];
    if (info.sig == Sig::Special) continue;
    const SigTypes& s = SigInfo(info.sig);
    EXPECT_LE(s.num_results, SigTypes::kMaxResults);
    EXPECT_LE(s.num_params, SigTypes::kMaxParams);
    if (info.imm == ImmKind::MemArg && info.text.find("store") == std::string_view::npos) {
      ASSERT_EQ(s.num_params, 1u) << info.text;
      EXPECT_EQ(s.params[0], ValKind::I32) << info.text;  // the address
    }
  }
  EXPECT_EQ(SigInfo(GetOpInfo(Opcode::I64Eqz).sig).results[0], ValKind::I32);
  EXPECT_EQ(SigInfo(GetOpInfo(Opcode::V128Bitselect).sig).num_params, 3u);
}

}  // namespace
}  // namespace wr
