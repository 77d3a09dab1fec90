;; --dir tests: prints the name of the preopen at fd 3 and a newline, then exits with the errno
;; of path_create_directory(3, "probe") (0 when it could be made, 63 EPERM when read-only).
(module
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name"
    (func $name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory"
    (func $mkdir (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 32) "probe")
  (func (export "_start")
    (local $len i32)
    (if (call $prestat (i32.const 3) (i32.const 0)) (then (call $exit (i32.const 100))))
    (local.set $len (i32.load (i32.const 4)))
    (if (i32.gt_u (local.get $len) (i32.const 900)) (then (call $exit (i32.const 101))))
    (drop (call $name (i32.const 3) (i32.const 100) (local.get $len)))
    (i32.store8 (i32.add (i32.const 100) (local.get $len)) (i32.const 10))
    (i32.store (i32.const 8) (i32.const 100))
    (i32.store (i32.const 12) (i32.add (local.get $len) (i32.const 1)))
    (drop (call $write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))
    (call $exit (call $mkdir (i32.const 3) (i32.const 32) (i32.const 5)))))
