// fd_*: operations on an open descriptor.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "wasi/errno_map.h"
#include "wasi/path_resolver.h"
#include "wasi/preview1_impl.h"

namespace wr::wasi {
namespace {

constexpr uint64_t kMaxOff = static_cast<uint64_t>(INT64_MAX);

Fdflags FdflagsFromHost(int fl) {
  Fdflags f = 0;
  if (fl & O_APPEND) f |= kFdflagAppend;
  if (fl & O_NONBLOCK) f |= kFdflagNonblock;
  if ((fl & O_SYNC) == O_SYNC) {
    f |= kFdflagSync;
  } else if (fl & O_DSYNC) {
    f |= kFdflagDsync;
  }
  return f;
}

// Reads the whole directory `dirfd` (through a fresh descriptor, so the guest's descriptor
// keeps its state) into a snapshot, "." and ".." included, as wasmtime reports them.
WasiResult<std::shared_ptr<std::vector<DirEntry>>> SnapshotDir(int dirfd) {
  int fd = ::openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Fail(LastErrno());
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    Errno e = LastErrno();
    ::close(fd);
    return Fail(e);
  }
  auto entries = std::make_shared<std::vector<DirEntry>>();
  for (;;) {
    errno = 0;
    struct dirent* de = ::readdir(dir);
    if (de == nullptr) {
      if (errno != 0) {
        Errno e = LastErrno();
        ::closedir(dir);
        return Fail(e);
      }
      break;
    }
    DirEntry e;
    e.ino = static_cast<uint64_t>(de->d_ino);
    e.name = de->d_name;
    switch (de->d_type) {
      case DT_REG: e.type = Filetype::RegularFile; break;
      case DT_DIR: e.type = Filetype::Directory; break;
      case DT_LNK: e.type = Filetype::SymbolicLink; break;
      case DT_CHR: e.type = Filetype::CharacterDevice; break;
      case DT_BLK: e.type = Filetype::BlockDevice; break;
      case DT_SOCK: e.type = Filetype::SocketStream; break;
      default: {
        struct stat st;
        if (::fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
          e.type = FiletypeFromMode(st.st_mode);
        }
        break;
      }
    }
    entries->push_back(std::move(e));
  }
  ::closedir(dir);
  return entries;
}

}  // namespace

Errno Preview1::FdAdvise(M /*m*/, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice) {
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd, kRightFdAdvise));
  if (advice > kAdviceNoreuse || offset > kMaxOff || len > kMaxOff) return Errno::Inval;
  if (d->is_dir()) return Errno::Badf;
#if defined(POSIX_FADV_NORMAL)
  static constexpr int kHost[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                  POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  int r =
      ::posix_fadvise(d->host, static_cast<off_t>(offset), static_cast<off_t>(len), kHost[advice]);
  // Advice is only a hint: pipes and the like refuse it (ESPIPE), which the guest need not
  // know about.
  if (r != 0 && r != ESPIPE) return ErrnoFromHost(r);
#endif
  return Errno::Success;
}

Errno Preview1::FdAllocate(M /*m*/, uint32_t fd, uint64_t offset, uint64_t len) {
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd, kRightFdAllocate));
  if (offset > kMaxOff || len > kMaxOff - offset) return Errno::Inval;
  if (d->is_dir()) return Errno::Badf;
  int r = ::posix_fallocate(d->host, static_cast<off_t>(offset), static_cast<off_t>(len));
  if (r == EOPNOTSUPP) return Errno::Notsup;
  return ErrnoFromHost(r);
}

Errno Preview1::FdClose(M /*m*/, uint32_t fd) {
  return ctx_.fds().Close(fd);
}

Errno Preview1::FdDatasync(M /*m*/, uint32_t fd) {
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd, kRightFdDatasync));
#if defined(__APPLE__)
  int r = ::fsync(d->host);
#else
  int r = ::fdatasync(d->host);
#endif
  return r == 0 ? Errno::Success : LastErrno();
}

