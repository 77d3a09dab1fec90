// PathResolver: the only place that turns a guest path into host file operations.
//
// A guest path is always relative to a directory descriptor (a preopen or a directory opened
// from one) and must never name anything outside it:
//
//   base/                     Resolve(base, "a/b/../c/d")
//   ├── a/      (dir)           "a"  openat(base, "a", O_PATH|O_DIRECTORY|O_NOFOLLOW) -> push
//   │   ├── b/  (dir)           "b"  openat(a, "b", ...)                          -> push
//   │   └── c -> b  (symlink)   ".." pop (popping `base` itself is an escape: ENOTCAPABLE)
//   └── ...                     "c"  readlinkat(a, "c") = "b": splice "b" into the work list
//                               "d"  last component: returned as {dirfd = a/b, name = "d"}
//
// Rules (cap-std's and WAMR's, checked by tests/unit/wasi/path_resolver_test.cc):
//   - empty path: ENOENT; absolute path, `..` above the base, an absolute symlink target, or a
//     relative one that climbs above the base: ENOTCAPABLE;
//   - every intermediate component is opened with O_NOFOLLOW, so the kernel never follows a
//     symlink on our behalf; symlinks are expanded here, at most kMaxSymlinks times (ELOOP);
//   - nothing is ever resolved against the host's current directory or root;
//   - the last component is followed only when asked (callers ask for paths ending in '/'
//     where POSIX follows them: open, stat); a trailing '/' is kept on the returned name so
//     the kernel still checks "must be a directory";
//   - mutations (unlink, rename, mkdir, link, symlink, ...) go through the returned parent
//     dirfd and an *at() call on the last component, never following it.
// On Linux, Open() first tries openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS), which the
// kernel enforces atomically; ENOSYS latches it off, EPERM (seccomp) falls back for the call,
// EAGAIN is retried.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "wasi/guest_memory.h"
#include "wasi/os.h"

namespace wr::wasi {

inline constexpr int kMaxSymlinks = 40;
inline constexpr size_t kMaxPathDepth = 256;  // directories held open during one walk

struct ResolvedPath {
  int dirfd = -1;    // directory for the *at() call: `owned` or the base
  std::string name;  // last component, "." for the directory itself; may end in one '/'
  UniqueFd owned;    // keeps dirfd open when it is not the base
};

class PathResolver {
 public:
  // Resolves `path` beneath `base` down to its parent directory and last component.
  static WasiResult<ResolvedPath> Resolve(int base, std::string_view path, bool follow_final);

  // Opens `path` beneath `base` with open(2) `flags` (O_CLOEXEC is added; the last component
  // is not followed unless `follow_final`).
  static WasiResult<UniqueFd> Open(int base, std::string_view path, bool follow_final, int flags,
                                   mode_t mode);

  // For tests: turn the openat2 fast path off/on (it is on where the kernel has it).
  static void SetFastPathEnabled(bool enabled);
  static bool FastPathEnabled();
};

}  // namespace wr::wasi
