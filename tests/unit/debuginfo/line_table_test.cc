#include "debuginfo/line_table.h"

#include <gtest/gtest.h>

#include <random>

#include "dwarf_builder.h"

namespace wr::debuginfo {
namespace {

using namespace testing;

std::string Where(const LineTable& t, uint64_t address) {
  auto loc = t.Lookup(address);
  if (!loc) return "-";
  std::string s = loc->file + ":" + std::to_string(loc->line);
  if (loc->column != 0) s += ":" + std::to_string(loc->column);
  return s;
}

// Rows: 0x10 a.c:10, 0x14 a.c:11, 0x1c b.c:11:7, end at 0x20.
Program SampleProgram(uint64_t file_a, uint64_t file_b) {
  Program p;
  p.SetAddress(0x10).SetFile(file_a).AdvanceLine(9).Copy();
  p.Special(4, 1);
  p.SetColumn(7).SetFile(file_b).AdvancePc(8).Copy();
  p.AdvancePc(4).EndSequence();
  return p;
}

void ExpectSample(const LineTable& t, const std::string& a, const std::string& b) {
  EXPECT_EQ(t.error(), "");
  EXPECT_EQ(Where(t, 0x0f), "-");
  EXPECT_EQ(Where(t, 0x10), a + ":10");
  EXPECT_EQ(Where(t, 0x13), a + ":10");
  EXPECT_EQ(Where(t, 0x14), a + ":11");
  EXPECT_EQ(Where(t, 0x1b), a + ":11");
  EXPECT_EQ(Where(t, 0x1c), b + ":11:7");
  EXPECT_EQ(Where(t, 0x1f), b + ":11:7");
  EXPECT_EQ(Where(t, 0x20), "-");  // the end of the sequence is past its last instruction
  EXPECT_EQ(Where(t, 0xffffffff), "-");
}

TEST(LineTable, Version4) {
  const Bytes line = UnitV4(4, {"/src", "inc/"}, {{"a.c", 1}, {"b.c", 2}}, SampleProgram(1, 2));
  const LineTable t = LineTable::Decode({line, {}, {}});
  EXPECT_EQ(t.num_files(), 2u);
  ExpectSample(t, "/src/a.c", "inc/b.c");
}

TEST(LineTable, Versions2And3) {
  for (uint16_t v : {2, 3}) {
    const Bytes line = UnitV4(v, {}, {{"a.c", 0}, {"/abs/b.c", 0}}, SampleProgram(1, 2));
    ExpectSample(LineTable::Decode({line, {}, {}}), "a.c", "/abs/b.c");
  }
}

TEST(LineTable, Dwarf64) {
  const Bytes line = UnitV4(4, {"d"}, {{"a.c", 1}, {"b.c", 0}}, SampleProgram(1, 2), true);
  ExpectSample(LineTable::Decode({line, {}, {}}), "d/a.c", "b.c");
}

TEST(LineTable, Version5LineStrpAndMd5) {
  const std::string strs("/comp\0inc\0", 10);
  const Bytes line_str(strs.begin(), strs.end());
  // DWARF 5 numbers files from 0.
  const Bytes line = UnitV5({0, 6}, {{"main.c", 0}, {"h.h", 1}}, SampleProgram(0, 1));
  ExpectSample(LineTable::Decode({line, line_str, {}}), "/comp/main.c", "inc/h.h");
  const Bytes line64 = UnitV5({0, 6}, {{"main.c", 0}, {"h.h", 1}}, SampleProgram(0, 1), true);
  ExpectSample(LineTable::Decode({line64, line_str, {}}), "/comp/main.c", "inc/h.h");
}

TEST(LineTable, SeveralUnitsAndSequences) {
  Program p2;
  p2.SetAddress(0x20).AdvanceLine(99).Copy().AdvancePc(0x10).EndSequence();
  // A sequence at address 0 is code the linker dropped: it must not shadow live code.
  p2.SetAddress(0).AdvanceLine(499).Copy().AdvancePc(0x100).EndSequence();
  Bytes line = UnitV4(4, {}, {{"a.c", 0}, {"b.c", 0}}, SampleProgram(1, 2));
  const Bytes second = UnitV4(4, {}, {{"c.c", 0}}, p2);
  line.insert(line.end(), second.begin(), second.end());
  const LineTable t = LineTable::Decode({line, {}, {}});
  EXPECT_EQ(t.error(), "");
  EXPECT_EQ(Where(t, 0x10), "a.c:10");
  EXPECT_EQ(Where(t, 0x1f), "b.c:11:7");
  // The second unit starts where the first ends: the new sequence's row wins.
  EXPECT_EQ(Where(t, 0x20), "c.c:100");
  EXPECT_EQ(Where(t, 0x2f), "c.c:100");
  EXPECT_EQ(Where(t, 0x30), "-");
  EXPECT_EQ(Where(t, 0x5), "-");
}

TEST(LineTable, BadFileIndexGivesLineWithoutFile) {
  const Bytes line = UnitV4(4, {}, {{"a.c", 0}}, SampleProgram(1, 9));
  const LineTable t = LineTable::Decode({line, {}, {}});
  EXPECT_EQ(Where(t, 0x10), "a.c:10");
  EXPECT_EQ(Where(t, 0x1c), ":11:7");
}

TEST(LineTable, UnterminatedSequenceIsDropped) {
  Program p;
  p.SetAddress(0x10).AdvanceLine(9).Copy().AdvancePc(4).Copy();
  const LineTable t = LineTable::Decode({UnitV4(4, {}, {{"a.c", 0}}, p), {}, {}});
  EXPECT_EQ(t.num_rows(), 0u);
  EXPECT_EQ(Where(t, 0x10), "-");
}

TEST(LineTable, LongPathsAreCut) {
  std::string dir(5000, 'd');
  std::string strs = dir + '\0';
  const Bytes line_str(strs.begin(), strs.end());
  const Bytes line = UnitV5({0}, {{"x.c", 0}, {"y.c", 0}}, SampleProgram(0, 1));
  auto loc = LineTable::Decode({line, line_str, {}}).Lookup(0x10);
  ASSERT_TRUE(loc);
  EXPECT_EQ(loc->file.size(), LineTable::kMaxPathSize);
  EXPECT_TRUE(loc->file.starts_with("..."));
  EXPECT_TRUE(loc->file.ends_with("/x.c"));
}

// ---- Hostile input

TEST(LineTable, RejectsBadHeaders) {
  const Bytes good = UnitV4(4, {}, {{"a.c", 0}}, SampleProgram(1, 1));
  auto with = [&](size_t at, uint8_t value) {
    Bytes b = good;
    b[at] = value;
    return LineTable::Decode({b, {}, {}});
  };
  // Offsets in a 32-bit v4 unit: length 0-3, version 4-5, header_length 6-9, then
  // min_inst 10, max_ops 11, default_is_stmt 12, line_base 13, line_range 14, opcode_base 15.
  EXPECT_NE(with(4, 6).error().find("unsupported .debug_line version 6"), std::string::npos);
  EXPECT_NE(with(4, 1).error().find("version 1"), std::string::npos);
  EXPECT_EQ(with(14, 0).error(), "line_range of 0");
  EXPECT_EQ(with(15, 0).error(), "opcode_base of 0");
  Bytes reserved = good;
  reserved[0] = 0xf0;
  reserved[1] = reserved[2] = reserved[3] = 0xff;
  EXPECT_EQ(LineTable::Decode({reserved, {}, {}}).error(), "reserved unit length");
  EXPECT_EQ(with(2, 0x7f).error(), "unit runs past the end of .debug_line");
  EXPECT_EQ(with(9, 0x7f).error(), "truncated line table header");
  EXPECT_EQ(with(14, 0).num_rows(), 0u);
}

TEST(LineTable, HugeCountsAllocateNothing) {
  // A DWARF 5 file table claiming 2^60 entries: refused before anything is reserved.
  Bytes header = {1, 1, 1, static_cast<uint8_t>(-5), 14, 13};
  header.insert(header.end(), std::begin(kStdLengths), std::end(kStdLengths));
  header.push_back(1);
  Uleb(header, 1);
  Uleb(header, 0x08);
  Uleb(header, 0);  // no directories
  header.push_back(1);
  Uleb(header, 1);
  Uleb(header, 0x08);
  Uleb(header, uint64_t{1} << 60);
  Str(header, "a.c");
  Bytes body;
  Put(body, 5, 2);
  body.push_back(4);
  body.push_back(0);
  Put(body, header.size(), 4);
  body.insert(body.end(), header.begin(), header.end());
  const LineTable t = LineTable::Decode({Unit(body, false), {}, {}});
  EXPECT_EQ(t.error(), "bad line table entry count");
  EXPECT_EQ(t.num_files(), 0u);
}

TEST(LineTable, UnknownFormIsAnError) {
  Bytes line_str;
  Bytes line = UnitV5({}, {{"a.c", 0}}, SampleProgram(0, 0));
  // The DW_FORM_data16 of the MD5 (0x1e) replaced by an undefined form.
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    if (line[i] == 5 && line[i + 1] == 0x1e) {
      line[i + 1] = 0x7e;
      break;
    }
  }
  EXPECT_EQ(LineTable::Decode({line, line_str, {}}).error(),
            "unsupported form in line table header");
}

TEST(LineTable, BadStringOffsetsGiveEmptyNames) {
  const Bytes line = UnitV5({1000}, {{"a.c", 0}}, SampleProgram(0, 0));
  const LineTable t = LineTable::Decode({line, {}, {}});
  EXPECT_EQ(t.error(), "");
  EXPECT_EQ(Where(t, 0x10), "a.c:10");
}

TEST(LineTable, EveryTruncationFailsCleanly) {
  const std::string strs("/comp\0inc\0", 10);
  const Bytes line_str(strs.begin(), strs.end());
  for (const Bytes& full : {UnitV4(4, {"d"}, {{"a.c", 1}, {"b.c", 0}}, SampleProgram(1, 2)),
                            UnitV5({0, 6}, {{"main.c", 0}, {"h.h", 1}}, SampleProgram(0, 1)),
                            UnitV4(3, {}, {{"a.c", 0}}, SampleProgram(1, 1), true)}) {
    for (size_t n = 0; n < full.size(); ++n) {
      const Bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
      const LineTable t = LineTable::Decode({cut, line_str, {}});
      if (n > 0) {
        EXPECT_NE(t.error(), "") << "cut at " << n;
      }
      EXPECT_EQ(t.num_rows(), 0u) << "cut at " << n;
      for (uint64_t a = 0; a < 0x30; ++a) EXPECT_EQ(Where(t, a), "-");
    }
    // Also truncated inside the unit with a consistent unit length: the header or the
    // program ends early.
    for (size_t n = 6; n < full.size(); ++n) {
      Bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
      if (cut[0] == 0xff) continue;  // DWARF64: the length is elsewhere
      const uint32_t len = static_cast<uint32_t>(n - 4);
      for (int i = 0; i < 4; ++i) cut[i] = static_cast<uint8_t>(len >> (8 * i));
      const LineTable t = LineTable::Decode({cut, line_str, {}});
      EXPECT_EQ(t.num_rows(), 0u) << "cut at " << n;  // the one sequence lost its end
    }
  }
}

TEST(LineTable, RandomCorruptionNeverCrashesOrGrows) {
  const std::string strs("/comp\0inc\0", 10);
  const Bytes line_str(strs.begin(), strs.end());
  Bytes base = UnitV5({0, 6}, {{"main.c", 0}, {"h.h", 1}}, SampleProgram(0, 1));
  const Bytes v4 = UnitV4(4, {"d"}, {{"a.c", 1}, {"b.c", 0}}, SampleProgram(1, 2));
  base.insert(base.end(), v4.begin(), v4.end());
  std::mt19937 rng(1234);
  size_t with_error = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    Bytes b = base;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) b[rng() % b.size()] = static_cast<uint8_t>(rng());
    const LineTable t = LineTable::Decode({b, line_str, line_str});
    if (!t.error().empty()) ++with_error;
    // Every row comes from an opcode byte, every file from a header byte.
    EXPECT_LE(t.num_rows(), b.size());
    EXPECT_LE(t.num_files(), b.size());
    for (uint64_t a : {uint64_t{0}, uint64_t{0x10}, uint64_t{0x1c}, uint64_t{0xffffffff}}) {
      if (auto loc = t.Lookup(a)) {
        EXPECT_LE(loc->file.size(), LineTable::kMaxPathSize);
      }
    }
  }
  EXPECT_GT(with_error, 1000u);  // the corruption is seen, not silently accepted
}

}  // namespace
}  // namespace wr::debuginfo
