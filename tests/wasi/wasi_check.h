// Tiny assertion helpers for the project's WASI test programs (compiled to wasm32-wasi).
// They call the preview1 imports directly (<wasi/api.h>) so that exact errnos are checked,
// not libc's translations. A failed check prints where and exits with status 1.
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

// Expects `call` (returning __wasi_errno_t) to give exactly `expected`.
#define CHECK_ERRNO(call, expected)                                                             \
  do {                                                                                          \
    __wasi_errno_t e_ = (call);                                                                 \
    if (e_ != (expected)) {                                                                     \
      fprintf(stderr, "%s:%d: %s: errno %d, expected %d\n", __FILE__, __LINE__, #call, (int)e_, \
              (int)(expected));                                                                 \
      exit(1);                                                                                  \
    }                                                                                           \
  } while (0)

#define CHECK_OK(call) CHECK_ERRNO(call, __WASI_ERRNO_SUCCESS)

// The preopened sandbox directory: the runner grants exactly one, as "/".
#define SANDBOX_FD 3

static inline __wasi_fd_t OpenAt(__wasi_fd_t dir, const char* path, __wasi_oflags_t oflags,
                                 __wasi_rights_t rights, __wasi_errno_t* err) {
  __wasi_fd_t fd = (__wasi_fd_t)-1;
  *err = __wasi_path_open(dir, 0, path, oflags, rights, rights, 0, &fd);
  return fd;
}

static inline __wasi_fd_t MustOpen(__wasi_fd_t dir, const char* path, __wasi_oflags_t oflags,
                                   __wasi_rights_t rights) {
  __wasi_errno_t err;
  __wasi_fd_t fd = OpenAt(dir, path, oflags, rights, &err);
  if (err != 0) {
    fprintf(stderr, "open %s: errno %d\n", path, (int)err);
    exit(1);
  }
  return fd;
}

#define ALL_RIGHTS ((__wasi_rights_t)0x3fffffff)
