#include "binary/instr_reader.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <set>
#include <vector>

#include "binary/writer.h"

namespace wr::binary {
namespace {

// Decodes exactly one instruction from `bytes` (based at offset 100) and expects it to consume
// all of them. The bytes and the reader are kept alive until the next call, because the spans
// inside an Instr point into the reader.
struct Holder {
  std::vector<uint8_t> bytes;
  std::unique_ptr<InstrReader> reader;
};
Holder g_holder;

Instr DecodeOne(const std::vector<uint8_t>& bytes) {
  g_holder.bytes = bytes;
  g_holder.reader = std::make_unique<InstrReader>(g_holder.bytes, 100);
  InstrReader& reader = *g_holder.reader;
  Instr instr;
  auto r = reader.Next(instr);
  EXPECT_TRUE(r.has_value()) << (r.has_value() ? "" : r.error().ToString());
  EXPECT_TRUE(reader.at_end());
  EXPECT_EQ(instr.offset, 100u);
  return instr;
}

Error DecodeError(const std::vector<uint8_t>& bytes) {
  InstrReader reader(bytes, 100);
  Instr instr;
  for (;;) {
    auto r = reader.Next(instr);
    if (!r.has_value()) return r.error();
    if (reader.at_end()) break;
  }
  ADD_FAILURE() << "expected an error";
  return Error();
}

std::vector<uint8_t> Enc(Opcode op, std::initializer_list<uint8_t> imm = {}) {
  Writer w;
  w.Op(op);
  for (uint8_t b : imm) w.U8(b);
  return w.bytes();
}

TEST(InstrReader, None) {
  Instr i = DecodeOne(Enc(Opcode::I32Add));
  EXPECT_EQ(i.op, Opcode::I32Add);
  EXPECT_EQ(DecodeOne(Enc(Opcode::I32TruncSatF32S)).op, Opcode::I32TruncSatF32S);
  EXPECT_EQ(DecodeOne(Enc(Opcode::ArrayLen)).op, Opcode::ArrayLen);
}

TEST(InstrReader, EveryOpcodeWithZeroImmediatesDecodes) {
  // Every opcode of the table, followed by enough zero bytes for any immediate except the
  // variable-length vectors, decodes back to itself.
  for (uint32_t i = 0; i < kOpcodeCount; ++i) {
    const auto op = static_cast<Opcode>(i);
    Writer w;
    w.Op(op);
    const ImmKind k = GetOpInfo(op).imm;
    if (k == ImmKind::BlockType || k == ImmKind::TryTable) {
      w.U8(0x40);
      if (k == ImmKind::TryTable) w.U8(0);
    } else if (k == ImmKind::HeapType) {
      w.U8(0x70);
    } else if (k == ImmKind::BrOnCast) {
      w.Raw(std::vector<uint8_t>{0, 0, 0x70, 0x70});
    } else if (k == ImmKind::SelectT) {
      w.Raw(std::vector<uint8_t>{1, 0x7f});
    } else if (k == ImmKind::V128 || k == ImmKind::Shuffle) {
      w.Raw(std::vector<uint8_t>(16, 0));
    } else if (k == ImmKind::F32) {
      w.U32Fixed(0);
    } else if (k == ImmKind::F64) {
      w.U64Fixed(0);
    } else if (k != ImmKind::None) {
      // Up to three LEB fields (memarg + lane, two indices, br_table count + default).
      size_t n = 1;
      if (k == ImmKind::MemArg || k == ImmKind::AtomicArg || k == ImmKind::BrTable ||
          k == ImmKind::CallIndirect || k == ImmKind::TableInit || k == ImmKind::TableCopy ||
          k == ImmKind::MemInit || k == ImmKind::MemCopy || k == ImmKind::TypeField ||
          k == ImmKind::TypeType || k == ImmKind::TypeData || k == ImmKind::TypeElem ||
          k == ImmKind::TypeCount) {
        n = 2;
      }
      if (k == ImmKind::MemArgLane) n = 3;
      for (size_t j = 0; j < n; ++j) w.U8(0);
    }
    InstrReader reader(w.bytes(), 0);
    Instr instr;
    auto r = reader.Next(instr);
    ASSERT_TRUE(r.has_value()) << OpcodeText(op) << ": " << r.error().ToString();
    EXPECT_EQ(instr.op, op) << OpcodeText(op);
    EXPECT_TRUE(reader.at_end()) << OpcodeText(op);
  }
}

TEST(InstrReader, BlockTypes) {
  Instr i = DecodeOne(Enc(Opcode::Block, {0x40}));
  EXPECT_EQ(i.block.kind, BlockTypeImm::Kind::Empty);
  i = DecodeOne(Enc(Opcode::Loop, {0x7e}));
  EXPECT_EQ(i.block.kind, BlockTypeImm::Kind::Value);
  EXPECT_EQ(i.block.type, ValType::I64());
  i = DecodeOne(Enc(Opcode::If, {0x05}));
  EXPECT_EQ(i.block.kind, BlockTypeImm::Kind::TypeIndex);
  EXPECT_EQ(i.block.type_index, 5u);
  i = DecodeOne(Enc(Opcode::Block, {0x80, 0x01}));  // s33 type index 128
  EXPECT_EQ(i.block.type_index, 128u);
  i = DecodeOne(Enc(Opcode::Block, {0x63, 0x6e}));  // (ref null any)
  EXPECT_EQ(i.block.type, ValType::Ref(HeapKind::Any, true));
  i = DecodeOne(Enc(Opcode::Block, {0x64, 0x03}));  // (ref 3)
  EXPECT_EQ(i.block.type, ValType::RefIndex(3, false));
  Error e = DecodeError(Enc(Opcode::Block, {0x50}));
  EXPECT_EQ(e.message, "malformed reference type");
  EXPECT_EQ(e.offset, 101u);
}

TEST(InstrReader, Indices) {
  EXPECT_EQ(DecodeOne(Enc(Opcode::Br, {0x03})).index, 3u);
  EXPECT_EQ(DecodeOne(Enc(Opcode::Call, {0xff, 0xff, 0xff, 0xff, 0x0f})).index, 0xffffffffu);
  EXPECT_EQ(DecodeOne(Enc(Opcode::LocalGet, {0x07})).index, 7u);
  EXPECT_EQ(DecodeOne(Enc(Opcode::GlobalSet, {0x01})).index, 1u);
  EXPECT_EQ(DecodeOne(Enc(Opcode::TableGet, {0x02})).index, 2u);
  EXPECT_EQ(DecodeOne(Enc(Opcode::MemorySize, {0x01})).index, 1u);
  EXPECT_EQ(DecodeOne(Enc(Opcode::ElemDrop, {0x04})).index, 4u);
  EXPECT_EQ(DecodeOne(Enc(Opcode::DataDrop, {0x05})).index, 5u);
  EXPECT_EQ(DecodeOne(Enc(Opcode::CallRef, {0x06})).index, 6u);
  EXPECT_EQ(DecodeOne(Enc(Opcode::Throw, {0x08})).index, 8u);
  Instr i = DecodeOne(Enc(Opcode::CallIndirect, {0x02, 0x01}));
  EXPECT_EQ(i.index, 2u);
  EXPECT_EQ(i.index2, 1u);
  i = DecodeOne(Enc(Opcode::TableInit, {0x03, 0x04}));
  EXPECT_EQ(i.index, 3u);
  EXPECT_EQ(i.index2, 4u);
  i = DecodeOne(Enc(Opcode::TableCopy, {0x05, 0x06}));
  EXPECT_EQ(i.index, 5u);
  EXPECT_EQ(i.index2, 6u);
  i = DecodeOne(Enc(Opcode::MemoryInit, {0x07, 0x01}));
  EXPECT_EQ(i.index, 7u);
  EXPECT_EQ(i.index2, 1u);
  i = DecodeOne(Enc(Opcode::MemoryCopy, {0x01, 0x02}));
  EXPECT_EQ(i.index, 1u);
  EXPECT_EQ(i.index2, 2u);
  i = DecodeOne(Enc(Opcode::StructGet, {0x02, 0x09}));
  EXPECT_EQ(i.index, 2u);
  EXPECT_EQ(i.index2, 9u);
  i = DecodeOne(Enc(Opcode::ArrayCopy, {0x01, 0x02}));
  EXPECT_EQ(i.index2, 2u);
  i = DecodeOne(Enc(Opcode::ArrayNewData, {0x01, 0x03}));
  EXPECT_EQ(i.index2, 3u);
  i = DecodeOne(Enc(Opcode::ArrayNewElem, {0x01, 0x04}));
  EXPECT_EQ(i.index2, 4u);
  i = DecodeOne(Enc(Opcode::ArrayNewFixed, {0x01, 0x80, 0x02}));
  EXPECT_EQ(i.index2, 256u);
}

TEST(InstrReader, BrTable) {
  Instr i = DecodeOne(Enc(Opcode::BrTable, {0x02, 0x00, 0x01, 0x02}));
  ASSERT_EQ(i.br_table.size(), 3u);
  EXPECT_EQ(i.br_table[0], 0u);
  EXPECT_EQ(i.br_table[1], 1u);
  EXPECT_EQ(i.br_table[2], 2u);  // the default
  // A count far beyond the body fails before any allocation.
  Error e = DecodeError(Enc(Opcode::BrTable, {0xff, 0xff, 0xff, 0xff, 0x0f, 0x00}));
  EXPECT_EQ(e.message, "length out of bounds");
  EXPECT_EQ(e.offset, 101u);
}

TEST(InstrReader, MemArg) {
  Instr i = DecodeOne(Enc(Opcode::I32Load, {0x02, 0x10}));
  EXPECT_EQ(i.mem.align_log2, 2u);
  EXPECT_EQ(i.mem.memory, 0u);
  EXPECT_EQ(i.mem.offset, 16u);
  i = DecodeOne(Enc(Opcode::I64Store, {0x43, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10}));
  EXPECT_EQ(i.mem.align_log2, 3u);
  EXPECT_EQ(i.mem.memory, 2u);
  EXPECT_EQ(i.mem.offset, uint64_t{1} << 32);  // u64 offsets decode (memory64)
  Error e = DecodeError(Enc(Opcode::I32Load, {0x80, 0x01, 0x00}));
  EXPECT_EQ(e.message, "malformed memop flags");
  EXPECT_EQ(e.offset, 101u);
  i = DecodeOne(Enc(Opcode::V128Load8Lane, {0x00, 0x04, 0x0f}));
  EXPECT_EQ(i.mem.offset, 4u);
  EXPECT_EQ(i.lane, 15u);
}

TEST(InstrReader, Constants) {
  Instr i = DecodeOne(Enc(Opcode::I32Const, {0x7f}));
  EXPECT_EQ(i.bits, ~uint64_t{0});  // -1 sign-extended
  i = DecodeOne(
      Enc(Opcode::I64Const, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f}));
  EXPECT_EQ(i.bits, uint64_t{1} << 63);  // INT64_MIN
  i = DecodeOne(Enc(Opcode::F32Const, {0x00, 0x00, 0x80, 0x3f}));
  EXPECT_EQ(i.bits, 0x3f800000u);
  i = DecodeOne(Enc(Opcode::F64Const, {1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(i.bits, 0x0807060504030201u);
  std::vector<uint8_t> v = Enc(Opcode::V128Const);
  for (uint8_t k = 0; k < 16; ++k) v.push_back(k);
  i = DecodeOne(v);
  EXPECT_EQ(i.v128.bytes[15], 15);
  Error e = DecodeError(Enc(Opcode::I32Const, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00}));
  EXPECT_EQ(e.message, "integer representation too long");
  e = DecodeError(Enc(Opcode::I32Const, {0x80, 0x80, 0x80, 0x80, 0x70}));
  EXPECT_EQ(e.message, "integer too large");
}

TEST(InstrReader, LanesAndShuffle) {
  EXPECT_EQ(DecodeOne(Enc(Opcode::I8x16ExtractLaneS, {0x0e})).lane, 14u);
  EXPECT_EQ(DecodeOne(Enc(Opcode::I8x16ReplaceLane, {0xff})).lane, 255u);  // a byte, not a LEB
  std::vector<uint8_t> v = Enc(Opcode::I8x16Shuffle);
  for (uint8_t k = 0; k < 16; ++k) v.push_back(static_cast<uint8_t>(31 - k));
  Instr i = DecodeOne(v);
  EXPECT_EQ(i.v128.bytes[0], 31);
  EXPECT_EQ(i.v128.bytes[15], 16);
}

TEST(InstrReader, SelectT) {
  Instr i = DecodeOne(Enc(Opcode::SelectT, {0x01, 0x6f}));
  ASSERT_EQ(i.select_types.size(), 1u);
  EXPECT_EQ(i.select_types[0], ValType::ExternRef());
  Error e = DecodeError(Enc(Opcode::SelectT, {0x05, 0x7f}));
  EXPECT_EQ(e.message, "length out of bounds");
}

TEST(InstrReader, HeapTypes) {
  Instr i = DecodeOne(Enc(Opcode::RefNull, {0x70}));
  EXPECT_EQ(i.type, ValType::FuncRef());
  i = DecodeOne(Enc(Opcode::RefNull, {0x07}));
  EXPECT_EQ(i.type, ValType::RefIndex(7, true));
  i = DecodeOne(Enc(Opcode::RefTest, {0x6c}));
  EXPECT_EQ(i.type, ValType::Ref(HeapKind::I31, false));
  i = DecodeOne(Enc(Opcode::RefCastNull, {0x71}));
  EXPECT_EQ(i.type, ValType::Ref(HeapKind::None, true));
  Error e = DecodeError(Enc(Opcode::RefNull, {0x7f}));
  EXPECT_EQ(e.message, "malformed heap type");
  EXPECT_EQ(e.offset, 101u);
}

TEST(InstrReader, BrOnCast) {
  Instr i = DecodeOne(Enc(Opcode::BrOnCast, {0x02, 0x01, 0x6e, 0x6b}));
  EXPECT_EQ(i.index, 1u);
  EXPECT_EQ(i.type, ValType::Ref(HeapKind::Any, false));
  EXPECT_EQ(i.type2, ValType::Ref(HeapKind::Struct, true));
  Error e = DecodeError(Enc(Opcode::BrOnCastFail, {0x04, 0x01, 0x6e, 0x6b}));
  EXPECT_EQ(e.message, "malformed br_on_cast flags");
}

TEST(InstrReader, TryTable) {
  Instr i = DecodeOne(Enc(
      Opcode::TryTable, {0x40, 0x04, 0x00, 0x01, 0x02, 0x01, 0x03, 0x04, 0x02, 0x05, 0x03, 0x06}));
  ASSERT_EQ(i.catches.size(), 4u);
  EXPECT_EQ(i.catches[0].kind, CatchClause::Kind::Catch);
  EXPECT_EQ(i.catches[0].tag, 1u);
  EXPECT_EQ(i.catches[0].label, 2u);
  EXPECT_EQ(i.catches[1].kind, CatchClause::Kind::CatchRef);
  EXPECT_EQ(i.catches[1].tag, 3u);
  EXPECT_EQ(i.catches[1].label, 4u);
  EXPECT_EQ(i.catches[2].kind, CatchClause::Kind::CatchAll);
  EXPECT_EQ(i.catches[2].label, 5u);
  EXPECT_EQ(i.catches[3].kind, CatchClause::Kind::CatchAllRef);
  EXPECT_EQ(i.catches[3].label, 6u);
  Error e = DecodeError(Enc(Opcode::TryTable, {0x40, 0x01, 0x04, 0x00}));
  EXPECT_EQ(e.message, "malformed catch clause");
  EXPECT_EQ(e.offset, 103u);
}

TEST(InstrReader, IllegalOpcodes) {
  Error e = DecodeError({0xff});
  EXPECT_EQ(e.message, "illegal opcode ff");
  EXPECT_EQ(e.offset, 100u);
  e = DecodeError({0x01, 0x27});
  EXPECT_EQ(e.message, "illegal opcode 27");
  EXPECT_EQ(e.offset, 101u);
  e = DecodeError({0xfc, 0x7f});
  EXPECT_EQ(e.message, "illegal opcode fc 7f");
  e = DecodeError({0xfb, 0x80, 0x02});
  EXPECT_EQ(e.message, "illegal opcode fb 100");
}

TEST(InstrReader, UnexpectedEnd) {
  Error e = DecodeError({0x41});
  EXPECT_EQ(e.message, "unexpected end of section or function");
  EXPECT_EQ(e.offset, 101u);
  e = DecodeError({0xfd});
  EXPECT_EQ(e.message, "unexpected end of section or function");
  e = DecodeError(Enc(Opcode::I32Load, {0x02}));
  EXPECT_EQ(e.message, "unexpected end of section or function");
}

TEST(InstrReader, SequenceAndSpansReused) {
  Writer w;
  w.Op(Opcode::BrTable);
  w.Raw(std::vector<uint8_t>{1, 0, 0});
  w.Op(Opcode::LocalGet);
  w.U8(0);
  w.Op(Opcode::End);
  InstrReader reader(w.bytes(), 10);
  Instr i;
  std::vector<Opcode> ops;
  std::vector<uint32_t> offsets;
  while (!reader.at_end()) {
    ASSERT_TRUE(reader.Next(i).has_value());
    ops.push_back(i.op);
    offsets.push_back(i.offset);
  }
  EXPECT_EQ(ops, (std::vector<Opcode>{Opcode::BrTable, Opcode::LocalGet, Opcode::End}));
  EXPECT_EQ(offsets, (std::vector<uint32_t>{10, 14, 16}));
  EXPECT_TRUE(i.br_table.empty());  // reset for instructions without the immediate
}

}  // namespace
}  // namespace wr::binary
