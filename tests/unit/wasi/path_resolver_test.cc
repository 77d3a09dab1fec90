// Sandbox escape cases for PathResolver, run with the openat2 fast path on and off: the
// errnos must be the same either way.
#include "wasi/path_resolver.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <climits>
#include <string>

#include "temp_tree.h"

namespace wr::wasi {
namespace {

class PathResolverTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    PathResolver::SetFastPathEnabled(GetParam());
    tree_.Mkdir("a/b");
    tree_.WriteSandboxFile("file.txt", "hello");
    tree_.WriteSandboxFile("a/inner.txt", "inner");
    tree_.Symlink("..", "link_up");
    tree_.Symlink("/etc", "link_abs");
    tree_.Symlink("a", "link_ok");
    tree_.Symlink("link_loop2", "link_loop1");
    tree_.Symlink("link_loop1", "link_loop2");
    tree_.Symlink("../..", "a/link_out");
    tree_.Symlink("../a", "a/link_in");
    tree_.Symlink("nowhere", "dangling");
    tree_.Symlink("file.txt", "link_file");
    tree_.Symlink("../outside.txt", "link_outside_file");
  }
  void TearDown() override { PathResolver::SetFastPathEnabled(true); }

  Errno OpenErr(const std::string& path, bool follow = true, int flags = O_RDONLY) {
    auto r = PathResolver::Open(tree_.fd(), path, follow, flags, 0644);
    if (r.has_value()) {
      CheckUnderRoot(r->get());
      return Errno::Success;
    }
    return r.error();
  }

  // The opened file must lie beneath the sandbox (its /proc path names it).
  void CheckUnderRoot(int fd) {
    char buf[PATH_MAX];
    std::string link = "/proc/self/fd/" + std::to_string(fd);
    ssize_t n = ::readlink(link.c_str(), buf, sizeof(buf));
    if (n <= 0) return;  // no procfs: nothing to compare
    std::string real(buf, static_cast<size_t>(n));
    char root_real[PATH_MAX];
    ASSERT_NE(::realpath(tree_.sandbox().c_str(), root_real), nullptr);
    EXPECT_EQ(real.rfind(root_real, 0), 0u) << real << " escapes " << root_real;
  }

  testing::TempTree tree_;
};

TEST_P(PathResolverTest, OrdinaryPaths) {
  EXPECT_EQ(OpenErr("file.txt"), Errno::Success);
  EXPECT_EQ(OpenErr("a/inner.txt"), Errno::Success);
  EXPECT_EQ(OpenErr("./a/./b/../inner.txt"), Errno::Success);
  EXPECT_EQ(OpenErr("a//inner.txt"), Errno::Success);
  EXPECT_EQ(OpenErr(".", true, O_RDONLY | O_DIRECTORY), Errno::Success);
  EXPECT_EQ(OpenErr("a/..", true, O_RDONLY | O_DIRECTORY), Errno::Success);
  EXPECT_EQ(OpenErr("a/", true, O_RDONLY | O_DIRECTORY), Errno::Success);
  EXPECT_EQ(OpenErr("link_ok/inner.txt"), Errno::Success);
  EXPECT_EQ(OpenErr("a/link_in/inner.txt"), Errno::Success);
  EXPECT_EQ(OpenErr("link_file"), Errno::Success);
}

TEST_P(PathResolverTest, MissingAndNotDirectory) {
  EXPECT_EQ(OpenErr(""), Errno::Noent);
  EXPECT_EQ(OpenErr("missing"), Errno::Noent);
  EXPECT_EQ(OpenErr("missing/x"), Errno::Noent);
  EXPECT_EQ(OpenErr("file.txt/"), Errno::Notdir);
  EXPECT_EQ(OpenErr("file.txt/x"), Errno::Notdir);
  EXPECT_EQ(OpenErr("dangling"), Errno::Noent);
}

