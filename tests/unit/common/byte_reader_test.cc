#include "common/byte_reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace wr {
namespace {

Result<uint64_t> U32(std::vector<uint8_t> b) {
  ByteReader r(b);
  auto v = r.VarU32();
  if (!v) return Unexpected(v.error());
  return *v;
}
Result<int64_t> S32(std::vector<uint8_t> b) {
  ByteReader r(b);
  auto v = r.VarS32();
  if (!v) return Unexpected(v.error());
  return *v;
}
Result<int64_t> S64(std::vector<uint8_t> b) {
  ByteReader r(b);
  return r.VarS64();
}

TEST(Leb128, UnsignedValues) {
  EXPECT_EQ(*U32({0x00}), 0u);
  EXPECT_EQ(*U32({0x7f}), 127u);
  EXPECT_EQ(*U32({0x80, 0x01}), 128u);
  EXPECT_EQ(*U32({0xff, 0xff, 0xff, 0xff, 0x0f}), 0xffffffffu);
  // Overlong but within 5 bytes is allowed.
  EXPECT_EQ(*U32({0x80, 0x80, 0x80, 0x80, 0x00}), 0u);
}

TEST(Leb128, UnsignedErrors) {
  EXPECT_EQ(U32({0xff, 0xff, 0xff, 0xff, 0x1f}).error().message, "integer too large");
  EXPECT_EQ(U32({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}).error().message,
            "integer representation too long");
  EXPECT_EQ(U32({0x80}).error().message, "unexpected end");
  EXPECT_EQ(U32({}).error().message, "unexpected end");
}

TEST(Leb128, SignedValues) {
  EXPECT_EQ(*S32({0x7f}), -1);
  EXPECT_EQ(*S32({0x3f}), 63);
  EXPECT_EQ(*S32({0x40}), -64);
  EXPECT_EQ(*S32({0x80, 0x80, 0x80, 0x80, 0x78}), INT32_MIN);
  EXPECT_EQ(*S32({0xff, 0xff, 0xff, 0xff, 0x07}), INT32_MAX);
  EXPECT_EQ(*S32({0xff, 0xff, 0xff, 0xff, 0x7f}), -1);
  EXPECT_EQ(*S64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f}), INT64_MIN);
  EXPECT_EQ(*S64({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00}), INT64_MAX);
}

TEST(Leb128, SignedErrors) {
  // Unused bits must be the sign extension.
  EXPECT_EQ(S32({0xff, 0xff, 0xff, 0xff, 0x0f}).error().message, "integer too large");
  EXPECT_EQ(S32({0x80, 0x80, 0x80, 0x80, 0x70}).error().message, "integer too large");
  EXPECT_EQ(S64({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}).error().message,
            "integer too large");
  EXPECT_EQ(S64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}).error().message,
            "integer representation too long");
}

TEST(Leb128, ErrorOffsetIsAbsolute) {
  std::vector<uint8_t> b = {0x80};
  ByteReader r(b, 100);
  auto v = r.VarU32();
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().offset, 101u);
}

TEST(Utf8, Validation) {
  auto ok = [](std::vector<uint8_t> b) { return IsValidUtf8(b); };
  EXPECT_TRUE(ok({'a', 'b'}));
  EXPECT_TRUE(ok({0xc2, 0xa9}));
  EXPECT_TRUE(ok({0xf0, 0x9f, 0x98, 0x80}));
  EXPECT_FALSE(ok({0xc0, 0x80}));              // overlong
  EXPECT_FALSE(ok({0xed, 0xa0, 0x80}));        // surrogate
  EXPECT_FALSE(ok({0xf4, 0x90, 0x80, 0x80}));  // > U+10FFFF
  EXPECT_FALSE(ok({0x80}));
  EXPECT_FALSE(ok({0xe2, 0x82}));  // truncated
}

}  // namespace
}  // namespace wr
