#include "wasi/ctx.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace wr::wasi {

namespace {

Descriptor StdioDescriptor(int host_fd) {
  Descriptor d;
  d.host = host_fd;
  struct stat st;
  if (::fstat(host_fd, &st) == 0) {
    d.type = FiletypeFromMode(st.st_mode);
  }
  if (::isatty(host_fd)) {
    // wasi-libc's isatty(): a character device without seek/tell rights.
    d.type = Filetype::CharacterDevice;
    d.base = kRightsTty;
  } else {
    d.base = kRightsRegularFile;  // seeking a pipe fails in the host call (ESPIPE)
    if (d.type == Filetype::SocketStream) d.base |= kRightSockShutdown | kRightSockAccept;
  }
  d.inheriting = 0;
  return d;
}

}  // namespace

WasiCtx::WasiCtx() {
  for (uint32_t fd = 0; fd < 3; ++fd) fds_.InsertAt(fd, StdioDescriptor(static_cast<int>(fd)));
}

void WasiCtx::SetStdio(uint32_t guest_fd, int host_fd) {
  fds_.InsertAt(guest_fd, StdioDescriptor(host_fd));
}

void WasiCtx::SetStdioStream(uint32_t guest_fd, MemoryStream stream) {
  Descriptor d;
  // Not a character device: wasi-libc's isatty() is false, as for a pipe.
  d.type = Filetype::Unknown;
  d.base = (stream.is_input() ? kRightFdRead : kRightFdWrite) | kRightPollFdReadwrite |
           kRightFdFilestatGet;
  d.stream = std::make_shared<MemoryStream>(std::move(stream));
  fds_.InsertAt(guest_fd, std::move(d));
}

Result<void> WasiCtx::PreopenDir(const std::string& host_path, std::string guest_name,
                                 bool read_only) {
  int fd = ::open(host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return MakeError(Phase::Io, Error::kNoOffset,
                     "cannot open directory '" + host_path + "': " + std::strerror(errno));
  }
  Descriptor d;
  d.owned = UniqueFd(fd);
  d.host = fd;
  d.type = Filetype::Directory;
  d.base = kRightsDirectory;
  d.inheriting = kRightsDirectoryInheriting;
  if (read_only) {
    d.base &= ~kRightsModifying;
    d.inheriting &= ~kRightsModifying;
    d.read_only = true;
  }
  d.preopen = true;
  d.preopen_name = std::move(guest_name);
  auto r = fds_.Insert(std::move(d));
  if (!r) return MakeError(Phase::Io, Error::kNoOffset, "too many preopened directories");
  return {};
}

}  // namespace wr::wasi
