// WASI for hosts, called directly as preview1_test.cc does: read-only preopens (every modifying
// call gives EPERM and changes nothing), the path_symlink target policy, in-memory stdio, and
// the wasi_unstable (preview 0) calls whose ABI differs from preview1.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "runtime/memory.h"
#include "temp_tree.h"
#include "wasi/preview1.h"
#include "wasi/preview1_impl.h"

namespace wr::wasi {
namespace {

std::string ReadHost(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class HostFeaturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MemoryType type;
    type.limits.min = 1;
    auto m = MemoryInstance::Create(type, 0);
    ASSERT_TRUE(m.has_value());
    memory_ = std::move(*m);
    tree_.WriteSandboxFile("file.txt", "original");
    tree_.Mkdir("sub");
    tree_.WriteSandboxFile("sub/inner.txt", "inner");
  }

  GuestMemory mem() const { return GuestMemory(memory_->data(), memory_->size()); }
  uint8_t* at(uint32_t off) { return memory_->data() + off; }
  uint32_t Put(uint32_t off, const std::string& s) {
    std::memcpy(at(off), s.data(), s.size());
    return static_cast<uint32_t>(s.size());
  }
  uint32_t U32(uint32_t off) { return *mem().Load<uint32_t>(off); }
  uint64_t U64(uint32_t off) { return *mem().Load<uint64_t>(off); }

  Errno Open(const std::string& path, uint32_t oflags, uint64_t rights, uint32_t dirfd = 3,
             uint32_t fdflags = 0) {
    uint32_t len = Put(1000, path);
    return p1_.PathOpen(mem(), dirfd, 0, 1000, len, oflags, rights, rights, fdflags, 2000);
  }
  uint32_t OpenedFd() { return U32(2000); }
  // A guest iovec at 3000 for "data" at 3100.
  uint32_t PutIov(const std::string& data) {
    uint32_t len = Put(3100, data);
    Iovec iov{3100, len};
    (void)mem().Store(3000, iov);
    return 3000;
  }
  // Path `s` at 1000, its length.
  uint32_t P(const std::string& s) { return Put(1000, s); }
  uint32_t P2(const std::string& s) { return Put(1200, s); }

