// path_*: directories, links, symlinks, renames, stat, readdir, trailing slashes.
#include "wasi_check.h"

static int ListContains(__wasi_fd_t dir, const char* want) {
  uint8_t buf[4096];
  __wasi_size_t used;
  CHECK_OK(__wasi_fd_readdir(dir, buf, sizeof(buf), 0, &used));
  for (__wasi_size_t off = 0; off + sizeof(__wasi_dirent_t) <= used;) {
    __wasi_dirent_t d;
    memcpy(&d, buf + off, sizeof(d));
    const char* name = (const char*)buf + off + sizeof(d);
    if (d.d_namlen == strlen(want) && memcmp(name, want, d.d_namlen) == 0) return 1;
    off += sizeof(d) + d.d_namlen;
  }
  return 0;
}

int main(void) {
  __wasi_fd_t root = SANDBOX_FD;
  CHECK_OK(__wasi_path_create_directory(root, "dir"));
  CHECK_ERRNO(__wasi_path_create_directory(root, "dir"), __WASI_ERRNO_EXIST);
  CHECK_OK(__wasi_path_create_directory(root, "dir/sub/"));
  __wasi_fd_t f = MustOpen(root, "dir/file", __WASI_OFLAGS_CREAT, ALL_RIGHTS);
  CHECK_OK(__wasi_fd_close(f));
  __wasi_errno_t err;
  OpenAt(root, "dir/file", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, ALL_RIGHTS, &err);
  CHECK(err == __WASI_ERRNO_EXIST);
  OpenAt(root, "dir/missing", 0, ALL_RIGHTS, &err);
  CHECK(err == __WASI_ERRNO_NOENT);
  OpenAt(root, "dir/file/", 0, __WASI_RIGHTS_FD_READ, &err);
  CHECK(err == __WASI_ERRNO_NOTDIR);
  OpenAt(root, "dir/file", __WASI_OFLAGS_DIRECTORY, 0, &err);
  CHECK(err == __WASI_ERRNO_NOTDIR);

  __wasi_filestat_t st;
  CHECK_OK(__wasi_path_filestat_get(root, 0, "dir", &st));
  CHECK(st.filetype == __WASI_FILETYPE_DIRECTORY);
  CHECK_OK(
      __wasi_path_filestat_set_times(root, 0, "dir/file", 5000000000ull, 0, __WASI_FSTFLAGS_ATIM));
  CHECK_OK(__wasi_path_filestat_get(root, 0, "dir/file", &st));
  CHECK(st.filetype == __WASI_FILETYPE_REGULAR_FILE && st.atim == 5000000000ull);

  // Hard link: same inode, two links.
  CHECK_OK(__wasi_path_link(root, 0, "dir/file", root, "hard"));
  __wasi_filestat_t st2;
  CHECK_OK(__wasi_path_filestat_get(root, 0, "hard", &st2));
  CHECK(st2.ino == st.ino && st2.dev == st.dev && st2.nlink == 2);
  CHECK_ERRNO(__wasi_path_link(root, 0, "dir", root, "dirlink"), __WASI_ERRNO_PERM);

  // Symlinks: created, read back, followed only on request.
  CHECK_OK(__wasi_path_symlink("dir/file", root, "sym"));
  char target[64];
  __wasi_size_t used;
  CHECK_OK(__wasi_path_readlink(root, "sym", (uint8_t*)target, sizeof(target), &used));
  CHECK(used == 8 && memcmp(target, "dir/file", 8) == 0);
  CHECK_ERRNO(__wasi_path_readlink(root, "dir/file", (uint8_t*)target, sizeof(target), &used),
              __WASI_ERRNO_INVAL);
  CHECK_OK(__wasi_path_filestat_get(root, 0, "sym", &st2));
  CHECK(st2.filetype == __WASI_FILETYPE_SYMBOLIC_LINK && st2.size == 8);
  CHECK_OK(__wasi_path_filestat_get(root, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "sym", &st2));
  CHECK(st2.ino == st.ino);
  CHECK_ERRNO(__wasi_path_symlink("x", root, "sym"), __WASI_ERRNO_EXIST);

  // Rename, readdir.
  CHECK_OK(__wasi_path_rename(root, "hard", root, "dir/sub/moved"));
  __wasi_fd_t sub =
      MustOpen(root, "dir/sub", __WASI_OFLAGS_DIRECTORY, ALL_RIGHTS & ~__WASI_RIGHTS_FD_WRITE);
  CHECK(ListContains(sub, "moved"));
  CHECK(ListContains(sub, "."));
  CHECK(ListContains(sub, ".."));
  CHECK(!ListContains(sub, "hard"));
  CHECK_ERRNO(__wasi_fd_readdir(1000, (uint8_t*)target, 8, 0, &used), __WASI_ERRNO_BADF);
  CHECK_ERRNO(__wasi_fd_readdir(1, (uint8_t*)target, 8, 0, &used), __WASI_ERRNO_NOTCAPABLE);

  // Removal, with the errnos POSIX gives.
  CHECK_ERRNO(__wasi_path_remove_directory(root, "dir"), __WASI_ERRNO_NOTEMPTY);
  CHECK_ERRNO(__wasi_path_unlink_file(root, "dir"), __WASI_ERRNO_ISDIR);
  CHECK_ERRNO(__wasi_path_unlink_file(root, "dir/file/"), __WASI_ERRNO_NOTDIR);
  CHECK_ERRNO(__wasi_path_remove_directory(root, "dir/file"), __WASI_ERRNO_NOTDIR);
  CHECK_OK(__wasi_path_unlink_file(sub, "moved"));
  CHECK_OK(__wasi_fd_close(sub));
  CHECK_OK(__wasi_path_unlink_file(root, "sym"));
  CHECK_OK(__wasi_path_unlink_file(root, "dir/file"));
  CHECK_OK(__wasi_path_remove_directory(root, "dir/sub/"));
  CHECK_OK(__wasi_path_remove_directory(root, "dir"));
  CHECK_ERRNO(__wasi_path_filestat_get(root, 0, "dir", &st), __WASI_ERRNO_NOENT);
  printf("path_ops ok\n");
  return 0;
}
