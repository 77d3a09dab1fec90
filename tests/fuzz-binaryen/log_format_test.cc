#include "fuzz-binaryen/log_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace wr::fuzzb {
namespace {

TEST(FuzzbLog, FormatsNumbersLikeJs) {
  EXPECT_EQ(FormatNumber(0), "0");
  EXPECT_EQ(FormatNumber(-0.0), "-0");
  EXPECT_EQ(FormatNumber(-2147483648.0), "-2147483648");
  EXPECT_EQ(FormatNumber(std::nan("")), "nan");
  EXPECT_EQ(FormatNumber(1.5), "0x3ff8000000000000");
  EXPECT_EQ(FormatNumber(9007199254740992.0), "0x4340000000000000");
  EXPECT_EQ(FormatNumber(std::numeric_limits<double>::infinity()), "0x7ff0000000000000");
  EXPECT_EQ(FormatI64(-1), "-1n");
}

TEST(FuzzbLog, EqualLogsAgree) {
  const std::vector<std::string> a = {"instantiate ok", "export f", "log 1", "result 2"};
  EXPECT_TRUE(CompareLogs(a, a).same);
}

TEST(FuzzbLog, ADifferentValueIsAMismatch) {
  const std::vector<std::string> a = {"instantiate ok", "export f", "log 1", "result 2"};
  auto b = a;
  b[2] = "log 2";
  const Comparison c = CompareLogs(a, b);
  EXPECT_FALSE(c.same);
  EXPECT_EQ(c.first_difference, 2u);
}

TEST(FuzzbLog, TrapVersusResultIsAMismatch) {
  const std::vector<std::string> a = {"instantiate ok", "export f", "trap"};
  const std::vector<std::string> b = {"instantiate ok", "export f", "result 0"};
  EXPECT_FALSE(CompareLogs(a, b).same);
}

TEST(FuzzbLog, AMissingTailIsAMismatch) {
  const std::vector<std::string> a = {"instantiate ok", "export f", "result 0"};
  const std::vector<std::string> b = {"instantiate ok", "export f", "result 0", "export g",
                                      "result 1"};
  EXPECT_FALSE(CompareLogs(a, b).same);
  EXPECT_FALSE(CompareLogs(b, a).same);
}

TEST(FuzzbLog, StackExhaustionCutsTheComparisonAtItsExport) {
  // wasmrun runs out of stack in g, V8 does not: g and what follows are not compared.
  const std::vector<std::string> a = {"instantiate ok", "export f", "result 0",
                                      "export g",       "log 1",    "stack"};
  const std::vector<std::string> b = {"instantiate ok", "export f", "result 0", "export g", "log 1",
                                      "log 2",          "result 3", "export h", "result 4"};
  const Comparison c = CompareLogs(a, b);
  EXPECT_TRUE(c.same);
  EXPECT_TRUE(c.truncated);
  EXPECT_EQ(c.compared_lines, 3u);
  // ... but a difference before that export still counts.
  auto b2 = b;
  b2[2] = "result 1";
  EXPECT_FALSE(CompareLogs(a, b2).same);
}

}  // namespace
}  // namespace wr::fuzzb
