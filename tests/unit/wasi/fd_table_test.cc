#include "wasi/fd_table.h"

#include <gtest/gtest.h>

namespace wr::wasi {
namespace {

Descriptor Make(Rights base) {
  Descriptor d;
  d.base = base;
  d.type = Filetype::RegularFile;
  return d;
}

TEST(FdTable, LowestFreeNumber) {
  FdTable t;
  EXPECT_EQ(*t.Insert(Make(0)), 0u);
  EXPECT_EQ(*t.Insert(Make(0)), 1u);
  EXPECT_EQ(*t.Insert(Make(0)), 2u);
  EXPECT_EQ(t.Close(1), Errno::Success);
  EXPECT_EQ(*t.Insert(Make(0)), 1u);
  EXPECT_EQ(*t.Insert(Make(0)), 3u);
}

TEST(FdTable, BadFdAndRights) {
  FdTable t;
  ASSERT_EQ(*t.Insert(Make(kRightFdRead)), 0u);
  EXPECT_EQ(t.Get(7).error(), Errno::Badf);
  EXPECT_EQ(t.Get(0xffffffffu).error(), Errno::Badf);
  EXPECT_TRUE(t.Get(0, kRightFdRead).has_value());
  EXPECT_EQ(t.Get(0, kRightFdRead | kRightFdWrite).error(), Errno::Notcapable);
  EXPECT_EQ(t.Close(0), Errno::Success);
  EXPECT_EQ(t.Close(0), Errno::Badf);
  EXPECT_EQ(t.Get(0).error(), Errno::Badf);
}

TEST(FdTable, Renumber) {
  FdTable t;
  ASSERT_EQ(*t.Insert(Make(kRightFdRead)), 0u);
  ASSERT_EQ(*t.Insert(Make(kRightFdWrite)), 1u);
  EXPECT_EQ(t.Renumber(0, 1), Errno::Success);
  EXPECT_EQ(t.Get(0).error(), Errno::Badf);
  EXPECT_EQ((*t.Get(1))->base, kRightFdRead);
  EXPECT_EQ(t.Renumber(1, 5), Errno::Badf);  // the target must be open
  EXPECT_EQ(t.Renumber(4, 1), Errno::Badf);
  EXPECT_EQ(t.Renumber(1, 1), Errno::Success);
  EXPECT_TRUE(t.Get(1).has_value());
}

TEST(FdTable, InsertAtForStdio) {
  FdTable t;
  t.InsertAt(2, Make(0));
  EXPECT_TRUE(t.Get(2).has_value());
  EXPECT_EQ(t.Get(0).error(), Errno::Badf);
  EXPECT_EQ(*t.Insert(Make(0)), 0u);
}

}  // namespace
}  // namespace wr::wasi
