#include "wasi/path_resolver.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <vector>

#include "wasi/errno_map.h"

#if defined(__linux__)
#include <sys/syscall.h>
#if defined(SYS_openat2)
#include <linux/openat2.h>
#define WR_HAVE_OPENAT2 1
#endif
#endif

namespace wr::wasi {
namespace {

std::atomic<bool> g_fast_path{true};

// Appends the components of `path` to `work` in reverse order (the work list is consumed
// from the back). Empty components (from "a//b" or a trailing '/') are dropped.
void PushComponents(std::vector<std::string>& work, std::string_view path) {
  size_t end = path.size();
  while (end > 0) {
    size_t slash = path.rfind('/', end - 1);
    size_t start = slash == std::string_view::npos ? 0 : slash + 1;
    if (end > start) work.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    end = slash;
  }
}

// readlinkat into a string. Returns the errno (0 on success): EINVAL means "not a symlink".
int ReadLink(int dirfd, const std::string& name, std::string& out) {
  size_t cap = 256;
  for (;;) {
    out.resize(cap);
    ssize_t n = ::readlinkat(dirfd, name.c_str(), out.data(), cap);
    if (n < 0) return errno;
    if (static_cast<size_t>(n) < cap) {
      out.resize(static_cast<size_t>(n));
      return 0;
    }
    if (cap >= kMaxPathLen) return ENAMETOOLONG;
    cap *= 4;
  }
}

}  // namespace

void PathResolver::SetFastPathEnabled(bool enabled) {
  g_fast_path.store(enabled);
}
bool PathResolver::FastPathEnabled() {
  return g_fast_path.load();
}

WasiResult<ResolvedPath> PathResolver::Resolve(int base, std::string_view path, bool follow_final) {
  if (path.empty()) return Fail(Errno::Noent);
  if (path.front() == '/') return Fail(Errno::Notcapable);

  bool trailing_slash = path.back() == '/';
  std::vector<std::string> work;
  PushComponents(work, path);
  std::vector<UniqueFd> stack;  // directories opened below `base`; the top is the current one
  int symlinks_left = kMaxSymlinks;
  std::string target;

  auto top = [&] { return stack.empty() ? base : stack.back().get(); };
  auto finish = [&](std::string name) {
    ResolvedPath r;
    r.dirfd = top();
    r.name = std::move(name);
    if (!stack.empty()) r.owned = std::move(stack.back());
    return r;
  };

  while (!work.empty()) {
    std::string comp = std::move(work.back());
    work.pop_back();
    bool last = work.empty();
    if (comp == ".") {
      if (last) return finish(".");
      continue;
    }
    if (comp == "..") {
      if (stack.empty()) return Fail(Errno::Notcapable);
      stack.pop_back();
      if (last) return finish(".");
      continue;
    }
    if (!last || follow_final) {
      int err = ReadLink(top(), comp, target);
      if (err == 0) {
        if (--symlinks_left < 0) return Fail(Errno::Loop);
        if (target.empty()) return Fail(Errno::Noent);
        if (target.front() == '/') return Fail(Errno::Notcapable);
        // A link that is the last component ends the path with its own trailing '/'.
        if (last && target.back() == '/') trailing_slash = true;
        PushComponents(work, target);
        if (work.empty()) return finish(".");  // unreachable: target is non-empty, relative
        continue;
      }
      if (err == ENOENT) {
        if (!last) return Fail(Errno::Noent);
      } else if (err != EINVAL) {
        return Fail(ErrnoFromHost(err));
      }
    }
    if (last) return finish(trailing_slash ? comp + "/" : comp);
    if (stack.size() >= kMaxPathDepth) return Fail(Errno::Nametoolong);
    int fd = ::openat(top(), comp.c_str(), DirPathOpenFlags());
    if (fd < 0) return Fail(LastErrno());
    stack.emplace_back(fd);
  }
  return finish(".");  // unreachable: a non-empty relative path has a component
}

WasiResult<UniqueFd> PathResolver::Open(int base, std::string_view path, bool follow_final,
                                        int flags, mode_t mode) {
  if (path.empty()) return Fail(Errno::Noent);
  if (path.front() == '/') return Fail(Errno::Notcapable);
  flags |= O_CLOEXEC;
#if defined(WR_HAVE_OPENAT2)
  if (g_fast_path.load(std::memory_order_relaxed)) {
    std::string cpath(path);
    struct open_how how = {};
    how.flags = static_cast<uint64_t>(flags | (follow_final ? 0 : O_NOFOLLOW));
    how.mode = (flags & O_CREAT) ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    for (int attempt = 0; attempt < 4; ++attempt) {
      long fd = ::syscall(SYS_openat2, base, cpath.c_str(), &how, sizeof(how));
      if (fd >= 0) return UniqueFd(static_cast<int>(fd));
      if (errno != EAGAIN) break;
    }
    int err = errno;
    if (err == ENOSYS) {
      g_fast_path.store(false);  // old kernel: never try again
    } else if (err == EXDEV) {
      return Fail(Errno::Notcapable);
    } else if (err != EPERM && err != EAGAIN) {
      return Fail(ErrnoFromHost(err));
    }
    // EPERM (perhaps a seccomp filter) or persistent EAGAIN: take the portable walk.
  }
#endif
  // The walk expands a final symlink itself when following, so the kernel never has to.
  WR_TRY(ResolvedPath r, Resolve(base, path, follow_final));
  int fd = ::openat(r.dirfd, r.name.c_str(), flags | O_NOFOLLOW, mode);
  if (fd < 0) return Fail(LastErrno());
  return UniqueFd(fd);
}

}  // namespace wr::wasi
