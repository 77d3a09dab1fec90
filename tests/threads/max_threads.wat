;; wasi-threads: with --max-threads 2, two spawns give distinct positive ids and the third,
;; while both still run, fails with a negative code (-6, EAGAIN), which `run` returns
;; (1000 if the first two were wrong).
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1))))
  (func (export "run") (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (call $spawn (i32.const 0)))
    (local.set $b (call $spawn (i32.const 0)))
    (if (i32.or (i32.or (i32.lt_s (local.get $a) (i32.const 1)) (i32.lt_s (local.get $b) (i32.const 1)))
                (i32.eq (local.get $a) (local.get $b)))
      (then (return (i32.const 1000))))
    (call $spawn (i32.const 0))))