Errno Preview1::FdSync(M /*m*/, uint32_t fd) {
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd, kRightFdSync));
  return ::fsync(d->host) == 0 ? Errno::Success : LastErrno();
}

Errno Preview1::FdFdstatGet(M m, uint32_t fd, uint32_t stat_out) {
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd));
  Fdstat st{};
  st.fs_filetype = static_cast<uint8_t>(d->type);
  if (!d->is_dir()) {
    int fl = ::fcntl(d->host, F_GETFL);
    if (fl >= 0) st.fs_flags = FdflagsFromHost(fl);
  }
  st.fs_rights_base = d->base;
  st.fs_rights_inheriting = d->inheriting;
  return m.Store(stat_out, st);
}

Errno Preview1::FdFdstatSetFlags(M /*m*/, uint32_t fd, uint32_t flags) {
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd, kRightFdFdstatSetFlags));
  if (flags & ~uint32_t{kFdflagsAll}) return Errno::Inval;
  // Only append and non-blocking can change on an open file on POSIX hosts.
  if (flags & (kFdflagDsync | kFdflagRsync | kFdflagSync)) return Errno::Notsup;
  if (d->is_dir()) return flags == 0 ? Errno::Success : Errno::Badf;
  int fl = ::fcntl(d->host, F_GETFL);
  if (fl < 0) return LastErrno();
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & kFdflagAppend) fl |= O_APPEND;
  if (flags & kFdflagNonblock) fl |= O_NONBLOCK;
  return ::fcntl(d->host, F_SETFL, fl) == 0 ? Errno::Success : LastErrno();
}

Errno Preview1::FdFdstatSetRights(M /*m*/, uint32_t fd, uint64_t base, uint64_t inheriting) {
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd));
  // Rights only ever shrink.
  if ((base & ~d->base) != 0 || (inheriting & ~d->inheriting) != 0) return Errno::Notcapable;
  d->base = base;
  d->inheriting = inheriting;
  return Errno::Success;
}

WasiResult<Filestat> Preview1::FdFilestat(uint32_t fd) {
  WR_TRY(Descriptor * d, ctx_.fds().Get(fd, kRightFdFilestatGet));
  if (d->stream) return Filestat{};  // in-memory stdio: nothing on the host to describe
  struct stat st;
  if (::fstat(d->host, &st) != 0) return Fail(LastErrno());
  Filestat fs = FilestatFromStat(st);
  // A descriptor keeps the type it was opened as (stdio on a terminal reports a character
  // device either way).
  if (d->type != Filetype::Unknown) fs.filetype = static_cast<uint8_t>(d->type);
  return fs;
}

Errno Preview1::FdFilestatGet(M m, uint32_t fd, uint32_t stat_out) {
  WR_WASI_TRY(Filestat fs, FdFilestat(fd));
  return m.Store(stat_out, fs);
}

Errno Preview1::FdFilestatSetSize(M /*m*/, uint32_t fd, uint64_t size) {
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd, kRightFdFilestatSetSize));
  if (size > kMaxOff) return Errno::Inval;
  return ::ftruncate(d->host, static_cast<off_t>(size)) == 0 ? Errno::Success : LastErrno();
}

Errno Preview1::FdFilestatSetTimes(M /*m*/, uint32_t fd, uint64_t atim, uint64_t mtim,
                                   uint32_t fst_flags) {
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd, kRightFdFilestatSetTimes));
  return SetTimes(d->host, nullptr, 0, atim, mtim, fst_flags);
}

