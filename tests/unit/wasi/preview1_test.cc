// The preview1 functions called directly, as the interpreter would: raw arguments, a real
// MemoryInstance, errnos checked exactly.
#include "wasi/preview1.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "runtime/memory.h"
#include "temp_tree.h"
#include "wasi/preview1_impl.h"

namespace wr::wasi {
namespace {

class Preview1Test : public ::testing::Test {
 protected:
  void SetUp() override {
    MemoryType type;
    type.limits.min = 1;
    auto m = MemoryInstance::Create(type, 0);
    ASSERT_TRUE(m.has_value());
    memory_ = std::move(*m);
    ASSERT_TRUE(ctx_.PreopenDir(tree_.sandbox(), "/sandbox").has_value());  // fd 3
    tree_.WriteSandboxFile("hello.txt", "hello world");
    tree_.WriteFile("outside.txt", "secret");
  }

  GuestMemory mem() const { return GuestMemory(memory_->data(), memory_->size()); }
  uint8_t* at(uint32_t off) { return memory_->data() + off; }
  uint32_t Put(uint32_t off, const std::string& s) {
    std::memcpy(at(off), s.data(), s.size());
    return static_cast<uint32_t>(s.size());
  }
  uint32_t U32(uint32_t off) { return *mem().Load<uint32_t>(off); }

  Errno Open(const std::string& path, uint32_t oflags = 0, uint64_t rights = kRightsAll,
             uint32_t dirflags = 0, uint32_t dirfd = 3) {
    uint32_t len = Put(1000, path);
    return p1_.PathOpen(mem(), dirfd, dirflags, 1000, len, oflags, rights, rights, 0, 2000);
  }
  uint32_t OpenedFd() { return U32(2000); }

  testing::TempTree tree_;
  WasiCtx ctx_;
  Preview1 p1_{ctx_};
  std::unique_ptr<MemoryInstance> memory_;
};

TEST_F(Preview1Test, ArgsAndEnviron) {
  ctx_.set_args({"prog", "a b", ""});
  ctx_.set_env({"X=1"});
  ASSERT_EQ(p1_.ArgsSizesGet(mem(), 0, 4), Errno::Success);
  EXPECT_EQ(U32(0), 3u);
  EXPECT_EQ(U32(4), 5u + 4u + 1u);
  ASSERT_EQ(p1_.ArgsGet(mem(), 100, 200), Errno::Success);
  EXPECT_EQ(U32(100), 200u);
  EXPECT_STREQ(reinterpret_cast<char*>(at(U32(104))), "a b");
  EXPECT_STREQ(reinterpret_cast<char*>(at(U32(108))), "");
  EXPECT_EQ(p1_.ArgsGet(mem(), 65535, 200), Errno::Fault);
  EXPECT_EQ(p1_.ArgsGet(mem(), 100, 65530), Errno::Fault);
  ASSERT_EQ(p1_.EnvironSizesGet(mem(), 0, 4), Errno::Success);
  EXPECT_EQ(U32(0), 1u);
  EXPECT_EQ(U32(4), 4u);
}

TEST_F(Preview1Test, WriteToStdoutPipe) {
  int pipefd[2];
  ASSERT_EQ(::pipe(pipefd), 0);
  ctx_.SetStdio(1, pipefd[1]);
  uint32_t n = Put(500, "hi there");
  ASSERT_EQ(mem().Store(0, Iovec{500, 2}), Errno::Success);
  ASSERT_EQ(mem().Store(8, Iovec{502, n - 2}), Errno::Success);
  ASSERT_EQ(p1_.FdWrite(mem(), 1, 0, 2, 16), Errno::Success);
  EXPECT_EQ(U32(16), n);
  char buf[16] = {};
  EXPECT_EQ(::read(pipefd[0], buf, sizeof(buf)), static_cast<ssize_t>(n));
  EXPECT_STREQ(buf, "hi there");
  // An out-of-bounds buffer is EFAULT and writes nothing.
  ASSERT_EQ(mem().Store(8, Iovec{65530, 100}), Errno::Success);
  EXPECT_EQ(p1_.FdWrite(mem(), 1, 0, 2, 16), Errno::Fault);
  EXPECT_EQ(p1_.FdWrite(mem(), 1, 0, 0x7fffffff, 16), Errno::Inval);
  EXPECT_EQ(p1_.FdWrite(mem(), 1, 0, 1, 65534), Errno::Fault);
  EXPECT_EQ(p1_.FdWrite(mem(), 99, 0, 1, 16), Errno::Badf);
  ::close(pipefd[0]);
  ::close(pipefd[1]);
}

TEST_F(Preview1Test, Prestat) {
  ASSERT_EQ(p1_.FdPrestatGet(mem(), 3, 0), Errno::Success);
  EXPECT_EQ(*at(0), kPreopentypeDir);
  EXPECT_EQ(U32(4), 8u);
  EXPECT_EQ(p1_.FdPrestatDirName(mem(), 3, 100, 7), Errno::Nametoolong);
  ASSERT_EQ(p1_.FdPrestatDirName(mem(), 3, 100, 8), Errno::Success);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(at(100)), 8), "/sandbox");
  EXPECT_EQ(p1_.FdPrestatGet(mem(), 1, 0), Errno::Badf);
  EXPECT_EQ(p1_.FdPrestatGet(mem(), 4, 0), Errno::Badf);
}

