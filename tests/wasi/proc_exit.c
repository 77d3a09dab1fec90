// proc_exit: the guest's status becomes the process's; output written before it survives.
#include "wasi_check.h"

int main(void) {
  printf("before exit\n");
  fflush(stdout);
  __wasi_proc_exit(42);
}
