// wasi_copy: copies the file argv[1] to argv[2] with plain stdio, which wasi-libc turns into
// WASI preview1 calls (path_open beneath a preopened directory, fd_read, fd_write). Build:
//   clang --target=wasm32-wasi --sysroot=/usr -O2 wasi_copy.c -o wasi_copy.wasm
// Run (scripts/quickstart does this):
//   wasmrun wasi_copy.wasm --dir=./data -- data/input.txt data/output.txt
#include <stdio.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: wasi_copy FROM TO\n");
    return 2;
  }
  FILE* in = fopen(argv[1], "rb");
  if (!in) {
    perror(argv[1]);
    return 1;
  }
  FILE* out = fopen(argv[2], "wb");
  if (!out) {
    perror(argv[2]);
    fclose(in);
    return 1;
  }
  char buf[4096];
  size_t n;
  long total = 0;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
    if (fwrite(buf, 1, n, out) != n) {
      perror(argv[2]);
      return 1;
    }
    total += (long)n;
  }
  int failed = ferror(in) != 0;
  fclose(in);
  if (fclose(out) != 0) failed = 1;
  if (failed) {
    fprintf(stderr, "wasi_copy: I/O error\n");
    return 1;
  }
  printf("copied %ld bytes from %s to %s\n", total, argv[1], argv[2]);
  return 0;
}
