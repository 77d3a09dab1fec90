// fd_*: read/write/seek/tell/pread/pwrite, stat, sizes, times, flags, rights, renumber.
#include "wasi_check.h"

int main(void) {
  __wasi_fd_t fd =
      MustOpen(SANDBOX_FD, "data.bin", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, ALL_RIGHTS);
  const char msg[] = "hello, wasi";
  __wasi_ciovec_t out[2] = {{(const uint8_t*)msg, 7}, {(const uint8_t*)msg + 7, 4}};
  __wasi_size_t n;
  CHECK_OK(__wasi_fd_write(fd, out, 2, &n));
  CHECK(n == 11);
  __wasi_filesize_t pos;
  CHECK_OK(__wasi_fd_tell(fd, &pos));
  CHECK(pos == 11);
  CHECK_OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  char buf[32] = {0};
  __wasi_iovec_t in = {(uint8_t*)buf, sizeof(buf)};
  CHECK_OK(__wasi_fd_read(fd, &in, 1, &n));
  CHECK(n == 11 && memcmp(buf, msg, 11) == 0);
  CHECK_OK(__wasi_fd_pread(fd, &in, 1, 7, &n));
  CHECK(n == 4 && memcmp(buf, "wasi", 4) == 0);
  __wasi_ciovec_t patch = {(const uint8_t*)"J", 1};
  CHECK_OK(__wasi_fd_pwrite(fd, &patch, 1, 0, &n));
  CHECK_OK(__wasi_fd_tell(fd, &pos));
  CHECK(pos == 11);  // pread/pwrite leave the offset alone
  CHECK_ERRNO(__wasi_fd_seek(fd, 0, 9, &pos), __WASI_ERRNO_INVAL);
  CHECK_ERRNO(__wasi_fd_seek(fd, -100, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_INVAL);

  __wasi_filestat_t st;
  CHECK_OK(__wasi_fd_filestat_get(fd, &st));
  CHECK(st.filetype == __WASI_FILETYPE_REGULAR_FILE && st.size == 11 && st.nlink == 1);
  CHECK_OK(__wasi_fd_filestat_set_size(fd, 100));
  CHECK_OK(__wasi_fd_filestat_get(fd, &st));
  CHECK(st.size == 100);
  CHECK_OK(__wasi_fd_filestat_set_times(fd, 1000000000ull, 2000000000ull,
                                        __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  CHECK_OK(__wasi_fd_filestat_get(fd, &st));
  CHECK(st.atim == 1000000000ull && st.mtim == 2000000000ull);
  CHECK_ERRNO(
      __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW),
      __WASI_ERRNO_INVAL);
  CHECK_OK(__wasi_fd_allocate(fd, 0, 200));
  CHECK_OK(__wasi_fd_advise(fd, 0, 10, __WASI_ADVICE_SEQUENTIAL));
  CHECK_ERRNO(__wasi_fd_advise(fd, 0, 10, 77), __WASI_ERRNO_INVAL);
  CHECK_OK(__wasi_fd_sync(fd));
  CHECK_OK(__wasi_fd_datasync(fd));

  // Append mode via fdstat flags.
  __wasi_fdstat_t fs;
  CHECK_OK(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
  CHECK_OK(__wasi_fd_fdstat_get(fd, &fs));
  CHECK(fs.fs_filetype == __WASI_FILETYPE_REGULAR_FILE && fs.fs_flags == __WASI_FDFLAGS_APPEND);
  CHECK_OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  CHECK_OK(__wasi_fd_write(fd, &patch, 1, &n));
  CHECK_OK(__wasi_fd_filestat_get(fd, &st));
  CHECK(st.size == 201);
  CHECK_ERRNO(__wasi_fd_fdstat_set_flags(fd, 0x100), __WASI_ERRNO_INVAL);

  // Rights only shrink, and are enforced.
  CHECK_OK(__wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_READ, 0));
  CHECK_ERRNO(__wasi_fd_write(fd, &patch, 1, &n), __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_fd_fdstat_set_rights(fd, ALL_RIGHTS, 0), __WASI_ERRNO_NOTCAPABLE);

  // Renumber and close.
  __wasi_fd_t other = MustOpen(SANDBOX_FD, "data.bin", 0, __WASI_RIGHTS_FD_READ);
  CHECK_OK(__wasi_fd_renumber(fd, other));
  CHECK_ERRNO(__wasi_fd_close(fd), __WASI_ERRNO_BADF);
  CHECK_OK(__wasi_fd_fdstat_get(other, &fs));
  CHECK(fs.fs_rights_base == __WASI_RIGHTS_FD_READ);
  CHECK_OK(__wasi_fd_close(other));
  CHECK_ERRNO(__wasi_fd_renumber(other, SANDBOX_FD), __WASI_ERRNO_BADF);

  // Preopen information.
  __wasi_prestat_t pre;
  CHECK_OK(__wasi_fd_prestat_get(SANDBOX_FD, &pre));
  CHECK(pre.tag == __WASI_PREOPENTYPE_DIR && pre.u.dir.pr_name_len == 1);
  char name[4];
  CHECK_OK(__wasi_fd_prestat_dir_name(SANDBOX_FD, (uint8_t*)name, 1));
  CHECK(name[0] == '/');
  CHECK_ERRNO(__wasi_fd_prestat_get(1, &pre), __WASI_ERRNO_BADF);

  // Directories cannot be read or seeked.
  CHECK_ERRNO(__wasi_fd_read(SANDBOX_FD, &in, 1, &n), __WASI_ERRNO_NOTCAPABLE);
  CHECK_ERRNO(__wasi_fd_seek(SANDBOX_FD, 0, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_NOTCAPABLE);

  // stdout works and is not seekable as a file would be.
  __wasi_ciovec_t line = {(const uint8_t*)"fd_ops ok\n", 10};
  CHECK_OK(__wasi_fd_write(1, &line, 1, &n));
  return 0;
}