Errno Preview1::SetTimes(int dirfd, const char* name, int at_flags, uint64_t atim, uint64_t mtim,
                         uint32_t fst_flags) {
  if (fst_flags & ~uint32_t{0xf}) return Errno::Inval;
  if ((fst_flags & kFstflagAtim) && (fst_flags & kFstflagAtimNow)) return Errno::Inval;
  if ((fst_flags & kFstflagMtim) && (fst_flags & kFstflagMtimNow)) return Errno::Inval;
  auto to_ts = [](uint64_t ns, bool set, bool now) {
    struct timespec ts = {};
    if (now) {
      ts.tv_nsec = UTIME_NOW;
    } else if (set) {
      ts.tv_sec = static_cast<time_t>(ns / 1000000000u);
      ts.tv_nsec = static_cast<long>(ns % 1000000000u);
    } else {
      ts.tv_nsec = UTIME_OMIT;
    }
    return ts;
  };
  struct timespec times[2] = {to_ts(atim, fst_flags & kFstflagAtim, fst_flags & kFstflagAtimNow),
                              to_ts(mtim, fst_flags & kFstflagMtim, fst_flags & kFstflagMtimNow)};
  int r = name == nullptr ? ::futimens(dirfd, times) : ::utimensat(dirfd, name, times, at_flags);
  return r == 0 ? Errno::Success : LastErrno();
}

Errno Preview1::ReadWrite(M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                          const uint64_t* offset, bool write, uint32_t count_out) {
  Rights need = write ? kRightFdWrite : kRightFdRead;
  if (offset != nullptr) need |= kRightFdSeek;
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd, need));
  if (d->is_dir()) return Errno::Isdir;
  if (offset != nullptr && *offset > kMaxOff) return Errno::Inval;
  if (!m.InBounds(count_out, 4)) return Errno::Fault;
  WR_WASI_TRY(std::vector<struct iovec> v, m.Iovecs(iovs, iovs_len));
  // Guest sizes are 32-bit: never report more than fits (the kernel caps one call at
  // 2 GiB on Linux anyway).
  uint64_t total = 0;
  size_t n = 0;
  for (; n < v.size(); ++n) {
    if (total + v[n].iov_len > UINT32_MAX) break;
    total += v[n].iov_len;
  }
  v.resize(n);
  if (d->stream) return StreamReadWrite(m, *d->stream, v, write, count_out);
  ssize_t r;
  int iovcnt = static_cast<int>(v.size());
  if (offset == nullptr) {
    r = write ? ::writev(d->host, v.data(), iovcnt) : ::readv(d->host, v.data(), iovcnt);
  } else {
    off_t off = static_cast<off_t>(*offset);
    r = write ? ::pwritev(d->host, v.data(), iovcnt, off)
              : ::preadv(d->host, v.data(), iovcnt, off);
  }
  if (r < 0) return LastErrno();
  return m.Store<uint32_t>(count_out, static_cast<uint32_t>(r));
}

Errno Preview1::StreamReadWrite(M m, MemoryStream& stream, const std::vector<struct iovec>& v,
                                bool write, uint32_t count_out) {
  if (write == stream.is_input()) return Errno::Badf;  // unreachable: rights say which way
  uint64_t total = 0;
  for (const struct iovec& io : v) {
    auto* p = static_cast<uint8_t*>(io.iov_base);
    size_t n;
    if (write) {
      auto w = stream.Write({p, io.iov_len});
      // A full sink after some bytes went through: report those (a short write).
      if (!w)
        return total > 0 ? m.Store<uint32_t>(count_out, static_cast<uint32_t>(total)) : w.error();
      n = *w;
    } else {
      n = stream.Read({p, io.iov_len});
    }
    total += n;
    if (n < io.iov_len) break;
  }
  return m.Store<uint32_t>(count_out, static_cast<uint32_t>(total));
}

Errno Preview1::FdRead(M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_out) {
  return ReadWrite(m, fd, iovs, iovs_len, nullptr, false, nread_out);
}

Errno Preview1::FdWrite(M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten_out) {
  return ReadWrite(m, fd, iovs, iovs_len, nullptr, true, nwritten_out);
}

Errno Preview1::FdPread(M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
                        uint32_t nread_out) {
  return ReadWrite(m, fd, iovs, iovs_len, &offset, false, nread_out);
}

Errno Preview1::FdPwrite(M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
                         uint32_t nwritten_out) {
  return ReadWrite(m, fd, iovs, iovs_len, &offset, true, nwritten_out);
}