  testing::TempTree tree_;
  WasiCtx ctx_;
  Preview1 p1_{ctx_};
  std::unique_ptr<MemoryInstance> memory_;
};

// ---- read-only preopens

class ReadOnlyTest : public HostFeaturesTest {
 protected:
  void SetUp() override {
    HostFeaturesTest::SetUp();
    ASSERT_TRUE(ctx_.PreopenDir(tree_.sandbox(), "/ro", true).has_value());  // fd 3
  }
  void ExpectUnchanged() {
    EXPECT_EQ(ReadHost(tree_.sandbox() + "/file.txt"), "original");
    EXPECT_EQ(ReadHost(tree_.sandbox() + "/sub/inner.txt"), "inner");
    EXPECT_FALSE(tree_.Exists("new"));
    EXPECT_FALSE(tree_.Exists("link"));
  }
};

TEST_F(ReadOnlyTest, RightsExcludeEveryModifyingRight) {
  ASSERT_EQ(p1_.FdFdstatGet(mem(), 3, 100), Errno::Success);
  Fdstat st = *mem().Load<Fdstat>(100);
  EXPECT_EQ(st.fs_rights_base & kRightsModifying, 0u);
  EXPECT_EQ(st.fs_rights_inheriting & kRightsModifying, 0u);
  EXPECT_NE(st.fs_rights_base & kRightPathOpen, 0u);
  EXPECT_NE(st.fs_rights_inheriting & kRightFdRead, 0u);
}

TEST_F(ReadOnlyTest, EveryPathMutationIsEperm) {
  const auto M = [&] { return mem(); };
  EXPECT_EQ(p1_.PathCreateDirectory(M(), 3, 1000, P("new")), Errno::Perm);
  EXPECT_EQ(p1_.PathRemoveDirectory(M(), 3, 1000, P("sub")), Errno::Perm);
  EXPECT_EQ(p1_.PathUnlinkFile(M(), 3, 1000, P("file.txt")), Errno::Perm);
  uint32_t a = P("file.txt"), b = P2("new");
  EXPECT_EQ(p1_.PathRename(M(), 3, 1000, a, 3, 1200, b), Errno::Perm);
  EXPECT_EQ(p1_.PathLink(M(), 3, 0, 1000, a, 3, 1200, b), Errno::Perm);
  a = P("file.txt");
  b = P2("link");
  EXPECT_EQ(p1_.PathSymlink(M(), 1000, a, 3, 1200, b), Errno::Perm);
  EXPECT_EQ(p1_.PathFilestatSetTimes(M(), 3, 0, 1000, P("file.txt"), 0, 0, kFstflagMtimNow),
            Errno::Perm);
  EXPECT_EQ(p1_.FdFilestatSetTimes(M(), 3, 0, 0, kFstflagMtimNow), Errno::Perm);
  for (uint32_t oflags : {uint32_t{kOflagCreat}, uint32_t{kOflagTrunc}, uint32_t{kOflagExcl},
                          uint32_t{kOflagCreat | kOflagExcl}}) {
    EXPECT_EQ(Open("file.txt", oflags, kRightFdRead), Errno::Perm) << oflags;
    EXPECT_EQ(Open("new", oflags, kRightFdRead), Errno::Perm) << oflags;
  }
  // Beneath a directory opened from the preopen, the same.
  ASSERT_EQ(Open("sub", kOflagDirectory, kRightsDirectoryInheriting & ~kRightFdWrite),
            Errno::Success);
  uint32_t sub = OpenedFd();
  EXPECT_EQ(p1_.PathUnlinkFile(M(), sub, 1000, P("inner.txt")), Errno::Perm);
  EXPECT_EQ(Open("inner.txt", kOflagCreat, kRightsAll, sub), Errno::Perm);
  ExpectUnchanged();
}

TEST_F(ReadOnlyTest, FilesOpenReadOnlyAndRefuseWrites) {
  // Asking for every right is fine; the write rights are masked away and the host file is
  // opened read-only.
  ASSERT_EQ(Open("file.txt", 0, kRightsAll), Errno::Success);
  uint32_t fd = OpenedFd();
  ASSERT_EQ(p1_.FdFdstatGet(mem(), fd, 100), Errno::Success);
  EXPECT_EQ(mem().Load<Fdstat>(100)->fs_rights_base & kRightsModifying, 0u);
  int host_flags = ::fcntl((*ctx_.fds().Get(fd))->host, F_GETFL);
  EXPECT_EQ(host_flags & O_ACCMODE, O_RDONLY);
  uint32_t iov = PutIov("XXXX");
  EXPECT_EQ(p1_.FdWrite(mem(), fd, iov, 1, 200), Errno::Perm);
  EXPECT_EQ(p1_.FdPwrite(mem(), fd, iov, 1, 0, 200), Errno::Perm);
  EXPECT_EQ(p1_.FdAllocate(mem(), fd, 0, 100), Errno::Perm);
  EXPECT_EQ(p1_.FdFilestatSetSize(mem(), fd, 0), Errno::Perm);
  EXPECT_EQ(p1_.FdFilestatSetTimes(mem(), fd, 0, 0, kFstflagMtimNow), Errno::Perm);
  // Append alone does not make it writable.
  ASSERT_EQ(Open("file.txt", 0, kRightFdRead | kRightFdWrite, 3, kFdflagAppend), Errno::Success);
  EXPECT_EQ(p1_.FdWrite(mem(), OpenedFd(), iov, 1, 200), Errno::Perm);
  // Reading works.
  Iovec rd{3100, 8};
  ASSERT_EQ(mem().Store(3000, rd), Errno::Success);
  ASSERT_EQ(p1_.FdRead(mem(), fd, 3000, 1, 200), Errno::Success);
  EXPECT_EQ(U32(200), 8u);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(at(3100)), 8), "original");
  EXPECT_EQ(p1_.PathFilestatGet(mem(), 3, 0, 1000, P("sub/inner.txt"), 400), Errno::Success);
  EXPECT_EQ(mem().Load<Filestat>(400)->size, 5u);
  EXPECT_EQ(p1_.FdReaddir(mem(), 3, 4000, 1024, 0, 200), Errno::Success);
  EXPECT_GT(U32(200), 0u);
  ExpectUnchanged();
}

