// A hostile guest: every way out of the preopened directory must fail with the exact errno,
// and nothing outside may change. The runner puts "outside.txt" next to the sandbox root.
#include "wasi_check.h"

// The import itself, without wasi-libc's wrapper (which would strlen() the path first).
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open"))) int32_t
RawPathOpen(int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags,
            int64_t base, int64_t inheriting, int32_t fdflags, int32_t fd_out);

static void OpenFails(const char* path, __wasi_lookupflags_t follow, __wasi_errno_t expected) {
  __wasi_fd_t fd;
  __wasi_errno_t e =
      __wasi_path_open(SANDBOX_FD, follow, path, 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
  if (e != expected) {
    fprintf(stderr, "open %s: errno %d, expected %d\n", path, (int)e, (int)expected);
    exit(1);
  }
}

int main(void) {
  const __wasi_lookupflags_t FOLLOW = __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
  // `..` and absolute paths.
  OpenFails("../outside.txt", FOLLOW, __WASI_ERRNO_NOTCAPABLE);
  OpenFails("..", FOLLOW, __WASI_ERRNO_NOTCAPABLE);
  OpenFails("/etc/passwd", FOLLOW, __WASI_ERRNO_NOTCAPABLE);
  CHECK_OK(__wasi_path_create_directory(SANDBOX_FD, "d"));
  OpenFails("d/../../outside.txt", FOLLOW, __WASI_ERRNO_NOTCAPABLE);

  // Symlinks out. The guest may not create them (absolute or `..` targets: docs/WASI.md)...
  CHECK_ERRNO(__wasi_path_symlink("../outside.txt", SANDBOX_FD, "out2"), __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_symlink("..", SANDBOX_FD, "up2"), __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_symlink("../../..", SANDBOX_FD, "d/upup"), __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_symlink("x/../..", SANDBOX_FD, "d/upup"), __WASI_ERRNO_NOTCAPABLE);
  // ... and those the host left there (the runner made out -> ../outside.txt, up -> ..,
  // deep/upup -> ../../..) are never followed out.
  OpenFails("out", FOLLOW, __WASI_ERRNO_NOTCAPABLE);
  OpenFails("out", 0, __WASI_ERRNO_LOOP);
  OpenFails("up/outside.txt", FOLLOW, __WASI_ERRNO_NOTCAPABLE);
  OpenFails("up/outside.txt", 0, __WASI_ERRNO_NOTCAPABLE);  // intermediate links always resolve
  OpenFails("deep/upup/etc/passwd", FOLLOW, __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_symlink("/etc/passwd", SANDBOX_FD, "abs"), __WASI_ERRNO_NOTCAPABLE);
  __wasi_filestat_t st;
  CHECK_ERRNO(__wasi_path_filestat_get(SANDBOX_FD, FOLLOW, "out", &st), __WASI_ERRNO_NOTCAPABLE);
  CHECK_OK(__wasi_path_filestat_get(SANDBOX_FD, 0, "out", &st));  // the link itself is fine

  // Symlink loops.
  CHECK_OK(__wasi_path_symlink("loop2", SANDBOX_FD, "loop1"));
  CHECK_OK(__wasi_path_symlink("loop1", SANDBOX_FD, "loop2"));
  CHECK_OK(__wasi_path_symlink("self/x", SANDBOX_FD, "self"));
  OpenFails("loop1", FOLLOW, __WASI_ERRNO_LOOP);
  OpenFails("loop1/x", 0, __WASI_ERRNO_LOOP);
  OpenFails("self", FOLLOW, __WASI_ERRNO_LOOP);

  // Hard links, renames, unlinks, mkdir, rmdir out of the sandbox.
  CHECK_OK(__wasi_fd_close(MustOpen(SANDBOX_FD, "mine", __WASI_OFLAGS_CREAT, 0)));
  CHECK_ERRNO(__wasi_path_link(SANDBOX_FD, 0, "mine", SANDBOX_FD, "../stolen"),
              __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_link(SANDBOX_FD, 0, "../outside.txt", SANDBOX_FD, "in"),
              __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_link(SANDBOX_FD, FOLLOW, "out", SANDBOX_FD, "in"),
              __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_rename(SANDBOX_FD, "mine", SANDBOX_FD, "up/stolen"),
              __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_rename(SANDBOX_FD, "../outside.txt", SANDBOX_FD, "in"),
              __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_unlink_file(SANDBOX_FD, "../outside.txt"), __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_unlink_file(SANDBOX_FD, "up/outside.txt"), __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_create_directory(SANDBOX_FD, "../newdir"), __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_remove_directory(SANDBOX_FD, "up/.."), __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_filestat_set_times(SANDBOX_FD, 0, "../outside.txt", 0, 0,
                                             __WASI_FSTFLAGS_MTIM_NOW),
              __WASI_ERRNO_NOTCAPABLE);
  uint8_t buf[16];
  __wasi_size_t n;
  CHECK_ERRNO(__wasi_path_readlink(SANDBOX_FD, "up/x", buf, sizeof(buf), &n),
              __WASI_ERRNO_NOTCAPABLE);

  // Out-of-bounds pointers and lengths: EFAULT, never a crash or trap.
  __wasi_fd_t fd = MustOpen(SANDBOX_FD, "mine", 0, ALL_RIGHTS);
  __wasi_iovec_t bad = {(uint8_t*)0xfffffff0, 100};
  CHECK_ERRNO(__wasi_fd_read(fd, &bad, 1, &n), __WASI_ERRNO_FAULT);
  CHECK_ERRNO(__wasi_fd_write(1, (const __wasi_ciovec_t*)&bad, 1, &n), __WASI_ERRNO_FAULT);
  CHECK_ERRNO(__wasi_fd_read(fd, (__wasi_iovec_t*)0xfffffffc, 1, &n), __WASI_ERRNO_FAULT);
  CHECK_ERRNO(__wasi_fd_read(fd, (__wasi_iovec_t*)16, 0x7fffffff, &n), __WASI_ERRNO_INVAL);
  __wasi_iovec_t ok = {buf, sizeof(buf)};
  CHECK_ERRNO(__wasi_fd_read(fd, &ok, 1, (__wasi_size_t*)0xfffffffe), __WASI_ERRNO_FAULT);
  CHECK_ERRNO(__wasi_random_get((uint8_t*)0xffffff00, 0x1000), __WASI_ERRNO_FAULT);
  CHECK_ERRNO(__wasi_fd_readdir(SANDBOX_FD, (uint8_t*)0xfffff000, 0x10000, 0, &n),
              __WASI_ERRNO_FAULT);
  // Raw import: a path pointer past the end of memory, a huge path length.
  __wasi_fd_t nfd;
  CHECK_ERRNO(RawPathOpen(SANDBOX_FD, 0, 0xffffff00, 16, 0, 0, 0, 0, (int32_t)(intptr_t)&nfd),
              __WASI_ERRNO_FAULT);
  CHECK_ERRNO(RawPathOpen(SANDBOX_FD, 0, 16, 0x7fffffff, 0, 0, 0, 0, (int32_t)(intptr_t)&nfd),
              __WASI_ERRNO_NAMETOOLONG);
  CHECK_ERRNO(RawPathOpen(SANDBOX_FD, 0, (int32_t)(intptr_t) "mine", 4, 0, 0, 0, 0, 0xfffffffe),
              __WASI_ERRNO_FAULT);
  CHECK_ERRNO(__wasi_fd_filestat_get(fd, (__wasi_filestat_t*)0xffffffc0), __WASI_ERRNO_FAULT);

  // Bad descriptors and missing rights.
  CHECK_ERRNO(__wasi_fd_close(1000), __WASI_ERRNO_BADF);
  CHECK_ERRNO(__wasi_fd_read(0x7fffffff, &ok, 1, &n), __WASI_ERRNO_BADF);
  CHECK_ERRNO(__wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_WRITE, 0), __WASI_ERRNO_SUCCESS);
  CHECK_ERRNO(__wasi_fd_read(fd, &ok, 1, &n), __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_open(fd, 0, "x", 0, 0, 0, 0, &nfd), __WASI_ERRNO_NOTDIR);
  __wasi_fd_t dir = MustOpen(SANDBOX_FD, "d", __WASI_OFLAGS_DIRECTORY,
                             __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READ);
  CHECK_ERRNO(__wasi_path_create_directory(dir, "x"), __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_open(dir, 0, "new", __WASI_OFLAGS_CREAT, 0, 0, 0, &nfd),
              __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_path_unlink_file(dir, "upup"), __WASI_ERRNO_NOTCAPABLE);
  printf("sandbox_escape ok\n");
  return 0;
}
