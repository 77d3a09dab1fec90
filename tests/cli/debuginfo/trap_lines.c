// A program that traps three calls deep (integer division by zero: argc is 1). The CLI tests
// check that each frame of the backtrace names the line marked for it here, from the DWARF
// that `clang -g` writes: the markers, not line numbers, are what the tests know.
#include <stdio.h>

__attribute__((noinline)) int divide(int a, int b) {
  return a / b;  // @trap
}

__attribute__((noinline)) int middle(int x, int y) {
  int q = divide(x, y);  // @call-divide
  return q + 1;
}

int main(int argc, char** argv) {
  (void)argv;
  int r = middle(10, argc - 1);  // @call-middle
  printf("%d\n", r);
  return 0;
}