TEST_F(ReadOnlyTest, RightsCannotBeRegained) {
  EXPECT_EQ(p1_.FdFdstatSetRights(mem(), 3, kRightsDirectory, kRightsDirectoryInheriting),
            Errno::Notcapable);
}

TEST_F(HostFeaturesTest, GrantedRightsDecideTheOpenMode) {
  // An ordinary preopen whose inheriting rights were narrowed: a file asked for with FD_WRITE
  // is opened read-only because FD_WRITE is not granted.
  ASSERT_TRUE(ctx_.PreopenDir(tree_.sandbox(), "/w").has_value());  // fd 3
  const Rights narrowed =
      kRightsDirectoryInheriting & ~kRightFdWrite & ~kRightFdAllocate & ~kRightFdFilestatSetSize;
  ASSERT_EQ(p1_.FdFdstatSetRights(mem(), 3, kRightsDirectory, narrowed), Errno::Success);
  ASSERT_EQ(Open("file.txt", 0, kRightsAll), Errno::Success);
  uint32_t fd = OpenedFd();
  EXPECT_EQ(::fcntl((*ctx_.fds().Get(fd))->host, F_GETFL) & O_ACCMODE, O_RDONLY);
  EXPECT_EQ(p1_.FdWrite(mem(), fd, PutIov("x"), 1, 200), Errno::Notcapable);
  EXPECT_EQ(ReadHost(tree_.sandbox() + "/file.txt"), "original");
}

// ---- path_symlink policy

TEST_F(HostFeaturesTest, SymlinkTargetsMayNotClimbOrBeAbsolute) {
  ASSERT_TRUE(ctx_.PreopenDir(tree_.sandbox(), "/w").has_value());  // fd 3
  auto link = [&](const std::string& target, const std::string& name) {
    uint32_t a = P(target), b = P2(name);
    return p1_.PathSymlink(mem(), 1000, a, 3, 1200, b);
  };
  EXPECT_EQ(link("/etc/passwd", "l1"), Errno::Notcapable);
  EXPECT_EQ(link("..", "l2"), Errno::Notcapable);
  EXPECT_EQ(link("../x", "l3"), Errno::Notcapable);
  EXPECT_EQ(link("sub/../../x", "l4"), Errno::Notcapable);
  EXPECT_EQ(link("sub/..", "sub/l5"), Errno::Notcapable);  // would stay inside, still refused
  EXPECT_EQ(link("a/..b/..c.", "l6"), Errno::Success);     // names that merely contain dots
  EXPECT_EQ(link("sub/inner.txt", "l7"), Errno::Success);
  EXPECT_EQ(link("./file.txt", "l8"), Errno::Success);
  for (const char* refused : {"l1", "l2", "l3", "l4", "sub/l5"}) {
    EXPECT_FALSE(tree_.Exists(refused)) << refused;
  }
  EXPECT_TRUE(tree_.Exists("l7"));
}

// ---- in-memory stdio

TEST_F(HostFeaturesTest, StdinFromBytes) {
  ctx_.SetStdioStream(0, MemoryStream::Input({'a', 'b', 'c', 'd', 'e'}));
  Iovec two[2] = {{3100, 2}, {3200, 2}};
  ASSERT_EQ(mem().Store(3000, two), Errno::Success);
  ASSERT_EQ(p1_.FdRead(mem(), 0, 3000, 2, 200), Errno::Success);
  EXPECT_EQ(U32(200), 4u);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(at(3100)), 2), "ab");
  EXPECT_EQ(std::string(reinterpret_cast<char*>(at(3200)), 2), "cd");
  ASSERT_EQ(p1_.FdRead(mem(), 0, 3000, 2, 200), Errno::Success);
  EXPECT_EQ(U32(200), 1u);
  ASSERT_EQ(p1_.FdRead(mem(), 0, 3000, 2, 200), Errno::Success);
  EXPECT_EQ(U32(200), 0u);  // end of file
  EXPECT_EQ(p1_.FdWrite(mem(), 0, 3000, 1, 200), Errno::Notcapable);
  EXPECT_EQ(p1_.FdSeek(mem(), 0, 0, kWhenceSet, 200), Errno::Notcapable);
  ASSERT_EQ(p1_.FdFilestatGet(mem(), 0, 400), Errno::Success);
  EXPECT_EQ(p1_.FdFdstatGet(mem(), 0, 400), Errno::Success);
  EXPECT_EQ(mem().Load<Fdstat>(400)->fs_filetype, uint8_t(Filetype::Unknown));
}

