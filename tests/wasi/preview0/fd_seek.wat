;; wasi_unstable fd_seek: whence numbers cur = 0, end = 1, set = 2 (preview1: set = 0, cur = 1,
;; end = 2). data.txt holds "0123456789". Exits 0 when every offset and byte is what preview 0
;; says, else the number of the first failed check.
(module
  (import "wasi_unstable" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_seek" (func $seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "data.txt")
  (func $check (param $ok i32) (param $code i32)
    (if (i32.eqz (local.get $ok)) (then (call $exit (local.get $code)))))
  (func $fd (result i32) (i32.load (i32.const 100)))
  (func $pos (result i64) (i64.load (i32.const 200)))
  (func (export "_start")
    ;; rights: fd_read | fd_seek | fd_tell | fd_filestat_get
    (call $check (i32.eqz (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 8)
      (i32.const 0) (i64.const 0x200026) (i64.const 0) (i32.const 0) (i32.const 100))) (i32.const 1))
    (call $check (i32.eqz (call $seek (call $fd) (i64.const 3) (i32.const 2) (i32.const 200)))
      (i32.const 2))  ;; 2 = set
    (call $check (i64.eq (call $pos) (i64.const 3)) (i32.const 3))
    (call $check (i32.eqz (call $seek (call $fd) (i64.const 2) (i32.const 0) (i32.const 200)))
      (i32.const 4))  ;; 0 = cur
    (call $check (i64.eq (call $pos) (i64.const 5)) (i32.const 5))
    (call $check (i32.eqz (call $seek (call $fd) (i64.const -1) (i32.const 1) (i32.const 200)))
      (i32.const 6))  ;; 1 = end
    (call $check (i64.eq (call $pos) (i64.const 9)) (i32.const 7))
    (i32.store (i32.const 300) (i32.const 400))
    (i32.store (i32.const 304) (i32.const 1))
    (call $check (i32.eqz (call $read (call $fd) (i32.const 300) (i32.const 1) (i32.const 308)))
      (i32.const 8))
    (call $check (i32.eq (i32.load8_u (i32.const 400)) (i32.const 0x39)) (i32.const 9))  ;; '9'
    ;; 3 is no whence in either version: EINVAL (28)
    (call $check (i32.eq (call $seek (call $fd) (i64.const 0) (i32.const 3) (i32.const 200))
      (i32.const 28)) (i32.const 10))
    (call $exit (i32.const 0))))
