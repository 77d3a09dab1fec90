// path_*: every operation resolves its guest path through PathResolver, then acts with an
// *at() call on the resolved parent directory and last component.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/errno_map.h"
#include "wasi/path_resolver.h"
#include "wasi/preview1_impl.h"

namespace wr::wasi {
namespace {

constexpr Rights kWriteRights =
    kRightFdDatasync | kRightFdWrite | kRightFdAllocate | kRightFdFilestatSetSize;
constexpr Rights kReadRights = kRightFdRead | kRightFdReaddir;

bool EndsWithSlash(std::string_view p) {
  return !p.empty() && p.back() == '/';
}

}  // namespace

WasiResult<ResolvedPath> Preview1::Resolve(M m, uint32_t fd, Rights rights, uint32_t path,
                                           uint32_t path_len, bool follow) {
  WR_TRY(Descriptor * d, ctx_.fds().Get(fd));
  if (!d->is_dir()) return Fail(Errno::Notdir);
  if ((d->base & rights) != rights) return Fail(Errno::Notcapable);
  WR_TRY(std::string_view p, m.Path(path, path_len));
  return PathResolver::Resolve(d->host, p, follow);
}

Errno Preview1::PathOpen(M m, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len,
                         uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting,
                         uint32_t fdflags, uint32_t fd_out) {
  WR_WASI_TRY(Descriptor * dir, ctx_.fds().Get(fd));
  if (!dir->is_dir()) return Errno::Notdir;
  Rights need = kRightPathOpen;
  if (oflags & kOflagCreat) need |= kRightPathCreateFile;
  if (oflags & kOflagTrunc) need |= kRightPathFilestatSetSize;
  if ((dir->base & need) != need) return Errno::Notcapable;
  if (oflags & ~uint32_t{0xf}) return Errno::Inval;
  if (fdflags & ~uint32_t{kFdflagsAll}) return Errno::Inval;
  WR_WASI_TRY(std::string_view p, m.Path(path, path_len));
  if (!m.InBounds(fd_out, 4)) return Errno::Fault;

  int flags = 0;
  bool want_write = (rights_base & kWriteRights) != 0 || (fdflags & kFdflagAppend) != 0;
  bool want_read = (rights_base & kReadRights) != 0;
  if (oflags & kOflagDirectory) {
    // A directory cannot be written (POSIX: EISDIR); wasmtime reports the same.
    if (rights_base & kRightFdWrite) return Errno::Isdir;
    flags |= O_DIRECTORY | O_RDONLY;
    want_write = false;
  } else if (want_write) {
    flags |= want_read ? O_RDWR : O_WRONLY;
  } else {
    flags |= O_RDONLY;
  }
  if (oflags & kOflagCreat) flags |= O_CREAT;
  if (oflags & kOflagExcl) flags |= O_EXCL;
  if (oflags & kOflagTrunc) flags |= O_TRUNC;
  if (fdflags & kFdflagAppend) flags |= O_APPEND;
  if (fdflags & kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & kFdflagSync) flags |= O_SYNC;
  if (fdflags & kFdflagRsync) flags |= O_RSYNC;

  bool follow = (dirflags & kLookupSymlinkFollow) != 0 || EndsWithSlash(p);
  // O_CREAT|O_EXCL must fail on an existing symlink rather than create its target.
  if ((oflags & (kOflagCreat | kOflagExcl)) == (kOflagCreat | kOflagExcl)) follow = false;
  int host_dir = dir->host;
  Rights dir_inheriting = dir->inheriting;

  auto opened = PathResolver::Open(host_dir, p, follow, flags, 0666);
  if (!opened) return opened.error();
  UniqueFd file = std::move(opened).value();
  struct stat st;
  if (::fstat(file.get(), &st) != 0) return LastErrno();

  Descriptor nd;
  nd.type = FiletypeFromMode(st.st_mode);
  nd.host = file.get();
  nd.owned = std::move(file);
  if (nd.is_dir()) {
    nd.base = rights_base & kRightsDirectory & dir_inheriting;
    nd.inheriting = rights_inheriting & dir_inheriting;
  } else {
    nd.base = rights_base & kRightsRegularFile & dir_inheriting;
    nd.inheriting = 0;
    if (!want_write) nd.base &= ~kWriteRights;
    if ((flags & O_ACCMODE) == O_WRONLY) nd.base &= ~kReadRights;
  }
  WR_WASI_TRY(uint32_t new_fd, ctx_.fds().Insert(std::move(nd)));
  return m.Store<uint32_t>(fd_out, new_fd);
}

Errno Preview1::PathCreateDirectory(M m, uint32_t fd, uint32_t path, uint32_t path_len) {
  WR_WASI_TRY(ResolvedPath r, Resolve(m, fd, kRightPathCreateDirectory, path, path_len, false));
  return ::mkdirat(r.dirfd, r.name.c_str(), 0777) == 0 ? Errno::Success : LastErrno();
}

Errno Preview1::PathFilestatGet(M m, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                                uint32_t stat_out) {
  bool follow = (flags & kLookupSymlinkFollow) != 0;
  WR_WASI_TRY(std::string_view p, m.Path(path, path_len));
  follow = follow || EndsWithSlash(p);
  WR_WASI_TRY(ResolvedPath r, Resolve(m, fd, kRightPathFilestatGet, path, path_len, follow));
  if (!m.InBounds(stat_out, sizeof(Filestat))) return Errno::Fault;
  struct stat st;
  if (::fstatat(r.dirfd, r.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return LastErrno();
  return m.Store(stat_out, FilestatFromStat(st));
}

Errno Preview1::PathFilestatSetTimes(M m, uint32_t fd, uint32_t flags, uint32_t path,
                                     uint32_t path_len, uint64_t atim, uint64_t mtim,
                                     uint32_t fst_flags) {
  bool follow = (flags & kLookupSymlinkFollow) != 0;
  WR_WASI_TRY(ResolvedPath r, Resolve(m, fd, kRightPathFilestatSetTimes, path, path_len, follow));
  return SetTimes(r.dirfd, r.name.c_str(), AT_SYMLINK_NOFOLLOW, atim, mtim, fst_flags);
}

Errno Preview1::PathLink(M m, uint32_t old_fd, uint32_t old_flags, uint32_t old_path,
                         uint32_t old_len, uint32_t new_fd, uint32_t new_path, uint32_t new_len) {
  bool follow = (old_flags & kLookupSymlinkFollow) != 0;
  WR_WASI_TRY(ResolvedPath from,
              Resolve(m, old_fd, kRightPathLinkSource, old_path, old_len, follow));
  WR_WASI_TRY(ResolvedPath to, Resolve(m, new_fd, kRightPathLinkTarget, new_path, new_len, false));
  int r = ::linkat(from.dirfd, from.name.c_str(), to.dirfd, to.name.c_str(), 0);
  return r == 0 ? Errno::Success : LastErrno();
}

Errno Preview1::PathReadlink(M m, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf,
                             uint32_t buf_len, uint32_t bufused_out) {
  WR_WASI_TRY(ResolvedPath r, Resolve(m, fd, kRightPathReadlink, path, path_len, false));
  WR_WASI_TRY(uint8_t * out, m.Bytes(buf, buf_len));
  if (!m.InBounds(bufused_out, 4)) return Errno::Fault;
  ssize_t n = ::readlinkat(r.dirfd, r.name.c_str(), reinterpret_cast<char*>(out), buf_len);
  if (n < 0) return LastErrno();
  return m.Store<uint32_t>(bufused_out, static_cast<uint32_t>(n));
}

Errno Preview1::PathRemoveDirectory(M m, uint32_t fd, uint32_t path, uint32_t path_len) {
  WR_WASI_TRY(ResolvedPath r, Resolve(m, fd, kRightPathRemoveDirectory, path, path_len, false));
  return ::unlinkat(r.dirfd, r.name.c_str(), AT_REMOVEDIR) == 0 ? Errno::Success : LastErrno();
}

Errno Preview1::PathRename(M m, uint32_t fd, uint32_t old_path, uint32_t old_len, uint32_t new_fd,
                           uint32_t new_path, uint32_t new_len) {
  WR_WASI_TRY(ResolvedPath from, Resolve(m, fd, kRightPathRenameSource, old_path, old_len, false));
  WR_WASI_TRY(ResolvedPath to,
              Resolve(m, new_fd, kRightPathRenameTarget, new_path, new_len, false));
  int r = ::renameat(from.dirfd, from.name.c_str(), to.dirfd, to.name.c_str());
  return r == 0 ? Errno::Success : LastErrno();
}

Errno Preview1::PathSymlink(M m, uint32_t old_path, uint32_t old_len, uint32_t fd,
                            uint32_t new_path, uint32_t new_len) {
  // The link's contents are not resolved now; any later resolution through the link is
  // confined like every other path (escaping targets give ENOTCAPABLE when followed).
  WR_WASI_TRY(std::string_view target, m.Path(old_path, old_len));
  // An absolute target could never be followed inside the sandbox; refuse it up front.
  if (!target.empty() && target.front() == '/') return Errno::Notcapable;
  std::string target_str(target);
  WR_WASI_TRY(ResolvedPath r, Resolve(m, fd, kRightPathSymlink, new_path, new_len, false));
  return ::symlinkat(target_str.c_str(), r.dirfd, r.name.c_str()) == 0 ? Errno::Success
                                                                       : LastErrno();
}

Errno Preview1::PathUnlinkFile(M m, uint32_t fd, uint32_t path, uint32_t path_len) {
  WR_WASI_TRY(ResolvedPath r, Resolve(m, fd, kRightPathUnlinkFile, path, path_len, false));
  return ::unlinkat(r.dirfd, r.name.c_str(), 0) == 0 ? Errno::Success : LastErrno();
}

}  // namespace wr::wasi