TEST_F(HostFeaturesTest, StdoutIntoABoundedSink) {
  std::string got;
  const size_t limit = 6;
  ctx_.SetStdioStream(1, MemoryStream::Output([&](std::span<const uint8_t> d) {
                        size_t n = std::min(d.size(), limit - got.size());
                        got.append(reinterpret_cast<const char*>(d.data()), n);
                        return n;
                      }));
  ASSERT_EQ(p1_.FdWrite(mem(), 1, PutIov("abcd"), 1, 200), Errno::Success);
  EXPECT_EQ(U32(200), 4u);
  ASSERT_EQ(p1_.FdWrite(mem(), 1, PutIov("efgh"), 1, 200), Errno::Success);
  EXPECT_EQ(U32(200), 2u);  // a short write at the limit
  EXPECT_EQ(p1_.FdWrite(mem(), 1, PutIov("ijkl"), 1, 200), Errno::Fbig);
  EXPECT_EQ(got, "abcdef");
  EXPECT_EQ(p1_.FdRead(mem(), 1, 3000, 1, 200), Errno::Notcapable);
}

TEST_F(HostFeaturesTest, PollSeesMemoryStreamsReady) {
  ctx_.SetStdioStream(0, MemoryStream::Input({'x', 'y'}));
  Subscription s{};
  s.userdata = 77;
  s.tag = kEventFdRead;
  s.u.id = 0;
  ASSERT_EQ(mem().Store(100, s), Errno::Success);
  ASSERT_EQ(p1_.PollOneoff(mem(), 100, 400, 1, 600), Errno::Success);
  EXPECT_EQ(U32(600), 1u);
  Event ev = *mem().Load<Event>(400);
  EXPECT_EQ(ev.userdata, 77u);
  EXPECT_EQ(ev.error, Errno::Success);
  EXPECT_EQ(ev.nbytes, 2u);
}

// ---- wasi_unstable (preview 0)

TEST_F(HostFeaturesTest, Preview0WhenceOrder) {
  ASSERT_TRUE(ctx_.PreopenDir(tree_.sandbox(), "/w").has_value());
  ASSERT_EQ(Open("file.txt", 0, kRightsAll), Errno::Success);  // "original"
  uint32_t fd = OpenedFd();
  ASSERT_EQ(p1_.P0FdSeek(mem(), fd, 3, 2, 200), Errno::Success);  // set
  EXPECT_EQ(U64(200), 3u);
  ASSERT_EQ(p1_.P0FdSeek(mem(), fd, 2, 0, 200), Errno::Success);  // cur
  EXPECT_EQ(U64(200), 5u);
  ASSERT_EQ(p1_.P0FdSeek(mem(), fd, static_cast<uint64_t>(-1), 1, 200), Errno::Success);  // end
  EXPECT_EQ(U64(200), 7u);
  EXPECT_EQ(p1_.P0FdSeek(mem(), fd, 0, 3, 200), Errno::Inval);
}

