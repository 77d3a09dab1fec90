#include "wasi/os.h"

#include <fcntl.h>
#include <unistd.h>

namespace wr::wasi {

void UniqueFd::Reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

Filetype FiletypeFromMode(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return Filetype::RegularFile;
    case S_IFDIR: return Filetype::Directory;
    case S_IFLNK: return Filetype::SymbolicLink;
    case S_IFCHR: return Filetype::CharacterDevice;
    case S_IFBLK: return Filetype::BlockDevice;
    // wasmtime reports sockets as stream sockets and FIFOs as unknown.
    case S_IFSOCK: return Filetype::SocketStream;
    default: return Filetype::Unknown;
  }
}

static Timestamp ToTimestamp(const struct timespec& ts) {
  if (ts.tv_sec < 0) return 0;
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

Filestat FilestatFromStat(const struct stat& st) {
  Filestat fs{};
  fs.dev = static_cast<uint64_t>(st.st_dev);
  fs.ino = static_cast<uint64_t>(st.st_ino);
  fs.filetype = static_cast<uint8_t>(FiletypeFromMode(st.st_mode));
  fs.nlink = static_cast<uint64_t>(st.st_nlink);
  fs.size = st.st_size < 0 ? 0 : static_cast<uint64_t>(st.st_size);
  fs.atim = ToTimestamp(st.st_atim);
  fs.mtim = ToTimestamp(st.st_mtim);
  fs.ctim = ToTimestamp(st.st_ctim);
  return fs;
}

int DirPathOpenFlags() {
#ifdef O_PATH
  return O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
#else
  return O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
#endif
}

}  // namespace wr::wasi