TEST_F(Preview1Test, OpenReadSeek) {
  ASSERT_EQ(Open("hello.txt", 0, kRightFdRead | kRightFdSeek | kRightFdTell), Errno::Success);
  uint32_t fd = OpenedFd();
  EXPECT_EQ(fd, 4u);
  ASSERT_EQ(mem().Store(0, Iovec{100, 5}), Errno::Success);
  ASSERT_EQ(p1_.FdRead(mem(), fd, 0, 1, 8), Errno::Success);
  EXPECT_EQ(U32(8), 5u);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(at(100)), 5), "hello");
  ASSERT_EQ(p1_.FdTell(mem(), fd, 16), Errno::Success);
  EXPECT_EQ(*mem().Load<uint64_t>(16), 5u);
  EXPECT_EQ(p1_.FdSeek(mem(), fd, static_cast<uint64_t>(-1), kWhenceEnd, 16), Errno::Success);
  EXPECT_EQ(*mem().Load<uint64_t>(16), 10u);
  EXPECT_EQ(p1_.FdSeek(mem(), fd, 0, 7, 16), Errno::Inval);
  // No write right: the read-only descriptor cannot write.
  EXPECT_EQ(p1_.FdWrite(mem(), fd, 0, 1, 8), Errno::Notcapable);
  // Rights only shrink.
  EXPECT_EQ(p1_.FdFdstatSetRights(mem(), fd, kRightFdRead, 0), Errno::Success);
  EXPECT_EQ(p1_.FdFdstatSetRights(mem(), fd, kRightFdRead | kRightFdWrite, 0), Errno::Notcapable);
  EXPECT_EQ(p1_.FdSeek(mem(), fd, 0, kWhenceSet, 16), Errno::Notcapable);
  EXPECT_EQ(p1_.FdClose(mem(), fd), Errno::Success);
  EXPECT_EQ(p1_.FdClose(mem(), fd), Errno::Badf);
}

TEST_F(Preview1Test, FdstatOfPreopenAndFile) {
  ASSERT_EQ(p1_.FdFdstatGet(mem(), 3, 0), Errno::Success);
  Fdstat st = *mem().Load<Fdstat>(0);
  EXPECT_EQ(st.fs_filetype, static_cast<uint8_t>(Filetype::Directory));
  EXPECT_EQ(st.fs_flags, 0);
  EXPECT_NE(st.fs_rights_base & kRightPathOpen, 0u);
  EXPECT_EQ(st.fs_rights_base & kRightFdFilestatSetSize, 0u);
  ASSERT_EQ(Open("hello.txt", 0, kRightFdRead | kRightFdFilestatGet), Errno::Success);
  ASSERT_EQ(p1_.FdFilestatGet(mem(), OpenedFd(), 0), Errno::Success);
  Filestat fs = *mem().Load<Filestat>(0);
  EXPECT_EQ(fs.filetype, static_cast<uint8_t>(Filetype::RegularFile));
  EXPECT_EQ(fs.size, 11u);
  EXPECT_EQ(fs.nlink, 1u);
  EXPECT_NE(fs.ino, 0u);
}

