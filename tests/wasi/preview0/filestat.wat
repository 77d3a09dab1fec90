;; wasi_unstable fd_filestat_get and path_filestat_get: linkcount is a u32, so filestat is 56
;; bytes: dev 0, ino 8, filetype 16, nlink 20 (u32), size 24, atim 32, mtim 40, ctim 48
;; (preview1: nlink is a u64 at 24, size at 32, 64 bytes). data.txt holds 10 bytes, sub/ is a
;; directory. Exits 0 when the guest sees preview 0's layout, else the failed check's number.
(module
  (import "wasi_unstable" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_filestat_get" (func $fstat (param i32 i32) (result i32)))
  (import "wasi_unstable" "path_filestat_get"
    (func $pstat (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "data.txt")
  (data (i32.const 16) "sub")
  (func $check (param $ok i32) (param $code i32)
    (if (i32.eqz (local.get $ok)) (then (call $exit (local.get $code)))))
  ;; Fills [500, 580) with 0xAA, so that bytes past the 56 can be seen untouched.
  (func $fill (memory.fill (i32.const 500) (i32.const 0xAA) (i32.const 80)))
  ;; The checks of a regular 10-byte file with one link, in the filestat at 500; `base` numbers them.
  (func $file (param $base i32)
    (call $check (i32.eq (i32.load8_u (i32.const 516)) (i32.const 4)) (local.get $base))
    (call $check (i32.eq (i32.load (i32.const 520)) (i32.const 1))
      (i32.add (local.get $base) (i32.const 1)))
    (call $check (i64.eq (i64.load (i32.const 524)) (i64.const 10))
      (i32.add (local.get $base) (i32.const 2)))
    (call $check (i32.eq (i32.load (i32.const 556)) (i32.const 0xAAAAAAAA))
      (i32.add (local.get $base) (i32.const 3))))
  (func (export "_start")
    (call $check (i32.eqz (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 8)
      (i32.const 0) (i64.const 0x200026) (i64.const 0) (i32.const 0) (i32.const 100))) (i32.const 1))
    (call $fill)
    (call $check (i32.eqz (call $fstat (i32.load (i32.const 100)) (i32.const 500))) (i32.const 2))
    (call $file (i32.const 10))
    (call $fill)
    (call $check (i32.eqz (call $pstat (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 8)
      (i32.const 500))) (i32.const 3))
    (call $file (i32.const 20))
    (call $fill)
    (call $check (i32.eqz (call $pstat (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 3)
      (i32.const 500))) (i32.const 4))
    (call $check (i32.eq (i32.load8_u (i32.const 516)) (i32.const 3)) (i32.const 30))
    (call $check (i32.eq (i32.load (i32.const 556)) (i32.const 0xAAAAAAAA)) (i32.const 31))
    ;; The bound is 56 bytes: a filestat ending at the last byte of memory is fine.
    (call $check (i32.eqz (call $pstat (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 8)
      (i32.const 65480))) (i32.const 32))
    (call $check (i32.eq (i32.load (i32.const 65500)) (i32.const 1)) (i32.const 33))
    (call $exit (i32.const 0))))