TEST_P(PathResolverTest, EscapesAreNotCapable) {
  EXPECT_EQ(OpenErr("/etc/passwd"), Errno::Notcapable);
  EXPECT_EQ(OpenErr("/"), Errno::Notcapable);
  EXPECT_EQ(OpenErr(".."), Errno::Notcapable);
  EXPECT_EQ(OpenErr("../outside.txt"), Errno::Notcapable);
  EXPECT_EQ(OpenErr("a/../../outside.txt"), Errno::Notcapable);
  EXPECT_EQ(OpenErr("a/b/../../../outside.txt"), Errno::Notcapable);
  EXPECT_EQ(OpenErr("link_up/outside.txt"), Errno::Notcapable);
  EXPECT_EQ(OpenErr("link_abs/passwd"), Errno::Notcapable);
  EXPECT_EQ(OpenErr("link_abs"), Errno::Notcapable);
  EXPECT_EQ(OpenErr("a/link_out/outside.txt"), Errno::Notcapable);
  EXPECT_EQ(OpenErr("link_outside_file"), Errno::Notcapable);
}

TEST_P(PathResolverTest, EscapingSymlinksAreFineWhenNotFollowed) {
  // Not following the last component: the link itself is what is named (O_NOFOLLOW -> ELOOP
  // for open, as POSIX says).
  EXPECT_EQ(OpenErr("link_abs", false), Errno::Loop);
  auto r = PathResolver::Resolve(tree_.fd(), "link_abs", false);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->name, "link_abs");
}

TEST_P(PathResolverTest, SymlinkLoops) {
  EXPECT_EQ(OpenErr("link_loop1"), Errno::Loop);
  EXPECT_EQ(OpenErr("link_loop1/x"), Errno::Loop);
  EXPECT_EQ(OpenErr("link_loop1", false), Errno::Loop);
}

TEST_P(PathResolverTest, CreateThroughDanglingLinkStaysInside) {
  EXPECT_EQ(OpenErr("dangling", true, O_WRONLY | O_CREAT), Errno::Success);
  EXPECT_TRUE(tree_.Exists("nowhere"));
  EXPECT_EQ(OpenErr("../created", true, O_WRONLY | O_CREAT), Errno::Notcapable);
  EXPECT_FALSE(std::filesystem::exists(tree_.outer() + "/created"));
}

TEST_P(PathResolverTest, ResolveParentAndName) {
  auto r = PathResolver::Resolve(tree_.fd(), "a/b/../inner.txt", false);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->name, "inner.txt");
  EXPECT_EQ(::faccessat(r->dirfd, r->name.c_str(), F_OK, AT_SYMLINK_NOFOLLOW), 0);

  auto t = PathResolver::Resolve(tree_.fd(), "a/b//", false);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->name, "b/");  // the trailing slash is kept for the kernel's checks

  auto dot = PathResolver::Resolve(tree_.fd(), "a/..", false);
  ASSERT_TRUE(dot.has_value());
  EXPECT_EQ(dot->name, ".");
  EXPECT_EQ(dot->dirfd, tree_.fd());

  auto follow = PathResolver::Resolve(tree_.fd(), "link_ok", true);
  ASSERT_TRUE(follow.has_value());
  EXPECT_EQ(follow->name, "a");

  EXPECT_EQ(PathResolver::Resolve(tree_.fd(), "..", false).error(), Errno::Notcapable);
  EXPECT_EQ(PathResolver::Resolve(tree_.fd(), "/x", false).error(), Errno::Notcapable);
  EXPECT_EQ(PathResolver::Resolve(tree_.fd(), "", false).error(), Errno::Noent);
  EXPECT_EQ(PathResolver::Resolve(tree_.fd(), "link_up/x", false).error(), Errno::Notcapable);
  EXPECT_EQ(PathResolver::Resolve(tree_.fd(), "link_loop1/x", false).error(), Errno::Loop);
}

INSTANTIATE_TEST_SUITE_P(FastPath, PathResolverTest, ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? std::string("Openat2") : std::string("Walk");
                         });

}  // namespace
}  // namespace wr::wasi