TEST_F(Preview1Test, SandboxEscapes) {
  EXPECT_EQ(Open("../outside.txt"), Errno::Notcapable);
  EXPECT_EQ(Open("/etc/passwd"), Errno::Notcapable);
  EXPECT_EQ(Open("hello.txt", 0, kRightsAll, 0, 1), Errno::Notdir);  // stdout is no directory
  EXPECT_EQ(Open("hello.txt", 0, kRightsAll, 0, 42), Errno::Badf);

  // A guest cannot create a symlink to the outside (docs/WASI.md); one the host left there
  // is not followed.
  uint32_t t = Put(100, "../outside.txt");
  uint32_t l = Put(200, "evil");
  EXPECT_EQ(p1_.PathSymlink(mem(), 100, t, 3, 200, l), Errno::Notcapable);
  EXPECT_FALSE(tree_.Exists("evil"));
  tree_.Symlink("../outside.txt", "evil");
  EXPECT_EQ(Open("evil", 0, kRightsAll, kLookupSymlinkFollow), Errno::Notcapable);
  EXPECT_EQ(Open("evil", 0, kRightsAll, 0), Errno::Loop);

  // Hard links and renames cannot reach outside either.
  uint32_t a = Put(300, "hello.txt");
  uint32_t b = Put(400, "../stolen");
  EXPECT_EQ(p1_.PathLink(mem(), 3, 0, 300, a, 3, 400, b), Errno::Notcapable);
  EXPECT_EQ(p1_.PathRename(mem(), 3, 300, a, 3, 400, b), Errno::Notcapable);
  uint32_t c = Put(500, "../outside.txt");
  EXPECT_EQ(p1_.PathLink(mem(), 3, 0, 500, c, 3, 300, a), Errno::Notcapable);
  EXPECT_EQ(p1_.PathUnlinkFile(mem(), 3, 500, c), Errno::Notcapable);
  EXPECT_TRUE(std::filesystem::exists(tree_.outer() + "/outside.txt"));
  EXPECT_FALSE(std::filesystem::exists(tree_.outer() + "/stolen"));

  // Out-of-bounds paths are EFAULT.
  EXPECT_EQ(p1_.PathOpen(mem(), 3, 0, 65530, 100, 0, 0, 0, 0, 0), Errno::Fault);
  EXPECT_EQ(p1_.PathOpen(mem(), 3, 0, 0, 0xffffffffu, 0, 0, 0, 0, 0), Errno::Nametoolong);
  EXPECT_EQ(p1_.PathOpen(mem(), 3, 0, 300, a, 0, 0, 0, 0, 65534), Errno::Fault);
}

TEST_F(Preview1Test, RightsAreEnforcedOnDirectories) {
  ASSERT_EQ(p1_.FdFdstatSetRights(mem(), 3, kRightPathOpen, kRightFdRead), Errno::Success);
  EXPECT_EQ(Open("new.txt", kOflagCreat), Errno::Notcapable);
  uint32_t n = Put(100, "d");
  EXPECT_EQ(p1_.PathCreateDirectory(mem(), 3, 100, n), Errno::Notcapable);
  ASSERT_EQ(Open("hello.txt", 0, kRightFdRead | kRightFdWrite), Errno::Success);
  ASSERT_EQ(p1_.FdFdstatGet(mem(), OpenedFd(), 0), Errno::Success);
  EXPECT_EQ(mem().Load<Fdstat>(0)->fs_rights_base, kRightFdRead);  // write was not inheritable
}

TEST_F(Preview1Test, DirectoryOps) {
  uint32_t n = Put(100, "sub");
  ASSERT_EQ(p1_.PathCreateDirectory(mem(), 3, 100, n), Errno::Success);
  EXPECT_EQ(p1_.PathCreateDirectory(mem(), 3, 100, n), Errno::Exist);
  ASSERT_EQ(Open("sub/f", kOflagCreat, kRightFdWrite), Errno::Success);
  EXPECT_EQ(p1_.PathRemoveDirectory(mem(), 3, 100, n), Errno::Notempty);
  uint32_t f = Put(200, "sub/f");
  EXPECT_EQ(p1_.PathRemoveDirectory(mem(), 3, 200, f), Errno::Notdir);
  EXPECT_EQ(p1_.PathUnlinkFile(mem(), 3, 100, n), Errno::Isdir);
  ASSERT_EQ(p1_.PathUnlinkFile(mem(), 3, 200, f), Errno::Success);
  ASSERT_EQ(p1_.PathRemoveDirectory(mem(), 3, 100, n), Errno::Success);
}

TEST_F(Preview1Test, ReaddirCookiesAreStable) {
  for (const char* name : {"f1", "f2", "f3"}) tree_.WriteSandboxFile(name, "");
  // The whole listing: ., .., hello.txt, f1, f2, f3.
  ASSERT_EQ(p1_.FdReaddir(mem(), 3, 1000, 4096, 0, 0), Errno::Success);
  uint32_t used = U32(0);
  std::vector<std::pair<uint64_t, std::string>> all;
  for (uint32_t off = 0; off + sizeof(Dirent) <= used;) {
    Dirent d = *mem().Load<Dirent>(1000 + off);
    all.emplace_back(d.d_next,
                     std::string(reinterpret_cast<char*>(at(1000 + off + 24)), d.d_namlen));
    off += sizeof(Dirent) + d.d_namlen;
  }
  ASSERT_EQ(all.size(), 6u);
  // Resuming from each cookie gives exactly the rest of the listing.
  for (size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(p1_.FdReaddir(mem(), 3, 1000, 4096, all[i].first, 0), Errno::Success);
    if (i + 1 == all.size()) {
      EXPECT_EQ(U32(0), 0u);
    } else {
      Dirent d = *mem().Load<Dirent>(1000);
      EXPECT_EQ(std::string(reinterpret_cast<char*>(at(1024)), d.d_namlen), all[i + 1].second);
    }
  }
  // A small buffer is filled completely (the last entry truncated).
  ASSERT_EQ(p1_.FdReaddir(mem(), 3, 1000, 30, 0, 0), Errno::Success);
  EXPECT_EQ(U32(0), 30u);
  EXPECT_EQ(p1_.FdReaddir(mem(), 3, 65530, 100, 0, 0), Errno::Fault);
  EXPECT_EQ(p1_.FdReaddir(mem(), 1, 1000, 100, 0, 0), Errno::Notcapable);
}

