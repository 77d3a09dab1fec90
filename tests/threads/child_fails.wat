;; wasi-threads: a child thread traps (arg 0) or calls proc_exit(7) (arg 1) while the main
;; thread waits forever: either ends the whole process (134 after the trap's report; 7).
;;   wasmrun --invoke run child_fails.wat 0|1
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func $boom (unreachable))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (if (local.get $arg) (then (call $exit (i32.const 7))) (else (call $boom))))
  (func (export "run") (param $what i32) (result i32)
    (drop (call $spawn (local.get $what)))
    (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1))))
