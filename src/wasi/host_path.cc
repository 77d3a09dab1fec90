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

// The rights that need a host descriptor opened for writing (write(2), fallocate(2) and
// ftruncate(2) fail on an O_RDONLY one; fdatasync(2) does not).
constexpr Rights kWriteRights = kRightFdWrite | kRightFdAllocate | kRightFdFilestatSetSize;
constexpr Rights kReadRights = kRightFdRead | kRightFdReaddir;

bool EndsWithSlash(std::string_view p) {
  return !p.empty() && p.back() == '/';
}

}  // namespace

WasiResult<ResolvedPath> Preview1::Resolve(M m, uint32_t fd, Rights rights, uint32_t path,
                                           uint32_t path_len, bool follow) {
  WR_TRY(Descriptor * d, ctx_.fds().Get(fd));
  if (!d->is_dir()) return Fail(Errno::Notdir);
  if (d->read_only && (rights & kRightsModifying) != 0) return Fail(Errno::Perm);
  if ((d->base & rights) != rights) return Fail(Errno::Notcapable);
  WR_TRY(std::string_view p, m.Path(path, path_len));
  return PathResolver::Resolve(d->host, p, follow);
}

Errno Preview1::PathOpen(M m, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len,
                         uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting,
                         uint32_t fdflags, uint32_t fd_out) {
  WR_WASI_TRY(Descriptor * dir, ctx_.fds().Get(fd));
  if (!dir->is_dir()) return Errno::Notdir;
  // Beneath a read-only preopen nothing may be created or truncated: EPERM, as wasmtime
  // (docs/WASI.md). Asking for write rights is not an error: they are masked away below like
  // any right the directory does not pass on, and the file is opened read-only.
  if (dir->read_only && (oflags & (kOflagCreat | kOflagExcl | kOflagTrunc)) != 0) {
    return Errno::Perm;
  }
  Rights need = kRightPathOpen;
  if (oflags & kOflagCreat) need |= kRightPathCreateFile;
  if (oflags & kOflagTrunc) need |= kRightPathFilestatSetSize;
  if ((dir->base & need) != need) return Errno::Notcapable;
  if (oflags & ~uint32_t{0xf}) return Errno::Inval;
  if (fdflags & ~uint32_t{kFdflagsAll}) return Errno::Inval;
  WR_WASI_TRY(std::string_view p, m.Path(path, path_len));
  if (!m.InBounds(fd_out, 4)) return Errno::Fault;

  int flags = 0;
  // The host file is opened for what the guest will be allowed to do: the rights it asked for
  // as masked by the directory's inheriting rights, never by the request alone (a directory
  // that passes on no write right never yields a writable host descriptor).
  const Rights granted = rights_base & dir->inheriting;
  bool want_write = (granted & kWriteRights) != 0;
  bool want_read = (granted & kReadRights) != 0;
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
  bool read_only = dir->read_only;

  auto opened = PathResolver::Open(host_dir, p, follow, flags, 0666);
  if (!opened) return opened.error();
  UniqueFd file = std::move(opened).value();
  struct stat st;
  if (::fstat(file.get(), &st) != 0) return LastErrno();

  Descriptor nd;
  nd.type = FiletypeFromMode(st.st_mode);
  nd.host = file.get();
  nd.owned = std::move(file);
  nd.read_only = read_only;
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

WasiResult<Filestat> Preview1::PathFilestat(M m, uint32_t fd, uint32_t flags, uint32_t path,
                                            uint32_t path_len, uint32_t stat_out,
                                            uint32_t stat_size) {
  bool follow = (flags & kLookupSymlinkFollow) != 0;
  WR_TRY(std::string_view p, m.Path(path, path_len));
  follow = follow || EndsWithSlash(p);
  WR_TRY(ResolvedPath r, Resolve(m, fd, kRightPathFilestatGet, path, path_len, follow));
  if (!m.InBounds(stat_out, stat_size)) return Fail(Errno::Fault);
  struct stat st;
  if (::fstatat(r.dirfd, r.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return Fail(LastErrno());
  return FilestatFromStat(st);
}

Errno Preview1::PathFilestatGet(M m, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                                uint32_t stat_out) {
  WR_WASI_TRY(Filestat fs, PathFilestat(m, fd, flags, path, path_len, stat_out, sizeof(Filestat)));
  return m.Store(stat_out, fs);
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

namespace {

// The symlink policy (docs/WASI.md): a guest may only create links that point down from where
// they stand: no absolute target, no `..` component. Resolution through any link is confined
// anyway (PathResolver), but the links stay on the host after the guest is gone, and a host
// tool that walks or archives the folder and follows links would be led out of it by an
// absolute or climbing one. Checking how far a `..` target climbs against the link's depth
// would not be enough: the guest could rename the link (or a directory holding it) to a
// shallower place afterwards. A target of plain names stays inside wherever the link moves.
bool SymlinkTargetAllowed(std::string_view target) {
  if (!target.empty() && target.front() == '/') return false;
  size_t start = 0;
  while (start <= target.size()) {
    size_t slash = target.find('/', start);
    size_t end = slash == std::string_view::npos ? target.size() : slash;
    if (target.substr(start, end - start) == "..") return false;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

}  // namespace

Errno Preview1::PathSymlink(M m, uint32_t old_path, uint32_t old_len, uint32_t fd,
                            uint32_t new_path, uint32_t new_len) {
  WR_WASI_TRY(std::string_view target, m.Path(old_path, old_len));
  std::string target_str(target);
  // The directory first (EBADF, ENOTDIR, EPERM under a read-only preopen), then the target.
  WR_WASI_TRY(ResolvedPath r, Resolve(m, fd, kRightPathSymlink, new_path, new_len, false));
  if (!SymlinkTargetAllowed(target_str)) return Errno::Notcapable;
  return ::symlinkat(target_str.c_str(), r.dirfd, r.name.c_str()) == 0 ? Errno::Success
                                                                       : LastErrno();
}

Errno Preview1::PathUnlinkFile(M m, uint32_t fd, uint32_t path, uint32_t path_len) {
  WR_WASI_TRY(ResolvedPath r, Resolve(m, fd, kRightPathUnlinkFile, path, path_len, false));
  return ::unlinkat(r.dirfd, r.name.c_str(), 0) == 0 ? Errno::Success : LastErrno();
}

}  // namespace wr::wasi
