// hello: start-up. The whole run is process start, module load, validation, instantiation,
// WASI set-up and one write; the size argument is ignored.
#include <stdio.h>

int main(void) {
  printf("hello, world\n");
  return 0;
}
