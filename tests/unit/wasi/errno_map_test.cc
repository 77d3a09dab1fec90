#include "wasi/errno_map.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

namespace wr::wasi {
namespace {

TEST(ErrnoMap, CommonErrnos) {
  EXPECT_EQ(ErrnoFromHost(0), Errno::Success);
  EXPECT_EQ(ErrnoFromHost(ENOENT), Errno::Noent);
  EXPECT_EQ(ErrnoFromHost(EACCES), Errno::Acces);
  EXPECT_EQ(ErrnoFromHost(ELOOP), Errno::Loop);
  EXPECT_EQ(ErrnoFromHost(ENOTDIR), Errno::Notdir);
  EXPECT_EQ(ErrnoFromHost(EISDIR), Errno::Isdir);
  EXPECT_EQ(ErrnoFromHost(ENOTEMPTY), Errno::Notempty);
  EXPECT_EQ(ErrnoFromHost(EXDEV), Errno::Xdev);
  EXPECT_EQ(ErrnoFromHost(E2BIG), Errno::TooBig);
}

TEST(ErrnoMap, AliasesMapToTheSameValue) {
  EXPECT_EQ(ErrnoFromHost(EWOULDBLOCK), Errno::Again);
  EXPECT_EQ(ErrnoFromHost(EOPNOTSUPP), Errno::Notsup);
  EXPECT_EQ(ErrnoFromHost(ENOTSUP), Errno::Notsup);
}

TEST(ErrnoMap, UnknownHostErrnoIsIo) {
  EXPECT_EQ(ErrnoFromHost(100000), Errno::Io);
}

TEST(ErrnoMap, WitxValuesAndNames) {
  EXPECT_EQ(static_cast<int>(Errno::Notcapable), 76);
  EXPECT_EQ(static_cast<int>(Errno::Fault), 21);
  EXPECT_STREQ(ErrnoName(Errno::Notcapable), "notcapable");
  EXPECT_STREQ(ErrnoName(Errno::TooBig), "2big");
  for (int v = 0; v <= 76; ++v) {
    EXPECT_STRNE(ErrnoName(static_cast<Errno>(v)), "unknown") << v;
  }
}

TEST(ErrnoMap, LastErrnoReadsErrno) {
  errno = EBADF;
  EXPECT_EQ(LastErrno(), Errno::Badf);
}

}  // namespace
}  // namespace wr::wasi