TEST_F(HostFeaturesTest, Preview0FilestatLayout) {
  ASSERT_TRUE(ctx_.PreopenDir(tree_.sandbox(), "/w").has_value());
  ASSERT_EQ(Open("file.txt", 0, kRightsAll), Errno::Success);
  std::memset(at(100), 0xAA, 80);
  ASSERT_EQ(p1_.P0FdFilestatGet(mem(), OpenedFd(), 100), Errno::Success);
  EXPECT_EQ(*at(116), uint8_t(Filetype::RegularFile));
  EXPECT_EQ(U32(120), 1u);    // nlink: u32 at 20
  EXPECT_EQ(U64(124), 8u);    // size at 24
  EXPECT_EQ(*at(156), 0xAA);  // 56 bytes, nothing after
  struct stat st;
  ASSERT_EQ(::stat((tree_.sandbox() + "/file.txt").c_str(), &st), 0);
  EXPECT_EQ(U64(108), static_cast<uint64_t>(st.st_ino));
  std::memset(at(100), 0xAA, 80);
  ASSERT_EQ(p1_.P0PathFilestatGet(mem(), 3, 0, 1000, P("sub/inner.txt"), 100), Errno::Success);
  EXPECT_EQ(U64(124), 5u);
  EXPECT_EQ(*at(156), 0xAA);
  // The bound is 56 bytes, not preview1's 64.
  EXPECT_EQ(p1_.P0PathFilestatGet(mem(), 3, 0, 1000, P("file.txt"), 65536 - 56), Errno::Success);
  EXPECT_EQ(p1_.P0PathFilestatGet(mem(), 3, 0, 1000, P("file.txt"), 65536 - 55), Errno::Fault);
}

TEST_F(HostFeaturesTest, Preview0PollSubscriptionLayout) {
  // Two 56-byte subscriptions: a clock (identifier at 16, clock id at 24, timeout at 32) and
  // an fd_write on a memory stream (fd at 16).
  ctx_.SetStdioStream(1, MemoryStream::Output([](std::span<const uint8_t> d) { return d.size(); }));
  std::memset(at(100), 0, 112);
  uint64_t ud1 = 11, ud2 = 22, ident = 0xdeadbeef, timeout = 10'000'000'000;  // 10 s
  uint32_t monotonic = kClockMonotonic, fd = 1;
  std::memcpy(at(100), &ud1, 8);
  *at(108) = kEventClock;
  std::memcpy(at(116), &ident, 8);
  std::memcpy(at(124), &monotonic, 4);
  std::memcpy(at(132), &timeout, 8);
  std::memcpy(at(156), &ud2, 8);
  *at(164) = kEventFdWrite;
  std::memcpy(at(172), &fd, 4);
  ASSERT_EQ(p1_.P0PollOneoff(mem(), 100, 400, 2, 600), Errno::Success);
  ASSERT_EQ(U32(600), 1u);
  Event ev = *mem().Load<Event>(400);
  EXPECT_EQ(ev.userdata, 22u);  // the fd event is ready at once
  EXPECT_EQ(ev.type, kEventFdWrite);
  EXPECT_EQ(ev.error, Errno::Success);
  // A clock alone fires after its timeout (now 1 us).
  timeout = 1000;
  std::memcpy(at(132), &timeout, 8);
  ASSERT_EQ(p1_.P0PollOneoff(mem(), 100, 400, 1, 600), Errno::Success);
  EXPECT_EQ(U32(600), 1u);
  ev = *mem().Load<Event>(400);
  EXPECT_EQ(ev.userdata, 11u);
  EXPECT_EQ(ev.type, kEventClock);
  EXPECT_EQ(ev.error, Errno::Success);
  // A bad clock id (what preview1's layout would read at 16: the identifier) is EINVAL.
  uint32_t bad = 9;
  std::memcpy(at(124), &bad, 4);
  ASSERT_EQ(p1_.P0PollOneoff(mem(), 100, 400, 1, 600), Errno::Success);
  EXPECT_EQ(mem().Load<Event>(400)->error, Errno::Inval);
}

TEST_F(HostFeaturesTest, Preview0FdstatHasNoSockAcceptRight) {
  ASSERT_TRUE(ctx_.PreopenDir(tree_.sandbox(), "/w").has_value());
  Descriptor* d = *ctx_.fds().Get(3);
  d->inheriting |= kRightSockAccept;
  ASSERT_EQ(p1_.P0FdFdstatGet(mem(), 3, 100), Errno::Success);
  EXPECT_EQ(mem().Load<Fdstat>(100)->fs_rights_inheriting & kRightSockAccept, 0u);
  ASSERT_EQ(p1_.FdFdstatGet(mem(), 3, 100), Errno::Success);
  EXPECT_NE(mem().Load<Fdstat>(100)->fs_rights_inheriting & kRightSockAccept, 0u);
}

}  // namespace
}  // namespace wr::wasi
