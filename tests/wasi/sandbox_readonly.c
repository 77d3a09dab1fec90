// The sandbox read-only: the runner preopens root/ with ":ro" after putting file.txt
// ("original") and sub/inner.txt ("inner") in it. Every call that would modify anything beneath
// it must fail with EPERM (wasmtime's errno for its read-only DirPerms/FilePerms), reading must
// still work, and the runner checks afterwards that the host files are unchanged.
#include "wasi_check.h"

#define PERM __WASI_ERRNO_PERM

int main(void) {
  // The preopen's rights say read-only.
  __wasi_fdstat_t st;
  CHECK_OK(__wasi_fd_fdstat_get(SANDBOX_FD, &st));
  const __wasi_rights_t modifying =
      __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE |
      __WASI_RIGHTS_FD_FILESTAT_SET_TIMES | __WASI_RIGHTS_PATH_CREATE_DIRECTORY |
      __WASI_RIGHTS_PATH_CREATE_FILE | __WASI_RIGHTS_PATH_LINK_SOURCE |
      __WASI_RIGHTS_PATH_LINK_TARGET | __WASI_RIGHTS_PATH_RENAME_SOURCE |
      __WASI_RIGHTS_PATH_RENAME_TARGET | __WASI_RIGHTS_PATH_FILESTAT_SET_SIZE |
      __WASI_RIGHTS_PATH_FILESTAT_SET_TIMES | __WASI_RIGHTS_PATH_SYMLINK |
      __WASI_RIGHTS_PATH_REMOVE_DIRECTORY | __WASI_RIGHTS_PATH_UNLINK_FILE;
  CHECK((st.fs_rights_base & modifying) == 0);
  CHECK((st.fs_rights_inheriting & modifying) == 0);

  // Every path mutation.
  CHECK_ERRNO(__wasi_path_create_directory(SANDBOX_FD, "newdir"), PERM);
  CHECK_ERRNO(__wasi_path_remove_directory(SANDBOX_FD, "sub"), PERM);
  CHECK_ERRNO(__wasi_path_unlink_file(SANDBOX_FD, "file.txt"), PERM);
  CHECK_ERRNO(__wasi_path_unlink_file(SANDBOX_FD, "sub/inner.txt"), PERM);
  CHECK_ERRNO(__wasi_path_rename(SANDBOX_FD, "file.txt", SANDBOX_FD, "renamed"), PERM);
  CHECK_ERRNO(__wasi_path_link(SANDBOX_FD, 0, "file.txt", SANDBOX_FD, "hardlink"), PERM);
  CHECK_ERRNO(__wasi_path_symlink("file.txt", SANDBOX_FD, "symlink"), PERM);
  CHECK_ERRNO(
      __wasi_path_filestat_set_times(SANDBOX_FD, 0, "file.txt", 0, 0, __WASI_FSTFLAGS_MTIM_NOW),
      PERM);
  CHECK_ERRNO(__wasi_fd_filestat_set_times(SANDBOX_FD, 0, 0, __WASI_FSTFLAGS_MTIM_NOW), PERM);
  __wasi_fd_t fd;
  __wasi_errno_t err;
  OpenAt(SANDBOX_FD, "new.txt", __WASI_OFLAGS_CREAT, ALL_RIGHTS, &err);
  CHECK_ERRNO(err, PERM);
  OpenAt(SANDBOX_FD, "file.txt", __WASI_OFLAGS_TRUNC, ALL_RIGHTS, &err);
  CHECK_ERRNO(err, PERM);
  OpenAt(SANDBOX_FD, "file.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, ALL_RIGHTS, &err);
  CHECK_ERRNO(err, PERM);

  // A file asked for with every right opens, read-only; every write through it fails.
  fd = MustOpen(SANDBOX_FD, "file.txt", 0, ALL_RIGHTS);
  CHECK_OK(__wasi_fd_fdstat_get(fd, &st));
  CHECK((st.fs_rights_base & modifying) == 0);
  const char x[] = "XXXX";
  __wasi_ciovec_t civ = {(const uint8_t*)x, 4};
  __wasi_size_t n;
  CHECK_ERRNO(__wasi_fd_write(fd, &civ, 1, &n), PERM);
  CHECK_ERRNO(__wasi_fd_pwrite(fd, &civ, 1, 0, &n), PERM);
  CHECK_ERRNO(__wasi_fd_allocate(fd, 0, 4096), PERM);
  CHECK_ERRNO(__wasi_fd_filestat_set_size(fd, 0), PERM);
  CHECK_ERRNO(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM_NOW), PERM);
  // Rights cannot be taken back.
  CHECK_ERRNO(__wasi_fd_fdstat_set_rights(fd, ALL_RIGHTS, 0), __WASI_ERRNO_NOTCAPABLE);

  // Reading still works.
  char buf[16] = {0};
  __wasi_iovec_t iov = {(uint8_t*)buf, sizeof(buf)};
  CHECK_OK(__wasi_fd_read(fd, &iov, 1, &n));
  CHECK(n == 8 && memcmp(buf, "original", 8) == 0);
  CHECK_OK(__wasi_fd_close(fd));
  __wasi_fd_t sub =
      MustOpen(SANDBOX_FD, "sub", __WASI_OFLAGS_DIRECTORY, ALL_RIGHTS & ~__WASI_RIGHTS_FD_WRITE);
  CHECK_ERRNO(__wasi_path_unlink_file(sub, "inner.txt"), PERM);
  OpenAt(sub, "more.txt", __WASI_OFLAGS_CREAT, ALL_RIGHTS, &err);
  CHECK_ERRNO(err, PERM);
  fd = MustOpen(sub, "inner.txt", 0, __WASI_RIGHTS_FD_READ);
  CHECK_OK(__wasi_fd_read(fd, &iov, 1, &n));
  CHECK(n == 5 && memcmp(buf, "inner", 5) == 0);
  __wasi_filestat_t fst;
  CHECK_OK(__wasi_path_filestat_get(SANDBOX_FD, 0, "sub/inner.txt", &fst));
  CHECK(fst.size == 5);
  uint8_t dirbuf[256];
  CHECK_OK(__wasi_fd_readdir(SANDBOX_FD, dirbuf, sizeof(dirbuf), 0, &n));
  CHECK(n > 0);

  // libc: fopen for writing fails, for reading works.
  CHECK(fopen("/file.txt", "w") == NULL);
  CHECK(fopen("/file.txt", "a") == NULL);
  FILE* f = fopen("/file.txt", "r");
  CHECK(f != NULL && fgets(buf, sizeof(buf), f) != NULL && strcmp(buf, "original") == 0);
  fclose(f);
  printf("sandbox_readonly ok\n");
  return 0;
}
