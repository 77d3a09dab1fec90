#include "wasi/guest_memory.h"

#include <gtest/gtest.h>
#include <sys/uio.h>

#include <vector>

namespace wr::wasi {
namespace {

class GuestMemoryTest : public ::testing::Test {
 protected:
  std::vector<uint8_t> bytes_ = std::vector<uint8_t>(65536);
  GuestMemory mem_{bytes_.data(), bytes_.size()};

  void PutIovec(uint32_t at, uint32_t buf, uint32_t len) {
    ASSERT_EQ(mem_.Store(at, Iovec{buf, len}), Errno::Success);
  }
};

TEST_F(GuestMemoryTest, Bounds) {
  EXPECT_TRUE(mem_.Bytes(0, 65536).has_value());
  EXPECT_TRUE(mem_.Bytes(65536, 0).has_value());
  EXPECT_EQ(mem_.Bytes(65536, 1).error(), Errno::Fault);
  EXPECT_EQ(mem_.Bytes(65535, 2).error(), Errno::Fault);
  EXPECT_EQ(mem_.Bytes(0xffffffffu, 0xffffffffu).error(), Errno::Fault);  // no wrap-around
  EXPECT_EQ(mem_.Bytes(1, UINT64_MAX).error(), Errno::Fault);
  EXPECT_EQ(mem_.Load<uint64_t>(65529).error(), Errno::Fault);
  EXPECT_TRUE(mem_.Load<uint64_t>(65528).has_value());
  EXPECT_EQ(mem_.Store<uint32_t>(65533, 1), Errno::Fault);
}

TEST_F(GuestMemoryTest, EmptyMemoryFaultsEverything) {
  GuestMemory none(nullptr, 0);
  EXPECT_EQ(none.Load<uint32_t>(0).error(), Errno::Fault);
  EXPECT_EQ(none.Store<uint32_t>(0, 1), Errno::Fault);
  EXPECT_TRUE(none.Bytes(0, 0).has_value());
}

TEST_F(GuestMemoryTest, UnalignedAndLittleEndian) {
  ASSERT_EQ(mem_.Store<uint32_t>(3, 0x11223344u), Errno::Success);
  EXPECT_EQ(bytes_[3], 0x44);
  EXPECT_EQ(bytes_[6], 0x11);
  EXPECT_EQ(*mem_.Load<uint32_t>(3), 0x11223344u);
}

TEST_F(GuestMemoryTest, Paths) {
  std::memcpy(bytes_.data() + 100, "a/b\0c", 5);
  EXPECT_EQ(*mem_.Path(100, 3), "a/b");
  EXPECT_EQ(mem_.Path(100, 5).error(), Errno::Ilseq);
  EXPECT_EQ(mem_.Path(65530, 10).error(), Errno::Fault);
  EXPECT_EQ(mem_.Path(0, kMaxPathLen + 1).error(), Errno::Nametoolong);
  EXPECT_EQ(*mem_.Path(100, 0), "");
}

TEST_F(GuestMemoryTest, Iovecs) {
  PutIovec(0, 1000, 10);
  PutIovec(8, 2000, 0);
  auto v = mem_.Iovecs(0, 2);
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ((*v)[0].iov_base, bytes_.data() + 1000);
  EXPECT_EQ((*v)[0].iov_len, 10u);
  PutIovec(8, 65530, 7);  // buffer runs past the end
  EXPECT_EQ(mem_.Iovecs(0, 2).error(), Errno::Fault);
  EXPECT_EQ(mem_.Iovecs(65532, 1).error(), Errno::Fault);  // array runs past the end
  // A huge count is refused before anything is allocated or read.
  EXPECT_EQ(mem_.Iovecs(0, 0xffffffffu).error(), Errno::Inval);
  EXPECT_EQ(mem_.Iovecs(0, kMaxIovecs + 1).error(), Errno::Inval);
  EXPECT_TRUE(mem_.Iovecs(0xffffffffu, 0).has_value() == false);
}

}  // namespace
}  // namespace wr::wasi
