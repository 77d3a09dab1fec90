// args_*, environ_*: exactly what the command line granted, nothing of the host.
#include "wasi_check.h"

extern char** environ;

int main(int argc, char** argv) {
  CHECK(argc == 3);
  CHECK(strcmp(argv[1], "one") == 0);
  CHECK(strcmp(argv[2], "two words") == 0);
  CHECK(strcmp(getenv("WR_TEST_VAR"), "a=b") == 0);
  int n = 0;
  for (char** e = environ; *e; ++e) ++n;
  CHECK(n == 1);  // the host's PATH, HOME, ... are not visible
  __wasi_size_t count, size;
  CHECK_OK(__wasi_args_sizes_get(&count, &size));
  CHECK(count == 3);
  CHECK_OK(__wasi_environ_sizes_get(&count, &size));
  CHECK(count == 1 && size == strlen("WR_TEST_VAR=a=b") + 1);
  // Out-of-bounds output pointers are EFAULT, not a crash.
  CHECK_ERRNO(__wasi_args_sizes_get((__wasi_size_t*)0xfffffffc, &size), __WASI_ERRNO_FAULT);
  CHECK_ERRNO(__wasi_environ_get((uint8_t**)0xfffffff0, (uint8_t*)16), __WASI_ERRNO_FAULT);
  printf("args_env ok\n");
  return 0;
}