Errno Preview1::FdPrestatGet(M m, uint32_t fd, uint32_t prestat_out) {
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd));
  if (!d->preopen) return Errno::Badf;
  Prestat p{};
  p.tag = kPreopentypeDir;
  p.pr_name_len = static_cast<uint32_t>(d->preopen_name.size());
  return m.Store(prestat_out, p);
}

Errno Preview1::FdPrestatDirName(M m, uint32_t fd, uint32_t path, uint32_t path_len) {
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd));
  if (!d->preopen) return Errno::Badf;
  if (path_len < d->preopen_name.size()) return Errno::Nametoolong;
  WR_WASI_TRY(uint8_t * dst, m.Bytes(path, d->preopen_name.size()));
  std::memcpy(dst, d->preopen_name.data(), d->preopen_name.size());
  return Errno::Success;
}

Errno Preview1::FdReaddir(M m, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie,
                          uint32_t bufused_out) {
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd, kRightFdReaddir));
  if (!d->is_dir()) return Errno::Notdir;
  WR_WASI_TRY(uint8_t * out, m.Bytes(buf, buf_len));
  if (!m.InBounds(bufused_out, 4)) return Errno::Fault;
  if (cookie == kDircookieStart || !d->dir_snapshot) {
    WR_WASI_TRY(d->dir_snapshot, SnapshotDir(d->host));
  }
  const std::vector<DirEntry>& entries = *d->dir_snapshot;
  uint64_t used = 0;
  for (uint64_t i = cookie; i < entries.size() && used < buf_len; ++i) {
    const DirEntry& e = entries[i];
    Dirent de{};
    de.d_next = i + 1;
    de.d_ino = e.ino;
    de.d_namlen = static_cast<uint32_t>(e.name.size());
    de.d_type = static_cast<uint8_t>(e.type);
    // Entries that do not fit are truncated: the guest sees bufused == buf_len and retries
    // from the last complete entry's d_next with a bigger buffer.
    uint64_t n = std::min<uint64_t>(sizeof(de), buf_len - used);
    std::memcpy(out + used, &de, n);
    used += n;
    n = std::min<uint64_t>(e.name.size(), buf_len - used);
    std::memcpy(out + used, e.name.data(), n);
    used += n;
  }
  return m.Store<uint32_t>(bufused_out, static_cast<uint32_t>(used));
}

Errno Preview1::FdRenumber(M /*m*/, uint32_t fd, uint32_t to) {
  return ctx_.fds().Renumber(fd, to);
}

Errno Preview1::FdSeek(M m, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset_out) {
  Rights need = (whence == kWhenceCur && offset == 0) ? kRightFdTell : kRightFdSeek;
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd));
  if ((d->base & need) != need && (d->base & kRightFdSeek) == 0) return Errno::Notcapable;
  if (d->is_dir()) return Errno::Isdir;
  int host_whence;
  switch (whence) {
    case kWhenceSet: host_whence = SEEK_SET; break;
    case kWhenceCur: host_whence = SEEK_CUR; break;
    case kWhenceEnd: host_whence = SEEK_END; break;
    default: return Errno::Inval;
  }
  if (!m.InBounds(newoffset_out, 8)) return Errno::Fault;
  // The offset is a signed filedelta in an i64.
  off_t r = ::lseek(d->host, static_cast<off_t>(static_cast<int64_t>(offset)), host_whence);
  if (r < 0) return LastErrno();
  return m.Store<uint64_t>(newoffset_out, static_cast<uint64_t>(r));
}

Errno Preview1::FdTell(M m, uint32_t fd, uint32_t offset_out) {
  WR_WASI_TRY(Descriptor * d, ctx_.fds().Get(fd, kRightFdTell));
  if (d->is_dir()) return Errno::Isdir;
  if (!m.InBounds(offset_out, 8)) return Errno::Fault;
  off_t r = ::lseek(d->host, 0, SEEK_CUR);
  if (r < 0) return LastErrno();
  return m.Store<uint64_t>(offset_out, static_cast<uint64_t>(r));
}

}  // namespace wr::wasi