TEST_F(Preview1Test, ClocksRandomPoll) {
  EXPECT_EQ(p1_.ClockTimeGet(mem(), 99, 0, 0), Errno::Inval);
  ASSERT_EQ(p1_.ClockTimeGet(mem(), kClockMonotonic, 0, 0), Errno::Success);
  EXPECT_GT(*mem().Load<uint64_t>(0), 0u);
  ASSERT_EQ(p1_.ClockResGet(mem(), kClockRealtime, 0), Errno::Success);
  EXPECT_GT(*mem().Load<uint64_t>(0), 0u);
  EXPECT_EQ(p1_.RandomGet(mem(), 65000, 1000), Errno::Fault);
  EXPECT_EQ(p1_.RandomGet(mem(), 0, 4096), Errno::Success);

  Subscription s{};
  s.userdata = 77;
  s.tag = kEventClock;
  s.u.id = kClockMonotonic;
  s.u.timeout = 1000000;  // 1 ms
  ASSERT_EQ(mem().Store(0, s), Errno::Success);
  ASSERT_EQ(p1_.PollOneoff(mem(), 0, 100, 1, 200), Errno::Success);
  EXPECT_EQ(U32(200), 1u);
  Event ev = *mem().Load<Event>(100);
  EXPECT_EQ(ev.userdata, 77u);
  EXPECT_EQ(ev.error, Errno::Success);
  EXPECT_EQ(ev.type, kEventClock);
  EXPECT_EQ(p1_.PollOneoff(mem(), 0, 100, 0, 200), Errno::Inval);
  EXPECT_EQ(p1_.PollOneoff(mem(), 0, 100, 0x10000000, 200), Errno::Fault);
  // A bad fd is reported as an event error, at once.
  s.tag = kEventFdRead;
  s.u.id = 55;
  ASSERT_EQ(mem().Store(0, s), Errno::Success);
  ASSERT_EQ(p1_.PollOneoff(mem(), 0, 100, 1, 200), Errno::Success);
  EXPECT_EQ(U32(200), 1u);
  EXPECT_EQ(mem().Load<Event>(100)->error, Errno::Badf);
}

TEST_F(Preview1Test, ProcExitAndSockets) {
  Trap t = p1_.ProcExit(mem(), 42);
  EXPECT_TRUE(t.is_exit());
  EXPECT_EQ(t.exit_code, 42);
  EXPECT_EQ(p1_.SockShutdown(mem(), 3, kSdflagRd), Errno::Notsock);
  EXPECT_EQ(p1_.SockShutdown(mem(), 9, kSdflagRd), Errno::Badf);
  EXPECT_EQ(p1_.SockAccept(mem(), 3, 0, 0), Errno::Notsock);
  EXPECT_EQ(p1_.ProcRaise(mem(), 9), Errno::Nosys);
}

TEST(Preview1Registration, AllOrOnlyWhatAModuleImports) {
  Store store;
  WasiCtx ctx;
  interp::Linker all;
  ASSERT_TRUE(RegisterPreview1(all, store, ctx).has_value());
  EXPECT_NE(all.Lookup(kPreview1Module, "fd_write"), nullptr);
  EXPECT_NE(all.Lookup(kPreview1Module, "path_open"), nullptr);

  Module m;
  m.imports.push_back(Import{kPreview1Module, "fd_write", ExternKind::Func, 0, {}, {}, {}, 0});
  m.imports.push_back(Import{"env", "path_open", ExternKind::Func, 0, {}, {}, {}, 0});
  m.imports.push_back(
      Import{kPreview1Module, "no_such_function", ExternKind::Func, 0, {}, {}, {}, 0});
  m.IndexImports();
  interp::Linker some;
  ASSERT_TRUE(RegisterPreview1(some, store, ctx, m).has_value());
  EXPECT_NE(some.Lookup(kPreview1Module, "fd_write"), nullptr);
  EXPECT_EQ(some.Lookup(kPreview1Module, "path_open"), nullptr);  // imported from "env"
  EXPECT_EQ(some.Lookup(kPreview1Module, "fd_read"), nullptr);
  EXPECT_EQ(some.Lookup(kPreview1Module, "no_such_function"), nullptr);
}

}  // namespace
}  // namespace wr::wasi
